"""``pjdesk demo|init|households|villages``: the registry from the command line."""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import os
import sqlite3
import sys
import unicodedata
from pathlib import Path

from db import open_database

from .. import paths
from ..auth import passwords, users
from ..errors import PjdeskError, ValidationError, raise_first
from ..registry import vocab
from ..registry.exit_rules import parse_checklist
from ..registry.queries import RegistryFilter, filter_rows, household_detail, load_rows
from ..registry.survey import SurveyInput, household_surveys, record_survey
from ..registry.township import add_village, init_township, villages
from .common import (cell, cli_user, db_path, emit, log_in, open_db, open_with_actor, parse_date, read_json_file,
                     table, whole_number)



def cmd_demo(args) -> int:
    """Build the demo township. Never aimed at the clerk's database: without --db it writes the
    demo file in the data folder (PJDESK_DB is ignored), and --force rebuilds only a demo file."""
    from ..demo import DEMO_TOWNSHIP, build_demo  # the demo builder loads only for this command (start-up time)

    path = Path(args.db) if args.db else paths.demo_db_path()
    if path.exists():
        if not args.force:
            raise PjdeskError(f"数据库文件已存在：{path}。如需重新生成演示数据，请加 --force")
        _refuse_unless_demo(path)
    # Built under a temporary name beside it and renamed only when complete: a build killed halfway
    # never leaves a file that opens as if it were whole, and a failed --force keeps the old demo.
    path.parent.mkdir(parents=True, exist_ok=True)
    for left in path.parent.glob(f".{path.name}.building-*"):    # what a killed build left behind
        _remove(left)
    building = path.with_name(f".{path.name}.building-{os.getpid()}")
    db = open_database(building)
    try:
        counts = build_demo(db, township=args.township or DEMO_TOWNSHIP, households=args.households)
    except BaseException:
        db.close()
        _remove(building)
        raise
    db.close()                      # the last connection: SQLite folds the WAL back into the file
    _remove(path)
    os.replace(building, path)
    print(f"已生成演示数据：{counts['township']} {counts['villages']}个村 {counts['households']}户 "
          f"{counts['members']}人 → {path}")
    from ..auth.demo import DEMO_PASSWORD, DEMO_USERS  # with the demo builder (start-up time)

    print(f"演示用户（仅供演示，密码均为 {DEMO_PASSWORD}）：" + "、".join(f"{n}（{r}）" for n, _, r in DEMO_USERS))
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
    """A new database for a township; a file without users gets its first administrator (``--admin``,
    else --user/PJDESK_USER, else admin; the password from PJDESK_PASSWORD or asked twice)."""
    db = open_database(db_path(args))
    try:
        created = ""
        if users.has_users(db):
            log_in(db, args)
        else:
            name = (args.admin or cli_user(args) or "admin").strip()
            users.create_first_admin(db, name, args.admin_name or "管理员", _new_password(name))
            created = f"，管理员用户：{name}"
        info = init_township(db, args.township)
    finally:
        db.close()  # the file is complete (WAL checkpointed) when the command returns
    print(f"已创建乡镇：{info.county}{info.name}，{len(info.villages)}个村{created} → {db.path}")
    return 0


def _new_password(name: str) -> str:
    password = os.environ.get("PJDESK_PASSWORD")
    if password is not None:
        return password
    first = getpass.getpass(f"为管理员“{name}”设置密码：")
    raise_first(passwords.confirm_errors(first, getpass.getpass("再次输入密码："), "password"))
    return first


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
                f"计划脱贫 {d['planned_exit_year'] or ''}  脱贫年度 {d['exit_year'] or ''}"
                f"{'  政策兜底' if d['policy_guarantee'] else ''}\n")
        return head + table([m for m in d["members"] if not m["left_on"]], [
            ("name", "姓名"), ("relation", "关系"), ("sex", "性别"), ("id_number", "身份证号"),
            ("birth_date", "出生日期"), ("health", "健康"), ("labour_ability", "劳动能力"), ("school_status", "在校"),
            ("flags", "标识")])
    data = detail.as_dict()
    for m, member in zip(data["members"], detail.members):
        m["flags"] = member.flags         # R1.7: “低保、残疾二级、留守儿童”
    emit(data, args.format, as_table)
    return 0


