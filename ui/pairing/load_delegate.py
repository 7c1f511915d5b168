"""Draws a helper's load as a bar followed by "n/5": green below the limit, orange one short, red at it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from ui.pairing.models import LOAD_ROLE

FREE, NEARLY, FULL = QColor("#3c9d5d"), QColor("#e08e0b"), QColor("#c0392b")
TEXT_WIDTH = 34  # room for "5/5" right of the bar


def bar_colour(load: int, limit: int) -> QColor:
    if load >= limit:
        return FULL
    return NEARLY if load == limit - 1 else FREE


class LoadBarDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option, index) -> None:
        value = index.data(LOAD_ROLE)
        if not value:
            super().paint(painter, option, index)
            return
        load, limit = value
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        cell = QRectF(option.rect).adjusted(6, 6, -4, -6)
        r = QRectF(cell.left(), cell.top(), max(cell.width() - TEXT_WIDTH, 10), cell.height())
        text_rect = QRectF(r.right() + 4, cell.top(), TEXT_WIDTH - 4, cell.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e6e9ee"))
        painter.drawRoundedRect(r, 3, 3)
        if load:
            filled = QRectF(r.left(), r.top(), r.width() * min(load, limit) / max(limit, 1), r.height())
            painter.setBrush(bar_colour(load, limit))
            painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(option.palette.highlightedText().color() if option.state & QStyle.StateFlag.State_Selected
                       else QColor("#1b1f24"))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{load}/{limit}")
        painter.restore()
