"""The problems of a roster import as a workbook (问题清单): the list of every problem (level, sheet, row,
column, value, reason) and, for each sheet of the roster, its offending rows as they were in the file with
a 问题原因 column — so a clerk can correct them and send them back. Every cell is text: an ID number stays
exactly as the roster held it (the point, when Excel had cut its digits). The file is created readable by
its owner only, as the database and its backups are."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from .output import write_output
from .xlsx import Sheet, SheetColumn, write_workbook

PROBLEM_COLUMNS = (("级别", 6), ("工作表", 12), ("行号", 6), ("列", 14), ("值", 22), ("原因", 60), ("户编号", 18))


@dataclass
class OffendingRows:
    title: str                       # the roster sheet's name
    header: list[str]                # its header as written
    rows: list[tuple[int, list[str], str]] = field(default_factory=list)   # (row number, cells, reasons)


@dataclass
class ProblemWorkbook:
    title: str                       # e.g. “花名册导入问题清单：某某.xlsx”
    problems: list[tuple[str, str, str, str, str, str, str]]
    sheets: list[OffendingRows] = field(default_factory=list)


def write_problem_workbook(data: ProblemWorkbook, out: str | Path) -> Path:
    sheets = [Sheet(title="问题清单", header_lines=[data.title],
                    columns=[SheetColumn(label, width) for label, width in PROBLEM_COLUMNS],
                    rows=[list(p) for p in data.problems])]
    for s in data.sheets:
        columns = [SheetColumn("原行号", 7)] + [SheetColumn(h or f"第{i + 1}列", max(8, min(24, 2 * len(h) + 2)))
                                              for i, h in enumerate(s.header)] + [SheetColumn("问题原因", 60)]
        sheets.append(Sheet(title=f"问题行-{s.title}", columns=columns,
                            rows=[[str(number)] + cells + [""] * (len(s.header) - len(cells)) + [reason]
                                  for number, cells, reason in s.rows]))
    buf = io.BytesIO()
    write_workbook(sheets, buf)
    write_output(buf.getvalue(), out, private=True)   # full ID numbers and bank accounts: owner only (0600)
    return Path(out)
