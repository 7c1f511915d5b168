"""Issue 14, defects 1 and 4, property-based (hypothesis): the ID, phone and bank-account checks and every
command-line number and date parser, on arbitrary strings — no crash (a refusal is a Chinese
``ValidationError`` or the parser's usage error), nothing with a non-ASCII digit accepted as typed (a digit
of another script is read as its ASCII digit, as an ID is), NaN and infinity refused, every accepted number
finite and in range.

Strategies mix arbitrary text with the characters that broke things: digits of other scripts (Arabic-Indic,
full-width, Devanagari), superscripts, signs, exponents, 'nan'/'inf', spaces and line breaks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pjdesk import idcard
from pjdesk.cases.renovation_rules import AREA_MAX, RenovationApplication, check_application
from pjdesk.cli import common
from pjdesk.errors import PjdeskError, ValidationError
from pjdesk.registry.rules import check_household
from tests.conftest import household_input

FAST = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

TRICKY = st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９०१२३४५६७८९¹²³½⁴ⅣxX+-.eE_ \t\n\u00a0\u2007")
                         + ["nan", "NaN", "inf", "-inf", "Infinity", "1e308", "1e-308", "0x10", "99999999999999999999"])
# Any code point but the surrogates, drawn without hypothesis' character tables (building them costs 10 s).
ANY_CHAR = st.integers(0, 0x10FFFF).filter(lambda c: not 0xD800 <= c <= 0xDFFF).map(chr)
HOSTILE = st.one_of(st.lists(ANY_CHAR, max_size=30).map("".join), st.lists(TRICKY, max_size=25).map("".join),
                    st.lists(st.one_of(TRICKY, ANY_CHAR), max_size=25).map("".join))


def plain_ascii(text: str) -> bool:
    return text.isascii()


@FAST
@given(st.one_of(HOSTILE, st.builds(lambda n, junk: n[:st_pos(junk)] + junk + n[st_pos(junk):],
                                    st.just(idcard.make("430626", dt.date(1980, 5, 17), 12, True)), TRICKY)))
def test_an_id_number_is_ascii_digits_with_a_valid_check_digit_or_refused(raw):
    try:
        info = idcard.parse(raw, today=dt.date(2026, 11, 28))
    except ValidationError as exc:
        assert exc.field == "id_number" and exc.message
        return
    assert re.fullmatch(r"[0-9]{17}[0-9X]", info.number) and plain_ascii(info.number)
    assert idcard.check_digit(info.number[:17]) == info.number[17]
    assert info.number == idcard.normalise(raw)      # the same ID whatever script it was typed in


def st_pos(junk: str) -> int:
    return len(junk) % 18


def _household_errors(**kw) -> dict[str, str]:
    return {e.field: e.message for e in check_household(household_input(**kw), today=dt.date(2026, 11, 28))}


@FAST
@given(HOSTILE)
def test_a_phone_is_a_mobile_or_a_landline_in_ascii_or_refused(raw):
    errors = _household_errors(phone=raw)
    if "phone" in errors:
        return
    stored = idcard.ascii_digits(raw.strip())
    assert stored == "" or re.fullmatch(r"1[0-9]{10}|0[0-9]{2,3}-?[0-9]{7,8}", stored)


@FAST
@given(HOSTILE)
def test_a_bank_account_is_10_to_25_ascii_digits_or_refused(raw):
    errors = _household_errors(bank_account=raw)
    if "bank_account" in errors:
        return
    stored = idcard.ascii_digits(raw.strip())
    assert stored == "" or re.fullmatch(r"[0-9]{10,25}", stored)


@FAST
@given(st.one_of(HOSTILE, st.dates().map(str), st.dates().map(lambda d: str(d).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))))
def test_a_date_typed_on_the_command_line_is_yyyy_mm_dd_or_refused(raw):
    try:
        got = common.parse_date(raw, "date")
    except ValidationError as exc:
        assert exc.field == "date" and "YYYY-MM-DD" in exc.message or "年份" in exc.message
        return
    if got is None:
        assert not raw
        return
    assert isinstance(got, dt.date) and common.DATE_YEARS[0] <= got.year <= common.DATE_YEARS[1]
    assert got.isoformat() == idcard.ascii_digits(raw).strip()     # exactly what was typed, digits as ASCII


@FAST
@given(HOSTILE)
def test_a_whole_number_on_the_command_line_is_plain_ascii_digits_or_refused(raw):
    try:
        got = common.whole_number(raw)
    except ValueError:                    # argparse: “参数 --x 须为数字，填写的是 …”
        return
    text = idcard.ascii_digits(raw).strip()
    assert isinstance(got, int) and re.fullmatch(r"[+-]?[0-9]+", text) and int(text) == got


@FAST
@given(st.one_of(HOSTILE, st.floats().map(repr), st.floats().map(str)))
def test_a_decimal_number_reaches_the_service_finite_and_in_range_or_is_refused(raw):
    """The whole path of ``cases new --main-area``: the option's parser, then the service's check."""
    try:
        got = common.decimal_number(raw)
    except ValueError:
        return
    text = idcard.ascii_digits(raw).strip()
    if math.isfinite(got):
        assert re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", text) and float(text) == got
    else:
        assert text.lower().lstrip("+-") in ("nan", "inf", "infinity")     # spelled out: the service refuses it
    app = RenovationApplication("43062601010001", dt.date(2026, 3, 1), main_area=got)
    refused = {e.field for e in check_application(app, None, today=dt.date(2026, 11, 28))}
    assert ("main_area" in refused) == (not (math.isfinite(got) and 0 <= got <= AREA_MAX))


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.integers(), st.floats(), st.booleans(), HOSTILE))
def test_a_help_record_amount_is_a_whole_number_of_yuan_in_range_or_refused(db, amount):
    """The service refuses the amount itself (field “amount”) unless it is whole yuan within the bound; a
    good amount goes on to the next check (this household does not exist): nothing is ever written."""
    from pjdesk.pairing.records import AMOUNT_MAX, HelpRecordInput, add_help_record

    ok = isinstance(amount, int) and not isinstance(amount, bool) and 0 <= amount <= AMOUNT_MAX
    with pytest.raises(PjdeskError) as exc:
        add_help_record(db, HelpRecordInput("43062601010001", dt.date(2026, 3, 1), "走访", amount=amount),
                        today=dt.date(2026, 11, 28))
    assert (getattr(exc.value, "field", None) == "amount") == (not ok)


@pytest.mark.parametrize("raw", ["1e3", "1_000", "0x10", "", " ", "²", "1" * 400 + ".5"])
def test_the_number_parsers_refuse_what_python_would_take(raw):
    for parse in (common.whole_number, common.decimal_number):
        with pytest.raises(ValueError):
            parse(raw)


def test_nan_and_infinity_are_passed_on_for_the_service_to_refuse_naming_the_field():
    with pytest.raises(ValueError):
        common.whole_number("nan")
    for word in ("nan", "inf", "-Infinity"):
        got = common.decimal_number(word)
        app = RenovationApplication("43062601010001", dt.date(2026, 3, 1), annex_area=got)
        errors = [e for e in check_application(app, None, today=dt.date(2026, 11, 28)) if e.field == "annex_area"]
        assert not math.isfinite(got) and "附屋面积" in errors[0].message


def test_digits_of_other_scripts_are_read_as_ascii():
    assert common.whole_number("١٢") == 12 and common.decimal_number("３.５") == 3.5 and common.whole_number(" +7 ") == 7
    assert common.parse_date("٢٠٢٦-٠٣-٠١") == dt.date(2026, 3, 1)


def test_the_household_input_dataclass_is_what_the_checks_take():
    assert dataclasses.is_dataclass(household_input())
