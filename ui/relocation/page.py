"""易地搬迁: three tabs — 案件 (cases by stage and village, the case view with its actions), 安置点 (the
site registry with occupancy) and 年度台帐 (the yearly ledger). Each tab refreshes on the app's change
signal (``AppContext.changed``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from .cases_tab import RelocationCasesPage
from .ledger_view import LedgerView
from .sites_view import SitesView


class RelocationPage(QWidget):
    def __init__(self, ctx, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.cases = RelocationCasesPage(ctx, today=today)
        self.sites = SitesView(ctx, today=today)
        self.ledger = LedgerView(ctx)
        self.tabs = QTabWidget(objectName="relocation_tabs")
        self.tabs.addTab(self.cases, "案件")
        self.tabs.addTab(self.sites, "安置点")
        self.tabs.addTab(self.ledger, "年度台帐")
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        # what the main window and the layout test look for on a page: its list and the selected case
        self.table, self.view = self.cases.table, self.cases.view
