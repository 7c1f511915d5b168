"""Deterministic demo township (``pjdesk demo``): villages the plan names, households and members
with valid fictional ID numbers under 430626, causes in the plan's proportions (RULES.md R1.6),
exit years following the plan's yearly targets (表2.1, targets.csv).

``pjdesk.demo.build_demo`` runs this first, then the other areas' demo steps.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select

from db import Database
from db.models import Household, HouseholdOtherCause, Member, StatusChange, Village, VillageGroup

from .. import idcard, pinyin, seed, settings
from . import vocab
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
        hh_rows, member_rows, cause_rows, status_rows = [], [], [], []
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
            hh.update(_status_and_history(rng, i, identified, exit_weights, status_rows))
            hh_rows.append(hh)
            cause_rows += [{"household_id": i, "cause": c, "rank": k} for k, c in enumerate(causes[1:], 1)]
            members = _members(rng, i, identified, used_ids, hh["main_cause"])
            if hh["status"] == vocab.STATUS_CLOSED:  # struck off: nobody stays registered
                closed_on = status_rows[-1]["changed_on"]
                for m in members:
                    m["left_on"], m["leave_reason"] = closed_on, f"销户：{status_rows[-1]['reason']}"
            member_rows += members
        s.execute(insert(Household), hh_rows)
        s.execute(insert(Member), member_rows)
        if cause_rows:
            s.execute(insert(HouseholdOtherCause), cause_rows)
        s.execute(insert(StatusChange), status_rows)
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
