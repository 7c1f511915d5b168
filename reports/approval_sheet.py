"""The application and approval sheet (申请审批表) of one case, on one A4 page where it fits, and
batches of them in one PDF.

Order of the blocks (forms/REFERENCE.md §2): household, family members, the house now, the
application with the applicant's signature line, the three opinion blocks — 村民委员会评议意见,
乡镇人民政府审核意见, 县级审批意见 — each with the decision, the opinion, the reviewer, the date and a
seal box, and the approved subsidy with its split. A level with no decision yet prints open boxes
and blank lines to fill in by hand.

This is an office form, not a public list: ID numbers print in full.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from .fonts import CjkFont
from .pdf_blocks import (
    BLANK, Label, OnePage, SealBox, WritingLines, layout_table, blank_date, capital_amount, checkbox_markup, fmt_amount, fmt_date, form_table,
)
from .pdf_doc import Frame, Progress, ProgressMark, write_story_pdf
from .pdf_styles import PdfStyles, para_text, styles

__all__ = ["Member", "Opinion", "SubsidyPart", "RelocationPlan", "ApprovalSheet", "approval_story",
           "write_approval_sheets", "DECISIONS", "LEVEL_TITLES"]

DECISIONS = ("通过", "退回", "不予通过")
LEVEL_TITLES = ("村民委员会\n评议意见", "乡镇人民政府\n审核意见", "县级\n审批意见")
_LABEL_W = 24 * mm
_OPINION_SEAL = 26 * mm
_OPINION_MIN_H = 29 * mm  # room to write an opinion by hand (a strut in the seal column keeps it)
_SHRINK_LIMIT = 0.82  # shrink a sheet to keep it on one page, but never below this


@dataclass(frozen=True)
class Member:
    name: str
    relation: str
    sex: str = ""
    id_number: str = ""
    health: str = ""
    labour: str = ""


@dataclass(frozen=True)
class Opinion:
    """One level's review. ``decision`` empty: not reviewed yet (blank lines print).

    ``decided_on`` is the date at the signature: for a case passed on to a posting, the day that
    posting ended (a level signs after its posting); None leaves the signature and date blank."""

    decision: str = ""                   # 通过 / 退回 / 不予通过
    opinion: str = ""
    reviewer: str = ""                   # name (and post); "" leaves the signature line blank
    decided_on: dt.date | None = None
    note: str = ""                       # the posting: "一榜公示（村务公开栏）：公示期2026年3月2日至2026年3月8日，无异议"


@dataclass(frozen=True)
class SubsidyPart:
    item: str                            # 建房补助 / 基础设施配套
    department: str
    amount: int
    to_household: bool = True


@dataclass(frozen=True)
class RelocationPlan:
    """What a 易地扶贫搬迁 sheet prints instead of the renovation application: the site, the unit, the
    persons moving, the willingness, and the old house's demolition (拆旧复垦)."""

    site: str                            # 洪家塅安置区 二期
    site_kind: str                       # 中心城区 / 集镇 / 村级
    unit: str                            # 3栋502
    area: float                          # ㎡ allocated
    persons: int                         # members moving + 同步搬迁
    movers: tuple[str, ...] = ()         # names of the members moving
    companions: int = 0                  # 同步搬迁 persons (not members)
    companions_note: str = ""
    sole_house: bool = False             # the adobe house is the household's only house
    willing_signed_on: dt.date | None = None
    willing_signer: str = ""
    priority: str = ""                   # 优先情形 (remote, weak, scattered …)
    demolition_due_on: dt.date | None = None   # set at the county's approval
    subsidy_standard: str = ""           # 标准未设定, or the rate's figure (never invented)


@dataclass
class ApprovalSheet:
    title: str                           # 平江县农村危房改造申请审批表
    case_no: str
    township: str
    village: str
    group: str                           # "3组"
    head_name: str
    head_sex: str
    head_id_number: str
    size: int
    household_type: str
    phone: str = ""
    bank_name: str = ""
    bank_account: str = ""
    members: list[Member] = field(default_factory=list)
    house_structure: str = ""
    house_area: float | None = None
    built_year: int | None = None
    danger_grade: str = ""
    assessment_agency: str = ""
    assessed_on: dt.date | None = None
    mode: str = ""                       # 分散 / 集中安置
    build_type: str = ""                 # 原地重建 / 修缮加固 / 集中新建
    house_type: str = ""                 # 60㎡户型
    main_area: float | None = None
    annex_area: float | None = None
    homestead_area: float | None = None
    cluster_site: str = ""
    reason: str = ""
    applied_on: dt.date | None = None
    # village, township, county (always three; Opinion() for a level not reviewed yet)
    opinions: Sequence[Opinion] = (Opinion(), Opinion(), Opinion())
    subsidy: list[SubsidyPart] = field(default_factory=list)   # empty: not approved yet
    relocation: RelocationPlan | None = None                   # a 易地扶贫搬迁 case: its own application rows


