"""The household record follows what renovation cases do (issue 10, RULES.md §3, GLOSSARY 危房 C级/D级):
竣工验收合格 updates the house (+ a HouseChange row with the case as source), one renovation subsidy per
household, payment after acceptance (or within the advance share), no 修缮加固 of a D-grade house, a stale
assessment refused, 无房 households build new and sign no demolition agreement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Household
from db.models.household_records import HouseChange
from pjdesk import settings
from pjdesk.cases.construction import AcceptanceInput, record_acceptance, record_construction
from pjdesk.cases.decisions import DecisionInput, decide
from pjdesk.cases.detail import case_detail
from pjdesk.cases.funds import DisbursementInput, disburse
from pjdesk.cases.renovation import open_renovation
from pjdesk.errors import RuleViolation, ValidationError
from tests.cases.conftest import CASE_TABLES, D, Driver, application, count_rows, make_household
from tests.conftest import TODAY


def house(db, household_no: str) -> tuple:
    with db.reader() as s:
        h = s.scalar(select(Household).where(Household.household_no == household_no))
        return h.house_structure, h.house_area, h.house_built_year, h.danger_grade


def house_changes(db) -> list[HouseChange]:
    with db.reader() as s:
        rows = list(s.scalars(select(HouseChange).order_by(HouseChange.id)))
        s.expunge_all()
        return rows


def set_setting(db, key, value) -> None:
    with db.transaction() as s:
        settings.set_(s, key, value)


def accepted_case(db, hh, **kw) -> tuple[str, Driver]:
    no = open_renovation(db, application(hh, **kw), entered_by="测试", today=TODAY)
    d = Driver(db, no)
    d.to_stage("实施")
    return no, d


# ---------------------------------------------------------------- acceptance updates the house

def test_R3_acceptance_of_a_rebuild_updates_the_house_record_with_a_house_change_row(db):
    hh = make_household(db, structure="土木", grade="D")
    before = house(db, hh)
    no, d = accepted_case(db, hh)
    assert d.accept(built=58.0, structure="砖混") == "资金拨付"
    accepted_on = d.day
    assert house(db, hh) == ("砖混", 58.0, accepted_on.year, "A")
    [row] = house_changes(db)
    assert row.source == f"危房改造 {no} 竣工验收" and row.changed_on == accepted_on
    assert row.case_id == case_detail(db, no, today=TODAY).id and row.recorded_by == "测试"
    assert (row.old_structure, row.old_area, row.old_built_year, row.old_grade) == before
    assert (row.new_structure, row.new_area, row.new_built_year, row.new_grade) == ("砖混", 58.0, accepted_on.year, "A")


def test_R3_acceptance_of_a_repair_keeps_the_structure_and_records_grade_B(db):
    """GLOSSARY 危房 C级: a C-grade house is repaired; it keeps its structure and build year."""
    hh = make_household(db, structure="砖木", grade="C")
    old = house(db, hh)
    no, d = accepted_case(db, hh, build_type="修缮加固", danger_grade="C", main_area=None, homestead_area=None)
    assert case_detail(db, no, today=TODAY).facts["house_type"] == 0      # no 60/35㎡ house type for a repair
    record_construction(db, no, "开工", d.later(), today=TODAY)
    d.decide(by="施工负责人")
    record_acceptance(db, no, AcceptanceInput(d.later(), "验收组", "合格"), entered_by="测试", today=TODAY)
    assert house(db, hh) == (old[0], old[1], old[2], "B")
    [row] = house_changes(db)
    assert (row.old_grade, row.new_grade, row.new_structure) == ("C", "B", old[0])


def test_R3_failed_acceptance_leaves_the_house_alone(db):
    hh = make_household(db)
    before = house(db, hh)
    no, d = accepted_case(db, hh)
    for event in ("拆旧协议", "开工"):
        record_construction(db, no, event, d.later(), today=TODAY)
    d.decide(by="施工负责人")
    assert record_acceptance(db, no, AcceptanceInput(d.later(), "验收组", "不合格", note="圈梁未按设计施工"),
                             today=TODAY) == "实施"
    assert house(db, hh) == before and house_changes(db) == []


def test_R3_acceptance_grade_after_pass_is_A_or_B(db):
    hh = make_household(db)
    no, d = accepted_case(db, hh)
    for event in ("拆旧协议", "开工"):
        record_construction(db, no, event, d.later(), today=TODAY)
    d.decide(by="施工负责人")
    with pytest.raises(ValidationError, match="验收合格后房屋等级须为A级或B级"):
        record_acceptance(db, no, AcceptanceInput(d.later(), "验收组", "合格", 58.0, grade="C"), today=TODAY)
    with pytest.raises(ValidationError, match="实际正房建筑面积“nan”无效"):
        record_acceptance(db, no, AcceptanceInput(d.day, "验收组", "合格", float("nan")), today=TODAY)
    assert house_changes(db) == [] and case_detail(db, no, today=TODAY).stage == "竣工验收"


# ---------------------------------------------------------------- one subsidy per household

def test_R3_2_second_renovation_case_refused_once_the_first_passed_acceptance(db):
    hh = make_household(db)
    no, d = accepted_case(db, hh)
    d.accept()
    rows = count_rows(db, *CASE_TABLES)
    with pytest.raises(RuleViolation) as err:
        open_renovation(db, application(hh, applied_on=D(2026, 11, 1), assessed_on=D(2026, 10, 1)), today=TODAY)
    assert no in err.value.message and "已竣工验收合格" in err.value.message and "每户只享受一次" in err.value.message
    assert count_rows(db, *CASE_TABLES) == rows


def test_R3_2_second_renovation_case_refused_after_the_first_is_archived(db):
    hh = make_household(db)
    no, d = accepted_case(db, hh)
    d.accept()
    for dept in ("住建部门", "扶贫部门"):
        disburse(db, no, DisbursementInput(d.later(), 10000, dept), today=TODAY)
    record_construction(db, no, "拆旧完成", d.later(), today=TODAY)
    d.decide(by="乡镇扶贫站")
    assert case_detail(db, no, today=TODAY).status == "已归档"
    with pytest.raises(RuleViolation, match=f"已有危房改造案件{no}（已归档"):
        open_renovation(db, application(hh, applied_on=D(2026, 11, 1), assessed_on=D(2026, 10, 1)), today=TODAY)


def test_R3_2_a_rejected_case_does_not_count_as_the_subsidy(db):
    hh = make_household(db)
    first = open_renovation(db, application(hh), today=TODAY)
    decide(db, first, DecisionInput("不予通过", "材料不全，户主放弃申请", "村委会", D(2026, 3, 5)), today=TODAY)
    second = open_renovation(db, application(hh, applied_on=D(2026, 4, 1)), today=TODAY)
    assert second != first


def test_R3_2_an_open_case_still_refuses_a_second_one(db):
    hh = make_household(db)
    first = open_renovation(db, application(hh), today=TODAY)
    with pytest.raises(RuleViolation, match=f"已有办理中的危房改造案件{first}"):
        open_renovation(db, application(hh, applied_on=D(2026, 4, 1)), today=TODAY)


# ---------------------------------------------------------------- payment after acceptance

def test_R3_7_payment_before_acceptance_is_refused(db):
    hh = make_household(db)
    no, d = accepted_case(db, hh)
    rows = count_rows(db, "disbursement")
    with pytest.raises(ValidationError) as err:
        disburse(db, no, DisbursementInput(d.later(), 10000, "住建部门"), today=TODAY)
    assert err.value.field == "paid_on"
    assert err.value.message == f"案件{no}尚未竣工验收合格；补助须竣工验收合格后拨付（未设置验收前预拨比例）"
    assert count_rows(db, "disbursement") == rows
    d.accept()
    assert disburse(db, no, DisbursementInput(d.later(), 10000, "住建部门"), today=TODAY)


def test_R3_7_advance_allowed_up_to_the_share_set(db):
    set_setting(db, "renovation_advance_share", 30)          # 30% of 20000 = 6000 before acceptance
    hh = make_household(db)
    no, d = accepted_case(db, hh)
    disburse(db, no, DisbursementInput(d.later(), 4000, "住建部门"), today=TODAY)
    with pytest.raises(ValidationError) as err:
        disburse(db, no, DisbursementInput(d.later(), 2001, "扶贫部门"), today=TODAY)
    assert err.value.field == "amount"
    assert ("预拨不得超过核定补助20000元的30%即6000元，验收前已拨付4000元，本次2001元，合计6001元，最多还能预拨2000元"
            in err.value.message)
    disburse(db, no, DisbursementInput(d.day, 2000, "扶贫部门"), today=TODAY)
    d.accept()
    disburse(db, no, DisbursementInput(d.later(), 6000, "住建部门"), today=TODAY)
    disburse(db, no, DisbursementInput(d.later(), 8000, "扶贫部门"), today=TODAY)
    assert case_detail(db, no, today=TODAY).outstanding == 0


# ---------------------------------------------------------------- D grade, stale assessment, 无房

def test_R3_D_grade_house_cannot_be_repaired(db):
    hh = make_household(db, grade="D")
    with pytest.raises(ValidationError) as err:
        open_renovation(db, application(hh, build_type="修缮加固", danger_grade="D"), today=TODAY)
    assert err.value.field == "build_type" and "D级危房（整体危险），须拆除重建，不能修缮加固" in err.value.message
    assert count_rows(db, "case_file")["case_file"] == 0


def test_R3_1_assessment_older_than_the_setting_is_refused(db):
    hh = make_household(db)
    stale = application(hh, applied_on=D(2026, 3, 2), assessed_on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as err:
        open_renovation(db, stale, today=TODAY)
    assert err.value.field == "assessed_on"
    assert err.value.message.startswith("危房鉴定日期2025-03-01距申请日期2026-03-02已超过12个月")
    assert open_renovation(db, application(hh, applied_on=D(2026, 3, 2), assessed_on=D(2025, 3, 2)), today=TODAY)


def test_R3_1_assessment_age_follows_the_setting(db):
    set_setting(db, "assessment_max_age_months", 24)
    hh = make_household(db)
    assert open_renovation(db, application(hh, applied_on=D(2026, 3, 2), assessed_on=D(2024, 6, 1)), today=TODAY)


@pytest.mark.parametrize("build_type", ["原地重建", "修缮加固"])
def test_R3_1_houseless_household_cannot_rebuild_or_repair(db, build_type):
    hh = make_household(db, structure="无房", grade="")
    with pytest.raises(ValidationError) as err:
        open_renovation(db, application(hh, build_type=build_type, danger_grade="", assessment_agency="",
                                        assessed_on=None), today=TODAY)
    assert err.value.field == "build_type" and "无房户" in err.value.message and "只能为新建" in err.value.message


def test_R3_1_scattered_new_build_is_for_houseless_households_only(db):
    hh = make_household(db, grade="D")
    with pytest.raises(ValidationError, match="分散新建只适用于无房户"):
        open_renovation(db, application(hh, build_type="分散新建"), today=TODAY)


def test_R3_1_houseless_household_builds_new_with_no_assessment_and_no_demolition(db):
    hh = make_household(db, structure="无房", grade="")
    no = open_renovation(db, application(hh, build_type="分散新建", danger_grade="", assessment_agency="",
                                         assessed_on=None), today=TODAY)
    d = Driver(db, no)
    d.to_stage("实施")
    assert case_detail(db, no, today=TODAY).facts["demolition_required"] is False
    with pytest.raises(RuleViolation, match="该户为无房户，没有旧房可拆，无需录入“拆旧协议”"):
        record_construction(db, no, "拆旧协议", d.later(), today=TODAY)
    d.accept(demolish=False, built=60.0)
    assert house(db, hh) == ("砖混", 60.0, d.day.year, "A")
    for dept in ("住建部门", "扶贫部门"):
        disburse(db, no, DisbursementInput(d.later(), 10000, dept), today=TODAY)
    assert "拆旧完成" not in [a.key for a in case_detail(db, no, today=TODAY).actions]
    d.decide(by="乡镇扶贫站")                                   # archived without a demolition record
    assert case_detail(db, no, today=TODAY).status == "已归档"


def test_R3_houseless_concentrated_new_build_needs_no_demolition_agreement(db):
    hh = make_household(db, size=4, structure="无房", grade="")
    no = open_renovation(db, application(hh, mode="集中安置", build_type="集中新建", cluster_site="大山村集居点",
                                         cluster_site_households=20, danger_grade="", assessment_agency="",
                                         assessed_on=None), today=TODAY)
    d = Driver(db, no)
    d.to_stage("实施")
    d.accept(demolish=False, built=60.0)
    assert house(db, hh)[3] == "A"


# ---------------------------------------------------------------- the whole story

def test_R3_whole_story_apply_to_archive_leaves_the_household_in_a_safe_house(db):
    """申请 → three reviews and postings → 拆旧协议 → 开工 → 施工检查 → 竣工 → 竣工验收合格 → 拨付 → 拆旧完成 → 归档:
    the house is the new one (grade A), one HouseChange row names the case, and no second subsidy."""
    hh = make_household(db, structure="土坯", grade="D")
    no, d = accepted_case(db, hh)
    record_construction(db, no, "拆旧协议", d.later(), today=TODAY)
    record_construction(db, no, "开工", d.later(), today=TODAY)
    record_construction(db, no, "施工检查", d.later(20), person="县住建局质监站", today=TODAY)
    d.decide(by="施工负责人")
    record_acceptance(db, no, AcceptanceInput(d.later(), "县住建局、乡镇规划办", "合格", 59.5, 8.0, structure="砖混"),
                      entered_by="测试", today=TODAY)
    disburse(db, no, DisbursementInput(d.later(), 10000, "住建部门"), today=TODAY)
    disburse(db, no, DisbursementInput(d.later(), 10000, "扶贫部门"), today=TODAY)
    record_construction(db, no, "拆旧完成", d.later(), today=TODAY)
    assert d.decide(by="乡镇扶贫站") == "归档"
    detail = case_detail(db, no, today=TODAY)
    assert (detail.status, detail.paid) == ("已归档", 20000)
    structure, area, year, grade = house(db, hh)
    assert (structure, area, grade) == ("砖混", 59.5, "A") and grade in ("A", "B")
    assert [r.source for r in house_changes(db)] == [f"危房改造 {no} 竣工验收"]
    with pytest.raises(RuleViolation, match=no):
        open_renovation(db, application(hh, applied_on=D(2026, 11, 1), assessed_on=D(2026, 10, 1)), today=TODAY)


# ---------------------------------------------------------------- the dialogs (click 确定, read the message)

def _click_ok(qtbot, dlg) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _new_case_dialog(ctx, qtbot, hh):
    from PySide6.QtCore import Qt

    from ui.cases.new_case_dialog import NewCaseDialog

    dlg = NewCaseDialog(ctx, household_no=hh, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    dlg.household.setFocus()
    qtbot.waitUntil(dlg.household.hasFocus)
    qtbot.keyClick(dlg.household, Qt.Key.Key_Tab)            # leaving the field looks the household up
    return dlg


def _choices(box) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def test_R3_1_new_case_dialog_offers_only_new_builds_to_a_houseless_household(ctx, qtbot):
    hh = make_household(ctx.db, structure="无房", grade="")
    dlg = _new_case_dialog(ctx, qtbot, hh)
    assert _choices(dlg.build_type) == ["分散新建"]
    assert not dlg.grade.isVisible() and not dlg.assessed_on.isVisible()     # no house: nothing assessed
    dlg.mode.setCurrentText("集中安置")
    assert _choices(dlg.build_type) == ["集中新建"]


def test_R3_new_case_dialog_offers_no_repair_for_a_D_house_and_hides_the_house_type_for_a_repair(ctx, qtbot):
    hh = make_household(ctx.db, grade="D")
    dlg = _new_case_dialog(ctx, qtbot, hh)
    assert _choices(dlg.build_type) == ["原地重建"] and dlg.main.isVisible()
    dlg.grade.setCurrentText("C")                            # the assessment says C: repair in part is possible
    assert _choices(dlg.build_type) == ["原地重建", "修缮加固"]
    dlg.build_type.setCurrentText("修缮加固")
    assert not dlg.main.isVisible() and not dlg.homestead.isVisible()
    assert dlg.application().main_area is None


def test_R3_1_new_case_dialog_shows_a_stale_assessment_beside_its_field(ctx, qtbot):
    from PySide6.QtCore import QDate

    hh = make_household(ctx.db)
    dlg = _new_case_dialog(ctx, qtbot, hh)
    for w in dlg.answers.values():
        w.set_value(False, "经入户核查，无此情形")
    dlg.applied_on.setDate(QDate(2026, 11, 2))
    dlg.assessed_on.setDate(QDate(2025, 10, 1))
    _click_ok(qtbot, dlg)
    assert dlg.isVisible() and "已超过12个月，鉴定已过期" in dlg.form.errors["assessed_on"].text()
    assert count_rows(ctx.db, "case_file")["case_file"] == 0
    dlg.assessed_on.setDate(QDate(2026, 10, 1))
    _click_ok(qtbot, dlg)
    assert not dlg.isVisible() and dlg.result_value


def test_R3_2_new_case_dialog_names_the_earlier_case_beside_the_household(ctx, qtbot):
    hh = make_household(ctx.db)
    no, d = accepted_case(ctx.db, hh)
    d.accept()
    dlg = _new_case_dialog(ctx, qtbot, hh)
    assert no in dlg.info.text()                             # the summary already says why
    _click_ok(qtbot, dlg)
    assert dlg.isVisible() and f"已有危房改造案件{no}（已竣工验收合格" in dlg.form.errors["household_no"].text()


def test_R3_7_payment_dialog_refuses_before_acceptance_and_acceptance_dialog_updates_the_house(ctx, qtbot):
    from PySide6.QtCore import QDate

    from ui.cases.action_dialogs import AcceptanceDialog, DisbursementDialog

    hh = make_household(ctx.db, structure="土木", grade="D")
    no, d = accepted_case(ctx.db, hh)
    pay = DisbursementDialog(ctx, case_detail(ctx.db, no, today=TODAY), today=TODAY)
    qtbot.addWidget(pay)
    pay.show()
    _click_ok(qtbot, pay)
    assert pay.isVisible() and "尚未竣工验收合格；补助须竣工验收合格后拨付" in pay.form.errors["paid_on"].text()
    assert count_rows(ctx.db, "disbursement")["disbursement"] == 0
    pay.close()
    for event in ("拆旧协议", "开工"):
        record_construction(ctx.db, no, event, d.later(), today=TODAY)
    d.decide(by="施工负责人")
    dlg = AcceptanceDialog(ctx, case_detail(ctx.db, no, today=TODAY), today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.inspectors, "Xian")
    dlg.on.setDate(QDate(2026, 6, 1))
    dlg.main.setValue(57)
    dlg.structure.setCurrentText("砖木")
    assert dlg.grade.currentText() == "A"
    _click_ok(qtbot, dlg)
    assert not dlg.isVisible()
    assert house(ctx.db, hh) == ("砖木", 57.0, 2026, "A")
    pay = DisbursementDialog(ctx, case_detail(ctx.db, no, today=TODAY), today=TODAY)
    qtbot.addWidget(pay)
    pay.show()
    assert pay.form.errors["paid_on"].isHidden()
    _click_ok(qtbot, pay)
    assert not pay.isVisible() and count_rows(ctx.db, "disbursement")["disbursement"] == 1


# ---------------------------------------------------------------- the command line

def _run(db, capsys, *args):
    from pjdesk.cli.main import main

    capsys.readouterr()
    code = main(["--db", str(db.path), "cases", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_R3_cli_refuses_with_exit_2_and_the_same_message(db, tmp_path, capsys):
    from tests.cases.test_cli import answers_file

    hh = make_household(db)
    no, d = accepted_case(db, hh)
    code, out, err = _run(db, capsys, "pay", no, "--date", d.later().isoformat(), "--amount", "10000",
                          "--department", "住建部门")
    assert code == 2 and f"案件{no}尚未竣工验收合格；补助须竣工验收合格后拨付" in err
    for event in ("拆旧协议", "开工"):
        record_construction(db, no, event, d.later(), today=TODAY)
    d.decide(by="施工负责人")
    code, out, err = _run(db, capsys, "accept", no, "--date", d.later().isoformat(), "--inspectors", "验收组",
                          "--result", "合格", "--main-area", "59", "--structure", "砖混")
    assert code == 0, err
    assert house(db, hh)[0::3] == ("砖混", "A")
    code, out, err = _run(db, capsys, "new", "renovation", "--household", hh, "--answers", answers_file(tmp_path),
                          "--date", "2026-11-02", "--assessed-on", "2026-10-01")
    assert code == 2 and f"已有危房改造案件{no}（已竣工验收合格" in err
    other = make_household(db, grade="D")
    code, out, err = _run(db, capsys, "new", "renovation", "--household", other, "--answers",
                          answers_file(tmp_path), "--date", "2026-11-02", "--build-type", "修缮加固")
    assert code == 2 and "D级危房（整体危险），须拆除重建，不能修缮加固" in err
    houseless = make_household(db, structure="无房", grade="")
    code, out, err = _run(db, capsys, "new", "renovation", "--household", houseless, "--answers",
                          answers_file(tmp_path), "--date", "2026-11-02")
    assert code == 0 and "分散新建" in out, err


def test_R3_1_new_case_from_the_household_tab_knows_the_house_at_once(ctx, qtbot):
    """Opened with 新建危房改造申请… on the household's 危改/搬迁 tab, the dialog looks the household up
    before the clerk touches it: a 无房 household is offered new builds only (a lookup that waited for
    the 户编号 field to lose focus offered 原地重建 here)."""
    from PySide6.QtWidgets import QPushButton

    from tests.gui import when_modal
    from ui.cases.household_cases import HouseholdCasesWidget

    hh = make_household(ctx.db, structure="无房", grade="")
    tab = HouseholdCasesWidget(ctx, hh, today=TODAY)
    qtbot.addWidget(tab)
    seen = {}

    def look(dlg):
        seen["choices"] = _choices(dlg.build_type)
        seen["grade_shown"] = dlg.grade.isVisible()
        dlg.cancel.click()

    watch = when_modal(look)
    tab.findChild(QPushButton, "new_case").click()
    assert not watch.timed_out
    assert seen == {"choices": ["分散新建"], "grade_shown": False}
