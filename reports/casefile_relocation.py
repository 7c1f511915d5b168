"""The parts of a 易地扶贫搬迁 case file that differ from a renovation's (see reports/casefile.py and
``casefile_data.RELOCATION_SECTION_TITLES``): the application with the signed willingness, the old house,
the two agreements, move-in and demolition, and the follow-up support."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from .approval_sheet import ApprovalSheet, RelocationPlan
from .casefile_data import (
    RELOCATION_AGREEMENTS, RELOCATION_MOVES, AttachmentRecord, RelocationEventRecord, RelocationRecords,
)
from .casefile_sections import list_table
from .pdf_blocks import BLANK, Label, fmt_date, form_table
from .pdf_doc import Frame
from .pdf_styles import PdfStyles, para_text

NO_HOUSE = "无房"


def _date(d) -> str:
    return f"{d.year}-{d.month:02d}-{d.day:02d}" if d else ""


def _filed(items: list[AttachmentRecord], categories: tuple[str, ...], st: PdfStyles) -> list[Flowable]:
    mine = [a for a in items if a.category in categories]
    if not mine:
        return []
    return [Spacer(1, 3 * mm), Paragraph(para_text("附：" + "；".join(
        "　".join(x for x in (a.category, a.filename, fmt_date(a.taken_on) if a.taken_on else "") if x)
        for a in mine)), st.small)]


def _movers(r: RelocationPlan) -> str:
    text = "、".join(r.movers) or "—"
    if r.companions:
        text += f"；同步搬迁{r.companions}人" + (f"（{r.companions_note}）" if r.companions_note else "")
    return text


def application(a: ApprovalSheet, items: list[AttachmentRecord], st: PdfStyles, frame: Frame) -> list[Flowable]:
    """申请书 with the signed willingness (搬迁意愿书, RULES.md R4.2), addressed to the village committee."""
    r = a.relocation
    assert r is not None
    w = frame.width
    willing = (f"{r.willing_signer or '户主'}于{fmt_date(r.willing_signed_on)}签署" if r.willing_signed_on else "未签署")
    rows = [
        [Label("申请人（户主）"), a.head_name, Label("家庭人口"), f"{a.size}人"],
        [Label("家庭住址"), f"{a.township}{a.village}{a.group}", Label("户类型"), a.household_type],
        [Label("原住房"), a.house_structure + ("（唯一住房）" if r.sole_house and a.house_structure != NO_HOUSE else ""),
         Label("申请日期"), fmt_date(a.applied_on)],
        [Label("安置点"), f"{r.site}（{r.site_kind}）", Label("安置住房"), f"{r.unit}　{r.area:g}㎡"],
        [Label("搬迁人数"), f"{r.persons}人", Label("搬迁意愿书"), willing],
        [Label("搬迁成员"), _movers(r), None, None],
        [Label("优先情形"), r.priority or "—", None, None],
        [Label("申请理由"), a.reason or "（未填写）", None, None],
    ]
    table = form_table(rows, [w * x for x in (0.16, 0.34, 0.16, 0.34)], st,
                       spans=[((1, 5), (3, 5)), ((1, 6), (3, 6)), ((1, 7), (3, 7))])
    return [Paragraph(para_text(f"{a.village}村民委员会："), st.cell), Spacer(1, 2 * mm), table,
            Spacer(1, 3 * mm),
            Paragraph(para_text("本户自愿申请易地扶贫搬迁，同意按规定签订搬迁协议和旧房拆除复垦协议。"), st.cell),
            Spacer(1, 6 * mm),
            Paragraph(para_text(f"申请人（户主）签字（捺手印）：{BLANK}　　日期：{fmt_date(a.applied_on)}"),
                      st.cell_right)] + _filed(items, ("申请书", "身份及户籍材料", "搬迁意愿书"), st)


def old_house(a: ApprovalSheet, rec: RelocationRecords, items: list[AttachmentRecord], st: PdfStyles,
              frame: Frame) -> list[Flowable]:
    """旧房情况: the house the household leaves, and where its demolition stands (拆旧复垦)."""
    r = a.relocation
    assert r is not None
    if a.house_structure == NO_HOUSE:
        body: list[Flowable] = [Paragraph(para_text("房屋结构：无房。该户搬迁前无住房，无旧房拆除复垦。"), st.cell)]
    else:
        w = frame.width
        state = rec.old_house_state or "未拆除"
        rows = [[Label("房屋结构"), a.house_structure, Label("建筑面积"), f"{a.house_area:g}㎡" if a.house_area else ""],
                [Label("建造年份"), f"{a.built_year}年" if a.built_year else "", Label("唯一住房"),
                 "是" if r.sole_house else "否"],
                [Label("拆除期限"), fmt_date(rec.demolition_due_on) if rec.demolition_due_on else "县级审批后确定",
                 Label("旧房状态"), state]]
        body = [form_table(rows, [w * x for x in (0.16, 0.34, 0.16, 0.34)], st)]
    return body + _filed(items, ("危房鉴定表", "旧房照片"), st)


def _events(events: list[RelocationEventRecord], kinds: tuple[str, ...], st: PdfStyles, frame: Frame,
            person: str) -> Flowable:
    return list_table([("日期", 1), ("事项", 1.1), (person, 1.4), ("说明", 4)],
                      [[_date(e.date), e.event, e.person, e.note] for e in events if e.event in kinds], st,
                      frame.width)


def agreements(rec: RelocationRecords, items: list[AttachmentRecord], st: PdfStyles, frame: Frame) -> list[Flowable]:
    """搬迁协议 and 拆旧复垦协议, signed after the county's approval, with the demolition deadline."""
    due = (f"旧房拆除期限：{fmt_date(rec.demolition_due_on)}前（县级审批"
           f"{'于' + fmt_date(rec.approved_on) if rec.approved_on else ''}后按设置的期限确定）。"
           if rec.demolition_due_on else "旧房拆除期限：无（无旧房或尚未县级审批）。")
    return [_events(rec.events, RELOCATION_AGREEMENTS, st, frame, "签订人"), Spacer(1, 3 * mm),
            Paragraph(para_text(due), st.cell)] + _filed(items, ("搬迁协议", "拆旧复垦协议", "改造协议"), st)


def move_in(rec: RelocationRecords, items: list[AttachmentRecord], st: PdfStyles, frame: Frame) -> list[Flowable]:
    """搬迁入住 (keys handed over), 旧房拆除 and its verification (拆除验收)."""
    return [_events(rec.events, RELOCATION_MOVES, st, frame, "人员"), Spacer(1, 3 * mm),
            Paragraph(para_text(f"旧房状态：{rec.old_house_state or '未拆除'}。"), st.cell)] + \
        _filed(items, ("入住照片", "拆除照片"), st)


def follow_up(rec: RelocationRecords, st: PdfStyles, frame: Frame) -> list[Flowable]:
    """后续扶持 (RULES.md R4.6: employment, industry, school places), and the subsidy standard (R4.7)."""
    rows = [[_date(e.date), e.category, e.note] for e in rec.events if e.event == "后续扶持"]
    return [list_table([("日期", 1), ("类别", .8), ("扶持内容", 5)], rows, st, frame.width), Spacer(1, 3 * mm),
            Paragraph(para_text(f"搬迁补助：{rec.subsidy_standard or '标准未设定'}。"), st.cell)]
