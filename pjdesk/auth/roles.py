"""Roles (RULES.md R1.9): 录入员 enters and edits households, cases and help records; 审核员 also records
review decisions and postings; 管理员 also manages users, settings, rate tables and restores backups.

Every service that needs more than a logged-in user calls ``require(db, role)`` first — the GUI may
disable what a role cannot do, but the service refuses anyway, naming the role it needs. (That some
user is logged in for every write is checked centrally by ``db.Database.transaction``.)
"""

from __future__ import annotations

from db.audit import ACTOR_KEY
from db.errors import AccessDenied, NotLoggedIn
from db.models.users import ROLES

CLERK, REVIEWER, ADMIN = ROLES

__all__ = ["ROLES", "CLERK", "REVIEWER", "ADMIN", "RoleRequired", "require", "require_in", "allows", "needed_text"]


class RoleRequired(AccessDenied):
    """The logged-in user's role may not do this; the message names the role needed."""


def rank(role: str) -> int:
    return ROLES.index(role)


def allows(user_role: str | None, role: str) -> bool:
    """Whether a user of ``user_role`` may do what needs ``role`` (for a GUI to disable an action)."""
    return user_role in ROLES and rank(user_role) >= rank(role)


def needed_text(role: str) -> str:
    """“审核员或管理员” for 审核员: the roles that may do it, in words."""
    return "或".join(ROLES[rank(role):])


def require(db, role: str = CLERK) -> None:
    """Refuse unless a user is logged in on ``db`` whose role is ``role`` or higher. Raises
    ``NotLoggedIn`` (no user) or ``RoleRequired`` ("此操作需要审核员或管理员角色，当前用户……")."""
    if role not in ROLES:
        raise ValueError(role)
    fresh = getattr(db, "current_user", None)        # a Database: the role it holds now, not at login
    user = fresh() if fresh is not None else getattr(db, "user", None)
    if user is None:
        raise NotLoggedIn("请先登录：此操作需要登录后才能进行")
    if not allows(user.role, role):
        raise RoleRequired(f"此操作需要{needed_text(role)}角色，当前用户“{user.display_name}”是{user.role}")


class _Held:
    def __init__(self, user):
        self.user = user


def require_in(session, role: str = CLERK) -> None:
    """``require`` for a function handed only a session of ``Database.transaction`` (settings writes)."""
    require(_Held(session.info.get(ACTOR_KEY)), role)
