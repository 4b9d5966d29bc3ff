"""Why search-as-you-type is slow at 1M leads, and what a change in app/services/search.py would buy.

Prototypes only: nothing here is used by the app. Each strategy returns the ids the list shows
first (a page of 201, as app/ui/leads_model.py asks for) or all of them, ordered by name.

- current_page:   lead_ids_statement(q) + LIMIT 201, as the list's first query does today.
- fts_driven:     the same rows, but SQLite is made to start from the full-text hits (unary
                  plus on `deleted_at` stops it from walking ix_leads_live_name, the whole
                  million-entry name index, and probing every entry against the hits).
- hybrid:         count the full-text hits first (a few ms); few hits -> fts_driven, many
                  hits -> current_page (the name-index walk then stops early).
- hybrid_all:     the complete list as lead_ids returns it, fts_driven when hits are few.
- leads_only_page: current_page without the UNION over interaction notes: the first page
                  matches the lead's own fields (name, company, e-mail, phone, city); note
                  matches would join in the background query for the complete list.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import literal_column, select, text

PAGE = 201
FEW_HITS = 20_000
EXPLAINED = ("maria", "joao silva", "zz", "so")
Search = Callable[[Any, str], list[int]]


def _statement(prefix: str, *, fts_driven: bool, limit: int | None) -> Any:
    from app.db.models import Lead
    from app.services.search import LeadQuery, _text_match, lead_ids_statement

    if not fts_driven or not prefix.strip():
        return lead_ids_statement(LeadQuery(text=prefix, limit=limit), "sqlite")
    hits = _text_match(prefix, "sqlite")
    if hits is None:
        return lead_ids_statement(LeadQuery(text=prefix, limit=limit), "sqlite")
    # The one change to lead_ids_statement: `+` keeps SQLite off ix_leads_live_name for this term.
    stmt = (select(Lead.id)
            .where(Lead.id.in_(hits), literal_column("+leads.deleted_at").is_(None))
            .order_by(Lead.name, Lead.id))
    return stmt.limit(limit) if limit else stmt


def _run(db: Any, stmt: Any) -> list[int]:
    with db.engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def hit_count(db: Any, prefix: str) -> int:
    from app.services.search import fts_expression

    expr = fts_expression(prefix)
    if expr is None:
        return 0
    with db.engine.connect() as conn:
        leads = conn.exec_driver_sql("SELECT count(*) FROM lead_fts WHERE lead_fts MATCH ?", (expr,)).scalar_one()
        notes = conn.exec_driver_sql("SELECT count(*) FROM interaction_fts WHERE interaction_fts MATCH ?",
                                     (expr,)).scalar_one()
    return int(leads) + int(notes)


def current_page(db: Any, prefix: str) -> list[int]:
    return _run(db, _statement(prefix, fts_driven=False, limit=PAGE))


def fts_driven_page(db: Any, prefix: str) -> list[int]:
    return _run(db, _statement(prefix, fts_driven=True, limit=PAGE))


def leads_only_page(db: Any, prefix: str) -> list[int]:
    from app.db.models import Lead
    from app.services.search import LeadQuery, fts_expression, lead_ids_statement

    expr = fts_expression(prefix)
    if expr is None:
        return current_page(db, prefix)
    own_fields = select(literal_column("rowid")).select_from(text("lead_fts")).where(text("lead_fts MATCH :q"))
    stmt = lead_ids_statement(LeadQuery(limit=PAGE), "sqlite").where(Lead.id.in_(own_fields.params(q=expr)))
    return _run(db, stmt)


def hybrid_page(db: Any, prefix: str) -> list[int]:
    few = hit_count(db, prefix) <= FEW_HITS
    return _run(db, _statement(prefix, fts_driven=few, limit=PAGE))


def hybrid_all(db: Any, prefix: str) -> list[int]:
    """The complete ordered list (what lead_ids returns): fts_driven when the hits are few."""
    few = hit_count(db, prefix) <= FEW_HITS
    return _run(db, _statement(prefix, fts_driven=few, limit=None))


STRATEGIES: dict[str, Search] = {
    "current_page": current_page, "leads_only_page": leads_only_page, "fts_driven_page": fts_driven_page,
    "hybrid_page": hybrid_page, "hybrid_all": hybrid_all,
}


def query_plans(db: Any) -> dict[str, Any]:
    from sqlalchemy.dialects import sqlite

    plans: dict[str, Any] = {}
    for prefix in EXPLAINED:
        for name, driven in (("current", False), ("fts_driven", True)):
            stmt = _statement(prefix, fts_driven=driven, limit=PAGE)
            compiled = stmt.compile(dialect=sqlite.dialect())  # qmark: ? in positiontup order
            params = tuple(compiled.params[name] for name in compiled.positiontup or ())
            with db.engine.connect() as conn:
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params).all()
            plans[f"{name}:{prefix}"] = [row[-1] for row in rows]
    return plans


def breakdown(db: Any, prefixes: list[str]) -> list[dict[str, Any]]:
    """Where a keystroke's time goes: the full-text lookups vs the ordering of the hits."""
    out = []
    for prefix in sorted(set(prefixes), key=lambda p: (len(p), p))[:: max(1, len(set(prefixes)) // 12)]:
        started = time.perf_counter()
        hits = hit_count(db, prefix)
        fts_s = time.perf_counter() - started
        started = time.perf_counter()
        ids = _run(db, _statement(prefix, fts_driven=False, limit=None))
        ordered_s = time.perf_counter() - started
        out.append({"prefix": prefix, "fts_hits": hits, "fts_ms": round(fts_s * 1000, 1),
                    "matches": len(ids), "ordered_ids_ms": round(ordered_s * 1000, 1)})
    return out


def diagnose(db: Any, prefixes: list[str], measure: Callable[[Search], dict[str, Any]]) -> dict[str, Any]:
    return {
        "plans": query_plans(db),
        "breakdown": breakdown(db, prefixes),
        "strategies": {name: measure(search) for name, search in STRATEGIES.items()},
        "few_hits_threshold": FEW_HITS,
    }
