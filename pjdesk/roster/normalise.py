"""Cell values of a roster as the registry stores them: normalised first (digits of any script to ASCII,
spaces, a lower-case x, full-width letters, the words other rosters use for the registry's terms), then
bounded (no NaN or infinity, whole years). A cell that cannot be read raises ``Bad`` with the reason in
Chinese; one read but worth a word (an ID number stored as a number whose digits survived) raises ``Warn``
carrying the value. The rules of the registry itself (which relations exist, the check digit …) are left to
``pjdesk.registry.rules``: this module only reads."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata

from .. import idcard
from ..registry import vocab
from ..text import clean_text


class Bad(Exception):
    """A cell that cannot be read; ``message``: why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Warn(Exception):
    """A cell read with a remark: ``value`` is kept, ``message`` is shown as a 提示."""

    def __init__(self, value, message: str):
        super().__init__(message)
        self.value, self.message = value, message


# Words of other rosters (the national system's 之子, 特困供养贫困户 …) → the registry's words.
ALIASES: dict[str, dict[str, str]] = {
    "relation": {
        "本人": "户主", "之子": "子", "儿子": "子", "之女": "女", "女儿": "女", "妻": "配偶", "妻子": "配偶",
        "丈夫": "配偶", "夫": "配偶", "之孙子": "孙子", "之孙女": "孙女", "之父": "父亲", "父": "父亲",
        "之母": "母亲", "母": "母亲", "之儿媳": "儿媳", "之女婿": "女婿", "兄弟": "兄弟姐妹", "姐妹": "兄弟姐妹",
        "之兄弟姐妹": "兄弟姐妹", "外孙子": "外孙子女", "外孙女": "外孙子女", "之外孙子女": "外孙子女",
        "祖父": "祖父母", "祖母": "祖父母",
    },
    "household_type": {"特困供养贫困户": "五保户", "五保贫困户": "五保户", "特困供养户": "五保户"},
    "education": {"学龄前儿童": "学龄前", "文盲": "文盲或半文盲", "半文盲": "文盲或半文盲"},
}
_YES = {"是", "有", "√", "✓", "y", "yes", "true", "1", "t"}
_NO = {"否", "无", "×", "✗", "n", "no", "false", "0", "f"}
_SCIENTIFIC = re.compile(r"^[0-9](\.[0-9]+)?E\+?[0-9]+$")
_LOST = "后几位数字已丢失（Excel的数字只保留15位有效数字），请把该列设为“文本”格式后重新录入完整号码"
_LOST_DIGITS = "以数字格式保存，" + _LOST


def _fold(text: str) -> str:
    """Full-width letters and digits → ASCII (NFKC), digits of any script → 0–9, no spaces."""
    return re.sub(r"\s+", "", idcard.ascii_digits(unicodedata.normalize("NFKC", text)))


def _finite(value: float) -> float:
    if math.isnan(value) or math.isinf(value):
        raise Bad("不是有效的数字")
    return value


