"""Auto-pair (自动结对): propose helpers for a village's unassigned households. Nothing is written
until the clerk accepts the (possibly edited) proposal with ``assignments.accept_pairs``.

Pool (RULES.md R2.2): active helpers of the village's assisting unit(s) (驻村帮扶单位), then helpers
whose 联系村 is the village (村干部、党员、能人 …), then township cadres (乡镇) not tied to another village.

Algorithm (``plan``):
1. free places of each helper = limit − current load (never negative);
2. if the households outnumber the free places, the most urgent ones are served first
   (返贫, 未脱贫, then 预脱贫) and the rest are reported with the number of helpers missing
   (⌈unserved ÷ limit⌉);
3. water-filling: each new household goes to the helper with the lowest load so far (ties: pool
   order), which balances the loads and never passes the limit — this fixes each helper's quota;
4. the served households, in group order, are handed out to the helpers in pool order by quota,
   so one helper's households are neighbours in the same or adjacent groups.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from dataclasses import dataclass, field
from typing import Hashable, Sequence

from sqlalchemy import select

from db import Database
from db.models import Helper, Village, VillageAidRole

from ..errors import ValidationError
from . import vocab
from .assignments import accept_pairs
from .limits import active_load, household_limit
from .queries import HouseholdBrief, unassigned_households

URGENCY = {"返贫": 0, "未脱贫": 1, "预脱贫": 2}
TIER_NAMES = ("驻村帮扶单位", "本村帮扶力量", "乡镇干部")


@dataclass(frozen=True)
class Slot:
    """A helper as the planner sees him: id, current load, pool order."""
    key: Hashable
    load: int


def plan(households: Sequence[Hashable], helpers: Sequence[Slot], limit: int) -> tuple[dict, list]:
    """Pure planner. ``households`` in urgency order, ``helpers`` in pool order.
    Returns ({household: helper key}, [households left without a helper])."""
    free = sum(max(limit - h.load, 0) for h in helpers)
    served, left = list(households[:free]), list(households[free:])
    heap = [(h.load, i) for i, h in enumerate(helpers) if h.load < limit]
    heapq.heapify(heap)
    quota = [0] * len(helpers)
    for _ in served:
        load, i = heapq.heappop(heap)
        quota[i] += 1
        if load + 1 < limit:
            heapq.heappush(heap, (load + 1, i))
    out: dict = {}
    it = iter(served)
    for i, q in enumerate(quota):
        for _ in range(q):
            out[next(it)] = helpers[i].key
    return out, left


@dataclass
class Candidate:
    id: int
    name: str
    unit: str
    phone: str
    tier: int
    load: int

    @property
    def tier_name(self) -> str:
        return TIER_NAMES[self.tier]


@dataclass
class ProposalRow:
    household: HouseholdBrief
    helper_id: int | None      # None: no free place left


@dataclass
class Proposal:
    village: str
    limit: int
    candidates: list[Candidate]
    rows: list[ProposalRow] = field(default_factory=list)

    @property
    def unserved(self) -> int:
        return sum(1 for r in self.rows if r.helper_id is None)

    @property
    def helpers_missing(self) -> int:
        return math.ceil(self.unserved / self.limit) if self.unserved else 0

    def pairs(self) -> list[tuple[str, int]]:
        return [(r.household.household_no, r.helper_id) for r in self.rows if r.helper_id is not None]

    def summary(self) -> str:
        n = len(self.rows)
        if not n:
            return f"{self.village}没有待结对的贫困户"
        text = f"{self.village}待结对{n}户，可用帮扶责任人{len(self.candidates)}名，拟结对{n - self.unserved}户"
        if self.unserved:
            text += (f"；帮扶力量不足，还有{self.unserved}户无人可结对，"
                     f"按每人最多{self.limit}户计还缺{self.helpers_missing}名帮扶责任人")
        return text


def candidates_for(db: Database, village: str) -> list[Candidate]:
    """The village's helper pool in pool order, each with his current load."""
    with db.reader() as s:
        v = s.scalar(select(Village).where(Village.name == village))
        if v is None:
            raise ValidationError("village", f"村“{village}”不在本乡镇的村列表中")
        units = set(s.scalars(select(VillageAidRole.name).where(
            VillageAidRole.village_id == v.id, VillageAidRole.role == vocab.ROLE_UNIT,
            VillageAidRole.end_on.is_(None))))
        out: list[Candidate] = []
        for hp in s.scalars(select(Helper).where(Helper.active.is_(True)).order_by(Helper.name_pinyin, Helper.id)):
            aid_cadre = hp.unit_level in vocab.UNIT_AID_LEVELS and (
                hp.unit in units or (hp.village_id == v.id and not units))
            if aid_cadre and hp.village_id in (None, v.id):
                tier = 0
            elif hp.village_id == v.id:
                tier = 1
            elif hp.unit_level == "乡镇" and hp.village_id is None:
                tier = 2
            else:
                continue
            out.append(Candidate(hp.id, hp.name, hp.unit, hp.phone, tier, active_load(s, hp.id)))
    out.sort(key=lambda c: c.tier)
    return out


def propose(db: Database, village: str) -> Proposal:
    """Proposal for the unassigned households of ``village`` (read-only)."""
    candidates = candidates_for(db, village)
    limit = _limit(db)
    households = unassigned_households(db, village)
    urgent = sorted(households, key=lambda h: URGENCY.get(h.status, 9))  # stable: group order kept
    chosen, _ = plan([h.id for h in urgent], [Slot(c.id, c.load) for c in candidates], limit)
    served = sorted((h for h in urgent if h.id in chosen), key=lambda h: (h.group, h.household_no))
    # Re-run the hand-out over the served households in group order so neighbours share a helper.
    by_group, _ = plan([h.id for h in served], [Slot(c.id, c.load) for c in candidates], limit)
    rows = [ProposalRow(h, by_group.get(h.id)) for h in households]
    return Proposal(village, limit, candidates, rows)


def _limit(db: Database) -> int:
    with db.reader() as s:
        return household_limit(s)


def accept(db: Database, proposal: Proposal, *, on: dt.date | None = None, actor: str = "",
           today: dt.date | None = None) -> int:
    """Write the proposal's pairs (after the clerk's edits) in one transaction."""
    return accept_pairs(db, proposal.pairs(), on=on, actor=actor, today=today)
