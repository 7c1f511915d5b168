"""The relocation agreement summary (易地扶贫搬迁协议摘要, forms/REFERENCE.md §2) of one case, on one A4 page
where it fits: the parties, the site and the housing, the persons moving, the two agreements (搬迁协议 and
旧房拆除复垦协议) with their dates, the demolition deadline, move-in and demolition as recorded, and the
main clauses in words. An office record: no ID number, phone or bank account is printed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from .approval_sheet import RelocationPlan
from .casefile_data import RelocationEventRecord
from .fonts import CjkFont
from .pdf_blocks import BLANK, Label, OnePage, fmt_date, form_table, signature_block
from .pdf_doc import Frame, Progress, write_story_pdf
from .pdf_styles import para_text, styles

__all__ = ["AgreementSummary", "agreement_story", "write_agreement_summary", "NOT_SIGNED"]

NOT_SIGNED = "未签订"
NO_HOUSE = "无房"
_SHRINK_LIMIT = 0.85


@dataclass
class AgreementSummary:
    title: str                           # 平江县易地扶贫搬迁协议摘要
    case_no: str
    party_a: str                         # 甲方: the township government
    head_name: str                       # 乙方: the head of the household
    address: str                         # 虹桥镇大山村3组
    household_size: int
    plan: RelocationPlan
    old_house: str                       # 土坯 / 无房
    approved_on: dt.date | None
    area_per_person: int                 # the setting (25㎡ by default)
    relocation_agreement: RelocationEventRecord | None = None
    reclaim_agreement: RelocationEventRecord | None = None
    moves: list[RelocationEventRecord] = field(default_factory=list)   # 搬迁入住 / 旧房拆除 / 拆除验收
    old_house_state: str = ""


def _signed(e: RelocationEventRecord | None) -> tuple[str, str, str]:
    if e is None:
        return NOT_SIGNED, "", ""
    return fmt_date(e.date), e.person, e.note


def _clauses(a: AgreementSummary) -> list[str]:
    p = a.plan
    willing = f"（搬迁意愿书{fmt_date(p.willing_signed_on)}签署）" if p.willing_signed_on else ""
    out = [f"一、乙方自愿实施易地扶贫搬迁{willing}，搬迁{p.persons}人，由甲方在{p.site}（{p.site_kind}）集中安置。",
           f"二、安置住房{p.unit}，建筑面积{p.area:g}㎡，人均住房面积不超过{a.area_per_person}㎡"
           "（国家发展改革委等五部门发改地区〔2015〕2769号）。"]
    if a.old_house == NO_HOUSE:
        out.append("三、乙方搬迁前无住房，无旧房拆除复垦。")
    else:
        due = fmt_date(p.demolition_due_on) if p.demolition_due_on else BLANK
        out.append(f"三、乙方原{a.old_house}结构住房于{due}前拆除，宅基地交由村集体复垦（拆旧复垦）。")
    out.append("四、享受易地扶贫搬迁安置住房的，不再享受农村危房改造补助。")
    subsidy = p.subsidy_standard or "标准未设定"
    out.append(f"五、搬迁补助：{subsidy}" + ("（规划未规定易地扶贫搬迁户均补助标准，协议不填写金额）。"
                                          if subsidy == "标准未设定" else "。"))
    return out


def agreement_story(a: AgreementSummary, frame: Frame) -> list[Flowable]:
    st = styles(frame.font_name, cell_size=10)
    w = frame.width
    widths = [w * x for x in (0.16, 0.34, 0.16, 0.34)]
    p = a.plan
    movers = "、".join(p.movers) or "—"
    if p.companions:
        movers += f"；同步搬迁{p.companions}人" + (f"（{p.companions_note}）" if p.companions_note else "")
    per_person = f"{p.area / p.persons:.1f}".rstrip("0").rstrip(".") + "㎡" if p.persons else "—"
    parties = form_table([
        [Label("甲方"), a.party_a, Label("乙方（户主）"), a.head_name],
        [Label("乙方住址"), a.address, Label("家庭人口"), f"{a.household_size}人"],
        [Label("安置点"), f"{p.site}（{p.site_kind}）", Label("安置住房"), p.unit or "—"],
        [Label("安置面积"), f"{p.area:g}㎡（人均{per_person}）", Label("搬迁人数"), f"{p.persons}人"],
        [Label("搬迁成员"), movers, None, None],
        [Label("县级审批"), fmt_date(a.approved_on) if a.approved_on else "尚未审批", Label("原住房"),
         a.old_house + ("（唯一住房）" if p.sole_house and a.old_house != NO_HOUSE else "")],
    ], widths, st, spans=[((1, 4), (3, 4))])
    signed = [("搬迁协议", a.relocation_agreement), ("旧房拆除复垦协议", a.reclaim_agreement)]
    agreements = form_table(
        [[Label("协议"), Label("签订日期"), Label("签订人"), Label("说明")]]
        + [[Label(name), *_signed(e)] for name, e in signed
           if not (name == "旧房拆除复垦协议" and a.old_house == NO_HOUSE)],
        [w * x for x in (0.2, 0.22, 0.2, 0.38)], st)
    due = fmt_date(p.demolition_due_on) if p.demolition_due_on else ("无" if a.old_house == NO_HOUSE else "县级审批后确定")
    moves = form_table(
        [[Label("事项"), Label("日期"), Label("人员"), Label("说明")]]
        + ([[Label(e.event), fmt_date(e.date), e.person, e.note] for e in a.moves] or [["（尚无记录）", None, None, None]]),
        [w * x for x in (0.2, 0.22, 0.2, 0.38)], st, spans=[] if a.moves else [((0, 1), (3, 1))])
    body: list[Flowable] = [
        Paragraph(para_text(a.title), st.title),
        Paragraph(para_text(f"案件编号：{a.case_no}"), st.subtitle),
        Spacer(1, 3 * mm), parties,
        Spacer(1, 4 * mm), Paragraph("协议签订情况", st.subtitle), Spacer(1, 1 * mm), agreements,
        Spacer(1, 2 * mm), Paragraph(para_text(f"旧房拆除期限：{due}；旧房状态：{a.old_house_state or ('无旧房' if a.old_house == NO_HOUSE else '未拆除')}。"), st.cell),
        Spacer(1, 4 * mm), Paragraph("搬迁入住及旧房拆除", st.subtitle), Spacer(1, 1 * mm), moves,
        Spacer(1, 4 * mm), Paragraph("主要条款", st.subtitle), Spacer(1, 1 * mm),
    ] + [Paragraph(para_text(c), st.cell) for c in _clauses(a)]
    body.append(signature_block([f"甲方（盖章）：{a.party_a}", f"乙方（签字捺印）：{BLANK}"], st, w, seal=False,
                                space_before=6 * mm))
    return [OnePage(body, _SHRINK_LIMIT)]


def write_agreement_summary(a: AgreementSummary, out: str | Path | BinaryIO, font: CjkFont | None = None, *,
                            progress: Progress | None = None) -> int:
    return write_story_pdf(lambda f: agreement_story(a, f), out, font, title=a.title, subject=a.case_no,
                           progress=progress, progress_text="正在排版搬迁协议摘要")
