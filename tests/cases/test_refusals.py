"""Each refusal of the review mechanism, with its Chinese reason, and nothing written when refused:
skipped stage, short posting (R5.5), review inside the posting (R5.5), future and out-of-order dates,
unresolved objection (R5.4), second open case, disbursement beyond the approved subsidy (R3.7)."""

import datetime as dt

import pytest
from sqlalchemy import delete

from db.models.cases import Case, SubsidyRate
from pjdesk import settings
from pjdesk.cases.construction import record_acceptance, record_construction
from pjdesk.cases.decisions import decide
from pjdesk.cases.detail import case_detail
from pjdesk.cases.funds import disburse
from pjdesk.cases.objections import record_objection, verify_objection
from pjdesk.cases.postings import batches, open_posting
from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.construction import AcceptanceInput
from pjdesk.cases.decisions import DecisionInput
from pjdesk.cases.funds import DisbursementInput
from pjdesk.cases.objections import ObjectionInput, VerificationInput
from pjdesk.cases.postings import PostingInput
from pjdesk.errors import RuleViolation, ValidationError
from tests.cases.conftest import CASE_TABLES, D, Driver, application, count_rows, make_household
from tests.conftest import TODAY


def test_a_stage_cannot_be_skipped(db, case_no):
    d = Driver(db, case_no)
    with pytest.raises(RuleViolation, match="当前在“申请”阶段，不能作出“县级审批”的决定"):
        decide(db, case_no, DecisionInput("通过", "同意", "县住建局", D(2026, 3, 5), stage="县级审批"),
                     today=TODAY)
    d.to_stage("一榜公示")
    # 村级评议 passed: the next review may not come before the village posting has been held
    with pytest.raises(RuleViolation, match="尚未进行“一榜公示”，不能跳过公示"):
        d.decide(by="乡镇审核组")


def test_posting_shorter_than_seven_days_is_refused_R5_5(db, case_no):
    Driver(db, case_no).to_stage("一榜公示")
    with pytest.raises(ValidationError) as err:
        open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 10), D(2026, 3, 14)), today=TODAY)
    assert err.value.field == "end_on"
    assert err.value.message == "公示期不足7天（2026-03-10至2026-03-14，共5天），最短7天"
    open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 10), D(2026, 3, 16)), today=TODAY)  # 7 days


def test_minimum_posting_days_follow_the_setting_R5_5(db, case_no):
    Driver(db, case_no).to_stage("一榜公示")
    with db.transaction() as s:
        settings.set_(s, "posting_min_days", 10)
    with pytest.raises(ValidationError, match="共7天），最短10天"):
        open_posting(db, PostingInput("大山村", "一榜公示", D(2026, 3, 10), D(2026, 3, 16)), today=TODAY)


def test_review_dated_inside_the_posting_is_refused_R5_5(db, case_no):
    d = Driver(db, case_no)
    d.to_stage("乡镇审核")
    end = d.day                                 # the posting's last day
    with pytest.raises(ValidationError) as err:
        decide(db, case_no, DecisionInput("通过", "同意", "乡镇审核组", end), today=TODAY)
    assert err.value.field == "decided_on"
    assert f"在“一榜公示”公示期内（{end - dt.timedelta(days=6)}至{end}）" in err.value.message
    assert decide(db, case_no, DecisionInput("通过", "同意", "乡镇审核组", end + dt.timedelta(days=1)),
                        today=TODAY) == "二榜公示"


def test_future_dates_are_refused(db, hh, case_no):
    with pytest.raises(ValidationError, match="晚于今天（2026-11-28），不能填写将来的日期"):
        decide(db, case_no, DecisionInput("通过", "同意", "村委会", D(2026, 11, 29)), today=TODAY)
    other = make_household(db)
    with pytest.raises(ValidationError, match="申请日期2026-12-01晚于今天"):
        open_renovation(db, application(other, applied_on=D(2026, 12, 1)), today=TODAY)


def test_a_decision_cannot_predate_the_previous_one(db, case_no):
    d = Driver(db, case_no)
    d.decide(by="村委会")                       # 2026-03-05
    with pytest.raises(ValidationError, match="决定日期2026-03-04早于上一次审核决定（2026-03-05）"):
        decide(db, case_no, DecisionInput("通过", "同意", "村民代表会议", D(2026, 3, 4)), today=TODAY)


def test_posting_cannot_start_before_the_review_that_led_to_it(db, case_no):
    d = Driver(db, case_no)
    d.to_stage("一榜公示")
    with pytest.raises(ValidationError, match="早于案件危改-2026-0001的上一次审核决定"):
        open_posting(db, PostingInput("大山村", "一榜公示", d.day - dt.timedelta(days=1),
                                            d.day + dt.timedelta(days=7)), today=TODAY)


