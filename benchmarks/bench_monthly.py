"""Monthly workbook (issue 12): the export of a 50,000-household file next to a bare openpyxl write-only
workbook of the same rows, in the same run. Goal: export ≤ 1.5 × bare.

    python benchmarks/bench_monthly.py [--households 50000] [--repeat 3] [--month 2026-11]

The demo file is built once and cached by bench_startup.demo_file (/tmp/pjdesk-bench/); it is copied
to a scratch folder first, so the cached file is never migrated or changed. The export is timed
without the data checks (``findings=[]``: they have their own benchmark, bench_checks.py) but with
everything else: the SQL reads, the value conversion, the checksum, the styles, the progress calls,
the temporary file and the rename. The bare workbook gets the rows already read into lists and
appends them as they are (no styles, no checksum, no widths): the floor openpyxl sets.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def bare_workbook(sheets: list[tuple[str, list[str], list[list]]], path: str) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(header)
        for row in rows:
            ws.append(row)
    wb.save(path)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--households", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--month", default="2026-11")
    args = ap.parse_args(argv)

    from bench_startup import demo_file

    from db import open_database
    from pjdesk.monthly import columns as C
    from pjdesk.monthly import queries as Q
    from pjdesk.monthly.export import build_book, export_monthly, parse_month

    scratch = tempfile.mkdtemp(prefix="pjdesk-bench-monthly-")
    try:
        path = os.path.join(scratch, "demo.db")
        shutil.copy(demo_file(args.households), path)
        db = open_database(path)
        month = parse_month(args.month)
        import datetime as dt
        now = dt.datetime.now().replace(microsecond=0)

        # The same rows the export writes, read once into lists for the bare workbook.
        book = build_book(db, month, today=now.date(), now=now, actor="", findings=[], blocking=[], reason="")
        sheets = [(s.title, [c.label for c in s.columns], [list(r) for r in s.rows]) for s in book.data_sheets]
        rows = sum(len(r) for _, _, r in sheets)
        cells = sum(len(r) * len(h) for _, h, r in sheets)

        exports, bares = [], []
        for i in range(args.repeat):  # alternated, so both see the same machine load
            out = os.path.join(scratch, f"bare-{i}.xlsx")
            t = time.perf_counter()
            bare_workbook(sheets, out)
            bares.append(time.perf_counter() - t)
            out = os.path.join(scratch, f"export-{i}.xlsx")
            ticks = []
            t = time.perf_counter()
            result = export_monthly(db, month, out, findings=[], now=now, progress=lambda d, n, s="": ticks.append(d))
            exports.append(time.perf_counter() - t)
            size = os.path.getsize(out)
        e, b = statistics.median(exports), statistics.median(bares)
        print(f"households: {args.households}, data rows: {rows} in {len(sheets)} sheets, cells: {cells}")
        print("rows per sheet: " + ", ".join(f"{k} {v}" for k, v in result.rows.items()))
        print(f"bare write-only workbook (rows in memory): median {b:.2f} s  runs {', '.join(f'{x:.2f}' for x in bares)}")
        print(f"export_monthly (SQL + write + checksum):    median {e:.2f} s  runs {', '.join(f'{x:.2f}' for x in exports)}")
        pairs = [x / y for x, y in zip(exports, bares)]
        print(f"ratio export / bare, per pair (run one after the other): {', '.join(f'{r:.2f}' for r in pairs)}; "
              f"of the medians: {e / b:.2f} (goal ≤ 1.5)")
        print(f"file {size / 1e6:.1f} MB; progress calls {len(ticks)}")
        t = time.perf_counter()
        Q.renovation_progress(db, month.last)
        Q.changes(db, month)
        print(f"progress sheet + change sheet queries: {time.perf_counter() - t:.2f} s")
        assert [t for t, _ in C.DATA_SHEETS] == [s[0] for s in sheets]
        db.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
