"""Issue 17, the registry's part, driven as a clerk does: buttons clicked, rows clicked, text typed,
keys pressed, modal dialogs answered (tests/gui.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QToolTip

from pjdesk.registry.queries import RegistryFilter, filter_rows, load_rows
from tests.gui import click_row, type_ime, when_modal
from tests.ui.conftest import wait_for_rows


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


# ---- 10: every action that writes says so in the status bar
def test_issue17_10_saving_a_household_shows_a_status_bar_message(ctx, registry, qtbot):
    from ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    page = w.page("户籍台账")
    wait_for_rows(page, qtbot)
    no = registry["张三丰"]
    click_row(qtbot, page.table, page.model.row_of(no))
    seen = []

    def edit(dlg):
        dlg.fields.phone.clear()
        qtbot.keyClicks(dlg.fields.phone, "13912345678")
        dlg.save_button.click()
        dlg.close_button.click()

    watch = when_modal(edit, seen, above=w)
    _button(page, "查看 / 编辑").click()
    assert seen and not watch.timed_out
    assert w.statusBar().currentMessage() == f"已保存：户编号 {no}（户主 张三丰）"


def test_issue17_10_a_status_change_shows_a_status_bar_message(ctx, registry, qtbot):
    from ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    page = w.page("户籍台账")
    wait_for_rows(page, qtbot)
    no = registry["曾国华"]
    click_row(qtbot, page.table, page.model.row_of(no))

    def fill(dlg):
        type_ime(dlg.reason, "经村、乡、县三级核查，两不愁三保障达标")
        dlg.ok.click()

    watch = when_modal(fill, above=w)
    page.status_button.menu().actions()[0].trigger()   # 标记预脱贫
    assert not watch.timed_out
    assert w.statusBar().currentMessage() == f"已标记预脱贫：户编号 {no}（户主 曾国华）"


# ---- 13: Escape in the new-household wizard asks before dropping what was typed
def _no_questions(wizard) -> None:
    """At teardown (the test may have failed half-way): close without the discard question."""
    wizard._confirm_discard = lambda: True


def test_issue17_13_escape_in_the_new_household_wizard_asks_first(ctx, qtbot):
    from ui.households.new_household import NewHouseholdWizard

    wizard = NewHouseholdWizard(ctx)
    qtbot.addWidget(wizard, before_close_func=_no_questions)
    wizard.show()
    type_ime(wizard.fields.address, "大山村三组12号")
    asked = []

    def keep_typing(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "继续填写").click()

    watch = when_modal(keep_typing, above=wizard, timeout_ms=2000)
    qtbot.keyClick(wizard.fields.address, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(asked) or watch.timed_out, timeout=3000)
    assert asked and "放弃" in asked[0]
    assert wizard.isVisible() and wizard.fields.address.text() == "大山村三组12号"

    watch = when_modal(lambda box: next(b for b in box.buttons() if b.text() == "放弃").click(), above=wizard)
    qtbot.keyClick(wizard.fields.address, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=3000)
    assert watch.dialogs


def test_issue17_13_escape_on_an_untouched_wizard_closes_without_asking(ctx, qtbot):
    from ui.households.new_household import NewHouseholdWizard

    wizard = NewHouseholdWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    assert not isinstance(QApplication.activeModalWidget(), QMessageBox)


# ---- 14: a hit on another member says which member matched
def test_issue17_14_matched_members_without_qt(db, registry):
    from pjdesk.registry.queries import matched_members

    rows = load_rows(db)
    flt = RegistryFilter(search="lihua")        # 李华妹, the wife of 曾国华 (head)
    [row] = filter_rows(rows, flt)
    assert row.head_name == "曾国华"
    assert matched_members(row, flt.search) == ["李华妹"]
    [head_hit] = filter_rows(rows, RegistryFilter(search="zgh"))
    assert matched_members(head_hit, "zgh") == []        # the head matched: nothing to explain
    assert matched_members(head_hit, "") == []
    [by_id] = filter_rows(rows, RegistryFilter(search=_member_id(db, "李华妹")))
    assert matched_members(by_id, _member_id(db, "李华妹")) == ["李华妹"]


def _member_id(db, name: str) -> str:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text("SELECT id_number FROM member WHERE name = :n"), {"n": name}).scalar()


def test_issue17_14_a_hit_on_another_member_shows_that_member_on_the_row(page, qtbot):
    qtbot.keyClicks(page.search, "lihua")       # 李华妹, the wife of 曾国华 (head)
    assert page.model.rowCount() == 1
    index = page.model.index(0, page.model.col["head_name"])
    assert index.data() == "曾国华"
    rect = page.table.visualRect(index)
    viewport = page.table.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center()))
    QApplication.sendEvent(viewport, event)
    assert "李华妹" in QToolTip.text()
    QToolTip.hideText()
    page.search.clear()
    qtbot.keyClicks(page.search, "zgh")                  # the head: no hint
    index = page.model.index(0, page.model.col["head_name"])
    assert not index.data(Qt.ItemDataRole.ToolTipRole)
