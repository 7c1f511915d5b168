"""Approval sheets (审批表) from the case services: one case's facts, the household from the registry,
and the latest decision of each review level (村级评议, 乡镇审核, 县级审批) with the posting that
followed it.

A level that passed a case signs its block once that level's posting is over (一榜 → 村级, 二榜 →
乡镇, 三榜 → 县级): the block prints the posting period and its result and is dated the posting's last
day, or the day its last objection was verified if later. Until then the block carries the recorded
opinion but no signature and a blank date; the decision date itself stays in the case history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from db import Database
from db.models import Household
from db.models.household_records import HouseChange
from reports.approval_sheet import ApprovalSheet, Member, Opinion, SubsidyPart

from .detail import CaseDetail, case_detail
from .postings import PostingBatchInfo, batches
from .renovation_rules import REPAIR
from .stages import PASS, REJECT
from ..registry.queries import HouseholdDetail, household_detail
from ..office import Office

# review stage → the posting that follows it
LEVELS = (("村级评议", "一榜公示"), ("乡镇审核", "二榜公示"), ("县级审批", "三榜公示"))
KIND_TITLES = {"renovation": "农村危房改造", "relocation": "易地扶贫搬迁"}
DECISION_WORDS = ("通过", "退回", REJECT)
NO_HOUSE = "无房"


@dataclass
class CaseBundle:
    """Everything printing reads about one case, loaded once."""

    detail: CaseDetail
    household: HouseholdDetail
    postings: list[PostingBatchInfo]     # the batches the case was on, oldest first
    today: dt.date | None = None         # "now" for whether a posting is over (None: the real today)
    house_then: HouseThen | None = None  # the house as applied for, when a case changed it since


@dataclass(frozen=True)
class HouseThen:
    """The house record before the first change made on or after the application (e.g. the 竣工验收
    of this renovation rewrote it): the approval sheet shows the house the case was about."""

    structure: str
    area: float | None
    built_year: int | None


def house_then(db: Database, household_no: str, applied_on: dt.date) -> HouseThen | None:
    with db.reader() as s:
        row = s.execute(select(HouseChange.old_structure, HouseChange.old_area, HouseChange.old_built_year)
                        .join(Household, Household.id == HouseChange.household_id)
                        .where(Household.household_no == household_no, HouseChange.changed_on >= applied_on)
                        .order_by(HouseChange.changed_on, HouseChange.id).limit(1)).first()
    return HouseThen(*row) if row else None


def kind_title(kind: str, label: str) -> str:
    return KIND_TITLES.get(kind, label)


def postings_by_case(db: Database, village: str) -> dict[int, list[PostingBatchInfo]]:
    out: dict[int, list[PostingBatchInfo]] = {}
    for b in batches(db, village=village):
        for c in b.cases:
            out.setdefault(c.case_id, []).append(b)
    return out


def load_bundle(db: Database, case_ref, postings: dict[int, list[PostingBatchInfo]] | None = None,
                today: dt.date | None = None) -> CaseBundle:
    detail = case_detail(db, case_ref, today=today)
    if postings is None:
        postings = postings_by_case(db, detail.village)
    return CaseBundle(detail, household_detail(db, detail.household_no), postings.get(detail.id, []), today,
                      house_then(db, detail.household_no, detail.applied_on))


def _reviewer(name: str, post: str) -> str:
    return f"{name}（{post}）" if name and post else name or post


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def posting_result(b: PostingBatchInfo, objections: list) -> str:
    """无异议 / 异议2件，经核实不属实 / 异议1件，核实属实1件 / 异议1件，待核实1件 (from the objections)."""
    mine = [o for o in objections if o.batch_id == b.id]
    if not mine:
        return "无异议"
    confirmed = sum(1 for o in mine if o.result == "属实")
    waiting = sum(1 for o in mine if not o.result)
    return f"异议{len(mine)}件" + (f"，核实属实{confirmed}件" if confirmed else "") + \
        (f"，待核实{waiting}件" if waiting else "") + ("，经核实不属实" if not confirmed and not waiting else "")


def posting_note(b: PostingBatchInfo, objections: list, *, running: bool = False) -> str:
    """一榜公示（村务公开栏）：公示期2017年12月18日至2017年12月24日，无异议."""
    result = "公示期未满，期满后签署" if running else posting_result(b, objections)
    return f"{b.stage}（{b.place}）：公示期{_cn_date(b.start_on)}至{_cn_date(b.end_on)}，{result}"


def posting_signed_on(b: PostingBatchInfo, objections: list, today: dt.date) -> dt.date | None:
    """The day a level can sign after its posting: the posting's last day, or the last objection's
    verification if later; None while the posting runs or an objection waits for verification."""
    mine = [o for o in objections if o.batch_id == b.id]
    if today <= b.end_on or any(not o.result for o in mine):
        return None
    return max([b.end_on] + [o.verified_on for o in mine if o.verified_on])


def opinions(bundle: CaseBundle) -> tuple[Opinion, Opinion, Opinion]:
    d = bundle.detail
    today = bundle.today or dt.date.today()
    out = []
    for review, posting in LEVELS:
        last = next((x for x in reversed(d.decisions) if x.stage == review and x.decision in DECISION_WORDS), None)
        if last is None:
            out.append(Opinion())
            continue
        reviewer = _reviewer(last.reviewer, last.reviewer_post)
        if last.decision != PASS:       # 退回 / 不予通过: no posting follows, signed when decided
            out.append(Opinion(last.decision, last.opinion, reviewer, last.decided_on))
            continue
        batch = next((b for b in reversed(bundle.postings) if b.stage == posting and b.start_on >= last.decided_on),
                     None)
        if batch is None:
            out.append(Opinion(last.decision, last.opinion, "", None, f"{posting}：尚未公示"))
            continue
        signed_on = posting_signed_on(batch, d.objections, today)
        out.append(Opinion(last.decision, last.opinion, reviewer if signed_on else "", signed_on,
                           posting_note(batch, d.objections, running=today <= batch.end_on)))
    return out[0], out[1], out[2]


def _members(h: HouseholdDetail) -> list[Member]:
    return [Member(m.name, m.relation, m.sex, m.id_number, m.health, m.labour_ability) for m in h.current_members]


def subsidy_parts(d: CaseDetail) -> list[SubsidyPart]:
    """The approved lines, each with its department. A line approved without one (集中安置 建房补助,
    payable by any department) names the departments that have paid it, if any."""
    named = {l.department for l in d.subsidy_lines if l.department and l.to_household}
    payers = []
    for p in d.disbursements:
        if p.get("department") and p["department"] not in named and p["department"] not in payers:
            payers.append(p["department"])
    return [SubsidyPart(l.item, l.department or "、".join(payers), l.amount, l.to_household) for l in d.subsidy_lines]


def approval_sheet(bundle: CaseBundle, o: Office) -> ApprovalSheet:
    d, h = bundle.detail, bundle.household
    f = d.facts
    head = next((m for m in h.current_members if m.relation == "户主"), None)
    then = bundle.house_then
    area, built = (then.area, then.built_year) if then else (h.house_area, h.house_built_year)
    structure = f.get("house_structure") or (then.structure if then else h.house_structure)
    no_house = structure == NO_HOUSE       # 无房: no area, year, grade or assessment to print
    repair = f.get("build_type") == REPAIR  # 修缮加固: no house type (60/35㎡) applies
    return ApprovalSheet(
        title=f"{o.county}{kind_title(d.kind, d.kind_label)}申请审批表",
        case_no=d.case_no, township=o.township, village=d.village, group=f"{d.group}组",
        head_name=d.head_name, head_sex=head.sex if head else "", head_id_number=h.head_id_number,
        size=d.household_size, household_type=h.type, phone=h.phone, bank_name=h.bank_name,
        bank_account=h.bank_account, members=_members(h),
        house_structure=structure, house_area=None if no_house else area,
        built_year=None if no_house else built,
        danger_grade="" if no_house else f.get("danger_grade") or "",
        assessment_agency="" if no_house else f.get("assessment_agency", ""),
        assessed_on=dt.date.fromisoformat(f["assessed_on"]) if f.get("assessed_on") and not no_house else None,
        mode=f.get("mode", ""), build_type=f.get("build_type", ""),
        house_type=f"{f['house_type']}㎡户型" if f.get("house_type") and not repair else "",
        main_area=f.get("main_area"), annex_area=f.get("annex_area"), homestead_area=f.get("homestead_area"),
        cluster_site=f.get("cluster_site", ""), reason=d.application_note, applied_on=d.applied_on,
        opinions=opinions(bundle),
        subsidy=subsidy_parts(d) if d.subsidy_approved else [],
    )
