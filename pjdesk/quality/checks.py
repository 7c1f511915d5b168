"""Data-quality checks (数据质量检查, issue 12): the checks a county runs on the township's file.

``run_checks(db)`` runs every check of ``CHECKS`` in order — one SQL query each over the whole file
(the SQL is in ``pjdesk/quality/sql.py``), never a Python loop over all rows — and returns ``Finding``
rows naming the record (household number, head's name, village; a case by its number); messages
never carry an ID number or a phone. ``blocking(findings)`` keeps the 错误 ones: they block the
monthly export unless the clerk overrides with a reason. 提示 findings are follow-ups.

Member count: a household's size is always computed from its current members (``Household.size``),
and the only stored counts (``case_file.household_size``, ``exit_check.household_size``) are dated
snapshots meant to keep the size of their day, so there is nothing stored that could disagree; the
check that remains is a household still on the roll with no current member at all (``empty_household``).
Relocation cases (易地搬迁) are not checked yet: that case kind is being built (issue 11).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import text

from .. import idcard, settings
from ..errors import ValidationError
from ..cases.renovation_rules import NO_HOUSE, demolition_required
from ..registry import vocab
from . import sql

ERROR = "错误"
HINT = "提示"
SEVERITIES = (ERROR, HINT)


@dataclass(frozen=True)
class Finding:
    check: str            # the key of CHECKS
    title: str            # the check's Chinese name
    severity: str         # 错误 / 提示
    message: str          # Chinese, names the record; no ID number or phone
    household_no: str | None = None
    case_no: str | None = None

    def as_dict(self) -> dict:
        return {"check": self.check, "title": self.title, "severity": self.severity, "message": self.message,
                "household_no": self.household_no, "case_no": self.case_no}


# (key, title, severity), in the order they run and are listed.
CHECKS: list[tuple[str, str, str]] = [
    ("empty_household", "在册户无成员", ERROR),
    ("head_count", "户主缺失或多名户主", ERROR),
    ("orphan_member", "成员无所属户", ERROR),
    ("id_invalid", "身份证号无效", ERROR),
    ("id_duplicate", "身份证号重复", ERROR),
    ("id_mismatch", "性别或出生日期与身份证号不符", ERROR),
    ("causes", "致贫原因缺失或过多", ERROR),
    ("no_helper", "在册贫困户无帮扶责任人", HINT),
    ("helper_over_limit", "帮扶责任人超过帮扶户数上限", ERROR),
    ("school_age", "义务教育阶段儿童未在校", HINT),
    ("disability_grade", "残疾成员无残疾等级", ERROR),
    ("dibao_member", "低保户无低保成员", ERROR),
    ("exit_income", "脱贫户人均纯收入低于当年标准", ERROR),
    ("renovation_records", "危房改造缺少本阶段资料", ERROR),
    ("relocation_records", "易地搬迁缺少本阶段资料", ERROR),
    ("posting_days", "公示期不足", ERROR),
]
_BY_KEY = {key: (title, severity) for key, title, severity in CHECKS}


def blocking(findings) -> list[Finding]:
    """The findings that block the monthly export (错误)."""
    return [f for f in findings if f.severity == ERROR]


def counts(findings) -> dict[str, int]:
    """Number of findings per check key (every key present)."""
    out = {key: 0 for key, _, _ in CHECKS}
    for f in findings:
        out[f.check] = out.get(f.check, 0) + 1
    return out


def run_checks(db, *, today: dt.date | None = None, progress=None) -> list[Finding]:
    """Every check over the whole file, in one read transaction. ``progress(done, total, text)`` is
    called before each check and once at the end; it may raise to cancel."""
    today = today or dt.date.today()
    out: list[Finding] = []
    with db.reader() as s:
        env = _Env(s, today)
        for i, (key, title, _severity) in enumerate(CHECKS):
            if progress is not None:
                progress(i, len(CHECKS), title)
            out.extend(_RUNNERS[key](env))
        if progress is not None:
            progress(len(CHECKS), len(CHECKS), "检查完成")
    return out


class _Env:
    def __init__(self, s, today: dt.date):
        self.s, self.today = s, today
        self.id_rows = None
        self.household_rows = None

    def rows(self, query: str, **params):
        return self.s.execute(text(query), params).all()

    def setting(self, key: str):
        return settings.get(self.s, key)


def _f(key: str, message: str, household_no=None, case_no=None) -> Finding:
    title, severity = _BY_KEY[key]
    return Finding(key, title, severity, message, household_no, case_no)


def _who(village: str, household_no: str, head: str | None) -> str:
    return f"{village}户编号{household_no}" + (f"（户主{head}）" if head else "")


# ------------------------------------------------------------------ the checks
def _household_rows(env: _Env):
    """Households with an empty roll, no or two heads, no 低保 member, or an exit below the line: one
    pass serves four checks."""
    if env.household_rows is None:
        lines = env.setting("exit_income_lines") or {}   # empty (the default): no exit is compared
        t1, t2 = vocab.DIBAO_TYPES
        env.household_rows = env.rows(sql.HOUSEHOLDS, closed=vocab.STATUS_CLOSED, exited=vocab.STATUS_EXITED,
                                      head=vocab.HEAD, t1=t1, t2=t2, lines=json.dumps(lines))
    return env.household_rows


def _head_of(heads: int, names: str | None) -> str | None:
    return names if heads == 1 else None


def _empty_household(env: _Env) -> list[Finding]:
    return [_f("empty_household", f"{_who(v, no, None)}状态为{st}，但没有在册成员", no)
            for no, v, st, _t, n, *_ in _household_rows(env) if n == 0]


def _head_count(env: _Env) -> list[Finding]:
    out = []
    for no, v, _st, _t, n, heads, names, *_ in _household_rows(env):
        if n and heads != 1:
            msg = "没有户主" if heads == 0 else f"有{heads}名户主（{names}）"
            out.append(_f("head_count", f"{_who(v, no, None)}{msg}", no))
    return out


def _orphan_member(env: _Env) -> list[Finding]:
    return [_f("orphan_member", f"成员{name}（内部编号{mid}）所属的户（内部编号{hid}）不存在")
            for mid, name, hid in env.rows(sql.ORPHAN_MEMBER)]


def _id_reason(number: str, today: dt.date) -> str:
    """Why a stored ID number is flagged, without repeating its digits."""
    try:
        info = idcard.parse(number, today=today)
    except ValidationError as exc:  # name the reason, drop the digits it quotes
        msg = exc.message
        if "地区码" in msg:
            return "身份证号地区码无效"
        if "出生日期" in msg:
            return "身份证号中的出生日期无效"
        return msg or "身份证号无效"
    if info.number != number:
        return "身份证号未按规范保存（含空格、全角字符或小写x）"
    return "身份证号无效"


def _id_rows(env: _Env):
    """The members whose ID number is invalid or disagrees with them: one pass serves both checks."""
    if env.id_rows is None:
        env.id_rows = env.rows(sql.IDS, today=int(env.today.strftime("%Y%m%d")))
    return env.id_rows


def _id_invalid(env: _Env) -> list[Finding]:
    return [_f("id_invalid", f"{_who(v, no, None)}成员{name}：{_id_reason(number or '', env.today)}", no)
            for no, v, name, number, valid, *_ in _id_rows(env) if not valid]


def _id_mismatch(env: _Env) -> list[Finding]:
    out = []
    for no, v, name, _number, valid, sex, birth, id_sex, id_birth in _id_rows(env):
        if not valid:
            continue   # reported by id_invalid
        parts = []
        if sex != id_sex:
            parts.append(f"性别登记为{sex or '空'}，身份证号为{id_sex}")
        if str(birth).replace("-", "") != str(id_birth):
            parts.append("出生日期与身份证号不一致")
        out.append(_f("id_mismatch", f"{_who(v, no, None)}成员{name}：{'；'.join(parts)}", no))
    return out


def _id_duplicate(env: _Env) -> list[Finding]:
    out = []
    for no, v, name, others in env.rows(sql.ID_DUPLICATE):
        out.append(_f("id_duplicate", f"{_who(v, no, None)}成员{name}的身份证号与{others}相同", no))
    return out


def _causes(env: _Env) -> list[Finding]:
    out = []
    params = {f"c{i}": c for i, c in enumerate(vocab.CAUSES)}
    query = sql.CAUSES.format(causes=", ".join(f":{k}" for k in params))
    for no, v, head, main, others in env.rows(query, closed=vocab.STATUS_CLOSED, head_rel=vocab.HEAD,
                                              most=vocab.MAX_OTHER_CAUSES, **params):
        parts = []
        if not (main or "").strip():
            parts.append("未填写主要致贫原因")
        elif main not in vocab.CAUSES:
            parts.append(f"主要致贫原因“{main}”不在规定的类别中")
        if others > vocab.MAX_OTHER_CAUSES:
            parts.append(f"其他致贫原因有{others}项，最多{vocab.MAX_OTHER_CAUSES}项")
        out.append(_f("causes", f"{_who(v, no, head)}：{'；'.join(parts)}", no))
    return out


def _no_helper(env: _Env) -> list[Finding]:
    p = {f"s{i}": st for i, st in enumerate(vocab.ACTIVE_POOR_STATUSES)}
    query = sql.NO_HELPER.format(statuses=", ".join(f":{k}" for k in p))
    return [_f("no_helper", f"{_who(v, no, head)}（{st}）没有在岗的帮扶责任人", no)
            for no, v, head, st in env.rows(query, head_rel=vocab.HEAD, **p)]


def _helper_over_limit(env: _Env) -> list[Finding]:
    limit = int(env.setting("helper_household_limit"))
    return [_f("helper_over_limit", f"帮扶责任人{name}（{unit or '未填单位'}）当前帮扶{n}户，上限为{limit}户")
            for name, unit, n in env.rows(sql.HELPER_OVER_LIMIT, limit=limit)]


def _years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _school_age(env: _Env) -> list[Finding]:
    # aged 6–15 today: born on or before today − 6 years and after today − 16 years
    latest, earliest = _years_before(env.today, 6), _years_before(env.today, 16)
    return [_f("school_age", f"{_who(v, no, None)}成员{name}（{age}岁）登记为非在校生，属义务教育阶段", no)
            for no, v, name, age in env.rows(sql.SCHOOL_AGE, closed=vocab.STATUS_CLOSED, out_of_school="非在校生",
                                             latest=latest.isoformat(), earliest=earliest.isoformat(),
                                             today=env.today.isoformat())]


def _disability_grade(env: _Env) -> list[Finding]:
    return [_f("disability_grade", f"{_who(v, no, None)}成员{name}健康状况为残疾，未填写残疾等级", no)
            for no, v, name in env.rows(sql.DISABILITY_GRADE, closed=vocab.STATUS_CLOSED)]


def _dibao_member(env: _Env) -> list[Finding]:
    return [_f("dibao_member", f"{_who(v, no, _head_of(heads, names))}为{kind}，但没有成员登记为低保对象", no)
            for no, v, _st, kind, n, heads, names, dibao, *_ in _household_rows(env)
            if n and kind in vocab.DIBAO_TYPES and not dibao]


def _exit_income(env: _Env) -> list[Finding]:
    return [_f("exit_income", f"{_who(v, no, _head_of(heads, names))}于{year}年脱贫，人均纯收入{per:.0f}元，"
                              f"低于{year}年标准{line}元", no)
            for no, v, _st, _t, n, heads, names, _d, year, per, line in _household_rows(env)
            if per is not None and line is not None and per < line]


# the renovation stages after approval, when the house is being (or has been) rebuilt
_BUILDING = ("实施", "竣工验收", "资金拨付", "归档")


def _renovation_records(env: _Env) -> list[Finding]:
    out = []
    for case_no, no, v, stage, structure, build_type, assessed, started, accepted, demolished, archived in env.rows(
            sql.RENOVATION_RECORDS, no_house=NO_HOUSE):
        missing = []
        if assessed is None and structure != NO_HOUSE and stage in _BUILDING:
            missing.append("危房鉴定日期")
        if stage in ("竣工验收", "资金拨付", "归档") and not started:
            missing.append("开工记录")
        if stage in ("资金拨付", "归档") and not accepted:
            missing.append("竣工验收合格记录")
        if archived and not demolished and demolition_required(build_type, structure):
            missing.append("拆旧完成记录（建新拆旧）")
        if missing:
            out.append(_f("renovation_records", f"危房改造案件{case_no}（{v}户编号{no}，{stage}）缺少{'、'.join(missing)}",
                          no, case_no))
    return out


def _relocation_records(env: _Env) -> list[Finding]:
    """Past 搬迁入住: the relocation agreement and the move-in; with an old house also the demolition-and-
    reclamation agreement and, past 旧房拆除, its verified demolition; archived: a follow-up record."""
    out = []
    for case_no, no, v, stage, old, agreed, moved, reclaim, verified, followed in env.rows(sql.RELOCATION_RECORDS):
        house = old != NO_HOUSE
        missing = [what for what, lacking in (
            ("搬迁协议", not agreed), ("搬迁入住记录", not moved),
            ("拆旧复垦协议", house and not reclaim),
            ("旧房拆除验收记录", house and stage in ("后续扶持", "归档") and not verified),
            ("后续扶持记录", stage == "归档" and not followed)) if lacking]
        if missing:
            out.append(_f("relocation_records", f"易地搬迁案件{case_no}（{v}户编号{no}，{stage}）缺少{'、'.join(missing)}",
                          no, case_no))
    return out


def _posting_days(env: _Env) -> list[Finding]:
    least = int(env.setting("posting_min_days"))
    return [_f("posting_days", f"案件{case_no}的{stage}（{v}，{start}至{end}）共{days}天，少于{least}天", no, case_no)
            for case_no, no, v, stage, start, end, days in env.rows(sql.POSTING_DAYS, least=least)]


_RUNNERS = {
    "empty_household": _empty_household,
    "head_count": _head_count,
    "orphan_member": _orphan_member,
    "id_invalid": _id_invalid,
    "id_duplicate": _id_duplicate,
    "id_mismatch": _id_mismatch,
    "causes": _causes,
    "no_helper": _no_helper,
    "helper_over_limit": _helper_over_limit,
    "school_age": _school_age,
    "disability_grade": _disability_grade,
    "dibao_member": _dibao_member,
    "exit_income": _exit_income,
    "renovation_records": _renovation_records,
    "relocation_records": _relocation_records,
    "posting_days": _posting_days,
}
