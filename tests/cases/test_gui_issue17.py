"""Issue 17, the 危房改造 parts, driven as a clerk does (tests/gui.py): defect 10 (a status-bar message
after an action) and defect 9 (the page at 1366×768 and 1024×700: no cut village names or 阶段, no
timeline entry wrapped beside an empty wide 办理人 column)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from pjdesk.cases.renovation import open_renovation
from tests.cases.conftest import Driver, application, make_household
from tests.conftest import TODAY
from tests.gui import click_row, type_ime, when_modal

SCREENS = {"1366x768": (1366, 768), "1024x700": (1024, 700)}
NAV_AND_FRAME = (150, 60)      # the navigation list beside the page, menu and status bar above and below


def test_issue17_10_a_decision_shows_a_status_bar_message(ctx, qtbot):
    from ui.main_window import MainWindow

    no = open_renovation(ctx.db, application(make_household(ctx.db)), today=TODAY)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    page = w.page("危房改造")
    click_row(qtbot, page.table, 0)

    def fill(dlg):
        type_ime(dlg.reviewer, "张主任")
        dlg.post.setCurrentText("村委会主任")
        type_ime(dlg.opinion, "申请材料齐全，予以受理")
        dlg.date.setDate(QDate(2026, 3, 5))
        dlg.ok.click()

    watch = when_modal(fill, above=w)
    page.view.action_buttons["decide"].click()
    assert not watch.timed_out
    assert w.statusBar().currentMessage() == f"已录入审核决定：{no}（申请：通过），转入村级评议"


def _page(ctx, qtbot, size):
    from ui.cases.page import CasesPage

    page = CasesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(size[0] - NAV_AND_FRAME[0], size[1] - NAV_AND_FRAME[1])
    page.show()
    qtbot.waitExposed(page)
    return page


def _fits(view, column: int, text: str, margin: int = 12) -> bool:
    return view.fontMetrics().horizontalAdvance(text) + margin <= view.columnWidth(column)


@pytest.fixture
def cases_in_every_village(ctx):
    from pjdesk.registry.township import village_names

    nos = []
    for village in village_names(ctx.db):
        no = open_renovation(ctx.db, application(make_household(ctx.db, village=village)), today=TODAY)
        nos.append(no)
    Driver(ctx.db, nos[0], village=village_names(ctx.db)[0]).to_stage("乡镇审核")   # a posting in its timeline
    return nos


@pytest.mark.parametrize("screen", SCREENS)
def test_issue17_9_stage_table_shows_whole_village_names(ctx, qtbot, cases_in_every_village, screen):
    page = _page(ctx, qtbot, SCREENS[screen])
    m, header = page.counts_model, page.counts.horizontalHeader()
    for c, name in enumerate(m.column_names):
        assert header.fontMetrics().horizontalAdvance(name) + 12 <= header.sectionSize(c), (screen, name)
    vertical = page.counts.verticalHeader()
    assert all(vertical.fontMetrics().horizontalAdvance(s) + 8 <= vertical.width() for s in m.row_names)


@pytest.mark.parametrize("screen", SCREENS)
def test_issue17_9_stage_column_of_the_case_list_is_not_cut(ctx, qtbot, cases_in_every_village, screen):
    page = _page(ctx, qtbot, SCREENS[screen])
    col = page.model.col["stage"]
    header = page.table.horizontalHeader()
    assert header.fontMetrics().horizontalAdvance("阶段") + 24 <= header.sectionSize(col)
    for r in range(page.model.rowCount()):
        assert _fits(page.table, col, page.model.index(r, col).data()), (screen, page.model.index(r, col).data())


@pytest.mark.parametrize("screen", SCREENS)
def test_issue17_9_a_posting_entry_in_the_timeline_is_readable(ctx, qtbot, cases_in_every_village, screen):
    page = _page(ctx, qtbot, SCREENS[screen])
    click_row(qtbot, page.table, page.model.index_of(_case_id(page, cases_in_every_village[0])))
    view, tm = page.view, page.view.timeline_model
    qtbot.wait(50)   # the rows take their wrapped heights
    posting = next(r for r in range(tm.rowCount()) if tm.row_at(r).what == "公示")
    line = view.timeline.fontMetrics().lineSpacing()
    assert view.timeline.rowHeight(posting) <= 3 * line + 12, screen
    actor = tm.col["actor"]
    widest = max([view.timeline.fontMetrics().horizontalAdvance(tm.index(r, actor).data())
                  for r in range(tm.rowCount())] + [view.timeline.fontMetrics().horizontalAdvance("办理人")])
    assert view.timeline.columnWidth(actor) <= widest + 40, screen      # no wide empty 办理人 column
    detail = tm.col["detail"]
    assert view.timeline.columnWidth(detail) >= view.timeline.columnWidth(actor), screen
    for c, col in enumerate(tm.columns):
        assert view.timeline.fontMetrics().horizontalAdvance(col.header) + 12 <= view.timeline.columnWidth(c)


def _case_id(page, case_no: str) -> int:
    return next(r.id for r in page.rows if r.case_no == case_no)
