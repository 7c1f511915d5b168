"""Helpers for case tests: eligible households, a complete application, and a driver that walks a
case through its stages with dates in order (all in 2026, before the suite's TODAY 2026-11-28)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from pjdesk.cases.decisions import decide

from pjdesk.cases.postings import open_posting

from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.decisions import DecisionInput
from pjdesk.cases.postings import PostingInput
from pjdesk.cases.renovation_rules import ExclusionAnswer, RenovationApplication
from pjdesk.cases.renovation_rules import EXCLUSIONS
from pjdesk.registry.households import create_household
from tests.conftest import TODAY, household_input, person

D = dt.date
_seq = itertools.count(1)


def make_household(db, *, village="大山村", size=3, structure="土木", grade="D", bank="6230901000012345") -> str:
    """A 建档立卡 household of ``size`` current members; returns its number."""
    n = next(_seq)
    given = "建国华明伟军春秋冬雪丽娟霞玉凤金银福寿德才文武海涛林森松柏"

    def name(k: int) -> str:
        return "李" + given[(n * 7 + k) % len(given)] + given[(n * 3 + k * 5) % len(given)]

    people = [person(name(0), "户主", D(1960, 1 + n % 12, 1 + n % 28), True, seq=(n * 7) % 500)]
    relations = [("配偶", False), ("子", True), ("女", False), ("孙子", True), ("孙女", False)]
    for i in range(size - 1):
        rel, male = relations[i]
        people.append(person(name(i + 1), rel, D(1962 + i * 8, 1 + n % 12, 1 + (n + i) % 28), male,
                             seq=(n * 7 + i + 1) % 500))
    return create_household(db, household_input(village=village, house_structure=structure, danger_grade=grade,
                                                 bank_name="平江县农村商业银行", bank_account=bank),
                            people, today=D(2026, 1, 2))


def no_exclusions(override: dict[int, ExclusionAnswer] | None = None) -> dict[int, ExclusionAnswer]:
    out = {code: ExclusionAnswer(False, "经入户核查，不存在该情形") for code, _ in EXCLUSIONS}
    out.update(override or {})
    return out


def application(household_no: str, *, size: int = 3, **kw) -> RenovationApplication:
    big = size >= 3
    base = dict(household_no=household_no, applied_on=D(2026, 3, 2), mode="分散", build_type="原地重建",
                main_area=60.0 if big else 35.0, annex_area=10.0, homestead_area=100.0 if big else 55.0,
                danger_grade="D", assessment_agency="平江县住房和城乡建设局", assessed_on=D(2026, 2, 20),
                exclusions=no_exclusions(), note="房屋为D级危房，申请原地重建")
    base.update(kw)
    return RenovationApplication(**base)


class Driver:
    """Walks one case through the stages, each step dated after the previous one."""

    def __init__(self, db, case_no: str, village: str = "大山村", start: dt.date = D(2026, 3, 2)):
        self.db, self.case_no, self.village, self.day = db, case_no, village, start

    def later(self, days: int = 3) -> dt.date:
        self.day += dt.timedelta(days=days)
        return self.day

    def decide(self, decision="通过", opinion="同意", by="张主任", days: int = 3, **kw) -> str:
        return decide(self.db, self.case_no, DecisionInput(decision, opinion, by, self.later(days), **kw),
                            entered_by="测试", today=TODAY)

    def post(self, stage: str, days: int = 7, start_after: int = 1) -> int:
        start = self.later(start_after)
        end = start + dt.timedelta(days=days - 1)
        self.day = end
        return open_posting(self.db, PostingInput(self.village, stage, start, end, cases=[self.case_no]),
                                  entered_by="测试", today=TODAY)

    def to_stage(self, target: str) -> None:
        """Advance with passing decisions and 7-day postings until the case is at ``target``."""
        plan = [("申请", lambda: self.decide(by="村委会")), ("村级评议", lambda: self.decide(by="村民代表会议")),
                ("一榜公示", lambda: self.post("一榜公示")), ("乡镇审核", lambda: self.decide(by="乡镇审核组", days=2)),
                ("二榜公示", lambda: self.post("二榜公示")), ("县级审批", lambda: self.decide(by="县住建局", days=2)),
                ("三榜公示", lambda: self.post("三榜公示"))]
        for stage, step in plan:
            if stage == target:
                return
            step()
        if target == "实施":
            self.later(1)
            return
        raise ValueError(target)

    def accept(self, *, demolish: bool = True, built: float = 58.0, **kw) -> str:
        """From 实施: (拆旧协议), 开工, 竣工, then a 合格 竣工验收 — payments are due after it."""
        from pjdesk.cases.construction import AcceptanceInput, record_acceptance, record_construction

        for event in (("拆旧协议", "开工") if demolish else ("开工",)):
            record_construction(self.db, self.case_no, event, self.later(), today=TODAY)
        self.decide(by="施工负责人")
        return record_acceptance(self.db, self.case_no, AcceptanceInput(self.later(), "验收组", "合格", built, None, **kw),
                                 entered_by="测试", today=TODAY)


@pytest.fixture
def hh(db):
    return make_household(db)


@pytest.fixture
def case_no(db, hh):
    return open_renovation(db, application(hh), entered_by="测试", today=TODAY)


@pytest.fixture(scope="session")
def demo1500_path(tmp_path_factory):
    """A full-size ``pjdesk demo`` database (1,500 households), built once per session."""
    from db import open_database
    from pjdesk.demo import build_demo

    path = tmp_path_factory.mktemp("cases-demo") / "demo.db"
    d = open_database(path)
    build_demo(d)
    d.close()
    return path


@pytest.fixture
def demo1500(demo1500_path, tmp_path):
    import shutil

    from db import open_database

    path = tmp_path / "demo1500.db"
    shutil.copy(demo1500_path, path)
    d = open_database(path)
    yield d
    d.close()


def count_rows(db, *tables) -> dict[str, int]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}


CASE_TABLES = ("case_file", "case_decision", "posting_batch", "posting_member", "objection", "objection_verification",
               "renovation_detail", "renovation_exclusion", "case_subsidy_line", "construction_event",
               "completion_acceptance", "disbursement", "case_attachment", "subsidy_rate")
