"""Village household roster (花名册) from the current filter, as PDF or .xlsx.

The PDF may be handed to a village board, so ID numbers are masked (settings id_mask_head/tail)
and no phone or bank account is printed. The workbook is for the office and the county: full ID
numbers, as text cells.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Sequence

from db import Database
from reports.pdf_table import Column, TableDocument, write_table_pdf
from reports.xlsx import Sheet, SheetColumn, write_workbook

from .. import idcard, settings
from ..office import font_for
from .queries import RegistryRow
from .township import township_info

Progress = Callable[[int, int, str], None]


def _title(db: Database, villages: set[str]) -> tuple[str, str]:
    """(title, county + township): the village is named when the roster holds one village."""
    info = township_info(db)
    where = f"{info.county}{info.name}" if info else ""
    village = next(iter(villages)) if len(villages) == 1 else ""
    return f"{where}{village}建档立卡贫困户花名册", where


def roster_document(db: Database, rows: Sequence[RegistryRow], *, today: dt.date | None = None) -> TableDocument:
    today = today or dt.date.today()
    with db.reader() as s:
        head, tail = settings.get(s, "id_mask_head"), settings.get(s, "id_mask_tail")
    title, where = _title(db, {r.village for r in rows})
    villages = sorted({r.village for r in rows})
    return TableDocument(
        title=title,
        subtitle_lines=[f"{where}　{'、'.join(villages) if len(villages) <= 3 else f'{len(villages)}个村'}　"
                        f"共 {len(rows)} 户 {sum(r.size for r in rows)} 人　制表日期：{today:%Y年%m月%d日}"],
        columns=[Column("序号", .5, "center"), Column("村", 1), Column("组", .5, "center"), Column("户主", 1),
                 Column("身份证号", 2), Column("人口", .5, "center"), Column("户类型", 1.2),
                 Column("主要致贫原因", 1.2), Column("状态", .8, "center"), Column("帮扶责任人", 1),
                 Column("计划脱贫", .8, "center")],
        rows=[[str(i), r.village, f"{r.group}", r.head_name, idcard.mask(r.head_id_number, head, tail),
               str(r.size), r.type, r.main_cause, r.status, r.helper_name, str(r.planned_exit_year or "")]
              for i, r in enumerate(rows, 1)],
        signature_lines=["制表人：________　　审核人：________", f"{today:%Y年%m月%d日}"],
        landscape=True)


def roster_sheet(db: Database, rows: Sequence[RegistryRow], *, today: dt.date | None = None) -> Sheet:
    today = today or dt.date.today()
    title, _ = _title(db, {r.village for r in rows})
    return Sheet(
        title="花名册",
        header_lines=[title, f"共 {len(rows)} 户 {sum(r.size for r in rows)} 人　导出日期：{today:%Y-%m-%d}"],
        columns=[SheetColumn("序号", 6, "int"), SheetColumn("户编号", 18), SheetColumn("村", 10),
                 SheetColumn("组", 5, "int"), SheetColumn("户主", 10), SheetColumn("身份证号", 21),
                 SheetColumn("人口", 6, "int"), SheetColumn("户类型", 12), SheetColumn("主要致贫原因", 14),
                 SheetColumn("其他致贫原因", 18), SheetColumn("状态", 8), SheetColumn("帮扶责任人", 10),
                 SheetColumn("计划脱贫年度", 12, "int"), SheetColumn("脱贫年度", 10, "int"),
                 SheetColumn("联系电话", 14)],
        rows=[[i, r.household_no, r.village, r.group, r.head_name, r.head_id_number, r.size, r.type,
               r.main_cause, "、".join(r.other_causes), r.status, r.helper_name, r.planned_exit_year,
               r.exit_year, r.phone] for i, r in enumerate(rows, 1)])


def write_roster(db: Database, rows: Sequence[RegistryRow], out: str | Path, kind: str,
                 progress: Progress | None = None) -> Path:
    """Write the roster of ``rows`` to ``out`` (kind "pdf" or "xlsx"); returns the path."""
    progress = progress or (lambda *_a: None)
    progress(0, 2, "正在整理花名册…")
    if kind == "pdf":
        font = font_for(db)
        doc = roster_document(db, rows)
        progress(1, 2, "正在生成 PDF…")
        write_table_pdf(doc, out, font)
    elif kind == "xlsx":
        sheet = roster_sheet(db, rows)
        progress(1, 2, "正在写入 Excel…")
        write_workbook([sheet], out)
    else:
        raise ValueError(kind)
    progress(2, 2, "完成")
    return Path(out)
