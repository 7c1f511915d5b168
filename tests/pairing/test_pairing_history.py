"""A household's pairings never overlap: a new pairing cannot start before the previous one ended
(review item: ending a pairing on 2026-10-01, then pairing from 2020-01-01, gave two helpers for 2020–2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk.errors import ValidationError
from pjdesk.pairing import assignments as asg
from pjdesk.pairing.queries import helper_history
from tests.conftest import TODAY

from tests.pairing.conftest import head_of, helper

START, ENDED, EARLY = dt.date(2016, 1, 1), dt.date(2026, 10, 1), dt.date(2020, 1, 1)


@pytest.fixture
def ended(db, households):
    """households[0] was helped by 王建国 from 2016 until 2026-10-01; 李秀英 is free."""
    wang, li = helper(db), helper(db, "李秀英", unit="虹桥镇人民政府", level="乡镇")
    asg.assign(db, wang, households[0], on=START, today=TODAY)
    asg.unassign(db, households[0], on=ENDED, reason="王建国调回原单位", today=TODAY)
    return wang, li


def _assert_overlap_refused(err, households) -> None:
    msg = err.value.message
    assert err.value.field == "start_on"
    assert f"“{head_of(0)}”户（户编号{households[0]}）" in msg      # the household
    assert "2020-01-01" in msg                                       # the date asked for
    assert "“王建国”" in msg and "结对结束日期2026-10-01" in msg      # the previous helper's end


def _history(db, no) -> list[tuple]:
    return [(h["helper"], h["start_on"], h["end_on"]) for h in helper_history(db, no)]


def test_assign_before_the_previous_pairing_ended_is_refused(db, households, ended):
    _, li = ended
    with pytest.raises(ValidationError) as err:
        asg.assign(db, li, households[0], on=EARLY, today=TODAY)
    _assert_overlap_refused(err, households)
    assert _history(db, households[0]) == [("王建国", "2016-01-01", "2026-10-01")]
    # the day the old pairing ended, or later, is fine
    asg.assign(db, li, households[0], on=ENDED, today=TODAY)
    assert _history(db, households[0])[-1] == ("李秀英", "2026-10-01", None)


def test_bulk_assign_is_refused_as_a_whole(db, households, ended):
    _, li = ended
    with pytest.raises(ValidationError) as err:
        asg.bulk_assign(db, li, [households[1], households[0], households[2]], on=EARLY, today=TODAY)
    _assert_overlap_refused(err, households)
    for no in households[1:3]:   # the households without history were not paired either
        assert _history(db, no) == []


def test_accept_pairs_is_refused_as_a_whole(db, households, ended):
    _, li = ended
    with pytest.raises(ValidationError) as err:
        asg.accept_pairs(db, [(households[1], li), (households[0], li)], on=EARLY, today=TODAY)
    _assert_overlap_refused(err, households)
    assert _history(db, households[1]) == []
    assert asg.accept_pairs(db, [(households[1], li), (households[0], li)], on=dt.date(2026, 10, 2),
                            today=TODAY) == 2


def test_reassign_after_history_is_refused_before_the_old_end(db, households, ended):
    _, li = ended   # no current helper: 更换 starts a new pairing, which must not overlap the old one
    with pytest.raises(ValidationError) as err:
        asg.reassign(db, households[0], li, on=EARLY, today=TODAY)
    _assert_overlap_refused(err, households)
    assert _history(db, households[0]) == [("王建国", "2016-01-01", "2026-10-01")]


def test_reassign_date_not_before_the_current_pairing_start(db, households):
    wang, li = helper(db), helper(db, "李秀英")
    asg.assign(db, wang, households[0], on=ENDED, today=TODAY)
    with pytest.raises(ValidationError) as err:
        asg.reassign(db, households[0], li, on=EARLY, today=TODAY)
    msg = err.value.message
    assert err.value.field == "start_on" and households[0] in msg and "2020-01-01" in msg
    assert "不能早于现结对开始日期2026-10-01" in msg and "“王建国”" in msg
    assert _history(db, households[0]) == [("王建国", "2026-10-01", None)]
    asg.reassign(db, households[0], li, on=ENDED, today=TODAY)   # the same day is allowed
    assert _history(db, households[0]) == [("王建国", "2026-10-01", "2026-10-01"), ("李秀英", "2026-10-01", None)]
