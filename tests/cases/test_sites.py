"""The resettlement-site registry (安置点, issue 11, RULES.md R4.3/R4.4) and its occupancy by SQL, and the
demo's relocation cases across stages and sites."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk.cases.decisions import DecisionInput, decide
from pjdesk.cases.relocation import open_relocation
from pjdesk.cases.relocation_queries import ledger
from pjdesk.cases.sites import SiteInput, add_site, check_site, plan_sites, set_site_status, site_rows
from pjdesk.errors import NotFound, ValidationError
from tests.cases.conftest import make_household
from tests.cases.relocation_helpers import relocation, site
from tests.conftest import TODAY

D = dt.date


def test_R4_4_the_plan_sites_of_the_township_and_the_county_seat_come_from_the_csv():
    sites = {s.code: s for s in plan_sites("虹桥镇")}
    assert set(sites) == {"HJD-1", "HJD-2", "V2016-虹桥镇", "T2017-07", "V2017-虹桥镇"}
    hjd = sites["HJD-1"]
    assert (hjd.name, hjd.kind, hjd.planned_households, hjd.planned_persons, hjd.township) == (
        "洪家塅安置区 一期", "中心城区", 1045, 4079, "")
    assert sites["T2017-07"].kind == "集镇" and sites["V2017-虹桥镇"].kind == "村级"
    assert sites["V2017-虹桥镇"].follows_house_standard and not hjd.follows_house_standard
    # the row the seed does not count (a duplicate of 上塔市安置区) is left out
    assert "V2017-上塔市镇" not in {s.code for s in plan_sites("上塔市镇")}


@pytest.mark.parametrize("field,change", [
    ("kind", {"kind": "城区"}), ("planned_households", {"planned_households": 0}),
    ("planned_persons", {"planned_persons": 10 ** 9}), ("house_types", {"house_types": "50,abc"}),
    ("house_types", {"house_types": "50,nan"}), ("delivered_on", {"status": "已交付", "delivered_on": None}),
    ("year", {"year": 9999}), ("name", {"name": "长" * 81}),
    # issue 14 (defects 3 and 5): every typed text bounded, dates and areas within plausible ranges
    ("place", {"place": "长" * 20000}), ("phase", {"phase": "期" * 5000}), ("township", {"township": "乡" * 5000}),
    ("note", {"note": "注" * 501}), ("house_types", {"house_types": "1e-300"}), ("house_types", {"house_types": "5"}),
    ("house_types", {"house_types": "50,inf"}), ("house_types", {"house_types": "1_00"}),
    ("delivered_on", {"status": "已交付", "delivered_on": dt.date(9999, 12, 31)}),
    ("delivered_on", {"status": "已交付", "delivered_on": dt.date(1, 1, 1)}),
])
def test_R4_3_a_site_with_a_bad_field_is_refused_naming_it(field, change):
    base = dict(code="X-1", name="某安置点", kind="集镇", year=2017, planned_households=10, planned_persons=30)
    base.update(change)
    assert field in {e.field for e in check_site(SiteInput(**base))}


def test_R4_3_a_status_change_with_an_implausible_delivery_date_is_refused_and_changes_nothing(db):
    add_site(db, SiteInput(code="X-2", name="某安置点", kind="集镇", year=2017, planned_households=10,
                           planned_persons=30, house_types="50,75"))
    for day in (dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        with pytest.raises(ValidationError, match="交付日期") as exc:
            set_site_status(db, "X-2", "已交付", day)
        assert exc.value.field == "delivered_on"
    row = next(r for r in site_rows(db) if r.code == "X-2")
    assert row.status == "规划" and row.delivered_on is None


def test_R4_3_control_characters_are_not_stored_with_a_site(db):
    add_site(db, SiteInput(code="X-3", name="某\x00安置点", kind="集镇", year=2017, planned_households=10,
                           planned_persons=30, house_types="５０,７５", note="备\u200b注\x07"))
    row = next(r for r in site_rows(db) if r.code == "X-3")
    assert row.name == "某安置点" and row.house_types == (50.0, 75.0)


def test_R4_4_occupancy_counts_allocated_and_moved_in_but_not_refused_cases(db):
    site(db, planned=3)
    a, b = (make_household(db, structure="无房", grade="") for _ in range(2))
    first = open_relocation(db, relocation(a, unit="1栋101"), entered_by="测试", today=TODAY)
    open_relocation(db, relocation(b, unit="1栋102", movers=[], companions=1, companions_note="户主之母", area=100.0),
                    entered_by="测试", today=TODAY)
    (row,) = site_rows(db)
    assert (row.allocated_households, row.allocated_persons, row.moved_in_households, row.capacity_left) == (2, 7, 0, 1)
    decide(db, first, DecisionInput("不予通过", "经核查另有住房", "村委会", D(2026, 3, 5)), entered_by="测试", today=TODAY)
    (row,) = site_rows(db)
    assert (row.allocated_households, row.allocated_persons, row.capacity_left) == (1, 4, 2)
    assert row.as_json()["capacity_left"] == 2


def test_R4_4_a_duplicate_code_and_an_unknown_site_are_refused(db):
    site(db)
    with pytest.raises(ValidationError, match="已存在"):
        site(db)
    with pytest.raises(NotFound):
        set_site_status(db, "NOPE", "在建")
    with pytest.raises(ValidationError, match="交付日期"):
        set_site_status(db, "T-1", "已交付")
    set_site_status(db, "T-1", "在建")
    assert site_rows(db)[0].status == "在建" and site_rows(db)[0].delivered_on is None


def test_R4_4_sites_of_other_townships_are_left_out_of_the_township_list(db):
    site(db)
    add_site(db, SiteInput(code="O-1", name="别镇安置区", kind="集镇", year=2017, planned_households=5,
                           planned_persons=15, township="长寿镇"))
    add_site(db, SiteInput(code="C-1", name="县城安置区", kind="中心城区", year=2017, planned_households=5,
                           planned_persons=15))
    assert [r.code for r in site_rows(db, township="虹桥镇")] == ["C-1", "T-1"]     # by year, then code
    assert len(site_rows(db)) == 3


def test_R4_the_demo_holds_relocation_cases_across_stages_and_its_sites_with_occupancy(demo1500):
    from pjdesk.cases.queries import CaseFilter, filter_case_rows, load_case_rows

    rows = filter_case_rows(load_case_rows(demo1500), CaseFilter(kind="relocation"))
    stages = {r.stage if r.status == "办理中" else r.status for r in rows}
    assert {"申请", "村级评议", "一榜公示", "乡镇审核", "县级审批", "搬迁入住", "旧房拆除", "后续扶持", "已归档",
            "不予通过"} <= stages
    sites = {r.code: r for r in site_rows(demo1500)}
    assert {"HJD-1", "HJD-2", "T2017-07"} <= set(sites)
    assert sum(r.allocated_households for r in sites.values()) == sum(1 for r in rows if r.status != "不予通过")
    assert sites["HJD-1"].moved_in_households >= 3
    years = {r.year for r in ledger(demo1500)}
    assert min(years) <= 2017 and sum(r.archived for r in ledger(demo1500)) >= 3


@pytest.mark.parametrize("township", ["三墩乡", "木金乡"])
def test_R4_4_the_demo_of_another_township_uses_its_own_market_town_site(tmp_path, township):
    """The demo used to name 虹桥镇's market-town site for every township (“安置点T2017-07不存在”)."""
    from db import open_database
    from pjdesk.cli.main import main

    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--township", township, "--households", "80"]) == 0
    rows = site_rows(open_database(path))
    own = [r for r in rows if r.township == township and r.kind == "集镇"]
    assert own and own[0].allocated_households > 0
