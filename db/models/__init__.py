"""All mapped classes. Import from here so every table is registered on ``Base.metadata``."""

from .base import Base
from . import cases  # noqa: F401  (case files and reviews, issue #5: import from db.models.cases)
from .registry import (
    Household, HouseholdOtherCause, Member, Setting, StatusChange, Township, Village, VillageGroup,
)
from .household_records import ExitCheck, ExitCheckItem, HouseChange, HouseholdSurvey  # noqa: F401
from .helpers import Helper, HelperAssignment, HelpRecord, IncomeProject, VillageAidRole  # noqa: F401
from . import relocation  # noqa: F401  (易地搬迁 sites and cases, issue 11: import from db.models.relocation)
from .users import AppUser, AuditLog  # noqa: F401  (users and the audit trail, issue 14)

__all__ = [
    "Base", "Township", "Village", "VillageGroup", "Household", "HouseholdOtherCause", "Member",
    "StatusChange", "Setting",
]
