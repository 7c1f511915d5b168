"""The one-household case file (一户一册) in one PDF: cover with the file number and the list of
contents (with page numbers), household sheet, approval sheet, review record, posting records with
their objections, construction and completion acceptance, disbursements, photos and other
attachments (forms/REFERENCE.md §2, RULES.md R3.2).

The file is laid out twice: the first pass finds the page each part starts on, the second prints
those pages in the contents list.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, PageBreak

from . import casefile_sections as sec
from .approval_sheet import approval_story
from .casefile_data import (
    SECTION_TITLES, AcceptanceRecord, AttachmentRecord, CaseFile, CaseFileCover, DecisionRecord, HouseholdSheet,
    MemberDetail, ObjectionRecord, PaymentRecord, PostingRecord, WorkRecord,
)
from .fonts import CjkFont
from .pdf_doc import Frame, Progress, write_story_pdf
from .pdf_styles import styles

__all__ = [
    "CaseFileCover", "HouseholdSheet", "MemberDetail", "DecisionRecord", "ObjectionRecord", "PostingRecord",
    "WorkRecord", "AcceptanceRecord", "PaymentRecord", "AttachmentRecord", "CaseFile", "write_case_file",
    "SECTION_TITLES",
]


def _story(c: CaseFile, frame: Frame, pages: dict[str, int] | None, found: dict[str, int]) -> list[Flowable]:
    st = styles(frame.font_name, cell_size=9.5)

    def part(key: str) -> list[Flowable]:
        return [PageBreak(), sec.PageMark(key, found), sec.section_title(SECTION_TITLES[key], st)]

    story: list[Flowable] = sec.cover(c.cover, st, frame, pages)
    story += part("household") + sec.household_sheet(c.household, st, frame)
    story += [PageBreak(), sec.PageMark("approval", found)] + approval_story(c.approval, frame)
    story += part("decisions") + sec.decisions(c.decisions, st, frame)
    story += [sec.PageMark("postings", found), sec.section_title(SECTION_TITLES["postings"], st)]
    story += sec.postings(c.postings, st, frame)
    story += [sec.PageMark("works", found), sec.section_title(SECTION_TITLES["works"], st)]
    story += sec.works(c.works, c.acceptances, st, frame)
    story += [sec.PageMark("payments", found), sec.section_title(SECTION_TITLES["payments"], st)]
    story += sec.payments(c.payments, c.approved_total, st, frame)
    story += part("photos") + sec.attachments(c.attachments, st, frame)
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
