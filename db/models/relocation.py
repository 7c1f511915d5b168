"""易地扶贫搬迁 (schema 0006, issue 11): the resettlement sites (安置点) and the relocation case's own facts.

- ``RelocationSite``: a site of the county's plan (RULES.md R4.3/R4.4) — 中心城区 / 集镇 / 村级 — with
  its planned households and persons, the house types it offers, its status and delivery date.
- ``RelocationDetail``: a relocation case's application (eligibility R4.1, willingness R4.2) and its
  allocation (site, unit, area; an over-plan allocation carries its approval and reason).
- ``RelocationMover``: a member of the household who moves with the case (each member once).
- ``RelocationEvent``: dated records after approval: 搬迁协议, 拆旧复垦协议, 搬迁入住, 旧房拆除,
  拆除验收, 后续扶持. Never edited.
Occupancy is never stored: it is counted from the cases (pjdesk.cases.sites).
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, now


class RelocationSite(Base):
    __tablename__ = "relocation_site"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)        # HJD-1, T2017-07 …
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(6))                      # 中心城区 / 集镇 / 村级
    township: Mapped[str] = mapped_column(String(20), default="")     # blank: the county seat
    place: Mapped[str] = mapped_column(String(120), default="")
    year: Mapped[int] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(String(20), default="")
    planned_households: Mapped[int] = mapped_column(Integer)
    planned_persons: Mapped[int] = mapped_column(Integer)
    house_types: Mapped[str] = mapped_column(String(80), default="")  # areas per unit offered, "50,75,100"
    follows_house_standard: Mapped[bool] = mapped_column(Boolean, default=False)  # R3.5 60/35㎡ types apply
    status: Mapped[str] = mapped_column(String(4), default="规划")     # 规划 / 在建 / 已交付
    delivered_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    is_aggregate: Mapped[bool] = mapped_column(Boolean, default=False)  # several unnamed points in one row
    note: Mapped[str] = mapped_column(Text, default="")


class RelocationDetail(Base):
    __tablename__ = "relocation_detail"
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("relocation_site.id"), index=True)
    unit: Mapped[str] = mapped_column(String(40))                     # 3栋502
    area: Mapped[float] = mapped_column(Float)                        # ㎡ allocated
    old_house_structure: Mapped[str] = mapped_column(String(10))      # 无房 / 土坯 at application
    sole_house: Mapped[bool] = mapped_column(Boolean, default=False)  # the adobe house is the only one
    willing_signed_on: Mapped[dt.date] = mapped_column(Date)          # R4.2 搬迁意愿书
    willing_signer: Mapped[str] = mapped_column(String(40))
    companions: Mapped[int] = mapped_column(Integer, default=0)       # 同步搬迁 persons (not on the roster)
    companions_note: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(Text, default="")           # 一方水土养不活一方人 …
    over_plan_reason: Mapped[str] = mapped_column(Text, default="")   # allocation beyond planned households
    over_plan_approved_by: Mapped[str] = mapped_column(String(40), default="")
    approved_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    demolition_due_on: Mapped[Optional[dt.date]] = mapped_column(Date)  # approval + setting days
    old_house_state: Mapped[str] = mapped_column(String(6), default="")  # "" / 已拆除
    site: Mapped[RelocationSite] = relationship()


class RelocationMover(Base):
    __tablename__ = "relocation_mover"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    __table_args__ = (UniqueConstraint("case_id", "member_id", name="uq_relocation_mover_case_member"),)


class RelocationEvent(Base):
    __tablename__ = "relocation_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    event: Mapped[str] = mapped_column(String(8))
    on_date: Mapped[dt.date] = mapped_column(Date)
    person: Mapped[str] = mapped_column(String(60), default="")
    category: Mapped[str] = mapped_column(String(8), default="")      # 后续扶持: 就业 / 产业 / 入学 / 其他
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
