"""Every figure of the 统计 page, computed by SQL aggregations in one read transaction (issue 15).

``overview(db, as_of)`` is used by the page, ``pjdesk stats`` and the exports (xlsx, PDF), so they show
the same numbers. Each figure counts exactly what a list shows after the drill-down click:

- households by village × status × type × main cause × exit year, with their current members (persons):
  one grouped query, from which the status, type, village, main-cause and exit-year figures are summed —
  the household list (every household of the registry, struck-off ones too) filtered the same way;
- exits per year: households whose confirmed exit year is that year (a household that fell back into
  poverty has none), next to the year's target (``targets.py``);
- the helper load histogram: active helpers by the number of households they currently help, 0 … limit;
- the renovation and relocation pipelines: cases by stage as of ``as_of`` (a posting that has ended moves
  the case on, as the case list shows it: ``cases.state.position``) and village, plus 不予通过 / 已归档;
- the monthly trend of changes from the status history: identified (the first 未脱贫), exited (已脱贫),
  returned (返贫), struck off (已销户), from the first month with a change to the month of ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Optional

from sqlalchemy import text

from db import Database

from .. import settings
from ..cases.catalogue import get_kind
from ..cases.stages import ARCHIVED, OPEN, REJECTED
from ..cases.state import position
from ..registry import vocab
from .targets import targets_from

CASE_KINDS = (("renovation", "危房改造"), ("relocation", "易地搬迁"))
TREND_KINDS = (("identified", "识别"), ("exited", "脱贫"), ("returned", "返贫"), ("struck_off", "销户"))

# One row per (village, status, type, main cause, exit year) with households and their current members.
HOUSEHOLD_CUBE_SQL = """
SELECT v.name, v.sort_order, h.status, h.type, h.main_cause, h.exit_year, count(*), sum(coalesce(sz.n, 0))
FROM household h
JOIN village v ON v.id = h.village_id
LEFT JOIN (SELECT household_id, count(*) AS n FROM member WHERE left_on IS NULL GROUP BY household_id) sz
       ON sz.household_id = h.id
GROUP BY h.village_id, h.status, h.type, h.main_cause, h.exit_year
"""
VILLAGES_SQL = "SELECT name FROM village ORDER BY sort_order, name"
# R1.6: a household may have several causes (the main one and at most two others, never the main one
# again): the households naming a cause at all are its main-cause count plus this one.
OTHER_CAUSE_SQL = "SELECT cause, count(*) FROM household_other_cause GROUP BY cause"
HELPER_LOAD_SQL = """
SELECT n, count(*) FROM (
    SELECT hp.id, (SELECT count(*) FROM helper_assignment a WHERE a.helper_id = hp.id AND a.end_on IS NULL) AS n
    FROM helper hp WHERE hp.active)
GROUP BY n
"""
# Cases grouped by what decides their stage as of a day: recorded stage, status, this round's posting
# dates and whether an objection raised during it waits for verification.
CASES_SQL = """
SELECT c.kind, v.name, c.stage, c.status, pb.start_on, pb.end_on,
       EXISTS (SELECT 1 FROM objection o LEFT JOIN objection_verification ov ON ov.objection_id = o.id
               WHERE o.case_id = c.id AND o.batch_id = pb.id AND ov.id IS NULL) AS pending,
       count(*)
