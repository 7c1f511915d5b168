"""A dialog that records one action: the form's layout in ``build``, the service call in ``submit``.

OK runs ``submit``; a refusal is shown in Chinese next to the field it names (or above the buttons)
and the dialog stays open with the focus on that field. On success the dialog tells the app that
cases changed and closes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from pjdesk.errors import PjdeskError

from ..widgets.action_dialog import ActionDialog as SharedActionDialog
from ..widgets.form import ValidatedForm


# The shared form covers every field type the case dialogs use; the old name stays for them.
CaseForm = ValidatedForm


class ActionDialog(SharedActionDialog):
    """The shared action dialog in the case dialogs' terms: ``build`` lays out the form, ``submit``
    calls the service and returns what the caller needs (kept in ``result_value``)."""

    area = "cases"

    def __init__(self, ctx, title: str, parent=None, *, intro: str = ""):
        super().__init__(ctx, title, intro, parent)
        self.error = self.general
        self.result_value = None
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.try_accept)

    def build(self) -> None:  # subclasses add their fields to self.form
        raise NotImplementedError

    def submit(self):  # subclasses call one service function; its return value is kept
        raise NotImplementedError

    def run(self) -> None:
        self.result_value = self.submit()

    def try_accept(self) -> None:
        self.accept()

    def show_error(self, exc: PjdeskError) -> None:
        self.show_refusal(exc)

    def show_refusal(self, exc: PjdeskError) -> None:
        SharedActionDialog.show_error(self, exc)


def text_box(placeholder: str = "", height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box
