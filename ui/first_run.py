"""First start: pick the township; the database is created with that township's known villages."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout)

from pjdesk import seed


class FirstRunDialog(QDialog):
    def __init__(self, db_path: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("首次使用：选择乡镇")
        self.setMinimumWidth(460)
        intro = QLabel("欢迎使用平江扶贫工作台。请选择本数据库管理的乡镇，"
                       "程序将按县“十三五”脱贫攻坚规划建立该乡镇的村列表（之后可在“设置”中增补）。")
        intro.setWordWrap(True)
        self.township = QComboBox()
        self.township.addItems(seed.townships())
        self.township.setCurrentIndex(-1)
        self.township.setPlaceholderText("请选择乡镇")
        self.villages = QLabel("")
        self.villages.setWordWrap(True)
        self.township.currentTextChanged.connect(self._preview)
        form = QFormLayout()
        form.addRow("所属县：", QLabel("平江县"))
        form.addRow("乡镇：", self.township)
        form.addRow("规划所列村：", self.villages)
        form.addRow("数据库文件：", QLabel(db_path, wordWrap=True))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _preview(self, name: str) -> None:
        names = [v for v, _ in seed.villages_of(name)]
        self.villages.setText("、".join(names) if names else "规划未列出村名，创建后请在“设置”中添加本乡镇的村")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(name))

    def chosen(self) -> str:
        return self.township.currentText()
