"""R1.5 in the household dialog: 标记预脱贫 / 确认脱贫 show the 两不愁三保障 checklist pre-filled from the
facts, a failing fact is 未达标 with its reason and cannot be switched to 达标, refusals appear beside the
item, and the 状态记录 tab lists the stored checks and the house changes made by cases."""

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import Household
from db.models.household_records import HouseChange
from pjdesk import settings
from pjdesk.registry import exit_rules
from tests.gui import type_ime, when_modal
from tests.registry.test_exit_checklist import make


def open_household(ctx, qtbot, no):
    from ui.households.detail_dialog import HouseholdDialog

    dlg = HouseholdDialog(ctx, no)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.tabs.setCurrentIndex(dlg.tabs.indexOf(dlg.history.parentWidget()))
    return dlg


def records(dlg):
    m = dlg.records.model()
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_R1_5_mark_pre_exit_by_clicking_stores_the_checklist(ctx, qtbot):
    no = make(ctx.db)
    dlg = open_household(ctx, qtbot, no)
    seen = {}

    def fill(status_dlg):
        rows = status_dlg.items
        seen["results"] = [rows[i].result.currentText() for i in exit_rules.ITEMS]
        seen["housing_note"] = rows["住房安全有保障"].note.text()
        seen["income"] = status_dlg.income.text()
        type_ime(rows["不愁吃"].note, "口粮自给")
        type_ime(status_dlg.reason, "经村、乡、县三级核查，两不愁三保障达标")
        seen["ok"] = status_dlg.ok.isEnabled()
        qtbot.mouseClick(status_dlg.ok, Qt.MouseButton.LeftButton)

    watch = when_modal(fill, above=dlg)
    qtbot.mouseClick(dlg.status_buttons["标记预脱贫"], Qt.MouseButton.LeftButton)
    assert not watch.timed_out
    assert seen["results"] == ["达标"] * 5 and seen["ok"]
    assert seen["housing_note"] == "住房砖混，A级"
    assert "人均4,000.00元" in seen["income"] and "未设置" in seen["income"]
    assert dlg.detail.status == "预脱贫"
    (row,) = records(dlg)
    assert row[1] == "两不愁三保障核查（预脱贫）" and row[2] == "通过"
    assert "不愁吃：达标（口粮自给）" in row[4] and "人均纯收入4,000.00元" in row[4]
    assert dlg.records.model().index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == row[4]   # the whole checklist


def test_R1_5_failing_facts_are_not_met_and_locked_beside_the_item(ctx, qtbot):
    no = make(ctx.db, structure="土木", grade="D", child_school="非在校生")
    dlg = open_household(ctx, qtbot, no)
    seen = {}

    def look(status_dlg):
        rows = status_dlg.items
        type_ime(status_dlg.reason, "两不愁三保障核查")
        housing = rows["住房安全有保障"]
        seen["housing"] = (housing.result.currentText(), housing.result.isEnabled())
        seen["education"] = (rows["义务教育有保障"].result.currentText(), rows["义务教育有保障"].result.isEnabled())
        seen["housing_error"] = status_dlg.checklist.errors["housing"].text()
        seen["education_error"] = status_dlg.checklist.errors["education"].text()
        seen["medical_error"] = status_dlg.checklist.errors["medical"].isVisible()
        seen["ok"] = status_dlg.ok.isEnabled()
        qtbot.mouseClick(status_dlg.cancel, Qt.MouseButton.LeftButton)

    watch = when_modal(look, above=dlg)
    qtbot.mouseClick(dlg.status_buttons["标记预脱贫"], Qt.MouseButton.LeftButton)
    assert not watch.timed_out
    assert seen["housing"] == ("未达标", False) and seen["education"] == ("未达标", False)
    assert "住房为D级危房（土木）" in seen["housing_error"]
    assert "张小明（12岁）为非在校生" in seen["education_error"]
    assert not seen["medical_error"] and not seen["ok"]
    assert dlg.detail.status == "未脱贫" and records(dlg) == []


def test_R1_5_typed_not_met_refuses_beside_the_item(ctx, qtbot):
    no = make(ctx.db)
    dlg = open_household(ctx, qtbot, no)
    seen = {}

    def fill(status_dlg):
        row = status_dlg.items["不愁穿"]
        type_ime(status_dlg.reason, "核查")
        row.result.setCurrentIndex(row.result.findData("未达标"))   # the clerk picks 未达标
        row.note.clear()
        type_ime(row.note, "冬衣不足")
        seen["error"] = status_dlg.checklist.errors["clothing"].text()
        seen["ok"] = status_dlg.ok.isEnabled()
        qtbot.mouseClick(status_dlg.cancel, Qt.MouseButton.LeftButton)

    watch = when_modal(fill, above=dlg)
    qtbot.mouseClick(dlg.status_buttons["标记预脱贫"], Qt.MouseButton.LeftButton)
    assert not watch.timed_out
    assert seen == {"error": "“不愁穿”未达标：冬衣不足，不能标记为“预脱贫”", "ok": False}


