"""The exit income lines (设置 exit_income_lines, RULES.md R1.5 and §13: the plan gives none; a county may
set one per year) as the 设置 page edits them: rows of (年度, 元/人/年) typed as text. ``parse_rows`` turns
them into the stored ``{"2017": 3146}`` or the Chinese problems, each naming the row; the bounds are
``pjdesk.settings``' (``settings.check``). Pure: no database."""

from __future__ import annotations

import unicodedata
from typing import Iterable

from .. import settings
from ..errors import ValidationError

KEY = "exit_income_lines"


def _clean(text) -> str:
    """Full-width and other Unicode digits as ASCII, spaces and thousands separators dropped."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in ",，")


def _whole(text: str) -> int | None:
    """A whole number written with ASCII digits (a trailing 元 / 年 allowed), else None."""
    for unit in ("元", "年"):
        text = text.removesuffix(unit)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def parse_rows(rows: Iterable[tuple[str, str]]) -> tuple[dict[str, int], list[ValidationError]]:
    """(lines, problems): a row left wholly empty is ignored; no rows means no income line is set."""
    lines: dict[str, int] = {}
    errors: list[ValidationError] = []
    low, high = settings.INCOME_LINE_YEARS
    for i, (year_text, yuan_text) in enumerate(rows, 1):
        year_raw, yuan_raw = _clean(year_text), _clean(yuan_text)
        if not year_raw and not yuan_raw:
            continue
        year, yuan = _whole(year_raw), _whole(yuan_raw)
        where = f"第{i}行："
        if not year_raw:
            errors.append(ValidationError(KEY, f"{where}请填写年度"))
            continue
        if year is None or not low <= year <= high:
            errors.append(ValidationError(KEY, f"{where}年度“{str(year_text).strip()[:20]}”应为{low}至{high}之间的年份"))
            continue
        if str(year) in lines:
            errors.append(ValidationError(KEY, f"{where}{year}年填写了两次，每个年度只能有一个收入标准"))
            continue
        if not yuan_raw:
            errors.append(ValidationError(KEY, f"{where}请填写{year}年的收入标准（元/人/年）"))
            continue
        if yuan is None:
            errors.append(ValidationError(KEY, f"{where}{year}年的收入标准“{str(yuan_text).strip()[:20]}”应为整数（元/人/年）"))
            continue
        lines[str(year)] = yuan
    if not errors:
        try:
            lines = settings.check(KEY, lines)          # the amounts' range
        except ValidationError as exc:
            errors.append(exc)
    return lines, errors
