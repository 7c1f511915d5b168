"""Writing finished report bytes to a path or stream."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from .errors import ReportWriteError

__all__ = ["is_path", "write_output"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def is_path(out: object) -> bool:
    return isinstance(out, (str, os.PathLike))


def write_output(data: bytes, out: str | os.PathLike[str] | BinaryIO, *, private: bool = False) -> None:
    """Write ``data`` to a binary stream, or atomically to a path.

    A path is written via a temp file in the same folder and ``os.replace``,
    so a failure never leaves a half-written file. OS errors (folder missing,
    file open in WPS/Excel on Windows, disk full) become ReportWriteError with
    a Chinese message. ``private``: the file stays readable by its owner only
    (0600, as mkstemp made it) — full ID numbers and bank accounts.
    """
    if not is_path(out):
        out.write(data)  # type: ignore[union-attr]
        return
    target = Path(out)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".pjdesk-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if not private:
            os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes 0600; give the file normal permissions
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise ReportWriteError(
            f"无法写入文件“{target}”：{exc.strerror or exc}。"
            "请确认文件夹存在，且该文件没有在其他程序（如 WPS、Excel）中打开。"
        ) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
