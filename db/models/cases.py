"""Case files (案件) reviewed in three levels with three public postings, and their history.

Every case kind (危房改造, 易地搬迁 …) shares ``Case`` and its append-only history: decisions,
posting batches, objections and their verifications, attachments. Kind-specific facts live in a
detail table (``RenovationDetail`` for 危房改造). Nothing here is edited after it is written except the
case's cached position (``Case.stage`` / ``status`` / ``step``), which the services move together with
the history row that explains the move.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import (
    Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, now
from .registry import Household, Village


class Case(Base):
    """One application of one household for one kind of support, from 申请 to 归档 (or refusal)."""

    __tablename__ = "case_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)         # "renovation", "relocation" …
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    stage: Mapped[str] = mapped_column(String(8))                     # recorded stage (see pjdesk.cases.stages)
    status: Mapped[str] = mapped_column(String(8), index=True)        # 办理中 / 已归档 / 不予通过
    step: Mapped[int] = mapped_column(Integer, default=0)             # number of stage moves so far
    applied_on: Mapped[dt.date] = mapped_column(Date)
    application_note: Mapped[str] = mapped_column(Text, default="")
    household_size: Mapped[int] = mapped_column(Integer)              # current members at application
    opened_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    closed_on: Mapped[Optional[dt.date]] = mapped_column(Date)

    household: Mapped[Household] = relationship()
    village: Mapped[Village] = relationship()
    decisions: Mapped[list[CaseDecision]] = relationship(order_by="CaseDecision.id", back_populates="case")
    subsidy_lines: Mapped[list[CaseSubsidyLine]] = relationship(order_by="CaseSubsidyLine.id")

    __table_args__ = (
        # A household has at most one open housing case (危房改造 or 易地搬迁); the service checks first.
        Index("uq_case_file_open_housing", "household_id", unique=True,
              sqlite_where=text("status = '办理中' AND kind IN ('renovation', 'relocation')")),
    )


class CaseDecision(Base):
    """A move of a case from one stage to another: a reviewer's decision (通过 / 退回 / 不予通过),
    the end of a posting (公示期满), or a refusal after a confirmed objection. Never edited."""

    __tablename__ = "case_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    stage: Mapped[str] = mapped_column(String(8))                     # the stage decided on
    decision: Mapped[str] = mapped_column(String(8))                  # 通过 / 退回 / 不予通过 / 公示期满
    to_stage: Mapped[str] = mapped_column(String(8))
    opinion: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(40), default="")
    reviewer_post: Mapped[str] = mapped_column(String(40), default="")
    decided_on: Mapped[dt.date] = mapped_column(Date)
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    case: Mapped[Case] = relationship(back_populates="decisions")


class PostingBatch(Base):
    """One public posting (公示) of the cases of one village at one posting stage."""

    __tablename__ = "posting_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    stage: Mapped[str] = mapped_column(String(8))
    place: Mapped[str] = mapped_column(String(40))
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    village: Mapped[Village] = relationship()
    members: Mapped[list[PostingMember]] = relationship(order_by="PostingMember.id", back_populates="batch")


class PostingMember(Base):
    """A case on a posting. ``step`` is the case's step when posted, so a case returned and posted
    again is told apart from its earlier round."""

    __tablename__ = "posting_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("posting_batch.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    batch: Mapped[PostingBatch] = relationship(back_populates="members")
    case: Mapped[Case] = relationship()
    __table_args__ = (UniqueConstraint("case_id", "step", name="uq_posting_member_case_id_step"),)


class Objection(Base):
    """异议 raised during a posting: who, when, what (RULES.md R5.4)."""

    __tablename__ = "objection"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("posting_batch.id"))
    raised_by: Mapped[str] = mapped_column(String(40))
    raised_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    verification: Mapped[Optional[ObjectionVerification]] = relationship(back_populates="objection")


class ObjectionVerification(Base):
    """The verification result of one objection (written once): 属实 ends the case, 不属实 lets it go on."""

    __tablename__ = "objection_verification"
    id: Mapped[int] = mapped_column(primary_key=True)
    objection_id: Mapped[int] = mapped_column(ForeignKey("objection.id"), unique=True)
    result: Mapped[str] = mapped_column(String(8))                    # 属实 / 不属实
    verified_by: Mapped[str] = mapped_column(String(40))
    verified_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    objection: Mapped[Objection] = relationship(back_populates="verification")


class RenovationDetail(Base):
    """危房改造: the application's facts (RULES.md R3.1–R3.5) and the approved subsidy (R3.7)."""

    __tablename__ = "renovation_detail"
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(8))                      # 集中安置 / 分散
    build_type: Mapped[str] = mapped_column(String(8))                # 集中新建 / 原地重建 / 修缮加固
    house_type: Mapped[int] = mapped_column(Integer)                  # 60 or 35 (㎡), from household size
    main_area: Mapped[Optional[float]] = mapped_column(Float)
    annex_area: Mapped[Optional[float]] = mapped_column(Float)
    homestead_area: Mapped[Optional[float]] = mapped_column(Float)
    cluster_site: Mapped[str] = mapped_column(String(60), default="")
    cluster_site_households: Mapped[Optional[int]] = mapped_column(Integer)
    house_structure: Mapped[str] = mapped_column(String(10), default="")
    danger_grade: Mapped[str] = mapped_column(String(1), default="")
    assessment_agency: Mapped[str] = mapped_column(String(60), default="")
    assessed_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    approved_subsidy: Mapped[Optional[int]] = mapped_column(Integer)  # yuan to the household, fixed at approval
    approved_infrastructure: Mapped[Optional[int]] = mapped_column(Integer)  # cluster-site funds, not to the household
    approved_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    case: Mapped[Case] = relationship()
    exclusions: Mapped[list[RenovationExclusion]] = relationship(order_by="RenovationExclusion.code")


