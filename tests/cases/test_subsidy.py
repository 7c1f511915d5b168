"""Subsidy standards (RULES.md R3.7) from the rate table, every row; the copy kept at approval so a
later standard never touches an approved case; the plan's budget arithmetic (R3.8)."""

import pytest

from pjdesk.cases.detail import case_detail

from pjdesk.cases.renovation import open_renovation

from pjdesk.cases.subsidy import add_rate, list_rates
from pjdesk.cases.subsidy import RateInput
from pjdesk.cases.subsidy import rates_on
from pjdesk.errors import ValidationError
from tests.cases.conftest import D, Driver, application, make_household
from tests.conftest import TODAY

CLUSTER = dict(mode="集中安置", build_type="集中新建", cluster_site="大山村集居点", cluster_site_households=33)


def approve(db, size: int, **kw) -> str:
    hh = make_household(db, size=size)
    no = open_renovation(db, application(hh, size=size, **kw), today=TODAY)
    d = Driver(db, no)
    d.to_stage("三榜公示")
    return no


# (mode kwargs, household size, lines (item, department, amount, to household), to household, infrastructure)
R3_7 = [
    pytest.param(CLUSTER, 3, [("建房补助", "", 40000, True), ("基础设施配套", "扶贫部门", 20000, False)], 40000, 20000,
                 id="集居点60㎡：4万+2万基础设施"),
    pytest.param(CLUSTER, 2, [("建房补助", "", 30000, True), ("基础设施配套", "扶贫部门", 10000, False)], 30000, 10000,
                 id="集居点35㎡：3万+1万基础设施"),
    pytest.param({}, 4, [("建房补助", "住建部门", 10000, True), ("建房补助", "扶贫部门", 10000, True)], 20000, 0,
                 id="零散改造60㎡户型：1万住建+1万扶贫"),
    pytest.param({}, 1, [("建房补助", "住建部门", 10000, True), ("建房补助", "扶贫部门", 10000, True)], 20000, 0,
                 id="零散改造35㎡户型：1万住建+1万扶贫"),
]


@pytest.mark.parametrize("mode,size,lines,household,infrastructure", R3_7)
def test_every_row_of_the_R3_7_table(db, mode, size, lines, household, infrastructure):
    no = approve(db, size, **mode)
    d = case_detail(db, no, today=TODAY)
    assert d.subsidy_approved
    assert [(l.item, l.department, l.amount, l.to_household) for l in d.subsidy_lines] == lines
    assert (d.subsidy, d.infrastructure, d.outstanding) == (household, infrastructure, household)
    assert all(l.effective_from == D(2016, 6, 1) for l in d.subsidy_lines)


def test_estimate_before_approval_is_marked_as_such(db):
    no = open_renovation(db, application(make_household(db)), today=TODAY)
    d = case_detail(db, no, today=TODAY)
    assert (d.subsidy_approved, d.subsidy, d.outstanding) == (False, 20000, None)


def test_a_rate_change_does_not_touch_approved_cases_R3_7(db):
    approved_before = approve(db, 3)                           # approved 2026-03-2x under the 2016 standard
    waiting = open_renovation(db, application(make_household(db)), today=TODAY)
    # a new standard of an item is all its lines of one date (R3.7: both departments' shares)
    add_rate(db, RateInput("分散", 0, "建房补助", "住建部门", 15000, D(2026, 6, 1), note="新标准"), entered_by="测试")
    add_rate(db, RateInput("分散", 0, "建房补助", "扶贫部门", 10000, D(2026, 6, 1), note="新标准"), entered_by="测试")
    # approved case: unchanged
    d = case_detail(db, approved_before, today=TODAY)
    assert d.subsidy == 20000 and [l.amount for l in d.subsidy_lines] == [10000, 10000]
    # not yet approved: the estimate follows the standard in force today
    assert case_detail(db, waiting, today=TODAY).subsidy == 25000
    # approved after the change takes effect: the new standard
    dd = Driver(db, waiting, start=D(2026, 6, 1))
    dd.to_stage("三榜公示")
    d2 = case_detail(db, waiting, today=TODAY)
    assert d2.subsidy == 25000
    assert [(l.department, l.amount, l.effective_from) for l in d2.subsidy_lines] == [
        ("住建部门", 15000, D(2026, 6, 1)), ("扶贫部门", 10000, D(2026, 6, 1))]


def test_a_standard_entered_today_but_effective_later_does_not_apply_yet(db):
    # from 2027 住建 alone pays 1万: the 扶贫 share is dropped with a 0 line of the same date
    add_rate(db, RateInput("分散", 0, "建房补助", "住建部门", 10000, D(2027, 1, 1)), entered_by="测试")
    add_rate(db, RateInput("分散", 0, "建房补助", "扶贫部门", 0, D(2027, 1, 1)), entered_by="测试")
    no = approve(db, 3)
    assert case_detail(db, no, today=TODAY).subsidy == 20000
    with db.reader() as s:
        assert [(l.department, l.amount) for l in rates_on(s, "renovation", "分散", 60, D(2027, 1, 1))] == [
            ("住建部门", 10000)]


