"""``pjdesk cases …``: open, decide, post, object, show and list cases from the command line.

Each command is one service call (one transaction); a refusal prints the Chinese reason, exits 2 and
changes nothing (pjdesk.cli.main).
"""

from __future__ import annotations

import datetime as dt
import json

from ..cases.attachments import AttachmentInput, add_attachment, read_file
from ..cases.construction import AcceptanceInput, record_acceptance, record_construction
from ..cases.decisions import DecisionInput, decide
from ..cases.detail import case_detail
from ..cases.funds import DisbursementInput, disburse
from ..cases.objections import ObjectionInput, VerificationInput, record_objection, verify_objection
from ..cases.postings import PostingInput, batches, open_posting
from ..cases.queries import CaseFilter, filter_case_rows, load_case_rows
from ..cases.renovation import open_renovation
from ..cases.renovation_rules import (AREA_MAX, CONCENTRATED, NEW_CLUSTER, NEW_SCATTERED, NO_HOUSE, REBUILD, REPAIR,
                                      ExclusionAnswer, RenovationApplication, house_standard, mode_word)
from ..errors import ValidationError
from ..registry.queries import get_household
from .common import decimal_number, open_db, open_with_actor, parse_date, read_json_file, table, whole_number


def _print(data, fmt: str, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if fmt == "json" else text)


# ---------------------------------------------------------------- new

def _answers(path: str | None) -> dict:
    if not path:
        return {}
    data = read_json_file(path, "answers", "答复文件")
    if not isinstance(data, dict):
        raise ValidationError("answers", "答复文件须为JSON对象（{…}），列出各项答复")
    return data


# What each answer-file field holds: its Chinese name and its type. A value of the wrong type is refused
# naming the field, before anything is written.
ANSWER_FIELDS = {
    "mode": ("改造方式", "text"), "build_type": ("建设方式", "text"), "applied_on": ("申请日期", "date"),
    "main_area": ("正房建筑面积", "area"), "annex_area": ("附屋面积", "area"), "homestead_area": ("宅基占地面积", "area"),
    "cluster_site": ("集居点名称", "text"), "cluster_site_households": ("集居点安置户数", "count"),
    "danger_grade": ("危房等级", "text"), "assessment_agency": ("鉴定机构", "text"),
    "assessed_on": ("鉴定日期", "date"), "note": ("申请说明", "text"),
}
# the command-line option of each field
OPTIONS = {"mode": "mode", "build_type": "build-type", "applied_on": "date", "main_area": "main-area",
           "annex_area": "annex-area", "homestead_area": "homestead-area", "cluster_site": "site",
           "cluster_site_households": "site-households", "danger_grade": "grade", "assessment_agency": "agency",
           "assessed_on": "assessed-on", "note": "note"}
_MAX_COUNT = 100_000


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def _answer(field: str, value, source: str):
    """One answer converted to the type of its field; None stays None (not answered). ``source`` says
    where the value was written (答复文件中“main_area” / 选项 --main-area), for the message.

    Numbers must be JSON numbers (60, not "60"); dates text YYYY-MM-DD ("2026-03-01", not 20260301).
    """
    label, kind = ANSWER_FIELDS[field]
    if value is None:
        return None
    where = f"{source}（{label}）"
    if kind == "text":
        if not isinstance(value, str):
            raise ValidationError(field, f"{where}须为文字，填写的是{_shown(value)}")
        return value
    if kind == "date":
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise ValidationError(field, f"{where}须为带引号的日期文字“YYYY-MM-DD”，例如\"2026-03-01\"，"
                                         f"填写的是{_shown(value)}")
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(field, f"{where}日期“{value}”格式不正确，请写成 YYYY-MM-DD，例如 2026-03-01") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        example = "12" if kind == "count" else "60"
        raise ValidationError(field, f"{where}须为数字（不加引号，如 {example}），填写的是"
                                     + (f"文字“{value}”" if isinstance(value, str) else _shown(value)))
    number = value
    if kind == "count":
        if isinstance(number, float):
            if not number.is_integer():
                raise ValidationError(field, f"{where}须为整数（户数），填写的是{_shown(value)}")
            number = int(number)
        if not 0 <= number <= _MAX_COUNT:
            raise ValidationError(field, f"{where}须为0至{_MAX_COUNT}的整数，填写的是{_shown(value)}")
        return number
    if not 0 <= number <= AREA_MAX:          # also refuses NaN and infinity
        raise ValidationError(field, f"{where}须为0至{AREA_MAX:g}之间的数字（㎡），填写的是{_shown(value)}")
    return float(number)


