"""Settings kept in the database. Every default is declared here, in one place, with the range a
number must lie in (``LIMITS``)."""

from __future__ import annotations

import json
from datetime import date as _date
from typing import Any

from sqlalchemy.orm import Session

from db.models import Setting

from .auth.roles import ADMIN, require_in
from .errors import ValidationError
from .idcard import ascii_digits

DEFAULTS: dict[str, Any] = {
    "clerk_name": "",                 # no longer used (issue 14): the 经办人 is the logged-in user
    "idle_lock_minutes": 10,          # issue 14: the screen locks after this many idle minutes (1–240)
    "demo_database": False,           # set by `pjdesk demo`: only such a file may be rebuilt with --force
    "helper_household_limit": 5,      # RULES.md R2.1 “最多帮扶5户”: a township may be stricter (1–5), never looser
    "visit_overdue_days": 90,         # issue #4: no help record for this many days → 走访超期 (7–365)
    "posting_min_days": 7,            # RULES.md R5.5 “不少于7天”: a setting may only lengthen it (7–60)
    "posting_confirm_days": 30,       # issue 17: a longer posting (a mis-clicked year) is confirmed first
    "id_mask_head": 6,                # public lists: keep at most the first 6 …
    "id_mask_tail": 4,                # … and the last 4 digits of an ID number
    "pdf_font_path": "",              # overrides the CJK font search
    "supervision_phone_village": "",  # printed on postings; blank prints a line to write it on
    "supervision_phone_township": "",
    "supervision_phone_county": "",
    "issuer_village": "",             # blank: “<村名>村民委员会”
    "issuer_township": "",            # blank: “<乡镇>人民政府”, e.g. 虹桥镇人民政府
    "issuer_county": "平江县扶贫开发办公室",
    "posting_place": "村务公开栏",     # where registry postings (识别 / 脱贫) are put up
    # the opening of a posting's first paragraph (forms/REFERENCE.md §1, RULES.md R5.2 四公开)
    "policy_basis_poverty": "根据《平江县“十三五”脱贫攻坚规划》和精准扶贫建档立卡精准识别、精准退出的有关规定，",
    "policy_basis_renovation": "根据《平江县“十三五”脱贫攻坚规划》农村危房改造“三级审核、三榜公示”和“四公开”的"
                               "要求，以及湘农危办〔2014〕2号文件的有关规定，",
    # issue 11: the opening of a 易地扶贫搬迁 posting (群众自愿, 三级审核、三榜公示, 四公开)
    "policy_basis_relocation": "根据《平江县“十三五”脱贫攻坚规划》易地扶贫搬迁“群众自愿、三级审核、三榜公示”和“四公开”"
                               "的要求，",
    "rejection_appeal_days": 15,      # 不予通过告知书: days to ask for a review
    "casefile_no_format": "{乡镇}危改字〔{年}〕{序号}号",  # 一户一册 file number
    # issue 10 (RULES.md R1.5, §13): the plan gives no income line for exit; a county may set one per
    # year ({"2017": 3146}), and an exit whose per-capita net income is below that year's line is refused.
    "exit_income_lines": {},
    "survey_required_for_posting": True,  # R1.3: the 六看一听 visit is recorded before the 识别 posting
    "renovation_advance_share": 0,        # % of the approved subsidy that may be paid before 竣工验收
    "assessment_max_age_months": 12,      # a 危房鉴定 older than this at application is refused
    # issue 11 (易地搬迁): 人均住房面积不超过25㎡ (发改地区〔2015〕2769号); a township may be stricter
    "relocation_area_per_person": 25,
    "relocation_demolition_deadline_days": 180,  # 旧房拆除 due this many days after the county's approval
    # R4.7: the plan gives no relocation subsidy; {"2017": 元/人} per year, empty → the case shows 标准未设定
    "relocation_rates": {},
    # issue 15 (统计): the township's own yearly exit targets, each dated the day it was set
    # ({"2017": {"households": 150, "set_on": "2026-12-02"}}); a year without one uses the plan's county
    # target scaled to the township (pjdesk/stats/targets.py)
    "exit_targets": {},
    "backup_keep": 10,                # issue 14: automatic backups kept in the backups folder (3–100)
}

