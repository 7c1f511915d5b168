"""The registry's printouts.

- Postings: 贫困户识别公示 and 拟脱贫户公示 of one village (forms/REFERENCE.md §1), the provincial
  template: 序号 | 村民小组 | 户主姓名 | 家庭人口数, printed twice side by side. Nothing else — no ID
  number, phone or income.
- The household roster (花名册) of the current filter, as PDF or .xlsx. The PDF may be handed to a
  village board, so ID numbers are masked (settings id_mask_head/tail) and no phone or bank account
  is printed. The workbook is for the office and the county: full ID numbers, as text cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from sqlalchemy import select

from db import Database
from db.models import Household
from reports.disclosure import HouseholdPosting, HouseholdPostingRow, PostingTerms, write_household_posting
from reports.pdf_doc import Progress
from reports.pdf_table import Column, TableDocument, write_table_pdf
from reports.xlsx import Sheet, SheetColumn, write_workbook

from .. import idcard, settings
from . import exit_check, survey, vocab
# A posting's length is counted in one place, pjdesk.cases.postings (both ends included); posting_end is
# re-exported for the 公示打印 page.
from ..cases.postings import check_period, posting_end  # noqa: F401
from ..errors import RuleViolation, ValidationError
from .queries import RegistryFilter, RegistryRow, filter_rows, load_rows
from .township import find_village, township_info
from ..office import Office, font_for, office, write_pdf

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


def _exit_candidates(db: Database, village: str, year: int) -> tuple[list[RegistryRow], list[RegistryRow]]:
    """(listed, left out) of the 拟脱贫户公示: households marked 预脱贫 and planned to exit in ``year``
    (计划脱贫年度; one with none counts as left out); listed when their latest 两不愁三保障 check passed
    and the record still holds today (R1.5)."""
    pre_exit = filter_rows(load_rows(db), RegistryFilter(village=village, status=vocab.STATUS_PRE_EXIT))
    rows = [r for r in pre_exit if r.planned_exit_year == year]
    unplanned = [r for r in pre_exit if r.planned_exit_year is None]
    with db.reader() as s:
        ok = exit_check.postable_households(s, [r.id for r in rows], dt.date.today())
    return [r for r in rows if r.id in ok], [r for r in rows if r.id not in ok] + unplanned


def _exit_rows(db: Database, village: str, year: int) -> list[RegistryRow]:
    return _exit_candidates(db, village, year)[0]


def exit_left_out_note(db: Database, req: RegistryPostingRequest) -> str:
    """What the preview / CLI may say of 预脱贫 households of that year the 拟脱贫户公示 leaves out for want
    of a passed exit check, e.g. “2户尚无通过的两不愁三保障核查记录，未列入公示名单”; "" when none."""
    if req.kind != EXIT:
        return ""
    left_out = _exit_candidates(db, req.village, req.year)[1]
    return (f"{len(left_out)}户尚无通过的两不愁三保障核查记录、核查后台账已不符合或未填写计划脱贫年度，"
            "未列入公示名单") if left_out else ""


def households(db: Database, kind: str, village: str, year: int) -> list[RegistryRow]:
    """识别: households of the village identified in ``year`` and not closed; 脱贫: those marked
    预脱贫 with ``year`` as their planned exit year and a passed exit check (in registry order: group,
    household number)."""
    if kind == IDENTIFICATION:
        ids = _identified_in(db, year)
        rows = [r for r in filter_rows(load_rows(db, ids), RegistryFilter(village=village))
                if r.status != vocab.STATUS_CLOSED]
    elif kind == EXIT:
        rows = _exit_rows(db, village, year)
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
    rows, left_out = _surveyed_only(db, req, rows)
    if not rows and left_out:
        raise RuleViolation(_left_out_words(req, len(left_out), every=True))
    if not rows:
        what = (f"{req.year}年识别的贫困户" if req.kind == IDENTIFICATION
                else f"计划{req.year}年脱贫、标记为“预脱贫”且两不愁三保障核查通过的户")
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


# ---------------------------------------------------------------- identification: surveyed households only (R1.3)

def _surveyed_only(db: Database, req: RegistryPostingRequest,
                   rows: list[RegistryRow]) -> tuple[list[RegistryRow], list[RegistryRow]]:
    """(listed, left out): while 设置 survey_required_for_posting is on (the default), the identification
    posting lists only households with a 六看一听 survey dated on or before the posting's start (R1.3:
    the visit comes before the posting). Other postings are not affected."""
    if req.kind != IDENTIFICATION or not rows:
        return rows, []
    with db.reader() as s:
        if not settings.get(s, "survey_required_for_posting"):
            return rows, []
        done = survey.surveyed_by(s, [r.id for r in rows], req.start_on)
    return [r for r in rows if r.id in done], [r for r in rows if r.id not in done]


def _left_out_words(req: RegistryPostingRequest, n: int, *, every: bool = False) -> str:
    when = f"（走访日期须不晚于公示开始日{req.start_on:%Y-%m-%d}）"
    if every:
        return (f"{req.village}{req.year}年识别的{n}户均尚无六看一听走访记录{when}，无法公示。"
                "请先在户信息的“走访（六看一听）”页登记走访记录")
    return f"{n}户尚无六看一听走访记录{when}，未列入公示名单"


def left_out_note(db: Database, req: RegistryPostingRequest) -> str:
    """What the print preview and the CLI say about households a posting leaves out: for want of a survey
    (identification, e.g. “3户尚无六看一听走访记录（…），未列入公示名单”) or of a passed exit check (exit,
    ``exit_left_out_note``); "" when none is left out."""
    if req.kind == EXIT:
        return exit_left_out_note(db, req)
    if req.kind != IDENTIFICATION:
        return ""
    _, left_out = _surveyed_only(db, req, households(db, req.kind, req.village, req.year))
    return _left_out_words(req, len(left_out)) if left_out else ""


def write_registry_posting(db: Database, req: RegistryPostingRequest, out: str | Path,
                           progress: Progress | None = None) -> int:
    """Write the posting PDF; return its page count."""
    return write_pdf(db, "公示名单", lambda: registry_posting(db, req), write_household_posting, out, progress)


def _roster(db: Database, village: str, status: str):
    with db.reader() as s:
        find_village(s, village)
    rows = filter_rows(load_rows(db), RegistryFilter(village=village, status=status))
    if not rows:
        raise RuleViolation(f"{village}没有符合条件的户")
    return village_roster_document(db, rows)


def write_village_roster(db: Database, village: str, out: str | Path, *, status: str = "",
                         progress: Progress | None = None) -> int:
    """The village's 花名册 (IDs masked per 设置) as PDF, laid out by ``village_roster_document``; returns pages."""
    return write_pdf(db, "花名册", lambda: _roster(db, village, status), write_table_pdf, out, progress)


