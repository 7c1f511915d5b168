"""The resettlement-site registry (安置点, RULES.md R4.3/R4.4) and its occupancy.

Occupancy is never stored: it is counted by SQL from the relocation cases — a case holds a unit from its
application until it is refused (不予通过); it has moved in once 搬迁入住 is recorded. Capacity left is the
planned households less those allocated (negative when an over-plan allocation was approved).

API for the 易地搬迁 page and the printouts: ``site_rows`` (one ``SiteRow`` per site, with occupancy),
``add_site`` / ``check_site`` (a new site), ``set_site_status``, ``seed_sites`` (the demo's sites from
pjdesk/data/relocation_sites.csv).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db import Database
from db.models.cases import Case
from db.models.relocation import RelocationDetail, RelocationEvent, RelocationMover, RelocationSite

from ..errors import NotFound, ValidationError, raise_first
from ..idcard import ascii_digits
from ..text import NAME_MAX, NOTE_MAX, PLACE_MAX, clean_text, limits
from ..seed import DATA
from .relocation_rules import AREA_MAX, SITE_KINDS, SITE_STATUSES, SiteFacts
from .stages import REJECTED

KIND = "relocation"
MOVE_IN = "搬迁入住"
SITES_CSV = "relocation_sites.csv"
PLANNED_MAX = 100_000
TYPE_MIN = 10          # ㎡: the smallest unit a site offers is well above this (a typo bound)
DELIVERY_YEARS = (2000, 2035)   # a delivery date outside these is a mistyped year


@dataclass(frozen=True)
class SiteRow:
    id: int
    code: str
    name: str
    kind: str
    township: str
    place: str
    year: int
    phase: str
    planned_households: int
    planned_persons: int
    house_types: tuple[float, ...]
    follows_house_standard: bool
    status: str
    delivered_on: Optional[dt.date]
    allocated_households: int
    allocated_persons: int
    moved_in_households: int
    moved_in_persons: int

    @property
    def capacity_left(self) -> int:
        return self.planned_households - self.allocated_households

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "kind": self.kind, "township": self.township,
                "place": self.place, "year": self.year, "phase": self.phase,
                "planned_households": self.planned_households, "planned_persons": self.planned_persons,
                "house_types": list(self.house_types), "status": self.status,
                "delivered_on": self.delivered_on.isoformat() if self.delivered_on else None,
                "allocated_households": self.allocated_households, "allocated_persons": self.allocated_persons,
                "moved_in_households": self.moved_in_households, "moved_in_persons": self.moved_in_persons,
                "capacity_left": self.capacity_left}


def parse_types(text: str) -> tuple[float, ...]:
    """“25,50,75” → (25.0, 50.0, 75.0): plain decimals only (digits of any script read as ASCII; no
    exponent, nan or inf, which float() would take). ValueError for anything else."""
    out = []
    for part in ascii_digits(text or "").replace("，", ",").replace("、", ",").split(","):
        part = part.strip()
        if part:
            if not re.fullmatch(r"[0-9]{1,4}(\.[0-9]{1,2})?", part):
                raise ValueError(part)
            out.append(float(part))
    return tuple(out)


def _occupancy():
    """site id → allocated / moved-in households and persons (one grouped query)."""
    persons = (select(func.count()).select_from(RelocationMover).where(RelocationMover.case_id == Case.id)
               .scalar_subquery() + RelocationDetail.companions)
    moved = select(RelocationEvent.case_id).where(RelocationEvent.event == MOVE_IN)
    return (select(RelocationDetail.site_id.label("site_id"), func.count().label("hh"),
                   func.sum(persons).label("pp"),
                   func.sum(func.iif(Case.id.in_(moved), 1, 0)).label("mh"),
                   func.sum(func.iif(Case.id.in_(moved), persons, 0)).label("mp"))
            .join(Case, Case.id == RelocationDetail.case_id)
            .where(Case.kind == KIND, Case.status != REJECTED)
            .group_by(RelocationDetail.site_id).subquery())


def site_rows(db_or_session, *, township: str | None = None, include_county: bool = True) -> list[SiteRow]:
    """Every site (of ``township`` and, with ``include_county``, the county-seat sites), with occupancy."""
    if isinstance(db_or_session, Session):
        return _site_rows(db_or_session, township, include_county)
    with db_or_session.reader() as s:
        return _site_rows(s, township, include_county)


def _site_rows(s: Session, township: str | None, include_county: bool) -> list[SiteRow]:
    occ = _occupancy()
    q = (select(RelocationSite, func.coalesce(occ.c.hh, 0), func.coalesce(occ.c.pp, 0),
                func.coalesce(occ.c.mh, 0), func.coalesce(occ.c.mp, 0))
         .outerjoin(occ, occ.c.site_id == RelocationSite.id).order_by(RelocationSite.year, RelocationSite.code))
    if township is not None:
        q = q.where(or_(RelocationSite.township == township,
                        and_(RelocationSite.township == "", include_county)))
    return [SiteRow(r.id, r.code, r.name, r.kind, r.township, r.place, r.year, r.phase, r.planned_households,
                    r.planned_persons, parse_types(r.house_types), r.follows_house_standard, r.status,
                    r.delivered_on, int(hh), int(pp), int(mh), int(mp))
            for r, hh, pp, mh, mp in s.execute(q)]


def find_site(s: Session, ref: str) -> RelocationSite | None:
    text = (ref or "").strip()
    if not text:
        return None
    return (s.scalar(select(RelocationSite).where(RelocationSite.code == text))
            or s.scalar(select(RelocationSite).where(RelocationSite.name == text).order_by(RelocationSite.id)))


def site_facts(s: Session, site: RelocationSite) -> SiteFacts:
    allocated = s.scalar(select(func.count()).select_from(RelocationDetail).join(Case, Case.id == RelocationDetail.case_id)
                         .where(RelocationDetail.site_id == site.id, Case.kind == KIND, Case.status != REJECTED))
    return SiteFacts(site.code, site.name, site.planned_households, allocated, parse_types(site.house_types),
                     site.follows_house_standard)


@dataclass
class SiteInput:
    code: str
    name: str
    kind: str
    year: int
    planned_households: int
    planned_persons: int
    township: str = ""
    place: str = ""
    phase: str = ""
    house_types: str = ""
    follows_house_standard: bool = False
    status: str = "规划"
    delivered_on: Optional[dt.date] = None
    is_aggregate: bool = False
    note: str = ""


def check_site(a: SiteInput) -> list[ValidationError]:
    errors = []
    if not (a.code or "").strip() or len(a.code.strip()) > 24:
        errors.append(ValidationError("code", "请填写安置点编号（不超过24个字符）"))
    if not (a.name or "").strip() or len(a.name.strip()) > 80:
        errors.append(ValidationError("name", "请填写安置点名称（不超过80个字）"))
    if a.kind not in SITE_KINDS:
        errors.append(ValidationError("kind", f"安置点类型须为{'、'.join(SITE_KINDS)}之一"))
    if a.status not in SITE_STATUSES:
        errors.append(ValidationError("status", f"安置点状态须为{'、'.join(SITE_STATUSES)}之一"))
    if not isinstance(a.year, int) or isinstance(a.year, bool) or not 2014 <= a.year <= 2035:
        errors.append(ValidationError("year", "建设年度须为2014至2035年"))
    for key, label, n in (("planned_households", "规划安置户数", a.planned_households),
                          ("planned_persons", "规划安置人数", a.planned_persons)):
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= PLANNED_MAX:
            errors.append(ValidationError(key, f"{label}须为1至{PLANNED_MAX}的整数"))
    try:
        types = parse_types(a.house_types)
        if any(not TYPE_MIN <= t <= AREA_MAX for t in types):
            raise ValueError
    except ValueError:
        errors.append(ValidationError("house_types", f"户型面积须为逗号分隔的数（{TYPE_MIN}至{AREA_MAX:g}㎡），如 50,75,100"))
    errors += limits(("township", "所属乡镇", a.township, NAME_MAX), ("place", "地点", a.place, PLACE_MAX),
                     ("phase", "期次", a.phase, NAME_MAX), ("note", "备注", a.note, NOTE_MAX))
    errors += check_site_status(a.status, a.delivered_on) if a.status in SITE_STATUSES else []
    return errors


def add_site(db: Database, a: SiteInput) -> int:
    """Register a site. Returns its id."""
    raise_first(check_site(a))
    with db.transaction() as s:
        code = clean_text(a.code, one_line=True)
        if s.scalar(select(RelocationSite.id).where(RelocationSite.code == code)):
            raise ValidationError("code", f"安置点编号“{code}”已存在")
        return _insert(s, a).id


def _insert(s: Session, a: SiteInput) -> RelocationSite:
    row = RelocationSite(code=clean_text(a.code, one_line=True), name=clean_text(a.name, one_line=True), kind=a.kind,
                         township=clean_text(a.township, one_line=True),
                         place=clean_text(a.place, one_line=True), year=a.year, phase=clean_text(a.phase, one_line=True),
                         planned_households=a.planned_households, planned_persons=a.planned_persons,
                         house_types=",".join(f"{t:g}" for t in parse_types(a.house_types)),
                         follows_house_standard=a.follows_house_standard, status=a.status,
                         delivered_on=a.delivered_on, is_aggregate=a.is_aggregate, note=clean_text(a.note))
    s.add(row)
    s.flush()
    return row


def check_site_status(status: str, delivered_on: dt.date | None) -> list[ValidationError]:
    """A status change's fields (no database): the status, and the delivery date of a 已交付 site."""
    if status not in SITE_STATUSES:
        return [ValidationError("status", f"安置点状态须为{'、'.join(SITE_STATUSES)}之一")]
    if status == "已交付" and not isinstance(delivered_on, dt.date):
        return [ValidationError("delivered_on", "已交付的安置点请填写交付日期")]
    if isinstance(delivered_on, dt.date) and not DELIVERY_YEARS[0] <= delivered_on.year <= DELIVERY_YEARS[1]:
        return [ValidationError("delivered_on", f"交付日期{delivered_on:%Y-%m-%d}不合理"
                                f"（应在{DELIVERY_YEARS[0]}至{DELIVERY_YEARS[1]}年之间），请检查年份")]
    return []


