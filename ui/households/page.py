"""户籍台账: search as you type, combinable filters, counts, the table, open / new / status / export.

The rows (0.8 s at 50,000 households) are first read in a background job that starts once the page
has painted, so the window shows at once with 正在载入… in place of the count and over the table.
Re-reads after an edit (only the touched households) and ``reload()`` run on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QMessageBox,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from pjdesk.registry import vocab
from pjdesk.registry.queries import RegistryFilter, household_detail, load_rows
from pjdesk.registry.township import group_numbers, village_names

from ..runner import Job
from .table_model import COL, HouseholdTableModel

ALL = "全部"
LOADING = "正在载入…"
DEFAULT_WIDTHS = {"household_no": 132, "village": 80, "group": 48, "head_name": 76, "head_id_number": 168,
                  "size": 48, "type": 92, "main_cause": 100, "status": 62, "helper_name": 86,
                  "planned_exit_year": 92}


class HouseholdPage(QWidget):
    loaded = Signal()  # the rows of the first load are in the table

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self.is_loaded = False  # the first load has put the rows in the table
        self._load_job: Job | None = None
        self._generation = self._job_generation = 0  # bumped by every load; an older job's rows are dropped
        self._touched: set[int] = set()  # households edited while the first load was running
        self.model = HouseholdTableModel(self)
        title = QLabel("户籍台账")
        title.setProperty("role", "pageTitle")

        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText("搜索：姓名、拼音或首字母（如 zsf）、身份证号、户编号、电话　（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)

        self.village = self._combo([ALL] + village_names(ctx.db), "village")
        self.village.currentTextChanged.connect(self._village_changed)
        self.group = self._combo([ALL], "group")
        self.status = self._combo([ALL] + list(vocab.STATUSES), "status")
        self.type = self._combo([ALL] + list(vocab.HOUSEHOLD_TYPES), "type")
        self.cause = self._combo([ALL] + list(vocab.CAUSES), "cause")
        self.helper = self._combo([ALL, "已结对", "未结对"], "helper")
        self.exit_year = self._combo([ALL] + [str(y) for y in range(2014, 2031)], "exit_year")
        self.count = QLabel("", objectName="count")
        self.count.setProperty("role", "count")
        self.model.totals_changed.connect(self._show_totals)

        self.table = QTableView(objectName="households")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.open_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self.table, activated=self.open_selected)
        self.search.returnPressed.connect(self._search_enter)

        new = QPushButton("新增贫困户", objectName="new")
        new.clicked.connect(self.new_household)
        open_ = QPushButton("查看 / 编辑", objectName="open")
        open_.clicked.connect(self.open_selected)
        self.status_button = QPushButton("状态变更", objectName="status_menu")
        menu = QMenu(self.status_button)
        for action in ("标记预脱贫", "确认脱贫", "返贫", "销户"):
            menu.addAction(action, lambda a=action: self.change_status(a))
        self.status_button.setMenu(menu)
        self.export_button = QPushButton("导出花名册", objectName="export_menu")
        export = QMenu(self.export_button)
        export.addAction("保存为 PDF…", lambda: self.export("pdf"))
        export.addAction("保存为 Excel…", lambda: self.export("xlsx"))
        self.export_button.setMenu(export)
        # A filter the combos above do not offer, set by the 统计 page's drill-down: shown, removed with a click.
        self.exit_year_filter: int | None = None
        self.exit_year_chip = QPushButton("", objectName="exit_year_chip")
        self.exit_year_chip.setToolTip("点击取消此筛选")
        self.exit_year_chip.clicked.connect(lambda: self._set_exit_year(None))
        self.exit_year_chip.hide()

        filters = QHBoxLayout()
        for label, box in (("村", self.village), ("组", self.group), ("状态", self.status), ("类型", self.type),
                           ("致贫原因", self.cause), ("帮扶", self.helper), ("计划脱贫", self.exit_year)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        actions = QHBoxLayout()
        for w in (new, open_, self.status_button, self.export_button, self.exit_year_chip):
            actions.addWidget(w)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self.loading = QLabel(LOADING, self.table.viewport(), objectName="loading")
        self.loading.setProperty("role", "count")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        overlay = QVBoxLayout(self.table.viewport())
        overlay.addWidget(self.loading, 0, Qt.AlignmentFlag.AlignCenter)
        self.count.setText(LOADING)
        self._paint_watch = _FirstPaint(self.table.viewport(), self._first_paint)
        self._restore_state()
        ctx.changed.connect(self._on_changed)

    def _combo(self, items, name) -> QComboBox:
        box = QComboBox(objectName=name)
        box.addItems(items)
        box.currentTextChanged.connect(self.apply_filter)
        return box

    # ---- data
    def _first_paint(self) -> None:
        """The table has painted (empty, with 正在载入…): read the rows off the GUI thread."""
        self._paint_watch = None
        if not self.is_loaded:
            QTimer.singleShot(0, self, self._load_in_background)  # once this paint pass is on screen

    def _load_in_background(self) -> None:
        if self.is_loaded or self._load_job is not None:
            return
        self._generation += 1
        self._job_generation, db = self._generation, self.ctx.db
        # Not parented to the page: a running job outlives a page closed meanwhile (Job keeps itself
        # alive); its results go to bound methods, which Qt disconnects when the page is destroyed.
        job = Job(lambda _progress: load_rows(db), title=LOADING, show_after_ms=None)
        job.done.connect(self._rows_arrived)
        job.failed.connect(self._load_failed)
        self._load_job = job.start()

    def _rows_arrived(self, rows) -> None:
        self._load_job = None
        if self._job_generation != self._generation:
            return  # a reload() ran meanwhile and put newer rows in the table
        self._show_rows(rows)
        # A moment after the rows are on screen, the ORM's one-time set-up (the dialogs use it), off the
        # GUI thread too; not earlier: it would compete with the rows' paint for the interpreter.
        self._paint_watch = _FirstPaint(self.table.viewport(), self._prepare_orm)
        if self._touched:  # households edited while the rows were being read: read those again
            self.model.replace_rows(load_rows(self.ctx.db, sorted(self._touched)))
            self._touched.clear()
        if self._stale and self.isVisible() and not self._in_dialog:
            self.reload()

    def _prepare_orm(self) -> None:
        self._paint_watch = None
        db = self.ctx.db  # the job holds no reference to the page: it must not be released on a worker

        def start() -> None:
            Job(lambda _progress: db.prepare_orm(), title=LOADING, show_after_ms=None).start()
        QTimer.singleShot(300, start)

    def _load_failed(self, exc: Exception, _traceback: str) -> None:
        self._load_job = None
        if self._job_generation == self._generation:
            raise exc  # shown by the uncaught-exception dialog, which names the log file (ui.errors)

    def _show_rows(self, rows) -> None:
        first = not self.is_loaded
        self.is_loaded = True
        self.loading.hide()
        self.model.set_rows(rows)  # totals_changed sets the count
        if first:
            self.loaded.emit()

    def _show_totals(self, households: int, persons: int) -> None:
        if self.is_loaded:  # until then the count says 正在载入…
            self.count.setText(f"共 {households:,} 户　{persons:,} 人")

    def reload(self) -> None:
        """Read every row again, on the GUI thread (after changes made on other screens)."""
        self._generation += 1  # a background load still running is superseded
        self._touched.clear()
        self._show_rows(load_rows(self.ctx.db))
        self._stale = False

    def refresh_households(self, ids: list[int]) -> None:
        if not self.is_loaded:
            self._touched.update(ids)
        self.model.replace_rows(load_rows(self.ctx.db, ids))

    def _on_changed(self, area: str) -> None:
        if area in ("households", "helpers"):  # what the list shows (cases and settings are not in it)
            self._stale = True
            if self.isVisible() and not self._in_dialog and self.is_loaded:
                self.reload()  # (while the first load runs, _rows_arrived reloads when it is stale)

    _in_dialog = False

    def showEvent(self, event) -> None:
        if self._stale and self.is_loaded:
            self.reload()
        super().showEvent(event)

    def current_filter(self) -> RegistryFilter:
        def val(box):
            return "" if box.currentText() == ALL else box.currentText()
        group = val(self.group)
        year = val(self.exit_year)
        helper = val(self.helper)
        return RegistryFilter(search=self.search.text(), village=val(self.village),
                              group=int(group.rstrip("组")) if group else None, status=val(self.status),
                              type=val(self.type), main_cause=val(self.cause),
                              has_helper=None if not helper else helper == "已结对",
                              planned_exit_year=int(year) if year else None, exit_year=self.exit_year_filter)

    def apply_filter(self, *_args) -> None:
        self.model.set_filter(self.current_filter())

    def _set_exit_year(self, year: int | None) -> None:
        self.exit_year_filter = year
        self.exit_year_chip.setText(f"脱贫年度：{year} ✕" if year is not None else "")
        self.exit_year_chip.setVisible(year is not None)
        self.apply_filter()

    def show_filtered(self, *, village: str = "", status: str = "", type: str = "", main_cause: str = "",
                      exit_year: int | None = None) -> None:
        """Show exactly the households a figure of the 统计 page counts: every filter and the search
        cleared, then the given ones set in the list's own combos (村, 状态, 类型, 致贫原因) and the
        脱贫年度 button (a click removes it); the list filtered once."""
        boxes = (self.village, self.group, self.status, self.type, self.cause, self.helper, self.exit_year)
        for box in boxes + (self.search,):
            box.blockSignals(True)
        self.search.clear()
        for box, value in ((self.village, village), (self.status, status), (self.type, type),
                           (self.cause, main_cause), (self.helper, ""), (self.exit_year, "")):
            box.setCurrentText(value or ALL)
        self.group.clear()
        self.group.addItems([ALL] + ([f"{n}组" for n in group_numbers(self.ctx.db, village)] if village else []))
        for box in boxes + (self.search,):
            box.blockSignals(False)
        self._set_exit_year(exit_year)

    def _village_changed(self, village: str) -> None:
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItems([ALL] + ([f"{n}组" for n in group_numbers(self.ctx.db, village)] if village != ALL else []))
        self.group.blockSignals(False)

    # ---- actions
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_enter(self) -> None:
        if self.model.rowCount() == 1:
            self.table.selectRow(0)
            self.open_selected()
        elif self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def selected_rows(self):
        return [self.model.row_at(i) for i in self.table.selectionModel().selectedRows()]

    def open_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        self.open_household(rows[0].household_no)

    def open_household(self, household_no: str):
        from .detail_dialog import HouseholdDialog  # dialogs load when first opened (start-up time)

        dlg = HouseholdDialog(self.ctx, household_no, self)
        self._in_dialog = True
        try:
            dlg.exec()
        finally:
            self._in_dialog = False
        if dlg.changed:
            self.refresh_households([dlg.detail.id])
            self._stale = False
        return dlg

    def new_household(self) -> None:
        from .new_household import NewHouseholdWizard  # loads when first opened (start-up time)

        wizard = NewHouseholdWizard(self.ctx, self)
        self._in_dialog = True
        try:
            done = wizard.exec()
        finally:
            self._in_dialog = False
        if done and wizard.household_no:
            self.reload()
            row = self.model.row_of(wizard.household_no)
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def change_status(self, action: str) -> None:
        from .action_dialogs import StatusDialog  # loads when first opened (start-up time)

        rows = self.selected_rows()
        if len(rows) != 1:
            QMessageBox.information(self, "状态变更", "请先选择一户。")
            return
        dlg = StatusDialog(self.ctx, household_detail(self.ctx.db, rows[0].household_no), action, self)
        self._in_dialog = True
        try:
            done = dlg.exec()
            if done:  # other screens (helpers, cases, printing) refresh; this one re-reads one row
                self.ctx.changed.emit("households")
        finally:
            self._in_dialog = False
        if done:
            self.refresh_households([rows[0].id])
            self._stale = False

    def export(self, kind: str, path: str | None = None):
        from .export import export_roster  # the PDF and Excel writers load on the first export (start-up time)

        return export_roster(self, kind, path)

    last_job = None
    last_export: str | None = None

    def export_done(self, path: str, count: int) -> None:
        self.last_export = path
        self.window().statusBar().showMessage(f"花名册已保存（{count}户）：{path}", 10000) \
            if hasattr(self.window(), "statusBar") else None

    # ---- state
    def _restore_state(self) -> None:
        state = QSettings().value("households/header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
        else:
            for key, width in DEFAULT_WIDTHS.items():
                self.table.setColumnWidth(COL[key], width)

    def save_state(self) -> None:
        QSettings().setValue("households/header", self.table.horizontalHeader().saveState())


class _FirstPaint(QObject):
    """Calls ``then()`` once, at the first paint of ``widget``."""

    def __init__(self, widget: QWidget, then):
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            obj.removeEventFilter(self)
            then()
        return False
