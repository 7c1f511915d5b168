"""Sizing windows to the screen they open on (issue 17: the 900×1000 print preview ran off a 1440×900
screen and off the 1366×768 screens township PCs often have)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = 40          # title bar and window frame, which the geometry of a widget does not include
MARGIN = 8          # left free on each side


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable part (task bar excluded) of the screen ``widget`` opens on, else the primary screen's."""
    parent = widget.parentWidget() if widget is not None else None
    screen = (parent or widget).screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fitted_size(wanted: QSize, available: QRect) -> QSize:
    """``wanted``, shrunk where needed so that the window and its frame fit inside ``available``."""
    width = min(wanted.width(), available.width() - 2 * MARGIN)
    height = min(wanted.height(), available.height() - FRAME - 2 * MARGIN)
    return QSize(max(width, 320), max(height, 240))


def size_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to width×height, or less on a small screen, and keep it on that screen."""
    available = available_geometry(widget)
    size = fitted_size(QSize(width, height), available)
    widget.resize(size)
    if widget.isWindow():
        x = available.x() + max(0, (available.width() - size.width()) // 2)
        y = available.y() + max(0, (available.height() - size.height() - FRAME) // 2)
        widget.move(x, y)
