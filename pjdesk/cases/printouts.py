"""Printouts of cases: the disclosure list of a posting batch, approval sheets (one case, a village,
a batch), the rejection letter and the one-household case file — plain report data from the case
services (pjdesk.cases), written by the PDF writers in ``reports``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from db import Database
from db.models import Village
from db.models.cases import Case, PostingBatch, PostingMember, RenovationDetail
from reports.casefile import (
    AcceptanceRecord, AttachmentRecord, CaseFile, CaseFileCover, DecisionRecord, HouseholdSheet, MemberDetail,
    ObjectionRecord, PaymentRecord, PostingRecord, WorkRecord, write_case_file,
)
from reports.approval_sheet import write_approval_sheets
from reports.disclosure import (
    PostingTerms, RelocationDisclosure, RenovationDisclosure, RenovationRow, write_disclosure,
)
from reports.pdf_doc import Progress
from reports.rejection import RejectionLetter, write_rejection_letter

from .attachments import attachment_file
from .postings import PostingBatchInfo, batches
from .queries import CaseFilter, filter_case_rows, load_case_rows
from .attachments import CATEGORIES
from .catalogue import get_kind
from .renovation_rules import MODES, REPAIR
from .stages import ARCHIVE, PASS, POSTING_ENDED, REJECT, REJECTED
from .state import row_id
from .subsidy import rates_on
from ..errors import NotFound, RuleViolation
from .approval import CaseBundle, approval_sheet, kind_title, load_bundle, postings_by_case
from . import relocation_printouts as relocation
from ..office import Office, font_for, office, write_pdf

ROUNDS = {"一榜公示": ("第一榜", "村级评议结果"), "二榜公示": ("第二榜", "乡镇审核结果"), "三榜公示": ("第三榜", "县级审批结果")}
FINAL_ROUND = "三榜公示"
PROCEDURES = {
    "一榜公示": "经农户自愿申请、村民代表大会民主评议，",
    "二榜公示": "经村级评议并公示、乡镇人民政府入户核查审核，",
    "三榜公示": "经村级评议、乡镇审核、县级审批，",
}
RESULTS = {
    "一榜公示": "以上农户经村民代表大会评议通过；公示期满无异议的，报乡镇人民政府审核。",
    "二榜公示": "以上农户经乡镇人民政府审核通过；公示期满无异议的，报县级审批。",
    "三榜公示": "以上农户经县级审批同意，补助金额按核定标准执行；公示期满无异议的，组织实施。",
}
# who speaks for each stage (refusal letters and postings)
_STAGE_LEVEL = {"申请": "village", "村级评议": "village", "一榜公示": "village", "乡镇审核": "township",
                "二榜公示": "township", "县级审批": "county", "三榜公示": "township"}
_LEVEL_WORDS = {"申请": "村民委员会受理审查", "村级评议": "村民委员会（村民代表大会）评议",
                "一榜公示": "一榜公示期间异议核实", "乡镇审核": "乡镇人民政府审核",
                "二榜公示": "二榜公示期间异议核实", "县级审批": "县级审批", "三榜公示": "三榜公示期间异议核实"}
PHOTO_ORDER = {c: i for i, c in enumerate(CATEGORIES)}
MODE_WORDS = {"分散": "分散改造"}


def _issuer(o: Office, stage: str, village: str) -> str:
    level = _STAGE_LEVEL.get(stage, "township")
    return {"village": o.village_issuer(village), "township": o.township_issuer, "county": o.county_issuer}[level]


def _money_lines(lines) -> str:
    home = [l for l in lines if l.to_household]
    other = [l for l in lines if not l.to_household]
    text = f"每户{sum(l.amount for l in home)}元"
    split = [f"{l.department}{l.amount}元" for l in home if l.department]
    if len(split) > 1:
        text += f"（{'，'.join(split)}）"
    if other:
        text += "，另" + "，".join(f"{l.item}{l.amount}元" for l in other) + "不发放到户"
    return text


def subsidy_standard(db: Database, kind: str, on: dt.date) -> list[str]:
    """The standard in force on ``on``, one line per mode and house type (四公开: 补助标准)."""
    out: list[str] = []
    with db.reader() as s:
        for mode in MODES:
            by_type = {ht: rates_on(s, kind, mode, ht, on) for ht in (60, 35)}
            if by_type[60] == by_type[35]:
                if by_type[60]:
                    out.append(f"{MODE_WORDS.get(mode, mode)}{_money_lines(by_type[60])}")
                continue
            out += [f"{MODE_WORDS.get(mode, mode)}{ht}㎡户型{_money_lines(lines)}"
                    for ht, lines in by_type.items() if lines]
    return out


@dataclass(frozen=True)
class BatchSummary:
    id: int
    village: str
    stage: str
    place: str
    start_on: dt.date
    end_on: dt.date
    households: int
    kind: str = "renovation"

    @property
    def kind_label(self) -> str:
        return get_kind(self.kind).label


def batch_list(db: Database, village: str = "", kind: str = "") -> list[BatchSummary]:
    """Every posting batch (of ``kind``, when given), newest first, with its household count (one query;
    for choosing)."""
    q = (select(PostingBatch.id, Village.name, PostingBatch.stage, PostingBatch.place, PostingBatch.start_on,
                PostingBatch.end_on, func.count(PostingMember.id), PostingBatch.kind)
         .join(Village, Village.id == PostingBatch.village_id).outerjoin(PostingMember)
         .group_by(PostingBatch.id).order_by(PostingBatch.start_on.desc(), PostingBatch.id.desc()))
    if village:
        q = q.where(Village.name == village)
    if kind:
        q = q.where(PostingBatch.kind == kind)
    with db.reader() as s:
        return [BatchSummary(*row) for row in s.execute(q)]


def _find_batch(db: Database, batch_id: int) -> PostingBatchInfo:
    n = row_id(batch_id)
    found = batches(db, batch_id=n) if n is not None else []
    if not found:
        raise NotFound(f"公示批次“{batch_id}”不存在")
    return found[0]


def _batch_facts(db: Database, case_ids: list[int]) -> tuple[dict[int, int], dict[int, int | None]]:
    """Per case of a batch: the plan year (申请年度 = year applied) and the approved amount (核定补助)."""
    with db.reader() as s:
        years = {cid: on.year for cid, on in s.execute(select(Case.id, Case.applied_on).where(Case.id.in_(case_ids)))}
        approved = dict(s.execute(select(RenovationDetail.case_id, RenovationDetail.approved_subsidy)
                                  .where(RenovationDetail.case_id.in_(case_ids))).all())
    return years, approved


def batch_disclosure(db: Database, batch_id: int) -> RenovationDisclosure | RelocationDisclosure:
    """The list of one posting batch. Its title year is the cases' plan year (申请年度; a batch of
    several years takes the earliest), so the three postings of one batch read the same year whenever
    they are put up. The 三榜 list shows each case's approved amount (核定补助). A relocation batch
    lists site, area and persons moving (``relocation_printouts``)."""
    b = _find_batch(db, batch_id)
    o = office(db)
    label = kind_title(b.kind, get_kind(b.kind).label)
    round_name, result_name = ROUNDS.get(b.stage, (b.stage, ""))
    years, approved = _batch_facts(db, [c.case_id for c in b.cases])
    final = b.stage == FINAL_ROUND
    terms = PostingTerms(b.start_on, b.end_on, b.place, o.object_to(b.village), o.contacts(b.village),
                         _issuer(o, b.stage, b.village), b.start_on)
    year = min(years.values(), default=b.start_on.year)
    title = f"{o.township}{b.village}{year}年{label}对象{round_name}公示"
    header_line = f"{o.county}　{o.township}　{b.village}　{round_name}（{result_name}）"
    if relocation.is_relocation(b.kind):
        return relocation.relocation_disclosure(db, b, title=title, header_line=header_line,
                                                policy=o["policy_basis_relocation"],
                                                procedure=PROCEDURES.get(b.stage, ""), terms=terms, final=final)

    def amount(c) -> int | None:
        fixed = approved.get(c.case_id) if final else None
        return c.subsidy if fixed is None else fixed

    rows = [RenovationRow(f"{c.group}组", c.head_name, c.household_size,
                          "·".join(x for x in (c.facts.get("mode"), c.facts.get("build_type")) if x)
                          + (f"（{c.facts['house_type']}㎡）" if c.facts.get("house_type")
                             and c.facts.get("build_type") != REPAIR else ""),
                          "无房" if c.facts.get("house_structure") == "无房" else c.facts.get("danger_grade") or "",
                          amount(c)) for c in b.cases]
    return RenovationDisclosure(
        title=title, header_line=header_line,
        policy=o["policy_basis_renovation"], procedure=PROCEDURES.get(b.stage, ""),
        standard=subsidy_standard(db, b.kind, b.start_on), result=RESULTS.get(b.stage, ""), rows=rows,
        terms=terms,
        mode_label="改造方式" if b.kind == "renovation" else "安置方式",
        amount_label="核定补助（元）" if final else "补助标准（元）",
    )


def write_batch_disclosure(db: Database, batch_id: int, out: str | Path, progress: Progress | None = None) -> int:
    return write_pdf(db, "公示名单", lambda: batch_disclosure(db, batch_id), write_disclosure, out, progress)


def case_refs(db: Database, *, village: str | None = None,
              batch: int | None = None) -> tuple[list[int], dict[int, list[PostingBatchInfo]]]:
    """Case ids of a posting batch (in list order) or of a village's cases not refused, with the
    village's posting batches by case (read once for all the sheets)."""
    if batch is not None:
        b = _find_batch(db, batch)
        return [c.case_id for c in b.cases], postings_by_case(db, b.village)
    rows = [r for r in filter_case_rows(load_case_rows(db), CaseFilter(village=village or ""))
            if r.status != REJECTED]
    if not rows:
        raise RuleViolation(f"{village}没有可打印审批表的案件")
    return [r.id for r in sorted(rows, key=lambda r: (r.group, r.case_no))], postings_by_case(db, village)


