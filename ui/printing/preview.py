"""Print preview of one of our PDFs inside the app (QtPdf), with 打印, 页面设置 and 另存为 PDF.

The dialog keeps its QPrinter in an attribute for as long as it lives: a temporary QPrinter handed
to QPrintDialog / QPageSetupDialog crashes. Pages are printed by rendering each PDF page to an image
(at most 300 dpi) and drawing it, scaled to fit, into the printer's paintable area.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout)

from ..widgets.screen import size_to_screen

MAX_PRINT_DPI = 300


class PreviewDialog(QDialog):
    """Shows ``pdf_path``. With ``temporary`` the file is deleted when the dialog closes."""

    def __init__(self, pdf_path: str | os.PathLike, title: str, parent=None, *, suggested_name: str = "",
                 temporary: bool = False, warning: str = ""):
        super().__init__(parent)
        self.pdf_path = str(pdf_path)
        self.temporary = temporary
        self.suggested_name = suggested_name or f"{title}.pdf"
        self.setWindowTitle(f"打印预览 — {title}")
        self.document = QPdfDocument(self)
        error = self.document.load(self.pdf_path)
        if error != QPdfDocument.Error.None_:
            raise OSError(f"无法打开 PDF 文件“{self.pdf_path}”（{error.name}）")
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(title)
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        if self.page_count:
            size = self.document.pagePointSize(0)
            landscape = size.width() > size.height()
            self.printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                                            else QPageLayout.Orientation.Portrait)

        self.pages_label = QLabel(f"共 {self.page_count} 页", objectName="page_count")
        buttons = QHBoxLayout()
        # Every slot here takes no argument: ``clicked`` sends ``checked`` (False), which ``save_as(path)``
        # once took for a file name (issue 17, defect 1).
        for text, name, slot in (("打印…", "print", self.print_), ("页面设置…", "page_setup", self.page_setup),
                                 ("另存为 PDF…", "save_as", self.save_as_asked),
                                 ("适合宽度", "fit_width", self.fit_width), ("整页", "fit_page", self.fit_page),
                                 ("放大", "zoom_in", lambda: self.zoom(1.25)), ("缩小", "zoom_out", lambda: self.zoom(0.8))):
            b = QPushButton(text, objectName=name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.pages_label)
        close = QPushButton("关闭", objectName="close")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        # what the clerk should know before printing (e.g. 监督电话未设置，将打印空白横线), above the pages
        self.warning = QLabel("\n".join(f"⚠ {line}" for line in warning.splitlines() if line),
                              objectName="print_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c0392b;")
        self.warning.setVisible(bool(warning))
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        size_to_screen(self, 900, 1000)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    # ---- view
    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    # ---- actions
    def page_setup(self) -> None:
        QPageSetupDialog(self.printer, self).exec()

    def print_(self) -> None:
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, max(1, self.page_count))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(self.printer)
        except OSError as exc:
            QMessageBox.warning(self, "打印失败", str(exc))

    def print_to(self, printer: QPrinter) -> int:
        """Print the pages the printer's range selects (all by default); returns how many."""
        first, last = 0, self.page_count - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage() - 1, min(last, max(printer.toPage(), printer.fromPage()) - 1)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("无法开始打印：请检查打印机是否连接、是否有纸。")
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            for i in range(first, last + 1):
                if i > first:
                    printer.newPage()
                points = self.document.pagePointSize(i)
                image = self.document.render(i, QSize(round(points.width() * dpi / 72),
                                                      round(points.height() * dpi / 72)))
                scale = min(area.width() / image.width(), area.height() / image.height())
                w, h = round(image.width() * scale), round(image.height() * scale)
                target = QRect((area.width() - w) // 2, (area.height() - h) // 2, w, h)
                painter.drawImage(target, image)
        finally:
            painter.end()
        return last - first + 1

    def save_as_asked(self) -> str | None:
        """The 另存为 PDF… button: asks where to save."""
        return self.save_as()

    def save_as(self, path: str | None = None) -> str | None:
        if path is None:
            start = str(Path.home() / self.suggested_name)
            path, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", start, "PDF 文件 (*.pdf)")
            if not path:
                return None
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
        try:
            shutil.copyfile(self.pdf_path, path)
        except OSError as exc:
            QMessageBox.warning(self, "保存失败", f"无法保存到“{path}”：{exc.strerror or exc}。"
                                               "请确认文件夹存在，且该文件没有在其他程序中打开。")
            return None
        return path

    def done(self, result: int) -> None:
        self.document.close()
        if self.temporary:
            try:
                os.unlink(self.pdf_path)
            except OSError:
                pass
        super().done(result)

