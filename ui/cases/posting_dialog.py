"""开启公示: pick a village and a posting stage, tick its waiting cases, set the board and the period."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from pjdesk import settings
from pjdesk.cases.postings import PostingInput, open_posting
from pjdesk.cases.postings import long_posting_question, period_errors, posting_days, posting_end
from pjdesk.cases.queries import CaseRow
from pjdesk.cases.stages import PLACES, POSTING_1, POSTING_2, POSTING_3

from ..widgets.ask import ask
from ..widgets.form import combo, combo_value, date_edit, date_value, text_box
from .action_dialogs import ActionDialog

POSTING_STAGES = (POSTING_1, POSTING_2, POSTING_3)


class PostingDialog(ActionDialog):
    """``rows`` are the case list rows (the page's); the dialog offers those of ``kind`` waiting for the
    chosen village and stage, all ticked (or only ``preselect`` when given)."""

    def __init__(self, ctx, rows: list[CaseRow], villages: list[str], parent=None, *, village: str = "",
                 stage: str = "", preselect: list[int] | None = None, min_days: int = 7,
                 today: dt.date | None = None, kind: str = "renovation"):
        super().__init__(ctx, "开启公示", parent=parent,
                         intro=f"同一批公示为一个村处于同一公示阶段的案件；公示期不少于{min_days}天（含首尾两天）。")
        self.rows, self.villages, self.min_days, self.today = rows, villages, min_days, today
        self.kind = kind
        self.confirm_days = int(settings.value(ctx.db, "posting_confirm_days"))
        self.preselect = set(preselect or [])
        self.build()
        if village:
            self.village.setCurrentText(village)
        if stage:
            self.stage.setCurrentText(stage)
        self.refresh_cases()

    def build(self) -> None:
        f = self.form
        self.village = f.add("village", "村", combo(self.villages))
        self.stage = f.add("stage", "公示阶段", combo([s.name for s in POSTING_STAGES]))
        self.cases = f.add("cases", "公示案件", QListWidget(objectName="posting_cases"))
        self.cases.setMinimumHeight(140)
        self.place = f.add("place", "公示地点", combo(PLACES))
        start = self.today or dt.date.today()
        self.start = f.add("start_on", "开始日期", date_edit(start))
        self.end = f.add("end_on", "结束日期", date_edit(posting_end(start, self.min_days)))
        self.days = QLabel("", objectName="days")
        f.layout_.addRow("", self.days)
        self.note = f.add("note", "备注", text_box(height=44))
        self.village.currentTextChanged.connect(self.refresh_cases)
        self.stage.currentTextChanged.connect(self.refresh_cases)
        self.start.dateChanged.connect(self._days)
        self.end.dateChanged.connect(self._days)
        self._days()

    def waiting(self) -> list[CaseRow]:
        village, stage = combo_value(self.village), combo_value(self.stage)
        return [r for r in self.rows if r.kind == self.kind and r.village == village and r.stage == stage
                and r.status == "办理中" and r.note == "待公示"]

    def refresh_cases(self) -> None:
        stage = next(s for s in POSTING_STAGES if s.name == combo_value(self.stage))
        self.place.setCurrentText(stage.place)
        self.cases.clear()
        for r in self.waiting():
            item = QListWidgetItem(f"{r.case_no}　{r.group}组 {r.head_name}（{r.household_size}人）")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            ticked = not self.preselect or r.id in self.preselect
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.cases.addItem(item)
        if not self.cases.count():
            self.cases.addItem(QListWidgetItem("（该村没有等待此公示的案件）"))

    def selected_ids(self) -> list[int]:
        out = []
        for i in range(self.cases.count()):
            item = self.cases.item(i)
            if item.data(Qt.ItemDataRole.UserRole) is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _days(self) -> None:
        start, end = date_value(self.start), date_value(self.end)
        n = posting_days(start, end)
        ok = not period_errors(start, end, self.min_days)
        short = n < self.min_days
        self.days.setText(f"共{n}天" + ("" if ok else f"，不足{self.min_days}天" if short else "，过长"))
        self.days.setProperty("role", "" if ok else "fieldError")
        self.days.style().unpolish(self.days)
        self.days.style().polish(self.days)

    def errors(self):
        """The period's problems (R5.5 and the 60-day bound) beside 结束日期, before any confirmation."""
        return period_errors(date_value(self.start), date_value(self.end), self.min_days)

    def accept(self) -> None:
        """A posting longer than the setting ``posting_confirm_days`` is confirmed (确认/取消) first."""
        if self.revalidate():
            question = long_posting_question(date_value(self.start), date_value(self.end), self.confirm_days)
            if question and not self.confirmed(question):
                self.end.setFocus()
                return
        super().accept()

    def confirmed(self, question: str) -> bool:
        return ask(self, "确认公示期", question, yes="确认", no="取消")

    def submit(self):
        return open_posting(self.ctx.db, PostingInput(
            combo_value(self.village), combo_value(self.stage), date_value(self.start), date_value(self.end),
            combo_value(self.place), self.selected_ids(), self.note.toPlainText(), kind=self.kind),
            entered_by=self.ctx.actor(), today=self.today)
