"""What the registry holds that an import is compared with: the township, its villages and groups, every
household and every current member (and who has left) — read with a few Core queries (25,000 rows in a fraction of a
second), as plain dicts. Taken once for the preview and again inside the import's transaction: when the
two are equal, the preview's plan is still right and is written as it is."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import select

from db.models import Household, HouseholdOtherCause, Member, Township, Village, VillageGroup

from ..registry.households import HOUSEHOLD_FIELDS

MEMBER_FIELDS = (
    "name", "id_number", "relation", "sex", "birth_date", "ethnicity", "education", "school_status", "health",
    "disability_grade", "labour_ability", "work_status", "is_dibao", "is_tekun", "is_left_behind_child",
    "is_left_behind_elder", "has_medical_insurance", "has_pension_insurance", "joined_on", "join_reason",
)


@dataclass
class Snapshot:
    township: str
    county: str
    villages: dict[str, int]                      # name → id
    groups: dict[tuple[int, int], int]            # (village id, number) → group id
    households: dict[str, dict]                   # 户编号 → stored fields (+ id, village, group, status, exit_year, other_causes)
    members: dict[str, dict]                      # ID number of a current member → stored fields (+ id, household_no)
    members_of: dict[str, list[str]]              # 户编号 → ID numbers of its current members
    former: dict[str, dict] = dataclasses.field(default_factory=dict)
    # ID number of a member who has left and is current nowhere → name, household_no, left_on, leave_reason
    # of the latest leave (member_leaves, 销户)

    def __eq__(self, other) -> bool:
        return isinstance(other, Snapshot) and self.__dict__ == other.__dict__


def take(conn) -> Snapshot:
    """``conn``: a Connection or Session (inside the import's transaction, its own)."""
    t = conn.execute(select(Township.name, Township.county).order_by(Township.id).limit(1)).first()
    v, g = Village.__table__.c, VillageGroup.__table__.c
    villages = {name: vid for vid, name in conn.execute(select(v.id, v.name))}
    names = {vid: name for name, vid in villages.items()}
    groups = {(vid, number): gid for gid, vid, number in conn.execute(select(g.id, g.village_id, g.number))}
    numbers = {gid: number for (_vid, number), gid in groups.items()}
    h = Household.__table__.c
    cols = [h.id, h.household_no, h.village_id, h.group_id, h.status, h.exit_year] + [h[k] for k in HOUSEHOLD_FIELDS]
    households: dict[str, dict] = {}
    by_id: dict[int, dict] = {}
    for row in conn.execute(select(*cols)):
        d = dict(row._mapping)
        d["village"] = names.get(d.pop("village_id"))
        d["group"] = numbers.get(d.pop("group_id"))
        d["other_causes"] = []
        households[d["household_no"]] = by_id[d["id"]] = d
    oc = HouseholdOtherCause.__table__.c
    for hid, cause in conn.execute(select(oc.household_id, oc.cause).order_by(oc.household_id, oc.rank)):
        if hid in by_id:
            by_id[hid]["other_causes"].append(cause)
    m = Member.__table__.c
    members: dict[str, dict] = {}
    members_of: dict[str, list[str]] = {}
    for row in conn.execute(select(m.id, m.household_id, *[m[k] for k in MEMBER_FIELDS])
                            .where(m.left_on.is_(None)).order_by(m.id)):
        d = dict(row._mapping)
        owner = by_id.get(d.pop("household_id"))
        d["household_no"] = owner["household_no"] if owner else ""
        members[d["id_number"]] = d
        members_of.setdefault(d["household_no"], []).append(d["id_number"])
    former: dict[str, dict] = {}
    for number, name, hid, left_on, reason in conn.execute(
            select(m.id_number, m.name, m.household_id, m.left_on, m.leave_reason)
            .where(m.left_on.is_not(None)).order_by(m.left_on, m.id)):
        if number not in members:
            owner = by_id.get(hid)
            former[number] = dict(name=name, household_no=owner["household_no"] if owner else "",
                                  left_on=left_on, leave_reason=reason or "")
    return Snapshot(t.name if t else "", t.county if t else "", villages, groups, households, members, members_of,
                    former)
