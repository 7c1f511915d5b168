"""村名管理: the township's villages, their pre-2016-merger names (R1.8), adding a village. 添加村 adds one
and the dialog stays open (a refusal, e.g. a name that exists, shows under the name); 关闭 closes."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHeaderView, QLineEdit, QTableWidget, QTableWidgetItem

from pjdesk.errors import PjdeskError
from pjdesk.registry.township import add_village, set_village_old_name, villages

from .widgets.action_dialog import ActionDialog
from .widgets.screen import size_to_screen


class VillagesDialog(ActionDialog):
    area = "households"
    stays_open = True

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "村名管理", parent=parent, ok_text="添加村", cancel_text="关闭")
        size_to_screen(self, 640, 480)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["村", "并村前原村名（双击修改）", "贫困村", "户数"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._old_name_edited)
        self.body.insertWidget(0, self.table, 1)
        self.name = self.form.add("village", "新村名", QLineEdit(placeholderText="如 某某村"))
        self.old_name = self.form.add("old_name", "并村前原村名", QLineEdit(placeholderText="可空"))
        self.poor = self.form.add("is_poor_village", "", QCheckBox("贫困村"))
        self.error = self.general
        self.reload()

    def reload(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for v in villages(self.ctx.db):
            r = self.table.rowCount()
            self.table.insertRow(r)
            for c, value in enumerate((v.name, v.old_name, "是" if v.is_poor_village else "", str(v.households))):
                item = QTableWidgetItem(value)
                if c != 1:
                    item.setFlags(item.flags() & ~item.flags().ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)

    def _old_name_edited(self, item) -> None:
        if item.column() != 1:
            return
        name = self.table.item(item.row(), 0).text()
        try:
            set_village_old_name(self.ctx.db, name, item.text())
        except PjdeskError as exc:
            self.show_general(exc.message)
            return
        self.ctx.changed.emit("households")
        self.ctx.done.emit(f"已保存：{name}的原村名（{item.text().strip() or '无'}）")

    def submit(self) -> None:
        add_village(self.ctx.db, self.name.text(), self.old_name.text(), self.poor.isChecked())

    def done_message(self, result) -> str:
        return f"已添加村：{self.name.text().strip()}"

    def after_submit(self, result) -> None:
        self.name.clear()
        self.old_name.clear()
        self.reload()
