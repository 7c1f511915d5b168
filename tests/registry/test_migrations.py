"""Schema upgrades (issue #2): an older file is copied, then migrated; a newer one is refused.
Both use database files committed under tests/data (made by tests/data/make_schema_fixtures.py)."""

import shutil
import sqlite3

import pytest

from db import SCHEMA_HEAD, open_database
from db.engine import current_revisions
from pjdesk.errors import DatabaseVersionError
from pjdesk.registry.queries import RegistryFilter, filter_rows, household_detail, load_rows
from tests.conftest import DATA


def test_old_schema_is_copied_then_migrated(tmp_path):
    path = tmp_path / "township.db"
    shutil.copy(DATA / "schema-0001.sqlite3", path)
    original = path.read_bytes()

    db = open_database(path)
    try:
        assert db.backup_path is not None and db.backup_path.exists()
        assert "schema-0001" in db.backup_path.name  # the old version is in the copy's name
        # the copy is the old file, still at the old schema, with its data
        old = sqlite3.connect(db.backup_path)
        assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001_registry",)]
        assert old.execute("SELECT count(*) FROM member").fetchone() == (3,)
        old.close()
        assert "+".join(sorted(current_revisions(db.engine))) == SCHEMA_HEAD
        # data kept, and the new pinyin keys were backfilled with surname readings
        d = household_detail(db, "43062601010001")
        assert d.head_name == "曾国华" and d.size == 3 and d.other_causes == ["缺资金"]
        rows = filter_rows(load_rows(db), RegistryFilter(search="zgh"))
        assert [r.household_no for r in rows] == ["43062601010001"]
        assert filter_rows(load_rows(db), RegistryFilter(search="shanxiuying"))
    finally:
        db.close()
    assert original != path.read_bytes()


def test_opening_an_up_to_date_file_writes_no_copy(tmp_path):
    path = tmp_path / "new.db"
    open_database(path).close()
    db = open_database(path)
    db.close()
    assert db.backup_path is None
    assert list(tmp_path.glob("*.bak*")) == []


def test_the_schema_heads_written_out_in_the_engine_are_the_migration_scripts_heads():
    """db.engine.SCHEMA_HEADS saves loading alembic to open an up-to-date file; it must not drift."""
    from db.engine import SCHEMA_HEADS, script_heads

    assert SCHEMA_HEADS == script_heads()


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.db"
    shutil.copy(DATA / "schema-future.sqlite3", path)
    before = path.read_bytes()
    with pytest.raises(DatabaseVersionError) as exc:
        open_database(path)
    assert "更新版本" in exc.value.message and "0099_future_feature" in exc.value.message
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak*")) == []


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseVersionError, match="不是平江扶贫工作台的数据库"):
        open_database(path)


def test_pragmas_foreign_keys_and_wal(empty_db):
    with empty_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
