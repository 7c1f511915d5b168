"""A small registry with names chosen for search and sort tests."""

import datetime as dt

from pjdesk.registry import households as svc
from tests.conftest import TODAY, household_input, person

PEOPLE = [  # (head, village, group, status-free extras)
    ("张三丰", "大山村", 3, "因病"),
    ("曾国华", "大山村", 5, "缺资金"),
    ("单雄信", "青石村", 1, "因学"),
    ("查良镛", "青石村", 2, "因病"),
    ("安然", "瑶田村", 4, "因残"),
    ("覃小红", "大山村", 3, "因病"),
]


def make_registry(db) -> dict[str, str]:
    """Creates the households; returns head name → household number."""
    out = {}
    for i, (name, village, group, cause) in enumerate(PEOPLE):
        members = [person(name, "户主", dt.date(1950 + i * 5, 1 + i, 10 + i), True, 10 * i + 1)]
        members += [person("李" + name[-1] + "妹", "配偶", dt.date(1952 + i * 5, 3, 3), False, 10 * i + 2)] * (i % 2)
        h = household_input(village=village, group=group, main_cause=cause, other_causes=[],
                            phone=f"1390000{i:04d}", planned_exit_year=2016 + i % 3)
        out[name] = svc.create_household(db, h, members, today=TODAY)
    return out
