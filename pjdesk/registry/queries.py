"""Reading the registry: one bulk load of list rows, then filtering and sorting in Python.

At county scale (50,000 households, 200,000 members) the load is two SQL queries; a keystroke's
filter and a column sort run over plain tuples (see docs/benchmarks.md). The GUI table model and
the CLI both use these functions, so search means the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Optional


from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db import Database
from db.models import Household
from db.models.cases import Case
from db.models.household_records import ExitCheck, HouseChange

from .. import idcard
from ..errors import NotFound
from .rules import member_flags

# (key, header) of the household table, in display order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("household_no", "户编号"), ("village", "村"), ("group", "组"), ("head_name", "户主"),
    ("head_id_number", "身份证号"), ("size", "人口"), ("type", "类型"), ("main_cause", "主要致贫原因"),
    ("status", "状态"), ("helper_name", "帮扶责任人"), ("planned_exit_year", "计划脱贫年度"),
)


@dataclass(slots=True)
class RegistryRow:
    id: int
    household_no: str
    village: str
    village_order: int
    group: int
    head_name: str
    head_id_number: str
    head_pinyin: str
    size: int
    type: str
    main_cause: str
    other_causes: list[str]
    status: str
    planned_exit_year: Optional[int]
    exit_year: Optional[int]
    phone: str
    helper_name: str = ""
    # lower-case search text: household number and phone, then a line per current member (``MEMBER_LINE``)
    haystack: str = field(default="", repr=False)

    def as_dict(self) -> dict:
        return {
            "household_no": self.household_no, "village": self.village, "group": self.group,
            "head_name": self.head_name, "head_id_number": self.head_id_number, "size": self.size,
            "type": self.type, "status": self.status, "main_cause": self.main_cause,
            "other_causes": list(self.other_causes), "exit_year": self.exit_year,
            "planned_exit_year": self.planned_exit_year, "helper": self.helper_name,
        }


_LIST_SQL = """
SELECT h.id, h.household_no, v.name, v.sort_order, g.number, COALESCE(hd.name, ''),
       COALESCE(hd.id_number, ''), COALESCE(hd.name_pinyin, ''), h.type, h.main_cause, h.status,
       h.planned_exit_year, h.exit_year, h.phone
FROM household h
JOIN village v ON v.id = h.village_id
JOIN village_group g ON g.id = h.group_id
LEFT JOIN member hd ON hd.household_id = h.id AND hd.relation = '户主'
     AND (hd.left_on IS NULL OR h.status = '已销户')  -- a struck-off household shows its last head
{where}"""
_MEMBERS_SQL = """
SELECT household_id, count(*),
       group_concat(name || ' ' || name_pinyin || ' ' || name_initials || ' ' || id_number, char(10))
