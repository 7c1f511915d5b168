"""Base of every dialog that records one action: a form with an error line per field, a general
error line and 确定/取消. ``errors()`` holds the checks shown while typing (确定 stays disabled while
any fails); ``run()`` calls one service (one transaction); a refusal is shown in Chinese inside the
dialog, which stays open so the clerk can correct it. On success ``ctx.changed(area)`` is emitted."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from pjdesk.errors import PjdeskError, ValidationError

from ..widgets.form import ValidatedForm


class ActionDialog(QDialog):
    area: str | None = None  # what changed, for AppContext.changed (None: the caller refreshes)

    def __init__(self, ctx, title: str, intro: str = "", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = ValidatedForm()
        self.general = QLabel("", objectName="general_error")
        self.general.setProperty("role", "fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        if intro:
            text = QLabel(intro, objectName="intro")
            text.setWordWrap(True)
            self.body.addWidget(text)
        self.body.addWidget(self.form)
        self.body.addWidget(self.general)
        self.body.addWidget(self.buttons)
        self.form.edited.connect(self.revalidate)

    def errors(self) -> list[ValidationError]:
        """Checks that need no database (shown while typing)."""
        return []

    def revalidate(self) -> bool:
        self.general.hide()
        ok = self.form.show_errors(self.errors())
        self.ok.setEnabled(ok)
        return ok

    def run(self) -> None:
        raise NotImplementedError

    def show_error(self, exc: PjdeskError) -> None:
        if isinstance(exc, ValidationError) and not self.form.unshown([exc]):
            self.form.show_errors([exc])
            self.form.focus_first_error()
        else:
            self.general.setText(exc.message)
            self.general.show()

    def accept(self) -> None:
        if not self.revalidate():
            self.form.focus_first_error()
            return
        try:
            self.run()
        except PjdeskError as exc:
            self.show_error(exc)
            return
        if self.area:
            self.ctx.changed.emit(self.area)
        super().accept()