def set_site_status(db: Database, ref: str, status: str, delivered_on: dt.date | None = None) -> None:
    raise_first(check_site_status(status, delivered_on))
    with db.transaction() as s:
        site = find_site(s, ref)
        if site is None:
            raise NotFound(f"安置点“{(ref or '')[:40]}”不存在")
        site.status, site.delivered_on = status, delivered_on if status == "已交付" else None


# Areas per unit the county's sites offer (25㎡ per person for 1–6 persons; the plan names none).
PLAN_HOUSE_TYPES = "25,50,75,100,125,150"


def plan_sites(township: str) -> list[SiteInput]:
    """The plan's sites for ``township`` and the county seat's (relocation_sites.csv, RULES.md R4.4).
    Aggregate rows (several unnamed village points) stay one row, named as in the plan. All were to be
    delivered by the end of their year; the duplicate row the seed does not count is left out."""
    with open(DATA / SITES_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        if r["counted_in_seed_totals"] != "yes" or r["township"] not in ("", township):
            continue
        year = int(r["year"])
        name = r["site_name"].replace(" (aggregate; names not in seed)", "").replace(" (aggregate)", "")
        village = r["kind"] == "村级"
        out.append(SiteInput(
            code=r["site_id"], name=name, kind=r["kind"], year=year, planned_households=int(r["planned_households"]),
            planned_persons=int(r["planned_persons"]), township=r["township"],
            place="平江县城洪家塅" if not r["township"] else r["township"],
            phase="一期" if name.endswith("一期") else "二期" if name.endswith("二期") else f"{year}年",
            house_types="" if village else PLAN_HOUSE_TYPES, follows_house_standard=village, status="已交付",
            delivered_on=dt.date(year, 12, 20), is_aggregate=r["is_aggregate"] == "yes",
            note=f"规划第{r['seed_line']}行"))
    return out


def seed_sites(s: Session, township: str) -> list[RelocationSite]:
    """Insert the plan's sites for ``township`` (inside the caller's transaction); existing codes are kept."""
    have = set(s.scalars(select(RelocationSite.code)))
    return [_insert(s, a) for a in plan_sites(township) if a.code not in have]
