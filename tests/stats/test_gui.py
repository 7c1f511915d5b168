"""Issue 15, the 统计 page: a mouse click on a bar (delivered by pyqtgraph to the bar item, which reports it
through its own ``sigClicked``) opens the household or case list with the list's own filters set, and
the list shows as many rows as the bar's value; the targets dialog; the exports (xlsx numbers are numbers,
the PDF is one A4 page with its font embedded)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QPointF, Qt

from pjdesk.registry import vocab
from tests.gui import when_modal
from tests.printing.test_fonts_embedded import fonts_not_embedded
from ui.stats.page import case_list


@pytest.fixture
def window(demo_db, qapp, qtbot):
    from ui.app import make_app
    from ui.context import AppContext
    from ui.main_window import MainWindow

    make_app([])
    w = MainWindow(AppContext(demo_db))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


@pytest.fixture
def stats(window, qtbot):
    page = window.page("统计")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=15000)
    qtbot.wait(20)
    return page


def click_bar(qtbot, chart, category: int, series: int = 0) -> None:
    """A left click in the middle of the bar, on the plot's viewport, as a person clicks it."""
    scroll = chart.parentWidget()
    while scroll is not None and not hasattr(scroll, "ensureWidgetVisible"):
        scroll = scroll.parentWidget()
    if scroll is not None:
        scroll.ensureWidgetVisible(chart, 0, 0)
        qtbot.wait(10)
    pos = chart.bar_center(category, series)
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def households_shown(window, qtbot):
    page = window.stack.currentWidget()
    assert type(page).__name__ == "HouseholdPage"
    qtbot.waitUntil(lambda: page.is_loaded, timeout=15000)
    return page


def test_clicking_bars_opens_the_household_list_filtered_to_their_count(window, stats, qtbot):
    exited = stats.data.status(vocab.STATUS_EXITED).households
    chart = stats.status_chart                                            # the value on hover
    qtbot.mouseMove(chart.plot.viewport(), chart.bar_center(vocab.STATUSES.index(vocab.STATUS_EXITED)))
    qtbot.waitUntil(lambda: chart.bars[0].toolTip().startswith(f"已脱贫：{exited:,} 户"), timeout=3000)
    trend = stats.trend_chart                                             # the month's values on hover
    scroll = trend.parentWidget()
    while not hasattr(scroll, "ensureWidgetVisible"):
        scroll = scroll.parentWidget()
    scroll.ensureWidgetVisible(trend, 0, 0)
    vb = trend.plot.getPlotItem().getViewBox()
    qtbot.mouseMove(trend.plot.viewport(), trend.plot.mapFromScene(vb.mapViewToScene(QPointF(0, 1))))
    first = stats.data.trend[0]
    qtbot.waitUntil(lambda: trend.plot.toolTip().startswith(f"{first.month}　识别 {first.identified:,}"), timeout=3000)
    seen = []
    stats.status_chart.bars[0].sigClicked.connect(lambda _bars, i: seen.append(i))
    click_bar(qtbot, stats.status_chart, vocab.STATUSES.index(vocab.STATUS_EXITED))
    assert seen == [vocab.STATUSES.index(vocab.STATUS_EXITED)]          # the bar's own signal
    page = households_shown(window, qtbot)
    assert window.nav.currentItem().text() == "户籍台账"
    assert page.status.currentText() == vocab.STATUS_EXITED               # the list's own filter, visible
    assert page.model.rowCount() == exited > 0
    assert {page.model.row_at(page.model.index(r, 0)).status for r in range(page.model.rowCount())} == {"已脱贫"}

    # a village's segment of one status: 村 and 状态 set
    window.page("统计")     # back to 统计 through the navigation list
    village = stats.data.by_village[0]
    series = vocab.STATUSES.index(vocab.STATUS_EXITED)
    click_bar(qtbot, stats.village_chart, 0, series)
    page = households_shown(window, qtbot)
    assert (page.village.currentText(), page.status.currentText()) == (village.village, vocab.STATUS_EXITED)
    assert page.model.rowCount() == village.by_status[vocab.STATUS_EXITED] > 0

    window.page("统计")     # back to 统计 through the navigation list
    exits = stats.data.exits[1]
    click_bar(qtbot, stats.exits_chart, 1)
    page = households_shown(window, qtbot)
    assert page.exit_year_chip.isVisible() and str(exits.year) in page.exit_year_chip.text()
    assert page.village.currentText() == "全部" and page.status.currentText() == "全部"
    assert page.model.rowCount() == exits.exited > 0
    page.exit_year_chip.click()                                           # removable
    assert not page.exit_year_chip.isVisible() and page.model.rowCount() == stats.data.households


