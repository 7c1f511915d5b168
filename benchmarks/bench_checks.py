"""Data-quality checks (issue 12): all checks over the 50,000-household demo file, goal ≤ 2 s. Run by
hand; prints figures.

    python benchmarks/bench_checks.py [--db /tmp/pjdesk-bench-checks-50k.db] [--households 50000] [--repeat 5]

Builds the demo file if missing (``pjdesk demo --households N``, about 3 minutes for 50,000). Then, in one
run: ``run_checks`` (every check, one read transaction) ``--repeat`` times — the best and the median —
and each check's own time (from the progress callback), next to a bare reference on the same file: one
``sqlite3`` full scan of the current members computing a trivial expression per row, the floor any
check that reads every member pays. Figures go into docs/benchmarks.md ("Data checks").
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
    ap.add_argument("--db", default="/tmp/pjdesk-bench-checks-50k.db")
    ap.add_argument("--households", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    path = Path(args.db)
    from demo_file import ensure_demo  # this folder (the script's own) is first on sys.path

    ensure_demo(path, args.households)

    from db import open_database
    from pjdesk.quality.checks import run_checks

    db = open_database(path)
    con = sqlite3.connect(path)
    households, members = con.execute(
        "SELECT (SELECT count(*) FROM household), (SELECT count(*) FROM member WHERE left_on IS NULL)").fetchone()
    print(f"file: {households:,} households, {members:,} current members; {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f}")

    run_checks(db)   # warm the page cache
    totals, bare = [], []
    per_check: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        t = time.perf_counter()
        con.execute("SELECT count(*) FROM member NOT INDEXED WHERE left_on IS NULL AND length(id_number) = 18 "
                    "AND name != id_number").fetchone()
        bare.append(time.perf_counter() - t)

        marks: list[tuple[float, str]] = []
        t = time.perf_counter()
        findings = run_checks(db, progress=lambda done, total, text: marks.append((time.perf_counter(), text)))
        totals.append(time.perf_counter() - t)
        for (start, text), (end, _next) in zip(marks, marks[1:]):
            per_check.setdefault(text, []).append(end - start)
    print(f"findings: {len(findings)}")
    print(f"run_checks, all checks: best {min(totals):.2f} s, median {statistics.median(totals):.2f} s "
          f"(goal ≤ 2 s)")
    print(f"bare sqlite3 full scan of current members: best {min(bare) * 1000:.0f} ms")
    for text, times in per_check.items():
        print(f"  {min(times) * 1000:7.0f} ms  {text}")


if __name__ == "__main__":
    main()
