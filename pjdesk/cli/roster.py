"""``pjdesk import roster FILE.xlsx [--dry-run] [--errors-out ERRORS.xlsx]``: the 花名册 import
(docs/roster-import.md). Prints what the file would add and change and every problem (ID numbers, phones
and accounts cut by ``redact``); refuses — exit 2, the count of problems on stderr, nothing written —
while any 错误 remains. ``--dry-run`` only checks (no login needed)."""

from __future__ import annotations

import sys

from ..redact import redact
from ..roster.apply import WRITING, import_roster, preview
from ..roster.plan import refusal
from .common import open_db, open_with_actor

SHOWN = 200   # problems and changes printed at most (all of them go to --errors-out)


def _progress(done: int, total: int, text: str = "") -> None:
    """On a terminal, one line redrawn; otherwise (a script's log) a line per batch written, so a caller
    can tell the write is under way (the transaction commits only after the last batch)."""
    if sys.stderr.isatty():
        print(f"\r{text} {done}/{total}", end="", file=sys.stderr, flush=True)
    elif done and text.startswith(WRITING):
        print(text, file=sys.stderr, flush=True)


def _where(p) -> str:
    place = f"“{p.sheet}”" if p.sheet else ""
    if p.row:
        place += f"第{p.row}行"
    if p.column:
        place += f"“{p.column}”列"
    return place


def cmd_import_roster(args) -> int:
    db, actor = (open_db(args), "") if args.dry_run else open_with_actor(args)
    plan = preview(db, args.file, _progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(plan.summary())
    for p in plan.problems[:SHOWN]:
        value = f"（值：{redact(p.value)}）" if p.value else ""
        print(f"{p.level}：{_where(p)}{value} {redact(p.reason)}")
    if len(plan.problems) > SHOWN:
        print(f"……另有{len(plan.problems) - SHOWN}个问题（用 --errors-out 保存全部）")
    for c in plan.changes[:SHOWN]:
        who = f"成员“{c.who}”" if c.who else ""
        print(f"变更：户编号{c.household_no}{who} {c.what}：{redact(c.old) or '（空）'} → {redact(c.new) or '（空）'}")
    if args.errors_out and plan.problems:
        from ..roster.problems import write_problems  # openpyxl's writer loads only when asked (start-up time)

        write_problems(plan, args.errors_out)
        print(f"问题清单已保存：{args.errors_out}")
    if not plan.ok:
        print(f"错误：{refusal(plan).message}", file=sys.stderr)
        return 2
    if args.dry_run:
        print("检查完成（--dry-run，未写入数据）")
        return 0
    result = import_roster(db, plan, actor=actor, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(result.message())
    return 0


def register(sub) -> None:
    imp = sub.add_parser("import", help="导入：花名册（Excel）").add_subparsers(dest="sub", required=True)
    p = imp.add_parser("roster", help="导入花名册（.xlsx 或 .xls）：先检查，全部无误才写入（一次完成，全部或全不）")
    p.add_argument("file", help="花名册文件（.xlsx / .xls）")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示将新增、变更的内容，不写入")
    p.add_argument("--errors-out", help="把问题清单（问题行与原因）保存为 .xlsx")
    p.set_defaults(func=cmd_import_roster)
