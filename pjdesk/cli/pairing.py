"""``pjdesk helpers …``: the helper registry, pairings, auto-pair, aid teams, records, printouts.

A refused command prints the Chinese reason on stderr (via ``pjdesk.cli.main``), exits non-zero
and writes nothing (each command is one service call, one transaction).
"""

from __future__ import annotations

import datetime as dt

from ..errors import PjdeskError
from ..office import page_settings, save_page_settings
from ..pairing import vocab
from ..pairing.aid_teams import missing_roles, village_team
from ..pairing.assignments import bulk_assign, reassign, unassign
from ..pairing.autopair import accept, propose
from ..pairing.people import HelperInput, add_helper
from ..pairing.queries import at_or_over_limit, helper_history, helper_rows, limit_of, unassigned_households
from ..pairing.records import HelpRecordInput, add_help_record, overdue_visits
from .common import emit, open_db, open_with_actor, parse_date, table, whole_number


HELPER_COLUMNS = [("id", "编号"), ("name", "姓名"), ("unit", "工作单位"), ("level", "级别"), ("post", "职务"),
                  ("phone", "联系电话"), ("load_text", "帮扶户数"), ("household_list", "结对户")]


def cmd_list(args) -> int:
    db = open_db(args)
    limit = limit_of(db)
    rows = helper_rows(db, unit=args.unit or "", search=args.search or "")
    if args.at_limit:
        rows = at_or_over_limit(rows, limit)
    data = [r.as_dict(limit) for r in rows]

    def as_table(d):
        shown = [{**x, "load_text": f"{x['load']}/{limit}",
                  "household_list": [f"{h['head_name']}({h['household_no']})" for h in x["households"]]} for x in d]
        return table(shown, HELPER_COLUMNS) + f"\n共 {len(d)} 名帮扶责任人"
    emit(data, args.format, as_table)
    return 0


def cmd_add(args) -> int:
    db = open_db(args)
    hid = add_helper(db, HelperInput(name=args.name, unit=args.unit, unit_level=args.level, phone=args.phone or "",
                                     sex=args.sex or "", post=args.post or "", kind=args.kind,
                                     village=args.village or ""))
    print(f"已登记帮扶责任人“{args.name}”，编号 {hid}")
    return 0


def cmd_assign(args) -> int:
    db, actor = open_with_actor(args)
    r = bulk_assign(db, args.helper, args.household, on=parse_date(args.date), actor=actor)
    print(f"已结对：{r.helper_name} ← {'、'.join(r.households)}（现帮扶{r.load}/{r.limit}户）")
    return 0


def cmd_unassign(args) -> int:
    db, actor = open_with_actor(args)
    name = unassign(db, args.household, on=parse_date(args.date), reason=args.reason or "", actor=actor)
    print(f"已解除户编号{args.household}与“{name}”的结对")
    return 0


def cmd_reassign(args) -> int:
    db, actor = open_with_actor(args)
    r = reassign(db, args.household, args.helper, on=parse_date(args.date), reason=args.reason or "", actor=actor)
    print(f"已更换：户编号{args.household}改由“{r.helper_name}”帮扶（现帮扶{r.load}/{r.limit}户）")
    return 0


def cmd_history(args) -> int:
    data = helper_history(open_db(args), args.household)
    emit(data, args.format, lambda d: table(d, [
        ("helper", "帮扶责任人"), ("unit", "工作单位"), ("start_on", "开始"), ("start_reason", "原因"),
        ("end_on", "结束"), ("end_reason", "结束原因")]))
    return 0


def cmd_unassigned(args) -> int:
    data = [{"household_no": h.household_no, "village": h.village, "group": h.group, "head_name": h.head_name,
             "size": h.size, "status": h.status} for h in unassigned_households(open_db(args), args.village or "")]
    emit(data, args.format, lambda d: table(d, [
        ("household_no", "户编号"), ("village", "村"), ("group", "组"), ("head_name", "户主"), ("size", "人口"),
        ("status", "状态")]) + f"\n未结对 {len(d)} 户")
    return 0


