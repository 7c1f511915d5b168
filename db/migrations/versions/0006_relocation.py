"""易地扶贫搬迁: resettlement sites and the relocation case's detail, movers and dated events (issue 11).

Revision ID: 0006_relocation
Revises: 0005_household_records
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_relocation"
down_revision = "0005_household_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relocation_site",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(24), nullable=False, unique=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(6), nullable=False),
        sa.Column("township", sa.String(20), nullable=False),
        sa.Column("place", sa.String(120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("planned_households", sa.Integer(), nullable=False),
        sa.Column("planned_persons", sa.Integer(), nullable=False),
        sa.Column("house_types", sa.String(80), nullable=False),
        sa.Column("follows_house_standard", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(4), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("is_aggregate", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_table(
        "relocation_detail",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case_file.id"), primary_key=True),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("relocation_site.id"), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("area", sa.Float(), nullable=False),
        sa.Column("old_house_structure", sa.String(10), nullable=False),
        sa.Column("sole_house", sa.Boolean(), nullable=False),
        sa.Column("willing_signed_on", sa.Date(), nullable=False),
        sa.Column("willing_signer", sa.String(40), nullable=False),
        sa.Column("companions", sa.Integer(), nullable=False),
        sa.Column("companions_note", sa.Text(), nullable=False),
        sa.Column("priority", sa.Text(), nullable=False),
        sa.Column("over_plan_reason", sa.Text(), nullable=False),
        sa.Column("over_plan_approved_by", sa.String(40), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("demolition_due_on", sa.Date(), nullable=True),
        sa.Column("old_house_state", sa.String(6), nullable=False),
    )
    op.create_index("ix_relocation_detail_site_id", "relocation_detail", ["site_id"])
    op.create_table(
        "relocation_mover",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("member.id"), nullable=False),
        sa.UniqueConstraint("case_id", "member_id", name="uq_relocation_mover_case_member"),
    )
    op.create_index("ix_relocation_mover_case_id", "relocation_mover", ["case_id"])
    op.create_index("ix_relocation_mover_member_id", "relocation_mover", ["member_id"])
    op.create_table(
        "relocation_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("event", sa.String(8), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("person", sa.String(60), nullable=False),
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(40), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_relocation_event_case_id", "relocation_event", ["case_id"])


def downgrade() -> None:
    for table in ("relocation_event", "relocation_mover", "relocation_detail", "relocation_site"):
        op.drop_table(table)
