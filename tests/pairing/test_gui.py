"""The helpers screens driven through the real widgets with qtbot (issue #4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from sqlalchemy import text

from pjdesk.pairing import assignments as asg
from pjdesk.pairing.queries import helper_rows, unassigned_households
from tests.conftest import TODAY

from tests.pairing.conftest import button, head_of, helper, make_households
from tests.gui import click_row, when_modal




def pairs(db):
    with db.engine.connect() as c:
        return c.execute(text("SELECT helper_id, household_id, end_on FROM helper_assignment ORDER BY id")).all()


def _paired_numbers(db):
    with db.engine.connect() as c:
        return c.execute(text("SELECT h.household_no FROM helper_assignment a JOIN household h ON h.id = a.household_id "
                              "WHERE a.end_on IS NULL ORDER BY h.household_no")).all()


def click_tab(qtbot, tabs, index):
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def press_print(qtbot, page, name, village):
    """Press a print button of the page and choose ``village`` in the dialog that asks for it."""
    def choose(dlg):
        dlg.setTextValue(village)
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    watch = when_modal(choose)
    qtbot.mouseClick(button(page, name), Qt.MouseButton.LeftButton)
    assert watch.dialogs and not watch.timed_out
    return page.last_job


def select_unassigned(qtbot, page, household_no):
    click_tab(qtbot, page.tabs, 1)
    m = page.unassigned_model
    row = next(i for i, h in enumerate(m.rows()) if h.household_no == household_no)
    click_row(qtbot, page.unassigned, row)


def test_r2_1_sixth_assignment_refused_in_the_gui(db, ctx, page, qtbot):
    numbers = make_households(db, 6)
    wang = helper(db)
    asg.bulk_assign(db, wang, numbers[:5], today=TODAY)
    ctx.changed.emit("helpers")
    before = pairs(db)
    select_unassigned(qtbot, page, numbers[5])
    shown: dict = {}

    def in_dialog(dlg):
        dlg.select_helper(wang)
        assert "5/5户，已满" in dlg.helper.currentText()
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
        shown["error"] = dlg.general.text() if dlg.general.isVisible() else ""
        shown["open"] = dlg.isVisible()
        qtbot.mouseClick(dlg.cancel, Qt.MouseButton.LeftButton)

    seen: list = []
    when_modal(in_dialog, seen)
    qtbot.mouseClick(button(page, "assign"), Qt.MouseButton.LeftButton)

    assert seen and type(seen[0]).__name__ == "AssignDialog"
    assert shown["open"]                                   # the dialog stays open with the reason
    assert "帮扶责任人“王建国”已帮扶5户，达到上限5户" in shown["error"]
    assert f"不能再分配“{head_of(5)}”户" in shown["error"]
    assert pairs(db) == before
    assert [h.household_no for h in page.unassigned_model.rows()] == [numbers[5]]


def test_assigning_in_the_gui_writes_and_refreshes_every_list(db, ctx, page, qtbot):
    numbers = make_households(db, 3)
    wang = helper(db)
    ctx.changed.emit("helpers")
    click_tab(qtbot, page.tabs, 1)
    click_row(qtbot, page.unassigned, 0)
    qtbot.keyClick(page.unassigned, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)   # select all
    assert len(page.unassigned.selectionModel().selectedRows()) == 3

    def in_dialog(dlg):
        dlg.select_helper(wang)
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(ctx.changed, check_params_cb=lambda area: area == "helpers"):
        when_modal(in_dialog, [])
        qtbot.mouseClick(button(page, "assign"), Qt.MouseButton.LeftButton)

    assert len(pairs(db)) == 3 and unassigned_households(db) == []
    assert page.unassigned_model.rowCount() == 0
    load = page.model.index(0, page.model.col["load"])
    assert load.data() == "3/5"
    assert "现结对 3 户" in page.totals.text()
    assert sorted(h for h, in _paired_numbers(db)) == sorted(numbers)


def test_helper_table_model_without_a_window(db, households, qapp):
    from ui.pairing.models import LOAD_ROLE, HelperTableModel

    wang, li = helper(db), helper(db, "安然", unit="虹桥镇人民政府", level="乡镇")
    asg.bulk_assign(db, wang, households[:4], today=TODAY)
    m = HelperTableModel()
    m.set_helpers(helper_rows(db), 5)
    col = m.col["load"]
    assert {m.index(r, m.col["name"]).data(): m.index(r, col).data() for r in range(2)} == {"王建国": "4/5", "安然": "0/5"}
    m.sort(m.col["name"])                   # pinyin order: an ran before wang jian guo
    assert [m.index(r, 0).data() for r in range(2)] == ["安然", "王建国"]
    m.sort(col, Qt.SortOrder.DescendingOrder)
    assert m.index(0, col).data(LOAD_ROLE) == (4, 5)
    assert m.row_at(1).id == li and m.index(1, col).data(LOAD_ROLE) == (0, 5)   # 安然 last, with no household


def test_new_helper_dialog_shows_errors_next_to_fields(db, ctx, page, qtbot):
    def in_dialog(dlg):
        qtbot.keyClicks(dlg.phone, "12345")
        assert dlg.form.errors["phone"].text().startswith("联系电话“12345”无效")
        assert not dlg.ok.isEnabled()
        dlg.phone.clear()
        qtbot.keyClicks(dlg.phone, "13907301234")
        dlg.name.setText("周明")
        dlg.unit.setText("县统计局")
        assert dlg.ok.isEnabled()
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    when_modal(in_dialog, [])
    qtbot.mouseClick(button(page, "new_helper"), Qt.MouseButton.LeftButton)
    assert [(r.name, r.unit, r.phone) for r in helper_rows(db)] == [("周明", "县统计局", "13907301234")]
    assert page.model.rowCount() == 1


def test_autopair_dialog_edit_then_accept(db, ctx, qtbot):
    from ui.pairing.autopair_dialog import HELPER, INCLUDE, AutoPairDialog

    numbers = make_households(db, 6)
    a = helper(db, "甲一", unit="虹桥镇人民政府", level="乡镇")
    b = helper(db, "乙二", unit="虹桥镇人民政府", level="乡镇")
    dlg = AutoPairDialog(ctx, "大山村")
    qtbot.addWidget(dlg)
    m = dlg.model
    assert m.rowCount() == 6 and len(m.pairs()) == 6
    assert "待结对6户" in dlg.summary.text()
    m.setData(m.index(0, INCLUDE), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert dlg.accept_button.text() == "确认结对（5户）"
    for r in range(1, 6):                              # everything to one person: 5 is still allowed
        m.setData(m.index(r, HELPER), a)
    assert pairs(db) == []                             # nothing written while editing
    m.setData(m.index(0, HELPER), a)                   # … but a sixth is not
    qtbot.mouseClick(dlg.accept_button, Qt.MouseButton.LeftButton)
    assert "“甲一”已帮扶0户，再分配6户将达到6户" in dlg.error.text() and pairs(db) == []
    m.setData(m.index(0, HELPER), b)
    qtbot.mouseClick(dlg.accept_button, Qt.MouseButton.LeftButton)
    assert len(pairs(db)) == 6 and not dlg.isVisible()
    assert sorted(h for h, in _paired_numbers(db)) == sorted(numbers)   # every household of the village, once


def test_aid_teams_page_lists_gaps_and_refuses_a_second_first_secretary(db, ctx, qtbot):
    from ui.pairing.aid_teams_page import AidTeamsPage

    p = AidTeamsPage(ctx)
    qtbot.addWidget(p)
    assert p.gaps_model.rowCount() == 7                # every poor village misses everything
    p.village.setCurrentText("大山村")
    for name in ("周小平", "孙强"):
        p.role.setCurrentText("第一书记")
        p.name.setText(name)
        qtbot.mouseClick(p.findChild(QPushButton, "add_role"), Qt.MouseButton.LeftButton)
    assert "大山村已有第一书记“周小平”" in p.error.text()
    assert [r["name"] for r in p.team_model.rows()] == ["周小平"]
    gap = next(g for g in p.gaps_model.rows() if g["village"] == "大山村")
    assert "第一书记" not in gap["missing"]


@pytest.fixture
def demo_page(demo_db, qapp, qtbot):
    from ui.app import make_app
    from ui.context import AppContext
    from ui.pairing.page import HelpersPage

    make_app([])
    p = HelpersPage(AppContext(demo_db))
    qtbot.addWidget(p)
    p.show()
    return p


def _preview(qtbot, page):
    qtbot.waitUntil(lambda: page.last_preview is not None, timeout=20000)
    return page.last_preview


def test_printing_the_roster_opens_the_shared_preview(demo_page, demo_db, qtbot, tmp_path):
    import os

    from pjdesk.pairing.printouts import write_roster_pdf

    job = press_print(qtbot, demo_page, "print_roster", "大兴村")
    assert job is not None
    assert not any(b.isEnabled() for b in demo_page.print_buttons)     # busy: no second printout meanwhile
    preview = _preview(qtbot, demo_page)
    assert "大兴村结对帮扶花名册" in preview.windowTitle() and preview.suggested_name == "大兴村结对帮扶花名册.pdf"
    assert preview.page_count == write_roster_pdf(demo_db, "大兴村", tmp_path / "expected.pdf") >= 1
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in demo_page.print_buttons))
    path = preview.pdf_path
    assert os.path.exists(path)
    qtbot.mouseClick(button(preview, "close"), Qt.MouseButton.LeftButton)   # the temporary PDF goes with it
    assert not os.path.exists(path)


def test_printing_contact_cards_opens_the_shared_preview(demo_page, demo_db, qtbot):
    from pjdesk.pairing.printouts import contact_cards

    press_print(qtbot, demo_page, "print_cards", "大兴村")
    preview = _preview(qtbot, demo_page)
    assert "大兴村帮扶联系卡" in preview.windowTitle()
    assert preview.page_count == len(contact_cards(demo_db, "大兴村"))   # one page per paired household
    qtbot.mouseClick(button(preview, "close"), Qt.MouseButton.LeftButton)


def test_cancelling_contact_cards_opens_nothing_and_leaves_no_file(demo_page, qtbot, monkeypatch):
    import os

    from ui.printing import launch

    made, real = [], launch.temp_pdf
    monkeypatch.setattr(launch, "temp_pdf", lambda stem: made.append(real(stem)) or made[-1])
    job = press_print(qtbot, demo_page, "print_cards", "大兴村")
    with qtbot.waitSignal(job.cancelled, timeout=10000):
        job.progress.cancel()                                            # the clerk presses 取消
    assert demo_page.last_preview is None and made and not os.path.exists(made[0])
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in demo_page.print_buttons))


def test_printing_without_a_font_says_so_and_starts_nothing(demo_page, demo_db, qtbot, monkeypatch, tmp_path):
    from pjdesk import settings
    from ui.printing import launch

    shown = []
    monkeypatch.setattr(launch, "show_error", lambda _parent, title, message: shown.append((title, message)))
    with demo_db.transaction() as s:   # the chosen font file was deleted after it was saved
        settings.set_(s, "pdf_font_path", str(tmp_path / "deleted.ttf"))
    assert press_print(qtbot, demo_page, "print_roster", "大兴村") is None
    assert shown and shown[0][0] == "无法打印" and "找不到指定的字体文件" in shown[0][1]
    assert demo_page.last_job is None and demo_page.last_preview is None
