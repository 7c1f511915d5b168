"""A township with three 易地扶贫搬迁 cases walked through the real services, built once per session and
copied for each test:

- ``moved`` (大山村, an adobe house, 3 persons at 测试集镇安置区 3栋502, 75㎡): reviewed at all three levels
  on one posting batch with ``houseless``, then agreements, move-in, demolition and its verification,
  two follow-up records, archived;
- ``houseless`` (大山村, 无房, 2 members + 1 同步搬迁 at 测试县城安置区 1栋101, 50㎡): on the same three
  postings, approved, waiting to move in;
- ``other`` (枧源村, applied only), and a renovation case (``renovation``) on the same township.

Every household has a phone, a bank account and ID numbers, so a public printout holding one is caught."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from pypdf import PdfReader

from db import open_database
from tests.conftest import TODAY, log_in_test_admin

D = dt.date
PHONES = {"supervision_phone_village": "0730-6123456", "supervision_phone_township": "0730-6234567",
          "supervision_phone_county": "0730-6345678"}
MOVED, HOUSELESS, OTHER, RENOVATION = "moved", "houseless", "other", "renovation"
OPINIONS = {   # level → (opinion, reviewer, post, decided on)
    "村级评议": ("经村民代表大会评议，同意列为易地扶贫搬迁对象", "李村长", "大山村村委会主任", D(2026, 3, 6)),
    "乡镇审核": ("经入户核查，该户居住偏远、房屋为土坯结构，同意上报", "张站长", "虹桥镇扶贫工作站站长", D(2026, 3, 16)),
    "县级审批": ("同意搬迁至集镇安置区集中安置", "刘主任", "县发改局易地搬迁办主任", D(2026, 3, 26)),
}
POSTINGS = (("一榜公示", D(2026, 3, 7)), ("二榜公示", D(2026, 3, 17)), ("三榜公示", D(2026, 3, 27)))
STEPS = (  # (service, event, date, person, category, note) after the county's approval, for ``moved``
    ("agreement", "搬迁协议", D(2026, 4, 5), "户主本人", "", "签订搬迁协议"),
    ("agreement", "拆旧复垦协议", D(2026, 4, 6), "户主本人", "", "承诺入住后拆除旧房"),
    ("move_in", "搬迁入住", D(2026, 4, 10), "户主本人", "", "钥匙2把已交付"),
    ("demolition", "旧房拆除", D(2026, 5, 10), "", "", "旧房已拆"),
    ("demolition", "拆除验收", D(2026, 5, 15), "乡镇验收组", "", "宅基地已复垦"),
    ("follow_up", "后续扶持", D(2026, 6, 1), "", "就业", "安排到安置区扶贫车间务工"),
    ("follow_up", "后续扶持", D(2026, 6, 3), "", "入学", "子女转入镇中心小学就读"),
)
# ID-, phone- and account-like numbers: no public list may hold one
PRIVATE_NUMBERS = re.compile(r"\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|\d{10,}")


def pdf_text(path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _household(db, name: str, relatives: list[tuple[str, str, bool]], seq: int, **kw) -> str:
    from pjdesk.registry.households import create_household
    from tests.conftest import household_input, person

    people = [person(name, "户主", D(1960, 2, 3 + seq), True, seq * 10)]
    people += [person(n, rel, D(1965 + i * 9, 5, 6), male, seq * 10 + i + 1) for i, (n, rel, male) in
               enumerate(relatives)]
    base = dict(village="大山村", group=3, phone=f"139073{seq:05d}", bank_name="平江县农村商业银行",
                bank_account=f"62309016{seq:011d}", house_structure="土坯", danger_grade="D", house_area=64.0,
                house_built_year=1982)
    base.update(kw)
    return create_household(db, household_input(**base), people, today=D(2026, 1, 5))


def _build(db) -> dict[str, object]:
    from pjdesk import settings
    from pjdesk.cases.decisions import DecisionInput, decide
    from pjdesk.cases.postings import PostingInput, open_posting
    from pjdesk.cases.relocation import open_relocation
    from pjdesk.cases.relocation_rules import RelocationApplication
    from pjdesk.cases.relocation_steps import (
        StepInput, record_agreement, record_demolition, record_follow_up, record_move_in,
    )
    from pjdesk.cases.renovation import open_renovation
    from pjdesk.cases.sites import SiteInput, add_site
    from tests.cases.conftest import application

    with db.transaction() as s:
        for key, value in {**PHONES, "clerk_name": "王文书"}.items():
            settings.set_(s, key, value)
    for code, name, kind in (("T-1", "测试集镇安置区", "集镇"), ("C-1", "测试县城安置区", "中心城区")):
        add_site(db, SiteInput(code=code, name=name, kind=kind, year=2026, planned_households=20,
                               planned_persons=60, township="虹桥镇" if kind == "集镇" else "", place="虹桥镇",
                               house_types="25,50,75,100", status="已交付", delivered_on=D(2026, 1, 10)))
    h_moved = _household(db, "王建国", [("刘秀英", "配偶", False), ("王小明", "子", True)], 1)
    h_houseless = _household(db, "李春梅", [("陈德华", "配偶", True)], 2, group=5, house_structure="无房",
                             danger_grade="", house_area=None, house_built_year=None)
    h_other = _household(db, "赵冬生", [], 3, village="枧源村", group=2)
    h_renovation = _household(db, "钱小红", [("孙大伟", "配偶", True)], 4, house_structure="土木", group=4)

    def apply(no, site, unit, area, **kw):
        return open_relocation(db, RelocationApplication(
            household_no=no, applied_on=D(2026, 3, 2), site=site, unit=unit, area=area, sole_house=kw.pop("sole", True),
            willing_signed_on=D(2026, 2, 25), willing_signer=kw.pop("signer", "户主本人"),
            priority="居住在深山区，一方水土养不活一方人", note="自愿申请易地扶贫搬迁", **kw), entered_by="测试", today=TODAY)

    moved = apply(h_moved, "T-1", "3栋502", 75.0)
    houseless = apply(h_houseless, "C-1", "1栋101", 50.0, sole=None, companions=1, companions_note="同住外甥")
    other = apply(h_other, "T-1", "2栋201", 25.0)
    renovation = open_renovation(db, application(h_renovation, size=2), entered_by="测试", today=TODAY)

    def decide_both(word, opinion, by, on, post=""):
        for case in (moved, houseless):
            decide(db, case, DecisionInput(word, opinion, by, on, post), entered_by="测试", today=TODAY)

    decide_both("通过", "申请材料齐全，予以受理", "李村长", D(2026, 3, 4))
    batches = {}
    for (level, (opinion, by, post, on)), (stage, start) in zip(OPINIONS.items(), POSTINGS):
        decide_both("通过", opinion, by, on, post)
        batches[stage] = open_posting(db, PostingInput("大山村", stage, start, start + dt.timedelta(days=6),
                                                       cases=[moved, houseless], kind="relocation"),
                                      entered_by="测试", today=TODAY)
    services = {"agreement": record_agreement, "move_in": record_move_in, "demolition": record_demolition,
                "follow_up": record_follow_up}
    for service, event, on, person, category, note in STEPS:
        step = StepInput(on, person=person, note=note, category=category)
        args = (moved, step) if service in ("move_in", "follow_up") else (moved, event, step)
        services[service](db, *args, entered_by="测试", today=TODAY)
    decide(db, moved, DecisionInput("通过", "后续扶持措施已落实，归档", "乡镇扶贫站", D(2026, 6, 10)),
           entered_by="测试", today=TODAY)
    return {MOVED: moved, HOUSELESS: houseless, OTHER: other, RENOVATION: renovation,
            "households": (h_moved, h_houseless, h_other), **batches}


@pytest.fixture(scope="session")
def _relocation_template(tmp_path_factory):
    from pjdesk.registry.township import init_township

    path = tmp_path_factory.mktemp("relocation-print") / "reloc.db"
    d = open_database(path)
    log_in_test_admin(d)   # a session fixture runs before the per-test login (tests/conftest.py)
    init_township(d, "虹桥镇")
    refs = _build(d)
    d.close()
    return path, refs


@pytest.fixture
def rdb(_relocation_template, tmp_path):
    """The relocation printing township (a fresh copy)."""
    path = tmp_path / "reloc.db"
    shutil.copy(_relocation_template[0], path)
    d = open_database(path)
    yield d
    d.close()


@pytest.fixture
def refs(_relocation_template) -> dict[str, object]:
    """Case numbers (moved / houseless / other / renovation), household numbers, and the posting batch ids
    by stage (一榜公示 …)."""
    return _relocation_template[1]
