"""the number of live leads in a one-row table kept by triggers (SQLite)

The Leads list shows its exact count with the first page. Counting a million live leads walks
an index: ~90 ms with the file cached, 1.3 s at a cold start, on the path to the first window.
The tally is one row, kept in the same transaction as every insert, soft delete, restore and
delete of a lead (about 1 µs a row at import). PostgreSQL keeps counting: in a team database the
count depends on who asks.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

from app.db.search_ddl import sqlite_drop_lead_tally, sqlite_lead_tally

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _run(sqlite_lead_tally())


def downgrade() -> None:
    _run(sqlite_drop_lead_tally())


def _run(statements: list[str]) -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for statement in statements:
        conn.exec_driver_sql(statement)
