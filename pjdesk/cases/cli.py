"""``pjdesk cases …``: open, decide, post, object, show and list cases from the command line.

Each command is one service call (one transaction); a refusal prints the Chinese reason, exits 2 and
changes nothing (pjdesk.cli.main).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import ValidationError
from ..cli import parse_date as _date
from .. import settings


def _db_and_actor(args):
    from ..cli import _open

    db = _open(args)
    return db, settings.actor(db)


def _print(data, fmt: str, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if fmt == "json" else text)


# ---------------------------------------------------------------- new

def _answers(path: str | None) -> dict:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError("answers", f"答复文件不存在：{path}") from None
    except json.JSONDecodeError as exc:
        raise ValidationError("answers", f"答复文件不是有效的JSON：{path}（第{exc.lineno}行）") from None
    if not isinstance(data, dict):
        raise ValidationError("answers", "答复文件须为JSON对象")
    return data


def _exclusions(data: dict):
    from .renovation_rules import ExclusionAnswer

    raw = data.get("exclusions", {k: v for k, v in data.items() if str(k).isdigit()})
    if isinstance(raw, list):
        raw = {i: v for i, v in enumerate(raw, 1)}
    out = {}
    for key, value in raw.items():
        if not str(key).isdigit() or not isinstance(value, dict):
            raise ValidationError("answers", f"排除条件答复格式不正确：{key}（应为 {{\"1\": {{\"holds\": false, \"note\": \"…\"}}}}）")
        holds = value.get("holds")
        out[int(key)] = ExclusionAnswer(holds if isinstance(holds, bool) else None, str(value.get("note", "")))
    return out


def cmd_new(args) -> int:
    from ..services.households import get_household
    from .renovation import open_renovation
    from .renovation_rules import REBUILD, NEW_CLUSTER, CONCENTRATED, RenovationApplication, house_standard, mode_word

    if args.kind != "renovation":
        raise ValidationError("kind", "目前只能新建危房改造（renovation）案件")
    data = _answers(args.answers)
    pick = lambda flag, key, default=None: flag if flag is not None else data.get(key, default)  # noqa: E731
    db, actor = _db_and_actor(args)
    with db.reader() as s:
        h = get_household(s, args.household)
        size, grade = h.size, h.danger_grade
    mode = mode_word(pick(args.mode, "mode", "scattered"))
    std = house_standard(size) if size else None
    build = pick(args.build_type, "build_type", NEW_CLUSTER if mode == CONCENTRATED else REBUILD)
    a = RenovationApplication(
        household_no=args.household, applied_on=_date(pick(args.date, "applied_on", dt.date.today().isoformat()),
                                                      "applied_on"),
        mode=mode, build_type=build,
        main_area=pick(args.main_area, "main_area", std.house_type if std else None),
        annex_area=pick(args.annex_area, "annex_area"),
        homestead_area=pick(args.homestead_area, "homestead_area", std.homestead_max if std else None),
        cluster_site=pick(args.site, "cluster_site", ""), cluster_site_households=pick(args.site_households,
                                                                                       "cluster_site_households"),
        danger_grade=pick(args.grade, "danger_grade", grade), assessment_agency=pick(args.agency,
                                                                                     "assessment_agency", ""),
        assessed_on=_date(pick(args.assessed_on, "assessed_on"), "assessed_on"),
        exclusions=_exclusions(data), note=pick(args.note, "note", ""))
    no = open_renovation(db, a, entered_by=actor)
    print(f"已新建危房改造案件 {no}（户编号 {args.household}，{mode}，{build}）")
    return 0


# ---------------------------------------------------------------- decisions, postings, objections

def cmd_decide(args) -> int:
    from .decisions import DecisionInput, decide

    db, actor = _db_and_actor(args)
    stage = decide(db, args.case_id, DecisionInput(args.decision, args.opinion, args.by, _date(args.date, "decided_on"),
                                                   args.post or "", args.stage or ""), entered_by=actor)
    print(f"已记录决定。案件 {args.case_id} 当前阶段：{stage}")
    return 0


def cmd_post(args) -> int:
    from .postings import PostingInput, batches, open_posting

    db, actor = _db_and_actor(args)
    refs = [c.strip() for c in args.cases.split(",") if c.strip()] if args.cases else None
    bid = open_posting(db, PostingInput(args.village, args.stage, _date(args.start, "start_on"),
                                        _date(args.end, "end_on"), args.place or "", refs, args.note or "",
                                        args.kind), entered_by=actor)
    b = batches(db, batch_id=bid)[0]
    print(f"已开启第{b.id}批{b.stage}：{b.village}，{b.place}，{b.start_on}至{b.end_on}（{b.days}天），"
          f"{len(b.cases)}件：{'、'.join(c.case_no for c in b.cases)}")
    return 0


def cmd_object(args) -> int:
    from .objections import ObjectionInput, record_objection

    db, actor = _db_and_actor(args)
    oid = record_objection(db, args.case_id, ObjectionInput(args.by, _date(args.date, "raised_on"), args.text),
                           entered_by=actor)
    print(f"已登记异议（编号{oid}）。核实前案件不能进入下一阶段")
    return 0


def cmd_resolve(args) -> int:
    from .objections import VerificationInput, verify_objection

    db, actor = _db_and_actor(args)
    status = verify_objection(db, args.objection_id, VerificationInput(args.result, args.by,
                                                                       _date(args.date, "verified_on"), args.note),
                              entered_by=actor)
    print(f"已录入核实结果。案件状态：{status}")
    return 0


# ---------------------------------------------------------------- after approval

def cmd_construction(args) -> int:
    from .construction import record_construction

    db, actor = _db_and_actor(args)
    record_construction(db, args.case_id, args.event, _date(args.date, "on_date"), person=args.by or "",
                        note=args.note or "", entered_by=actor)
    print(f"已录入{args.event}（{args.date}）")
    return 0


def cmd_accept(args) -> int:
    from .construction import AcceptanceInput, record_acceptance

    db, actor = _db_and_actor(args)
    stage = record_acceptance(db, args.case_id, AcceptanceInput(_date(args.date, "accepted_on"), args.inspectors,
                                                                args.result, args.main_area, args.annex_area,
                                                                args.note or ""), entered_by=actor)
    print(f"已录入竣工验收（{args.result}）。案件当前阶段：{stage}")
    return 0


def cmd_pay(args) -> int:
    from .detail import case_detail
    from .funds import DisbursementInput, disburse

    db, actor = _db_and_actor(args)
    disburse(db, args.case_id, DisbursementInput(_date(args.date, "paid_on"), args.amount, args.department,
                                                 args.voucher or "", args.note or ""), entered_by=actor)
    d = case_detail(db, args.case_id)
    print(f"已拨付{args.amount}元。核定{d.subsidy}元，已拨付{d.paid}元，未拨付{d.outstanding}元")
    return 0


def cmd_attach(args) -> int:
    from .attachments import AttachmentInput, add_attachment

    path = Path(args.file)
    if not path.is_file():
        raise ValidationError("filename", f"文件不存在：{path}")
    db, actor = _db_and_actor(args)
    aid = add_attachment(db, args.case_id, AttachmentInput(path.name, path.read_bytes(), args.category,
                                                           _date(args.date, "taken_on"), args.note or ""),
                         entered_by=actor)
    print(f"已添加附件（编号{aid}）：{path.name}")
    return 0


# ---------------------------------------------------------------- reading

def cmd_show(args) -> int:
    from .detail import case_detail
    from ..cli import _table

    db, _ = _db_and_actor(args)
    d = case_detail(db, args.case_id)
    f = d.facts
    lines = [f"{d.case_no}  {d.kind_label}  {d.village}{d.group}组  户主 {d.head_name}（{d.household_no}，"
             f"申请时{d.household_size}人）",
             f"阶段：{d.stage}{'（' + d.stage_note + '）' if d.stage_note else ''}  状态：{d.status}"]
    if f:
        lines.append(f"改造方式：{f.get('mode')}·{f.get('build_type')}  户型：{f.get('house_type')}㎡  "
                     f"危房等级：{f.get('danger_grade') or f.get('house_structure')}")
    word = "核定补助" if d.subsidy_approved else "预计补助（按现行标准）"
    if d.subsidy is not None:
        outstanding = f"{d.outstanding}元" if d.outstanding is not None else "—"
        lines.append(f"{word}：{d.subsidy}元  已拨付：{d.paid}元  未拨付：{outstanding}"
                     + (f"  集居点基础设施配套：{d.infrastructure}元（不到户）" if d.infrastructure else ""))
    for x in f.get("exclusions", []):
        lines.append(f"  排除条件{x['code']} {x['condition']}：{'是' if x['holds'] else '否'}（{x['note']}）")
    lines.append("办理经过：")
    lines.append(_table([{"date": e.date.isoformat(), "title": e.title, "detail": e.detail, "actor": e.actor}
                         for e in d.timeline], [("date", "日期"), ("title", "事项"), ("detail", "内容"), ("actor", "办理人")]))
    _print(d.as_dict(), args.format, "\n".join(lines))
    return 0


def cmd_list(args) -> int:
    from ..cli import _table
    from .queries import CaseFilter, filter_case_rows, load_case_rows

    db, _ = _db_and_actor(args)
    rows = filter_case_rows(load_case_rows(db), CaseFilter(args.kind or "", args.stage or "", args.village or "",
                                                           args.status or "", args.search or ""))
    cols = [("id", "编号"), ("case_no", "案件号"), ("village", "村"), ("group", "组"), ("head_name", "户主"),
            ("household_size", "人口"), ("stage_label", "阶段"), ("status", "状态"), ("approved", "核定补助"),
            ("paid", "已拨付")]
    table = [{**r.as_dict(), "stage_label": r.stage_label} for r in rows]
    _print([r.as_dict() for r in rows], args.format, _table(table, cols) + f"\n共 {len(rows)} 件")
    return 0


def cmd_batches(args) -> int:
    from ..cli import _table
    from .postings import batches

    db, _ = _db_and_actor(args)
    infos = batches(db, village=args.village or "", kind=args.kind or "")
    rows = [{"id": b.id, "village": b.village, "stage": b.stage, "place": b.place, "period": f"{b.start_on}至{b.end_on}",
             "days": b.days, "cases": [c.case_no for c in b.cases]} for b in infos]
    _print([b.as_dict() for b in infos], args.format,
           _table(rows, [("id", "批次"), ("village", "村"), ("stage", "公示"), ("place", "地点"), ("period", "公示期"),
                         ("days", "天数"), ("cases", "案件")]) + f"\n共 {len(rows)} 批")
    return 0


def register(sub) -> None:
    cs = sub.add_parser("cases", help="案件（危房改造等）：三级审核、三榜公示").add_subparsers(dest="sub", required=True)

    p = cs.add_parser("new", help="新建案件（申请）")
    p.add_argument("kind", choices=("renovation", "relocation"))
    p.add_argument("--household", required=True)
    p.add_argument("--mode", choices=("concentrated", "scattered", "集中安置", "分散"))
    p.add_argument("--answers", help="JSON文件：七项排除条件的答复及说明，可含申请的其他事项")
    p.add_argument("--date", help="申请日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--build-type", choices=("集中新建", "原地重建", "修缮加固"))
    p.add_argument("--main-area", type=float)
    p.add_argument("--annex-area", type=float)
    p.add_argument("--homestead-area", type=float)
    p.add_argument("--site", help="集居点名称")
    p.add_argument("--site-households", type=int, help="集居点安置户数")
    p.add_argument("--grade", help="危房等级 C/D")
    p.add_argument("--agency", help="鉴定机构")
    p.add_argument("--assessed-on", help="鉴定日期")
    p.add_argument("--note")
    p.set_defaults(func=cmd_new)

    p = cs.add_parser("decide", help="录入审核决定")
    p.add_argument("case_id")
    p.add_argument("--decision", required=True, choices=("pass", "return", "reject", "通过", "退回", "不予通过"))
    p.add_argument("--opinion", required=True)
    p.add_argument("--by", required=True)
    p.add_argument("--date", required=True)
    p.add_argument("--post", help="审核人职务")
    p.add_argument("--stage", help="核对：案件应处的阶段")
    p.set_defaults(func=cmd_decide)

    p = cs.add_parser("post", help="开启一批公示")
    p.add_argument("--village", required=True)
    p.add_argument("--stage", required=True)
    p.add_argument("--start", required=True)
    p.add_argument("--end", required=True)
    p.add_argument("--place")
    p.add_argument("--cases", help="案件编号，逗号分隔（默认：该村等待此公示的全部案件）")
    p.add_argument("--kind", default="renovation")
    p.add_argument("--note")
    p.set_defaults(func=cmd_post)

    p = cs.add_parser("object", help="登记公示异议")
    p.add_argument("case_id")
    p.add_argument("--by", required=True)
    p.add_argument("--date", required=True)
    p.add_argument("--text", required=True)
    p.set_defaults(func=cmd_object)

    p = cs.add_parser("resolve-objection", help="录入异议核实结果")
    p.add_argument("objection_id", type=int)
    p.add_argument("--result", required=True, choices=("confirmed", "unfounded", "属实", "不属实"))
    p.add_argument("--by", required=True)
    p.add_argument("--date", required=True)
    p.add_argument("--note", required=True)
    p.set_defaults(func=cmd_resolve)

    p = cs.add_parser("construction", help="录入开工、施工检查、拆旧协议、拆旧完成")
    p.add_argument("case_id")
    p.add_argument("--event", required=True, choices=("开工", "施工检查", "拆旧协议", "拆旧完成"))
    p.add_argument("--date", required=True)
    p.add_argument("--by")
    p.add_argument("--note")
    p.set_defaults(func=cmd_construction)

    p = cs.add_parser("accept", help="录入竣工验收")
    p.add_argument("case_id")
    p.add_argument("--date", required=True)
    p.add_argument("--inspectors", required=True)
    p.add_argument("--result", required=True, choices=("合格", "不合格"))
    p.add_argument("--main-area", type=float)
    p.add_argument("--annex-area", type=float)
    p.add_argument("--note")
    p.set_defaults(func=cmd_accept)

    p = cs.add_parser("pay", help="录入资金拨付")
    p.add_argument("case_id")
    p.add_argument("--date", required=True)
    p.add_argument("--amount", type=int, required=True)
    p.add_argument("--department", required=True)
    p.add_argument("--voucher")
    p.add_argument("--note")
    p.set_defaults(func=cmd_pay)

    p = cs.add_parser("attach", help="添加附件（照片、扫描件）")
    p.add_argument("case_id")
    p.add_argument("file")
    p.add_argument("--category", required=True)
    p.add_argument("--date")
    p.add_argument("--note")
    p.set_defaults(func=cmd_attach)

    p = cs.add_parser("show", help="查看案件")
    p.add_argument("case_id")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_show)

    p = cs.add_parser("list", help="案件列表")
    p.add_argument("--kind", choices=("renovation", "relocation"))
    p.add_argument("--stage")
    p.add_argument("--village")
    p.add_argument("--status", choices=("办理中", "已归档", "不予通过"))
    p.add_argument("--search")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_list)

    p = cs.add_parser("batches", help="公示批次")
    p.add_argument("--village")
    p.add_argument("--kind")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_batches)