def test_unresolved_objection_holds_the_case_R5_4(db, case_no):
    d = Driver(db, case_no)
    d.to_stage("一榜公示")
    bid = d.post("一榜公示")
    start = d.day - dt.timedelta(days=6)
    with pytest.raises(ValidationError, match="不在“一榜公示”公示期内"):
        record_objection(db, case_no, ObjectionInput("王某", d.day + dt.timedelta(days=1), "…"), today=TODAY)
    oid = record_objection(db, case_no, ObjectionInput("同组村民王某", start + dt.timedelta(days=2),
                                                             "该户儿子在县城有住房"), today=TODAY)
    assert case_detail(db, case_no, today=TODAY).stage_note == "异议待核实（1条）"
    with pytest.raises(RuleViolation, match="有1条异议尚未核实，须先录入核实结果：同组村民王某"):
        d.decide(by="乡镇审核组", days=5)
    assert verify_objection(db, oid, VerificationInput("不属实", "乡镇核查组", d.day, "儿子租房居住，无房产"),
                                  today=TODAY) == "办理中"
    with pytest.raises(RuleViolation, match="核实结果不能更改"):
        verify_objection(db, oid, VerificationInput("属实", "乡镇核查组", d.day, "改"), today=TODAY)
    assert d.decide(by="乡镇审核组") == "二榜公示"
    settled = case_detail(db, case_no, today=TODAY).decisions[-2]
    assert settled.decision == "公示期满" and "1条异议经核实不属实" in settled.opinion
    assert batches(db, batch_id=bid)[0].cases[0].objections == 1


def test_confirmed_objection_ends_the_case_as_not_eligible_R5_4(db, case_no):
    d = Driver(db, case_no)
    d.to_stage("二榜公示")
    d.post("二榜公示")
    oid = record_objection(db, case_no, ObjectionInput("匿名", d.day, "该户在集镇另有住房"), today=TODAY)
    assert verify_objection(db, oid, VerificationInput("confirmed", "乡镇核查组", d.later(2),
                                                             "不动产登记查询属实"), today=TODAY) == "不予通过"
    detail = case_detail(db, case_no, today=TODAY)
    assert detail.status == "不予通过" and detail.stage == "二榜公示"
    assert "异议经核实属实" in detail.decisions[-1].opinion and "不动产登记查询属实" in detail.decisions[-1].opinion
    with pytest.raises(RuleViolation, match="已办结"):
        record_objection(db, case_no, ObjectionInput("匿名", d.day, "x"), today=TODAY)


def test_second_open_renovation_case_is_refused(db, hh, case_no):
    before = count_rows(db, *CASE_TABLES)
    with pytest.raises(RuleViolation, match=f"已有办理中的危房改造案件{case_no}.*同一户不能同时有两件办理中的危房改造案件"):
        open_renovation(db, application(hh, applied_on=D(2026, 4, 1)), today=TODAY)
    assert count_rows(db, *CASE_TABLES) == before


def test_open_relocation_case_blocks_a_renovation_case(db):
    hh = make_household(db)
    with db.transaction() as s:
        from pjdesk.registry.queries import get_household
        h = get_household(s, hh)
        s.add(Case(case_no="搬迁-2026-0001", kind="relocation", household_id=h.id, village_id=h.village_id,
                   stage="乡镇审核", status="办理中", step=3, applied_on=D(2026, 2, 1), household_size=3))
    with pytest.raises(RuleViolation, match="已有办理中的易地搬迁案件搬迁-2026-0001.*不能同时办理危房改造和易地搬迁"):
        open_renovation(db, application(hh), today=TODAY)


def test_disbursement_beyond_the_approved_subsidy_is_refused_R3_7(db, case_no):
    d = Driver(db, case_no)
    with pytest.raises(RuleViolation, match="审批结果公示期满后才能拨付"):
        disburse(db, case_no, DisbursementInput(D(2026, 3, 10), 1000, "住建部门"), today=TODAY)
    d.to_stage("实施")
    d.accept()
    disburse(db, case_no, DisbursementInput(d.later(), 10000, "住建部门"), today=TODAY)
    disburse(db, case_no, DisbursementInput(d.later(), 5000, "扶贫部门"), today=TODAY)
    with pytest.raises(RuleViolation) as err:
        disburse(db, case_no, DisbursementInput(d.later(), 6000, "扶贫部门"), today=TODAY)
    assert err.value.message == ("拨付金额超过核定补助：核定20000元，已拨付15000元，本次6000元，合计21000元，"
                                 "最多还能拨付5000元")
    disburse(db, case_no, DisbursementInput(d.later(), 5000, "扶贫部门"), today=TODAY)
    detail = case_detail(db, case_no, today=TODAY)
    assert (detail.paid, detail.outstanding) == (20000, 0)
    assert "disburse" not in [a.key for a in detail.actions]


