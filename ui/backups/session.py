"""The window's hold on its database file (issue 14): one window per file (a second one is told and may
open it read-only), the check of the file after the first paint (``quick_check``; ``integrity_check``
after an unclean shutdown), a damaged file's 从备份恢复…, the 文件 menu's 备份到… / 从备份恢复… /
备份文件夹, and the automatic backup when the window closes. The work is done by ``pjdesk.backups`` and
``pjdesk.opening``; this module asks and tells."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pjdesk import backups, opening
from pjdesk.errors import DatabaseDamaged, PjdeskError

from ..runner import Job
from ..widgets.ask import ask

log = logging.getLogger(__name__)

READ_ONLY = "readonly"


def claim(path: Path, parent=None) -> opening.InstanceLock | str | None:
    """Take the database's window lock. Another window holds it: say so and ask — 以只读方式打开 returns
    READ_ONLY, 退出 returns None."""
    lock = opening.InstanceLock(path)
    if lock.acquire():
        return lock
    box = QMessageBox(QMessageBox.Icon.Warning, "数据库已在另一个窗口中打开",
                      opening.second_instance_message(path, lock.other_pid), QMessageBox.StandardButton.NoButton,
                      parent)
    read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    return READ_ONLY if box.clickedButton() is read_only else None


def release(lock: opening.InstanceLock | str | None) -> None:
    """Let the window lock go (nothing to do for a read-only window)."""
    if isinstance(lock, opening.InstanceLock):
        lock.release()


def offer_backup(parent, exc: DatabaseDamaged, path: Path) -> bool:
    """A damaged or empty database file: the refusal, with 从备份恢复… (the newest good backup) and
    选择备份文件…. Returns True when a backup was put in its place (the caller opens it again)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "数据库文件已损坏", exc.message,
                      QMessageBox.StandardButton.NoButton, parent)
    newest = box.addButton("从备份恢复…", QMessageBox.ButtonRole.AcceptRole) if exc.backup else None
    choose = box.addButton("选择备份文件…", QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if newest is not None and clicked is newest:
        source = Path(exc.backup)
    elif clicked is choose:
        chosen, _ = QFileDialog.getOpenFileName(parent, "选择备份文件", str(backups.backups_dir()),
                                                "数据库备份 (*.db);;所有文件 (*)")
        if not chosen:
            return False
        source = Path(chosen)
    else:
        return False
    try:
        plan = backups.plan_restore(path, source)
        if not ask(parent, "从备份恢复", plan.summary(), yes="恢复", no="取消"):
            return False
        result = backups.restore_unusable(path, source)
    except PjdeskError as err:
        QMessageBox.warning(parent, "无法恢复", err.message)
        return False
    kept = f"\n损坏的原文件已保存到：{result.saved_current}" if result.saved_current else ""
    QMessageBox.information(parent, "已恢复", f"已从备份恢复：{plan.township}，{plan.households}户"
                                             f"（备份于{plan.made_at:%Y-%m-%d %H:%M}）。{kept}")
    return True


class FileMenu:
    """The 文件 menu's backup entries and the window's checks, for one main window."""

    def __init__(self, window, ctx, lock: opening.InstanceLock | None = None):
        self.window, self.ctx, self.lock = window, ctx, lock
        self.restored = False       # the database was replaced: no backup at exit, the window closes
        self.damaged = False
        self.job: Job | None = None

    # -- checks after the first paint ------------------------------------------------------------------
    def check_later(self) -> None:
        """Check the file in the background once the window is painted (0.8 s on 50,000 households)."""
        QTimer.singleShot(0, self._start_check)

    def _start_check(self) -> None:
        db, full = self.ctx.db, bool(self.lock and self.lock.unclean)

        def work(_progress):     # in the background: the check, then today's first backup (seconds at 50k)
            opening.check_file_whole(db.path, full=full)
            if db.read_only or not backups.due_today(db.path):
                return None
            return self._auto_backup()   # none yet today (also after a crash, before today's work)
        self.job = Job(work, title="正在检查数据库", parent=self.window, show_after_ms=None)
        self.job.failed.connect(self._check_failed)
        self.job.done.connect(self._checked)
        self.job.start()

    def _checked(self, made) -> None:
        self.job = None
        if made is not None:
            self.ctx.done.emit(f"数据库检查完好，已自动备份：{made.name}")

    def _check_failed(self, exc, _trace) -> None:
        self.job = None
        if not isinstance(exc, DatabaseDamaged):
            log.error("database check failed: %s", _trace)
            return
        self.damaged = True
        self.ctx.db.close()
        if offer_backup(self.window, exc, self.ctx.db.path):
            QMessageBox.information(self.window, "请重新打开", "程序将关闭，请重新打开并登录。")
        self.restored = True
        self.window.close()

    # -- the 文件 menu -----------------------------------------------------------------------------------
    def backup_to(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "备份到（可选U盘）", str(Path.home()))
        if not folder:
            return
        db = self.ctx.db
        self.job = Job(lambda _p: backups.make_backup(db, folder, kind="manual"), title="正在备份",
                       parent=self.window)
        self.job.done.connect(self._backed_up)
        self.job.failed.connect(self._failed)
        self.job.start()

    def _backed_up(self, path) -> None:
        self.job = None
        self.ctx.done.emit(f"已备份并通过完整性检查：{path}")
        QMessageBox.information(self.window, "备份完成", f"已备份并通过完整性检查：\n{path}")

    def _failed(self, exc, trace) -> None:
        self.job = None
        if isinstance(exc, PjdeskError):
            QMessageBox.warning(self.window, "备份失败", exc.message)
        else:
            raise exc

    def restore_from(self) -> None:
        from .restore_dialog import RestoreDialog  # loads when first used (start-up time)

        try:
            backups.may_restore(self.ctx.db)
        except PjdeskError as exc:
            QMessageBox.warning(self.window, "无法恢复", exc.message)
            return
        chosen, _ = QFileDialog.getOpenFileName(self.window, "选择备份文件", str(backups.backups_dir()),
                                                "数据库备份 (*.db);;所有文件 (*)")
        if not chosen:
            return
        try:
            plan = backups.plan_restore(self.ctx.db.path, chosen)
        except PjdeskError as exc:
            QMessageBox.warning(self.window, "不能用此文件恢复", exc.message)
            return
        dialog = RestoreDialog(self.ctx, plan, self.window)
        if dialog.exec() != RestoreDialog.DialogCode.Accepted:
            return
        self.restored = True
        result = dialog.result_value
        QMessageBox.information(self.window, "恢复完成",
                                f"已从备份恢复：{plan.township}，{plan.households}户。\n"
                                f"恢复前的数据库已备份到：{result.saved_current}\n程序将关闭，请重新打开并登录。")
        self.window.close()

    def open_folder(self) -> None:
        folder = backups.backups_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- closing -----------------------------------------------------------------------------------------
    def _auto_backup(self) -> Path | None:
        try:
            return backups.auto_backup(self.ctx.db)
        except PjdeskError as exc:     # a full disk must not keep the window from closing; logged
            log.warning("automatic backup failed: %s", exc.message)
            return None

    def finish(self) -> Path | None:
        """When the window has closed: today's automatic backup (not after a restore, in a read-only window
        or of a damaged file), then the lock let go — a clean exit. Returns the backup made."""
        made = None
        if not (self.restored or self.damaged or self.ctx.db.read_only):
            made = self._auto_backup()
        if self.lock is not None:
            self.lock.release()
        return made
