"""Backups and restore (issue 14): the automatic daily backup, a backup to any folder, the list of
backups, and restoring one — checked, preceded by a backup of the current database, atomic.

Where: ``<data folder>/backups/`` (``backups_dir``), files named ``<database name>-<key>-<date>-<time>-<kind>.db``
(kinds: auto, manual, before-restore, damaged; ``key``: a short hash of the database's full path, so two
``office.db`` in different folders never share, list or rotate each other's backups). The automatic backup is made when the window closes (and
when it opens if there is none of today): at most one per day — a later one of the same day replaces it —
and the newest ``backup_keep`` (setting) are kept. Copies made by a schema upgrade (``*.schema-….bak.db``
beside the database) are listed and rotated the same way. Every copy is a single file checked with
``PRAGMA integrity_check`` (``db.backup.copy``): copying it to a new PC is all a move needs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from db import Database
from db import backup as copies
from db.audit import SYSTEM
from db.engine import _check_version, create_private  # the same version check as opening a file
from db.errors import DatabaseDamaged, DatabaseVersionError

from . import paths, settings
from .auth.roles import ADMIN, require
from .errors import PjdeskError, ValidationError
from .window_lock import holder

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


def db_key(db_path: Path) -> str:
    """8 hex digits of the database's full resolved path (case-folded where the file system is): the part
    of a backup's name that tells two databases of the same name apart."""
    full = os.path.normcase(str(Path(db_path).expanduser().resolve()))
    return hashlib.sha256(full.encode("utf-8")).hexdigest()[:8]


def backup_name(db_path: Path, kind: str, now: dt.datetime) -> str:
    return f"{Path(db_path).stem}-{db_key(db_path)}-{now.strftime(_STAMP)}-{kind}.db"


_ANY_STAMP = re.compile(r"-(\d{8}-\d{6})-(?:auto|manual|before-restore|damaged)\.db$")


def _made_at(file: Path) -> dt.datetime:
    """When a backup file was made: the time in its name (of any database, any PC), else its file time."""
    m = _ANY_STAMP.search(file.name)
    if m:
        try:
            return dt.datetime.strptime(m.group(1), _STAMP)
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(file.stat().st_mtime)


