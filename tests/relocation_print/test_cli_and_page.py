"""``pjdesk print ledger / sites / agreement`` and the relocation kinds of disclosure / approval / casefile,
and the 公示打印 page's relocation entries pressed like a clerk does."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton

from pjdesk.cli.main import EXIT_REFUSED, main
from tests.gui import click_row

from .conftest import MOVED, RENOVATION, compact, pdf_text


def run(db, *args) -> int:
    return main(["--db", str(db.path), "print", *map(str, args)])


def test_the_print_commands_of_relocation(rdb, refs, tmp_path, capsys):
    out = {n: tmp_path / f"{n}.pdf" for n in ("ledger", "sites", "agreement", "disclosure", "approval")}
    assert run(rdb, "ledger", "--year", 2026, "--out", out["ledger"]) == 0
    assert run(rdb, "sites", "--out", out["sites"]) == 0
    assert run(rdb, "agreement", refs[MOVED], "--out", out["agreement"]) == 0
    assert run(rdb, "disclosure", "--batch", refs["二榜公示"], "--out", out["disclosure"]) == 0
    assert run(rdb, "approval", "--batch", refs["三榜公示"], "--out", out["approval"]) == 0
    printed = capsys.readouterr().out
    for what in ("易地搬迁台帐", "安置点入住情况表", "搬迁协议摘要", "公示名单", "审批表"):
        assert f"已生成{what}" in printed
    assert compact(pdf_text(out["ledger"])[0]).startswith("平江县虹桥镇2026年易地扶贫搬迁台帐")
    assert "易地扶贫搬迁对象第二榜公示" in compact(pdf_text(out["disclosure"])[0])
    assert len(PdfReader(str(out["approval"])).pages) == 2     # the batch's two sheets
    assert compact(pdf_text(out["approval"])[1]).startswith("平江县易地扶贫搬迁申请审批表")


@pytest.mark.parametrize("args, message", [
    (("ledger", "--year", 2019), "2019年没有易地扶贫搬迁案件"),
    (("ledger", "--year", 1900), "台帐年度须为2014至2035年"),
    (("agreement", RENOVATION), "不是易地扶贫搬迁案件"),
])
def test_refusals_exit_2_and_write_nothing(rdb, refs, tmp_path, capsys, args, message):
    out = tmp_path / "x.pdf"
    args = tuple(refs.get(a, a) if isinstance(a, str) else a for a in args)
    assert run(rdb, *args, "--out", out) == EXIT_REFUSED
    assert message in capsys.readouterr().err and not out.exists()


@pytest.fixture
def print_page(rdb, qapp, qtbot):
    from ui.app import make_app
    from ui.context import AppContext
    from ui.printing.page import PrintingPage

    make_app([])
    page = PrintingPage(AppContext(rdb))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    return page


def _press(page, qtbot, name: str):
    page.last_preview = None
    page.findChild(QPushButton, name).click()
    qtbot.waitUntil(lambda: page.last_preview is not None, timeout=15000)
    preview = page.last_preview
    text = compact("".join(pdf_text(preview.pdf_path)))
    preview.findChild(QPushButton, "close").click()
    return preview, text


def test_the_printing_page_prints_the_ledger_sites_agreement_and_a_relocation_posting(print_page, qtbot, refs):
    years = [print_page.ledger_year.itemText(i) for i in range(print_page.ledger_year.count())]
    assert years == ["全部年度", "2026年"]
    print_page.ledger_year.setCurrentIndex(1)
    preview, text = _press(print_page, qtbot, "preview_ledger")
    assert "2026年易地搬迁台帐" in preview.windowTitle() and text.startswith("平江县虹桥镇2026年易地扶贫搬迁台帐")
    _preview, text = _press(print_page, qtbot, "preview_sites")
    assert "测试集镇安置区" in text and "合计（2个安置点）" in text
    print_page.case_no.setText(refs[MOVED])   # (QTest cannot type 搬迁: its key table is ASCII)
    _preview, text = _press(print_page, qtbot, "preview_agreement")
    assert text.startswith("平江县易地扶贫搬迁协议摘要") and refs[MOVED] in text

    print_page.batch_kind.setCurrentIndex(print_page.batch_kind.findData("relocation"))
    batches = print_page.batches.model()
    assert batches.rowCount() == 3 and {batches.index(r, 5).data() for r in range(3)} == {"易地搬迁"}
    click_row(qtbot, print_page.batches, 2)                   # the oldest: the first round
    _preview, text = _press(print_page, qtbot, "preview_disclosure")
    assert "易地扶贫搬迁对象第一榜公示" in text and "测试县城安置区" in text
