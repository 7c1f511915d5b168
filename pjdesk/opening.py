"""Checks when a database is opened (issue 14, defect 6) and the one-window-per-database lock.

- A sidecar file ``<database>.lock`` is held with an OS file lock (``fcntl.flock`` / ``msvcrt.locking``)
  by the window that has the database open, with its process id inside. A second window on the same
  file finds it locked and is told so (it may open read-only or quit). The lock goes with the process:
  a crashed or killed window leaves the file but never a stale lock.
- The same file is the unclean-shutdown marker: it is emptied on a clean exit, so a lock
  file that still holds a process id but is not locked means the last session ended without closing
  (power cut, crash, killed) — that opening runs the full ``integrity_check`` instead of ``quick_check``.
- A file SQLite finds damaged is refused with ``DatabaseDamaged``, naming the newest good backup and how
  to restore it (the GUI offers 从备份恢复…).

The command line takes no lock (SQLite's own locking orders its writes with a window's), but checks
the file before a command that writes.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from db import backup as copies
from db.errors import DatabaseDamaged

from .backups import newest_good_backup
from .window_lock import lock_path
from .window_lock import read_pid as _read_pid
from .window_lock import try_lock as _try_lock
from .window_lock import unlock as _unlock


class InstanceLock:
    """The lock of one window on one database file. ``acquire()`` → True, or False when another
    process holds it (``other_pid`` names it). ``unclean``: the last session did not close."""

    def __init__(self, db_path: Path):
        self.path = lock_path(db_path)
        self._fd: int | None = None
        self.other_pid: int | None = None
        self.unclean = False

    def acquire(self) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:     # a read-only folder: opening the database then says what is wrong (not held)
            return True
        if not _try_lock(fd):
            self.other_pid = _read_pid(fd)
            os.close(fd)
            return False
        self.unclean = _read_pid(fd) is not None
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.fsync(fd)
        self._fd = fd
        return True

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """A clean exit: the marker is emptied and the lock let go. (The empty file stays: removing a
        locked file lets two later windows lock two different files of the same name.)"""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.fsync(fd)
        _unlock(fd)
        os.close(fd)


def previous_session_unclean(db_path: Path) -> bool:
    """Whether the lock file holds a process id while no process holds the lock (for the command line,
    which does not take the lock)."""
    path = lock_path(db_path)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        if not _try_lock(fd):
            return False          # a window has it open: that session is running, not crashed
        try:
            return _read_pid(fd) is not None
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def second_instance_message(db_path: Path, pid: int | None) -> str:
    who = f"（进程号 {pid}）" if pid else ""
    return (f"此数据库已在另一个平江扶贫工作台窗口中打开{who}：{db_path}\n"
            "两个窗口同时修改同一份数据容易互相覆盖。请切换到已打开的窗口；"
            "如只需查看，可以只读方式打开（不能保存修改）。")


def damaged(db_path: Path, problems: list[str]) -> DatabaseDamaged:
    """The refusal of a damaged file, naming the newest good backup and the command to restore it."""
    found = "；".join(problems[:3])
    good = newest_good_backup(db_path)
    message = f"数据库文件已损坏，为保护数据已停止打开：{db_path}（SQLite 检查发现：{found}）。"
    if good is None:
        message += "没有找到可用的备份，请联系县扶贫办技术人员。"
    else:
        message += (f"最近一份完好的备份是：{good.path}（{good.made_at:%Y-%m-%d %H:%M}）。"
                    f"可在程序中点“从备份恢复…”，或运行：pjdesk restore \"{good.path}\"")
    return DatabaseDamaged(message, backup=good.path if good else None)


def check_file_whole(db_path: Path, *, full: bool | None = None) -> None:
    """``PRAGMA quick_check`` of the file (``integrity_check`` when ``full``, and by default when the
    last session ended uncleanly); DatabaseDamaged, naming the newest good backup, when it is not whole."""
    unclean = previous_session_unclean(db_path)
    if full is None:
        full = unclean
    problems = copies.check(Path(db_path), full=full)
    if problems:
        raise damaged(Path(db_path), problems)
    if unclean and full:
        _clear_marker(db_path)    # found whole: the next command need not check it all again


def _clear_marker(db_path: Path) -> None:
    """Empty the marker of a session that ended uncleanly, unless a window has meanwhile taken the lock."""
    fd = os.open(lock_path(db_path), os.O_RDWR)
    try:
        if _try_lock(fd):
            os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


def refuse_unreadable(db_path: Path, exc: DatabaseDamaged) -> DatabaseDamaged:
    """An empty or unreadable file refused by ``open_database``: the same refusal with the newest good
    backup added."""
    if exc.backup is not None:
        return exc
    good = newest_good_backup(db_path)
    if good is None:
        return exc
    return DatabaseDamaged(f"{exc.message}\n最近一份完好的备份是：{good.path}（{good.made_at:%Y-%m-%d %H:%M}），"
                           f"可运行：pjdesk restore \"{good.path}\"", backup=good.path)


def open_read_only(db) -> None:
    """This window only reads: every write is refused, saying why (the file is open in another window)."""
    db.read_only = ("此窗口以只读方式打开（该数据库已在另一个窗口中打开），不能保存修改；"
                    "请在已打开的那个窗口中操作")
