"""The resettlement-site occupancy list (安置点入住情况表, issue 11): every site with its plan and what is
allocated and moved in, one row a site and the total first (forms/REFERENCE.md §3: progress tables carry
the total row first), landscape A4 with the header repeated on every page.

Counts are taken as given (``pjdesk.cases.sites.site_rows`` counts them); nothing here adds a figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .fonts import CjkFont
from .pdf_blocks import fmt_date
from .pdf_doc import Progress
from .pdf_table import Column, TableDocument, write_table_pdf

__all__ = ["SiteLine", "SiteOccupancy", "site_occupancy_document", "write_site_occupancy", "TOTAL_LABEL"]

TOTAL_LABEL = "合计"


@dataclass(frozen=True)
class SiteLine:
    code: str
    name: str
    kind: str                            # 中心城区 / 集镇 / 村级
    place: str
    year: int
    phase: str
    status: str                          # 规划 / 在建 / 已交付
    delivered_on: dt.date | None
    house_types: str                     # "25/50/75" or "60/35（危改户型标准）"
    planned_households: int
    planned_persons: int
    allocated_households: int
    allocated_persons: int
    moved_in_households: int
    moved_in_persons: int

    @property
    def capacity_left(self) -> int:
        return self.planned_households - self.allocated_households


@dataclass
class SiteOccupancy:
    title: str                           # 平江县虹桥镇易地扶贫搬迁安置点入住情况表
    as_of: dt.date
    sites: list[SiteLine]
    notes: list[str] = field(default_factory=list)
    issuer: str = ""                     # 填报单位
    prepared_by: str = ""                # 填表人


def _date(d: dt.date | None) -> str:
    return f"{d.year}-{d.month:02d}-{d.day:02d}" if d else ""


def site_occupancy_document(o: SiteOccupancy) -> TableDocument:
    sums = [sum(getattr(s, k) for s in o.sites) for k in (
        "planned_households", "planned_persons", "allocated_households", "allocated_persons", "moved_in_households",
        "moved_in_persons", "capacity_left")]
    rows = [["", f"{TOTAL_LABEL}（{len(o.sites)}个安置点）", "", "", "", "", "", ""] + [str(n) for n in sums]]
    rows += [[str(i), s.name, s.kind, s.place, f"{s.year}年{'' if s.phase == f'{s.year}年' else s.phase}", s.status,
              _date(s.delivered_on), s.house_types, str(s.planned_households), str(s.planned_persons),
              str(s.allocated_households), str(s.allocated_persons), str(s.moved_in_households),
              str(s.moved_in_persons), str(s.capacity_left)] for i, s in enumerate(o.sites, 1)]
    return TableDocument(
        title=o.title,
        subtitle_lines=[f"（截至{fmt_date(o.as_of)}）"],
        # weights in points of the landscape frame (757 pt): a date, a four-character kind, a year and
        # phase and a three-digit 序号 each stay on one line
        columns=[Column("序号", 30, "center"), Column("安置点", 100), Column("类型", 52, "center"),
                 Column("地点", 60), Column("年度期次", 74, "center"), Column("状态", 42, "center"),
                 Column("交付日期", 68, "center"), Column("户型（㎡）", 70), Column("规划户数", 36, "right"),
                 Column("规划人数", 36, "right"), Column("已分配户数", 36, "right"), Column("已分配人数", 36, "right"),
                 Column("已入住户数", 36, "right"), Column("已入住人数", 36, "right"), Column("剩余户数", 36, "right")],
        rows=rows,
        footer_paragraphs=["说明：已分配为申请至今未被不予通过的搬迁案件（含已入住）；人数含同步搬迁人员；"
                           "剩余户数＝规划户数－已分配户数（经批准超规划安置的为负数）。"] + list(o.notes),
        signature_lines=[x for x in (f"填报单位：{o.issuer}" if o.issuer else "",
                                     f"填表人：{o.prepared_by}" if o.prepared_by else "", fmt_date(o.as_of)) if x],
        landscape=True,
    )


def write_site_occupancy(o: SiteOccupancy, out: str | Path | BinaryIO, font: CjkFont | None = None, *,
                         progress: Progress | None = None) -> int:
    return write_table_pdf(site_occupancy_document(o), out, font, progress=progress)
