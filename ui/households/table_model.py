"""Household table on the shared ``RowsModel``. Filtering and sorting run in Python over plain rows
(pjdesk.registry.queries), never through QSortFilterProxyModel (8 s a sort at 50k rows). The base
shows the cells; this model adds the filter over all rows (``_all``) and, for speed at 50,000 rows,
sorts with ``sort_rows`` (one plain key per column) instead of the base's None-safe tuples."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import Qt, Signal

from pjdesk.registry.queries import (COLUMNS, RegistryFilter, RegistryRow, filter_rows, matched_members, sort_rows,
                                     totals)

from ..widgets.table_model import Col, RowsModel

KEYS = [k for k, _ in COLUMNS]
COL = {k: i for i, k in enumerate(KEYS)}
NUMERIC = {"group", "size", "planned_exit_year"}
STATUS_COLOURS = {"未脱贫": "#b3261e", "返贫": "#d35400", "预脱贫": "#b7950b", "已脱贫": "#1e8449", "已销户": "#7f8c8d"}
REGISTRY_COLUMNS = tuple(Col(k, h, lambda r: f"{r.group}组", True, sort=attrgetter("group")) if k == "group"
                         else Col(k, h, attrgetter(k), k in NUMERIC) for k, h in COLUMNS)


def _status_colour(row: RegistryRow, key: str) -> str | None:
    return STATUS_COLOURS.get(row.status, "#000000") if key == "status" else None


class HouseholdTableModel(RowsModel):
    """Holds every household row once (``_all``) and the visible, filtered and sorted list."""

    totals_changed = Signal(int, int)  # households, persons of the visible rows

    def __init__(self, parent=None):
        super().__init__(REGISTRY_COLUMNS, parent, colour=_status_colour, tip=self._match_tip)
        self._all: list[RegistryRow] = []
        self._filter = RegistryFilter()

    def _match_tip(self, row: RegistryRow, _key: str) -> str | None:
        """A row found through a member other than the head says which member matched (every cell)."""
        names = matched_members(row, self._filter.search)
        return f"通过家庭成员“{'、'.join(names)}”匹配搜索（户主 {row.head_name}）" if names else None

    # ---- data in
    def set_rows(self, rows: list[RegistryRow]) -> None:
        self._all = rows
        self._apply()

    def replace_rows(self, fresh: list[RegistryRow]) -> None:
        """Put re-read rows (after an edit) in place of the old ones, keeping order and filter."""
        by_id = {r.id: r for r in fresh}
        known = set()
        for i, r in enumerate(self._all):
            if r.id in by_id:
                self._all[i] = by_id[r.id]
                known.add(r.id)
        self._all.extend(r for r in fresh if r.id not in known)
        self._apply()

    def set_filter(self, flt: RegistryFilter) -> None:
        self._filter = flt
        self._apply()

    @property
    def filter(self) -> RegistryFilter:
        return self._filter

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = filter_rows(self._all, self._filter)
        if self._sort_by:
            self._sort_rows(*self._sort_by)
        self.endResetModel()
        self.totals_changed.emit(*totals(self._rows))

    # ---- speed: sort with the registry's own keys (one per column, pinyin for names), no tuples
    def _sort_rows(self, column: int, order) -> None:
        if 0 <= column < len(KEYS):
            self._rows = sort_rows(self._rows, KEYS[column], order == Qt.SortOrder.DescendingOrder)

    def row_of(self, household_no: str) -> int:
        return self.find(lambda r: r.household_no == household_no)

    def visible_rows(self) -> list[RegistryRow]:
        return self.rows()


# ---- the household dialog's small tables (pjdesk.registry.queries.MemberDetail, StatusChangeInfo)
MEMBER_COLUMNS = (
    Col("name", "姓名", attrgetter("name")),
    Col("relation", "与户主关系", attrgetter("relation")),
    Col("sex", "性别", attrgetter("sex")),
    Col("id_number", "身份证号", attrgetter("id_number")),
    Col("birth_date", "出生日期", lambda m: f"{m.birth_date:%Y-%m-%d}"),
    Col("age", "年龄", attrgetter("age")),
    Col("health", "健康状况", attrgetter("health")),
    Col("labour_ability", "劳动能力", attrgetter("labour_ability")),
    Col("school_status", "在校状况", attrgetter("school_status")),
    Col("registered", "在册情况", lambda m: f"{m.left_on:%Y-%m-%d} {m.leave_reason}减少" if m.left_on else "在册"),
)
STATUS_HISTORY_COLUMNS = (
    Col("date", "日期", lambda h: f"{h.changed_on:%Y-%m-%d}"),
    Col("from", "原状态", lambda h: h.from_status or "—"),
    Col("to", "新状态", attrgetter("to_status")),
    Col("reason", "原因", attrgetter("reason")),
    Col("by", "经办人", attrgetter("recorded_by")),
)


def member_colour(m, _key: str) -> str | None:
    """Members who left are shown grey."""
    return "#888888" if m.left_on else None
