"""The parts of the case file (一户一册) other than the approval sheet; see reports/casefile.py."""

from __future__ import annotations

import io
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, Spacer

from .approval_sheet import ApprovalSheet
from .casefile_data import (
    SECTION_TITLES, AcceptanceRecord, AttachmentRecord, CaseFileCover, DecisionRecord, HouseholdSheet,
    PaymentRecord, PostingRecord, WorkRecord,
)
from .pdf_blocks import BLANK, PAD_X, Label, fmt_date, form_table, layout_table
from .pdf_doc import Frame
from .pdf_row_split import split_tall_row
from .pdf_styles import PdfStyles, para_text

ROW_MAX_LINES = 20     # lines of one list row (an A4 frame holds ≈ 50): longer text continues in the next row

NONE_TEXT = "（无记录）"
_PHOTO_MAX_PX = 1400          # long side of a photo as embedded (≈ 400 dpi at 87 mm): enough for print
_PHOTO_MAX_H = 72 * mm


class PageMark(Flowable):
    """Zero-size marker: records the page it lands on under ``key`` (for the contents list)."""

    def __init__(self, key: str, found: dict[str, int]):
        super().__init__()
        self.key, self.found = key, found
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        self.found.setdefault(self.key, self.canv.getPageNumber())


def section_title(text: str, st: PdfStyles) -> Flowable:
    return Paragraph(para_text(text), st.subtitle.clone("pj-section", fontSize=14, leading=20, spaceBefore=6,
                                                         spaceAfter=6))


def _date(d) -> str:
    return f"{d.year}-{d.month:02d}-{d.day:02d}" if d else ""


def _list_table(headers: Sequence[tuple[str, float]], rows: list[list[str]], st: PdfStyles,
                width: float, centred: Sequence[int] = ()) -> Flowable:
    """A ruled list with its header repeated across pages; （无记录） when empty. Columns in
    ``centred`` (numbers, short codes) are centred."""
    total = sum(w for _, w in headers)
    widths = [width * w / total for _, w in headers]
    data: list[list[object]] = [[Label(h) for h, _ in headers]]
    spans = []
    if rows:
        # a cell taller than a page (a page of text in an opinion or a note) cannot be drawn: such a row
        # goes on in continuation rows (the other cells blank), as the registry lists do
        size = st.cell.fontSize
        text_widths = [w - 2 * PAD_X - 0.4 * size for w in widths]
        for r in rows:
            values = [v if isinstance(v, str) else "" for v in r]
            pieces = split_tall_row(values, text_widths, st.cell.fontName, size, ROW_MAX_LINES)
            if len(pieces) == 1:
                pieces = [list(r)]
            data += [[Paragraph(para_text(v), st.cell_center) if i in centred else v for i, v in enumerate(p)]
                     for p in pieces]
    else:
        data.append([NONE_TEXT] + [None] * (len(headers) - 1))
        spans.append(((0, 1), (-1, 1)))
    return form_table(data, widths, st, spans=spans, repeat_rows=1)


list_table = _list_table   # for the relocation parts (reports/casefile_relocation.py)


def cover(c: CaseFileCover, st: PdfStyles, frame: Frame, pages: dict[str, int] | None,
          titles: dict[str, str] = SECTION_TITLES) -> list[Flowable]:
    big = st.title.clone("pj-cover-title", fontSize=28, leading=38, spaceBefore=18 * mm)
    info = st.cell.clone("pj-cover-cell", fontSize=12, leading=16)
    label = st.header.clone("pj-cover-label", fontSize=12, leading=16)

    def row(a: str, b: str) -> list[object]:
        return [Paragraph(para_text(a), label), Paragraph(para_text(b), info)]

    facts = [row("档案编号", c.file_no), row("申请人（户主）", c.applicant), row("家庭住址", c.address),
             row("联系电话", c.phone), row("案件编号", c.case_no), row("申请日期", fmt_date(c.applied_on)),
             row("办理状态", c.status + (f"（{fmt_date(c.closed_on)}办结）" if c.closed_on else "")),
             row("立卷单位", c.office), row("立卷人", c.filed_by), row("立卷日期", fmt_date(c.filed_on))]
    w = frame.width * 0.78
    facts_table = form_table(facts, [w * 0.28, w * 0.72], st, min_heights={i: 9 * mm for i in range(len(facts))})
    facts_table.hAlign = "CENTER"
    contents = [[str(i), title, str(pages.get(key, "")) if pages else ""]
                for i, (key, title) in enumerate(titles.items(), 1)]
    toc = _list_table([("序号", .6), ("材料名称", 3), ("页次", .8)], contents, st, w, centred=(0, 2))
    toc.hAlign = "CENTER"
    return [
        Paragraph(para_text(c.title), big),
        Paragraph("（一户一册）", st.subtitle.clone("pj-cover-sub", fontSize=16, leading=24)),
        Spacer(1, 4 * mm),
        Paragraph(para_text(c.file_no), st.subtitle.clone("pj-cover-no", fontSize=14, leading=20)),
        Spacer(1, 12 * mm),
        facts_table,
        Spacer(1, 10 * mm),
        Paragraph("卷内目录", st.subtitle),
        Spacer(1, 2 * mm),
        toc,
    ]


