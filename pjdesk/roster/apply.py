"""The import itself: the preview's households and members written in one transaction — all or nothing —
through the ORM session (so the audit trail sees every row), in batches flushed as they go (progress and
cancel between batches; a cancel or a kill before the commit leaves the database as it was).

Inside the transaction the registry is read again; when it differs from what the preview saw (another
window saved meanwhile), the file is checked again against it and refused if a problem appeared. A file
with nothing new or changed writes nothing at all — no transaction, no audit row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db import Database
from db.models import Household, HouseholdOtherCause, Member, StatusChange, VillageGroup

from .. import pinyin
from ..errors import RuleViolation
from ..registry.households import _household_values, member_values
from . import snapshot
from .parse import parse_workbook
from .plan import CHANGED, NEW, Plan, make_plan, refusal
from .reader import Progress

BATCH = 500            # households per flush
IMPORT_REASON = "花名册导入"
WRITING = "正在写入台账："   # the progress text of each batch written (the command line prints it)


@dataclass(frozen=True)
class ImportResult:
    households_new: int
    households_changed: int
    members_new: int
    members_changed: int
    wrote: bool

    def message(self) -> str:
        if not self.wrote:
            return "花名册与台账一致，没有需要导入的内容（未写入任何数据）"
        return (f"已导入花名册：新增{self.households_new}户{self.members_new}人，"
                f"变更{self.households_changed}户、{self.members_changed}名成员")


def preview(db: Database, path: str | Path, progress: Progress | None = None, *,
            today: dt.date | None = None) -> Plan:
    """Read and check the file against the registry; writes nothing."""
    parsed = parse_workbook(path, progress)
    with db.reader() as s:
        snap = snapshot.take(s)
    return make_plan(parsed, snap, today=today)


def import_roster(db: Database, plan: Plan, *, actor: str = "", progress: Progress | None = None) -> ImportResult:
    """Write the previewed ``plan`` (refused, writing nothing, while any error-level problem remains)."""
    progress = progress or (lambda *_a: None)
    if not plan.ok:
        raise refusal(plan)
    if not plan.writes:
        return _result(plan, wrote=False)
    with db.transaction() as s:
        now = snapshot.take(s)
        if now != plan.snapshot:              # the registry changed since the preview: check again
            plan = make_plan(plan.parsed, now, today=plan.today)
            if not plan.ok:
                raise refusal(plan)
            if not plan.writes:
                return _result(plan, wrote=False)
        try:
            _write(s, plan, actor, progress)
        except IntegrityError as exc:     # what the preview let pass and the database refuses: in words
            raise _constraint_refusal(exc) from None
    return _result(plan, wrote=True)


def _constraint_refusal(exc: IntegrityError) -> RuleViolation:
    text = str(exc.orig)
    if "uq_member_current_head" in text or "member.household_id" in text:
        what = "同一户有两名在册户主（每户只能有一名户主）"
    elif "id_number" in text:
        what = "身份证号已被另一名在册成员使用"
    elif "household_no" in text:
        what = "户编号已存在"
    else:
        what = "数据不符合台账的约束"
    return RuleViolation(f"花名册写入台账时被拒绝：{what}，未导入任何数据。请核对花名册后重新预览")


def _result(plan: Plan, *, wrote: bool) -> ImportResult:
    return ImportResult(plan.count("households", NEW), plan.count("households", CHANGED),
                        plan.count("members", NEW), plan.count("members", CHANGED), wrote)


def _write(s, plan: Plan, actor: str, progress: Progress) -> None:
    todo = [h for h in plan.households if h.action in (NEW, CHANGED)]
    total = len(todo)
    progress(0, total, "正在写入台账…")
    with s.no_autoflush:
        groups = _groups(s, plan, todo)
        ids = _Ids(s)
        for start in range(0, total, BATCH):
            batch = todo[start:start + BATCH]
            stored = _load(s, [h.household_id for h in batch if h.action == CHANGED])
            rows = []
            for hp in batch:
                if hp.action == NEW:
                    hh = _new_household(hp, plan, groups)
                    hh.id = ids.next(Household)
                    rows.append(hh)
                    rows.extend(_household_rows(hp, hh.id, plan, actor))
                else:
                    rows.extend(_update_household(s, stored[hp.household_id], hp, plan, groups))
            for row in rows:
                if getattr(row, "id", 0) is None:
                    row.id = ids.next(type(row))
            s.add_all(rows)
            s.flush()
            done = min(start + BATCH, total)
            progress(done, total, f"{WRITING}{done}/{total}户…")


class _Ids:
    """Primary keys for the new rows, given here: the ORM then inserts each table's rows in one
    executemany instead of one INSERT … RETURNING per row (SQLite). The transaction holds the write lock
    (BEGIN IMMEDIATE), so no other writer takes these numbers meanwhile."""

    def __init__(self, s):
        self.s, self.last = s, {}

    def next(self, model) -> int:
        if model not in self.last:
            self.last[model] = self.s.scalar(select(func.max(model.id))) or 0
        self.last[model] += 1
        return self.last[model]


def _groups(s, plan: Plan, todo) -> dict[tuple[str, int], int]:
    """(village, group number) → group id, creating the groups the file names that do not exist yet."""
    villages = plan.snapshot.villages
    existing = {(vid, n): gid for gid, vid, n in s.execute(select(VillageGroup.id, VillageGroup.village_id,
                                                                   VillageGroup.number))}
    created: dict[tuple[str, int], VillageGroup] = {}
    for hp in todo:
        key = (hp.input.village, hp.input.group)
        if key not in created and (villages[key[0]], key[1]) not in existing:
            created[key] = VillageGroup(village_id=villages[key[0]], number=key[1], name=f"{key[1]}组")
    if created:
        s.add_all(list(created.values()))
        s.flush()
    out = {key: g.id for key, g in created.items()}
    for hp in todo:
        key = (hp.input.village, hp.input.group)
        out.setdefault(key, existing.get((villages[key[0]], key[1])))
    return out


def _load(s, ids: list[int]) -> dict[int, Household]:
    if not ids:
        return {}
    return {h.id: h for h in s.scalars(select(Household).where(Household.id.in_(ids)))}


def _row(model, **values):
    """A new row of ``model`` holding ``values``: what ``model(**values)`` makes, with the values put in
    the instance's dict at once (as SQLAlchemy itself fills a loaded row) instead of one change event per
    attribute — a new row has no history to keep, and those events were a third of the write of a
    20,000-person roster. The flush inserts, and the audit trail records, the same values."""
    obj = model._sa_class_manager.new_instance()
    obj.__dict__.update(values)
    return obj


def _other_causes(household_id: int, causes: list[str]) -> list[HouseholdOtherCause]:
    return [_row(HouseholdOtherCause, household_id=household_id, cause=c, rank=i)
            for i, c in enumerate([c for c in causes if c], 1)]


def _new_household(hp, plan: Plan, groups) -> Household:
    h = hp.input
    return _row(Household, household_no=hp.household_no, village_id=plan.snapshot.villages[h.village],
                group_id=groups[(h.village, h.group)], status=hp.status, exit_year=hp.exit_year,
                **_household_values(h))


def _household_rows(hp, household_id: int, plan: Plan, actor: str) -> list:
    """A new household's other causes, members and first status record (its 建档 by import)."""
    h = hp.input
    registered = h.registered_on or plan.today
    rows: list = _other_causes(household_id, h.other_causes)
    for mp in hp.members:
        rows.append(_row(Member, household_id=household_id, **member_values(mp.input, mp.info, plan.today, registered)))
    rows.append(_row(StatusChange, household_id=household_id, to_status=hp.status, changed_on=registered,
                     reason=IMPORT_REASON, recorded_by=actor))
    return rows


