"""One household: 基本信息, 家庭成员, 收入, 住房, 状态记录, and the tabs other features add."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from pjdesk.registry import vocab
from pjdesk.errors import PjdeskError, ValidationError
from pjdesk.registry import households as svc
from pjdesk.registry.queries import household_detail
from pjdesk.registry.township import village_names

from ..cases.household_cases import HouseholdCasesWidget
from ..pairing.household_tab import HouseholdHelpTab
from .action_dialogs import STATUS_ACTIONS, ChangeHeadDialog, LeaveDialog, StatusDialog
from .household_form import HouseholdFields
from .member_dialog import MemberDialog

# The tabs other areas add after the registry's own, in this order: (title, widget class(ctx, household_no)).
AREA_TABS = (("帮扶", HouseholdHelpTab), ("危改/搬迁", HouseholdCasesWidget))
MEMBER_COLUMNS = ("姓名", "与户主关系", "性别", "身份证号", "出生日期", "年龄", "健康状况", "劳动能力", "在校状况", "在册情况")


def _table(headers) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class HouseholdDialog(QDialog):
    def __init__(self, ctx, household_no: str, parent=None):
        super().__init__(parent)
        self.ctx, self.household_no = ctx, household_no
        self.changed = False
        self.resize(980, 680)
        self.tabs = QTabWidget()
        self.title = QLabel("")
        self.title.setProperty("role", "pageTitle")
        self.general = QLabel("")
        self.general.setProperty("role", "fieldError")
        self.general.setWordWrap(True)
        self.general.hide()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("保存户信息", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.detail = household_detail(ctx.db, household_no)
        self.fields = HouseholdFields(village_names(ctx.db), self.detail)
        self.tabs.addTab(self.fields.basic, "基本信息")
        self.tabs.addTab(self._members_tab(), "家庭成员")
        self.tabs.addTab(self.fields.income, "收入")
        self.tabs.addTab(self.fields.housing, "住房")
        self.tabs.addTab(self._status_tab(), "状态记录")
        for title, tab in AREA_TABS:
            self.tabs.addTab(tab(ctx, household_no), title)
        self.fields.edited.connect(self._on_edit)
        self._dirty = False
        self._refresh(self.detail)

    # ---- tabs
    def _members_tab(self) -> QWidget:
        w = QWidget()
        self.members = _table(MEMBER_COLUMNS)
        self.members.doubleClicked.connect(lambda _i: self.edit_member())
        bar = QHBoxLayout()
        for text, slot in (("添加成员", self.add_member), ("编辑成员", self.edit_member),
                           ("成员减少", self.member_leaves), ("变更户主", self.change_head)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(w)
        layout.addLayout(bar)
        layout.addWidget(self.members)
        return w

    def _status_tab(self) -> QWidget:
        w = QWidget()
        self.history = _table(("日期", "原状态", "新状态", "原因", "经办人"))
        self.status_bar = QHBoxLayout()
        self.status_buttons: dict[str, QPushButton] = {}
        for action in STATUS_ACTIONS:
            b = QPushButton(action)
            b.clicked.connect(lambda _c=False, a=action: self.change_status(a))
            self.status_buttons[action] = b
            self.status_bar.addWidget(b)
        self.status_bar.addStretch(1)
        layout = QVBoxLayout(w)
        layout.addLayout(self.status_bar)
        layout.addWidget(self.history)
        return w

    # ---- refresh
    def _refresh(self, detail: dict | None = None) -> None:
        """Show ``detail`` (just read) or re-read the household after an action."""
        d = self.detail = detail or household_detail(self.ctx.db, self.household_no)
        self.setWindowTitle(f"贫困户：{d['head_name']}（{d['household_no']}）")
        self.title.setText(f"{d['village']}{d['group']}组　户主 {d['head_name']}　人口 {d['size']}　"
                           f"{d['type']}　状态：{d['status']}")
        self.fields.size = d["size"]
        self.fields._update_net()
        self.members.setRowCount(0)
        for m in d["members"]:
            r = self.members.rowCount()
            self.members.insertRow(r)
            left = f"{m['left_on']} {m['leave_reason']}减少" if m["left_on"] else "在册"
            for c, value in enumerate((m["name"], m["relation"], m["sex"], m["id_number"], m["birth_date"],
                                       str(m["age"]), m["health"], m["labour_ability"], m["school_status"], left)):
                item = QTableWidgetItem(value)
                if m["left_on"]:
                    item.setForeground(QColor("#888888"))
                self.members.setItem(r, c, item)
        self.history.setRowCount(0)
        for h in reversed(d["status_history"]):
            r = self.history.rowCount()
            self.history.insertRow(r)
            for c, value in enumerate((h["date"], h["from"] or "—", h["to"], h["reason"], h["by"])):
                self.history.setItem(r, c, QTableWidgetItem(value))
        allowed = vocab.STATUS_TRANSITIONS[d["status"]]
        for action, button in self.status_buttons.items():
            button.setVisible(STATUS_ACTIONS[action] in allowed)
        closed = d["status"] == vocab.STATUS_CLOSED
        for form in (self.fields.basic, self.fields.income, self.fields.housing):
            form.setEnabled(not closed)
        self._on_edit(initial=True)

    def _on_edit(self, initial: bool = False) -> None:
        self._dirty = self._dirty or not initial
        ok = self.fields.validate()
        self.save_button.setEnabled(ok and self._dirty and self.detail["status"] != vocab.STATUS_CLOSED)

    def _selected_member(self) -> dict | None:
        row = self.members.currentRow()
        if row < 0:
            QMessageBox.information(self, "请选择成员", "请先在列表中选择一名成员。")
            return None
        return self.detail["members"][row]

    def _done(self) -> None:
        self.changed = True
        self.ctx.changed.emit("households")
        self._refresh()

    # ---- actions (each one transaction in a pjdesk service)
    def save(self) -> None:
        if not self.fields.validate():
            self.fields.focus_first_error()
            return
        try:
            svc.update_household(self.ctx.db, self.household_no, self.fields.value())
        except ValidationError as exc:
            if not self.fields.validate([exc]):
                self.fields.focus_first_error()
            else:
                self.general.setText(exc.message)
                self.general.show()
            return
        except PjdeskError as exc:
            self.general.setText(exc.message)
            self.general.show()
            return
        self.general.hide()
        self._dirty = False
        self._done()

    def add_member(self) -> None:
        if MemberDialog(self.ctx, self.household_no, parent=self).exec():
            self._done()

    def edit_member(self) -> None:
        m = self._selected_member()
        if m and not m["left_on"] and MemberDialog(self.ctx, self.household_no, m, parent=self).exec():
            self._done()

    def member_leaves(self) -> None:
        m = self._selected_member()
        if m and LeaveDialog(self.ctx, m, self).exec():
            self._done()

    def change_head(self) -> None:
        if ChangeHeadDialog(self.ctx, self.detail, self).exec():
            self._done()

    def change_status(self, action: str) -> None:
        if StatusDialog(self.ctx, self.detail, action, self).exec():
            self._done()

    def reject(self) -> None:
        if self._dirty and self.save_button.isEnabled():
            answer = QMessageBox.question(self, "未保存的修改", "户信息有未保存的修改，确定放弃吗？",
                                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
