"""What the audit trail costs a big ORM write (issue 14): 20,000 rows added in one transaction (as the
roster import adds its persons), timed with the audit trail and with its per-row mapper events removed,
alternately in one process. Prints figures; no asserts.

    python benchmarks/bench_audit.py [--rows 20000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, select  # noqa: E402

from db import audit, open_database  # noqa: E402
from db.models.base import Base  # noqa: E402
from db.models.registry import StatusChange  # noqa: E402
from db.models.users import AuditLog  # noqa: E402
from pjdesk.auth import users  # noqa: E402
from pjdesk.demo import build_demo  # noqa: E402

EVENTS = (("after_insert", audit._after_insert), ("before_update", audit._before_update),
          ("after_delete", audit._after_delete))


def one(template: Path, folder: Path, rows: int, with_audit: bool) -> tuple[float, int]:
    path = folder / f"run-{with_audit}.db"
    for extra in ("", "-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    shutil.copy(template, path)
    db = open_database(path)
    users.login(db, "admin", "demo")
    if not with_audit:
        for name, fn in EVENTS:
            event.remove(Base, name, fn)
    try:
        with db.reader() as s:
            before = s.scalar(select(func.count()).select_from(AuditLog))
            hid = s.scalar(select(func.min(StatusChange.household_id)))
        start = time.perf_counter()
        with db.transaction() as s:
            s.add_all([StatusChange(household_id=hid, from_status="未脱贫", to_status="未脱贫",
                                    changed_on=dt.date(2016, 1, 1), reason=f"bench {i}", recorded_by="bench")
                       for i in range(rows)])
        took = time.perf_counter() - start
        with db.reader() as s:
            audited = s.scalar(select(func.count()).select_from(AuditLog)) - before
    finally:
        if not with_audit:
            for name, fn in EVENTS:
                event.listen(Base, name, fn, propagate=True)
        db.close()
    return took, audited


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pjdesk-bench-audit-"))
    template = folder / "demo.db"
    d = open_database(template)
    build_demo(d, households=200)
    d.close()
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.repeat):
        for flag in (False, True):
            took, audited = one(template, folder, args.rows, flag)
            times[flag].append(took)
            print(f"{args.rows:,} rows {'with' if flag else 'without'} the audit events: {took:.2f} s, "
                  f"{audited:,} audit rows")
    best = {flag: min(t) for flag, t in times.items()}
    print(f"best: {best[False]:.2f} s without, {best[True]:.2f} s with ({best[True] / best[False]:.2f} ×)")


if __name__ == "__main__":
    main()
