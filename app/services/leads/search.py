"""Lead lists as ID lists: SQL filters, searches and sorts, the caller pages through IDs.

Full-text search is accent-insensitive and prefix-matching on name, company, e-mail, phone
and interaction notes: SQLite FTS5 or PostgreSQL tsvector (see app/db/search_ddl.py).

Search as you type asks twice per keystroke: `first_page_ids` for the first screenful, matched
on the lead's own fields with the plan that suits how many leads the words match (milliseconds
at a million leads), then the complete ordered list with notes (`lead_ids_statement`), which an
`Interrupt` stops when the next keystroke comes.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, Select, String, and_, bindparam, exists, func, literal_column, or_, select, text, union
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Join

from app.db.engine import Database
from app.db.models import Interaction, Lead, Tag, User, lead_tags
from app.db.search_ddl import LEAD_FTS_PREFIX, LEAD_NAME_TEXT_INDEX, LEAD_TALLY, PG_NOTES_TSV
from app.progress import Cancelled
from app.services.leads.normalize import EMAIL_NOISE, words

SORTABLE = {
    "name": Lead.name, "company": Lead.company, "stage": Lead.stage, "score": Lead.score,
    "updated_at": Lead.updated_at, "created_at": Lead.created_at, "city": Lead.city,
    "source": Lead.source, "last_interaction_at": Lead.last_interaction_at, "id": Lead.id,
    "email": Lead.email, "phone": Lead.phone, "segment": Lead.segment,
}


# The Score filter's bands on the 0–100 score a rep sees (rounded): 70 or more, 40–69, below 40.
SCORE_BANDS: dict[str, tuple[float | None, float | None]] = {
    "high": (0.695, None), "medium": (0.395, 0.695), "low": (None, 0.395), "unscored": (None, None)}


def shown_score_bounds(at_least: int | None, at_most: int | None) -> tuple[float | None, float | None]:
    """min_score/max_score for "a shown score (0–100) from `at_least` to `at_most`, both included"."""
    return ((at_least - 0.5) / 100 if at_least is not None else None,
            (at_most + 0.5) / 100 if at_most is not None else None)


@dataclass(frozen=True)
class LeadQuery:
    text: str = ""
    stages: tuple[str, ...] = ()
    owner_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    score_bands: tuple[str, ...] = ()  # any of SCORE_BANDS (the list's Score filter)
    min_score: float | None = None  # 0–1, inclusive
    max_score: float | None = None  # 0–1, exclusive
    unscored: bool = False  # only leads without a score
    kind: str | None = None
    ids: tuple[int, ...] | None = None  # restrict to these (a map selection)
    order_by: str = "name"
    descending: bool = False
    include_deleted: bool = False
    limit: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    include_notes: bool = True  # False: the text matches the lead's own fields only (a first page)


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
    conditions = _conditions(q)
    if q.text.strip():
        matched = _text_match(q.text, dialect, q.include_notes)
        if matched is None:
            conditions.append(literal_column("1") == 0)
        else:
            conditions.append(Lead.id.in_(matched))
    if conditions:
        stmt = stmt.where(and_(*conditions))
    stmt = stmt.order_by(*_ordering(q, dialect))
    if q.limit:
        stmt = stmt.limit(q.limit)
    return stmt


def _conditions(q: LeadQuery) -> list[ColumnElement[bool]]:
    """Every condition of `q` but its text."""
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
    conditions += _score_conditions(q)
    if q.kind:
        conditions.append(Lead.kind == q.kind)
    if q.ids is not None:
        conditions.append(Lead.id.in_(q.ids))
    if q.tags:
        tagged = select(lead_tags.c.lead_id).join(Tag, Tag.id == lead_tags.c.tag_id).where(Tag.name.in_(q.tags))
        conditions.append(Lead.id.in_(tagged))
    return conditions


def _score_conditions(q: LeadQuery) -> list[ColumnElement[bool]]:
    conditions = _score_range(q.min_score, q.max_score)
    if q.unscored:
        conditions.append(Lead.score.is_(None))
    if q.score_bands:
        bands = [Lead.score.is_(None) if band == "unscored" else and_(*_score_range(*SCORE_BANDS[band]))
                 for band in q.score_bands if band in SCORE_BANDS]
        conditions.append(or_(*bands) if bands else literal_column("1") == 0)
    return conditions


def _score_range(low: float | None, high: float | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if low is not None:
        conditions.append(Lead.score >= low)
    if high is not None:
        conditions.append(Lead.score < high)
    return conditions


def _ordering(q: LeadQuery, dialect: str) -> list[Any]:
    column = SORTABLE.get(q.order_by, Lead.name)
    ordering = column.desc() if q.descending else column.asc()
    if dialect == "postgresql":
        ordering = ordering.nulls_last()
    return [ordering, Lead.id.desc() if q.descending else Lead.id]


def _text_match(query: str, dialect: str, include_notes: bool = True) -> Any:
    if dialect == "sqlite":
        expr = fts_expression(query)
        if expr is None:
            return None
        leads: Any = select(literal_column("rowid")).select_from(text("lead_fts")).where(text("lead_fts MATCH :q"))
        if not include_notes:
            return leads.params(q=expr)
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
    if not include_notes:
        return lead_hit
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
        if db.dialect == "sqlite" and is_every_live_lead(q):  # one row, kept by triggers (migration 0010)
            return int(conn.exec_driver_sql(f"SELECT live FROM {LEAD_TALLY}").scalar_one())
        inner = lead_ids_statement(q, db.dialect).order_by(None).subquery()
        return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


def is_every_live_lead(q: LeadQuery) -> bool:
    """No text, no filter of any kind: the query lists every live lead, in some order."""
    return replace(q, order_by="name", descending=False, limit=None, include_notes=True) == LeadQuery()


class Interrupt:
    """Stops, from any thread, the statement a db-lane task runs (typing overtakes a search).

    `cancel()` interrupts the connection the task registered with `watching` (sqlite3_interrupt;
    on PostgreSQL psycopg's cancel request) and the task raises Cancelled; a cancelled task
    starts no further statement. Both are no-ops while no statement runs, so a cancel that lands
    between `watching` and the statement's start would be lost: it is sent again every
    RESEND_S for as long as the connection stays registered.
    """

    RESEND_S = 0.1

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._raw: Any = None
        self._sqlite = True
        self.cancelled = False

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            if self._raw is None:
                return
            self._send()
        threading.Thread(target=self._resend, name="interrupt-resend", daemon=True).start()

    def _send(self) -> None:
        self._raw.interrupt() if self._sqlite else self._raw.cancel()

    def _resend(self) -> None:
        stopped = threading.Event()
        while not stopped.wait(self.RESEND_S):
            with self._lock:
                if self._raw is None:
                    return
                self._send()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()

    @contextmanager
    def watching(self, conn: Connection) -> Iterator[None]:
        raw = conn.connection.dbapi_connection
        sqlite = conn.dialect.name == "sqlite"
        with self._lock:
            self.check()
            self._raw, self._sqlite = raw, sqlite
        try:
            yield
        except OperationalError as exc:
            if self.cancelled:
                raise Cancelled() from exc
            raise
        finally:
            with self._lock:
                self._raw = None
            if self.cancelled and sqlite:
                _absorb_interrupt(raw)


def _absorb_interrupt(raw: Any) -> None:
    """An interrupt that arrived after the last statement ended would stop the connection's next
    statement (another task's): a throwaway statement takes it."""
    try:
        raw.execute("SELECT 1").fetchall()
    except sqlite3.OperationalError:  # "interrupted": taken
        pass


@contextmanager
def _watched(conn: Connection, interrupt: Interrupt | None) -> Iterator[None]:
    if interrupt is None:
        yield
    else:
        with interrupt.watching(conn):
            yield


# The first page of a search on SQLite: which plan serves it (see first_page_ids).
FEW_HITS = 60_000  # up to this many full-text hits: sort the hits (~0.5 µs a hit)
DENSE = 0.25  # a search matching this share of the leads: probe lead by lead in order
PREFIX_INDEXED = max(int(n) for n in LEAD_FTS_PREFIX.split())  # longer words: a probe merges many terms
PROBE_WINDOW = 3000  # leads the probing walk reads at most before it gives up (~30-100 µs a probe)
WALK_DENSE = 0.03  # a search matching this share of the leads or more: _text_walk first
WALK_SCAN = 30_000  # index entries _text_walk reads at most (~0.2 µs each, in SQLite's C)
SAMPLES, SAMPLE_RUN = 8, 1000  # the ids _estimated_hits looks at: 8 runs of 1,000
WALKABLE = ("name", "company", "city", "score", "last_interaction_at", "created_at", "stage", "phone", "email")
# ^ the orders a (deleted_at, column) index serves: every sortable column of the list


class _CrossJoin(Join):
    """A join SQLite must run left to right (its CROSS JOIN): the full-text hits drive."""

    inherit_cache = False  # indexed_by is not part of the cache key
    indexed_by: str | None = None


@compiles(_CrossJoin, "sqlite")
def _compile_cross_join(join: _CrossJoin, compiler: Any, **kw: Any) -> str:
    sql = str(compiler.visit_join(join, **kw)).replace(" JOIN ", " CROSS JOIN ", 1)
    indexed_by = getattr(join, "indexed_by", None)
    if indexed_by:  # SQLAlchemy renders no table hints for SQLite
        sql = sql.replace(" CROSS JOIN leads ON ", f" CROSS JOIN leads INDEXED BY {indexed_by} ON ", 1)
    return sql


@compiles(_CrossJoin)
def _compile_join(join: _CrossJoin, compiler: Any, **kw: Any) -> str:
    return str(compiler.visit_join(join, **kw))


def first_page_ids(db: Database, q: LeadQuery, size: int, interrupt: Interrupt | None = None) -> list[int]:
    """The first `size` ids of `q` in its order, its text matched on the lead's own fields only.

    What the list shows first while the complete list (notes too) is read: a lead found only
    through an interaction note joins a step later. Every id here is in the complete list, in
    the same order. On SQLite the plan follows how many leads the words match, counted first
    (capped, a millisecond or so with the prefix indexes of migration 0006): short words
    matching a quarter of the leads or more -> walk the order's index probing each lead (a page
    needs a few hundred probes); few hits -> sort them; in between -> walk the index against
    the hits read once. Bench figures in BENCHMARKS.md ("Search as you type").
    """
    page = replace(q, include_notes=False, limit=size)
    with db.engine.connect() as conn, _watched(conn, interrupt):
        expr = fts_expression(q.text) if db.dialect == "sqlite" and q.text.strip() else None
        if expr is not None:
            return _sqlite_first_page(conn, page, expr, size)
        return list(conn.execute(lead_ids_statement(page, db.dialect)).scalars())


def _lead_hits(expr: str) -> Select[Any]:
    return (select(literal_column("rowid").label("hit")).select_from(text("lead_fts"))
            .where(text("lead_fts MATCH :q").bindparams(bindparam("q", expr, type_=String()))))


def _sqlite_first_page(conn: Connection, q: LeadQuery, expr: str, size: int) -> list[int]:
    live = int(conn.execute(select(func.max(Lead.id))).scalar() or 0)  # about the number of leads
    probing = _walkable(q) and all(len(t) <= PREFIX_INDEXED for t in search_terms(q.text))
    hits = _estimated_hits(conn, q.text, live, (max(FEW_HITS, int(DENSE * live)) if probing else FEW_HITS) + 1)
    if hits >= WALK_DENSE * live and (found := _text_walk(conn, q, size, hits / max(live, 1))) is not None:
        return found
    if probing and hits >= DENSE * live:
        ids = list(conn.execute(_probing_walk(q, expr, size)).scalars())
        if len(ids) == size:  # else the window was too thin: one of the plans below
            return ids
    if hits <= FEW_HITS:
        return list(conn.execute(_sorted_hits(q, expr, size)).scalars())
    return list(conn.execute(lead_ids_statement(q, "sqlite")).scalars())


def _estimated_hits(conn: Connection, typed: str, live: int, cap: int) -> int:
    """How many leads the words match, about: what picks the first page's plan, never its rows.

    Counting the hits exactly cost 15-60 ms at a million leads for short words (up to `cap` of
    them read from the index). Here the hits among SAMPLES runs of SAMPLE_RUN consecutive ids,
    spread over the table, tell the share within a few percent in 1-4 ms (FTS5 seeks a rowid
    range in a prefix index). Words longer than the prefix indexes are cut to them, or each run
    would merge every term they begin: an estimate a little high for long words, which only
    ever moves a search from sorting its hits to walking the name index. Small workspaces count.
    """
    if live <= SAMPLES * SAMPLE_RUN * 4:
        expr = fts_expression(typed)
        return int(conn.execute(select(func.count()).select_from(_lead_hits(expr or "").limit(cap).subquery())).scalar_one())
    expr = " ".join(f'"{term[:PREFIX_INDEXED]}"*' for term in search_terms(typed))
    found = 0
    for n in range(SAMPLES):
        first = 1 + (live - SAMPLE_RUN) * n // (SAMPLES - 1)
        found += int(conn.exec_driver_sql(
            "SELECT count(*) FROM lead_fts WHERE lead_fts MATCH ? AND rowid BETWEEN ? AND ?",
            (expr, first, first + SAMPLE_RUN - 1)).scalar_one())
    return found * live // (SAMPLES * SAMPLE_RUN)


_TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps as a word (letters, digits)


def _text_walk(conn: Connection, q: LeadQuery, size: int, share: float = 1.0) -> list[int] | None:
    """A search in name order that matches many leads: its first page from the first leads in
    name order, their words read from ix_leads_live_name_text (migration 0011) and matched here.

    SQLite walks the index in order and keeps the entries whose search_text holds every word
    somewhere (instr, a superset of a word-prefix match); each is then checked as lead_fts
    would match it (each word begins a token). The walk reads at most three times the entries
    a page needs at the words' `share` of the leads (WALK_SCAN at most): words that cluster in
    the name order ("maria", "joão" match first names) may have too few matches that early, and
    get None (another plan) after a bounded detour. Equal names come in search_text order here: the page is sorted by
    (name, id) once every lead named as its last one has been read.
    """
    terms = search_terms(q.text)
    if (q.order_by != "name" or not _walkable(q) or not terms
            or not all(_TOKEN.fullmatch(term) for term in terms)):
        return None
    starts = [re.compile(r"(?<![^\W_])" + re.escape(term)) for term in terms]
    direction = "DESC" if q.descending else "ASC"
    found = " AND ".join("instr(search_text, ?) > 0" for _ in terms)
    result = conn.exec_driver_sql(
        f"SELECT id, name, search_text FROM (SELECT id, name, search_text FROM leads "
        f"INDEXED BY {LEAD_NAME_TEXT_INDEX} WHERE deleted_at IS NULL ORDER BY name {direction} LIMIT ?) "
        f"WHERE {found}", (scan := min(WALK_SCAN, int(3 * size / max(share, 1e-9))), *terms))
    matches: list[tuple[str, int]] = []
    last_name: str | None = None  # the name of the page's last lead, once the page is full
    with result:
        while rows := result.cursor.fetchmany(256):
            for lead_id, name, words_ in rows:
                if last_name is not None and name != last_name:
                    return _in_name_order(matches, q.descending, size)
                if all(start.search(words_) for start in starts):
                    matches.append((name, lead_id))
                    if len(matches) == size:
                        last_name = name
    # The window ended first: exact only if it held every live lead.
    if int(conn.exec_driver_sql(f"SELECT live FROM {LEAD_TALLY}").scalar_one()) <= scan:
        return _in_name_order(matches, q.descending, size)
    return None


def _in_name_order(matches: list[tuple[str, int]], descending: bool, size: int) -> list[int]:
    matches.sort(reverse=descending)
    return [lead_id for _name, lead_id in matches[:size]]


def _walkable(q: LeadQuery) -> bool:
    """No filter but the text, live leads, an order some (deleted_at, column) index serves."""
    return (q.order_by in WALKABLE and not q.include_deleted and q.ids is None
            and not (q.stages or q.owner_ids or q.tags or q.sources or q.segments or q.kind))


def _probing_walk(q: LeadQuery, expr: str, size: int) -> Select[Any]:
    """The first PROBE_WINDOW live leads in order (an index walk), each probed in lead_fts."""
    window = (select(Lead.id).where(Lead.deleted_at.is_(None)).order_by(*_ordering(q, "sqlite"))
              .limit(PROBE_WINDOW).subquery("w"))
    probe = exists(select(literal_column("1")).select_from(text("lead_fts"))
                   .where(text("lead_fts MATCH :q AND lead_fts.rowid = w.id")
                          .bindparams(bindparam("q", expr, type_=String()))))
    return select(window.c.id).where(probe).limit(size)  # the window's order, as SQLite reads it


def _sorted_hits(q: LeadQuery, expr: str, size: int) -> Select[Any]:
    """Each hit looked up by id (ix_leads_id_live_name covers the name order), then a top-N sort."""
    hits = _lead_hits(expr).subquery("hits")
    join = _CrossJoin(hits, Lead.__table__, Lead.id == hits.c.hit)
    if q.order_by == "name" and _walkable(q):  # else the planner reads the wide row by its rowid
        join.indexed_by = "ix_leads_id_live_name"
    return select(Lead.id).select_from(join).where(*_conditions(q)).order_by(*_ordering(q, "sqlite")).limit(size)


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


__all__ = ["Interrupt", "LeadQuery", "count", "first_page_ids", "lead_ids", "lead_rows", "lead_tags_for"]
