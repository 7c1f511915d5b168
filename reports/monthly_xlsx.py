"""The monthly county workbook (月报): a 说明 sheet, the data sheets, the progress sheets.

Plain data in (no database): ``write_monthly(book, path, progress=...)`` streams every sheet with
openpyxl's write-only mode into a temporary file in the target's folder and renames it to the final
name only when the whole workbook is written, so a failed or cancelled export leaves nothing under
the final name. The 说明 sheet comes first in the file but is filled last: it carries the row count of
each data sheet and the SHA-256 checksum of their cell values (``checksum_update``; the algorithm is
in docs/export-format.md and a test recomputes it from the file).

Data sheets: header row 1 (frozen, autofilter), one record per row. Text columns (ID numbers,
household numbers, phones) are text cells with the column formatted ``@``; dates are dates; amounts
and counts are numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from .errors import ReportWriteError
from .xlsx import (
    _BORDER, _CENTER, _HEADER_FILL, _HEADER_FONT, SheetColumn, _clean_text, _convert,
    _style_value_cell, safe_sheet_title,
)

__all__ = ["DataSheet", "ProgressSheet", "MonthlyBook", "write_monthly", "checksum_update", "canonical",
           "INFO_TITLE", "PROGRESS_EVERY"]

INFO_TITLE = "说明"
PROGRESS_EVERY = 2000  # rows between two progress calls


@dataclass
class DataSheet:
    """One record per row; ``rows`` may be a generator (read once); ``count`` is its length, for
    progress (the written count is what the 说明 sheet reports)."""

    title: str
    columns: list[SheetColumn]
    rows: Iterable[list[Any]]
    count: int = 0


@dataclass
class ProgressSheet:
    """A small formatted table as offices print it: title lines, header, total row first."""

    title: str
    header_lines: list[str]
    columns: list[SheetColumn]
    rows: list[list[Any]]
    landscape: bool = True


@dataclass
class MonthlyBook:
    info: list[tuple[str, Any]]          # 说明 lines before the row counts and checksum
    data_sheets: list[DataSheet]
    progress_sheets: list[ProgressSheet] = field(default_factory=list)


def canonical(value: Any) -> str:
    """A cell value as text for the checksum (docs/export-format.md: "Checksum")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def checksum_update(digest, title: str, row: Iterable[Any]) -> None:
    """Feed one row (header row included) of data sheet ``title`` into ``digest``."""
    digest.update((title + "\t" + "\t".join(map(canonical, row)) + "\n").encode("utf-8"))


def _cell_value(value: Any, kind: str) -> Any:
    if kind == "text":
        return None if value is None or value == "" else _clean_text(value)
    return _convert(value, kind)


def _header_cells(ws, columns: list[SheetColumn]) -> list:
    cells = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=_clean_text(col.label))
        cell.font, cell.fill, cell.border, cell.alignment = _HEADER_FONT, _HEADER_FILL, _BORDER, _CENTER
        cells.append(cell)
    return cells


def _setup_columns(ws, columns: list[SheetColumn]) -> None:
    for i, col in enumerate(columns, start=1):
        dim = ws.column_dimensions[get_column_letter(i)]
        # a Chinese character is two columns wide: the header stays on one line (a wrapped header in a
        # row of one line's height was clipped when printed)
        label = _clean_text(col.label)
        dim.width = max(col.width, sum(2 if ord(ch) > 0x2E7F else 1 for ch in label) + 2)
        if col.kind == "text":
            dim.number_format = "@"  # a value typed later into the column stays text too


def _write_data_sheet(ws, sheet: DataSheet, digest, tick: Callable[[int], None]) -> int:
    columns = sheet.columns
    kinds = [c.kind for c in columns]
    ncols = len(columns)
    _setup_columns(ws, columns)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.append(_header_cells(ws, columns))
    title = ws.title
    checksum_update(digest, title, [c.label for c in columns])
    plain = all(k == "text" for k in kinds)
    written = 0
    for row in sheet.rows:
        if len(row) != ncols:
            raise ValueError(f"sheet {title!r} row {written} has {len(row)} cells, expected {ncols}")
        values = [_cell_value(v, k) for v, k in zip(row, kinds)] if not plain else \
            [None if v is None or v == "" else _clean_text(v) for v in row]
        out = values
        for i, v in enumerate(values):
            if isinstance(v, str) and (v[:1] == "=" or kinds[i] != "text"):
                # a text starting with "=" must not become a formula; a non-text column holding text
                if out is values:
                    out = list(values)
                cell = WriteOnlyCell(ws, value=v)
                _style_value_cell(cell, v, kinds[i])
                out[i] = cell
        ws.append(out)
        checksum_update(digest, title, values)
        written += 1
        if written % PROGRESS_EVERY == 0:
            tick(PROGRESS_EVERY)
    tick(written % PROGRESS_EVERY)
    if written:
        ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{written + 1}"
    return written


