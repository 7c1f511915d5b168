"""Household flags (R1.7), the exit checklist (R1.5), the 六看一听 survey (R1.3) and the house record's
changes made by cases (issue 10).

Revision ID: 0005_household_records
Revises: 0004_merge
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_household_records"
down_revision = "0004_merge"
branch_labels = None
depends_on = None


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def upgrade() -> None:
    # ADD COLUMN in place: a batch copy would drop ``household``, which ``member`` references.
    op.add_column("household", _flag("policy_guarantee"))
    for name in ("is_tekun", "is_left_behind_child", "is_left_behind_elder"):
        op.add_column("member", _flag(name))
    op.create_table(
        "exit_check",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id"), nullable=False),
        sa.Column("status_change_id", sa.Integer(), sa.ForeignKey("status_change.id"), nullable=True),
        sa.Column("to_status", sa.String(6), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("household_size", sa.Integer(), nullable=False),
        sa.Column("net_income", sa.Integer(), nullable=False),
        sa.Column("per_capita_income", sa.Float(), nullable=False),
        sa.Column("income_line", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_exit_check_household_id", "exit_check", ["household_id"])
    op.create_table(
        "exit_check_item",
        sa.Column("check_id", sa.Integer(), sa.ForeignKey("exit_check.id"), primary_key=True),
        sa.Column("item", sa.String(12), primary_key=True),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_table(
        "household_survey",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id"), nullable=False),
        sa.Column("surveyed_on", sa.Date(), nullable=False),
        sa.Column("surveyors", sa.String(120), nullable=False),
        *[sa.Column(name, sa.Text(), nullable=False) for name in (
            "look_car", "look_house", "look_poverty", "look_cause", "look_school", "look_labour",
            "listen", "findings", "needs")],
        sa.Column("recorded_by", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_household_survey_household_id", "household_survey", ["household_id"])
    op.create_table(
        "house_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case_file.id"), nullable=True),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("old_structure", sa.String(10), nullable=False),
        sa.Column("old_area", sa.Float(), nullable=True),
        sa.Column("old_built_year", sa.Integer(), nullable=True),
        sa.Column("old_grade", sa.String(1), nullable=False),
        sa.Column("new_structure", sa.String(10), nullable=False),
        sa.Column("new_area", sa.Float(), nullable=True),
        sa.Column("new_built_year", sa.Integer(), nullable=True),
        sa.Column("new_grade", sa.String(1), nullable=False),
        sa.Column("recorded_by", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_house_change_household_id", "house_change", ["household_id"])


def downgrade() -> None:
    for table in ("house_change", "household_survey", "exit_check_item", "exit_check"):
        op.drop_table(table)
    for name in ("is_left_behind_elder", "is_left_behind_child", "is_tekun"):
        op.drop_column("member", name)
    op.drop_column("household", "policy_guarantee")
