"""Renovation eligibility (RULES.md R3.1, R3.3 the seven exclusions), house type from the household's
current size and the areas (R3.5), modes (R3.4)."""

import pytest

from pjdesk.cases.detail import case_detail

from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.renovation_rules import ExclusionAnswer
from pjdesk.cases.applicants import applicant_info, check_renovation
from pjdesk.cases.renovation_rules import EXCLUSIONS, house_standard
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.registry.households import change_status
from tests.cases.conftest import CASE_TABLES, D, application, count_rows, make_household, no_exclusions
from tests.conftest import TODAY


@pytest.mark.parametrize("code,condition", EXCLUSIONS)
def test_each_exclusion_that_holds_refuses_and_is_named_R3_3(db, code, condition):
    hh = make_household(db)
    before = count_rows(db, *CASE_TABLES)
    answers = no_exclusions({code: ExclusionAnswer(True, "经核查属实")})
    with pytest.raises(ValidationError) as err:
        open_renovation(db, application(hh, exclusions=answers), today=TODAY)
    assert err.value.field == f"exclusion_{code}"
    assert f"排除条件{code}“{condition}”" in err.value.message and "不符合危房改造条件" in err.value.message
    assert count_rows(db, *CASE_TABLES) == before


def test_every_exclusion_must_be_answered_with_a_note_R3_3(db):
    hh = make_household(db)
    answers = no_exclusions()
    del answers[6]
    with pytest.raises(ValidationError, match="排除条件6“不同意拆除旧房”尚未答复"):
        open_renovation(db, application(hh, exclusions=answers), today=TODAY)
    answers = no_exclusions({7: ExclusionAnswer(False, "  ")})
    with pytest.raises(ValidationError, match="排除条件7“子女有住房”须填写说明"):
        open_renovation(db, application(hh, exclusions=answers), today=TODAY)


def test_the_form_sees_every_problem_at_once(db):
    hh = make_household(db)
    a = application(hh, exclusions=no_exclusions({2: ExclusionAnswer(True, "有两套房"),
                                                  7: ExclusionAnswer(True, "儿子有房")}),
                    annex_area=12.0, assessment_agency="")
    fields = [e.field for e in check_renovation(db, a, today=TODAY)]
    assert fields == ["assessment_agency", "annex_area", "exclusion_2", "exclusion_7"]


def test_closed_household_may_not_apply_R3_1(db):
    hh = make_household(db)
    change_status(db, hh, "已销户", D(2026, 2, 1), "全户迁出", today=TODAY)
    with pytest.raises(RuleViolation, match="已销户，不是在册建档立卡贫困户"):
        open_renovation(db, application(hh), today=TODAY)
    assert "已销户" in applicant_info(db, hh).problem


def test_unknown_household_is_refused(db):
    with pytest.raises(Exception, match="户编号“999”不存在"):
        open_renovation(db, application("999"), today=TODAY)


@pytest.mark.parametrize("grade", ["A", "B"])
def test_house_not_dilapidated_is_refused_R3_1(db, grade):
    hh = make_household(db, grade=grade)
    with pytest.raises(ValidationError, match=f"房屋经鉴定为{grade}级，不属于危房.*排除条件5"):
        open_renovation(db, application(hh, danger_grade=grade), today=TODAY)


def test_dilapidated_house_needs_agency_and_date_R3_1(db):
    hh = make_household(db, grade="C")
    with pytest.raises(ValidationError, match="请填写鉴定机构"):
        open_renovation(db, application(hh, danger_grade="C", assessment_agency=""), today=TODAY)
    with pytest.raises(ValidationError, match="请填写鉴定日期"):
        open_renovation(db, application(hh, danger_grade="C", assessed_on=None), today=TODAY)
    with pytest.raises(ValidationError, match="鉴定日期2026-03-05不能晚于申请日期"):
        open_renovation(db, application(hh, danger_grade="C", assessed_on=D(2026, 3, 5)), today=TODAY)
    assert open_renovation(db, application(hh, danger_grade="C"), today=TODAY)


def test_household_without_a_house_needs_no_assessment_R3_1(db):
    hh = make_household(db, structure="无房", grade="")
    no = open_renovation(db, application(hh, build_type="分散新建", danger_grade="", assessment_agency="",
                                         assessed_on=None), today=TODAY)
    facts = case_detail(db, no, today=TODAY).facts
    assert (facts["house_structure"], facts["danger_grade"], facts["assessment_agency"]) == ("无房", "", "")


@pytest.mark.parametrize("size,house_type,homestead", [(1, 35, 55), (2, 35, 55), (3, 60, 100), (6, 60, 100)])
def test_house_type_follows_current_household_size_R3_5(db, size, house_type, homestead):
    assert house_standard(size).house_type == house_type and house_standard(size).homestead_max == homestead
    hh = make_household(db, size=size)
    no = open_renovation(db, application(hh, size=size), today=TODAY)
    d = case_detail(db, no, today=TODAY)
    assert d.facts["house_type"] == house_type and d.household_size == size


@pytest.mark.parametrize("size,field,value,message", [
    (3, "main_area", 61.0, "正房建筑面积61㎡超过户型标准：3人户执行60㎡户型，不超过60㎡"),
    (2, "main_area", 40.0, "正房建筑面积40㎡超过户型标准：2人户执行35㎡户型，不超过35㎡"),
    (3, "annex_area", 10.5, "附屋面积10.5㎡超过标准：不超过10㎡"),
    (3, "homestead_area", 101.0, "宅基占地面积101㎡超过标准：3人户执行60㎡户型，宅基占地不超过100㎡"),
    (1, "homestead_area", 56.0, "宅基占地面积56㎡超过标准：1人户执行35㎡户型，宅基占地不超过55㎡"),
    (3, "main_area", None, "请填写正房建筑面积"),
])
def test_planned_areas_are_validated_against_the_house_type_R3_5(db, size, field, value, message):
    hh = make_household(db, size=size)
    with pytest.raises(ValidationError) as err:
        open_renovation(db, application(hh, size=size, **{field: value}), today=TODAY)
    assert err.value.field == field and message in err.value.message


def test_repair_in_place_does_not_check_new_build_areas(db):
    hh = make_household(db, grade="C")
    assert open_renovation(db, application(hh, build_type="修缮加固", danger_grade="C", main_area=80.0,
                                                 homestead_area=None), today=TODAY)


def test_cluster_site_needs_ten_households_R3_5(db):
    hh = make_household(db)
    base = dict(mode="集中安置", build_type="集中新建", cluster_site="大山村集居点")
    with pytest.raises(ValidationError, match="集居点须安置10户以上（填写的是9户）"):
        open_renovation(db, application(hh, cluster_site_households=9, **base), today=TODAY)
    with pytest.raises(ValidationError, match="集中安置的建设方式须为集中新建"):
        open_renovation(db, application(hh, cluster_site_households=10, **{**base, "build_type": "原地重建"}),
                              today=TODAY)
    assert open_renovation(db, application(hh, cluster_site_households=10, **base), today=TODAY)


def test_applicant_info_gives_the_house_type_for_the_form(db):
    hh = make_household(db, size=2, grade="C")
    info = applicant_info(db, hh)
    assert (info.size, info.house_type, info.homestead_max, info.problem) == (2, 35, 55, "")
    assert "执行35㎡户型" in info.summary
