"""A dialog that records one action: the form's layout in ``build``, the service call in ``submit``.

OK runs ``submit``; a refusal is shown in Chinese next to the field it names (or above the buttons)
and the dialog stays open with the focus on that field. On success the dialog tells the app that
cases changed and closes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from pjdesk.errors import PjdeskError, ValidationError

from ..widgets.form import ValidatedForm


# The shared form covers every field type the case dialogs use; the old name stays for them.
CaseForm = ValidatedForm


class ActionDialog(QDialog):
    def __init__(self, ctx, title: str, parent=None, *, intro: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = CaseForm()
        self.intro = QLabel(intro, objectName="intro")
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.error = QLabel("", objectName="error")
        self.error.setProperty("role", "fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.result_value = None

    def build(self) -> None:  # subclasses add their fields to self.form
        raise NotImplementedError

    def submit(self):  # subclasses call one service function; its return value is kept
        raise NotImplementedError

    def show_refusal(self, exc: PjdeskError) -> None:
        errors = [exc] if isinstance(exc, ValidationError) else []
        self.form.show_errors(errors)
        shown = isinstance(exc, ValidationError) and exc.field in self.form.fields
        self.error.setText("" if shown else exc.message)
        self.error.setVisible(not shown)
        if shown:
            self.form.focus_first_error()

    def try_accept(self) -> None:
        try:
            self.result_value = self.submit()
        except PjdeskError as exc:
            self.show_refusal(exc)
            return
        self.ctx.changed.emit("cases")
        self.accept()


def text_box(placeholder: str = "", height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box