def cmd_autopair(args) -> int:
    db, actor = open_with_actor(args)
    p = propose(db, args.village)
    names = {c.id: c for c in p.candidates}
    data = {"summary": p.summary(), "unserved": p.unserved, "helpers_missing": p.helpers_missing,
            "pairs": [{"household_no": r.household.household_no, "head_name": r.household.head_name,
                       "group": r.household.group, "helper_id": r.helper_id,
                       "helper": names[r.helper_id].name if r.helper_id else "",
                       "unit": names[r.helper_id].unit if r.helper_id else ""} for r in p.rows]}
    emit(data, args.format, lambda d: table(d["pairs"], [
        ("household_no", "户编号"), ("group", "组"), ("head_name", "户主"), ("helper", "拟结对帮扶责任人"),
        ("unit", "工作单位")]) + "\n" + d["summary"])
    if args.accept:
        n = accept(db, p, on=parse_date(args.date), actor=actor) if p.pairs() else 0
        print(f"已保存{n}户结对")
    return 0


def cmd_roster(args) -> int:
    from ..pairing.printouts import write_roster_pdf  # reportlab loads only for print commands (start-up time)

    pages = write_roster_pdf(open_db(args), args.village, args.out)
    print(f"已生成{args.village}结对帮扶花名册（{pages}页）→ {args.out}")
    return 0


def cmd_cards(args) -> int:
    from ..pairing.printouts import write_contact_cards_pdf  # reportlab loads only for print commands (start-up time)

    pages = write_contact_cards_pdf(open_db(args), args.village, args.out)
    print(f"已生成{args.village}帮扶联系卡 {pages} 张 → {args.out}")
    return 0


SETTING_OPTIONS = (("helper_household_limit", "household_limit", "每名帮扶责任人最多帮扶户数", "户"),
                   ("visit_overdue_days", "overdue_days", "走访超期天数", "天"))


def _whole(text: str):
    """The number typed, or the text as given (settings.check then says in Chinese it is no whole number)."""
    try:
        return int(text.strip())
    except ValueError:
        return text


def cmd_settings(args) -> int:
    """Show the helpers' settings; with --household-limit / --overdue-days, change them (same checks
    and ranges as the 设置 page, one transaction)."""
    db = open_db(args)
    new = {key: _whole(getattr(args, attr)) for key, attr, _label, _unit in SETTING_OPTIONS
           if getattr(args, attr) is not None}
    if new:
        changed = save_page_settings(db, new)
        print(f"已保存（修改了{len(changed)}项）" if changed else "没有修改")
    values = page_settings(db)
    for key, _attr, label, unit in SETTING_OPTIONS:
        print(f"{label}：{values[key]}{unit}")
    return 0


def cmd_overdue(args) -> int:
    rows = overdue_visits(open_db(args), village=args.village or "")
    data = [{"household_no": r.household_no, "village": r.village, "group": r.group, "head_name": r.head_name,
             "helper": r.helper, "last_visit": r.last_visit.isoformat() if r.last_visit else None,
             "days": r.days} for r in rows]
    emit(data, args.format, lambda d: table(d, [
        ("household_no", "户编号"), ("village", "村"), ("group", "组"), ("head_name", "户主"),
        ("helper", "帮扶责任人"), ("last_visit", "最近帮扶"), ("days", "距今天数")]) + f"\n超期未走访 {len(d)} 户")
    return 0


def cmd_teams(args) -> int:
    db = open_db(args)
    if args.village:
        data = village_team(db, args.village)
        emit(data, args.format, lambda d: table(d, [
            ("role", "角色"), ("name", "姓名/单位"), ("unit", "单位"), ("post", "职务"), ("phone", "电话"),
            ("start_on", "起始日期")]))
    else:
        data = missing_roles(db)
        emit(data, args.format, lambda d: "\n".join(
            f"{x['village']}：缺{'、'.join(x['missing'])}" + (f"（{x['unpaired']}户未结对）" if x["unpaired"] else "")
            for x in d) or "各贫困村“六个一”均已落实")
    return 0


def cmd_record(args) -> int:
    db, actor = open_with_actor(args)
    if args.amount < 0:
        raise PjdeskError("金额不能为负数")
    add_help_record(db, HelpRecordInput(args.household, parse_date(args.date, "happened_on") or dt.date.today(),
                                        args.measure, args.content or "", args.amount), actor=actor)
    print(f"已登记户编号{args.household}的帮扶记录（{args.measure}）")
    return 0


