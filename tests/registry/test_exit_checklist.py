"""R1.5: marking a household 预脱贫 / 已脱贫 records the 两不愁三保障 checklist; it is refused — nothing
stored — while an item is 未达标, a typed 达标 contradicts what the registry knows, or the per-capita
income is below the year's income line."""

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from db.models import Household, StatusChange
from db.models.household_records import ExitCheck, ExitCheckItem
from pjdesk import settings
from pjdesk.errors import ValidationError
from pjdesk.registry import exit_rules
from pjdesk.registry import households as svc
from pjdesk.registry.exit_check import exit_facts, latest_check_passed, passing_checklist, prefilled_checklist
from pjdesk.registry.exit_rules import ChecklistItem, ExitFacts, MemberFacts, check_exit_checklist, parse_checklist
from pjdesk.registry.queries import household_detail
from tests.conftest import TODAY, household_input, person

ON = dt.date(2026, 9, 1)


def family(seq=1, *, child_school="小学", insured=True):
    return [person("张三丰", "户主", dt.date(1970, 5, 1), True, seq),
            person("李秀英", "配偶", dt.date(1972, 3, 8), False, seq + 1, has_medical_insurance=insured),
            person("张小明", "子", dt.date(2014, 7, 9), True, seq + 2, school_status=child_school)]


def make(db, seq=1, *, structure="砖混", grade="A", wage=12000, **kw):
    h = household_input(house_structure=structure, danger_grade=grade if structure != "无房" else "",
                        house_area=None if structure == "无房" else 80.0, wage_income=wage)
    return svc.create_household(db, h, family(seq, **kw), today=dt.date(2026, 1, 2))


def stored(db):
    with db.reader() as s:
        return (s.scalar(select(func.count()).select_from(StatusChange)),
                s.scalar(select(func.count()).select_from(ExitCheck)),
                s.scalar(select(func.count()).select_from(ExitCheckItem)))


def status(db, no):
    with db.reader() as s:
        return s.scalar(select(Household.status).where(Household.household_no == no))


def refused(db, no, checklist, words, to="预脱贫"):
    before = stored(db)
    with pytest.raises(ValidationError, match=words) as exc:
        svc.change_status(db, no, to, ON, "两不愁三保障核查", today=TODAY, checklist=checklist)
    assert stored(db) == before and status(db, no) == "未脱贫"
    return exc.value


def with_item(checklist, item, met, note=""):
    return [ChecklistItem(it.item, met, note) if it.item == item else it for it in checklist]


# ---------------------------------------------------------------- allowed, stored

def test_R1_5_exit_with_passing_checklist_is_stored_with_the_status_change(db):
    no = make(db)
    svc.change_status(db, no, "预脱贫", ON, "两不愁三保障达标", actor="王会计", today=TODAY,
                      checklist=passing_checklist(db, no, ON))
    with db.reader() as s:
        check = s.scalar(select(ExitCheck))
        change = s.scalar(select(StatusChange).where(StatusChange.to_status == "预脱贫"))
        assert check.status_change_id == change.id and check.to_status == "预脱贫"
        assert (check.year, check.household_size, check.net_income, check.per_capita_income) == (2026, 3, 12000, 4000.0)
        assert check.passed and check.recorded_by == "王会计" and check.income_line is None
        assert [(i.item, i.met) for i in check.items] == [(item, True) for item in exit_rules.ITEMS]
        assert latest_check_passed(s, check.household_id)
    d = household_detail(db, no)
    assert d.status == "预脱贫" and len(d.exit_checks) == 1
    assert d.exit_checks[0].items[4].note.startswith("住房砖混，A级")


def test_R1_5_confirming_exit_needs_its_own_checklist(db):
    no = make(db)
    svc.change_status(db, no, "预脱贫", ON, "达标", today=TODAY, checklist=passing_checklist(db, no, ON))
    with pytest.raises(ValidationError, match="核查表"):
        svc.change_status(db, no, "已脱贫", dt.date(2026, 11, 1), "三级核查", today=TODAY)
    svc.change_status(db, no, "已脱贫", dt.date(2026, 11, 1), "三级核查", today=TODAY,
                      checklist=passing_checklist(db, no, dt.date(2026, 11, 1)))
    assert [c.to_status for c in household_detail(db, no).exit_checks] == ["预脱贫", "已脱贫"]


