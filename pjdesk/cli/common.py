"""What every command-line area shares: opening the database named by ``--db``, dates typed as options,
and writing a result as a table or JSON. Errors are mapped to exit codes in one place,
``pjdesk.cli.main``; commands raise ``PjdeskError`` (Chinese) and never print their own refusals."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import math
import os
import re
from pathlib import Path
from typing import Callable

from db import Database, open_database

from .. import idcard, opening, paths, settings
from ..auth import users
from ..errors import DatabaseDamaged, NotLoggedIn, PjdeskError, ValidationError


DATE_YEARS = (1900, 2100)    # a date typed outside these years is a typo; each service bounds its dates further


def parse_date(text: str | None, field: str = "date") -> dt.date | None:
    """A YYYY-MM-DD option value (None when absent), digits of any script read as ASCII; anything else
    (Python would also take 20260301 or 2026-W10-1) is refused naming the field."""
    if not text:
        return None
    typed = idcard.ascii_digits(text).strip()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", typed):
            raise ValueError(typed)
        day = dt.date.fromisoformat(typed)
    except ValueError:
        raise ValidationError(field, f"日期“{text}”格式不正确，请写成 YYYY-MM-DD，例如 2026-03-01") from None
    if not DATE_YEARS[0] <= day.year <= DATE_YEARS[1]:
        raise ValidationError(field, f"日期“{text}”的年份不合理（应在{DATE_YEARS[0]}至{DATE_YEARS[1]}年之间）")
    return day


# Numbers typed as options (argparse ``type=``): digits of any script read as ASCII (as an ID is), then
# plain decimal notation only — no exponent, underscore or hex, which Python's int()/float() would also
# take. The magnitude, and 'nan'/'inf' (passed on as such), are refused by the service that takes the
# number, naming its field (issue 14, defect 4). A ValueError becomes “参数 --x 须为数字，填写的是 …”.
_NOT_FINITE = {"nan": math.nan, "+nan": math.nan, "-nan": math.nan, "inf": math.inf, "+inf": math.inf,
               "-inf": -math.inf, "infinity": math.inf, "+infinity": math.inf, "-infinity": -math.inf}


def whole_number(text: str) -> int:
    typed = idcard.ascii_digits(text or "").strip()
    if not re.fullmatch(r"[+-]?[0-9]+", typed) or len(typed) > 4300:    # 4300: int()'s own limit
        raise ValueError(text)
    return int(typed)


def decimal_number(text: str) -> float:
    typed = idcard.ascii_digits(text or "").strip()
    if typed.lower() in _NOT_FINITE:
        return _NOT_FINITE[typed.lower()]
    if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", typed):
        raise ValueError(text)
    number = float(typed)
    if not math.isfinite(number):          # 400 digits: too large for a float, refused as typed
        raise ValueError(text)
    return number


def db_path(args) -> Path:
    """The file ``--db`` names, else the clerk's database in the user data folder (or PJDESK_DB)."""
    return Path(args.db) if args.db else paths.default_db_path()


def open_db(args) -> Database:
    """The database of ``--db``; a missing file is refused with what to run first, an empty or unreadable
    one with the newest good backup and the command restoring it."""
    path = db_path(args)
    if not path.exists():
        raise PjdeskError(f"数据库文件不存在：{path}（可先运行 pjdesk init --township 乡镇名 或 pjdesk demo）")
    if cli_user(args):      # a command run as a user writes: the file is checked first (issue 14, defect 6)
        check_whole(path)
    try:
        db = open_database(path)
    except DatabaseDamaged as exc:
        raise opening.refuse_unreadable(path, exc) from None
    try:
        log_in(db, args)
    except BaseException:
        db.close()
        raise
    return db


def cli_user(args) -> str:
    """The user a command acts as: ``--user``, else PJDESK_USER ("" when neither is given)."""
    return (getattr(args, "user", None) or os.environ.get("PJDESK_USER") or "").strip()


NO_USER = ("此命令会修改数据，请用 --user 用户名 或环境变量 PJDESK_USER 指定用户"
           "（密码用环境变量 PJDESK_PASSWORD 或按提示输入）")


def log_in(db: Database, args) -> None:
    """Log the command's user in (issue 14): the name from ``--user``/PJDESK_USER, the password from
    PJDESK_PASSWORD or a prompt that does not echo. Without a name a command may read but not write
    (a write is refused by ``Database.transaction``)."""
    name = cli_user(args)
    if not name:
        return
    password = os.environ.get("PJDESK_PASSWORD")
    if password is None:
        password = getpass.getpass(f"用户“{name}”的密码：")
    users.login(db, name, password)


def check_whole(path: Path) -> None:
    """Before a command that writes (issue 14, defect 6): ``PRAGMA quick_check`` (``integrity_check`` after
    an unclean shutdown); a damaged file is refused naming the newest good backup."""
    if path.exists() and path.stat().st_size > 0:
        opening.check_file_whole(path)


def open_with_actor(args) -> tuple[Database, str]:
    """The database with the command's user logged in (refused without one), and the name recorded as
    经办人 (the user's display name)."""
    db = open_db(args)
    if db.user is None:             # no user named (open_db logs a named one in, or refuses)
        db.close()
        raise NotLoggedIn(NO_USER)
    return db, settings.actor(db)


def emit(data, fmt: str, as_table: Callable[[object], str]) -> None:
    """Print ``data`` as JSON (``--format json``) or through ``as_table``."""
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(as_table(data))


def table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """Rows as aligned text columns; ``columns`` are (key, Chinese header). CJK counts two wide."""
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cells = [[h for _, h in columns]] + [[cell(r.get(k)) for k, _ in columns] for r in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(columns))]
    return "\n".join("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip() for row in cells)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def wrote(out: str, what: str, pages: int) -> int:
    """The line a print command ends with."""
    print(f"已生成{what}：{Path(out).resolve()}（共{pages}页）")
    return 0


def read_json_file(path: str, field: str, what: str, *, max_bytes: int = 1_000_000):
    """The JSON value of a file named on the command line (``what``: its Chinese name, e.g. “核查表文件”);
    a missing, unreadable, oversized, non-UTF-8 or malformed file is refused naming the file."""
    where = f"{what}“{path}”"
    try:
        raw = Path(path).read_bytes()
        if len(raw) > max_bytes:
            raise ValidationError(field, f"{where}过大（超过{max_bytes // 1000}KB）")
        return json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise ValidationError(field, f"{where}不存在") from None
    except IsADirectoryError:
        raise ValidationError(field, f"{where}是一个文件夹，请指定JSON文件") from None
    except UnicodeDecodeError:
        raise ValidationError(field, f"{where}不是UTF-8编码的文本（请用UTF-8编码保存JSON文件）") from None
    except OSError as exc:
        raise ValidationError(field, f"无法读取{where}（{exc.strerror or exc}）") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(field, f"{where}不是有效的JSON（第{exc.lineno}行第{exc.colno}列）") from None
    except (ValueError, RecursionError):
        raise ValidationError(field, f"{where}不是有效的JSON") from None
