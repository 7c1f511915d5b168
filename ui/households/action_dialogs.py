"""Small dialogs for one action each: status change, member leaves, change of head. Their checks are the
registry's pure rules (``check_status_change``, ``check_member_leaves``, ``check_head_change``), the
same the services call."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QPlainTextEdit

from pjdesk.registry import vocab
from pjdesk.registry.households import change_head, change_status, member_leaves
from pjdesk.registry.queries import HouseholdDetail, MemberDetail
from pjdesk.registry.rules import check_head_change, check_member_leaves, check_status_change

from ..widgets.action_dialog import ActionDialog
from ..widgets.form import combo, combo_value, date_edit, date_value

DONE_WORDS = {"标记预脱贫": "已标记预脱贫", "确认脱贫": "已确认脱贫", "返贫": "已登记返贫", "销户": "已销户",
              "退回未脱贫": "已退回未脱贫"}    # the status bar's confirmation of each action
STATUS_ACTIONS = {  # action label → target status
    "标记预脱贫": vocab.STATUS_PRE_EXIT, "确认脱贫": vocab.STATUS_EXITED, "返贫": vocab.STATUS_RELAPSED,
    "销户": vocab.STATUS_CLOSED, "退回未脱贫": vocab.STATUS_POOR,
}


class StatusDialog(ActionDialog):
    """标记预脱贫 / 确认脱贫 / 返贫 / 销户: a date and a reason, kept in the status history."""

    def __init__(self, ctx, household: HouseholdDetail, action: str, parent=None):
        super().__init__(ctx, f"{action}：{household.head_name}户",
                         f"户编号 {household.household_no}，当前状态“{household.status}”，"
                         f"将变更为“{STATUS_ACTIONS[action]}”。", parent)
        self.household, self.target, self.action = household, STATUS_ACTIONS[action], action
        self.date = self.form.add("changed_on", "变更日期：", date_edit(dt.date.today(), dt.date.today()))
        self.reason = self.form.add("reason", "原因：", QPlainTextEdit())
        self.reason.setPlaceholderText("例如：经村、乡、县三级核查，两不愁三保障达标")
        self.reason.setFixedHeight(80)
        self.revalidate()

    def errors(self):
        history = self.household.status_history
        return check_status_change(self.target, date_value(self.date), self.reason.toPlainText(),
                                   last_changed_on=history[-1].changed_on if history else None)

    def submit(self) -> None:
        change_status(self.ctx.db, self.household.household_no, self.target, date_value(self.date),
                      self.reason.toPlainText(), actor=self.ctx.actor())

    def done_message(self, result) -> str:
        h = self.household
        return f"{DONE_WORDS[self.action]}：户编号 {h.household_no}（户主 {h.head_name}）"


class LeaveDialog(ActionDialog):
    """A member leaves the household (death, marriage, move): dated, with a reason; kept on record."""

    def __init__(self, ctx, member: MemberDetail, parent=None):
        super().__init__(ctx, f"成员减少：{member.name}", "成员减少后仍保留在记录中，不再计入家庭人口。", parent)
        self.member = member
        self.date = self.form.add("left_on", "减少日期：", date_edit(dt.date.today(), dt.date.today()))
        self.reason = self.form.add("leave_reason", "减少原因：", combo(vocab.LEAVE_REASONS, blank="请选择"))
        self.revalidate()

    def errors(self):
        return check_member_leaves(date_value(self.date), combo_value(self.reason), joined_on=self.member.joined_on)

    def submit(self) -> None:
        member_leaves(self.ctx.db, self.member.id, date_value(self.date), combo_value(self.reason))

    def done_message(self, result) -> str:
        return f"已登记成员减少：{self.member.name}（{combo_value(self.reason)}）"


class ChangeHeadDialog(ActionDialog):
    def __init__(self, ctx, household: HouseholdDetail, parent=None):
        super().__init__(ctx, "变更户主", f"当前户主：{household.head_name}。请选择新户主，并填写原户主与新户主的关系。", parent)
        self.household = household
        self.candidates = [m for m in household.current_members if m.relation != vocab.HEAD]
        self.new_head = self.form.add("member", "新户主：", combo([f"{m.name}（{m.relation}）" for m in self.candidates],
                                                                 blank="请选择"))
        relations = [r for r in vocab.RELATIONS if r != vocab.HEAD]
        self.old_relation = self.form.add("relation", "原户主改为：", combo(relations, "配偶"))
        self.revalidate()

    def chosen_id(self) -> int | None:
        i = self.new_head.currentIndex()
        return self.candidates[i - 1].id if i > 0 else None

    def errors(self):
        return check_head_change(self.chosen_id(), combo_value(self.old_relation), self.household.current_members)

    def submit(self) -> None:
        change_head(self.ctx.db, self.household.household_no, self.chosen_id(), combo_value(self.old_relation))

    def done_message(self, result) -> str:
        new_head = next(m.name for m in self.candidates if m.id == self.chosen_id())
        return f"已变更户主：户编号 {self.household.household_no}（新户主 {new_head}）"
