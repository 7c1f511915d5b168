"""The household registry (建档立卡 roster): township, villages, groups, households, members."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, now


class Township(Base):
    """One township per database file."""

    __tablename__ = "township"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    county: Mapped[str] = mapped_column(String(40), default="平江县")
    area_code: Mapped[str] = mapped_column(String(6), default="430626")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    villages: Mapped[list[Village]] = relationship(back_populates="township", order_by="Village.sort_order")


class Village(Base):
    """A village under its current (post-2016-merger) name; ``old_name`` keeps the pre-merger
    village it came from where known (RULES.md R1.8: 2016 exits count on old villages)."""

    __tablename__ = "village"
    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("township.id"))
    name: Mapped[str] = mapped_column(String(40), unique=True)
    old_name: Mapped[Optional[str]] = mapped_column(String(40))
    is_poor_village: Mapped[bool] = mapped_column(Boolean, default=False)
    code: Mapped[str] = mapped_column(String(4), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    township: Mapped[Township] = relationship(back_populates="villages")
    groups: Mapped[list[VillageGroup]] = relationship(back_populates="village", order_by="VillageGroup.number")


class VillageGroup(Base):
    """村民小组, numbered within a village (shown as “3组”)."""

    __tablename__ = "village_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(20))
    village: Mapped[Village] = relationship(back_populates="groups")
    __table_args__ = (Index("uq_village_group_number", "village_id", "number", unique=True),)


class Household(Base):
    __tablename__ = "household"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_no: Mapped[str] = mapped_column(String(24), unique=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("village_group.id"))
    address: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    bank_name: Mapped[str] = mapped_column(String(40), default="")
    bank_account: Mapped[str] = mapped_column(String(30), default="")
    type: Mapped[str] = mapped_column(String(10))
    standard: Mapped[str] = mapped_column(String(4), default="国家")
    identified_year: Mapped[int] = mapped_column(Integer)
    main_cause: Mapped[str] = mapped_column(String(12), index=True)
    # housing
    house_structure: Mapped[str] = mapped_column(String(10), default="")
    house_area: Mapped[Optional[float]] = mapped_column()
    danger_grade: Mapped[str] = mapped_column(String(1), default="")
    house_built_year: Mapped[Optional[int]] = mapped_column(Integer)
    # income, whole yuan per year
    wage_income: Mapped[int] = mapped_column(Integer, default=0)
    business_income: Mapped[int] = mapped_column(Integer, default=0)
    transfer_income: Mapped[int] = mapped_column(Integer, default=0)
    property_income: Mapped[int] = mapped_column(Integer, default=0)
    production_cost: Mapped[int] = mapped_column(Integer, default=0)
    # flags (RULES.md R1.7, schema 0005)
    policy_guarantee: Mapped[bool] = mapped_column(Boolean, default=False)   # 政策兜底
    # status
    status: Mapped[str] = mapped_column(String(6), index=True)
    planned_exit_year: Mapped[Optional[int]] = mapped_column(Integer)
    exit_year: Mapped[Optional[int]] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)

    village: Mapped[Village] = relationship()
    group: Mapped[VillageGroup] = relationship()
    members: Mapped[list[Member]] = relationship(back_populates="household", order_by="Member.id")
    other_causes: Mapped[list[HouseholdOtherCause]] = relationship(
        cascade="all, delete-orphan", order_by="HouseholdOtherCause.rank")
    status_changes: Mapped[list[StatusChange]] = relationship(order_by="StatusChange.id")

    @property
    def current_members(self) -> list[Member]:
        return [m for m in self.members if m.left_on is None]

    @property
    def size(self) -> int:
        """Household size is the count of current members, never typed."""
        return len(self.current_members)

    @property
    def head(self) -> Optional[Member]:
        return next((m for m in self.current_members if m.relation == "户主"), None)

    @property
    def net_income(self) -> int:
        return (self.wage_income + self.business_income + self.transfer_income
                + self.property_income - self.production_cost)

    @property
    def per_capita_net_income(self) -> Optional[float]:
        return round(self.net_income / self.size, 2) if self.size else None

    # The 统计 page's household figures read this covering index instead of the table (schema 0008).
    __table_args__ = (Index("ix_household_stats", "village_id", "status", "type", "main_cause", "exit_year"),)


class HouseholdOtherCause(Base):
    """Up to two causes besides the main one (R1.6: causes overlap)."""

    __tablename__ = "household_other_cause"
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), primary_key=True)
    cause: Mapped[str] = mapped_column(String(12), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, default=1)


class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    name_pinyin: Mapped[str] = mapped_column(String(120), default="")   # "zhangsanfeng" (schema 0002)
    name_initials: Mapped[str] = mapped_column(String(20), default="")  # "zsf" (schema 0002)
    id_number: Mapped[str] = mapped_column(String(18))  # text, never a number
    relation: Mapped[str] = mapped_column(String(8))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(10), default="汉族")
    education: Mapped[str] = mapped_column(String(10), default="")
    school_status: Mapped[str] = mapped_column(String(10), default="非在校生")
    health: Mapped[str] = mapped_column(String(10), default="健康")
    disability_grade: Mapped[str] = mapped_column(String(4), default="")
    labour_ability: Mapped[str] = mapped_column(String(10), default="普通劳动力")
    work_status: Mapped[str] = mapped_column(String(10), default="")
    is_dibao: Mapped[bool] = mapped_column(Boolean, default=False)
    # flags (RULES.md R1.7, schema 0005); 残疾 is ``health`` == 残疾 with ``disability_grade``
    is_tekun: Mapped[bool] = mapped_column(Boolean, default=False)              # 特困人员
    is_left_behind_child: Mapped[bool] = mapped_column(Boolean, default=False)  # 留守儿童
    is_left_behind_elder: Mapped[bool] = mapped_column(Boolean, default=False)  # 留守老人
    has_medical_insurance: Mapped[bool] = mapped_column(Boolean, default=True)
    has_pension_insurance: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_on: Mapped[dt.date] = mapped_column(Date)
    join_reason: Mapped[str] = mapped_column(String(10), default="建档")
    left_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    leave_reason: Mapped[str] = mapped_column(String(40), default="")
    household: Mapped[Household] = relationship(back_populates="members")

    __table_args__ = (
        # An ID number belongs to at most one current member in the whole database.
        Index("uq_member_current_id_number", "id_number", unique=True,
              sqlite_where=text("left_on IS NULL")),
        # At most one current head per household (the service also requires at least one).
        Index("uq_member_current_head", "household_id", unique=True,
              sqlite_where=text("left_on IS NULL AND relation = '户主'")),
        Index("ix_member_name_initials", "name_initials"),
        # Current members per household, read by the 统计 page (schema 0008).
        Index("ix_member_current_household", "household_id", sqlite_where=text("left_on IS NULL")),
    )


class StatusChange(Base):
    """Dated history of every status change: when, why, by whom. Never edited."""

    __tablename__ = "status_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(6), default="")
    to_status: Mapped[str] = mapped_column(String(6))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)

    # The monthly trend of the 统计 page reads the changes in day order from this index (schema 0008).
    __table_args__ = (Index("ix_status_change_day", "changed_on", "to_status", "from_status"),)


class Setting(Base):
    """Key/value settings stored in the database (defaults live in pjdesk.settings)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
