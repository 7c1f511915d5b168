"""Join the two schema branches written in parallel (helpers, cases) into one line again.

Revision ID: 0004_merge
Revises: 0003_helpers, 0003_cases
"""

revision = "0004_merge"
down_revision = ("0003_helpers", "0003_cases")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass
