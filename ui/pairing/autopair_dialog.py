"""自动结对: the proposal as a table the clerk can edit (change a helper, leave a household out)
before anything is written; 确认结对 saves it in one transaction (refused as a whole if an edit
would put someone above the limit — the refusal is shown here)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLabel, QStyledItemDelegate, QTableView

from pjdesk.errors import PjdeskError
from pjdesk.pairing.assignments import accept_pairs
from pjdesk.pairing.autopair import Proposal, propose
from pjdesk.registry.township import village_names

from ui.pairing.assign_dialog import ActionDialog
from ui.widgets.form import date_edit, date_value
from ui.widgets.screen import size_to_screen

HEADERS = ("结对", "户编号", "组", "户主", "状态", "拟结对帮扶责任人", "工作单位", "结对后户数")
INCLUDE, NUMBER, GROUP, HEAD, STATUS, HELPER, UNIT, LOAD = range(len(HEADERS))
NONE_TEXT = "（无人可结对）"


class ProposalModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.proposal: Proposal | None = None
        self.included: list[bool] = []
        self.by_id = {}

    def set_proposal(self, p: Proposal) -> None:
        self.beginResetModel()
        self.proposal = p
        self.by_id = {c.id: c for c in p.candidates}
        self.included = [r.helper_id is not None for r in p.rows]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() or not self.proposal else len(self.proposal.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if orientation == Qt.Orientation.Horizontal else section + 1
        return None

    def load_after(self, helper_id: int) -> int:
        p = self.proposal
        extra = sum(1 for r, inc in zip(p.rows, self.included) if inc and r.helper_id == helper_id)
        return self.by_id[helper_id].load + extra

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.proposal.rows[index.row()]
        h, c = row.household, index.column()
        cand = self.by_id.get(row.helper_id)
        if role == Qt.ItemDataRole.CheckStateRole and c == INCLUDE:
            return Qt.CheckState.Checked if self.included[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return {NUMBER: h.household_no, GROUP: f"{h.group}组", HEAD: h.head_name, STATUS: h.status,
                    HELPER: cand.name if cand else NONE_TEXT, UNIT: cand.unit if cand else "",
                    LOAD: f"{self.load_after(cand.id)}/{self.proposal.limit}" if cand else ""}.get(c)
        if role == Qt.ItemDataRole.EditRole and c == HELPER:
            return row.helper_id
        if role == Qt.ItemDataRole.ForegroundRole and c == LOAD and cand:
            if self.load_after(cand.id) > self.proposal.limit:
                return QBrush(QColor("#c0392b"))
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (GROUP, STATUS, LOAD):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index):
        base = super().flags(index)
        if index.column() == INCLUDE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == HELPER:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        r = index.row()
        if index.column() == INCLUDE and role == Qt.ItemDataRole.CheckStateRole:
            self.included[r] = Qt.CheckState(value) == Qt.CheckState.Checked
        elif index.column() == HELPER and role == Qt.ItemDataRole.EditRole:
            self.proposal.rows[r].helper_id = value
            self.included[r] = value is not None
        else:
            return False
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(HEADERS) - 1))
        return True

    def pairs(self) -> list[tuple[str, int]]:
        return [(r.household.household_no, r.helper_id) for r, inc in zip(self.proposal.rows, self.included)
                if inc and r.helper_id is not None]


class HelperChoiceDelegate(QStyledItemDelegate):
    """The 拟结对帮扶责任人 cell edits with a list of the village's pool."""

    def createEditor(self, parent, option, index):
        model: ProposalModel = index.model()
        box = QComboBox(parent)
        for c in model.proposal.candidates:
            box.addItem(f"{c.name}　{c.unit}（{c.tier_name}）", c.id)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AutoPairDialog(ActionDialog):
    """确认结对 writes the pairs left ticked in one transaction; a refusal is shown above the buttons."""

    def __init__(self, ctx, village: str = "", parent=None):
        super().__init__(ctx, "自动结对", parent=parent)
        size_to_screen(self, 980, 620)
        self.accept_button = self.ok
        self.model = ProposalModel(self)
        self.village = self.form.add("village", "村", QComboBox(objectName="village"))
        self.village.addItems(village_names(ctx.db))
        if village:
            self.village.setCurrentText(village)
        self.on = self.form.add("start_on", "结对日期", date_edit(dt.date.today(), dt.date.today()))
        self.summary = QLabel("", objectName="summary")
        self.summary.setWordWrap(True)
        self.error = self.general
        self.table = QTableView(objectName="proposal")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(HELPER, HelperChoiceDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.horizontalHeader().setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(26)
        hint = QLabel("方案尚未保存。可双击“拟结对帮扶责任人”改选，取消勾选的户本次不结对；"
                      "“结对后户数”超过上限的显示为红色，确认时会被拒绝。")
        hint.setWordWrap(True)
        for i, w in enumerate((self.summary, hint)):
            self.body.insertWidget(1 + i, w)
        self.body.insertWidget(3, self.table, 1)
        self.village.currentTextChanged.connect(self.refresh)
        self.model.dataChanged.connect(self._count)
        self.refresh()

    def refresh(self) -> None:
        self.general.hide()
        try:
            self.model.set_proposal(propose(self.ctx.db, self.village.currentText()))
        except PjdeskError as exc:
            self.show_general(exc.message)
            return
        self.summary.setText(self.model.proposal.summary())
        self.table.resizeColumnsToContents()
        self._count()

    def revalidate(self) -> bool:
        ok = super().revalidate()
        self._count()
        return ok

    def _count(self) -> None:
        n = len(self.model.pairs()) if self.model.proposal else 0
        self.accept_button.setText(f"确认结对（{n}户）")
        self.accept_button.setEnabled(n > 0)

    def submit(self):
        return accept_pairs(self.ctx.db, self.model.pairs(), on=date_value(self.on), actor=self.ctx.actor())