FROM member WHERE left_on IS NULL {where} GROUP BY household_id
"""
# The haystack's lines: the household's own text, then one per member ("name pinyin initials id"). A
# search term never holds whitespace, so the line breaks change no match; they tell which member matched.
MEMBER_LINE = "\n"
_CAUSES_SQL = ("SELECT household_id, group_concat(cause, ',') FROM "
               "(SELECT household_id, cause FROM household_other_cause {where} ORDER BY household_id, rank) "
               "GROUP BY household_id")


def _fetch(cursor, sql: str, column: str, ids: list[int] | None, joiner: str) -> list[tuple]:
    """All rows of ``sql`` (for the given household ids only, when given) as plain tuples."""
    if ids is None:
        return cursor.execute(sql.format(where="")).fetchall()
    marks = ",".join("?" * len(ids))
    return cursor.execute(sql.format(where=f"{joiner} {column} IN ({marks})"), ids).fetchall()


# Columns that come from other areas' tables, written out here: attribute name -> (SQL returning
# (household_id, value) rows, the joiner before the household filter that ``_fetch`` puts at {where}).
EXTRA_COLUMNS: dict[str, tuple[str, str]] = {
    # 帮扶责任人: the helper of the household's current pairing (the pairing area's tables)
    "helper_name": ("SELECT a.household_id, hp.name FROM helper_assignment a JOIN helper hp ON hp.id = a.helper_id "
                    "WHERE a.end_on IS NULL {where}", "AND"),
}


def load_rows(db: Database, household_ids: Iterable[int] | None = None) -> list[RegistryRow]:
    """All households (or those with the given ids) as list rows, in registry order."""
    ids = sorted(set(household_ids)) if household_ids is not None else None
    with db.engine.connect() as conn:
        # The DBAPI cursor's plain tuples: at 50,000 rows, SQLAlchemy's Row objects cost ~110 ms.
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            members = {hid: (n, hay) for hid, n, hay in _fetch(cursor, _MEMBERS_SQL, "household_id", ids, "AND")}
            causes = {hid: c.split(",") for hid, c in _fetch(cursor, _CAUSES_SQL, "household_id", ids, "WHERE")}
            listed = _fetch(cursor, _LIST_SQL, "h.id", ids, "WHERE")
            extras = {name: dict(_fetch(cursor, sql, "household_id", ids, joiner))
                      for name, (sql, joiner) in EXTRA_COLUMNS.items()}
        finally:
            cursor.close()
    rows: list[RegistryRow] = []
    no_members = (0, "")
    for r in listed:
        hid = r[0]
        size, hay = members.get(hid, no_members)
        row = RegistryRow(hid, r[1], r[2], r[3], r[4], r[5], r[6], r[7], size, r[8], r[9],
                          causes.get(hid, []), r[10], r[11], r[12], r[13] or "")
        row.haystack = f"{row.household_no} {row.phone}{MEMBER_LINE}{hay}".lower()
        rows.append(row)
    for name, values in extras.items():
        for row in rows:
            setattr(row, name, values.get(row.id, ""))
    rows.sort(key=lambda x: (x.village_order, x.group, x.household_no))
    return rows


@dataclass
class RegistryFilter:
    search: str = ""
    village: str = ""
    group: Optional[int] = None
    status: str = ""
    type: str = ""
    main_cause: str = ""
    has_helper: Optional[bool] = None
    planned_exit_year: Optional[int] = None
    exit_year: Optional[int] = None        # the confirmed exit year (统计's 年度脱贫 drill-down)

    def predicates(self) -> list[Callable[[RegistryRow], bool]]:
        preds: list[Callable[[RegistryRow], bool]] = []
        for term in idcard.normalise_search(self.search):
            preds.append(lambda r, t=term: t in r.haystack)
        if self.village:
            preds.append(lambda r: r.village == self.village)
        if self.group is not None:
            preds.append(lambda r: r.group == self.group)
        if self.status:
            preds.append(lambda r: r.status == self.status)
        if self.type:
            preds.append(lambda r: r.type == self.type)
        if self.main_cause:
            preds.append(lambda r: r.main_cause == self.main_cause)
        if self.has_helper is not None:
            preds.append(lambda r: bool(r.helper_name) == self.has_helper)
        if self.planned_exit_year is not None:
            preds.append(lambda r: r.planned_exit_year == self.planned_exit_year)
        if self.exit_year is not None:
            preds.append(lambda r: r.exit_year == self.exit_year)
        return preds


def matched_members(row: RegistryRow, search: str) -> list[str]:
    """Why a row matched the search when its head does not explain it: the names of the other current
    members whose name, pinyin, initials or ID number hold a term that the household number, phone and
    head do not ("zx" finds 周才才's household through 周雪红). Empty when the head explains the hit."""
    terms = idcard.normalise_search(search)
    if not terms:
        return []
    own, *members = row.haystack.split(MEMBER_LINE)
    head_id = row.head_id_number.lower()
    heads = [m for m in members if head_id and m.rsplit(" ", 1)[-1] == head_id]
    others = [m for m in members if m not in heads]
    explained = " ".join([own] + heads)
    unexplained = [t for t in terms if t not in explained]
    return [m.split(" ", 1)[0] for m in others if any(t in m for t in unexplained)]


def filter_rows(rows: list[RegistryRow], flt: RegistryFilter) -> list[RegistryRow]:
    preds = flt.predicates()
    if not preds:
        return list(rows)
    return [r for r in rows if all(p(r) for p in preds)]


def _sort_key(column: str) -> Callable[[RegistryRow], object]:
    if column == "head_name":
        return lambda r: (r.head_pinyin, r.head_name)  # pinyin order, surnames read as surnames
    if column == "village":
        return lambda r: (r.village_order, r.group, r.household_no)
    if column in ("size", "group"):
        return lambda r: getattr(r, column)
    if column in ("planned_exit_year", "exit_year"):
        return lambda r: getattr(r, column) or 0
    return lambda r: (getattr(r, column) or "")


def sort_rows(rows: list[RegistryRow], column: str, descending: bool = False) -> list[RegistryRow]:
    if column not in dict(COLUMNS) and column != "exit_year":
        raise KeyError(column)
    return sorted(rows, key=_sort_key(column), reverse=descending)


def totals(rows: list[RegistryRow]) -> tuple[int, int]:
    """(households, persons) of a list."""
    return len(rows), sum(r.size for r in rows)


def get_household(s: Session, household_no: str) -> Household:
    """The household with its members and causes loaded, inside the caller's session."""
    h = s.scalar(select(Household).where(Household.household_no == household_no)
                 .options(selectinload(Household.members), selectinload(Household.other_causes)))
    if h is None:
        raise NotFound(f"户编号“{household_no}”不存在")
    return h


@dataclass(frozen=True)
class MemberDetail:
    """One member as recorded. The field names are ``rules.MemberInput``'s, so a form fills from either."""
    id: int
    name: str
    id_number: str
    relation: str
    sex: str
    birth_date: dt.date
    ethnicity: str
    education: str
    school_status: str
    health: str
    disability_grade: str
    labour_ability: str
    work_status: str
    is_dibao: bool
    is_tekun: bool                  # R1.7 flags
    is_left_behind_child: bool
    is_left_behind_elder: bool
    has_medical_insurance: bool
    has_pension_insurance: bool
    joined_on: dt.date
    join_reason: str
    left_on: Optional[dt.date]
    leave_reason: str
    age: int

    @property
    def current(self) -> bool:
        """Still registered in the household (not left)."""
        return self.left_on is None

    @property
    def flags(self) -> str:
        """标识: “低保、残疾二级、留守儿童” (R1.7); empty when none."""
        return "、".join(member_flags(self))


@dataclass(frozen=True)
class StatusChangeInfo:
    from_status: Optional[str]
    to_status: str
    changed_on: dt.date
    reason: str
    recorded_by: str


@dataclass(frozen=True)
class ExitCheckItemInfo:
    item: str
    met: bool
    note: str


@dataclass(frozen=True)
class ExitCheckInfo:
    """A stored 两不愁三保障 check (R1.5) of a change to 预脱贫 / 已脱贫."""
    checked_on: dt.date
    to_status: str
    year: int
    household_size: int
    net_income: int
    per_capita_income: float
    income_line: Optional[int]
    passed: bool
    recorded_by: str
    items: list[ExitCheckItemInfo]


@dataclass(frozen=True)
class HouseChangeInfo:
    """A change of the house record made by a case (e.g. 竣工验收), with the case as its source."""
    changed_on: dt.date
    source: str
    case_no: str
    old_structure: str
    old_area: Optional[float]
    old_built_year: Optional[int]
    old_grade: str
    new_structure: str
    new_area: Optional[float]
    new_built_year: Optional[int]
    new_grade: str
    recorded_by: str


@dataclass(frozen=True)
class HouseholdDetail:
    """Everything about one household (CLI ``show``, the detail dialog, the case printouts). The
    household's own fields carry ``rules.HouseholdInput``'s names, so a form fills from either."""
    id: int
    household_no: str
    village: str
    group: int
    address: str
    phone: str
    bank_name: str
    bank_account: str
    type: str
    standard: str
    identified_year: int
    main_cause: str
    other_causes: list[str]
    planned_exit_year: Optional[int]
    policy_guarantee: bool                  # 政策兜底 (R1.7)
    house_structure: str
    house_area: Optional[float]
    danger_grade: str
    house_built_year: Optional[int]
    wage_income: int
    business_income: int
    transfer_income: int
    property_income: int
    production_cost: int
    net_income: int
    per_capita_net_income: Optional[float]
    head_name: str
    head_id_number: str
    size: int
    status: str
    exit_year: Optional[int]
    members: list[MemberDetail]             # current first (head first), then those who left
    status_history: list[StatusChangeInfo]  # oldest first
    exit_checks: list[ExitCheckInfo] = field(default_factory=list)      # oldest first (R1.5)
    house_changes: list[HouseChangeInfo] = field(default_factory=list)  # oldest first, made by cases

    @property
    def current_members(self) -> list[MemberDetail]:
        return [m for m in self.members if m.current]

    def as_dict(self) -> dict:
        """JSON-friendly (dates as YYYY-MM-DD), keys as the field names."""
        return _jsonable(asdict(self))


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def household_detail(db: Database, household_no: str) -> HouseholdDetail:
    """Everything about one household (CLI ``show``, the detail dialog, the case printouts)."""
    with db.reader() as s:
        h = get_household(s, household_no)
        head = h.head or next((m for m in h.members if m.relation == "户主"), None)  # 已销户: the last head
        members = sorted(h.members, key=lambda m: (m.left_on is not None, m.relation != "户主", m.id))
        return HouseholdDetail(
            id=h.id, household_no=h.household_no, village=h.village.name, group=h.group.number,
            address=h.address, phone=h.phone, bank_name=h.bank_name, bank_account=h.bank_account,
            type=h.type, standard=h.standard, identified_year=h.identified_year, main_cause=h.main_cause,
            other_causes=[c.cause for c in h.other_causes], planned_exit_year=h.planned_exit_year,
            policy_guarantee=bool(h.policy_guarantee),
            house_structure=h.house_structure, house_area=h.house_area, danger_grade=h.danger_grade,
            house_built_year=h.house_built_year, wage_income=h.wage_income, business_income=h.business_income,
            transfer_income=h.transfer_income, property_income=h.property_income,
            production_cost=h.production_cost, net_income=h.net_income,
            per_capita_net_income=h.per_capita_net_income,
            head_name=head.name if head else "", head_id_number=head.id_number if head else "",
            size=h.size, status=h.status, exit_year=h.exit_year,
            members=[_member_detail(m) for m in members],
            status_history=[StatusChangeInfo(from_status=c.from_status, to_status=c.to_status,
                                             changed_on=c.changed_on, reason=c.reason, recorded_by=c.recorded_by)
                            for c in h.status_changes],
            exit_checks=_exit_checks(s, h.id), house_changes=_house_changes(s, h.id),
        )


def _exit_checks(s: Session, household_id: int) -> list[ExitCheckInfo]:
    checks = s.scalars(select(ExitCheck).where(ExitCheck.household_id == household_id)
                       .options(selectinload(ExitCheck.items)).order_by(ExitCheck.id))
    return [ExitCheckInfo(c.checked_on, c.to_status, c.year, c.household_size, c.net_income, c.per_capita_income,
                          c.income_line, c.passed, c.recorded_by,
                          [ExitCheckItemInfo(i.item, i.met, i.note) for i in c.items]) for c in checks]


def _house_changes(s: Session, household_id: int) -> list[HouseChangeInfo]:
    rows = s.execute(select(HouseChange, Case.case_no).outerjoin(Case, Case.id == HouseChange.case_id)
                     .where(HouseChange.household_id == household_id).order_by(HouseChange.id))
    return [HouseChangeInfo(c.changed_on, c.source, case_no or "", c.old_structure, c.old_area, c.old_built_year,
                            c.old_grade, c.new_structure, c.new_area, c.new_built_year, c.new_grade, c.recorded_by)
            for c, case_no in rows]


def _member_detail(m) -> MemberDetail:
    return MemberDetail(
        id=m.id, name=m.name, id_number=m.id_number, relation=m.relation, sex=m.sex, birth_date=m.birth_date,
        ethnicity=m.ethnicity, education=m.education, school_status=m.school_status, health=m.health,
        disability_grade=m.disability_grade, labour_ability=m.labour_ability, work_status=m.work_status,
        is_dibao=m.is_dibao, is_tekun=bool(m.is_tekun), is_left_behind_child=bool(m.is_left_behind_child),
        is_left_behind_elder=bool(m.is_left_behind_elder), has_medical_insurance=m.has_medical_insurance,
        has_pension_insurance=m.has_pension_insurance, joined_on=m.joined_on, join_reason=m.join_reason,
        left_on=m.left_on, leave_reason=m.leave_reason, age=_age(m.birth_date))


def _age(birth: dt.date, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
