"""search text without the parts every e-mail address has (com, br …)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.services.leads.normalize import lead_search_text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 5000
leads = sa.table(
    "leads",
    sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("company", sa.String),
    sa.column("email", sa.String), sa.column("phone", sa.String), sa.column("city", sa.String),
    sa.column("search_text", sa.Text),
)


def upgrade() -> None:
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(leads.c.id, leads.c.name, leads.c.company, leads.c.email, leads.c.phone, leads.c.city,
                      leads.c.search_text)
            .where(leads.c.id > last).order_by(leads.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        changed = []
        for row in rows:
            new = lead_search_text(row.name, row.company, row.email, row.phone, row.city)
            if new != row.search_text:
                changed.append({"key": row.id, "text": new})
        if changed:
            conn.execute(
                leads.update().where(leads.c.id == sa.bindparam("key")).values(search_text=sa.bindparam("text")),
                changed,
            )
        last = rows[-1].id


def downgrade() -> None:
    """The older text only added tokens; the new one keeps search working, so nothing to undo."""
