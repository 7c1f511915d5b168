"""户籍台账: search as you type, combinable filters, counts, the table, open / new / status / export."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QMessageBox,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from pjdesk.registry import vocab
from pjdesk.registry.queries import RegistryFilter, load_rows
from pjdesk.registry.township import group_numbers, village_names

from .table_model import COL, HouseholdTableModel

ALL = "全部"
DEFAULT_WIDTHS = {"household_no": 132, "village": 80, "group": 48, "head_name": 76, "head_id_number": 168,
                  "size": 48, "type": 92, "main_cause": 100, "status": 62, "helper_name": 86,
                  "planned_exit_year": 92}


class HouseholdPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
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
        self.model.totals_changed.connect(lambda n, p: self.count.setText(f"共 {n:,} 户　{p:,} 人"))

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

        filters = QHBoxLayout()
        for label, box in (("村", self.village), ("组", self.group), ("状态", self.status), ("类型", self.type),
                           ("主要致贫原因", self.cause), ("帮扶", self.helper), ("计划脱贫", self.exit_year)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        actions = QHBoxLayout()
        for w in (new, open_, self.status_button, self.export_button):
            actions.addWidget(w)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self.reload()
        self._restore_state()
        ctx.changed.connect(self._on_changed)

    def _combo(self, items, name) -> QComboBox:
        box = QComboBox(objectName=name)
        box.addItems(items)
        box.currentTextChanged.connect(self.apply_filter)
        return box

    # ---- data
    def reload(self) -> None:
        self.model.set_rows(load_rows(self.ctx.db))
        self._stale = False

    def refresh_households(self, ids: list[int]) -> None:
        self.model.replace_rows(load_rows(self.ctx.db, ids))

    def _on_changed(self, area: str) -> None:
        if area in ("households", "helpers"):  # what the list shows (cases and settings are not in it)
            self._stale = True
            if self.isVisible() and not self._in_dialog:
                self.reload()

    _in_dialog = False

    def showEvent(self, event) -> None:
        if self._stale:
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
                              planned_exit_year=int(year) if year else None)

    def apply_filter(self, *_args) -> None:
        self.model.set_filter(self.current_filter())

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
        from .detail_dialog import HouseholdDialog

        dlg = HouseholdDialog(self.ctx, household_no, self)
        self._in_dialog = True
        try:
            dlg.exec()
        finally:
            self._in_dialog = False
        if dlg.changed:
            self.refresh_households([dlg.detail["id"]])
            self._stale = False
        return dlg

    def new_household(self) -> None:
        from .new_household import NewHouseholdWizard

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
        from pjdesk.registry.queries import household_detail

        from .action_dialogs import StatusDialog

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
        from .export import export_roster

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
