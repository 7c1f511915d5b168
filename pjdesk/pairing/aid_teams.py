"""Village aid teams (驻村帮扶, 六个一, RULES.md R2.5/R2.6/R2.9).

Per poor village: 1 responsible leader (责任领导), assisting unit(s) (帮扶单位), 1 first secretary
(第一书记), a resident work team (驻村工作队: a 队长 and 队员), 1 resident agronomist (驻村农技员),
and a helper for every poor household (帮扶责任人) — the sixth "一", checked from the pairings.
Roles are dated; ending one keeps it in the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, text

from db import Database
from db.models import Village, VillageAidRole

from .. import idcard, seed
from ..registry import vocab as core_vocab
from ..errors import NotFound, ValidationError
from ..registry.township import find_village, get_township
from ..registry.rules import PHONE_RE
from . import vocab


@dataclass
class RoleInput:
    village: str
    role: str
    name: str
    unit: str = ""
    post: str = ""
    phone: str = ""
    start_on: dt.date | None = None
    note: str = ""


def add_role(db: Database, r: RoleInput, *, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    if r.role not in vocab.VILLAGE_ROLES:
        raise ValidationError("role", f"角色“{r.role}”无效，可选：{'、'.join(vocab.VILLAGE_ROLES)}")
    name = (r.name or "").strip()
    if not name:
        raise ValidationError("name", "帮扶单位名称不能为空" if r.role == vocab.ROLE_UNIT else "姓名不能为空")
    if r.phone and not PHONE_RE.match(idcard.ascii_digits(r.phone.strip())):
        raise ValidationError("phone", f"联系电话“{r.phone}”无效")
    if r.role == vocab.ROLE_TEAM and r.post not in vocab.TEAM_POSTS:
        raise ValidationError("post", "驻村工作队成员请选择“队长”或“队员”")
    if r.start_on is None:
        raise ValidationError("start_on", "请填写起始日期")
    if r.start_on > today:
        raise ValidationError("start_on", "起始日期不能晚于今天")
    with db.transaction() as s:
        v = find_village(s, r.village)
        # 责任领导 may be two (the plan names 书记 and 县长 for 柘坪村); these are one each.
        single = r.role in (vocab.ROLE_SECRETARY, vocab.ROLE_AGRONOMIST) or (
            r.role == vocab.ROLE_TEAM and r.post == "队长")
        if single:
            q = select(VillageAidRole).where(VillageAidRole.village_id == v.id, VillageAidRole.role == r.role,
                                             VillageAidRole.end_on.is_(None))
            if r.role == vocab.ROLE_TEAM:
                q = q.where(VillageAidRole.post == "队长")
            other = s.scalar(q)
            if other is not None:
                what = "驻村工作队队长" if r.role == vocab.ROLE_TEAM else r.role
                raise ValidationError("role", f"{v.name}已有{what}“{other.name}”，请先将其结束任职再登记新人选")
        role = VillageAidRole(village_id=v.id, role=r.role, name=name, unit=r.unit.strip(), post=r.post.strip(),
                              phone=idcard.ascii_digits(r.phone.strip()), start_on=r.start_on, note=r.note.strip())
        s.add(role)
        s.flush()
        return role.id


def end_role(db: Database, role_id: int, end_on: dt.date, *, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    with db.transaction() as s:
        role = s.get(VillageAidRole, role_id)
        if role is None:
            raise NotFound(f"驻村帮扶记录（编号{role_id}）不存在")
        if role.end_on is not None:
            raise ValidationError("end_on", f"“{role.name}”已于{role.end_on:%Y-%m-%d}结束任职")
        if end_on > today or (role.start_on and end_on < role.start_on):
            raise ValidationError("end_on", "结束日期须在起始日期与今天之间")
        role.end_on = end_on


def village_team(db: Database, village: str, *, include_ended: bool = False) -> list[dict]:
    with db.reader() as s:
        v = find_village(s, village)
        q = select(VillageAidRole).where(VillageAidRole.village_id == v.id)
        if not include_ended:
            q = q.where(VillageAidRole.end_on.is_(None))
        order = {r: i for i, r in enumerate(vocab.VILLAGE_ROLES)}
        rows = sorted(s.scalars(q), key=lambda x: (order.get(x.role, 9), x.post != "队长", x.id))
        return [{"id": x.id, "role": x.role, "name": x.name, "unit": x.unit, "post": x.post, "phone": x.phone,
                 "start_on": x.start_on.isoformat() if x.start_on else "",
                 "end_on": x.end_on.isoformat() if x.end_on else "", "source": x.source, "note": x.note}
                for x in rows]


def missing_roles(db: Database) -> list[dict]:
    """Poor villages lacking any of the six (六个一): [{village, missing: [...], unpaired: n}]."""
    poor = ", ".join(f"'{x}'" for x in core_vocab.ACTIVE_POOR_STATUSES)
    with db.engine.connect() as conn:
        villages = conn.execute(text("SELECT id, name FROM village WHERE is_poor_village ORDER BY sort_order")).all()
        have = {(vid, role) for vid, role in conn.execute(text(
            "SELECT village_id, role FROM village_aid_role WHERE end_on IS NULL GROUP BY village_id, role"))}
        unpaired = dict(conn.execute(text(
            f"SELECT h.village_id, count(*) FROM household h WHERE h.status IN ({poor}) AND NOT EXISTS "
            "(SELECT 1 FROM helper_assignment a WHERE a.household_id = h.id AND a.end_on IS NULL) "
            "GROUP BY h.village_id")).all())
    out = []
    for vid, name in villages:
        missing = [r for r in vocab.VILLAGE_ROLES if (vid, r) not in have]
        n = unpaired.get(vid, 0)
        if n:
            missing.append(vocab.ROLE_HELPERS)
        if missing:
            out.append({"village": name, "missing": missing, "unpaired": n})
    return out


def _plan_rows_for(township: str) -> list[dict[str, str]]:
    return [r for r in seed.aid_teams() if r["township"] == township]


def prefill_from_plan(db: Database) -> int:
    """Enter the county plan's aid teams (aid_teams.csv, 表10.1/10.2) for this township's villages:
    the assisting units, and the named 联点/挂点领导 as 责任领导 where the plan ties the leader to a
    village. The plan names no first secretaries (R2.9). Existing entries are kept. Returns the
    number of entries added."""
    added = 0
    with db.transaction() as s:
        t = get_township(s)
        villages = {v.name: v for v in s.scalars(select(Village))}
        for r in _plan_rows_for(t.name):
            v = villages.get(r["village"]) or villages.get(r["village"] + "村")
            if v is None:
                continue
            source = f"规划{r['table']}第{r['seed_line']}行"
            have = {(x.role, x.name) for x in s.scalars(select(VillageAidRole).where(VillageAidRole.village_id == v.id))}
            entries = [(vocab.ROLE_UNIT, u.strip(), "") for u in r["assisting_units"].split(";") if u.strip()]
            leaders = [p.strip() for p in r["first_secretary_or_named_person"].split(";") if p.strip()]
            point = r["named_person_point_village"].strip()
            if leaders and (not point or v.name.startswith(point)):
                entries += [(vocab.ROLE_LEADER, p, r["named_person_role_in_seed"]) for p in leaders]
            for role, name, post in entries:
                if (role, name) in have:
                    continue
                s.add(VillageAidRole(village_id=v.id, role=role, name=name, post=post,
                                     start_on=dt.date(2015, 1, 1), source=source,
                                     note="规划安排期2015—2017年，起始日期按规划期填写"))
                added += 1
    return added
