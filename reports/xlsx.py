"""Excel (.xlsx) export: one or more sheets, each a titled table.

Text columns (ID numbers, household numbers, phones, bank accounts) are
written as text cells with number format ``@`` so Excel/WPS never turns
430626199001011234 into 4.30626E+17 or drops leading zeros.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from .output import write_output

__all__ = ["SheetColumn", "Sheet", "write_workbook", "safe_sheet_title", "WRITE_ONLY_THRESHOLD"]

ColumnKind = Literal["text", "int", "money", "date"]
WRITE_ONLY_THRESHOLD = 2000  # rows; above this the streaming writer is used
_MAX_CELL_CHARS = 32767  # Excel's limit per cell
_MAX_TITLE = 31
_BAD_TITLE_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")

_FORMATS = {"text": "@", "int": "0", "money": "#,##0.00", "date": "yyyy-mm-dd"}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TITLE_FONTS = (Font(bold=True, size=14), Font(size=11))


@dataclass
class SheetColumn:
    label: str
    width: float = 12.0  # in characters (one Chinese character ~ 2)
    kind: ColumnKind = "text"


@dataclass
class Sheet:
    title: str
    columns: list[SheetColumn]
    rows: list[list[Any]] = field(default_factory=list)
    header_lines: list[str] = field(default_factory=list)  # merged title rows above the table


def safe_sheet_title(title: str, taken: set[str] | None = None) -> str:
    """Strip characters Excel forbids, cut to 31 chars, make unique in ``taken``."""
    name = _BAD_TITLE_CHARS.sub("", title or "").strip().strip("'").strip()
    name = name[:_MAX_TITLE] or "Sheet"
    if taken is None:
        return name
    lowered = {t.lower() for t in taken}
    candidate, n = name, 2
    while candidate.lower() in lowered:
        suffix = f"({n})"
        candidate = name[: _MAX_TITLE - len(suffix)] + suffix
        n += 1
    return candidate


def _clean_text(value: Any) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text[:_MAX_CELL_CHARS]


def _convert(value: Any, kind: str) -> Any:
    """Python value for a cell of ``kind``; anything that doesn't fit stays text."""
    if value is None or value == "":
        return None
    if kind == "text":
        return _clean_text(value)
    if kind == "int":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d{1,15}\s*", value):
            return int(value)
        return _clean_text(value)
    if kind == "money":
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                return Decimal(value.strip().replace(",", ""))
            except InvalidOperation:
                pass
        return _clean_text(value)
    if kind == "date":
        if isinstance(value, (dt.date, dt.datetime)):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        return _clean_text(value)
    raise ValueError(f"unknown column kind {kind!r}")


def _style_value_cell(cell, value: Any, kind: str) -> None:
    if isinstance(value, str):
        cell.number_format = "@"
        cell.data_type = "s"  # a text starting with "=" must not become a formula
    else:
        cell.number_format = _FORMATS[kind]
        if isinstance(value, dt.datetime) and kind == "date":
            cell.number_format = "yyyy-mm-dd hh:mm"


def _prepare(ws, sheet: Sheet) -> tuple[int, int]:
    """Column widths, frozen panes, filter, print titles. Returns (header_row, last_row)."""
    ncols = len(sheet.columns)
    header_row = len(sheet.header_lines) + 1
    last_row = header_row + max(len(sheet.rows), 1)
    last_col = get_column_letter(ncols)
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    for r in range(1, header_row):
        if ncols > 1:
            ws.merged_cells.add(CellRange(f"A{r}:{last_col}{r}"))
    ws.freeze_panes = f"A{header_row + 1}"
    if sheet.rows:
        ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return header_row, last_row


def _row_cells(make, sheet: Sheet):
    """Yield each output row as a list of styled cells made by ``make(value)``."""
    for i, text in enumerate(sheet.header_lines):
        cell = make(_clean_text(text))
        cell.font = _TITLE_FONTS[min(i, 1)]
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.data_type = "s"
        yield [cell]
    header = []
    for col in sheet.columns:
        cell = make(_clean_text(col.label))
        cell.font, cell.fill, cell.border, cell.alignment = _HEADER_FONT, _HEADER_FILL, _BORDER, _CENTER
        cell.data_type = "s"
        header.append(cell)
    yield header
    kinds = [c.kind for c in sheet.columns]
    for n, row in enumerate(sheet.rows):
        if len(row) != len(kinds):
            raise ValueError(f"sheet {sheet.title!r} row {n} has {len(row)} cells, expected {len(kinds)}")
        out = []
        for value, kind in zip(row, kinds):
            converted = _convert(value, kind)
            cell = make(converted)
            cell.border = _BORDER
            _style_value_cell(cell, converted, kind)
            out.append(cell)
        yield out


def write_workbook(
    sheets: list[Sheet], out: str | Path | BinaryIO, *, write_only: bool | None = None
) -> None:
    """Write ``sheets`` to an .xlsx file (path, written atomically) or binary stream.

    ``write_only=None`` picks openpyxl's streaming mode when any sheet has more
    than WRITE_ONLY_THRESHOLD rows.
    """
    if not sheets:
        raise ValueError("write_workbook needs at least one sheet")
    for sheet in sheets:
        if not sheet.columns:
            raise ValueError(f"sheet {sheet.title!r} has no columns")
        for col in sheet.columns:
            if col.kind not in _FORMATS:
                raise ValueError(f"column {col.label!r}: unknown kind {col.kind!r}")
    if write_only is None:
        write_only = any(len(s.rows) > WRITE_ONLY_THRESHOLD for s in sheets)

    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    taken: set[str] = set()
    for sheet in sheets:
        title = safe_sheet_title(sheet.title, taken)
        taken.add(title)
        ws = wb.create_sheet(title=title)
        _prepare(ws, sheet)
        if write_only:
            for cells in _row_cells(lambda v: WriteOnlyCell(ws, value=v), sheet):
                ws.append(cells)
        else:
            for r, cells in enumerate(_row_cells(_DetachedCell, sheet), start=1):
                for c, src in enumerate(cells, start=1):
                    src.copy_to(ws.cell(row=r, column=c))
    buf = io.BytesIO()
    wb.save(buf)
    write_output(buf.getvalue(), out)


class _DetachedCell:
    """Collects value and style for a normal-mode cell (mirrors WriteOnlyCell)."""

    __slots__ = ("value", "font", "fill", "border", "alignment", "number_format", "data_type")

    def __init__(self, value: Any):
        self.value = value
        self.font = self.fill = self.border = self.alignment = None
        self.number_format = None
        self.data_type = None

    def copy_to(self, cell) -> None:
        cell.value = self.value
        for attr in ("font", "fill", "border", "alignment", "number_format"):
            v = getattr(self, attr)
            if v is not None:
                setattr(cell, attr, v)
        if self.data_type is not None:
            cell.data_type = self.data_type
