"""Lead lists as ID lists: SQL filters, searches and sorts, the caller pages through IDs.

Full-text search is accent-insensitive and prefix-matching on name, company, e-mail, phone
and interaction notes: SQLite FTS5 or PostgreSQL tsvector (see app/db/search_ddl.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, literal_column, select, text, union
from sqlalchemy.sql.elements import ColumnElement

from app.db.engine import Database
from app.db.models import Interaction, Lead, Tag, User, lead_tags
from app.db.search_ddl import PG_NOTES_TSV
from app.services.normalize import EMAIL_NOISE, words

SORTABLE = {
    "name": Lead.name, "company": Lead.company, "stage": Lead.stage, "score": Lead.score,
    "updated_at": Lead.updated_at, "created_at": Lead.created_at, "city": Lead.city,
    "source": Lead.source, "last_interaction_at": Lead.last_interaction_at, "id": Lead.id,
    "email": Lead.email, "phone": Lead.phone, "segment": Lead.segment,
}


@dataclass(frozen=True)
class LeadQuery:
    text: str = ""
    stages: tuple[str, ...] = ()
    owner_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    kind: str | None = None
    ids: tuple[int, ...] | None = None  # restrict to these (a map selection)
    order_by: str = "name"
    descending: bool = False
    include_deleted: bool = False
    limit: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_PHONE_LIKE = re.compile(r"[\d\s()+\-.]+")


def search_terms(query: str) -> list[str]:
    """Folded words; a typed phone number ('+55 11 98765-4321') becomes one run of digits;
    the parts of a typed e-mail address that every address has (com, br …) are left out."""
    if _PHONE_LIKE.fullmatch(query.strip()) and sum(ch.isdigit() for ch in query) >= 4:
        return ["".join(ch for ch in query if ch.isdigit())]
    terms = words(query)
    if "@" in query or "." in query:
        meaningful = [t for t in terms if t not in EMAIL_NOISE]
        return meaningful or terms
    return terms


def fts_expression(query: str) -> str | None:
    """'João Sil' -> '"joao"* "sil"*' (every word must match, as a prefix)."""
    terms = search_terms(query)
    return " ".join(f'"{t}"*' for t in terms) if terms else None


def pg_tsquery(query: str) -> str | None:
    terms = search_terms(query)
    return " & ".join(f"{t}:*" for t in terms) if terms else None


def lead_ids_statement(q: LeadQuery, dialect: str) -> Select[Any]:
    stmt = select(Lead.id)
    conditions: list[ColumnElement[bool]] = []
    if not q.include_deleted:
        conditions.append(Lead.deleted_at.is_(None))
    if q.stages:
        conditions.append(Lead.stage.in_(q.stages))
    if q.owner_ids:
        conditions.append(Lead.owner_id.in_(q.owner_ids))
    if q.sources:
        conditions.append(Lead.source.in_(q.sources))
    if q.segments:
        conditions.append(Lead.segment.in_(q.segments))
    if q.kind:
        conditions.append(Lead.kind == q.kind)
    if q.ids is not None:
        conditions.append(Lead.id.in_(q.ids))
    if q.tags:
        tagged = select(lead_tags.c.lead_id).join(Tag, Tag.id == lead_tags.c.tag_id).where(Tag.name.in_(q.tags))
        conditions.append(Lead.id.in_(tagged))
    if q.text.strip():
        matched = _text_match(q.text, dialect)
        if matched is None:
            conditions.append(literal_column("1") == 0)
        else:
            conditions.append(Lead.id.in_(matched))
    if conditions:
        stmt = stmt.where(and_(*conditions))
    column = SORTABLE.get(q.order_by, Lead.name)
    ordering = column.desc() if q.descending else column.asc()
    if dialect == "postgresql":
        ordering = ordering.nulls_last()
    stmt = stmt.order_by(ordering, Lead.id.desc() if q.descending else Lead.id)
    if q.limit:
        stmt = stmt.limit(q.limit)
    return stmt


def _text_match(query: str, dialect: str) -> Any:
    if dialect == "sqlite":
        expr = fts_expression(query)
        if expr is None:
            return None
        leads: Any = select(literal_column("rowid")).select_from(text("lead_fts")).where(text("lead_fts MATCH :q"))
        notes = (
            select(Interaction.lead_id)
            .where(Interaction.id.in_(
                select(literal_column("rowid")).select_from(text("interaction_fts")).where(text("interaction_fts MATCH :q"))
            ))
            .where(Interaction.deleted_at.is_(None))
        )
        return union(leads, notes).params(q=expr)
    tsq = pg_tsquery(query)
    if tsq is None:
        return None
    lead_hit = select(Lead.id).where(
        func.to_tsvector(literal_column("'simple'"), Lead.search_text).bool_op("@@")(
            func.to_tsquery(literal_column("'simple'"), tsq))
    )
    note_hit = select(Interaction.lead_id).where(
        literal_column(PG_NOTES_TSV).bool_op("@@")(func.to_tsquery(literal_column("'simple'"), tsq)),
        Interaction.deleted_at.is_(None),
    )
    return union(lead_hit, note_hit)


def lead_ids(db: Database, q: LeadQuery) -> list[int]:
    statement = lead_ids_statement(q, db.dialect)
    with db.engine.connect() as conn:
        return list(conn.execute(statement).scalars())


def count(db: Database, q: LeadQuery) -> int:
    with db.engine.connect() as conn:
        inner = lead_ids_statement(q, db.dialect).order_by(None).subquery()
        return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


# Columns the lead list shows, fetched for visible rows only.
ROW_COLUMNS = {
    "id": Lead.id, "name": Lead.name, "company": Lead.company, "stage": Lead.stage,
    "owner": User.username, "phone": Lead.phone, "email": Lead.email, "city": Lead.city,
    "state": Lead.state, "source": Lead.source, "score": Lead.score, "segment": Lead.segment,
    "kind": Lead.kind, "last_interaction_at": Lead.last_interaction_at, "updated_at": Lead.updated_at,
    "created_at": Lead.created_at, "sms_opt_out": Lead.sms_opt_out, "sms_consent": Lead.sms_consent,
    "lat": Lead.lat, "lng": Lead.lng, "version": Lead.version,
}


def lead_rows(db: Database, ids: list[int], columns: tuple[str, ...] = tuple(ROW_COLUMNS)) -> dict[int, dict[str, Any]]:
    """The listed columns for these leads, keyed by id (missing ids were deleted meanwhile)."""
    if not ids:
        return {}
    cols = [ROW_COLUMNS[c].label(c) for c in columns if c != "id"]
    stmt = select(Lead.id.label("id"), *cols).outerjoin(User, User.id == Lead.owner_id).where(Lead.id.in_(ids))
    with db.engine.connect() as conn:
        return {row.id: dict(row._mapping) for row in conn.execute(stmt)}


def lead_tags_for(db: Database, ids: list[int]) -> dict[int, list[str]]:
    stmt = (
        select(lead_tags.c.lead_id, Tag.name).join(Tag, Tag.id == lead_tags.c.tag_id)
        .where(lead_tags.c.lead_id.in_(ids)).order_by(Tag.name)
    )
    out: dict[int, list[str]] = {i: [] for i in ids}
    with db.engine.connect() as conn:
        for lead_id, name in conn.execute(stmt):
            out[lead_id].append(name)
    return out


__all__ = ["LeadQuery", "count", "lead_ids", "lead_rows", "lead_tags_for"]
