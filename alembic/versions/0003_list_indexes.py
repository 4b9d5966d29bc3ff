"""indexes for sorting and filtering lists of a million leads

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NEW = {
    "ix_leads_live_company": ["deleted_at", "company"],
    "ix_leads_live_city": ["deleted_at", "city"],
    "ix_leads_live_score": ["deleted_at", "score"],
    "ix_leads_live_last_interaction": ["deleted_at", "last_interaction_at"],
    "ix_leads_live_created": ["deleted_at", "created_at"],
    "ix_leads_stage_live_name": ["stage", "deleted_at", "name"],
    "ix_leads_board": ["stage", "deleted_at", "owner_id", "value"],
    "ix_leads_owner_live_name": ["owner_id", "deleted_at", "name"],
    "ix_leads_source_live_name": ["source", "deleted_at", "name"],
}
OLD = {"ix_leads_owner": ["owner_id"], "ix_leads_source": ["source"], "ix_leads_score": ["score"]}


def upgrade() -> None:
    for name in OLD:
        op.drop_index(name, table_name="leads")
    for name, columns in NEW.items():
        op.create_index(name, "leads", columns)


def downgrade() -> None:
    for name in NEW:
        op.drop_index(name, table_name="leads")
    for name, columns in OLD.items():
        op.create_index(name, "leads", columns)
