"""帮扶责任人 and 驻村帮扶 pages (issue #4). Registers both pages on import (see ui/features.py)."""

from __future__ import annotations

from ..pages import register_page


def _helpers_page(ctx):
    from .page import HelpersPage

    return HelpersPage(ctx)


def _aid_teams_page(ctx):
    from .aid_teams_page import AidTeamsPage

    return AidTeamsPage(ctx)


register_page("帮扶责任人", _helpers_page)
register_page("驻村帮扶", _aid_teams_page)


def _household_tab(ctx, household_no):
    from .household_tab import HouseholdHelpTab

    return HouseholdHelpTab(ctx, household_no)


from ..households.detail_tabs import register_tab  # noqa: E402

register_tab("帮扶", _household_tab)
