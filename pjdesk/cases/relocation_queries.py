"""Read-only views of the relocation cases for the 易地搬迁 page and the printouts (issue 11):

- ``ledger(db, year=None)``: the yearly ledger (台帐, RULES.md R4.2) — per plan year (the year applied)
  and village: cases, households and persons, how many are approved, moved in, old houses demolished,
  archived, refused — one grouped SQL query;
- ``relocation_facts(db, case_ref)``: one case's relocation facts, typed (``RelocationFacts``);
- the site registry with occupancy is ``pjdesk.cases.sites.site_rows``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import Integer, func, select

from db import Database
from db.models import Village
from db.models.cases import Case
from db.models.relocation import RelocationDetail, RelocationEvent, RelocationMover

from .relocation import KIND, KIND_DEF, MOVE_IN, VERIFIED
from .stages import ARCHIVED, REJECTED
from .state import find_case


@dataclass(frozen=True)
class LedgerRow:
    year: int
    village: str
    cases: int              # applications that year (refused ones included)
    households: int         # not refused
    persons: int            # members moving + 同步搬迁, not refused
    approved: int           # past 县级审批
    moved_in: int
    demolished: int         # old house demolition verified
    archived: int
    refused: int


def ledger(db: Database, year: int | None = None) -> list[LedgerRow]:
    year_of = func.cast(func.strftime("%Y", Case.applied_on), Integer)
    persons = (select(func.count()).select_from(RelocationMover).where(RelocationMover.case_id == Case.id)
               .scalar_subquery() + RelocationDetail.companions)
    live = Case.status != REJECTED
    moved = select(RelocationEvent.case_id).where(RelocationEvent.event == MOVE_IN)
    verified = select(RelocationEvent.case_id).where(RelocationEvent.event == VERIFIED)
    q = (select(year_of, Village.name, func.count(),
                func.sum(func.iif(live, 1, 0)), func.sum(func.iif(live, persons, 0)),
                func.sum(func.iif(RelocationDetail.approved_on.is_not(None) & live, 1, 0)),
                func.sum(func.iif(Case.id.in_(moved), 1, 0)), func.sum(func.iif(Case.id.in_(verified), 1, 0)),
                func.sum(func.iif(Case.status == ARCHIVED, 1, 0)), func.sum(func.iif(live, 0, 1)))
         .join(RelocationDetail, RelocationDetail.case_id == Case.id).join(Village, Village.id == Case.village_id)
         .where(Case.kind == KIND).group_by(year_of, Village.id).order_by(year_of, Village.sort_order, Village.name))
    if year is not None:
        q = q.where(year_of == year)
    with db.reader() as s:
        return [LedgerRow(int(y), v, *(int(n or 0) for n in rest)) for y, v, *rest in s.execute(q)]


@dataclass(frozen=True)
class RelocationFacts:
    case_no: str
    site_code: str
    site: str
    site_kind: str
    unit: str
    area: float
    persons: int
    movers: tuple[str, ...]                 # member names
    companions: int
    old_house_structure: str
    old_house_state: str                    # "" / 已拆除
    willing_signed_on: dt.date
    willing_signer: str
    approved_on: Optional[dt.date]
    demolition_due_on: Optional[dt.date]
    subsidy_standard: str                   # “标准未设定” (R4.7) or the rate's figure
    events: tuple[tuple[str, dt.date, str, str], ...]   # (event, date, person, note)


def relocation_facts(db: Database, case_ref) -> RelocationFacts:
    with db.reader() as s:
        case = find_case(s, case_ref)
        f = KIND_DEF.describe(s, case)
        case_no = case.case_no            # read inside the session (the row is expired once it ends)
    day = lambda x: dt.date.fromisoformat(x) if x else None  # noqa: E731
    return RelocationFacts(case_no, f["site_code"], f["site"], f["site_kind"], f["unit"], f["area"], f["persons"],
                           tuple(m["name"] for m in f["movers"]), f["companions"], f["old_house_structure"],
                           f["old_house_state"], day(f["willing_signed_on"]), f["willing_signer"], day(f["approved_on"]),
                           day(f["demolition_due_on"]), f["subsidy_standard"],
                           tuple((e["event"], day(e["date"]), e["person"], e["note"]) for e in f["events"]))