def household_sheet(h: HouseholdSheet, st: PdfStyles, frame: Frame) -> list[Flowable]:
    w = frame.width
    widths = [w * x for x in (0.14, 0.2, 0.13, 0.2, 0.13, 0.2)]
    house = "无房" if h.house_structure == "无房" else "，".join(x for x in (
        h.house_structure, f"{h.house_area:g}㎡" if h.house_area else "",
        f"{h.danger_grade}级危房" if h.danger_grade in ("C", "D") else
        f"{h.danger_grade}级" if len(h.danger_grade) == 1 else h.danger_grade,
        f"{h.built_year}年建" if h.built_year else "") if x)
    income = "" if h.net_income is None else f"家庭纯收入{h.net_income}元，人均{h.per_capita_income or 0}元"
    rows = [
        [Label("户编号"), h.household_no, Label("村组"), f"{h.village}{h.group}", Label("户主"), h.head_name],
        [Label("户类型"), h.household_type, Label("识别标准"), h.standard, Label("识别年度"),
         f"{h.identified_year}年" if h.identified_year else ""],
        [Label("当前状态"), h.status, Label("主要致贫原因"), h.main_cause, Label("其他致贫原因"),
         "、".join(h.other_causes) or "无"],
        [Label("联系电话"), h.phone, Label("家庭住址"), h.address, None, None],
        [Label("住房情况"), house, None, None, None, None],
        [Label("收入情况"), income, None, None, None, None],
    ]
    facts = form_table(rows, widths, st, spans=[((3, 3), (5, 3)), ((1, 4), (5, 4)), ((1, 5), (5, 5))])
    members = _list_table(
        # weights in mm of the 180 mm frame: an 18-digit ID and a date each stay on one line
        [("姓名", 15), ("与户主关系", 19.5), ("性别", 9), ("身份证号", 38), ("出生日期", 23.5), ("文化程度", 15.5),
         ("健康状况", 21.5), ("劳动能力", 21.5), ("在校/务工", 16.5)],
        [[m.name, m.relation, m.sex, m.id_number, _date(m.birth_date), m.education, m.health, m.labour,
          m.occupation] for m in h.members], st, w)
    return [facts, Spacer(1, 4 * mm), Paragraph("家庭成员", st.subtitle), Spacer(1, 1 * mm), members]


def _filed(items: list[AttachmentRecord], categories: tuple[str, ...], st: PdfStyles) -> list[Flowable]:
    """The attachments of ``categories`` named under a part (their images print with the photos)."""
    mine = [a for a in items if a.category in categories]
    if not mine:
        return []
    return [Spacer(1, 3 * mm), Paragraph(para_text("附：" + "；".join(
        "　".join(x for x in (a.category, a.filename, fmt_date(a.taken_on) if a.taken_on else "") if x)
        for a in mine)), st.small)]


def _area(v: float | None) -> str:
    return f"{v:g}㎡" if v else ""


def application(a: ApprovalSheet, items: list[AttachmentRecord], st: PdfStyles, frame: Frame) -> list[Flowable]:
    """申请书: the application as recorded, addressed to the village committee, with its signature line."""
    w = frame.width
    widths = [w * x for x in (0.16, 0.34, 0.16, 0.34)]
    rows = [
        [Label("申请人（户主）"), a.head_name, Label("家庭人口"), f"{a.size}人"],
        [Label("家庭住址"), f"{a.township}{a.village}{a.group}", Label("户类型"), a.household_type],
        [Label("改造方式"), a.mode, Label("建设方式"), a.build_type],
        [Label("户型"), a.house_type or "—", Label("集居点"), a.cluster_site or "—"],
        [Label("规划面积"), "　".join(f"{k}{_area(v)}" for k, v in (("正房", a.main_area), ("附屋", a.annex_area),
                                                                   ("宅基地", a.homestead_area)) if v) or "—",
         Label("申请日期"), fmt_date(a.applied_on)],
        [Label("申请理由"), a.reason or "（未填写）", None, None],
    ]
    table = form_table(rows, widths, st, spans=[((1, 5), (3, 5))])
    return [Paragraph(para_text(f"{a.village}村民委员会："), st.cell), Spacer(1, 2 * mm), table, Spacer(1, 6 * mm),
            Paragraph(para_text(f"申请人（户主）签字（捺手印）：{BLANK}　　日期：{fmt_date(a.applied_on)}"),
                      st.cell_right)] + _filed(items, ("申请书", "身份及户籍材料"), st)


