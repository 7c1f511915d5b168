"""Login and passwords (issue 14): scrypt hashes, never the password; five wrong passwords lock the
account for a while; the first administrator only in a database without users."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk.auth import passwords, users
from pjdesk.auth.users import LOCK_MINUTES, MAX_ATTEMPTS, LoginFailed
from pjdesk.errors import RuleViolation
from tests.auth.conftest import PASSWORD


def test_passwords_are_salted_scrypt_hashes_never_the_password(db):
    users.add_user(db, "lu", "陆录入", "录入员", "secret-lu-77")
    users.add_user(db, "ma", "马录入", "录入员", "secret-lu-77")
    raw = db.path.read_bytes() + (db.path.with_name(db.path.name + "-wal").read_bytes()
                                  if db.path.with_name(db.path.name + "-wal").exists() else b"")
    assert b"secret-lu-77" not in raw
    rows = {u.name: u for u in users.list_users(db)}
    assert set(rows) >= {"lu", "ma"}
    a, salt_a, params = passwords.hash_password("x-password")
    b, salt_b, _ = passwords.hash_password("x-password")
    assert salt_a != salt_b and a != b and params == "scrypt:n=16384,r=8,p=1"   # salted: same password, other hash
    assert passwords.verify("x-password", a, salt_a, params) and not passwords.verify("x-passwort", a, salt_a, params)


def test_five_wrong_passwords_lock_the_account_for_a_while(db):
    users.add_user(db, "lu", "陆录入", "录入员", PASSWORD)
    users.logout(db)
    now = dt.datetime(2026, 11, 28, 9, 0)
    for left in range(MAX_ATTEMPTS - 1, 0, -1):
        with pytest.raises(LoginFailed, match=f"再错{left}次将锁定"):
            users.login(db, "lu", "wrong", now=now)
    with pytest.raises(LoginFailed, match=f"已锁定{LOCK_MINUTES}分钟"):
        users.login(db, "lu", "wrong", now=now)
    # locked: even the right password is refused until the time has passed
    with pytest.raises(LoginFailed, match="已锁定至09:15"):
        users.login(db, "lu", PASSWORD, now=now + dt.timedelta(minutes=5))
    assert db.user is None
    actor = users.login(db, "lu", PASSWORD, now=now + dt.timedelta(minutes=LOCK_MINUTES + 1))
    assert actor.name == "lu" and db.user == actor
    [row] = [u for u in users.list_users(db) if u.name == "lu"]
    assert row.failed_attempts == 0 and row.locked_until is None


def test_an_administrator_unlocks_at_once_and_resets_a_password(db):
    users.add_user(db, "lu", "陆录入", "录入员", PASSWORD)
    now = dt.datetime.now()
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(LoginFailed):
            users.login(db, "lu", "wrong", now=now)
    users.login(db, "admin", "demo")
    users.reset_password(db, "lu", "new-pass-1")
    assert users.login(db, "lu", "new-pass-1").name == "lu"
    with pytest.raises(LoginFailed, match="用户名或密码不正确"):
        users.login(db, "lu", PASSWORD)


def test_a_disabled_user_and_an_unknown_name_cannot_log_in(db):
    users.add_user(db, "lu", "陆录入", "录入员", PASSWORD)
    users.set_active(db, "lu", False)
    with pytest.raises(LoginFailed, match="已停用"):
        users.login(db, "lu", PASSWORD)
    with pytest.raises(LoginFailed, match="用户名或密码不正确"):
        users.login(db, "nobody", PASSWORD)


def test_change_own_password_needs_the_old_one(db):
    users.add_user(db, "lu", "陆录入", "录入员", PASSWORD)
    users.login(db, "lu", PASSWORD)
    with pytest.raises(Exception, match="原密码不正确"):
        users.change_password(db, "not-it", "brand-new-9")
    users.change_password(db, PASSWORD, "brand-new-9")
    assert users.login(db, "lu", "brand-new-9").name == "lu"


def test_the_first_administrator_only_in_a_database_without_users(db):
    with pytest.raises(RuleViolation, match="已有用户"):
        users.create_first_admin(db, "boss", "张站长", "abcd1234")


@pytest.mark.no_login
def test_the_first_administrator_is_created_and_logged_in(empty_db):
    assert not users.has_users(empty_db)
    actor = users.create_first_admin(empty_db, "boss", "张站长", "abcd1234")
    assert (actor.name, actor.role) == ("boss", "管理员") and empty_db.user == actor
    assert users.has_users(empty_db)
