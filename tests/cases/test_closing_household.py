"""销户 is refused while a case of the household is in progress (the case would lose its owner)."""

import datetime as dt

import pytest

from pjdesk.errors import RuleViolation
from pjdesk.registry.households import change_status
from pjdesk.registry.queries import household_detail
from tests.conftest import TODAY


def test_closing_a_household_with_an_open_case_is_refused(db, hh, case_no):
    with pytest.raises(RuleViolation) as exc:
        change_status(db, hh, "已销户", dt.date(2026, 11, 1), "全户迁出", today=TODAY)
    assert case_no in exc.value.message and "不能销户" in exc.value.message
    assert household_detail(db, hh).status == "未脱贫"


def test_closing_a_household_without_cases_still_works(db, hh):
    change_status(db, hh, "已销户", dt.date(2026, 11, 1), "全户迁出", today=TODAY)
    assert household_detail(db, hh).status == "已销户"