def _parse(db_path: Path, file: Path) -> BackupInfo | None:
    stem = re.escape(f"{Path(db_path).stem}-{db_key(db_path)}")
    m = re.fullmatch(rf"{stem}-(\d{{8}}-\d{{6}})-(auto|manual|before-restore|damaged)\.db", file.name)
    if m is None:   # an upgrade copy beside the database: x.schema-0005.20261128-190000.bak.db
        m2 = re.fullmatch(rf"{re.escape(Path(db_path).stem)}\.schema-[^.]+\.(\d{{8}}-\d{{6}})\.bak{re.escape(Path(db_path).suffix or '.db')}",
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
    """Every backup of the database at ``db_path`` (this path: the key in the name) in the backups folder,
    and its upgrade copies beside it, newest first."""
    db_path = Path(db_path).expanduser().resolve()
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
    name, named = backup_name(db_path, kind, now), False
    if out is None:
        folder = backups_dir()
    elif out.suffix.lower() in (".db", ".sqlite", ".sqlite3") and not out.is_dir():
        folder, name, named = out.parent, out.name, True
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
    if named and (target.exists() or target.is_symlink()):
        raise ValidationError("out", f"文件已存在：{target}。备份不会覆盖已有的文件，请另选文件名，或选择一个文件夹")
    return target


def _township_file(db_path: Path) -> Path:
    """The township last backed up from the database at this path (its backups' key): read when that file
    is damaged and cannot say which township it held."""
    return backups_dir() / f"{Path(db_path).stem}-{db_key(db_path)}.township.json"


def _record_township(db_path: Path, made: Path) -> None:
    try:
        township = copies.facts(made).township
        if not township:
            return
        record = _township_file(db_path)
        record.parent.mkdir(parents=True, exist_ok=True)
        tmp = record.with_name(f".{record.name}.{os.getpid()}.partial")
        create_private(tmp)
        tmp.write_text(json.dumps({"database": str(Path(db_path).resolve()), "township": township},
                                  ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, record)
    except (OSError, PjdeskError):
        pass        # the backup is made; only the later check of a damaged file has less to go on


def recorded_township(db_path: Path) -> str | None:
    """The township recorded when the database at ``db_path`` was last backed up, if any."""
    try:
        data = json.loads(_township_file(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("township") if isinstance(data, dict) and isinstance(data.get("township"), str) else None


def make_backup(db: Database, out: str | Path | None = None, *, kind: str = "manual",
                now: dt.datetime | None = None, progress=None) -> Path:
    """Back up the open database to ``out`` (a folder, or a ``.db`` file name; default the backups
    folder), verified. Returns the file written. Reads only: any logged-in user may back up."""
    now = now or dt.datetime.now()
    target = _target(db.path, Path(out).expanduser() if out else None, kind, now)
    try:
        made = copies.copy(db.path, target, progress=progress)
    except OSError as exc:
        why = "磁盘已满" if getattr(exc, "errno", None) == 28 else "没有写入权限或U盘已拔出"
        raise ValidationError("out", f"备份写入失败：{target}（{why}）") from None
    _record_township(db.path, made)
    return made


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
    keep_users: bool = False          # the file has no users (older than schema 0007): the current ones stay
    users: str = ""                   # what happens to the users, in words
    user_changes: tuple[str, ...] = ()  # users that differ between now and the backup

    def summary(self) -> str:
        now = (f"当前数据库：{self.current_township}，{self.current_households}户" if self.current_township
               else "当前数据库：无法读取（已损坏或不存在）")
        text = (f"将用备份文件替换当前数据库。\n备份文件：{self.source}\n"
                f"备份内容：{self.township}，{self.households}户，备份于{self.made_at:%Y-%m-%d %H:%M}\n{now}\n"
                f"数据库文件：{self.current}\n{self.users}\n")
        if self.user_changes:
            text += "与当前不同的用户：\n" + "\n".join(f"  · {c}" for c in self.user_changes) + "\n"
        return text + "恢复后，备份之后录入的内容将不再存在（恢复前会先自动备份当前数据库）。"


def _current_facts(db_path: Path) -> copies.FileFacts | None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        return None if copies.check(db_path, full=False) else copies.facts(db_path)
    except PjdeskError:
        return None


def _damaged_township(db_path: Path) -> str | None:
    """The township a damaged file still names, where that part of it reads."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        return copies.facts(db_path).township
    except PjdeskError:
        return None


def _current_users(db_path: Path) -> list[dict]:
    """The users of the current file — also of a damaged one, when its users' table still reads."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return []
    try:
        return copies.rows(db_path, "app_user") or []
    except PjdeskError:
        return []


def _state(row: dict, now: dt.datetime) -> str:
    if not row.get("active"):
        return "已停用"
    until = row.get("locked_until")
    try:
        if until and dt.datetime.fromisoformat(str(until)) > now:
            return "已锁定（输错密码）"
    except ValueError:
        pass
    return "启用"


def _user_changes(current: list[dict], restored: list[dict], now: dt.datetime) -> tuple[str, ...]:
    """Each user whose account differs between the current file and the backup, in words."""
    cur, old = {u["name"]: u for u in current}, {u["name"]: u for u in restored}
    out = []
    for name in sorted(cur.keys() | old.keys()):
        c, o = cur.get(name), old.get(name)
        who = f"{(c or o).get('display_name')}（{name}）"
        if o is None:
            out.append(f"{who}：备份中没有此用户，恢复后将不能登录")
            continue
        if c is None:
            out.append(f"{who}：当前没有此用户，恢复后可以登录（{o.get('role')}，{_state(o, now)}）")
            continue
        parts = []
        if c.get("role") != o.get("role"):
            parts.append(f"当前为{c.get('role')}，恢复后为{o.get('role')}")
        now_state, then_state = _state(c, now), _state(o, now)
        if now_state != then_state:
            parts.append(f"当前{now_state}，恢复后将重新启用" if then_state == "启用"
                         else f"当前{now_state}，恢复后将{then_state}")
        if c.get("password_hash") != o.get("password_hash"):
            parts.append("密码将恢复为备份时的密码")
        if parts:
            out.append(f"{who}：{'；'.join(parts)}")
    return tuple(out)


def plan_restore(db_path: Path, source: str | Path) -> RestorePlan:
    """Check the chosen file — whole (``integrity_check``), a pjdesk database, a schema version this
    program knows (not newer), the same township as the current database (for a damaged or missing
    file: as recorded when this path was last backed up) — and say what it replaces, users included.
    Reads only."""
    db_path, source = Path(db_path).expanduser().resolve(), Path(source).expanduser()
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
    recorded, why = (recorded_township(db_path), "上次备份时的记录") if current is None else (None, "")
    if current is None and recorded is None:
        recorded, why = _damaged_township(db_path), "损坏的文件中仍能读出"
    if recorded and recorded != got.township:
        raise ValidationError("file", f"该备份属于{got.township}，而此数据库文件（{db_path}）是{recorded}的"
                                      f"（{why}），不同乡镇的数据不能互相恢复；请选择{recorded}的备份")
    now = dt.datetime.now()
    mine, theirs = _current_users(db_path), copies.rows(source, "app_user") or []
    keep = not theirs and bool(mine)
    if keep:
        users, changes = f"用户：备份文件中没有用户（早于用户功能），恢复后沿用当前用户（{len(mine)}个，用户名、角色、密码不变）", ()
    elif theirs:
        users = f"用户：恢复为备份中的用户（{len(theirs)}个），请用备份时的密码登录"
        changes = _user_changes(mine, theirs, now)
    else:
        users, changes = "用户：备份文件中没有用户，恢复后第一次打开时需建立管理员", ()
    return RestorePlan(source, _made_at(source), got.township, got.households or 0, db_path,
                       current.township if current else None, current.households if current else None,
                       keep, users, changes)


def may_restore(db: Database) -> None:
    """Restoring replaces everyone's work: 管理员 only (asked before the file is even chosen)."""
    require(db, ADMIN)


def refuse_if_open_elsewhere(db_path: Path) -> None:
    """A window of another process has the database open (its InstanceLock): restoring under it would
    leave that window working on replaced data — refused, naming the process."""
    pid = holder(db_path)
    if pid is not None:
        who = f"（进程号 {pid}）" if pid else ""
        raise PjdeskError(f"此数据库正在另一个平江扶贫工作台窗口中打开{who}，不能恢复：恢复会替换那个窗口正在使用的"
                          f"数据。请先关闭那个窗口（保存好正在录入的内容），再恢复：{Path(db_path)}")


@dataclass(frozen=True)
class RestoreResult:
    plan: RestorePlan
    saved_current: Path | None   # the backup of the database as it was before the restore


def _note(plan: RestorePlan) -> str:
    """The audit row's record of a restore: which file, of when, what it held."""
    return json.dumps({"备份文件": str(plan.source), "备份时间": f"{plan.made_at:%Y-%m-%d %H:%M}",
                       "乡镇": plan.township, "户数": plan.households,
                       "用户": "沿用恢复前的用户" if plan.keep_users else "备份中的用户"}, ensure_ascii=False)


def _staged(plan: RestorePlan, folder: Path, user: str, current_users: list[dict]) -> Path:
    """The file a restore writes: the chosen backup upgraded to this program's schema, the current users
    carried over when it has none, and the audit row of the restore — all of it then written in one step."""
    return copies.stage(plan.source, folder / "restoring.db", user=user, note=_note(plan),
                        users=current_users if plan.keep_users else None)


def restore(db: Database, source: str | Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Restore the open database from a backup file (管理员 only; refused while another process's window
    has it open): checked (``plan_restore``), the current database backed up first, then replaced in one
    SQLite transaction by the backup — upgraded, with the current users when it has none, and an audit
    row of the restore. Every connection must be reopened afterwards: the caller closes ``db``."""
    may_restore(db)
    refuse_if_open_elsewhere(db.path)
    plan = plan_restore(db.path, source)
    actor = db.current_user()
    saved = make_backup(db, kind="before-restore", now=now)
    with tempfile.TemporaryDirectory(prefix=".pjdesk-restore-", dir=Path(db.path).parent) as folder:
        staged = _staged(plan, Path(folder), actor.name, _current_users(Path(db.path)))
        copies.restore_into(staged, db.path)
    rotate(db.path, settings.value(db, "backup_keep"))
    return RestoreResult(plan, saved)


def restore_unusable(db_path: str | Path, source: str | Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Restore when the current database cannot be opened — missing (a new PC), empty or damaged — so no
    one can log in to it: refused when the current file is whole (then an administrator restores through
    ``restore``), or while another process's window has it open. The damaged file is kept in the backups
    folder; the chosen file is staged (as in ``restore``, the audit row written as 系统) beside the
    database and renamed over it."""
    db_path = Path(db_path).expanduser().resolve()
    if _current_facts(db_path) is not None:
        raise PjdeskError("当前数据库完好，请以管理员身份登录后在程序中恢复（或使用 pjdesk restore 时以管理员身份运行）")
    refuse_if_open_elsewhere(db_path)
    plan = plan_restore(db_path, source)
    now = now or dt.datetime.now()
    saved = None
    if db_path.exists() and db_path.stat().st_size > 0:
        saved = _target(db_path, None, "damaged", now)
        create_private(saved)
        shutil.copyfile(db_path, saved)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pjdesk-restore-", dir=db_path.parent) as folder:
        staged = _staged(plan, Path(folder), SYSTEM, _current_users(db_path))
        copies.replace_file(staged, db_path)
    return RestoreResult(plan, saved)