def test_a_helper_load_bar_opens_the_helper_list_of_exactly_those_helpers(window, stats, qtbot):
    """Issue 15: the load histogram drills down too — the 帮扶责任人 list, filtered to the helpers in post
    with that many households (a removable filter button), as many rows as the bar."""
    bins = stats.data.helper_load
    index = max(range(len(bins)), key=lambda i: (bins[i].helpers > 0, bins[i].households))   # a loaded bar
    want = bins[index]
    click_bar(qtbot, stats.load_chart, index)
    page = window.stack.currentWidget()
    assert type(page).__name__ == "HelpersPage"
    assert page.load_chip.isVisible() and f"帮扶{want.households}户" in page.load_chip.text()
    assert page.model.rowCount() == want.helpers > 0
    assert {page.model.row_at(r).load for r in range(page.model.rowCount())} == {want.households}
    page.load_chip.click()                                                # removable
    assert not page.load_chip.isVisible() and page.model.rowCount() > want.helpers


def test_a_pipeline_bar_opens_the_case_list_at_that_stage(window, stats, qtbot):
    p = stats.data.pipeline("renovation")
    index = max(range(len(p.stages)), key=lambda i: p.stage_total(p.stages[i]))
    click_bar(qtbot, stats.renovation_chart, index)
    cases = window.page("危房改造")
    assert window.stack.currentWidget() is cases
    assert cases.model.rowCount() == p.stage_total(p.stages[index]) > 0
    assert cases.count.text() == f"共 {p.stage_total(p.stages[index])} 件"

    # one village's pipeline: the village chosen above the charts, then a bar
    window.page("统计")
    stage, village = max(((st, v) for st in p.stages[:-2] for v in p.villages), key=lambda sv: p.stage_total(*sv))
    stats.pipeline_village.setCurrentText(village)
    click_bar(qtbot, stats.renovation_chart, p.stages.index(stage))
    assert (cases.village.currentText(), cases.stage_filter, cases.status.currentText()) == (village, stage, "办理中")
    assert cases.model.rowCount() == p.stage_total(stage, village) > 0

    window.page("统计")     # the relocation cases: the 易地搬迁 page's case list, in its own tab
    stats.pipeline_village.setCurrentText("全部")
    r = stats.data.pipeline("relocation")
    index = r.stages.index("已归档")
    click_bar(qtbot, stats.relocation_chart, index)
    listed = case_list(window.stack.currentWidget(), "relocation")
    assert window.nav.currentItem().text() == "易地搬迁" and listed.isVisible()
    assert listed.model.rowCount() == r.stage_total("已归档") > 0 and listed.status.currentText() == "已归档"


def test_targets_dialog_sets_a_year_and_the_chart_follows(window, stats, qtbot):
    def answer(dlg):
        field = dlg.fields[2018]
        field.clear()
        qtbot.keyClicks(field, "x")
        assert not dlg.ok.isEnabled()                     # refused inline, as typed
        field.clear()
        qtbot.keyClicks(field, "77")
        dlg.ok.click()
    watch = when_modal(answer)
    stats.findChild(type(stats.export_button), "targets").click()
    assert not watch.timed_out
    qtbot.waitUntil(lambda: {e.year: e.target for e in stats.data.exits}.get(2018) == 77, timeout=10000)


def test_exports_xlsx_numbers_pdf_one_page_font_embedded_and_pngs(window, stats, qtbot, tmp_path):
    xlsx, pdf = tmp_path / "s.xlsx", tmp_path / "s.pdf"
    for kind, path in (("xlsx", xlsx), ("pdf", pdf)):
        stats.export(kind, str(path))
        qtbot.waitUntil(lambda p=path: p.exists(), timeout=20000)
    wb = load_workbook(xlsx)
    ws = wb["各状态户数"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=4, values_only=True)}
    exited = stats.data.status(vocab.STATUS_EXITED)
    assert rows["已脱贫"] == (exited.households, exited.persons)
    assert all(isinstance(v, int) for r in rows.values() for v in r)
    assert ws.cell(4, 2).data_type == "n"
    assert wb["年度脱贫与目标"].cell(4, 1).value == stats.data.exits[0].year
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)      # A4
    text = reader.pages[0].extract_text()
    assert "截至" in text and stats.data.township in text
    assert not fonts_not_embedded(pdf)
    written = stats.export("png", str(tmp_path))
    assert len(written) == len(stats.charts) and all((tmp_path / p).exists() for p in written)
