import pytest

from tests.registry_fixtures import make_registry


@pytest.fixture
def registry(db):
    return make_registry(db)


def wait_for_rows(page, qtbot) -> None:
    """The registry page reads its rows in a background job once it has painted: wait for them."""
    qtbot.waitUntil(lambda: page.is_loaded, timeout=10000)


@pytest.fixture
def page(ctx, registry, qtbot):
    from ui.households.page import HouseholdPage

    p = HouseholdPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    wait_for_rows(p, qtbot)
    return p
