"""文件 → 导入花名册… (issue 13), clicked as a clerk does: the file dialog, the preview with its counts and
problems, 保存问题清单…, 确认导入 disabled while an error remains and importing once none does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from db.models import Household, Member
from pjdesk import seed
from tests.gui import when_modal
from tests.roster.builders import person_rows, write_roster
from tests.roster.test_messy import messy  # noqa: F401  (the messy roster fixture)

LEFT = Qt.MouseButton.LeftButton
VILLAGES = [name for name, _poor in seed.villages_of("虹桥镇")]


@pytest.fixture
def window(ctx, qtbot):
    from ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def _choose(monkeypatch, path) -> list:
    asked = []

    def answer(*args, **kw):
        asked.append(args[1] if len(args) > 1 else "")
        return str(path), ""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answer))
    return asked


def _count(db, model) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_menu_import_previews_a_messy_roster_saves_its_problems_and_refuses_to_import(
        window, ctx, qtbot, monkeypatch, messy, tmp_path):
    asked = _choose(monkeypatch, messy)
    saved = tmp_path / "问题清单.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), "")))
    seen = {}

    def in_dialog(dlg):
        qtbot.waitUntil(lambda: dlg.plan is not None, timeout=60000)
        seen["new households"] = dlg.figures[("households", "新增")].text()
        seen["problems"] = dlg.problems.rowCount()
        seen["ok enabled"] = dlg.ok.isEnabled()
        seen["status"] = dlg.status.text()
        seen["tab"] = dlg.tabs.tabText(0)
        qtbot.mouseClick(dlg.save_problems, LEFT)
        seen["saved"] = saved.exists()
        qtbot.mouseClick(dlg.cancel, LEFT)

    watch = when_modal(in_dialog, above=window, timeout_ms=60000)
    window.import_roster_action.trigger()
    assert not watch.timed_out and asked == ["选择花名册文件"]
    assert seen == {"new households": "4", "problems": 7, "ok enabled": False, "saved": True, "tab": "问题（7）",
                    "status": seen["status"]}
    assert "花名册有5个问题须先更正" in seen["status"]
    assert _count(ctx.db, Household) == 0


def test_a_clean_roster_is_imported_with_confirm_and_the_status_bar_says_so(ctx, qtbot, monkeypatch, tmp_path):
    from ui.roster.import_dialog import RosterImportDialog

    roster = write_roster(tmp_path / "花名册.xlsx", person_rows(6, VILLAGES))
    _choose(monkeypatch, roster)
    done, changed = [], []
    ctx.done.connect(done.append)
    ctx.changed.connect(changed.append)
    dlg = RosterImportDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.ok.isEnabled()
    qtbot.mouseClick(dlg.choose, LEFT)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=60000)
    assert dlg.figures[("households", "新增")].text() == "6"
    assert dlg.problems.rowCount() == 0 and dlg.ok.isEnabled() and not dlg.save_problems.isEnabled()
    qtbot.mouseClick(dlg.ok, LEFT)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=60000)
    assert _count(ctx.db, Household) == 6 and _count(ctx.db, Member) == dlg.plan.count("members", "新增")
    assert done and done[0].startswith("已导入花名册：新增6户") and changed == ["households"]

    again = RosterImportDialog(ctx)           # the same file again: nothing to import
    qtbot.addWidget(again)
    again.show()
    qtbot.mouseClick(again.choose, LEFT)
    qtbot.waitUntil(lambda: again.plan is not None, timeout=60000)
    assert again.figures[("households", "无变化")].text() == "6" and not again.ok.isEnabled()
    assert "无需导入" in again.status.text()
