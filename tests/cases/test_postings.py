"""Postings as batches: one village, one posting stage, the cases the clerk picks (R3.2 三榜公示,
R5.5 boards and length). ``batches`` is the plain data the printing feature will lay out."""

import pytest

from pjdesk.cases.decisions import decide

from pjdesk.cases.detail import case_detail

from pjdesk.cases.postings import batches, open_posting

from pjdesk.cases.queries import CaseFilter, filter_case_rows, load_case_rows, stage_counts

from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.decisions import DecisionInput
from pjdesk.cases.postings import PostingInput
from pjdesk.errors import RuleViolation, ValidationError
from tests.cases.conftest import D, application, make_household
from tests.conftest import TODAY


def at_posting(db, village="大山村", size=3, day=D(2026, 3, 10)) -> str:
    no = open_renovation(db, application(make_household(db, village=village, size=size), size=size), today=TODAY)
    decide(db, no, DecisionInput("通过", "受理", "村委会", D(2026, 3, 3)), today=TODAY)
    decide(db, no, DecisionInput("通过", "同意", "村民代表会议", day), today=TODAY)
    return no


def test_one_batch_holds_the_waiting_cases_of_a_village(db):
    a, b = at_posting(db), at_posting(db, size=2)
    other = at_posting(db, village="青石村")
    bid = open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17)), today=TODAY)
    [batch] = batches(db, village="大山村")
    assert batch.id == bid and (batch.stage, batch.place, batch.days) == ("一榜公示", "村务公开栏", 7)
    assert sorted(c.case_no for c in batch.cases) == sorted([a, b])
    row = next(c for c in batch.cases if c.case_no == b)
    assert (row.household_size, row.facts["house_type"], row.facts["danger_grade"], row.subsidy) == (2, 35, "D", 20000)
    assert row.head_name and row.group == 3
    assert case_detail(db, other, today=TODAY).stage_note == "待公示"
    assert batch.as_dict()["start"] == "2026-03-11"


def test_picked_cases_only(db):
    a, b = at_posting(db), at_posting(db)
    open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17), cases=[a]), today=TODAY)
    assert case_detail(db, b, today=TODAY).stage_note == "待公示"
    with pytest.raises(RuleViolation, match=f"案件{a}已在第1批“一榜公示”中"):
        open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 12), D(2026, 3, 18), cases=[a, b]),
                           today=TODAY)
    open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 12), D(2026, 3, 18)), today=TODAY)  # b only
    assert [len(x.cases) for x in batches(db)] == [1, 1]


def test_a_batch_is_one_village_and_one_stage(db):
    a, other = at_posting(db), at_posting(db, village="青石村")
    with pytest.raises(ValidationError, match="同一批公示只能是一个村的案件"):
        open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17), cases=[a, other]),
                           today=TODAY)
    with pytest.raises(RuleViolation, match="当前在“一榜公示”阶段，不能列入“二榜公示”"):
        open_posting(db, PostingInput("大山村", "二榜公示", D(2026, 3, 11), D(2026, 3, 17), cases=[a]),
                           today=TODAY)
    with pytest.raises(ValidationError, match="“乡镇审核”不是公示阶段"):
        open_posting(db, PostingInput("大山村", "乡镇审核", D(2026, 3, 11), D(2026, 3, 17)), today=TODAY)
    with pytest.raises(RuleViolation, match="瑶田村没有等待“一榜公示”的危房改造案件"):
        open_posting(db, PostingInput("瑶田村", "posting1", D(2026, 3, 11), D(2026, 3, 17)), today=TODAY)


def test_the_board_is_one_of_the_public_boards_R5_5(db):
    at_posting(db)
    with pytest.raises(ValidationError, match="公示地点“村部门口”无效"):
        open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17), place="村部门口"),
                           today=TODAY)
    open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17), place="乡镇政务公开栏"),
                       today=TODAY)
    assert batches(db)[0].place == "乡镇政务公开栏"


def test_stage_note_follows_the_posting_dates(db):
    no = at_posting(db)
    open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17)), today=TODAY)
    def note(day):
        d = case_detail(db, no, today=day)
        return d.stage, d.stage_note
    assert note(D(2026, 3, 10)) == ("一榜公示", "待张贴")
    assert note(D(2026, 3, 17)) == ("一榜公示", "公示中")
    assert note(D(2026, 3, 18)) == ("乡镇审核", "")


def test_list_rows_and_counts_use_the_stage_as_of_today(db):
    no = at_posting(db)
    open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17)), today=TODAY)
    rows = load_case_rows(db, today=D(2026, 3, 12))
    assert [(r.case_no, r.stage, r.note) for r in rows] == [(no, "一榜公示", "公示中")]
    rows = load_case_rows(db, today=TODAY)
    counts = stage_counts(rows, "renovation", ["大山村", "青石村"])
    assert counts.counts == {("乡镇审核", "大山村"): 1} and counts.stage_total("乡镇审核") == 1
    assert filter_case_rows(rows, CaseFilter(stage="township_review"))[0].case_no == no
    assert filter_case_rows(rows, CaseFilter(village="青石村")) == []
    with pytest.raises(ValidationError, match="阶段“审批”无效"):
        filter_case_rows(rows, CaseFilter(stage="审批"))


def test_a_posting_is_not_opened_before_the_stage_is_reached(db):
    no = open_renovation(db, application(make_household(db)), today=TODAY)
    with pytest.raises(RuleViolation, match="当前在“申请”阶段，不能列入“一榜公示”"):
        open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 11), D(2026, 3, 17), cases=[no]),
                           today=TODAY)
    assert batches(db) == []
