"""Exports of the 统计 page: each chart as a PNG (in a folder the clerk picks), every figure as an Excel
workbook, and the one-page PDF summary with the charts as images. The images are made on the GUI thread
(they are the widgets as shown); the workbook and the PDF are written in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pjdesk.stats.printouts import write_stats_workbook, write_summary_pdf

from ..runner import Job

FILTERS = {"pdf": "PDF 文件 (*.pdf)", "xlsx": "Excel 工作簿 (*.xlsx)"}
TITLES = {"png": "各图存为 PNG", "xlsx": "统计数据存为 Excel", "pdf": "统计摘要存为 PDF"}
# The charts of the PDF summary, in its order (two per row).
PDF_CHARTS = ("status", "village", "exits", "cause", "renovation", "relocation", "load", "type", "trend")
PDF_WIDE = ("trend",)


def png_bytes(chart, scale: float = 2.0) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    chart.image(scale).save(buffer, "PNG")
    return bytes(buffer.data())


def export_stats(page, kind: str, path: str | None = None):
    data = page.data
    if data is None:
        QMessageBox.information(page, TITLES[kind], "统计数据尚在读取，请稍候再试。")
        return None
    stamp = f"{data.as_of:%Y%m%d}"
    if kind == "png":
        folder = path or QFileDialog.getExistingDirectory(page, "选择保存图片的文件夹")
        if not folder:
            return None
        written = []
        for name, chart in page.charts.items():
            target = Path(folder) / f"统计-{chart.title.text().split('（')[0]}-{stamp}.png"
            if not chart.image(1.5).save(str(target), "PNG"):
                QMessageBox.warning(page, TITLES[kind], f"图片未能保存：{target}")
                return None
            written.append(str(target))
        page.export_done(folder, f"已保存 {len(written)} 张统计图：{folder}")
        return written
    if path is None:
        default = f"{data.township}统计{'摘要' if kind == 'pdf' else ''}-{stamp}.{kind}"
        path, _ = QFileDialog.getSaveFileName(page, TITLES[kind], default, FILTERS[kind])
        if not path:
            return None
        if not path.lower().endswith("." + kind):
            path += "." + kind
    db = page.ctx.db
    if kind == "xlsx":
        job = Job(lambda _progress: write_stats_workbook(data, path), title="正在导出统计数据", parent=page)
    else:
        charts = [(page.charts[n].title.text(), png_bytes(page.charts[n])) for n in PDF_CHARTS]
        wide = tuple(page.charts[n].title.text() for n in PDF_WIDE)
        job = Job(lambda progress: write_summary_pdf(db, data, charts, path, progress, wide), title="正在生成统计摘要",
                  parent=page)
    job.done.connect(lambda _r: page.export_done(path, f"{TITLES[kind]}：已保存 {path}"))
    job.failed.connect(lambda exc, _tb: QMessageBox.warning(page, "导出失败", f"{TITLES[kind]}未能完成：{exc}"))
    page.export_button.setEnabled(False)
    job.finished.connect(lambda: page.export_button.setEnabled(True))
    page.last_job = job
    return job.start()
