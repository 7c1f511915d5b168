"""Deterministic demo township (``pjdesk demo``): villages the plan names, households and members
with valid fictional ID numbers under 430626, causes in the plan's proportions (RULES.md R1.6),
exit years following the plan's yearly targets (表2.1, targets.csv).

The demo passes its own checks (issue 10, tests/test_demo_consistency.py): member flags agree with the
household type (R1.7: every 低保户 / 低保贫困户 has a 低保 member; a 五保户 is one or two persons aged 60+
with no children, 特困); 留守儿童 / 留守老人 fit their age on the 建档 date; 政策兜底 for 五保户 / 低保户
without labour; a 无房 household carries no house area, build year or grade; a household that reached
预脱贫 lives in an A/B house and each of its 预脱贫 / 已脱贫 changes has a passed 两不愁三保障 check (R1.5);
every household has a 六看一听 survey (R1.3) dated in its identified year. Those choices draw on a second
generator seeded from the first one's state, so the shared generator's sequence — and the other areas'
demo steps after this one — is what it was.

``pjdesk.demo.build_demo`` runs this first, then the other areas' demo steps.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select

from db import Database
from db.models import (ExitCheck, ExitCheckItem, Household, HouseholdOtherCause, HouseholdSurvey, Member,
                       StatusChange, Village, VillageGroup)

from .. import idcard, pinyin, seed, settings
from . import vocab
from .exit_check import passing_check_rows
from .rules import age_on
from .township import init_township

AREA = "430626"
DEMO_TOWNSHIP = "虹桥镇"
# R1.6 shares among 建档立卡 households; several causes per household.
CAUSE_SHARES = (("因病", .584), ("缺资金", .52), ("缺技术", .352), ("因学", .094), ("因残", .081), ("因灾", .023))
FALLBACK_CAUSES = ("缺劳力", "自身发展动力不足", "交通条件落后", "缺土地", "其他")
SURNAMES = ("李", "张", "王", "刘", "陈", "吴", "黄", "钟", "余", "凌", "方", "罗", "杨", "周", "胡", "彭",
            "曾", "徐", "朱", "汤", "邓", "何", "童", "毛", "傅", "单", "覃", "查", "解", "仇", "区", "万")
GIVEN = "建国伟军华明红梅兰英秀芳桂平志强勇春秋冬雪丽娟霞玉凤金银福寿德才文武海涛林森松柏国庆新民子怡欣宇浩然俊杰晓燕静敏"


def _exit_year_weights() -> list[tuple[int, int]]:
    out = []
    for r in seed.targets():
        if r["category"] == "poverty_exit" and r["metric"] == "households to exit poverty" and r["year"].isdigit() and r["value"].isdigit():
            out.append((int(r["year"]), int(r["value"])))
    return sorted(out)


def _name(rng: random.Random, surname: str | None = None) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    return (surname or rng.choice(SURNAMES)) + given


def build_registry(db: Database, rng: random.Random, *, township: str = DEMO_TOWNSHIP, households: int = 1500) -> dict:
    """Fill an empty database with the demo township's villages, households and members. Returns counts."""
    init_township(db, township)
    with db.transaction() as s:
        settings.set_(s, "demo_database", True)
    exit_weights = _exit_year_weights()
    aux = random.Random(str(rng.getstate()[1][:8]))   # flags, houses, checks: the shared sequence stays as it was
    with db.transaction() as s:
        villages = list(s.scalars(select(Village).order_by(Village.sort_order)))
        if not villages:
            raise ValueError(f"{township}在规划中没有列出村名，无法生成演示数据")
        groups_per_village = max(6, min(30, households // (len(villages) * 30) + 6))
        group_ids: dict[tuple[int, int], int] = {}
        for v in villages:
            for n in range(1, groups_per_village + 1):
                group_ids[(v.id, n)] = s.execute(insert(VillageGroup).values(
                    village_id=v.id, number=n, name=f"{n}组").returning(VillageGroup.id)).scalar_one()
        used_ids: set[str] = set()
        hh_rows, member_rows, cause_rows, status_rows, survey_rows = [], [], [], [], []
        seq_by_village: dict[int, int] = {}
        for i in range(1, households + 1):
            v = villages[min(int(rng.triangular(0, len(villages), 0)), len(villages) - 1)] if i % 3 else villages[i % len(villages)]
            seq_by_village[v.id] = seq_by_village.get(v.id, 0) + 1
            gnum = rng.randint(1, groups_per_village)
            causes = [c for c, share in CAUSE_SHARES if rng.random() < share][:3] or [rng.choice(FALLBACK_CAUSES)]
            rng.shuffle(causes)
            identified = rng.choice((2014, 2014, 2014, 2015, 2016))
            hh = {
                "id": i, "household_no": f"{AREA}{1:02d}{v.code}{seq_by_village[v.id]:04d}",
                "village_id": v.id, "group_id": group_ids[(v.id, gnum)],
                "address": f"{township}{v.name}{gnum}组", "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                "bank_name": "平江县农村商业银行", "bank_account": f"6230901{rng.randint(0, 10**12 - 1):012d}",
                "type": rng.choices(vocab.HOUSEHOLD_TYPES, (70, 15, 5, 10))[0], "standard": "国家",
                "identified_year": identified, "main_cause": causes[0],
                "house_structure": rng.choices(("砖混", "砖木", "土木", "土坯", "无房"), (35, 30, 20, 13, 2))[0],
                "house_area": float(rng.randint(30, 160)), "danger_grade": rng.choices("ABCD", (30, 35, 20, 15))[0],
                "house_built_year": rng.randint(1965, 2012),
                "wage_income": rng.randint(0, 30) * 1000, "business_income": rng.randint(0, 12) * 500,
                "transfer_income": rng.randint(1, 12) * 300, "property_income": rng.randint(0, 4) * 100,
                "production_cost": rng.randint(0, 6) * 400, "created_at": dt.datetime(identified, 10, 15),
                "updated_at": dt.datetime(identified, 10, 15),
            }
            first_change = len(status_rows)
            hh.update(_status_and_history(rng, i, identified, exit_weights, status_rows))
            _unsafe_house_not_exited(aux, hh, status_rows, first_change)
            hh_rows.append(hh)
            members = _members(rng, i, identified, used_ids, hh["main_cause"])
            if hh["type"] == vocab.WUBAO_TYPE:      # R1.7: one or two elderly persons, no children
                members = _wubao_members(aux, i, identified, used_ids, hh["main_cause"])
                causes = list(dict.fromkeys("缺劳力" if c == "因学" else c for c in causes))
                hh["main_cause"] = causes[0]
            cause_rows += [{"household_id": i, "cause": c, "rank": k} for k, c in enumerate(causes[1:], 1)]
            exit_dates = [r["changed_on"] for r in status_rows[first_change:]
                          if r["to_status"] in (vocab.STATUS_PRE_EXIT, vocab.STATUS_EXITED)]
            _consistent(aux, hh, members, exit_dates)
            survey_rows.append(_survey(aux, hh, members))
            if hh["status"] == vocab.STATUS_CLOSED:  # struck off: nobody stays registered
                closed_on = status_rows[-1]["changed_on"]
                for m in members:
                    m["left_on"], m["leave_reason"] = closed_on, f"销户：{status_rows[-1]['reason']}"
            member_rows += members
        s.execute(insert(Household), hh_rows)
        s.execute(insert(Member), member_rows)
        if cause_rows:
            s.execute(insert(HouseholdOtherCause), cause_rows)
        for k, r in enumerate(status_rows, 1):
            r["id"] = k
        s.execute(insert(StatusChange), status_rows)
        s.execute(insert(HouseholdSurvey), survey_rows)
        checks, items = _exit_checks(status_rows, {h["id"]: h for h in hh_rows}, member_rows)
        if checks:
            s.execute(insert(ExitCheck), checks)
            s.execute(insert(ExitCheckItem), items)
    return {"township": township, "villages": len(villages), "households": len(hh_rows), "members": len(member_rows)}


def _status_and_history(rng: random.Random, hid: int, identified: int, weights, out: list) -> dict:
    years = [y for y, _ in weights] + [2020]
    counts = [w for _, w in weights] + [sum(w for _, w in weights) // 9]  # the rest planned for 2020
    planned = rng.choices(years, counts)[0]
    planned = max(planned, identified)
    out.append({"household_id": hid, "from_status": "", "to_status": vocab.STATUS_POOR,
                "changed_on": dt.date(identified, 10, 15), "reason": "精准识别，建档立卡", "recorded_by": "演示数据"})
    roll = rng.random()
    status, exit_year = vocab.STATUS_POOR, None
    if planned <= 2019 or roll < .5:
        out.append({"household_id": hid, "from_status": vocab.STATUS_POOR, "to_status": vocab.STATUS_PRE_EXIT,
                    "changed_on": dt.date(planned, 9, 1), "reason": "两不愁三保障达标，拟脱贫", "recorded_by": "演示数据"})
        status = vocab.STATUS_PRE_EXIT
        if planned <= 2019:
            out.append({"household_id": hid, "from_status": status, "to_status": vocab.STATUS_EXITED,
                        "changed_on": dt.date(planned, 12, 10), "reason": "经村、乡、县三级核查，确认脱贫", "recorded_by": "演示数据"})
            status, exit_year = vocab.STATUS_EXITED, planned
            if roll < .03:
                out.append({"household_id": hid, "from_status": status, "to_status": vocab.STATUS_RELAPSED,
                            "changed_on": dt.date(planned + 1, 6, 20), "reason": "因病返贫", "recorded_by": "演示数据"})
                status, exit_year = vocab.STATUS_RELAPSED, None
            elif roll > .985:
                out.append({"household_id": hid, "from_status": status, "to_status": vocab.STATUS_CLOSED,
                            "changed_on": dt.date(planned + 1, 3, 5), "reason": "全户迁出本县，销户", "recorded_by": "演示数据"})
                status = vocab.STATUS_CLOSED
    return {"status": status, "planned_exit_year": planned, "exit_year": exit_year}


def _birth(rng: random.Random, age_from: int, age_to: int, ref_year: int = 2016) -> dt.date:
    year = ref_year - rng.randint(age_from, age_to)
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _unique_id(rng: random.Random, birth: dt.date, male: bool, used: set[str]) -> str:
    while True:
        number = idcard.make(AREA, birth, rng.randint(0, 499), male)
        if number not in used:
            used.add(number)
            return number


def _members(rng: random.Random, hid: int, identified: int, used: set[str], main_cause: str) -> list[dict]:
    surname = rng.choice(SURNAMES)
    head_male = rng.random() < .82
    head_age = rng.randint(28, 82)
    people = [(vocab.HEAD, head_male, _birth(rng, head_age, head_age), surname)]
    size = rng.choices((1, 2, 3, 4, 5, 6, 7), (14, 20, 22, 22, 13, 6, 3))[0]
    if size >= 2 and head_age < 75:
        people.append(("配偶", not head_male, _birth(rng, max(20, head_age - 6), head_age + 3), None))
    while len(people) < size:
        if head_age < 50 and rng.random() < .25:
            people.append(("母亲" if rng.random() < .6 else "父亲", None, _birth(rng, head_age + 20, head_age + 32), surname))
        elif head_age >= 55 and rng.random() < .5:
            people.append((rng.choice(("孙子", "孙女")), None, _birth(rng, 1, min(18, head_age - 40)), surname))
        else:
            child_age = rng.randint(max(0, head_age - 45), max(1, head_age - 20))
            people.append((rng.choice(("子", "女")), None, _birth(rng, child_age, child_age), surname))
    rows = []
    for relation, male, birth, sname in people:
        if male is None:
            male = relation in ("子", "孙子", "父亲")
        if relation in ("父亲",):
            male = True
        if relation in ("女", "孙女", "母亲"):
            male = False
        name = _name(rng, sname)
        full, initials = pinyin.name_keys(name)
        age = 2016 - birth.year
        health = "健康"
        if main_cause == "因病" and relation == vocab.HEAD:
            health = rng.choice(("长期慢性病", "患有大病"))
        elif main_cause == "因残" and relation == vocab.HEAD:
            health = "残疾"
        elif age > 65 and rng.random() < .4:
            health = "长期慢性病"
        school = ("学前" if age < 6 else "小学" if age < 12 else "初中" if age < 15 else
                  "高中" if age < 18 and rng.random() < .7 else "中职" if age < 18 else "非在校生")
        labour = ("无劳动力" if age < 16 or age > 70 else "丧失劳动力" if health in ("患有大病", "残疾")
                  else rng.choice(("普通劳动力", "普通劳动力", "技能劳动力")))
        rows.append({
            "household_id": hid, "name": name, "name_pinyin": full, "name_initials": initials,
            "id_number": _unique_id(rng, birth, male, used), "relation": relation, "sex": "男" if male else "女",
            "birth_date": birth, "ethnicity": "汉族", "education": "学龄前" if age < 6 else rng.choice(("小学", "初中", "初中", "高中")),
            "school_status": school, "health": health, "disability_grade": rng.choice(("二级", "三级", "四级")) if health == "残疾" else "",
            "labour_ability": labour, "work_status": rng.choice(("务农", "县内务工", "省外务工")) if labour in ("普通劳动力", "技能劳动力") else "",
            "is_dibao": False, "has_medical_insurance": True, "has_pension_insurance": age >= 16,
            "joined_on": dt.date(identified, 10, 15), "join_reason": "建档", "left_on": None, "leave_reason": "",
        })
    return rows


def _wubao_members(rng: random.Random, hid: int, identified: int, used: set[str], main_cause: str) -> list[dict]:
    """A 五保户 (R1.7): an elderly person living alone or an elderly couple, no children, 特困人员."""
    surname = rng.choice(SURNAMES)
    head_male = rng.random() < .7
    people = [(vocab.HEAD, head_male, _birth(rng, 64, 86), surname)]
    if rng.random() < .3:
        people.append(("配偶", not head_male, _birth(rng, 64, 84), None))
    rows = []
    for relation, male, birth, sname in people:
        name = _name(rng, sname)
        full, initials = pinyin.name_keys(name)
        health = "残疾" if main_cause == "因残" and relation == vocab.HEAD else rng.choice(("健康", "长期慢性病", "长期慢性病"))
        rows.append({
            "household_id": hid, "name": name, "name_pinyin": full, "name_initials": initials,
            "id_number": _unique_id(rng, birth, male, used), "relation": relation, "sex": "男" if male else "女",
            "birth_date": birth, "ethnicity": "汉族", "education": rng.choice(("文盲或半文盲", "小学", "小学")),
            "school_status": "非在校生", "health": health,
            "disability_grade": rng.choice(("一级", "二级", "三级", "四级")) if health == "残疾" else "",
            "labour_ability": rng.choice(("无劳动力", "丧失劳动力")), "work_status": "",
            "is_dibao": False, "is_tekun": True, "has_medical_insurance": True, "has_pension_insurance": True,
            "joined_on": dt.date(identified, 10, 15), "join_reason": "建档", "left_on": None, "leave_reason": "",
        })
    return rows


def _unsafe_house_not_exited(rng: random.Random, hh: dict, status_rows: list[dict], first: int) -> None:
    """Half of the households in a C/D house or without one have not exited (住房安全 not yet assured,
    R1.5): their history stops at 建档 and they wait for a renovation (the cases demo picks them); the
    other half exit and live in a safe house (``_consistent``)."""
    unsafe = hh["house_structure"] == vocab.NO_HOUSE or hh["danger_grade"] in ("C", "D")
    if unsafe and len(status_rows) > first + 1 and rng.random() < .5:
        del status_rows[first + 1:]
        hh.update(status=vocab.STATUS_POOR, exit_year=None, planned_exit_year=max(2020, hh["planned_exit_year"]))


def _consistent(rng: random.Random, hh: dict, members: list[dict], exit_dates: list[dt.date]) -> None:
    """Flags that agree with the type and the ages on the 建档 date, and house and school facts that agree
    with the structure and the exit checks on ``exit_dates`` (R1.5, R1.7)."""
    on = members[0]["joined_on"]
    for m in members:       # 义务教育有保障 on each exit check: nobody aged 6–15 out of school
        if m["school_status"] == "非在校生" and any(6 <= age_on(m["birth_date"], d) <= 15 for d in exit_dates):
            m["school_status"] = "初中"
    out_working = any(m["work_status"] in ("县外省内务工", "省外务工") for m in members)
    for m in members:
        age = age_on(m["birth_date"], on)
        m.setdefault("is_tekun", False)
        m["is_left_behind_child"] = age < vocab.LEFT_BEHIND_CHILD_UNDER and out_working and rng.random() < .6
        m["is_left_behind_elder"] = (age >= vocab.ELDERLY_FROM and hh["type"] != vocab.WUBAO_TYPE
                                     and (out_working or rng.random() < .15))
    if hh["type"] in vocab.DIBAO_TYPES:     # the head, and now and then the spouse, receive 低保
        for m in members:
            m["is_dibao"] = m["relation"] == vocab.HEAD or (m["relation"] == "配偶" and rng.random() < .3)
    no_labour = all(m["labour_ability"] in ("无劳动力", "丧失劳动力") for m in members)
    hh["policy_guarantee"] = hh["type"] != "一般贫困户" and no_labour
    if exit_dates:      # a household that exits lives in a safe house (住房安全有保障)
        if hh["house_structure"] == vocab.NO_HOUSE:
            hh["house_structure"] = "砖混"
        if hh["danger_grade"] in ("C", "D"):
            hh["danger_grade"] = rng.choice("AB")
    if hh["house_structure"] == vocab.NO_HOUSE:
        hh["house_area"], hh["house_built_year"], hh["danger_grade"] = None, None, ""


def _survey(rng: random.Random, hh: dict, members: list[dict]) -> dict:
    """The 六看一听 visit (R1.3) before the household was identified, dated in its identified year."""
    year = hh["identified_year"]
    size = len(members)
    net = (hh["wage_income"] + hh["business_income"] + hh["transfer_income"] + hh["property_income"]
           - hh["production_cost"])
    pupils = [m for m in members if m["school_status"] not in ("学前", "非在校生")]
    labour = sum(m["labour_ability"] in ("普通劳动力", "技能劳动力") for m in members)
    if hh["house_structure"] == vocab.NO_HOUSE:
        house = "无房，借住亲属家"
    else:
        house = f"{hh['house_structure']}结构，{hh['house_area']:.0f}平方米，{hh['danger_grade']}级"
    return {
        "household_id": hh["id"], "surveyed_on": dt.date(year, 9, rng.randint(1, 28)),
        "surveyors": rng.choice(("村支两委、驻村工作队", "乡镇包村干部、村主任", "驻村工作队长、村会计")),
        "look_car": "无机动车辆" if rng.random() < .9 else "有一辆旧摩托车",
        "look_house": house,
        "look_poverty": f"家庭纯收入约{net}元，人均约{net // size if size else 0}元",
        "look_cause": f"主要致贫原因：{hh['main_cause']}",
        "look_school": f"{len(pupils)}人在校就读" if pupils else "无在校子女",
        "look_labour": f"劳动力{labour}人，共{size}人",
        "listen": "村民代表评议无异议，同意纳入建档立卡",
        "findings": f"经入户核实，符合{hh['standard']}扶贫标准，户类型{hh['type']}",
        "needs": rng.choice(("产业扶持", "就业培训", "危房改造", "医疗救助", "教育资助")),
        "recorded_by": "演示数据",
    }


def _exit_checks(status_rows: list[dict], households: dict[int, dict], member_rows: list[dict]):
    """A passed 两不愁三保障 check (R1.5) for every change to 预脱贫 / 已脱贫, linked to it."""
    sizes: dict[int, int] = {}
    for m in member_rows:
        sizes[m["household_id"]] = sizes.get(m["household_id"], 0) + 1
    checks, items = [], []
    for r in status_rows:
        if r["to_status"] not in (vocab.STATUS_PRE_EXIT, vocab.STATUS_EXITED):
            continue
        h = households[r["household_id"]]
        net = (h["wage_income"] + h["business_income"] + h["transfer_income"] + h["property_income"]
               - h["production_cost"])
        check, rows = passing_check_rows(len(checks) + 1, h["id"], r["to_status"], r["changed_on"],
                                         sizes[h["id"]], net, status_change_id=r["id"])
        checks.append(check)
        items += rows
    return checks, items
