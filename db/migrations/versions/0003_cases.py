"""Case files with three-level review and public postings (issue #5); renovation details; the
subsidy rate table seeded with the county plan's standards (RULES.md R3.7, effective 2016-06-01).

At most one open housing case (危房改造 or 易地搬迁) per household is also enforced by a partial
unique index, behind the service's own check.

Revision ID: 0003_cases
Revises: 0002_member_pinyin
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa

revision = "0003_cases"
down_revision = "0002_member_pinyin"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKey:
    ref_table = target.split(".")[0]
    return sa.ForeignKey(target, name=f"fk_{table}_{column}_{ref_table}")


def _entered() -> list[sa.Column]:
    return [sa.Column("entered_by", sa.String(40), nullable=False),
            sa.Column("entered_at", sa.DateTime, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "case_file",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_no", sa.String(24), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("household_id", sa.Integer, _fk("case_file", "household_id", "household.id"), nullable=False),
        sa.Column("village_id", sa.Integer, _fk("case_file", "village_id", "village.id"), nullable=False),
        sa.Column("stage", sa.String(8), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("applied_on", sa.Date, nullable=False),
        sa.Column("application_note", sa.Text, nullable=False),
        sa.Column("household_size", sa.Integer, nullable=False),
        sa.Column("opened_by", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closed_on", sa.Date),
        sa.UniqueConstraint("case_no", name="uq_case_file_case_no"),
    )
    op.create_index("ix_case_file_kind", "case_file", ["kind"])
    op.create_index("ix_case_file_household_id", "case_file", ["household_id"])
    op.create_index("ix_case_file_village_id", "case_file", ["village_id"])
    op.create_index("ix_case_file_status", "case_file", ["status"])
    op.create_index("uq_case_file_open_housing", "case_file", ["household_id"], unique=True,
                    sqlite_where=sa.text("status = '办理中' AND kind IN ('renovation', 'relocation')"))

    op.create_table(
        "case_decision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, _fk("case_decision", "case_id", "case_file.id"), nullable=False),
        sa.Column("stage", sa.String(8), nullable=False),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("to_stage", sa.String(8), nullable=False),
        sa.Column("opinion", sa.Text, nullable=False),
        sa.Column("reviewer", sa.String(40), nullable=False),
        sa.Column("reviewer_post", sa.String(40), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        *_entered(),
    )
    op.create_index("ix_case_decision_case_id", "case_decision", ["case_id"])

    op.create_table(
        "posting_batch",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("village_id", sa.Integer, _fk("posting_batch", "village_id", "village.id"), nullable=False),
        sa.Column("stage", sa.String(8), nullable=False),
        sa.Column("place", sa.String(40), nullable=False),
        sa.Column("start_on", sa.Date, nullable=False),
        sa.Column("end_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_entered(),
    )
    op.create_index("ix_posting_batch_village_id", "posting_batch", ["village_id"])

    op.create_table(
        "posting_member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, _fk("posting_member", "batch_id", "posting_batch.id"), nullable=False),
        sa.Column("case_id", sa.Integer, _fk("posting_member", "case_id", "case_file.id"), nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.UniqueConstraint("case_id", "step", name="uq_posting_member_case_id_step"),
    )
    op.create_index("ix_posting_member_batch_id", "posting_member", ["batch_id"])
    op.create_index("ix_posting_member_case_id", "posting_member", ["case_id"])

    op.create_table(
        "objection",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, _fk("objection", "case_id", "case_file.id"), nullable=False),
        sa.Column("batch_id", sa.Integer, _fk("objection", "batch_id", "posting_batch.id"), nullable=False),
        sa.Column("raised_by", sa.String(40), nullable=False),
        sa.Column("raised_on", sa.Date, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        *_entered(),
    )
    op.create_index("ix_objection_case_id", "objection", ["case_id"])

    op.create_table(
        "objection_verification",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("objection_id", sa.Integer, _fk("objection_verification", "objection_id", "objection.id"),
                  nullable=False),
        sa.Column("result", sa.String(8), nullable=False),
        sa.Column("verified_by", sa.String(40), nullable=False),
        sa.Column("verified_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_entered(),
        sa.UniqueConstraint("objection_id", name="uq_objection_verification_objection_id"),
    )

    op.create_table(
        "renovation_detail",
        sa.Column("case_id", sa.Integer, _fk("renovation_detail", "case_id", "case_file.id"), primary_key=True),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("build_type", sa.String(8), nullable=False),
        sa.Column("house_type", sa.Integer, nullable=False),
        sa.Column("main_area", sa.Float),
        sa.Column("annex_area", sa.Float),
        sa.Column("homestead_area", sa.Float),
        sa.Column("cluster_site", sa.String(60), nullable=False),
        sa.Column("cluster_site_households", sa.Integer),
        sa.Column("house_structure", sa.String(10), nullable=False),
        sa.Column("danger_grade", sa.String(1), nullable=False),
        sa.Column("assessment_agency", sa.String(60), nullable=False),
        sa.Column("assessed_on", sa.Date),
        sa.Column("approved_subsidy", sa.Integer),
        sa.Column("approved_infrastructure", sa.Integer),
        sa.Column("approved_on", sa.Date),
    )
    op.create_table(
        "renovation_exclusion",
        sa.Column("case_id", sa.Integer, _fk("renovation_exclusion", "case_id", "renovation_detail.case_id"),
                  primary_key=True),
        sa.Column("code", sa.Integer, primary_key=True),
        sa.Column("holds", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )

    rate = op.create_table(
        "subsidy_rate",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("house_type", sa.Integer, nullable=False),
        sa.Column("item", sa.String(16), nullable=False),
        sa.Column("department", sa.String(16), nullable=False),
        sa.Column("amount", sa.Integer, nullable=False),
        sa.Column("to_household", sa.Boolean, nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_entered(),
    )
    op.create_index("ix_subsidy_rate_kind_mode", "subsidy_rate", ["kind", "mode", "effective_from"])

    op.create_table(
        "case_subsidy_line",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, _fk("case_subsidy_line", "case_id", "case_file.id"), nullable=False),
        sa.Column("rate_id", sa.Integer, _fk("case_subsidy_line", "rate_id", "subsidy_rate.id")),
        sa.Column("item", sa.String(16), nullable=False),
        sa.Column("department", sa.String(16), nullable=False),
        sa.Column("amount", sa.Integer, nullable=False),
        sa.Column("to_household", sa.Boolean, nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
    )
    op.create_index("ix_case_subsidy_line_case_id", "case_subsidy_line", ["case_id"])

    op.create_table(
        "construction_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, _fk("construction_event", "case_id", "case_file.id"), nullable=False),
        sa.Column("event", sa.String(8), nullable=False),
        sa.Column("on_date", sa.Date, nullable=False),
        sa.Column("person", sa.String(60), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_entered(),
    )
    op.create_index("ix_construction_event_case_id", "construction_event", ["case_id"])

    op.create_table(
        "completion_acceptance",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, _fk("completion_acceptance", "case_id", "case_file.id"), nullable=False),
        sa.Column("accepted_on", sa.Date, nullable=False),
        sa.Column("inspectors", sa.String(120), nullable=False),
        sa.Column("result", sa.String(8), nullable=False),
        sa.Column("built_main_area", sa.Float),
        sa.Column("built_annex_area", sa.Float),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("decision_id", sa.Integer, _fk("completion_acceptance", "decision_id", "case_decision.id"),
                  nullable=False),
        *_entered(),
    )
    op.create_index("ix_completion_acceptance_case_id", "completion_acceptance", ["case_id"])

    op.create_table(
        "disbursement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, _fk("disbursement", "case_id", "case_file.id"), nullable=False),
        sa.Column("paid_on", sa.Date, nullable=False),
        sa.Column("amount", sa.Integer, nullable=False),
        sa.Column("department", sa.String(16), nullable=False),
        sa.Column("bank_name", sa.String(40), nullable=False),
        sa.Column("bank_account", sa.String(30), nullable=False),
        sa.Column("voucher_no", sa.String(40), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        *_entered(),
    )
    op.create_index("ix_disbursement_case_id", "disbursement", ["case_id"])

    op.create_table(
        "case_attachment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, _fk("case_attachment", "case_id", "case_file.id"), nullable=False),
        sa.Column("category", sa.String(12), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("mime", sa.String(60), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("thumbnail", sa.LargeBinary),
        sa.Column("taken_on", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
        *_entered(),
    )
    op.create_index("ix_case_attachment_case_id", "case_attachment", ["case_id"])

    # RULES.md R3.7 (seed L1290–1291): yuan per household. Infrastructure funds go to the cluster
    # site, not to the household (R3.8 budgets them apart: 17237万 to households + 3193万 infrastructure).
    start = dt.date(2016, 6, 1)
    entered = dt.datetime(2016, 6, 1)
    basis = "平江县“十三五”脱贫攻坚规划 危房改造补助标准"
    rows = [
        ("集中安置", 60, "建房补助", "", 40000, True),
        ("集中安置", 60, "基础设施配套", "扶贫部门", 20000, False),
        ("集中安置", 35, "建房补助", "", 30000, True),
        ("集中安置", 35, "基础设施配套", "扶贫部门", 10000, False),
        ("分散", 0, "建房补助", "住建部门", 10000, True),
        ("分散", 0, "建房补助", "扶贫部门", 10000, True),
    ]
    op.bulk_insert(rate, [
        {"kind": "renovation", "mode": m, "house_type": t, "item": item, "department": dept, "amount": amount,
         "to_household": home, "effective_from": start, "note": basis, "entered_by": "初始标准",
         "entered_at": entered}
        for m, t, item, dept, amount, home in rows])


def downgrade() -> None:
    for table in ("case_attachment", "disbursement", "completion_acceptance", "construction_event",
                  "case_subsidy_line", "subsidy_rate", "renovation_exclusion", "renovation_detail",
                  "objection_verification", "objection", "posting_member", "posting_batch", "case_decision",
                  "case_file"):
        op.drop_table(table)
