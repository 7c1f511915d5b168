"""Print actions of the 危房改造 case view: which appear for which case, and what each prints."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QPushButton

from pjdesk.cases.detail import case_detail

from .conftest import APPLIED, FULL, OPINIONS, REFUSAL, REFUSED, compact, pdf_text


@pytest.fixture
def view(pdb, qapp, qtbot):
    from ui.app import make_app
    from ui.cases.case_view import CaseView
    from ui.context import AppContext

    make_app([])
    v = CaseView(AppContext(pdb))
    qtbot.addWidget(v)
    return v


def _show(view, pdb, ref):
    view.show_case(case_detail(pdb, ref).id)


def _printed(view, qtbot, start) -> tuple[str, str]:
    """Run one print action; return the preview's title and the PDF's text; close the preview."""
    view.last_preview = None
    assert start() is not None
    qtbot.waitUntil(lambda: view.last_preview is not None, timeout=15000)
    preview = view.last_preview
    text = compact("".join(pdf_text(preview.pdf_path)))
    title = preview.windowTitle()
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in view.print_buttons.values()))
    preview.reject()
    assert not os.path.exists(preview.pdf_path)
    return title, text


def test_buttons_follow_the_case(view, pdb, refs):
    _show(view, pdb, refs[APPLIED])
    assert list(view.print_buttons) == ["approval", "casefile"]             # not posted, not refused
    _show(view, pdb, refs[REFUSED])
    assert list(view.print_buttons) == ["approval", "casefile", "rejection"]
    assert view.findChild(QPushButton, "print_rejection").text() == "打印告知书"
    _show(view, pdb, refs[FULL])
    assert list(view.print_buttons) == ["approval", "casefile", "posting"]
    menu = view.print_buttons["posting"].menu()                             # three postings: choose one
    assert [a.text().split("（")[0] for a in menu.actions()] == [f"第{refs['batch3']}批 三榜公示", f"第{refs['batch2']}批 二榜公示",
                                                      f"第{refs['batch1']}批 一榜公示"]
    view.show_case(None)
    assert view.print_buttons == {}


def test_each_print_action_previews_its_document(view, pdb, refs, qtbot):
    _show(view, pdb, refs[FULL])
    title, text = _printed(view, qtbot, view.print_approval)
    assert "审批表" in title and "王建国" in text and OPINIONS["县级审批"][0] in text
    title, text = _printed(view, qtbot, view.print_casefile)
    assert "一户一册" in title and "王建国" in text
    title, text = _printed(view, qtbot, view.print_posting)                 # default: the latest posting
    assert f"第{refs['batch3']}批三榜公示公示名单" in compact(title) and "第三榜" in text and "王建国" in text
    title, text = _printed(view, qtbot, lambda: view.print_posting(int(refs["batch1"])))
    assert "一榜公示" in title and "第一榜" in text
    _show(view, pdb, refs[REFUSED])
    title, text = _printed(view, qtbot, view.print_rejection)
    assert "告知书" in title and "赵冬生" in text and compact(REFUSAL) in text


def test_without_a_font_the_view_says_so_and_starts_nothing(view, pdb, refs, monkeypatch, tmp_path):
    from pjdesk import settings
    from ui.printing import launch

    shown = []
    monkeypatch.setattr(launch, "show_error", lambda _parent, title, message: shown.append((title, message)))
    with pdb.transaction() as s:
        settings.set_(s, "pdf_font_path", str(tmp_path / "deleted.ttf"))
    _show(view, pdb, refs[FULL])
    view.print_buttons["approval"].click()
    assert shown and shown[0][0] == "无法打印" and view.last_job is None and view.last_preview is None
