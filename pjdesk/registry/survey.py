"""The 六看一听一公示 household survey (RULES.md R1.3): a dated visit per household — who visited, when,
what each of the six looks found, what the villagers said (听取群众意见), the findings and what the
household needs to exit (脱贫需求). Rows are never edited: a new visit is a new row.

- ``SurveyInput`` and ``check_survey``: the pure check (no database), called by the service inside its
  transaction and by the dialog for its messages beside each field.
- ``record_survey``: one transaction; a refusal stores nothing.
- ``household_surveys``: a household's surveys, newest first.
- ``surveyed_by(session, household_ids, on)``: which households have a survey on or before a date (the
  identification posting lists only those while the setting survey_required_for_posting is on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import Database
from db.models import HouseholdSurvey

from . import vocab
from ..errors import ValidationError, raise_first
from ..text import clean_text
from .queries import get_household

# The six looks in the order the plan prints them (R1.3), then the one listen: (field, label).
LOOKS = (
    ("look_car", "一看车"),
    ("look_house", "二看房"),
    ("look_poverty", "三看贫困程度深不深"),
    ("look_cause", "四看致贫原因是什么"),
    ("look_school", "五看子女上学堂"),
    ("look_labour", "六看劳动能力强不强"),
)
LISTEN = ("listen", "一听：听取群众意见")
REQUIRED = LOOKS + (LISTEN,)
OPTIONAL = (("findings", "走访结论"), ("needs", "脱贫需求"))
LABELS = dict(REQUIRED + OPTIONAL + (("surveyors", "走访人"), ("surveyed_on", "走访日期")))

# Bounds: a name list fits its column; a look is a few sentences; findings and needs a short page.
MAX_SURVEYORS = 60
MAX_ITEM = 500
MAX_LONG = 2000
FIRST_YEAR = 2013          # 建档立卡 began in 2014; the registry accepts identification from 2013



@dataclass
class SurveyInput:
    surveyed_on: dt.date | None
    surveyors: str
    look_car: str = ""
    look_house: str = ""
    look_poverty: str = ""
    look_cause: str = ""
    look_school: str = ""
    look_labour: str = ""
    listen: str = ""
    findings: str = ""
    needs: str = ""


@dataclass(frozen=True)
class SurveyRecord:
    """One stored survey as read back (the field names are ``SurveyInput``'s)."""
    id: int
    surveyed_on: dt.date
    surveyors: str
    look_car: str
    look_house: str
    look_poverty: str
    look_cause: str
    look_school: str
    look_labour: str
    listen: str
    findings: str
    needs: str
    recorded_by: str

    def as_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["surveyed_on"] = f"{self.surveyed_on:%Y-%m-%d}"
        return d


def normalised(inp: SurveyInput) -> SurveyInput:
    """The input as it is checked and stored (texts cleaned; a date that is no date becomes None)."""
    values = {key: clean_text(getattr(inp, key)) for key, _ in REQUIRED + OPTIONAL}
    on = inp.surveyed_on
    if isinstance(on, dt.datetime):
        on = on.date()
    if not isinstance(on, dt.date):
        on = None
    return SurveyInput(surveyed_on=on, surveyors=clean_text(inp.surveyors, one_line=True), **values)


def check_survey(inp: SurveyInput, *, identified_year: int | None = None, status: str = "",
                 today: dt.date | None = None) -> list[ValidationError]:
    """Every problem of a survey (R1.3: the six looks and the listen are each recorded, with who and
    when), given the household's identification year and status. One error per bad field."""
    today = today or dt.date.today()
    s = normalised(inp)
    errors: list[ValidationError] = []
    if status == vocab.STATUS_CLOSED:
        errors.append(ValidationError("household", "已销户的户不能再登记走访记录"))
    if s.surveyed_on is None:
        errors.append(ValidationError("surveyed_on", "请填写走访日期"))
    elif s.surveyed_on > today:
        errors.append(ValidationError("surveyed_on", f"走访日期{s.surveyed_on:%Y-%m-%d}不能晚于今天"))
    elif identified_year and s.surveyed_on.year < identified_year:
        errors.append(ValidationError("surveyed_on", f"走访日期{s.surveyed_on:%Y-%m-%d}早于该户的识别年度"
                                                     f"{identified_year}年"))
    elif s.surveyed_on.year < FIRST_YEAR:
        errors.append(ValidationError("surveyed_on", f"走访日期不能早于{FIRST_YEAR}年"))
    if not s.surveyors:
        errors.append(ValidationError("surveyors", "请填写走访人"))
    elif len(s.surveyors) > MAX_SURVEYORS:
        errors.append(ValidationError("surveyors", f"走访人最多{MAX_SURVEYORS}个字，当前{len(s.surveyors)}个字"))
    for key, label in REQUIRED:
        text = getattr(s, key)
        if not text:
            errors.append(ValidationError(key, f"“{label}”未填写：六看一听每一项都要记录走访所见"))
        elif len(text) > MAX_ITEM:
            errors.append(ValidationError(key, f"“{label}”最多{MAX_ITEM}个字，当前{len(text)}个字"))
    for key, label in OPTIONAL:
        text = getattr(s, key)
        if len(text) > MAX_LONG:
            errors.append(ValidationError(key, f"“{label}”最多{MAX_LONG}个字，当前{len(text)}个字"))
    return errors


def record_survey(db: Database, household_no: str, survey: SurveyInput, *, actor: str = "",
                  today: dt.date | None = None) -> int:
    """Record one 六看一听 visit of the household (one transaction); returns the survey's id. Refused with
    the first problem ``check_survey`` finds — nothing is stored then."""
    s_in = normalised(survey)
    with db.transaction() as s:
        h = get_household(s, (household_no or "").strip())
        raise_first(check_survey(s_in, identified_year=h.identified_year, status=h.status, today=today))
        row = HouseholdSurvey(household_id=h.id, surveyed_on=s_in.surveyed_on, surveyors=s_in.surveyors,
                              recorded_by=clean_text(actor, one_line=True)[:40],
                              **{key: getattr(s_in, key) for key, _ in REQUIRED + OPTIONAL})
        s.add(row)
        s.flush()
        return row.id


def household_surveys(db: Database, household_no: str) -> list[SurveyRecord]:
    """The household's surveys, newest first (by date, then the later entry first)."""
    with db.reader() as s:
        h = get_household(s, (household_no or "").strip())
        rows = s.scalars(select(HouseholdSurvey).where(HouseholdSurvey.household_id == h.id)
                         .order_by(HouseholdSurvey.surveyed_on.desc(), HouseholdSurvey.id.desc()))
        return [SurveyRecord(r.id, r.surveyed_on, r.surveyors, r.look_car, r.look_house, r.look_poverty,
                             r.look_cause, r.look_school, r.look_labour, r.listen, r.findings, r.needs,
                             r.recorded_by) for r in rows]


def surveyed_by(session: Session, household_ids: Iterable[int], on: dt.date | None = None) -> set[int]:
    """The households among ``household_ids`` with a survey dated on or before ``on`` (any, when None)."""
    ids = list(household_ids)
    if not ids:
        return set()
    out: set[int] = set()
    for i in range(0, len(ids), 500):       # SQLite's variable limit
        q = select(HouseholdSurvey.household_id).where(HouseholdSurvey.household_id.in_(ids[i:i + 500]))
        if on is not None:
            q = q.where(HouseholdSurvey.surveyed_on <= on)
        out.update(session.scalars(q.distinct()))
    return out

