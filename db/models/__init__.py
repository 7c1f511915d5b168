"""All mapped classes. Import from here so every table is registered on ``Base.metadata``."""

from .base import Base
from .registry import (
    Household, HouseholdOtherCause, Member, Setting, StatusChange, Township, Village, VillageGroup,
)

__all__ = [
    "Base", "Township", "Village", "VillageGroup", "Household", "HouseholdOtherCause", "Member",
    "StatusChange", "Setting",
]
