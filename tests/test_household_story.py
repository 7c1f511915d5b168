"""A household's whole story across the registry and its cases (issue 10 review): a later step never
contradicts an earlier one — a house downgraded after its renovation is unsafe again, a renovation in
progress means the house is not yet safe, the registry's D grade is never repaired, a repair stores no
house-type areas, and the 拟脱贫户公示 re-reads the record instead of trusting an old check."""

import datetime as dt

import pytest
from sqlalchemy import select, update

from db.models import Household
from pjdesk.cases.detail import case_detail
from pjdesk.cases.renovation import open_renovation
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.registry import households as svc
from pjdesk.registry.exit_check import passing_checklist
from pjdesk.registry.printouts import EXIT, RegistryPostingRequest, exit_left_out_note, registry_posting
from tests.cases.conftest import Driver, application, make_household
from tests.conftest import TODAY, household_input, person

D = dt.date


def _set_house(db, no, structure, grade) -> None:
    """What the clerk records on the 住房 tab (setup, not the action under test)."""
    with db.transaction() as s:
        s.execute(update(Household).where(Household.household_no == no)
                  .values(house_structure=structure, danger_grade=grade))


def _status(db, no) -> str:
    with db.reader() as s:
        return s.scalar(select(Household.status).where(Household.household_no == no))


def test_R1_5_a_house_downgraded_after_its_renovation_is_unsafe_again(db):
    hh = make_household(db)                                    # 土木, D
    no = open_renovation(db, application(hh), entered_by="测试", today=TODAY)
    d = Driver(db, no)
    d.to_stage("实施")
    d.accept()                                                 # the house is now 砖混, A (a HouseChange row)
    _set_house(db, hh, "砖混", "D")                             # a flood later: re-assessed D
    with pytest.raises(ValidationError, match="住房为D级危房") as exc:
        svc.change_status(db, hh, "预脱贫", TODAY, "两不愁三保障达标", today=TODAY, checklist=passing_checklist())
    assert exc.value.field == "housing" and _status(db, hh) == "未脱贫"


def test_R1_5_a_renovation_in_progress_means_the_house_is_not_yet_safe(db):
    hh = make_household(db, structure="砖混", grade="C")
    no = open_renovation(db, application(hh, danger_grade="C"), entered_by="测试", today=TODAY)
    _set_house(db, hh, "砖混", "B")                             # the record says safe, the open case says C
    with pytest.raises(ValidationError, match=f"{no}正在办理"):
        svc.change_status(db, hh, "预脱贫", TODAY, "两不愁三保障达标", today=TODAY, checklist=passing_checklist())
    assert _status(db, hh) == "未脱贫"


def test_R3_a_house_recorded_D_is_not_repaired_whatever_grade_is_typed(db):
    hh = make_household(db, grade="D")
    with pytest.raises(ValidationError, match="台账登记为D级危房") as exc:
        open_renovation(db, application(hh, build_type="修缮加固", danger_grade="C"), entered_by="测试", today=TODAY)
    assert exc.value.field == "build_type"


def test_R3_a_repair_stores_no_house_type_areas_and_areas_are_bounded(db):
    hh = make_household(db, grade="C")
    no = open_renovation(db, application(hh, build_type="修缮加固", danger_grade="C", main_area=80.0,
                                         homestead_area=120.0), entered_by="测试", today=TODAY)
    facts = case_detail(db, no).facts
    assert facts["house_type"] == 0 and facts.get("main_area") is None and facts.get("homestead_area") is None
    other = make_household(db)
    for bad in (float("inf"), float("nan"), -5.0, 1e300):
        with pytest.raises(ValidationError, match="正房建筑面积"):
            open_renovation(db, application(other, main_area=bad), entered_by="测试", today=TODAY)


def _pre_exit_household(db) -> str:
    h = household_input(village="大山村", group=2, house_structure="砖混", danger_grade="A", wage_income=20000)
    no = svc.create_household(db, h, [person("钱小红", "户主", D(1970, 2, 2), False, 1)], today=D(2026, 1, 2))
    svc.change_status(db, no, "预脱贫", D(2026, 10, 1), "两不愁三保障达标", today=TODAY,
                      checklist=passing_checklist(db, no, D(2026, 10, 1)))
    return no


def test_R1_4_marking_pre_exit_plans_the_exit_for_that_year_when_no_year_was_planned(db):
    no = _pre_exit_household(db)
    with db.reader() as s:
        assert s.scalar(select(Household.planned_exit_year).where(Household.household_no == no)) == 2026
    assert [r.head_name for r in registry_posting(db, RegistryPostingRequest(EXIT, "大山村", 2026, D(2026, 11, 2))).rows] \
        == ["钱小红"]


def test_R1_5_exit_posting_leaves_out_a_household_whose_record_no_longer_holds(db):
    no = _pre_exit_household(db)
    svc.add_member(db, no, person("钱小明", "子", D(2014, 5, 6), True, 2, school_status="非在校生"),
                   today=TODAY)                                # a 12-year-old who left school, after the check
    req = RegistryPostingRequest(EXIT, "大山村", 2026, D(2026, 11, 2))
    with pytest.raises(RuleViolation):
        registry_posting(db, req)
    assert exit_left_out_note(db, req).startswith("1户")