def write_approval_batch(db: Database, out: str | Path, *, case: str | int | None = None, village: str | None = None,
                         batch: int | None = None, progress: Progress | None = None) -> int:
    """One case's approval sheet, or every sheet of a village or a posting batch, in one PDF."""
    progress = progress or (lambda *_a: None)
    font = font_for(db)
    o = office(db)
    refs, postings = ([case], None) if case is not None else case_refs(db, village=village, batch=batch)
    n = len(refs)
    sheets = []
    for i, ref in enumerate(refs):
        progress(i, 2 * n, f"正在读取案件（{i + 1}/{n}）…")
        bundle = load_bundle(db, ref, postings)
        sheets.append(relocation.with_relocation(approval_sheet(bundle, o), bundle))
    return write_approval_sheets(sheets, out, font, progress=lambda d, t, text: progress(n + d, 2 * n, text))


def rejection_letter(db: Database, case_ref) -> RejectionLetter:
    bundle = load_bundle(db, case_ref, postings={})
    d = bundle.detail
    refusal = next((x for x in reversed(d.decisions) if x.decision == REJECT), None)
    if refusal is None:
        raise RuleViolation(f"案件{d.case_no}没有“不予通过”的决定，无需打印不予通过告知书")
    o = office(db)
    appeal = o.county_issuer if _STAGE_LEVEL.get(refusal.stage) == "county" else o.township_issuer
    return RejectionLetter(
        case_no=d.case_no, head_name=d.head_name, address=f"{o.township}{d.village}{d.group}组",
        subject=kind_title(d.kind, d.kind_label), applied_on=d.applied_on,
        level=_LEVEL_WORDS.get(refusal.stage, refusal.stage), decided_on=refusal.decided_on, reason=refusal.opinion,
        appeal_to=appeal, appeal_days=o["rejection_appeal_days"], contacts=o.contacts(d.village),
        issuer=_issuer(o, refusal.stage, d.village), issued_on=refusal.decided_on)


