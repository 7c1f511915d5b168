"""The whole life of a 危房改造 case on the shared review mechanism (RULES.md R3.2 三级审核、三榜公示,
R5.1, R5.5), and 退回 / 不予通过."""

import datetime as dt

import pytest

from pjdesk.cases.construction import record_acceptance, record_construction

from pjdesk.cases.detail import case_detail

from pjdesk.cases.funds import disburse

from pjdesk.cases.postings import batches

from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.construction import AcceptanceInput
from pjdesk.cases.funds import DisbursementInput
from pjdesk.errors import RuleViolation, ValidationError
from tests.cases.conftest import D, Driver, application, make_household
from tests.conftest import TODAY

STAGES = ["申请", "村级评议", "一榜公示", "乡镇审核", "二榜公示", "县级审批", "三榜公示", "实施", "竣工验收",
          "资金拨付", "归档"]


def stage(db, case_no, today=TODAY):
    return case_detail(db, case_no, today=today).stage


def test_whole_life_from_application_to_archive_R3_2_R5_1(db, case_no):
    d = Driver(db, case_no)
    seen = [stage(db, case_no)]
    assert d.decide(by="村委会", opinion="材料齐全，受理") == "村级评议"
    seen.append(stage(db, case_no))
    d.decide(by="村民代表会议")
    seen.append(stage(db, case_no))
    d.post("一榜公示")                       # 7 days, on the village board
    assert stage(db, case_no, today=d.day) == "一榜公示"                              # last day: still posted
    seen.append(stage(db, case_no, today=d.day + dt.timedelta(days=1)))               # next day: 乡镇审核
    d.decide(by="乡镇审核组", days=2)
    seen.append(stage(db, case_no))
    d.post("二榜公示")
    seen.append(stage(db, case_no))
    d.decide(by="县住建局", days=2)          # approval: the subsidy is fixed now
    seen.append(stage(db, case_no))
    d.post("三榜公示")
    seen.append(stage(db, case_no))
    for event in ("拆旧协议", "拆旧完成", "开工", "施工检查"):
        record_construction(db, case_no, event, d.later(2), person="县住建局质监站", today=TODAY)
    d.decide(opinion="主体完工", by="施工负责人")
    seen.append(stage(db, case_no))
    record_acceptance(db, case_no, AcceptanceInput(d.later(5), "县住建局、乡镇、村", "合格", 60, 10), today=TODAY)
    seen.append(stage(db, case_no))
    disburse(db, case_no, DisbursementInput(d.later(3), 10000, "住建部门", "V1"), today=TODAY)
    disburse(db, case_no, DisbursementInput(d.later(3), 10000, "扶贫部门", "V2"), today=TODAY)
    d.decide(by="乡镇扶贫站")
    seen.append(stage(db, case_no))
    assert seen == STAGES

    detail = case_detail(db, case_no, today=TODAY)
    assert detail.status == "已归档" and detail.closed_on == d.day
    assert (detail.subsidy, detail.paid, detail.outstanding) == (20000, 20000, 0)
    assert [a.key for a in detail.actions] == ["attach"]          # nothing else is valid on an archived case
    dates = [e.date for e in detail.timeline]
    assert dates == sorted(dates)
    titles = [e.title for e in detail.timeline]
    for expected in ("提出申请", "申请：受理", "村级评议：通过", "一榜公示：张贴", "一榜公示：公示期满", "乡镇审核：通过",
                     "二榜公示：公示期满", "县级审批：通过", "核定补助", "三榜公示：公示期满", "开工", "实施：竣工",
                     "竣工验收：验收合格", "拨付10000元", "资金拨付：归档"):
        assert expected in titles, expected
    # every stage move is one history row, in order, and the case never skipped one
    moves = [(x.stage, x.to_stage) for x in detail.decisions]
    assert [m[0] for m in moves] == STAGES[:-1]
    assert all(STAGES.index(b) == STAGES.index(a) + 1 for a, b in moves)


