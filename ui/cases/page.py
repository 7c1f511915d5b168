"""危房改造: counts by stage and village, the case list, and the selected case."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from pjdesk.cases.queries import CaseFilter, filter_case_rows, load_case_rows, stage_counts
from pjdesk.registry.township import village_names

from ..widgets.table_model import table_view
from .case_view import CaseView
from .models import CaseListModel, StageCountModel
from .new_case_dialog import NewCaseDialog
from .posting_dialog import PostingDialog
from .rates_dialog import RatesDialog

ALL = "全部"
STATUSES = ("办理中", "已归档", "不予通过", ALL)


class CasesPage(QWidget):
    """The case list of one kind (``KIND``); 易地搬迁 (ui/relocation/cases_tab.py) subclasses it with its own
    columns, case view and new-case dialog."""

    KIND = "renovation"
    TITLE = "危房改造"
    NEW_TEXT = "新建申请…"
    WIDTHS = {"case_no": 104, "village": 84, "head_name": 56, "household_size": 40, "stage": 128, "mode": 70,
              "approved": 64, "paid": 60}

    def __init__(self, ctx, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self.rows = []
        self.villages = village_names(ctx.db)
        self.stage_filter = ""

        title = QLabel(self.TITLE)
        title.setProperty("role", "pageTitle")
        self.search = QLineEdit(objectName="search", placeholderText="案件号、户编号或户主姓名")
        self.search.setClearButtonEnabled(True)
        self.village = QComboBox(objectName="village")
        self.village.addItems([ALL] + self.villages)
        self.status = QComboBox(objectName="status")
        self.status.addItems(STATUSES)
        self.stage_label = QLabel("", objectName="stage_filter")
        self.clear_stage = QPushButton("全部阶段", objectName="clear_stage")
        self.clear_stage.clicked.connect(lambda: self.set_stage(""))
        new = QPushButton(self.NEW_TEXT, objectName="new_case")
        new.clicked.connect(self.new_case)
        post = QPushButton("开启公示…", objectName="open_posting")
        post.clicked.connect(lambda: self.open_posting())
        buttons = [new, post]
        if self.KIND == "renovation":      # the rate table of 危房改造 (a relocation has none: R4.7)
            rates = QPushButton("补助标准…", objectName="rates")
            rates.clicked.connect(self.show_rates)
            buttons.append(rates)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(self.search, 1)
        for label, w in (("村", self.village), ("状态", self.status)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addWidget(self.stage_label)
        bar.addWidget(self.clear_stage)
        bar.addStretch(0)
        for b in buttons:
            bar.addWidget(b)

        self.counts_model = StageCountModel(self)
        self.counts = QTableView(objectName="stage_counts")
        self.counts.setModel(self.counts_model)
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The village names in full (大兴村, 天岳关村): the columns share the width but never get narrower
        # than their name; on a narrow screen the table scrolls sideways instead.
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.counts.verticalHeader().setDefaultSectionSize(22)
        self.counts.clicked.connect(self._count_clicked)

        self.model = self.make_model()
        self.table = table_view(self.model, "cases", sortable=True, fit=None, striped=True, widths=self.WIDTHS)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.count = QLabel("", objectName="count")
        self.count.setProperty("role", "count")

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("各阶段案件数（点击数字筛选）"))
        lv.addWidget(self.counts, 0)
        lv.addWidget(self.count)
        lv.addWidget(self.table, 1)
        self.view = self.make_view()
        self.view.posting_requested.connect(lambda v, s, cid: self.open_posting(v, s, [cid]))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([680, 536])  # the list shows a full stage such as 一榜公示（异议待核实）
        splitter.splitterMoved.connect(lambda *_: self._fit_counts_height())
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.search.textChanged.connect(self.apply_filter)
        self.village.currentTextChanged.connect(self.apply_filter)
        self.status.currentTextChanged.connect(self.apply_filter)
        ctx.changed.connect(self._changed)
        self.reload()

    def make_model(self) -> CaseListModel:
        return CaseListModel(self)

    def make_view(self) -> CaseView:
        return CaseView(self.ctx, today=self.today)

    def new_case_dialog(self):
        return NewCaseDialog(self.ctx, self, today=self.today)

    # ---- data
    def reload(self) -> None:
        self.rows = load_case_rows(self.ctx.db, today=self.today)
        self.counts_model.set_counts(stage_counts(self.rows, self.KIND, self.villages))
        header = self.counts.horizontalHeader()
        names = self.counts_model.column_names
        header.setMinimumSectionSize(max((header.fontMetrics().horizontalAdvance(n) for n in names), default=0) + 16)
        self._fit_counts_height()
        self.apply_filter()

    def _fit_counts_height(self) -> None:
        """Every row of the counts shows, and the sideways scroll bar too when the villages need it."""
        rows_h = self.counts.verticalHeader().defaultSectionSize() * self.counts_model.rowCount()
        header = self.counts.horizontalHeader()
        needed = (header.minimumSectionSize() * self.counts_model.columnCount()
                  + self.counts.verticalHeader().width() + 2 * self.counts.frameWidth())
        wide = needed > self.counts.width()
        bar = self.counts.horizontalScrollBar().sizeHint().height() if wide else 0
        self.counts.setFixedHeight(rows_h + header.height() + 4 + bar)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_counts_height)   # once the splitter has given the table its width

    def current_filter(self) -> CaseFilter:
        status = self.status.currentText()
        village = self.village.currentText()
        return CaseFilter(self.KIND, self.stage_filter, "" if village == ALL else village,
                          "" if status == ALL else status, self.search.text())

    def apply_filter(self) -> None:
        selected = self.view.detail.id if self.view.detail else None
        shown = filter_case_rows(self.rows, self.current_filter())
        self.model.set_rows(shown)
        self._fit_stage_column()
        self.count.setText(f"共 {len(shown)} 件")
        self.stage_label.setText(f"阶段：{self.stage_filter}" if self.stage_filter else "")
        self.clear_stage.setVisible(bool(self.stage_filter))
        row = self.model.index_of(selected) if selected else -1
        if row >= 0:
            self.table.selectRow(row)
        elif selected:
            self.view.show_case(None)

    def _fit_stage_column(self) -> None:
        """阶段 as wide as its longest text (一榜公示（异议待核实）), never cut: a narrow window scrolls the
        list sideways instead."""
        col = self.model.col["stage"]
        fm = self.table.fontMetrics()
        texts = {self.model.index(r, col).data() for r in range(self.model.rowCount())} | {"阶段", "三榜公示"}
        self.table.setColumnWidth(col, max(fm.horizontalAdvance(t) for t in texts) + 24)

    def set_stage(self, stage: str) -> None:
        self.stage_filter = stage
        self.apply_filter()

    def show_filtered(self, stage: str = "", village: str = "") -> None:
        """Show exactly the cases a figure of the 统计 page counts: the search cleared, the list's own
        filters set (村, 状态 and the stage shown beside them, removed with 全部阶段). ``stage``: an open
        stage, 不予通过, 已归档, or "" for every case."""
        self.reload()   # the figure was read a moment ago; so is the list
        status = {"不予通过": "不予通过", "已归档": "已归档", "": ALL}.get(stage, "办理中")
        for box, value in ((self.village, village or ALL), (self.status, status)):
            box.blockSignals(True)
            box.setCurrentText(value)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.set_stage("" if stage in ("不予通过", "已归档") else stage)

    def _count_clicked(self, index) -> None:
        stage, village = self.counts_model.cell(index)
        self.village.blockSignals(True)
        self.village.setCurrentText(ALL if village == StageCountModel.TOTAL else village)
        self.village.blockSignals(False)
        status = {"不予通过": "不予通过", "已归档": "已归档", "合计": ALL}.get(stage, "办理中")
        self.status.blockSignals(True)
        self.status.setCurrentText(status)
        self.status.blockSignals(False)
        self.set_stage("" if stage in ("不予通过", "已归档", "合计") else stage)

    def _row_changed(self, current, _previous) -> None:
        """Show the chosen case; the case already shown is not read again when a reload or a filter selects
        its row anew (``_changed`` refreshes the view once after a change)."""
        if current.isValid():
            case_id = self.model.row_at(current.row()).id
            if self.view.detail is None or self.view.detail.id != case_id:
                self.view.show_case(case_id)

    def select_case(self, case_id: int) -> None:
        row = self.model.index_of(case_id)
        if row >= 0:
            self.table.selectRow(row)

    def _changed(self, area: str) -> None:
        if area in ("cases", "households", "settings"):
            self.reload()
            self.view.refresh()

    # ---- actions
    def new_case(self) -> None:
        dialog = self.new_case_dialog()
        if dialog.exec() and dialog.result_value:
            self.status.setCurrentText("办理中")
            self.select_case(next((r.id for r in self.rows if r.case_no == dialog.result_value), -1))

    def open_posting(self, village: str = "", stage: str = "", preselect: list[int] | None = None) -> None:
        if not village and self.village.currentText() != ALL:
            village = self.village.currentText()
        if not stage and self.stage_filter in ("一榜公示", "二榜公示", "三榜公示"):
            stage = self.stage_filter
        PostingDialog(self.ctx, self.rows, self.villages, self, village=village, stage=stage, preselect=preselect,
                      min_days=int(self.ctx.setting("posting_min_days")), today=self.today, kind=self.KIND).exec()

    def show_rates(self) -> None:
        RatesDialog(self.ctx, self, today=self.today).exec()