def write_rejection_pdf(db: Database, case_ref, out: str | Path, progress: Progress | None = None) -> int:
    return write_pdf(db, "告知书", lambda: rejection_letter(db, case_ref), write_rejection_letter, out, progress)


def _file_seq(case_no: str, fallback: int) -> int:
    m = re.search(r"(\d+)$", case_no)
    return int(m.group(1)) if m else fallback


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _household_sheet(b: CaseBundle) -> HouseholdSheet:
    h, d = b.household, b.detail
    members = [MemberDetail(m.name, m.relation, m.sex, m.id_number, m.birth_date, m.education, m.health,
                            m.labour_ability, m.school_status if m.school_status not in ("", "非在校生")
                            else m.work_status) for m in h.current_members]
    return HouseholdSheet(h.household_no, h.village, f"{h.group}组", d.head_name, h.type, h.standard,
                          h.identified_year, h.status, h.main_cause, h.other_causes, h.phone, h.address,
                          h.house_structure, h.house_area, h.danger_grade, h.house_built_year, h.net_income,
                          h.per_capita_net_income, members)


def _attachments(db: Database, b: CaseBundle) -> list[AttachmentRecord]:
    items = sorted(b.detail.attachments, key=lambda a: (PHOTO_ORDER.get(a.category, 99), a.taken_on or dt.date.min,
                                                        a.id))
    out = []
    for a in items:
        data = attachment_file(db, a.id)[1] if a.mime.startswith("image/") else None
        out.append(AttachmentRecord(a.category, a.filename, a.taken_on, a.note, data))
    return out


