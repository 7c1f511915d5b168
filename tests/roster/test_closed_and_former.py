"""A roster cannot do what the registry itself refuses (issue 13, review): a 已销户 household is checked
with the registry's own rules like any other (R1.7: exactly one head), a new household cannot arrive as
已销户 with members still registered in it, a member who has left a household (member_leaves) is not
re-added as a new current member with the same ID number, and a constraint failure of the write is a
Chinese refusal, never a traceback. The problems workbook holds full ID numbers and bank accounts: it is
created readable by its owner only."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys

import pytest
from sqlalchemy import func, select

from db.models import Household, Member
from pjdesk.cli.main import main
from pjdesk.errors import PjdeskError
from pjdesk.registry.households import member_leaves
from pjdesk.roster.apply import import_roster, preview
from pjdesk.roster.problems import write_problems
from tests.roster.builders import NATIONAL, person_rows, write_roster
from tests.roster.test_update import VILLAGES

WITH_STATUS = NATIONAL + ("贫困户状态",)


def _closed(rows):
    for r in rows:
        r["贫困户状态"] = "已销户"
    return rows


def _errors(plan):
    return [(p.row, p.column, p.reason) for p in plan.problems if p.level == "错误"]


def _members(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(Member))


def test_a_closed_household_with_two_heads_is_refused_in_the_preview_R1_7(db, tmp_path):
    rows = _closed(person_rows(1, VILLAGES))
    for r in rows:
        r["与户主关系"] = "户主"
    plan = preview(db, write_roster(tmp_path / "两户主.xlsx", rows, columns=WITH_STATUS))
    assert any("每户只能有一名户主" in reason for _row, _col, reason in _errors(plan))
    with pytest.raises(PjdeskError):
        import_roster(db, plan, actor="测试")
    assert _members(db) == 0


def test_a_closed_household_without_head_is_refused_in_the_preview_R1_7(db, tmp_path):
    rows = _closed(person_rows(1, VILLAGES, seed=98))
    for r in rows:
        if r["与户主关系"] == "户主":
            r["与户主关系"] = "子"
    plan = preview(db, write_roster(tmp_path / "无户主.xlsx", rows, columns=WITH_STATUS))
    assert any("当前没有户主" in reason for _row, _col, reason in _errors(plan))
    assert _members(db) == 0


def test_a_new_household_cannot_be_imported_as_closed_with_its_members_registered(db, tmp_path):
    rows = _closed(person_rows(1, VILLAGES, seed=99))
    plan = preview(db, write_roster(tmp_path / "销户.xlsx", rows, columns=WITH_STATUS))
    errors = _errors(plan)
    assert len([e for e in errors if e[1] == "贫困户状态"]) == 1
    assert "不能以“已销户”导入" in errors[0][2]
    with pytest.raises(PjdeskError):
        import_roster(db, plan, actor="测试")
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 0


def test_a_constraint_failure_of_the_write_is_a_chinese_refusal_not_a_traceback(db, tmp_path, monkeypatch):
    """Whatever slips past the preview (here: its head rule switched off), the database's own constraint
    (one current head per household) refuses in Chinese and nothing is written."""
    rows = person_rows(1, VILLAGES)
    for r in rows:
        r["与户主关系"] = "户主"
    monkeypatch.setattr("pjdesk.roster.plan.check_members_together", lambda _members: [])
    plan = preview(db, write_roster(tmp_path / "两户主.xlsx", rows))
    assert plan.ok
    with pytest.raises(PjdeskError) as caught:
        import_roster(db, plan, actor="测试")
    assert "户主" in caught.value.message and "未导入" in caught.value.message
    assert _members(db) == 0


def test_a_member_who_left_is_not_re_added_from_the_roster(db, tmp_path):
    rows = person_rows(1, VILLAGES)
    import_roster(db, preview(db, write_roster(tmp_path / "第一次.xlsx", rows)), actor="测试")
    left = rows[1]
    with db.reader() as s:
        member_id = s.scalar(select(Member.id).where(Member.id_number == left["证件号码"]))
    member_leaves(db, member_id, dt.date.today(), "死亡")
    plan = preview(db, write_roster(tmp_path / "第二次.xlsx", rows))
    errors = _errors(plan)
    assert len(errors) == 1 and errors[0][:2] == (5, "证件号码")
    assert f"已于{dt.date.today():%Y-%m-%d}" in errors[0][2] and "死亡" in errors[0][2]
    assert plan.count("members", "新增") == 0
    with pytest.raises(PjdeskError):
        import_roster(db, plan, actor="测试")
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Member).where(Member.id_number == left["证件号码"])) == 1


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_problems_workbook_is_readable_by_its_owner_only(db, tmp_path):
    rows = person_rows(1, VILLAGES)
    rows[0]["证件号码"] = rows[0]["证件号码"][:-1] + ("0" if rows[0]["证件号码"][-1] != "0" else "1")
    plan = preview(db, write_roster(tmp_path / "坏.xlsx", rows))
    assert not plan.ok
    out = tmp_path / "问题清单.xlsx"
    code = main(["--db", str(db.path), "import", "roster", str(tmp_path / "坏.xlsx"), "--dry-run",
                 "--errors-out", str(out)])
    assert code == 2 and _mode(out) == 0o600
    again = tmp_path / "再存.xlsx"
    again.write_bytes(b"old")
    os.chmod(again, 0o644)
    write_problems(plan, again)                  # what the GUI's 保存问题清单… calls; an old file replaced
    assert _mode(again) == 0o600
