"""The data of the problems workbook (``reports.roster_problems_xlsx``): every problem, and the offending
rows of each roster sheet as the file held them, with their reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reports.roster_problems_xlsx import OffendingRows, ProblemWorkbook, write_problem_workbook

from .plan import Plan


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d}" if value.time() == dt.time() else f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() or abs(value) >= 1e15 else str(int(value))
    return str(value)


def problem_workbook(plan: Plan) -> ProblemWorkbook:
    problems = [(p.level, p.sheet, str(p.row or ""), p.column, p.value, p.reason, p.household_no)
                for p in plan.problems]
    sheets = []
    for info in plan.parsed.sheets:
        if info.header is None or info.kind is None:
            continue
        reasons: dict[int, list[str]] = {}
        for p in plan.problems:
            if p.sheet == info.name and p.row and p.row != info.header.row:
                reasons.setdefault(p.row, []).append(f"{p.level}：{p.column + '：' if p.column else ''}{p.reason}")
        if not reasons:
            continue
        raw = plan.parsed.raw[info.name]
        width = max(info.header.labels) + 1 if info.header.labels else 0
        header = [_cell(v) for v in raw.row(info.header.row)]
        width = max(width, len(header))
        out = OffendingRows(info.name, header + [""] * (width - len(header)))
        for number in sorted(reasons):
            cells = [_cell(v) for v in raw.row(number)][:width]
            out.rows.append((number, cells, "；".join(reasons[number])))
        sheets.append(out)
    return ProblemWorkbook(f"花名册导入问题清单：{plan.parsed.path.name}（共{len(plan.problems)}项，其中错误{plan.errors}项）",
                           problems, sheets)


def write_problems(plan: Plan, out: str | Path) -> Path:
    """Save the problems of ``plan`` as an .xlsx (``out``)."""
    return write_problem_workbook(problem_workbook(plan), out)