def _address(o: Office, village: str, group: int, address: str) -> str:
    """The address once: the household's own address when it names the village (虹桥镇大山村3组 →
    平江县虹桥镇大山村3组), else county, township, village and group with the address after them."""
    base = f"{o.county}{o.township}{village}{group}组"
    address = (address or "").strip()
    if not address:
        return base
    if village in address:
        rest = address[address.index(village):]
        return f"{o.county}{o.township}{rest}"
    return f"{base}{address}"


def case_file(db: Database, case_ref, *, today: dt.date | None = None) -> CaseFile:
    today = today or dt.date.today()
    o = office(db)
    b = load_bundle(db, case_ref, today=today)
    d, h, f = b.detail, b.household, b.detail.facts
    archived = next((x for x in reversed(d.decisions) if x.to_stage == ARCHIVE.name and x.decision == PASS), None)
    moving = relocation.is_relocation(d.kind)
    seq = _file_seq(d.case_no, d.id)
    cover = CaseFileCover(
        title=f"{o.county}{kind_title(d.kind, d.kind_label)}档案",
        file_no=relocation.file_no(o, d.applied_on.year, seq) if moving else o.file_no(d.applied_on.year, seq),
        applicant=d.head_name,
        address=_address(o, d.village, d.group, h.address),
        phone=h.phone, case_no=d.case_no, applied_on=d.applied_on, status=d.status, closed_on=d.closed_on,
        office=o.township_issuer, filed_by=archived.entered_by if archived else "",
        filed_on=archived.decided_on if archived else None)
    postings = [PostingRecord(p.stage, p.place, p.start_on, p.end_on, len(p.cases),
                              [ObjectionRecord(x.raised_on, x.raised_by, x.content, x.result, x.verified_by,
                                               x.verified_on, x.note) for x in d.objections if x.batch_id == p.id])
                for p in b.postings]
    return CaseFile(
        cover=cover, household=_household_sheet(b), approval=relocation.with_relocation(approval_sheet(b, o), b),
        decisions=[DecisionRecord(x.decided_on, x.stage, x.decision, x.opinion,
                                  f"{x.reviewer}（{x.reviewer_post}）" if x.reviewer_post else x.reviewer)
                   for x in d.decisions if x.decision != POSTING_ENDED],
        postings=postings,
        works=sorted((WorkRecord(_day(e["date"]), e["event"], e["person"], e["note"]) for e in f.get("construction", [])),
                     key=lambda w: w.date),
        acceptances=[AcceptanceRecord(_day(a["date"]), a["inspectors"], a["result"], a["built_main_area"],
                                      a["built_annex_area"], a["note"]) for a in f.get("acceptance", [])],
        approved_total=d.subsidy if d.subsidy_approved else None,
        payments=[PaymentRecord(_day(p["date"]), p["amount"], p["department"], p["bank_account"], p["voucher_no"],
                                p["note"]) for p in d.disbursements],
        attachments=_attachments(db, b),
        relocation=relocation.records_of(b) if moving else None,
    )


def write_case_file_pdf(db: Database, case_ref, out: str | Path, progress: Progress | None = None) -> int:
    return write_pdf(db, "案卷", lambda: case_file(db, case_ref), write_case_file, out, progress)
