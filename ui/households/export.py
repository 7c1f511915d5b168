"""Save the roster of the current filter: ask where (GUI), write it in the background (service)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFileDialog, QMessageBox

from pjdesk.registry.printouts import write_roster

from ..runner import Job

FILTERS = {"pdf": "PDF 文件 (*.pdf)", "xlsx": "Excel 工作簿 (*.xlsx)"}


def export_roster(page, kind: str, path: str | None = None) -> Job | None:
    rows = page.model.visible_rows()
    if not rows:
        QMessageBox.information(page, "导出花名册", "当前筛选结果为空，没有可导出的户。")
        return None
    if path is None:
        village = page.current_filter().village or "全镇"
        default = f"{village}花名册-{dt.date.today():%Y%m%d}.{kind}"
        path, _ = QFileDialog.getSaveFileName(page, "保存花名册", default, FILTERS[kind])
        if not path:
            return None
        if not path.lower().endswith("." + kind):
            path += "." + kind
    db = page.ctx.db
    job = Job(lambda progress: write_roster(db, rows, path, kind, progress), title="正在导出花名册", parent=page)
    job.done.connect(lambda p: page.export_done(str(p), len(rows)))
    job.failed.connect(lambda exc, _tb: QMessageBox.warning(page, "导出失败", f"花名册未能保存：{exc}"))
    page.export_button.setEnabled(False)
    job.finished.connect(lambda: page.export_button.setEnabled(True))
    page.last_job = job
    return job.start()