def _area(v: float | None) -> str:
    return "____㎡" if v is None else f"{v:g}㎡"


def _household_rows(a: ApprovalSheet, st: PdfStyles, w: list[float]) -> Table:
    rows = [
        [Label("户主\n基本情况"), Label("户主姓名"), a.head_name, Label("性别"), a.head_sex, Label("身份证号"),
         a.head_id_number],
        [None, Label("家庭住址"), f"{a.township}{a.village}{a.group}", None, None, Label("家庭人口"), f"{a.size}人"],
        [None, Label("户类型"), a.household_type, Label("联系电话"), a.phone, Label("开户银行\n及账号"),
         "\n".join(x for x in (a.bank_name, a.bank_account) if x)],
    ]
    return form_table(rows, w, st, spans=[((0, 0), (0, 2)), ((2, 1), (4, 1))])


def _member_rows(a: ApprovalSheet, st: PdfStyles, w: list[float]) -> Table:
    content = w[1:]
    total = sum(content)
    weights = (0.15, 0.08, 0.13, 0.32, 0.16, 0.16)
    widths = [w[0]] + [total * x for x in weights]
    rows: list[list[object]] = [[Label("家庭成员"), Label("姓名"), Label("性别"), Label("与户主关系"),
                                 Label("身份证号"), Label("健康状况"), Label("劳动能力")]]
    for m in a.members:
        rows.append([None, m.name, m.sex, m.relation, m.id_number, m.health, m.labour])
    if not a.members:
        rows.append([None, "（无）", None, None, None, None, None])
    spans = [((0, 0), (0, len(rows) - 1))]
    if not a.members:
        spans.append(((1, 1), (6, 1)))
    return form_table(rows, widths, st, spans=spans)


NO_HOUSE = "无房"


def _house_rows(a: ApprovalSheet, st: PdfStyles, w: list[float]) -> Table:
    if a.house_structure == NO_HOUSE:   # no house: nothing to measure, date or assess
        return form_table([[Label("住房现状"), Label("房屋结构"), NO_HOUSE, None, None, None, None]], w, st,
                          spans=[((2, 0), (6, 0))])
    rows = [
        [Label("住房现状"), Label("房屋结构"), a.house_structure, Label("建筑面积"),
         f"{a.house_area:g}㎡" if a.house_area else "", Label("建造年份"), f"{a.built_year}年" if a.built_year else ""],
        [None, Label("危房等级"), f"{a.danger_grade}级" if len(a.danger_grade) == 1 else a.danger_grade,
         Label("鉴定日期"), fmt_date(a.assessed_on) if a.assessed_on else "", Label("鉴定机构"), a.assessment_agency],
    ]
    return form_table(rows, w, st, spans=[((0, 0), (0, 1))])


def _relocation_house_rows(a: ApprovalSheet, r: RelocationPlan, st: PdfStyles, w: list[float]) -> Table:
    """The old house of a relocation: no danger grade or assessment, but whether it is the only house and
    when it must come down (拆旧复垦)."""
    if a.house_structure == NO_HOUSE:
        return form_table([[Label("住房现状"), Label("房屋结构"), f"{NO_HOUSE}（无旧房拆除）", None, None, None, None]], w,
                          st, spans=[((2, 0), (6, 0))])
    due = fmt_date(r.demolition_due_on) + "前" if r.demolition_due_on else "县级审批后确定"
    rows = [
        [Label("住房现状"), Label("房屋结构"), a.house_structure, Label("建筑面积"),
         f"{a.house_area:g}㎡" if a.house_area else "", Label("建造年份"), f"{a.built_year}年" if a.built_year else ""],
        [None, Label("唯一住房"), "是" if r.sole_house else "否", Label("旧房处置"), "拆除复垦", Label("拆除期限"), due],
    ]
    return form_table(rows, w, st, spans=[((0, 0), (0, 1))])


