"""The work areas of the main window, in the order of the navigation list, and the page each shows.

Written out here once. Each page's module is imported when its area is first shown, so the window
paints without loading the other areas (start-up time). Areas with no page yet show what will come there.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QWidget

from .context import AppContext

PageFactory = Callable[[AppContext], QWidget]


def _households(ctx: AppContext) -> QWidget:
    from .households.page import HouseholdPage  # loaded when first shown (start-up time)

    return HouseholdPage(ctx)


def _helpers(ctx: AppContext) -> QWidget:
    from .pairing.page import HelpersPage  # loaded when first shown (start-up time)

    return HelpersPage(ctx)


def _aid_teams(ctx: AppContext) -> QWidget:
    from .pairing.aid_teams_page import AidTeamsPage  # loaded when first shown (start-up time)

    return AidTeamsPage(ctx)


def _renovation(ctx: AppContext) -> QWidget:
    from .cases.page import CasesPage  # loaded when first shown (start-up time)

    return CasesPage(ctx)


def _relocation(ctx: AppContext) -> QWidget:
    from .relocation.page import RelocationPage  # loaded when first shown (start-up time)

    return RelocationPage(ctx)


def _printing(ctx: AppContext) -> QWidget:
    from .printing.page import PrintingPage  # loaded when first shown (start-up time)

    return PrintingPage(ctx)


def _checks(ctx: AppContext) -> QWidget:
    from .quality.page import ChecksPage  # loaded when first shown (start-up time)

    return ChecksPage(ctx)


def _monthly(ctx: AppContext) -> QWidget:
    from .monthly.page import MonthlyPage  # loaded when first shown (start-up time)

    return MonthlyPage(ctx)


def _stats(ctx: AppContext) -> QWidget:
    from .stats.page import StatsPage  # loaded when first shown (start-up time; pyqtgraph with it)

    return StatsPage(ctx)


def _audit(ctx: AppContext) -> QWidget:
    from .auth.audit_view import AuditPage  # loaded when first shown (start-up time)

    return AuditPage(ctx)


def _settings(ctx: AppContext) -> QWidget:
    from .settings.page import SettingsPage  # loaded when first shown (start-up time)

    return SettingsPage(ctx)


# area -> page; None: not built yet (a placeholder says what will come)
PAGES: dict[str, PageFactory | None] = {
    "户籍台账": _households,
    "帮扶责任人": _helpers,
    "驻村帮扶": _aid_teams,
    "危房改造": _renovation,
    "易地搬迁": _relocation,
    "公示打印": _printing,
    "统计": _stats,
    "数据检查": _checks,
    "月报导出": _monthly,
    "审计日志": _audit,
    "设置": _settings,
}
NAV_AREAS = tuple(PAGES)


def page_factory(area: str) -> PageFactory | None:
    return PAGES[area]
