"""``pjdesk export monthly --month YYYY-MM --out FILE.xlsx [--override-reason R]``: the monthly
workbook for the county. Runs the data checks first; 错误 findings refuse the export (exit 2,
nothing written) unless a reason for overriding them is given, which goes into the 说明 sheet."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import open_with_actor


def cmd_monthly(args) -> int:
    from ..monthly.export import export_monthly  # openpyxl and the checks load only here (start-up time)

    db, actor = open_with_actor(args)

    def progress(done: int, total: int, text: str = "") -> None:
        if sys.stderr.isatty():
            print(f"\r{text} {done}/{total}", end="", file=sys.stderr, flush=True)

    result = export_monthly(db, args.month, args.out, override_reason=args.override_reason or "", actor=actor,
                            progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    rows = "，".join(f"{name} {n} 行" for name, n in result.rows.items())
    print(f"已生成月报：{Path(args.out).resolve()}（{rows}）")
    if result.overridden:
        print(f"提示：数据检查有 {result.blocking} 项错误，已按所填理由强制导出")
    return 0


def register(sub) -> None:
    ex = sub.add_parser("export", help="导出：月报（Excel 工作簿）").add_subparsers(dest="sub", required=True)
    p = ex.add_parser("monthly", help="导出某月的月报工作簿（报县）")
    p.add_argument("--month", required=True, help="月份，如 2026-11")
    p.add_argument("--out", required=True, help="保存的 .xlsx 文件")
    p.add_argument("--override-reason", help="数据检查有错误时仍要导出的理由（写入“说明”表）")
    p.set_defaults(func=cmd_monthly)