def test_a_new_standard_replaces_the_whole_item_whatever_its_departments_R3_7(db):
    """The seeded 集中安置 建房补助 line names no department; a 2026 standard naming 住建部门 replaces
    it (45,000), it does not add to it (85,000). Infrastructure keeps its own 2016 standard."""
    approved_before = approve(db, 3, **CLUSTER)                # approved under the 2016 standard
    add_rate(db, RateInput("集中安置", 60, "建房补助", "住建部门", 45000, D(2026, 1, 1)), entered_by="测试")
    with db.reader() as s:
        lines = rates_on(s, "renovation", "集中安置", 60, D(2026, 3, 1))
        assert [(l.item, l.department, l.amount, l.to_household) for l in lines] == [
            ("基础设施配套", "扶贫部门", 20000, False), ("建房补助", "住建部门", 45000, True)]
        assert sum(l.amount for l in rates_on(s, "renovation", "集中安置", 60, D(2025, 12, 31))) == 60000
        assert sum(l.amount for l in rates_on(s, "renovation", "集中安置", 35, D(2026, 3, 1))) == 40000
    d = case_detail(db, approved_before, today=TODAY)    # keeps its snapshot
    assert (d.subsidy, d.infrastructure) == (40000, 20000)
    assert [(l.department, l.amount) for l in d.subsidy_lines] == [("", 40000), ("扶贫部门", 20000)]
    after = approve(db, 3, **CLUSTER)
    d2 = case_detail(db, after, today=TODAY)
    assert (d2.subsidy, d2.infrastructure) == (45000, 20000)
    rows = list_rates(db, today=TODAY)
    assert [(r.department, r.amount, r.in_force) for r in rows
            if r.mode == "集中安置" and r.house_type == 60 and r.item == "建房补助"] == [
        ("", 40000, False), ("住建部门", 45000, True)]


def test_lines_of_the_same_date_are_one_standard(db):
    """Same date: the house type's lines beat any-type lines; a department entered twice counts once."""
    add_rate(db, RateInput("分散", 0, "建房补助", "住建部门", 12000, D(2026, 1, 1)), entered_by="测试")
    add_rate(db, RateInput("分散", 0, "建房补助", "住建部门", 11000, D(2026, 1, 1)), entered_by="测试")
    add_rate(db, RateInput("分散", 35, "建房补助", "住建部门", 8000, D(2026, 1, 1)), entered_by="测试")
    with db.reader() as s:
        assert [(l.department, l.amount) for l in rates_on(s, "renovation", "分散", 60, D(2026, 2, 1))] == [
            ("住建部门", 11000)]
        assert [(l.department, l.amount) for l in rates_on(s, "renovation", "分散", 35, D(2026, 2, 1))] == [
            ("住建部门", 8000)]


def test_rate_table_lists_which_lines_are_in_force(db):
    add_rate(db, RateInput("集中安置", 60, "建房补助", "", 45000, D(2026, 1, 1)), entered_by="测试")
    rows = list_rates(db, today=TODAY)
    assert len(rows) == 7
    cluster60 = [(r.amount, r.in_force) for r in rows if r.mode == "集中安置" and r.house_type == 60 and r.item == "建房补助"]
    assert cluster60 == [(40000, False), (45000, True)]


@pytest.mark.parametrize("field,kw", [("mode", {"mode": "整村推进"}), ("house_type", {"house_type": 50}),
                                      ("item", {"item": "奖励"}), ("amount", {"amount": -1})])
def test_rate_input_is_validated(db, field, kw):
    base = dict(mode="分散", house_type=0, item="建房补助", department="住建部门", amount=10000,
                effective_from=D(2026, 1, 1))
    with pytest.raises(ValidationError) as err:
        add_rate(db, RateInput(**{**base, **kw}))
    assert err.value.field == field


def test_plan_budget_reconciles_with_the_rates_R3_8(db):
    """2016.6–2017.6: 1197 households at 60㎡ and 799 at 35㎡ into cluster sites, 5026 scattered →
    17237万 to households + 3193万 cluster infrastructure (seed L1294)."""
    on = D(2016, 7, 1)
    with db.reader() as s:
        def per(mode, house_type, to_household):
            lines = rates_on(s, "renovation", mode, house_type, on)
            return sum(line.amount for line in lines if line.to_household == to_household)
        households = 1197 * per("集中安置", 60, True) + 799 * per("集中安置", 35, True) + 5026 * per("分散", 60, True)
        infrastructure = 1197 * per("集中安置", 60, False) + 799 * per("集中安置", 35, False)
    assert (households, infrastructure) == (172_370_000, 31_930_000)
