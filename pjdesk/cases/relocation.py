"""易地扶贫搬迁 as a case kind (RULES.md R4.1–R4.7): its application and allocation, its stages after
approval (搬迁入住 → 旧房拆除 → 后续扶持 → 归档), what must hold to leave them, and its facts for the
case view. The steps after approval are recorded by ``pjdesk.cases.relocation_steps``.

R4.7: the plan gives no per-household relocation subsidy. The rate table ``relocation_rates`` in settings
({年度: 元/人}) is empty by default and the case then shows “标准未设定”; no amount is invented, and
no subsidy line is fixed at approval (nothing is paid through 资金拨付 for a relocation).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import Database
from db.models import Member
from db.models.cases import Case
from db.models.relocation import RelocationDetail, RelocationEvent, RelocationMover, RelocationSite

from ..auth.roles import REVIEWER, require_in
from .. import settings
from ..errors import RuleViolation
from ..registry.queries import get_household
from .kinds import CaseKind
from .opening import check_household_may_apply, new_case
from .relocation_rules import HouseholdFacts, RelocationApplication, check_application
from .renovation_rules import NO_HOUSE
from .sites import find_site, site_facts
from .stages import ARCHIVE, PASS, REJECTED, Flow, Stage

KIND = "relocation"
MOVE_IN_STAGE = Stage("搬迁入住", "move_in", "work", pass_label="入住")
DEMOLITION_STAGE = Stage("旧房拆除", "demolition", "work", pass_label="拆除验收")
FOLLOW_UP_STAGE = Stage("后续扶持", "follow_up", "work", pass_label="归档")

AGREEMENT, RECLAIM_AGREEMENT = "搬迁协议", "拆旧复垦协议"
MOVE_IN, DEMOLISHED, VERIFIED, FOLLOW_UP = "搬迁入住", "旧房拆除", "拆除验收", "后续扶持"
EVENTS = (AGREEMENT, RECLAIM_AGREEMENT, MOVE_IN, DEMOLISHED, VERIFIED, FOLLOW_UP)
FOLLOW_UP_KINDS = ("就业", "产业", "入学", "其他")      # R4.6
RATE_UNSET = "标准未设定"                              # R4.7
DEMOLISHED_STATE = "已拆除"


def has_old_house(d: RelocationDetail) -> bool:
    return d.old_house_structure != NO_HOUSE


def facts_of(h) -> HouseholdFacts:
    return HouseholdFacts(h.household_no, h.status, h.house_structure or "",
                          tuple(m.id for m in h.members if m.left_on is None))


def moving_elsewhere(s: Session, member_ids, *, except_case: int | None = None) -> dict[int, str]:
    """member id → number of another relocation case (not refused) the member moves with."""
    q = (select(RelocationMover.member_id, Case.case_no).join(Case, Case.id == RelocationMover.case_id)
         .where(RelocationMover.member_id.in_(list(member_ids)), Case.kind == KIND, Case.status != REJECTED))
    if except_case is not None:
        q = q.where(Case.id != except_case)
    return dict(s.execute(q).all())


def check_in(s: Session, a: RelocationApplication, *, today: dt.date):
    """Every refusal of ``a`` against the database's facts (for a dialog); the household must exist."""
    h = get_household(s, a.household_no.strip())
    site = find_site(s, a.site)
    facts = facts_of(h)
    ids = list(a.movers) or list(facts.member_ids)
    return h, site, check_application(
        a, facts, site_facts(s, site) if site else None, today=today,
        area_per_person=settings.get(s, "relocation_area_per_person"), moving_elsewhere=moving_elsewhere(s, ids))


def open_relocation(db: Database, a: RelocationApplication, *, entered_by: str = "",
                    today: dt.date | None = None) -> str:
    """Open a 易地搬迁 case (申请) with its allocation. Refused, with the reason, when the household is not
    eligible (R4.1), not willing (R4.2), has an open renovation case, the site is full (no over-plan
    approval), a member already moves in another case, or the area is above the standard. Returns the
    case number."""
    today = today or dt.date.today()
    with db.transaction() as s:
        return open_relocation_in(s, a, entered_by=entered_by, today=today).case_no


def open_relocation_in(s: Session, a: RelocationApplication, *, entered_by: str, today: dt.date) -> Case:
    h = get_household(s, a.household_no.strip())
    check_household_may_apply(s, KIND_DEF, h)
    h, site, errors = check_in(s, a, today=today)
    if errors:
        raise errors[0]
    case = new_case(s, KIND_DEF, h, applied_on=a.applied_on, note=a.note, opened_by=entered_by)
    over = site_facts(s, site)
    over_plan = over.allocated_households >= over.planned_households
    if over_plan:   # allocating beyond the plan is an approval (R4.4), not data entry
        require_in(s, REVIEWER)
    s.add(RelocationDetail(
        case_id=case.id, site_id=site.id, unit=a.unit.strip(), area=float(a.area),
        old_house_structure=h.house_structure, sole_house=bool(a.sole_house) and h.house_structure != NO_HOUSE,
        willing_signed_on=a.willing_signed_on, willing_signer=a.willing_signer.strip(), companions=a.companions,
        companions_note=(a.companions_note or "").strip(), priority=(a.priority or "").strip(),
        over_plan_reason=a.over_plan_reason.strip() if over_plan else "",
        over_plan_approved_by=a.over_plan_approved_by.strip() if over_plan else "", old_house_state=""))
    for mid in dict.fromkeys(a.movers or facts_of(h).member_ids):
        s.add(RelocationMover(case_id=case.id, member_id=mid))
    s.flush()
    return case


