"""Household and member flags (RULES.md R1.7): 低保对象, 特困人员, 残疾 with its grade, 留守儿童, 留守老人,
政策兜底; the household type against its members' flags (低保户, 五保户); a 无房 household carries no house
facts. Service refusals store nothing; the GUI tests click the checkboxes and 保存."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt

from pjdesk.cli.main import main
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.registry import households as svc
from pjdesk.registry.queries import household_detail
from pjdesk.registry.rules import check_household, check_member, check_type_flags
from tests.conftest import TODAY, household_input, person
from tests.gui import type_ime

D = dt.date


def count(db, table: str) -> int:
    conn = sqlite3.connect(db.path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def tick(qtbot, box) -> None:
    """Click a checkbox on its box, where a person clicks."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def fields(errors) -> dict[str, str]:
    return {e.field: e.message for e in errors}


def dibao_household(db, **kw) -> str:
    """A 低保户 of three: the head receives 低保, the wife and the son do not."""
    members = [person("周建国", "户主", D(1968, 3, 4), True, 1, is_dibao=True),
               person("李秀英", "配偶", D(1970, 5, 6), False, 2),
               person("周小军", "子", D(2012, 7, 8), True, 3)]
    return svc.create_household(db, household_input(type="低保户", **kw), members, today=TODAY)


# ---- member flags: pure checks and the service

def test_R1_7_disability_grade_required_when_health_is_disabled_and_refused_otherwise(db):
    m = person("王大明", "户主", D(1960, 1, 2), True, health="残疾")
    assert fields(check_member(m, today=TODAY))["disability_grade"] == "健康状况为残疾时须填写残疾等级"
    m = person("王大明", "户主", D(1960, 1, 2), True, health="健康", disability_grade="二级")
    assert fields(check_member(m, today=TODAY))["disability_grade"] == "健康状况为“健康”时不能填写残疾等级"
    with pytest.raises(ValidationError, match="不能填写残疾等级"):
        svc.create_household(db, household_input(), [m], today=TODAY)
    assert count(db, "household") == 0 and count(db, "member") == 0
    ok = person("王大明", "户主", D(1960, 1, 2), True, health="残疾", disability_grade="一级")
    assert check_member(ok, today=TODAY) == []


def test_R1_7_left_behind_child_only_under_16_on_the_record_date(db):
    child = person("周小军", "子", D(2010, 11, 29), True, 3, is_left_behind_child=True)
    assert check_member(child, today=TODAY) == []                        # 15 on 2026-11-28
    assert fields(check_member(child, today=D(2026, 11, 29)))["is_left_behind_child"] == \
        "留守儿童须未满16周岁（该成员16岁）"
    no = svc.create_household(db, household_input(), [person("周建国", "户主", D(1968, 3, 4), True, 1)],
                              today=TODAY)
    grown = person("周大军", "子", D(1996, 7, 8), True, 4, is_left_behind_child=True)
    with pytest.raises(ValidationError, match="留守儿童须未满16周岁（该成员30岁）"):
        svc.add_member(db, no, grown, today=TODAY)
    assert [m.name for m in household_detail(db, no).members] == ["周建国"]


def test_R1_7_left_behind_elder_only_60_or_older(db):
    young = person("周老汉", "户主", D(1966, 11, 29), True, is_left_behind_elder=True)
    assert fields(check_member(young, today=TODAY))["is_left_behind_elder"] == "留守老人须年满60周岁（该成员59岁）"
    with pytest.raises(ValidationError, match="留守老人须年满60周岁"):
        svc.create_household(db, household_input(), [young], today=TODAY)
    assert count(db, "household") == 0
    assert check_member(person("周老汉", "户主", D(1966, 11, 28), True, is_left_behind_elder=True), today=TODAY) == []


def test_R1_7_flags_are_saved_and_read_back(db):
    members = [person("周建国", "户主", D(1950, 3, 4), True, 1, is_dibao=True, is_tekun=True,
                      is_left_behind_elder=True, health="残疾", disability_grade="二级"),
               person("周小军", "孙子", D(2015, 7, 8), True, 3, is_left_behind_child=True)]
    no = svc.create_household(db, household_input(type="低保户", policy_guarantee=True), members, today=TODAY)
    d = household_detail(db, no)
    assert d.policy_guarantee is True
    head, child = d.members
    assert (head.is_dibao, head.is_tekun, head.is_left_behind_elder, head.is_left_behind_child) == (True, True, True, False)
    assert head.flags == "低保、特困、残疾二级、留守老人"
    assert child.flags == "留守儿童"
    # edited: 特困 off, the grade changes; the household's 政策兜底 off
    edit = person("周建国", "户主", D(1950, 3, 4), True, 1, is_dibao=True, health="残疾", disability_grade="一级")
    svc.update_member(db, head.id, edit, today=TODAY)
    svc.update_household(db, no, household_input(type="低保户"), today=TODAY)
    d = household_detail(db, no)
    assert d.members[0].flags == "低保、残疾一级" and d.policy_guarantee is False


