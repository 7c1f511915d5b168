"""Demo step (``pjdesk demo``): village aid teams, helpers, pairings, help records, income projects.

- Aid teams: the county plan's assisting units and named leaders for the demo township
  (aid_teams.csv via ``aid_teams.prefill_from_plan``), plus fictional first secretaries, work
  teams and agronomists — some villages are left without a first secretary or agronomist, and the
  plan names a responsible leader for only two 虹桥镇 villages, so the 六个一 check has real gaps.
- Helpers (fictional): cadres of each village's assisting units (县直), village cadres, Party
  members, capable people, a few caring members of the public, and township cadres; one newly
  registered Party member per village has no household yet.
- Pairings: the demo's records begin with the 2018 re-arrangement (R2.4): every household that
  needs a helper (未脱贫/预脱贫/返贫), and the 2019 exits (脱贫不脱帮扶), is paired from
  2018-03-01 with the auto-pair planner — so no helper is above the limit; about a third have an
  earlier pairing (2016–2018) ended at the re-arrangement. Households that exited by 2018 carry no
  pairing record; a 2019 exit closed in 2020 has its pairing ended with reason 销户.
- Help records: visits and measures; most paired households were visited within the last 90
  days, some not (the overdue list shows them).

Everything is written with bulk Core ``insert()`` so a 50,000-household demo stays quick.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict

from sqlalchemy import insert, select, text

from db import Database
from db.models import Helper, HelperAssignment, HelpRecord, IncomeProject, VillageAidRole

from .. import pinyin
from ..registry import vocab as core_vocab
from ..registry.demo import GIVEN, SURNAMES
from . import vocab
from .aid_teams import prefill_from_plan
from .autopair import Slot, plan
from .limits import DEFAULT_LIMIT

RECORDER = "演示数据"
START_2018 = dt.date(2018, 3, 1)
START_2016 = dt.date(2016, 3, 1)
TOWNSHIP_POSTS = ("副镇长", "党委委员", "人大主席团副主席", "农业综合服务站站长", "财政所副所长", "扶贫专干",
                  "民政办干部", "社会事务办干部", "党政办干部", "经管站干部")
VILLAGE_POSTS = ("村党支部书记", "村委会主任", "村委会委员", "村会计", "村妇女主任", "村民小组长")
NENGREN_POSTS = ("种养大户", "农民专业合作社理事长", "返乡创业人员", "家庭农场主")
COMPANIES = ("平江县辣条食品有限公司", "平江县石牛寨旅游公司", "平江县华峰生态农业公司", "平江县新农人电商公司")
UNIT_POSTS = ("副局长", "办公室主任", "股长", "副股长", "科员", "干部", "副主任科员", "工会主席")
POSTS_BY_UNIT = (("银行", ("副行长", "客户经理", "信贷员", "柜员")), ("公司", ("副经理", "部门经理", "职员")),
                 ("一中", ("副校长", "教导主任", "教师")), ("学校", ("副校长", "教师")), ("进修", ("副校长", "教师")),
                 ("县委", ("副部长", "科长", "干事")), ("妇联", ("副主席", "干部")))


def _unit_post(rng: random.Random, unit: str) -> str:
    return rng.choice(next((p for key, p in POSTS_BY_UNIT if key in unit), UNIT_POSTS))
CONTENT = {
    "走访": ("入户走访，了解家庭生产生活情况", "入户走访，核实家庭收入", "走访慰问，宣讲脱贫政策"),
    "政策宣传": ("宣传健康扶贫政策", "宣传教育扶贫“三免一补”政策", "宣传产业奖补政策"),
    "产业帮扶": ("发放鸡苗100羽", "协助申请产业奖补资金", "发放油茶苗200株", "联系合作社收购黄茶"),
    "就业帮扶": ("推荐到县工业园务工", "介绍参加挖掘机技能培训", "安排护林员公益性岗位"),
    "教育帮扶": ("办理“雨露计划”职业教育补助", "落实义务教育阶段生活补助"),
    "健康帮扶": ("协助办理慢性病门诊卡", "落实大病专项救治", "联系家庭医生签约"),
    "危房改造": ("协助申报危房改造", "危房改造竣工验收"),
    "小额信贷": ("协助办理扶贫小额信贷5万元", "小额信贷贴息申报"),
    "低保兜底": ("协助申请纳入低保", "低保年审"),
}
PROJECTS = (("种植", "种植油茶"), ("种植", "种植黄茶"), ("种植", "种植蔬菜"), ("养殖", "养殖土鸡"),
            ("养殖", "养殖生猪"), ("养殖", "养蜂"), ("务工", "外出务工"), ("光伏", "光伏发电入股"),
            ("电商", "电商销售农产品"), ("乡村旅游", "农家乐"), ("农产品加工", "酱干加工"))


def _person(rng: random.Random, used: set[tuple[str, str]], unit: str) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if (name, unit) not in used:
            used.add((name, unit))
            return name


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}"


def _helper(rng, used, unit, level, post, kind, village_id) -> dict:
    name = _person(rng, used, unit)
    full, initials = pinyin.name_keys(name)
    return {"name": name, "name_pinyin": full, "name_initials": initials,
            "sex": "男" if rng.random() < .68 else "女", "phone": _phone(rng), "unit": unit, "unit_level": level,
            "post": post, "kind": kind, "village_id": village_id, "active": True, "note": ""}


def demo_step(db: Database, rng: random.Random, *, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    prefill_from_plan(db)
    with db.transaction() as s:
        township = s.execute(text("SELECT name FROM township")).scalar_one()
        villages = s.execute(text("SELECT id, name FROM village ORDER BY sort_order")).all()
        units = defaultdict(list)
        for vid, name in s.execute(select(VillageAidRole.village_id, VillageAidRole.name)
                                   .where(VillageAidRole.role == vocab.ROLE_UNIT)):
            units[vid].append(name)
        need = defaultdict(list)   # village id -> [(group, household_no, household id, closed on)]
        for hid, vid, group, no, status, exit_year, closed_on in s.execute(text(
                "SELECT h.id, h.village_id, g.number, h.household_no, h.status, h.exit_year, "
                "(SELECT max(changed_on) FROM status_change c WHERE c.household_id = h.id AND c.to_status = :closed) "
                "FROM household h JOIN village_group g ON g.id = h.group_id"), {"closed": core_vocab.STATUS_CLOSED}):
            # Every household is paired (issue #4): exited ones keep their helper until the clerk ends
            # the pairing; struck-off (已销户) ones had theirs ended on the day they were struck off.
            closed = dt.date.fromisoformat(str(closed_on)[:10]) if status == core_vocab.STATUS_CLOSED else None
            need[vid].append((group, no, hid, closed))

        used: set[tuple[str, str]] = set()
        helper_rows, role_rows, town = [], [], []
        gov = f"{township}人民政府"
        total_need = sum(len(x) for x in need.values())
        for _ in range(max(2, math.ceil(total_need * .12 / 4.8))):
            town.append(_helper(rng, used, gov, "乡镇", rng.choice(TOWNSHIP_POSTS), "干部", None))
        helper_rows += town
        pools: dict[int, list[int]] = {}
        for k, (vid, vname) in enumerate(villages):
            n = len(need[vid])
            size = max(3, math.ceil(n * .88 / 4.8) + 1)
            vunits = units[vid] or [f"{township}{vname}驻村帮扶单位"]
            start = len(helper_rows)
            for i in range(size):
                roll = rng.random()
                if roll < .62:
                    unit = vunits[i % len(vunits)]
                    row = _helper(rng, used, unit, "县直", _unit_post(rng, unit), "干部", vid)
                elif roll < .80:
                    row = _helper(rng, used, f"{vname}村民委员会", "村级", rng.choice(VILLAGE_POSTS), "干部", vid)
                elif roll < .92:
                    row = _helper(rng, used, f"{vname}党支部", "村级", "党员", "党员", vid)
                elif roll < .97:
                    row = _helper(rng, used, vname, "村级", rng.choice(NENGREN_POSTS), "能人", vid)
                else:
                    row = _helper(rng, used, rng.choice(COMPANIES), "其他", "经理", "社会爱心人士", vid)
                helper_rows.append(row)
            pools[vid] = list(range(start, len(helper_rows)))
            role_rows += _team(rng, used, vid, k, vunits, helper_rows[start:])
        # Pair with the planner (never above the limit); a village short of places gets more unit cadres.
        loads: dict[int, int] = defaultdict(int)
        town_idx = list(range(len(town)))
        planned: list[tuple[int, int, dt.date | None, list[int]]] = []
        for vid, vname in villages:
            households = sorted(need[vid])
            while True:
                pool = pools[vid] + town_idx
                chosen, left = plan([h[2] for h in households], [Slot(i, loads[i]) for i in pool], DEFAULT_LIMIT)
                if not left:
                    break
                unit = rng.choice(units[vid] or [f"{township}{vname}驻村帮扶单位"])
                helper_rows.append(_helper(rng, used, unit, "县直", _unit_post(rng, unit), "干部", vid))
                pools[vid].append(len(helper_rows) - 1)
            for group, no, hid, closed_on in households:
                loads[chosen[hid]] += 0 if closed_on else 1
                planned.append((hid, chosen[hid], closed_on, pool))
        # one newly registered Party member per village, not paired yet (free places: 0/5)
        spare = [_helper(rng, used, f"{vname}党支部", "村级", "党员", "党员", vid) for vid, vname in villages]
        ids = list(s.scalars(insert(Helper).returning(Helper.id, sort_by_parameter_order=True), helper_rows + spare))
        if role_rows:
            s.execute(insert(VillageAidRole), role_rows)

        current, history, paired = [], [], []
        for hid, i, closed_on, pool in planned:
            end = {"end_on": max(closed_on, START_2018), "end_reason": vocab.END_CLOSED} if closed_on else {}
            current.append({"helper_id": ids[i], "household_id": hid, "start_on": START_2018,
                            "start_reason": "2018年帮扶力量调整后结对", "recorded_by": RECORDER,
                            "end_on": None, "end_reason": "", **end})
            if not closed_on:
                paired.append((hid, ids[i]))
            if rng.random() < .33:
                other = rng.choice(pool)
                if other != i:
                    history.append({"helper_id": ids[other], "household_id": hid, "start_on": START_2016,
                                    "start_reason": vocab.START_DEFAULT, "end_on": START_2018,
                                    "end_reason": "2018年帮扶力量调整", "recorded_by": RECORDER})
        if history:
            s.execute(insert(HelperAssignment), history)
        if current:
            s.execute(insert(HelperAssignment), current)
        _records(s, rng, paired, today)


def _team(rng, used, vid: int, k: int, vunits: list[str], cadres: list[dict]) -> list[dict]:
    """Fictional first secretary, work team and agronomist, drawn from the assisting units' cadres
    among the helpers where there are enough. Every third village has no first secretary yet and
    every fourth no agronomist, so the 六个一 list shows gaps."""
    people = [(c["name"], c["unit"], c["phone"]) for c in cadres if c["unit_level"] == "县直"]
    while len(people) < 4:
        unit = vunits[len(people) % len(vunits)]
        people.append((_person(rng, used, unit), unit, _phone(rng)))
    rows = []

    def add(role, person, post, start):
        name, unit, phone = person
        rows.append({"village_id": vid, "role": role, "name": name, "unit": unit, "post": post, "phone": phone,
                     "start_on": start, "end_on": None, "source": RECORDER, "note": ""})
    if k % 3 != 2:
        add(vocab.ROLE_SECRETARY, people[0], "第一书记", dt.date(2017, 9, 1))
    for j, person in enumerate(people[1:4]):
        add(vocab.ROLE_TEAM, person, "队长" if j == 0 else "队员", START_2018)
    if k % 4 != 3:
        add(vocab.ROLE_AGRONOMIST, (_person(rng, used, "县农业农村局"), "县农业农村局", _phone(rng)), "农艺师",
            START_2018)
    return rows


def _records(s, rng: random.Random, paired: list[tuple[int, int]], today: dt.date) -> None:
    recs, projects = [], []
    for hid, helper_id in paired:
        for _ in range(rng.randint(1, 3)):
            measure = rng.choice(tuple(CONTENT))
            day = START_2018 + dt.timedelta(days=rng.randint(0, 1000))
            amount = rng.choice((0, 0, 500, 1000, 2000)) if measure in ("产业帮扶", "教育帮扶", "危房改造") else 0
            recs.append({"household_id": hid, "helper_id": helper_id, "happened_on": day, "measure": measure,
                         "content": rng.choice(CONTENT[measure]), "amount": amount, "recorded_by": RECORDER})
        recent = rng.randint(100, 400) if rng.random() < .08 else rng.randint(3, 85)
        recs.append({"household_id": hid, "helper_id": helper_id, "happened_on": today - dt.timedelta(days=recent),
                     "measure": vocab.MEASURE_VISIT, "content": rng.choice(CONTENT["走访"]), "amount": 0,
                     "recorded_by": RECORDER})
        for category, name in rng.sample(PROJECTS, rng.choice((1, 1, 2))):
            year = rng.choice((2018, 2019, 2020))
            planned = rng.randint(3, 16) * 500
            projects.append({"household_id": hid, "helper_id": helper_id, "name": name, "category": category,
                             "year": year, "planned_income": planned,
                             "actual_income": int(planned * rng.uniform(.6, 1.3)) // 100 * 100, "note": ""})
    if recs:
        s.execute(insert(HelpRecord), recs)
    if projects:
        s.execute(insert(IncomeProject), projects)