# Inclusive ranges of the whole-number settings.
LIMITS: dict[str, tuple[int, int]] = {
    "helper_household_limit": (1, 5),   # R2.1: at most 5 households per helper
    "visit_overdue_days": (7, 365),
    "posting_min_days": (7, 60),        # R5.5: at least 7 days
    "posting_confirm_days": (7, 60),    # a posting is at most 60 days (cases/postings.POSTING_MAX_DAYS)
    "id_mask_head": (0, 6),
    "idle_lock_minutes": (1, 240),
    "id_mask_tail": (0, 4),
    "rejection_appeal_days": (1, 90),
    "renovation_advance_share": (0, 100),
    "assessment_max_age_months": (1, 60),
    "relocation_area_per_person": (10, 25),
    "relocation_demolition_deadline_days": (30, 730),
    "backup_keep": (3, 100),
}
# Years and households a yearly exit target (``exit_targets``) may hold.
EXIT_TARGET_YEARS = (2014, 2030)
EXIT_TARGET_HOUSEHOLDS = (0, 100_000)
# Years and yuan an income line (``exit_income_lines``) may hold.
INCOME_LINE_YEARS = (2014, 2030)
INCOME_LINE_YUAN = (1, 100_000)

# Why a range is what it is, said with the refusal (issue 17: a value out of range is refused beside its
# field with the reason).
LIMIT_REASONS: dict[str, str] = {
    "helper_household_limit": "规划规定每名帮扶责任人最多帮扶5户，本乡镇只能定得更严",
    "posting_min_days": "规划规定公示不少于7天，可以延长，不能缩短",
    "visit_overdue_days": "超过这么多天没有帮扶记录的户列入“超期未走访”",
    "id_mask_head": "公开名单最多显示身份证号前6位",
    "idle_lock_minutes": "离开电脑这么多分钟后屏幕锁定，需重新输入密码",
    "id_mask_tail": "公开名单最多显示身份证号后4位",
    "posting_confirm_days": "公示期超过这么多天时，保存前先请经办人确认",
    "renovation_advance_share": "竣工验收前最多可预拨核定补助的百分之几，默认0（验收后拨付）",
    "assessment_max_age_months": "申请时危房鉴定距今不得超过这么多个月",
    "relocation_area_per_person": "易地扶贫搬迁安置住房人均面积不超过25㎡（国家发展改革委等五部门《“十三五”时期易地扶贫搬迁"
                                  "工作方案》发改地区〔2015〕2769号），本乡镇只能定得更严",
    "relocation_demolition_deadline_days": "县级审批后这么多天内须拆除旧房（旧房拆除复垦协议的期限）",
    "backup_keep": "备份文件夹中保留最近这么多份自动备份，更早的自动删除",
}


