"""Public postings (公示): the renovation or relocation (易地扶贫搬迁) disclosure list of a posting batch,
and the household identification / exit postings from the registry.

Layout (forms/REFERENCE.md §1): title, header line (县 乡镇 村 …), the opening paragraph (policy
basis, the procedure followed, "现予以公示"), for renovation also the subsidy standard and the review
result (四公开, RULES.md R5.2), the list, then the posting period, where to object and the
supervision phones, the issuer, the date and the seal box. Every page repeats the list header and
carries "第 X 页 共 Y 页".

A public list never holds an ID number, a phone number or a bank account: the row types below have
no field for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .fonts import CjkFont
from .pdf_blocks import BLANK, fmt_date
from .pdf_doc import Progress
from .pdf_table import Column, TableDocument, write_table_pdf

__all__ = [
    "Contact", "PostingTerms", "RenovationRow", "RenovationDisclosure", "HouseholdPostingRow", "HouseholdPosting",
    "RelocationRow", "RelocationDisclosure", "renovation_document", "relocation_document", "household_posting_document",
    "write_renovation_disclosure", "write_relocation_disclosure", "write_disclosure", "write_household_posting",
]

COPIES_NOTE = "本公示一式三份，县、乡（镇）、村各存一份。"


@dataclass(frozen=True)
class Contact:
    """A supervision phone: who answers it, and the number (blank: a line to write it on)."""

    office: str
    phone: str = ""


@dataclass
class PostingTerms:
    """What every posting says at its foot: when, where, how to object, who posts it."""

    start: dt.date
    end: dt.date
    place: str
    object_to: str                       # e.g. "大山村村民委员会或虹桥镇人民政府"
    contacts: list[Contact] = field(default_factory=list)
    issuer: str = ""
    issued_on: dt.date | None = None     # default: the first day of the posting
    copies_note: str = COPIES_NOTE

    @property
    def days(self) -> int:
        """Calendar days on the board, both ends counted (3月2日至3月8日 = 7天)."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class RenovationRow:
    group: str                           # 村民小组, e.g. "3组"
    head_name: str
    size: int
    mode: str                            # 改造方式 / 安置方式, e.g. "分散·原地重建"
    grade: str                           # 房屋等级: C / D / 无房
    subsidy: int | None                  # yuan to the household; None: not yet fixed
    note: str = ""


@dataclass
class RenovationDisclosure:
    title: str                           # 虹桥镇大山村2026年农村危房改造对象第一榜公示
    header_line: str                     # 平江县　虹桥镇　大山村　第一榜（村级评议结果）
    policy: str                          # 四公开: the support policy (the basis paragraph from 设置)
    procedure: str                       # one sentence on what was done before this posting
    standard: list[str]                  # 四公开: the subsidy standard, one line per mode / house type
    result: str                          # 四公开: the review / approval result this posting makes public
    rows: list[RenovationRow]
    terms: PostingTerms
    mode_label: str = "改造方式"          # 安置方式 for relocation
    amount_label: str = "补助标准（元）"    # 核定补助（元） on the 三榜 list (the approved amounts)


@dataclass(frozen=True)
class RelocationRow:
    """One household on a 易地扶贫搬迁 list: where it moves, how many move, into how much floor area."""

    group: str                           # 村民小组, e.g. "3组"
    head_name: str
    size: int                            # 家庭人口
    persons: int                         # 搬迁人数: members moving + 同步搬迁
    old_house: str                       # 原住房: 无房 / 土坯
    site: str                            # 安置点 and its kind, e.g. "洪家塅安置区 二期（中心城区）"
    area: float                          # 安置住房面积 (㎡)
    subsidy: str                         # 补助: a figure in yuan, or 标准未设定 (no rate in the plan)
    note: str = ""


@dataclass
class RelocationDisclosure:
    """易地扶贫搬迁对象公示 of one posting batch (same frame as renovation, relocation columns)."""

    title: str                           # 虹桥镇大山村2026年易地扶贫搬迁对象第一榜公示
    header_line: str
    policy: str
    procedure: str
    standard: str                        # 四公开: the subsidy standard, e.g. 标准未设定（…）
    result: str
    rows: list[RelocationRow]
    terms: PostingTerms
    amount_label: str = "补助标准（元）"


@dataclass(frozen=True)
class HouseholdPostingRow:
    group: str
    head_name: str
    size: int


@dataclass
class HouseholdPosting:
    """贫困户识别公示 / 拟脱贫户公示: group, head and household size only, two households a line."""

    title: str                           # 关于大山村2026年拟脱贫户的公示
    header_line: str                     # 平江县　虹桥镇　大山村　脱贫年度：2026年
    paragraphs: list[str]                # 根据…，经…，现予以公示。 / what happens after the posting
    rows: list[HouseholdPostingRow]
    terms: PostingTerms


def _check_terms(t: PostingTerms) -> None:
    if t.end < t.start:
        raise ValueError(f"posting ends {t.end} before it starts {t.start}")


def _footer(t: PostingTerms) -> tuple[list[str], list[str]]:
    """(footer paragraphs, signature lines) shared by every posting."""
    phones = "；".join(f"{c.office} {c.phone or BLANK}" for c in t.contacts)
    paras = [
        f"公示时间：{fmt_date(t.start)}至{fmt_date(t.end)}（共{t.days}天）。公示地点：{t.place}。",
        f"如有异议，请于公示期内，即至{fmt_date(t.end)}（含当日），以书面、电话或当面反映等形式向{t.object_to}提出，"
        "反映情况须实事求是，提倡署真实姓名。",
    ]
    if phones:
        paras.append(f"监督电话：{phones}。")
    if t.copies_note:
        paras.append(t.copies_note)
    return paras, [t.issuer or BLANK, fmt_date(t.issued_on or t.start)]


