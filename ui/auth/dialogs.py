"""The dialogs of users and passwords, each one service call: log in (at start and to unlock the idle
screen), create the first administrator, change one's own password, and — for an administrator — add a
user, reset a password, change a role. Every check and refusal text is pjdesk's."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from pjdesk.auth import passwords, users
from pjdesk.auth.roles import ROLES

from ..widgets.action_dialog import ActionDialog


def _password_field(name: str) -> QLineEdit:
    return QLineEdit(objectName=name, echoMode=QLineEdit.EchoMode.Password)


class LoginDialog(ActionDialog):
    """登录: at start, and — with ``fixed_name`` — to unlock the screen after the idle period."""

    def __init__(self, ctx, parent=None, *, fixed_name: str = "", title: str = "登录"):
        intro = (f"屏幕已锁定。请输入用户“{fixed_name}”的密码继续；其他用户请退出程序后重新登录。" if fixed_name
                 else f"请登录。数据库：{ctx.db.path}")
        super().__init__(ctx, title, intro, parent, ok_text="登录", cancel_text="退出")
        self.name = self.form.add("name", "用户名：", QLineEdit(objectName="login_name"))
        self.password = self.form.add("password", "密码：", _password_field("login_password"))
        if fixed_name:
            self.name.setText(fixed_name)
            self.name.setReadOnly(True)
            self.password.setFocus()

    def errors(self):
        return users.login_errors(self.name.text(), self.password.text())

    def submit(self):
        try:
            return users.login(self.ctx.db, self.name.text(), self.password.text())
        finally:
            self.password.clear()

    def done_message(self, result) -> str:
        return ""


class FirstAdminDialog(ActionDialog):
    """The first run's administrator (a database without users)."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "创建管理员", "这是本数据库的第一个用户，将成为管理员：可以添加其他用户、修改设置、"
                         "恢复备份。请牢记密码。", parent, ok_text="创建并登录", cancel_text="退出")
        self.name = self.form.add("name", "用户名：", QLineEdit("admin", objectName="admin_name"))
        self.display = self.form.add("display_name", "姓名：", QLineEdit(objectName="admin_display_name"))
        self.password = self.form.add("password", "密码：", _password_field("admin_password"))
        self.again = self.form.add("password_again", "再次输入密码：", _password_field("admin_password_again"))

    def errors(self):
        return (users.user_errors(self.name.text(), self.display.text(), users.ADMIN, self.password.text())
                + passwords.confirm_errors(self.password.text(), self.again.text()))

    def submit(self):
        return users.create_first_admin(self.ctx.db, self.name.text(), self.display.text(), self.password.text())

    def done_message(self, result) -> str:
        return f"已创建管理员：{result.name}"


class PasswordDialog(ActionDialog):
    """修改密码: the logged-in user's own."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "修改密码", f"用户：{ctx.db.user.name}（{ctx.db.user.display_name}）", parent)
        self.old = self.form.add("old_password", "原密码：", _password_field("old_password"))
        self.new = self.form.add("new_password", "新密码：", _password_field("new_password"))
        self.again = self.form.add("password_again", "再次输入新密码：", _password_field("new_password_again"))

    def errors(self):
        return (passwords.password_errors(self.new.text(), "new_password")
                + passwords.confirm_errors(self.new.text(), self.again.text()))

    def submit(self):
        users.change_password(self.ctx.db, self.old.text(), self.new.text())

    def done_message(self, result) -> str:
        return "已修改密码"


class AddUserDialog(ActionDialog):
    area = "users"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "添加用户", "录入员：录入和修改户、项目、帮扶记录；审核员：另可录入审核意见和公示；"
                         "管理员：另可管理用户、修改设置和补助标准、恢复备份。", parent)
        self.name = self.form.add("name", "用户名：", QLineEdit(objectName="user_name"))
        self.display = self.form.add("display_name", "姓名：", QLineEdit(objectName="user_display_name"))
        self.role = self.form.add("role", "角色：", QComboBox(objectName="user_role"))
        self.role.addItems(ROLES)
        self.password = self.form.add("password", "初始密码：", _password_field("user_password"))
        self.again = self.form.add("password_again", "再次输入：", _password_field("user_password_again"))

    def errors(self):
        return (users.user_errors(self.name.text(), self.display.text(), self.role.currentText(), self.password.text())
                + passwords.confirm_errors(self.password.text(), self.again.text()))

    def submit(self):
        users.add_user(self.ctx.db, self.name.text(), self.display.text(), self.role.currentText(),
                       self.password.text())
        return self.name.text().strip()

    def done_message(self, result) -> str:
        return f"已添加用户：{result}（{self.role.currentText()}）"


class ResetPasswordDialog(ActionDialog):
    area = "users"

    def __init__(self, ctx, name: str, parent=None):
        super().__init__(ctx, "重设密码", f"为用户“{name}”设置新密码（同时解除连续输错的锁定）。请当面告知本人，"
                         "并请其登录后修改。", parent)
        self.user_name = name
        self.password = self.form.add("password", "新密码：", _password_field("reset_password"))
        self.again = self.form.add("password_again", "再次输入：", _password_field("reset_password_again"))

    def errors(self):
        return passwords.password_errors(self.password.text()) + passwords.confirm_errors(
            self.password.text(), self.again.text())

    def submit(self):
        users.reset_password(self.ctx.db, self.user_name, self.password.text())

    def done_message(self, result) -> str:
        return f"已重设用户“{self.user_name}”的密码"


class RoleDialog(ActionDialog):
    area = "users"

    def __init__(self, ctx, name: str, role: str, parent=None):
        super().__init__(ctx, "修改角色", f"用户“{name}”的角色：", parent)
        self.user_name = name
        self.role = self.form.add("role", "角色：", QComboBox(objectName="role_choice"))
        self.role.addItems(ROLES)
        self.role.setCurrentText(role)

    def submit(self):
        users.set_role(self.ctx.db, self.user_name, self.role.currentText())

    def done_message(self, result) -> str:
        return f"用户“{self.user_name}”的角色改为{self.role.currentText()}"
