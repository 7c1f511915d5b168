"""Users of the office PC (issue 14, RULES.md R1.9): the first administrator, login with a lockout after
five wrong passwords, and what an administrator does — add a user, reset a password, lock, unlock,
change a role. Logging in sets ``db.user``; from then on every write is made, and audited, as that user.

Login reads and writes ``app_user`` with Core statements: the GUI logs in before its first paint, and
the ORM's mappers are configured only after it (docs/architecture.md, GUI start-up)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from sqlalchemy import func, select, update

from db import Database
from db.audit import Actor
from db.models.users import AppUser

from ..errors import NotFound, PjdeskError, RuleViolation, ValidationError, raise_first
from ..text import clean_text
from . import passwords
from .roles import ADMIN, ROLES, require

MAX_ATTEMPTS = 5           # wrong passwords in a row before the account is locked …
LOCK_MINUTES = 15          # … for this long
NAME_MAX = 40
_NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]+$")
_T = AppUser.__table__


class LoginFailed(PjdeskError):
    """Wrong name or password, a locked or a disabled account."""


@dataclasses.dataclass(frozen=True)
class UserRow:
    name: str
    display_name: str
    role: str
    active: bool
    locked_until: dt.datetime | None
    failed_attempts: int
    created_at: dt.datetime

    def status(self, now: dt.datetime | None = None) -> str:
        if not self.active:
            return "已停用"
        if self.locked_until and self.locked_until > (now or dt.datetime.now()):
            return f"锁定至{self.locked_until:%H:%M}"
        return "正常"


def user_errors(name, display_name, role, password) -> list[ValidationError]:
    """Every problem of a new user's fields (a dialog shows each beside its field)."""
    out = []
    name = clean_text(name, one_line=True)
    if not name:
        out.append(ValidationError("name", "请填写用户名"))
    elif len(name) > NAME_MAX:
        out.append(ValidationError("name", f"用户名最多{NAME_MAX}个字符"))
    elif not _NAME.match(name):
        out.append(ValidationError("name", "用户名只能含字母、数字、汉字和 _ . -"))
    display = clean_text(display_name, one_line=True)
    if not display:
        out.append(ValidationError("display_name", "请填写姓名（记录上的经办人）"))
    elif len(display) > NAME_MAX:
        out.append(ValidationError("display_name", f"姓名最多{NAME_MAX}字"))
    if role not in ROLES:
        out.append(ValidationError("role", f"角色应为{'、'.join(ROLES)}之一"))
    out += passwords.password_errors(password)
    return out


def login_errors(name, password) -> list[ValidationError]:
    """What the login form lacks (shown beside its fields)."""
    out = []
    if not clean_text(name, one_line=True):
        out.append(ValidationError("name", "请填写用户名"))
    if not password:
        out.append(ValidationError("password", "请填写密码"))
    return out


def has_users(db: Database) -> bool:
    """Whether any user exists (none: the first run creates the administrator)."""
    with db.reader() as s:
        return bool(s.execute(select(func.count()).select_from(_T)).scalar())


def _new_user(name, display_name, role, password) -> AppUser:
    raise_first(user_errors(name, display_name, role, password))
    digest, salt, params = passwords.hash_password(password)
    return AppUser(name=clean_text(name, one_line=True), display_name=clean_text(display_name, one_line=True),
                   role=role, password_hash=digest, password_salt=salt, password_params=params,
                   failed_attempts=0, active=True)


def create_first_admin(db: Database, name: str, display_name: str, password: str) -> Actor:
    """The administrator of a new database (first run, ``pjdesk init``); refused once any user exists.
    Logs the new administrator in."""
    user = _new_user(name, display_name, ADMIN, password)
    with db.transaction(system=True) as s:
        if s.execute(select(func.count()).select_from(_T)).scalar():
            raise RuleViolation("已有用户，第一个管理员只能在新数据库中创建；请由管理员在“用户管理”中添加用户")
        s.add(user)
    db.user = Actor(user.name, user.display_name, user.role)
    return db.user


def add_user(db: Database, name: str, display_name: str, role: str, password: str) -> None:
    require(db, ADMIN)
    user = _new_user(name, display_name, role, password)
    with db.transaction() as s:
        if s.execute(select(_T.c.id).where(_T.c.name == user.name)).first():
            raise ValidationError("name", f"用户名“{user.name}”已存在")
        s.add(user)


def list_users(db: Database) -> list[UserRow]:
    with db.reader() as s:
        rows = s.execute(select(_T.c.name, _T.c.display_name, _T.c.role, _T.c.active, _T.c.locked_until,
                                _T.c.failed_attempts, _T.c.created_at).order_by(_T.c.id)).all()
    return [UserRow(*r) for r in rows]