def test_each_stage_offers_only_the_actions_valid_then(db, case_no):
    d = Driver(db, case_no)
    keys = lambda day=TODAY: [a.key for a in case_detail(db, case_no, today=day).actions]  # noqa: E731
    assert keys() == ["decide", "attach"]
    assert case_detail(db, case_no, today=TODAY).action("decide").choices == ("通过", "不予通过")  # no 退回
    d.to_stage("一榜公示")
    assert keys() == ["post", "attach"]
    d.post("一榜公示")
    assert keys(d.day) == ["object", "attach"]
    assert case_detail(db, case_no, today=TODAY).action("decide").choices == ("通过", "退回", "不予通过")


def test_return_sends_the_case_back_one_level_and_it_is_posted_again_R3_2(db, case_no):
    d = Driver(db, case_no)
    d.to_stage("乡镇审核")
    with pytest.raises(ValidationError) as err:
        d.decide("退回", opinion="", by="乡镇审核组")
    assert err.value.field == "opinion" and "理由" in err.value.message
    assert d.decide("退回", opinion="鉴定表缺鉴定人签字，请村级补正后重新评议", by="乡镇审核组") == "村级评议"
    d.decide(by="村民代表会议")
    # the earlier 一榜公示 belongs to the earlier round: a new posting is needed
    with pytest.raises(RuleViolation, match="尚未进行“一榜公示”"):
        d.decide(by="乡镇审核组", days=10)
    d.post("一榜公示")
    assert d.decide(by="乡镇审核组") == "二榜公示"
    detail = case_detail(db, case_no, today=TODAY)
    assert [x.decision for x in detail.decisions].count("退回") == 1
    assert "（退回至村级评议）" in next(e.title for e in detail.timeline if "退回" in e.title)
    assert len([b for b in batches(db) if b.stage == "一榜公示"]) == 2


def test_return_at_the_first_stage_is_refused(db, case_no):
    with pytest.raises(RuleViolation, match="没有上一级"):
        Driver(db, case_no).decide("退回", opinion="材料不全", by="村委会")


def test_reject_closes_the_case_with_a_written_reason_R5_5(db, hh, case_no):
    d = Driver(db, case_no)
    d.to_stage("县级审批")
    with pytest.raises(ValidationError, match="书面说明"):
        d.decide("不予通过", opinion=" ", by="县住建局")
    d.decide("不予通过", opinion="该户已享受过农村危房改造补助，不予重复补助", by="县住建局")
    detail = case_detail(db, case_no, today=TODAY)
    assert (detail.status, detail.stage) == ("不予通过", "县级审批")
    assert detail.decisions[-1].opinion == "该户已享受过农村危房改造补助，不予重复补助"
    with pytest.raises(RuleViolation, match="已办结"):
        d.decide(by="县住建局")
    # a closed case does not block a new application
    assert open_renovation(db, application(hh, applied_on=D(2026, 6, 1)), today=TODAY) == "危改-2026-0002"


def test_case_numbers_run_per_kind_and_year(db):
    a = open_renovation(db, application(make_household(db), applied_on=D(2025, 12, 30),
                                              assessed_on=D(2025, 12, 1)), today=TODAY)
    b = open_renovation(db, application(make_household(db)), today=TODAY)
    c = open_renovation(db, application(make_household(db, village="青石村")), today=TODAY)
    assert (a, b, c) == ("危改-2025-0001", "危改-2026-0001", "危改-2026-0002")


def test_concentrated_case_keeps_cluster_infrastructure_apart_from_household_money_R3_7_R3_8(db):
    hh = make_household(db, size=4)
    no = open_renovation(db, application(hh, mode="集中安置", build_type="集中新建", cluster_site="大山村集居点",
                                               cluster_site_households=33), today=TODAY)
    d = Driver(db, no)
    d.to_stage("实施")
    detail = case_detail(db, no, today=TODAY)
    assert (detail.subsidy, detail.infrastructure) == (40000, 20000)
    with pytest.raises(RuleViolation, match="最多还能拨付40000元"):
        disburse(db, no, DisbursementInput(d.later(), 60000, "扶贫部门"), today=TODAY)
