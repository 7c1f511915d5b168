"""The yearly relocation ledger (易地扶贫搬迁台帐, RULES.md R4.2): the households planned to move in a year —
first the count per village (the total row first, as progress tables have it), then one line per case —
landscape A4, headers repeated on every page.

An office ledger, not a public list: still no ID number, phone or bank account is printed (none is needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from .fonts import CjkFont
from .pdf_blocks import fmt_date
from .pdf_doc import Frame, Progress, write_story_pdf
from .pdf_table import Column, TableDocument, _validate, table_story

__all__ = ["LedgerCount", "LedgerCase", "RelocationLedger", "ledger_documents", "write_relocation_ledger",
           "TOTAL_LABEL"]

TOTAL_LABEL = "合计"


@dataclass(frozen=True)
class LedgerCount:
    """One village of one plan year (``pjdesk.cases.relocation_queries.LedgerRow``)."""

    year: int
    village: str
    cases: int
    households: int
    persons: int
    approved: int
    moved_in: int
    demolished: int
    archived: int
    refused: int


@dataclass(frozen=True)
class LedgerCase:
    year: int
    village: str
    group: str
    head_name: str
    case_no: str
    persons: int
    old_house: str                       # 无房 / 土坯
    site: str
    unit: str
    area: float
    willing_on: dt.date | None
    stage: str                           # the case's stage now (不予通过 / 已归档 …)
    moved_in_on: dt.date | None = None
    demolished_on: dt.date | None = None  # verified (拆除验收)


@dataclass
class RelocationLedger:
    title: str                           # 平江县虹桥镇2026年易地扶贫搬迁台帐
    as_of: dt.date
    counts: list[LedgerCount]
    cases: list[LedgerCase]
    issuer: str = ""
    prepared_by: str = ""
    notes: list[str] = field(default_factory=list)


def _date(d: dt.date | None) -> str:
    return f"{d.year}-{d.month:02d}-{d.day:02d}" if d else ""


_COUNT_KEYS = ("cases", "households", "persons", "approved", "moved_in", "demolished", "archived", "refused")


def ledger_documents(g: RelocationLedger) -> tuple[TableDocument, TableDocument]:
    """(per-village counts, per-case lines)."""
    several_years = len({c.year for c in g.counts}) > 1
    total = [str(sum(getattr(c, k) for c in g.counts)) for k in _COUNT_KEYS]
    counts = TableDocument(
        title=g.title,
        subtitle_lines=[f"（截至{fmt_date(g.as_of)}）", "一、分村汇总"],
        columns=[Column("计划年度", .8, "center"), Column("村", 1.2), Column("申请户数", .8, "right"),
                 Column("计划搬迁户数", .9, "right"), Column("搬迁人数", .8, "right"), Column("已审批", .8, "right"),
                 Column("已入住", .8, "right"), Column("旧房已拆除", .9, "right"), Column("已归档", .8, "right"),
                 Column("不予通过", .8, "right")],
        rows=[["", TOTAL_LABEL] + total] + [[f"{c.year}年", c.village] + [str(getattr(c, k)) for k in _COUNT_KEYS]
                                           for c in g.counts],
        footer_paragraphs=["说明：计划年度为申请年度；计划搬迁户数、搬迁人数不含不予通过的案件，人数含同步搬迁人员。"
                           + ("本台帐含多个年度。" if several_years else "")],
    )
    cases = TableDocument(
        title="",
        subtitle_lines=["二、搬迁对象明细"],
        # weights in points of the landscape frame (757 pt): a four-digit 序号, a village, a case number,
        # an ISO date and a site name of nine characters each stay on one line
        columns=[Column("序号", 34, "center"), Column("村", 54), Column("组", 33, "center"), Column("户主", 44),
                 Column("案件编号", 88), Column("搬迁人数", 30, "right"), Column("原住房", 34, "center"),
                 Column("安置点", 104), Column("安置住房", 46), Column("面积（㎡）", 32, "right"),
                 Column("意愿书日期", 68, "center"), Column("办理阶段", 54, "center"), Column("入住日期", 68, "center"),
                 Column("拆旧验收日期", 68, "center")],
        rows=[[str(i), c.village, c.group, c.head_name, c.case_no, str(c.persons), c.old_house, c.site, c.unit,
               f"{c.area:g}", _date(c.willing_on), c.stage, _date(c.moved_in_on), _date(c.demolished_on)]
              for i, c in enumerate(g.cases, 1)],
        footer_paragraphs=list(g.notes),
        signature_lines=[x for x in (f"填报单位：{g.issuer}" if g.issuer else "",
                                     f"填表人：{g.prepared_by}" if g.prepared_by else "", fmt_date(g.as_of)) if x],
        landscape=True,
    )
    return counts, cases


def write_relocation_ledger(g: RelocationLedger, out: str | Path | BinaryIO, font: CjkFont | None = None, *,
                            progress: Progress | None = None) -> int:
    counts, cases = ledger_documents(g)
    _validate(counts)
    _validate(cases)

    def build(frame: Frame) -> list[Flowable]:
        # the second table goes on below the first, without its (empty) title
        return table_story(counts, frame) + [Spacer(1, 4 * mm)] + table_story(cases, frame)[1:]

    return write_story_pdf(build, out, font, title=g.title, subject=fmt_date(g.as_of), landscape=True,
                           progress=progress, progress_text=f"正在排版{len(g.cases)}户的台帐")