class RenovationExclusion(Base):
    """One answer of the seven-item exclusion checklist (RULES.md R3.3), with its note."""

    __tablename__ = "renovation_exclusion"
    case_id: Mapped[int] = mapped_column(ForeignKey("renovation_detail.case_id"), primary_key=True)
    code: Mapped[int] = mapped_column(Integer, primary_key=True)      # 1..7
    holds: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)


class SubsidyRate(Base):
    """One line of a subsidy standard, valid from ``effective_from`` until a later line of the same
    key (kind, mode, house_type, item, department) replaces it (RULES.md R3.7). Never edited."""

    __tablename__ = "subsidy_rate"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(8))
    house_type: Mapped[int] = mapped_column(Integer, default=0)       # 0 = any house type
    item: Mapped[str] = mapped_column(String(16))                     # 建房补助 / 基础设施配套
    department: Mapped[str] = mapped_column(String(16), default="")
    amount: Mapped[int] = mapped_column(Integer)                      # yuan per household
    to_household: Mapped[bool] = mapped_column(Boolean, default=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    __table_args__ = (Index("ix_subsidy_rate_kind_mode", "kind", "mode", "effective_from"),)


class CaseSubsidyLine(Base):
    """The subsidy standard a case was approved under, copied line by line at approval."""

    __tablename__ = "case_subsidy_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    rate_id: Mapped[Optional[int]] = mapped_column(ForeignKey("subsidy_rate.id"))
    item: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(16), default="")
    amount: Mapped[int] = mapped_column(Integer)
    to_household: Mapped[bool] = mapped_column(Boolean, default=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)


class ConstructionEvent(Base):
    """实施: 开工, 施工检查, 拆旧协议, 拆旧完成 — dated, with who and what was found."""

    __tablename__ = "construction_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    event: Mapped[str] = mapped_column(String(8))
    on_date: Mapped[dt.date] = mapped_column(Date)
    person: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class CompletionAcceptance(Base):
    """竣工验收: date, inspectors, result, area as built. 合格 moves the case on; 不合格 back to 实施."""

    __tablename__ = "completion_acceptance"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    accepted_on: Mapped[dt.date] = mapped_column(Date)
    inspectors: Mapped[str] = mapped_column(String(120))
    result: Mapped[str] = mapped_column(String(8))                    # 合格 / 不合格
    built_main_area: Mapped[Optional[float]] = mapped_column(Float)
    built_annex_area: Mapped[Optional[float]] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[int] = mapped_column(ForeignKey("case_decision.id"))
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Disbursement(Base):
    """资金拨付 to the household's bank account. The sum never exceeds the approved subsidy."""

    __tablename__ = "disbursement"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)                      # yuan
    department: Mapped[str] = mapped_column(String(16))
    bank_name: Mapped[str] = mapped_column(String(40), default="")
    bank_account: Mapped[str] = mapped_column(String(30))
    voucher_no: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Attachment(Base):
    """A photo or scanned document kept inside the database (so a backup carries it)."""

    __tablename__ = "case_attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    category: Mapped[str] = mapped_column(String(12))
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    thumbnail: Mapped[Optional[bytes]] = mapped_column(LargeBinary, deferred=True)
    taken_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(40), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