def _exclusions(data: dict):
    raw = data.get("exclusions", {k: v for k, v in data.items() if str(k).isdigit()})
    if isinstance(raw, list):
        raw = {i: v for i, v in enumerate(raw, 1)}
    if not isinstance(raw, dict):
        raise ValidationError("exclusions", "答复文件中“exclusions”（七项排除条件）须为JSON对象，"
                                            "如 {\"1\": {\"holds\": false, \"note\": \"…\"}, …}")
    out = {}
    for key, value in raw.items():
        if not (str(key).isascii() and str(key).isdigit()) or not isinstance(value, dict):
            raise ValidationError("answers", f"答复文件中排除条件答复格式不正确：{key}（应为 {{\"1\": {{\"holds\": false, \"note\": \"…\"}}}}）")
        code = int(key)
        if not 1 <= code <= 7:
            raise ValidationError("exclusions", f"答复文件中排除条件编号“{key}”无效，应为1至7")
        holds, note = value.get("holds"), value.get("note", "")
        if holds is not None and not isinstance(holds, bool):
            raise ValidationError(f"exclusion_{code}", f"答复文件中排除条件{code}的“holds”（是否存在该情形）须为 true 或 false，"
                                                      f"填写的是{_shown(holds)}")
        if note is not None and not isinstance(note, str):
            raise ValidationError(f"exclusion_{code}", f"答复文件中排除条件{code}的“note”（说明）须为文字，填写的是{_shown(note)}")
        out[code] = ExclusionAnswer(holds, note or "")
    return out


def cmd_new(args) -> int:
    if args.kind == "relocation":
        return cmd_new_relocation(args)
    if args.kind != "renovation":
        raise ValidationError("kind", "目前只能新建危房改造（renovation）或易地搬迁（relocation）案件")
    data = _answers(args.answers)
    # every value is checked and converted before anything is read or written
    answers = {k: _answer(k, v, f"答复文件中“{k}”") for k, v in data.items() if k in ANSWER_FIELDS}
    exclusions = _exclusions(data)

    def pick(key, default=None):
        """The command-line option if given, else the answer file's value, else ``default``."""
        option = OPTIONS[key]
        flag = getattr(args, option.replace("-", "_"))
        if flag is not None:
            return _answer(key, flag, f"选项 --{option}")
        return answers[key] if key in answers else default

    mode = mode_word(pick("mode", "scattered"))
    applied_on, assessed_on = pick("applied_on", dt.date.today()), pick("assessed_on")
    db, actor = open_with_actor(args)
    with db.reader() as s:
        h = get_household(s, args.household)
        size, grade, no_house = h.size, h.danger_grade, h.house_structure == NO_HOUSE
    build = pick("build_type", NEW_CLUSTER if mode == CONCENTRATED else NEW_SCATTERED if no_house else REBUILD)
    # a repair builds nothing new: no house-type areas are offered for it
    std = house_standard(size) if size and build != REPAIR else None
    a = RenovationApplication(
        household_no=args.household, applied_on=applied_on, mode=mode, build_type=build,
        main_area=pick("main_area", std.house_type if std else None), annex_area=pick("annex_area"),
        homestead_area=pick("homestead_area", std.homestead_max if std else None),
        cluster_site=pick("cluster_site") or "", cluster_site_households=pick("cluster_site_households"),
        danger_grade=pick("danger_grade", grade) or "", assessment_agency=pick("assessment_agency") or "",
        assessed_on=assessed_on, exclusions=exclusions, note=pick("note") or "")
    no = open_renovation(db, a, entered_by=actor)
    print(f"已新建危房改造案件 {no}（户编号 {args.household}，{mode}，{build}）")
    return 0


def _movers(db, household_no: str, text: str | None) -> list[int]:
    """Member ids from comma-separated names of the household's current members (blank: everyone)."""
    names = [n.strip() for n in (text or "").replace("，", ",").replace("、", ",").split(",") if n.strip()]
    if not names:
        return []
    with db.reader() as s:
        h = get_household(s, household_no)
        current = [(m.name, m.id) for m in h.members if m.left_on is None]
    out = []
    for name in names:
        ids = [mid for n, mid in current if n == name]
        if len(ids) != 1:
            shown = name if len(name) <= 20 else name[:20] + "…"
            raise ValidationError("movers", f"搬迁人员“{shown}”" + ("不是该户在册成员" if not ids else "在该户有重名，请在界面中选择"))
        out.append(ids[0])
    return out


