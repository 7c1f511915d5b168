"""The preview of an import: every household and member of the file checked with the registry's own rules
(``pjdesk.registry.rules``: check_household, check_member, check_members_together, check_type_flags, the
ID held by another member, 已销户, 变更户主) and compared with the registry — new, changed or unchanged —
with every problem named by sheet, row, column, value and reason. Nothing is written here.

What an import does not do, and says so as a 提示: change a household's status or exit year (预脱贫 and
脱贫 need the 两不愁三保障 check, in the household's record), or strike off a member the registry holds and
the file does not list. A blank cell never erases what the registry holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from .. import idcard
from ..errors import ValidationError
from ..registry import vocab
from ..registry.households import HOUSEHOLD_FIELDS
from ..registry.rules import (CLOSED_NO_EDIT, HouseholdInput, MemberInput, check_household, check_member,
                              check_members_together, check_status_value, check_type_flags, head_change_error,
                              id_taken_error)
from ..registry.township import unknown_village_error
from .columns import BY_KEY
from .parse import ERROR, NOTE, HouseholdDraft, Parsed, Problem, RosterRow
from .snapshot import Snapshot

NEW, CHANGED, UNCHANGED = "新增", "变更", "无变化"
CLOSED_WITH_MEMBERS = ("新户不能以“已销户”导入并登记其成员（成员会留在该户，其身份证号无法再加入其他户）："
                       "请先以原状态导入，再在户信息中办理销户，或删去该户的成员行")
_H_INPUT = {f.name for f in dataclasses.fields(HouseholdInput)}
_M_INPUT = {f.name for f in dataclasses.fields(MemberInput)}
# Member fields an import may change on a recorded member (the ID number is the match; sex and birth
# date follow from it; the join date and reason are the registry's history).
MEMBER_UPDATES = ("name", "relation", "ethnicity", "education", "school_status", "health", "disability_grade",
                  "labour_ability", "work_status", "is_dibao", "is_tekun", "is_left_behind_child",
                  "is_left_behind_elder", "has_medical_insurance", "has_pension_insurance")
HOUSEHOLD_UPDATES = ("village", "group") + HOUSEHOLD_FIELDS + ("other_causes",)


@dataclass
class MemberPlan:
    action: str
    input: MemberInput
    info: idcard.IdInfo | None
    member_id: int | None
    changed: tuple[str, ...]
    row: RosterRow


@dataclass
class HouseholdPlan:
    household_no: str
    action: str
    input: HouseholdInput
    status: str
    exit_year: int | None
    changed: tuple[str, ...]
    members: list[MemberPlan]
    household_id: int | None


@dataclass(frozen=True)
class Change:
    household_no: str
    who: str          # the member's name, "" for the household itself
    what: str         # the field's Chinese name, or 新增成员
    old: str
    new: str


@dataclass
class Plan:
    parsed: Parsed
    snapshot: Snapshot
    today: dt.date
    problems: list[Problem]
    households: list[HouseholdPlan]
    changes: list[Change] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == ERROR)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def count(self, what: str, action: str) -> int:
        if what == "households":
            return sum(1 for h in self.households if h.action == action)
        return sum(1 for h in self.households for m in h.members if m.action == action)

    @property
    def writes(self) -> bool:
        return any(h.action != UNCHANGED for h in self.households)

    def summary(self) -> str:
        c = self.count
        return (f"户：新增{c('households', NEW)}户，变更{c('households', CHANGED)}户，无变化{c('households', UNCHANGED)}户；"
                f"人：新增{c('members', NEW)}人，变更{c('members', CHANGED)}人，无变化{c('members', UNCHANGED)}人")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 0.005
    return a == b


def make_plan(parsed: Parsed, snap: Snapshot, *, today: dt.date | None = None) -> Plan:
    today = today or dt.date.today()
    plan = Plan(parsed, snap, today, list(parsed.problems), [])
    holders: dict[str, tuple[str, str]] = {}     # ID number → (户编号, name) of its first row in the file
    for draft in parsed.households.values():
        plan.households.append(_Household(plan, draft, holders).check())
    return plan


class _Household:
    """One household of the file checked and compared (a class only to share its many names)."""

    def __init__(self, plan: Plan, draft: HouseholdDraft, holders: dict):
        self.plan, self.draft, self.holders = plan, draft, holders
        self.no = draft.household_no
        self.snap, self.today = plan.snapshot, plan.today
        self.stored = self.snap.households.get(self.no)
        self.errors_before = plan.errors

    def problem(self, key: str, reason: str, *, level: str = ERROR, row: RosterRow | None = None, value=None) -> None:
        row = row or self.draft.source.get(key) or self.draft.rows[0]
        if level == ERROR and key in row.failed:
            return                       # the cell could not be read: said once already
        shown = _text(row.values.get(key)) if value is None else _text(value)
        self.plan.problems.append(Problem(level, row.sheet, row.number, row.label(key) if key else "", shown,
                                          reason, self.no))

    def check(self) -> HouseholdPlan:
        vals, snap = self.draft.values, self.snap
        if "township" in vals and vals["township"] != snap.township:
            self.problem("township", f"乡镇“{vals['township']}”不是本数据库的乡镇“{snap.township}”（一个数据库只管理一个乡镇）")
        if "county" in vals and vals["county"] not in (snap.county, snap.county.removesuffix("县")):
            self.problem("county", f"县“{vals['county']}”不是本数据库的县“{snap.county}”")
        h = self._household_input()
        if h.village and h.village not in snap.villages:
            self.problem("village", unknown_village_error(h.village).message)
        for e in check_household(h, today=self.today):
            if e.field != "registered_on":
                self.problem(e.field, e.message)
        status, exit_year = self._status()
        changed = self._household_changes(h)
        members = self._members()
        self._together(h, status, members)
        action = NEW if self.stored is None else (
            CHANGED if changed or any(m.action != UNCHANGED for m in members) else UNCHANGED)
        if self.stored is not None and self.stored["status"] == vocab.STATUS_CLOSED and action == CHANGED:
            self.problem((changed or ("relation",))[0], CLOSED_NO_EDIT)
        if self.stored is None:
            joined = [m.input.joined_on for m in members if m.input.joined_on and m.input.join_reason == "建档"]
            h.registered_on = min(joined) if joined else self.today
        return HouseholdPlan(self.no, action, h, status, exit_year, changed, members,
                             self.stored["id"] if self.stored else None)

    def _household_input(self) -> HouseholdInput:
        if self.stored is not None:
            base = {k: v for k, v in self.stored.items() if k in _H_INPUT}
            base["other_causes"] = list(self.stored["other_causes"])
        else:
            base = dict(village="", group=0, type="", main_cause="", identified_year=0)
        base.update({k: v for k, v in self.draft.values.items() if k in _H_INPUT})
        base["household_no"] = self.no
        return HouseholdInput(**base)

    def _status(self) -> tuple[str, int | None]:
        vals = self.draft.values
        if self.stored is None:
            status = vals.get("status", vocab.STATUS_POOR)
            for e in check_status_value(status):
                self.problem("status", e.message)
            return status, vals.get("exit_year")
        status, exit_year = self.stored["status"], self.stored["exit_year"]
        if "status" in vals and vals["status"] != status:
            self.problem("status", f"贫困户状态与台账不同（台账为“{status}”），未导入：状态变更请在户信息中办理"
                                   "（预脱贫、脱贫须经两不愁三保障核查）", level=NOTE)
        if "exit_year" in vals and vals["exit_year"] != exit_year:
            self.problem("exit_year", f"脱贫年度与台账不同（台账为“{_text(exit_year)}”），未导入：脱贫年度随“确认脱贫”记录",
                         level=NOTE)
        return status, exit_year

    def _household_changes(self, h: HouseholdInput) -> tuple[str, ...]:
        if self.stored is None:
            return ()
        out = []
        for key in HOUSEHOLD_UPDATES:
            old, new = self.stored[key], getattr(h, key)
            if not _same(old, new):
                out.append(key)
                self.plan.changes.append(Change(self.no, "", BY_KEY[key].label if key in BY_KEY else key,
                                                _text(old), _text(new)))
        return tuple(out)

    def _members(self) -> list[MemberPlan]:
        out = []
        for md in self.draft.members:
            plan = self._member(md.row)
            if plan is not None:
                out.append(plan)
        return out

    def _member(self, row: RosterRow) -> MemberPlan | None:
        v = row.values
        number = v.get("id_number", "")
        if number in self.holders:
            other_no, other_name = self.holders[number]
            self.problem("id_number", id_taken_error(number, other_no, other_name).message, row=row)
            return None
        stored = self.snap.members.get(number) if number else None
        if number:
            self.holders[number] = (self.no, v.get("name", ""))
        if stored is not None and stored["household_no"] != self.no:
            self.problem("id_number", id_taken_error(number, stored["household_no"], stored["name"]).message, row=row)
            return None
        gone = self.snap.former.get(number) if number and stored is None else None
        if gone is not None:
            self.problem("id_number", left_error(gone, self.no), row=row)
            return None
        base = {k: val for k, val in stored.items() if k in _M_INPUT} if stored else dict(name="", id_number="", relation="")
        base.update({k: val for k, val in v.items() if k in _M_INPUT})
        m = MemberInput(**base)
        # the flags' age rule holds on the day they were recorded: the member's 加入日期 (file, else registry)
        errors = check_member(m, today=self.today, flags_on=m.joined_on if m.joined_on and m.joined_on <= self.today else None)
        for e in errors:
            self.problem(e.field, e.message, row=row)
        if stored is None:
            info = None
            if not any(e.field == "id_number" for e in errors):
                info = idcard.parse(m.id_number, today=self.today)
                m.id_number = info.number
            return MemberPlan(NEW, m, info, None, (), row)
        if (stored["relation"] == vocab.HEAD) != (m.relation == vocab.HEAD):
            self.problem("relation", head_change_error().message, row=row)
        changed = tuple(k for k in MEMBER_UPDATES if not _same(stored[k], getattr(m, k)))
        for k in changed:
            self.plan.changes.append(Change(self.no, m.name, BY_KEY[k].label, _text(stored[k]), _text(getattr(m, k))))
        return MemberPlan(CHANGED if changed else UNCHANGED, m, None, stored["id"], changed, row)

    def _together(self, h: HouseholdInput, status: str, members: list[MemberPlan]) -> None:
        """The rules across a household's members — one head (R1.7: the type against the members' flags) —
        over the file's members and those the registry holds that the file leaves out."""
        in_file = {m.input.id_number for m in members}
        kept = [self.snap.members[n] for n in self.snap.members_of.get(self.no, ()) if n not in in_file]
        for d in kept:
            self.problem("name", f"台账中该户的成员“{d['name']}”不在花名册中，未作减少处理（如已减少，请在户信息中办理）",
                         level=NOTE, value="")
        combined = [m.input for m in members] + [
            MemberInput(**{k: val for k, val in d.items() if k in _M_INPUT}) for d in kept]
        if status == vocab.STATUS_CLOSED:
            if self.stored is None and combined:
                # the registry's 销户 strikes every member off; arriving so, they would stay registered
                # here and their ID numbers could join no other household
                self.problem("status", CLOSED_WITH_MEMBERS)
            if not combined:
                return                     # struck off: nobody is registered in it any more
        # the rules across members hold whatever the status (a 已销户 household keeps its last head)
        for e in check_members_together(combined):
            if e.field == "id_number":
                continue                   # a repeated ID number was refused above, naming both rows
            row = members[e.row].row if e.row is not None and e.row < len(members) else None
            self.problem("relation", f"户编号{self.no}：{e.message}", row=row, value="" if row is None else None)
        for e in check_type_flags(h.type, combined, today=self.today):
            self.problem("type", e.message)
        head = next((m for m in combined if m.relation == vocab.HEAD), None)
        named = self.draft.values.get("head_name")
        if named and head is not None and head.name != named:
            self.problem("head_name", f"户主姓名与户主本人的姓名“{head.name}”不一致（以成员行为准）", level=NOTE)


def left_error(gone: dict, household_no: str) -> str:
    """A roster row of a person who has left a household (member_leaves, 销户) and is registered nowhere:
    never added again as a new member without a look at why they left."""
    where = "本户" if gone["household_no"] == household_no else f"户编号{gone['household_no']}"
    reason = f"（{gone['leave_reason']}）" if gone["leave_reason"] else ""
    return (f"该身份证号的成员“{gone['name']}”已于{gone['left_on']:%Y-%m-%d}离开{where}{reason}，未导入："
            "请先核实（如确已重新加入，请在户信息中添加成员）")


def refusal(plan: Plan) -> ValidationError:
    """The refusal of an import whose preview has errors: how many, and that nothing was written."""
    return ValidationError("file", f"花名册有{plan.errors}个问题须先更正，未导入任何数据")
