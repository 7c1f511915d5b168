"""Small dialogs for one action each: status change, member leaves, change of head. Their checks are the
registry's pure rules (``check_status_change``, ``check_member_leaves``, ``check_head_change``,
``exit_rules.check_exit_checklist``), the same the services call.

标记预脱贫 / 确认脱贫 show the 两不愁三保障 checklist (R1.5) pre-filled from the facts: an item the facts
fail is 未达标 with the reason and cannot be switched to 达标; the per-capita income and the year's line
are shown; each refusal appears beside its item. The household's 状态记录 tab lists the stored checks and
the house changes cases made (``record_rows``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from pjdesk.registry import exit_rules, vocab
from pjdesk.registry.exit_check import exit_facts
from pjdesk.registry.households import change_head, change_status, member_leaves
from pjdesk.registry.queries import HouseholdDetail, MemberDetail
from pjdesk.registry.rules import check_head_change, check_member_leaves, check_status_change

from ..widgets.action_dialog import ActionDialog
from ..widgets.form import ValidatedForm, combo, combo_value, date_edit, date_value
from ..widgets.table_model import Col

DONE_WORDS = {"标记预脱贫": "已标记预脱贫", "确认脱贫": "已确认脱贫", "返贫": "已登记返贫", "销户": "已销户",
              "退回未脱贫": "已退回未脱贫"}    # the status bar's confirmation of each action
STATUS_ACTIONS = {  # action label → target status
    "标记预脱贫": vocab.STATUS_PRE_EXIT, "确认脱贫": vocab.STATUS_EXITED, "返贫": vocab.STATUS_RELAPSED,
    "销户": vocab.STATUS_CLOSED, "退回未脱贫": vocab.STATUS_POOR,
}


class ChecklistRow(QWidget):
    """One item of the 两不愁三保障 checklist: 达标 / 未达标 and a note. ``set_fact(reason, …)``: the facts fail the
    item — 未达标 with the reason, and the result cannot be switched."""

    changed = Signal()

    def __init__(self, item: str, parent=None):
        super().__init__(parent)
        self.item = item
        self.result = combo(exit_rules.RESULTS, exit_rules.MET)
        self.result.setObjectName(f"result_{exit_rules.ITEM_KEYS[item]}")
        self.note = QLineEdit(objectName=f"note_{exit_rules.ITEM_KEYS[item]}")
        self.note.setPlaceholderText("说明（核查情况）")
        self.note.setMaxLength(exit_rules.NOTE_MAX)
        self.locked = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.result)
        row.addWidget(self.note, 1)
        self.result.currentTextChanged.connect(lambda *_a: self.changed.emit())
        self.note.textChanged.connect(lambda *_a: self.changed.emit())

    def set_fact(self, failure: str | None, note: str) -> None:
        """Follow the facts: a failing fact locks the item at 未达标 with its reason; a fact that holds
        unlocks it (达标, with what the facts show, if it was locked or still blank)."""
        if failure:
            self.result.setCurrentIndex(self.result.findData(exit_rules.NOT_MET))
            self.note.setText(failure)
        elif self.locked or not self.note.text():
            self.result.setCurrentIndex(self.result.findData(exit_rules.MET))
            self.note.setText(note)
        self.locked = bool(failure)
        self.result.setEnabled(not failure)

    def value(self) -> exit_rules.ChecklistItem:
        return exit_rules.ChecklistItem(self.item, combo_value(self.result) == exit_rules.MET, self.note.text())


class StatusDialog(ActionDialog):
    """标记预脱贫 / 确认脱贫 / 返贫 / 销户: a date and a reason, kept in the status history; 预脱贫 and
    已脱贫 also the 两不愁三保障 checklist (R1.5)."""

    def __init__(self, ctx, household: HouseholdDetail, action: str, parent=None):
        super().__init__(ctx, f"{action}：{household.head_name}户",
                         f"户编号 {household.household_no}，当前状态“{household.status}”，"
                         f"将变更为“{STATUS_ACTIONS[action]}”。", parent)
        self.household, self.target, self.action = household, STATUS_ACTIONS[action], action
        self.date = self.form.add("changed_on", "变更日期：", date_edit(dt.date.today(), dt.date.today()))
        self.reason = self.form.add("reason", "原因：", QPlainTextEdit())
        self.reason.setPlaceholderText("例如：经村、乡、县三级核查，两不愁三保障达标")
        self.reason.setFixedHeight(80)
        self.items: dict[str, ChecklistRow] = {}
        self.facts: exit_rules.ExitFacts | None = None
        if self.target in exit_rules.EXIT_STATUSES:
            self._checklist_form()
        self.revalidate()

    def _checklist_form(self) -> None:
        self.checklist = ValidatedForm()
        heading = QLabel("“两不愁三保障”核查（住房、义务教育、基本医疗按台账核对）", objectName="checklist_heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        self.checklist.layout_.addRow(heading)
        for item in exit_rules.ITEMS:
            self.items[item] = self.checklist.add(exit_rules.ITEM_KEYS[item], f"{item}：", ChecklistRow(item))
        self.income = self.checklist.add("income", "人均纯收入：", QLabel("", objectName="income_summary"))
        self.income.setWordWrap(True)
        self.body.insertWidget(self.body.indexOf(self.form) + 1, self.checklist)
        self.setMinimumWidth(680)      # the reasons the facts give fit on one or two lines
        self.add_form(self.checklist)
        self.date.dateChanged.connect(self._date_changed)
        self._load_facts()

    def _date_changed(self, *_args) -> None:
        """The form's own revalidation ran on the old date's facts: check again on the new ones."""
        self._load_facts()
        self.revalidate()

    def _load_facts(self) -> None:
        """Re-read the facts for the chosen date (ages, the year's income line) and follow them."""
        self.facts = exit_facts(self.ctx.db, self.household.household_no, date_value(self.date))
        failures, notes = exit_rules.fact_failures(self.facts), exit_rules.fact_notes(self.facts)
        for item, row in self.items.items():
            if item in notes:
                row.set_fact(failures.get(item), notes[item])
        self.income.setText(exit_rules.income_summary(self.facts))

    def checklist_value(self) -> list[exit_rules.ChecklistItem] | None:
        return [row.value() for row in self.items.values()] if self.items else None

    def errors(self):
        history = self.household.status_history
        errors = check_status_change(self.target, date_value(self.date), self.reason.toPlainText(),
                                     last_changed_on=history[-1].changed_on if history else None)
        if self.facts is not None:
            errors += exit_rules.check_exit_checklist(self.checklist_value(), self.facts, to_status=self.target)
        return errors

    def submit(self) -> None:
        change_status(self.ctx.db, self.household.household_no, self.target, date_value(self.date),
                      self.reason.toPlainText(), actor=self.ctx.actor(), checklist=self.checklist_value())

    def done_message(self, result) -> str:
        h = self.household
        return f"{DONE_WORDS[self.action]}：户编号 {h.household_no}（户主 {h.head_name}）"


# ---------------------------------------------------------------- the 状态记录 tab's second list

@dataclass(frozen=True)
class RecordRow:
    """An exit check or a house change, as the 核查与住房变更记录 list shows it."""
    date: dt.date
    what: str
    result: str
    content: str
    source: str


def _area(v) -> str:
    return f"{v:g}㎡" if v is not None else "—"


def record_rows(d: HouseholdDetail) -> list[RecordRow]:
    """The household's exit checks and house changes, newest first."""
    rows = []
    for c in d.exit_checks:
        items = "；".join(f"{i.item}：{'达标' if i.met else '未达标'}{'（' + i.note + '）' if i.note else ''}"
                         for i in c.items)
        line = f"，标准{c.income_line}元" if c.income_line is not None else ""
        rows.append(RecordRow(c.checked_on, f"两不愁三保障核查（{c.to_status}）", "通过" if c.passed else "未通过",
                              f"{items}；人均纯收入{c.per_capita_income:,.2f}元（{c.household_size}人{line}）",
                              c.recorded_by))
    for h in d.house_changes:
        def house(structure, area, year, grade):
            return "，".join(x for x in (structure or "—", _area(area), f"{year}年建" if year else "",
                                          f"{grade}级" if grade else "") if x)
        rows.append(RecordRow(h.changed_on, "住房变更",
                              f"{h.old_grade or '—'}级→{h.new_grade or '—'}级" if h.new_grade else "已变更",
                              f"{house(h.old_structure, h.old_area, h.old_built_year, h.old_grade)} → "
                              f"{house(h.new_structure, h.new_area, h.new_built_year, h.new_grade)}",
                              h.source or h.case_no))
    return sorted(rows, key=lambda r: r.date, reverse=True)


RECORD_COLUMNS = (
    Col("date", "日期", lambda r: f"{r.date:%Y-%m-%d}"),
    Col("what", "记录", lambda r: r.what),
    Col("result", "结果", lambda r: r.result, True),
    Col("source", "来源/经办人", lambda r: r.source),
    Col("content", "内容", lambda r: r.content),
)


def record_tip(row: RecordRow, key: str) -> str | None:
    """The whole content of a long cell (the checklist's five items) as the cell's tooltip."""
    return row.content if key == "content" else None


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
