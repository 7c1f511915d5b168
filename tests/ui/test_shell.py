"""Main window, first run and the exception dialog (issue #2)."""

import logging
import sys

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from pjdesk import seed
from pjdesk.registry.township import township_info


def test_first_run_lists_the_24_townships_and_creates_the_villages(qapp, qtbot, tmp_path, monkeypatch):
    from ui import app as app_mod
    from ui.first_run import FirstRunDialog

    dlg = FirstRunDialog(str(tmp_path / "new.db"))
    qtbot.addWidget(dlg)
    assert dlg.township.count() == 24 == len(seed.townships())
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dlg.township.setCurrentText("虹桥镇")
    assert ok.isEnabled() and "青石村" in dlg.villages.text()

    class Chosen(FirstRunDialog):
        def exec(self):
            self.township.setCurrentText("虹桥镇")
            return self.DialogCode.Accepted

    monkeypatch.setattr("ui.first_run.FirstRunDialog", Chosen)
    db = app_mod.open_or_create(tmp_path / "new.db", demo=False)
    info = township_info(db)
    db.close()
    assert info.name == "虹桥镇" and len(info.villages) == 7


def test_main_window_navigation_status_bar_and_placeholder(qapp, qtbot, db):
    from ui.context import AppContext
    from ui.households.page import HouseholdPage
    from ui.main_window import MainWindow
    from ui.pages import NAV_AREAS

    w = MainWindow(AppContext(db))
    qtbot.addWidget(w)
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == list(NAV_AREAS)
    assert isinstance(w.stack.currentWidget(), HouseholdPage)
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in w.statusBar().findChildren(QLabel))
    assert "平江县虹桥镇" in texts and str(db.path) in texts
    assert "虹桥镇" in w.windowTitle()
    w.nav.setCurrentRow(NAV_AREAS.index("月报导出"))
    assert w.stack.currentWidget() is not None


def test_uncaught_exception_is_logged_and_shown(qapp, tmp_path, monkeypatch):
    from ui import errors

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    logfile = errors.setup_logging()
    errors.install_excepthook(logfile)
    try:
        raise ZeroDivisionError("演示错误")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    for h in logging.getLogger().handlers:
        h.flush()
    assert shown and "演示错误" in shown[0] and logfile in shown[0]
    assert "ZeroDivisionError" in open(logfile, encoding="utf-8").read()
    sys.excepthook = sys.__excepthook__


def test_gui_refuses_a_newer_database_with_a_message(qapp, tmp_path, monkeypatch):
    import shutil

    from tests.conftest import DATA
    from ui import app as app_mod

    path = tmp_path / "future.db"
    shutil.copy(DATA / "schema-future.sqlite3", path)
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: messages.append(a[2]))
    assert app_mod.run(["--db", str(path)]) == 1
    assert messages and "更新版本" in messages[0]


def test_villages_dialog_adds_a_village_with_its_old_name(ctx, qtbot):
    from pjdesk.registry.township import villages
    from ui.villages_dialog import VillagesDialog

    from PySide6.QtCore import Qt

    dlg = VillagesDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.table.rowCount() == 7
    assert (dlg.ok.text(), dlg.cancel.text()) == ("添加村", "关闭")
    dlg.name.insert("新合村")             # Chinese text: Qt's key simulation only types ASCII
    dlg.old_name.insert("老屋村")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.table.rowCount() == 8 and dlg.name.text() == ""
    assert ("新合村", "老屋村") in [(v.name, v.old_name) for v in villages(ctx.db)]
    dlg.name.insert("新合村")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert "已存在" in dlg.form.errors["village"].text() and dlg.isVisible() and dlg.table.rowCount() == 8
    dlg.table.item(0, 1).setText("旧大兴村")  # edit the old name in place
    assert villages(ctx.db)[0].old_name == "旧大兴村"
