"""messaging: message kind, one enrolment per trigger occurrence

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), server_default="manual", nullable=False))
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trigger_key", sa.String(length=200), server_default="", nullable=False))
        batch_op.create_unique_constraint("uq_enrollments_trigger", ["automation_id", "lead_id", "trigger_key"])


def downgrade() -> None:
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_constraint("uq_enrollments_trigger", type_="unique")
        batch_op.drop_column("trigger_key")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("kind")