# ---- the household type against the flags

def test_R1_7_dibao_household_without_a_dibao_member_is_refused(db):
    members = [person("周建国", "户主", D(1968, 3, 4), True, 1), person("李秀英", "配偶", D(1970, 5, 6), False, 2)]
    for kind in ("低保户", "低保贫困户"):
        with pytest.raises(ValidationError, match=f"户类型为“{kind}”，至少应有一名家庭成员为低保对象") as exc:
            svc.create_household(db, household_input(type=kind), members, today=TODAY)
        assert exc.value.field == "type"
    assert count(db, "household") == 0 and count(db, "member") == 0


def test_R1_7_wubao_household_is_one_or_two_elderly_without_children(db):
    old = person("吴老汉", "户主", D(1950, 3, 4), True, 1)
    wife = person("陈秀英", "配偶", D(1952, 5, 6), False, 2)
    son = person("吴建国", "子", D(1975, 7, 8), True, 3)
    assert fields(check_type_flags("五保户", [old, son], today=TODAY))["type"] == \
        "五保户应为无子女的老人，户中不能有子女（“吴建国”为子）"
    young = person("吴青年", "户主", D(1980, 3, 4), True, 4)
    assert check_type_flags("五保户", [young], today=TODAY)[0].message == "五保户成员应年满60周岁（“吴青年”46岁）"
    sister = person("吴秀兰", "兄弟姐妹", D(1948, 1, 1), False, 5)
    assert "五保户应为一至两名60岁以上老人，该户有3名成员" in \
        [e.message for e in check_type_flags("五保户", [old, wife, sister], today=TODAY)]
    with pytest.raises(ValidationError, match="户中不能有子女"):
        svc.create_household(db, household_input(type="五保户"), [old, son], today=TODAY)
    assert count(db, "household") == 0
    no = svc.create_household(db, household_input(type="五保户"), [old], today=TODAY)
    # adding a son would break it: refused, nothing stored; the elderly wife may join, a third person not
    with pytest.raises(ValidationError, match="户中不能有子女") as exc:
        svc.add_member(db, no, son, today=TODAY)
    assert exc.value.field == "relation"
    assert household_detail(db, no).size == 1
    svc.add_member(db, no, wife, today=TODAY)
    with pytest.raises(ValidationError, match="该户有3名成员"):
        svc.add_member(db, no, sister, today=TODAY)
    d = household_detail(db, no)
    assert d.type == "五保户" and [m.name for m in d.members] == ["吴老汉", "陈秀英"]
    # 变更户主: the old head may not be recorded as the new head's child (子/女) in a 五保户
    wife_id = next(m.id for m in d.members if m.name == "陈秀英")
    with pytest.raises(ValidationError, match="户中不能有子女") as exc:
        svc.change_head(db, no, wife_id, "子")
    assert exc.value.field == "relation"
    assert household_detail(db, no).head_name == "吴老汉"          # rolled back
    svc.change_head(db, no, wife_id, "配偶")
    assert household_detail(db, no).head_name == "陈秀英"


def test_R1_7_changing_the_type_is_checked_against_the_members(db):
    no = svc.create_household(db, household_input(), [person("周建国", "户主", D(1968, 3, 4), True, 1)],
                              today=TODAY)
    with pytest.raises(ValidationError, match="至少应有一名家庭成员为低保对象"):
        svc.update_household(db, no, household_input(type="低保户"), today=TODAY)
    with pytest.raises(ValidationError, match="五保户成员应年满60周岁"):
        svc.update_household(db, no, household_input(type="五保户"), today=TODAY)
    assert household_detail(db, no).type == "一般贫困户"


