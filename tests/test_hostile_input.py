"""Issue 14, defect 5: dates and whole numbers out of any plausible range are refused in Chinese instead of
crashing later (a posting ending 9999-12-31 overflowed the date arithmetic of the next decision; a
20-digit number crashed `helpers assign` and `helpers record` with OverflowError)."""

import datetime as dt

import pytest

from pjdesk.cases.postings import PostingInput, open_posting
from pjdesk.cli.main import main
from pjdesk.errors import ValidationError
from tests.cases.conftest import Driver, application, make_household
from tests.conftest import TODAY

HUGE = "99999999999999999999999"


def test_a_posting_ending_in_year_9999_is_refused(db):
    from pjdesk.cases.renovation import open_renovation

    no = open_renovation(db, application(make_household(db)), entered_by="测试", today=TODAY)
    d = Driver(db, no)
    d.to_stage("一榜公示")
    for start, end, words in ((d.later(), dt.date(9999, 12, 31), "公示期最长60天"),
                              (dt.date(1999, 12, 1), dt.date(1999, 12, 9), "早于2000年")):
        with pytest.raises(ValidationError, match=words):
            open_posting(db, PostingInput("大山村", "一榜公示", start, end, cases=[no]), entered_by="测试", today=TODAY)


@pytest.mark.parametrize("argv", [
    ("helpers", "assign", "--helper", HUGE, "--household", "43062601010001"),
    ("helpers", "assign", "--helper", "#" + HUGE, "--household", "43062601010001"),
    ("helpers", "record", "--household", "43062601010001", "--measure", "走访", "--amount", HUGE),
])
def test_a_huge_number_on_the_command_line_is_refused_in_chinese(db, capsys, argv):
    code = main(["--db", str(db.path), *argv])
    err = capsys.readouterr().err
    # refused by the service (错误：…) or, for a typed option, by the parser (参数错误：参数 --amount：数字…过大)
    assert code == 2 and "错误：" in err and "Traceback" not in err and "Overflow" not in err


def test_a_page_of_text_is_refused_at_entry_naming_the_field(db):
    """Issue 14, defect 3: an opinion, an objection, a note has a length limit the service checks."""
    from pjdesk.cases.decisions import DecisionInput, decide
    from pjdesk.cases.renovation import open_renovation

    page = "经村民代表会议评议，该户住房确属危房，同意上报。" * 150
    hh = make_household(db)
    with pytest.raises(ValidationError, match="申请事由最多1000字") as exc:
        open_renovation(db, application(hh, note=page), entered_by="测试", today=TODAY)
    assert exc.value.field == "note"
    no = open_renovation(db, application(hh), entered_by="测试", today=TODAY)
    with pytest.raises(ValidationError, match=r"意见最多1000字（现有3600字）"):
        decide(db, no, DecisionInput("通过", page, "张主任", dt.date(2026, 3, 5)), entered_by="测试", today=TODAY)


def test_a_case_file_with_a_page_long_opinion_from_an_older_file_still_prints(db, tmp_path):
    """Text stored before the limits (or a very long one within them) continues in the next list row
    instead of failing the whole case file with reportlab's LayoutError."""
    from sqlalchemy import update

    from db.models.cases import CaseDecision
    from pjdesk.cases.printouts import write_case_file_pdf
    from pjdesk.cases.renovation import open_renovation

    no = open_renovation(db, application(make_household(db)), entered_by="测试", today=TODAY)
    Driver(db, no).decide(by="村委会")
    with db.transaction() as s:
        s.execute(update(CaseDecision).values(opinion="经村民代表会议评议，该户住房确属危房，同意上报。" * 150))
    pages = write_case_file_pdf(db, no, tmp_path / "file.pdf")
    assert pages > 3 and (tmp_path / "file.pdf").stat().st_size > 0
