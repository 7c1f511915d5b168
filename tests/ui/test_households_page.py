"""户籍台账 driven through the real widgets with qtbot (issue #3)."""

import datetime as dt

import openpyxl
import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

from pjdesk import idcard
from ui.households.table_model import COL
from tests.gui import click_row, when_modal


def visible_heads(page):
    m = page.model
    return [m.index(r, COL["head_name"]).data() for r in range(m.rowCount())]


def type_text(qtbot, widget, text):
    """Type like a clerk: ASCII as key presses, Chinese as an input-method commit (as an IME does)."""
    from PySide6.QtGui import QInputMethodEvent

    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def menu_action(menu_button, text):
    """The entry ``text`` of the menu a push button opens (menu entries are pressed with trigger())."""
    return next(a for a in menu_button.menu().actions() if a.text() == text)


def button(widget, text):
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def test_typing_in_the_search_box_filters_as_you_type(page, qtbot):
    qtbot.keyClicks(page.search, "zsf")
    assert visible_heads(page) == ["张三丰"]
    page.search.clear()
    type_text(qtbot, page.search, "曾国")
    assert visible_heads(page) == ["曾国华"]
    page.search.clear()
    head_id = next(r for r in page.model.visible_rows() if r.head_name == "查良镛").head_id_number
    qtbot.keyClicks(page.search, head_id[-6:])
    assert visible_heads(page) == ["查良镛"]
    page.search.clear()
    assert page.count.text() == "共 6 户　9 人"


def test_two_filters_combine_and_the_count_follows(page, qtbot):
    page.village.setCurrentText("大山村")
    page.cause.setCurrentText("因病")
    assert sorted(visible_heads(page)) == sorted(["张三丰", "覃小红"])
    assert page.count.text() == "共 2 户　3 人"
    page.group.setCurrentText("3组")
    qtbot.keyClicks(page.search, "qxh")
    assert visible_heads(page) == ["覃小红"]


def test_ctrl_f_focuses_search(page, qtbot):
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()


def test_open_household_add_member_with_inline_validation_and_table_updates(page, qtbot, registry):
    qtbot.keyClicks(page.search, "zsf")
    click_row(qtbot, page.table, 0)
    assert page.model.row_at(0).size == 1
    good = idcard.make("430626", dt.date(2001, 4, 5), 77, False)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    seen = {}

    def in_member_dialog(md):
        type_text(qtbot, md.form.name, "张小红")
        md.form.relation.setCurrentText("女")
        qtbot.keyClicks(md.form.id_number, bad)
        seen["error"] = md.form.errors["id_number"].text()
        seen["save_enabled_when_bad"] = md.save_button.isEnabled()
        md.form.id_number.clear()
        qtbot.keyClicks(md.form.id_number, good.lower())
        seen["derived"] = md.form.derived.text()
        seen["save_enabled_when_good"] = md.save_button.isEnabled()
        qtbot.mouseClick(md.save_button, Qt.MouseButton.LeftButton)

    def in_household_dialog(dlg):
        seen["title"] = dlg.windowTitle()
        dlg.tabs.setCurrentIndex(1)
        when_modal(in_member_dialog, above=dlg)
        qtbot.mouseClick(button(dlg, "添加成员"), Qt.MouseButton.LeftButton)
        shown = dlg.members.model()
        seen["members"] = [shown.index(r, 0).data() for r in range(shown.rowCount())]
        seen["header"] = dlg.title.text()
        qtbot.mouseClick(dlg.cancel, Qt.MouseButton.LeftButton)      # 关闭

    when_modal(in_household_dialog)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert "张三丰" in seen["title"]
    assert seen["error"] == "身份证号校验位错误" and seen["save_enabled_when_bad"] is False
    assert seen["derived"] == "女　2001-04-05" and seen["save_enabled_when_good"] is True
    assert seen["members"] == ["张三丰", "张小红"] and "人口 2" in seen["header"]
    assert page.model.row_at(page.model.row_of(registry["张三丰"])).size == 2  # table updated
    assert page.count.text() == "共 1 户　2 人"


def test_member_with_an_id_used_in_another_household_is_refused_inline(page, qtbot, registry):
    from ui.households.member_dialog import MemberDialog

    other = next(r for r in page.model.visible_rows() if r.head_name == "单雄信").head_id_number
    md = MemberDialog(page.ctx, registry["张三丰"])
    qtbot.addWidget(md)
    type_text(qtbot, md.form.name, "张二")
    md.form.relation.setCurrentText("子")
    qtbot.keyClicks(md.form.id_number, other)
    assert "已被户编号" in md.form.errors["id_number"].text()
    assert not md.save_button.isEnabled()


