"""The demo township passes its own checks (issue 10): what a county inspector would check first —
the household types against the member flags (RULES.md R1.7), house facts of 无房 households, the
两不愁三保障 checks of exited households (R1.5) and the 六看一听 survey of every household (R1.3).
Built by ``pjdesk.demo.build_demo`` (the ``demo_db`` fixture: 300 households, every area's demo step)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.models import Household
from db.models.household_records import ExitCheck, HouseholdSurvey
from pjdesk.cases.household_status import accepted_housing_case
from pjdesk.registry import vocab
from pjdesk.registry.exit_check import exit_facts_in
from pjdesk.registry.exit_rules import fact_failures
from pjdesk.registry.rules import age_on, check_type_flags

EXITED = (vocab.STATUS_PRE_EXIT, vocab.STATUS_EXITED)


@pytest.fixture
def households(demo_db):
    with demo_db.reader() as s:
        rows = list(s.scalars(select(Household).options(selectinload(Household.members))))
        yield s, rows


def test_R1_5_no_exited_household_lives_in_a_C_D_house_or_without_a_house_unless_a_case_passed_acceptance(households):
    s, rows = households
    exited = [h for h in rows if h.status in EXITED]
    assert len(exited) > 50
    unsafe = [h.household_no for h in exited
              if (h.house_structure == vocab.NO_HOUSE or h.danger_grade in ("C", "D"))
              and not accepted_housing_case(s, h.id)]
    assert unsafe == []


def test_R1_5_every_exited_household_has_a_passed_exit_check_that_the_facts_bear_out(households):
    s, rows = households
    checks = {}
    for c in s.scalars(select(ExitCheck).options(selectinload(ExitCheck.items)).order_by(ExitCheck.id)):
        checks[c.household_id] = c                 # the latest
    for h in rows:
        if h.status not in EXITED:
            continue
        c = checks.get(h.id)
        assert c is not None and c.passed, h.household_no
        assert c.to_status == h.status and c.status_change_id is not None
        assert [i.item for i in c.items] == ["不愁吃", "不愁穿", "义务教育有保障", "基本医疗有保障", "住房安全有保障"]
        assert all(i.met for i in c.items)
        assert fact_failures(exit_facts_in(s, h, c.checked_on)) == {}, h.household_no
        assert c.household_size == h.size and c.net_income == h.net_income


def test_R1_7_every_dibao_household_has_a_dibao_member_and_wubao_households_are_elderly_without_children(households):
    _s, rows = households
    types = Counter(h.type for h in rows)
    assert types["低保户"] and types["低保贫困户"] and types["五保户"]
    for h in rows:
        if h.status == vocab.STATUS_CLOSED:
            continue
        members = h.current_members
        on = min(m.joined_on for m in members)              # the 建档 date
        assert check_type_flags(h.type, members, today=on) == [], h.household_no
        if h.type in vocab.DIBAO_TYPES:
            assert any(m.is_dibao for m in members)
        if h.type == vocab.WUBAO_TYPE:
            assert 1 <= len(members) <= 2
            assert all(age_on(m.birth_date, on) >= 60 and m.relation not in vocab.CHILD_RELATIONS for m in members)
            assert all(m.is_tekun for m in members)
        else:
            assert not any(m.is_dibao for m in members) or h.type in vocab.DIBAO_TYPES


def test_R1_7_member_flags_fit_the_ages_and_the_health(households):
    _s, rows = households
    seen = Counter()
    for h in rows:
        for m in h.members:
            age = age_on(m.birth_date, m.joined_on)          # the record's date
            assert (m.health == "残疾") == bool(m.disability_grade), (h.household_no, m.name)
            assert not m.is_left_behind_child or age < 16
            assert not m.is_left_behind_elder or age >= 60
            seen.update(k for k in ("is_dibao", "is_tekun", "is_left_behind_child", "is_left_behind_elder")
                        if getattr(m, k))
            seen["残疾"] += m.health == "残疾"
        seen["policy_guarantee"] += h.policy_guarantee
        if h.policy_guarantee:       # 政策兜底: 五保户 / 低保户 without labour
            assert h.type != "一般贫困户"
            assert all(m.labour_ability in ("无劳动力", "丧失劳动力") for m in h.members)
    assert all(seen[k] >= 3 for k in ("is_dibao", "is_tekun", "is_left_behind_child", "is_left_behind_elder",
                                      "残疾", "policy_guarantee")), seen


def test_R1_7_no_house_households_carry_no_house_facts(households):
    _s, rows = households
    no_house = [h for h in rows if h.house_structure == vocab.NO_HOUSE]
    assert no_house
    assert [(h.household_no, h.house_area, h.house_built_year, h.danger_grade) for h in no_house
            if h.house_area is not None or h.house_built_year is not None or h.danger_grade] == []


def test_R1_3_every_household_has_a_survey_in_its_identified_year(households):
    s, rows = households
    surveys = {}
    for sv in s.scalars(select(HouseholdSurvey)):
        surveys.setdefault(sv.household_id, []).append(sv)
    for h in rows:
        assert h.id in surveys, h.household_no
        sv = surveys[h.id][0]
        assert sv.surveyed_on.year == h.identified_year and sv.surveyors
        assert all((getattr(sv, k) or "").strip() for k in ("look_car", "look_house", "look_poverty", "look_cause",
                                                            "look_school", "look_labour", "listen"))