def _update_household(s, hh: Household, hp, plan: Plan, groups) -> list:
    """Set what changed on a recorded household and its members; returns the rows to add (new members)."""
    h = hp.input
    values = _household_values(h)
    for key in hp.changed:
        if key == "village":
            hh.village_id = plan.snapshot.villages[h.village]
        elif key == "other_causes":
            hh.other_causes = _other_causes(hh.id, h.other_causes)
        elif key != "group":
            setattr(hh, key, values[key])
    if "village" in hp.changed or "group" in hp.changed:
        hh.group_id = groups[(h.village, h.group)]
    changed_members = {m.member_id: m for m in hp.members if m.action == CHANGED}
    if changed_members:
        for member in s.scalars(select(Member).where(Member.id.in_(list(changed_members)))):
            mp = changed_members[member.id]
            for key in mp.changed:
                setattr(member, key, getattr(mp.input, key))
            if "name" in mp.changed:
                member.name_pinyin, member.name_initials = pinyin.name_keys(member.name)
    rows = []
    for mp in hp.members:
        if mp.action == NEW:
            values = member_values(mp.input, mp.info, plan.today)
            values["join_reason"] = mp.input.join_reason if mp.input.join_reason != "建档" else "其他"
            rows.append(_row(Member, household_id=hh.id, **values))
    return rows
