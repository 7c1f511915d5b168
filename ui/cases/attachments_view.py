"""A case's attachments as thumbnails; add a photo or scan, open or save a copy."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLineEdit, QListView, QListWidget, QListWidgetItem,
                               QPushButton, QStyle, QVBoxLayout, QWidget)

from pjdesk.cases.attachments import AttachmentInput, add_attachment, attachment_file, read_file, thumbnails
from pjdesk.cases.attachments import CATEGORIES

from ..widgets.form import combo, combo_value, date_edit, date_value
from .action_dialogs import ActionDialog

IMAGE_FILTER = "照片和扫描件 (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.pdf);;所有文件 (*)"


class AddAttachmentDialog(ActionDialog):
    def __init__(self, ctx, case_id: int, path: str, parent=None, *, category: str = "", today: dt.date | None = None):
        super().__init__(ctx, "添加附件", parent=parent, intro=f"文件：{Path(path).name}")
        self.case_id, self.path, self.today = case_id, Path(path), today
        self.category = self.form.add("category", "类别", combo(CATEGORIES, current=category))
        self.taken_on = self.form.add("taken_on", "拍摄/形成日期", date_edit(today, maximum=today or dt.date.today()))
        self.note = self.form.add("note", "说明", QLineEdit())

    def submit(self):
        name, data = read_file(self.path)          # the size is checked before the file is read
        return add_attachment(self.ctx.db, self.case_id, AttachmentInput(
            name, data, combo_value(self.category), date_value(self.taken_on),
            self.note.text()), entered_by=self.ctx.actor(), today=self.today)

    def done_message(self, result) -> str:
        return f"已添加附件：{self.path.name}（{self.category.currentText()}）"


class AttachmentsView(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: int | None = None
        self.list = QListWidget(objectName="attachments")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(120, 120))
        self.list.setGridSize(QSize(150, 170))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(self.open_item)
        self.add_button = QPushButton("添加附件…", objectName="add_attachment")
        self.add_button.clicked.connect(self.add)
        self.save_button = QPushButton("另存为…", objectName="save_attachment")
        self.save_button.clicked.connect(self.save_copy)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)

    def show_case(self, case_id: int, infos) -> None:
        self.case_id = case_id
        self.list.clear()
        thumbs = thumbnails(self.ctx.db, case_id) if infos else {}
        fallback = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for a in infos:
            icon = fallback
            if a.id in thumbs:
                pix = QPixmap()
                pix.loadFromData(thumbs[a.id])
                icon = QIcon(pix)
            when = a.taken_on.isoformat() if a.taken_on else ""
            item = QListWidgetItem(icon, f"{a.category}\n{when}")
            item.setToolTip(f"{a.filename}（{a.size_bytes / 1024:.0f} KB）{a.note}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.list.addItem(item)

    def add(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择照片或扫描件", "", IMAGE_FILTER)
        if path and self.case_id is not None:
            AddAttachmentDialog(self.ctx, self.case_id, path, self).exec()

    def _selected(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def open_item(self, item) -> None:
        name, data = attachment_file(self.ctx.db, item.data(Qt.ItemDataRole.UserRole))
        target = Path(tempfile.mkdtemp(prefix="pjdesk-")) / name
        target.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def save_copy(self) -> None:
        aid = self._selected()
        if aid is None:
            return
        name, data = attachment_file(self.ctx.db, aid)
        path, _ = QFileDialog.getSaveFileName(self, "附件另存为", name)
        if path:
            Path(path).write_bytes(data)
