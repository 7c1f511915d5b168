"""The audit trail (issue 14): every create, update and delete is recorded centrally by the session
events, with who, when, which record, which field, old and new value; nothing can edit it."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from sqlalchemy import delete, func, select

from db.models.registry import HouseholdOtherCause, Member
from db.models.users import AuditLog
from pjdesk.auth import trail
from pjdesk.registry import households as svc
from pjdesk.registry.rules import HouseholdInput, MemberInput
from tests.auth.conftest import add_and_login
from tests.cases.conftest import D
from tests.conftest import TODAY, household_input, person

HEAD_ID = person("张三丰", "户主", D(1960, 1, 10), True).id_number


@pytest.fixture
def hh(db) -> str:
    return svc.create_household(db, household_input(bank_name="平江农商银行", bank_account="6230901000012345"),
                                [person("张三丰", "户主", D(1960, 1, 10), True),
                                 person("李秀英", "配偶", D(1962, 5, 1), False, seq=2)], today=TODAY)


def _input_of(no: str, **changes) -> HouseholdInput:
    """The household as created by ``hh`` (the service saves a whole form), with ``changes``."""
    base = household_input(household_no=no, bank_name="平江农商银行", bank_account="6230901000012345")
    return dataclasses.replace(base, **changes)


def test_a_create_writes_one_row_per_record_with_its_values(db, hh):
    rows = trail.search(db, household_no=hh)
    created = [r for r in rows if r.action == "新建"]
    assert {r.table for r in created} >= {"户", "家庭成员"}
    assert len([r for r in created if r.table == "家庭成员"]) == 2     # one row per member, not per field
    house = next(r for r in created if r.table == "户")
    assert "银行账号：6230901000012345" in house.new and house.user == "admin"


def test_R1_9_editing_a_bank_account_is_recorded_old_to_new(db, hh):
    add_and_login(db, "lu", "录入员", "陆录入")
    svc.update_household(db, hh, _input_of(hh, bank_account="6230901000099999"), today=TODAY)
    [row] = [r for r in trail.search(db, household_no=hh) if r.action == "修改" and r.field == "银行账号"]
    assert (row.old, row.new, row.user, row.table) == ("6230901000012345", "6230901000099999", "lu", "户")


def test_editing_a_members_id_number_is_recorded_old_to_new(db, hh):
    with db.reader() as s:
        member_id = s.scalars(select(Member.id).where(Member.id_number == HEAD_ID)).one()
    new_id = person("张三丰", "户主", D(1960, 1, 11), True).id_number
    svc.update_member(db, member_id, MemberInput(name="张三丰", id_number=new_id, relation="户主"), today=TODAY)
    rows = [r for r in trail.search(db, household_no=hh) if r.field == "身份证号"]
    assert [(r.old, r.new, r.action, r.table) for r in rows] == [(HEAD_ID, new_id, "修改", "家庭成员")]
    assert trail.search(db, text=new_id)[0].record == str(member_id)


def test_a_delete_writes_the_old_values_whoever_forgets(db, hh):
    """No service deletes rows yet; a script or a new feature that does is audited all the same."""
    with db.transaction() as s:
        cause = s.scalars(select(HouseholdOtherCause)).first()
        s.delete(cause)
    with db.transaction() as s:      # a Core statement through the session too
        s.execute(delete(HouseholdOtherCause).where(HouseholdOtherCause.household_id == -1))
    rows = [r for r in trail.search(db) if r.action == "删除"]
    assert len(rows) == 2
    assert "缺资金" in rows[1].old and rows[1].table == "其他致贫原因"
    assert "household_id = -1" in rows[0].record


def test_the_audit_rows_cannot_be_changed_or_deleted(db, hh):
    conn = sqlite3.connect(db.path)
    try:
        for sql, word in (("UPDATE audit_log SET new = 'x'", "不能修改"), ("DELETE FROM audit_log", "不能删除")):
            with pytest.raises(sqlite3.IntegrityError, match=word):
                conn.execute(sql)
    finally:
        conn.close()
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)) > 0


def test_a_bulk_import_is_one_summary_row_not_thousands(demo_db):
    """The demo's bulk Core inserts (300 households, ~1,000 members) are audited as one row each."""
    def audited(table: str) -> int:
        with demo_db.reader() as s:
            return s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.table_name == table,
                                                                         AuditLog.action == "新建"))

    with demo_db.reader() as s:
        persons = s.scalar(select(func.count()).select_from(Member))
    assert persons > 500 and audited("member") == 1 and audited("household") == 1
    rows = [r for r in trail.search(demo_db, user="admin", text="批量") if r.table == "家庭成员"]
    assert [(r.action, r.new) for r in rows] == [("新建", f"批量新建{persons}行")]


def test_every_column_of_every_audited_table_has_a_chinese_label():
    """The 变更记录 and 审计日志 show field names to clerks; a new column without a label would show its
    English name (new tables and columns must add theirs to pjdesk/auth/trail.py)."""
    import db.models  # noqa: F401  (every model registered on Base.metadata)
    from db.models import Base
    from pjdesk.auth.trail import FIELDS, TABLES

    tables = [t for t in Base.metadata.sorted_tables if t.name != "audit_log"]
    assert [t.name for t in tables if t.name not in TABLES] == []
    assert sorted({c.name for t in tables for c in t.columns if c.name not in FIELDS}) == []
    assert all(not label.isascii() for label in list(FIELDS.values()) + list(TABLES.values()))
