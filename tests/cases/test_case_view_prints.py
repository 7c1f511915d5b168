"""The 危房改造 case view prints through the shared print path (ui/printing/launch.py: font check →
background job → preview): 打印审批表 on a demo case opens a preview of the sheet of that household."""

from __future__ import annotations

import os
import re

from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton

from pjdesk.cases.queries import load_case_rows


def test_print_the_approval_sheet_of_a_demo_case(demo_db, qtbot, qapp):
    from ui.app import make_app
    from ui.cases.case_view import CaseView
    from ui.context import AppContext

    make_app([])
    view = CaseView(AppContext(demo_db))
    qtbot.addWidget(view)
    row = next(r for r in load_case_rows(demo_db) if r.status == "已归档")
    view.show_case(row.id)
    head = view.detail.head_name
    button = view.findChild(QPushButton, "print_approval")
    assert button is not None and button.text() == "打印审批表"
    assert view.findChild(QPushButton, "print_casefile").text() == "打印一户一册"
    assert view.findChild(QPushButton, "print_posting").text() == "打印公示名单"   # it was on three postings
    assert view.findChild(QPushButton, "print_rejection") is None                   # not refused
    button.click()
    qtbot.waitUntil(lambda: view.last_preview is not None, timeout=15000)
    preview = view.last_preview
    assert preview.page_count >= 1 and f"{row.case_no}审批表" in preview.windowTitle()
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(preview.pdf_path).pages))
    assert head and head in text and "审批表" in text
    qtbot.waitUntil(lambda: button.isEnabled())
    preview.reject()
    assert not os.path.exists(preview.pdf_path)
