"""Figures of issue 14's backups on a 50,000-household demo file: the online backup (with its
integrity_check), quick_check and integrity_check of the live file, and a restore into a live database.

    python benchmarks/bench_backups.py [--db PATH]   (default: builds /tmp/pjdesk-bench/demo-50000.db)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db import backup as copies  # noqa: E402


def timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    took = time.perf_counter() - start
    print(f"{label:<44} {took:6.2f} s")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/pjdesk-bench/demo-50000.db")
    args = parser.parse_args()
    source = Path(args.db)
    if not source.exists():
        os.system(f"{sys.executable} -m pjdesk.cli.main --db {source} demo --households 50000")
    work = Path(tempfile.mkdtemp(prefix="pjdesk-bench-backup-"))
    live = work / "live.db"
    shutil.copy(source, live)
    print(f"file: {live.stat().st_size / 1_048_576:.0f} MB")
    timed("quick_check", lambda: copies.check(live, full=False))
    timed("integrity_check", lambda: copies.check(live, full=True))
    timed("backup (backup API + integrity_check + fsync)", lambda: copies.copy(live, work / "b.db"))
    timed("restore: staging (copy + integrity_check + upgrade + audit row)",
          lambda: copies.stage(work / "b.db", work / "s.db", user="bench", note="{}"))
    timed("restore into the live file (one transaction)", lambda: copies.restore_into(work / "s.db", live))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
