"""Pairing helpers with households (结对): assign, bulk assign, reassign, end. Dated, never deleted.

Every function is one user action in one transaction, opened with BEGIN IMMEDIATE so that the
load counted here is still true when the rows are written. The five-household limit (R2.1) is
checked here with a message naming the helper, the load and the limit; the database triggers of
migration 0003_helpers refuse a sixth pairing even if two writers race.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import Database
from db.models import Helper, HelperAssignment, Household

from ..registry import vocab as core_vocab
from ..errors import RuleViolation, ValidationError, raise_first
from ..registry.queries import get_household
from . import vocab
from .limits import active_load, household_limit, is_limit_trigger, limit_refusal, RULE
from .people import find_helper


@dataclass(frozen=True)
class PairingResult:
    helper_id: int
    helper_name: str
    households: tuple[str, ...]   # household numbers paired by this action
    load: int                     # the helper's load afterwards
    limit: int


def household_label(h: Household) -> str:
    head = h.head.name if h.head else "（无户主）"
    return f"“{head}”户（户编号{h.household_no}）"


def check_pairing(helper_ref: str | int | None, on: dt.date, *, today: dt.date | None = None) -> list[ValidationError]:
    """分配 / 更换帮扶责任人: a helper is chosen and the start date is not in the future."""
    today = today or dt.date.today()
    errors: list[ValidationError] = []
    if helper_ref is None or not str(helper_ref).strip():
        errors.append(ValidationError("helper", "请选择帮扶责任人"))
    if on > today:
        errors.append(ValidationError("start_on", f"日期{on:%Y-%m-%d}不能晚于今天"))
    return errors


def check_end_pairing(on: dt.date, reason: str, *, today: dt.date | None = None, start_on: dt.date | None = None,
                      reason_required: bool = False) -> list[ValidationError]:
    """解除结对: the end date is not in the future nor, given the pairing's ``start_on``, before it. The
    dialog asks for the reason (``reason_required``); the command line writes 解除结对 when none is given."""
    today = today or dt.date.today()
    errors: list[ValidationError] = []
    if on > today:
        errors.append(ValidationError("end_on", f"日期{on:%Y-%m-%d}不能晚于今天"))
    elif start_on is not None and on < start_on:
        errors.append(ValidationError("end_on", f"结束日期不能早于结对开始日期{start_on:%Y-%m-%d}"))
    if reason_required and not (reason or "").strip():
        errors.append(ValidationError("reason", "请填写解除结对的原因"))
    return errors


def _check_date(on: dt.date, today: dt.date) -> None:
    if on > today:
        raise ValidationError("start_on", f"日期{on:%Y-%m-%d}不能晚于今天")


def _active(s: Session, household_id: int) -> HelperAssignment | None:
    return s.scalar(select(HelperAssignment).where(
        HelperAssignment.household_id == household_id, HelperAssignment.end_on.is_(None)))


def _last_ended(s: Session, household_id: int) -> HelperAssignment | None:
    """The household's ended pairing with the latest end date (None when it has no history)."""
    return s.scalars(select(HelperAssignment).where(
        HelperAssignment.household_id == household_id, HelperAssignment.end_on.is_not(None)
    ).order_by(HelperAssignment.end_on.desc(), HelperAssignment.id.desc()).limit(1)).first()


def _check_after_history(s: Session, h: Household, on: dt.date) -> None:
    """A new pairing may not start before the household's previous pairing ended: two helpers for
    the same days would make its history overlap. The same day is allowed (更换 ends and starts on it)."""
    last = _last_ended(s, h.id)
    if last is not None and on < last.end_on:
        raise ValidationError(
            "start_on",
            f"{household_label(h)}的结对开始日期{on:%Y-%m-%d}早于上一任帮扶责任人“{last.helper.name}”的"
            f"结对结束日期{last.end_on:%Y-%m-%d}，两段帮扶会重叠；开始日期不能早于{last.end_on:%Y-%m-%d}")


