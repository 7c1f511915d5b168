"""R2.1 in the service: one current helper per household, at most 5 (a setting) per helper."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pjdesk import settings
from pjdesk.errors import RuleViolation
from pjdesk.pairing import assignments as asg
from pjdesk.pairing.people import set_helper_active
from pjdesk.pairing.queries import helper_history, helper_rows, unassigned_households
from pjdesk.registry import households as svc
from pjdesk.registry.exit_check import passing_checklist
from tests.conftest import TODAY

from tests.pairing.conftest import head_of, helper


def active_pairs(db) -> list[tuple[int, int]]:
    with db.engine.connect() as c:
        return c.execute(text("SELECT helper_id, household_id FROM helper_assignment WHERE end_on IS NULL "
                              "ORDER BY id")).all()


def test_r2_1_sixth_assignment_is_refused_with_names_and_numbers(db, households):
    wang = helper(db)
    for no in households[:5]:
        asg.assign(db, wang, no, today=TODAY)
    before = active_pairs(db)

    with pytest.raises(RuleViolation) as err:
        asg.assign(db, "王建国", households[5], today=TODAY)

    msg = err.value.message
    assert "帮扶责任人“王建国”已帮扶5户，达到上限5户" in msg
    assert f"不能再分配“{head_of(5)}”户" in msg and households[5] in msg and "规则" not in msg
    assert active_pairs(db) == before                      # nothing written
    assert [r.load for r in helper_rows(db)] == [5]
    assert households[5] in [h.household_no for h in unassigned_households(db)]


def test_r2_1_limit_is_the_setting(db, households):
    with db.transaction() as s:
        settings.set_(s, "helper_household_limit", 3)
    wang = helper(db)
    asg.bulk_assign(db, wang, households[:3], today=TODAY)
    with pytest.raises(RuleViolation, match="达到上限3户"):
        asg.assign(db, wang, households[3], today=TODAY)
    assert len(active_pairs(db)) == 3


def test_r2_1_bulk_assign_is_refused_as_a_whole_naming_who_would_exceed(db, households):
    wang = helper(db)
    asg.bulk_assign(db, wang, households[:3], today=TODAY)
    with pytest.raises(RuleViolation) as err:
        asg.bulk_assign(db, wang, households[3:7], today=TODAY)
    msg = err.value.message
    assert "已帮扶3户，上限5户，最多还能分配2户，本次选了4户" in msg
    # the 3rd and 4th selected would be the 6th and 7th: they are named, the first two are not
    assert head_of(5) in msg and head_of(6) in msg and head_of(3) not in msg and head_of(4) not in msg
    assert len(active_pairs(db)) == 3  # not even the two that would have fitted


def test_r2_1_a_household_has_one_current_helper(db, households):
    wang, li = helper(db), helper(db, "李秀英", unit="虹桥镇人民政府", level="乡镇")
    asg.assign(db, wang, households[0], today=TODAY)
    with pytest.raises(RuleViolation, match="已由“王建国”帮扶"):
        asg.assign(db, li, households[0], today=TODAY)
    with pytest.raises(RuleViolation, match="已由“王建国”帮扶"):
        asg.accept_pairs(db, [(households[0], li)], today=TODAY)
    assert len(active_pairs(db)) == 1


def test_inactive_helper_cannot_be_paired_and_a_busy_one_cannot_be_deactivated(db, households):
    wang, li = helper(db), helper(db, "李秀英")
    asg.assign(db, wang, households[0], today=TODAY)
    with pytest.raises(RuleViolation, match="还在帮扶1户"):
        set_helper_active(db, wang, False)
    set_helper_active(db, li, False)
    with pytest.raises(RuleViolation, match="已停用"):
        asg.assign(db, li, households[1], today=TODAY)


def test_exited_household_keeps_its_helper_and_closed_one_ends_automatically(db, households):
    """Issue #4: 已脱贫 keeps the pairing until the clerk ends it; 已销户 ends it (reason 销户)."""
    wang = helper(db)
    asg.bulk_assign(db, wang, households[:2], on=TODAY, today=TODAY)
    for no in households[:2]:
        svc.change_status(db, no, "预脱贫", TODAY, "达标", today=TODAY, checklist=passing_checklist())
        svc.change_status(db, no, "已脱贫", TODAY, "确认脱贫", today=TODAY, checklist=passing_checklist())
    assert helper_rows(db)[0].load == 2
    svc.change_status(db, households[1], "已销户", TODAY, "全户迁出", today=TODAY)

    assert helper_rows(db)[0].load == 1
    hist = helper_history(db, households[1])
    assert [(h["end_on"], h["end_reason"]) for h in hist] == [(TODAY.isoformat(), "销户")]
    with pytest.raises(RuleViolation, match="已销户"):
        asg.assign(db, wang, households[1], today=TODAY)


def test_unassign_frees_a_place(db, households):
    wang = helper(db)
    asg.bulk_assign(db, wang, households[:5], today=TODAY)
    assert asg.unassign(db, households[0], reason="帮扶人调离", today=TODAY) == "王建国"
    asg.assign(db, wang, households[5], today=TODAY)
    assert helper_rows(db)[0].load == 5
    with pytest.raises(RuleViolation, match="目前没有帮扶责任人"):
        asg.unassign(db, households[0], today=TODAY)
