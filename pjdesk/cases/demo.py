"""Demo 危房改造 cases for ``pjdesk demo``: for every village of the demo township that the plan's
renovation tables name (renovation_tasks.csv, 表5.1/5.2), about a third of its eligible households,
split 原地重建 / 集中安置 in the plan's proportion (a 无房 household builds new: 分散新建 / 集中新建),
spread over every stage. Payments follow the 合格 竣工验收, and the acceptance updates the household's house
record (the service writes the HouseChange row).

Cases are moved through the real services (inside one transaction), so every demo record obeys the
same rules as a clerk's: stages in order, 7-day postings, decisions dated after postings end.
Finished cases lie in the plan's period; cases still in progress are dated back from today.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from sqlalchemy import select

from db import Database
from db.models import Household, Village
from db.models.cases import RenovationDetail

from .. import seed
from ..registry import vocab
from ..registry.demo import GIVEN, SURNAMES
from ..registry.township import get_township
from .attachments import AttachmentInput, add_attachment_in
from .construction import AcceptanceInput, record_acceptance_in, record_construction_in
from .decisions import DecisionInput, decide_in
from .funds import DisbursementInput, disburse_in
from .objections import ObjectionInput, VerificationInput, record_objection_in, verify_objection_in
from .postings import PostingInput, open_posting_in
from .renovation import open_renovation_in
from .renovation_rules import (
    CLUSTER_MIN_HOUSEHOLDS, EXCLUSIONS, NEW_CLUSTER, NEW_SCATTERED, NO_HOUSE, REBUILD, ExclusionAnswer,
    RenovationApplication, demolition_required, house_standard,
)

SCALE = 1 / 3
ACTOR = "演示数据"
# Where a cohort stops, and how many days back from today its application lies.
TARGETS: tuple[tuple[str, int], ...] = (
    ("申请", 2), ("村级评议", 5), ("一榜待公示", 11), ("一榜公示中", 15), ("乡镇审核", 21), ("二榜公示中", 30),
    ("县级审批", 38), ("三榜公示中", 50), ("实施", 100), ("竣工验收", 153), ("资金拨付", 175), ("归档", 0),
    ("不予通过", 70),
)
PERIOD_START = {"2016.6-2017.6": dt.date(2016, 6, 12), "2017.7-2018.8": dt.date(2017, 7, 10)}


@dataclass
class VillagePlan:
    village: Village
    period: str
    rebuild: int
    concentrated: int
    site_households: int


def plans(s, township: str) -> list[VillagePlan]:
    out, seen = [], set()
    villages = {v.name: v for v in s.scalars(select(Village))}
    for r in seed.renovation_tasks():
        name = r["village"]
        if r["township_candidate"] != township or name in seen or name not in villages:
            continue
        seen.add(name)
        rebuild, conc = int(r["rebuild_in_place_households"] or 0), int(r["concentrated_households"] or 0)
        n = max(1, round(int(r["eligible_households"]) * SCALE))
        c = round(n * conc / (rebuild + conc)) if rebuild + conc else 0
        out.append(VillagePlan(villages[name], r["period"], n - c, c, conc))
    return out


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def demo_step(db: Database, rng: random.Random) -> None:
    today = dt.date.today()
    with db.transaction() as s:
        township = get_township(s).name
        people = {"township": (_person(rng), f"{township}扶贫工作站站长"),
                  "county": (_person(rng), "县住建局村镇建设股股长")}
        for plan in plans(s, township):
            people["village"] = (_person(rng), f"{plan.village.name}村委会主任")
            people["builder"] = (_person(rng), "村民建房委员会主任")
            _village(s, plan, rng, today, people)


def _eligible(s, village: Village) -> list[Household]:
    rows = s.scalars(select(Household).where(Household.village_id == village.id,
                                             Household.status != vocab.STATUS_CLOSED).order_by(Household.id))
    return [h for h in rows if (h.danger_grade in ("C", "D") or h.house_structure == "无房") and h.size >= 1]


def _village(s, plan: VillagePlan, rng: random.Random, today: dt.date, people: dict) -> None:
    pool = _eligible(s, plan.village)
    rng.shuffle(pool)
    total = plan.rebuild + plan.concentrated
    n = min(total, len(pool))
    conc = round(n * plan.concentrated / total) if total else 0
    if plan.site_households < CLUSTER_MIN_HOUSEHOLDS:
        conc = 0
    modes = ["集中安置"] * conc + ["分散"] * (n - conc)
    rng.shuffle(modes)
    # every stage first, then the rest mostly finished or under construction
    extra = ("归档", "归档", "实施", "归档", "资金拨付", "竣工验收", "归档", "实施")
    targets = [t for t, _ in TARGETS][:n] + [extra[i % len(extra)] for i in range(max(0, n - len(TARGETS)))]
    cohorts: dict[str, list] = {}
    for h, mode, target in zip(_matched(pool, targets), modes, targets):
        cohorts.setdefault(target, []).append((h, mode))
    for target, members in cohorts.items():
        _cohort(s, plan, target, members, rng, today, people)


ACCEPTED_TARGETS = ("资金拨付", "归档")     # cohorts whose cases pass 竣工验收 (the house becomes A)
EXITED = (vocab.STATUS_EXITED, vocab.STATUS_PRE_EXIT)


def _matched(pool: list[Household], targets: list[str]) -> list[Household]:
    """One household per target: a household marked 预脱贫/已脱贫 gets a case that passes 竣工验收 when
    there is one (住房安全有保障 — its exit rests on the new house), the others the cases still in progress."""
    exited = [h for h in pool if h.status in EXITED]
    others = [h for h in pool if h.status not in EXITED]
    out = []
    for target in targets:
        first, second = (exited, others) if target in ACCEPTED_TARGETS else (others, exited)
        out.append((first or second).pop(0))
    return out


class _Walk:
    """One cohort of a village moving together: same dates, one posting batch per posting stage."""

    def __init__(self, s, plan: VillagePlan, cases: list, d0: dt.date, rng: random.Random, today: dt.date,
                 people: dict):
        self.s, self.plan, self.cases, self.d0, self.rng, self.today = s, plan, cases, d0, rng, today
        self.people = people

    def day(self, offset: int) -> dt.date:
        return self.d0 + dt.timedelta(days=offset)

    def decide(self, offset: int, who: str, word: str = "通过", opinion: str = "") -> None:
        by, post = self.people[who]
        for c in self.cases:
            decide_in(self.s, c, DecisionInput(word, opinion, by, self.day(offset), post), entered_by=ACTOR,
                      today=self.today)

    def post(self, stage: str, offset: int) -> None:
        open_posting_in(self.s, PostingInput(self.plan.village.name, stage, self.day(offset), self.day(offset + 6),
                                             cases=[c.id for c in self.cases]), entered_by=ACTOR, today=self.today)

    def build(self, c, upto: str) -> None:
        """实施 … for one case, stopping when it reaches ``upto``."""
        detail = self._detail(c)
        demolish = demolition_required(detail.build_type, detail.house_structure)
        demolish_first = demolish and detail.build_type == REBUILD
        if demolish:
            record_construction_in(self.s, c, "拆旧协议", self.day(56), person="户主", note="签订建新拆旧协议",
                                   entered_by=ACTOR, today=self.today)
        if demolish_first:
            record_construction_in(self.s, c, "拆旧完成", self.day(58), person="村建房委员会", note="旧房已拆除",
                                   entered_by=ACTOR, today=self.today)
        record_construction_in(self.s, c, "开工", self.day(60), person="村建房委员会", note="按县统一设计图施工",
                               entered_by=ACTOR, today=self.today)
        record_construction_in(self.s, c, "施工检查", self.day(90), person="县住建局质量安全监督站",
                               note="基础、圈梁符合设计要求", entered_by=ACTOR, today=self.today)
        if upto == "实施":
            return
        builder, role = self.people["builder"]
        decide_in(self.s, c, DecisionInput("通过", "主体完工，申请验收", builder, self.day(150), role),
                  entered_by=ACTOR, today=self.today)
        if upto == "竣工验收":
            return
        std = house_standard(c.household_size)
        record_acceptance_in(self.s, c, AcceptanceInput(self.day(160), "县住建局、乡镇规划办、村委会", "合格",
                                                        float(std.house_type - self.rng.choice((0, 0, 1, 2))),
                                                        float(self.rng.choice((8, 9, 10)))),
                             entered_by=ACTOR, today=self.today)
        lines = [(l.department or "住建部门", l.amount) for l in c.subsidy_lines if l.to_household]
        first = lines[0]
        disburse_in(self.s, c, DisbursementInput(self.day(170), first[1] // 2, first[0], f"PJ{c.id:05d}-1"),
                    entered_by=ACTOR, today=self.today)
        if upto == "资金拨付":
            return
        disburse_in(self.s, c, DisbursementInput(self.day(180), first[1] - first[1] // 2, first[0], f"PJ{c.id:05d}-2"),
                    entered_by=ACTOR, today=self.today)
        for k, (dept, amount) in enumerate(lines[1:], 3):
            disburse_in(self.s, c, DisbursementInput(self.day(181), amount, dept, f"PJ{c.id:05d}-{k}"),
                        entered_by=ACTOR, today=self.today)
        if demolish and not demolish_first:
            record_construction_in(self.s, c, "拆旧完成", self.day(185), person="村建房委员会",
                                   note="入住新房后拆除旧房", entered_by=ACTOR, today=self.today)
        decide_in(self.s, c, DecisionInput("通过", "资料齐全，归档", self.people["township"][0], self.day(190),
                                           self.people["township"][1]),
                  entered_by=ACTOR, today=self.today)

    def _detail(self, c):
        return self.s.get(RenovationDetail, c.id)


def _cohort(s, plan: VillagePlan, target: str, members: list, rng: random.Random, today: dt.date,
            people: dict) -> None:
    back = dict(TARGETS)[target]
    even = plan.village.sort_order % 2 == 0
    returned = target == "村级评议" and even          # sent back by the township, waiting for the village again
    if target == "归档":
        d0 = PERIOD_START.get(plan.period, dt.date(2016, 6, 12)) + dt.timedelta(days=rng.randint(0, 150))
    else:
        d0 = today - dt.timedelta(days=30 if returned else back)
    cases = [_open(s, plan, h, mode, d0, rng, today) for h, mode in members]
    w = _Walk(s, plan, cases, d0, rng, today, people)
    if target == "申请":
        return
    w.decide(3, "village", opinion="申请材料齐全，予以受理")
    if target == "村级评议" and not returned:
        return
    if target == "不予通过" and not even:
        w.decide(10, "village", "不予通过",
                 "经村民代表大会评议，该户2015年已在集镇购房，属拥有两套住房（排除条件2），不予通过")
        return
    w.decide(10, "village", opinion="经村民代表大会评议，同意列为改造对象")
    if target == "一榜待公示":
        return
    w.post("一榜公示", 12)
    if returned:
        w.decide(25, "township", "退回", "入户核查发现危房鉴定表缺少鉴定人签字，退回村级补正后重新评议")
        return
    if target == "不予通过":
        o = record_objection_in(s, cases[0], ObjectionInput("同组村民", w.day(15), "反映该户儿子在县城有商品房"),
                                entered_by=ACTOR, today=today)
        verify_objection_in(s, o.id, VerificationInput("属实", "乡镇核查组", w.day(20),
                                                       "经核查不动产登记，该户儿子2014年在县城购房属实（排除条件7）"),
                            entered_by=ACTOR, today=today)
        return
    if target == "一榜公示中":
        if plan.village.sort_order % 2:
            record_objection_in(s, cases[0], ObjectionInput("本组村民（匿名）", w.day(13), "反映该户子女在县城有住房"),
                                entered_by=ACTOR, today=today)
        return
    if target == "乡镇审核" and plan.village.sort_order % 3 == 0:
        o = record_objection_in(s, cases[0], ObjectionInput("同组村民", w.day(14), "反映该户房屋并非危房"),
                                entered_by=ACTOR, today=today)
        verify_objection_in(s, o.id, VerificationInput("不属实", "乡镇核查组", w.day(17),
                                                       "经入户核查，房屋墙体开裂、屋面漏雨，鉴定为D级属实，异议不成立"),
                            entered_by=ACTOR, today=today)
    if target == "乡镇审核":
        return
    w.decide(25, "township", opinion="经入户核查，情况属实，同意上报")
    w.post("二榜公示", 27)
    if target == "二榜公示中":
        return
    if target == "县级审批":
        return
    w.decide(45, "county", opinion="同意列入改造计划，按标准补助")
    w.post("三榜公示", 47)
    if target == "三榜公示中":
        return
    for k, c in enumerate(cases):
        w.build(c, target)
        if target == "归档" and k < 2:
            _photos(s, c, w, today)


def _open(s, plan: VillagePlan, h: Household, mode: str, d0: dt.date, rng: random.Random, today: dt.date):
    std = house_standard(h.size)
    notes = ("经入户核查，无此情形", "经村民小组长证实，无此情形", "查阅档案及走访邻居，无此情形")
    no_house = h.house_structure == NO_HOUSE
    grade = h.danger_grade if not no_house else ""
    build = NEW_CLUSTER if mode == "集中安置" else NEW_SCATTERED if no_house else REBUILD
    a = RenovationApplication(
        household_no=h.household_no, applied_on=d0, mode=mode, build_type=build,
        main_area=float(std.house_type), annex_area=float(rng.choice((0, 6, 8, 10))),
        homestead_area=float(std.homestead_max - rng.choice((0, 0, 5))),
        cluster_site=f"{plan.village.name}集居点" if mode == "集中安置" else "",
        cluster_site_households=plan.site_households if mode == "集中安置" else None,
        danger_grade="" if no_house else grade if grade in ("C", "D") else "D",
        assessment_agency="" if no_house else "平江县住房和城乡建设局",
        assessed_on=None if no_house else d0 - dt.timedelta(days=rng.randint(5, 30)),
        exclusions={code: ExclusionAnswer(False, rng.choice(notes)) for code, _ in EXCLUSIONS},
        note=("无房户，申请" if no_house else f"房屋为{grade}级危房，申请")
        + ("进入集居点集中安置" if mode == "集中安置" else "在自家宅基地新建住房" if no_house else "原地重建"))
    return open_renovation_in(s, a, entered_by=ACTOR, today=today)


def _photos(s, case, w: _Walk, today: dt.date) -> None:
    for category, offset, colour in (("改造前照片", 0, (150, 120, 90)), ("竣工后照片", 160, (200, 90, 70))):
        add_attachment_in(s, case, AttachmentInput(f"{case.case_no}-{category}.png", _house_png(colour), category,
                                                   w.day(offset)), entered_by=ACTOR, today=today)


def _house_png(roof: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw  # Pillow loads only when demo photos are drawn (start-up time)

    img = Image.new("RGB", (480, 360), (196, 224, 240))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 280, 480, 360), fill=(120, 160, 90))
    d.rectangle((120, 170, 360, 290), fill=(236, 228, 210), outline=(90, 80, 70), width=3)
    d.polygon([(100, 175), (240, 80), (380, 175)], fill=roof)
    d.rectangle((215, 220, 265, 290), fill=(110, 80, 60))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
