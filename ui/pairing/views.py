"""How the 帮扶 screens show their lists: the shared ``table_view``, sortable, striped, numbered rows,
fixed widths by column key."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from ..widgets.table_model import table_view


def list_view(model, name: str, *, multi: bool = False, widths: dict[str, int] | None = None,
              stretch: str | None = None, sortable: bool = True) -> QTableView:
    """``model`` (a ``RowsModel``) as a read-only list; ``stretch`` names the column that takes the
    remaining width (default: the last one)."""
    return table_view(model, name, sortable=sortable, multi=multi, widths=widths, stretch=stretch, fit=None,
                      striped=True, row_numbers=True)


HOUSEHOLD_WIDTHS = {"household_no": 136, "village": 80, "group": 44, "head_name": 80, "size": 48, "status": 64}
