"""``pjdesk demo|init|households|villages|stats``: the registry from the command line."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from pathlib import Path

from db import open_database

from .. import paths
from ..errors import PjdeskError
from ..registry import vocab
from ..registry.queries import RegistryFilter, filter_rows, household_detail, load_rows
from ..registry.stats import registry_stats
from ..registry.township import add_village, init_township, villages
from .common import cell, db_path, emit, open_db, table


def cmd_demo(args) -> int:
    """Build the demo township. Never aimed at the clerk's database: without --db it writes the
    demo file in the data folder (PJDESK_DB is ignored), and --force rebuilds only a demo file."""
    from ..demo import DEMO_TOWNSHIP, build_demo  # the demo builder loads only for this command (start-up time)

    path = Path(args.db) if args.db else paths.demo_db_path()
    if path.exists():
        if not args.force:
            raise PjdeskError(f"数据库文件已存在：{path}。如需重新生成演示数据，请加 --force")
        _refuse_unless_demo(path)
        _remove(path)
    db = open_database(path)
    try:
        counts = build_demo(db, township=args.township or DEMO_TOWNSHIP, households=args.households)
    except BaseException:
        db.close()
        _remove(path)
        raise
    db.close()
    print(f"已生成演示数据：{counts['township']} {counts['villages']}个村 {counts['households']}户 "
          f"{counts['members']}人 → {path}")
    return 0


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _refuse_unless_demo(path: Path) -> None:
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
    db = open_database(db_path(args))
    try:
        info = init_township(db, args.township)
    finally:
        db.close()  # the file is complete (WAL checkpointed) when the command returns
    print(f"已创建乡镇：{info.county}{info.name}，{len(info.villages)}个村 → {db.path}")
    return 0


LIST_COLUMNS = [("household_no", "户编号"), ("village", "村"), ("group", "组"), ("head_name", "户主"),
                ("head_id_number", "身份证号"), ("size", "人口"), ("type", "类型"), ("main_cause", "主要致贫原因"),
                ("status", "状态"), ("exit_year", "脱贫年度")]


def cmd_households_list(args) -> int:
    if args.status and args.status not in vocab.STATUSES:
        raise PjdeskError(f"状态“{args.status}”无效，可选：{'、'.join(vocab.STATUSES)}")
    rows = filter_rows(load_rows(open_db(args)), RegistryFilter(search=args.search or "", village=args.village or "",
                                                                status=args.status or ""))
    data = [r.as_dict() for r in rows]
    if args.format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([h for _, h in LIST_COLUMNS] + ["其他致贫原因"])
        for d in data:
            writer.writerow([cell(d[k]) for k, _ in LIST_COLUMNS] + [cell(d["other_causes"])])
        sys.stdout.write(buf.getvalue())
    else:
        emit(data, args.format, lambda d: table(d, LIST_COLUMNS) + f"\n共 {len(d)} 户")
    return 0


def cmd_households_show(args) -> int:
    detail = household_detail(open_db(args), args.household_no)

    def as_table(d: dict) -> str:
        head = (f"户编号 {d['household_no']}  {d['village']}{d['group']}组  户主 {d['head_name']}  "
                f"人口 {d['size']}  {d['type']}  状态 {d['status']}\n"
                f"主要致贫原因 {d['main_cause']}  其他 {cell(d['other_causes']) or '无'}  "
                f"计划脱贫 {d['planned_exit_year'] or ''}  脱贫年度 {d['exit_year'] or ''}\n")
        return head + table([m for m in d["members"] if not m["left_on"]], [
            ("name", "姓名"), ("relation", "关系"), ("sex", "性别"), ("id_number", "身份证号"),
            ("birth_date", "出生日期"), ("health", "健康"), ("labour_ability", "劳动能力"), ("school_status", "在校")])
    emit(detail.as_dict(), args.format, as_table)
    return 0


def cmd_stats(args) -> int:
    st = registry_stats(open_db(args))

    def as_table(st):
        lines = [f"{st['township']}：{st['households']}户 {st['persons']}人"]
        lines += [f"  {s}：{v['households']}户 {v['persons']}人" for s, v in st["by_status"].items()]
        lines.append("各村：")
        lines += [f"  {v['village']}：{v['households']}户 {v['persons']}人" for v in st["by_village"]]
        return "\n".join(lines)
    emit(st, args.format, as_table)
    return 0


def cmd_villages_list(args) -> int:
    rows = [{"village": v.name, "old_name": v.old_name, "is_poor_village": v.is_poor_village,
             "households": v.households} for v in villages(open_db(args))]
    emit(rows, args.format, lambda d: table(d, [("village", "村"), ("old_name", "并村前原村名"),
                                                ("is_poor_village", "贫困村"), ("households", "户数")]))
    return 0


def cmd_villages_add(args) -> int:
    add_village(open_db(args), args.name, args.old_name or "", args.poor)
    print(f"已添加村：{args.name}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("demo", help="生成演示数据库")
    p.add_argument("--township", default=None, help="乡镇名（默认虹桥镇）")
    p.add_argument("--households", type=int, default=1500, help="户数（默认1500）")
    p.add_argument("--force", action="store_true", help="重新生成已有的演示数据库")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("init", help="新建数据库并设定乡镇")
    p.add_argument("--township", required=True, help="乡镇名")
    p.set_defaults(func=cmd_init)

    hh = sub.add_parser("households", help="贫困户台账").add_subparsers(dest="sub", required=True)
    p = hh.add_parser("list", help="列出贫困户")
    p.add_argument("--village", help="村名")
    p.add_argument("--status", help="状态")
    p.add_argument("--search", help="姓名、拼音、身份证号、户编号或电话")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_households_list)
    p = hh.add_parser("show", help="查看一户")
    p.add_argument("household_no", help="户编号")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_households_show)

    vv = sub.add_parser("villages", help="村").add_subparsers(dest="sub", required=True)
    p = vv.add_parser("list", help="列出各村")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_villages_list)
    p = vv.add_parser("add", help="添加村")
    p.add_argument("name", help="村名")
    p.add_argument("--old-name", help="2016年并村前的原村名")
    p.add_argument("--poor", action="store_true", help="贫困村")
    p.set_defaults(func=cmd_villages_add)

    p = sub.add_parser("stats", help="统计")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)