def test_R1_5_other_transitions_need_no_checklist(db):
    no = make(db, structure="土木", grade="D")
    svc.change_status(db, no, "已销户", ON, "全户迁出", today=TODAY)
    assert stored(db)[1] == 0 and status(db, no) == "已销户"


# ---------------------------------------------------------------- refused, nothing stored

def test_R1_5_exit_refused_without_checklist(db):
    no = make(db)
    refused(db, no, None, "须填写“两不愁三保障”核查表")


def test_R1_5_exit_refused_when_an_item_is_missing(db):
    no = make(db)
    refused(db, no, passing_checklist(db, no, ON)[:4], "缺少“住房安全有保障”")


@pytest.mark.parametrize("item", ["不愁吃", "不愁穿"])
def test_R1_5_exit_refused_when_food_or_clothing_is_typed_not_met(db, item):
    no = make(db)
    err = refused(db, no, with_item(passing_checklist(db, no, ON), item, False, "口粮不足"),
                  f"“{item}”未达标：口粮不足，不能标记为“预脱贫”")
    assert err.field == exit_rules.ITEM_KEYS[item]


@pytest.mark.parametrize("grade", ["C", "D"])
def test_R1_5_exit_refused_when_housing_with_a_C_or_D_house(db, grade):
    no = make(db, structure="土木", grade=grade)
    err = refused(db, no, passing_checklist(), f"“住房安全有保障”不能填“达标”：住房为{grade}级危房（土木）")
    assert err.field == "housing" and "没有通过竣工验收" in str(err)


def test_R1_5_exit_refused_when_housing_with_no_house(db):
    no = make(db, structure="无房")
    refused(db, no, passing_checklist(), "住房为无房")


def test_R1_5_exit_refused_when_education_with_a_school_age_member_out_of_school(db):
    no = make(db, child_school="非在校生")
    err = refused(db, no, passing_checklist(), "“义务教育有保障”不能填“达标”：.*张小明（12岁）为非在校生")
    assert err.field == "education"


def test_R1_5_education_counts_age_on_the_check_date(db):
    """A member who turned 16 before the check date is past compulsory schooling."""
    facts = ExitFacts(dt.date(2026, 9, 1), (MemberFacts("张大明", dt.date(2010, 8, 31), "非在校生", True),
                                            MemberFacts("张小华", dt.date(2020, 9, 2), "非在校生", True)),
                      "砖混", "A", "", 5000, None)
    assert exit_rules.fact_failures(facts) == {}
    six = replace(facts, members=(MemberFacts("张小华", dt.date(2020, 9, 1), "非在校生", True),))
    assert "张小华（6岁）" in exit_rules.fact_failures(six)["义务教育有保障"]


def test_R1_5_exit_refused_when_medical_with_a_member_uninsured(db):
    no = make(db, insured=False)
    err = refused(db, no, passing_checklist(), "“基本医疗有保障”不能填“达标”：家庭成员李秀英未参加城乡居民医保")
    assert err.field == "medical"


def test_R1_5_exit_refused_when_income_below_the_years_line(db):
    no = make(db, wage=9000)                          # 3000 元 per person
    with db.transaction() as s:
        settings.set_(s, "exit_income_lines", {"2026": 3146, "2025": 2900})
    err = refused(db, no, passing_checklist(), "2026年人均纯收入3,000.00元，低于当年脱贫收入标准3146元/人/年")
    assert err.field == "income"


def test_R1_5_income_line_of_the_year_met_is_stored(db):
    no = make(db, wage=9600)                          # 3200 元 per person
    with db.transaction() as s:
        settings.set_(s, "exit_income_lines", {"2026": 3146})
    svc.change_status(db, no, "预脱贫", ON, "达标", today=TODAY, checklist=passing_checklist())
    assert household_detail(db, no).exit_checks[0].income_line == 3146


def test_R1_5_note_too_long_refused(db):
    no = make(db)
    refused(db, no, with_item(passing_checklist(), "不愁穿", True, "衣" * 201), "说明最多200字")


def test_R1_5_prefill_shows_the_failing_facts_as_not_met(db):
    no = make(db, structure="土木", grade="D", child_school="非在校生")
    items = {it.item: it for it in prefilled_checklist(db, no, ON)}
    assert not items["住房安全有保障"].met and "D级危房" in items["住房安全有保障"].note
    assert not items["义务教育有保障"].met and "张小明" in items["义务教育有保障"].note
    assert items["基本医疗有保障"].met and items["不愁吃"].met
    # the prefilled checklist itself is refused (the failing items are 未达标)
    errors = check_exit_checklist(list(items.values()), exit_facts(db, no, ON), to_status="预脱贫")
    assert {e.field for e in errors} == {"housing", "education"}


