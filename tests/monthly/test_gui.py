"""The 月报导出 page: the month's figures, the findings that block the export, 导出… asking for a reason
when they are overridden and where to save, the file written in the background."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pjdesk.quality.checks import Finding
from tests.gui import when_modal, type_ime

ERROR = Finding("head_count", "户主人数", "错误", "大山村 43062601020001：没有户主", "43062601020001", None)
HINT = Finding("no_grade", "残疾无等级", "提示", "某成员残疾未填等级", "43062601020002", None)
LEFT = Qt.MouseButton.LeftButton


def open_page(demo_db, qtbot, monkeypatch, findings):
    from ui.app import make_app
    from ui.context import AppContext
    from ui.monthly.page import MonthlyPage

    monkeypatch.setattr("pjdesk.monthly.export.run_checks", lambda db, today, progress=None: list(findings))
    make_app([])
    page = MonthlyPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None and page.export_button.isEnabled(), timeout=20000)
    return page


@pytest.fixture
def save_as(tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    asked = []

    def answer(*args, **kw):
        asked.append(args[2] if len(args) > 2 else "")
        return str(folder / "月报"), "Excel 工作簿 (*.xlsx)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return folder, asked


def test_page_shows_the_figures_and_clicking_export_writes_the_workbook(demo_db, qtbot, monkeypatch, save_as):
    folder, asked = save_as
    page = open_page(demo_db, qtbot, monkeypatch, [HINT])
    assert page.figure_labels["户数"].text() == "300"
    assert page.model.rowCount() == 0 and "没有错误" in page.check_status.text()
    qtbot.mouseClick(page.export_button, LEFT)
    qtbot.waitUntil(lambda: page.last_path is not None, timeout=30000)
    assert asked and asked[0].endswith(f"月报-{page.month_key()}.xlsx")
    out = folder / "月报.xlsx"
    assert page.last_path == str(out) and out.exists()
    assert "已导出月报" in page.result.text()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "说明" and wb["贫困户"].max_row == 301


def test_blocking_findings_are_listed_and_export_asks_for_the_reason(demo_db, qtbot, monkeypatch, save_as):
    folder, _ = save_as
    page = open_page(demo_db, qtbot, monkeypatch, [ERROR, HINT])
    assert page.model.rowCount() == 1 and page.model.row_at(0) is ERROR
    assert "错误 1 项" in page.check_status.text()
    seen = []

    def give_reason(dialog):
        assert not dialog.ok.isEnabled()  # no reason yet
        type_ime(dialog.reason, "县扶贫办要求按期报送")
        assert dialog.ok.isEnabled()
        qtbot.mouseClick(dialog.ok, LEFT)

    watch = when_modal(give_reason, seen)
    qtbot.mouseClick(page.export_button, LEFT)
    qtbot.waitUntil(lambda: page.last_path is not None, timeout=30000)
    assert seen and not watch.timed_out
    info = {r[0]: r[1] for r in openpyxl.load_workbook(folder / "月报.xlsx")["说明"].iter_rows(values_only=True)}
    assert info["强制导出理由"] == "县扶贫办要求按期报送"
    assert "强制导出" in page.result.text()


def test_cancelling_the_reason_writes_nothing(demo_db, qtbot, monkeypatch, save_as):
    folder, asked = save_as
    page = open_page(demo_db, qtbot, monkeypatch, [ERROR])
    watch = when_modal(lambda dialog: qtbot.mouseClick(dialog.cancel, LEFT))
    qtbot.mouseClick(page.export_button, LEFT)
    qtbot.waitUntil(lambda: bool(watch.dialogs), timeout=5000)
    assert page.last_path is None and not asked and list(folder.iterdir()) == []


def test_pressing_cancel_in_the_progress_dialog_leaves_no_file(demo_db, qtbot, monkeypatch, save_as):
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    folder, _ = save_as
    import functools

    from ui.runner import Job

    monkeypatch.setattr("reports.monthly_xlsx.PROGRESS_EVERY", 1)  # a progress call per row: a long export
    page = open_page(demo_db, qtbot, monkeypatch, [])
    # the progress dialog at once instead of after 400 ms, so even a fast machine shows it in time
    monkeypatch.setattr("ui.monthly.page.Job", functools.partial(Job, show_after_ms=0))

    def press_cancel(dialog):
        assert isinstance(dialog, QProgressDialog)
        qtbot.mouseClick(dialog.findChild(QPushButton), LEFT)

    watch = when_modal(press_cancel, timeout_ms=20000)
    qtbot.mouseClick(page.export_button, LEFT)
    qtbot.waitUntil(lambda: "已取消导出" in page.result.text(), timeout=30000)
    assert watch.dialogs and page.last_path is None and list(folder.iterdir()) == []
