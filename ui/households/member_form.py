"""Member fields with inline validation; sex and birth date are read from the ID number. The form fills
from anything with ``MemberInput``'s field names: a recorded member (``MemberDetail``) or a blank input."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from pjdesk import idcard
from pjdesk.registry import vocab
from pjdesk.errors import ValidationError
from pjdesk.registry.queries import MemberDetail
from pjdesk.registry.rules import MemberInput, check_member

from ..widgets.form import ValidatedForm, combo, combo_value


class MemberForm(ValidatedForm):
    def __init__(self, member: MemberDetail | MemberInput | None = None, *, head_locked: bool = False, parent=None):
        super().__init__(parent)
        m = member or MemberInput(name="", id_number="", relation="")
        self.name = self.add("name", "姓名：", QLineEdit(m.name))
        self.id_number = self.add("id_number", "身份证号：", QLineEdit(m.id_number))
        self.id_number.setPlaceholderText("18位，末位可为X；出生日期和性别由此自动填写")
        self.id_number.setMaxLength(24)
        relations = vocab.RELATIONS if not head_locked else [r for r in vocab.RELATIONS if r != vocab.HEAD]
        if head_locked and m.relation == vocab.HEAD:
            relations = [vocab.HEAD]
        self.relation = self.add("relation", "与户主关系：", combo(relations, m.relation))
        self.derived = QLabel("")
        self.add("sex", "性别 / 出生日期：", self.derived)
        self.ethnicity = self.add("ethnicity", "民族：", combo(vocab.ETHNICITIES, m.ethnicity, editable=True))
        self.education = self.add("education", "文化程度：", combo(vocab.EDUCATION_LEVELS, m.education, blank="（未填）"))
        self.school_status = self.add("school_status", "在校状况：", combo(vocab.SCHOOL_STATUSES, m.school_status))
        self.health = self.add("health", "健康状况：", combo(vocab.HEALTH_STATUSES, m.health))
        self.disability_grade = self.add("disability_grade", "残疾等级：", combo(vocab.DISABILITY_GRADES, m.disability_grade))
        self.labour_ability = self.add("labour_ability", "劳动能力：", combo(vocab.LABOUR_ABILITIES, m.labour_ability))
        self.work_status = self.add("work_status", "务工状况：", combo(vocab.WORK_STATUSES, m.work_status))
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        self.is_dibao = QCheckBox("低保对象")
        self.is_dibao.setChecked(m.is_dibao)
        self.medical = QCheckBox("参加医保")
        self.medical.setChecked(m.has_medical_insurance)
        self.pension = QCheckBox("参加养老保险")
        self.pension.setChecked(m.has_pension_insurance)
        for box in (self.is_dibao, self.medical, self.pension):
            row.addWidget(box)
            box.toggled.connect(self.edited.emit)
        row.addStretch(1)
        self.add("flags", "保障：", flags)
        self.edited.connect(self._update_derived)
        self._update_derived()

    def _update_derived(self) -> None:
        try:
            info = idcard.parse(self.id_number.text())
        except ValidationError:
            self.derived.setText("（由身份证号自动识别）")
        else:
            self.derived.setText(f"{info.sex}　{info.birth_date:%Y-%m-%d}")

    def value(self) -> MemberInput:
        return MemberInput(
            name=self.name.text().strip(), id_number=self.id_number.text(), relation=combo_value(self.relation),
            ethnicity=self.ethnicity.currentText().strip() or "汉族", education=combo_value(self.education),
            school_status=combo_value(self.school_status), health=combo_value(self.health),
            disability_grade=combo_value(self.disability_grade), labour_ability=combo_value(self.labour_ability),
            work_status=combo_value(self.work_status), is_dibao=self.is_dibao.isChecked(),
            has_medical_insurance=self.medical.isChecked(), has_pension_insurance=self.pension.isChecked())

    def validate(self, extra: list[ValidationError] | None = None, today: dt.date | None = None) -> bool:
        return self.show_errors(check_member(self.value(), today=today) + (extra or []))