def _integral(value) -> int | None:
    """An int for an int or a whole float, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and _finite(value).is_integer():
        return int(value)
    return None


def read_text(value) -> str:
    if isinstance(value, float):
        whole = _integral(value)
        return str(whole) if whole is not None else repr(_finite(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%Y-%m-%d}"
    return clean_text(str(value), one_line=True)


def read_household_no(value) -> str:
    if isinstance(value, float) and abs(value) >= 1e15:
        raise Bad("户编号" + _LOST_DIGITS)
    whole = _integral(value)
    text = str(whole) if whole is not None else _fold(str(value)).upper()
    if not re.fullmatch(r"[0-9A-Z-]{1,24}", text):
        raise Bad("户编号只能由数字、字母和“-”组成，最多24位")
    return text


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def read_group(value) -> int:
    whole = _integral(value)
    if whole is not None:
        return whole
    text = _fold(str(value))
    text = re.sub(r"^第", "", re.sub(r"(村民小组|小组|组)$", "", text))
    if text.isdigit():
        return int(text)
    if text and all(c in _CN_DIGITS or c == "十" for c in text) and text.count("十") <= 1:
        tens, _, ones = text.partition("十") if "十" in text else ("", "", text)
        number = (_CN_DIGITS.get(tens, 1) if "十" in text else 0) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
        if number:
            return number
    raise Bad("村民小组应为数字，如“3”或“3组”")


def read_id_number(value) -> str:
    """An ID number as text; one Excel kept as a number is refused when its last digits are gone
    (a float, or scientific notation typed as text) and read with a 提示 when all 18 survived."""
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
        raise Bad("不是身份证号")
    if isinstance(value, float):
        if abs(value) >= 1e15 or not _finite(value).is_integer():
            raise Bad("证件号码" + _LOST_DIGITS)
        return str(int(value))
    if isinstance(value, int):
        digits = str(value)
        if len(digits) == 18 and idcard.check_digit(digits[:17]) == digits[17]:
            raise Warn(digits, "证件号码以数字格式保存（已按文本读入，号码完整）；在Excel中打开并保存后将丢失后几位，"
                               "请把该列设为“文本”格式")
        if len(digits) > 15:
            raise Bad("证件号码" + _LOST_DIGITS)
        return digits
    number = idcard.normalise(str(value))
    if _SCIENTIFIC.match(number):
        raise Bad("证件号码是科学计数法（如4.30626E+17），" + _LOST)
    return number


def read_digits(value) -> str:
    """A phone or bank account: ASCII digits (a phone may keep its area code's “-”)."""
    if isinstance(value, float):
        if abs(value) >= 1e15:
            raise Bad(_LOST_DIGITS)
        whole = _integral(value)
        if whole is None:
            raise Bad("应为数字")
        return str(whole)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = _fold(str(value))
    if _SCIENTIFIC.match(text.upper()):
        raise Bad("是科学计数法，" + _LOST)
    return text


def read_year(value) -> int:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    whole = _integral(value)
    if whole is not None:
        return whole
    text = _fold(str(value))
    match = re.fullmatch(r"([0-9]{4})(年(度)?)?", text)
    if match:
        return int(match.group(1))
    raise Bad("年度应为四位数字，如“2016”")


def read_number(value) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(_finite(float(value)))
    text = re.sub(r"(㎡|m2|平方米|,)$", "", _fold(str(value)).replace(",", ""))
    try:
        return _finite(float(text))
    except ValueError:
        raise Bad("应为数字") from None


def read_money(value):
    """Whole yuan; a fraction is passed on for the registry's own check to refuse."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        whole = _integral(value)
        return whole if whole is not None else _finite(float(value))
    text = re.sub(r"元$", "", _fold(str(value)).replace(",", ""))
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    try:
        return _finite(float(text))
    except ValueError:
        raise Bad("应为金额（元），如“12000”") from None


def read_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _fold(str(value)).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise Bad("应为“是”或“否”")


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    whole = _integral(value)
    if whole is not None:
        if 1 <= whole <= 2958465:   # a date cell without a date format: Excel's day number
            return EXCEL_EPOCH + dt.timedelta(days=whole)
        raise Bad("不是有效日期")
    text = _fold(str(value))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise Bad("日期格式不正确，应写成“2015-10-01”")


def _word(kind: str):
    aliases = ALIASES.get(kind, {})

    def read(value) -> str:
        text = _fold(read_text(value))
        return aliases.get(text, text)
    return read


def read_ethnicity(value) -> str:
    text = _fold(read_text(value))
    return text + "族" if text + "族" in vocab.ETHNICITIES else text


def read_danger_grade(value) -> str:
    return re.sub(r"(级|级危房)$", "", _fold(read_text(value)).upper())


def read_causes(value) -> list[str]:
    return [c for c in re.split(r"[、,，;；/\s]+", read_text(value)) if c]


def read_word(value) -> str:
    """A word of a closed list (健康状况, 性别 …): spaces and full-width letters folded."""
    text = _fold(read_text(value))
    return {"男性": "男", "女性": "女"}.get(text, text)


def _remembered(read):
    """``read`` with its answers kept: a roster repeats the same few words, years and group numbers on
    every row (20,000 persons, a few dozen distinct values per column). A refusal is not kept."""
    cached = functools.lru_cache(maxsize=4096)(lambda value, _type: read(value))

    def reader(value):
        return cached(value, type(value))      # 1 and 1.0 and True are one key to a dict: keep them apart
    return reader


def _listed(read):
    def reader(value):
        return list(read(value))
    return reader


READERS = {
    "text": _remembered(read_text), "household_no": _remembered(read_household_no), "group": _remembered(read_group),
    "id_number": read_id_number, "digits": _remembered(read_digits), "year": _remembered(read_year), "number": read_number,
    "money": _remembered(read_money), "bool": _remembered(read_bool), "date": _remembered(read_date),
    "relation": _remembered(_word("relation")), "household_type": _remembered(_word("household_type")),
    "education": _remembered(_word("education")), "ethnicity": _remembered(read_ethnicity),
    "danger_grade": _remembered(read_danger_grade), "causes": _listed(_remembered(lambda v: tuple(read_causes(v)))),
    "word": _remembered(read_word),
}
