"""Who is logged in, for the main window: the login at start (the first run creates the administrator),
the 用户 menu (修改密码, 用户管理, 锁定屏幕), the status bar's 当前用户, and the screen lock after the idle
period of the setting ``idle_lock_minutes``."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from pjdesk import settings
from pjdesk.auth import users
from pjdesk.auth.roles import ADMIN, allows
from pjdesk.errors import PjdeskError

from .dialogs import FirstAdminDialog, LoginDialog, PasswordDialog


def login_at_start(ctx, parent=None) -> bool:
    """Log someone in before the main window opens; False when the clerk chose 退出. A database without
    users (first run, or one from before users existed) asks for its administrator. PJDESK_USER and
    PJDESK_PASSWORD, when both are set, log in without the dialog (as for the command line)."""
    db = ctx.db
    if db.user is not None:         # the demo just built logs its administrator in
        return True
    if not users.has_users(db):
        return FirstAdminDialog(ctx, parent).exec() == QDialog.DialogCode.Accepted
    name, password = os.environ.get("PJDESK_USER", ""), os.environ.get("PJDESK_PASSWORD")
    if name and password is not None:
        try:
            users.login(db, name, password)
            return True
        except PjdeskError:
            pass                    # the dialog says why when the clerk tries
    dlg = LoginDialog(ctx, parent)
    if name:
        dlg.name.setText(name)
        dlg.password.setFocus()
    return dlg.exec() == QDialog.DialogCode.Accepted


INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class IdleLock(QObject):
    """Locks the screen after ``idle_lock_minutes`` without a key press or a mouse movement: every
    window's contents are hidden (an open dialog keeps what was typed) until the user's password is
    given again; 退出 closes the program."""

    MS_PER_MINUTE = 60_000

    def __init__(self, window, ctx):
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.locked = False
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        # the default period until the setting is read after the first paint (reading it configures
        # the ORM, which the window's start leaves to a background job: start-up time)
        self.timer.start(int(settings.DEFAULTS["idle_lock_minutes"] * self.MS_PER_MINUTE))
        QTimer.singleShot(3000, self.restart)
        QApplication.instance().installEventFilter(self)
        ctx.changed.connect(lambda area: self.restart() if area == "settings" else None)

    def restart(self) -> None:
        if self.locked:
            return
        minutes = settings.value(self.ctx.db, "idle_lock_minutes")
        self.timer.start(int(minutes * self.MS_PER_MINUTE))

    def eventFilter(self, obj, event) -> bool:
        if not self.locked and event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        elif obj is self.window and event.type() == QEvent.Type.Close:
            self.timer.stop()                # a closed window no longer locks
        return False

    def lock(self) -> bool:
        """Hide every window's contents and ask for the password; True when unlocked."""
        if self.locked or self.ctx.db.user is None or not self.window.isVisible():
            return True
        self.locked = True
        hidden = []
        for top in QApplication.topLevelWidgets():
            if top.isVisible():
                for child in top.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
                    if child.isVisible():
                        child.hide()
                        hidden.append(child)
        dlg = LoginDialog(self.ctx, self.window, fixed_name=self.ctx.db.user.name, title="屏幕已锁定")
        dlg.setObjectName("screen_lock")
        unlocked = dlg.exec() == QDialog.DialogCode.Accepted
        self.locked = False
        if not unlocked:
            self.window.close()
            return False
        for child in hidden:
            child.show()
        self.restart()
        return True


class UserMenu:
    """The 用户 menu and the status bar's 当前用户 of the main window."""

    def __init__(self, window, ctx):
        self.window, self.ctx = window, ctx
        user = ctx.db.user
        self.label = QLabel(f"当前用户：{user.display_name}（{user.role}）" if user else "未登录",
                            objectName="current_user")
        window.statusBar().addPermanentWidget(self.label)
        bar = window.menuBar()
        menu = bar.addMenu("用户(&U)")
        help_menu = next((a for a in bar.actions() if a.text().startswith("帮助")), None)
        if help_menu is not None:                # 用户 before 帮助, which stays last
            bar.insertMenu(help_menu, menu)
        self.password = QAction("修改密码(&P)…", window, objectName="change_password")
        self.password.triggered.connect(lambda: PasswordDialog(ctx, window).exec())
        self.manage = QAction("用户管理(&M)…", window, objectName="manage_users")
        self.manage.triggered.connect(self.manage_users)
        self.manage.setEnabled(bool(user) and allows(user.role, ADMIN))
        self.manage.setToolTip("需要管理员角色")
        self.lock_action = QAction("锁定屏幕(&L)", window, objectName="lock_screen",
                                   shortcut=QKeySequence("Ctrl+L"))
        for action in (self.password, self.manage, self.lock_action):
            menu.addAction(action)
        self.idle = IdleLock(window, ctx)
        self.lock_action.triggered.connect(self.idle.lock)

    def manage_users(self) -> None:
        from .users_dialog import UsersDialog  # loads when first opened (start-up time)

        UsersDialog(self.ctx, self.window).exec()