def get(session: Session, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(key)
    value = _stored(session, key)
    if key in LIMITS or isinstance(DEFAULTS[key], dict):  # a value stored out of range (older file, hand edit) never weakens a rule
        try:
            check(key, value)
        except ValidationError:
            return DEFAULTS[key]
    return value


def _stored(session: Session, key: str) -> Any:
    """The value as stored (the default when absent), unchecked."""
    row = session.get(Setting, key)
    return json.loads(row.value) if row else DEFAULTS[key]


def set_(session: Session, key: str, value: Any) -> None:
    """Store one setting in the caller's transaction; settings are the administrator's (R1.9)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    require_in(session, ADMIN)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
    else:
        row.value = json.dumps(value, ensure_ascii=False)


def check(key: str, value: Any) -> Any:
    """The value as stored (text trimmed), or ValidationError naming the setting and the reason."""
    if key not in DEFAULTS:
        raise KeyError(key)
    default = DEFAULTS[key]
    if key == "relocation_rates":
        return _relocation_rates(key, value)
    if key == "exit_targets":
        return _exit_targets(key, value)
    if isinstance(default, dict):
        return _income_lines(key, value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValidationError(key, f"“{value}”应为是或否")
        return value
    if isinstance(default, int):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(key, f"“{value}”不是整数")
        low, high = LIMITS.get(key, (None, None))
        if low is not None and not low <= value <= high:
            reason = LIMIT_REASONS.get(key)
            raise ValidationError(key, f"应在{low}至{high}之间" + (f"：{reason}" if reason else ""))
        return value
    if not isinstance(value, str):
        raise ValidationError(key, "应为文字")
    return value.strip()


def _income_lines(key: str, value: Any) -> dict[str, int]:
    """{year: yuan} with each year and amount a whole number in range; keys stored as text."""
    if not isinstance(value, dict):
        raise ValidationError(key, "应为“年度：金额”的列表")
    out: dict[str, int] = {}
    for year, yuan in value.items():
        text = str(year).strip()
        if not (text.isascii() and text.isdigit()) or not INCOME_LINE_YEARS[0] <= int(text) <= INCOME_LINE_YEARS[1]:
            raise ValidationError(key, f"年度“{year}”应为{INCOME_LINE_YEARS[0]}至{INCOME_LINE_YEARS[1]}之间的年份")
        if not isinstance(yuan, int) or isinstance(yuan, bool) or not INCOME_LINE_YUAN[0] <= yuan <= INCOME_LINE_YUAN[1]:
            raise ValidationError(key, f"{text}年的收入标准“{yuan}”应为{INCOME_LINE_YUAN[0]}至{INCOME_LINE_YUAN[1]}元的整数")
        out[str(int(text))] = yuan
    return dict(sorted(out.items()))


def _relocation_rates(key: str, value: Any) -> dict[str, int]:
    """{year: 元/人} for relocation (R4.7: none in the plan); the same bounds as an income line."""
    try:
        return _income_lines(key, value)
    except ValidationError as exc:
        raise ValidationError(key, str(exc).replace("收入标准", "搬迁补助标准（元/人）")) from None


def check_exit_target(year: Any, households: Any) -> int:
    """One yearly exit target: the year within range and a whole number of households (digits of any
    script read as ASCII); ValidationError with the year as the field."""
    text = ascii_digits(str(year)).strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4) or \
            not EXIT_TARGET_YEARS[0] <= int(text) <= EXIT_TARGET_YEARS[1]:
        raise ValidationError("exit_targets", f"年度“{str(year)[:10]}”应为{EXIT_TARGET_YEARS[0]}至{EXIT_TARGET_YEARS[1]}之间的年份")
    if isinstance(households, str):
        digits = ascii_digits(households).strip()
        households = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 9 else households
    low, high = EXIT_TARGET_HOUSEHOLDS
    if not isinstance(households, int) or isinstance(households, bool) or not low <= households <= high:
        raise ValidationError(text, f"{text}年的脱贫目标“{str(households)[:12]}”应为{low}至{high}户的整数")
    return households


def _exit_targets(key: str, value: Any) -> dict[str, dict]:
    if not isinstance(value, dict):
        raise ValidationError(key, "应为“年度：户数”的列表")
    out = {}
    for year, entry in value.items():
        if not isinstance(entry, dict) or set(entry) != {"households", "set_on"}:
            raise ValidationError(key, f"年度“{year}”的脱贫目标格式无效")
        n = check_exit_target(year, entry["households"])
        try:
            set_on = _date.fromisoformat(str(entry["set_on"])).isoformat()
        except ValueError:
            raise ValidationError(key, f"年度“{year}”的脱贫目标设定日期“{entry['set_on']}”无效") from None
        out[str(int(str(year)))] = {"households": n, "set_on": set_on}
    return dict(sorted(out.items()))


def income_line(session: Session, year: int) -> int | None:
    """The exit income line of ``year`` (yuan per person), or None when the county set none."""
    return get(session, "exit_income_lines").get(str(year))


def errors(values: dict[str, Any]) -> list[ValidationError]:
    """Every value's problem (``check``), for a form to show each beside its field as it is typed."""
    out = []
    for key, value in values.items():
        try:
            check(key, value)
        except ValidationError as exc:
            out.append(exc)
    return out


def shown_value(key: str, value: Any) -> tuple[Any, ValidationError | None]:
    """What a form shows for a stored whole-number setting: the value, or — when it was stored out of
    range or is no whole number (an old file, a hand edit) — the nearest value in range (else the
    default) and the message saying so, for the clerk to confirm by saving."""
    try:
        return check(key, value), None
    except ValidationError as exc:
        whole = isinstance(value, int) and not isinstance(value, bool)
        low, high = LIMITS.get(key, (None, None))
        shown = min(max(value, low), high) if whole and low is not None else DEFAULTS[key]
        reason = exc.message if whole else "不是整数"
        return shown, ValidationError(key, f"已保存的值“{value}”{reason}，这里显示为{shown}，请确认后保存")


def update(session: Session, values: dict[str, Any]) -> list[str]:
    """Check and store several settings (inside the caller's transaction); returns the keys whose
    value changed. Nothing is stored if any value is invalid."""
    checked = {key: check(key, value) for key, value in values.items()}
    changed = [key for key, value in checked.items()
               if (stored := _stored(session, key)) != value or type(stored) is not type(value)]
    for key in changed:
        set_(session, key, checked[key])
    return changed


def all_settings(session: Session) -> dict[str, Any]:
    stored = {row.key: json.loads(row.value) for row in session.query(Setting)}
    return {key: stored.get(key, default) for key, default in DEFAULTS.items()}


def value(db, key: str) -> Any:
    """One setting, read in its own short transaction (for callers without a session)."""
    with db.reader() as s:
        return get(s, key)


def actor(db) -> str:
    """Who records an action (经办人): the logged-in user's display name (issue 14, RULES.md R1.9).
    With nobody logged in there is no 经办人: the write that follows is refused (``NotLoggedIn``)."""
    user = getattr(db, "user", None)
    return user.display_name if user else ""
