"""Printouts of 易地扶贫搬迁 (issue 11): the report data of the relocation disclosure list, the relocation
part of the approval sheet and of the one-household file, the yearly ledger (台帐, RULES.md R4.2), the
site occupancy list and the agreement summary — plain dataclasses for the writers of ``reports``.

The shared printouts (``pjdesk.cases.printouts``: disclosure, approval sheet, case file) call in here for a
relocation case, so ``pjdesk print disclosure / approval / casefile`` work unchanged for it.

R4.7: the plan sets no relocation subsidy per household. With the rate table (``relocation_rates``) empty
every printout says 标准未设定 — no figure is invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from db import Database
from db.models.cases import Case
from db.models.relocation import RelocationDetail, RelocationEvent, RelocationMover, RelocationSite
from reports.approval_sheet import ApprovalSheet, RelocationPlan
from reports.casefile_data import RelocationEventRecord, RelocationRecords
from reports.disclosure import PostingTerms, RelocationDisclosure, RelocationRow
from reports.pdf_doc import Progress
from reports.relocation_agreement import AgreementSummary, write_agreement_summary
from reports.relocation_ledger import LedgerCase, LedgerCount, RelocationLedger, write_relocation_ledger
from reports.site_occupancy import SiteLine, SiteOccupancy, write_site_occupancy

from .. import settings
from ..errors import RuleViolation, ValidationError
from ..office import Office, office, write_pdf
from .approval import CaseBundle, load_bundle
from .postings import PostingBatchInfo
from .queries import load_case_rows
from .relocation import AGREEMENT, KIND, MOVE_IN, RATE_UNSET, RECLAIM_AGREEMENT, VERIFIED
from .relocation_queries import ledger
from .sites import site_rows
from .stages import ARCHIVED, REJECTED

RATE_UNSET_NOTE = "规划未规定易地扶贫搬迁户均补助标准"
RESULTS = {
    "一榜公示": "以上农户经村民代表大会评议通过；公示期满无异议的，报乡镇人民政府审核。",
    "二榜公示": "以上农户经乡镇人民政府审核通过；公示期满无异议的，报县级审批。",
    "三榜公示": "以上农户经县级审批同意易地扶贫搬迁；公示期满无异议的，签订搬迁协议和旧房拆除复垦协议，组织搬迁入住。",
}
FILE_NO_WORD = ("危改", "搬迁")     # the case-file number reads 虹桥镇搬迁字〔2017〕1号 for a relocation
MOVES = (MOVE_IN, "旧房拆除", VERIFIED)
LEDGER_YEARS = (2014, 2035)


def is_relocation(kind: str) -> bool:
    return kind == KIND


def prepared_by(db: Database, o: Office) -> str:
    """填表人: the user logged in (issue 14), else the clerk named in 设置."""
    user = getattr(db, "user", None)
    return getattr(user, "display_name", "") or o["clerk_name"]


def file_no(o: Office, year: int, seq: int) -> str:
    """The 一户一册 number of a relocation file: the office's format with 危改 said as 搬迁."""
    return o.file_no(year, seq).replace(*FILE_NO_WORD)


# ---- the disclosure list of a posting batch

def _rates(db: Database) -> dict[str, int]:
    with db.reader() as s:
        return settings.get(s, "relocation_rates")


def standard_text(rates: dict[str, int], years: list[int]) -> str:
    """四公开: the standard of the batch's plan years — 标准未设定 when the table has none (R4.7)."""
    known = [(y, rates[str(y)]) for y in sorted(set(years)) if rates.get(str(y))]
    if not known:
        return f"{RATE_UNSET}（{RATE_UNSET_NOTE}）"
    return "；".join(f"{y}年每人{r}元" for y, r in known)


def relocation_disclosure(db: Database, b: PostingBatchInfo, *, title: str, header_line: str, policy: str,
                          procedure: str, terms: PostingTerms, final: bool) -> RelocationDisclosure:
    """The relocation list of one posting batch: site, area and persons moving for each household; the
    三榜 list's 核定补助 is the rate × persons, or 标准未设定 when no rate is set. No ID, phone or account."""
    ids = [c.case_id for c in b.cases]
    with db.reader() as s:
        persons = _persons(s, ids)
        facts = {cid: (site, kind, area, old, on.year) for cid, site, kind, area, old, on in s.execute(
            select(RelocationDetail.case_id, RelocationSite.name, RelocationSite.kind, RelocationDetail.area,
                   RelocationDetail.old_house_structure, Case.applied_on)
            .join(RelocationSite, RelocationSite.id == RelocationDetail.site_id)
            .join(Case, Case.id == RelocationDetail.case_id).where(RelocationDetail.case_id.in_(ids)))}
        rates = settings.get(s, "relocation_rates")
    rows = []
    for c in b.cases:
        site, kind, area, old, year = facts[c.case_id]
        n = persons.get(c.case_id, 0)
        rate = rates.get(str(year))
        rows.append(RelocationRow(f"{c.group}组", c.head_name, c.household_size, n, old, f"{site}（{kind}）", area,
                                  str(rate * n) if rate else RATE_UNSET))
    return RelocationDisclosure(
        title=title, header_line=header_line, policy=policy, procedure=procedure,
        standard=standard_text(rates, [f[4] for f in facts.values()]), result=RESULTS.get(b.stage, ""), rows=rows,
        terms=terms, amount_label="核定补助（元）" if final else "补助标准（元）")