STATUS_TARGETS = ("预脱贫", "已脱贫", "返贫", "已销户")
CHECKLIST_HELP = """\
标记“预脱贫”“已脱贫”须附“两不愁三保障”核查表：--checklist 指定一个UTF-8编码的JSON文件，
按五个项目列出结果（“达标”或“未达标”）和说明，例如：

  {"不愁吃": {"result": "达标", "note": "口粮自给，有余粮"},
   "不愁穿": {"result": "达标", "note": "四季衣被齐全"},
   "义务教育有保障": {"result": "达标", "note": "无辍学"},
   "基本医疗有保障": {"result": "达标", "note": "全家参加城乡居民医保"},
   "住房安全有保障": {"result": "达标", "note": "砖混结构，A级"}}

义务教育、基本医疗、住房安全按台账核对，不凭填写：6–15岁成员为非在校生、有成员未参加城乡居民医保、
住房为C/D级危房或无房且没有通过竣工验收的危改/搬迁案件时，填“达标”会被拒绝并说明原因。
设置了当年脱贫收入标准时，人均纯收入低于标准的不能脱贫。被拒绝时不改动数据库，退出状态为2。"""


def _read_checklist(path: str | None):
    """The checklist items of ``--checklist FILE.json`` (None when not given); a bad file is refused."""
    if not path:
        return None
    where = f"核查表文件“{path}”"
    data = read_json_file(path, "checklist", "核查表文件", max_bytes=100_000)
    return parse_checklist(data, where=where)


def cmd_households_status(args) -> int:
    # the service loads the cases and pairing checks of 销户: only for this command (start-up time)
    from ..registry.households import change_status

    to = unicodedata.normalize("NFKC", args.to or "").strip()
    if to not in STATUS_TARGETS:
        raise ValidationError("status", f"--to “{args.to}”无效，可选：{'、'.join(STATUS_TARGETS)}")
    on = parse_date(unicodedata.normalize("NFKC", args.date), "changed_on")
    reason = (args.reason or "").strip()     # its length is checked by the service (rules.check_status_change)
    checklist = _read_checklist(args.checklist)
    db, actor = open_with_actor(args)
    change_status(db, args.household_no.strip(), to, on, reason, actor=actor, checklist=checklist)
    print(f"已变更状态：户编号 {args.household_no.strip()} → {to}（{on:%Y-%m-%d}）")
    return 0


# 六看一听一公示 (R1.3): the option of each look, in the order the plan prints them.
SURVEY_OPTIONS = (("car", "look_car"), ("house", "look_house"), ("poverty", "look_poverty"), ("cause", "look_cause"),
                  ("school", "look_school"), ("labour", "look_labour"), ("listen", "listen"),
                  ("findings", "findings"), ("needs", "needs"))


def cmd_households_survey(args) -> int:
    """Record one 六看一听 visit (one transaction); a missing look or a bad date is refused, exit 2."""
    on = parse_date(unicodedata.normalize("NFKC", args.date or ""), "surveyed_on")
    inp = SurveyInput(surveyed_on=on, surveyors=args.by or "",
                      **{key: getattr(args, opt) or "" for opt, key in SURVEY_OPTIONS})
    db, actor = open_with_actor(args)
    record_survey(db, args.household_no, inp, actor=actor)
    print(f"已登记六看一听走访记录：户编号 {args.household_no.strip()}（{on:%Y-%m-%d}，走访人 {inp.surveyors.strip()}）")
    return 0


SURVEY_COLUMNS = [("surveyed_on", "走访日期"), ("surveyors", "走访人"), ("look_car", "一看车"),
                  ("look_house", "二看房"), ("look_poverty", "三看贫困程度"), ("look_cause", "四看致贫原因"),
                  ("look_school", "五看子女上学"), ("look_labour", "六看劳动能力"), ("listen", "听取群众意见"),
                  ("findings", "走访结论"), ("needs", "脱贫需求")]


