"""A later roster (the county's corrections) updates the matching households by 户编号 and members by ID
number and reports what changed; what an import does not do it says as a 提示 (a status change, a member it
does not list) and a head change is refused with the registry's own words — issue 13."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.models import Household, Member
from pjdesk import idcard, seed
from pjdesk.registry.rules import head_change_error
from pjdesk.roster.apply import import_roster, preview
from pjdesk.roster.plan import CHANGED, NEW, UNCHANGED
from tests.roster.builders import person_rows, write_roster

VILLAGES = [name for name, _poor in seed.villages_of("虹桥镇")]


def _imported(db, tmp_path):
    rows = person_rows(4, VILLAGES)
    import_roster(db, preview(db, write_roster(tmp_path / "第一次.xlsx", rows)), actor="测试")
    return rows


def test_a_later_roster_updates_households_and_members_and_reports_the_changes(db, tmp_path):
    rows = _imported(db, tmp_path)
    first, second = rows[0]["户编号"], rows[-1]["户编号"]
    later = [dict(r) for r in rows]
    for r in later:
        if r["户编号"] == first:
            r["联系电话"] = "13807301234"                         # a household field
        if r["证件号码"] == rows[1]["证件号码"]:
            r["文化程度"] = "高中"                                # a member field
        if r["户编号"] == second:
            r["贫困户属性"] = None                                # a blank cell keeps what is recorded
    newborn = dict(later[-1], 姓名=later[-1]["姓名"][0] + "小宝", 与户主关系="孙子", 性别="男",
                   证件号码=idcard.make("430626", dt.date(2024, 5, 1), 7, True),
                   文化程度="学龄前", 在校生状况="学前")
    later.append(newborn)
    plan = preview(db, write_roster(tmp_path / "第二次.xlsx", later))
    assert plan.ok, plan.problems
    assert plan.count("households", CHANGED) == 2 and plan.count("households", UNCHANGED) == 2
    assert plan.count("members", NEW) == 1 and plan.count("members", CHANGED) == 1
    changes = {(c.household_no, c.who, c.what, c.old, c.new) for c in plan.changes}
    assert (first, "", "联系电话", rows[0]["联系电话"], "13807301234") in changes
    assert (rows[1]["户编号"], rows[1]["姓名"], "文化程度", rows[1]["文化程度"], "高中") in changes
    result = import_roster(db, plan, actor="测试")
    assert (result.households_new, result.households_changed, result.members_new, result.members_changed) == (0, 2, 1, 1)
    with db.reader() as s:
        assert s.scalar(select(Household.phone).where(Household.household_no == first)) == "13807301234"
        assert s.scalar(select(Household.type).where(Household.household_no == second)) == "一般贫困户"
        assert s.scalar(select(Member.education).where(Member.id_number == rows[1]["证件号码"])) == "高中"
        baby = s.scalar(select(Member).where(Member.id_number == newborn["证件号码"]))
        assert baby.household.household_no == second and baby.join_reason == "其他" and baby.relation == "孙子"
    assert not preview(db, write_roster(tmp_path / "第三次.xlsx", later)).writes


def test_status_changes_and_missing_members_are_notes_and_a_head_change_is_refused(db, tmp_path):
    rows = _imported(db, tmp_path)
    no = rows[0]["户编号"]
    later = [dict(r) for r in rows if r["证件号码"] != rows[1]["证件号码"]]      # the spouse left out
    later[0]["脱贫年度"] = 2019
    plan = preview(db, write_roster(tmp_path / "第二次.xlsx", later))
    notes = [(p.level, p.household_no, p.reason) for p in plan.problems]
    assert plan.ok and len(notes) == 2
    assert any(n[0] == "提示" and n[1] == no and "脱贫年度与台账不同" in n[2] for n in notes)
    assert any(n[0] == "提示" and f"成员“{rows[1]['姓名']}”不在花名册中" in n[2] for n in notes)
    assert not plan.writes                       # nothing the import may change differs
    swapped = [dict(r) for r in rows]
    swapped[0]["与户主关系"], swapped[1]["与户主关系"] = "配偶", "户主"
    plan = preview(db, write_roster(tmp_path / "第三次.xlsx", swapped))
    assert [(p.row, p.column, p.reason) for p in plan.problems if p.level == "错误"] == [
        (4, "与户主关系", head_change_error().message), (5, "与户主关系", head_change_error().message)]
