"""One household: 基本信息, 家庭成员, 收入, 住房, 状态记录, and the tabs other features add."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from pjdesk.registry import vocab
from pjdesk.registry import households as svc
from pjdesk.registry.queries import HouseholdDetail, MemberDetail, household_detail
from pjdesk.registry.rules import check_household
from pjdesk.registry.township import village_names

from ..auth.audit_view import HouseholdAuditTab
from ..cases.household_cases import HouseholdCasesWidget
from ..pairing.household_tab import HouseholdHelpTab
from ..widgets.action_dialog import ActionDialog
from ..widgets.screen import size_to_screen
from ..widgets.table_model import Col, RowsModel, table_view
from .action_dialogs import (RECORD_COLUMNS, STATUS_ACTIONS, ChangeHeadDialog, LeaveDialog, StatusDialog, record_rows,
                             record_tip)
from .household_form import HouseholdFields
from .member_dialog import MemberDialog
from .survey_dialog import SurveyTab
from .table_model import MEMBER_COLUMNS, STATUS_HISTORY_COLUMNS, member_colour

# The tabs other areas add after the registry's own, in this order: (title, widget class(ctx, household_no)).
AREA_TABS = (("帮扶", HouseholdHelpTab), ("危改/搬迁", HouseholdCasesWidget), ("变更记录", HouseholdAuditTab))


class HouseholdDialog(ActionDialog):
    """保存户信息 saves the 基本信息 / 收入 / 住房 tabs (checked as typed, ``rules.check_household``) and the
    dialog stays open; the member and status buttons open their own dialogs; 关闭 asks before dropping
    unsaved edits."""

    stays_open = True

    def __init__(self, ctx, household_no: str, parent=None):
        detail = household_detail(ctx.db, household_no)
        fields = HouseholdFields(village_names(ctx.db), detail)
        super().__init__(ctx, "", parent=parent, form=fields.basic, ok_text="保存户信息", cancel_text="关闭")
        self.household_no, self.detail, self.fields = household_no, detail, fields
        self.add_form(fields.income)
        self.add_form(fields.housing)
        self.save_button, self.close_button = self.ok, self.cancel
        self.changed = False
        self._saved = fields.value()       # what the forms showed when the household was last read
        size_to_screen(self, 980, 680)
        self.tabs = QTabWidget()
        self.title = QLabel("")
        self.title.setProperty("role", "pageTitle")
        self.body.removeWidget(self.form)
        self.body.insertWidget(0, self.title)
        self.body.insertWidget(1, self.tabs, 1)
        self.tabs.addTab(self.fields.basic, "基本信息")
        self.tabs.addTab(self._members_tab(), "家庭成员")
        self.tabs.addTab(self.fields.income, "收入")
        self.tabs.addTab(self.fields.housing, "住房")
        self.tabs.addTab(self._status_tab(), "状态记录")
        self.tabs.addTab(self._survey_tab(), "走访（六看一听）")
        for title, tab in AREA_TABS:
            self.tabs.addTab(tab(ctx, household_no), title)
        self._refresh(self.detail)

    # ---- tabs
    def _members_tab(self) -> QWidget:
        w = QWidget()
        # 标识 (R1.7: “低保、残疾二级、留守儿童”) before 在册情况
        columns = MEMBER_COLUMNS[:-1] + (Col("flags", "标识", attrgetter("flags")), MEMBER_COLUMNS[-1])
        self.member_model = RowsModel(columns, self, colour=member_colour)
        self.members = table_view(self.member_model, "members")
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
        self.history_model = RowsModel(STATUS_HISTORY_COLUMNS, self)
        self.history = table_view(self.history_model, "status_history")
        self.status_bar = QHBoxLayout()
        self.status_buttons: dict[str, QPushButton] = {}
        for action in STATUS_ACTIONS:
            b = QPushButton(action)
            b.clicked.connect(lambda _c=False, a=action: self.change_status(a))
            self.status_buttons[action] = b
            self.status_bar.addWidget(b)
        self.status_bar.addStretch(1)
        # R1.5 exit checks and the house changes cases made (竣工验收 …), with the case as the source
        self.records_model = RowsModel(RECORD_COLUMNS, self, tip=record_tip)
        self.records = table_view(self.records_model, "exit_and_house_records")
        layout = QVBoxLayout(w)
        layout.addLayout(self.status_bar)
        layout.addWidget(self.history, 1)
        layout.addWidget(QLabel("两不愁三保障核查与住房变更记录"))
        layout.addWidget(self.records, 1)
        return w

    def _survey_tab(self) -> QWidget:
        """六看一听一公示 (R1.3): the household's visits and 新增走访记录."""
        self.surveys = SurveyTab(self.ctx, self.household_no)
        return self.surveys

    # ---- refresh
    def _refresh(self, detail: HouseholdDetail | None = None) -> None:
        """Show ``detail`` (just read) or re-read the household after an action."""
        d = self.detail = detail or household_detail(self.ctx.db, self.household_no)
        self.setWindowTitle(f"贫困户：{d.head_name}（{d.household_no}）")
        self.title.setText(f"{d.village}{d.group}组　户主 {d.head_name}　人口 {d.size}　{d.type}　状态：{d.status}")
        self.fields.size = d.size
        self.fields._update_net()
        self.member_model.set_rows(d.members)
        self.history_model.set_rows(list(reversed(d.status_history)))
        self.records_model.set_rows(record_rows(d))
        allowed = vocab.STATUS_TRANSITIONS[d.status]
        for action, button in self.status_buttons.items():
            button.setVisible(STATUS_ACTIONS[action] in allowed)
        for form in self.forms:
            form.setEnabled(not self.closed)
        self._saved = self.fields.value()
        self.revalidate()

    @property
    def closed(self) -> bool:
        return self.detail.status == vocab.STATUS_CLOSED

    @property
    def dirty(self) -> bool:
        """The forms differ from the household as last read."""
        return self.fields.value() != self._saved

    def errors(self):
        return check_household(self.fields.value())

    def revalidate(self) -> bool:
        ok = super().revalidate()
        self.save_button.setEnabled(ok and self.dirty and not self.closed)
        return ok

    def _selected_member(self) -> MemberDetail | None:
        row = self.members.currentIndex().row()
        if row < 0:
            QMessageBox.information(self, "请选择成员", "请先在列表中选择一名成员。")
            return None
        return self.member_model.row_at(row)

    def _done(self) -> None:
        self.changed = True
        self.ctx.changed.emit("households")
        self._refresh()

    # ---- actions (each one transaction in a pjdesk service)
    def submit(self) -> None:
        svc.update_household(self.ctx.db, self.household_no, self.fields.value())

    def after_submit(self, result) -> None:
        self._done()

    def done_message(self, result) -> str:
        return f"已保存：户编号 {self.household_no}（户主 {self.detail.head_name}）"

    def add_member(self) -> None:
        if MemberDialog(self.ctx, self.household_no, parent=self).exec():
            self._done()

    def edit_member(self) -> None:
        m = self._selected_member()
        if m and m.current and MemberDialog(self.ctx, self.household_no, m, parent=self).exec():
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
        if self.dirty and self.save_button.isEnabled():
            answer = QMessageBox.question(self, "未保存的修改", "户信息有未保存的修改，确定放弃吗？",
                                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
