"""The 年度台帐 tab: the relocation cases planned per year (the year of application) and village
(``relocation_queries.ledger``, RULES.md R4.2), with how many are approved, moved in, demolished, archived
and refused, a 合计 row, and a year filter."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pjdesk.cases import relocation_printouts
from pjdesk.cases.relocation_queries import ledger

from ..printing.launch import print_preview

from ..widgets.table_model import RowsModel, table_view
from .models import LEDGER_COLUMNS, ledger_total

ALL_YEARS = "全部年度"


class LedgerView(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.rows = []
        title = QLabel("易地扶贫搬迁年度台帐", objectName="ledger_title")
        title.setProperty("role", "pageTitle")
        self.year = QComboBox(objectName="ledger_year")
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year)
        bar.addStretch(1)
        self.print_button = QPushButton("打印台帐…", objectName="print_ledger")
        self.print_button.clicked.connect(self.print_ledger)
        bar.addWidget(self.print_button)
        self.last_preview = None
        self.model = RowsModel(LEDGER_COLUMNS, self, colour=lambda r, _k: "#1f2937" if not r.year else None)
        self.table = table_view(self.model, "ledger", fit="reset", striped=True)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.note = QLabel("计划户数、人数不含不予通过的案件；人数含同步搬迁人员。", objectName="ledger_note")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.year.currentTextChanged.connect(lambda _t: self.apply_filter())
        ctx.changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        self.rows = ledger(self.ctx.db)
        kept = self.year.currentText()
        years = [ALL_YEARS] + [str(y) for y in sorted({r.year for r in self.rows}, reverse=True)]
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems(years)
        self.year.setCurrentText(kept if kept in years else ALL_YEARS)
        self.year.blockSignals(False)
        self.stale = False
        self.apply_filter()

    def apply_filter(self) -> None:
        year = self.year.currentText()
        shown = [r for r in self.rows if year == ALL_YEARS or str(r.year) == year]
        total = ledger_total(shown)
        self.model.set_rows(shown + ([total] if total else []))

    def set_busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)

    def print_ledger(self):
        """The ledger of the year shown (all years when 全部年度), in the print preview."""
        text, db = self.year.currentText(), self.ctx.db
        year = None if text in ("", ALL_YEARS) else int(text)
        title = f"{year}年易地搬迁台帐" if year else "易地搬迁台帐"
        return print_preview(self, title, lambda path, p: relocation_printouts.write_ledger_pdf(
            db, path, year=year, progress=p))

    def _changed(self, area: str) -> None:
        if area in ("cases", "households"):
            self.stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event) -> None:
        if self.stale:
            self.reload()
        super().showEvent(event)
