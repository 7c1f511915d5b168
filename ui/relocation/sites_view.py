"""The 安置点 tab: the site registry with its occupancy (``sites.site_rows``: allocated, moved in, capacity
left — counted from the cases, never stored) and a bar per site: planned (the frame), allocated (light
fill) and moved in (dark fill), readable on a grey-scale print or screen. 新增安置点 and 更改状态 open
their dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStyledItemDelegate, QVBoxLayout, QWidget

from pjdesk.cases import relocation_printouts
from pjdesk.cases.sites import SiteRow, site_rows
from pjdesk.registry.township import township_info

from ..printing.launch import print_preview
from ..widgets.table_model import ROW_ROLE, RowsModel, table_view
from .models import SITE_COLUMNS, site_tip
from .site_dialogs import SiteDialog, SiteStatusDialog

ALLOCATED, MOVED_IN, FRAME, OVER = QColor("#b7bec8"), QColor("#3d4652"), QColor("#6b7280"), QColor("#b3261e")


class OccupancyBar(QStyledItemDelegate):
    """Planned households as the frame, allocated and moved-in households as fills, and the share of the
    plan allocated as a percentage; an over-plan allocation runs past the frame (the scale is the larger of
    planned and allocated) and is marked red."""

    WIDTH = 190
    TEXT = 44          # the share allocated, as a percentage, right of the bar

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)                # selection and stripes
        r: SiteRow = index.data(ROW_ROLE)
        if r is None:
            return
        cell = QRectF(option.rect)
        box = cell.adjusted(6, 6, -(6 + self.TEXT), -6)
        scale = max(r.planned_households, r.allocated_households, 1)

        def width(n: int) -> float:       # a small share still shows (at least 3 pixels when not none)
            return 0 if n <= 0 else max(3.0, box.width() * n / scale)

        planned_w = box.width() * r.planned_households / scale
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(box.left(), box.top(), width(r.allocated_households), box.height()), ALLOCATED)
        painter.fillRect(QRectF(box.left(), box.top() + box.height() * 0.25, width(r.moved_in_households),
                                box.height() * 0.5), MOVED_IN)
        painter.setPen(QPen(FRAME, 1))
        painter.drawRect(QRectF(box.left(), box.top(), planned_w, box.height()))
        if r.allocated_households > r.planned_households:
            painter.setPen(QPen(OVER, 2))
            painter.drawLine(box.left() + planned_w, box.top() - 2, box.left() + planned_w, box.bottom() + 2)
        share = r.allocated_households / max(r.planned_households, 1)
        painter.setPen(option.palette.text().color())
        painter.drawText(QRectF(box.right() + 4, cell.top(), self.TEXT - 6, cell.height()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{share:.0%}")
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        return QSize(self.WIDTH, 22)


class SitesView(QWidget):
    def __init__(self, ctx, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self.stale = True
        info = township_info(ctx.db)
        self.township = info.name if info else ""
        title = QLabel("安置点名册", objectName="sites_title")
        title.setProperty("role", "pageTitle")
        legend = QLabel("入住进度：方框为规划户数，浅色为已分配，深色为已入住，百分比为已分配占规划；红线右侧为超规划分配",
                        objectName="legend")
        legend.setWordWrap(True)
        self.add = QPushButton("新增安置点…", objectName="add_site")
        self.add.clicked.connect(self.add_site)
        self.status = QPushButton("更改状态…", objectName="site_status")
        self.status.clicked.connect(self.change_status)
        self.print_button = QPushButton("打印入住情况表…", objectName="print_sites")
        self.print_button.clicked.connect(self.print_sites)
        self.last_preview = None
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(legend, 1)
        bar.addWidget(self.add)
        bar.addWidget(self.status)
        bar.addWidget(self.print_button)
        self.model = RowsModel(SITE_COLUMNS, self, tip=site_tip)
        self.table = table_view(self.model, "sites", sortable=True, fit="reset", striped=True,
                                widths={"bar": OccupancyBar.WIDTH})
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setItemDelegateForColumn(self.model.col["bar"], OccupancyBar(self.table))
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())   # after the click's selection
        self.totals = QLabel("", objectName="site_totals")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        ctx.changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        rows = site_rows(self.ctx.db)
        self.model.set_rows(rows)
        self.stale = False
        planned = sum(r.planned_households for r in rows)
        allocated = sum(r.allocated_households for r in rows)
        moved = sum(r.moved_in_households for r in rows)
        self.totals.setText(f"共{len(rows)}个安置点：规划{planned}户，已分配{allocated}户，已入住{moved}户")
        self._enable()

    def _enable(self) -> None:
        self.status.setEnabled(self.selected() is not None)

    def selected(self) -> SiteRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _changed(self, area: str) -> None:
        if area in ("cases", "sites", "households"):
            self.stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event) -> None:
        if self.stale:
            self.reload()
        super().showEvent(event)

    def add_site(self) -> None:
        SiteDialog(self.ctx, self, township=self.township, today=self.today).exec()

    def change_status(self) -> None:
        site = self.selected()
        if site is not None:
            SiteStatusDialog(self.ctx, site, self, today=self.today).exec()

    def set_busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)

    def print_sites(self):
        """The site occupancy list (安置点入住情况表), in the print preview."""
        db = self.ctx.db
        return print_preview(self, "安置点入住情况表",
                             lambda path, p: relocation_printouts.write_site_occupancy_pdf(db, path, p))