def _check_household_free(s: Session, h: Household) -> None:
    if h.status == core_vocab.STATUS_CLOSED:
        raise RuleViolation(f"{household_label(h)}已销户，不能再结对帮扶")
    current = _active(s, h.id)
    if current is not None:
        raise RuleViolation(f"{household_label(h)}已由“{current.helper.name}”帮扶（自{current.start_on:%Y-%m-%d}起），"
                            "如需更换请用“更换帮扶责任人”")


def _check_helper_usable(helper: Helper) -> None:
    if not helper.active:
        raise RuleViolation(f"帮扶责任人“{helper.name}”已停用，不能再结对")


def _insert(s: Session, rows: list[HelperAssignment], helper: Helper, labels: list[str], limit: int) -> None:
    """Write new pairings; a trigger abort (another writer got there first) becomes the same
    Chinese refusal as the service check."""
    s.add_all(rows)
    try:
        s.flush()
    except IntegrityError as exc:
        if is_limit_trigger(exc):
            s.rollback()
            raise limit_refusal(helper.name, active_load(s, helper.id), limit, labels[-1]) from None
        if "uq_helper_assignment_active_household" in str(exc.orig) or "helper_assignment.household_id" in str(exc.orig):
            raise RuleViolation("该户已有帮扶责任人（可能刚由另一窗口分配），请刷新后重试") from None
        raise


def assign(db: Database, helper_ref: str | int, household_no: str, *, on: dt.date | None = None,
           reason: str = "", actor: str = "", today: dt.date | None = None) -> PairingResult:
    """Pair one household with a helper (refused at the limit, R2.1)."""
    return bulk_assign(db, helper_ref, [household_no], on=on, reason=reason, actor=actor, today=today)


def bulk_assign(db: Database, helper_ref: str | int, household_nos: Iterable[str], *,
                on: dt.date | None = None, reason: str = "", actor: str = "",
                today: dt.date | None = None) -> PairingResult:
    """Pair several households with one helper, all or nothing. If the helper's free places do not
    suffice, the whole action is refused naming the households that would exceed the limit."""
    today = today or dt.date.today()
    on = on or today
    raise_first(check_pairing(helper_ref, on, today=today))
    numbers = list(dict.fromkeys(n.strip() for n in household_nos if n and n.strip()))
    if not numbers:
        raise ValidationError("households", "请至少选择一户")
    with db.transaction() as s:
        helper = find_helper(s, helper_ref)
        _check_helper_usable(helper)
        households = [get_household(s, n) for n in numbers]
        for h in households:
            _check_household_free(s, h)
            _check_after_history(s, h, on)
        limit, load = household_limit(s), active_load(s, helper.id)
        labels = [household_label(h) for h in households]
        free = max(limit - load, 0)
        if len(households) > free:
            if len(households) == 1:
                raise limit_refusal(helper.name, load, limit, labels[0])
            over = "、".join(labels[free:])
            raise RuleViolation(
                f"帮扶责任人“{helper.name}”已帮扶{load}户，上限{limit}户，最多还能分配{free}户，"
                f"本次选了{len(households)}户；{over}将超出上限，本次分配全部未执行", rule=RULE)
        rows = [HelperAssignment(helper_id=helper.id, household_id=h.id, start_on=on,
                                 start_reason=(reason or vocab.START_DEFAULT).strip(), recorded_by=actor)
                for h in households]
        _insert(s, rows, helper, labels, limit)
        return PairingResult(helper.id, helper.name, tuple(numbers), load + len(rows), limit)


