"""Fixtures of the data-quality checks: a small clean township, and a way to put a fault into it with
plain SQL (the services refuse every one of these faults, as they should)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from pjdesk.pairing.assignments import assign
from pjdesk.pairing.people import HelperInput, add_helper
from pjdesk.registry import households as svc
from tests.conftest import TODAY, household_input, person

D = dt.date


def raw(db, *statements, params=()):
    """Run SQL on the file directly (foreign keys off, as a hand edit or an old tool would), then
    commit. Returns the rows of the last statement."""
    con = sqlite3.connect(db.path)
    try:
        rows = []
        for i, st in enumerate(statements):
            rows = con.execute(st, params if i == len(statements) - 1 else ()).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


@pytest.fixture
def clean(db):
    """Two households of 大山村, each paired with a helper, every record as the rules want it:
    王 (户主, 配偶, a 10-year-old at 小学) and 李 (a 低保户 whose head receives 低保)."""
    wang = svc.create_household(db, household_input(village="大山村", group=1, other_causes=["缺资金"]), [
        person("王大山", "户主", D(1970, 3, 4), True, 1),
        person("刘小花", "配偶", D(1972, 5, 6), False, 2),
        person("王小明", "子", D(2016, 6, 1), True, 3, school_status="小学", education="小学"),
    ], today=TODAY)
    li = svc.create_household(db, household_input(village="大山村", group=2, type="低保户", main_cause="因残",
                                                  other_causes=[]), [
        person("李二水", "户主", D(1958, 7, 8), True, 4, is_dibao=True, health="残疾", disability_grade="二级"),
    ], today=TODAY)
    helper = add_helper(db, HelperInput(name="赵干部", unit="县统计局", unit_level="县直", phone="13907301234",
                                        sex="男", post="科员", kind="干部", village=""))
    for no in (wang, li):
        assign(db, helper, no, on=D(2026, 1, 5), today=TODAY)
    return {"db": db, "wang": wang, "li": li, "helper": helper}