FROM case_file c
JOIN village v ON v.id = c.village_id
JOIN household h ON h.id = c.household_id
LEFT JOIN posting_member pm ON pm.case_id = c.id AND pm.step = c.step
LEFT JOIN posting_batch pb ON pb.id = pm.batch_id
GROUP BY c.kind, v.name, c.stage, c.status, pb.start_on, pb.end_on, pending
"""
# Changes per day, status and previous status (a few thousand groups), summed to months in Python. Grouped
# by the plain columns (no expression), so that an index on (changed_on, to_status, from_status) would
# serve it without sorting (docs/benchmarks.md, 统计 page).
TREND_SQL = """
SELECT changed_on, to_status, from_status, count(*)
FROM status_change WHERE changed_on <= ? GROUP BY changed_on, to_status, from_status
"""
TREND_STATUS = {vocab.STATUS_EXITED: 1, vocab.STATUS_RELAPSED: 2, vocab.STATUS_CLOSED: 3}


@dataclass(frozen=True)
class Count:
    """Households and their current members (persons) of one status / type / village / cause."""
    key: str
    households: int
    persons: int


@dataclass(frozen=True)
class VillageCounts:
    village: str
    households: int
    persons: int
    by_status: dict          # status -> households (every status of vocab.STATUSES)


@dataclass(frozen=True)
class YearExits:
    year: int
    exited: int              # households whose confirmed exit year is ``year``
    target: Optional[int]
    target_is_default: bool  # the plan's county figure scaled to the township (not set by the office)


@dataclass(frozen=True)
class LoadBin:
    households: int          # households a helper currently helps (0 … limit)
    helpers: int


@dataclass(frozen=True)
class Pipeline:
    """One case kind's cases by stage and village as of the day."""
    kind: str
    label: str
    stages: tuple            # open stages in flow order, then 不予通过 and 已归档
    villages: tuple
    counts: dict             # (stage, village) -> cases

    def stage_total(self, stage: str, village: str = "") -> int:
        if village:
            return self.counts.get((stage, village), 0)
        return sum(n for (st, _v), n in self.counts.items() if st == stage)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class MonthChanges:
    month: str               # YYYY-MM
    identified: int
    exited: int
    returned: int
    struck_off: int


@dataclass(frozen=True)
class Overview:
    township: str
    as_of: dt.date
    households: int
    persons: int
    by_status: tuple         # Count per status (vocab.STATUSES order)
    by_type: tuple           # Count per household type
    by_village: tuple        # VillageCounts per village (the villages' order)
    main_cause: tuple        # Count per cause (vocab.CAUSES order)
    cause_share: dict        # cause -> share of households naming it at all (R1.6)
    exits: tuple             # YearExits, oldest first
    helper_limit: int
    helper_load: tuple       # LoadBin 0 … limit (and any above it)
    pipelines: tuple         # Pipeline per case kind
    trend: tuple             # MonthChanges, month by month

    def status(self, status: str) -> Count:
        return next(c for c in self.by_status if c.key == status)

    def pipeline(self, kind: str) -> Pipeline:
        return next(p for p in self.pipelines if p.kind == kind)

    def as_dict(self) -> dict:
        """JSON-friendly; the keys of the earlier ``stats`` command are kept (by_status, by_village,
        main_cause, cause_share, exits_by_year)."""
        return {
            "township": self.township,
            "as_of": self.as_of.isoformat(),
            "households": self.households,
            "persons": self.persons,
            "by_status": {c.key: {"households": c.households, "persons": c.persons} for c in self.by_status},
            "by_type": {c.key: {"households": c.households, "persons": c.persons} for c in self.by_type},
            "by_village": [{"village": v.village, "households": v.households, "persons": v.persons,
                            "by_status": dict(v.by_status)} for v in self.by_village],
            "main_cause": {c.key: c.households for c in self.main_cause},
            "main_cause_persons": {c.key: c.persons for c in self.main_cause},
            "cause_share": dict(self.cause_share),
            "exits_by_year": {str(e.year): e.exited for e in self.exits if e.exited},
            "exits": [asdict(e) for e in self.exits],
            "helper_limit": self.helper_limit,
            "helper_load": {str(b.households): b.helpers for b in self.helper_load},
            "pipelines": {p.kind: {"label": p.label, "stages": list(p.stages), "total": p.total,
                                   "by_stage": {st: p.stage_total(st) for st in p.stages},
                                   "by_stage_and_village": {st: {v: p.counts.get((st, v), 0) for v in p.villages}
                                                            for st in p.stages}}
                          for p in self.pipelines},
            "trend": [asdict(m) for m in self.trend],
        }


def overview(db: Database, as_of: dt.date | None = None) -> Overview:
    as_of = as_of or dt.date.today()
    with db.engine.connect() as conn:
        # The DBAPI cursor's plain tuples (as the registry list reads them), one read transaction.
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            cube = cursor.execute(HOUSEHOLD_CUBE_SQL).fetchall()
            villages = [v for (v,) in cursor.execute(VILLAGES_SQL).fetchall()]
            other_cause = dict(cursor.execute(OTHER_CAUSE_SQL).fetchall())
            load = dict(cursor.execute(HELPER_LOAD_SQL).fetchall())
            cases = cursor.execute(CASES_SQL).fetchall()
            trend = cursor.execute(TREND_SQL, (as_of.isoformat(),)).fetchall()
            township = (cursor.execute("SELECT name FROM township").fetchone() or ("",))[0]
        finally:
            cursor.close()
    with db.reader() as s:
        limit = settings.get(s, "helper_household_limit")
        targets = targets_from(sum(r[6] for r in cube), settings.get(s, "exit_targets"))
    return _assemble(township, as_of, cube, villages, other_cause, load, limit, cases, trend, targets)


