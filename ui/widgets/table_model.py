"""The one table-model base of every list in the app: ``RowsModel``, a read-only
``QAbstractTableModel`` over plain row objects described by ``Col`` specs, sorted in Python (no
proxy), and ``table_view`` to show one. ``SORT_ROLE`` gives a cell's sort value, ``ROW_ROLE`` the row
object; areas add roles after ``FIRST_FREE_ROLE``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
FIRST_FREE_ROLE = Qt.ItemDataRole.UserRole + 3

DISPLAY = Qt.ItemDataRole.DisplayRole


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    value: Callable[[Any], Any]
    centre: bool = False


class RowsModel(QAbstractTableModel):
    """A read-only table of plain row objects described by ``Col`` specs."""

    def __init__(self, columns: Sequence[Col], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.col = {c.key: i for i, c in enumerate(self.columns)}
        self._rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, index: QModelIndex | int):
        return self._rows[index if isinstance(index, int) else index.row()]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=DISPLAY):
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return section + 1

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == DISPLAY:
            value = col.value(row)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            return col.value(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and col.centre:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        fn = self.columns[column].value
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=lambda r: (fn(r) is None, fn(r) if fn(r) is not None else 0),
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def table_view(model: QAbstractTableModel, *, sortable: bool = False, stretch_last: bool = True) -> QTableView:
    """A read-only, row-selecting table view of ``model`` without row numbers."""
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.setSortingEnabled(sortable)
    view.setWordWrap(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    return view
