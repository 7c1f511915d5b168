"""Pinyin search keys for member names, computed once and stored (issue #3), backfilled here.

Revision ID: 0002_member_pinyin
Revises: 0001_registry
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_member_pinyin"
down_revision = "0001_registry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from pjdesk.pinyin import name_keys

    op.add_column("member", sa.Column("name_pinyin", sa.String(120), nullable=False, server_default=""))
    op.add_column("member", sa.Column("name_initials", sa.String(20), nullable=False, server_default=""))
    op.create_index("ix_member_name_initials", "member", ["name_initials"])
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM member")).all()
    updates = []
    for member_id, name in rows:
        full, initials = name_keys(name)
        updates.append({"id": member_id, "p": full, "i": initials})
    if updates:
        conn.execute(sa.text("UPDATE member SET name_pinyin = :p, name_initials = :i WHERE id = :id"), updates)
