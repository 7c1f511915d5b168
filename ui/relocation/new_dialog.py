"""新建搬迁申请: the household (eligibility shown as soon as it is chosen: 无房, or its only house of adobe —
R4.1), the signed willingness and the people moving along (R4.2), and the allocation: site (with the
capacity it has left), unit, area, the members moving (each ticked once) and, for a full site, the
over-plan approval. Every problem is the service's own check (``relocation_applicants.check_relocation``),
shown beside its field as the clerk types."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QSpinBox)

from pjdesk.cases.relocation_applicants import (RelocationApplicant, check_movers_ticked, check_relocation,
                                                relocation_applicant, subsidy_preview)
from pjdesk.cases.relocation_rules import ADOBE, AREA_MAX, COMPANIONS_MAX, RelocationApplication
from pjdesk.cases.relocation import open_relocation
from pjdesk.cases.sites import SiteRow, site_rows
from pjdesk.errors import PjdeskError

from ..cases.action_dialogs import ApplicationDialog
from ..widgets.form import ValidatedForm, combo, combo_value, date_edit, date_value, text_box


class MoversList(QListWidget):
    """The household's current members, each a tick box (a member is in the list once, so moves once here).
    ``changed`` fires when a tick changes (the form re-checks)."""

    changed = Signal()

    def __init__(self):
        super().__init__(objectName="movers")
        self.setMinimumHeight(96)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_members(self, applicant: RelocationApplicant | None) -> None:
        self.blockSignals(True)
        self.clear()
        for m in applicant.members if applicant else ():
            text = f"{m.name}（{m.relation}）" + (f"——已在{m.elsewhere}中搬迁" if m.elsewhere else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            item.setCheckState(Qt.CheckState.Unchecked if m.elsewhere else Qt.CheckState.Checked)
            self.addItem(item)
        self.blockSignals(False)
        self.changed.emit()

    def ticked(self) -> list[int]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]


def _site_text(r: SiteRow) -> str:
    left = "已满" if r.capacity_left <= 0 else f"剩余{r.capacity_left}户"
    return f"{r.name}（{r.kind}，{r.status}，{left}）"


class NewRelocationDialog(ApplicationDialog):
    def __init__(self, ctx, parent=None, *, household_no: str = "", today: dt.date | None = None):
        super().__init__(ctx, "新建易地搬迁申请", parent=parent)
        self.today = today
        self.applicant: RelocationApplicant | None = None
        self.sites = site_rows(ctx.db)
        self.setMinimumWidth(980)
        self.right = self.add_form(ValidatedForm())
        layout = self.layout()
        layout.removeWidget(self.form)
        columns = QHBoxLayout()
        columns.addWidget(self.form, 1, Qt.AlignmentFlag.AlignTop)
        columns.addSpacing(16)
        columns.addWidget(self.right, 1, Qt.AlignmentFlag.AlignTop)
        layout.insertLayout(0, columns)
        self.build()
        if household_no:
            self.household.setText(household_no)
            self._lookup()

    # ---- layout
    def build(self) -> None:
        f, r = self.form, self.right
        self.add_household_field(f)
        self.house = f.add("house_structure", "现住房", QLineEdit(objectName="house_structure", readOnly=True))
        self.sole = f.add("sole_house", "唯一住房", QCheckBox("该户仅有这一套住房（土坯结构）", objectName="sole_house"))
        f.layout_.setRowVisible(self.sole.parentWidget(), False)
        self.applied_on = f.add("applied_on", "申请日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        self.willing_on = f.add("willing_signed_on", "意愿书签字日期",
                                date_edit(self.today, maximum=self.today or dt.date.today()))
        self.signer = f.add("willing_signer", "意愿书签字人", QLineEdit(objectName="willing_signer",
                                                                    placeholderText="如：户主本人"))
        self.companions = f.add("companions", "同步搬迁人数", QSpinBox(objectName="companions"))
        self.companions.setRange(0, COMPANIONS_MAX)
        self.companions_note = f.add("companions_note", "同步搬迁人员", QLineEdit(
            objectName="companions_note", placeholderText="姓名、与户主关系（非本户成员）"))
        self.priority = f.add("priority", "优先情形", text_box("如：居住在深山区，一方水土养不活一方人", height=44))

        self.site = r.add("site", "安置点", self._site_combo())
        self.site_info = QLabel("", objectName="site_info")
        self.site_info.setWordWrap(True)
        r.layout_.addRow("", self.site_info)
        self.unit = r.add("unit", "房号", QLineEdit(objectName="unit", placeholderText="如 3栋502"))
        self.area_box = r.add("area", "安置面积", QDoubleSpinBox(objectName="area"))
        self.area_box.setRange(0, AREA_MAX)
        self.area_box.setDecimals(1)
        self.area_box.setSuffix(" ㎡")
        self.movers = r.add("movers", "搬迁成员", MoversList())
        self.over_by = r.add("over_plan_approved_by", "超规划审批人", QLineEdit(objectName="over_plan_approved_by"))
        self.over_reason = r.add("over_plan_reason", "超规划理由", QLineEdit(objectName="over_plan_reason"))
        self.subsidy = r.add("subsidy", "补助标准", QLineEdit(objectName="subsidy", readOnly=True))
        self.note = r.add("note", "申请说明", text_box(height=44))
        for key, w in (("household_no", self.household), ("sole_house", self.sole), ("site", self.site),
                       ("unit", self.unit), ("area", self.area_box), ("movers", self.movers),
                       ("companions", self.companions), ("willing_signer", self.signer),
                       ("over_plan_reason", self.over_reason)):
            self.track(key, w)
        self.household.editingFinished.connect(self._lookup)
        self.household.textChanged.connect(self._typed)
        self.site.currentIndexChanged.connect(self._site_changed)
        self._site_changed()

    def _site_combo(self):
        box = combo([], blank="请选择安置点")
        box.setObjectName("site")
        for s in self.sites:
            box.addItem(_site_text(s), s.code)
        return box

    def track(self, key: str, widget) -> None:
        """An edit of ``widget`` marks its field as edited by the clerk, so its problems show."""
        signal = getattr(widget, "changed", None) or next(
            getattr(widget, n) for n in ("textChanged", "currentIndexChanged", "valueChanged", "toggled")
            if hasattr(widget, n))

        def touched(*_):
            if key not in self.touched:
                self.touched.add(key)
                self.revalidate()
        signal.connect(touched)

    def chosen_site(self) -> SiteRow | None:
        code = combo_value(self.site)
        return next((s for s in self.sites if s.code == code), None)

    def _site_changed(self) -> None:
        s = self.chosen_site()
        full = s is not None and s.capacity_left <= 0
        for w in (self.over_by, self.over_reason):         # a full site needs an over-plan approval
            self.right.layout_.setRowVisible(w.parentWidget(), full)
        if s is None:
            self.site_info.setText("")
            return
        types = "、".join(f"{t:g}" for t in s.house_types) + "㎡" if s.house_types else "不限"
        if s.follows_house_standard:
            types += "（执行危房改造户型标准）"
        self.site_info.setText(f"规划{s.planned_households}户{s.planned_persons}人，已分配{s.allocated_households}户，"
                               f"已入住{s.moved_in_households}户；户型：{types}")

    def _lookup(self) -> None:
        """The household's facts at once (leaving the field, or picking a suggestion)."""
        no = self._household_no()
        try:
            self._show(relocation_applicant(self.ctx.db, no) if no else None)
        except PjdeskError:
            self._show(None)                          # the check names the unknown number under the field

    def _typed(self, text: str) -> None:
        """A whole household number typed (or pasted): its facts show without leaving the field."""
        no = text.strip()
        if not no or (self.applicant is not None and self.applicant.household_no == no):
            return
        try:
            applicant = relocation_applicant(self.ctx.db, no)
        except PjdeskError:
            return                                    # not a whole number yet
        self._show(applicant)

    def _show(self, a: RelocationApplicant | None) -> None:
        """Its house (eligibility: R4.1), its members to tick, its open cases."""
        self.applicant = a
        self.info.setText(a.summary + ("\n办理中：" + "、".join(a.open_cases) if a.open_cases else "") if a else "")
        self.house.setText(a.house_structure if a else "")
        self.form.layout_.setRowVisible(self.sole.parentWidget(), bool(a) and a.house_structure == ADOBE)
        self.shown_at_once |= {"household_no", "house_structure"}
        self.movers.set_members(a)
        self.revalidate()

    # ---- validation
    def application(self) -> RelocationApplication:
        a = self.applicant
        return RelocationApplication(
            household_no=self.household.text().strip(), applied_on=date_value(self.applied_on),
            site=combo_value(self.site), unit=self.unit.text(), area=self.area_box.value() or None,
            movers=self.movers.ticked(), sole_house=self.sole.isChecked() if a and a.house_structure == ADOBE else None,
            willing_signed_on=date_value(self.willing_on), willing_signer=self.signer.text(),
            companions=self.companions.value(), companions_note=self.companions_note.text(),
            priority=self.priority.toPlainText(), over_plan_reason=self.over_reason.text(),
            over_plan_approved_by=self.over_by.text(), note=self.note.toPlainText())

    def errors(self) -> list:
        a = self.application()
        errors = check_relocation(self.ctx.db, a, today=self.today)
        if self.applicant is not None:
            errors += check_movers_ticked(a.movers)
        persons = len(a.movers) + a.companions
        self.subsidy.setText(subsidy_preview(self.ctx.db, a.applied_on.year, persons))
        return errors

    def done_message(self, result) -> str:
        return f"已新建易地搬迁申请：{result}"

    def submit(self):
        return open_relocation(self.ctx.db, self.application(), entered_by=self.ctx.actor(), today=self.today)
