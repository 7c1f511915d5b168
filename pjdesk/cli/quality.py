"""``pjdesk check [--format table|json] [--today YYYY-MM-DD]``: the data-quality checks (数据质量检查,
issue 12) over the whole file. Only reads the database. Exits 1 when an error-level (错误) finding
exists, 0 otherwise (提示 findings alone do not fail); a refusal (no such file) exits 2 as every command.
"""

from __future__ import annotations

from ..quality.checks import CHECKS, blocking, counts, run_checks
from .common import emit, open_db, parse_date, table

EXIT_FINDINGS = 1


def _as_table(data: dict) -> str:
    findings = data["findings"]
    lines = []
    if findings:
        lines.append(table(findings, [("severity", "级别"), ("title", "检查项"), ("message", "问题"),
                                      ("household_no", "户编号"), ("case_no", "案件编号")]))
        lines.append("")
    summary = [{"title": title, "severity": severity, "count": data["counts"][key]} for key, title, severity in CHECKS]
    lines.append(table(summary, [("title", "检查项"), ("severity", "级别"), ("count", "问题数")]))
    lines.append(f"共{len(findings)}条：错误{data['errors']}条，提示{len(findings) - data['errors']}条")
    return "\n".join(lines)


def cmd_check(args) -> int:
    findings = run_checks(open_db(args), today=parse_date(args.today, "today"))
    errors = len(blocking(findings))
    data = {"findings": [f.as_dict() for f in findings], "counts": counts(findings), "errors": errors,
            "hints": len(findings) - errors}
    emit(data, args.format, _as_table)
    return EXIT_FINDINGS if errors else 0


def register(sub) -> None:
    p = sub.add_parser("check", help="数据质量检查（有“错误”级问题时退出码为1）",
                       description="对全部数据运行数据质量检查，列出每个问题及其户编号或案件编号。")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--today", help="按此日期计算年龄等（YYYY-MM-DD，默认今天）")
    p.set_defaults(func=cmd_check)
