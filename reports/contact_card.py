"""帮扶联系卡 (明白卡): one A5 (or A4) page per household, to put up at the door.

Plain data in (``ContactCard``), PDF out; no database, no Qt. Each card is shrunk to fit its
page if a household has many measures, so one household is always exactly one page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .fonts import CjkFont, find_cjk_font, register_cjk_font
from .output import is_path, write_output
from .pdf_doc import Progress, ProgressMark
from .pdf_styles import para_text, styles

__all__ = ["ContactCard", "CardMeasure", "write_contact_cards", "CARD_TITLE", "MAX_MEASURES"]

CARD_TITLE = "扶贫帮扶联系卡"
MAX_MEASURES = 8  # the newest ones; older measures stay in the database
_GRID = 0.6
_LABEL_BG = colors.Color(0.92, 0.92, 0.92)


@dataclass
class CardMeasure:
    date: str
    measure: str
    content: str = ""
    amount: str = ""


@dataclass
class ContactCard:
    county: str
    township: str
    village: str
    group: str
    household_no: str
    head_name: str
    size: int
    household_type: str
    status: str
    main_cause: str
    helper_name: str = ""
    helper_unit: str = ""
    helper_post: str = ""
    helper_phone: str = ""
    secretary: str = ""          # 第一书记 (name and phone), blank when the village has none
    projects: list[str] = field(default_factory=list)
    measures: list[CardMeasure] = field(default_factory=list)
    supervision: list[str] = field(default_factory=list)  # e.g. "乡镇监督电话：0730-6xxxxxx"
    issued: str = ""             # e.g. "2026年11月28日"


def _card(card: ContactCard, font_name: str, width: float, small: bool) -> list:
    st = styles(font_name, cell_size=10.0 if small else 11.0, body_size=10.0 if small else 11.0)
    p = lambda text, style=st.cell: Paragraph(para_text(text), style)  # noqa: E731
    lab = lambda text: Paragraph(para_text(text), st.cell_center)  # noqa: E731
    story: list = [Paragraph(para_text(CARD_TITLE), st.title),
                   Paragraph(para_text(f"{card.county}{card.township}{card.village}{card.group}"), st.subtitle),
                   Spacer(1, 2 * mm)]
    w = width / 4
    helper_line = card.helper_name or "（尚未结对）"
    unit_line = "　".join(x for x in (card.helper_unit, card.helper_post) if x)
    info = [
        [lab("户主"), p(card.head_name), lab("户编号"), p(card.household_no)],
        [lab("家庭人口"), p(f"{card.size}人"), lab("户类型"), p(card.household_type)],
        [lab("致贫原因"), p(card.main_cause), lab("状态"), p(card.status)],
        [lab("帮扶责任人"), p(helper_line), lab("联系电话"), p(card.helper_phone)],
        [lab("工作单位"), p(unit_line), "", ""],
        [lab("第一书记"), p(card.secretary or "—"), "", ""],
        [lab("增收项目"), p("\n".join(card.projects) or "—"), "", ""],
    ]
    spans = [("SPAN", (1, r), (3, r)) for r in (4, 5, 6)]
    story.append(Table(info, colWidths=[w * 0.8, w * 1.2, w * 0.8, w * 1.2], style=TableStyle([
        ("GRID", (0, 0), (-1, -1), _GRID, colors.black), ("FONTNAME", (0, 0), (-1, -1), font_name),
        ("BACKGROUND", (0, 0), (0, -1), _LABEL_BG), ("BACKGROUND", (2, 0), (2, 3), _LABEL_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *spans])))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(para_text("帮扶措施"), st.subtitle))
    rows = [[lab("日期"), lab("措施"), lab("内容"), lab("金额（元）")]]
    shown = card.measures[:MAX_MEASURES]
    rows += [[p(m.date), p(m.measure), p(m.content), Paragraph(para_text(m.amount), st.cell_right)] for m in shown]
    if not shown:
        rows.append([p("（暂无记录）"), "", "", ""])
    story.append(Table(rows, colWidths=[width * .2, width * .16, width * .46, width * .18], repeatRows=1,
                       style=TableStyle([("GRID", (0, 0), (-1, -1), _GRID, colors.black),
                                         ("FONTNAME", (0, 0), (-1, -1), font_name),
                                         ("BACKGROUND", (0, 0), (-1, 0), _LABEL_BG),
                                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                         *([("SPAN", (0, 1), (-1, 1))] if not shown else [])])))
    if len(card.measures) > MAX_MEASURES:
        story.append(Paragraph(para_text(f"（仅列最近{MAX_MEASURES}条，共{len(card.measures)}条）"), st.small))
    story.append(Spacer(1, 3 * mm))
    for line in card.supervision:
        story.append(Paragraph(para_text(line), st.small))
    if card.issued:
        story.append(Paragraph(para_text(f"填卡日期：{card.issued}"), st.small))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(para_text("户主签字：__________　　帮扶责任人签字：__________"), st.cell))
    return story


def _render(cards: list[ContactCard], out: BinaryIO, font_name: str, size: str,
            progress: Progress | None) -> int:
    pagesize = A5 if size == "A5" else A4
    margin = 10 * mm if size == "A5" else 18 * mm
    doc = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=CARD_TITLE, creator="pjdesk", author="")
    story: list = []
    for i, card in enumerate(cards):
        if i:
            story.append(PageBreak())
        if progress:   # reported as the card is drawn, so 取消 stops the layout itself
            story.append(ProgressMark(progress, i, len(cards), f"正在生成第{i + 1}/{len(cards)}张联系卡…"))
        story.append(KeepInFrame(doc.width, doc.height, _card(card, font_name, doc.width, size == "A5"),
                                 mode="shrink"))
    # the canvas starts in the embedded CJK font: reportlab's default (Helvetica) is not embedded
    doc.build(story, canvasmaker=lambda *a, **kw: Canvas(*a, **{**kw, "initialFontName": font_name}))
    return len(cards)


def write_contact_cards(cards: Iterable[ContactCard], out: str | Path | BinaryIO, font: CjkFont | None = None,
                        *, size: Literal["A5", "A4"] = "A5",
                        progress: Progress | None = None) -> int:
    """Write one page per card; return the page count. A path is written atomically.
    ``progress(done, total, text)`` hears of each card as it is drawn; what it raises (取消) stops
    the run and nothing is written."""
    cards = list(cards)
    if not cards:
        raise ValueError("no contact cards to write")
    if size not in ("A5", "A4"):
        raise ValueError(f"bad page size {size!r}")
    font_name = register_cjk_font(font or find_cjk_font())
    if not is_path(out):
        return _render(cards, out, font_name, size, progress)  # type: ignore[arg-type]
    buf = io.BytesIO()
    pages = _render(cards, buf, font_name, size, progress)
    write_output(buf.getvalue(), out)
    return pages
