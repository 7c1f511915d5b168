"""Issue 14 in the window: 文件 → 备份到… / 从备份恢复…, the second window on the same file, a file found
damaged after the first paint (从备份恢复… offered), and the automatic backup when the window closes.
Menu entries are triggered, message boxes and dialogs answered by clicking their buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from db import backup as copies
from pjdesk import backups, opening
from pjdesk.registry.township import add_village
from tests.gui import type_ime, when_modal

from .helpers import corrupt, count

NOW = dt.datetime(2026, 11, 28, 17, 30)


def press(box, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def menu_action(window, text: str):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == text)


def window_on(ctx, qtbot):
    from ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def test_a_second_window_is_told_and_may_open_read_only(qapp, db):
    from ui.backups.session import READ_ONLY, claim

    first = opening.InstanceLock(db.path)
    assert first.acquire()
    seen = []
    for answer, expected in (("以只读方式打开", READ_ONLY), ("退出", None)):
        watch = when_modal(lambda box: seen.append(box.text()) or press(box, answer))
        assert claim(db.path) == expected and not watch.timed_out
    assert "此数据库已在另一个平江扶贫工作台窗口中打开" in seen[0] and str(db.path.resolve()) in seen[0]
    first.release()
    lock = claim(db.path)                                   # the first window closed: no question
    assert isinstance(lock, opening.InstanceLock) and lock.held
    lock.release()


def test_backup_to_a_folder_from_the_file_menu(ctx, qtbot, tmp_path, monkeypatch):
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    w = window_on(ctx, qtbot)
    texts = []
    watch = when_modal(lambda box: texts.append(box.text()) or box.buttons()[0].click(), timeout_ms=10000)
    menu_action(w, "备份到(&B)…").trigger()
    qtbot.waitUntil(lambda: bool(texts), timeout=10000)
    made = next(usb.glob("test-*-manual.db"))
    assert not watch.timed_out and "已备份并通过完整性检查" in texts[0] and str(made) in texts[0]
    assert copies.check(made) == []


def test_restore_from_the_file_menu_says_what_it_replaces_then_does_it(ctx, qtbot, monkeypatch, tmp_path):
    made = backups.make_backup(ctx.db, now=NOW)
    add_village(ctx.db, "新建村")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(made), "")))
    w = window_on(ctx, qtbot)
    shown = {}

    def answer_info(box):
        shown["info"] = box.text()
        box.buttons()[0].click()

    def restore_dialog(dlg):
        shown["summary"] = dlg.summary.text()
        dlg.grab().save(str(tmp_path / "restore-dialog.png"))
        when_modal(answer_info, above=dlg, timeout_ms=10000)
        dlg.ok.click()
    watch = when_modal(restore_dialog, timeout_ms=10000)
    menu_action(w, "从备份恢复(&R)…").trigger()
    qtbot.waitUntil(lambda: "info" in shown, timeout=10000)
    assert not watch.timed_out
    assert "备份内容：虹桥镇，0户，备份于2026-11-28 17:30" in shown["summary"] and "当前数据库：虹桥镇" in shown["summary"]
    assert "已从备份恢复" in shown["info"] and "恢复前的数据库已备份到" in shown["info"]
    qtbot.waitUntil(lambda: not w.isVisible())              # the window closes: open again and log in
    assert count(ctx.db.path, "village") == 7 and w.backups.finish() is None   # no exit backup after a restore


def test_a_file_found_damaged_after_the_first_paint_offers_the_newest_backup(ctx, qtbot, tmp_path):
    good = backups.make_backup(ctx.db, now=NOW)
    w = window_on(ctx, qtbot)
    corrupt(ctx.db.path, "help_record")
    texts = []

    def answer(box):
        texts.append(box.text())
        if len(texts) == 1:
            box.grab().save(str(tmp_path / "damaged.png"))
            press(box, "从备份恢复…")
        elif len(texts) == 2:
            press(box, "恢复")              # the plan, confirmed
        else:
            box.buttons()[0].click()        # 已恢复 / 请重新打开
        if len(texts) < 4:
            when_modal(answer, timeout_ms=10000)
    when_modal(answer, timeout_ms=10000)
    w.backups.check_later()
    qtbot.waitUntil(lambda: len(texts) == 4, timeout=15000)
    assert texts[0].startswith("数据库文件已损坏") and str(good) in texts[0]
    assert "将用备份文件替换当前数据库" in texts[1] and "已从备份恢复" in texts[2] and "重新打开" in texts[3]
    qtbot.waitUntil(lambda: not w.isVisible())
    assert copies.check(ctx.db.path) == [] and w.backups.finish() is None


def test_closing_makes_todays_backup_and_a_clean_exit(ctx, qtbot):
    lock = opening.InstanceLock(ctx.db.path)
    assert lock.acquire()
    w = window_on(ctx, qtbot)
    w.backups.lock = lock
    w.close()
    made = w.backups.finish()
    assert made is not None and made.name.endswith("-auto.db") and copies.check(made) == []
    assert opening.lock_path(ctx.db.path.resolve()).read_text() == ""      # emptied: a clean exit
    assert not opening.previous_session_unclean(ctx.db.path)
    assert QApplication.activeModalWidget() is None or not isinstance(QApplication.activeModalWidget(), QMessageBox)


def test_a_whole_file_is_checked_after_the_first_paint_and_todays_first_backup_made(ctx, qtbot):
    w = window_on(ctx, qtbot)
    assert backups.due_today(ctx.db.path)
    w.backups.check_later()
    qtbot.waitUntil(lambda: not backups.due_today(ctx.db.path), timeout=10000)
    qtbot.waitUntil(lambda: "已自动备份" in w.statusBar().currentMessage(), timeout=5000)
    assert "数据库检查完好" in w.statusBar().currentMessage() and w.isVisible()


def test_a_read_only_window_says_so_and_refuses_a_write_in_a_dialog(ctx, qtbot):
    from PySide6.QtWidgets import QLabel

    from ui.villages_dialog import VillagesDialog

    opening.open_read_only(ctx.db)
    w = window_on(ctx, qtbot)
    badge = w.statusBar().findChild(QLabel, "read_only")
    assert badge is not None and badge.text() == "只读" and "另一个窗口" in badge.toolTip()
    dlg = VillagesDialog(ctx, w)
    qtbot.addWidget(dlg)
    dlg.show()
    type_ime(dlg.name, "新建村")
    dlg.ok.click()
    assert dlg.isVisible() and "以只读方式打开" in dlg.general.text()      # refused inside the dialog
    assert count(ctx.db.path, "village") == 7


def test_an_empty_file_at_start_offers_the_newest_backup(qapp, db):
    from ui.backups.session import offer_backup

    good = backups.make_backup(db, now=NOW)
    path = db.path
    db.close()
    path.write_bytes(b"")
    exc = None
    try:
        from db import open_database
        open_database(path)
    except Exception as refused:          # what ui.app.run catches
        exc = opening.refuse_unreadable(path, refused)
    texts = []

    def answer(box):
        texts.append(box.text())
        press(box, {1: "从备份恢复…", 2: "恢复"}.get(len(texts), box.buttons()[0].text()))
        if len(texts) < 3:
            when_modal(answer, timeout_ms=10000)
    when_modal(answer, timeout_ms=10000)
    assert offer_backup(None, exc, path) is True
    assert "数据库文件是空的（0字节）" in texts[0] and str(good) in texts[0]
    assert "将用备份文件替换当前数据库" in texts[1] and "已从备份恢复：虹桥镇，0户" in texts[2]
    assert copies.check(path) == [] and count(path, "village") == 7
