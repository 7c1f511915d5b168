"""易地扶贫搬迁 cases (issue 11, RULES.md R4.1–R4.7): eligibility, willingness, allocation, the whole life."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import Household
from db.models.household_records import HouseChange
from db.models.relocation import RelocationDetail
from pjdesk.cases.relocation import open_relocation
from pjdesk.cases.relocation_steps import (
    StepInput, record_agreement, record_demolition, record_follow_up, record_move_in,
)
from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.decisions import DecisionInput, decide
from pjdesk.cases.detail import case_detail
from pjdesk.cases.sites import site_rows
from pjdesk.errors import PjdeskError, RuleViolation, ValidationError
from tests.cases.conftest import CASE_TABLES, application, count_rows, make_household
from tests.cases.relocation_helpers import RelocationDriver, member_ids, relocation, site
from pjdesk.registry.exit_check import exit_facts
from pjdesk.registry.exit_rules import HOUSING, fact_failures
from tests.conftest import TODAY

D = dt.date
TABLES = CASE_TABLES + ("relocation_detail", "relocation_mover", "relocation_event", "house_change")


def _open(db, a):
    return open_relocation(db, a, entered_by="测试", today=TODAY)


def test_R4_1_a_household_with_a_brick_house_is_refused_and_nothing_is_written(db):
    site(db)
    hh = make_household(db, structure="砖木", grade="C")
    before = count_rows(db, *TABLES)
    with pytest.raises(ValidationError, match="无房户或仅有一套土坯结构住房"):
        _open(db, relocation(hh))
    assert count_rows(db, *TABLES) == before


def test_R4_1_an_adobe_house_must_be_the_only_house(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    with pytest.raises(ValidationError, match="唯一一套住房"):
        _open(db, relocation(hh, sole_house=None))
    assert _open(db, relocation(hh)).startswith("搬迁-2026-")


def test_R4_1_a_houseless_household_is_eligible(db):
    site(db)
    hh = make_household(db, structure="无房", grade="")
    assert _open(db, relocation(hh, sole_house=None)) == "搬迁-2026-0001"


def test_R4_2_without_a_signed_willingness_the_household_is_refused(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    with pytest.raises(ValidationError, match="群众自愿"):
        _open(db, relocation(hh, willing_signed_on=None))
    with pytest.raises(ValidationError, match="签字的人"):
        _open(db, relocation(hh, willing_signer=" "))
    with pytest.raises(ValidationError, match="不能晚于申请日期"):
        _open(db, relocation(hh, willing_signed_on=D(2026, 3, 5)))


def test_R4_2_companions_moving_along_are_recorded_with_a_note(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    with pytest.raises(ValidationError, match="写明同步搬迁人员"):
        _open(db, relocation(hh, companions=1))
    no = _open(db, relocation(hh, companions=1, companions_note="李某（户主之母，户籍在外村）", area=100.0))
    facts = case_detail(db, no, today=TODAY).facts
    assert facts["persons"] == 4 and facts["companions_note"].startswith("李某")


def test_R4_1_an_open_renovation_case_blocks_a_relocation_and_the_reverse(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    reno = open_renovation(db, application(hh), entered_by="测试", today=TODAY)
    with pytest.raises(RuleViolation, match=f"已有办理中的危房改造案件{reno}.*不能同时办理易地搬迁和危房改造"):
        _open(db, relocation(hh))
    other = make_household(db, structure="土坯", grade="D")
    _open(db, relocation(other, unit="1栋101"))
    with pytest.raises(RuleViolation, match="已有办理中的易地搬迁案件"):
        open_renovation(db, application(other), entered_by="测试", today=TODAY)


def test_R4_4_a_full_site_refuses_unless_an_over_plan_approval_is_recorded(db):
    site(db, planned=1)
    first = make_household(db, structure="无房", grade="")
    _open(db, relocation(first, unit="1栋101"))
    second = make_household(db, structure="无房", grade="")
    before = count_rows(db, *TABLES)
    with pytest.raises(ValidationError, match="规划安置1户，已分配1户，没有剩余容量"):
        _open(db, relocation(second, unit="1栋102"))
    assert count_rows(db, *TABLES) == before
    with pytest.raises(ValidationError, match="超规划审批人和理由"):
        _open(db, relocation(second, unit="1栋102", over_plan_reason="同村整体搬迁"))
    # the over-plan approval is an approval (R1.9): a 录入员 typing an approver's name is refused
    from pjdesk.auth.roles import RoleRequired
    from tests.auth.conftest import add_and_login
    from pjdesk.auth.users import login

    add_and_login(db, "lu", "录入员", "陆录入")
    with pytest.raises(RoleRequired, match="审核员或管理员"):
        _open(db, relocation(second, unit="1栋102", over_plan_reason="同村整体搬迁，县发改局同意",
                             over_plan_approved_by="县发改局王科长"))
    assert count_rows(db, *TABLES) == before
    login(db, "admin", "demo")
    no = _open(db, relocation(second, unit="1栋102", over_plan_reason="同村整体搬迁，县发改局同意",
                              over_plan_approved_by="县发改局王科长"))
    facts = case_detail(db, no, today=TODAY).facts
    assert facts["over_plan_approved_by"] == "县发改局王科长"
    row = next(r for r in site_rows(db) if r.code == "T-1")
    assert (row.allocated_households, row.capacity_left) == (2, -1)


def test_R4_2_a_member_moving_twice_is_refused(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    ids = member_ids(db, hh)
    with pytest.raises(ValidationError, match="出现两次"):
        _open(db, relocation(hh, movers=[ids[0], ids[0], ids[1]], area=75.0))
    no = _open(db, relocation(hh, movers=ids[:2], area=50.0))
    # the household's case holds those two members: asking for them again (the dialog's check, or a
    # second application once this case is closed) is refused naming the case
    from pjdesk.cases.relocation import check_in

    with db.reader() as s:
        _, _, errors = check_in(s, relocation(hh, movers=ids[1:], area=25.0, unit="9栋9"), today=TODAY)
    assert [e.field for e in errors] == ["movers"]
    assert f"已在易地搬迁案件{no}中安排搬迁，每名成员只能搬迁一次" in str(errors[0])
    with db.reader() as s:
        _, _, errors = check_in(s, relocation(hh, movers=ids[2:], area=25.0, unit="9栋9"), today=TODAY)
    assert errors == []


def test_R4_2_movers_must_be_current_members_of_the_household(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    other = make_household(db, structure="土坯", grade="D")
    with pytest.raises(ValidationError, match="须为该户在册成员"):
        _open(db, relocation(hh, movers=member_ids(db, other)[:1], area=25.0))


def test_R4_area_per_person_is_checked_against_the_setting(db):
    site(db, types="")
    hh = make_household(db, structure="土坯", grade="D", size=3)
    with pytest.raises(ValidationError, match=r"人均不超过25㎡（3人，最多75㎡"):
        _open(db, relocation(hh, area=80.0))
    from pjdesk import settings

    with db.transaction() as s:
        settings.update(s, {"relocation_area_per_person": 20})
    with pytest.raises(ValidationError, match="人均不超过20㎡"):
        _open(db, relocation(hh, area=75.0))
    with pytest.raises(ValidationError, match="25"):
        with db.transaction() as s:
            settings.update(s, {"relocation_area_per_person": 30})   # the national rule is a ceiling
    assert _open(db, relocation(hh, area=60.0))


@pytest.mark.parametrize("area", [float("nan"), float("inf"), -5.0, 0.0, 10_000.0])
def test_R4_area_must_be_a_real_number_in_range(db, area):
    site(db)
    hh = make_household(db, structure="无房", grade="")
    with pytest.raises(ValidationError, match="安置住房面积"):
        _open(db, relocation(hh, area=area))


def test_R4_4_the_site_house_types_limit_the_area(db):
    site(db, types="50,75")
    hh = make_household(db, structure="无房", grade="")
    with pytest.raises(ValidationError, match="提供的户型为50㎡、75㎡"):
        _open(db, relocation(hh, area=60.0))
    site(db, "V-1", types="", follows=True, kind="村级")
    with pytest.raises(ValidationError, match="执行危房改造户型标准：2人户不超过35㎡"):
        _open(db, relocation(hh, "V-1", movers=member_ids(db, hh)[:2], area=50.0))


def test_R4_7_the_case_shows_standard_not_set_when_no_rate_is_set(db):
    site(db)
    hh = make_household(db, structure="无房", grade="")
    no = _open(db, relocation(hh))
    assert case_detail(db, no, today=TODAY).facts["subsidy_standard"] == "标准未设定"
    from pjdesk import settings

    with db.transaction() as s:
        settings.update(s, {"relocation_rates": {"2026": 2000}})
    assert case_detail(db, no, today=TODAY).facts["subsidy_standard"].startswith("2000元/人×3人＝6000元")


def _approved(db, hh, **kw):
    no = _open(db, relocation(hh, **kw))
    drv = RelocationDriver(db, no)
    drv.to_stage("实施")           # through 三榜公示 (the driver's last approval step)
    return no, drv


def _step(drv, days=2, **kw):
    return StepInput(drv.later(days), **kw)


def test_R4_the_whole_life_of_a_case_to_archive_with_move_in_and_demolition_recorded(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    no, drv = _approved(db, hh)
    assert case_detail(db, no, today=TODAY).stage == "搬迁入住"
    with pytest.raises(RuleViolation, match="尚未签订搬迁协议"):
        record_move_in(db, no, _step(drv, person="李户主"), entered_by="测试", today=TODAY)
    record_agreement(db, no, "搬迁协议", _step(drv, person="户主本人"), entered_by="测试", today=TODAY)
    record_agreement(db, no, "拆旧复垦协议", _step(drv, person="户主本人"), entered_by="测试", today=TODAY)
    moved_on = drv.later(3)
    assert record_move_in(db, no, StepInput(moved_on, person="户主本人", note="钥匙2把"),
                          entered_by="测试", today=TODAY) == "旧房拆除"
    with db.reader() as s:
        h = s.scalar(select(Household).where(Household.household_no == hh))
        assert (h.house_structure, h.house_area, h.danger_grade) == ("砖混", 75.0, "A")
        assert h.address == "测试安置区T-13栋502"
        change = s.scalar(select(HouseChange).where(HouseChange.household_id == h.id))
        assert change.old_structure == "土坯" and change.source.endswith("搬迁入住") and change.changed_on == moved_on
    with pytest.raises(RuleViolation, match="尚未拆除并验收"):
        decide(db, no, DecisionInput("通过", "", "乡镇", drv.later()), entered_by="测试", today=TODAY)
    with pytest.raises(RuleViolation, match="尚未录入旧房拆除日期"):
        record_demolition(db, no, "拆除验收", _step(drv, person="验收组"), entered_by="测试", today=TODAY)
    record_demolition(db, no, "旧房拆除", _step(drv), entered_by="测试", today=TODAY)
    assert record_demolition(db, no, "拆除验收", _step(drv, person="乡镇验收组", note="已复垦"),
                             entered_by="测试", today=TODAY) == "后续扶持"
    with pytest.raises(RuleViolation, match="尚未录入后续扶持记录"):
        decide(db, no, DecisionInput("通过", "", "乡镇", drv.later()), entered_by="测试", today=TODAY)
    with pytest.raises(ValidationError, match="后续扶持类别"):
        record_follow_up(db, no, _step(drv, category="旅游", note="x"), entered_by="测试", today=TODAY)
    record_follow_up(db, no, _step(drv, category="就业", note="安排到园区扶贫车间务工"), entered_by="测试", today=TODAY)
    record_follow_up(db, no, _step(drv, category="入学", note="子女转入镇中心小学"), entered_by="测试", today=TODAY)
    assert decide(db, no, DecisionInput("通过", "", "乡镇扶贫站", drv.later()), entered_by="测试", today=TODAY) == "归档"
    d = case_detail(db, no, today=TODAY)
    assert d.status == "已归档"
    assert d.facts["old_house_state"] == "已拆除"
    assert [e["event"] for e in d.facts["events"]] == ["搬迁协议", "拆旧复垦协议", "搬迁入住", "旧房拆除", "拆除验收",
                                                       "后续扶持", "后续扶持"]
    assert d.facts["demolition_due_on"] is not None
    row = next(r for r in site_rows(db) if r.code == "T-1")
    assert (row.allocated_households, row.moved_in_households, row.moved_in_persons) == (1, 1, 3)


def test_R4_a_houseless_household_skips_demolition(db):
    site(db)
    hh = make_household(db, structure="无房", grade="")
    no, drv = _approved(db, hh)
    with pytest.raises(RuleViolation, match="无需签订拆旧复垦协议"):
        record_agreement(db, no, "拆旧复垦协议", _step(drv, person="户主"), entered_by="测试", today=TODAY)
    record_agreement(db, no, "搬迁协议", _step(drv, person="户主"), entered_by="测试", today=TODAY)
    record_move_in(db, no, _step(drv, person="户主"), entered_by="测试", today=TODAY)
    assert decide(db, no, DecisionInput("通过", "无旧房", "乡镇", drv.later()), entered_by="测试", today=TODAY) == "后续扶持"
    with db.reader() as s:
        assert s.get(RelocationDetail, case_detail(db, no, today=TODAY).id).demolition_due_on is None


def test_R4_move_in_is_refused_before_the_site_is_delivered(db):
    site(db, status="在建")
    hh = make_household(db, structure="无房", grade="")
    no, drv = _approved(db, hh)
    record_agreement(db, no, "搬迁协议", _step(drv, person="户主"), entered_by="测试", today=TODAY)
    with pytest.raises(RuleViolation, match="尚未交付"):
        record_move_in(db, no, _step(drv, person="户主"), entered_by="测试", today=TODAY)


def test_R1_5_the_exit_check_passes_its_housing_item_after_move_in(db):
    from pjdesk.cases.household_status import accepted_housing_case, open_housing_case

    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    no, drv = _approved(db, hh)
    with db.reader() as s:
        hid = s.scalar(select(Household.id).where(Household.household_no == hh))
        assert open_housing_case(s, hid, drv.day) == no
    before = drv.day
    assert HOUSING in fact_failures(exit_facts(db, hh, before))
    record_agreement(db, no, "搬迁协议", _step(drv, person="户主"), entered_by="测试", today=TODAY)
    record_move_in(db, no, _step(drv, person="户主"), entered_by="测试", today=TODAY)
    with db.reader() as s:
        assert open_housing_case(s, hid, drv.day) == ""
        assert accepted_housing_case(s, hid, drv.day) == ""   # it wrote the house record: the record vouches
    assert HOUSING not in fact_failures(exit_facts(db, hh, drv.day))
    assert HOUSING in fact_failures(exit_facts(db, hh, before))   # on the day before the move, still adobe


def test_R4_a_decision_dated_before_a_recorded_relocation_step_is_refused(db):
    site(db)
    hh = make_household(db, structure="无房", grade="")
    no, drv = _approved(db, hh)
    record_agreement(db, no, "搬迁协议", _step(drv, person="户主"), entered_by="测试", today=TODAY)
    record_move_in(db, no, _step(drv, person="户主"), entered_by="测试", today=TODAY)
    record_follow_up(db, no, StepInput(drv.later(20), category="产业", note="入股茶叶合作社"), entered_by="测试",
                     today=TODAY)
    with pytest.raises(PjdeskError, match="早于.*搬迁记录"):        # the shared date order (state.last_step)
        decide(db, no, DecisionInput("通过", "无旧房", "乡镇", drv.day - dt.timedelta(days=5)), entered_by="测试",
               today=TODAY)


def test_R4_2_the_yearly_ledger_counts_cases_per_year_and_village(db):
    from pjdesk.cases.relocation_queries import ledger

    site(db)
    a = make_household(db, structure="无房", grade="")
    b = make_household(db, structure="土坯", grade="D", village="大兴村")
    c = make_household(db, structure="无房", grade="")
    _open(db, relocation(a, unit="1"))
    _open(db, relocation(b, unit="2", companions=1, companions_note="户主之母", area=100.0))
    refused = _open(db, relocation(c, unit="3", applied_on=D(2025, 6, 1), willing_signed_on=D(2025, 5, 30)))
    decide(db, refused, DecisionInput("不予通过", "另有住房", "村委会", D(2025, 6, 3)), entered_by="测试", today=TODAY)
    rows = {(r.year, r.village): r for r in ledger(db)}
    assert set(rows) == {(2025, "大山村"), (2026, "大山村"), (2026, "大兴村")}
    assert (rows[(2026, "大兴村")].households, rows[(2026, "大兴村")].persons) == (1, 4)
    assert (rows[(2025, "大山村")].cases, rows[(2025, "大山村")].households, rows[(2025, "大山村")].refused) == (1, 0, 1)
    assert {(r.year, r.village) for r in ledger(db, 2026)} == {(2026, "大山村"), (2026, "大兴村")}


@pytest.mark.parametrize("change,field", [
    ({"willing_signer": "长" * 41}, "willing_signer"), ({"unit": "号" * 41}, "unit"),
    ({"note": "字" * 501}, "note"), ({"willing_signed_on": D(9999, 12, 31)}, "willing_signed_on"),
    ({"applied_on": D(9999, 12, 31)}, "applied_on"), ({"companions": 10 ** 9}, "companions"),
])
def test_R4_huge_text_far_dates_and_counts_are_refused_by_field(db, change, field):
    from pjdesk.cases.relocation import check_in

    site(db)
    hh = make_household(db, structure="无房", grade="")
    with db.reader() as s:
        _, _, errors = check_in(s, relocation(hh, **change), today=TODAY)
    assert field in {e.field for e in errors}