def test_mark_pre_exit_records_history(page, qtbot, registry):
    type_text(qtbot, page.search, "单雄信")
    click_row(qtbot, page.table, 0)
    seen = {}

    def in_status_dialog(dlg):
        seen["ok_before_reason"] = dlg.ok.isEnabled()
        type_text(qtbot, dlg.reason, "两不愁三保障达标，拟脱贫")
        seen["ok_after_reason"] = dlg.ok.isEnabled()
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    when_modal(in_status_dialog)
    menu_action(page.status_button, "标记预脱贫").trigger()
    assert seen == {"ok_before_reason": False, "ok_after_reason": True}
    assert page.model.row_at(0).status == "预脱贫"
    from ui.households.detail_dialog import HouseholdDialog

    dlg = HouseholdDialog(page.ctx, registry["单雄信"])
    qtbot.addWidget(dlg)
    assert [dlg.history.model().index(0, c).data() for c in range(4)] == [
        dt.date.today().isoformat(), "未脱贫", "预脱贫", "两不愁三保障达标，拟脱贫"]
    assert not dlg.status_buttons["确认脱贫"].isHidden() and dlg.status_buttons["返贫"].isHidden()


def test_household_form_save_disabled_until_valid(page, qtbot, registry):
    from ui.households.detail_dialog import HouseholdDialog

    dlg = HouseholdDialog(page.ctx, registry["安然"])
    qtbot.addWidget(dlg)
    assert not dlg.save_button.isEnabled()  # nothing changed yet
    dlg.fields.phone.setText("12345")
    assert dlg.fields.basic.errors["phone"].text().startswith("联系电话格式不正确")
    assert not dlg.save_button.isEnabled()
    dlg.fields.phone.setText("13912345678")
    dlg.fields.other_causes.set_checked(["因残"])  # same as the main cause
    assert "不能与主要致贫原因" in dlg.fields.basic.errors["other_causes"].text()
    dlg.fields.other_causes.set_checked(["缺资金"])
    assert dlg.save_button.isEnabled()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    from pjdesk.registry.queries import household_detail

    d = household_detail(page.ctx.db, registry["安然"])
    assert d.phone == "13912345678" and d.other_causes == ["缺资金"]


