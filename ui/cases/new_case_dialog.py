"""新建危房改造申请: the household, the mode and areas (R3.4, R3.5), the house assessment (R3.1) and the
seven exclusion conditions (R3.3), each answered with a note. Problems show beside their fields as the
clerk types; the case is opened only when there are none."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QSpinBox, QVBoxLayout, QWidget)

from pjdesk.cases.renovation import open_renovation
from pjdesk.cases.renovation_rules import RenovationApplication
from pjdesk.cases.applicants import applicant_info, check_renovation
from pjdesk.cases.renovation_rules import EXCLUSIONS, MODES, NO_HOUSE, REPAIR, SCATTERED, ExclusionAnswer, build_types_for
from pjdesk.errors import PjdeskError

from ..widgets.form import ValidatedForm, combo, combo_value, date_edit, date_value, text_box
from .action_dialogs import ApplicationDialog

UNANSWERED, NO, YES = "请选择", "否", "是"


class ExclusionField(QWidget):
    """One exclusion condition: holds? (否 / 是) and the note that backs the answer."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.answer = combo((UNANSWERED, NO, YES))
        self.answer.setFixedWidth(84)
        self.note = QLineEdit(placeholderText="说明（如：经入户核查，无此情形）")
        row.addWidget(self.answer)
        row.addWidget(self.note, 1)
        self.answer.currentTextChanged.connect(self.changed)
        self.note.textChanged.connect(self.changed)

    def value(self) -> ExclusionAnswer:
        holds = {NO: False, YES: True}.get(self.answer.currentText())
        return ExclusionAnswer(holds, self.note.text())

    def set_value(self, holds: bool | None, note: str) -> None:
        self.answer.setCurrentText({False: NO, True: YES}.get(holds, UNANSWERED))
        self.note.setText(note)


def _area() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 500)
    box.setDecimals(1)
    box.setSuffix(" ㎡")
    return box


class NewCaseDialog(ApplicationDialog):
    def __init__(self, ctx, parent=None, *, household_no: str = "", today: dt.date | None = None):
        super().__init__(ctx, "新建危房改造申请", parent=parent)
        self.today = today
        self.structure = ""                 # the household's house structure, once looked up (无房: new build only)
        self.setMinimumWidth(1000)
        self.exclusions = self.add_form(ValidatedForm())
        self.exclusions.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        title = QLabel("排除条件：任一情形属实即不符合改造条件，每项须答复并填写说明", objectName="exclusions_title")
        title.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(title)
        right.addWidget(self.exclusions)
        right.addStretch(1)
        layout = self.layout()
        layout.removeWidget(self.form)
        columns = QHBoxLayout()
        columns.addWidget(self.form, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        layout.insertLayout(1, columns)
        self.build()
        if household_no:           # opened from the household's tab: its facts set the choices at once
            self.household.setText(household_no)
            self._lookup()

    # ---- layout
    def build(self) -> None:
        f = self.form
        self.add_household_field(f)
        self.applied_on = f.add("applied_on", "申请日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        self.mode = f.add("mode", "改造方式", combo(MODES, current=SCATTERED))
        self.build_type = f.add("build_type", "建设方式", QComboBox())
        self.site = f.add("cluster_site", "集居点", QLineEdit())
        self.site_households = f.add("cluster_site_households", "集居点安置户数", QSpinBox())
        self.site_households.setRange(0, 2000)
        self.main = f.add("main_area", "正房建筑面积", _area())
        self.annex = f.add("annex_area", "附屋面积", _area())
        self.homestead = f.add("homestead_area", "宅基占地面积", _area())
        self.grade = f.add("danger_grade", "危房等级", combo(("C", "D", "A", "B"), current="D"))
        self.agency = f.add("assessment_agency", "鉴定机构", QLineEdit("平江县住房和城乡建设局"))
        self.assessed_on = f.add("assessed_on", "鉴定日期", date_edit(self.today, maximum=self.today or dt.date.today()))
        self.note = f.add("note", "申请事由", text_box(height=44))
        self.answers: dict[int, ExclusionField] = {}
        for code, text in EXCLUSIONS:
            self.answers[code] = self.exclusions.add(f"exclusion_{code}", f"{code}. {text}", ExclusionField())
        self.mode.currentTextChanged.connect(self._mode_changed)
        self.grade.currentTextChanged.connect(self._mode_changed)
        self.build_type.currentTextChanged.connect(self._build_type_changed)
        self.household.editingFinished.connect(self._lookup)
        self._mode_changed()

    def _mode_changed(self) -> None:
        """The build types this household may choose: 无房 → new builds only, a D-grade house → no repair."""
        mode = combo_value(self.mode)
        kept = self.build_type.currentText()
        choices = build_types_for(mode, self.structure, combo_value(self.grade))
        self.build_type.blockSignals(True)
        self.build_type.clear()
        self.build_type.addItems(choices)
        if kept in choices:
            self.build_type.setCurrentText(kept)
        self.build_type.blockSignals(False)
        for w in (self.site, self.site_households):
            w.setEnabled(mode == "集中安置")
        self._build_type_changed()

    def _build_type_changed(self) -> None:
        """A repair builds nothing new: the house-type areas (60/35㎡) do not apply and are hidden."""
        repair = self.build_type.currentText() == REPAIR
        for w in (self.main, self.annex, self.homestead):
            self.form.layout_.setRowVisible(w.parentWidget(), not repair)

    def _lookup(self) -> None:
        """The household's facts set the choices (无房, grade) at once."""
        no = self._household_no()
        try:
            info = applicant_info(self.ctx.db, no)
        except PjdeskError as exc:
            self.info.setText(exc.message)
            self.structure = ""                       # the previous household's facts no longer apply
            for w in (self.grade, self.agency, self.assessed_on):
                self.form.layout_.setRowVisible(w.parentWidget(), True)
            self._mode_changed()
            return
        self.info.setText(info.summary + (f"\n{info.problem}" if info.problem else ""))
        no_house = info.house_structure == NO_HOUSE
        self.structure = info.house_structure
        for w in (self.grade, self.agency, self.assessed_on):      # no house: nothing to assess
            self.form.layout_.setRowVisible(w.parentWidget(), not no_house)
        if info.danger_grade in ("A", "B", "C", "D"):
            self.grade.setCurrentText(info.danger_grade)
        self._mode_changed()
        if info.house_type and not self.main.value():
            self.main.setValue(info.house_type)
            self.homestead.setValue(info.homestead_max)

    # ---- validation
    def application(self) -> RenovationApplication:
        site_n = self.site_households.value()
        repair = self.build_type.currentText() == REPAIR      # hidden house-type areas are not sent
        return RenovationApplication(
            household_no=self.household.text().strip(), applied_on=date_value(self.applied_on),
            mode=combo_value(self.mode), build_type=self.build_type.currentText(),
            main_area=None if repair else self.main.value() or None,
            annex_area=None if repair else self.annex.value() or None,
            homestead_area=None if repair else self.homestead.value() or None, cluster_site=self.site.text(),
            cluster_site_households=site_n or None, danger_grade=combo_value(self.grade),
            assessment_agency=self.agency.text(), assessed_on=date_value(self.assessed_on),
            exclusions={code: w.value() for code, w in self.answers.items()}, note=self.note.toPlainText())

    def errors(self) -> list:
        return check_renovation(self.ctx.db, self.application(), today=self.today)

    def done_message(self, result) -> str:
        return f"已新建危房改造申请：{result}"

    def submit(self):
        return open_renovation(self.ctx.db, self.application(), entered_by=self.ctx.actor(), today=self.today)