def _sum(cube, key_index: int, keys) -> tuple:
    hh: dict = {}
    persons: dict = {}
    for r in cube:
        hh[r[key_index]] = hh.get(r[key_index], 0) + r[6]
        persons[r[key_index]] = persons.get(r[key_index], 0) + r[7]
    known = list(keys) + sorted(k for k in hh if k not in keys)   # a value outside the vocabulary still counts
    return tuple(Count(k, hh.get(k, 0), persons.get(k, 0)) for k in known)


def _assemble(township, as_of, cube, villages, other_cause, load, limit, cases, trend, targets) -> Overview:
    households = sum(r[6] for r in cube)
    main_cause = _sum(cube, 4, vocab.CAUSES)
    any_cause = {c.key: c.households + other_cause.get(c.key, 0) for c in main_cause}
    by_village = []
    for name in villages:
        rows = [r for r in cube if r[0] == name]
        by_village.append(VillageCounts(name, sum(r[6] for r in rows), sum(r[7] for r in rows),
                                        {st: sum(r[6] for r in rows if r[2] == st) for st in vocab.STATUSES}))
    exited: dict[int, int] = {}
    for r in cube:
        if r[5] is not None:
            exited[int(r[5])] = exited.get(int(r[5]), 0) + r[6]
    by_year = {t.year: t for t in targets}
    exits = tuple(YearExits(y, exited.get(y, 0), by_year[y].households if y in by_year else None,
                            by_year[y].is_default if y in by_year else True)
                  for y in sorted(set(exited) | set(by_year)))
    top = max([limit] + list(load))
    helper_load = tuple(LoadBin(n, load.get(n, 0)) for n in range(0, top + 1))
    return Overview(
        township=township, as_of=as_of, households=households, persons=sum(r[7] for r in cube),
        by_status=_sum(cube, 2, vocab.STATUSES), by_type=_sum(cube, 3, vocab.HOUSEHOLD_TYPES),
        by_village=tuple(by_village), main_cause=main_cause,
        cause_share={c: round(any_cause.get(c, 0) / households, 3) if households else 0 for c in vocab.CAUSES},
        exits=exits, helper_limit=limit, helper_load=helper_load,
        pipelines=tuple(_pipeline(kind, label, cases, villages, as_of) for kind, label in CASE_KINDS),
        trend=_months(trend, as_of),
    )


def _pipeline(kind: str, label: str, cases, villages, as_of: dt.date) -> Pipeline:
    flow = get_kind(kind).flow
    counts: dict[tuple[str, str], int] = {}
    for k, village, stage, status, start, end, pending, n in cases:
        if k != kind:
            continue
        if status == OPEN:
            day = dt.date.fromisoformat
            now, _note = position(flow, stage, status, start and day(start), end and day(end), int(pending), as_of)
            key = now.name
        else:
            key = REJECTED if status == REJECTED else ARCHIVED
        counts[(key, village)] = counts.get((key, village), 0) + n
    stages = tuple(st.name for st in flow.stages if st.kind != "final") + (REJECTED, ARCHIVED)
    return Pipeline(kind, label, stages, tuple(villages), counts)


def _months(rows, as_of: dt.date) -> tuple:
    by_month: dict[str, list[int]] = {}
    for day, to_status, from_status, n in rows:
        counts = by_month.setdefault(day[:7], [0, 0, 0, 0])
        if to_status == vocab.STATUS_POOR and not from_status:     # the first entry: identified
            counts[0] += n
        elif to_status in TREND_STATUS:
            counts[TREND_STATUS[to_status]] += n
    if not by_month:
        return ()
    year, month = map(int, min(by_month).split("-"))
    out = []
    while (year, month) <= (as_of.year, as_of.month):
        key = f"{year:04d}-{month:02d}"
        out.append(MonthChanges(key, *by_month.get(key, (0, 0, 0, 0))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)
