"""危房改造 as a case kind: its application (RULES.md R3.1–R3.5), its stages after approval
(实施 → 竣工验收 → 资金拨付 → 归档), what must hold to leave them, and its subsidy (R3.7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import Database
from db.models.cases import (
    Case, CompletionAcceptance, ConstructionEvent, Disbursement, RenovationDetail, RenovationExclusion,
)

from .. import settings
from ..errors import RuleViolation
from ..registry.queries import get_household
from .kinds import CaseKind
from .opening import check_household_may_apply, new_case
from .renovation_rules import (
    EXCLUSIONS, NO_HOUSE, REPAIR, HouseholdFacts, RenovationApplication, check_application, demolition_required,
    house_standard,
)
from .stages import ARCHIVE, ARCHIVED, OPEN, PASS, Flow, Stage
from .subsidy import household_total, other_total, rates_on

KIND = "renovation"
IMPLEMENT = Stage("实施", "construction", "work", pass_label="竣工")
ACCEPTANCE = Stage("竣工验收", "acceptance", "work", back_to="实施", pass_label="验收合格", action="accept")
PAYMENT = Stage("资金拨付", "payment", "work", pass_label="归档")

START, INSPECT, DEMOLITION_AGREEMENT, DEMOLISHED = "开工", "施工检查", "拆旧协议", "拆旧完成"
EVENTS = (START, INSPECT, DEMOLITION_AGREEMENT, DEMOLISHED)


def facts_of(h) -> HouseholdFacts:
    return HouseholdFacts(h.household_no, h.status, h.size, h.house_structure, h.danger_grade or "")


def open_renovation(db: Database, a: RenovationApplication, *, entered_by: str = "",
                    today: dt.date | None = None) -> str:
    """Open a 危房改造 case (申请). Refused, with the reason, when the household is not eligible.
    Returns the case number."""
    today = today or dt.date.today()
    with db.transaction() as s:
        return open_renovation_in(s, a, entered_by=entered_by, today=today).case_no


ACCEPTED = "合格"


def earlier_subsidy(s: Session, household_id: int) -> tuple[Case, str] | None:
    """The household's renovation case that already carries the subsidy — archived, or passed 竣工验收
    (合格) — and how (已归档 / 竣工验收合格). Rejected (不予通过) cases and cases still before a passed
    acceptance do not count."""
    accepted = select(CompletionAcceptance.case_id).where(CompletionAcceptance.result == ACCEPTED)
    case = s.scalar(select(Case).where(Case.household_id == household_id, Case.kind == KIND,
                                       (Case.status == ARCHIVED) | (Case.id.in_(accepted) & (Case.status == OPEN)))
                    .order_by(Case.id))
    if case is None:
        return None
    return case, ("已归档" if case.status == ARCHIVED else "已竣工验收合格")


def check_one_subsidy(s: Session, h) -> None:
    """One renovation subsidy per household (issue 10; R3.2 一户一宅): refused, naming the earlier case."""
    found = earlier_subsidy(s, h.id)
    if found is not None:
        case, how = found
        raise RuleViolation(f"户编号{h.household_no}已有危房改造案件{case.case_no}（{how}，{case.applied_on:%Y年}申请），"
                            "危房改造补助每户只享受一次，不能再次申请", rule="R3.2")


def assessment_months(s: Session) -> int:
    return settings.get(s, "assessment_max_age_months")


def open_renovation_in(s: Session, a: RenovationApplication, *, entered_by: str, today: dt.date) -> Case:
    h = get_household(s, a.household_no.strip())
    check_one_subsidy(s, h)
    check_household_may_apply(s, KIND_DEF, h)
    errors = check_application(a, facts_of(h), today=today, max_assessment_months=assessment_months(s))
    if errors:
        raise errors[0]
    case = new_case(s, KIND_DEF, h, applied_on=a.applied_on, note=a.note, opened_by=entered_by)
    no_house = h.house_structure == NO_HOUSE
    # a repair builds no new house: the 60/35㎡ house type does not apply (stored 0, printed as nothing)
    house_type = 0 if a.build_type == REPAIR else house_standard(h.size).house_type
    s.add(RenovationDetail(
        case_id=case.id, mode=a.mode, build_type=a.build_type, house_type=house_type,
        # nor do its areas: a repair stores none (a typed value is dropped, not printed)
        main_area=None if a.build_type == REPAIR else a.main_area,
        annex_area=None if a.build_type == REPAIR else a.annex_area,
        homestead_area=None if a.build_type == REPAIR else a.homestead_area,
        cluster_site=(a.cluster_site or "").strip() if a.mode == "集中安置" else "",
        cluster_site_households=a.cluster_site_households if a.mode == "集中安置" else None,
        house_structure=h.house_structure, danger_grade="" if no_house else a.danger_grade.strip().upper(),
        assessment_agency="" if no_house else a.assessment_agency.strip(),
        assessed_on=None if no_house else a.assessed_on))
    s.flush()
    for code, _ in EXCLUSIONS:
        ans = a.exclusions[code]
        s.add(RenovationExclusion(case_id=case.id, code=code, holds=bool(ans.holds), note=ans.note.strip()))
    s.flush()
    return case


def events_of(s: Session, case_id: int) -> dict[str, list[ConstructionEvent]]:
    out: dict[str, list[ConstructionEvent]] = {e: [] for e in EVENTS}
    for ev in s.scalars(select(ConstructionEvent).where(ConstructionEvent.case_id == case_id)
                        .order_by(ConstructionEvent.on_date, ConstructionEvent.id)):
        out[ev.event].append(ev)
    return out


def paid_total(s: Session, case_id: int) -> int:
    return s.scalar(select(func.coalesce(func.sum(Disbursement.amount), 0))
                    .where(Disbursement.case_id == case_id))


def _check_leave(s: Session, case: Case, stage: Stage, decision: str, on: dt.date) -> None:
    if decision != PASS:
        return
    d = s.get(RenovationDetail, case.id)
    ev = events_of(s, case.id)
    if stage.name == IMPLEMENT.name:
        if not ev[START]:
            raise RuleViolation(f"案件{case.case_no}尚未录入开工日期，不能登记竣工")
    elif stage.name == PAYMENT.name:
        paid = paid_total(s, case.id)
        if paid != d.approved_subsidy:
            raise RuleViolation(f"补助资金尚未拨付完毕（核定{d.approved_subsidy}元，已拨付{paid}元，"
                                f"未拨付{d.approved_subsidy - paid}元），不能归档")
        if demolition_required(d.build_type, d.house_structure) and not ev[DEMOLISHED]:
            raise RuleViolation(f"{d.build_type}须拆除旧房，尚未录入拆旧完成日期，不能归档")


def _subsidy(s: Session, case: Case, on: dt.date):
    d = s.get(RenovationDetail, case.id)
    return rates_on(s, KIND, d.mode, d.house_type, on)


def _on_approved(s: Session, case: Case, on: dt.date, lines) -> None:
    d = s.get(RenovationDetail, case.id)
    if not lines:
        raise RuleViolation(f"{on:%Y-%m-%d}没有适用于“{d.mode}、{d.house_type}㎡户型”的补助标准，请先在补助标准中设置")
    d.approved_subsidy = household_total(lines)
    d.approved_infrastructure = other_total(lines)
    d.approved_on = on


def _describe(s: Session, case: Case) -> dict:
    d = s.get(RenovationDetail, case.id)
    ev = events_of(s, case.id)
    acceptances = s.scalars(select(CompletionAcceptance).where(CompletionAcceptance.case_id == case.id)
                            .order_by(CompletionAcceptance.id))
    return {
        "mode": d.mode, "build_type": d.build_type, "house_type": d.house_type,
        "main_area": d.main_area, "annex_area": d.annex_area, "homestead_area": d.homestead_area,
        "cluster_site": d.cluster_site, "cluster_site_households": d.cluster_site_households,
        "house_structure": d.house_structure, "danger_grade": d.danger_grade,
        "assessment_agency": d.assessment_agency, "assessed_on": _iso(d.assessed_on),
        "demolition_required": demolition_required(d.build_type, d.house_structure),
        "exclusions": [{"code": x.code, "condition": dict(EXCLUSIONS)[x.code], "holds": x.holds, "note": x.note}
                       for x in d.exclusions],
        "construction": [{"event": e.event, "date": e.on_date.isoformat(), "person": e.person, "note": e.note}
                         for kind in EVENTS for e in ev[kind]],
        "acceptance": [{"date": a.accepted_on.isoformat(), "inspectors": a.inspectors, "result": a.result,
                        "built_main_area": a.built_main_area, "built_annex_area": a.built_annex_area,
                        "note": a.note} for a in acceptances],
    }


def _work_actions(s: Session, case: Case, stage: Stage) -> list[str]:
    d = s.get(RenovationDetail, case.id)
    ev = events_of(s, case.id)
    out: list[str] = []
    demolish = demolition_required(d.build_type, d.house_structure)
    if demolish and not ev[DEMOLITION_AGREEMENT] and stage.name in (IMPLEMENT.name, ACCEPTANCE.name, PAYMENT.name):
        out.append(DEMOLITION_AGREEMENT)
    if stage.name == IMPLEMENT.name and not ev[START]:
        out.append(START)
    elif stage.name in (IMPLEMENT.name, ACCEPTANCE.name, PAYMENT.name) and ev[START]:
        out.append(INSPECT)          # a paper inspection report may be entered late, dated before acceptance
    if demolish and ev[DEMOLITION_AGREEMENT] and not ev[DEMOLISHED] and stage.name != ARCHIVE.name:
        out.append(DEMOLISHED)
    return out


def _list_facts(s: Session, ids: list[int]) -> dict[int, dict]:
    rows = s.execute(select(RenovationDetail.case_id, RenovationDetail.mode, RenovationDetail.build_type,
                            RenovationDetail.house_type, RenovationDetail.danger_grade,
                            RenovationDetail.house_structure).where(RenovationDetail.case_id.in_(ids)))
    return {cid: {"mode": mode, "build_type": build, "house_type": house_type,
                  "danger_grade": grade or ("无房" if structure == NO_HOUSE else "")}
            for cid, mode, build, house_type, grade, structure in rows}


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


KIND_DEF = CaseKind(
    key=KIND, label="危房改造", number_prefix="危改",
    flow=Flow((IMPLEMENT, ACCEPTANCE, PAYMENT, ARCHIVE)),
    conflicts=("renovation", "relocation"),
    check_leave=_check_leave, subsidy=_subsidy, on_approved=_on_approved, describe=_describe,
    work_actions=_work_actions, list_facts=_list_facts,
)

__all__ = ["KIND_DEF", "open_renovation", "open_renovation_in", "REPAIR", "earlier_subsidy", "check_one_subsidy"]
