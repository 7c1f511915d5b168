"""村名管理: the township's villages, their pre-2016-merger names (R1.8), adding a village."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from pjdesk.errors import PjdeskError
from pjdesk.registry.township import add_village, set_village_old_name, villages


class VillagesDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("村名管理")
        self.resize(640, 480)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["村", "并村前原村名（双击修改）", "贫困村", "户数"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._old_name_edited)
        self.name = QLineEdit(placeholderText="新村名，如 某某村")
        self.old_name = QLineEdit(placeholderText="并村前原村名（可空）")
        self.poor = QCheckBox("贫困村")
        add = QPushButton("添加村")
        add.clicked.connect(self.add)
        self.error = QLabel("")
        self.error.setProperty("role", "fieldError")
        row = QHBoxLayout()
        for w in (self.name, self.old_name, self.poor, add):
            row.addWidget(w)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
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
            self.error.setText(exc.message)
            return
        self.ctx.changed.emit("households")

    def add(self) -> None:
        try:
            add_village(self.ctx.db, self.name.text(), self.old_name.text(), self.poor.isChecked())
        except PjdeskError as exc:
            self.error.setText(exc.message)
            return
        self.error.setText("")
        self.name.clear()
        self.old_name.clear()
        self.reload()
        self.ctx.changed.emit("households")