def register(sub) -> None:
    hp = sub.add_parser("helpers", help="帮扶责任人、结对、驻村帮扶").add_subparsers(dest="sub", required=True)
    fmt = dict(choices=("table", "json"), default="table")

    p = hp.add_parser("list", help="帮扶责任人及其结对户")
    p.add_argument("--unit")
    p.add_argument("--search")
    p.add_argument("--at-limit", action="store_true", help="只列已达上限的")
    p.add_argument("--format", **fmt)
    p.set_defaults(func=cmd_list)

    p = hp.add_parser("add", help="登记帮扶责任人")
    p.add_argument("--name", required=True)
    p.add_argument("--unit", required=True)
    p.add_argument("--level", required=True, choices=vocab.UNIT_LEVELS)
    p.add_argument("--phone", default="")
    p.add_argument("--sex", choices=vocab.SEXES, default="")
    p.add_argument("--post", default="")
    p.add_argument("--kind", choices=vocab.KINDS, default="干部")
    p.add_argument("--village", help="联系村（可空）")
    p.set_defaults(func=cmd_add)

    p = hp.add_parser("assign", help="结对（可一次给同一人分配多户）")
    p.add_argument("--helper", required=True, help="姓名或编号")
    p.add_argument("--household", required=True, action="append", help="户编号，可重复")
    p.add_argument("--date")
    p.set_defaults(func=cmd_assign)

    p = hp.add_parser("unassign", help="解除结对")
    p.add_argument("--household", required=True)
    p.add_argument("--date")
    p.add_argument("--reason")
    p.set_defaults(func=cmd_unassign)

    p = hp.add_parser("reassign", help="更换帮扶责任人")
    p.add_argument("--household", required=True)
    p.add_argument("--helper", required=True)
    p.add_argument("--date")
    p.add_argument("--reason")
    p.set_defaults(func=cmd_reassign)

    p = hp.add_parser("history", help="某户的帮扶责任人变更记录")
    p.add_argument("--household", required=True)
    p.add_argument("--format", **fmt)
    p.set_defaults(func=cmd_history)

    p = hp.add_parser("unassigned", help="未结对的贫困户")
    p.add_argument("--village")
    p.add_argument("--format", **fmt)
    p.set_defaults(func=cmd_unassigned)

    p = hp.add_parser("autopair", help="自动结对方案（加 --accept 才保存）")
    p.add_argument("--village", required=True)
    p.add_argument("--accept", action="store_true")
    p.add_argument("--date")
    p.add_argument("--format", **fmt)
    p.set_defaults(func=cmd_autopair)

    p = hp.add_parser("roster", help="结对帮扶花名册 PDF")
    p.add_argument("--village", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_roster)

    p = hp.add_parser("cards", help="帮扶联系卡 PDF（每户一页）")
    p.add_argument("--village", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_cards)

    p = hp.add_parser("settings", help="查看或修改帮扶户数上限、走访超期天数")
    p.add_argument("--household-limit", metavar="N", help="每名帮扶责任人最多帮扶户数（1至5）")
    p.add_argument("--overdue-days", metavar="N", help="走访超期天数（7至365）")
    p.set_defaults(func=cmd_settings)

    p = hp.add_parser("overdue", help="超期未走访的户")
    p.add_argument("--village")
    p.add_argument("--format", **fmt)
    p.set_defaults(func=cmd_overdue)

    p = hp.add_parser("teams", help="驻村帮扶“六个一”（不带 --village 列出缺项）")
    p.add_argument("--village")
    p.add_argument("--format", **fmt)
    p.set_defaults(func=cmd_teams)

    p = hp.add_parser("record", help="登记帮扶记录")
    p.add_argument("--household", required=True)
    p.add_argument("--measure", required=True, choices=vocab.MEASURES)
    p.add_argument("--date")
    p.add_argument("--content")
    p.add_argument("--amount", type=whole_number, default=0)
    p.set_defaults(func=cmd_record)
