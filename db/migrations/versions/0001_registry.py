"""Household registry: township, villages, groups, households, members, status history, settings.

Revision ID: 0001_registry
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_registry"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "township",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("county", sa.String(40), nullable=False),
        sa.Column("area_code", sa.String(6), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "village",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("township_id", sa.Integer, sa.ForeignKey("township.id", name="fk_village_township_id_township"), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("old_name", sa.String(40)),
        sa.Column("is_poor_village", sa.Boolean, nullable=False),
        sa.Column("code", sa.String(4), nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.UniqueConstraint("name", name="uq_village_name"),
    )
    op.create_table(
        "village_group",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("village_id", sa.Integer, sa.ForeignKey("village.id", name="fk_village_group_village_id_village"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("name", sa.String(20), nullable=False),
    )
    op.create_index("uq_village_group_number", "village_group", ["village_id", "number"], unique=True)
    op.create_table(
        "household",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("household_no", sa.String(24), nullable=False),
        sa.Column("village_id", sa.Integer, sa.ForeignKey("village.id", name="fk_household_village_id_village"), nullable=False),
        sa.Column("group_id", sa.Integer, sa.ForeignKey("village_group.id", name="fk_household_group_id_village_group"), nullable=False),
        sa.Column("address", sa.String(120), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("bank_name", sa.String(40), nullable=False),
        sa.Column("bank_account", sa.String(30), nullable=False),
        sa.Column("type", sa.String(10), nullable=False),
        sa.Column("standard", sa.String(4), nullable=False),
        sa.Column("identified_year", sa.Integer, nullable=False),
        sa.Column("main_cause", sa.String(12), nullable=False),
        sa.Column("house_structure", sa.String(10), nullable=False),
        sa.Column("house_area", sa.Float),
        sa.Column("danger_grade", sa.String(1), nullable=False),
        sa.Column("house_built_year", sa.Integer),
        sa.Column("wage_income", sa.Integer, nullable=False),
        sa.Column("business_income", sa.Integer, nullable=False),
        sa.Column("transfer_income", sa.Integer, nullable=False),
        sa.Column("property_income", sa.Integer, nullable=False),
        sa.Column("production_cost", sa.Integer, nullable=False),
        sa.Column("status", sa.String(6), nullable=False),
        sa.Column("planned_exit_year", sa.Integer),
        sa.Column("exit_year", sa.Integer),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("household_no", name="uq_household_household_no"),
    )
    op.create_index("ix_household_village_id", "household", ["village_id"])
    op.create_index("ix_household_main_cause", "household", ["main_cause"])
    op.create_index("ix_household_status", "household", ["status"])
    op.create_table(
        "household_other_cause",
        sa.Column("household_id", sa.Integer, sa.ForeignKey("household.id", name="fk_household_other_cause_household_id_household"), primary_key=True),
        sa.Column("cause", sa.String(12), primary_key=True),
        sa.Column("rank", sa.Integer, nullable=False),
    )
    op.create_table(
        "member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.Integer, sa.ForeignKey("household.id", name="fk_member_household_id_household"), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("relation", sa.String(8), nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("ethnicity", sa.String(10), nullable=False),
        sa.Column("education", sa.String(10), nullable=False),
        sa.Column("school_status", sa.String(10), nullable=False),
        sa.Column("health", sa.String(10), nullable=False),
        sa.Column("disability_grade", sa.String(4), nullable=False),
        sa.Column("labour_ability", sa.String(10), nullable=False),
        sa.Column("work_status", sa.String(10), nullable=False),
        sa.Column("is_dibao", sa.Boolean, nullable=False),
        sa.Column("has_medical_insurance", sa.Boolean, nullable=False),
        sa.Column("has_pension_insurance", sa.Boolean, nullable=False),
        sa.Column("joined_on", sa.Date, nullable=False),
        sa.Column("join_reason", sa.String(10), nullable=False),
        sa.Column("left_on", sa.Date),
        sa.Column("leave_reason", sa.String(40), nullable=False),
    )
    op.create_index("ix_member_household_id", "member", ["household_id"])
    op.create_index("uq_member_current_id_number", "member", ["id_number"], unique=True,
                    sqlite_where=sa.text("left_on IS NULL"))
    op.create_index("uq_member_current_head", "member", ["household_id"], unique=True,
                    sqlite_where=sa.text("left_on IS NULL AND relation = '户主'"))
    op.create_table(
        "status_change",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.Integer, sa.ForeignKey("household.id", name="fk_status_change_household_id_household"), nullable=False),
        sa.Column("from_status", sa.String(6), nullable=False),
        sa.Column("to_status", sa.String(6), nullable=False),
        sa.Column("changed_on", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_status_change_household_id", "status_change", ["household_id"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
