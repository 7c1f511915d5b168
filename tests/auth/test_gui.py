"""The GUI of issue 14, clicked as a clerk would: the login at start, the first administrator, the status
bar's user, 用户管理 only for an administrator, the idle screen lock and the 变更记录 tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from pjdesk.auth import users
from pjdesk.registry import households as svc
from tests.auth.conftest import PASSWORD, add_and_login
from tests.cases.conftest import D
from tests.conftest import TODAY, household_input, person
from tests.gui import click_row, type_ime, when_modal


@pytest.mark.no_login
def test_login_dialog_refuses_a_wrong_password_then_logs_in(demo_db, qapp, qtbot, monkeypatch):
    from ui.app import make_app
    from ui.auth.session import login_at_start
    from ui.context import AppContext

    make_app([])
    ctx = AppContext(demo_db)
    seen = {}

    def answer(dlg):
        qtbot.keyClicks(dlg.form.fields["name"], "reviewer")
        qtbot.keyClicks(dlg.form.fields["password"], "wrong")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
        seen["refusal"] = dlg.general.text()
        seen["still_open"] = dlg.isVisible()
        qtbot.keyClicks(dlg.form.fields["password"], "demo")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    watch = when_modal(answer)
    assert login_at_start(ctx) and not watch.timed_out
    assert "用户名或密码不正确" in seen["refusal"] and seen["still_open"]
    assert demo_db.user.name == "reviewer" and demo_db.user.role == "审核员"


@pytest.mark.no_login
def test_the_first_run_creates_the_administrator(empty_db, qapp, qtbot):
    from ui.app import make_app
    from ui.auth.session import login_at_start
    from ui.context import AppContext

    make_app([])
    seen = {}

    def answer(dlg):
        seen["title"] = dlg.windowTitle()
        type_ime(dlg.form.fields["display_name"], "张站长")
        qtbot.keyClicks(dlg.form.fields["password"], "boss-pw-1")
        qtbot.keyClicks(dlg.form.fields["password_again"], "boss-pw-2")
        seen["mismatch"] = dlg.form.errors["password_again"].text()
        seen["ok_enabled"] = dlg.ok.isEnabled()
        dlg.form.fields["password_again"].clear()
        qtbot.keyClicks(dlg.form.fields["password_again"], "boss-pw-1")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    when_modal(answer)
    assert login_at_start(AppContext(empty_db))
    assert seen == {"title": "创建管理员", "mismatch": "两次输入的密码不一致", "ok_enabled": False}
    assert (empty_db.user.name, empty_db.user.display_name, empty_db.user.role) == ("admin", "张站长", "管理员")
    users.logout(empty_db)
    assert users.login(empty_db, "admin", "boss-pw-1").role == "管理员"


def _window(ctx, qtbot):
    from ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def test_status_bar_names_the_user_and_only_an_administrator_manages_users(ctx, qtbot):
    add_and_login(ctx.db, "lu", "录入员", "陆录入")
    w = _window(ctx, qtbot)
    assert w.statusBar().findChild(type(w.users.label), "current_user").text() == "当前用户：陆录入（录入员）"
    assert not w.users.manage.isEnabled()
    users.login(ctx.db, "admin", "demo")
    w2 = _window(ctx, qtbot)
    assert w2.users.manage.isEnabled()
    seen = {}

    def in_users(dlg):
        seen["names"] = [r.name for r in dlg.model.rows()]
        click_row(qtbot, dlg.view, seen["names"].index("lu"))

        def in_reset(rd):
            qtbot.keyClicks(rd.form.fields["password"], "reset-pw-9")
            qtbot.keyClicks(rd.form.fields["password_again"], "reset-pw-9")
            qtbot.mouseClick(rd.ok, Qt.MouseButton.LeftButton)

        when_modal(in_reset, above=dlg)
        qtbot.mouseClick(dlg.buttons["reset"], Qt.MouseButton.LeftButton)
        dlg.accept()

    when_modal(in_users)
    w2.users.manage.trigger()
    assert seen["names"] == ["admin", "lu"]
    assert users.login(ctx.db, "lu", "reset-pw-9").name == "lu"


def test_the_screen_locks_when_idle_and_the_password_unlocks_it(ctx, qtbot, monkeypatch):
    from ui.auth.session import IdleLock

    monkeypatch.setattr(IdleLock, "MS_PER_MINUTE", 30)     # the setting's 10 minutes become 0.3 s
    add_and_login(ctx.db, "lu", "录入员", "陆录入")
    w = _window(ctx, qtbot)
    w.users.idle.restart()
    seen = {}

    def in_lock(dlg):
        seen["title"] = dlg.windowTitle()
        seen["name"] = dlg.form.fields["name"].text()
        seen["central_hidden"] = not w.centralWidget().isVisible()
        qtbot.keyClicks(dlg.form.fields["password"], "nope")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
        seen["refusal"] = dlg.general.text()
        qtbot.keyClicks(dlg.form.fields["password"], PASSWORD)
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    watch = when_modal(in_lock, timeout_ms=8000)
    qtbot.waitUntil(lambda: "refusal" in seen, timeout=8000)
    assert not watch.timed_out
    assert seen["title"] == "屏幕已锁定" and seen["name"] == "lu" and seen["central_hidden"]
    assert "用户名或密码不正确" in seen["refusal"]
    qtbot.waitUntil(lambda: w.centralWidget().isVisible(), timeout=3000)
    assert ctx.db.user.name == "lu"


def test_the_household_dialog_shows_its_change_in_the_change_record_tab(ctx, qtbot):
    from ui.households.detail_dialog import HouseholdDialog

    db = ctx.db
    no = svc.create_household(db, household_input(phone="13800138000"),
                              [person("张三丰", "户主", D(1960, 1, 10), True)], today=TODAY)
    add_and_login(db, "lu", "录入员", "陆录入")
    dlg = HouseholdDialog(ctx, no)
    qtbot.addWidget(dlg)
    dlg.show()
    tabs = dlg.findChild(QTabWidget)
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    audit = tabs.widget(titles.index("变更记录"))
    before = audit.model.rowCount()
    dlg.fields.phone.clear()
    qtbot.keyClicks(dlg.fields.phone, "13912345678")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    tabs.setCurrentWidget(audit)
    rows = audit.model.rows()
    [phone] = [r for r in rows[:len(rows) - before] if r.field == "联系电话"]
    assert (phone.user, phone.table, phone.old, phone.new) == ("lu", "户", "13800138000", "13912345678")
    assert "变更记录" in audit.count.text()


def test_the_case_view_has_the_cases_change_record(ctx, qtbot):
    from pjdesk.cases.decisions import DecisionInput, decide
    from pjdesk.cases.queries import load_case_rows
    from pjdesk.cases.renovation import open_renovation
    from tests.cases.conftest import application, make_household
    from ui.cases.case_view import CaseView

    db = ctx.db
    case = open_renovation(db, application(make_household(db), size=3), today=TODAY)
    add_and_login(db, "shen", "审核员", "沈审核")
    decide(db, case, DecisionInput("通过", "受理", "村委会", D(2026, 3, 3)), today=TODAY)
    [row] = load_case_rows(db, today=TODAY)
    view = CaseView(ctx, today=TODAY)
    qtbot.addWidget(view)
    view.show_case(row.id)
    tabs = view.tabs
    view.tabs.setCurrentWidget(view.audit)
    assert tabs.tabText(tabs.currentIndex()) == "变更记录"
    rows = view.audit.model.rows()
    assert {r.case_id for r in rows} == {row.id}
    assert any(r.user == "shen" and r.table == "审核意见" and r.action == "新建" for r in rows)
    assert any(r.user == "admin" and r.table == "项目" and r.action == "新建" for r in rows)


@pytest.mark.no_login
def test_the_first_run_asks_for_the_township_then_the_administrator(qapp, qtbot, tmp_path, monkeypatch):
    from pjdesk.auth import trail
    from pjdesk.registry.township import township_info
    from ui import app as app_mod
    from ui.first_run import FirstRunDialog

    class Chosen(FirstRunDialog):
        def exec(self):
            self.township.setCurrentText("虹桥镇")
            return self.DialogCode.Accepted

    monkeypatch.setattr("ui.first_run.FirstRunDialog", Chosen)
    app_mod.make_app([])

    def answer(dlg):
        type_ime(dlg.form.fields["display_name"], "张站长")
        dlg.form.fields["name"].clear()
        qtbot.keyClicks(dlg.form.fields["name"], "boss")
        for key in ("password", "password_again"):
            qtbot.keyClicks(dlg.form.fields[key], "boss-pw-1")
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)

    watch = when_modal(answer)
    db = app_mod.open_or_create(tmp_path / "new.db", demo=False)
    try:
        assert not watch.timed_out and db.user.name == "boss"
        assert township_info(db).name == "虹桥镇"
        assert {r.user for r in trail.search(db) if r.table == "村"} == {"boss"}
    finally:
        db.close()


def test_a_reviewer_pressing_save_on_the_settings_page_is_told_the_role_needed(ctx, qtbot):
    from PySide6.QtWidgets import QSpinBox

    from pjdesk import settings
    from ui.settings.page import SettingsPage

    add_and_login(ctx.db, "shen", "审核员", "沈审核")
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    spin = page.findChild(QSpinBox, "idle_lock_minutes")
    spin.setValue(25)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "此操作需要管理员角色" in page.status.text()
    assert settings.value(ctx.db, "idle_lock_minutes") == 10
