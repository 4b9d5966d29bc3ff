"""Lead lists as compact id arrays: the db-lane half of the Leads screen's queries.

services.leads.search builds the statements; the rows are read here without SQLAlchemy's per-row
result objects, which cost more than the query itself at a million ids.
"""

from __future__ import annotations

from array import array
from dataclasses import replace

from sqlalchemy import func, select

from app.db.engine import Database
from app.services.leads import search
from app.services.leads.search import LeadQuery


def fetch_ids(db: Database, query: LeadQuery, interrupt: search.Interrupt | None = None) -> array:
    """The db-lane half of a query: the ordered ids, compact.

    services.search builds the statement; the rows are read here without SQLAlchemy's per-row
    result objects, which cost more than the query itself at a million ids. On SQLite the ids
    come back as one group_concat string: SQLite builds it with the GIL released, so the UI
    thread keeps running while the query does. `interrupt` stops it (raising Cancelled) when
    the next keystroke comes.
    """
    statement = search.lead_ids_statement(query, db.dialect)
    with db.engine.connect() as conn, (interrupt or search.Interrupt()).watching(conn):
        if db.dialect == "sqlite":
            inner = statement.subquery()
            joined = conn.execute(select(func.group_concat(inner.c.id))).scalar_one()
            return parse_ids(joined or "", interrupt=interrupt)
        cursor = conn.execute(statement).cursor
        ids = array("q")
        while rows := cursor.fetchmany(20000):
            ids.extend([row[0] for row in rows])
            if interrupt is not None:
                interrupt.check()
        return ids


def fetch_first_page(db: Database, query: LeadQuery, page: int, with_count: bool,
                     interrupt: search.Interrupt | None = None) -> tuple[array, int | None]:
    """The first `page + 1` ids (one more tells whether more follow) and, when cheap, the exact count.

    A search's page matches the lead's own fields (services.search.first_page_ids): leads found
    through interaction notes come with the complete list that follows.
    """
    if query.text.strip():
        ids = array("q", search.first_page_ids(db, query, page + 1, interrupt))
    else:
        ids = fetch_ids(db, replace(query, limit=page + 1), interrupt)
    total = search.count(db, query) if with_count and len(ids) > page else None
    return ids, total


def is_plain_list(query: LeadQuery) -> bool:
    """No search and no filter: counting it walks one covering index (tens of ms at a million leads)."""
    return not (query.text.strip() or query.stages or query.owner_ids or query.tags or query.sources
                or query.segments or query.kind or query.ids is not None)


def parse_ids(joined: str, chunk: int = 200_000, interrupt: search.Interrupt | None = None) -> array:
    """'3,1,2' -> array('q', [3, 1, 2]), a slice at a time: one C call over a million ids would
    hold the GIL long enough for the UI thread to miss frames (and a keystroke can stop it between)."""
    ids = array("q")
    start = 0
    while start < len(joined):
        if interrupt is not None:
            interrupt.check()
        end = joined.find(",", start + chunk)
        end = len(joined) if end < 0 else end
        ids.extend(map(int, joined[start:end].split(",")))
        start = end + 1
    return ids


def wants_first_page(query: LeadQuery) -> bool:
    """Searches and the plain list in any sortable order show their first page while the full id
    list is read.

    A search's page comes from services.search.first_page_ids, which picks a plan by how many
    leads the words match (milliseconds at a million leads, whatever the order and filters); the
    plain list walks the (deleted_at, column) index of its order (search.WALKABLE). A filter
    without text makes SQLite sort every match first, where a page would cost as much as the
    whole list.
    """
    if query.text.strip() or (query.order_by == "name" and is_plain_list(query)):
        return True
    return query.order_by in search.WALKABLE and search.is_every_live_lead(query)
