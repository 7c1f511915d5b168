"""What the cases say about a household's status:

- a household with a case still in progress cannot be struck off (销户): the case would be left without an
  owner. The clerk first finishes it or records 不予通过 with the reason;
- the exit check (RULES.md R1.5, 住房安全有保障) asks whether a housing case of the household — a renovation,
  or a relocation — has passed 竣工验收 (an acceptance 合格, or the case archived), and whether one is still
  in progress (the house was assessed as dangerous and is not yet rebuilt or repaired)."""

from __future__ import annotations

from sqlalchemy import exists, select

from db.models.cases import Case, CompletionAcceptance
from db.models.household_records import HouseChange
from db.models.relocation import RelocationEvent

from ..errors import RuleViolation
from .kinds import KIND_LABELS
from .stages import ARCHIVED, OPEN

HOUSING_KINDS = ("renovation", "relocation")
ACCEPTED = "合格"
MOVED_IN = "搬迁入住"      # a relocation's 搬迁入住 counts as its acceptance (pjdesk.cases.relocation)


def _accepted(on=None):
    """Ids of the housing cases past their acceptance (by ``on``): a 合格 竣工验收, or a 搬迁入住."""
    renovated = select(CompletionAcceptance.case_id).where(CompletionAcceptance.result == ACCEPTED)
    moved = select(RelocationEvent.case_id).where(RelocationEvent.event == MOVED_IN)
    if on is not None:
        renovated = renovated.where(CompletionAcceptance.accepted_on <= on)
        moved = moved.where(RelocationEvent.on_date <= on)
    return renovated.union(moved)


def refuse_closing_with_open_case(s, household) -> None:
    """Called by the registry's 销户 inside its transaction; raises while a case is open."""
    case = s.scalar(select(Case).where(Case.household_id == household.id, Case.status == OPEN).order_by(Case.id))
    if case is not None:
        raise RuleViolation(
            f"该户有办理中的{KIND_LABELS.get(case.kind, case.kind)}案件{case.case_no}（当前阶段：{case.stage}），"
            "不能销户；请先办结该案件，或作出“不予通过”决定并写明理由")


def accepted_housing_case(s, household_id: int, on=None) -> str:
    """The number of the household's latest renovation / relocation case that passed 竣工验收 (a 合格
    acceptance, a relocation's 搬迁入住, or archived) — by the date ``on`` when given —, or "" when none has. Called by the
    registry's exit check in its transaction."""
    accepted = _accepted(on)
    archived = Case.status == ARCHIVED
    if on is not None:
        archived = archived & (Case.closed_on <= on)
    # An acceptance that wrote the house record (a ``HouseChange``) is already in the house the exit check
    # reads, so it excuses nothing: a house recorded C/D after it was downgraded later. Only an older
    # acceptance that never wrote the record (before schema 0005) vouches for the house itself.
    wrote_house = exists().where(HouseChange.case_id == Case.id)
    return s.scalar(
        select(Case.case_no)
        .where(Case.household_id == household_id, Case.kind.in_(HOUSING_KINDS), archived | Case.id.in_(accepted),
               ~wrote_house)
        .order_by(Case.id.desc()).limit(1)) or ""


def open_housing_case(s, household_id: int, on) -> str:
    """The number of a renovation / relocation case of the household applied for by ``on`` and, on that
    day, neither closed nor past a 合格 acceptance — "" when none. While it runs the house is one the case
    found dangerous, so 住房安全有保障 cannot be 达标."""
    accepted = _accepted(on)
    still_open = (Case.status == OPEN) | (Case.closed_on > on)
    return s.scalar(
        select(Case.case_no)
        .where(Case.household_id == household_id, Case.kind.in_(HOUSING_KINDS), Case.applied_on <= on,
               still_open, Case.id.not_in(accepted))
        .order_by(Case.id.desc()).limit(1)) or ""
