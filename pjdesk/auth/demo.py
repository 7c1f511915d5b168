"""The demo township's users: one per role, password ``demo`` (demo only — printed by ``pjdesk demo`` and
named in the README as such). The demo is then built as the administrator, so its records carry a
经办人 and its audit rows a user."""

from __future__ import annotations

from sqlalchemy import select

from db import Database
from db.audit import Actor
from db.models.users import AppUser

from . import passwords
from .roles import ADMIN, CLERK, REVIEWER

DEMO_PASSWORD = "demo"
DEMO_USERS = (("admin", "管理员（演示）", ADMIN), ("reviewer", "审核员（演示）", REVIEWER), ("clerk", "录入员（演示）", CLERK))


def demo_step(db: Database) -> list[tuple[str, str, str]]:
    """Create the three demo users (those not there yet: the demo is built into a new file) and log the
    administrator in; returns
    (name, display name, role) of each."""
    with db.transaction(system=True) as s:
        have = set(s.scalars(select(AppUser.name)))
        for name, display, role in DEMO_USERS:
            if name in have:
                continue
            digest, salt, params = passwords.hash_password(DEMO_PASSWORD)
            s.add(AppUser(name=name, display_name=display, role=role, password_hash=digest, password_salt=salt,
                          password_params=params, failed_attempts=0, active=True))
    name, display, role = DEMO_USERS[0]
    db.user = Actor(name, display, role)
    return list(DEMO_USERS)
