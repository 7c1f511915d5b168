"""Issue 14, review of backups and restore: what a restore does to the users, backups of two databases
with the same file name, a restore while a window has the file open, the audit row of a restore, and a
backup over an existing file."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import open_database
from pjdesk import backups
from pjdesk.auth import trail, users
from pjdesk.cli.main import main
from pjdesk.errors import PjdeskError, RuleViolation, ValidationError
from pjdesk.registry.township import init_township

from tests.conftest import DATA

from .helpers import corrupt

NOW = dt.datetime(2026, 11, 28, 17, 30)
ROOT = Path(__file__).resolve().parents[2]


def _users(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT name, display_name, role, password_hash, active FROM app_user "
                            "ORDER BY name").fetchall()
    finally:
        conn.close()


def test_restoring_a_file_older_than_the_users_keeps_the_current_users(db, tmp_path):
    """A backup made before schema 0007 has no users: the current users (names, roles, password hashes)
    are carried over, so no one can create a 'first' administrator afterwards."""
    old = tmp_path / "old-backup.db"
    shutil.copy(DATA / "schema-0001.sqlite3", old)
    before = _users(db.path)
    assert before
    assert "沿用当前用户" in backups.plan_restore(db.path, old).summary()
    backups.restore(db, old)
    db.close()
    again = open_database(db.path)
    try:
        assert users.has_users(again) and _users(again.path) == before
        with pytest.raises(RuleViolation, match="已有用户"):
            users.create_first_admin(again, "mallory", "M", "Passw0rd!x")
    finally:
        again.close()


def _office(folder: Path, township: str):
    database = open_database(folder / "office.db")
    init_township(database, township)
    return database


def test_backups_of_two_databases_with_the_same_name_are_kept_apart(tmp_path):
    """a/office.db and b/office.db share the backups folder: each lists and rotates only its own, and a
    damaged a/office.db is not restored from b's backup (the township recorded for a's path)."""
    a, b = _office(tmp_path / "a", "虹桥镇"), _office(tmp_path / "b", "三市镇")
    b_auto = [backups.auto_backup(b, now=NOW - dt.timedelta(days=d)) for d in range(3)]
    a_good = backups.make_backup(a, now=NOW - dt.timedelta(days=5))
    assert [i.path for i in backups.list_backups(a.path)] == [a_good]
    backups.rotate(a.path, 0)
    assert all(p.exists() for p in b_auto)
    b.close()
    a_path = a.path
    a.close()
    corrupt(a_path, "township")
    assert backups.newest_good_backup(a_path).path == a_good
    with pytest.raises(ValidationError, match="该备份属于三市镇.*虹桥镇"):
        backups.restore_unusable(a_path, b_auto[0])
    recorded = next(backups.backups_dir().glob(f"office-{backups.db_key(a_path)}.township.json"))
    recorded.unlink()                       # no record (e.g. never backed up): the damaged file's own
    shutil.copy(a_good, a_path)             # township, where it still reads, is checked instead
    corrupt(a_path, "member")
    with pytest.raises(ValidationError, match="该备份属于三市镇.*虹桥镇"):
        backups.restore_unusable(a_path, b_auto[0])


@pytest.fixture
def other_window(db):
    """Another process (a window) holding the database's InstanceLock."""
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from pjdesk.opening import InstanceLock; "
            "lock = InstanceLock(sys.argv[2]); print(lock.acquire(), flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(db.path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "True"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_no_restore_while_another_window_has_the_database_open(db, other_window, capsys):
    made = backups.make_backup(db, now=NOW)
    stamp = db.path.stat().st_mtime_ns
    with pytest.raises(PjdeskError, match=f"另一个平江扶贫工作台窗口中打开（进程号 {other_window.pid}）"):
        backups.restore(db, made)
    assert main(["--db", str(db.path), "restore", str(made), "--yes"]) == 2
    assert "关闭" in capsys.readouterr().err and db.path.stat().st_mtime_ns == stamp


def test_a_restore_is_audited_and_the_summary_names_users_that_differ(db):
    users.add_user(db, "clerk1", "录入员甲", "录入员", "Passw0rd!x")
    made = backups.make_backup(db, now=NOW)
    users.set_active(db, "clerk1", False)                 # locked since the backup was made
    text = backups.plan_restore(db.path, made).summary()
    assert "录入员甲（clerk1）" in text and "当前已停用，恢复后将重新启用" in text
    backups.restore(db, made)
    db.close()
    again = open_database(db.path)
    try:
        rows = [r for r in trail.search(again, text=made.name) if r.action == "恢复"]
        assert len(rows) == 1 and rows[0].user == "admin"
        assert made.name in rows[0].new and "2026-11-28 17:30" in rows[0].new
    finally:
        again.close()


def test_a_backup_never_overwrites_an_existing_file(db, tmp_path, capsys):
    other = tmp_path / "other-office.db"
    other.write_bytes(b"another database")
    with pytest.raises(ValidationError, match="已存在"):
        backups.make_backup(db, other)
    assert main(["--db", str(db.path), "backup", "--out", str(other)]) == 2
    assert "已存在" in capsys.readouterr().err and other.read_bytes() == b"another database"
    assert backups.make_backup(db, tmp_path).parent == tmp_path        # a folder: a new name, as before