def _relocation_rows(a: ApprovalSheet, r: RelocationPlan, st: PdfStyles, w: list[float]) -> Table:
    signature = [Spacer(1, 3 * mm), Paragraph(para_text(f"申请人（户主）签字（捺手印）：{BLANK}　　申请日期："
                                                          f"{fmt_date(a.applied_on)}"), st.cell_right)]
    per_person = f"{r.area / r.persons:.1f}".rstrip("0").rstrip(".") + "㎡" if r.persons else "—"
    movers = "、".join(r.movers) or "—"
    if r.companions:
        movers += f"；同步搬迁{r.companions}人" + (f"（{r.companions_note}）" if r.companions_note else "")
    willing = (f"{r.willing_signer or '户主'}于{fmt_date(r.willing_signed_on)}签署搬迁意愿书"
               if r.willing_signed_on else "未签署")
    reason = "；".join(x for x in (a.reason, f"优先情形：{r.priority}" if r.priority else "") if x)
    rows = [
        [Label("申请搬迁\n安置内容"), Label("安置点"), f"{r.site}（{r.site_kind}）", None, None, Label("安置住房"),
         r.unit or "—"],
        [None, Label("搬迁人数"), f"{r.persons}人", Label("安置面积"), f"{r.area:g}㎡", Label("人均面积"), per_person],
        [None, Label("搬迁成员"), movers, None, None, None, None],
        [None, Label("搬迁意愿"), willing, None, None, None, None],
        [None, Label("申请理由"), reason or BLANK * 3, None, None, None, None],
        [None, signature, None, None, None, None, None],
    ]
    return form_table(rows, w, st, spans=[((0, 0), (0, 5)), ((2, 0), (4, 0)), ((2, 2), (6, 2)), ((2, 3), (6, 3)),
                                          ((2, 4), (6, 4)), ((1, 5), (6, 5))])


def _application_rows(a: ApprovalSheet, st: PdfStyles, w: list[float]) -> Table:
    areas = f"正房{_area(a.main_area)}　附屋{_area(a.annex_area)}　宅基地{_area(a.homestead_area)}"
    signature = [Spacer(1, 3 * mm), Paragraph(para_text(f"申请人（户主）签字（捺手印）：{BLANK}　　申请日期："
                                                          f"{fmt_date(a.applied_on)}"), st.cell_right)]
    rows = [
        [Label("申请改造\n内容"), Label("改造方式"), a.mode, Label("建设方式"), a.build_type, Label("户型"), a.house_type],
        [None, Label("规划面积"), areas, None, None, Label("集居点"), a.cluster_site or "—"],
        [None, Label("申请理由"), a.reason or BLANK * 3, None, None, None, None],
        [None, signature, None, None, None, None, None],
    ]
    return form_table(rows, w, st, spans=[((0, 0), (0, 3)), ((2, 1), (4, 1)), ((2, 2), (6, 2)), ((1, 3), (6, 3))])


def _opinion_cell(o: Opinion, st: PdfStyles, width: float, font_name: str) -> Table:
    text_w = width - _OPINION_SEAL - 4 * mm
    filled = bool(o.decision)
    lines: list[Flowable] = [Paragraph("结论：" + checkbox_markup(DECISIONS, o.decision, st.cell.fontSize * 1.3),
                                       st.cell)]
    if filled:
        lines.append(Paragraph(para_text("意见：" + (o.opinion or "（无）")), st.cell))
    else:
        lines.append(WritingLines(3, st.cell.leading * 1.6, font_name, st.cell.fontSize, "意见："))
    if o.note:
        lines.append(Paragraph(para_text(o.note), st.small))
    who = o.reviewer if filled and o.reviewer else BLANK
    when = fmt_date(o.decided_on) if filled and o.decided_on else blank_date()
    lines.append(Spacer(1, 1.5 * mm))
    lines.append(Paragraph(para_text(f"负责人（签字）：{who}　　{when}"), st.cell_right))
    strut = (_OPINION_MIN_H - _OPINION_SEAL) / 2
    seal = [Spacer(1, strut), SealBox(_OPINION_SEAL, font_name), Spacer(1, strut)]
    return layout_table([[lines, seal]], [text_w, width - text_w], font_name,
                        [("VALIGN", (0, 0), (0, 0), "TOP"), ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                         ("ALIGN", (1, 0), (1, 0), "RIGHT")])


