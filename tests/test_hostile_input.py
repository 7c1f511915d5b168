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
    assert code == 2 and err.startswith("错误：") and "Traceback" not in err and "Overflow" not in err
