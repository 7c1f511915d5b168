"""不予通过告知书: the written reason a refused applicant is given (RULES.md R5.5), with a receipt
to cut off and keep in the file. One A4 page.

Addressed to one household, not posted: still no ID number, phone or bank account on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from .disclosure import Contact
from .fonts import CjkFont
from .pdf_blocks import BLANK, blank_date, fmt_date, signature_block
from .pdf_doc import Frame, Progress, write_story_pdf
from .pdf_styles import para_text, styles

__all__ = ["RejectionLetter", "rejection_story", "write_rejection_letter"]


@dataclass
class RejectionLetter:
    case_no: str
    head_name: str
    address: str                         # 虹桥镇大山村3组
    subject: str                         # 农村危房改造
    applied_on: dt.date
    level: str                           # who refused: 村民委员会评议 / 乡镇人民政府审核 / 县级审批 …
    decided_on: dt.date
    reason: str
    appeal_to: str                       # where to ask for a review, e.g. 虹桥镇人民政府
    appeal_days: int = 15
    contacts: list[Contact] = field(default_factory=list)
    issuer: str = ""
    issued_on: dt.date | None = None     # default: the decision date
    title: str = "不予通过告知书"


def _sentence(text: str) -> str:
    """The reason as a sentence: a final 。 added when it ends without punctuation."""
    text = (text or "").strip()
    return text if not text or text[-1] in "。！？；.!?" else text + "。"


class _CutLine(Flowable):
    """A dashed line across the page with （沿此线剪开） in its middle."""

    def __init__(self, font_name: str):
        super().__init__()
        self.font_name = font_name
        self.width = 0

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, 12

    def draw(self):
        c = self.canv
        label = "（沿此线剪开）"
        c.saveState()
        c.setStrokeColor(colors.grey)
        c.setFillColor(colors.grey)
        c.setDash(3, 3)
        c.setFont(self.font_name, 8)
        half = self.width / 2
        c.line(0, 6, half - 32, 6)
        c.line(half + 32, 6, self.width, 6)
        c.drawCentredString(half, 3, label)
        c.restoreState()


def whole(style):
    """The style for a line holding the case number: breaks only at spaces (a case number has none),
    so 危改-2026-0001 never splits across two lines as CJK wrapping would split it."""
    return style.clone(f"{style.name}-whole", wordWrap=None)


def rejection_story(r: RejectionLetter, frame: Frame) -> list[Flowable]:
    st = styles(frame.font_name, body_size=12)
    plain = st.body.clone("pj-letter-plain", firstLineIndent=0)
    issued = r.issued_on or r.decided_on
    phones = "；".join(f"{c.office} {c.phone or BLANK}" for c in r.contacts)
    body = [
        f"你户于{fmt_date(r.applied_on)}提出的{r.subject}申请，经{r.level}，于{fmt_date(r.decided_on)}"
        "决定不予通过。",
        f"理由：{_sentence(r.reason) or '（未填写）'}",
        f"如对本决定有异议，可自收到本告知书之日起{r.appeal_days}日内向{r.appeal_to}书面申请复核"
        + (f"，也可拨打监督电话反映：{phones}。" if phones else "。"),
        "特此告知。",
    ]
    story: list[Flowable] = [
        Paragraph(para_text(r.title), st.title),
        Paragraph(para_text(f"（{r.case_no}）"), whole(st.subtitle)),
        Spacer(1, 6 * mm),
        Paragraph(para_text(f"{r.head_name}（户主，{r.address}）："), plain),
        Spacer(1, 2 * mm),
    ]
    story += [Paragraph(para_text(p), st.body) for p in body]
    story.append(signature_block([r.issuer or BLANK, fmt_date(issued)], st, frame.width, seal=True))
    receipt = [
        Spacer(1, 10 * mm),
        _CutLine(frame.font_name),
        Spacer(1, 4 * mm),
        Paragraph("回　　执", st.subtitle),
        Spacer(1, 2 * mm),
        Paragraph(para_text(f"本人已收到{r.issuer or BLANK}于{fmt_date(issued)}送达的《{r.title}》。"), st.body),
        Paragraph(para_text(f"案件编号：{r.case_no}"), whole(plain)),
        Spacer(1, 6 * mm),
        Paragraph(para_text(f"签收人（签字、捺手印）：{BLANK}　　签收日期：{blank_date()}"), st.signature),
    ]
    story.append(KeepTogether(receipt))
    return story


def write_rejection_letter(r: RejectionLetter, out: str | Path | BinaryIO, font: CjkFont | None = None, *,
                           progress: Progress | None = None) -> int:
    return write_story_pdf(lambda f: rejection_story(r, f), out, font, title=f"{r.title}（{r.case_no}）",
                           progress=progress)
