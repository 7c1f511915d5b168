"""Fixtures of the helpers tests: a township with a few households and helpers (real SQLite file)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QPushButton

from pjdesk.pairing.people import HelperInput, add_helper
from pjdesk.registry import households as svc
from tests.conftest import TODAY, household_input, person

GIVEN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def make_households(db, n: int, *, village: str = "大山村", start: int = 0, surname: str = "李") -> list[str]:
    """``n`` one-person households (heads 李甲, 李乙 …); returns their numbers in order."""
    out = []
    for i in range(start, start + n):
        head = person(surname + GIVEN[i % len(GIVEN)] + GIVEN[i // len(GIVEN)],
                      "户主", dt.date(1950, 1, 1) + dt.timedelta(days=97 * i), True, seq=i + 1)
        out.append(svc.create_household(db, household_input(village=village, group=1 + i % 4), [head], today=TODAY))
    return out


def head_of(i: int, surname: str = "李") -> str:
    return surname + GIVEN[i % len(GIVEN)] + GIVEN[i // len(GIVEN)]


def helper(db, name: str = "王建国", *, unit: str = "县统计局", level: str = "县直", village: str = "",
           kind: str = "干部") -> int:
    return add_helper(db, HelperInput(name=name, unit=unit, unit_level=level, phone="13907301234",
                                      sex="男", post="副局长", kind=kind, village=village))


@pytest.fixture
def households(db):
    """Eight households in 大山村."""
    return make_households(db, 8)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def page(ctx, qtbot):
    """The 帮扶责任人 page shown at 1366×768, the size of many township PCs' screens."""
    from ui.pairing.page import HelpersPage

    p = HelpersPage(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    return p


def button(widget, name):
    """The page's push button with this object name."""
    return widget.findChild(QPushButton, name)
