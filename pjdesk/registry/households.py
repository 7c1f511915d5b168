"""Registry commands: create a household, edit it, add / edit / remove members, change the head,
change the status. Each is one transaction; a refusal raises and writes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import Database
from db.models import Household, HouseholdOtherCause, Member, StatusChange, Village

from .. import idcard, pinyin
from ..auth.roles import REVIEWER, require
from . import exit_check, vocab
from ..errors import NotFound, RuleViolation, ValidationError
from .rules import (CLOSED_NO_EDIT, HouseholdInput, MemberInput, check_head_change, check_household,
                    check_member, check_member_in_household, check_member_leaves, check_members_together,
                    check_status_change, check_type_flags, head_change_error, id_taken_error,
                    type_flag_problems)
from ..cases.household_status import refuse_closing_with_open_case
from ..pairing.household_status import end_pairing_on_close
from .queries import get_household
from .township import ensure_group, find_village, get_township

def _household_values(h: HouseholdInput) -> dict:
    """The stored fields of ``h``; phone and bank account with their digits in ASCII (idcard.ascii_digits)."""
    values = {k: getattr(h, k) for k in HOUSEHOLD_FIELDS}
    for k in ("phone", "bank_account"):
        values[k] = idcard.ascii_digits((values[k] or "").strip())
    return values


HOUSEHOLD_FIELDS = (
    "address", "phone", "bank_name", "bank_account", "type", "standard", "identified_year",
    "main_cause", "house_structure", "house_area", "danger_grade", "house_built_year",
    "wage_income", "business_income", "transfer_income", "property_income", "production_cost",
    "planned_exit_year", "policy_guarantee",
)


def _raise_first(errors: list[ValidationError], prefix: str = "") -> None:
    if errors:
        err = errors[0]
        if prefix:
            err = ValidationError(err.field, f"{prefix}{err.message}", row=err.row)
        raise err


def _check_id_free(s: Session, number: str, *, except_member: int | None = None) -> None:
    q = select(Member).where(Member.id_number == number, Member.left_on.is_(None))
    if except_member is not None:
        q = q.where(Member.id != except_member)
    other = s.scalar(q)
    if other is not None:
        raise id_taken_error(number, other.household.household_no, other.name)


def next_household_no(s: Session, village: Village) -> str:
    """Township area code + village code + 4-digit sequence, e.g. 43062601 03 0042."""
    t = get_township(s)
    prefix = f"{t.area_code}{t.id:02d}{village.code or '00'}"
    last = s.scalar(select(func.max(Household.household_no)).where(Household.household_no.like(prefix + "%")))
    seq = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{seq:04d}"


def _new_member(m: MemberInput, today: dt.date, joined: dt.date | None = None) -> Member:
    """A member row from checked input; joins on ``m.joined_on``, else ``joined`` (the 建档 date,
    or the birth date for a child born later), else today."""
    return member_record(m, idcard.parse(m.id_number, today=today), today, joined)


def member_record(m: MemberInput, info: idcard.IdInfo, today: dt.date, joined: dt.date | None = None) -> Member:
    """``_new_member`` given the parsed ID number (the roster import parses each once)."""
    return Member(**member_values(m, info, today, joined))


def member_values(m: MemberInput, info: idcard.IdInfo, today: dt.date, joined: dt.date | None = None) -> dict:
    """The stored fields of a new member (``member_record``'s); the roster import builds its rows from them."""
    joined = m.joined_on or max(joined or today, info.birth_date)
    full, initials = pinyin.name_keys(m.name.strip())
    return dict(
        name=m.name.strip(), name_pinyin=full, name_initials=initials, id_number=info.number,
        relation=m.relation, sex=info.sex, birth_date=info.birth_date, ethnicity=m.ethnicity,
        education=m.education, school_status=m.school_status, health=m.health,
        disability_grade=m.disability_grade, labour_ability=m.labour_ability, work_status=m.work_status,
        is_dibao=m.is_dibao, is_tekun=m.is_tekun, is_left_behind_child=m.is_left_behind_child,
        is_left_behind_elder=m.is_left_behind_elder, has_medical_insurance=m.has_medical_insurance,
        has_pension_insurance=m.has_pension_insurance, joined_on=joined,
        join_reason=m.join_reason or "建档")


def _set_other_causes(h: Household, causes: list[str]) -> None:
    h.other_causes = [HouseholdOtherCause(cause=c, rank=i) for i, c in enumerate([c for c in causes if c], 1)]


def create_household(db: Database, h: HouseholdInput, members: list[MemberInput], *,
                     actor: str = "", today: dt.date | None = None) -> str:
    """Register a household with its members (建档). Returns the household number."""
    today = today or dt.date.today()
    _raise_first(check_household(h, today=today))
    for i, m in enumerate(members):
        _raise_first(check_member(m, today=today), prefix=f"第{i + 1}名成员：")
    _raise_first(check_members_together(members))
    _raise_first(check_type_flags(h.type, members, today=today))       # R1.7: 低保户, 五保户
    with db.transaction() as s:
        village = find_village(s, h.village)
        number = (h.household_no or "").strip() or next_household_no(s, village)
        if s.scalar(select(Household.id).where(Household.household_no == number)):
            raise ValidationError("household_no", f"户编号“{number}”已存在")
        for m in members:
            _check_id_free(s, idcard.normalise(m.id_number))
        hh = Household(household_no=number, village=village, group=ensure_group(s, village, h.group),
                       status=vocab.STATUS_POOR, **_household_values(h))
        _set_other_causes(hh, h.other_causes)
        registered = h.registered_on or today
        hh.members = [_new_member(m, today, registered) for m in members]
        hh.status_changes = [StatusChange(to_status=vocab.STATUS_POOR, changed_on=registered,
                                          reason="建档立卡", recorded_by=actor)]
        s.add(hh)
        _flush(s)
    return number


def update_household(db: Database, household_no: str, h: HouseholdInput, *, today: dt.date | None = None) -> None:
    """Save the 基本信息 / 收入 / 住房 tabs (village and group may change)."""
    _raise_first(check_household(h, today=today))
    with db.transaction() as s:
        hh = get_household(s, household_no)
        if hh.status == vocab.STATUS_CLOSED:
            raise RuleViolation(CLOSED_NO_EDIT)
        _raise_first(check_type_flags(h.type, hh.current_members, today=today))   # R1.7
        village = find_village(s, h.village)
        hh.village = village
        hh.group = ensure_group(s, village, h.group)
        for k, v in _household_values(h).items():
            setattr(hh, k, v)
        _set_other_causes(hh, h.other_causes)


def add_member(db: Database, household_no: str, m: MemberInput, *, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    _raise_first(check_member(m, today=today))
    with db.transaction() as s:
        hh = get_household(s, household_no)
        if hh.status == vocab.STATUS_CLOSED:
            raise RuleViolation("已销户的户不能增加成员")
        if m.relation == vocab.HEAD and hh.head is not None:
            raise ValidationError("relation", f"该户已有户主“{hh.head.name}”，每户只能有一名户主；如需更换请用“变更户主”")
        _check_id_free(s, idcard.normalise(m.id_number))
        _raise_first(check_member_in_household(hh.type, hh.current_members, m, today=today))   # R1.7
        member = _new_member(m, today)
        if m.join_reason == "建档":
            member.join_reason = "其他"
        hh.members.append(member)
        _flush(s)
        return member.id


def update_member(db: Database, member_id: int, m: MemberInput, *, today: dt.date | None = None) -> None:
    """Correct a member's record. The relation 户主 is changed only through ``change_head``."""
    today = today or dt.date.today()
    _raise_first(check_member(m, today=today))
    with db.transaction() as s:
        member = _get_member(s, member_id)
        if (member.relation == vocab.HEAD) != (m.relation == vocab.HEAD):
            raise head_change_error()
        info = idcard.parse(m.id_number, today=today)
        _check_id_free(s, info.number, except_member=member.id)
        if member.left_on is None:      # R1.7: the household's type still fits its members' flags
            others = [x for x in member.household.current_members if x.id != member.id]
            _raise_first(check_member_in_household(member.household.type, others, m, old=member, today=today))
        fresh = _new_member(m, today)
        for k in ("name", "name_pinyin", "name_initials", "id_number", "relation", "sex", "birth_date",
                  "ethnicity", "education", "school_status", "health", "disability_grade",
                  "labour_ability", "work_status", "is_dibao", "is_tekun", "is_left_behind_child",
                  "is_left_behind_elder", "has_medical_insurance", "has_pension_insurance"):
            setattr(member, k, getattr(fresh, k))
        _flush(s)


def member_leaves(db: Database, member_id: int, left_on: dt.date, reason: str, *,
                  today: dt.date | None = None) -> None:
    """Mark a member as left (death, marriage, move …) — kept in the record, never deleted."""
    today = today or dt.date.today()
    _raise_first(check_member_leaves(left_on, reason, today=today))
    with db.transaction() as s:
        member = _get_member(s, member_id)
        if member.left_on is not None:
            raise RuleViolation(f"成员“{member.name}”已于{member.left_on:%Y-%m-%d}减少")
        _raise_first(check_member_leaves(left_on, reason, today=today, joined_on=member.joined_on))
        if member.relation == vocab.HEAD:
            raise RuleViolation("户主不能直接减少，请先用“变更户主”指定新户主")
        others = [x for x in member.household.current_members if x.id != member.id]
        for e in check_member_in_household(member.household.type, others, None, old=member, today=today):  # R1.7
            raise RuleViolation(f"成员“{member.name}”减少后：{e.message}")
        member.left_on = left_on
        member.leave_reason = reason


def change_head(db: Database, household_no: str, new_head_id: int, old_head_relation: str) -> None:
    """Make another current member the head; the old head takes ``old_head_relation``."""
    with db.transaction() as s:
        hh = get_household(s, household_no)
        _raise_first(check_head_change(new_head_id, old_head_relation, hh.current_members))
        new = next(m for m in hh.current_members if m.id == new_head_id)
        old = hh.head
        before = {msg for _k, msg in type_flag_problems(hh.type, hh.current_members)}
        if old is not None:
            old.relation = old_head_relation
            s.flush()  # the partial unique index allows one current head at a time
        new.relation = vocab.HEAD
        # R1.7: the new relations may not break the type (a 五保户's old head recorded as 子/女); a
        # problem the household had before is not this change's doing. Raising rolls the change back.
        _raise_first([ValidationError("relation", msg) for _k, msg in type_flag_problems(hh.type, hh.current_members)
                      if msg not in before])


# 确认脱贫 and 销户 are decisions taken after a review and a posting (R1.4; R1.9 division of duties): a 审核员
# or 管理员 records them; a 录入员 proposes (预脱贫) and records 返贫.
REVIEWED_STATUSES = (vocab.STATUS_EXITED, vocab.STATUS_CLOSED)


def change_status(db: Database, household_no: str, to_status: str, on: dt.date, reason: str, *,
                  actor: str = "", today: dt.date | None = None,
                  checklist: list[exit_check.ChecklistItem] | None = None) -> None:
    """标记预脱贫 / 确认脱贫 / 返贫 / 销户 …: dated, with a reason, kept in the history (R1.2, R1.4).
    预脱贫 and 已脱贫 need the 两不愁三保障 ``checklist`` (R1.5): refused, storing nothing, when it is
    missing, an item is 未达标, a typed 达标 contradicts the facts or the income is below the year's line;
    when it passes it is stored with the change (``exit_check``)."""
    today = today or dt.date.today()
    _raise_first(check_status_change(to_status, on, reason, today=today))
    if to_status in REVIEWED_STATUSES:
        require(db, REVIEWER)
    with db.transaction() as s:
        hh = get_household(s, household_no)
        allowed = vocab.STATUS_TRANSITIONS[hh.status]
        if to_status not in allowed:
            can = "、".join(allowed) or "无"
            raise RuleViolation(f"当前状态为“{hh.status}”，不能变更为“{to_status}”（可变更为：{can}）")
        last = hh.status_changes[-1].changed_on if hh.status_changes else None
        _raise_first(check_status_change(to_status, on, reason, today=today, last_changed_on=last))
        if to_status == vocab.STATUS_CLOSED:
            # What 销户 means for the other areas is called here, so it holds whatever was imported.
            refuse_closing_with_open_case(s, hh)      # a case in progress would lose its owner
        facts = None
        if to_status in (vocab.STATUS_PRE_EXIT, vocab.STATUS_EXITED):
            facts = exit_check.require_passing_checklist(s, hh, to_status, on, checklist)
        change = StatusChange(from_status=hh.status, to_status=to_status, changed_on=on,
                              reason=reason.strip(), recorded_by=actor)
        hh.status_changes.append(change)
        hh.status = to_status
        if facts is not None:
            exit_check.store_exit_check(s, hh, change, facts, checklist, actor=actor)
        if to_status == vocab.STATUS_CLOSED:
            end_pairing_on_close(s, hh, on)           # the helper's pairing ends with the household
            # Struck off: nobody stays registered here, so each member's ID is free for the
            # household they join (and a one-person household's death is recorded this way).
            for m in hh.current_members:
                m.left_on = max(on, m.joined_on)
                m.leave_reason = f"销户：{reason.strip()}"[:40]
        if to_status == vocab.STATUS_PRE_EXIT and hh.planned_exit_year is None:
            hh.planned_exit_year = on.year            # R1.4: marked to exit — this year unless planned otherwise
        if to_status == vocab.STATUS_EXITED:
            hh.exit_year = on.year
        elif to_status == vocab.STATUS_RELAPSED:
            hh.exit_year = None


def _get_member(s: Session, member_id: int) -> Member:
    member = s.get(Member, member_id)
    if member is None:
        raise NotFound(f"成员（编号{member_id}）不存在")
    return member


def _flush(s: Session) -> None:
    """Flush, turning a database constraint failure into a Chinese message."""
    try:
        s.flush()
    except IntegrityError as exc:
        text = str(exc.orig)
        if "member.id_number" in text or "uq_member_current_id_number" in text:
            raise ValidationError("id_number", "身份证号已被另一名在册成员使用") from None
        if "uq_member_current_head" in text or "member.household_id" in text:
            raise ValidationError("relation", "每户只能有一名户主") from None
        if "household_no" in text:
            raise ValidationError("household_no", "户编号已存在") from None
        raise


def id_number_errors(db: Database, raw: str, *, except_member: int | None = None) -> list[ValidationError]:
    """The check the services make when a member is saved — is a complete ID number held by another
    current member? — for a form to show while the clerk types (an incomplete number: nothing yet)."""
    number = idcard.normalise(raw)
    if len(number) != 18:
        return []
    with db.reader() as s:
        try:
            _check_id_free(s, number, except_member=except_member)
        except ValidationError as exc:
            return [exc]
    return []
