"""(deleted_at, name, search_text) on leads, SQLite: the first page of a search in name order

A search whose words match many leads ("j", "são p", "rio de j": 3 % of them or more) finds its
first screenful among the first leads in name order. Probing each of them in the full-text index
costs 80-300 µs a lead; reading their search_text from this index, in order, and matching the
words costs a few µs (app/services/leads/search.py, _text_walk). About 150 MB and 10 s to build
at a million leads. Without `id` in it, the plain list (ORDER BY name, id) keeps walking the narrow
ix_leads_live_name. PostgreSQL keeps its GIN index.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

from app.db.search_ddl import LEAD_NAME_TEXT_INDEX

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index(LEAD_NAME_TEXT_INDEX, "leads", ["deleted_at", "name", "search_text"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index(LEAD_NAME_TEXT_INDEX, table_name="leads")
