"""The one table-model base of every list in the app: ``RowsModel``, a read-only
``QAbstractTableModel`` over plain row objects described by ``Col`` specs, sorted in Python (no
proxy), and ``table_view`` to show one. ``SORT_ROLE`` gives a cell's sort value, ``ROW_ROLE`` the row
object; areas add roles after ``FIRST_FREE_ROLE``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
FIRST_FREE_ROLE = Qt.ItemDataRole.UserRole + 3

DISPLAY = Qt.ItemDataRole.DisplayRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

# (row, column key) → a colour such as "#b3261e" for the text, or a tooltip; None for none.
CellHook = Callable[[Any, str], "str | None"]


@dataclass(frozen=True)
class Col:
    """A column: ``value(row)`` is what the cell shows (None shows empty); ``sort(row)`` the sort key
    when it differs from the value (pinyin of a name, the number behind a formatted amount)."""

    key: str
    header: str
    value: Callable[[Any], Any]
    centre: bool = False
    sort: Callable[[Any], Any] | None = None
    right: bool = False            # numbers and amounts


def _none_last(fn: Callable[[Any], Any]) -> Callable[[Any], tuple]:
    def key(row):
        v = fn(row)
        return (True, 0) if v is None else (False, v)
    return key


_BRUSHES: dict[str, QBrush] = {}


def brush(colour: str) -> QBrush:
    """One shared ``QBrush`` per colour name."""
    b = _BRUSHES.get(colour)
    if b is None:
        b = _BRUSHES[colour] = QBrush(QColor(colour))
    return b


class RowsModel(QAbstractTableModel):
    """A read-only table of plain row objects described by ``Col`` specs. ``colour`` and ``tip``
    (row, column key) → text colour / tooltip of a cell. The last sort is kept across ``set_rows``."""

    def __init__(self, columns: Sequence[Col], parent=None, *, colour: CellHook | None = None,
                 tip: CellHook | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self.col = {c.key: i for i, c in enumerate(self.columns)}
        self._rows: list = []
        self._colour, self._tip = colour, tip
        self._sort_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort_by:
            self._sort_rows(*self._sort_by)
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, index: QModelIndex | int):
        return self._rows[index if isinstance(index, int) else index.row()]

    def find(self, test: Callable[[Any], bool]) -> int:
        """The position of the first shown row that passes ``test``, or -1."""
        return next((i for i, r in enumerate(self._rows) if test(r)), -1)

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
            return (col.sort or col.value)(row)
        if role == ROW_ROLE:
            return row
        if role == ALIGN:
            return CENTRE if col.centre else RIGHT if col.right else None
        if role == FOREGROUND and self._colour:
            colour = self._colour(row, col.key)
            return brush(colour) if colour else None
        if role == TOOLTIP and self._tip:
            return self._tip(row, col.key)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_by = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order) -> None:
        if 0 <= column < len(self.columns):   # -1 (a view's "no sort indicator"): the rows' own order
            c = self.columns[column]
            self._rows.sort(key=_none_last(c.sort or c.value), reverse=order == Qt.SortOrder.DescendingOrder)


class _RefitView(QTableView):
    """A table view that sizes its columns and rows to the contents whenever the rows are replaced,
    then applies the fixed ``widths``."""

    widths: dict[str, int] = {}

    def reset(self) -> None:
        super().reset()
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        _set_widths(self, self.widths)


def _set_widths(view: QTableView, widths: dict[str, int]) -> None:
    for key, width in widths.items():
        view.setColumnWidth(view.model().col[key], width)


def table_view(model: QAbstractTableModel, name: str = "", *, sortable: bool = False, multi: bool = False,
               widths: dict[str, int] | None = None, stretch: str | None = None, fit: str | None = "live",
               striped: bool = False, row_numbers: bool = False) -> QTableView:
    """A read-only, row-selecting table view of ``model`` (single selection unless ``multi``).

    ``fit``: "live" — columns always as wide as their contents; "reset" — columns and rows sized to
    the contents each time the rows are replaced, the clerk may then drag them; None — ``widths`` only.
    ``widths`` (by column key; after fitting, for "reset") and ``stretch`` (the key of the column
    that takes the remaining width, default the last) need ``model.col``. ``sortable``: click a header
    to sort, no order at first. ``row_numbers``: a numbered row header."""
    view = _RefitView(objectName=name) if fit == "reset" else QTableView(objectName=name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(striped)
    if sortable:
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
    if row_numbers:
        view.verticalHeader().setDefaultSectionSize(26)
    else:
        view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    if fit == "live":
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if fit == "reset":
        view.widths = dict(widths or {})
    _set_widths(view, widths or {})
    if stretch:
        header.setSectionResizeMode(model.col[stretch], QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view
