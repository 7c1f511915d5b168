"""分配帮扶责任人 (one or several households), 更换帮扶责任人, 解除结对 — one service call each."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit

from pjdesk.pairing import assignments
from pjdesk.pairing.queries import (HelperRow, filter_helpers, has_room, helper_rows, helpers_in_assignment_order,
                                   limit_of, villages_of)

from ui.widgets.form import date_edit, date_value
from ui.widgets.action_dialog import ActionDialog as _ActionDialog


class ActionDialog(_ActionDialog):
    """The helpers pages' dialogs tell the app that helpers changed."""

    area = "helpers"


def helper_label(r: HelperRow, limit: int) -> str:
    full = "，已满" if r.load >= limit else ""
    return f"{r.name}　{r.unit}　{r.load}/{limit}户{full}"


class AssignDialog(ActionDialog):
    """Pick a helper for the given households (``[(household_no, label)]``).

    With ``reassign=True`` (one household) the current pairing is ended and a new one started.
    The limit is checked by the service: a refusal (e.g. the sixth household) is shown here.
    """

    def __init__(self, ctx, households: list[tuple[str, str]], *, reassign: bool = False, parent=None):
        n = len(households)
        title = "更换帮扶责任人" if reassign else "分配帮扶责任人"
        names = "、".join(label for _, label in households[:6]) + ("等" if n > 6 else "")
        limit = limit_of(ctx.db)
        intro = (f"为{names}（共{n}户）{'更换' if reassign else '指定'}帮扶责任人。"
                 f"每名帮扶责任人最多帮扶{limit}户。")
        super().__init__(ctx, title, intro, parent=parent)
        self.households, self.reassign, self.limit = households, reassign, limit
        self._helpers = helpers_in_assignment_order(helper_rows(ctx.db, active_only=True), limit,
                                                    villages=villages_of(ctx.db, [no for no, _ in households]))
        self.search = self.form.add("search", "查找", QLineEdit(objectName="helper_search"))
        self.search.setPlaceholderText("姓名、拼音首字母、单位或电话")
        self.helper = self.form.add("helper", "帮扶责任人", QComboBox(objectName="helper"))
        self.helper.setMinimumWidth(360)
        self.on = self.form.add("start_on", "更换日期" if reassign else "结对日期",
                                date_edit(dt.date.today(), dt.date.today()))
        self.reason = self.form.add("reason", "更换原因", QLineEdit(objectName="reason")) if reassign else None
        self.search.textChanged.connect(self._fill)
        self._fill()
        self.revalidate()

    def _fill(self) -> None:
        """The helpers the search matches (name, pinyin, initials, unit, phone), those with room first;
        a full helper is listed with his load but cannot be picked. The first one with room is chosen."""
        self.helper.clear()
        first = -1
        for i, r in enumerate(filter_helpers(self._helpers, search=self.search.text())):
            self.helper.addItem(helper_label(r, self.limit), r.id)
            if has_room(r, self.limit):
                first = i if first < 0 else first
            else:
                self.helper.model().item(i).setEnabled(False)
        self.helper.setCurrentIndex(first)

    def select_helper(self, helper_id: int) -> None:
        self.search.clear()
        self.helper.setCurrentIndex(self.helper.findData(helper_id))

    def errors(self):
        return assignments.check_pairing(self.helper.currentData(), date_value(self.on))

    def submit(self):
        helper_id = self.helper.currentData()
        on, actor = date_value(self.on), self.ctx.actor()
        if self.reassign:
            assignments.reassign(self.ctx.db, self.households[0][0], helper_id, on=on,
                                 reason=self.reason.text(), actor=actor)
        else:
            assignments.bulk_assign(self.ctx.db, helper_id, [no for no, _ in self.households], on=on, actor=actor)


class EndPairingDialog(ActionDialog):
    """解除结对: date and reason; the pairing stays in the household's history."""

    def __init__(self, ctx, household_no: str, label: str, helper_name: str, parent=None):
        super().__init__(ctx, "解除结对", f"解除{label}与帮扶责任人“{helper_name}”的结对。结对记录会保留在该户的帮扶历史中。",
                         parent)
        self.household_no = household_no
        self.on = self.form.add("end_on", "结束日期", date_edit(dt.date.today(), dt.date.today()))
        self.reason = self.form.add("reason", "原因", QLineEdit(objectName="reason"))
        self.reason.setPlaceholderText("如：帮扶人调离、已脱贫巩固期满")
        self.revalidate()

    def errors(self):
        return assignments.check_end_pairing(date_value(self.on), self.reason.text(), reason_required=True)

    def submit(self):
        assignments.unassign(self.ctx.db, self.household_no, on=date_value(self.on), reason=self.reason.text(),
                             actor=self.ctx.actor())
