"""补助标准: the rate table with effective dates, and adding a line of a new standard. Lines are never
edited; an item's lines of a later date replace all its earlier lines (whatever their departments) for
cases approved from that date on."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox

from pjdesk.cases.subsidy import RateInput, add_rate, list_rates
from pjdesk.cases.renovation_rules import MODES
from pjdesk.cases.subsidy import DEPARTMENTS, ITEMS

from ..widgets.form import combo, combo_value, date_edit, date_value
from ..widgets.table_model import RowsModel, table_view
from .action_dialogs import ActionDialog
from .models import RATE_COLUMNS

HOUSE_TYPES = {"不分户型": 0, "60㎡": 60, "35㎡": 35}


class RatesDialog(ActionDialog):
    """Stays open after 新增此行: add several lines and see them in the table."""

    stays_open = True

    def __init__(self, ctx, parent=None, *, today: dt.date | None = None):
        super().__init__(ctx, "危房改造补助标准", parent=parent, ok_text="新增此行", cancel_text="关闭",
                         intro="补助标准按生效日期执行：案件在县级审批通过之日按当时的标准核定，此后标准调整不影响已核定的案件。"
                               "调整标准请按新标准新增各行并填写同一生效日期：同一项目（建房补助或基础设施配套）自新生效日期起只执行该日期的各行，"
                               "原有各部门的行一并停止执行；分部门承担的（如分散改造住建部门1万元、扶贫部门1万元），"
                               "请按部门各新增一行。金额填0表示自该日起取消该项（或该部门的份额）。")
        self.today = today
        self.setMinimumSize(1040, 700)
        self.rates_model = RowsModel(RATE_COLUMNS, self)
        self.table = table_view(self.rates_model, "rates", multi=True, fit="reset", widths={"note": 260})
        self.table.setMinimumHeight(250)
        self.layout().insertWidget(1, self.table, 1)
        self.build()
        self.reload()

    def build(self) -> None:
        f = self.form
        self.mode = f.add("mode", "改造方式", combo(MODES))
        self.house_type = f.add("house_type", "户型", combo(HOUSE_TYPES))
        self.item = f.add("item", "项目", combo(ITEMS))
        self.department = f.add("department", "来源部门", combo(("",) + DEPARTMENTS))
        self.amount = f.add("amount", "金额（元）", QSpinBox())
        self.amount.setRange(0, 1_000_000)
        self.amount.setSingleStep(1000)
        self.to_household = f.add("to_household", "拨付到户", QCheckBox("是（基础设施配套资金不到户）"))
        self.to_household.setChecked(True)
        self.effective = f.add("effective_from", "生效日期", date_edit(self.today))
        self.note = f.add("note", "依据", QLineEdit(placeholderText="文件名称及文号"))

    def reload(self) -> None:
        self.rates_model.set_rows(list_rates(self.ctx.db, today=self.today))

    def submit(self):
        return add_rate(self.ctx.db, RateInput(
            combo_value(self.mode), HOUSE_TYPES[self.house_type.currentText()], combo_value(self.item),
            combo_value(self.department), self.amount.value(), date_value(self.effective),
            self.to_household.isChecked(), self.note.text()), entered_by=self.ctx.actor())

    def after_submit(self, result) -> None:
        self.reload()

    def done_message(self, result) -> str:
        return f"已新增补助标准：{self.item.currentText()} {self.amount.value():,}元（{date_value(self.effective):%Y-%m-%d}起）"
