"""Helpers (帮扶责任人), their dated pairings with households, village aid teams (驻村帮扶, 六个一),
help records (走访、帮扶措施) and income projects (增收项目). RULES.md §2.

The five-household limit (R2.1) is also enforced by SQLite triggers on ``helper_assignment``
(created in migration 0003_helpers), so two windows or processes can never make a sixth.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, now
from .registry import Household, Village


class Helper(Base):
    """One person who helps households: a unit cadre, township or village cadre, Party member …"""

    __tablename__ = "helper"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    name_pinyin: Mapped[str] = mapped_column(String(120), default="")
    name_initials: Mapped[str] = mapped_column(String(20), default="")
    sex: Mapped[str] = mapped_column(String(1), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    unit: Mapped[str] = mapped_column(String(60), default="")          # 工作单位
    unit_level: Mapped[str] = mapped_column(String(4))                 # 省直/市直/县直/乡镇/村级/其他
    post: Mapped[str] = mapped_column(String(40), default="")          # 职务
    kind: Mapped[str] = mapped_column(String(10))                      # 干部/党员/能人/社会爱心人士/…
    village_id: Mapped[Optional[int]] = mapped_column(ForeignKey("village.id"))  # 联系村 (None: any)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)

    village: Mapped[Optional[Village]] = relationship()
    assignments: Mapped[list[HelperAssignment]] = relationship(
        back_populates="helper", order_by="HelperAssignment.start_on")

    __table_args__ = (Index("ix_helper_unit", "unit"),)


class HelperAssignment(Base):
    """A dated pairing of a helper with a household. Ending it sets ``end_on``; nothing is deleted."""

    __tablename__ = "helper_assignment"
    id: Mapped[int] = mapped_column(primary_key=True)
    helper_id: Mapped[int] = mapped_column(ForeignKey("helper.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    start_on: Mapped[dt.date] = mapped_column(Date)
    start_reason: Mapped[str] = mapped_column(String(60), default="")
    end_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(60), default="")
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)

    helper: Mapped[Helper] = relationship(back_populates="assignments")
    household: Mapped[Household] = relationship()

    __table_args__ = (
        # One current helper per household (R2.1).
        Index("uq_helper_assignment_active_household", "household_id", unique=True,
              sqlite_where=text("end_on IS NULL")),
        Index("ix_helper_assignment_active_helper", "helper_id", sqlite_where=text("end_on IS NULL")),
        Index("ix_helper_assignment_household_id", "household_id"),
        CheckConstraint("end_on IS NULL OR end_on >= start_on", name="dates"),
    )


class VillageAidRole(Base):
    """One filled role of a village's aid team (六个一, R2.5): 责任领导, 帮扶单位, 第一书记,
    驻村工作队 (队长/队员), 驻村农技员. ``name`` is the person, or the unit for 帮扶单位."""

    __tablename__ = "village_aid_role"
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(60), default="")
    post: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    start_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    end_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(80), default="")   # e.g. 规划表10.2 第4005行
    note: Mapped[str] = mapped_column(Text, default="")

    village: Mapped[Village] = relationship()


class HelpRecord(Base):
    """A dated visit or measure for a household (走访, 产业帮扶 …), with the helper and an amount."""

    __tablename__ = "help_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    helper_id: Mapped[Optional[int]] = mapped_column(ForeignKey("helper.id"))
    happened_on: Mapped[dt.date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(8))
    content: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[int] = mapped_column(Integer, default=0)   # whole yuan
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)

    helper: Mapped[Optional[Helper]] = relationship()
    household: Mapped[Household] = relationship()

    __table_args__ = (Index("ix_help_record_household_date", "household_id", "happened_on"),)


class IncomeProject(Base):
    """增收项目: one or two per household (R2.3), with planned and actual yearly income in yuan."""

    __tablename__ = "income_project"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    helper_id: Mapped[Optional[int]] = mapped_column(ForeignKey("helper.id"))
    name: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    planned_income: Mapped[int] = mapped_column(Integer, default=0)
    actual_income: Mapped[Optional[int]] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)

    helper: Mapped[Optional[Helper]] = relationship()
    household: Mapped[Household] = relationship()
