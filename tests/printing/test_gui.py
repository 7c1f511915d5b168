"""The 设置 page, the print preview and the 公示打印 page, driven through their widgets."""

from __future__ import annotations

import os

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton

from pjdesk.office import print_settings
from pjdesk.registry.printouts import EXIT, RegistryPostingRequest, write_registry_posting
from tests.gui import click_row

from .conftest import FULL


@pytest.fixture
def ctx(pdb, qapp):
    from ui.app import make_app
    from ui.context import AppContext

    make_app([])
    return AppContext(pdb)


def click(widget, name: str) -> None:
    button = widget.findChild(QPushButton, name)
    assert button is not None, name
    button.click()


@pytest.fixture
def settings_page(ctx, qtbot):
    from ui.settings.page import SettingsPage

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def test_settings_page_saves_and_shows_again(settings_page, ctx, qtbot):
    field = settings_page.findChild(QLineEdit, "supervision_phone_township")
    assert field.text() == "0730-6234567"
    field.clear()
    qtbot.keyClicks(field, "0730-6888888")
    with qtbot.waitSignal(ctx.changed, timeout=1000) as signal:
        click(settings_page, "save")
    assert signal.args == ["settings"]
    assert "已保存" in settings_page.status.text()
    assert print_settings(ctx.db)["supervision_phone_township"] == "0730-6888888"

    from ui.settings.page import SettingsPage

    again = SettingsPage(ctx)
    qtbot.addWidget(again)
    assert again.findChild(QLineEdit, "supervision_phone_township").text() == "0730-6888888"


def test_settings_page_refuses_a_bad_font_next_to_the_field(settings_page, ctx, qtbot, tmp_path):
    path = settings_page.findChild(QLineEdit, "pdf_font_path")
    qtbot.keyClicks(path, str(tmp_path / "missing.ttf"))
    settings_page.findChild(QLineEdit, "supervision_phone_village").setText("0730-6000000")
    click(settings_page, "save")
    error = settings_page.form.errors["pdf_font_path"]
    assert error.isVisible() and "找不到指定的字体文件" in error.text()
    assert print_settings(ctx.db)["supervision_phone_village"] == "0730-6123456"  # nothing stored
    path.clear()
    click(settings_page, "font_check")
    assert "可以使用" in settings_page.font_picker.result.text()
    click(settings_page, "save")
    assert not error.isVisible() and print_settings(ctx.db)["supervision_phone_village"] == "0730-6000000"


def test_preview_dialog_shows_and_prints_every_page(pdb, refs, qtbot, tmp_path, monkeypatch):
    from pjdesk.cases.printouts import write_approval_batch
    from ui.printing.preview import PreviewDialog

    pdf = tmp_path / "sheets.pdf"
    pages = write_approval_batch(pdb, pdf, village="大山村")
    dialog = PreviewDialog(pdf, "审批表", suggested_name="审批表.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count == pages == 2 and dialog.pages_label.text() == "共 2 页"

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == 2
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == 2

    # 另存为 PDF… through its button (clicked(bool) once reached save_as as a file name "False")
    answer = str(tmp_path / "copy.pdf")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **kw: (answer, "PDF 文件 (*.pdf)"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "save_as"), Qt.MouseButton.LeftButton)
    assert open(answer, "rb").read() == pdf.read_bytes()


@pytest.fixture
def print_page(ctx, qtbot):
    from ui.printing.page import PrintingPage

    page = PrintingPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    return page


def _wait_preview(qtbot, page):
    qtbot.waitUntil(lambda: page.last_preview is not None, timeout=10000)
    return page.last_preview


def test_printing_page_previews_a_posting_and_removes_the_temporary_file(print_page, qtbot, pdb, tmp_path):
    print_page.kind.setCurrentIndex(print_page.kind.findData(EXIT))
    print_page.village.setCurrentText("大山村")
    print_page.year.setValue(2026)
    click(print_page, "preview_posting")
    preview = _wait_preview(qtbot, print_page)
    expected = tmp_path / "expected.pdf"
    req = RegistryPostingRequest(EXIT, "大山村", 2026, print_page.start.date().toPython(),
                                 print_page.end.date().toPython())
    assert preview.page_count == write_registry_posting(pdb, req, expected)
    assert "拟脱贫户公示" in preview.windowTitle() and os.path.exists(preview.pdf_path)
    click(preview, "close")
    assert not os.path.exists(preview.pdf_path)


def test_printing_page_case_printouts(print_page, qtbot, refs):
    print_page.batch_village.setCurrentText("大山村")
    batches = print_page.batches.model()
    assert batches.rowCount() == 3
    assert [batches.index(r, 2).data() for r in range(3)] == ["三榜公示", "二榜公示", "一榜公示"]
    click_row(qtbot, print_page.batches, 2)  # oldest: the first round
    click(print_page, "preview_disclosure")
    preview = _wait_preview(qtbot, print_page)
    assert preview.page_count == 1 and "公示名单" in preview.windowTitle()
    click(preview, "close")

    print_page.last_preview = None
    print_page.case_no.setText(refs[FULL])
    click(print_page, "preview_casefile")
    assert _wait_preview(qtbot, print_page).page_count >= 5


def test_printing_page_says_so_when_there_is_no_font(print_page, ctx, qtbot, monkeypatch, tmp_path):
    from pjdesk import settings
    from ui.printing import launch

    shown = []
    monkeypatch.setattr(launch, "show_error", lambda _parent, title, message: shown.append((title, message)))
    with ctx.db.transaction() as s:  # the chosen font file was deleted after it was saved
        settings.set_(s, "pdf_font_path", str(tmp_path / "deleted.ttf"))
    print_page.village.setCurrentText("大山村")
    click(print_page, "preview_roster")
    assert shown and shown[0][0] == "无法打印" and "找不到指定的字体文件" in shown[0][1]
    assert print_page.last_job is None and print_page.last_preview is None


def test_pages_are_listed(qapp):
    from ui.pages import page_factory

    assert page_factory("设置") is not None and page_factory("公示打印") is not None


def test_a_cancelled_job_opens_nothing_and_leaves_no_file(print_page, qtbot):
    import time

    from ui.printing.launch import print_preview

    paths = []

    def slow_write(path, progress):  # a long batch: reports progress until the clerk presses 取消
        paths.append(path)
        for i in range(500):
            progress(i, 500, "正在排版…")
            time.sleep(0.01)
        return 1

    job = print_preview(print_page, "审批表", slow_write)
    assert not any(b.isEnabled() for b in print_page.buttons)  # no second job meanwhile
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        qtbot.waitUntil(lambda: bool(paths))
        job.progress.cancel()
    assert print_page.last_preview is None and not os.path.exists(paths[0])
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in print_page.buttons))
