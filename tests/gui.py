"""What GUI tests share: answering a modal dialog the way a person would, with a time limit."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication


@dataclass
class ModalWatch:
    """What ``when_modal`` saw: the dialogs it handed to the callback; ``timed_out`` when none came."""

    dialogs: list = field(default_factory=list)
    timed_out: bool = False


def when_modal(callback, seen: list | None = None, *, above=None, timeout_ms: int = 5000) -> ModalWatch:
    """Run ``callback(dialog)`` once a modal dialog (other than ``above``) is open, e.g. to type into a
    message box that ``exec()`` blocks on. Polls every 20 ms and gives up after ``timeout_ms``
    (``watch.timed_out``), so a dialog that never opens cannot leave a poll running into later tests.
    Dialogs handed over are appended to ``seen`` too, when given."""
    watch = ModalWatch()
    deadline = time.monotonic() + timeout_ms / 1000

    def poll():
        dlg = QApplication.activeModalWidget()
        if dlg is not None and dlg is not above:
            watch.dialogs.append(dlg)
            if seen is not None:
                seen.append(dlg)
            callback(dlg)
        elif time.monotonic() < deadline:
            QTimer.singleShot(20, poll)
        else:
            watch.timed_out = True
    QTimer.singleShot(0, poll)
    return watch


def click_row(qtbot, view, row: int, column: int = 0, *, double: bool = False) -> None:
    """Click (or double-click) a row of a table view where a person would: the middle of its cell."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:  # the second click of a double-click (QTest sends only the double-click event)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def type_ime(widget, text: str) -> None:
    """Type Chinese into ``widget`` as an input method does: the focused field receives the committed
    text (``qtbot.keyClicks`` sends key codes, which exist for ASCII only)."""
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
