"""数据检查: the data-quality checks (pjdesk.quality.checks) run in the background when the page is first
shown and on 重新检查; the findings are listed with the check, severity and record, filterable by check
and severity; double-clicking a row opens the household (户信息) or the case it is about."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pjdesk.quality.checks import CHECKS, ERROR, HINT, blocking, run_checks

from ..runner import Job
from ..widgets.table_model import Col, RowsModel, table_view

ALL = "全部"
RUNNING = "正在检查…"
COLUMNS = (
    Col("severity", "级别", lambda f: f.severity, centre=True),
    Col("title", "检查项", lambda f: f.title),
    Col("household_no", "户编号", lambda f: f.household_no or ""),
    Col("case_no", "案件编号", lambda f: f.case_no or ""),
    Col("message", "问题", lambda f: f.message),
)


def _colour(finding, key: str) -> str | None:
    if key == "severity":
        return "#b3261e" if finding.severity == ERROR else "#8a6d00"
    return None


class ChecksPage(QWidget):
    def __init__(self, ctx, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self.findings: list = []
        self.is_loaded = False
        self._job: Job | None = None
        self._stale = True
        title = QLabel("数据检查")
        title.setProperty("role", "pageTitle")
        self.check = QComboBox(objectName="check")
        self.check.addItem(ALL)
        for key, name, severity in CHECKS:
            self.check.addItem(f"{name}（{severity}）", key)
        self.severity = QComboBox(objectName="severity")
        self.severity.addItems([ALL, ERROR, HINT])
        self.check.currentIndexChanged.connect(self.apply_filter)
        self.severity.currentIndexChanged.connect(self.apply_filter)
        self.rerun = QPushButton("重新检查", objectName="rerun")
        self.rerun.clicked.connect(self.run)
        self.open_button = QPushButton("打开所涉记录", objectName="open")
        self.open_button.clicked.connect(self.open_selected)
        self.summary = QLabel("", objectName="summary")
        self.summary.setProperty("role", "count")

        self.model = RowsModel(COLUMNS, self, colour=_colour)
        self.table = table_view(self.model, "findings", sortable=True, fit=None, stretch="message",
                                widths={"severity": 52, "title": 200, "household_no": 132, "case_no": 128})
        self.table.doubleClicked.connect(lambda index: self.open_finding(self.model.row_at(index.row())))

        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(QLabel("检查项"))
        bar.addWidget(self.check)
        bar.addWidget(QLabel("级别"))
        bar.addWidget(self.severity)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.rerun)
        self.per_check = QLabel("", objectName="per_check", wordWrap=True)
        hint = QLabel("“错误”为数据有误，导出月报前须更正或说明理由；“提示”为需跟进的事项。双击一行打开该户或案件。")
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.per_check)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        ctx.changed.connect(self._on_changed)

    # ---- running
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.run()

    def _on_changed(self, _area: str) -> None:
        self._stale = True
        if self.isVisible():
            self.run()

    def run(self) -> None:
        """Run every check off the GUI thread; the list is replaced when they are done."""
        if self._job is not None:
            return
        self._stale = False
        self.summary.setText(RUNNING)
        self.rerun.setEnabled(False)
        db, today = self.ctx.db, self.today   # the job holds no reference to the page
        job = Job(lambda progress: run_checks(db, today=today, progress=progress), title=RUNNING, parent=None)
        job.done.connect(self._arrived)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        self._job = job.start()

    def _arrived(self, findings) -> None:
        self._job = None
        self.rerun.setEnabled(True)
        self.findings = findings
        self.is_loaded = True
        errors = len(blocking(findings))
        self.summary.setText(f"共{len(findings)}条：错误{errors}条，提示{len(findings) - errors}条"
                             if findings else "未发现问题")
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.title] = counts.get(f.title, 0) + 1
        self.per_check.setText("　".join(f"{name} {n}条" for name, n in counts.items()))
        self.apply_filter()

    def _failed(self, exc: Exception, _traceback: str) -> None:
        self._job = None
        self.rerun.setEnabled(True)
        raise exc  # shown by the uncaught-exception dialog, which names the log file (ui.errors)

    def _cancelled(self) -> None:
        self._job = None
        self.rerun.setEnabled(True)
        self.summary.setText("检查已取消")

    # ---- the list
    def apply_filter(self, *_args) -> None:
        key = self.check.currentData()
        severity = self.severity.currentText()
        self.model.set_rows([f for f in self.findings
                             if (key is None or f.check == key) and (severity == ALL or f.severity == severity)])

    def selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        finding = self.selected()
        if finding is not None:
            self.open_finding(finding)

    def open_finding(self, finding):
        """The case when the finding names one, else the household; nothing for a helper or a member
        without a household (the message says where to look)."""
        if finding.case_no:
            return self.open_case(finding.case_no)
        if finding.household_no:
            return self.open_household(finding.household_no)
        return None

    def open_household(self, household_no: str):
        from ..households.detail_dialog import HouseholdDialog  # dialogs load when first opened (start-up time)

        dlg = HouseholdDialog(self.ctx, household_no, self)
        dlg.exec()
        return dlg

    def open_case(self, case_no: str):
        """The case in its own window, as the 危房改造 page shows it (actions and printouts included)."""
        from pjdesk.cases.detail import case_detail  # loaded when a case is first opened (start-up time)

        from ..cases.case_view import CaseView  # loaded when a case is first opened (start-up time)

        view = CaseView(self.ctx, self, today=self.today)
        view.setWindowFlag(Qt.WindowType.Window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.setWindowTitle(f"案件 {case_no}")
        view.show_case(case_detail(self.ctx.db, case_no, today=self.today).id)
        view.resize(900, 640)
        view.show()
        self.case_window = view
        return view
