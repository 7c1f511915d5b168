"""Demo 易地搬迁 for ``pjdesk demo`` (issue 11): the plan's sites for the demo township and the county
seat (relocation_sites.csv), and a dozen relocation cases of eligible households (无房, or an adobe
house; no open housing case) spread over every stage — in review, approved and waiting to move, moved
in, old house demolished, in follow-up, archived, refused. Cases move through the real services inside
one transaction, so every record obeys the clerk's rules (stages in order, 7-day postings, dates in order).
Finished cases lie in the plan's period (洪家塅 一期, delivered 2016-12); the others are dated back from today.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from db import Database
from db.models import Household
from db.models.cases import Case
from db.models.relocation import RelocationSite

from ..registry import vocab
from ..registry.township import get_township
from .decisions import DecisionInput, decide_in
from .postings import PostingInput, open_posting_in
from .relocation import open_relocation_in
from .relocation_rules import ELIGIBLE_HOUSES, RelocationApplication
from .relocation_steps import (
    StepInput, record_agreement_in, record_demolition_in, record_follow_up_in, record_move_in_in,
)
from .renovation_rules import NO_HOUSE
from .sites import seed_sites
from .stages import OPEN

ACTOR = "演示数据"
# (where the case stops, days back from today its application lies — 0: in the plan's period)
TARGETS = (("申请", 3), ("村级评议", 8), ("一榜公示中", 9), ("乡镇审核", 16), ("县级审批", 25), ("搬迁入住", 40),
           ("旧房拆除", 55), ("后续扶持", 90), ("归档", 0), ("归档", 0), ("归档", 0), ("不予通过", 20))
STEPS = ("申请", "村级评议", "一榜公示", "乡镇审核", "二榜公示", "县级审批", "三榜公示", "搬迁入住", "旧房拆除", "后续扶持",
         "归档")
FINISHED_FROM = dt.date(2016, 11, 21)   # 洪家塅 一期 was delivered on 2016-12-20
SITE_FINISHED, COUNTY_SITE_OPEN = "HJD-1", "HJD-2"   # the county seat's two phases (every township's)


def demo_step(db: Database, rng: random.Random) -> None:
    today = dt.date.today()
    with db.transaction() as s:
        township = get_township(s).name
        seed_sites(s, township)
        own = s.scalars(select(RelocationSite.code).where(RelocationSite.township == township)
                        .order_by(RelocationSite.kind != "集镇", RelocationSite.year, RelocationSite.code)).first()
        sites_open = (COUNTY_SITE_OPEN, own or COUNTY_SITE_OPEN)   # the market-town site where the plan has one
        busy = set(s.scalars(select(Case.household_id).where(Case.status == OPEN)))
        pool = [h for h in s.scalars(select(Household).where(Household.status != vocab.STATUS_CLOSED)
                                     .order_by(Household.id))
                if h.house_structure in ELIGIBLE_HOUSES and h.id not in busy and h.size >= 1]
        rng.shuffle(pool)
        for i, ((target, back), h) in enumerate(zip(TARGETS, pool)):
            finished = back == 0
            d0 = FINISHED_FROM + dt.timedelta(days=7 * i) if finished else today - dt.timedelta(days=back)
            site = SITE_FINISHED if finished else sites_open[i % 2]
            _walk(s, h, target, d0, site, f"{1 + i // 4}栋{(i % 4 + 1) * 100 + 1 + i}", today)


def _walk(s, h: Household, target: str, d0: dt.date, site: str, unit: str, today: dt.date) -> None:
    movers = [m.id for m in h.members if m.left_on is None]
    area = 25.0 * min(len(movers), 6)
    case = open_relocation_in(s, RelocationApplication(
        household_no=h.household_no, applied_on=d0, site=site, unit=unit, area=area,
        sole_house=h.house_structure != NO_HOUSE, willing_signed_on=d0 - dt.timedelta(days=3),
        willing_signer=h.head.name if h.head else "户主", priority="居住偏远、生存条件恶劣（一方水土养不活一方人）",
        note="自愿申请易地扶贫搬迁"), entered_by=ACTOR, today=today)
    day = lambda n: d0 + dt.timedelta(days=n)  # noqa: E731

    def decide(n: int, by: str, post: str, word: str = "通过", opinion: str = "") -> None:
        decide_in(s, case, DecisionInput(word, opinion, by, day(n), post), entered_by=ACTOR, today=today)

    def post(stage: str, n: int) -> None:
        open_posting_in(s, PostingInput(h.village.name, stage, day(n), day(n + 6), cases=[case.id], kind="relocation"),
                        entered_by=ACTOR, today=today)

    def step(fn, n: int, *args, **kw):
        return fn(s, case, *args, StepInput(day(n), **kw), entered_by=ACTOR, today=today)

    plan = [
        (1, lambda: decide(1, "村委会", "村委会主任")),
        (3, lambda: decide(3, "村民代表会议", "村委会主任")),
        (5, lambda: post("一榜公示", 5)),
        (13, lambda: decide(13, "乡镇审核组", "扶贫工作站站长")),
        (14, lambda: post("二榜公示", 14)),
        (22, lambda: decide(22, "县发改局", "易地搬迁办主任")),
        (23, lambda: post("三榜公示", 23)),
        (31, lambda: step(record_agreement_in, 31, "搬迁协议", person=h.head.name if h.head else "户主")),
        (38, lambda: step(record_move_in_in, 38, person=h.head.name if h.head else "户主", note="钥匙2把")),
        (52, lambda: h.house_structure != NO_HOUSE and step(record_demolition_in, 52, "旧房拆除")),
        (55, lambda: h.house_structure != NO_HOUSE and step(record_demolition_in, 55, "拆除验收", person="乡镇验收组",
                                                             note="旧房已拆除，宅基地复垦")),
        (80, lambda: step(record_follow_up_in, 80, category="就业", note="安排到安置区扶贫车间务工")),
        (95, lambda: decide(95, "乡镇扶贫站", "扶贫工作站站长")),
    ]
    old_house = h.house_structure != NO_HOUSE
    stops = {"申请": 0, "村级评议": 1, "一榜公示中": 3, "乡镇审核": 3, "县级审批": 5, "搬迁入住": 7, "旧房拆除": 9,
             "后续扶持": 12, "归档": 13, "不予通过": 3}
    upto = stops[target]
    for k, (n, fn) in enumerate(plan[:upto]):
        if k == 8 and old_house:           # the demolition agreement before the move
            step(record_agreement_in, 33, "拆旧复垦协议", person=h.head.name if h.head else "户主")
        if k == 9 and not old_house:       # nothing to demolish: 旧房拆除 is passed at once
            decide(52, "乡镇扶贫站", "扶贫工作站站长", opinion="无房户，无旧房拆除")
            continue
        if k == 10 and not old_house:
            continue
        fn()
    if target == "不予通过":
        decide(14, "乡镇审核组", "扶贫工作站站长", "不予通过", "经核查该户另有砖混住房一套，不符合易地扶贫搬迁条件")
