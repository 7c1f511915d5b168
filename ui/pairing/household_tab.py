"""The 帮扶 tab of the household dialog: the helper pairings (current first) and the help records."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from pjdesk.pairing.queries import helper_history
from pjdesk.pairing.records import help_records


def _table(headers, rows) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    return t


class HouseholdHelpTab(QWidget):
    def __init__(self, ctx, household_no: str, parent=None):
        super().__init__(parent)
        history = list(reversed(helper_history(ctx.db, household_no)))
        current = next((h for h in history if not h["end_on"]), None)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"当前帮扶责任人：{current['helper']}（{current['unit']}，{current['phone']}），"
                                f"自{current['start_on']}起" if current else "当前帮扶责任人：未结对"))
        layout.addWidget(QLabel("结对记录："))
        layout.addWidget(_table(("帮扶责任人", "单位", "开始日期", "开始原因", "结束日期", "结束原因"),
                                [(h["helper"], h["unit"], h["start_on"], h["start_reason"], h["end_on"] or "（至今）",
                                  h["end_reason"]) for h in history]))
        records = help_records(ctx.db, household_no)
        layout.addWidget(QLabel(f"帮扶记录（{len(records)}条）："))
        layout.addWidget(_table(("日期", "措施", "帮扶责任人", "内容", "金额（元）"),
                                [(r["date"], r["measure"], r["helper"], r["content"], r["amount"] or "") for r in records]))
