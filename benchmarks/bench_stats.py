"""统计 page (issue 15): every figure of ``pjdesk.stats.overview`` on the 50,000-household demo file, goal
≤ 300 ms for the aggregations and ≤ 500 ms to the painted page. Run by hand; prints figures.

    python benchmarks/bench_stats.py [--db /tmp/pjdesk-bench-stats-50k.db] [--households 50000] [--repeat 7]

Builds the demo file if missing (``pjdesk demo --households N``, a few minutes for 50,000). Then, in one
run, interleaved repeat by repeat so that other load on the machine weighs on each alike:
- **bare SQL**: the same SQL statements as ``overview`` (``pjdesk/stats/overview.py``), run with the
  standard ``sqlite3`` module on its own connection, rows fetched, nothing else;
- **overview**: ``overview(db)`` — the statements plus settings, targets, the cases' stage as of today and
  the dataclasses;
- **painted page**: the 统计 page (offscreen Qt, 1366×768 window) from ``refresh()`` — the job started on the
  thread pool — until the charts have the new figures and the page has been painted (``repaint()``).
Each figure is the median (and best) of ``--repeat`` runs, after one warm-up. Figures go into
docs/benchmarks.md ("统计 page").
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/pjdesk-bench-stats-50k.db")
    ap.add_argument("--households", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    path = Path(args.db)
    from demo_file import ensure_demo  # this folder (the script's own) is first on sys.path

    ensure_demo(path, args.households)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from db import open_database
    from pjdesk.stats import overview as ov
    from ui.app import make_app
    from ui.context import AppContext
    from ui.stats.page import StatsPage

    app = make_app([])
    db = open_database(path)
    con = sqlite3.connect(path)
    households, members = con.execute(
        "SELECT (SELECT count(*) FROM household), (SELECT count(*) FROM member WHERE left_on IS NULL)").fetchone()
    cases, changes = con.execute("SELECT (SELECT count(*) FROM case_file), (SELECT count(*) FROM status_change)").fetchone()
    print(f"file: {households:,} households, {members:,} current members, {cases:,} cases, {changes:,} status changes; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")

    statements = [ov.HOUSEHOLD_CUBE_SQL, ov.VILLAGES_SQL, ov.OTHER_CAUSE_SQL, ov.HELPER_LOAD_SQL, ov.CASES_SQL]
    today = time.strftime("%Y-%m-%d")

    def bare() -> None:
        for sql in statements:
            con.execute(sql).fetchall()
        con.execute(ov.TREND_SQL, (today,)).fetchall()

    page = StatsPage(AppContext(db))
    page.resize(1366 - 150, 768 - 60)
    page.show()

    def settle() -> None:
        """No read of the page in flight (the one its construction started, or a re-read asked meanwhile)."""
        while page._job is not None:
            app.processEvents()
            time.sleep(0.001)
        page._stale = False

    def painted() -> None:
        settle()
        done = []
        page.loaded.connect(lambda: done.append(1))
        page.refresh()
        while not done:
            app.processEvents()
            time.sleep(0.001)
        page.loaded.disconnect()
        page.repaint()

    bare(), ov.overview(db), painted()   # warm-up: page cache, imports, first paint
    times: dict[str, list[float]] = {"bare SQL": [], "overview": [], "painted page": []}
    for _ in range(args.repeat):
        for name, fn in (("bare SQL", bare), ("overview", lambda: ov.overview(db)), ("painted page", painted)):
            settle()
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
    base = statistics.median(times["bare SQL"])
    print(f"{'measure':<14}{'median ms':>10}{'best ms':>9}{'ratio':>7}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<14}{med:>10.0f}{min(values):>9.0f}{med / base:>7.2f}")
    per: dict[str, float] = {}
    for sql in statements + [ov.TREND_SQL]:
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            con.execute(sql, (today,) if "?" in sql else ()).fetchall()
            runs.append((time.perf_counter() - t) * 1000)
        per[" ".join(sql.split())[:60]] = min(runs)
    print("bare SQL per statement (best of 3, ms):")
    for sql, ms in per.items():
        print(f"  {ms:7.1f}  {sql}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    QApplication.processEvents()


if __name__ == "__main__":
    main()
