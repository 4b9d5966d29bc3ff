"""reasons kept in a form the UI can show in the user's language; feedback withdrawals are kept

The services and the models write their messages in English and remember which message it was
(`app.texts.Text`). The plain-text columns keep the English text (command line, JSON,
logs); these JSON columns keep the template and its values (`texts.to_data`), so the screens can
show them in Portuguese or English:

- recommendations.reason_data: why an action or product is recommended;
- messages.hold_reason_data / messages.error_data: why a message waits, failed or was canceled.

feedback.withdrawn_at: a vote taken back is kept (rating unchanged, withdrawn_at set and
synced_at cleared), so a vote that already reached the central endpoint can be withdrawn there too.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("recommendations", sa.Column("reason_data", sa.JSON(), nullable=True))
    op.add_column("messages", sa.Column("hold_reason_data", sa.JSON(), nullable=True))
    op.add_column("messages", sa.Column("error_data", sa.JSON(), nullable=True))
    op.add_column("feedback", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("withdrawn_at")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("error_data")
        batch.drop_column("hold_reason_data")
    with op.batch_alter_table("recommendations") as batch:
        batch.drop_column("reason_data")
