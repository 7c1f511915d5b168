"""GB 11643 ID numbers (issue #2)."""

import datetime as dt

import pytest

from pjdesk import idcard
from pjdesk.errors import ValidationError

TODAY = dt.date(2026, 11, 28)
VALID = "11010519491231002X"  # the standard's own example


def test_example_from_the_standard_is_valid():
    info = idcard.parse(VALID, today=TODAY)
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == "女"


def test_full_width_digits_spaces_and_lower_case_x_are_normalised():
    raw = "１１０１０５ 1949 1231 002x"
    assert idcard.parse(raw, today=TODAY).number == VALID


@pytest.mark.parametrize("raw, reason", [
    ("11010519491231002X"[:-1] + "1", "校验位错误"),
    ("1101051949123100", "应为18位"),
    ("99010519491231002X", "地区码"),
    ("110105194902300021", "不是有效日期"),
    ("11010519491231A02X", "只能由数字组成"),
    ("", "不能为空"),
])
def test_bad_numbers_are_refused_with_the_reason(raw, reason):
    with pytest.raises(ValidationError) as exc:
        idcard.parse(raw, today=TODAY)
    assert reason in exc.value.message
    assert "身份证号" in exc.value.message


def test_birth_date_in_the_future_is_refused():
    future = idcard.make("430626", dt.date(2027, 1, 5), 1, True)
    with pytest.raises(ValidationError, match="晚于今天"):
        idcard.parse(future, today=TODAY)


def test_make_builds_valid_numbers_with_sex_parity():
    for seq in range(0, 500, 37):
        for male in (True, False):
            n = idcard.make("430626", dt.date(1980, 2, 29), seq, male)
            assert idcard.parse(n, today=TODAY).sex == ("男" if male else "女")


def test_mask_keeps_at_most_six_and_four():
    assert idcard.mask(VALID) == "110105********002X"
    assert idcard.mask(VALID, 3, 2) == "110*************2X"
    assert idcard.mask(VALID, 10, 10) == "110105********002X"
