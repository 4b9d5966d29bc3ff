"""index messages.enrollment_id: ending a sequence cancels its waiting step, and each automations
pass looks up the message of every enrollment that waits for its step to be sent

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_messages_enrollment", "messages", ["enrollment_id"])


def downgrade() -> None:
    op.drop_index("ix_messages_enrollment", table_name="messages")
