"""Issue 14, backups and restore, through the services: a backup is a whole single file that restores the
data; a restore checks the chosen file (whole, a pjdesk database of a version this program knows, the
same township), backs the current database up first and needs 管理员; automatic backups are one a day
and rotate, and so do the copies made by schema upgrades."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3

import pytest

from db import backup as copies
from db import open_database
from db.engine import SCHEMA_HEADS
from db.audit import Actor
from pjdesk import backups, settings
from pjdesk.auth import users
from pjdesk.auth.roles import RoleRequired
from pjdesk.errors import PjdeskError, ValidationError
from pjdesk.registry.township import add_village, init_township, village_names

from tests.conftest import DATA

from .helpers import corrupt, count

NOW = dt.datetime(2026, 11, 28, 17, 30)


def test_a_backup_is_one_verified_private_file_and_restores_the_data(demo_db):
    before = village_names(demo_db)
    made = backups.make_backup(demo_db, now=NOW)
    assert made.parent == backups.backups_dir() and made.name == f"demo-{backups.db_key(demo_db.path)}-20261128-173000-manual.db"
    assert oct(made.stat().st_mode & 0o777) == "0o600"
    assert copies.check(made) == [] and not os.path.exists(f"{made}-wal")   # one file, journal mode DELETE
    assert count(made, "household") == count(demo_db.path, "household") == 300

    add_village(demo_db, "新建村")                              # work done after the backup …
    result = backups.restore(demo_db, made, now=NOW + dt.timedelta(hours=1))
    assert result.plan.township == "虹桥镇" and result.plan.households == 300
    assert "新建村" in [r[0] for r in sqlite3.connect(result.saved_current).execute("SELECT name FROM village")]
    demo_db.close()
    again = open_database(demo_db.path)
    try:
        assert village_names(again) == before                  # … is gone; the rest is as backed up
        assert copies.check(again.path) == []
    finally:
        again.close()


def test_a_manual_backup_goes_to_the_folder_or_file_named_and_never_over_the_database(db, tmp_path):
    usb = tmp_path / "U盘"
    assert backups.make_backup(db, usb, now=NOW).parent == usb
    assert backups.make_backup(db, tmp_path / "拷贝.db").name == "拷贝.db"
    with pytest.raises(ValidationError, match="不能覆盖正在使用的数据库"):
        backups.make_backup(db, db.path)
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ValidationError, match="不是文件夹"):
        backups.make_backup(db, tmp_path / "file.txt")
    with pytest.raises(ValidationError, match="无法建立备份文件夹.*同名的文件"):
        backups.make_backup(db, tmp_path / "file.txt" / "sub")


def test_the_plan_says_what_is_replaced_before_anything_is_done(demo_db):
    made = backups.make_backup(demo_db, now=NOW)
    plan = backups.plan_restore(demo_db.path, made)
    text = plan.summary()
    assert "虹桥镇，300户，备份于2026-11-28 17:30" in text and "当前数据库：虹桥镇，300户" in text


def test_restore_is_refused_for_a_file_of_another_township(db, tmp_path):
    other = open_database(tmp_path / "other.db")
    init_township(other, "三市镇")
    foreign = backups.make_backup(other, tmp_path / "三市镇.db")
    other.close()
    stamp = db.path.stat().st_mtime_ns
    with pytest.raises(ValidationError, match="该备份属于三市镇，当前数据库是虹桥镇的"):
        backups.restore(db, foreign)
    assert db.path.stat().st_mtime_ns == stamp and backups.list_backups(db.path) == []   # nothing done


def test_restore_is_refused_for_a_file_of_a_newer_schema(db, tmp_path):
    newer = backups.make_backup(db, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(ValidationError, match="更新版本.*0099_from_the_future.*不能用于恢复"):
        backups.restore(db, newer)


@pytest.mark.parametrize("damage", ["empty", "garbage", "page", "not pjdesk"])
def test_restore_is_refused_for_a_file_that_is_not_a_whole_pjdesk_backup(demo_db, tmp_path, damage):
    bad = backups.make_backup(demo_db, tmp_path / "bad.db")
    if damage == "empty":
        bad.write_bytes(b"")
    elif damage == "garbage":
        bad.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    elif damage == "page":
        corrupt(bad, "member")
    else:
        bad.unlink()
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ValidationError) as exc:
        backups.restore(demo_db, bad)
    assert exc.value.field == "file" and ("损坏" in exc.value.message or "空的" in exc.value.message
                                          or "不是平江扶贫工作台的数据库" in exc.value.message)
    assert count(demo_db.path, "household") == 300


def test_restore_needs_an_administrator(db):
    made = backups.make_backup(db, now=NOW)
    users.add_user(db, "clerk", "录入员甲", "录入员", "Passw0rd!x")
    db.user = Actor("clerk", "录入员甲", "录入员")
    with pytest.raises(RoleRequired, match="管理员"):
        backups.restore(db, made)


def test_the_automatic_backup_is_one_a_day_and_the_newest_n_are_kept(db):
    with db.transaction() as s:
        settings.set_(s, "backup_keep", 3)
    days = [NOW + dt.timedelta(days=d) for d in range(5)]
    for day in days:
        backups.auto_backup(db, now=day)
        backups.auto_backup(db, now=day + dt.timedelta(hours=2))   # the day's second replaces its first
    autos = [b for b in backups.list_backups(db.path) if b.kind == "auto"]
    assert [b.made_at for b in autos] == [d + dt.timedelta(hours=2) for d in reversed(days[2:])]
    assert backups.due_today(db.path, days[-1].date()) is False
    assert backups.due_today(db.path, (days[-1] + dt.timedelta(days=1)).date()) is True


def test_manual_backups_are_kept_and_upgrade_copies_rotate(db):
    backups.make_backup(db, now=NOW)                        # manual, into the backups folder
    for day in range(6):                                    # copies left by schema upgrades, beside the file
        stamp = (NOW + dt.timedelta(days=day)).strftime("%Y%m%d-%H%M%S")
        shutil.copy(db.path, db.path.with_name(f"test.schema-0005.{stamp}.bak.db"))
    removed = backups.rotate(db.path, 4)
    left = backups.list_backups(db.path)
    assert len(removed) == 2 and sorted(b.kind for b in left) == ["manual"] + ["upgrade"] * 4
    assert min(b.made_at for b in left if b.kind == "upgrade") == NOW + dt.timedelta(days=2)


def test_the_backup_keep_setting_is_bounded(db):
    with pytest.raises(ValidationError, match="3至100"):
        settings.check("backup_keep", 1)
    assert settings.check("backup_keep", 30) == 30


def test_the_newest_good_backup_skips_damaged_ones(demo_db):
    good = backups.make_backup(demo_db, now=NOW)
    bad = backups.make_backup(demo_db, now=NOW + dt.timedelta(days=1))
    corrupt(bad, "member")
    assert backups.newest_good_backup(demo_db.path).path == good


def test_a_damaged_database_is_restored_without_login_and_kept_aside(demo_db):
    good = backups.make_backup(demo_db, now=NOW)
    path = demo_db.path
    with pytest.raises(PjdeskError, match="当前数据库完好"):
        backups.restore_unusable(path, good)             # a whole file: only an administrator restores it
    demo_db.close()
    corrupt(path, "member")
    result = backups.restore_unusable(path, good, now=NOW + dt.timedelta(hours=1))
    assert result.saved_current.name == f"demo-{backups.db_key(path)}-20261128-183000-damaged.db"
    assert copies.check(path) == [] and count(path, "member") > 0


def test_moving_to_a_new_pc_needs_only_the_backup_file(db, tmp_path):
    good = backups.make_backup(db, tmp_path / "usb" / "pjdesk.db")
    new_pc = tmp_path / "newpc" / "pjdesk.db"
    result = backups.restore_unusable(new_pc, good)
    assert result.saved_current is None
    moved = open_database(new_pc)
    try:
        assert village_names(moved) == village_names(db)
    finally:
        moved.close()


def test_a_backup_of_an_older_schema_is_restored_upgraded(db, tmp_path):
    """The backup is upgraded as part of the restore (the current users and the audit row of the restore
    need the newest schema); the chosen file itself is left as it was."""
    old = tmp_path / "old-backup.db"
    shutil.copy(DATA / "schema-0001.sqlite3", old)
    result = backups.restore(db, old)
    assert result.plan.households == 1 and set(copies.facts(db.path).revisions) == SCHEMA_HEADS
    assert copies.facts(old).revisions == ("0001_registry",) and copies.check(db.path) == []
    db.close()
    again = open_database(db.path)
    try:
        assert again.backup_path is None and count(again.path, "household") == 1
    finally:
        again.close()
