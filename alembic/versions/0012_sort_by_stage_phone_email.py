"""(deleted_at, stage|phone|email) on leads: every sortable column of the list has its ordered index

Sorting the Leads list shows its first screenful from an index walk while the complete list is
read; stage, phone and e-mail were the sortable columns without one, where SQLite sorted a
million leads first (over a second).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COLUMNS = ("stage", "phone", "email")


def upgrade() -> None:
    for column in COLUMNS:
        op.create_index(f"ix_leads_live_{column}", "leads", ["deleted_at", column])


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_index(f"ix_leads_live_{column}", table_name="leads")