def accept_pairs(db: Database, pairs: Iterable[tuple[str, int]], *, on: dt.date | None = None,
                 reason: str = "自动结对", actor: str = "", today: dt.date | None = None) -> int:
    """Write accepted (household number, helper id) pairs — e.g. an edited auto-pair proposal —
    in one transaction. Refused as a whole, naming every helper that would exceed the limit."""
    today = today or dt.date.today()
    on = on or today
    _check_date(on, today)
    pairs = [(n.strip(), int(hid)) for n, hid in pairs]
    if not pairs:
        raise ValidationError("pairs", "没有要保存的结对")
    dupes = [n for n, c in Counter(n for n, _ in pairs).items() if c > 1]
    if dupes:
        raise ValidationError("pairs", f"户编号{'、'.join(dupes)}在结对表中出现了多次")
    with db.transaction() as s:
        limit = household_limit(s)
        by_helper: dict[int, list[Household]] = {}
        helpers: dict[int, Helper] = {}
        for number, hid in pairs:
            h = get_household(s, number)
            _check_household_free(s, h)
            _check_after_history(s, h, on)
            helpers[hid] = helpers.get(hid) or find_helper(s, hid)
            _check_helper_usable(helpers[hid])
            by_helper.setdefault(hid, []).append(h)
        problems = []
        for hid, hhs in by_helper.items():
            load = active_load(s, hid)
            if load + len(hhs) > limit:
                problems.append(f"“{helpers[hid].name}”已帮扶{load}户，再分配{len(hhs)}户将达到{load + len(hhs)}户")
        if problems:
            raise RuleViolation(f"每名帮扶责任人最多帮扶{limit}户：" + "；".join(problems)
                                + "。本次结对全部未保存，请调整后再确认", rule=RULE)
        for hid, hhs in by_helper.items():
            rows = [HelperAssignment(helper_id=hid, household_id=h.id, start_on=on, start_reason=reason,
                                     recorded_by=actor) for h in hhs]
            _insert(s, rows, helpers[hid], [household_label(h) for h in hhs], limit)
        return len(pairs)


def reassign(db: Database, household_no: str, helper_ref: str | int, *, on: dt.date | None = None,
             reason: str = "", actor: str = "", today: dt.date | None = None) -> PairingResult:
    """更换帮扶责任人: end the current pairing on ``on`` and start a new one the same day.
    The old pairing stays in the household's history. Refused as a whole at the limit."""
    today = today or dt.date.today()
    on = on or today
    raise_first(check_pairing(helper_ref, on, today=today))
    with db.transaction() as s:
        h = get_household(s, household_no)
        helper = find_helper(s, helper_ref)
        _check_helper_usable(helper)
        if h.status == core_vocab.STATUS_CLOSED:
            raise RuleViolation(f"{household_label(h)}已销户，不能再结对帮扶")
        current = _active(s, h.id)
        if current is not None:
            if current.helper_id == helper.id:
                raise ValidationError("helper", f"{household_label(h)}现由“{helper.name}”帮扶，无需更换")
            if on < current.start_on:
                raise ValidationError("start_on", f"{household_label(h)}的更换日期{on:%Y-%m-%d}不能早于现结对开始日期"
                                                  f"{current.start_on:%Y-%m-%d}（现由“{current.helper.name}”帮扶）")
        _check_after_history(s, h, on)
        limit, load = household_limit(s), active_load(s, helper.id)
        if load >= limit:
            raise limit_refusal(helper.name, load, limit, household_label(h))
        if current is not None:
            current.end_on = on
            current.end_reason = (reason or f"{vocab.END_REASSIGNED}，改由{helper.name}帮扶").strip()[:60]
            s.flush()
        row = HelperAssignment(helper_id=helper.id, household_id=h.id, start_on=on,
                               start_reason=vocab.END_REASSIGNED if current else vocab.START_DEFAULT,
                               recorded_by=actor)
        _insert(s, [row], helper, [household_label(h)], limit)
        return PairingResult(helper.id, helper.name, (h.household_no,), load + 1, limit)


def unassign(db: Database, household_no: str, *, on: dt.date | None = None, reason: str = "",
             actor: str = "", today: dt.date | None = None) -> str:
    """End the household's current pairing (kept in its history). Returns the helper's name."""
    today = today or dt.date.today()
    on = on or today
    raise_first(check_end_pairing(on, reason, today=today))
    with db.transaction() as s:
        h = get_household(s, household_no)
        current = _active(s, h.id)
        if current is None:
            raise RuleViolation(f"{household_label(h)}目前没有帮扶责任人")
        raise_first(check_end_pairing(on, reason, today=today, start_on=current.start_on))
        current.end_on = on
        current.end_reason = (reason or vocab.END_DEFAULT).strip()[:60]
        return current.helper.name
