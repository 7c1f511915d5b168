"""Migration 0003_helpers on a file an older pjdesk wrote (tests/data/schema-0001.sqlite3):
the data is kept, the helper tables and the R2.1 triggers are there and work."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from db import open_database
from pjdesk import settings
from tests.conftest import DATA

from tests.pairing.conftest import helper, make_households


def test_old_file_gets_the_helper_tables_and_the_limit_triggers(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "schema-0001.sqlite3", path)
    db = open_database(path)
    try:
        assert db.backup_path is not None
        second = make_households(db, 1)[0]
        wang = helper(db)
        with db.transaction() as s:
            settings.set_(s, "helper_household_limit", 1)
    finally:
        db.close()
    conn = sqlite3.connect(path, isolation_level=None)
    names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")}
    assert {"helper", "helper_assignment", "village_aid_role", "help_record", "income_project",
            "trg_helper_assignment_limit_insert", "trg_helper_assignment_limit_update"} <= names
    assert conn.execute("SELECT count(*) FROM household").fetchone() == (2,)   # old data kept
    sql = ("INSERT INTO helper_assignment (helper_id, household_id, start_on, start_reason, end_reason, recorded_by, "
           "recorded_at) SELECT ?, id, '2026-11-01', '', '', '', '2026-11-01' FROM household WHERE household_no = ?")
    conn.execute(sql, (wang, "43062601010001"))
    with pytest.raises(sqlite3.IntegrityError, match="helper_household_limit"):
        conn.execute(sql, (wang, second))
    conn.close()