def _opinion_rows(a: ApprovalSheet, st: PdfStyles, w: list[float], font_name: str) -> Table:
    if len(a.opinions) != 3:
        raise ValueError("an approval sheet has exactly three opinion blocks (village, township, county)")
    content_w = sum(w[1:]) - 6  # less the cell's padding
    rows = [[Label(title), _opinion_cell(o, st, content_w, font_name)] for title, o in zip(LEVEL_TITLES, a.opinions)]
    return form_table(rows, [w[0], sum(w[1:])], st)


def _part(p: SubsidyPart) -> str:
    """建房补助（住建部门）10000元; a part whose department is not known prints without one."""
    return f"{p.item}（{p.department}）{p.amount}元" if p.department else f"{p.item}{p.amount}元"


def _subsidy_text(parts: list[SubsidyPart]) -> str:
    if not parts:
        return f"补助到户合计：{fmt_amount(None)}（大写：{BLANK * 2}）\n其中：{BLANK * 3}"
    home = [p for p in parts if p.to_household]
    other = [p for p in parts if not p.to_household]
    total = sum(p.amount for p in home)
    split = "，".join(_part(p) for p in home)
    text = f"补助到户合计：{total}元（大写：{capital_amount(total)}）；其中：{split or '无'}。"
    if other:
        text += "另：" + "，".join(_part(p) for p in other) + "，不发放到户。"
    return text


def _relocation_subsidy_text(r: RelocationPlan) -> str:
    """R4.7: the plan sets no relocation subsidy per household; without a rate none is printed."""
    standard = r.subsidy_standard or "标准未设定"
    if standard == "标准未设定":
        return "搬迁补助：标准未设定（规划未规定易地扶贫搬迁户均补助标准，不填写金额）。"
    return f"搬迁补助：{standard}。"


def approval_story(a: ApprovalSheet, frame: Frame) -> list[Flowable]:
    """One sheet, kept on one page if it fits at up to 18 % smaller; otherwise it flows on."""
    st = styles(frame.font_name, cell_size=9.5)
    w = [_LABEL_W] + [x * (frame.width - _LABEL_W) for x in (0.115, 0.17, 0.105, 0.185, 0.125, 0.30)]
    head = [
        Paragraph(para_text(a.title), st.title),
        layout_table([[Paragraph(para_text(f"乡镇：{a.township}　　村：{a.village}"), st.cell),
                       Paragraph(para_text(f"编号：{a.case_no}"), st.cell_right)]],
                     [frame.width / 2] * 2, frame.font_name, [("BOTTOMPADDING", (0, 0), (-1, -1), 3)]),
    ]
    r = a.relocation
    house = _relocation_house_rows(a, r, st, w) if r else _house_rows(a, st, w)
    application = _relocation_rows(a, r, st, w) if r else _application_rows(a, st, w)
    subsidy = _relocation_subsidy_text(r) if r else _subsidy_text(a.subsidy)
    body: list[Flowable] = [
        _household_rows(a, st, w), _member_rows(a, st, w), house, application,
        _opinion_rows(a, st, w, frame.font_name),
        form_table([[Label("核定补助"), subsidy]], [w[0], sum(w[1:])], st),
        Paragraph(para_text("注：本表一式三份，县、乡（镇）、村各存一份。"), st.small),
    ]
    return [OnePage(head + body, _SHRINK_LIMIT)]


def write_approval_sheets(sheets: Sequence[ApprovalSheet], out: str | Path | BinaryIO,
                          font: CjkFont | None = None, *, title: str = "", progress: Progress | None = None) -> int:
    """Every sheet from a new page, in one PDF; return the page count. ``progress(done, total, text)``
    is called as each sheet is laid out (raise from it to cancel: nothing is written)."""
    if not sheets:
        raise ValueError("no approval sheets to write")

    def build(frame: Frame) -> list[Flowable]:
        story: list[Flowable] = []
        for i, sheet in enumerate(sheets):
            if i:
                story.append(PageBreak())
            if progress is not None:
                story.append(ProgressMark(progress, i, len(sheets), f"正在排版审批表（{i + 1}/{len(sheets)}）…"))
            story += approval_story(sheet, frame)
        return story

    name = title or (sheets[0].title if len(sheets) == 1 else f"{sheets[0].title}（{len(sheets)}份）")
    return write_story_pdf(build, out, font, title=name, subject=" ".join(s.case_no for s in sheets[:50]))
