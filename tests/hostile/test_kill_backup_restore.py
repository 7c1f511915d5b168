"""Issue 14, "Must show": a process killed (SIGKILL) in the middle of a backup or of a restore leaves a
database that passes ``integrity_check`` and is either the old one or the complete new one — at several
kill delays. (The demo build killed halfway: tests/registry/test_demo_build.py.)

The files are plain SQLite files of ~10 MB in WAL mode, as pjdesk's are, so the copy takes long enough
to be cut in the middle; each holds a marker row and a row count that tell old from new."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import backup as copies

ROOT = Path(__file__).resolve().parents[2]
ROWS = {"old": 1000, "new": 700}
DELAYS = (0.0, 0.04, 0.1)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def make(path: Path, marker: str) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, marker TEXT, data BLOB)")
    conn.execute("CREATE INDEX t_marker ON t (marker, id)")
    conn.executemany("INSERT INTO t (marker, data) VALUES (?, randomblob(10000))",
                     [(marker,)] * ROWS[marker])
    conn.commit()
    conn.close()
    return path


def state(path: Path) -> tuple[str, int]:
    """(marker, rows) of a whole file; fails the test when SQLite finds it damaged."""
    assert copies.check(path) == []
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT marker, count(*) FROM t GROUP BY marker").fetchall()
    finally:
        conn.close()
    assert len(rows) == 1
    return rows[0]


def killed_after(delay: float | None, code: str) -> None:
    """Run ``code`` in a fresh interpreter, kill it with SIGKILL ``delay`` s after it says it started
    (None: let it finish)."""
    proc = subprocess.Popen([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); {code}"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout.readline().strip() == "start"
    if delay is not None:
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill")
    return make(folder / "old.db", "old"), make(folder / "new.db", "new")


def test_a_backup_killed_at_any_point_leaves_no_copy_or_a_whole_one(sources, tmp_path):
    old, _ = sources
    outcomes = set()
    for i, delay in enumerate(DELAYS + (None,)):           # the last one is not killed
        target = tmp_path / f"copy{i}.db"
        killed_after(delay, f"from db.backup import copy; print('start', flush=True); copy({str(old)!r}, {str(target)!r})")
        assert state(old) == ("old", ROWS["old"])           # the source is untouched
        if target.exists():
            assert state(target) == ("old", ROWS["old"])    # complete, never partial under the final name
            outcomes.add("copied")
        else:
            outcomes.add("none")
    assert "copied" in outcomes and "none" in outcomes     # some kills cut it, the unkilled one completed


def test_a_restore_killed_at_any_point_leaves_the_old_or_the_new_database(sources, tmp_path):
    old, new = sources
    outcomes = []
    for i, delay in enumerate(DELAYS + (None,)):
        target = tmp_path / f"live{i}.db"
        shutil.copy(old, target)                            # a WAL-mode file, as pjdesk's are
        killed_after(delay, f"from db.backup import restore_into; print('start', flush=True); "
                            f"restore_into({str(new)!r}, {str(target)!r})")
        got = state(target)
        assert got in {("old", ROWS["old"]), ("new", ROWS["new"])}
        outcomes.append(got[0])
    assert outcomes[-1] == "new" and "old" in outcomes     # some kills cut it, the unkilled one completed