def test_R1_5_income_below_the_line_refused_beside_the_income(ctx, qtbot):
    """The line is set after the dialog opened: the service refuses and the dialog shows it beside 人均纯收入."""
    no = make(ctx.db, wage=9000)
    dlg = open_household(ctx, qtbot, no)
    seen = {}
    year = dt.date.today().year

    def fill(status_dlg):
        type_ime(status_dlg.reason, "两不愁三保障达标")
        with ctx.db.transaction() as s:
            settings.set_(s, "exit_income_lines", {str(year): 3146})
        qtbot.mouseClick(status_dlg.ok, Qt.MouseButton.LeftButton)
        seen["error"] = status_dlg.checklist.errors["income"].text()
        seen["open"] = status_dlg.isVisible()
        qtbot.mouseClick(status_dlg.cancel, Qt.MouseButton.LeftButton)

    watch = when_modal(fill, above=dlg)
    qtbot.mouseClick(dlg.status_buttons["标记预脱贫"], Qt.MouseButton.LeftButton)
    assert not watch.timed_out
    assert seen["open"] and "人均纯收入3,000.00元，低于当年脱贫收入标准3146元/人/年" in seen["error"]
    assert dlg.detail.status == "未脱贫"


def test_status_tab_lists_house_changes_with_the_case_as_source(ctx, qtbot):
    no = make(ctx.db, structure="土木", grade="D")
    with ctx.db.transaction() as s:
        hid = s.scalar(select(Household.id).where(Household.household_no == no))
        s.add(HouseChange(household_id=hid, changed_on=dt.date(2026, 10, 9), source="危房改造 WG2026-001 竣工验收",
                          old_structure="土木", old_area=80.0, old_grade="D", new_structure="砖混", new_area=60.0,
                          new_built_year=2026, new_grade="A", recorded_by="测试"))
    dlg = open_household(ctx, qtbot, no)
    (row,) = records(dlg)
    assert row == ["2026-10-09", "住房变更", "D级→A级", "危房改造 WG2026-001 竣工验收",
                   "土木，80㎡，D级 → 砖混，60㎡，2026年建，A级"]


def test_other_status_actions_show_no_checklist(ctx, qtbot):
    no = make(ctx.db)
    dlg = open_household(ctx, qtbot, no)
    seen = {}

    def look(status_dlg):
        seen["items"] = status_dlg.items
        qtbot.mouseClick(status_dlg.cancel, Qt.MouseButton.LeftButton)

    watch = when_modal(look, above=dlg)
    qtbot.mouseClick(dlg.status_buttons["销户"], Qt.MouseButton.LeftButton)
    assert not watch.timed_out and seen["items"] == {}


def test_R1_5_changing_the_date_checks_again_against_that_years_income_line(ctx, qtbot):
    """The line is set for last year only: a date in last year refuses beside 人均纯收入 at once; moving
    the date back to this year clears it and enables 确定 (the check follows the facts of the new date)."""
    no = make(ctx.db, wage=9000)
    today = dt.date.today()
    with ctx.db.transaction() as s:
        settings.set_(s, "exit_income_lines", {str(today.year - 1): 3146})
    dlg = open_household(ctx, qtbot, no)
    seen = {}

    def fill(status_dlg):
        type_ime(status_dlg.reason, "两不愁三保障达标")
        status_dlg.date.setFocus()
        status_dlg.date.setDate(dt.date(today.year - 1, 12, 1))       # as the calendar popup sets it
        seen["last_year"] = (status_dlg.checklist.errors["income"].text(), status_dlg.ok.isEnabled())
        status_dlg.date.setDate(today)
        seen["this_year"] = (status_dlg.checklist.errors["income"].text(), status_dlg.ok.isEnabled())
        qtbot.mouseClick(status_dlg.cancel, Qt.MouseButton.LeftButton)

    watch = when_modal(fill, above=dlg)
    qtbot.mouseClick(dlg.status_buttons["标记预脱贫"], Qt.MouseButton.LeftButton)
    assert not watch.timed_out
    assert "低于当年脱贫收入标准3146元" in seen["last_year"][0] and not seen["last_year"][1]
    assert seen["this_year"] == ("", True)
