"""月报导出: choose the month, see its figures and the data-check findings that block the export, then
导出… — asks for a reason when 错误 findings are overridden, asks where to save, and writes the
workbook in the background (progress, 取消). The rules and messages are in pjdesk.monthly.export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from pjdesk.errors import PjdeskError
from pjdesk.monthly import columns as C
from pjdesk.monthly.export import (blocked_message, check_override_reason, export_monthly, month_overview,
                                   recent_months)
from pjdesk.registry import vocab

from ..errors import show_error
from ..runner import Job
from ..widgets.action_dialog import ActionDialog
from ..widgets.form import text_box
from ..widgets.table_model import Col, RowsModel, table_view

FINDING_COLUMNS = (
    Col("severity", "级别", lambda f: f.severity),
    Col("title", "检查项", lambda f: f.title),
    Col("household_no", "户编号", lambda f: f.household_no or ""),
    Col("case_no", "案件编号", lambda f: f.case_no or ""),
    Col("message", "问题", lambda f: f.message),
)
CHANGE_KINDS = (C.IDENTIFIED, C.PRE_EXIT, C.EXITED, C.RELAPSED, C.CLOSED, C.MEMBER_IN, C.MEMBER_OUT,
                C.PAIR_START, C.PAIR_END, C.STAGE_CHANGE, C.DISBURSEMENT)


class OverrideDialog(ActionDialog):
    """Asks why the month is exported although the checks found errors; returns the reason."""

    def __init__(self, ctx, blocking: int, parent=None):
        super().__init__(ctx, "强制导出月报", blocked_message(blocking), parent, ok_text="强制导出")
        self.reason = self.form.add("override_reason", "强制导出理由", text_box("如：县扶贫办要求按期报送，问题户已在核实"))
        self.revalidate()

    def errors(self):
        return check_override_reason(self.reason.toPlainText(), required=True)[1]

    def submit(self):
        return check_override_reason(self.reason.toPlainText(), required=True)[0]

    def done_message(self, result) -> str:
        return ""


class MonthlyPage(QWidget):
    last_job = None
    last_path: str | None = None

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.overview = None
        title = QLabel("月报导出")
        title.setProperty("role", "pageTitle")
        self.month = QComboBox(objectName="month")
        for m in recent_months(dt.date.today()):
            self.month.addItem(m.label, m.key)
        self.recheck = QPushButton("重新检查", objectName="recheck")
        self.export_button = QPushButton("导出…", objectName="export")
        self.export_button.setProperty("role", "primary")
        top = QHBoxLayout()
        top.addWidget(QLabel("月份"))
        top.addWidget(self.month)
        top.addWidget(self.recheck)
        top.addStretch(1)
        top.addWidget(self.export_button)

        # the register now, and the chosen month's changes (pjdesk.monthly.queries.figures)
        self.figure_labels: dict[str, QLabel] = {}
        register = self._figure_box("登记现状", ["户数", "人数", *vocab.STATUSES], "")
        changes = self._figure_box("本月变动", list(CHANGE_KINDS), "本月")
        boxes = QHBoxLayout()
        boxes.addWidget(register, 2)
        boxes.addWidget(changes, 5)

        self.check_status = QLabel("正在检查数据…", objectName="check_status")
        self.check_status.setWordWrap(True)
        self.model = RowsModel(FINDING_COLUMNS, self)
        self.table = table_view(self.model, "blocking_findings", fit="reset", stretch="message")
        self.result = QLabel("", objectName="export_result")
        self.result.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addLayout(boxes)
        layout.addWidget(self.check_status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)

        self.month.currentIndexChanged.connect(lambda *_: self.reload())
        self.recheck.clicked.connect(self.reload)
        self.export_button.clicked.connect(lambda: self.export())
        ctx.changed.connect(lambda _area: self.reload())
        self.reload()

    def _figure_box(self, title: str, names: list[str], prefix: str) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        per_row = 2 if not prefix else 4
        for i, name in enumerate(names):
            value = QLabel("—", objectName=f"figure_{prefix}{name}")
            self.figure_labels[prefix + name] = value
            row, col = divmod(i, per_row)
            grid.addWidget(QLabel(name), row, col * 2)
            grid.addWidget(value, row, col * 2 + 1)
        return box

    def month_key(self) -> str:
        return self.month.currentData()

    # ---- figures and checks (background)
    def reload(self) -> Job:
        db, month = self.ctx.db, self.month_key()
        self.export_button.setEnabled(False)
        self.check_status.setText("正在检查数据…")
        # Not parented to the page: a running job outlives a page closed meanwhile (Job keeps itself
        # alive); its results go to bound methods, which Qt disconnects when the page is destroyed.
        job = Job(lambda progress: month_overview(db, month, progress=progress), title="正在检查数据",
                  show_after_ms=None)
        job.done.connect(self._show_overview)
        job.failed.connect(self._check_failed)
        self.last_job = job
        return job.start()

    def _show_overview(self, overview) -> None:
        if overview.month.key != self.month_key():
            return  # the clerk chose another month meanwhile; its own job follows
        self.overview = overview
        f = overview.figures
        values = {"户数": f["households"], "人数": f["persons"], **{s: f["by_status"].get(s, 0) for s in vocab.STATUSES},
                  **{"本月" + k: f["changes"].get(k, 0) for k in CHANGE_KINDS}}
        for name, label in self.figure_labels.items():
            label.setText(str(values.get(name, 0)))
        n, b = len(overview.findings), len(overview.blocking)
        if b:
            text = f"数据检查：共 {n} 项，其中错误 {b} 项（下表）。{blocked_message(b)}。"
        else:
            text = f"数据检查：没有错误（提示 {n} 项，可在“数据检查”页查看），可以导出。"
        self.check_status.setText(text)
        self.check_status.setProperty("role", "fieldError" if b else "")
        self.check_status.style().polish(self.check_status)
        self.model.set_rows(list(overview.blocking))
        self.export_button.setEnabled(True)

    def _check_failed(self, exc, _tb) -> None:
        self.check_status.setText(f"数据检查未能完成：{getattr(exc, 'message', None) or exc}")

    # ---- export
    def export(self, path: str | None = None) -> Job | None:
        overview = self.overview
        if overview is None:
            return None
        reason = ""
        if overview.blocking:
            dialog = OverrideDialog(self.ctx, len(overview.blocking), self)
            if not dialog.exec():
                return None
            reason = dialog.result_value
        if path is None:
            default = str(Path.home() / f"月报-{overview.month.key}.xlsx")
            path, _ = QFileDialog.getSaveFileName(self, "保存月报", default, "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        db, actor, findings, month = self.ctx.db, self.ctx.actor(), overview.findings, overview.month
        job = Job(lambda progress: export_monthly(db, month, path, override_reason=reason, actor=actor,
                                                  findings=findings, progress=progress),
                  title=f"正在导出{month.label}月报", parent=self)
        job.done.connect(self._exported)
        job.failed.connect(self._failed)
        job.cancelled.connect(lambda: self.result.setText("已取消导出，未生成文件。"))
        self.export_button.setEnabled(False)
        job.finished.connect(lambda: self.export_button.setEnabled(True))
        self.last_job = job
        return job.start()

    def _exported(self, result) -> None:
        self.last_path = result.path
        rows = "，".join(f"{name} {n} 行" for name, n in result.rows.items())
        forced = "（已强制导出）" if result.overridden else ""
        message = f"已导出月报{forced}：{result.path}"
        self.result.setText(f"{message}\n{rows}")
        self.ctx.done.emit(message)

    def _failed(self, exc, _tb) -> None:
        message = exc.message if isinstance(exc, PjdeskError) else str(exc)
        self.result.setText("")
        show_error(self, "导出失败", f"月报未能导出：{message}")
