"""帮扶责任人 page: helpers with their load (n/5 bar), filter by unit, at-limit list, unassigned
households (assign / auto-pair), help records; printing the roster and contact cards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from pjdesk.errors import PjdeskError
from pjdesk.pairing import people
from pjdesk.pairing.queries import at_or_over_limit, filter_helpers, helper_rows, limit_of, pairing_counts, unassigned_households
from pjdesk.registry.township import village_names

from ui.pairing.assign_dialog import AssignDialog, EndPairingDialog
from ui.pairing.autopair_dialog import AutoPairDialog
from ui.pairing.helper_dialog import HelperDialog
from ui.pairing.load_delegate import LoadBarDelegate
from ui.pairing.models import HOUSEHOLD_COLUMNS, PAIRED_COLUMNS, HelperTableModel
from ui.pairing.printing import PrintActions
from ui.pairing.records_tab import RecordsTab
from ui.pairing.views import HOUSEHOLD_WIDTHS, list_view
from ui.widgets.table_model import RowsModel

ALL_UNITS = "全部单位"
ALL_VILLAGES = "全部村"
WIDTHS = {"name": 70, "sex": 40, "unit": 170, "level": 48, "post": 110, "kind": 70, "phone": 110, "load": 92,
          "active": 48, "households": 300}


def helpers_table(model: HelperTableModel, name: str) -> QTableView:
    # 结对户, the last column, fills the width left but keeps its 300 pixels on a narrow screen (the
    # table scrolls sideways) instead of collapsing to "对…"
    view = list_view(model, name, widths=WIDTHS)
    view.setItemDelegateForColumn(model.col["load"], LoadBarDelegate(view))
    return view


def _button(text: str, name: str, slot) -> QPushButton:
    b = QPushButton(text, objectName=name)
    b.clicked.connect(slot)
    return b


class HelpersPage(QWidget):
    last_job = None       # the latest print job and its preview (ui.printing.launch)
    last_preview = None

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._in_dialog = False
        self.limit = 5
        self._all: list = []
        title = QLabel("帮扶责任人")
        title.setProperty("role", "pageTitle")
        self.totals = QLabel("", objectName="totals")
        self.totals.setProperty("role", "count")
        self.printing = PrintActions(ctx, self)

        # ---- tab 1: helpers
        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText("查找：姓名、拼音首字母、电话")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.unit = QComboBox(objectName="unit")
        self.at_limit = QCheckBox("只看已达上限", objectName="at_limit")
        # set by the 统计 page's helper-load chart: only the helpers in post with this many households
        self.load_filter: int | None = None
        self.load_chip = QPushButton("", objectName="load_chip")
        self.load_chip.setToolTip("点击取消此筛选")
        self.load_chip.clicked.connect(lambda: self.show_load(None))
        self.load_chip.hide()
        self.model = HelperTableModel(self)
        self.table = helpers_table(self.model, "helpers")
        # the row the signal names: selectedRows() still holds the previous one while the current row changes
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_paired(cur))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_paired())
        self.table.doubleClicked.connect(lambda _i: self.edit_helper())
        self.paired_model = RowsModel(PAIRED_COLUMNS, self)
        self.paired = list_view(self.paired_model, "paired", widths=HOUSEHOLD_WIDTHS)
        self.paired_title = QLabel("选中帮扶责任人的结对户", objectName="paired_title")
        for w in (self.search,):
            w.textChanged.connect(self.reload)
        self.unit.currentTextChanged.connect(self.reload)
        self.at_limit.toggled.connect(self.reload)
        # two rows, so that the page fits a 1024-pixel screen: the filters, then the actions
        bar = QVBoxLayout()
        filters, actions = QHBoxLayout(), QHBoxLayout()
        self.unit.setMinimumContentsLength(8)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        filters.addWidget(self.search, 2)
        filters.addWidget(QLabel("单位"))
        filters.addWidget(self.unit, 1)
        filters.addWidget(self.at_limit)
        filters.addWidget(self.load_chip)
        self.print_buttons = [_button("打印花名册…", "print_roster", self.printing.ask_roster),
                              _button("打印联系卡…", "print_cards", self.printing.ask_cards)]
        for w in (_button("新增帮扶责任人", "new_helper", self.new_helper),
                  _button("编辑", "edit_helper", self.edit_helper),
                  _button("停用 / 启用", "toggle_helper", self.toggle_helper)):
            actions.addWidget(w)
        actions.addStretch(1)
        for w in self.print_buttons:
            actions.addWidget(w)
        bar.addLayout(filters)
        bar.addLayout(actions)
        paired_bar = QHBoxLayout()
        paired_bar.addWidget(self.paired_title, 1)
        paired_bar.addWidget(_button("更换帮扶责任人…", "reassign", self.reassign_selected))
        paired_bar.addWidget(_button("解除结对…", "unassign", self.unassign_selected))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(paired_bar)
        lower_layout.addWidget(self.paired)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([430, 200])
        helpers_tab = QWidget()
        t1 = QVBoxLayout(helpers_tab)
        t1.addLayout(bar)
        t1.addWidget(split, 1)

        # ---- tab 2: unassigned households
        self.village = QComboBox(objectName="village")
        self.village.addItems([ALL_VILLAGES] + village_names(ctx.db))
        self.village.currentTextChanged.connect(self._load_unassigned)
        self.unassigned_model = RowsModel(HOUSEHOLD_COLUMNS, self)
        self.unassigned = list_view(self.unassigned_model, "unassigned", multi=True,
                                     widths={**HOUSEHOLD_WIDTHS, "type": 100})
        self.unassigned.doubleClicked.connect(lambda _i: self.assign_selected())
        ubar = QHBoxLayout()
        ubar.addWidget(QLabel("村"))
        ubar.addWidget(self.village)
        note = QLabel("需要帮扶（未脱贫、预脱贫、返贫）而尚未结对的户；可多选后一并分配")
        note.setWordWrap(True)
        ubar.addWidget(note, 1)
        ubar.addWidget(_button("分配帮扶责任人…", "assign", self.assign_selected))
        ubar.addWidget(_button("自动结对…", "autopair", self.open_autopair))
        unassigned_tab = QWidget()
        t2 = QVBoxLayout(unassigned_tab)
        t2.addLayout(ubar)
        t2.addWidget(self.unassigned, 1)

        # ---- tab 3: at or over the limit
        self.full_model = HelperTableModel(self)
        self.full = helpers_table(self.full_model, "full")
        full_tab = QWidget()
        t3 = QVBoxLayout(full_tab)
        self.full_note = QLabel("", objectName="full_note")
        t3.addWidget(self.full_note)
        t3.addWidget(self.full, 1)

        self.records = RecordsTab(ctx, self)
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.addTab(helpers_tab, "帮扶责任人")
        self.tabs.addTab(unassigned_tab, "未结对贫困户")
        self.tabs.addTab(full_tab, "已达上限")
        self.tabs.addTab(self.records, "帮扶记录")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.totals, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.reload_all()
        ctx.changed.connect(self._on_changed)

    # ---- data
    def reload_all(self) -> None:
        self.limit = limit_of(self.ctx.db)
        current = self.unit.currentText() or ALL_UNITS
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItems([ALL_UNITS] + people.unit_names(self.ctx.db))
        self.unit.setCurrentText(current)
        self.unit.blockSignals(False)
        self._all = helper_rows(self.ctx.db)
        self.reload()
        self._load_unassigned()
        full = at_or_over_limit(self._all, self.limit)
        self.full_model.set_helpers(full, self.limit)
        self.full_note.setText(f"帮扶户数已达到（或超过）上限{self.limit}户的帮扶责任人共{len(full)}名，不能再分配新户")
        c = pairing_counts(self.ctx.db)
        self.totals.setText(f"在岗帮扶责任人 {c['helpers']:,} 名　现结对 {c['paired']:,} 户　"
                            f"需帮扶未结对 {c['unpaired']:,} 户　上限每人{self.limit}户")
        self.tabs.setTabText(1, f"未结对贫困户（{c['unpaired']:,}）")
        self.tabs.setTabText(2, f"已达上限（{len(full):,}）")
        self.records.reload()

    def reload(self) -> None:
        unit = self.unit.currentText()
        rows = filter_helpers(self._all, unit="" if unit in ("", ALL_UNITS) else unit, search=self.search.text())
        if self.at_limit.isChecked():
            rows = at_or_over_limit(rows, self.limit)
        if self.load_filter is not None:
            rows = [r for r in rows if r.active and r.load == self.load_filter]
        selected = self.selected_helper()
        self.model.set_helpers(rows, self.limit)
        if selected is not None and (i := self.model.row_of(selected.id)) >= 0:
            self.table.selectRow(i)
        elif self.model.rowCount() == 1:       # a filter that leaves one helper: that helper
            self.table.selectRow(0)
        self._show_paired()

    def show_load(self, households: int | None) -> None:
        """Show exactly the helpers a bar of the 统计 page's load chart counts — in post, helping
        ``households`` households now — with the other filters cleared; the 帮扶户数 button removes it."""
        for box in (self.search, self.unit, self.at_limit):
            box.blockSignals(True)
        if households is not None:
            self.search.clear()
            self.unit.setCurrentText(ALL_UNITS)
            self.at_limit.setChecked(False)
        for box in (self.search, self.unit, self.at_limit):
            box.blockSignals(False)
        self.load_filter = households
        self.load_chip.setText(f"在岗、帮扶{households}户 ✕" if households is not None else "")
        self.load_chip.setVisible(households is not None)
        self.tabs.setCurrentIndex(0)
        self.reload()

    def _load_unassigned(self) -> None:
        v = self.village.currentText()
        self.unassigned_model.set_rows(unassigned_households(self.ctx.db, "" if v == ALL_VILLAGES else v))

    def _on_changed(self, area: str) -> None:
        if area in ("helpers", "households", "settings"):
            self.reload_all()

    def selected_helper(self):
        sel = self.table.selectionModel()
        if sel is None:
            return None
        current = sel.currentIndex()
        if current.isValid() and sel.isRowSelected(current.row()):
            return self.model.row_at(current)
        rows = sel.selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def _show_paired(self, current=None) -> None:
        """The lower pane: the households of ``current`` (the row a click made current), else of the
        selected helper."""
        h = self.model.row_at(current) if current is not None and current.isValid() else self.selected_helper()
        self.paired_model.set_rows(h.households if h else [])
        self.paired_title.setText(f"“{h.name}”的结对户：{h.load}/{self.limit}" if h else "选中帮扶责任人的结对户")

    # ---- actions (each one service call, inside a dialog)
    def _run(self, dialog) -> bool:
        self._in_dialog = True
        try:
            return bool(dialog.exec())
        finally:
            self._in_dialog = False

    def new_helper(self) -> None:
        self._run(HelperDialog(self.ctx, parent=self))

    def edit_helper(self) -> None:
        h = self.selected_helper()
        if h is None:
            QMessageBox.information(self, "编辑帮扶责任人", "请先在列表中选中一名帮扶责任人")
            return
        self._run(HelperDialog(self.ctx, h.as_dict(self.limit), parent=self))

    def toggle_helper(self) -> None:
        h = self.selected_helper()
        if h is None:
            return
        try:
            people.set_helper_active(self.ctx.db, h.id, not h.active)
        except PjdeskError as exc:
            QMessageBox.warning(self, "停用帮扶责任人", exc.message)
            return
        self.ctx.changed.emit("helpers")

    def assign_dialog(self) -> AssignDialog | None:
        rows = self.unassigned.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "分配帮扶责任人", "请先在列表中选中要分配的户（可多选）")
            return None
        hh = [self.unassigned_model.row_at(i) for i in sorted(rows, key=lambda i: i.row())]
        return AssignDialog(self.ctx, [(h.household_no, f"“{h.head_name}”户") for h in hh], parent=self)

    def assign_selected(self) -> None:
        dlg = self.assign_dialog()
        if dlg is not None:
            self._run(dlg)

    def open_autopair(self) -> None:
        v = self.village.currentText()
        self._run(AutoPairDialog(self.ctx, "" if v == ALL_VILLAGES else v, parent=self))

    def _selected_paired(self):
        rows = self.paired.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "结对户", "请先在下方列表中选中一户")
            return None
        return self.paired_model.row_at(rows[0])

    def reassign_selected(self) -> None:
        p = self._selected_paired()
        if p is not None:
            self._run(AssignDialog(self.ctx, [(p.household_no, f"“{p.head_name}”户")], reassign=True, parent=self))

    def unassign_selected(self) -> None:
        p, h = self._selected_paired(), self.selected_helper()
        if p is not None and h is not None:
            self._run(EndPairingDialog(self.ctx, p.household_no, f"“{p.head_name}”户", h.name, parent=self))

    def ask_village(self, title: str) -> str | None:
        names = village_names(self.ctx.db)
        name, ok = QInputDialog.getItem(self, title, "村：", names, 0, False)
        return name if ok and name else None

    def set_busy(self, busy: bool) -> None:
        """While a printout is generated: no second one (ui.printing.launch)."""
        for b in self.print_buttons:
            b.setEnabled(not busy)