def test_R1_7_the_last_dibao_member_cannot_be_unflagged_or_leave(db):
    no = dibao_household(db)
    head, wife, son = household_detail(db, no).members
    unflag = person("周建国", "户主", D(1968, 3, 4), True, 1)
    with pytest.raises(ValidationError, match="至少应有一名家庭成员为低保对象") as exc:
        svc.update_member(db, head.id, unflag, today=TODAY)
    assert exc.value.field == "is_dibao"
    assert household_detail(db, no).members[0].is_dibao
    # the wife takes 低保 first: then the head's flag may go, and then the wife may not leave
    svc.update_member(db, wife.id, person("李秀英", "配偶", D(1970, 5, 6), False, 2, is_dibao=True), today=TODAY)
    svc.update_member(db, head.id, unflag, today=TODAY)
    with pytest.raises(RuleViolation, match="成员“李秀英”减少后：户类型为“低保户”，至少应有一名家庭成员为低保对象"):
        svc.member_leaves(db, wife.id, D(2026, 5, 1), "婚出", today=TODAY)
    assert household_detail(db, no).size == 3
    svc.member_leaves(db, son.id, D(2026, 5, 1), "迁出", today=TODAY)    # does not touch the rule
    assert household_detail(db, no).size == 2


def test_R1_7_a_problem_recorded_before_the_rule_does_not_block_other_edits(db):
    """A 低保户 written before schema 0005 has no flagged member; correcting another member's record is
    not refused for it (only what the change itself breaks is)."""
    no = dibao_household(db)
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE member SET is_dibao = 0")
    conn.commit()
    conn.close()
    son = household_detail(db, no).members[2]
    svc.update_member(db, son.id, person("周小兵", "子", D(2012, 7, 8), True, 3), today=TODAY)
    assert household_detail(db, no).members[2].name == "周小兵"


# ---- 无房

def test_R1_7_no_house_carries_no_area_build_year_or_grade(db):
    h = household_input(house_structure="无房", house_area=60.0, house_built_year=1990, danger_grade="D")
    assert fields(check_household(h, today=TODAY)) == {
        "house_area": "住房结构为“无房”时不能填写住房面积",
        "house_built_year": "住房结构为“无房”时不能填写建房年份",
        "danger_grade": "住房结构为“无房”时不能填写危房等级"}
    head = [person("周建国", "户主", D(1968, 3, 4), True, 1)]
    with pytest.raises(ValidationError, match="住房结构为“无房”时不能填写住房面积"):
        svc.create_household(db, h, head, today=TODAY)
    assert count(db, "household") == 0
    no = svc.create_household(db, household_input(house_structure="无房"), head, today=TODAY)
    with pytest.raises(ValidationError, match="不能填写危房等级"):
        svc.update_household(db, no, household_input(house_structure="无房", danger_grade="C"), today=TODAY)
    d = household_detail(db, no)
    assert (d.house_structure, d.house_area, d.house_built_year, d.danger_grade) == ("无房", None, None, "")


# ---- CLI

def test_R1_7_cli_show_prints_the_flags(db, capsys):
    no = dibao_household(db, policy_guarantee=True)
    assert main(["--db", str(db.path), "households", "show", no]) == 0
    out = capsys.readouterr().out
    assert "政策兜底" in out.splitlines()[1]
    assert "标识" in out
    head_line = next(line for line in out.splitlines() if line.startswith("周建国"))
    assert head_line.rstrip().endswith("低保")
    assert main(["--db", str(db.path), "households", "show", no, "--format", "json"]) == 0
    import json
    data = json.loads(capsys.readouterr().out)
    assert data["policy_guarantee"] is True and data["members"][0]["flags"] == "低保"
    assert data["members"][0]["is_tekun"] is False


# ---- GUI

def test_R1_7_member_dialog_checkboxes_and_grade_are_saved(ctx, qtbot):
    from ui.households.member_dialog import MemberDialog
    from pjdesk import idcard

    no = svc.create_household(ctx.db, household_input(), [person("周建国", "户主", D(1950, 3, 4), True, 1)],
                              today=TODAY)
    dlg = MemberDialog(ctx, no)
    qtbot.addWidget(dlg)
    dlg.show()
    form = dlg.form
    type_ime(form.name, "周小军")
    form.relation.setCurrentText("孙子")
    qtbot.keyClicks(form.id_number, idcard.make("430626", D(2014, 7, 8), 7, True))
    assert not form.disability_grade.isEnabled()               # the grade only for 残疾
    form.health.setCurrentText("残疾")
    assert form.disability_grade.isEnabled()
    assert form.errors["disability_grade"].text() == "健康状况为残疾时须填写残疾等级"
    assert not dlg.save_button.isEnabled()
    form.disability_grade.setCurrentText("三级")
    for box in (form.left_behind_child, form.is_tekun):
        tick(qtbot, box)
    tick(qtbot, form.left_behind_elder)
    assert form.left_behind_elder.isChecked()
    assert form.errors["is_left_behind_elder"].text().startswith("留守老人须年满60周岁")
    assert not dlg.save_button.isEnabled()
    tick(qtbot, form.left_behind_elder)
    assert dlg.save_button.isEnabled()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    added = household_detail(ctx.db, no).members[1]
    assert added.name == "周小军" and added.flags == "特困、残疾三级、留守儿童"


