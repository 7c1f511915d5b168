"""Users of each role for the tests of issue 14 (R1.9): added by the administrator the shared fixtures
log in, then logged in through the real service."""

from __future__ import annotations

import pytest

from pjdesk.auth import users

PASSWORD = "pw-1234"


def add_and_login(db, name: str, role: str, display: str = ""):
    """As the administrator, add ``name``; then log ``name`` in (db.user) and return its Actor."""
    users.add_user(db, name, display or f"{role}{name}", role, PASSWORD)
    return users.login(db, name, PASSWORD)


@pytest.fixture
def as_clerk(db):
    add_and_login(db, "lu", "录入员", "陆录入")
    return db


@pytest.fixture
def as_reviewer(db):
    add_and_login(db, "shen", "审核员", "沈审核")
    return db