def _persons(s, ids: list[int]) -> dict[int, int]:
    """case id → persons moving (members + 同步搬迁), as the site occupancy and the ledger count them."""
    movers = dict(s.execute(select(RelocationMover.case_id, func.count()).where(RelocationMover.case_id.in_(ids))
                            .group_by(RelocationMover.case_id)).all())
    return {cid: movers.get(cid, 0) + (companions or 0) for cid, companions in s.execute(
        select(RelocationDetail.case_id, RelocationDetail.companions).where(RelocationDetail.case_id.in_(ids)))}


# ---- the approval sheet and the case file

def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def plan_of(facts: dict) -> RelocationPlan:
    """The relocation plan of a case from its facts (``case_detail(...).facts`` of a relocation case)."""
    return RelocationPlan(
        site=facts["site"], site_kind=facts["site_kind"], unit=facts["unit"], area=facts["area"],
        persons=facts["persons"], movers=tuple(m["name"] for m in facts["movers"]), companions=facts["companions"],
        companions_note=facts["companions_note"], sole_house=facts["sole_house"],
        willing_signed_on=_day(facts["willing_signed_on"]), willing_signer=facts["willing_signer"],
        priority=facts["priority"], demolition_due_on=_day(facts["demolition_due_on"]),
        subsidy_standard=facts["subsidy_standard"])


def with_relocation(sheet: ApprovalSheet, bundle: CaseBundle) -> ApprovalSheet:
    """A relocation case's sheet: its plan instead of the renovation application, and the old house as it
    was when the household applied (move-in rewrote the household's house record)."""
    if not is_relocation(bundle.detail.kind):
        return sheet
    f = bundle.detail.facts
    return dataclasses.replace(sheet, relocation=plan_of(f), house_structure=f["old_house_structure"], mode="",
                               build_type="", house_type="", danger_grade="", assessment_agency="", assessed_on=None)


def _events(facts: dict) -> list[RelocationEventRecord]:
    return [RelocationEventRecord(_day(e["date"]), e["event"], e["person"], e["category"], e["note"])
            for e in sorted(facts["events"], key=lambda e: e["date"])]


def records_of(bundle: CaseBundle) -> RelocationRecords:
    """The relocation parts of the one-household file."""
    f = bundle.detail.facts
    return RelocationRecords(events=_events(f), approved_on=_day(f["approved_on"]),
                             demolition_due_on=_day(f["demolition_due_on"]), old_house_state=f["old_house_state"],
                             subsidy_standard=f["subsidy_standard"])


# ---- the agreement summary

def agreement_summary(db: Database, case_ref) -> AgreementSummary:
    b = load_bundle(db, case_ref, postings={})
    d = b.detail
    if not is_relocation(d.kind):
        raise RuleViolation(f"案件{d.case_no}不是易地扶贫搬迁案件，没有搬迁协议")
    o = office(db)
    f = d.facts
    events = _events(f)
    first = lambda name: next((e for e in events if e.event == name), None)  # noqa: E731
    return AgreementSummary(
        title=f"{o.county}易地扶贫搬迁协议摘要", case_no=d.case_no, party_a=o.township_issuer, head_name=d.head_name,
        address=f"{o.township}{d.village}{d.group}组", household_size=d.household_size, plan=plan_of(f),
        old_house=f["old_house_structure"], approved_on=_day(f["approved_on"]),
        area_per_person=o["relocation_area_per_person"], relocation_agreement=first(AGREEMENT),
        reclaim_agreement=first(RECLAIM_AGREEMENT), moves=[e for e in events if e.event in MOVES],
        old_house_state=f["old_house_state"])


def write_agreement_pdf(db: Database, case_ref, out: str | Path, progress: Progress | None = None) -> int:
    return write_pdf(db, "搬迁协议摘要", lambda: agreement_summary(db, case_ref), write_agreement_summary, out,
                     progress)


# ---- the yearly ledger