def cmd_new_relocation(args) -> int:
    """``cases new relocation --household NO --site SITE …`` (issue 11)."""
    from ..cases.relocation import open_relocation  # start-up: loaded only for a relocation application
    from ..cases.relocation_rules import RelocationApplication  # start-up: as above

    if not args.site:
        raise ValidationError("site", "请用 --site 指定安置点（编号或名称，见 pjdesk sites list）")
    db, actor = open_with_actor(args)
    movers = _movers(db, args.household, args.movers)
    a = RelocationApplication(
        household_no=args.household, applied_on=parse_date(args.date, "applied_on") or dt.date.today(), site=args.site,
        unit=args.unit or "", area=_answer("main_area", args.area, "选项 --area") if args.area is not None else None,
        movers=movers, sole_house=True if args.sole_house else None,
        willing_signed_on=parse_date(args.willing_on, "willing_signed_on"), willing_signer=args.willing_by or "",
        companions=args.companions or 0, companions_note=args.companions_note or "", priority=args.priority or "",
        over_plan_reason=args.over_plan_reason or "", over_plan_approved_by=args.over_plan_by or "", note=args.note or "")
    no = open_relocation(db, a, entered_by=actor)
    print(f"已新建易地搬迁案件 {no}（户编号 {args.household}，安置点 {args.site}，{args.unit}，{args.area:g}㎡）")
    return 0


# ---------------------------------------------------------------- decisions, postings, objections

def cmd_decide(args) -> int:
    db, actor = open_with_actor(args)
    stage = decide(db, args.case_id, DecisionInput(args.decision, args.opinion, args.by, parse_date(args.date, "decided_on"),
                                                   args.post or "", args.stage or ""), entered_by=actor)
    print(f"已记录决定。案件 {args.case_id} 当前阶段：{stage}")
    return 0


def cmd_post(args) -> int:
    db, actor = open_with_actor(args)
    refs = [c.strip() for c in args.cases.split(",") if c.strip()] if args.cases else None
    bid = open_posting(db, PostingInput(args.village, args.stage, parse_date(args.start, "start_on"),
                                        parse_date(args.end, "end_on"), args.place or "", refs, args.note or "",
                                        args.kind), entered_by=actor)
    b = batches(db, batch_id=bid)[0]
    print(f"已开启第{b.id}批{b.stage}：{b.village}，{b.place}，{b.start_on}至{b.end_on}（{b.days}天），"
          f"{len(b.cases)}件：{'、'.join(c.case_no for c in b.cases)}")
    return 0


def cmd_object(args) -> int:
    db, actor = open_with_actor(args)
    oid = record_objection(db, args.case_id, ObjectionInput(args.by, parse_date(args.date, "raised_on"), args.text),
                           entered_by=actor)
    print(f"已登记异议（编号{oid}）。核实前案件不能进入下一阶段")
    return 0


def cmd_resolve(args) -> int:
    db, actor = open_with_actor(args)
    status = verify_objection(db, args.objection_id, VerificationInput(args.result, args.by,
                                                                       parse_date(args.date, "verified_on"), args.note),
                              entered_by=actor)
    print(f"已录入核实结果。案件状态：{status}")
    return 0


# ---------------------------------------------------------------- after approval

def cmd_construction(args) -> int:
    db, actor = open_with_actor(args)
    record_construction(db, args.case_id, args.event, parse_date(args.date, "on_date"), person=args.by or "",
                        note=args.note or "", entered_by=actor)
    print(f"已录入{args.event}（{args.date}）")
    return 0


def cmd_relocation_step(args) -> int:
    from ..cases import relocation_steps as steps  # start-up: loaded only for a relocation step

    db, actor = open_with_actor(args)
    a = steps.StepInput(parse_date(args.date, "on"), args.by or "", args.note or "", args.category or "")
    if args.event in ("搬迁协议", "拆旧复垦协议"):
        steps.record_agreement(db, args.case_id, args.event, a, entered_by=actor)
    elif args.event == "搬迁入住":
        steps.record_move_in(db, args.case_id, a, entered_by=actor)
    elif args.event in ("旧房拆除", "拆除验收"):
        steps.record_demolition(db, args.case_id, args.event, a, entered_by=actor)
    else:
        steps.record_follow_up(db, args.case_id, a, entered_by=actor)
    d = case_detail(db, args.case_id)
    print(f"已录入{args.event}（{args.date}）。案件当前阶段：{d.stage}")
    return 0


