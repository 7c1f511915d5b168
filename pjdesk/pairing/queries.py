"""Reading helpers and pairings for lists: helpers with their load, unassigned households,
helpers at or over the limit, a household's helper history. A few bulk SQL queries each, so the
lists stay quick on a 50,000-household county database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import text

from db import Database

from ..registry import vocab as core_vocab
from ..registry.queries import get_household
from .limits import household_limit

_POOR = ", ".join(f"'{s}'" for s in core_vocab.ACTIVE_POOR_STATUSES)


@dataclass(slots=True)
class PairedHousehold:
    household_no: str
    head_name: str
    village: str
    group: int
    size: int
    status: str
    start_on: dt.date


@dataclass(slots=True)
class HelperRow:
    id: int
    name: str
    sex: str
    phone: str
    unit: str
    unit_level: str
    post: str
    kind: str
    village: str
    active: bool
    name_pinyin: str = ""
    households: list[PairedHousehold] = field(default_factory=list)
    haystack: str = field(default="", repr=False)

    @property
    def load(self) -> int:
        return len(self.households)

    def as_dict(self, limit: int) -> dict:
        return {
            "id": self.id, "name": self.name, "sex": self.sex, "phone": self.phone, "unit": self.unit,
            "level": self.unit_level, "post": self.post, "kind": self.kind, "village": self.village,
            "active": self.active, "load": self.load, "limit": limit,
            "households": [{"household_no": p.household_no, "head_name": p.head_name, "village": p.village,
                            "group": p.group, "size": p.size, "status": p.status,
                            "start_on": p.start_on.isoformat()} for p in self.households],
        }


@dataclass(slots=True)
class HouseholdBrief:
    id: int
    household_no: str
    village: str
    group: int
    head_name: str
    size: int
    status: str
    type: str
    main_cause: str


_HEAD = " LEFT JOIN member hd ON hd.household_id = h.id AND hd.left_on IS NULL AND hd.relation = '户主' "
_SIZE = "(SELECT count(*) FROM member m WHERE m.household_id = h.id AND m.left_on IS NULL)"


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def helper_rows(db: Database, *, unit: str = "", search: str = "", active_only: bool = False) -> list[HelperRow]:
    """Every helper with the households he currently helps, sorted by unit then name (pinyin)."""
    with db.engine.connect() as conn:
        helpers: dict[int, HelperRow] = {}
        for r in conn.execute(text(
                "SELECT hp.id, hp.name, hp.sex, hp.phone, hp.unit, hp.unit_level, hp.post, hp.kind, "
                "COALESCE(v.name, ''), hp.active, hp.name_pinyin, hp.name_initials "
                "FROM helper hp LEFT JOIN village v ON v.id = hp.village_id")):
            row = HelperRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]), r[10])
            row.haystack = f"{r[1]} {r[10]} {r[11]} {r[3]} {r[4]}".lower()
            helpers[r[0]] = row
        for r in conn.execute(text(
                f"SELECT a.helper_id, h.household_no, COALESCE(hd.name, ''), v.name, g.number, {_SIZE}, "
                "h.status, a.start_on FROM helper_assignment a JOIN household h ON h.id = a.household_id "
                "JOIN village v ON v.id = h.village_id JOIN village_group g ON g.id = h.group_id "
                + _HEAD + " WHERE a.end_on IS NULL ORDER BY h.household_no")):
            helpers[r[0]].households.append(PairedHousehold(r[1], r[2], r[3], r[4], r[5], r[6], _date(r[7])))
    rows = sorted(helpers.values(), key=lambda x: (x.unit, x.name_pinyin, x.id))
    return filter_helpers(rows, unit=unit, search=search, active_only=active_only)


def filter_helpers(rows: list[HelperRow], *, unit: str = "", search: str = "",
                   active_only: bool = False) -> list[HelperRow]:
    """Filter loaded rows in Python (a keystroke in the search box does not query the database).
    ``search`` matches name, pinyin, initials, phone or unit; several words must all match."""
    terms = search.lower().split()
    return [r for r in rows if (not unit or r.unit == unit) and (r.active or not active_only)
            and all(t in r.haystack for t in terms)]


def limit_of(db: Database) -> int:
    with db.reader() as s:
        return household_limit(s)


def at_or_over_limit(rows: list[HelperRow], limit: int) -> list[HelperRow]:
    """Helpers whose load has reached (or, after the limit was lowered, passed) the limit."""
    return [r for r in rows if r.load >= limit]


def has_room(row: HelperRow, limit: int) -> bool:
    """Whether a helper can take another household (R2.1)."""
    return row.load < limit


def helpers_in_assignment_order(rows: list[HelperRow], limit: int, *, villages: set[str] | frozenset = frozenset()
                                ) -> list[HelperRow]:
    """The order a helper is offered in when households are assigned: helpers with room first, the
    least loaded first and, at the same load, those of the households' own ``villages``; then the
    helpers at (or over) the limit, who can take none."""
    return sorted(rows, key=lambda r: (not has_room(r, limit), r.load, r.village not in villages,
                                       r.name_pinyin, r.id))


def villages_of(db: Database, household_nos: list[str]) -> set[str]:
    """The villages the given households belong to."""
    if not household_nos:
        return set()
    with db.engine.connect() as conn:
        params = {f"n{i}": no for i, no in enumerate(household_nos)}
        return {r[0] for r in conn.execute(text(
            "SELECT DISTINCT v.name FROM household h JOIN village v ON v.id = h.village_id "
            f"WHERE h.household_no IN ({', '.join(':' + k for k in params)})"), params)}


def unassigned_households(db: Database, village: str = "") -> list[HouseholdBrief]:
    """Households that need a helper (未脱贫 / 预脱贫 / 返贫, R2.1) and have none."""
    sql = (f"SELECT h.id, h.household_no, v.name, g.number, COALESCE(hd.name, ''), {_SIZE}, h.status, "
           "h.type, h.main_cause FROM household h JOIN village v ON v.id = h.village_id "
           "JOIN village_group g ON g.id = h.group_id " + _HEAD +
           f" WHERE h.status IN ({_POOR}) AND NOT EXISTS (SELECT 1 FROM helper_assignment a "
           "WHERE a.household_id = h.id AND a.end_on IS NULL)"
           + (" AND v.name = :village" if village else "") + " ORDER BY v.sort_order, g.number, h.household_no")
    with db.engine.connect() as conn:
        return [HouseholdBrief(*r) for r in conn.execute(text(sql), {"village": village})]


def helper_history(db: Database, household_no: str) -> list[dict]:
    """All pairings of a household, oldest first (current one has ``end_on`` None)."""
    with db.reader() as s:
        h = get_household(s, household_no)
        rows = s.execute(text(
            "SELECT a.id, hp.id, hp.name, hp.unit, hp.phone, a.start_on, a.start_reason, a.end_on, a.end_reason, "
            "a.recorded_by FROM helper_assignment a JOIN helper hp ON hp.id = a.helper_id "
            "WHERE a.household_id = :h ORDER BY a.start_on, a.id"), {"h": h.id}).all()
    return [{"id": r[0], "helper_id": r[1], "helper": r[2], "unit": r[3], "phone": r[4],
             "start_on": _date(r[5]).isoformat(), "start_reason": r[6],
             "end_on": _date(r[7]).isoformat() if r[7] else None, "end_reason": r[8], "recorded_by": r[9]}
            for r in rows]


def pairing_counts(db: Database) -> dict:
    """Totals for the page header and the demo check."""
    with db.engine.connect() as conn:
        one = lambda sql: conn.execute(text(sql)).scalar() or 0  # noqa: E731
        return {
            "helpers": one("SELECT count(*) FROM helper WHERE active"),
            "paired": one("SELECT count(*) FROM helper_assignment WHERE end_on IS NULL"),
            "need_helper": one(f"SELECT count(*) FROM household WHERE status IN ({_POOR})"),
            "unpaired": one(f"SELECT count(*) FROM household h WHERE status IN ({_POOR}) AND NOT EXISTS "
                            "(SELECT 1 FROM helper_assignment a WHERE a.household_id = h.id AND a.end_on IS NULL)"),
            "max_load": one("SELECT max(n) FROM (SELECT count(*) AS n FROM helper_assignment "
                            "WHERE end_on IS NULL GROUP BY helper_id)"),
        }


def household_head_name(db: Database, household_no: str) -> str:
    """The name of the household's current head ("" when it has none)."""
    with db.reader() as s:
        h = get_household(s, household_no)
        return h.head.name if h.head else ""


def household_current_helper(db: Database, household_no: str) -> Optional[dict]:
    hist = helper_history(db, household_no)
    return next((h for h in hist if h["end_on"] is None), None)


def helpers_above(db: Database, limit: int) -> int:
    """How many helpers have more current households than ``limit`` (e.g. before the limit is lowered:
    their pairings stay, they only get no new household)."""
    with db.engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM (SELECT helper_id FROM helper_assignment WHERE end_on IS NULL "
            "GROUP BY helper_id HAVING count(*) > :n)"), {"n": limit}).scalar() or 0
