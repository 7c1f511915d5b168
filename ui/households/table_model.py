"""Household table on QAbstractTableModel. Filtering and sorting run in Python over plain rows
(pjdesk.services.registry_query), never through QSortFilterProxyModel (8 s a sort at 50k rows)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from pjdesk.registry.queries import COLUMNS, RegistryFilter, RegistryRow, filter_rows, sort_rows, totals

KEYS = [k for k, _ in COLUMNS]
HEADERS = [h for _, h in COLUMNS]
COL = {k: i for i, k in enumerate(KEYS)}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
NUMERIC = {"group", "size", "planned_exit_year"}
STATUS_COLOURS = {"未脱贫": "#b3261e", "返贫": "#d35400", "预脱贫": "#b7950b", "已脱贫": "#1e8449", "已销户": "#7f8c8d"}


class HouseholdTableModel(QAbstractTableModel):
    """Holds every household row once (``_all``) and the visible, filtered and sorted list."""

    totals_changed = Signal(int, int)  # households, persons of the visible rows

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[RegistryRow] = []
        self._rows: list[RegistryRow] = []
        self._filter = RegistryFilter()
        self._sort: tuple[str, bool] | None = None

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
        rows = filter_rows(self._all, self._filter)
        if self._sort:
            rows = sort_rows(rows, *self._sort)
        self._rows = rows
        self.endResetModel()
        self.totals_changed.emit(*totals(rows))

    # ---- Qt model
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(KEYS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, key)
            return "" if value is None else (f"{value}组" if key == "group" else str(value))
        if role == SORT_ROLE:
            return getattr(row, key)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return QBrush(QColor(STATUS_COLOURS.get(row.status, "#000000")))
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (KEYS[column], order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        self._rows = sort_rows(self._rows, *self._sort)
        self.layoutChanged.emit()

    def row_at(self, index: QModelIndex | int) -> RegistryRow:
        return self._rows[index if isinstance(index, int) else index.row()]

    def row_of(self, household_no: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.household_no == household_no), -1)

    def visible_rows(self) -> list[RegistryRow]:
        return list(self._rows)
