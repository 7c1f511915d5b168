"""What every command-line area shares: opening the database named by ``--db``, dates typed as options,
and writing a result as a table or JSON. Errors are mapped to exit codes in one place,
``pjdesk.cli.main``; commands raise ``PjdeskError`` (Chinese) and never print their own refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Callable

from db import Database, open_database

from .. import paths, settings
from ..errors import PjdeskError, ValidationError


def parse_date(text: str | None, field: str = "date") -> dt.date | None:
    """A YYYY-MM-DD option value (None when absent); a bad one is refused naming the field."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field, f"日期“{text}”格式不正确，请写成 YYYY-MM-DD，例如 2026-03-01") from None


def db_path(args) -> Path:
    """The file ``--db`` names, else the clerk's database in the user data folder (or PJDESK_DB)."""
    return Path(args.db) if args.db else paths.default_db_path()


def open_db(args) -> Database:
    """The database of ``--db``; a missing file is refused with what to run first."""
    path = db_path(args)
    if not path.exists():
        raise PjdeskError(f"数据库文件不存在：{path}（可先运行 pjdesk init --township 乡镇名 或 pjdesk demo）")
    return open_database(path)


def open_with_actor(args) -> tuple[Database, str]:
    """The database and the name recorded as 'entered by' (设置 → 经办人, else the OS user)."""
    db = open_db(args)
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