# ---------------------------------------------------------------- the renovation passed acceptance

def _accepted_renovation(db, no):
    from pjdesk.cases.construction import AcceptanceInput, record_acceptance, record_construction
    from pjdesk.cases.renovation import open_renovation
    from tests.cases.conftest import Driver, application

    case_no = open_renovation(db, application(no), entered_by="测试", today=TODAY)
    d = Driver(db, case_no)
    d.to_stage("实施")
    for event in ("拆旧协议", "拆旧完成", "开工", "施工检查"):
        record_construction(db, case_no, event, d.later(2), person="县住建局质监站", today=TODAY)
    d.decide(opinion="主体完工", by="施工负责人")
    return case_no, d, lambda: record_acceptance(
        db, case_no, AcceptanceInput(d.later(5), "县住建局、乡镇、村", "合格", 60, 10), today=TODAY)


def test_R1_5_exit_allowed_after_the_households_renovation_passed_acceptance(db):
    from tests.cases.conftest import make_household

    no = make_household(db, structure="土木", grade="D")
    with db.transaction() as s:
        s.scalar(select(Household).where(Household.household_no == no)).wage_income = 12000
    case_no, d, accept = _accepted_renovation(db, no)
    before = stored(db)
    with pytest.raises(ValidationError, match="住房为D级危房"):   # built, not yet accepted
        svc.change_status(db, no, "预脱贫", d.day, "达标", today=TODAY, checklist=passing_checklist())
    assert stored(db) == before
    accept()
    with pytest.raises(ValidationError, match="住房为D级危房"):   # dated before the acceptance
        svc.change_status(db, no, "预脱贫", d.day - dt.timedelta(days=2), "达标", today=TODAY,
                          checklist=passing_checklist())
    on = d.later(1)
    items = passing_checklist(db, no, on)
    assert case_no in items[4].note or "A级" in items[4].note or "B级" in items[4].note
    svc.change_status(db, no, "预脱贫", on, "危房改造竣工验收合格，两不愁三保障达标", today=TODAY, checklist=items)
    assert household_detail(db, no).status == "预脱贫"


def test_R1_5_housing_fact_holds_with_an_accepted_case_number():
    facts = ExitFacts(ON, (MemberFacts("张三", dt.date(1970, 1, 1), "非在校生", True),), "土木", "D",
                      "PJ-WG-2026-0001", 5000, None)
    assert exit_rules.fact_failures(facts) == {}
    assert "PJ-WG-2026-0001已通过竣工验收" in exit_rules.fact_notes(facts)["住房安全有保障"]


# ---------------------------------------------------------------- the JSON form of a checklist

def test_R1_5_parse_checklist_refuses_bad_entries():
    good = exit_rules.checklist_as_json(exit_rules.passing_items())
    assert parse_checklist(good) == exit_rules.passing_items()
    for bad, words in [([], "须为JSON对象"), ({"不愁住": {"result": "达标"}}, "项目“不愁住”无效"),
                       ({"不愁吃": "达标"}, "应为"), ({"不愁吃": {"result": "是"}}, "结果“是”无效"),
                       ({"不愁吃": {"result": "达标", "note": 5}}, "说明应为文字")]:
        with pytest.raises(ValidationError, match=words):
            parse_checklist(bad)
    assert parse_checklist({" 不愁吃 ": {"result": "未达标 ", "note": float("nan")}}) == [
        ChecklistItem("不愁吃", False, "")]


def test_R1_5_housing_is_judged_on_the_house_of_the_check_date(db):
    """A house change dated after the check (a 竣工验收 that made the D house A) does not count for it."""
    from db.models.household_records import HouseChange

    no = make(db, structure="砖混", grade="A")
    with db.transaction() as s:
        hid = s.scalar(select(Household.id).where(Household.household_no == no))
        s.add(HouseChange(household_id=hid, changed_on=dt.date(2026, 10, 1), source="危房改造 竣工验收",
                          old_structure="土木", old_grade="D", new_structure="砖混", new_grade="A"))
    refused(db, no, passing_checklist(), "住房为D级危房（土木）")          # ON = 2026-09-01: still D
    svc.change_status(db, no, "预脱贫", dt.date(2026, 10, 2), "达标", today=TODAY, checklist=passing_checklist())
    assert status(db, no) == "预脱贫"
