"""The 安置点 and 年度台帐 tabs of the 易地搬迁 page (issue 11, RULES.md R4.2–R4.4): the occupancy shown is
``sites.site_rows``'s, a site is added and its status changed through the dialogs, the ledger follows its
year filter; and the tabs and dialogs are whole at 1024×700 and 1366×768 (as tests/ui/test_layout.py checks
the pages)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLayout

from pjdesk.cases.relocation_queries import ledger
from pjdesk.cases.sites import site_rows
from tests.conftest import TODAY
from tests.gui import click_row, type_ime, when_modal
from tests.relocation_gui.conftest import make_page
from tests.ui.test_layout import check


def _tab(qtbot, page, title: str) -> None:
    bar = page.tabs.tabBar()
    i = next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
    assert page.tabs.currentIndex() == i


def _cells(model, key: str) -> list[str]:
    return [model.index(r, model.col[key]).data() for r in range(model.rowCount())]


def test_R4_4_the_site_tab_shows_the_occupancy_of_site_rows(demo_ctx, qtbot):
    page = make_page(demo_ctx, qtbot)
    _tab(qtbot, page, "安置点")
    rows = site_rows(demo_ctx.db)
    m = page.sites.model
    assert _cells(m, "code") == [r.code for r in rows] and len(rows) >= 5
    assert _cells(m, "allocated") == [f"{r.allocated_households}／{r.allocated_persons}" for r in rows]
    assert _cells(m, "moved_in") == [f"{r.moved_in_households}／{r.moved_in_persons}" for r in rows]
    assert _cells(m, "left") == [f"{r.capacity_left}户" for r in rows]
    assert sum(r.allocated_households for r in rows) > 0 and sum(r.moved_in_households for r in rows) > 0
    assert f"已分配{sum(r.allocated_households for r in rows)}户" in page.sites.totals.text()
    bar = m.index(0, m.col["bar"])
    assert f"已入住{rows[0].moved_in_households}户" in bar.data(Qt.ItemDataRole.ToolTipRole)


def test_R4_3_add_a_site_and_deliver_it_through_the_dialogs(ctx, qtbot):
    page = make_page(ctx, qtbot)
    _tab(qtbot, page, "安置点")
    assert page.sites.model.rowCount() == 0 and not page.sites.status.isEnabled()
    seen = {}

    def add(dlg):
        qtbot.keyClicks(dlg.code, "HQ-9")
        type_ime(dlg.name, "虹桥镇新街安置点")
        dlg.kind.setCurrentIndex(dlg.kind.findData("集镇"))
        dlg.households.setValue(0)
        seen["planned"] = dlg.form.errors["planned_households"].text()
        seen["ok_disabled"] = not dlg.ok.isEnabled()
        dlg.households.setValue(2)
        dlg.persons.setValue(7)
        dlg.ok.click()
        if dlg.isVisible():
            seen["left_open"] = dlg.general.text()
            dlg.done(0)

    watch = when_modal(add)
    qtbot.mouseClick(page.sites.add, Qt.MouseButton.LeftButton)
    assert watch.dialogs and not watch.timed_out and "left_open" not in seen, seen
    assert "规划安置户数须为1至" in seen["planned"] and seen["ok_disabled"]
    [row] = site_rows(ctx.db)
    assert (row.code, row.name, row.kind, row.township, row.status) == ("HQ-9", "虹桥镇新街安置点", "集镇", "虹桥镇", "规划")
    assert _cells(page.sites.model, "name") == ["虹桥镇新街安置点"]          # the tab reloaded on the change

    click_row(qtbot, page.sites.table, 0)
    assert page.sites.status.isEnabled()

    def deliver(dlg):
        dlg.status.setCurrentIndex(dlg.status.findData("已交付"))
        dlg.delivered.setDate(QDate(2026, 10, 1))
        dlg.ok.click()
        if dlg.isVisible():
            seen["status_open"] = dlg.general.text()
            dlg.done(0)

    watch = when_modal(deliver)
    qtbot.mouseClick(page.sites.status, Qt.MouseButton.LeftButton)
    assert watch.dialogs and "status_open" not in seen, seen
    [row] = site_rows(ctx.db)
    assert (row.status, row.delivered_on) == ("已交付", dt.date(2026, 10, 1))
    assert _cells(page.sites.model, "status") == ["已交付"]


def test_R4_2_the_ledger_tab_follows_its_year_filter(demo_ctx, qtbot):
    page = make_page(demo_ctx, qtbot)
    _tab(qtbot, page, "年度台帐")
    view, everything = page.ledger, ledger(demo_ctx.db)
    years = sorted({r.year for r in everything})
    assert len(years) >= 2                                          # the demo: 2016–17 and this year
    assert view.model.rowCount() == len(everything) + 1            # and the 合计 row
    total = view.model.row_at(view.model.rowCount() - 1)
    assert (total.village, total.cases) == ("合计", sum(r.cases for r in everything))
    view.year.setCurrentText(str(years[0]))
    shown = ledger(demo_ctx.db, years[0])
    assert [view.model.row_at(i) for i in range(len(shown))] == shown
    assert view.model.row_at(len(shown)).households == sum(r.households for r in shown)


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_tabs_and_dialogs_are_whole(demo_ctx, qtbot, size):
    from ui.main_window import MainWindow
    from ui.relocation.new_dialog import NewRelocationDialog
    from ui.relocation.site_dialogs import SiteDialog, SiteStatusDialog

    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    page = w.page("易地搬迁")
    w.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    w.setMinimumSize(0, 0)
    w.resize(*size)
    QApplication.processEvents()
    problems = []
    for title in ("安置点", "年度台帐"):
        _tab(qtbot, page, title)
        qtbot.wait(20)
        problems += check(w, f"{title} at {size}")
    site = site_rows(demo_ctx.db)[0]
    for name, make in (("新建搬迁申请", lambda: NewRelocationDialog(demo_ctx, today=TODAY)),
                       ("新增安置点", lambda: SiteDialog(demo_ctx, township="虹桥镇", today=TODAY)),
                       ("更改状态", lambda: SiteStatusDialog(demo_ctx, site, today=TODAY))):
        dlg = make()
        qtbot.addWidget(dlg)
        dlg.show()
        hint = dlg.sizeHint().expandedTo(dlg.minimumSizeHint())
        dlg.resize(min(hint.width(), size[0]), min(hint.height(), size[1] - 40))
        QApplication.processEvents()
        assert dlg.height() <= size[1] - 40 and dlg.width() <= size[0]
        problems += check(dlg, f"{name} at {size}")
        dlg.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("tab, view, button, first_line", [
    ("年度台帐", "ledger", "print_ledger", "易地扶贫搬迁台帐"),
    ("安置点", "sites", "print_sites", "安置点入住情况表"),
])
def test_the_ledger_and_site_tabs_print_what_they_show(demo_ctx, qtbot, tab, view, button, first_line):
    """The 打印… button of the tab opens the print preview of that list (R4.2 ledger, R4.4 occupancy)."""
    from PySide6.QtWidgets import QPushButton
    from pypdf import PdfReader

    page = make_page(demo_ctx, qtbot)
    _tab(qtbot, page, tab)
    shown = getattr(page, view)
    qtbot.mouseClick(shown.findChild(QPushButton, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown.last_preview is not None, timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(shown.last_preview.pdf_path).pages).replace(" ", "")
    shown.last_preview.findChild(QPushButton, "close").click()
    assert first_line in text.splitlines()[0]
    if view == "sites":
        flat = text.replace("\n", "")              # long site names wrap in their cell
        assert all(r.name.replace(" ", "") in flat for r in site_rows(demo_ctx.db))
