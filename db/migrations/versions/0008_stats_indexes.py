"""Indexes for the 统计 page's aggregations (issue 15): current members per household, the status changes
in day order, and a covering index of the household columns the page groups by. They halve the two
large statements on the 50,000-household file (docs/benchmarks.md, 统计 page).

Revision ID: 0008_stats_indexes
Revises: 0007_users_audit
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_stats_indexes"
down_revision = "0007_users_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_member_current_household", "member", ["household_id"],
                    sqlite_where=sa.text("left_on IS NULL"))
    op.create_index("ix_status_change_day", "status_change", ["changed_on", "to_status", "from_status"])
    op.create_index("ix_household_stats", "household", ["village_id", "status", "type", "main_cause", "exit_year"])


def downgrade() -> None:
    op.drop_index("ix_household_stats", "household")
    op.drop_index("ix_status_change_day", "status_change")
    op.drop_index("ix_member_current_household", "member")
