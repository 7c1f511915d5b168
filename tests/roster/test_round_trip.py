"""Issue 13, round trip: the demo township exported as the monthly workbook (its 贫困户 and 家庭成员 sheets)
and imported into an empty database of the same township gives the same registry back, every field of every
household and current member; importing the same file again finds 0 new / 0 changed and writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import text

from db import open_database
from pjdesk.monthly.export import export_monthly
from pjdesk.roster.apply import import_roster, preview
from pjdesk.roster.plan import CHANGED, NEW, UNCHANGED
from tests.conftest import log_in_test_admin

SKIP_HOUSEHOLD = {"id", "village_id", "group_id", "created_at", "updated_at"}
SKIP_MEMBER = {"id", "household_id"}


def _rows(db, sql: str) -> list[dict]:
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql))]


def registry(db) -> tuple[dict, dict]:
    """Every household (by 户编号) and every current member (by ID number), all their stored fields."""
    households = {}
    for h in _rows(db, "SELECT h.*, v.name AS village_name, g.number AS group_number FROM household h "
                       "JOIN village v ON v.id = h.village_id JOIN village_group g ON g.id = h.group_id"):
        causes = _rows(db, f"SELECT cause FROM household_other_cause WHERE household_id = {h['id']} ORDER BY rank")
        h["other_causes"] = [c["cause"] for c in causes]
        households[h["household_no"]] = {k: v for k, v in h.items() if k not in SKIP_HOUSEHOLD}
    members = {}
    for m in _rows(db, "SELECT m.*, h.household_no FROM member m JOIN household h ON h.id = m.household_id "
                       "WHERE m.left_on IS NULL"):
        members[m["id_number"]] = {k: v for k, v in m.items() if k not in SKIP_MEMBER}
    return households, members


def _count(db, table: str) -> int:
    return _rows(db, f"SELECT count(*) AS n FROM {table}")[0]["n"]


@pytest.fixture(scope="module")
def exported(_demo_template, tmp_path_factory):
    """The monthly workbook of the 300-household demo township, written once for this module."""
    folder = tmp_path_factory.mktemp("roster-export")
    out = folder / "月报.xlsx"
    shutil.copy(_demo_template, folder / "demo.db")
    demo = open_database(folder / "demo.db")
    log_in_test_admin(demo)
    export_monthly(demo, dt.date.today().strftime("%Y-%m"), out, override_reason="往返导入测试")
    demo.close()
    return out


def test_demo_township_exported_and_imported_into_an_empty_database_is_the_same_registry(demo_db, db, exported):
    plan = preview(db, exported)
    assert plan.ok, [p for p in plan.problems if p.level == "错误"][:5]
    want_households, want_members = registry(demo_db)
    assert plan.count("households", NEW) == len(want_households) == 300
    assert plan.count("members", NEW) == len(want_members)
    result = import_roster(db, plan, actor="测试")
    assert result.wrote and result.households_new == 300 and result.members_new == len(want_members)
    got_households, got_members = registry(db)
    assert got_households.keys() == want_households.keys()
    for no, want in want_households.items():
        assert got_households[no] == want, no
    assert got_members.keys() == want_members.keys()
    for number, want in want_members.items():
        assert got_members[number] == want, want["name"]
    # the audit trail saw the import row by row (ORM flushes), under the logged-in user
    assert _rows(db, "SELECT count(*) AS n FROM audit_log WHERE table_name = 'member'")[0]["n"] == len(want_members)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db, exported):
    import_roster(db, preview(db, exported), actor="测试")
    before = {t: _count(db, t) for t in ("household", "member", "status_change", "audit_log", "village_group")}
    again = preview(db, exported)
    assert again.ok and not again.writes and not again.changes
    assert again.count("households", NEW) == again.count("households", CHANGED) == 0
    assert again.count("members", NEW) == again.count("members", CHANGED) == 0
    assert again.count("households", UNCHANGED) == 300
    result = import_roster(db, again, actor="测试")
    assert not result.wrote and "没有需要导入" in result.message()
    assert {t: _count(db, t) for t in before} == before          # not even an audit row
