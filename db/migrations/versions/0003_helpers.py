"""Helpers (帮扶责任人) and their dated pairings, village aid teams, help records, income projects.

The five-household limit (RULES.md R2.1) is enforced in the database itself by two triggers on
``helper_assignment``: an insert of an active pairing, or an update that makes a pairing active
(or moves it to another helper), is aborted when the helper already has ``limit`` active
pairings. ``limit`` is read from the ``setting`` table (key ``helper_household_limit``, JSON),
5 when absent or not a positive whole number — the same rule as ``pjdesk.helpers.limits``.

Revision ID: 0003_helpers
Revises: 0002_member_pinyin
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_helpers"
down_revision = "0002_member_pinyin"
branch_labels = None
depends_on = None

LIMIT_MESSAGE = "helper_household_limit: 帮扶责任人已达到帮扶户数上限"

# The limit as SQL: the stored JSON setting when it is a whole number >= 1, else 5.
LIMIT_SQL = """COALESCE((SELECT CASE WHEN CAST(json_extract(value, '$') AS INTEGER) >= 1
                                     THEN CAST(json_extract(value, '$') AS INTEGER) END
                        FROM setting WHERE key = 'helper_household_limit'), 5)"""

TRIGGER_INSERT = f"""
CREATE TRIGGER trg_helper_assignment_limit_insert
BEFORE INSERT ON helper_assignment
WHEN NEW.end_on IS NULL
 AND (SELECT count(*) FROM helper_assignment WHERE helper_id = NEW.helper_id AND end_on IS NULL)
     >= {LIMIT_SQL}
BEGIN
    SELECT RAISE(ABORT, '{LIMIT_MESSAGE}');
END
"""

TRIGGER_UPDATE = f"""
CREATE TRIGGER trg_helper_assignment_limit_update
BEFORE UPDATE OF helper_id, end_on ON helper_assignment
WHEN NEW.end_on IS NULL
 AND (OLD.end_on IS NOT NULL OR NEW.helper_id <> OLD.helper_id)
 AND (SELECT count(*) FROM helper_assignment
      WHERE helper_id = NEW.helper_id AND end_on IS NULL AND id <> OLD.id)
     >= {LIMIT_SQL}
BEGIN
    SELECT RAISE(ABORT, '{LIMIT_MESSAGE}');
END
"""


def upgrade() -> None:
    op.create_table(
        "helper",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("name_pinyin", sa.String(120), nullable=False, server_default=""),
        sa.Column("name_initials", sa.String(20), nullable=False, server_default=""),
        sa.Column("sex", sa.String(1), nullable=False, server_default=""),
        sa.Column("phone", sa.String(20), nullable=False, server_default=""),
        sa.Column("unit", sa.String(60), nullable=False, server_default=""),
        sa.Column("unit_level", sa.String(4), nullable=False),
        sa.Column("post", sa.String(40), nullable=False, server_default=""),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("village_id", sa.Integer, sa.ForeignKey("village.id", name="fk_helper_village_id_village")),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_helper_unit", "helper", ["unit"])

    op.create_table(
        "helper_assignment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("helper_id", sa.Integer,
                  sa.ForeignKey("helper.id", name="fk_helper_assignment_helper_id_helper"), nullable=False),
        sa.Column("household_id", sa.Integer,
                  sa.ForeignKey("household.id", name="fk_helper_assignment_household_id_household"),
                  nullable=False),
        sa.Column("start_on", sa.Date, nullable=False),
        sa.Column("start_reason", sa.String(60), nullable=False, server_default=""),
        sa.Column("end_on", sa.Date),
        sa.Column("end_reason", sa.String(60), nullable=False, server_default=""),
        sa.Column("recorded_by", sa.String(40), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="ck_helper_assignment_dates"),
    )
    op.create_index("uq_helper_assignment_active_household", "helper_assignment", ["household_id"],
                    unique=True, sqlite_where=sa.text("end_on IS NULL"))
    op.create_index("ix_helper_assignment_active_helper", "helper_assignment", ["helper_id"],
                    sqlite_where=sa.text("end_on IS NULL"))
    op.create_index("ix_helper_assignment_household_id", "helper_assignment", ["household_id"])
    op.execute(TRIGGER_INSERT)
    op.execute(TRIGGER_UPDATE)

    op.create_table(
        "village_aid_role",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("village_id", sa.Integer,
                  sa.ForeignKey("village.id", name="fk_village_aid_role_village_id_village"), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("unit", sa.String(60), nullable=False, server_default=""),
        sa.Column("post", sa.String(40), nullable=False, server_default=""),
        sa.Column("phone", sa.String(20), nullable=False, server_default=""),
        sa.Column("start_on", sa.Date),
        sa.Column("end_on", sa.Date),
        sa.Column("source", sa.String(80), nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_village_aid_role_village_id", "village_aid_role", ["village_id"])

    op.create_table(
        "help_record",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.Integer,
                  sa.ForeignKey("household.id", name="fk_help_record_household_id_household"), nullable=False),
        sa.Column("helper_id", sa.Integer, sa.ForeignKey("helper.id", name="fk_help_record_helper_id_helper")),
        sa.Column("happened_on", sa.Date, nullable=False),
        sa.Column("measure", sa.String(8), nullable=False),
        sa.Column("content", sa.Text, nullable=False, server_default=""),
        sa.Column("amount", sa.Integer, nullable=False, server_default="0"),
        sa.Column("recorded_by", sa.String(40), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_help_record_household_date", "help_record", ["household_id", "happened_on"])

    op.create_table(
        "income_project",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("household_id", sa.Integer,
                  sa.ForeignKey("household.id", name="fk_income_project_household_id_household"), nullable=False),
        sa.Column("helper_id", sa.Integer, sa.ForeignKey("helper.id", name="fk_income_project_helper_id_helper")),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("category", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("planned_income", sa.Integer, nullable=False, server_default="0"),
        sa.Column("actual_income", sa.Integer),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_income_project_household_id", "income_project", ["household_id"])


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS trg_helper_assignment_limit_update")
    op.execute("DROP TRIGGER IF EXISTS trg_helper_assignment_limit_insert")
    for table in ("income_project", "help_record", "village_aid_role", "helper_assignment", "helper"):
        op.drop_table(table)
