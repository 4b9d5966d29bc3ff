"""Why a keystroke's first page costs what it costs: the plans services.search chooses between.

`first_page_ids` (app/services/leads/search.py) counts the lead full-text hits (capped), then runs one
of three statements for the first page on SQLite; this times all three for every distinct
keystroke, next to the hit count and the plan the service chose, and shows their query plans.
Nothing here is used by the app; the statements are the service's own (its private builders).

- probe: walk the order's index over the first PROBE_WINDOW live leads, probing each in lead_fts
         (searches matching >= DENSE of the leads whose words are at most PREFIX_INDEXED long).
- sort:  look every hit up by id (ix_leads_id_live_name) and keep the first page (<= FEW_HITS).
- walk:  walk the order's index against the hits read once (the rest).
"""

from __future__ import annotations

import time
from typing import Any

PAGE = 201
EXPLAINED = ("s", "maria", "joao silva", "ma")


def _statements(prefix: str) -> dict[str, Any]:
    from app.services.leads import search
    from app.services.leads.search import LeadQuery

    q = LeadQuery(text=prefix, include_notes=False, limit=PAGE)
    expr = search.fts_expression(prefix)
    if expr is None:
        return {}
    return {"probe": search._probing_walk(q, expr, PAGE), "sort": search._sorted_hits(q, expr, PAGE),
            "walk": search.lead_ids_statement(q, "sqlite")}


def _chosen(db: Any, prefix: str) -> tuple[int, str]:
    from sqlalchemy import func, select

    from app.db.models import Lead
    from app.services.leads import search

    expr = search.fts_expression(prefix)
    if expr is None:
        return 0, "none"
    with db.engine.connect() as conn:
        live = int(conn.execute(select(func.max(Lead.id))).scalar() or 0)
        hits = int(conn.execute(select(func.count()).select_from(search._lead_hits(expr).subquery())).scalar_one())
    if hits >= search.DENSE * live and all(len(t) <= search.PREFIX_INDEXED for t in search.search_terms(prefix)):
        return hits, "probe"
    return hits, "sort" if hits <= search.FEW_HITS else "walk"


def plan_timings(db: Any, prefixes: list[str]) -> list[dict[str, Any]]:
    """Each plan's time per distinct prefix."""
    from app.services.leads import search

    out = []
    for prefix in dict.fromkeys(p.strip() for p in prefixes if p.strip()):
        hits, chosen = _chosen(db, prefix)
        row: dict[str, Any] = {"prefix": prefix, "hits": hits, "chosen": chosen}
        for name, stmt in _statements(prefix).items():
            if name == "probe" and any(len(t) > search.PREFIX_INDEXED for t in search.search_terms(prefix)):
                continue  # a longer word: each probe merges many terms (milliseconds), the service never probes
            with db.engine.connect() as conn:
                started = time.perf_counter()
                ids = conn.execute(stmt).scalars().all()
                elapsed = time.perf_counter() - started
            row[f"{name}_ms"] = round(elapsed * 1000, 1)
            row[f"{name}_rows"] = len(ids)
        out.append(row)
    return out


def query_plans(db: Any) -> dict[str, list[str]]:
    from sqlalchemy.dialects import sqlite

    plans: dict[str, list[str]] = {}
    for prefix in EXPLAINED:
        for name, stmt in _statements(prefix).items():
            compiled = stmt.compile(dialect=sqlite.dialect())  # qmark: ? in positiontup order
            params = tuple(compiled.params[key] for key in compiled.positiontup or ())
            with db.engine.connect() as conn:
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params).all()
            plans[f"{name}:{prefix}"] = [row[-1] for row in rows]
    return plans


def diagnose(db: Any, prefixes: list[str]) -> dict[str, Any]:
    from app.services.leads import search

    return {"plans": query_plans(db), "timings": plan_timings(db, prefixes),
            "few_hits": search.FEW_HITS, "dense": search.DENSE, "probe_window": search.PROBE_WINDOW}
