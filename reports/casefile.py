"""The one-household case file (一户一册) in one PDF: cover with the file number and the list of
contents (with page numbers), then the parts in the order of forms/REFERENCE.md §2 — 申请书,
household sheet, 危房鉴定, 村级民主评议, approval sheet, review record, posting records with their
objections, 改造协议, construction and completion acceptance, disbursements, photos and other
attachments (RULES.md R3.2) — each part from a new page.

The file is laid out twice: the first pass finds the page each part starts on, the second prints
those pages in the contents list.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, PageBreak

from . import casefile_relocation as rel
from . import casefile_sections as sec
from .approval_sheet import approval_story
from .casefile_data import (
    AGREEMENT_EVENTS, RELOCATION_SECTION_TITLES, SECTION_TITLES, AcceptanceRecord, AttachmentRecord, CaseFile,
    CaseFileCover, DecisionRecord, HouseholdSheet, MemberDetail, ObjectionRecord, PaymentRecord, PostingRecord,
    RelocationEventRecord, RelocationRecords, WorkRecord,
)
from .fonts import CjkFont
from .pdf_doc import Frame, Progress, write_story_pdf
from .pdf_styles import styles

__all__ = [
    "CaseFileCover", "HouseholdSheet", "MemberDetail", "DecisionRecord", "ObjectionRecord", "PostingRecord",
    "WorkRecord", "AcceptanceRecord", "PaymentRecord", "AttachmentRecord", "CaseFile", "write_case_file",
    "SECTION_TITLES", "RELOCATION_SECTION_TITLES", "RelocationEventRecord", "RelocationRecords",
]


def _story(c: CaseFile, frame: Frame, pages: dict[str, int] | None, found: dict[str, int]) -> list[Flowable]:
    """The cover, then every part of the file's section titles in their order, each from a new page."""
    st = styles(frame.font_name, cell_size=9.5)
    agreements = [w for w in c.works if w.event in AGREEMENT_EVENTS]
    works = [w for w in c.works if w.event not in AGREEMENT_EVENTS]
    parts = {
        "application": lambda: sec.application(c.approval, c.attachments, st, frame),
        "household": lambda: sec.household_sheet(c.household, st, frame),
        "assessment": lambda: sec.assessment(c.approval, c.attachments, st, frame),
        "village_review": lambda: sec.village_review(c.decisions, c.postings, c.attachments, st, frame),
        "approval": lambda: approval_story(c.approval, frame),
        "decisions": lambda: sec.decisions(c.decisions, st, frame),
        "postings": lambda: sec.postings(c.postings, st, frame),
        "agreements": lambda: sec.agreements(agreements, c.attachments, st, frame),
        "works": lambda: sec.works(works, c.acceptances, st, frame),
        "payments": lambda: sec.payments(c.payments, c.approved_total, st, frame),
        "photos": lambda: sec.attachments(c.attachments, st, frame),
    }
    rec = c.relocation
    if rec is not None:   # 易地扶贫搬迁: its own parts (reports/casefile_relocation.py)
        parts.update({
            "application": lambda: rel.application(c.approval, c.attachments, st, frame),
            "old_house": lambda: rel.old_house(c.approval, rec, c.attachments, st, frame),
            "agreements": lambda: rel.agreements(rec, c.attachments, st, frame),
            "move_in": lambda: rel.move_in(rec, c.attachments, st, frame),
            "follow_up": lambda: rel.follow_up(rec, st, frame),
        })
    titles = c.section_titles
    story: list[Flowable] = sec.cover(c.cover, st, frame, pages, titles)
    for key, title in titles.items():
        story += [PageBreak(), sec.PageMark(key, found)]
        if key != "approval":   # the approval sheet carries its own title
            story.append(sec.section_title(title, st))
        story += parts[key]()
    return story


def write_case_file(c: CaseFile, out: str | Path | BinaryIO, font: CjkFont | None = None, *,
                    progress: Progress | None = None) -> int:
    """Write the case file; return the page count. ``progress`` hears of every page of both passes
    (the first one only finds the page each part starts on); what it raises stops the run."""
    found: dict[str, int] = {}
    write_story_pdf(lambda f: _story(c, f, None, found), io.BytesIO(), font, title=c.cover.title,
                    progress=progress, progress_text="正在计算目录页码")
    pages = dict(found)
    return write_story_pdf(lambda f: _story(c, f, pages, {}), out, font,
                           title=f"{c.cover.title}（{c.cover.file_no}）", subject=c.cover.case_no,
                           progress=progress, progress_text="正在排版案卷")
