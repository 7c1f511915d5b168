"""导出月报: one user action, one function. Runs the data checks first; 错误 findings refuse the
export unless the clerk gives a reason for overriding them (written, with who and when, into the
说明 sheet). Only reads the database; the file appears under its final name only when complete."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from db import Database

from .. import __version__
from ..errors import RuleViolation, ValidationError, raise_first
from . import columns as C
from . import queries as Q
from . import relocation_queries as R
from .queries import Month

MAX_REASON = 200
EARLIEST_YEAR = 2014  # 建档立卡 began in 2014

Progress = Callable[[int, int, str], None]


@dataclass
class MonthlyResult:
    path: str
    month: str
    rows: dict[str, int]
    findings: int
    blocking: int
    overridden: bool
    blocking_findings: list = field(default_factory=list)


def parse_month(text: str | None, today: dt.date | None = None) -> Month:
    """"2026-11" (also full-width digits, "2026年11月", "2026/11") → Month; refuses what is not a month
    between 2014-01 and the running month."""
    month, errors = check_month(text, today)
    raise_first(errors)
    return month  # type: ignore[return-value]


def check_month(text: str | None, today: dt.date | None = None) -> tuple[Month | None, list[ValidationError]]:
    today = today or dt.date.today()
    raw = unicodedata.normalize("NFKC", str(text or ""))[:40].strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", raw)
    if not m:
        return None, [ValidationError("month", f"月份“{raw[:20]}”无效，请按“2026-11”的格式填写")]
    year, mon = int(m.group(1)), int(m.group(2))
    if not 1 <= mon <= 12:
        return None, [ValidationError("month", f"月份“{raw[:20]}”无效：月须在 1–12 之间")]
    month = Month(year, mon)
    if year < EARLIEST_YEAR or (year, mon) > (today.year, today.month):
        return None, [ValidationError("month", f"{month.label}不在可导出的范围内（{EARLIEST_YEAR}年1月至本月）")]
    return month, []


def check_override_reason(reason: str | None, *, required: bool = False) -> tuple[str, list[ValidationError]]:
    """The override reason, normalised (runs of spaces, tabs and line breaks to one space; other control
    characters dropped; Chinese punctuation kept), and what is wrong with it."""
    text = re.sub(r"\s+", " ", str(reason or "")[: MAX_REASON * 4])
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()
    if len(text) > MAX_REASON:
        return text, [ValidationError("override_reason", f"强制导出的理由最多 {MAX_REASON} 字，现为 {len(text)} 字")]
    if required and not text:
        return text, [ValidationError("override_reason", "请填写强制导出的理由（将写入月报“说明”表）")]
    return text, []


def blocked_message(count: int) -> str:
    return (f"数据检查发现 {count} 项错误，月报不能导出。请先改正；"
            "确需导出时须填写强制导出的理由（将写入“说明”表）")


def run_checks(db: Database, today: dt.date, progress: Progress | None = None) -> list:
    from ..quality.checks import run_checks as run  # the checks room (start-up time: loaded on export)

    return run(db, today=today, progress=progress)


def blocking_of(findings: list) -> list:
    from ..quality.checks import blocking  # the checks room (start-up time: loaded on export)

    return blocking(findings)


def export_monthly(db: Database, month: str | Month, out: str | Path, *, override_reason: str = "",
                   actor: str = "", today: dt.date | None = None, now: dt.datetime | None = None,
                   progress: Progress | None = None, findings: list | None = None) -> MonthlyResult:
    """Write the month's workbook to ``out``. ``findings``: the checks already run (the page ran them
    to show them), else they are run here."""
    from reports.monthly_xlsx import write_monthly  # openpyxl loads only for the export (start-up time)

    now = now or dt.datetime.now().replace(microsecond=0)
    today = today or now.date()
    if not isinstance(month, Month):
        month = parse_month(month, today)
    reason, errors = check_override_reason(override_reason)
    raise_first(errors)
    if findings is None:
        findings = run_checks(db, today, progress)
    blocking = blocking_of(findings)
    if blocking and not reason:
        raise RuleViolation(blocked_message(len(blocking)))
    book = build_book(db, month, today=today, now=now, actor=actor, findings=findings, blocking=blocking,
                      reason=reason)
    rows = write_monthly(book, out, progress=progress)
    return MonthlyResult(str(out), month.key, rows, len(findings), len(blocking), bool(blocking),
                         blocking_findings=blocking)


def build_book(db: Database, month: Month, *, today: dt.date, now: dt.datetime, actor: str, findings: list,
               blocking: list, reason: str):
    """The workbook's plain data: 说明 lines, streamed data sheets, progress sheets."""
    from reports.monthly_xlsx import DataSheet, MonthlyBook, ProgressSheet  # openpyxl (start-up time)
    from reports.xlsx import SheetColumn  # openpyxl (start-up time)

    def cols(spec) -> list:
        return [SheetColumn(label, width, kind) for label, width, kind in spec]

    township, county = Q.township(db)
    as_of = month.as_of(today)
    changes = Q.changes(db, month)
    sources = {"贫困户": Q.households, "家庭成员": Q.members, "帮扶责任人": Q.helpers, "结对关系": Q.pairings,
               "危房改造": Q.renovation}
    data = []
    for title, spec in C.DATA_SHEETS:
        if title in sources:
            count, rows = sources[title](db)
        elif title == "本月变动":
            count, rows = len(changes), changes
        elif title == "易地搬迁":
            count, rows = R.relocation(db)
        else:  # 安置点
            count, rows = R.sites(db, township)
        data.append(DataSheet(title, cols(spec), rows, count))
    stamp = f"（截至 {as_of.year}年{as_of.month}月{as_of.day}日）"
    renovation = ProgressSheet("危房改造进度", [f"{township}危房改造工作进度表", stamp],
                               cols(C.RENOVATION_PROGRESS), Q.renovation_progress(db, as_of))
    relocation = ProgressSheet("易地搬迁进度", [f"{township}易地扶贫搬迁工作进度表", stamp],
                               cols(C.RELOCATION_PROGRESS), R.relocation_progress(db, as_of))
    info: list[tuple[str, object]] = [
        ("乡镇", township), ("县（市、区）", county), ("月份", month.label), ("生成时间", now),
        ("软件版本", f"pjdesk {__version__}"), ("进度统计截至", as_of),
        ("数据检查", f"共 {len(findings)} 项，其中错误 {len(blocking)} 项"),
    ]
    if blocking:
        info += [("强制导出理由", reason), ("强制导出人", actor or "（未填写）"), ("强制导出时间", now)]
    return MonthlyBook(info, data, [renovation, relocation])


@dataclass
class Overview:
    """What the 月报导出 page shows before exporting: the month's figures and the checks' findings."""

    month: Month
    figures: dict
    findings: list
    blocking: list


def month_overview(db: Database, month: str | Month, *, today: dt.date | None = None,
                   progress: Progress | None = None) -> Overview:
    today = today or dt.date.today()
    if not isinstance(month, Month):
        month = parse_month(month, today)
    findings = run_checks(db, today, progress)
    return Overview(month, Q.figures(db, month), findings, blocking_of(findings))


def recent_months(today: dt.date | None = None, count: int = 24) -> list[Month]:
    """The months the page offers, newest first (the running month, then the ones before)."""
    today = today or dt.date.today()
    y, m = today.year, today.month
    out = []
    for _ in range(count):
        if y < EARLIEST_YEAR:
            break
        out.append(Month(y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out
