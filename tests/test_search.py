"""Lead lists: filters, sort, accent-insensitive prefix search, rows for visible ids."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.services.leads.search import LeadQuery, count, lead_ids, lead_rows, lead_tags_for


@pytest.fixture
def people(ctx):
    rows = [
        {"name": "João Silva", "company": "Açougue Central", "stage": "new", "source": "Site", "tags": "vip",
         "email": "joao.silva@acougue.com.br", "phone": "+5511987654321", "city": "São Paulo"},
        {"name": "Joana Prado", "company": "Loja Bela", "stage": "won", "source": "Feira", "tags": "vip, sp"},
        {"name": "Pedro Álvares", "company": "Cabral Navegação", "stage": "won", "source": "Site"},
        {"name": "Zélia Souza", "company": "Souza & Cia", "stage": "lost", "source": "Indicação", "tags": "sp"},
    ]
    return {r["name"]: ctx.leads.create(r).id for r in rows}


def test_accent_insensitive_prefix_search(ctx, people):
    assert lead_ids(ctx.db, LeadQuery(text="joao")) == [people["João Silva"]]
    assert lead_ids(ctx.db, LeadQuery(text="Jo")) == [people["Joana Prado"], people["João Silva"]]
    assert lead_ids(ctx.db, LeadQuery(text="alvares navega")) == [people["Pedro Álvares"]]
    assert lead_ids(ctx.db, LeadQuery(text="acougue")) == [people["João Silva"]]
    assert lead_ids(ctx.db, LeadQuery(text="zelia")) == [people["Zélia Souza"]]


def test_search_by_email_and_phone_forms(ctx, people):
    joao = people["João Silva"]
    for typed in ("joao.silva@acougue", "silva@", "5511987654321", "11987654321", "98765", "+55 11 98765-4321"):
        assert lead_ids(ctx.db, LeadQuery(text=typed)) == [joao], typed


def test_punctuation_only_query_matches_nothing_and_quotes_are_safe(ctx, people):
    assert lead_ids(ctx.db, LeadQuery(text="!!!")) == []
    assert lead_ids(ctx.db, LeadQuery(text='"jo')) == [people["Joana Prado"], people["João Silva"]]
    assert lead_ids(ctx.db, LeadQuery(text="jo* OR NEAR(")) == []


def test_filters_combine(ctx, people):
    assert lead_ids(ctx.db, LeadQuery(stages=("won",))) == [people["Joana Prado"], people["Pedro Álvares"]]
    assert lead_ids(ctx.db, LeadQuery(tags=("sp",), stages=("won", "lost"))) == [people["Joana Prado"], people["Zélia Souza"]]
    assert lead_ids(ctx.db, LeadQuery(sources=("Site",), text="pedro")) == [people["Pedro Álvares"]]
    assert count(ctx.db, LeadQuery(stages=("won",))) == 2
    assert lead_ids(ctx.db, LeadQuery(owner_ids=(ctx.user.id,), limit=1)) == [people["Joana Prado"]]


def test_sort_and_deleted(ctx, people):
    desc = lead_ids(ctx.db, LeadQuery(order_by="name", descending=True))
    assert desc[0] == people["Zélia Souza"]
    ctx.leads.delete(people["Zélia Souza"])
    assert people["Zélia Souza"] not in lead_ids(ctx.db, LeadQuery())
    assert people["Zélia Souza"] in lead_ids(ctx.db, LeadQuery(include_deleted=True))


def test_rows_and_tags_for_visible_ids(ctx, people):
    ids = [people["João Silva"], people["Joana Prado"]]
    rows = lead_rows(ctx.db, ids)
    assert rows[ids[0]]["name"] == "João Silva"
    assert rows[ids[0]]["owner"] == "ana"
    assert rows[ids[0]]["phone"] == "+5511987654321"
    assert lead_tags_for(ctx.db, ids) == {ids[0]: ["vip"], ids[1]: ["sp", "vip"]}
    assert lead_rows(ctx.db, []) == {}


def test_parts_every_email_has_do_not_match(ctx, people):
    zelia = people["Zélia Souza"]
    ctx.leads.update(zelia, {"email": "zelia@souza.com.br"})
    assert lead_ids(ctx.db, LeadQuery(text="br")) == []
    assert lead_ids(ctx.db, LeadQuery(text="zelia@souza.com.br")) == [zelia]
    assert lead_ids(ctx.db, LeadQuery(text="souza.com")) == [zelia]


@pytest.fixture
def demo(ctx):
    """600 demo leads with notes, and one lead matched only through an interaction note."""
    from app.services.demo.generator import generate

    generate(ctx.db, leads=600, interactions_per_lead=2, actor_id=ctx.user.id, seed=3)
    lead = ctx.leads.create({"name": "Zacarias Nobre", "company": "Oficina"})
    ctx.interactions.create({"lead_id": lead.id, "kind": "note", "occurred_at": datetime(2025, 1, 6, 10, tzinfo=UTC),
                             "notes": "quer um orçamento de xilogravuras"})
    return lead.id


FIRST_PAGE_QUERIES = (
    LeadQuery(text="m"), LeadQuery(text="ma"), LeadQuery(text="maria"), LeadQuery(text="joão s"),
    LeadQuery(text="s", order_by="company", descending=True), LeadQuery(text="a", order_by="score"),
    LeadQuery(text="1"), LeadQuery(text="gmail"), LeadQuery(text="sil", stages=("new", "won")),
    LeadQuery(text="a", ids=tuple(range(1, 400, 3))), LeadQuery(text="c", order_by="stage"),
    LeadQuery(text="xilogravuras"), LeadQuery(text="zzzz"), LeadQuery(text="!!!"), LeadQuery(text="ma", descending=True),
)
PLANS = {  # the service's thresholds that make each first-page plan run on 600 leads
    "probe": {"WALK_DENSE": 2.0, "DENSE": 0.0, "FEW_HITS": 10**9},
    "sort": {"WALK_DENSE": 2.0, "DENSE": 2.0, "FEW_HITS": 10**9},
    "walk": {"WALK_DENSE": 2.0, "DENSE": 2.0, "FEW_HITS": -1},
    "probe_window_too_thin": {"WALK_DENSE": 2.0, "DENSE": 0.0, "PROBE_WINDOW": 3},
    "estimated": {"SAMPLE_RUN": 4},  # the hits estimated from 8 runs of 4 ids, as at a million leads
    "text_walk": {"WALK_DENSE": 0.0}, "text_walk_window_too_thin": {"WALK_DENSE": 0.0, "WALK_SCAN": 7},
}


@pytest.mark.parametrize("plan", PLANS)
def test_first_page_is_the_head_of_the_lead_fields_list_whatever_the_plan(ctx, demo, backend, plan, monkeypatch):
    from dataclasses import replace

    from app.services.leads import search

    for name, value in PLANS[plan].items():
        monkeypatch.setattr(search, name, value)
    ran: list[str] = []
    for builder in ("_probing_walk", "_sorted_hits", "_text_walk"):
        real = getattr(search, builder)
        monkeypatch.setattr(search, builder, lambda *a, _real=real, _name=builder: ran.append(_name) or _real(*a))
    for q in FIRST_PAGE_QUERIES:
        for size in (1, 25, 201):
            own_fields = lead_ids(ctx.db, replace(q, include_notes=False))
            page = search.first_page_ids(ctx.db, q, size)
            assert page == own_fields[:size], (q, size)
            complete = lead_ids(ctx.db, q)  # notes too: the page is its subsequence, in its order
            positions = [complete.index(i) for i in page]
            assert positions == sorted(positions), (q, size)
    if backend == "sqlite" and plan != "estimated":  # PostgreSQL runs one statement; SQLite the plan under test
        expected = {"probe": "_probing_walk", "sort": "_sorted_hits", "probe_window_too_thin": "_sorted_hits",
                    "text_walk": "_text_walk", "text_walk_window_too_thin": "_text_walk"}
        assert expected.get(plan, "none") in ran or (plan == "walk" and not ran), (plan, ran)
        if plan == "probe_window_too_thin":
            assert "_probing_walk" in ran  # tried, too thin a window, then sorted


def test_the_text_walk_orders_equal_names_by_id_and_matches_words_as_full_text_does(ctx, demo, backend, monkeypatch):
    """Equal names come out of the index in search_text order; words match where a token begins."""
    if backend != "sqlite":
        return
    from dataclasses import replace

    from app.services.leads import search

    monkeypatch.setattr(search, "WALK_DENSE", 0.0)
    for n, company in enumerate(("Zeta Ltda", "Alfa Ltda", "Meio Ltda", "Beta Ltda")):  # ids ascending, texts not
        ctx.leads.create({"name": "Aaron Abreu", "company": company, "email": f"aaron{n}@d-avila.com.br"})
    ctx.leads.create({"name": "Aaron Abreu Zz", "company": "sem_acento"})
    ran: list[object] = []
    real = search._text_walk
    monkeypatch.setattr(search, "_text_walk", lambda *a: ran.append(real(*a)) or ran[-1])
    for q in (LeadQuery(text="aaron abreu"), LeadQuery(text="aaron", descending=True), LeadQuery(text="avila"),
              LeadQuery(text="ltda abr"), LeadQuery(text="acento"), LeadQuery(text="ron")):
        for size in (1, 2, 3, 201):
            ran.clear()
            assert search.first_page_ids(ctx.db, q, size) == lead_ids(ctx.db, replace(q, include_notes=False))[:size], (q, size)
            served = ran and ran[0] is not None
            assert served or q.text != "aaron abreu", (q, size)  # the first names in order: the walk served it


def test_the_estimate_of_hits_follows_the_exact_count(ctx, demo, backend, monkeypatch):
    """What picks the plan at scale: runs of ids spread over the table, long words cut to the prefix index."""
    if backend != "sqlite":
        return
    from sqlalchemy import func, select

    from app.db.models import Lead
    from app.services.leads import search

    monkeypatch.setattr(search, "SAMPLE_RUN", 10)  # 80 of the demo's ids, the estimation path
    with ctx.db.engine.connect() as conn:
        live = int(conn.execute(select(func.max(Lead.id))).scalar_one())
        assert live > search.SAMPLES * search.SAMPLE_RUN * 4
        def both(typed: str) -> tuple[int, int]:
            exact = int(conn.execute(select(func.count()).select_from(
                search._lead_hits(search.fts_expression(typed) or "").subquery())).scalar_one())
            return exact, search._estimated_hits(conn, typed, live, 10**9)

        for typed in ("a", "s", "m"):  # common: the share is what matters, and it is close
            exact, estimate = both(typed)
            assert exact > 0.2 * live and 0.6 * exact <= estimate <= 1.4 * exact, (typed, exact, estimate)
        assert both("zzzz") == (0, 0)
        for typed in ("marianas", "fernandinha"):  # longer than the prefix index: never under the count
            exact, estimate = both(typed)
            assert estimate >= exact, (typed, exact, estimate)


def test_notes_join_with_the_complete_list(ctx, demo):
    from app.services.leads.search import first_page_ids

    assert first_page_ids(ctx.db, LeadQuery(text="xilogravuras"), 201) == []
    assert lead_ids(ctx.db, LeadQuery(text="xilogravuras")) == [demo]
    assert lead_ids(ctx.db, LeadQuery(text="xilogravuras", include_notes=False)) == []


def test_sqlite_first_page_plans(ctx, demo, backend):
    """The hits drive the sorted plan (CROSS JOIN) and the narrow index serves the name order."""
    if backend != "sqlite":
        return
    from sqlalchemy.dialects import sqlite

    from app.services.leads import search

    def plan(stmt):
        sql = stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
        with ctx.db.engine.connect() as conn:
            return " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))

    expr = search.fts_expression("maria")
    sorted_by_name = plan(search._sorted_hits(LeadQuery(text="maria"), expr, 201))
    assert sorted_by_name.startswith("SCAN lead_fts") and "ix_leads_id_live_name" in sorted_by_name
    assert plan(search._sorted_hits(LeadQuery(text="maria", stages=("won",)), expr, 201)).startswith("SCAN lead_fts")
    walk = plan(search._probing_walk(LeadQuery(text="maria", order_by="city"), expr, 201))
    assert "ix_leads_live_city" in walk and "lead_fts" in walk


ENDLESS = {  # minutes of work, unless interrupted
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c",
    "postgresql": "SELECT count(*) FROM generate_series(1, 1000000000)",
}


def test_interrupt_stops_a_running_query_and_leaves_the_connection_usable(ctx, backend):
    import threading
    import time

    from app.progress import Cancelled
    from app.services.leads.search import Interrupt

    cancelled = Interrupt()
    cancelled.cancel()
    with ctx.db.engine.connect() as conn, pytest.raises(Cancelled), cancelled.watching(conn):
        conn.exec_driver_sql("SELECT 1")  # a cancelled task does not start its next statement
    endless = ENDLESS[backend]
    interrupt = Interrupt()
    timer = threading.Timer(0.2, interrupt.cancel)
    with ctx.db.engine.connect() as conn:
        started = time.perf_counter()
        timer.start()
        with pytest.raises(Cancelled), interrupt.watching(conn):
            conn.exec_driver_sql(endless).scalar()
        assert time.perf_counter() - started < 30  # a billion rows would take minutes
        conn.rollback()
        late = Interrupt()  # cancelled after its statement ended: the next statement still runs
        with late.watching(conn):
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            late.cancel()
        assert conn.exec_driver_sql("SELECT 2").scalar() == 2


def test_a_cancel_that_lands_before_the_statement_starts_still_stops_it(ctx, backend):
    """sqlite3_interrupt and PostgreSQL's cancel request are no-ops while nothing runs: the Interrupt sends
    its cancel again while the connection stays registered (CI once waited 20 s on this race)."""
    import time

    from app.progress import Cancelled
    from app.services.leads.search import Interrupt

    interrupt = Interrupt()
    with ctx.db.engine.connect() as conn:
        started = time.perf_counter()
        with pytest.raises(Cancelled), interrupt.watching(conn):
            interrupt.cancel()  # registered, no statement running yet
            conn.exec_driver_sql(ENDLESS[backend]).scalar()
        assert time.perf_counter() - started < 30  # a billion rows would take minutes
        conn.rollback()
        assert conn.exec_driver_sql("SELECT 3").scalar() == 3


@pytest.fixture
def scored(ctx, people):
    """Scores as the models write them (0–1); Zélia has none."""
    from app.db.models import Lead

    scores = {"João Silva": 0.82, "Joana Prado": 0.6951, "Pedro Álvares": 0.41}
    with ctx.db.transaction() as s:
        for name, score in scores.items():
            s.get(Lead, people[name]).score = score
    return people


def test_score_range_and_unscored(ctx, scored):
    from app.services.leads.search import shown_score_bounds

    ids = lambda **kw: sorted(lead_ids(ctx.db, LeadQuery(**kw)))  # noqa: E731
    joao, joana, pedro, zelia = (scored[n] for n in ("João Silva", "Joana Prado", "Pedro Álvares", "Zélia Souza"))
    low, high = shown_score_bounds(70, None)
    assert ids(min_score=low) == sorted([joao, joana]), "0.6951 is shown as 70"
    low, high = shown_score_bounds(41, 70)
    assert ids(min_score=low, max_score=high) == sorted([joana, pedro])
    assert ids(max_score=shown_score_bounds(None, 40)[1]) == [], "an unscored lead is not 'below 40'"
    assert ids(unscored=True) == [zelia]
    assert ids(unscored=True, min_score=0.1) == []
    assert count(ctx.db, LeadQuery(min_score=0.5)) == 2


def test_score_bands_of_the_list_filter(ctx, scored):
    ids = lambda *bands: sorted(lead_ids(ctx.db, LeadQuery(score_bands=bands)))  # noqa: E731
    joao, joana, pedro, zelia = (scored[n] for n in ("João Silva", "Joana Prado", "Pedro Álvares", "Zélia Souza"))
    assert ids("high") == sorted([joao, joana])
    assert ids("medium") == [pedro]
    assert ids("low") == []
    assert ids("unscored") == [zelia]
    assert ids("medium", "unscored") == sorted([pedro, zelia])
    assert ids("nonsense") == []
    assert ids("high", "medium", "low", "unscored") == sorted(scored.values())