def events_of(s: Session, case_id: int) -> dict[str, list[RelocationEvent]]:
    out: dict[str, list[RelocationEvent]] = {e: [] for e in EVENTS}
    for ev in s.scalars(select(RelocationEvent).where(RelocationEvent.case_id == case_id)
                        .order_by(RelocationEvent.on_date, RelocationEvent.id)):
        out[ev.event].append(ev)
    return out


def _check_leave(s: Session, case: Case, stage: Stage, decision: str, on: dt.date) -> None:
    if decision != PASS:
        return
    d = s.get(RelocationDetail, case.id)
    ev = events_of(s, case.id)
    # a decision dated before a relocation record is refused by the shared date order (state.last_step)
    if stage.name == MOVE_IN_STAGE.name and not ev[MOVE_IN]:
        raise RuleViolation(f"案件{case.case_no}尚未录入搬迁入住（入住日期、钥匙交付），不能进入下一阶段")
    if stage.name == DEMOLITION_STAGE.name and has_old_house(d) and not ev[VERIFIED]:
        raise RuleViolation(f"案件{case.case_no}的旧房（{d.old_house_structure}）尚未拆除并验收，不能进入后续扶持"
                            "（旧房拆除复垦：签订协议、拆除、验收）")
    if stage.name == FOLLOW_UP_STAGE.name and not ev[FOLLOW_UP]:
        raise RuleViolation(f"案件{case.case_no}尚未录入后续扶持记录（就业、产业、子女入学等），不能归档")


def _on_approved(s: Session, case: Case, on: dt.date, lines) -> None:
    d = s.get(RelocationDetail, case.id)
    d.approved_on = on
    if has_old_house(d):
        d.demolition_due_on = on + dt.timedelta(days=settings.get(s, "relocation_demolition_deadline_days"))


def subsidy_text(s: Session, case: Case, persons: int) -> str:
    """The relocation subsidy under the rate table (元/人 by year of application), or 标准未设定 (R4.7)."""
    return rate_text(settings.get(s, "relocation_rates"), case.applied_on.year, persons)


def rate_text(rates: dict, year: int, persons: int) -> str:
    """The subsidy under ``rates`` ({年度: 元/人}) for ``persons`` applying in ``year``, or 标准未设定 (R4.7)."""
    rate = rates.get(str(year))
    if not rate:
        return RATE_UNSET
    return f"{rate}元/人×{persons}人＝{rate * persons}元（{year}年标准）"


def _describe(s: Session, case: Case) -> dict:
    d = s.get(RelocationDetail, case.id)
    ev = events_of(s, case.id)
    movers = list(s.scalars(select(Member).join(RelocationMover, RelocationMover.member_id == Member.id)
                            .where(RelocationMover.case_id == case.id).order_by(Member.id)))
    persons = len(movers) + d.companions
    site = d.site
    return {
        "site_code": site.code, "site": site.name, "site_kind": site.kind, "unit": d.unit, "area": d.area,
        "movers": [{"member_id": m.id, "name": m.name, "relation": m.relation} for m in movers],
        "persons": persons, "companions": d.companions, "companions_note": d.companions_note,
        "old_house_structure": d.old_house_structure, "sole_house": d.sole_house,
        "willing_signed_on": d.willing_signed_on.isoformat(), "willing_signer": d.willing_signer,
        "priority": d.priority, "over_plan_reason": d.over_plan_reason, "over_plan_approved_by": d.over_plan_approved_by,
        "approved_on": _iso(d.approved_on), "demolition_due_on": _iso(d.demolition_due_on),
        "old_house_state": d.old_house_state, "demolition_required": has_old_house(d),
        "subsidy_standard": subsidy_text(s, case, persons),
        "events": [{"event": e.event, "date": e.on_date.isoformat(), "person": e.person, "category": e.category,
                    "note": e.note} for kind in EVENTS for e in ev[kind]],
    }


def _work_actions(s: Session, case: Case, stage: Stage) -> list[str]:
    d = s.get(RelocationDetail, case.id)
    ev = events_of(s, case.id)
    out: list[str] = []
    if stage.kind != "work":
        return out
    if not ev[AGREEMENT]:
        out.append(AGREEMENT)
    if has_old_house(d) and not ev[RECLAIM_AGREEMENT]:
        out.append(RECLAIM_AGREEMENT)
    if stage.name == MOVE_IN_STAGE.name and ev[AGREEMENT]:
        out.append(MOVE_IN)
    if stage.name == DEMOLITION_STAGE.name and has_old_house(d) and ev[RECLAIM_AGREEMENT]:
        out.append(VERIFIED if ev[DEMOLISHED] else DEMOLISHED)
    if stage.name in (DEMOLITION_STAGE.name, FOLLOW_UP_STAGE.name):
        out.append(FOLLOW_UP)
    return out


def _list_facts(s: Session, ids: list[int]) -> dict[int, dict]:
    rows = s.execute(select(RelocationDetail.case_id, RelocationSite.name, RelocationDetail.unit,
                            RelocationDetail.area, RelocationDetail.old_house_structure)
                     .join(RelocationSite, RelocationSite.id == RelocationDetail.site_id)
                     .where(RelocationDetail.case_id.in_(ids)))
    return {cid: {"site": site, "unit": unit, "area": area, "old_house_structure": old}
            for cid, site, unit, area, old in rows}


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


KIND_DEF = CaseKind(
    key=KIND, label="易地搬迁", number_prefix="搬迁",
    flow=Flow((MOVE_IN_STAGE, DEMOLITION_STAGE, FOLLOW_UP_STAGE, ARCHIVE)),
    conflicts=("renovation", "relocation"),
    check_leave=_check_leave, on_approved=_on_approved, describe=_describe,
    work_actions=_work_actions, list_facts=_list_facts,
)

__all__ = ["KIND_DEF", "open_relocation", "open_relocation_in", "RelocationApplication"]
