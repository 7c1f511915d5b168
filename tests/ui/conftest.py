import pytest

from tests.registry_fixtures import make_registry


@pytest.fixture
def registry(db):
    return make_registry(db)


@pytest.fixture
def page(ctx, registry, qtbot):
    from ui.households.page import HouseholdPage

    p = HouseholdPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    return p
