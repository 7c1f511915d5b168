"""The 数据检查 page (issue 12): the checks run in the background when it is shown, the findings are
filtered by check and severity, and double-clicking a row opens the household or the case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import TODAY
from tests.gui import click_row, when_modal
from tests.quality.conftest import raw
from tests.quality.test_checks import _case


@pytest.fixture
def page(clean, ctx, qtbot):
    from ui.quality.page import ChecksPage

    raw(clean["db"], "UPDATE member SET is_dibao = 0 WHERE name = '李二水'")                  # 错误
    raw(clean["db"], "UPDATE member SET school_status = '非在校生' WHERE name = '王小明'")     # 提示
    _case(clean["db"], clean["wang"], "WG-9", "竣工验收")                                      # 错误, a case
    p = ChecksPage(ctx, today=TODAY)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    qtbot.waitUntil(lambda: p.is_loaded, timeout=10000)
    return p


def shown(page):
    return [page.model.row_at(i) for i in range(page.model.rowCount())]


def test_the_page_lists_every_finding_and_counts_them(page):
    assert sorted(f.check for f in shown(page)) == ["dibao_member", "renovation_records", "school_age"]
    assert page.summary.text() == "共3条：错误2条，提示1条"


def test_filter_by_severity_and_by_check(page, qtbot):
    page.severity.setCurrentText("提示")
    assert [f.check for f in shown(page)] == ["school_age"]
    page.severity.setCurrentText("全部")
    page.check.setCurrentIndex(page.check.findData("dibao_member"))
    assert [f.check for f in shown(page)] == ["dibao_member"]


def test_double_click_opens_the_household(page, qtbot, clean):
    page.check.setCurrentIndex(page.check.findData("dibao_member"))
    seen = []

    def close(dlg):
        seen.append(dlg.detail.household_no)
        dlg.reject()
    watch = when_modal(close)
    click_row(qtbot, page.table, 0, double=True)
    assert not watch.timed_out and seen == [clean["li"]]


def test_double_click_on_a_case_finding_opens_the_case(page, qtbot):
    page.check.setCurrentIndex(page.check.findData("renovation_records"))
    click_row(qtbot, page.table, 0, double=True)
    qtbot.waitUntil(lambda: getattr(page, "case_window", None) is not None, timeout=5000)
    window = page.case_window
    assert window.isWindow() and window.detail.case_no == "WG-9" and "WG-9" in window.title.text()
    window.close()
    QApplication.processEvents()


def test_rerun_after_a_fix_empties_the_list(page, qtbot, clean):
    raw(clean["db"], "UPDATE member SET is_dibao = 1 WHERE name = '李二水'")
    qtbot.mouseClick(page.rerun, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.rerun.isEnabled() and "错误1条" in page.summary.text(), timeout=10000)
    assert sorted(f.check for f in shown(page)) == ["renovation_records", "school_age"]