def assessment(a: ApprovalSheet, items: list[AttachmentRecord], st: PdfStyles, frame: Frame) -> list[Flowable]:
    """危房鉴定: the house and its assessment; a household with no house (无房) has none to assess."""
    if a.house_structure == "无房":
        body: list[Flowable] = [Paragraph(para_text("房屋结构：无房。该户现无住房，无房屋面积、建造年份、危房等级和鉴定。"),
                                          st.cell)]
    else:
        w = frame.width
        rows = [[Label("房屋结构"), a.house_structure, Label("建筑面积"), _area(a.house_area)],
                [Label("建造年份"), f"{a.built_year}年" if a.built_year else "", Label("危房等级"),
                 f"{a.danger_grade}级" if len(a.danger_grade) == 1 else a.danger_grade],
                [Label("鉴定机构"), a.assessment_agency, Label("鉴定日期"),
                 fmt_date(a.assessed_on) if a.assessed_on else ""]]
        body = [form_table(rows, [w * x for x in (0.16, 0.34, 0.16, 0.34)], st)]
    return body + _filed(items, ("危房鉴定表",), st)


def village_review(items: list[DecisionRecord], posts: list[PostingRecord], attachments_: list[AttachmentRecord],
                   st: PdfStyles, frame: Frame) -> list[Flowable]:
    """村民代表大会民主评议: the village's decisions and the 一榜 posting that followed them."""
    mine = [d for d in items if d.stage == "村级评议"]
    first = [p for p in posts if p.stage == "一榜公示"]
    return (decisions(mine, st, frame) + [Paragraph("评议结果公示（一榜）", st.subtitle), Spacer(1, 1 * mm)]
            + postings(first, st, frame) + _filed(attachments_, ("评议记录",), st))


def agreements(events: list[WorkRecord], items: list[AttachmentRecord], st: PdfStyles,
               frame: Frame) -> list[Flowable]:
    """改造协议 (for a new build the 建新拆旧 agreement): the agreements recorded and filed."""
    return [_list_table([("日期", 1), ("协议", 1), ("签订人", 1.4), ("说明", 4)],
                        [[_date(e.date), e.event, e.person, e.note] for e in events], st, frame.width)] + \
        _filed(items, ("改造协议",), st)


def decisions(items: list[DecisionRecord], st: PdfStyles, frame: Frame) -> list[Flowable]:
    return [_list_table([("日期", 1), ("阶段", .9), ("结论", .7), ("意见", 2.9), ("审核人", 1.7)],
                        [[_date(d.date), d.stage, d.decision, d.opinion, d.reviewer] for d in items], st, frame.width),
            Spacer(1, 4 * mm)]


def _objections_summary(p: PostingRecord) -> str:
    if not p.objections:
        return "无异议"
    open_ = sum(1 for o in p.objections if not o.result)
    confirmed = sum(1 for o in p.objections if o.result == "属实")
    text = f"异议{len(p.objections)}件"
    if confirmed:
        text += f"，核实属实{confirmed}件"
    if open_:
        text += f"，待核实{open_}件"
    if not confirmed and not open_:
        text += "，均核实不属实"
    return text


def postings(items: list[PostingRecord], st: PdfStyles, frame: Frame) -> list[Flowable]:
    out: list[Flowable] = [_list_table(
        [("公示轮次", 1), ("公示地点", 1.6), ("公示时间", 2.2), ("天数", .55), ("公示户数", .75), ("异议情况", 1.9)],
        [[p.stage, p.place, f"{fmt_date(p.start)}至{fmt_date(p.end)}", str((p.end - p.start).days + 1),
          str(p.households), _objections_summary(p)] for p in items], st, frame.width, centred=(3, 4))]
    objections = [(p, o) for p in items for o in p.objections]
    if objections:
        out += [Spacer(1, 3 * mm), Paragraph("异议及核实情况", st.subtitle), Spacer(1, 1 * mm)]
        out.append(_list_table(
            [("公示", .8), ("反映日期", 1.2), ("反映人", .8), ("异议内容", 2.2), ("核实结果", .8), ("核实人及日期", 1.4),
             ("核实说明", 1.9)],
            [[p.stage, _date(o.raised_on), o.raised_by, o.content, o.result or "待核实",
              f"{o.verified_by}\n{_date(o.verified_on)}".strip(), o.note] for p, o in objections], st, frame.width))
    return out + [Spacer(1, 4 * mm)]


