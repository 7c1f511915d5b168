"""Roster import (issue 13): a 20,000-person national-layout roster — preview (read + check + compare) and
write — next to a bare ``openpyxl.load_workbook(read_only=True)`` read of the same file, in the same run.
Goal: preview + write ≤ 2 × the bare read. Run by hand; prints figures (docs/benchmarks.md, "Roster import").

    python benchmarks/bench_import.py [--persons 20000] [--repeat 3] [--folder /tmp/pjdesk-bench-import]

Each repeat imports into a fresh copy of an empty 虹桥镇 database (the villages of the plan), then times a
second preview of the same file (0 new / 0 changed: nothing is written)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def bare_read(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--folder", default="/tmp/pjdesk-bench-import")
    ap.add_argument("--cpu", action="store_true", help="time with process_time (a machine shared with other work)")
    args = ap.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)

    from db import open_database
    from pjdesk import seed
    from pjdesk.registry.township import init_township
    from pjdesk.roster.apply import import_roster, preview
    from tests.conftest import log_in_test_admin
    from tests.roster.builders import person_rows, write_roster

    villages = [name for name, _poor in seed.villages_of("虹桥镇")]
    rows = person_rows(args.persons // 3 + 1, villages)[: args.persons]
    rows = [r for r in rows if r["户编号"] != rows[-1]["户编号"]] if len(rows) == args.persons else rows
    roster = folder / f"roster-{len(rows)}.xlsx"
    if not roster.exists():
        t = time.perf_counter()
        write_roster(roster, rows)
        print(f"wrote {roster.name}: {len(rows)} persons, {roster.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t:.1f} s")
    template = folder / "empty.db"
    if not template.exists():
        d = open_database(template)
        log_in_test_admin(d)
        init_township(d, "虹桥镇")
        d.close()
    import pjdesk.pinyin as _p  # warm the imports (pypinyin, openpyxl) outside the timings
    _p.name_keys("张三")
    bare_read(roster)

    clock = time.process_time if args.cpu else time.perf_counter
    reads, previews, writes, again = [], [], [], []
    for i in range(args.repeat):
        target = folder / f"run{i}.db"
        for extra in ("", "-wal", "-shm"):
            Path(str(target) + extra).unlink(missing_ok=True)
        shutil.copy(template, target)
        d = open_database(target)
        log_in_test_admin(d)
        t = clock()
        bare_read(roster)
        reads.append(clock() - t)
        t = clock()
        plan = preview(d, roster)
        previews.append(clock() - t)
        assert plan.ok, plan.problems[:5]
        t = clock()
        result = import_roster(d, plan, actor="bench")
        writes.append(clock() - t)
        t = clock()
        second = preview(d, roster)
        again.append(clock() - t)
        assert not second.writes
        d.close()
        print(f"run {i + 1}: read {reads[-1]:.2f} s | preview {previews[-1]:.2f} s | write {writes[-1]:.2f} s "
              f"({result.households_new} households, {result.members_new} persons) | "
              f"ratio {(previews[-1] + writes[-1]) / reads[-1]:.2f} | second preview {again[-1]:.2f} s")
    med = statistics.median
    print(f"median: bare read {med(reads):.2f} s, preview {med(previews):.2f} s, write {med(writes):.2f} s, "
          f"preview+write {med(previews) + med(writes):.2f} s = {(med(previews) + med(writes)) / med(reads):.2f} × read "
          f"(goal ≤ 2); second preview {med(again):.2f} s")


if __name__ == "__main__":
    main()
