"""What the 易地搬迁 dialogs read from ``pjdesk`` (no window): the dry run of the application's checks is the
service's own (same refusal, nothing written), the applicant's members show who already moves elsewhere,
the subsidy preview says 标准未设定 until a rate is set (R4.7), and the timeline lists the relocation records."""

from __future__ import annotations

import datetime as dt

from pjdesk import settings
from pjdesk.cases.detail import case_detail
from pjdesk.cases.relocation import open_relocation
from pjdesk.cases.relocation_applicants import (check_movers_ticked, check_relocation, relocation_applicant,
                                                subsidy_preview)
from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.sites import check_site_status
from pjdesk.errors import PjdeskError
from tests.cases.conftest import CASE_TABLES, application, count_rows, make_household
from tests.cases.relocation_helpers import member_ids, relocation, site
from tests.conftest import TODAY


def _refusal(db, a) -> str:
    try:
        open_relocation(db, a, today=TODAY)
    except PjdeskError as exc:
        return exc.message
    return ""


def test_R4_1_the_dry_run_gives_the_service_s_refusal_and_writes_nothing(db):
    site(db)
    brick = make_household(db, structure="砖木", grade="C")
    before = count_rows(db, *CASE_TABLES)
    errors = check_relocation(db, relocation(brick), today=TODAY)
    assert errors and errors[0].field == "house_structure"
    assert errors[0].message == _refusal(db, relocation(brick))
    assert count_rows(db, *CASE_TABLES) == before
    assert check_relocation(db, relocation("43062699999999"), today=TODAY)[0].field == "household_no"
    ok = make_household(db, structure="土坯", grade="D")
    assert check_relocation(db, relocation(ok), today=TODAY) == []


def test_R4_1_an_open_renovation_case_shows_under_the_household(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    no = open_renovation(db, application(hh), today=TODAY)
    [first, *_] = check_relocation(db, relocation(hh), today=TODAY)
    assert first.field == "household_no" and no in first.message
    assert no in relocation_applicant(db, hh).problem


def test_R4_2_the_applicant_s_members_show_who_already_moves_elsewhere(db):
    site(db)
    hh = make_household(db, structure="土坯", grade="D", size=3)
    ids = member_ids(db, hh)
    brick = relocation_applicant(db, make_household(db, structure="砖木", grade="C"))
    assert "无房户或仅有一套土坯结构住房" in brick.ineligible
    assert relocation_applicant(db, hh).ineligible == ""
    no = open_relocation(db, relocation(hh, movers=ids[:1], area=25.0), today=TODAY)
    members = relocation_applicant(db, hh).members
    assert [(m.id, m.elsewhere) for m in members] == [(ids[0], no), (ids[1], ""), (ids[2], "")]
    assert check_movers_ticked([]) and check_movers_ticked([])[0].field == "movers"
    assert check_movers_ticked(ids[1:]) == []


def test_R4_7_the_subsidy_preview_follows_the_rate_table(db):
    assert subsidy_preview(db, 2026, 3) == "标准未设定"
    with db.transaction() as s:
        settings.update(s, {"relocation_rates": {"2026": 2000}})
    assert subsidy_preview(db, 2026, 3) == "2000元/人×3人＝6000元（2026年标准）"
    assert subsidy_preview(db, 2025, 3) == "标准未设定"


def test_a_delivered_site_needs_its_delivery_date():
    assert check_site_status("已交付", None)[0].field == "delivered_on"
    assert check_site_status("已交付", dt.date(2026, 1, 1)) == [] and check_site_status("在建", None) == []
    assert check_site_status("拆了", None)[0].field == "status"


def test_R4_5_the_timeline_lists_the_agreements_demolition_and_follow_up(db):
    from pjdesk.cases.relocation_steps import StepInput, record_agreement
    from tests.cases.relocation_helpers import RelocationDriver

    site(db)
    hh = make_household(db, structure="土坯", grade="D")
    no = open_relocation(db, relocation(hh), today=TODAY)
    driver = RelocationDriver(db, no)
    driver.to_stage("实施")                      # past 三榜公示: the case is at 搬迁入住
    on = driver.later(2)
    record_agreement(db, no, "搬迁协议", StepInput(on, "户主本人", "协议编号 2026-07"), today=TODAY)
    record_agreement(db, no, "拆旧复垦协议", StepInput(on, "户主本人"), today=TODAY)
    entries = [(e.what, e.title, e.detail, e.actor) for e in case_detail(db, no, today=TODAY).timeline]
    assert ("搬迁", "搬迁协议", "协议编号 2026-07", "户主本人") in entries
    assert ("搬迁", "拆旧复垦协议", "签订旧房拆除复垦协议", "户主本人") in entries
