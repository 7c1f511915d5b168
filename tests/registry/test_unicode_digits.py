"""Digits of any script are normalised to ASCII before a number is checked or stored (issue 14, defect 1):
an ID typed in Arabic-Indic digits is the same ID as in ASCII (one person, one household), and phones and
bank accounts are stored as 0–9."""

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import Household, Member
from pjdesk import idcard
from pjdesk.errors import ValidationError
from pjdesk.registry import households as svc
from tests.conftest import household_input, person

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def test_an_id_in_another_script_is_the_same_id(db):
    first = person("王大山", "户主", dt.date(1980, 5, 17), True, 121)
    svc.create_household(db, household_input(), [first], today=dt.date(2026, 1, 2))
    again = person("王大山", "户主", dt.date(1980, 5, 17), True, 121)
    again = type(again)(**{**again.__dict__, "id_number": again.id_number.translate(ARABIC)})
    with pytest.raises(ValidationError, match="同一身份证号只能属于一名在册成员"):
        svc.create_household(db, household_input(group=4), [again], today=dt.date(2026, 1, 2))
    with db.reader() as s:
        assert list(s.scalars(select(Member.id_number))) == [first.id_number]      # stored once, in ASCII


def test_id_parse_returns_ascii_and_refuses_what_is_not_a_digit():
    number = idcard.make("430626", dt.date(1990, 1, 1), 5, False)
    assert idcard.parse(number.translate(DEVANAGARI)).number == number
    with pytest.raises(ValidationError, match="只能由数字组成"):
        idcard.parse(number[:10] + "¹" + number[11:])                     # a superscript is no digit


def test_phone_and_account_in_other_digits_are_stored_as_ascii(db):
    no = svc.create_household(db, household_input(phone="1٣٨٠٠١٣٨٠٠٠", bank_account="６２３０９０１００００１２３４５"),
                              [person("李小花", "户主", dt.date(1975, 3, 3), False, 7)], today=dt.date(2026, 1, 2))
    with db.reader() as s:
        h = s.scalar(select(Household).where(Household.household_no == no))
        assert (h.phone, h.bank_account) == ("13800138000", "6230901000012345")
