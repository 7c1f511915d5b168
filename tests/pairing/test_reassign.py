"""Reassignment keeps history (issue #4: dated pairings, nothing deleted)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.pairing import assignments as asg
from pjdesk.pairing.queries import helper_history, helper_rows
from pjdesk.registry.queries import load_rows
from tests.conftest import TODAY

from tests.pairing.conftest import helper

D1, D2 = dt.date(2026, 3, 1), dt.date(2026, 9, 15)


def test_reassignment_ends_the_old_pairing_and_keeps_it_in_history(db, households):
    wang, li = helper(db), helper(db, "李秀英", unit="虹桥镇人民政府", level="乡镇")
    asg.assign(db, wang, households[0], on=D1, today=TODAY)
    r = asg.reassign(db, households[0], "李秀英", on=D2, reason="王建国调回原单位", today=TODAY)
    assert (r.helper_name, r.load) == ("李秀英", 1)

    hist = helper_history(db, households[0])
    assert [(h["helper"], h["start_on"], h["end_on"], h["end_reason"]) for h in hist] == [
        ("王建国", "2026-03-01", "2026-09-15", "王建国调回原单位"),
        ("李秀英", "2026-09-15", None, ""),
    ]
    assert hist[1]["start_reason"] == "更换帮扶责任人"
    with db.engine.connect() as c:   # nothing deleted: both rows are there
        assert c.execute(text("SELECT count(*) FROM helper_assignment")).scalar() == 2
    loads = {row.name: row.load for row in helper_rows(db)}
    assert loads == {"王建国": 0, "李秀英": 1}
    # the registry list shows the current helper
    assert {r.household_no: r.helper_name for r in load_rows(db)}[households[0]] == "李秀英"
    assert li


def test_r2_1_reassignment_to_a_full_helper_is_refused_and_the_old_pairing_stays(db, households):
    wang, li = helper(db), helper(db, "李秀英")
    asg.bulk_assign(db, li, households[:5], on=D1, today=TODAY)
    asg.assign(db, wang, households[5], on=D1, today=TODAY)
    with pytest.raises(RuleViolation, match="“李秀英”已帮扶5户，达到上限5户"):
        asg.reassign(db, households[5], li, on=D2, today=TODAY)
    hist = helper_history(db, households[5])
    assert [(h["helper"], h["end_on"]) for h in hist] == [("王建国", None)]


def test_reassignment_date_checks(db, households):
    wang, li = helper(db), helper(db, "李秀英")
    asg.assign(db, wang, households[0], on=D2, today=TODAY)
    with pytest.raises(ValidationError, match="不能早于现结对开始日期2026-09-15"):
        asg.reassign(db, households[0], li, on=D1, today=TODAY)
    with pytest.raises(ValidationError, match="无需更换"):
        asg.reassign(db, households[0], wang, on=D2, today=TODAY)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        asg.reassign(db, households[0], li, on=TODAY + dt.timedelta(days=1), today=TODAY)
    assert len(helper_history(db, households[0])) == 1
