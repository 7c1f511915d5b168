"""Backups and restore (issue 14): the automatic daily backup, a backup to any folder, the list of
backups, and restoring one — checked, preceded by a backup of the current database, atomic.

Where: ``<data folder>/backups/`` (``backups_dir``), files named ``<database name>-<date>-<time>-<kind>.db``
(kinds: auto, manual, before-restore, damaged). The automatic backup is made when the window closes (and
when it opens if there is none of today): at most one per day — a later one of the same day replaces it —
and the newest ``backup_keep`` (setting) are kept. Copies made by a schema upgrade (``*.schema-….bak.db``
beside the database) are listed and rotated the same way. Every copy is a single file checked with
``PRAGMA integrity_check`` (``db.backup.copy``): copying it to a new PC is all a move needs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from db import Database
from db import backup as copies
from db.engine import _check_version, create_private  # the same version check as opening a file
from db.errors import DatabaseDamaged, DatabaseVersionError

from . import paths, settings
from .auth.roles import ADMIN, require
from .errors import PjdeskError, ValidationError

KINDS = {"auto": "自动备份", "manual": "手动备份", "before-restore": "恢复前备份", "damaged": "损坏的原文件",
         "upgrade": "升级前副本"}
_STAMP = "%Y%m%d-%H%M%S"


def backups_dir() -> Path:
    return paths.data_dir() / "backups"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime
    kind: str           # a key of KINDS
    size: int

    @property
    def kind_text(self) -> str:
        return KINDS[self.kind]


def backup_name(db_path: Path, kind: str, now: dt.datetime) -> str:
    return f"{Path(db_path).stem}-{now.strftime(_STAMP)}-{kind}.db"


def _parse(db_path: Path, file: Path) -> BackupInfo | None:
    stem = re.escape(Path(db_path).stem)
    m = re.fullmatch(rf"{stem}-(\d{{8}}-\d{{6}})-(auto|manual|before-restore|damaged)\.db", file.name)
    if m is None:   # an upgrade copy beside the database: x.schema-0005.20261128-190000.bak.db
        m2 = re.fullmatch(rf"{stem}\.schema-[^.]+\.(\d{{8}}-\d{{6}})\.bak{re.escape(Path(db_path).suffix or '.db')}",
                          file.name)
        if m2 is None:
            return None
        stamp, kind = m2.group(1), "upgrade"
    else:
        stamp, kind = m.group(1), m.group(2)
    try:
        made = dt.datetime.strptime(stamp, _STAMP)
        size = file.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(file, made, kind, size)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup of the database at ``db_path`` in the backups folder, and its upgrade copies, newest
    first."""
    db_path = Path(db_path)
    found = []
    for folder in (backups_dir(), db_path.parent):
        if folder.is_dir():
            found += [info for f in folder.iterdir() if (info := _parse(db_path, f)) is not None]
    unique = {info.path.resolve(): info for info in found}
    return sorted(unique.values(), key=lambda b: (b.made_at, b.path.name), reverse=True)


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that SQLite finds whole and that is a pjdesk database (damaged originals
    excluded) — what is offered when the database is damaged."""
    for info in list_backups(db_path):
        if info.kind == "damaged" or info.size == 0:
            continue
        try:
            if not copies.check(info.path, full=False) and copies.facts(info.path).revisions:
                return info
        except PjdeskError:
            continue
    return None


def _target(db_path: Path, out: Path | None, kind: str, now: dt.datetime) -> Path:
    name = backup_name(db_path, kind, now)
    if out is None:
        folder = backups_dir()
    elif out.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
        folder, name = out.parent, out.name
    else:
        folder = out
    if folder.exists() and not folder.is_dir():
        raise ValidationError("out", f"“{folder}”不是文件夹")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise ValidationError("out", f"无法建立备份文件夹“{folder}”（路径中有同名的文件，或没有写入权限）") from None
    if not os.access(folder, os.W_OK):
        raise ValidationError("out", f"备份文件夹不可写入：{folder}（U盘是否写保护？）")
    target = folder / name
    if target.resolve() == Path(db_path).resolve():
        raise ValidationError("out", "备份不能覆盖正在使用的数据库文件，请另选文件名")
    return target


def make_backup(db: Database, out: str | Path | None = None, *, kind: str = "manual",
                now: dt.datetime | None = None, progress=None) -> Path:
    """Back up the open database to ``out`` (a folder, or a ``.db`` file name; default the backups
    folder), verified. Returns the file written. Reads only: any logged-in user may back up."""
    now = now or dt.datetime.now()
    target = _target(db.path, Path(out).expanduser() if out else None, kind, now)
    try:
        return copies.copy(db.path, target, progress=progress)
    except OSError as exc:
        why = "磁盘已满" if getattr(exc, "errno", None) == 28 else "没有写入权限或U盘已拔出"
        raise ValidationError("out", f"备份写入失败：{target}（{why}）") from None


def auto_backup(db: Database, *, now: dt.datetime | None = None) -> Path:
    """The automatic backup (window closed, or none yet today): one per day — today's earlier one is
    replaced — then the oldest beyond ``backup_keep`` are removed."""
    now = now or dt.datetime.now()
    path = make_backup(db, kind="auto", now=now)
    for info in list_backups(db.path):
        if info.kind == "auto" and info.made_at.date() == now.date() and info.path != path:
            info.path.unlink(missing_ok=True)
    rotate(db.path, settings.value(db, "backup_keep"))
    return path


def due_today(db_path: Path, today: dt.date | None = None) -> bool:
    """Whether no automatic backup of today exists yet."""
    today = today or dt.date.today()
    return not any(b.kind == "auto" and b.made_at.date() == today for b in list_backups(db_path))


def rotate(db_path: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` automatic backups, restore-time backups, damaged originals and
    upgrade copies (each kind counted alone); manual backups are never removed. Returns the removed."""
    removed = []
    by_kind: dict[str, list[BackupInfo]] = {}
    for info in list_backups(db_path):
        by_kind.setdefault(info.kind, []).append(info)
    for kind, infos in by_kind.items():
        if kind == "manual":
            continue
        for info in infos[keep:]:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    return removed


