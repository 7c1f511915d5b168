"""The township of a database file and its villages and groups."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import Database
from db.models import Household, Township, Village, VillageGroup

from .. import seed
from ..errors import NotFound, RuleViolation, ValidationError


@dataclass(frozen=True)
class TownshipInfo:
    name: str
    county: str
    villages: tuple[str, ...]


def init_township(db: Database, name: str, villages: list[tuple[str, bool]] | None = None) -> TownshipInfo:
    """Create the township of a new database with its known villages (from the county plan)."""
    name = (name or "").strip()
    if name not in seed.townships():
        raise ValidationError("township", f"乡镇“{name}”不是平江县的乡镇")
    with db.transaction() as s:
        if s.scalar(select(func.count()).select_from(Township)):
            raise RuleViolation("该数据库已设定乡镇，一个数据库只管理一个乡镇")
        t = Township(name=name, county="平江县", area_code="430626")
        s.add(t)
        for i, (vname, poor) in enumerate(villages if villages is not None else seed.villages_of(name), 1):
            s.add(Village(township=t, name=vname, is_poor_village=poor, code=f"{i:02d}", sort_order=i))
    return township_info(db)


def township_info(db: Database) -> TownshipInfo | None:
    # Core on the tables, not the ORM: the main window needs this before its first paint, and a first
    # ORM query configures every mapper (0.1 s of start-up).
    t, v = Township.__table__.c, Village.__table__.c
    with db.engine.connect() as conn:
        row = conn.execute(select(t.id, t.name, t.county).order_by(t.id).limit(1)).first()
        if row is None:
            return None
        names = conn.execute(select(v.name).where(v.township_id == row.id).order_by(v.sort_order)).scalars()
        return TownshipInfo(row.name, row.county, tuple(names))


def get_township(s: Session) -> Township:
    t = s.scalar(select(Township))
    if t is None:
        raise NotFound("数据库尚未设定乡镇，请先运行 init 或在首次启动时选择乡镇")
    return t


def find_village(s: Session, name: str) -> Village:
    v = s.scalar(select(Village).where(Village.name == name))
    if v is None:
        raise unknown_village_error(name)
    return v


def unknown_village_error(name: str) -> ValidationError:
    return ValidationError("village", f"村“{name}”不在本乡镇的村列表中")


def ensure_group(s: Session, village: Village, number: int) -> VillageGroup:
    g = s.scalar(select(VillageGroup).where(VillageGroup.village_id == village.id, VillageGroup.number == number))
    if g is None:
        g = VillageGroup(village=village, number=number, name=f"{number}组")
        s.add(g)
        s.flush()
    return g


def add_village(db: Database, name: str, old_name: str = "", poor: bool = False) -> None:
    name = (name or "").strip()
    if not name:
        raise ValidationError("village", "村名不能为空")
    with db.transaction() as s:
        t = get_township(s)
        if s.scalar(select(Village).where(Village.name == name)):
            raise ValidationError("village", f"村“{name}”已存在")
        order = (s.scalar(select(func.max(Village.sort_order))) or 0) + 1
        s.add(Village(township=t, name=name, old_name=old_name or None, is_poor_village=poor,
                      code=f"{order:02d}", sort_order=order))


def set_village_old_name(db: Database, name: str, old_name: str) -> None:
    """Record the pre-2016-merger village a village came from (R1.8)."""
    with db.transaction() as s:
        v = find_village(s, name)
        v.old_name = (old_name or "").strip() or None


@dataclass(frozen=True)
class VillageInfo:
    name: str
    old_name: str
    is_poor_village: bool
    households: int


def villages(db: Database) -> list[VillageInfo]:
    with db.reader() as s:
        counts = dict(s.execute(select(Household.village_id, func.count()).group_by(Household.village_id)).all())
        return [VillageInfo(v.name, v.old_name or "", v.is_poor_village, counts.get(v.id, 0))
                for v in s.scalars(select(Village).order_by(Village.sort_order))]


def village_names(db: Database) -> list[str]:
    v = Village.__table__.c  # Core, as township_info: the registry page needs it before first paint
    with db.engine.connect() as conn:
        return list(conn.execute(select(v.name).order_by(v.sort_order)).scalars())


def group_numbers(db: Database, village: str) -> list[int]:
    with db.reader() as s:
        return list(s.scalars(select(VillageGroup.number).join(Village)
                              .where(Village.name == village).order_by(VillageGroup.number)))
