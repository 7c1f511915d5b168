"""Add or edit one member. 保存 stays disabled until every field is valid; one save = one transaction."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from pjdesk import idcard
from pjdesk.errors import PjdeskError, ValidationError
from pjdesk.registry import households as svc

from .member_form import MemberForm


class MemberDialog(QDialog):
    """``household_no`` + no ``member``: add; with ``member`` (a dict from household_detail): edit.
    With ``collect_only`` the dialog only returns the input (the new-household wizard)."""

    def __init__(self, ctx, household_no: str = "", member: dict | None = None, *, collect_only: bool = False,
                 taken_ids: set[str] | None = None, parent=None):
        super().__init__(parent)
        self.ctx, self.household_no, self.member = ctx, household_no, member
        self.collect_only = collect_only
        self.taken_ids = taken_ids or set()
        self.result_input = None
        self.setWindowTitle("编辑家庭成员" if member else "添加家庭成员")
        self.form = MemberForm(member, head_locked=bool(household_no) or collect_only)
        self.general_error = QLabel("")
        self.general_error.setProperty("role", "fieldError")
        self.general_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.form.edited.connect(self.revalidate)
        self.revalidate()

    def _extra_errors(self) -> list[ValidationError]:
        number = idcard.normalise(self.form.id_number.text())
        if len(number) != 18:
            return []
        if number in self.taken_ids:
            return [ValidationError("id_number", "该身份证号已填写给本户另一名成员")]
        owner = svc.id_number_owner(self.ctx.db, number, except_member=self.member["id"] if self.member else None)
        return [ValidationError("id_number", owner)] if owner else []

    def revalidate(self) -> bool:
        self.general_error.hide()
        ok = self.form.validate(self._extra_errors() if self.form.id_number.text() else [])
        self.save_button.setEnabled(ok)
        return ok

    def accept(self) -> None:
        if not self.revalidate():
            self.form.focus_first_error()
            return
        value = self.form.value()
        try:
            if self.collect_only:
                pass
            elif self.member:
                svc.update_member(self.ctx.db, self.member["id"], value)
            else:
                svc.add_member(self.ctx.db, self.household_no, value)
        except ValidationError as exc:
            if self.form.unshown([exc]):
                self.general_error.setText(exc.message)
                self.general_error.show()
            else:
                self.form.show_errors([exc])
                self.form.focus_first_error()
                self.save_button.setEnabled(False)
            return
        except PjdeskError as exc:
            self.general_error.setText(exc.message)
            self.general_error.show()
            return
        self.result_input = value
        super().accept()
