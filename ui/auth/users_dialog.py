"""用户管理 (管理员): the users with their role and state; 添加用户, 重设密码, 修改角色, 停用 / 启用. Each
change is its own dialog or one service call; the service refuses a user who is not 管理员 anyway."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout

from pjdesk.auth import users
from pjdesk.errors import PjdeskError

from ..widgets.ask import ask
from ..widgets.table_model import Col, RowsModel, table_view
from .dialogs import AddUserDialog, ResetPasswordDialog, RoleDialog

COLUMNS = (
    Col("name", "用户名", lambda u: u.name),
    Col("display_name", "姓名", lambda u: u.display_name),
    Col("role", "角色", lambda u: u.role, centre=True),
    Col("status", "状态", lambda u: u.status(), centre=True),
    Col("created_at", "创建时间", lambda u: u.created_at.strftime("%Y-%m-%d %H:%M")),
)


class UsersDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("用户管理")
        self.setMinimumSize(640, 380)
        self.model = RowsModel(COLUMNS, self)
        self.view = table_view(self.model, "users", stretch="created_at")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        bar = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (("add", "添加用户…", self.add), ("reset", "重设密码…", self.reset),
                                ("role", "修改角色…", self.change_role), ("lock", "停用", self.lock),
                                ("unlock", "启用/解锁", self.unlock)):
            b = QPushButton(text, objectName=f"users_{key}")
            b.clicked.connect(slot)
            bar.addWidget(b)
            self.buttons[key] = b
        bar.addStretch(1)
        close = QPushButton("关闭", objectName="users_close")
        close.clicked.connect(self.accept)
        bar.addWidget(close)
        note = QLabel("停用的用户不能登录；连续输错5次密码的用户会被锁定15分钟，“启用/解锁”可立即解除。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addLayout(bar)
        ctx.changed.connect(lambda area: self.reload() if area == "users" else None)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(users.list_users(self.ctx.db))
        self._enable()

    def selected(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _enable(self) -> None:
        u = self.selected()
        for key in ("reset", "role", "lock", "unlock"):
            self.buttons[key].setEnabled(u is not None)
        if u is not None:
            self.buttons["lock"].setEnabled(u.active)

    def add(self) -> None:
        AddUserDialog(self.ctx, self).exec()

    def reset(self) -> None:
        u = self.selected()
        if u:
            ResetPasswordDialog(self.ctx, u.name, self).exec()

    def change_role(self) -> None:
        u = self.selected()
        if u:
            RoleDialog(self.ctx, u.name, u.role, self).exec()

    def lock(self) -> None:
        u = self.selected()
        if u and ask(self, "停用用户", f"停用用户“{u.name}”（{u.display_name}）？停用后不能登录，已有记录保留。",
                     yes="停用", no="取消", destructive=True):
            self._call(lambda: users.set_active(self.ctx.db, u.name, False), f"已停用用户：{u.name}")

    def unlock(self) -> None:
        u = self.selected()
        if u:
            self._call(lambda: users.set_active(self.ctx.db, u.name, True), f"已启用用户：{u.name}")

    def _call(self, action, message: str) -> None:
        try:
            action()
        except PjdeskError as exc:
            QMessageBox.warning(self, "未执行", exc.message)
            return
        self.ctx.changed.emit("users")
        self.ctx.done.emit(message)
