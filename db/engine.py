"""Open a pjdesk database: pragmas, automatic migration with a backup copy, refusal of newer files.

Each user action runs in one ``Database.transaction()``: committed as a whole or rolled back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, configure_mappers, sessionmaker

from . import audit
from .audit import Actor
from .errors import DatabaseBusy, DatabaseDamaged, DatabaseReadOnly, DatabaseVersionError, NotLoggedIn
from .models.users import AppUser

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


# The schema heads this program writes, written out so that opening an up-to-date file loads no
# alembic (0.6 s of start-up). A test checks that it equals the heads of the migration scripts.
SCHEMA_HEADS = frozenset({"0008_stats_indexes"})
SCHEMA_HEAD = "+".join(sorted(SCHEMA_HEADS))


def _alembic_config():
    from alembic.config import Config  # alembic loads only when a migration is due or a file is foreign (start-up time)

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _script():
    from alembic.script import ScriptDirectory  # only when a migration is due (start-up time)

    return ScriptDirectory.from_config(_alembic_config())


def script_heads() -> frozenset[str]:
    """The heads of the migration scripts (reads them with alembic; SCHEMA_HEADS is their copy)."""
    return frozenset(_script().get_heads())


def _on_connect(dbapi_conn, _record) -> None:
    # pysqlite would begin a transaction only at the first INSERT/UPDATE, after a service's checks
    # had read outside it; we issue BEGIN ourselves (_on_begin) so checks and writes are one unit.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout = 5000")        # first: switching to WAL may wait for another opener
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


WRITE = "pjdesk_write"  # execution option: this transaction will write


def _on_begin(conn) -> None:
    """A user action's transaction takes the write lock at its start (BEGIN IMMEDIATE): a second
    writer — another window or process — waits (busy_timeout) instead of checking against data
    that is about to change. Reads begin deferred and never block writers (WAL)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def make_engine(path: Path) -> Engine:
    # hide_parameters: an error message never carries the row it failed on (ID numbers, names, phones)
    # into a log file or stderr
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """An open database file: its engine and a session factory."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False, future=True)
        self._writers = sessionmaker(engine.execution_options(**{WRITE: True}), expire_on_commit=False, future=True)
        self.backup_path: Path | None = None  # set when opening migrated an older file
        # Who is logged in (pjdesk.auth.users.login sets it): every write is made by an active user,
        # and the audit events record its name. db/ reads it and imports nothing from pjdesk/.
        self.user: Actor | None = None
        # Set by a window that found the file open in another window (pjdesk.opening): the refusal of
        # every write, in Chinese; "" when writes are allowed.
        self.read_only = ""
        audit.wire(self._writers)

    @contextlib.contextmanager
    def transaction(self, *, system: bool = False) -> Iterator[Session]:
        """One user action: commit on success, roll back everything on any exception. The write
        lock is taken when the transaction begins, so the action's checks and writes see one state.

        Every write needs a logged-in user who is still active (an administrator may have locked the
        account since the login): refused with ``NotLoggedIn`` before anything is written. Only
        ``pjdesk.auth`` writes with ``system=True`` — the wrong-password counter and the first
        administrator, before anyone can be logged in; those rows are audited as 系统."""
        if self.read_only and not system:      # a login's own bookkeeping still goes through
            raise DatabaseReadOnly(self.read_only)
        session = self._writers()
        try:
            session.info[audit.USER_KEY] = audit.SYSTEM if system else self._check_user(session)
            session.info[audit.ACTOR_KEY] = None if system else self.user   # fresh role, for checks given a session
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            if "database is locked" in str(exc.orig):
                raise DatabaseBusy("数据库正被另一个窗口或程序写入，本次操作未执行，请稍后重试") from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _check_user(self, session: Session) -> str:
        """The logged-in user as the database holds them now: an administrator may have disabled them or
        changed their role since they logged in (another window, the CLI), so the role a write is checked
        against is read inside its own transaction, never the one remembered at login."""
        self.user = self._fresh_user(session)
        return self.user.name

    def _fresh_user(self, session_or_conn) -> Actor:
        if self.user is None:
            raise NotLoggedIn("请先登录：修改数据需要登录后才能进行")
        users = AppUser.__table__  # Core: a login must not configure the ORM before the first paint
        row = session_or_conn.execute(select(users.c.active, users.c.role, users.c.display_name)
                                      .where(users.c.name == self.user.name)).first()
        if row is None or not row.active:
            raise NotLoggedIn(f"用户“{self.user.display_name}”已被停用或删除，请重新登录")
        if (row.role, row.display_name) != (self.user.role, self.user.display_name):
            return Actor(self.user.name, row.display_name, row.role)
        return self.user

    def current_user(self) -> Actor:
        """The logged-in user with the role the database holds now (``pjdesk.auth.roles.require``);
        raises ``NotLoggedIn`` when nobody is logged in or the user has been disabled."""
        if self.user is None:
            raise NotLoggedIn("请先登录：此操作需要登录后才能进行")
        with self.engine.connect() as conn:
            self.user = self._fresh_user(conn)
        return self.user

    @contextlib.contextmanager
    def reader(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    @staticmethod
    def prepare_orm() -> None:
        """Configure the ORM mappers now (0.1 s, else done by the first ORM query). The GUI calls it in
        a background job after its first paint; SQLAlchemy serialises configuration with a lock."""
        configure_mappers()


def current_revisions(engine: Engine) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext  # not needed to open a file (start-up time)

    with engine.connect() as conn:
        return tuple(MigrationContext.configure(conn).get_current_heads())


def create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (0600) unless it exists: the database and its
    copies hold the personal data of thousands of families. (SQLite gives its -wal and -shm files the
    database file's mode. On Windows the file inherits the user profile folder's access rights.)"""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def _backup_copy(path: Path, revisions: tuple[str, ...]) -> Path:
    """Copy the file beside itself with the old schema version in its name (SQLite backup API,
    so a WAL file's pages are included)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    label = "+".join(r.split("_")[0] for r in revisions) or "none"
    target = path.with_name(f"{path.stem}.schema-{label}.{stamp}.bak{path.suffix or '.db'}")
    create_private(target)
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def check_file(path: Path) -> None:
    """Refuse, saying what is really wrong, a path that is a folder, an empty file (a creation that was
    cut off, or a file emptied by a failed copy), a file this user may not read or write, or one in a
    folder where SQLite cannot write its journal — before SQLite reports them all as 'not a database'."""
    if path.is_dir():
        raise DatabaseVersionError(f"“{path}”是一个文件夹，不是数据库文件")
    if not path.exists():
        return
    if path.stat().st_size == 0:
        raise DatabaseDamaged(f"数据库文件是空的（0字节），可能上次创建时被中断或文件已损坏：{path}。"
                                   "请从备份恢复；如确为新建，请删除该文件后重新创建")
    if not os.access(path, os.R_OK):
        raise DatabaseVersionError(f"没有读取该数据库文件的权限：{path}")
    if not os.access(path, os.W_OK):
        raise DatabaseVersionError(f"数据库文件是只读的，无法保存修改：{path}（请在文件属性中取消“只读”，"
                                   "或把文件复制到可写的文件夹）")
    if not os.access(path.parent, os.W_OK):
        raise DatabaseVersionError(f"数据库所在文件夹不可写入（保存时需要在其中建立临时文件）：{path.parent}")


def _inspect_readonly(path: Path) -> tuple[tuple[str, ...], set[str]]:
    """(alembic revisions, table names) of an existing file, read without changing a byte. (A full
    ``PRAGMA quick_check`` here would cost 0.8 s on a 50,000-household file at every start and every
    command: not done yet, see docs/architecture.md "Schema and migrations".)"""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = tuple(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")) \
                if "alembic_version" in tables else ()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise DatabaseBusy(f"数据库文件正被另一个程序占用，请关闭该程序后重试：{path}") from None
        raise DatabaseDamaged(f"无法读取数据库文件（不是有效的数据库或已损坏）：{path}（{exc}）") from None
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(f"无法读取数据库文件（不是有效的数据库或已损坏）：{path}（{exc}）") from None
    return revisions, tables


def _check_version(path: Path, revisions: tuple[str, ...], tables: set[str]) -> None:
    if not revisions and tables:
        raise DatabaseVersionError(f"该文件不是平江扶贫工作台的数据库，已拒绝打开：{path}")
    if set(revisions) == SCHEMA_HEADS:
        return  # up to date: no need to read the scripts
    known = {rev.revision for rev in _script().walk_revisions()}
    unknown = [r for r in revisions if r not in known]
    if unknown:
        raise DatabaseVersionError(
            f"该数据库由更新版本的平江扶贫工作台写入（数据库结构版本 {', '.join(unknown)}），"
            f"当前程序只支持到版本 {SCHEMA_HEAD}。为保护数据，已拒绝打开。"
            "请先升级本程序再打开此文件。")


def open_database(path: str | Path, *, create: bool = True) -> Database:
    """Open (and if needed create or upgrade) the database at ``path``.

    - a new file is created at the newest schema;
    - an older file is copied beside itself (old version in the copy's name), then migrated;
    - a file from a newer pjdesk, or a SQLite file that is not a pjdesk database, is refused
      before anything is written to it.
    """
    path = Path(path).expanduser().resolve()
    check_file(path)
    existed = path.exists()
    if not existed and not create:
        raise FileNotFoundError(f"数据库文件不存在：{path}")
    revisions: tuple[str, ...] = ()
    if existed:
        revisions, tables = _inspect_readonly(path)
        _check_version(path, revisions, tables)
    path.parent.mkdir(parents=True, exist_ok=True)
    due = set(revisions) != SCHEMA_HEADS  # a new file, or an older one
    if not existed:
        create_private(path)
    engine = make_engine(path)
    backup = None
    try:
        if due:
            backup = _upgrade(engine, path)
    except OperationalError as exc:
        engine.dispose()
        if "locked" in str(exc.orig):
            raise DatabaseBusy(f"另一个窗口或程序正在升级此数据库，请稍后再打开：{path}") from None
        raise
    except BaseException:
        engine.dispose()
        raise
    db = Database(path, engine)
    db.backup_path = backup
    return db


def _upgrade(engine: Engine, path: Path) -> Path | None:
    """Upgrade to the heads under the write lock (BEGIN IMMEDIATE), reading the file's revision again
    once the lock is held: when several windows open an old file at once, one copies and upgrades, the
    others wait (busy_timeout) and find it done — one backup copy, no 'database is locked'."""
    from alembic import command  # only when a migration is due (start-up time)

    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        current = tuple(r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")) \
            if "alembic_version" in tables else ()
        if set(current) == SCHEMA_HEADS:
            return None                  # another window upgraded it while this one waited
        backup = None
        if current:
            backup = _backup_copy(path, current)
            log.info("migrating %s from %s; copy written to %s", path, current, backup)
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
        return backup
