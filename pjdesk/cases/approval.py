"""Approval sheets (审批表) from the case services: one case's facts, the household from the registry,
and the latest decision of each review level (村级评议, 乡镇审核, 县级审批) with the posting that
followed it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from db import Database
from reports.approval_sheet import ApprovalSheet, Member, Opinion, SubsidyPart

from .detail import CaseDetail, case_detail
from .postings import PostingBatchInfo, batches
from .stages import REJECT
from ..registry.queries import HouseholdDetail, household_detail
from ..office import Office

# review stage → the posting that follows it
LEVELS = (("村级评议", "一榜公示"), ("乡镇审核", "二榜公示"), ("县级审批", "三榜公示"))
KIND_TITLES = {"renovation": "农村危房改造", "relocation": "易地扶贫搬迁"}
DECISION_WORDS = ("通过", "退回", REJECT)


@dataclass
class CaseBundle:
    """Everything printing reads about one case, loaded once."""

    detail: CaseDetail
    household: HouseholdDetail
    postings: list[PostingBatchInfo]     # the batches the case was on, oldest first


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
    return CaseBundle(detail, household_detail(db, detail.household_no), postings.get(detail.id, []))


def _reviewer(name: str, post: str) -> str:
    return f"{name}（{post}）" if name and post else name or post


def posting_note(b: PostingBatchInfo, objections: list) -> str:
    mine = [o for o in objections if o.batch_id == b.id]
    if not mine:
        result = "无异议"
    else:
        confirmed = sum(1 for o in mine if o.result == "属实")
        waiting = sum(1 for o in mine if not o.result)
        result = f"异议{len(mine)}件" + (f"，核实属实{confirmed}件" if confirmed else "") + \
            (f"，待核实{waiting}件" if waiting else "") + ("，经核实不属实" if not confirmed and not waiting else "")
    return f"{b.stage}：{b.start_on.year}年{b.start_on.month}月{b.start_on.day}日至{b.end_on.month}月{b.end_on.day}日，" \
           f"{b.place}，{result}"


def opinions(bundle: CaseBundle) -> tuple[Opinion, Opinion, Opinion]:
    d = bundle.detail
    out = []
    for review, posting in LEVELS:
        last = next((x for x in reversed(d.decisions) if x.stage == review and x.decision in DECISION_WORDS), None)
        if last is None:
            out.append(Opinion())
            continue
        batch = next((b for b in reversed(bundle.postings) if b.stage == posting and b.start_on >= last.decided_on),
                     None)
        out.append(Opinion(last.decision, last.opinion, _reviewer(last.reviewer, last.reviewer_post), last.decided_on,
                           posting_note(batch, d.objections) if batch and last.decision == "通过" else ""))
    return out[0], out[1], out[2]


def _members(h: HouseholdDetail) -> list[Member]:
    return [Member(m.name, m.relation, m.sex, m.id_number, m.health, m.labour_ability) for m in h.current_members]


def approval_sheet(bundle: CaseBundle, o: Office) -> ApprovalSheet:
    d, h = bundle.detail, bundle.household
    f = d.facts
    head = next((m for m in h.current_members if m.relation == "户主"), None)
    grade = f.get("danger_grade") or ("无房" if f.get("house_structure") == "无房" else "")
    return ApprovalSheet(
        title=f"{o.county}{kind_title(d.kind, d.kind_label)}申请审批表",
        case_no=d.case_no, township=o.township, village=d.village, group=f"{d.group}组",
        head_name=d.head_name, head_sex=head.sex if head else "", head_id_number=h.head_id_number,
        size=d.household_size, household_type=h.type, phone=h.phone, bank_name=h.bank_name,
        bank_account=h.bank_account, members=_members(h),
        house_structure=f.get("house_structure") or h.house_structure, house_area=h.house_area,
        built_year=h.house_built_year, danger_grade=grade, assessment_agency=f.get("assessment_agency", ""),
        assessed_on=dt.date.fromisoformat(f["assessed_on"]) if f.get("assessed_on") else None,
        mode=f.get("mode", ""), build_type=f.get("build_type", ""),
        house_type=f"{f['house_type']}㎡户型" if f.get("house_type") else "",
        main_area=f.get("main_area"), annex_area=f.get("annex_area"), homestead_area=f.get("homestead_area"),
        cluster_site=f.get("cluster_site", ""), reason=d.application_note, applied_on=d.applied_on,
        opinions=opinions(bundle),
        subsidy=[SubsidyPart(l.item, l.department, l.amount, l.to_household) for l in d.subsidy_lines]
        if d.subsidy_approved else [],
    )
