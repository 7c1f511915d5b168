"""Postings from the registry: 贫困户识别公示 and 拟脱贫户公示 of one village (forms/REFERENCE.md §1).

The provincial template: 序号 | 村民小组 | 户主姓名 | 家庭人口数, printed twice side by side. Nothing
else — no ID number, phone or income.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from db import Database
from db.models import Household
from reports.disclosure import HouseholdPosting, HouseholdPostingRow, PostingTerms, write_household_posting
from reports.pdf_doc import Progress

from . import vocab
# A posting's length is counted in one place, pjdesk.cases.postings (both ends included); posting_end is
# re-exported for the 公示打印 page.
from ..cases.postings import check_period, posting_end  # noqa: F401
from ..errors import RuleViolation, ValidationError
from .queries import RegistryFilter, RegistryRow, filter_rows, load_rows
from .township import find_village
from ..office import Office, office, write_pdf

IDENTIFICATION, EXIT = "identification", "exit"
KINDS = {IDENTIFICATION: "贫困户识别公示", EXIT: "拟脱贫户公示"}


@dataclass(frozen=True)
class RegistryPostingRequest:
    kind: str                            # identification / exit
    village: str
    year: int                            # 识别年度 / 脱贫年度
    start_on: dt.date
    end_on: dt.date | None = None        # default: the configured minimum, both ends counted (posting_end)
    issued_on: dt.date | None = None     # default: the start date


def _identified_in(db: Database, year: int) -> set[int]:
    with db.reader() as s:
        return set(s.scalars(select(Household.id).where(Household.identified_year == year)))


def households(db: Database, kind: str, village: str, year: int) -> list[RegistryRow]:
    """识别: households of the village identified in ``year`` and not closed; 脱贫: those marked
    预脱贫 (in registry order: group, household number)."""
    if kind == IDENTIFICATION:
        ids = _identified_in(db, year)
        rows = [r for r in filter_rows(load_rows(db, ids), RegistryFilter(village=village))
                if r.status != vocab.STATUS_CLOSED]
    elif kind == EXIT:
        rows = filter_rows(load_rows(db), RegistryFilter(village=village, status=vocab.STATUS_PRE_EXIT))
    else:
        raise ValidationError("kind", f"公示类型“{kind}”无效，可选：{'、'.join(KINDS.values())}")
    return rows


def _texts(kind: str, o: Office, village: str, year: int, n: int, persons: int) -> tuple[str, str, list[str]]:
    basis = o["policy_basis_poverty"]
    if kind == IDENTIFICATION:
        return (f"关于{village}{year}年贫困户识别结果的公示", f"识别年度：{year}年", [
            f"{basis}经农户申请、入户调查、村民代表大会民主评议，{village}{year}年拟识别贫困户{n}户{persons}人，"
            "现予以公示。",
            f"公示期满无异议的，报{o.township_issuer}审核、县扶贫开发领导小组审批后纳入建档立卡贫困户管理。",
        ])
    return (f"关于{village}{year}年拟脱贫户的公示", f"脱贫年度：{year}年", [
        f"{basis}经入户核实收入和“两不愁三保障”情况、村民代表大会民主评议，{village}{year}年拟脱贫{n}户{persons}人，"
        "现予以公示。",
        f"公示期满无异议的，报{o.township_issuer}审核、县扶贫开发领导小组审定后公告退出。",
    ])


def registry_posting(db: Database, req: RegistryPostingRequest) -> HouseholdPosting:
    """The posting as plain data (refused with a Chinese message when the list would be empty)."""
    o = office(db)
    with db.reader() as s:
        find_village(s, req.village)
    min_days = o["posting_min_days"]
    end = req.end_on or posting_end(req.start_on, min_days)
    check_period(req.start_on, end, min_days)
    rows = households(db, req.kind, req.village, req.year)
    if not rows:
        what = f"{req.year}年识别的贫困户" if req.kind == IDENTIFICATION else "标记为“预脱贫”的户"
        raise RuleViolation(f"{req.village}没有{what}，无需公示")
    persons = sum(r.size for r in rows)
    title, year_line, paragraphs = _texts(req.kind, o, req.village, req.year, len(rows), persons)
    return HouseholdPosting(
        title=title,
        header_line=f"{o.county}　{o.township}　{req.village}　{year_line}",
        paragraphs=paragraphs,
        rows=[HouseholdPostingRow(f"{r.group}组", r.head_name, r.size) for r in rows],
        terms=PostingTerms(req.start_on, end, o["posting_place"], o.object_to(req.village),
                           o.contacts(req.village), o.village_issuer(req.village), req.issued_on or req.start_on),
    )


def write_registry_posting(db: Database, req: RegistryPostingRequest, out: str | Path,
                           progress: Progress | None = None) -> int:
    """Write the posting PDF; return its page count."""
    return write_pdf(db, "公示名单", lambda: registry_posting(db, req), write_household_posting, out, progress)


def _roster(db: Database, village: str, status: str):
    from .roster import roster_document

    with db.reader() as s:
        find_village(s, village)
    rows = filter_rows(load_rows(db), RegistryFilter(village=village, status=status))
    if not rows:
        raise RuleViolation(f"{village}没有符合条件的户")
    return roster_document(db, rows)


def write_village_roster(db: Database, village: str, out: str | Path, *, status: str = "",
                         progress: Progress | None = None) -> int:
    """The village's 花名册 (IDs masked per 设置) as PDF, laid out by services/roster; returns pages."""
    from reports.pdf_table import write_table_pdf

    return write_pdf(db, "花名册", lambda: _roster(db, village, status), write_table_pdf, out, progress)
