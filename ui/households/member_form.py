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
        # 健康状况 with the 残疾 grade beside it: the grade only for 残疾 (R1.7)
        self.health = combo(vocab.HEALTH_STATUSES, m.health)
        self.disability_grade = combo(vocab.DISABILITY_GRADES[1:], m.disability_grade, blank="（残疾等级）")
        self._row("health", "健康状况：", [("health", self.health), ("disability_grade", self.disability_grade)])
        self.health.currentTextChanged.connect(self._health_changed)
        self.labour_ability = self.add("labour_ability", "劳动能力：", combo(vocab.LABOUR_ABILITIES, m.labour_ability))
        self.work_status = self.add("work_status", "务工状况：", combo(vocab.WORK_STATUSES, m.work_status))
        self.is_dibao = self._box("低保对象", m.is_dibao)
        self.is_tekun = self._box("特困人员", getattr(m, "is_tekun", False))
        self.left_behind_child = self._box("留守儿童", getattr(m, "is_left_behind_child", False))
        self.left_behind_elder = self._box("留守老人", getattr(m, "is_left_behind_elder", False))
        self._row("is_dibao", "标识：", [("is_dibao", self.is_dibao), ("is_tekun", self.is_tekun),
                                        ("is_left_behind_child", self.left_behind_child),
                                        ("is_left_behind_elder", self.left_behind_elder)])
        self.medical = self._box("参加医保", m.has_medical_insurance)
        self.pension = self._box("参加养老保险", m.has_pension_insurance)
        self._row("flags", "保障：", [("flags", self.medical), ("pension", self.pension)])
        self._health_changed()
        self.edited.connect(self._update_derived)
        self._update_derived()

    def _box(self, text: str, checked: bool) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(bool(checked))
        return box

    def _row(self, key: str, label: str, widgets: list[tuple[str, QWidget]]) -> None:
        """Several fields on one form row, each with its own error line under the row (``key``: the
        row's first field)."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for _k, w in widgets:
            line.addWidget(w)
        line.addStretch(1)
        self.add(key, label, row)
        column = self.errors[key].parentWidget().layout()
        self.fields[key] = widgets[0][1]        # the field itself (focus, invalid mark), not the row
        for k, w in widgets[1:]:
            err = QLabel("", objectName=f"error_{k}")
            err.setProperty("role", "fieldError")
            err.setWordWrap(True)
            err.hide()
            column.addWidget(err)
            self.fields[k], self.errors[k] = w, err
        for _k, w in widgets:
            signal = w.toggled if isinstance(w, QCheckBox) else w.currentTextChanged
            signal.connect(lambda *_a: self.edited.emit())

    def _health_changed(self) -> None:
        """The 残疾 grade is chosen only when the health is 残疾; otherwise it is blank and disabled."""
        has_disability = combo_value(self.health) == "残疾"
        if not has_disability:
            self.disability_grade.setCurrentIndex(0)
        self.disability_grade.setEnabled(has_disability)

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
            is_tekun=self.is_tekun.isChecked(), is_left_behind_child=self.left_behind_child.isChecked(),
            is_left_behind_elder=self.left_behind_elder.isChecked(), has_medical_insurance=self.medical.isChecked(), has_pension_insurance=self.pension.isChecked())

    def validate(self, extra: list[ValidationError] | None = None, today: dt.date | None = None) -> bool:
        return self.show_errors(check_member(self.value(), today=today) + (extra or []))
