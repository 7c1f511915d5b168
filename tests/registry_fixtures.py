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


def survey_input(on=dt.date(2015, 10, 20), by="李村长、张站长", **kw):
    """A complete 六看一听 visit (R1.3): every look and the listen written, as a clerk would."""
    from pjdesk.registry.survey import SurveyInput

    base = dict(surveyed_on=on, surveyors=by, look_car="无机动车", look_house="土木结构，墙体开裂",
                look_poverty="人均纯收入低于扶贫标准", look_cause="户主患慢性病", look_school="无在校子女",
                look_labour="配偶为普通劳动力", listen="村民代表反映情况属实，无异议")
    base.update(kw)
    return SurveyInput(**base)


def record_visit(db, household_no: str, on=dt.date(2015, 10, 20), **kw) -> int:
    """Record a 六看一听 visit through the service, so the identification posting lists the household."""
    from pjdesk.registry.survey import record_survey

    return record_survey(db, household_no, survey_input(on, **kw), actor="测试", today=TODAY)
