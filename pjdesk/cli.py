"""Command line: ``pjdesk [--db PATH] COMMAND …``. A refused command prints its Chinese message on
stderr, exits non-zero and changes nothing (each command is one transaction).

Features add subcommands by appending a ``register(subparsers)`` function to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from pathlib import Path
from typing import Callable

from db import open_database

from . import __version__, paths, vocab
from .errors import PjdeskError, ValidationError

EXIT_REFUSED = 2


def parse_date(text: str | None, field: str = "date") -> dt.date | None:
    """A YYYY-MM-DD option value (None when absent); a bad one is refused naming the field."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field, f"日期“{text}”格式不正确，请写成 YYYY-MM-DD，例如 2026-03-01") from None


def _emit(data, fmt: str, table: Callable[[object], str]) -> None:
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(table(data))


def _table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cells = [[h for _, h in columns]] + [[_cell(r.get(k)) for k, _ in columns] for r in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(columns))]
    return "\n".join("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip() for row in cells)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


# ---------------------------------------------------------------- commands

def cmd_demo(args) -> int:
    """Build the demo township. Never aimed at the clerk's database: without --db it writes the
    demo file in the data folder (PJDESK_DB is ignored), and --force rebuilds only a demo file."""
    from .demo import DEMO_TOWNSHIP, build_demo

    path = Path(args.db) if args.db else paths.demo_db_path()
    if path.exists():
        if not args.force:
            raise PjdeskError(f"数据库文件已存在：{path}。如需重新生成演示数据，请加 --force")
        _refuse_unless_demo(path)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_database(path)
    try:
        counts = build_demo(db, township=args.township or DEMO_TOWNSHIP, households=args.households)
    except BaseException:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    db.close()
    print(f"已生成演示数据：{counts['township']} {counts['villages']}个村 {counts['households']}户 "
          f"{counts['members']}人 → {path}")
    return 0


def _refuse_unless_demo(path: Path) -> None:
    import sqlite3

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = 'demo_database'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    if not row or json.loads(row[0]) is not True:
        raise PjdeskError(f"文件 {path} 不是演示数据库，--force 不会删除它。请另选 --db 路径。")


def cmd_init(args) -> int:
    from .services.township import init_township

    db = _open(args)
    info = init_township(db, args.township)
    print(f"已创建乡镇：{info.county}{info.name}，{len(info.villages)}个村 → {db.path}")
    return 0


LIST_COLUMNS = [("household_no", "户编号"), ("village", "村"), ("group", "组"), ("head_name", "户主"),
                ("head_id_number", "身份证号"), ("size", "人口"), ("type", "类型"), ("main_cause", "主要致贫原因"),
                ("status", "状态"), ("exit_year", "脱贫年度")]


def cmd_households_list(args) -> int:
    from .services.registry_query import RegistryFilter, filter_rows, load_rows

    if args.status and args.status not in vocab.STATUSES:
        raise PjdeskError(f"状态“{args.status}”无效，可选：{'、'.join(vocab.STATUSES)}")
    db = _open(args)
    rows = filter_rows(load_rows(db), RegistryFilter(search=args.search or "", village=args.village or "",
                                                     status=args.status or ""))
    data = [r.as_dict() for r in rows]
    if args.format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([h for _, h in LIST_COLUMNS] + ["其他致贫原因"])
        for d in data:
            writer.writerow([_cell(d[k]) for k, _ in LIST_COLUMNS] + [_cell(d["other_causes"])])
        sys.stdout.write(buf.getvalue())
    else:
        _emit(data, args.format, lambda d: _table(d, LIST_COLUMNS) + f"\n共 {len(d)} 户")
    return 0


def cmd_households_show(args) -> int:
    from .services.registry_query import household_detail

    d = household_detail(_open(args), args.household_no)

    def table(d):
        head = (f"户编号 {d['household_no']}  {d['village']}{d['group']}组  户主 {d['head_name']}  "
                f"人口 {d['size']}  {d['type']}  状态 {d['status']}\n"
                f"主要致贫原因 {d['main_cause']}  其他 {_cell(d['other_causes']) or '无'}  "
                f"计划脱贫 {d['planned_exit_year'] or ''}  脱贫年度 {d['exit_year'] or ''}\n")
        return head + _table([m for m in d["members"] if not m["left_on"]], [
            ("name", "姓名"), ("relation", "关系"), ("sex", "性别"), ("id_number", "身份证号"),
            ("birth_date", "出生日期"), ("health", "健康"), ("labour_ability", "劳动能力"), ("school_status", "在校")])
    _emit(d, args.format, table)
    return 0


def cmd_stats(args) -> int:
    from .services.stats import registry_stats

    st = registry_stats(_open(args))

    def table(st):
        lines = [f"{st['township']}：{st['households']}户 {st['persons']}人"]
        lines += [f"  {s}：{v['households']}户 {v['persons']}人" for s, v in st["by_status"].items()]
        lines.append("各村：")
        lines += [f"  {v['village']}：{v['households']}户 {v['persons']}人" for v in st["by_village"]]
        return "\n".join(lines)
    _emit(st, args.format, table)
    return 0


def cmd_villages_list(args) -> int:
    from .services.township import villages

    rows = [{"village": v.name, "old_name": v.old_name, "is_poor_village": v.is_poor_village,
             "households": v.households} for v in villages(_open(args))]
    _emit(rows, args.format, lambda d: _table(d, [("village", "村"), ("old_name", "并村前原村名"),
                                                  ("is_poor_village", "贫困村"), ("households", "户数")]))
    return 0


def cmd_villages_add(args) -> int:
    from .services.township import add_village

    add_village(_open(args), args.name, args.old_name or "", args.poor)
    print(f"已添加村：{args.name}")
    return 0


def _open(args):
    path = Path(args.db) if args.db else paths.default_db_path()
    if not path.exists():
        if args.command != "init":
            raise PjdeskError(f"数据库文件不存在：{path}（可先运行 pjdesk init --township 乡镇名 或 pjdesk demo）")
    return open_database(path)


def register_core(sub) -> None:
    p = sub.add_parser("demo", help="生成演示数据库")
    p.add_argument("--township", default=None)
    p.add_argument("--households", type=int, default=1500)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("init", help="新建数据库并设定乡镇")
    p.add_argument("--township", required=True)
    p.set_defaults(func=cmd_init)

    hh = sub.add_parser("households", help="贫困户台账").add_subparsers(dest="sub", required=True)
    p = hh.add_parser("list")
    p.add_argument("--village")
    p.add_argument("--status")
    p.add_argument("--search")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_households_list)
    p = hh.add_parser("show")
    p.add_argument("household_no")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_households_show)

    vv = sub.add_parser("villages", help="村").add_subparsers(dest="sub", required=True)
    p = vv.add_parser("list")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_villages_list)
    p = vv.add_parser("add")
    p.add_argument("name")
    p.add_argument("--old-name", help="2016年并村前的原村名")
    p.add_argument("--poor", action="store_true", help="贫困村")
    p.set_defaults(func=cmd_villages_add)

    p = sub.add_parser("stats", help="统计")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)


# Feature modules append their register functions here.
COMMANDS: list[Callable] = [register_core]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: Chinese prefix, exit 2
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}", file=sys.stderr)
        sys.exit(EXIT_REFUSED)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pjdesk", description="平江扶贫工作台（命令行）")
    parser.add_argument("--db", help="数据库文件路径（默认在用户数据目录，可用 PJDESK_DB 环境变量指定）")
    parser.add_argument("--version", action="version", version=f"pjdesk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _load_features()
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except PjdeskError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return EXIT_REFUSED
    except FileNotFoundError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:  # output piped into head, less …: stop quietly (Python docs' recipe)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _load_features() -> None:
    """Import feature modules that register CLI commands and demo steps."""
    from . import features  # noqa: F401


if __name__ == "__main__":
    sys.exit(main())
