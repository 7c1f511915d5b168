"""Issue 17, defects 1, 5, 6, 7 and 12: the print preview, Qt's own dialogs, dialog sizes, the 设置
page and the posting dialog, driven as a clerk does — buttons clicked through the button (which sends
``checked``), text typed with keyClicks, modal dialogs answered while they block."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QDate, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton, QSpinBox

from pjdesk import settings
from pjdesk.cases.postings import batches
from pjdesk.cases.renovation import open_renovation
from tests.cases.conftest import Driver, application, make_household
from tests.conftest import TODAY
from tests.gui import when_modal


def _preview(pdb, qtbot, tmp_path):
    from pjdesk.cases.printouts import write_approval_batch
    from ui.printing.preview import PreviewDialog

    pdf = tmp_path / "sheets.pdf"
    write_approval_batch(pdb, pdf, village="大山村")
    dialog = PreviewDialog(pdf, "审批表", suggested_name="审批表.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, pdf


# ---- 1. 另存为 PDF… asks for a file and writes it
def test_issue17_1_save_as_pdf_asks_for_a_file_and_writes_it(pdb, qtbot, tmp_path, monkeypatch):
    dialog, pdf = _preview(pdb, qtbot, tmp_path)
    asked = []

    def answer(parent, caption, start, filters, *a, **kw):
        asked.append((caption, start))
        return str(tmp_path / "保存的审批表"), filters     # typed without .pdf

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **kw: warnings.append(a)))
    qtbot.mouseClick(dialog.findChild(QPushButton, "save_as"), Qt.MouseButton.LeftButton)
    assert asked and asked[0][0] == "另存为 PDF" and asked[0][1].endswith("审批表.pdf")
    assert not warnings
    saved = tmp_path / "保存的审批表.pdf"
    assert saved.read_bytes() == pdf.read_bytes()


def test_issue17_1_save_as_pdf_cancelled_writes_nothing(pdb, qtbot, tmp_path, monkeypatch):
    dialog, _pdf = _preview(pdb, qtbot, tmp_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **kw: ("", "")))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **kw: warnings.append(a)))
    before = set(tmp_path.iterdir())
    dialog.findChild(QPushButton, "save_as").click()
    assert not warnings and set(tmp_path.iterdir()) == before and not (tmp_path / "False").exists()


# ---- 5. Qt's own buttons and dialogs speak Chinese
def test_issue17_5_qt_standard_buttons_are_chinese(ctx, qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "未保存的修改", "是否保存修改？",
                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
                      | QMessageBox.StandardButton.Ok)
    seen = []
    watch = when_modal(lambda dlg: (seen.extend(b.text() for b in dlg.buttons()),
                                    qtbot.mouseClick(dlg.button(QMessageBox.StandardButton.Cancel),
                                                     Qt.MouseButton.LeftButton)))
    assert box.exec() == QMessageBox.StandardButton.Cancel and not watch.timed_out
    texts = {t.replace("&", "").split("(")[0] for t in seen}
    assert "取消" in texts and "确定" in texts and not {"Cancel", "OK", "Discard"} & texts
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Yes)
    assert [b.text().replace("&", "").split("(")[0] for b in buttons.buttons()] in (["关闭", "是"], ["是", "关闭"])


def test_issue17_5_translations_ship_with_pyside6_and_the_build(qapp):
    from PySide6.QtCore import QLibraryInfo
    from pathlib import Path

    from ui.app import QT_TRANSLATIONS, qt_translation_dir

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert qt_translation_dir() == folder
    for name in QT_TRANSLATIONS:
        assert (folder / f"{name}.qm").is_file(), name
    spec = (Path(__file__).resolve().parents[2] / "build.spec").read_text(encoding="utf-8")
    assert "qtbase_zh_CN" in spec or "QT_TRANSLATIONS" in spec


# ---- 6. dialogs fit the screen they open on
@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 728), QRect(0, 0, 1024, 660), QRect(0, 0, 1440, 860),
                                    QRect(0, 0, 800, 600)])
def test_issue17_6_sizes_fit_the_available_rectangle(screen):
    from ui.widgets.screen import fitted_size

    size = fitted_size(QSize(900, 1000), screen)
    assert size.width() <= screen.width() and size.height() <= screen.height() - 40   # room for the frame
    assert size.height() >= min(1000, screen.height() - 40) * 0.85                # but uses the height it has


def test_issue17_6_print_preview_fits_a_small_screen(pdb, qtbot, tmp_path, monkeypatch):
    from ui.widgets import screen as screen_mod

    small = QRect(0, 0, 1024, 660)                                 # 1024×700 less a task bar
    monkeypatch.setattr(screen_mod, "available_geometry", lambda widget=None: small)
    dialog, _pdf = _preview(pdb, qtbot, tmp_path)
    frame = dialog.frameGeometry()
    assert dialog.height() <= small.height() - 40 and dialog.width() <= small.width()
    assert small.contains(QRect(frame.topLeft(), dialog.size())), frame


def test_issue17_6_print_preview_fits_the_real_primary_screen(pdb, qtbot, tmp_path):
    available = QGuiApplication.primaryScreen().availableGeometry()
    dialog, _pdf = _preview(pdb, qtbot, tmp_path)
    assert dialog.width() <= available.width() and dialog.height() <= available.height()


# ---- 7. an out-of-range setting is refused beside its field, with the reason
def _settings_page(ctx, qtbot):
    from ui.settings.page import SettingsPage

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    return page


def _type_into_spin(qtbot, box: QSpinBox, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)


def test_issue17_7_out_of_range_setting_is_refused_beside_the_field(ctx, qtbot):
    page = _settings_page(ctx, qtbot)
    days = page.findChild(QSpinBox, "posting_min_days")
    _type_into_spin(qtbot, days, "5")
    error = page.form.errors["posting_min_days"]
    with pytest.raises(Exception) as refused:
        settings.check("posting_min_days", 5)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert error.isVisible() and error.text() == refused.value.message
    assert "7" in error.text() and "60" in error.text()
    assert page.status.text() != "没有修改。" and "未保存" in page.status.text()
    assert days.value() == 5 or days.text().startswith("5")        # what was typed stays to be corrected
    assert ctx.setting("posting_min_days") == 7
    _type_into_spin(qtbot, days, "10")
    assert not error.isVisible()                                  # corrected while typing
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ctx.setting("posting_min_days") == 10 and "已保存" in page.status.text()


def test_issue17_7_refusal_shows_while_typing(ctx, qtbot):
    page = _settings_page(ctx, qtbot)
    limit = page.findChild(QSpinBox, "helper_household_limit")
    _type_into_spin(qtbot, limit, "8")
    error = page.form.errors["helper_household_limit"]
    assert error.isVisible() and "1至5" in error.text()


# ---- 12. a posting longer than usual asks before it is saved
def _posting_dialog(ctx, qtbot):
    from ui.cases.page import CasesPage
    from ui.cases.posting_dialog import PostingDialog

    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    Driver(ctx.db, no).to_stage("一榜公示")
    page = CasesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    dlg = PostingDialog(ctx, page.rows, page.villages, page, village="大山村", stage="一榜公示", today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _press_ok(qtbot, dlg):
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _answer(qtbot, word: str, seen: list):
    def cb(box):
        seen.append(box.text())
        button = next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == word)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return cb


def test_issue17_12_long_posting_asks_for_confirmation(ctx, qtbot):
    assert settings.DEFAULTS["posting_confirm_days"] == 30
    dlg = _posting_dialog(ctx, qtbot)
    dlg.start.setDate(QDate(2026, 11, 20))
    dlg.end.setDate(QDate(2027, 1, 3))                            # 45 days: longer than usual, asked
    seen: list = []
    watch = when_modal(_answer(qtbot, "取消", seen), above=dlg)
    _press_ok(qtbot, dlg)
    assert not watch.timed_out and seen and "45天" in seen[0] and "30天" in seen[0]
    assert dlg.isVisible() and batches(ctx.db) == []               # 取消: nothing saved, dialog open
    watch = when_modal(_answer(qtbot, "确认", seen), above=dlg)
    _press_ok(qtbot, dlg)
    assert not watch.timed_out and not dlg.isVisible()
    [batch] = batches(ctx.db)
    assert batch.days == 45


def test_issue14_5_a_posting_longer_than_60_days_is_refused_beside_the_end_date(ctx, qtbot):
    """The year mis-clicked (736 days; or 9999-12-31, which overflowed later date arithmetic): refused."""
    dlg = _posting_dialog(ctx, qtbot)
    dlg.start.setDate(QDate(2026, 11, 20))
    dlg.end.setDate(QDate(2028, 11, 24))
    _press_ok(qtbot, dlg)
    assert dlg.isVisible() and batches(ctx.db) == []
    assert "公示期最长60天" in " ".join(lbl.text() for lbl in dlg.findChildren(QLabel) if lbl.isVisible())


def test_issue17_12_usual_posting_saves_without_asking(ctx, qtbot):
    dlg = _posting_dialog(ctx, qtbot)
    dlg.start.setDate(QDate(2026, 11, 20))
    dlg.end.setDate(QDate(2026, 12, 19))                          # 30 days: the usual limit itself
    seen: list = []
    watch = when_modal(_answer(qtbot, "取消", seen), above=dlg, timeout_ms=300)
    _press_ok(qtbot, dlg)
    qtbot.waitUntil(lambda: watch.timed_out, timeout=2000)
    assert not seen and not dlg.isVisible() and batches(ctx.db)[0].days == 30


def test_issue17_12_the_setting_is_on_the_settings_page(ctx, qtbot):
    page = _settings_page(ctx, qtbot)
    box = page.findChild(QSpinBox, "posting_confirm_days")
    assert box is not None and box.value() == 30
    _type_into_spin(qtbot, box, "45")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ctx.setting("posting_confirm_days") == 45
    dlg = _posting_dialog(ctx, qtbot)
    dlg.start.setDate(QDate(2026, 11, 20))
    dlg.end.setDate(QDate(2026, 12, 29))                          # 40 days: under the new setting
    seen: list = []
    watch = when_modal(_answer(qtbot, "取消", seen), above=dlg, timeout_ms=300)
    _press_ok(qtbot, dlg)
    qtbot.waitUntil(lambda: watch.timed_out, timeout=2000)
    assert not seen and batches(ctx.db)[0].days == 40


def _window_factories():
    def household(ctx):
        from ui.households.detail_dialog import HouseholdDialog
        return HouseholdDialog(ctx, make_household(ctx.db))

    def wizard(ctx):
        from ui.households.new_household import NewHouseholdWizard
        return NewHouseholdWizard(ctx)

    def villages(ctx):
        from ui.villages_dialog import VillagesDialog
        return VillagesDialog(ctx)

    def autopair(ctx):
        from ui.pairing.autopair_dialog import AutoPairDialog
        return AutoPairDialog(ctx)

    def main_window(ctx):
        from PySide6.QtCore import QSettings

        from ui.main_window import MainWindow
        # First start: no size saved by an earlier window of this test session (Qt fits a restored
        # geometry to the real screens itself; the fake small screen here is ours only).
        QSettings().remove("main_window/geometry")
        return MainWindow(ctx)

    return {"户详情": household, "新增户": wizard, "村": villages, "自动结对": autopair, "主窗口": main_window}


@pytest.mark.parametrize("name", list(_window_factories()))
def test_issue17_6_big_windows_fit_a_small_screen(name, ctx, qtbot, monkeypatch):
    from ui.widgets import screen as screen_mod

    small = QRect(0, 0, 1024, 660)                                 # 1024×700 less a task bar
    monkeypatch.setattr(screen_mod, "available_geometry", lambda widget=None: small)
    window = _window_factories()[name](ctx)
    qtbot.addWidget(window)
    assert window.width() <= small.width() and window.height() <= small.height() - 40, window.size()