def test_R1_7_unticking_the_last_dibao_member_is_refused_beside_the_box(ctx, qtbot):
    from ui.households.member_dialog import MemberDialog

    no = dibao_household(ctx.db)
    head = household_detail(ctx.db, no).members[0]
    dlg = MemberDialog(ctx, no, head)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.form.is_dibao.isChecked()
    tick(qtbot, dlg.form.is_dibao)
    assert not dlg.form.is_dibao.isChecked()
    assert "至少应有一名家庭成员为低保对象" in dlg.form.errors["is_dibao"].text()
    assert not dlg.save_button.isEnabled()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert household_detail(ctx.db, no).members[0].is_dibao


def test_R1_7_household_dialog_policy_guarantee_no_house_and_flags_column(ctx, qtbot):
    from ui.households.detail_dialog import HouseholdDialog

    no = dibao_household(ctx.db, house_structure="土木", house_area=80.0, house_built_year=1985,
                         danger_grade="C")
    dlg = HouseholdDialog(ctx, no)
    qtbot.addWidget(dlg)
    dlg.show()
    model = dlg.members.model()
    flags_col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "标识")
    assert [model.index(r, flags_col).data() for r in range(model.rowCount())] == ["低保", "", ""]
    f = dlg.fields
    tick(qtbot, f.policy_guarantee)
    f.house_structure.setCurrentText("无房")
    assert not any(w.isEnabled() for w in (f.house_area, f.house_built_year, f.danger_grade))
    assert dlg.save_button.isEnabled()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    d = household_detail(ctx.db, no)
    assert d.policy_guarantee is True
    assert (d.house_structure, d.house_area, d.house_built_year, d.danger_grade) == ("无房", None, None, "")
    f.house_structure.setCurrentText("砖混")         # the fields come back, still holding what they held
    assert f.house_area.isEnabled() and f.house_area.value() == 80.0
    f.house_structure.setCurrentText("无房")          # nothing left unsaved: 关闭 asks nothing
    assert not dlg.dirty


def test_R1_7_wizard_confirm_step_names_the_dibao_rule(ctx, qtbot):
    from ui.households.new_household import NewHouseholdWizard

    wiz = NewHouseholdWizard(ctx)
    qtbot.addWidget(wiz, before_close_func=lambda w: setattr(w, "_confirm_discard", lambda: True))
    wiz.show()
    f = wiz.fields
    f.village.setCurrentText("大山村")
    f.type.setCurrentText("低保户")
    f.main_cause.setCurrentText("因病")
    qtbot.mouseClick(wiz.button(wiz.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    form = wiz.head_step.form
    type_ime(form.name, "周建国")
    from pjdesk import idcard
    type_ime(form.id_number, idcard.make("430626", D(1968, 3, 4), 1, True))   # pasted (fewer Qt calls: see report)
    for _ in range(2):
        qtbot.mouseClick(wiz.button(wiz.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wiz.currentPage() is wiz.confirm_step
    assert "户类型为“低保户”，至少应有一名家庭成员为低保对象" in wiz.confirm_step.error.text()
    qtbot.mouseClick(wiz.button(wiz.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wiz.button(wiz.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    tick(qtbot, form.is_dibao)
    for _ in range(2):
        qtbot.mouseClick(wiz.button(wiz.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wiz.confirm_step.error.text() == ""
    assert "周建国（" in wiz.confirm_step.summary.text() and "低保" in wiz.confirm_step.summary.text()
    qtbot.mouseClick(wiz.button(wiz.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wiz.household_no and not wiz.isVisible()
    assert household_detail(ctx.db, wiz.household_no).members[0].flags == "低保"
