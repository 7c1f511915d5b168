"""A form whose every field has its own error line: messages appear next to the field, in Chinese."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget)

from pjdesk.errors import ValidationError


class ValidatedForm(QWidget):
    """Rows of (label, widget, error label). ``edited`` fires on any change of any field."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addWidget(widget)
        err = QLabel("", objectName=f"error_{key}")
        err.setProperty("role", "fieldError")
        err.setWordWrap(True)
        err.hide()
        col.addWidget(err)
        self.layout_.addRow(label, box)
        self.fields[key] = widget
        self.errors[key] = err
        signal = _change_signal(widget)
        if signal is not None:
            signal.connect(lambda *_args: self.edited.emit())
        return widget

    def show_errors(self, errors: list[ValidationError]) -> bool:
        """Show each message next to its field; returns True when none of this form's fields has one.
        Errors of fields this form does not hold are left to the caller (see ``unshown``)."""
        by_field: dict[str, str] = {}
        for e in errors:
            if e.field in self.errors:
                by_field.setdefault(e.field, e.message)
        for key, label in self.errors.items():
            message = by_field.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            widget = self.fields[key]
            widget.setProperty("invalid", bool(message))
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        return not by_field

    def unshown(self, errors: list[ValidationError]) -> list[ValidationError]:
        return [e for e in errors if e.field not in self.errors]

    def focus_first_error(self) -> None:
        for key, label in self.errors.items():
            if label.isVisible():
                self.fields[key].setFocus()
                return


def _change_signal(widget: QWidget):
    """The signal that says a field's value changed (None for display-only widgets)."""
    for cls, name in ((QLineEdit, "textChanged"), (QComboBox, "currentTextChanged"), (QSpinBox, "valueChanged"),
                      (QDoubleSpinBox, "valueChanged"), (QDateEdit, "dateChanged"), (QCheckBox, "toggled"),
                      (QPlainTextEdit, "textChanged")):
        if isinstance(widget, cls):
            return getattr(widget, name)
    return getattr(widget, "changed", None)


def combo(items, current: str = "", editable: bool = False, blank: str | None = None) -> QComboBox:
    box = QComboBox()
    if blank is not None:
        box.addItem(blank, "")
    for item in items:
        box.addItem(item or "（无）", item)
    box.setEditable(editable)
    if current:
        i = box.findData(current)
        box.setCurrentIndex(i if i >= 0 else 0)
    return box


def combo_value(box: QComboBox) -> str:
    data = box.currentData()
    return data if isinstance(data, str) else box.currentText()


def date_edit(value: dt.date | None = None, maximum: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if maximum:
        edit.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
    v = value or dt.date.today()
    edit.setDate(QDate(v.year, v.month, v.day))
    return edit


def date_value(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def text_box(placeholder: str = "", height: int = 64) -> QPlainTextEdit:
    """A few lines of free text (an opinion, a note); Tab moves on to the next field."""
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box