def test_new_household_wizard_creates_household_with_members(page, qtbot):
    seen = {}

    def in_member(md):
        type_text(qtbot, md.form.name, "解小明")
        md.form.relation.setCurrentText("子")
        qtbot.keyClicks(md.form.id_number, idcard.make("430626", dt.date(1995, 1, 2), 52, True))
        qtbot.mouseClick(md.save_button, Qt.MouseButton.LeftButton)

    def in_wizard(wiz):
        next_ = wiz.button(wiz.WizardButton.NextButton)
        seen["next_at_first"] = next_.isEnabled()                   # no village, no cause yet
        wiz.fields.village.setCurrentText("青石村")
        wiz.fields.main_cause.setCurrentText("因病")
        wiz.fields.group.setValue(6)
        seen["next_when_filled"] = next_.isEnabled()
        qtbot.mouseClick(next_, Qt.MouseButton.LeftButton)
        type_text(qtbot, wiz.head_step.form.name, "解放")
        qtbot.keyClicks(wiz.head_step.form.id_number, idcard.make("430626", dt.date(1966, 6, 6), 51, True))
        seen["next_with_head"] = next_.isEnabled()
        qtbot.mouseClick(next_, Qt.MouseButton.LeftButton)
        seen["member_dialog"] = when_modal(in_member, above=wiz)
        qtbot.mouseClick(wiz.members_step.findChild(QPushButton, "add_member"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(next_, Qt.MouseButton.LeftButton)
        seen["summary"] = wiz.confirm_step.summary.text()
        qtbot.mouseClick(wiz.button(wiz.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
        seen["household_no"] = wiz.household_no
        if wiz.isVisible():          # a step refused: close it, so that the test fails instead of hanging
            wiz.done(0)

    watch = when_modal(in_wizard)
    qtbot.mouseClick(button(page, "新增贫困户"), Qt.MouseButton.LeftButton)
    assert watch.dialogs and seen["member_dialog"].dialogs
    assert (seen["next_at_first"], seen["next_when_filled"], seen["next_with_head"]) == (False, True, True)
    assert "家庭人口：2人" in seen["summary"]
    assert seen["household_no"]
    qtbot.keyClicks(page.search, "xf")  # 解 read xie as a surname: xie fang
    assert visible_heads(page) == ["解放"]
    assert page.model.row_at(0).size == 2 and page.model.row_at(0).group == 6


def export_through_the_menu(qtbot, page, monkeypatch, entry, path):
    """导出花名册 → ``entry``, the file dialog answered with ``path``; waits for the background job."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **kw: (str(path), ""))
    page.last_job = None
    menu_action(page.export_button, entry).trigger()
    assert page.last_job is not None
    with qtbot.waitSignal(page.last_job.finished, timeout=20000):
        pass


def test_export_roster_xlsx_and_pdf_from_current_filter(page, qtbot, tmp_path, monkeypatch):
    page.village.setCurrentText("大山村")
    xlsx = tmp_path / "r.xlsx"
    export_through_the_menu(qtbot, page, monkeypatch, "保存为 Excel…", xlsx)
    ws = openpyxl.load_workbook(xlsx).active
    ids = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("430626")
           and len(c.value) == 18]
    assert len(ids) == 3 and all(c.data_type == "s" for c in ids)
    pdf = tmp_path / "r.pdf"
    export_through_the_menu(qtbot, page, monkeypatch, "保存为 PDF…", pdf)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "虹桥镇大山村建档立卡贫困户花名册" in text.replace("\n", "")
    assert "张三丰" in text and "第 1 页 共 1 页" in text
    full_ids = [r.head_id_number for r in page.model.visible_rows()]
    assert not any(i in text for i in full_ids)  # masked on paper
    assert page.last_export == str(pdf)


def test_household_dialog_shows_the_helper_history_tab(demo_db, qtbot):
    """The 帮扶 tab (issue #4) lists the pairing of a demo household."""
    from pjdesk.pairing.queries import helper_history
    from pjdesk.registry.queries import load_rows
    from ui.context import AppContext
    from ui.households.detail_dialog import HouseholdDialog

    row = next(r for r in load_rows(demo_db) if r.helper_name)
    dlg = HouseholdDialog(AppContext(demo_db), row.household_no)
    qtbot.addWidget(dlg)
    titles = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert titles[:5] == ["基本信息", "家庭成员", "收入", "住房", "状态记录"] and "帮扶" in titles and "危改/搬迁" in titles
    tab = dlg.tabs.widget(titles.index("帮扶"))
    assert row.helper_name in tab.findChildren(QLabel)[0].text()
    assert helper_history(demo_db, row.household_no)[-1]["helper"] == row.helper_name
    pairings = tab.pairings.model()   # the current pairing first
    assert (pairings.index(0, 0).data(), pairings.index(0, 4).data()) == (row.helper_name, "（至今）")


def test_status_change_from_the_list_notifies_other_screens(page, qtbot, registry):
    seen = []
    page.ctx.changed.connect(seen.append)
    qtbot.keyClicks(page.search, "zsf")
    click_row(qtbot, page.table, 0)

    def in_status_dialog(dlg):
        type_text(qtbot, dlg.reason, "两不愁三保障达标")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    when_modal(in_status_dialog)
    menu_action(page.status_button, "标记预脱贫").trigger()
    assert seen == ["households"] and not page._stale


def test_member_list_double_click_opens_that_member(page, qtbot, registry):
    from ui.households.detail_dialog import HouseholdDialog

    dlg = HouseholdDialog(page.ctx, registry["曾国华"])
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.tabs.setCurrentIndex(1)
    shown = dlg.members.model()
    names = [shown.index(r, 0).data() for r in range(shown.rowCount())]
    assert names[0] == "曾国华" and "李华妹" in names
    assert shown.index(0, shown.columnCount() - 1).data() == "在册"
    seen = {}

    def in_member_dialog(md):
        seen["name"] = md.form.name.text()
        qtbot.mouseClick(md.cancel, Qt.MouseButton.LeftButton)

    when_modal(in_member_dialog, above=dlg)
    click_row(qtbot, dlg.members, names.index("李华妹"), double=True)
    assert seen == {"name": "李华妹"}


def test_rows_are_read_in_the_background_once_the_page_has_painted(ctx, registry, qtbot):
    """Issue 9: building the page reads no rows; it says 正在载入… until the background job's rows
    arrive after its first paint."""
    from ui.households.page import HouseholdPage

    p = HouseholdPage(ctx)
    qtbot.addWidget(p)
    assert not p.is_loaded and p.model.rowCount() == 0
    assert p.count.text() == "正在载入…" and not p.loading.isHidden()
    with qtbot.waitSignal(p.loaded, timeout=10000):
        p.show()
    assert p.model.rowCount() == 6 and p.count.text() == "共 6 户　9 人" and p.loading.isHidden()