def login(db: Database, name: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """Check the password and log ``name`` in (``db.user``). Five wrong passwords in a row lock the
    account for LOCK_MINUTES; the counter is saved even though the login is refused."""
    now = now or dt.datetime.now().replace(microsecond=0)
    name = clean_text(name, one_line=True)
    refusal = None
    with db.transaction(system=True) as s:
        row = s.execute(select(_T).where(_T.c.name == name)).first() if name else None
        if row is None:
            passwords.hash_password(password if isinstance(password, str) else "")  # same time as a wrong password
            raise LoginFailed("用户名或密码不正确")
        if not row.active:
            raise LoginFailed(f"用户“{name}”已停用，请联系管理员")
        if row.locked_until and row.locked_until > now:
            raise LoginFailed(f"密码连续输错{MAX_ATTEMPTS}次，用户“{name}”已锁定至{row.locked_until:%H:%M}，"
                              "请稍后再试或请管理员解锁")
        if passwords.verify(password, row.password_hash, row.password_salt, row.password_params):
            if row.failed_attempts or row.locked_until:
                s.execute(update(_T).where(_T.c.id == row.id).values(failed_attempts=0, locked_until=None))
        else:
            attempts = row.failed_attempts + 1
            if row.locked_until and row.locked_until <= now:
                attempts = 1                      # the lock ran out: a fresh count
            locked = now + dt.timedelta(minutes=LOCK_MINUTES) if attempts >= MAX_ATTEMPTS else None
            s.execute(update(_T).where(_T.c.id == row.id).values(
                failed_attempts=0 if locked else attempts, locked_until=locked))
            refusal = LoginFailed(
                f"密码连续输错{MAX_ATTEMPTS}次，用户“{name}”已锁定{LOCK_MINUTES}分钟" if locked
                else f"用户名或密码不正确（再错{MAX_ATTEMPTS - attempts}次将锁定{LOCK_MINUTES}分钟）")
    if refusal:
        raise refusal
    db.user = Actor(row.name, row.display_name, row.role)
    return db.user


def logout(db: Database) -> None:
    db.user = None


def _get(s, name: str) -> AppUser:
    user = s.scalars(select(AppUser).where(AppUser.name == name)).first()
    if user is None:
        raise NotFound(f"没有用户“{name}”")
    return user


def change_password(db: Database, old: str, new: str) -> None:
    """The logged-in user's own password; the old one must be given."""
    require(db)
    raise_first(passwords.password_errors(new, "new_password"))
    with db.transaction() as s:
        user = _get(s, db.user.name)
        if not passwords.verify(old, user.password_hash, user.password_salt, user.password_params):
            raise ValidationError("old_password", "原密码不正确")
        user.password_hash, user.password_salt, user.password_params = passwords.hash_password(new)


def reset_password(db: Database, name: str, new: str) -> None:
    """An administrator sets another user's password (and clears a lockout)."""
    require(db, ADMIN)
    raise_first(passwords.password_errors(new))
    with db.transaction() as s:
        user = _get(s, name)
        user.password_hash, user.password_salt, user.password_params = passwords.hash_password(new)
        user.failed_attempts, user.locked_until = 0, None


def _active_admins(s) -> int:
    return s.execute(select(func.count()).select_from(_T).where(_T.c.role == ADMIN, _T.c.active)).scalar()


def set_active(db: Database, name: str, active: bool) -> None:
    """Lock (停用) or unlock a user; unlocking also clears a lockout after wrong passwords. The last
    active administrator, and the administrator doing it, cannot be locked."""
    require(db, ADMIN)
    with db.transaction() as s:
        user = _get(s, name)
        if not active:
            if user.name == db.user.name:
                raise RuleViolation("不能停用当前登录的用户自己")
            if user.role == ADMIN and user.active and _active_admins(s) <= 1:
                raise RuleViolation("至少要保留一个可用的管理员")
        user.active = active
        if active:
            user.failed_attempts, user.locked_until = 0, None


def set_role(db: Database, name: str, role: str) -> None:
    require(db, ADMIN)
    if role not in ROLES:
        raise ValidationError("role", f"角色应为{'、'.join(ROLES)}之一")
    with db.transaction() as s:
        user = _get(s, name)
        if user.role == ADMIN and role != ADMIN and user.active and _active_admins(s) <= 1:
            raise RuleViolation("至少要保留一个可用的管理员，不能改变最后一个管理员的角色")
        user.role = role
    if db.user.name == name:
        db.user = Actor(db.user.name, db.user.display_name, role)