def test_each_department_pays_no_more_than_its_approved_line_R3_7(db, case_no):
    """分散 is approved as 1万 住建部门 + 1万 扶贫部门: 住建部门 cannot pay the whole 2万."""
    d = Driver(db, case_no)
    d.to_stage("实施")
    d.accept()
    before = count_rows(db, "disbursement")["disbursement"]
    with pytest.raises(RuleViolation) as err:
        disburse(db, case_no, DisbursementInput(d.later(), 20000, "住建部门"), today=TODAY)
    assert err.value.message == ("住建部门拨付超过核定：住建部门核定10000元，已拨付0元，本次20000元，合计20000元，"
                                 "最多还能拨付10000元（核定分担：住建部门10000元、扶贫部门10000元）")
    disburse(db, case_no, DisbursementInput(d.later(), 6000, "住建部门"), today=TODAY)
    with pytest.raises(RuleViolation) as err:
        disburse(db, case_no, DisbursementInput(d.later(), 5000, "住建部门"), today=TODAY)
    assert "住建部门核定10000元，已拨付6000元，本次5000元，合计11000元，最多还能拨付4000元" in err.value.message
    with pytest.raises(RuleViolation) as err:                       # a department with no approved line
        disburse(db, case_no, DisbursementInput(d.later(), 1000, "民政部门"), today=TODAY)
    assert err.value.message.startswith("核定补助中没有民政部门承担的资金（核定：住建部门10000元、扶贫部门10000元）")
    assert "已拨付0元，本次1000元" in err.value.message
    assert count_rows(db, "disbursement")["disbursement"] == before + 1
    disburse(db, case_no, DisbursementInput(d.later(), 4000, "住建部门"), today=TODAY)
    disburse(db, case_no, DisbursementInput(d.later(), 10000, "扶贫部门"), today=TODAY)
    detail = case_detail(db, case_no, today=TODAY)
    assert (detail.paid, detail.outstanding) == (20000, 0)


def test_a_line_without_a_department_may_be_paid_by_any_department(db):
    """集中安置's 建房补助 line names no department (R3.7): any department may pay it, up to the total."""
    hh = make_household(db, size=4)
    no = open_renovation(db, application(hh, mode="集中安置", build_type="集中新建", cluster_site="大山村集居点",
                                               cluster_site_households=33), today=TODAY)
    d = Driver(db, no)
    d.to_stage("实施")
    d.accept()
    disburse(db, no, DisbursementInput(d.later(), 25000, "住建部门"), today=TODAY)
    disburse(db, no, DisbursementInput(d.later(), 15000, "扶贫部门"), today=TODAY)
    assert case_detail(db, no, today=TODAY).outstanding == 0


def test_archive_is_refused_while_money_is_outstanding(db, case_no):
    d = Driver(db, case_no)
    d.to_stage("实施")
    for event in ("拆旧协议", "开工"):
        record_construction(db, case_no, event, d.later(), today=TODAY)
    d.decide(by="施工负责人")
    record_acceptance(db, case_no, AcceptanceInput(d.later(), "验收组", "合格", 58, None), today=TODAY)
    disburse(db, case_no, DisbursementInput(d.later(), 10000, "住建部门"), today=TODAY)
    disburse(db, case_no, DisbursementInput(d.later(), 2000, "扶贫部门"), today=TODAY)
    with pytest.raises(RuleViolation, match="未拨付8000元），不能归档"):
        d.decide(by="乡镇扶贫站")
    disburse(db, case_no, DisbursementInput(d.later(), 8000, "扶贫部门"), today=TODAY)
    with pytest.raises(RuleViolation, match="尚未录入拆旧完成日期"):
        d.decide(by="乡镇扶贫站")


def test_construction_order_is_enforced(db, case_no):
    d = Driver(db, case_no)
    d.to_stage("县级审批")
    d.decide(by="县住建局", days=2)
    d.post("三榜公示")
    with pytest.raises(RuleViolation, match="须在“实施”阶段录入"):
        record_construction(db, case_no, "开工", d.day, today=TODAY)   # last day of the result posting
    with pytest.raises(RuleViolation, match="须先签订拆旧协议"):
        record_construction(db, case_no, "开工", d.later(), today=TODAY)
    with pytest.raises(RuleViolation, match="尚未录入开工日期，不能登记竣工"):
        d.decide(by="施工负责人")


def test_acceptance_refuses_a_house_larger_than_its_type_R3_5(db, case_no):
    d = Driver(db, case_no)
    d.to_stage("实施")
    for event in ("拆旧协议", "开工"):
        record_construction(db, case_no, event, d.later(), today=TODAY)
    d.decide(by="施工负责人")
    with pytest.raises(ValidationError, match="实际正房建筑面积72㎡超过60㎡户型标准"):
        record_acceptance(db, case_no, AcceptanceInput(d.later(), "验收组", "合格", 72, 10), today=TODAY)
    assert record_acceptance(db, case_no, AcceptanceInput(d.later(), "验收组", "不合格", None, None,
                                                                "超面积，按图整改"), today=TODAY) == "实施"


def test_a_refused_action_writes_nothing_even_after_partial_work(db, case_no):
    """Approval settles the finished posting (one row) and then fails on the missing rate: the whole
    transaction is rolled back, the settled row included."""
    d = Driver(db, case_no)
    d.to_stage("县级审批")
    with db.transaction() as s:
        s.execute(delete(SubsidyRate))
    before = count_rows(db, *CASE_TABLES)
    with pytest.raises(RuleViolation, match="没有适用于“分散、60㎡户型”的补助标准"):
        d.decide(by="县住建局")
    assert count_rows(db, *CASE_TABLES) == before
    assert case_detail(db, case_no, today=TODAY).stage == "县级审批"
