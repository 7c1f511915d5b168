"""The 帮扶 tab of the household dialog: the helper pairings (current first) and the help records."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pjdesk.pairing.queries import helper_history, household_head_name
from pjdesk.pairing.records import help_records

from ..widgets.table_model import RowsModel, table_view
from .assign_dialog import AssignDialog
from .models import HISTORY_COLUMNS, RECORD_COLUMNS


class HouseholdHelpTab(QWidget):
    """The household's helper (结对… opens the assign dialog while it has none), its pairings and records."""

    def __init__(self, ctx, household_no: str, parent=None):
        super().__init__(parent)
        self.ctx, self.household_no = ctx, household_no
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.current = QLabel("", objectName="current_helper")
        self.current.setWordWrap(True)
        self.assign = QPushButton("结对…", objectName="assign_helper")
        self.assign.setToolTip("为本户指定帮扶责任人")
        self.assign.clicked.connect(lambda: self.open_assign())
        head.addWidget(self.current, 1)
        head.addWidget(self.assign)
        layout.addLayout(head)
        layout.addWidget(QLabel("结对记录："))
        self.pairings_model = RowsModel(HISTORY_COLUMNS, self)
        self.pairings = table_view(self.pairings_model, "household_pairings")
        layout.addWidget(self.pairings)
        self.records_title = QLabel("")
        layout.addWidget(self.records_title)
        self.records_model = RowsModel(RECORD_COLUMNS, self)
        self.records = table_view(self.records_model, "household_records")
        layout.addWidget(self.records)
        self.reload()

    def reload(self) -> None:
        history = list(reversed(helper_history(self.ctx.db, self.household_no)))
        current = next((h for h in history if not h["end_on"]), None)
        self.current.setText(f"当前帮扶责任人：{current['helper']}（{current['unit']}，{current['phone']}），"
                             f"自{current['start_on']}起" if current else "当前帮扶责任人：未结对")
        self.assign.setVisible(current is None)
        self.pairings_model.set_rows(history)
        records = help_records(self.ctx.db, self.household_no)
        self.records_title.setText(f"帮扶记录（{len(records)}条）：")
        self.records_model.set_rows(records)

    def open_assign(self) -> None:
        """The assign dialog of the 帮扶责任人 page, for this household; the tab shows the new pairing."""
        head = household_head_name(self.ctx.db, self.household_no)
        dlg = AssignDialog(self.ctx, [(self.household_no, f"“{head}”户" if head else f"户{self.household_no}")],
                           parent=self)
        if dlg.exec():
            self.reload()