def check_year(year) -> int | None:
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int) or not LEDGER_YEARS[0] <= year <= LEDGER_YEARS[1]:
        raise ValidationError("year", f"台帐年度须为{LEDGER_YEARS[0]}至{LEDGER_YEARS[1]}年")
    return year


def _ledger_cases(db: Database, year: int | None, today: dt.date) -> list[LedgerCase]:
    rows = [r for r in load_case_rows(db, today=today)
            if r.kind == KIND and (year is None or r.applied_on.year == year)]
    ids = [r.id for r in rows]
    with db.reader() as s:
        persons = _persons(s, ids)
        detail = {cid: rest for cid, *rest in s.execute(
            select(RelocationDetail.case_id, RelocationSite.name, RelocationDetail.unit, RelocationDetail.area,
                   RelocationDetail.old_house_structure, RelocationDetail.willing_signed_on)
            .join(RelocationSite, RelocationSite.id == RelocationDetail.site_id)
            .where(RelocationDetail.case_id.in_(ids)))}
        events = {(cid, ev): on for cid, ev, on in s.execute(
            select(RelocationEvent.case_id, RelocationEvent.event, func.min(RelocationEvent.on_date))
            .where(RelocationEvent.case_id.in_(ids), RelocationEvent.event.in_((MOVE_IN, VERIFIED)))
            .group_by(RelocationEvent.case_id, RelocationEvent.event))}
    out = []
    for r in sorted(rows, key=lambda r: (r.applied_on.year, r.village_order, r.village, r.group, r.case_no)):
        site, unit, area, old, willing = detail[r.id]
        stage = "不予通过" if r.status == REJECTED else "已归档" if r.status == ARCHIVED else r.stage
        out.append(LedgerCase(r.applied_on.year, r.village, f"{r.group}组", r.head_name, r.case_no,
                              persons.get(r.id, 0), old, site, unit, area, willing, stage,
                              events.get((r.id, MOVE_IN)), events.get((r.id, VERIFIED))))
    return out


def ledger_report(db: Database, year: int | None = None, *, today: dt.date | None = None) -> RelocationLedger:
    """台帐 of ``year`` (the plan year = the year applied; None: every year): the counts of
    ``relocation_queries.ledger`` per village, then one line per case."""
    year = check_year(year)
    today = today or dt.date.today()
    o = office(db)
    counts = [LedgerCount(**dataclasses.asdict(r)) for r in ledger(db, year)]
    if not counts:
        raise RuleViolation(f"{year}年没有易地扶贫搬迁案件，无台帐可打印" if year else "没有易地扶贫搬迁案件，无台帐可打印")
    label = f"{year}年" if year else f"{counts[0].year}—{counts[-1].year}年"
    return RelocationLedger(title=f"{o.county}{o.township}{label}易地扶贫搬迁台帐", as_of=today, counts=counts,
                            cases=_ledger_cases(db, year, today), issuer=o.township_issuer, prepared_by=prepared_by(db, o))


def write_ledger_pdf(db: Database, out: str | Path, *, year: int | None = None,
                     progress: Progress | None = None) -> int:
    return write_pdf(db, "搬迁台帐", lambda: ledger_report(db, year), write_relocation_ledger, out, progress)


# ---- the site occupancy list

def _types(r) -> str:
    if r.follows_house_standard:
        return "60/35（危改户型标准）"
    types = r.house_types
    steps = {b - a for a, b in zip(types, types[1:])}
    if len(types) >= 4 and len(steps) == 1:     # 25, 50 … 150: said as a range (no number cut by a line break)
        return f"{types[0]:g}至{types[-1]:g}（每档{steps.pop():g}）"
    return "、".join(f"{t:g}" for t in types) or "—"   # 、 lets a long list wrap between areas


def occupancy_report(db: Database, *, today: dt.date | None = None) -> SiteOccupancy:
    """Every site of the township and the county seat, with occupancy exactly as ``sites.site_rows``."""
    today = today or dt.date.today()
    o = office(db)
    rows = site_rows(db, township=o.township)
    if not rows:
        raise RuleViolation("尚未登记安置点，无入住情况可打印")
    return SiteOccupancy(
        title=f"{o.county}{o.township}易地扶贫搬迁安置点入住情况表", as_of=today,
        sites=[SiteLine(r.code, r.name, r.kind, r.place, r.year, r.phase, r.status, r.delivered_on, _types(r),
                        r.planned_households, r.planned_persons, r.allocated_households, r.allocated_persons,
                        r.moved_in_households, r.moved_in_persons) for r in rows],
        issuer=o.township_issuer, prepared_by=prepared_by(db, o))


def write_site_occupancy_pdf(db: Database, out: str | Path, progress: Progress | None = None) -> int:
    return write_pdf(db, "安置点入住情况表", lambda: occupancy_report(db), write_site_occupancy, out, progress)