def cmd_accept(args) -> int:
    db, actor = open_with_actor(args)
    stage = record_acceptance(db, args.case_id, AcceptanceInput(parse_date(args.date, "accepted_on"), args.inspectors,
                                                                args.result, args.main_area, args.annex_area,
                                                                args.note or "", (args.structure or "").strip(),
                                                                args.grade or ""), entered_by=actor)
    print(f"已录入竣工验收（{args.result}）。案件当前阶段：{stage}")
    return 0


def cmd_pay(args) -> int:

    db, actor = open_with_actor(args)
    disburse(db, args.case_id, DisbursementInput(parse_date(args.date, "paid_on"), args.amount, args.department,
                                                 args.voucher or "", args.note or ""), entered_by=actor)
    d = case_detail(db, args.case_id)
    print(f"已拨付{args.amount}元。核定{d.subsidy}元，已拨付{d.paid}元，未拨付{d.outstanding}元")
    return 0


def cmd_attach(args) -> int:
    name, data = read_file(args.file)               # the size is checked before the file is read
    db, actor = open_with_actor(args)
    aid = add_attachment(db, args.case_id, AttachmentInput(name, data, args.category,
                                                           parse_date(args.date, "taken_on"), args.note or ""),
                         entered_by=actor)
    print(f"已添加附件（编号{aid}）：{name}")
    return 0


# ---------------------------------------------------------------- reading

def cmd_show(args) -> int:
    db = open_db(args)
    d = case_detail(db, args.case_id)
    f = d.facts
    lines = [f"{d.case_no}  {d.kind_label}  {d.village}{d.group}组  户主 {d.head_name}（{d.household_no}，"
             f"申请时{d.household_size}人）",
             f"阶段：{d.stage}{'（' + d.stage_note + '）' if d.stage_note else ''}  状态：{d.status}"]
    if f and d.kind == "relocation":
        lines.append(f"安置点：{f['site']} {f['unit']}（{f['area']:g}㎡，{f['persons']}人）  原住房：{f['old_house_structure']}"
                     f"{'（' + f['old_house_state'] + '）' if f['old_house_state'] else ''}  搬迁补助：{f['subsidy_standard']}")
    elif f:
        lines.append(f"改造方式：{f.get('mode')}·{f.get('build_type')}  户型：{str(f['house_type']) + '㎡' if f.get('house_type') else '不适用'}  "
                     f"危房等级：{f.get('danger_grade') or f.get('house_structure')}")
    word = "核定补助" if d.subsidy_approved else "预计补助（按现行标准）"
    if d.subsidy is not None:
        outstanding = f"{d.outstanding}元" if d.outstanding is not None else "—"
        lines.append(f"{word}：{d.subsidy}元  已拨付：{d.paid}元  未拨付：{outstanding}"
                     + (f"  集居点基础设施配套：{d.infrastructure}元（不到户）" if d.infrastructure else ""))
    for x in f.get("exclusions", []):
        lines.append(f"  排除条件{x['code']} {x['condition']}：{'是' if x['holds'] else '否'}（{x['note']}）")
    lines.append("办理经过：")
    lines.append(table([{"date": e.date.isoformat(), "title": e.title, "detail": e.detail, "actor": e.actor}
                         for e in d.timeline], [("date", "日期"), ("title", "事项"), ("detail", "内容"), ("actor", "办理人")]))
    _print(d.as_dict(), args.format, "\n".join(lines))
    return 0


def cmd_list(args) -> int:
    db = open_db(args)
    rows = filter_case_rows(load_case_rows(db), CaseFilter(args.kind or "", args.stage or "", args.village or "",
                                                           args.status or "", args.search or ""))
    cols = [("id", "编号"), ("case_no", "案件号"), ("village", "村"), ("group", "组"), ("head_name", "户主"),
            ("household_size", "人口"), ("stage_label", "阶段"), ("status", "状态"), ("approved", "核定补助"),
            ("paid", "已拨付")]
    shown = [{**r.as_dict(), "stage_label": r.stage_label} for r in rows]
    _print([r.as_dict() for r in rows], args.format, table(shown, cols) + f"\n共 {len(rows)} 件")
    return 0


