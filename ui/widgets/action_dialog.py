"""Base of every dialog that records an action: a form with an error line per field, a general error
line and 确定/取消.

- ``errors()`` returns the problems the pure checks of ``pjdesk`` find in what is typed (the same
  functions the service calls): each shows under its field as the clerk types, and 确定 stays disabled
  while any field of the dialog's forms has one. No rule or message is written here or in a subclass.
  Checking as the clerk types starts once every field exists: when the subclass calls ``revalidate()``
  at the end of its ``__init__`` (the fields' first values are checked then), or when the dialog is
  shown (nothing is shown before the first edit) — so ``errors()`` may read any field.
- ``submit()`` calls one service (one transaction) and returns what the caller needs (kept in
  ``result_value``). A refusal is shown in Chinese under the field it names, or above the buttons, and
  the dialog stays open so the clerk can correct it.
- On success ``ctx.changed(area)`` is emitted, ``after_submit(result)`` runs, ``ctx.done`` carries
  ``done_message(result)`` (the main window's status bar shows it: no action that writes is silent),
  and the dialog closes — unless ``stays_open`` (a dialog that adds several things in a row, or edits
  in place).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from pjdesk.errors import PjdeskError, ValidationError

from .form import ValidatedForm


class ActionDialog(QDialog):
    area: str | None = None     # what changed, for AppContext.changed (None: the caller refreshes)
    stays_open: bool = False    # True: a successful submit leaves the dialog open

    def __init__(self, ctx, title: str, intro: str = "", parent=None, *, form: ValidatedForm | None = None,
                 ok_text: str = "确定", cancel_text: str = "取消"):
        super().__init__(parent)
        self.ctx = ctx
        self.result_value = None
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = form if form is not None else ValidatedForm()
        self.forms: list[ValidatedForm] = [self.form]
        self._watched: list[ValidatedForm] = [self.form]     # forms whose edits trigger ``revalidate``
        self._watching = False
        self.general = QLabel("", objectName="general_error")
        self.general.setProperty("role", "fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setText(cancel_text)
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

    def add_form(self, form: ValidatedForm) -> ValidatedForm:
        """Another form whose fields take part in ``errors()`` and refusals (the subclass lays it out)."""
        self.forms.append(form)
        self._watched.append(form)
        if self._watching:
            form.edited.connect(self.revalidate)
        return form

    def _watch(self) -> None:
        """From now on every edit re-runs the checks."""
        if not self._watching:
            self._watching = True
            for form in self._watched:
                form.edited.connect(self.revalidate)

    def showEvent(self, event) -> None:
        self._watch()
        super().showEvent(event)

    def errors(self) -> list[ValidationError]:
        """What the pure checks of pjdesk find in the input (shown while typing)."""
        return []

    def revalidate(self) -> bool:
        self._watch()
        self.general.hide()
        errors = self.errors()
        ok = all([form.show_errors(errors) for form in self.forms])     # every form shows its own
        self.ok.setEnabled(ok)
        self.keep_room()
        return ok

    def submit(self):
        """Call one service function; its return value is kept in ``result_value``."""
        raise NotImplementedError

    def after_submit(self, result) -> None:
        """After a successful submit (before closing, or instead of it when ``stays_open``)."""

    def done_message(self, result) -> str:
        """The status-bar confirmation of a successful submit, in Chinese ("已保存：户编号 …"); each
        dialog says what it recorded. "" for none (a dialog that only collects input)."""
        return f"已完成：{self.windowTitle()}"

    def focus_first_error(self) -> None:
        for form in self.forms:
            if any(label.isVisible() for label in form.errors.values()):
                form.focus_first_error()
                return

    def show_error(self, exc: PjdeskError) -> None:
        """A refusal: under the field it names when the dialog has that field, else above the buttons."""
        form = next((f for f in self.forms if getattr(exc, "field", None) in f.errors), None)
        if form is not None:
            form.show_errors([exc])
            form.focus_first_error()
            self.keep_room()
        else:
            self.show_general(exc.message)

    def show_general(self, message: str) -> None:
        self.general.setText(message)
        self.general.show()
        self.keep_room()

    def keep_room(self) -> None:
        """A message that appears (under a field or above the buttons) makes the dialog taller instead of
        squashing the rows above it: the window grows to the height its lines need at its width."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        need = self.heightForWidth(self.width()) if self.hasHeightForWidth() else self.sizeHint().height()
        need = max(need, self.minimumSizeHint().height())
        if need > self.height():
            self.resize(self.width(), need)

    def accept(self) -> None:
        if not self.revalidate():
            self.focus_first_error()
            return
        try:
            self.result_value = self.submit()
        except PjdeskError as exc:
            self.show_error(exc)
            return
        if self.area:
            self.ctx.changed.emit(self.area)
        message = self.done_message(self.result_value)     # from the input, before after_submit clears it
        self.after_submit(self.result_value)
        if message:
            self.ctx.done.emit(message)
        if not self.stays_open:
            super().accept()
