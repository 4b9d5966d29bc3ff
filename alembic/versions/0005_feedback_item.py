"""feedback remembers what it was about (the recommendation's kind and item, the model version)

Recommendations are rewritten at every scoring run, so a thumbs down must keep the item it
judged: the next training reads it even after the recommendation row is gone.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("feedback", sa.Column("kind", sa.String(length=20), nullable=True))
    op.add_column("feedback", sa.Column("item", sa.String(length=200), nullable=True))
    op.add_column("feedback", sa.Column("model_version", sa.Integer(), nullable=True))
    op.create_index("ix_feedback_lead", "feedback", ["lead_id", "target"])


def downgrade() -> None:
    op.drop_index("ix_feedback_lead", table_name="feedback")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("model_version")
        batch.drop_column("item")
        batch.drop_column("kind")
