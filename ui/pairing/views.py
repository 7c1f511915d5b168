"""One way to build the read-only tables of the helpers screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def table_view(model, name: str, *, multi: bool = False, widths: dict[str, int] | None = None,
               stretch: str | None = None, sortable: bool = True) -> QTableView:
    """A row-selecting, read-only table on ``model`` (a ``RowsModel``). ``widths`` by column key;
    ``stretch`` names the column that takes the remaining width (default: the last one)."""
    view = QTableView(objectName=name)
    view.setModel(model)
    if sortable:
        view.setSortingEnabled(True)
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    for key, width in (widths or {}).items():
        view.setColumnWidth(model.col[key], width)
    if stretch:
        header.setSectionResizeMode(model.col[stretch], QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


HOUSEHOLD_WIDTHS = {"household_no": 136, "village": 80, "group": 44, "head_name": 80, "size": 48, "status": 64}