def renovation_document(d: RenovationDisclosure) -> TableDocument:
    _check_terms(d.terms)
    footer, signature = _footer(d.terms)
    households = len(d.rows)
    persons = sum(r.size for r in d.rows)
    fixed = [r.subsidy for r in d.rows if r.subsidy is not None]
    total = f"，补助资金合计{sum(fixed)}元" if fixed and len(fixed) == households else ""
    intro = [f"{d.policy}{d.procedure}现将{households}户{persons}人的名单予以公示。"]
    if d.standard:
        intro.append("补助标准：" + "；".join(d.standard) + "。")
    if d.result:
        intro.append(f"审核审批结果：{d.result}")
    return TableDocument(
        title=d.title,
        subtitle_lines=[d.header_line] if d.header_line else [],
        intro_paragraphs=intro,
        columns=[Column("序号", .5, "center"), Column("村民小组", .75, "center"), Column("户主姓名", 1.0),
                 Column("家庭人口", .8, "center"), Column(d.mode_label, 2.1), Column("房屋等级", .75, "center"),
                 Column(d.amount_label, 1.1, "right"), Column("备注", .8)],
        rows=[[str(i), r.group, r.head_name, str(r.size), r.mode, r.grade,
               "" if r.subsidy is None else str(r.subsidy), r.note] for i, r in enumerate(d.rows, 1)],
        footer_paragraphs=[f"合计：{households}户{persons}人{total}。"] + footer,
        signature_lines=signature,
        seal_box=True,
    )


def relocation_document(d: RelocationDisclosure) -> TableDocument:
    _check_terms(d.terms)
    footer, signature = _footer(d.terms)
    households = len(d.rows)
    persons = sum(r.size for r in d.rows)
    moving = sum(r.persons for r in d.rows)
    area = sum(r.area for r in d.rows)
    intro = [f"{d.policy}{d.procedure}现将{households}户{persons}人（搬迁{moving}人）的名单予以公示。"]
    if d.standard:
        intro.append(f"补助标准：{d.standard}。")
    if d.result:
        intro.append(f"审核审批结果：{d.result}")
    return TableDocument(
        title=d.title,
        subtitle_lines=[d.header_line] if d.header_line else [],
        intro_paragraphs=intro,
        # a four-character header stays on one line (0.9 of 9.75 = 16.6 mm), a four-digit 序号 too
        columns=[Column("序号", .65, "center"), Column("村民小组", .9, "center"), Column("户主姓名", .9),
                 Column("家庭人口", .9, "center"), Column("搬迁人数", .9, "center"), Column("原住房", .75, "center"),
                 Column("安置点（安置方式）", 1.9), Column("安置面积（㎡）", 1.0, "right"),
                 Column(d.amount_label, 1.25, "center"), Column("备注", .6)],
        rows=[[str(i), r.group, r.head_name, str(r.size), str(r.persons), r.old_house, r.site, f"{r.area:g}",
               r.subsidy, r.note] for i, r in enumerate(d.rows, 1)],
        footer_paragraphs=[f"合计：{households}户{persons}人，搬迁{moving}人，安置住房面积{area:g}㎡。"] + footer,
        signature_lines=signature,
        seal_box=True,
    )


def household_posting_document(p: HouseholdPosting) -> TableDocument:
    _check_terms(p.terms)
    footer, signature = _footer(p.terms)
    return TableDocument(
        title=p.title,
        subtitle_lines=[p.header_line] if p.header_line else [],
        intro_paragraphs=list(p.paragraphs),
        columns=[Column("序号", .6, "center"), Column("村民小组", .9, "center"), Column("户主姓名", 1.2),
                 Column("家庭人口数", .9, "center")],
        rows=[[str(i), r.group, r.head_name, str(r.size)] for i, r in enumerate(p.rows, 1)],
        footer_paragraphs=[f"合计：{len(p.rows)}户{sum(r.size for r in p.rows)}人。"] + footer,
        signature_lines=signature,
        paired=True,
        seal_box=True,
    )


def write_renovation_disclosure(d: RenovationDisclosure, out: str | Path | BinaryIO,
                                font: CjkFont | None = None, *, progress: Progress | None = None) -> int:
    """Write the disclosure list; return the page count. ``progress``: see ``write_table_pdf``."""
    return write_table_pdf(renovation_document(d), out, font, progress=progress)


def write_relocation_disclosure(d: RelocationDisclosure, out: str | Path | BinaryIO,
                                font: CjkFont | None = None, *, progress: Progress | None = None) -> int:
    return write_table_pdf(relocation_document(d), out, font, progress=progress)


def write_disclosure(d: RenovationDisclosure | RelocationDisclosure, out: str | Path | BinaryIO,
                     font: CjkFont | None = None, *, progress: Progress | None = None) -> int:
    """The disclosure list of a posting batch, whichever kind of case it lists."""
    if isinstance(d, RelocationDisclosure):
        return write_relocation_disclosure(d, out, font, progress=progress)
    return write_renovation_disclosure(d, out, font, progress=progress)


def write_household_posting(p: HouseholdPosting, out: str | Path | BinaryIO, font: CjkFont | None = None, *,
                            progress: Progress | None = None) -> int:
    return write_table_pdf(household_posting_document(p), out, font, progress=progress)
