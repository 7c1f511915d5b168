"""Dated records kept on a household besides its status history (schema 0005, issue 10):

- ``ExitCheck`` + ``ExitCheckItem``: the 两不愁三保障 checklist recorded when a household is marked
  预脱贫 or 已脱贫 (RULES.md R1.5), with the per-capita net income of the year.
- ``HouseholdSurvey``: the 六看一听一公示 visit (RULES.md R1.3).
- ``HouseChange``: every change of the house record that a case made (竣工验收 of a renovation …), with
  the case as its source, for the household's history.

Rows are never edited: a new check, survey or change is a new row.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, now


class ExitCheck(Base):
    """The 两不愁三保障 checklist of one status change to 预脱贫 / 已脱贫. ``passed`` is true only when all
    five items are 达标 (and the income line of the year, when set, is met); a refused change stores nothing."""

    __tablename__ = "exit_check"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    status_change_id: Mapped[Optional[int]] = mapped_column(ForeignKey("status_change.id"))
    to_status: Mapped[str] = mapped_column(String(6))                  # 预脱贫 / 已脱贫
    checked_on: Mapped[dt.date] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer)                         # the income year
    household_size: Mapped[int] = mapped_column(Integer)
    net_income: Mapped[int] = mapped_column(Integer)                   # yuan, the household's, that year
    per_capita_income: Mapped[float] = mapped_column(Float)            # yuan per person
    income_line: Mapped[Optional[int]] = mapped_column(Integer)        # the dated setting, when set
    passed: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    items: Mapped[list[ExitCheckItem]] = relationship(order_by="ExitCheckItem.rank",
                                                      cascade="all, delete-orphan")


class ExitCheckItem(Base):
    """One of the five items: 不愁吃, 不愁穿, 义务教育有保障, 基本医疗有保障, 住房安全有保障."""

    __tablename__ = "exit_check_item"
    check_id: Mapped[int] = mapped_column(ForeignKey("exit_check.id"), primary_key=True)
    item: Mapped[str] = mapped_column(String(12), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)
    met: Mapped[bool] = mapped_column(Boolean)                         # 达标 / 未达标
    note: Mapped[str] = mapped_column(Text, default="")


class HouseholdSurvey(Base):
    """六看一听一公示 (R1.3): who visited, when, what each of the six looks found, what the villagers said."""

    __tablename__ = "household_survey"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    surveyed_on: Mapped[dt.date] = mapped_column(Date)
    surveyors: Mapped[str] = mapped_column(String(120))
    look_car: Mapped[str] = mapped_column(Text, default="")            # 一看车
    look_house: Mapped[str] = mapped_column(Text, default="")          # 二看房
    look_poverty: Mapped[str] = mapped_column(Text, default="")        # 三看贫困程度深不深
    look_cause: Mapped[str] = mapped_column(Text, default="")          # 四看致贫原因是什么
    look_school: Mapped[str] = mapped_column(Text, default="")         # 五看子女上学堂
    look_labour: Mapped[str] = mapped_column(Text, default="")         # 六看劳动能力强不强
    listen: Mapped[str] = mapped_column(Text, default="")              # 一听：听取群众意见
    findings: Mapped[str] = mapped_column(Text, default="")            # 结论（居住条件、就业、收入来源…）
    needs: Mapped[str] = mapped_column(Text, default="")               # 脱贫需求
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class HouseChange(Base):
    """The house record before and after a change a case made (e.g. 竣工验收 of a renovation)."""

    __tablename__ = "house_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    case_id: Mapped[Optional[int]] = mapped_column(ForeignKey("case_file.id"))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(80))                    # e.g. “危房改造案卷…竣工验收”
    old_structure: Mapped[str] = mapped_column(String(10), default="")
    old_area: Mapped[Optional[float]] = mapped_column(Float)
    old_built_year: Mapped[Optional[int]] = mapped_column(Integer)
    old_grade: Mapped[str] = mapped_column(String(1), default="")
    new_structure: Mapped[str] = mapped_column(String(10), default="")
    new_area: Mapped[Optional[float]] = mapped_column(Float)
    new_built_year: Mapped[Optional[int]] = mapped_column(Integer)
    new_grade: Mapped[str] = mapped_column(String(1), default="")
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
