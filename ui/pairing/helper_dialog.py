"""新增 / 编辑帮扶责任人: every field checked as you type, the message next to the field."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from pjdesk.pairing import people, vocab
from pjdesk.pairing.people import HelperInput
from pjdesk.registry.township import village_names

from ui.widgets.form import combo, combo_value
from ui.pairing.assign_dialog import ActionDialog


class HelperDialog(ActionDialog):
    def __init__(self, ctx, helper: dict | None = None, parent=None):
        """``helper``: the row to edit (keys as ``HelperRow.as_dict``), None for a new helper."""
        super().__init__(ctx, "编辑帮扶责任人" if helper else "新增帮扶责任人", parent=parent)
        h = helper or {}
        self.helper_id = h.get("id")
        f = self.form
        self.name = f.add("name", "姓名", QLineEdit(h.get("name", ""), objectName="name"))
        self.sex = f.add("sex", "性别", combo(vocab.SEXES, h.get("sex", "")))
        self.unit = f.add("unit", "工作单位", QLineEdit(h.get("unit", ""), objectName="unit"))
        self.level = f.add("unit_level", "单位级别", combo(vocab.UNIT_LEVELS, h.get("level", "县直")))
        self.post = f.add("post", "职务", QLineEdit(h.get("post", ""), objectName="post"))
        self.kind = f.add("kind", "类别", combo(vocab.KINDS, h.get("kind", "干部")))
        self.phone = f.add("phone", "联系电话", QLineEdit(h.get("phone", ""), objectName="phone"))
        self.village = f.add("village", "联系村", combo(village_names(ctx.db), h.get("village", ""),
                                                       blank="（全乡镇）"))
        self.village.setToolTip("驻村单位干部、村干部、党员等填所联系的村；乡镇干部可不填")
        if helper:
            self.revalidate()

    def value(self) -> HelperInput:
        return HelperInput(name=self.name.text(), unit=self.unit.text(), unit_level=combo_value(self.level),
                           phone=self.phone.text(), sex=combo_value(self.sex), post=self.post.text(),
                           kind=combo_value(self.kind), village=combo_value(self.village))

    def errors(self):
        return people.check_helper(self.value())

    def submit(self):
        if self.helper_id is None:
            self.helper_id = people.add_helper(self.ctx.db, self.value())
        else:
            people.update_helper(self.ctx.db, self.helper_id, self.value())
