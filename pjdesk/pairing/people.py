"""The helper registry (帮扶责任人名册): add, correct, (de)activate, find by name or number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import Database
from db.models import Helper, Village

from .. import idcard, pinyin
from ..errors import NotFound, RuleViolation, ValidationError
from ..registry.rules import PHONE_RE
from . import vocab
from .limits import active_load


@dataclass
class HelperInput:
    name: str
    unit: str
    unit_level: str
    phone: str = ""
    sex: str = ""
    post: str = ""
    kind: str = "干部"
    village: str = ""      # 联系村; blank: the whole township (e.g. township cadres)
    note: str = ""


def check_helper(h: HelperInput) -> list[ValidationError]:
    """Every bad field of a helper form, in form order (empty list: all good)."""
    errors: list[ValidationError] = []
    name = (h.name or "").strip()
    if not name:
        errors.append(ValidationError("name", "帮扶责任人姓名不能为空"))
    elif len(name) > 20 or re.search(r"[\d<>]", name):
        errors.append(ValidationError("name", f"姓名“{name}”无效（不超过20个字，不能含数字）"))
    if h.sex not in vocab.SEXES:
        errors.append(ValidationError("sex", f"性别“{h.sex}”无效"))
    if h.unit_level not in vocab.UNIT_LEVELS:
        errors.append(ValidationError("unit_level", f"单位级别“{h.unit_level}”无效，可选：{'、'.join(vocab.UNIT_LEVELS)}"))
    unit = (h.unit or "").strip()
    if not unit and h.unit_level != "其他":
        errors.append(ValidationError("unit", "工作单位不能为空"))
    elif len(unit) > 60:
        errors.append(ValidationError("unit", "工作单位不超过60个字"))
    phone = idcard.ascii_digits((h.phone or "").strip())
    if phone and not PHONE_RE.match(phone):
        errors.append(ValidationError("phone", f"联系电话“{phone}”无效（11位手机号或带区号的固定电话）"))
    if h.kind not in vocab.KINDS:
        errors.append(ValidationError("kind", f"帮扶人类别“{h.kind}”无效，可选：{'、'.join(vocab.KINDS)}"))
    if len(h.post or "") > 40:
        errors.append(ValidationError("post", "职务不超过40个字"))
    return errors


def _raise_first(errors: list[ValidationError]) -> None:
    if errors:
        raise errors[0]


def _village_id(s: Session, name: str) -> int | None:
    name = (name or "").strip()
    if not name:
        return None
    vid = s.scalar(select(Village.id).where(Village.name == name))
    if vid is None:
        raise ValidationError("village", f"联系村“{name}”不在本乡镇的村列表中")
    return vid


def _apply(s: Session, helper: Helper, h: HelperInput) -> None:
    name = h.name.strip()
    full, initials = pinyin.name_keys(name)
    helper.name, helper.name_pinyin, helper.name_initials = name, full, initials
    helper.sex, helper.phone, helper.unit = h.sex, idcard.ascii_digits((h.phone or "").strip()), (h.unit or "").strip()
    helper.unit_level, helper.post, helper.kind = h.unit_level, (h.post or "").strip(), h.kind
    helper.village_id = _village_id(s, h.village)
    helper.note = (h.note or "").strip()


def _check_duplicate(s: Session, h: HelperInput, except_id: int | None = None) -> None:
    q = select(Helper).where(Helper.name == h.name.strip(), Helper.unit == (h.unit or "").strip())
    if except_id is not None:
        q = q.where(Helper.id != except_id)
    other = s.scalar(q)
    if other is not None:
        raise ValidationError("name", f"帮扶责任人“{other.name}”（{other.unit}）已登记，编号{other.id}")


def add_helper(db: Database, h: HelperInput) -> int:
    """Register a helper. Returns the helper's number (id)."""
    _raise_first(check_helper(h))
    with db.transaction() as s:
        _check_duplicate(s, h)
        helper = Helper(active=True)
        _apply(s, helper, h)
        s.add(helper)
        s.flush()
        return helper.id


def update_helper(db: Database, helper_id: int, h: HelperInput) -> None:
    _raise_first(check_helper(h))
    with db.transaction() as s:
        helper = get_helper(s, helper_id)
        _check_duplicate(s, h, except_id=helper.id)
        _apply(s, helper, h)


def set_helper_active(db: Database, helper_id: int, active: bool) -> None:
    """停用 / 启用. A helper with current households cannot be deactivated (they would lose him)."""
    with db.transaction() as s:
        helper = get_helper(s, helper_id)
        if not active:
            n = active_load(s, helper.id)
            if n:
                raise RuleViolation(f"帮扶责任人“{helper.name}”还在帮扶{n}户，请先为这些户更换帮扶责任人再停用")
        helper.active = active


def get_helper(s: Session, helper_id: int) -> Helper:
    helper = s.get(Helper, helper_id) if 0 < helper_id < 2**63 else None   # SQLite integers are 64-bit
    if helper is None:
        raise NotFound(f"帮扶责任人（编号{helper_id}）不存在")
    return helper


def find_helper(s: Session, ref: str | int) -> Helper:
    """A helper by number (``12`` or ``#12``) or by exact name; an ambiguous name is refused."""
    text = str(ref).strip()
    digits = text.lstrip("#")
    if digits.isascii() and digits.isdigit():
        return get_helper(s, int(digits))
    found = list(s.scalars(select(Helper).where(Helper.name == text).order_by(Helper.id)))
    if not found:
        raise NotFound(f"帮扶责任人“{text}”不存在")
    if len(found) > 1:
        which = "；".join(f"编号{h.id} {h.unit}" for h in found)
        raise ValidationError("helper", f"有{len(found)}名帮扶责任人叫“{text}”（{which}），请用编号指定")
    return found[0]


def unit_names(db: Database) -> list[str]:
    """Distinct work units, for the unit filter."""
    with db.reader() as s:
        return [u for u in s.scalars(select(Helper.unit).distinct().order_by(Helper.unit)) if u]
