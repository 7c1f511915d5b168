"""A yes/no question with Chinese buttons of the caller's choosing, the safe answer the default and Esc."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def ask(parent, title: str, question: str, *, yes: str, no: str, destructive: bool = False) -> bool:
    """True when the clerk presses ``yes``; ``no`` is the default button and what Esc answers."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole if destructive
                               else QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button
