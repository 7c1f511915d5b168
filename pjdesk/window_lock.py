"""The OS file lock of ``<database>.lock`` (issue 14): the primitives of ``pjdesk.opening.InstanceLock``,
and ``holder`` — which other process has the database open in a window (a restore is refused then).

``fcntl.flock`` on POSIX; on Windows ``msvcrt.locking`` of one byte at offset 1 MiB, so the process id
written at the start of the file stays readable.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

if os.name == "nt":
    import msvcrt
else:
    import fcntl

_LOCK_OFFSET = 1 << 20  # Windows locks a byte range: one byte far past the process id, so it stays readable


def lock_path(db_path: Path) -> Path:
    path = Path(db_path).expanduser().resolve()
    return path.with_name(path.name + ".lock")


def try_lock(fd: int) -> bool:
    if os.name == "nt":
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)


def read_pid(fd: int) -> int | None:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def holder(db_path: Path) -> int | None:
    """The process id of ANOTHER live process whose window holds the database's lock, else None (no
    lock file, nobody holds it, or this process itself — the window restoring its own file). A lock
    whose holder wrote no id yet counts as held (0)."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        if try_lock(fd):
            unlock(fd)
            return None
        pid = read_pid(fd)
        return None if pid == os.getpid() else (pid or 0)
    finally:
        os.close(fd)
