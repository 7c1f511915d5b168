"""危房改造 screen (issue #5): registers its page and the household dialog's 案件 tab on import."""

from ..households.detail_tabs import register_tab
from ..pages import register_page
from .household_cases import HouseholdCasesWidget
from .page import CasesPage

register_page("危房改造", lambda ctx: CasesPage(ctx))
register_tab("危改/搬迁", lambda ctx, household_no: HouseholdCasesWidget(ctx, household_no))

__all__ = ["CasesPage", "HouseholdCasesWidget"]