def _write_progress_sheet(ws, sheet: ProgressSheet) -> None:
    ncols = len(sheet.columns)
    _setup_columns(ws, sheet.columns)
    header_row = len(sheet.header_lines) + 1
    ws.freeze_panes = f"B{header_row + 1}"
    for r in range(1, header_row):
        if ncols > 1:
            ws.merged_cells.add(CellRange(f"A{r}:{get_column_letter(ncols)}{r}"))
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for i, text in enumerate(sheet.header_lines):
        cell = WriteOnlyCell(ws, value=_clean_text(text))
        cell.font = Font(bold=True, size=14) if i == 0 else Font(size=11)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.append([cell])
    ws.append(_header_cells(ws, sheet.columns))
    for n, row in enumerate(sheet.rows):
        out = []
        for value, col in zip(row, sheet.columns):
            v = _cell_value(value, col.kind)
            cell = WriteOnlyCell(ws, value=v)
            cell.border = _BORDER
            _style_value_cell(cell, v, col.kind)
            if col.kind == "money" and not isinstance(v, str):
                cell.number_format = "0.0%" if "率" in col.label or "占比" in col.label else "#,##0.00"
            if n == 0:
                cell.font = _HEADER_FONT  # the total row
            out.append(cell)
        ws.append(out)
    if sheet.rows:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ncols)}{header_row + len(sheet.rows)}"


def write_monthly(book: MonthlyBook, path: str | os.PathLike[str], *,
                  progress: Callable[[int, int, str], None] | None = None) -> dict[str, int]:
    """Write ``book`` to ``path``; returns the rows written per data sheet. ``progress(done, total,
    text)`` is called every PROGRESS_EVERY rows; an exception it raises (cancel) stops the export
    and removes the temporary file."""
    target = Path(path)
    total = sum(s.count for s in book.data_sheets) or 1
    done = 0
    current = ""

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None and n:
            progress(min(done, total), total, f"正在写入“{current}”…")

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}-", suffix=".xlsx.tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise ReportWriteError(f"无法在文件夹“{target.parent}”中写入文件：{exc.strerror or exc}。") from exc
    wb = None
    try:
        wb = Workbook(write_only=True)
        taken: set[str] = set()

        def sheet(title: str):
            name = safe_sheet_title(title, taken)
            taken.add(name)
            return wb.create_sheet(title=name)

        info = sheet(INFO_TITLE)
        digest = hashlib.sha256()
        counts: dict[str, int] = {}
        for data in book.data_sheets:
            current = data.title
            ws = sheet(data.title)
            counts[ws.title] = _write_data_sheet(ws, data, digest, tick)
            if progress is not None:
                progress(min(done, total), total, f"已写入“{current}”")
        for prog in book.progress_sheets:
            _write_progress_sheet(sheet(prog.title), prog)
        _write_info(info, book.info, counts, digest.hexdigest())
        wb.save(tmp_name)
        os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, target)
        tmp_name = None
        return counts
    except OSError as exc:
        raise ReportWriteError(
            f"无法写入文件“{target}”：{exc.strerror or exc}。"
            "请确认文件夹存在，且该文件没有在其他程序（如 WPS、Excel）中打开。") from exc
    finally:
        if tmp_name is not None:
            _discard(wb, tmp_name)


def _discard(wb, tmp_name: str) -> None:
    """After a failure: close the sheets' streams (their temporary files) and remove the half file."""
    for ws in getattr(wb, "worksheets", ()):
        try:
            ws.close()
        except Exception:  # a sheet that never started or is already closed
            pass
    try:
        os.unlink(tmp_name)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_info(ws, info: list[tuple[str, Any]], counts: dict[str, int], checksum: str) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 70
    title = WriteOnlyCell(ws, value="项目")
    title.font = _HEADER_FONT
    value = WriteOnlyCell(ws, value="内容")
    value.font = _HEADER_FONT
    ws.append([title, value])
    for label, v in info:
        cell = WriteOnlyCell(ws, value=v if not isinstance(v, str) else _clean_text(v))
        if isinstance(v, str):
            cell.data_type = "s"
        elif isinstance(v, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm:ss"
        ws.append([_clean_text(label), cell])
    for name, n in counts.items():
        ws.append([f"行数：{name}", n])
    ws.append(["校验码（SHA-256）", checksum])
    ws.append(["校验方法", "见 docs/export-format.md“校验码”：各数据表按表序、逐行（含表头）计算"])