# ---------------------------------------------------------------- the roster (花名册)

def _title(db: Database, villages: set[str]) -> tuple[str, str]:
    """(title, county + township): the village is named when the roster holds one village."""
    info = township_info(db)
    where = f"{info.county}{info.name}" if info else ""
    village = next(iter(villages)) if len(villages) == 1 else ""
    return f"{where}{village}建档立卡贫困户花名册", where


# A planned exit year means nothing once the household has exited or been struck off: shown blank then.
_NO_PLAN = (vocab.STATUS_EXITED, vocab.STATUS_CLOSED)


def planned_exit_year(r: RegistryRow) -> int | None:
    """计划脱贫年度 as the roster shows it: only for households not yet exited (已脱贫 / 已销户 blank)."""
    return None if r.status in _NO_PLAN else r.planned_exit_year


def village_roster_document(db: Database, rows: Sequence[RegistryRow], *, today: dt.date | None = None) -> TableDocument:
    today = today or dt.date.today()
    with db.reader() as s:
        head, tail = settings.get(s, "id_mask_head"), settings.get(s, "id_mask_tail")
    title, where = _title(db, {r.village for r in rows})
    villages = sorted({r.village for r in rows})
    return TableDocument(
        title=title,
        subtitle_lines=[f"{where}　{'、'.join(villages) if len(villages) <= 3 else f'{len(villages)}个村'}　"
                        f"共 {len(rows)} 户 {sum(r.size for r in rows)} 人　制表日期：{today:%Y年%m月%d日}"],
        columns=[Column("序号", .5, "center"), Column("村", 1), Column("组", .5, "center"), Column("户主", 1),
                 Column("身份证号", 2), Column("人口", .5, "center"), Column("户类型", 1.2),
                 Column("主要致贫原因", 1.2), Column("状态", .8, "center"), Column("帮扶责任人", 1),
                 Column("计划脱贫", .8, "center")],
        rows=[[str(i), r.village, f"{r.group}", r.head_name, idcard.mask(r.head_id_number, head, tail),
               str(r.size), r.type, r.main_cause, r.status, r.helper_name, str(planned_exit_year(r) or "")]
              for i, r in enumerate(rows, 1)],
        signature_lines=["制表人：________　　审核人：________", f"{today:%Y年%m月%d日}"],
        landscape=True)


def roster_sheet(db: Database, rows: Sequence[RegistryRow], *, today: dt.date | None = None) -> Sheet:
    today = today or dt.date.today()
    title, _ = _title(db, {r.village for r in rows})
    return Sheet(
        title="花名册",
        header_lines=[title, f"共 {len(rows)} 户 {sum(r.size for r in rows)} 人　导出日期：{today:%Y-%m-%d}"],
        columns=[SheetColumn("序号", 6, "int"), SheetColumn("户编号", 18), SheetColumn("村", 10),
                 SheetColumn("组", 5, "int"), SheetColumn("户主", 10), SheetColumn("身份证号", 21),
                 SheetColumn("人口", 6, "int"), SheetColumn("户类型", 12), SheetColumn("主要致贫原因", 14),
                 SheetColumn("其他致贫原因", 18), SheetColumn("状态", 8), SheetColumn("帮扶责任人", 10),
                 SheetColumn("计划脱贫年度", 12, "int"), SheetColumn("脱贫年度", 10, "int"),
                 SheetColumn("联系电话", 14)],
        rows=[[i, r.household_no, r.village, r.group, r.head_name, r.head_id_number, r.size, r.type,
               r.main_cause, "、".join(r.other_causes), r.status, r.helper_name, planned_exit_year(r),
               r.exit_year, r.phone] for i, r in enumerate(rows, 1)])


def write_roster(db: Database, rows: Sequence[RegistryRow], out: str | Path, kind: str,
                 progress: Progress | None = None) -> Path:
    """Write the roster of ``rows`` to ``out`` (kind "pdf" or "xlsx"); returns the path."""
    progress = progress or (lambda *_a: None)
    progress(0, 2, "正在整理花名册…")
    if kind == "pdf":
        font = font_for(db)
        doc = village_roster_document(db, rows)
        progress(1, 2, "正在生成 PDF…")
        write_table_pdf(doc, out, font)
    elif kind == "xlsx":
        sheet = roster_sheet(db, rows)
        progress(1, 2, "正在写入 Excel…")
        write_workbook([sheet], out)
    else:
        raise ValueError(kind)
    progress(2, 2, "完成")
    return Path(out)