def cmd_batches(args) -> int:
    db = open_db(args)
    infos = batches(db, village=args.village or "", kind=args.kind or "")
    rows = [{"id": b.id, "village": b.village, "stage": b.stage, "place": b.place, "period": f"{b.start_on}至{b.end_on}",
             "days": b.days, "cases": [c.case_no for c in b.cases]} for b in infos]
    _print([b.as_dict() for b in infos], args.format,
           table(rows, [("id", "批次"), ("village", "村"), ("stage", "公示"), ("place", "地点"), ("period", "公示期"),
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
    p.add_argument("--build-type", choices=("集中新建", "原地重建", "修缮加固", "分散新建"),
                   help="建设方式（默认：集中安置为集中新建；分散为原地重建，无房户为分散新建）。"
                        "无房户只能新建；D级危房不能修缮加固")
    p.add_argument("--main-area", type=decimal_number)
    p.add_argument("--annex-area", type=decimal_number)
    p.add_argument("--homestead-area", type=decimal_number)
    p.add_argument("--site", help="危房改造：集居点名称；易地搬迁：安置点编号或名称（pjdesk sites list）")
    p.add_argument("--site-households", type=whole_number, help="集居点安置户数")
    p.add_argument("--grade", help="危房等级 C/D")
    p.add_argument("--agency", help="鉴定机构")
    p.add_argument("--assessed-on", help="鉴定日期")
    p.add_argument("--note")
    # 易地搬迁 (relocation)
    p.add_argument("--unit", help="易地搬迁：分配的安置房房号，如 3栋502")
    p.add_argument("--area", type=decimal_number, help="易地搬迁：安置住房面积（㎡，人均不超过25㎡）")
    p.add_argument("--movers", help="易地搬迁：搬迁成员姓名，逗号分隔（默认全部在册成员）")
    p.add_argument("--sole-house", action="store_true", help="易地搬迁：确认土坯房为该户唯一住房")
    p.add_argument("--willing-on", help="易地搬迁：搬迁意愿书签字日期 YYYY-MM-DD（搬迁须群众自愿）")
    p.add_argument("--willing-by", help="易地搬迁：搬迁意愿书签字人")
    p.add_argument("--companions", type=whole_number, help="易地搬迁：同步搬迁人数")
    p.add_argument("--companions-note", help="易地搬迁：同步搬迁人员说明")
    p.add_argument("--priority", help="易地搬迁：优先安排的情况（偏远、分散等）")
    p.add_argument("--over-plan-reason", help="易地搬迁：超出安置点规划户数的理由")
    p.add_argument("--over-plan-by", help="易地搬迁：超规划安置的审批人")
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
    p.add_argument("objection_id", type=whole_number)
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

    p = cs.add_parser("relocation-step", help="易地搬迁：录入搬迁协议、拆旧复垦协议、搬迁入住、旧房拆除、拆除验收、后续扶持")
    p.add_argument("case_id")
    p.add_argument("--event", required=True, choices=("搬迁协议", "拆旧复垦协议", "搬迁入住", "旧房拆除", "拆除验收", "后续扶持"))
    p.add_argument("--date", required=True)
    p.add_argument("--by", help="签订协议的人、领取钥匙的人或验收人员")
    p.add_argument("--category", choices=("就业", "产业", "入学", "其他"), help="后续扶持类别")
    p.add_argument("--note")
    p.set_defaults(func=cmd_relocation_step)

    p = cs.add_parser("accept", help="录入竣工验收")
    p.add_argument("case_id")
    p.add_argument("--date", required=True)
    p.add_argument("--inspectors", required=True)
    p.add_argument("--result", required=True, choices=("合格", "不合格"))
    p.add_argument("--main-area", type=decimal_number)
    p.add_argument("--annex-area", type=decimal_number)
    p.add_argument("--note")
    p.add_argument("--structure", help="新建房屋结构（新建验收合格时必填，如砖混；修缮加固保留原结构）。合格后写入该户住房信息")
    p.add_argument("--grade", choices=("A", "B"), help="验收合格后房屋等级（默认：新建A级，修缮加固B级）")
    p.set_defaults(func=cmd_accept)

    p = cs.add_parser("pay", help="录入资金拨付")
    p.add_argument("case_id")
    p.add_argument("--date", required=True)
    p.add_argument("--amount", type=whole_number, required=True)
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

