"""Resident ID numbers per GB 11643-1999: normalise, validate, read birth date and sex."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from .errors import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# First two digits: the province codes in use (GB/T 2260).
_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
}
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＩ", "0123456789XXI")


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    sex: str  # 男 / 女


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script (full-width ３, Arabic-Indic ٣, Devanagari ३ …) as ASCII 0–9.
    Python's ``\\d``, ``str.isdigit`` and ``int()`` take them all, so a number is normalised with this
    first and then checked against ``[0-9]`` only: the same ID typed in two scripts is one ID."""
    if text is None or text.isascii():      # the common case, 10× faster (a 20,000-person roster import)
        return text or ""
    return "".join(str(unicodedata.decimal(ch)) if not ch.isascii() and unicodedata.decimal(ch, None) is not None
                   else ch for ch in (text or ""))


def normalise(raw: str) -> str:
    """Digits of any script → ASCII, spaces removed, full-width or lower-case x → X."""
    return re.sub(r"\s+", "", ascii_digits(raw).translate(_FULLWIDTH)).upper()


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def parse(raw: str, *, today: dt.date | None = None, field: str = "id_number") -> IdInfo:
    """Validate an ID number and return it normalised with its birth date and sex.

    Raises ValidationError naming 身份证号 and the reason.
    """
    number = normalise(raw)
    if not number:
        raise ValidationError(field, "身份证号不能为空")
    if len(number) != 18:
        raise ValidationError(field, f"身份证号应为18位，当前为{len(number)}位")
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise ValidationError(field, "身份证号只能由数字组成，末位可为X")
    if number[:2] not in _PROVINCES or number[2:6] == "0000":
        raise ValidationError(field, f"身份证号地区码{number[:6]}无效")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(field, f"身份证号中的出生日期{number[6:14]}不是有效日期") from None
    today = today or dt.date.today()
    if birth > today:
        raise ValidationError(field, f"身份证号中的出生日期{birth:%Y-%m-%d}晚于今天")
    if birth.year < 1890:
        raise ValidationError(field, f"身份证号中的出生日期{birth:%Y-%m-%d}不合理")
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(field, "身份证号校验位错误")
    sex = "男" if int(number[16]) % 2 else "女"
    return IdInfo(number, birth, sex)


def make(area: str, birth: dt.date, seq: int, male: bool) -> str:
    """Build a valid 18-digit ID (for demo data and tests). seq 0..99, parity set by sex."""
    order = f"{seq % 100:02d}{(1 if male else 0) + 2 * ((seq // 100) % 5)}"
    first17 = f"{area}{birth:%Y%m%d}{order}"
    return first17 + check_digit(first17)


def mask(number: str, keep_head: int = 6, keep_tail: int = 4) -> str:
    """430626********1234 — for anything a public list or a board may show."""
    if not number:
        return ""
    keep_head = max(0, min(keep_head, 6))
    keep_tail = max(0, min(keep_tail, 4))
    hidden = len(number) - keep_head - keep_tail
    if hidden <= 0:
        return "*" * len(number)
    return number[:keep_head] + "*" * hidden + number[len(number) - keep_tail:]


def normalise_search(raw: str) -> list[str]:
    """Search terms, lower-cased, full-width folded (an x in an ID number matches either case)."""
    return [t.lower() for t in (raw or "").translate(_FULLWIDTH).split() if t]