def cmd_households_surveys(args) -> int:
    """A household's 六看一听 visits, newest first."""
    rows = [r.as_dict() for r in household_surveys(open_db(args), args.household_no)]

    def as_table(d: list) -> str:
        if not d:
            return f"户编号 {args.household_no.strip()} 尚无六看一听走访记录"
        blocks = [f"{r['surveyed_on']}  走访人 {r['surveyors']}\n" + "\n".join(
            f"  {header}：{r[key]}" for key, header in SURVEY_COLUMNS[2:] if r[key]) for r in d]
        return "\n\n".join(blocks) + f"\n共 {len(d)} 次走访"
    emit(rows, args.format, as_table)
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
    p.add_argument("--households", type=whole_number, default=1500, help="户数（默认1500）")
    p.add_argument("--force", action="store_true", help="重新生成已有的演示数据库")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("init", help="新建数据库并设定乡镇")
    p.add_argument("--township", required=True, help="乡镇名")
    p.add_argument("--admin", default=None, help="第一个管理员的用户名（默认取 --user 或 PJDESK_USER，否则 admin）")
    p.add_argument("--admin-name", default=None, help="第一个管理员的姓名（记录上的经办人，默认“管理员”）")
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

    p = hh.add_parser("status", help="变更状态：预脱贫、已脱贫（须附两不愁三保障核查表）、返贫、已销户",
                      description="变更一户的状态，记入状态记录。", epilog=CHECKLIST_HELP,
                      formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("household_no", help="户编号")
    p.add_argument("--to", required=True, metavar="状态", help=f"变更为：{'、'.join(STATUS_TARGETS)}")
    p.add_argument("--date", required=True, help="变更日期 YYYY-MM-DD（不能晚于今天）")
    p.add_argument("--reason", required=True, help="变更原因")
    p.add_argument("--checklist", metavar="FILE.json", help="两不愁三保障核查表（JSON，格式见下）")
    p.set_defaults(func=cmd_households_status)

    p = hh.add_parser("survey", help="登记一次“六看一听”入户走访",
                      description="登记一次“六看一听一公示”入户走访：六看（车、房、贫困程度、致贫原因、子女上学、"
                                  "劳动能力）和一听（听取群众意见）每一项都要填写。设置中开启“识别公示须有走访记录”"
                                  "（默认开启）时，没有走访记录的户不列入贫困户识别公示。")
    p.add_argument("household_no", help="户编号")
    p.add_argument("--date", required=True, metavar="日期", help="走访日期 YYYY-MM-DD（不晚于今天，不早于识别年度）")
    p.add_argument("--by", required=True, metavar="走访人", help="走访人，多人用顿号分隔，如 李村长、张站长")
    for opt, help_text in (("car", "一看车：有无车辆（必填）"), ("house", "二看房：住房状况（必填）"),
                           ("poverty", "三看贫困程度深不深（必填）"), ("cause", "四看致贫原因是什么（必填）"),
                           ("school", "五看子女上学堂（必填）"), ("labour", "六看劳动能力强不强（必填）"),
                           ("listen", "一听：听取群众意见（必填）"), ("findings", "走访结论（居住条件、就业渠道、收入来源等，可选）"),
                           ("needs", "脱贫需求（可选）")):
        p.add_argument(f"--{opt}", metavar="文字", help=help_text)
    p.set_defaults(func=cmd_households_survey)
    p = hh.add_parser("surveys", help="列出一户的“六看一听”走访记录（新的在前）")
    p.add_argument("household_no", help="户编号")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_households_surveys)

    vv = sub.add_parser("villages", help="村").add_subparsers(dest="sub", required=True)
    p = vv.add_parser("list", help="列出各村")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_villages_list)
    p = vv.add_parser("add", help="添加村")
    p.add_argument("name", help="村名")
    p.add_argument("--old-name", help="2016年并村前的原村名")
    p.add_argument("--poor", action="store_true", help="贫困村")
    p.set_defaults(func=cmd_villages_add)