# ---- restore ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RestorePlan:
    """What a restore would replace with what (shown before it is done)."""

    source: Path
    made_at: dt.datetime
    township: str
    households: int
    current: Path
    current_township: str | None      # None: the current file is missing or damaged
    current_households: int | None

    def summary(self) -> str:
        now = (f"当前数据库：{self.current_township}，{self.current_households}户" if self.current_township
               else "当前数据库：无法读取（已损坏或不存在）")
        return (f"将用备份文件替换当前数据库。\n备份文件：{self.source}\n"
                f"备份内容：{self.township}，{self.households}户，备份于{self.made_at:%Y-%m-%d %H:%M}\n{now}\n"
                f"数据库文件：{self.current}\n恢复后，备份之后录入的内容将不再存在（恢复前会先自动备份当前数据库）。")


def _current_facts(db_path: Path) -> copies.FileFacts | None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        return None if copies.check(db_path, full=False) else copies.facts(db_path)
    except PjdeskError:
        return None


def plan_restore(db_path: Path, source: str | Path) -> RestorePlan:
    """Check the chosen file — whole (``integrity_check``), a pjdesk database, a schema version this
    program knows (not newer), the same township as the current database — and say what it replaces.
    Reads only."""
    db_path, source = Path(db_path).resolve(), Path(source).expanduser()
    if not source.exists():
        raise ValidationError("file", f"备份文件不存在：{source}")
    if source.is_dir():
        raise ValidationError("file", f"“{source}”是一个文件夹，请选择备份文件")
    if source.resolve() == db_path:
        raise ValidationError("file", "所选文件就是当前数据库，无需恢复")
    if source.stat().st_size == 0:
        raise ValidationError("file", f"备份文件是空的（0字节），不能用于恢复：{source}")
    problems = copies.check(source, full=True)
    if problems:
        raise ValidationError("file", f"备份文件已损坏，不能用于恢复：{source}（{'；'.join(problems[:3])}）")
    try:
        got = copies.facts(source)
    except DatabaseDamaged as exc:
        raise ValidationError("file", exc.message) from None
    try:
        _check_version(source, got.revisions, set(got.tables))
    except DatabaseVersionError as exc:
        raise ValidationError("file", exc.message.replace("已拒绝打开", "不能用于恢复")
                              .replace("拒绝打开", "不能用于恢复")) from None
    if not got.revisions:
        raise ValidationError("file", f"该文件不是平江扶贫工作台的数据库，不能用于恢复：{source}")
    if not got.township:
        raise ValidationError("file", f"该备份中没有乡镇信息（是一个尚未建立乡镇的空数据库），不能用于恢复：{source}")
    current = _current_facts(db_path)
    if current is not None and current.township and current.township != got.township:
        raise ValidationError("file", f"该备份属于{got.township}，当前数据库是{current.township}的，"
                                      "不同乡镇的数据不能互相恢复")
    info = _parse(db_path, source)
    made = info.made_at if info else dt.datetime.fromtimestamp(source.stat().st_mtime)
    return RestorePlan(source, made, got.township, got.households or 0, db_path,
                       current.township if current else None, current.households if current else None)


def may_restore(db: Database) -> None:
    """Restoring replaces everyone's work: 管理员 only (asked before the file is even chosen)."""
    require(db, ADMIN)


@dataclass(frozen=True)
class RestoreResult:
    plan: RestorePlan
    saved_current: Path | None   # the backup of the database as it was before the restore


def restore(db: Database, source: str | Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Restore the open database from a backup file (管理员 only): checked (``plan_restore``), the current
    database backed up first, then replaced in one SQLite transaction. Every connection must be
    reopened afterwards (an older file is upgraded when it is opened): the caller closes ``db``."""
    may_restore(db)
    plan = plan_restore(db.path, source)
    saved = make_backup(db, kind="before-restore", now=now)
    copies.restore_into(plan.source, db.path)
    rotate(db.path, settings.value(db, "backup_keep"))
    return RestoreResult(plan, saved)


def restore_unusable(db_path: str | Path, source: str | Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Restore when the current database cannot be opened — missing (a new PC), empty or damaged — so no
    one can log in to it: refused when the current file is whole (then an administrator restores through
    ``restore``). The damaged file is kept in the backups folder; the chosen file is copied and checked
    beside the database and renamed over it."""
    db_path = Path(db_path).expanduser().resolve()
    if _current_facts(db_path) is not None:
        raise PjdeskError("当前数据库完好，请以管理员身份登录后在程序中恢复（或使用 pjdesk restore 时以管理员身份运行）")
    plan = plan_restore(db_path, source)
    now = now or dt.datetime.now()
    saved = None
    if db_path.exists() and db_path.stat().st_size > 0:
        saved = _target(db_path, None, "damaged", now)
        create_private(saved)
        shutil.copyfile(db_path, saved)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    copies.replace_file(plan.source, db_path)
    return RestoreResult(plan, saved)
