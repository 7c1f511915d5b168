"""A public notice whose supervision phone is not set says so in the print preview (“监督电话未设置，
将打印空白横线”) instead of silently printing blank lines — opened through the 公示打印 page's buttons as
a clerk does (R5.5: the posting names where to object)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from pjdesk import settings
from pjdesk.registry.printouts import EXIT
from tests.gui import click_row

from .conftest import compact, pdf_text

WARNING = "监督电话未设置，将打印空白横线"


@pytest.fixture
def print_page(pdb, qapp, qtbot):
    from ui.app import make_app
    from ui.context import AppContext
    from ui.printing.page import PrintingPage

    make_app([])
    page = PrintingPage(AppContext(pdb))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def _clear_phone(db, key: str) -> None:
    with db.transaction() as s:
        settings.set_(s, key, "")


def _open(qtbot, page, button: str):
    page.last_preview = None
    page.findChild(QPushButton, button).click()
    qtbot.waitUntil(lambda: page.last_preview is not None, timeout=10000)
    return page.last_preview


def _first_round(qtbot, page) -> None:
    page.batch_village.setCurrentText("大山村")
    model = page.batches.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data() == "一榜公示")
    click_row(qtbot, page.batches, row)


def test_disclosure_preview_warns_when_a_supervision_phone_is_not_set(print_page, pdb, qtbot):
    _clear_phone(pdb, "supervision_phone_township")
    print_page.reload()
    _first_round(qtbot, print_page)
    preview = _open(qtbot, print_page, "preview_disclosure")
    label = preview.findChild(QLabel, "print_warning")
    assert label.isVisible() and WARNING in label.text() and "虹桥镇人民政府" in label.text()
    assert "大山村村民委员会" not in label.text()       # that level has its phone
    text = compact("".join(pdf_text(preview.pdf_path)))
    assert "虹桥镇人民政府________________" in text      # what the warning announced: a line to write on
    preview.findChild(QPushButton, "close").click()


def test_no_warning_when_every_phone_is_set(print_page, qtbot):
    _first_round(qtbot, print_page)
    preview = _open(qtbot, print_page, "preview_disclosure")
    assert not preview.findChild(QLabel, "print_warning").isVisible()
    preview.findChild(QPushButton, "close").click()


def test_registry_posting_preview_warns_too(print_page, pdb, qtbot):
    _clear_phone(pdb, "supervision_phone_county")
    print_page.kind.setCurrentIndex(print_page.kind.findData(EXIT))
    print_page.village.setCurrentText("大山村")
    print_page.year.setValue(2026)
    preview = _open(qtbot, print_page, "preview_posting")
    label = preview.findChild(QLabel, "print_warning")
    assert label.isVisible() and WARNING in label.text() and "平江县扶贫开发办公室" in label.text()
    preview.findChild(QPushButton, "close").click()
