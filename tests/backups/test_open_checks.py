"""Issue 14, defect 6 and the command line: an empty or damaged file is refused with a clear message naming
the newest good backup and the command restoring it; a command that writes checks the file first
(``quick_check``, the full ``integrity_check`` after an unclean shutdown); ``pjdesk backup`` and
``pjdesk restore``; one window per database file (the lock file is the unclean-shutdown marker too)."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from db import backup as copies
from pjdesk import backups, opening
from pjdesk.cli.main import main
from pjdesk.errors import DatabaseDamaged, DatabaseReadOnly
from pjdesk.registry.township import add_village

from .helpers import corrupt, count

NOW = dt.datetime(2026, 11, 28, 17, 30)
ROOT = Path(__file__).resolve().parents[2]


def test_an_empty_file_is_refused_naming_the_newest_good_backup(db, capsys):
    good = backups.make_backup(db, now=NOW)
    db.close()
    db.path.write_bytes(b"")
    for _ in range(2):
        assert main(["--db", str(db.path), "households", "list"]) == 2
        err = capsys.readouterr().err
        assert "数据库文件是空的（0字节）" in err and str(good) in err and f'pjdesk restore "{good}"' in err
    assert db.path.stat().st_size == 0                  # refused, not made into an empty database


def test_a_damaged_file_is_refused_before_a_write_and_after_a_failed_read(demo_db, capsys, monkeypatch):
    good = backups.make_backup(demo_db, now=NOW)
    demo_db.close()
    corrupt(demo_db.path, "member")
    assert main(["--db", str(demo_db.path), "villages", "add", "新村"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：数据库文件已损坏") and f'pjdesk restore "{good}"' in err and "Traceback" not in err
    assert "新村" not in err and count(good, "village") == 7
    monkeypatch.delenv("PJDESK_USER")                                     # a read: no check first …
    assert main(["--db", str(demo_db.path), "households", "list"]) == 2   # … it meets the bad page
    err = capsys.readouterr().err
    assert "数据库文件已损坏" in err and "malformed" in err and "Traceback" not in err
    corrupt(demo_db.path, "case_file")                                    # read through SQLAlchemy
    assert main(["--db", str(demo_db.path), "cases", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：数据库文件已损坏") and "SELECT" not in err and f'pjdesk restore "{good}"' in err


def test_the_damaged_file_is_restored_from_the_command_line(demo_db, capsys, monkeypatch):
    good = backups.make_backup(demo_db, now=NOW)
    demo_db.close()
    corrupt(demo_db.path, "member")
    monkeypatch.delenv("PJDESK_USER")            # no one can log in to a damaged file
    assert main(["--db", str(demo_db.path), "restore", str(good), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "当前数据库：无法读取" in out and "已从备份恢复：虹桥镇，300户" in out and "damaged.db" in out
    assert copies.check(demo_db.path) == []
    assert main(["--db", str(demo_db.path), "households", "list", "--format", "json"]) == 0


def test_backup_and_restore_on_the_command_line(db, tmp_path, capsys):
    assert main(["--db", str(db.path), "backup", "--out", str(tmp_path / "usb")]) == 0
    made = next((tmp_path / "usb").glob("test-*-manual.db"))
    assert str(made) in capsys.readouterr().out
    add_village(db, "新建村")
    assert main(["--db", str(db.path), "restore", str(made)]) == 2        # no terminal to ask, no --yes
    assert "请加 --yes" in capsys.readouterr().err and count(db.path, "village") == 8
    assert main(["--db", str(db.path), "restore", str(made), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "将用备份文件替换当前数据库" in out and "恢复前的数据库已备份到" in out
    assert count(db.path, "village") == 7
    assert main(["--db", str(db.path), "backup", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "恢复前备份" in listing


@pytest.mark.no_login
def test_restore_on_the_command_line_needs_a_user(empty_db, tmp_path, capsys):
    made = backups.make_backup(empty_db, tmp_path / "b.db")
    assert main(["--db", str(empty_db.path), "restore", str(made), "--yes"]) == 2
    assert "PJDESK_USER" in capsys.readouterr().err and backups.list_backups(empty_db.path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_the_lock_file_tells_a_second_window_and_marks_an_unclean_shutdown(db):
    window = subprocess.Popen([sys.executable, "-c", (
        f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); from pjdesk.opening import InstanceLock; "
        f"lock = InstanceLock({str(db.path)!r}); print(lock.acquire(), flush=True); time.sleep(60)")],
        stdout=subprocess.PIPE, text=True)
    assert window.stdout.readline().strip() == "True"           # another process has the file open
    second = opening.InstanceLock(db.path)
    assert not second.acquire() and second.other_pid == window.pid
    assert "已在另一个平江扶贫工作台窗口中打开" in opening.second_instance_message(db.path, second.other_pid)
    assert not opening.previous_session_unclean(db.path)      # that window is running, not crashed
    window.send_signal(signal.SIGKILL)                        # … and dies without closing
    window.wait()
    assert opening.previous_session_unclean(db.path)          # its lock went with it, its marker stayed
    third = opening.InstanceLock(db.path)
    assert third.acquire() and third.unclean                 # → the full integrity_check
    third.release()
    assert opening.lock_path(db.path).read_text() == "" and not opening.previous_session_unclean(db.path)


def test_after_an_unclean_shutdown_the_full_check_runs(db, monkeypatch):
    seen = []
    real = copies.check
    monkeypatch.setattr(copies, "check", lambda path, full=True: seen.append(full) or real(path, full=full))
    opening.check_file_whole(db.path)
    opening.lock_path(db.path.resolve()).write_text("12345\n")     # a session that never closed
    opening.check_file_whole(db.path)
    opening.check_file_whole(db.path)                                # found whole: marker cleared
    assert seen == [False, True, False]


def test_a_read_only_window_refuses_every_write_saying_why(db):
    opening.open_read_only(db)
    with pytest.raises(DatabaseReadOnly, match="只读方式打开.*另一个窗口"):
        add_village(db, "新村")


def test_the_damaged_refusal_without_any_backup_says_whom_to_ask(db):
    exc = opening.damaged(db.path, ["Page 16: btreeInitPage() returns error code 11"])
    assert isinstance(exc, DatabaseDamaged) and exc.backup is None and "没有找到可用的备份" in exc.message
