"""Registry screen speed on a county-scale file (issue #3). Run by hand; prints figures.

    python benchmarks/bench_registry.py [--db PATH] [--households 50000]

Builds the demo file if missing, then measures, in one run, each figure next to the bare SQLite
query for the same work (ratio): opening the list, a keystroke in the search box until the table
has repainted, sorting by every column, and the memory of the whole app.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


BARE_LIST = """SELECT h.id, h.household_no, v.name, g.number, hd.name, hd.id_number,
 (SELECT count(*) FROM member m WHERE m.household_id = h.id AND m.left_on IS NULL), h.type, h.main_cause, h.status,
 h.planned_exit_year FROM household h JOIN village v ON v.id = h.village_id JOIN village_group g ON g.id = h.group_id
 LEFT JOIN member hd ON hd.household_id = h.id AND hd.left_on IS NULL AND hd.relation = '户主'"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/pjdesk-bench-50k.db")
    ap.add_argument("--households", type=int, default=50000)
    args = ap.parse_args()
    path = Path(args.db)
    from demo_file import ensure_demo  # this folder (the script's own) is first on sys.path

    ensure_demo(path, args.households)

    base = rss_mb()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from db import open_database
    from ui.app import make_app
    from ui.context import AppContext
    from ui.households.page import HouseholdPage
    from ui.households.table_model import COL, KEYS

    app = make_app([])
    db = open_database(path)
    bare = sqlite3.connect(path)
    n = bare.execute("SELECT count(*) FROM household").fetchone()[0]
    m = bare.execute("SELECT count(*) FROM member").fetchone()[0]
    print(f"file: {path} — {n} households, {m} members\n")
    rows = []

    # opening the list: page built, rows loaded, first paint
    t = time.perf_counter()
    page = HouseholdPage(AppContext(db))
    page.resize(1280, 800)
    page.show()
    while not page.is_loaded:  # the rows come from a background job started after the first paint
        app.processEvents()
        time.sleep(0.001)
    page.table.viewport().repaint()
    app.processEvents()
    open_ms = (time.perf_counter() - t) * 1000
    bare_open = timed(lambda: bare.execute(BARE_LIST).fetchall(), 3)
    rows.append(("open the list (page + load + paint)", open_ms, bare_open, "≤ 1000"))

    # keystroke → filtered → repainted; the last key of typing a name, initials, part of an ID
    sample = page.model.row_at(n // 2)
    for label, typed, like in (
        ("keystroke: initials", sample.head_pinyin[:1] + "x", None),
        ("keystroke: name", sample.head_name[:2], sample.head_name[:2]),
        ("keystroke: part of ID", sample.head_id_number[-8:], sample.head_id_number[-8:]),
    ):
        def key():
            page.search.setText(typed[:-1])
            t0 = time.perf_counter()
            page.search.setText(typed)  # one keystroke
            page.table.viewport().repaint()
            return (time.perf_counter() - t0) * 1000
        ms = statistics.median(key() for _ in range(5))
        pattern = f"%{like or typed}%"
        bare_ms = timed(lambda: bare.execute(
            "SELECT DISTINCT household_id FROM member WHERE left_on IS NULL AND "
            "(name LIKE ? OR id_number LIKE ? OR name_initials LIKE ?) LIMIT 100000",
            (pattern, pattern, pattern)).fetchall(), 5)
        rows.append((label + f" “{typed}” → {page.model.rowCount()} rows", ms, bare_ms, "≤ 100"))
    page.search.setText("")

    # sort by every column (all 50k rows visible)
    sql_col = {"household_no": "h.household_no", "village": "v.sort_order", "group": "g.number",
               "head_name": "hd.name_pinyin", "head_id_number": "hd.id_number", "size": "7",
               "type": "h.type", "main_cause": "h.main_cause", "status": "h.status",
               "helper_name": "h.id", "planned_exit_year": "h.planned_exit_year"}
    worst = 0.0
    for key in KEYS:
        def sort():
            page.table.sortByColumn(COL[key], Qt.SortOrder.DescendingOrder)
            page.table.viewport().repaint()
        ms = timed(sort, 3)
        worst = max(worst, ms)
        bare_ms = timed(lambda: bare.execute(BARE_LIST + f" ORDER BY {sql_col[key]} DESC").fetchall(), 3)
        rows.append((f"sort by {key}", ms, bare_ms, "≤ 300"))

    mem = rss_mb()
    print(f"{'measure':55} {'app ms':>9} {'bare SQL ms':>12} {'ratio':>7}  target")
    for label, ms, bare_ms, target in rows:
        print(f"{label:55} {ms:9.1f} {bare_ms:12.1f} {ms / bare_ms if bare_ms else float('nan'):7.1f}  {target}")
    print(f"\nworst sort: {worst:.0f} ms")
    print(f"memory (RSS) of the whole app: {mem:.0f} MB (python + imports before Qt: {base:.0f} MB)  target ≤ 400")
    db.close()


if __name__ == "__main__":
    main()