def works(events: list[WorkRecord], acceptances: list[AcceptanceRecord], st: PdfStyles,
          frame: Frame) -> list[Flowable]:
    return [
        _list_table([("日期", 1), ("事项", 1), ("人员", 1.4), ("情况", 4)],
                    [[_date(e.date), e.event, e.person, e.note] for e in events], st, frame.width),
        Spacer(1, 3 * mm),
        Paragraph("竣工验收", st.subtitle),
        Spacer(1, 1 * mm),
        _list_table([("验收日期", 1), ("验收人员", 2), ("结论", .8), ("实际正房面积", 1.1), ("实际附屋面积", 1.1),
                     ("说明", 2)],
                    [[_date(a.date), a.inspectors, a.result, f"{a.main_area:g}㎡" if a.main_area else "",
                      f"{a.annex_area:g}㎡" if a.annex_area else "", a.note] for a in acceptances], st, frame.width),
        Spacer(1, 4 * mm),
    ]


def mask_account(account: str) -> str:
    digits = account.replace(" ", "")
    return f"****{digits[-4:]}" if len(digits) > 4 else digits


def payments(items: list[PaymentRecord], approved: int | None, st: PdfStyles, frame: Frame) -> list[Flowable]:
    paid = sum(p.amount for p in items)
    if approved is None:
        summary = f"尚未核定补助；已拨付{paid}元。"
    else:
        summary = f"核定补助到户{approved}元，已拨付{paid}元，未拨付{approved - paid}元。"
    return [
        _list_table([("拨付日期", 1), ("金额（元）", .9), ("资金来源", 1), ("收款账户", 1.1), ("凭证号", 1.3),
                     ("备注", 2)],
                    [[_date(p.date), str(p.amount), p.department, mask_account(p.account), p.voucher_no, p.note]
                     for p in items], st, frame.width),
        Spacer(1, 2 * mm),
        Paragraph(para_text(summary), st.cell),
    ]


def _photo(data: bytes, max_w: float, max_h: float) -> Image | None:
    """The photo scaled to fit, re-encoded smaller when it is large; None if it cannot be read."""
    try:
        from PIL import Image as PILImage, ImageOps  # Pillow loads only for photos (start-up time)

        with PILImage.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)
            img.thumbnail((_PHOTO_MAX_PX, _PHOTO_MAX_PX))
            if img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            buf = io.BytesIO()
            img.save(buf, format="JPEG", quality=85)
            w_px, h_px = img.size
    except Exception:  # not an image Pillow can read
        return None
    scale = min(max_w / w_px, max_h / h_px)
    return Image(io.BytesIO(buf.getvalue()), width=w_px * scale, height=h_px * scale)


def attachments(items: list[AttachmentRecord], st: PdfStyles, frame: Frame) -> list[Flowable]:
    gap = 6 * mm
    cell_w = (frame.width - gap) / 2
    cells: list[list[Flowable]] = []
    listed: list[AttachmentRecord] = []
    for a in items:
        img = _photo(a.image, cell_w - 4, _PHOTO_MAX_H) if a.image else None
        if img is None:
            listed.append(a)
            continue
        caption = "　".join(x for x in (a.category, fmt_date(a.taken_on) if a.taken_on else "", a.note or a.filename) if x)
        cells.append([img, Spacer(1, 1.5 * mm), Paragraph(para_text(caption), st.small)])
    out: list[Flowable] = []
    if cells:
        rows = [cells[k:k + 2] + ([""] if k + 1 == len(cells) else []) for k in range(0, len(cells), 2)]
        out.append(layout_table(rows, [cell_w + gap / 2] * 2, st.cell.fontName, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm)]))
    else:
        out.append(Paragraph("（无照片）", st.cell))
    if listed:
        out += [Spacer(1, 3 * mm), Paragraph("其他附件", st.subtitle), Spacer(1, 1 * mm)]
        out.append(_list_table([("序号", .5), ("类别", 1.2), ("文件名", 2.6), ("日期", 1), ("说明", 2)],
                               [[str(i), a.category, a.filename, _date(a.taken_on), a.note]
                                for i, a in enumerate(listed, 1)], st, frame.width, centred=(0,)))
    return out
