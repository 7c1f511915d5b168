"""The household's own fields on three tabs (基本信息, 收入, 住房), validated together inline. The forms
fill from anything with ``HouseholdInput``'s field names: a recorded household (``HouseholdDetail``) or
the blank input of a new one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QSpinBox
from PySide6.QtCore import Qt

from pjdesk.registry import vocab
from pjdesk.errors import ValidationError
from pjdesk.registry.queries import HouseholdDetail
from pjdesk.registry.rules import HouseholdInput, check_household

from ..widgets.form import ValidatedForm, combo, combo_value, date_edit, date_value

INCOME = (("wage_income", "工资性收入（元/年）"), ("business_income", "生产经营性收入（元/年）"),
          ("transfer_income", "转移性收入（元/年）"), ("property_income", "财产性收入（元/年）"),
          ("production_cost", "生产经营性支出（元/年）"))
# What a new household's form shows before anything is typed.
BLANK = HouseholdInput(village="", group=1, type="一般贫困户", main_cause="", identified_year=2014)


class CauseList(QListWidget):
    """Check up to two other causes."""

    changed = Signal()

    def __init__(self, checked: list[str]):
        super().__init__()
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(True)
        self.setFixedHeight(64)
        for c in vocab.CAUSES:
            item = QListWidgetItem(c)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c in checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.itemChanged.connect(lambda _i: self.changed.emit())

    def checked(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count()) if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, causes: list[str]) -> None:
        for i in range(self.count()):
            self.item(i).setCheckState(Qt.CheckState.Checked if self.item(i).text() in causes else Qt.CheckState.Unchecked)


def _spin(value, maximum=10_000_000, minimum=0, *, money: bool = False) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setGroupSeparatorShown(money)  # 12,000 元, but 2016 年
    box.setValue(int(value or 0))
    return box


class HouseholdFields(QObject):
    """Builds the three forms; ``value()`` gives one HouseholdInput; ``validate()`` shows messages."""

    edited = Signal()

    def __init__(self, villages: list[str], data: HouseholdDetail | None = None, *, new: bool = False):
        super().__init__()
        d = data or BLANK
        this_year = dt.date.today().year
        self.basic = ValidatedForm()
        self.household_no = self.basic.add("household_no", "户编号：", QLineEdit(d.household_no))
        if new:
            self.household_no.setPlaceholderText("留空则自动编号")
        else:
            self.household_no.setReadOnly(True)
        self.village = self.basic.add("village", "所在村：", combo(villages, d.village, blank="请选择村"))
        self.group = self.basic.add("group", "村民小组：", _spin(d.group, 99, 1))
        self.group.setSuffix(" 组")
        self.address = self.basic.add("address", "住址：", QLineEdit(d.address))
        self.phone = self.basic.add("phone", "联系电话：", QLineEdit(d.phone))
        self.bank_name = self.basic.add("bank_name", "开户银行：", QLineEdit(d.bank_name))
        self.bank_account = self.basic.add("bank_account", "银行账号：", QLineEdit(d.bank_account))
        self.type = self.basic.add("type", "户类型：", combo(vocab.HOUSEHOLD_TYPES, d.type))
        self.policy_guarantee = self.basic.add("policy_guarantee", "政策兜底：", QCheckBox("政策兜底对象"))
        self.policy_guarantee.setChecked(bool(getattr(d, "policy_guarantee", False)))
        self.standard = self.basic.add("standard", "识别标准：", combo(vocab.STANDARDS, d.standard))
        self.identified_year = self.basic.add("identified_year", "识别年度：", _spin(d.identified_year, this_year, 2013))
        self.main_cause = self.basic.add("main_cause", "主要致贫原因：", combo(vocab.CAUSES, d.main_cause, blank="请选择"))
        self.other_causes = self.basic.add("other_causes", "其他致贫原因（最多2项）：", CauseList(d.other_causes))
        self.planned_exit_year = self.basic.add("planned_exit_year", "计划脱贫年度：", _spin(d.planned_exit_year or 0, 2035, 0))
        self.planned_exit_year.setSpecialValueText("（未定）")
        self.registered_on = None
        if new:
            self.registered_on = self.basic.add("registered_on", "建档日期：", date_edit(dt.date.today(), dt.date.today()))

        self.income = ValidatedForm()
        self.income_boxes = {k: self.income.add(k, label, _spin(getattr(d, k), money=True))
                             for k, label in INCOME}
        self.size = getattr(d, "size", 0)      # persons (a new household has none yet)
        self.net_label = QLabel("")
        self.income.add("net", "人均纯收入：", self.net_label)

        self.housing = ValidatedForm()
        self.house_structure = self.housing.add("house_structure", "住房结构：", combo(vocab.HOUSE_STRUCTURES, d.house_structure, blank="（未填）"))
        area = QDoubleSpinBox()
        area.setRange(0, 2000)
        area.setSuffix(" ㎡")
        area.setValue(float(d.house_area or 0))
        self.house_area = self.housing.add("house_area", "住房面积：", area)
        self.danger_grade = self.housing.add("danger_grade", "危房等级：", combo(vocab.DANGER_GRADES, d.danger_grade, blank="（未鉴定）"))
        self.house_built_year = self.housing.add("house_built_year", "建房年份：", _spin(d.house_built_year or 0, this_year, 0))
        self.house_built_year.setSpecialValueText("（未填）")
        self.house_structure.currentTextChanged.connect(lambda _t: self._house_facts_enabled())
        self._house_facts_enabled()
        for form in (self.basic, self.income, self.housing):
            form.edited.connect(self.edited.emit)
        self.edited.connect(self._update_net)
        self._update_net()

    @property
    def no_house(self) -> bool:
        return combo_value(self.house_structure) == vocab.NO_HOUSE

    def _house_facts_enabled(self) -> None:
        """无房: no area, build year or danger grade (disabled; what they held comes back if another
        structure is chosen, and is not saved meanwhile)."""
        for box in (self.house_area, self.danger_grade, self.house_built_year):
            box.setEnabled(not self.no_house)

    def _update_net(self) -> None:
        v = {k: b.value() for k, b in self.income_boxes.items()}
        net = v["wage_income"] + v["business_income"] + v["transfer_income"] + v["property_income"] - v["production_cost"]
        per = f"{net / self.size:,.0f} 元" if self.size else "—（无在册成员）"
        self.net_label.setText(f"家庭纯收入 {net:,} 元，人均 {per}")

    def value(self) -> HouseholdInput:
        return HouseholdInput(
            village=combo_value(self.village), group=self.group.value(), type=combo_value(self.type),
            main_cause=combo_value(self.main_cause), identified_year=self.identified_year.value(),
            other_causes=self.other_causes.checked(), standard=combo_value(self.standard),
            address=self.address.text().strip(), phone=self.phone.text().strip(),
            bank_name=self.bank_name.text().strip(), bank_account=self.bank_account.text().strip(),
            house_structure=combo_value(self.house_structure),
            house_area=None if self.no_house else self.house_area.value() or None,
            danger_grade="" if self.no_house else combo_value(self.danger_grade),
            house_built_year=None if self.no_house else self.house_built_year.value() or None,
            policy_guarantee=self.policy_guarantee.isChecked(),
            planned_exit_year=self.planned_exit_year.value() or None,
            household_no=self.household_no.text().strip(),
            registered_on=date_value(self.registered_on) if self.registered_on else None,
            **{k: b.value() for k, b in self.income_boxes.items()})

    def validate(self, extra: list[ValidationError] | None = None) -> bool:
        errors = check_household(self.value()) + (extra or [])
        oks = [form.show_errors(errors) for form in (self.basic, self.income, self.housing)]
        return all(oks)
