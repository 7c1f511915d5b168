"""Copies of a database file made with SQLite's online backup API, checked, and put in place atomically.

The backup API copies a consistent snapshot while other connections read and write (the pages of the WAL
included). A copy is written under a temporary name beside its destination, made a single self-contained
file (journal mode DELETE: no -wal file to lose on a USB stick), checked with ``PRAGMA integrity_check``,
flushed to the disk (fsync) and only then renamed to its final name: a copy interrupted at any point
leaves nothing under the final name.

Restoring into a database that is in use goes through the backup API the other way (the chosen file's
pages written into the live database in one write transaction): the live file is either the old database
or the complete new one, whatever is killed when, and every connection open on it sees the change
(a rename under an open WAL database would pair the new file with the old -wal file).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import audit
from .engine import _upgrade, create_private, make_engine  # the same upgrade as opening a file
from .models.users import AppUser
from .errors import DatabaseBusy, DatabaseDamaged

PAGES_PER_STEP = 4096  # backup API step: ~16 MB with 4 KB pages, so readers are never held up for long


@dataclass(frozen=True)
class FileFacts:
    """What a database file says about itself, read without changing a byte."""

    revisions: tuple[str, ...]
    tables: frozenset[str]
    township: str | None      # the township's name (None: not set up)
    households: int | None    # households on record (None: the table does not exist)


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def check(path: Path, *, full: bool = True) -> list[str]:
    """SQLite's findings about the file: [] when it is whole. ``full``: ``integrity_check`` (every index
    against its table), else ``quick_check`` (faster: pages and records only). Read-only."""
    pragma = "integrity_check(20)" if full else "quick_check(20)"
    try:
        conn = _ro(path)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise DatabaseBusy(f"数据库文件正被另一个程序占用，请稍后重试：{path}") from None
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    if rows == ["ok"]:
        return []
    lines = [line.strip() for row in rows for line in str(row).splitlines()]
    return [line for line in lines if line and not line.startswith("***")][:5]


def facts(path: Path) -> FileFacts:
    """Schema revisions, tables, township and household count of a file (read-only); DatabaseDamaged when
    SQLite cannot read it."""
    try:
        conn = _ro(path)
        try:
            tables = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
            revisions = tuple(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")) \
                if "alembic_version" in tables else ()
            township = None
            if "township" in tables:
                row = conn.execute("SELECT name FROM township LIMIT 1").fetchone()
                township = row[0] if row else None
            households = conn.execute("SELECT count(*) FROM household").fetchone()[0] \
                if "household" in tables else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(f"无法读取数据库文件（不是有效的数据库或已损坏）：{path}（{exc}）") from None
    return FileFacts(revisions, tables, township, households)


def rows(path: Path, table: str) -> list[dict] | None:
    """Every row of ``table`` (a known table name) as dicts, read-only; None when the file has no such
    table. DatabaseDamaged when SQLite cannot read it."""
    try:
        conn = _ro(path)
        conn.row_factory = sqlite3.Row
        try:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
                return None
            return [dict(r) for r in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(f"无法读取数据库文件（不是有效的数据库或已损坏）：{path}（{exc}）") from None


def stage(source: Path, target: Path, *, user: str, note: str, users: list[dict] | None = None) -> Path:
    """Prepare what a restore writes: a checked copy of ``source`` at ``target``, upgraded to this
    program's schema (as opening it would), then in one transaction the ``users`` rows added (the
    current users, when the file has none) and one audit row (action 恢复, ``note`` in ``new``) written
    under ``user``. Returns ``target``."""
    copy(source, target)
    engine = make_engine(target)
    try:
        _upgrade(engine, target)
        with engine.begin() as conn:
            if users:   # the rows as read (raw values: SQLAlchemy's DateTime would refuse their text)
                have = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({AppUser.__tablename__})")}
                cols = [c for c in users[0] if c in have]
                conn.exec_driver_sql(
                    f"INSERT INTO {AppUser.__tablename__} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [tuple(u[c] for c in cols) for u in users])
            audit.note(conn, user, "database", Path(source).name, audit.RESTORE, new=note)
    finally:
        engine.dispose()
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))   # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles for this)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def temp_name(target: Path) -> Path:
    """The temporary name a copy is written under, beside ``target`` (a hidden file, this process's id)."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def copy(source: Path | sqlite3.Connection, target: Path, *, progress=None) -> Path:
    """Copy the database ``source`` (a path, or an open connection) to the new file ``target``:
    backup API → temporary file beside ``target`` (owner-only) → journal mode DELETE → integrity_check
    → fsync → rename. Returns ``target``; DatabaseDamaged (nothing left behind) when the copy is not
    whole. ``progress(done_pages, total_pages)`` is called between steps."""
    target = Path(target)
    tmp = temp_name(target)
    _remove(tmp)
    create_private(tmp)
    own = not isinstance(source, sqlite3.Connection)
    src = _ro(source) if own else source
    try:
        dst = sqlite3.connect(tmp)
        try:
            def step(_status, remaining, total):
                if progress is not None:
                    progress(total - remaining, total)
            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        problems = check(tmp, full=True)
        if problems:
            raise DatabaseDamaged(f"备份副本未通过完整性检查（{'；'.join(problems[:3])}），未保存")
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except sqlite3.OperationalError as exc:
        _remove(tmp)
        if "locked" in str(exc):
            raise DatabaseBusy("数据库正被另一个程序长时间写入，暂时无法备份，请稍后重试") from None
        raise DatabaseDamaged(f"无法复制数据库（{exc}）") from None
    except sqlite3.DatabaseError as exc:
        _remove(tmp)
        raise DatabaseDamaged(f"无法复制数据库（不是有效的数据库或已损坏：{exc}）") from None
    except BaseException:
        _remove(tmp)
        raise
    finally:
        if own:
            src.close()
    return target


def restore_into(source: Path, target: Path) -> None:
    """Replace the contents of the (whole, maybe open) database ``target`` with the file ``source`` in one
    write transaction of SQLite's backup API: killed at any point, ``target`` is the old database or the
    complete new one. The caller has checked ``source``."""
    src = _ro(source)
    try:
        dst = sqlite3.connect(target, timeout=5)
        try:
            dst.execute("PRAGMA busy_timeout = 5000")
            src.backup(dst, pages=-1)        # all pages in one step: one transaction on the target
        finally:
            dst.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusy("数据库正被另一个窗口或程序写入，未能恢复，请关闭其他窗口后重试") from None
        raise
    finally:
        src.close()


def replace_file(source: Path, target: Path) -> None:
    """Put a copy of ``source`` in place of a ``target`` that SQLite cannot use (damaged, empty): the
    copy is made and checked under a temporary name beside ``target``, the damaged file's -wal and -shm
    are moved aside (they belong to the old file), then one ``os.replace``."""
    target = Path(target)
    tmp = copy(source, target.with_name(f".{target.name}.{os.getpid()}.restoring"))
    try:
        for side in ("-wal", "-shm", "-journal"):
            old = Path(f"{target}{side}")
            if old.exists():
                os.replace(old, Path(f"{target}.damaged{side}"))
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        _remove(tmp)
        raise
