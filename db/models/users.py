"""Users of the office PC and the audit trail (schema 0007, issue 14, RULES.md R1.9).

- ``AppUser``: one login. The password is kept only as a salted scrypt hash (``pjdesk.auth.passwords``);
  five wrong passwords set ``locked_until``.
- ``AuditLog``: who changed what, written by the session events of ``db/audit.py`` for every create,
  update and delete. A trigger refuses UPDATE and DELETE of its rows: nothing edits the trail.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, now

ROLES = ("录入员", "审核员", "管理员")  # in rising order: each role may do what the ones before it may


class AppUser(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)         # the login name
    display_name: Mapped[str] = mapped_column(String(40))              # recorded as 经办人
    role: Mapped[str] = mapped_column(String(6))                       # ROLES
    password_hash: Mapped[bytes] = mapped_column(LargeBinary)
    password_salt: Mapped[bytes] = mapped_column(LargeBinary)
    password_params: Mapped[str] = mapped_column(String(40))           # "scrypt:n=16384,r=8,p=1"
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)        # false: 已停用 (locked by an admin)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    user_name: Mapped[str] = mapped_column(String(40), index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(String(80))
    household_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)   # for the household's 变更记录
    case_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)        # for the case's 变更记录
    action: Mapped[str] = mapped_column(String(4))                     # 新建 / 修改 / 删除
    field: Mapped[str] = mapped_column(String(60), default="")
    old: Mapped[Optional[str]] = mapped_column(Text)
    new: Mapped[Optional[str]] = mapped_column(Text)
