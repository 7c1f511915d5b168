"""公示打印: choose what to print — a village's identification / exit posting or roster (registry),
a posting batch's disclosure list (危房改造 or 易地搬迁), the approval sheets of a batch, a village or one
case, a case's one-household file, rejection letter or relocation agreement summary, the yearly
relocation ledger and the site occupancy list. Each is generated in the background and opens in the
print preview."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QComboBox, QCompleter, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from pjdesk.cases.queries import load_case_rows
from pjdesk.cases import printouts as case_prints
from pjdesk.cases import relocation_printouts as relocation_prints
from pjdesk.office import font_problem, print_settings, supervision_warning
from pjdesk.errors import PjdeskError
from pjdesk.registry.printouts import (EXIT, IDENTIFICATION, KINDS, RegistryPostingRequest, left_out_note, posting_end,
                                       write_registry_posting, write_village_roster)
from pjdesk.registry.township import village_names

from ..errors import show_error
from ..widgets.form import date_edit, date_value
from ..widgets.table_model import Col, RowsModel, table_view
from .launch import print_preview

ALL = "全部村"
ALL_KINDS = "全部类别"
ALL_YEARS = "全部年度"
KIND_CHOICES = ((ALL_KINDS, ""), ("危房改造", "renovation"), ("易地搬迁", "relocation"))
BATCH_COLUMNS = (   # pjdesk.cases.printouts.batch_list
    Col("id", "批次", lambda b: b.id),
    Col("village", "村", lambda b: b.village),
    Col("stage", "轮次", lambda b: b.stage),
    Col("period", "公示时间", lambda b: f"{b.start_on:%Y-%m-%d} 至 {b.end_on:%Y-%m-%d}"),
    Col("households", "户数", lambda b: b.households),
    Col("kind", "类别", lambda b: b.kind_label),
)


class PrintingPage(QWidget):
    last_job = None
    last_preview = None

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        title = QLabel("公示打印")
        title.setProperty("role", "pageTitle")
        self.font_status = QLabel("", objectName="font_status")
        self.font_status.setWordWrap(True)
        villages = village_names(ctx.db)
        self.buttons: list[QPushButton] = []

        # ---- registry postings and roster
        self.kind = QComboBox(objectName="posting_kind")
        for key in (IDENTIFICATION, EXIT):
            self.kind.addItem(KINDS[key], key)
        self.village = QComboBox(objectName="posting_village")
        self.village.addItems(villages)
        self.year = QSpinBox(objectName="posting_year")
        self.year.setRange(2014, 2050)
        self.year.setValue(dt.date.today().year)
        self.start = date_edit()
        self.start.setObjectName("posting_start")
        self.end = date_edit()
        self.end.setObjectName("posting_end")
        self.start.dateChanged.connect(self._start_changed)
        for w in (self.kind, self.village, self.year):
            w.setMaximumWidth(260)
        registry = QGroupBox("贫困户公示与花名册（户籍台账）")
        form = QFormLayout(registry)
        form.addRow("公示类型", self.kind)
        form.addRow("村", self.village)
        form.addRow("识别/脱贫年度", self.year)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("至"))
        dates.addWidget(self.end)
        dates.addStretch(1)
        form.addRow("公示时间", dates)
        form.addRow(self._row(("预览公示…", "preview_posting", self.preview_posting),
                              ("预览本村花名册…", "preview_roster", self.preview_roster)))

        # ---- case postings and sheets
        self.batch_village = QComboBox(objectName="batch_village")
        self.batch_village.addItems([ALL] + villages)
        self.batch_village.currentTextChanged.connect(lambda _t: self.reload())
        self.batch_kind = QComboBox(objectName="batch_kind")
        for text, key in KIND_CHOICES:
            self.batch_kind.addItem(text, key)
        self.batch_kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.batches_model = RowsModel(BATCH_COLUMNS, self)
        self.batches = table_view(self.batches_model, "batches", fit=None, widths={"period": 220})
        cases_box = QGroupBox("危房改造与易地搬迁：公示名单与审批表（案件）")
        col = QVBoxLayout(cases_box)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("村"))
        filter_row.addWidget(self.batch_village)
        filter_row.addWidget(QLabel("类别"))
        filter_row.addWidget(self.batch_kind)
        filter_row.addStretch(1)
        col.addLayout(filter_row)
        col.addWidget(self.batches, 1)
        col.addWidget(self._row(("公示名单…", "preview_disclosure", self.preview_disclosure),
                                ("本批审批表…", "preview_batch_approvals", self.preview_batch_approvals),
                                ("所选村全部审批表…", "preview_village_approvals", self.preview_village_approvals)))
        self.case_no = QLineEdit(objectName="case_no")
        self.case_no.setPlaceholderText("案件编号，如 危改-2026-0001")
        case_row = QHBoxLayout()
        case_row.addWidget(QLabel("单个案件"))
        case_row.addWidget(self.case_no, 1)
        case_row.addWidget(self._row(("审批表…", "preview_case_approval", self.preview_case_approval),
                                     ("一户一册…", "preview_casefile", self.preview_casefile),
                                     ("不予通过告知书…", "preview_rejection", self.preview_rejection),
                                     ("搬迁协议摘要…", "preview_agreement", self.preview_agreement)))
        col.addLayout(case_row)

        # ---- relocation: the yearly ledger and the sites
        self.ledger_year = QComboBox(objectName="ledger_year")
        relocation_box = QGroupBox("易地扶贫搬迁：台帐与安置点")
        reloc_row = QHBoxLayout(relocation_box)
        reloc_row.addWidget(QLabel("计划年度"))
        reloc_row.addWidget(self.ledger_year)
        reloc_row.addWidget(self._row(("搬迁台帐…", "preview_ledger", self.preview_ledger),
                                      ("安置点入住情况表…", "preview_sites", self.preview_sites)), 1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.font_status)
        layout.addWidget(registry)
        layout.addWidget(relocation_box)
        layout.addWidget(cases_box, 1)
        self.reload()
        ctx.changed.connect(self._on_changed)

    def _row(self, *specs) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for text, name, slot in specs:
            b = QPushButton(text, objectName=name)
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons.append(b)
        row.addStretch(1)
        return box

    # ---- data
    def reload(self) -> None:
        problem = font_problem(self.ctx.db)
        self.font_status.setText(f"⚠ {problem}" if problem else "")
        self.font_status.setStyleSheet("color: #c0392b;" if problem else "")
        self.font_status.setVisible(bool(problem))
        self._start_changed()
        village = self.batch_village.currentText()
        self.batches_model.set_rows(case_prints.batch_list(self.ctx.db, "" if village == ALL else village,
                                                           self.batch_kind.currentData() or ""))
        rows = load_case_rows(self.ctx.db)
        self.case_no.setCompleter(QCompleter([c.case_no for c in rows], self.case_no))
        self._fill_years(sorted({c.applied_on.year for c in rows if relocation_prints.is_relocation(c.kind)},
                                reverse=True))
        self._stale = False

    def _on_changed(self, area: str) -> None:
        if area in ("cases", "settings", "households"):
            self._stale = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    def _start_changed(self, *_a) -> None:
        min_days = print_settings(self.ctx.db)["posting_min_days"]
        end = posting_end(date_value(self.start), min_days)
        if date_value(self.end) < end:
            self.end.setDate(end)

    def _fill_years(self, years: list[int]) -> None:
        """全部年度 and each plan year that has relocation cases (the current choice kept)."""
        chosen = self.ledger_year.currentData()
        self.ledger_year.blockSignals(True)
        self.ledger_year.clear()
        self.ledger_year.addItem(ALL_YEARS, None)
        for y in years:
            self.ledger_year.addItem(f"{y}年", y)
        self.ledger_year.setCurrentIndex(max(0, self.ledger_year.findData(chosen)))
        self.ledger_year.blockSignals(False)

    def set_busy(self, busy: bool) -> None:
        for b in self.buttons:
            b.setEnabled(not busy)

    def _batch_row(self):
        rows = self.batches.selectionModel().selectedRows()
        if not rows:
            show_error(self, "公示打印", "请先在列表中选择一个公示批次。")
            return None
        return self.batches_model.row_at(rows[0])

    def selected_batch(self) -> int | None:
        row = self._batch_row()
        return None if row is None else row.id

    def _case(self) -> str | None:
        text = self.case_no.text().strip()
        if not text:
            show_error(self, "公示打印", "请先填写案件编号。")
            self.case_no.setFocus()
            return None
        return text

    # ---- printouts
    def preview_posting(self):
        req = RegistryPostingRequest(self.kind.currentData(), self.village.currentText(), self.year.value(),
                                     date_value(self.start), date_value(self.end))
        title = f"{self.village.currentText()}{self.kind.currentText()}"
        db = self.ctx.db
        return print_preview(self, title, lambda path, p: write_registry_posting(db, req, path, p),
                             warning=self._posting_warning(req))

    def _posting_warning(self, req) -> str:
        """Shown in the preview: blank supervision phones, households left out for want of a survey."""
        try:
            notes = [supervision_warning(self.ctx.db, req.village), left_out_note(self.ctx.db, req)]
        except PjdeskError:   # a bad village or period: the job itself reports it
            return ""
        return "\n".join(x for x in notes if x)

    def preview_roster(self):
        village, db = self.village.currentText(), self.ctx.db
        return print_preview(self, f"{village}花名册",
                             lambda path, p: write_village_roster(db, village, path, progress=p))

    def preview_disclosure(self):
        row = self._batch_row()
        if row is None:
            return None
        db, batch = self.ctx.db, row.id
        return print_preview(self, f"第{batch}批公示名单",
                             lambda path, p: case_prints.write_batch_disclosure(db, batch, path, p),
                             warning=supervision_warning(db, row.village))

    def preview_batch_approvals(self):
        batch = self.selected_batch()
        if batch is None:
            return None
        db = self.ctx.db
        return print_preview(self, f"第{batch}批审批表",
                             lambda path, p: case_prints.write_approval_batch(db, path, batch=batch, progress=p))

    def preview_village_approvals(self):
        village = self.batch_village.currentText()
        if village == ALL:
            show_error(self, "公示打印", "请先在“村”中选择一个村。")
            return None
        db = self.ctx.db
        return print_preview(self, f"{village}审批表",
                             lambda path, p: case_prints.write_approval_batch(db, path, village=village, progress=p))

    def _case_print(self, what: str, fn):
        case = self._case()
        if case is None:
            return None
        db = self.ctx.db
        return print_preview(self, f"{case}{what}", lambda path, p: fn(db, case, path, p))

    def preview_case_approval(self):
        return self._case_print("审批表", lambda db, case, path, p: case_prints.write_approval_batch(
            db, path, case=case, progress=p))

    def preview_casefile(self):
        return self._case_print("一户一册", case_prints.write_case_file_pdf)

    def preview_rejection(self):
        return self._case_print("不予通过告知书", case_prints.write_rejection_pdf)

    def preview_agreement(self):
        return self._case_print("搬迁协议摘要", relocation_prints.write_agreement_pdf)

    def preview_ledger(self):
        year, db = self.ledger_year.currentData(), self.ctx.db
        title = f"{year}年易地搬迁台帐" if year else "易地搬迁台帐"
        return print_preview(self, title, lambda path, p: relocation_prints.write_ledger_pdf(db, path, year=year,
                                                                                          progress=p))

    def preview_sites(self):
        db = self.ctx.db
        return print_preview(self, "安置点入住情况表",
                             lambda path, p: relocation_prints.write_site_occupancy_pdf(db, path, p))
