"""Fixtures of the 易地搬迁 page tests: the page on a test database, and the context on the demo township."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY


def make_page(ctx, qtbot, size=(1366, 768)):
    from ui.relocation.page import RelocationPage

    page = RelocationPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    return page


@pytest.fixture
def demo_ctx(demo_db, qapp):
    from ui.app import make_app
    from ui.context import AppContext

    make_app([])
    return AppContext(demo_db)
