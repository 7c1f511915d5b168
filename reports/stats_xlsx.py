"""The 统计 page's figures as an Excel workbook (issue 15): one sheet per table, numbers as numbers
(counts as integer cells, percentages as decimal cells), the township and 截至 date above each table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .xlsx import Sheet, SheetColumn, write_workbook

__all__ = ["StatsTable", "StatsBook", "write_stats_xlsx"]


@dataclass
class StatsTable:
    title: str                                  # the sheet's name (≤ 31 characters)
    columns: list[tuple[str, str]]              # (header, kind): "text", "int" or "money" (a decimal number)
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class StatsBook:
    township: str
    as_of: dt.date
    tables: list[StatsTable]


def write_stats_xlsx(book: StatsBook, out: str | Path | BinaryIO) -> None:
    """Write every table of ``book`` (a path is written atomically)."""
    sheets = []
    for t in book.tables:
        columns = [SheetColumn(label, max(9.0, 2.2 * len(label) + 2), kind) for label, kind in t.columns]
        sheets.append(Sheet(title=t.title, columns=columns, rows=[list(r) for r in t.rows],
                            header_lines=[f"{book.township}{t.title}", f"截至{book.as_of:%Y年%m月%d日}"]))
    write_workbook(sheets, out, write_only=False)
