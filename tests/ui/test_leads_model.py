"""The ID-list lead model: Qt's model contract, lazy block fetching, SQL sorting, stale answers."""

from __future__ import annotations

import threading
from array import array
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.context import AppContext
from app.services.leads import id_lists
from app.services.leads.search import LeadQuery
from app.ui import vocabulary
from app.ui.leads import model as leads_model
from app.ui.leads.model import COLUMN_INDEX, LeadIdRole, LeadTableModel
from app.ui.tasks import TaskRunner
from tests.ui.conftest import idle


def loaded_model(qtbot: Any, ctx: AppContext, runner: TaskRunner, query: LeadQuery = LeadQuery()) -> LeadTableModel:
    model = LeadTableModel(ctx.db, runner)
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_query(query)
    return model


def names(model: LeadTableModel) -> list[str]:
    column = COLUMN_INDEX["name"]
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_model_passes_the_qt_model_tester(qtbot, qtmodeltester, ctx, runner, seeded):
    model = loaded_model(qtbot, ctx, runner)
    assert model.rowCount() == len(seeded)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_rows_show_formatted_values(qtbot, ctx, runner, seeded):
    model = loaded_model(qtbot, ctx, runner, LeadQuery(text="joao"))
    row = {key: model.index(0, column).data() for key, column in COLUMN_INDEX.items()}
    assert row["name"] == "João Silva"
    assert row["stage"] == "Contacted"
    assert row["phone"].startswith("+55 11 98765-43")
    assert row["tags"] == "vip"
    assert row["owner"] == "ana"
    assert row["last_interaction_at"]  # a locale date
    assert model.index(0, 0).data(LeadIdRole) == seeded["João Silva"]
    assert model.index(0, COLUMN_INDEX["stage"]).data(Qt.ItemDataRole.DecorationRole) is not None


def test_ids_are_compact_and_rows_fetched_in_blocks(qtbot, ctx, runner, monkeypatch):
    from app.services.demo.generator import generate

    generate(ctx.db, leads=450, interactions_per_lead=0, actor_id=ctx.user.id)
    model = loaded_model(qtbot, ctx, runner)
    assert isinstance(model.ids, array) and model.ids.typecode == "q"
    assert model.rowCount() == 450
    fetched: list[int] = []
    real = leads_model.search.lead_rows
    monkeypatch.setattr(leads_model.search, "lead_rows", lambda db, ids, cols: fetched.append(len(ids)) or real(db, ids, cols))
    for row in (310, 311, 399, 350):
        model.index(row, 0).data()
    assert fetched == [leads_model.BLOCK]  # one primary-key fetch for the whole visible block
    model.index(5, 0).data()  # the first block came with the first page, from the db lane
    assert fetched == [leads_model.BLOCK]
    model.index(150, 0).data()
    assert fetched == [leads_model.BLOCK, leads_model.BLOCK]


def test_fast_id_fetch_matches_the_search_service(ctx, seeded):
    from app.services.leads.search import lead_ids

    for query in (LeadQuery(), LeadQuery(text="silva"), LeadQuery(order_by="city", descending=True),
                  LeadQuery(stages=("new", "won"), order_by="company"), LeadQuery(tags=("vip",)), LeadQuery(text="zzz")):
        assert list(id_lists.fetch_ids(ctx.db, query)) == lead_ids(ctx.db, query), query


def test_fast_phone_display_matches_phonenumbers():
    from app.services.leads.normalize import format_phone, parse_phone

    for raw in ("(11) 98765-4321", "11 3322-1100", "+55 21 99876-5432", "(47) 3025-1234", "+1 650 253 0000",
                "+351 912 345 678", "+55 61 4004-0001"):
        e164 = parse_phone(raw)
        assert vocabulary.display_phone(e164) == format_phone(e164), raw
    assert vocabulary.display_phone(None) == ""


def test_parse_ids_in_slices():
    joined = ",".join(str(i * 7) for i in range(5000))
    assert list(id_lists.parse_ids(joined, chunk=100)) == [i * 7 for i in range(5000)]
    assert list(id_lists.parse_ids("")) == []
    assert list(id_lists.parse_ids("42")) == [42]


def test_big_lists_show_a_first_page_then_the_rest(qtbot, ctx, runner, monkeypatch):
    from app.services.demo.generator import generate

    generate(ctx.db, leads=120, interactions_per_lead=0, actor_id=ctx.user.id)
    monkeypatch.setattr(LeadTableModel, "PAGE", 50)
    model = LeadTableModel(ctx.db, runner)
    with qtbot.waitSignal(model.page_loaded, timeout=10000) as page:
        model.set_query(LeadQuery())
    assert page.args == [120]  # the plain list is counted with its first page
    assert not model.complete and model.rowCount() == 120
    assert model.index(49, 0).data() and model.index(80, 0).data() == "…" and model.lead_id(80) is None
    with qtbot.waitSignal(model.loaded, timeout=10000):
        pass
    assert model.complete and model.index(80, 0).data() != "…"

    with qtbot.waitSignal(model.page_loaded, timeout=10000) as page:  # a search: the page, uncounted
        model.set_query(LeadQuery(text="a"))
    assert page.args[0] == 50
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.loaded, timeout=10000) as done:
        pass
    assert inserted == [(50, done.args[0] - 1)]

    pages: list[int] = []
    model.page_loaded.connect(pages.append)
    with qtbot.waitSignal(model.loaded, timeout=10000):  # a filter sorts every match anyway: one query
        model.set_query(LeadQuery(stages=("new", "contacted", "qualified", "proposal", "negotiation", "won", "lost")))
    with qtbot.waitSignal(model.loaded, timeout=10000):  # and a refresh of what is shown: one query
        model.reload()
    assert pages == []


def test_sorting_by_any_column_shows_its_first_page_counted_then_the_rest(qtbot, ctx, runner, monkeypatch):
    """A header click over a big list: the first screenful from the column's index walk, counted,
    the head of the complete list that follows (issue 11: sorting <= 300 ms at a million leads)."""
    from app.services.demo.generator import generate
    from app.services.leads.id_lists import fetch_ids
    from app.ui.leads.model import COLUMNS

    generate(ctx.db, leads=120, interactions_per_lead=0, actor_id=ctx.user.id)
    monkeypatch.setattr(LeadTableModel, "PAGE", 50)
    model = LeadTableModel(ctx.db, runner)
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_query(LeadQuery(order_by="id"))  # no index walk for this one: the list in one query
    for column, spec in enumerate(COLUMNS):
        if spec.sort_key is None:
            continue
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            with qtbot.waitSignal(model.page_loaded, timeout=10000) as page:
                model.sort(column, order)
            assert page.args == [120] and not model.complete, (spec.sort_key, order)
            head = [model.lead_id(row) for row in range(50)]
            with qtbot.waitSignal(model.loaded, timeout=10000):
                pass
            expected = list(fetch_ids(ctx.db, model.query))
            assert [model.lead_id(row) for row in range(120)] == expected and head == expected[:50], spec.sort_key


def test_cache_is_bounded(qtbot, ctx, runner, monkeypatch):
    from app.services.demo.generator import generate

    generate(ctx.db, leads=450, interactions_per_lead=0, actor_id=ctx.user.id)
    monkeypatch.setattr(leads_model, "CACHE_ROWS", 150)
    model = loaded_model(qtbot, ctx, runner)
    for row in range(0, 450, 50):
        model.index(row, 0).data()
    assert len(model._cache) <= 150


def test_sort_runs_in_sql_and_unsortable_columns_are_refused(qtbot, ctx, runner, seeded):
    model = loaded_model(qtbot, ctx, runner)
    assert names(model)[0] == "Ana Paula Lima"
    with qtbot.waitSignal(model.loaded):
        model.sort(COLUMN_INDEX["name"], Qt.SortOrder.DescendingOrder)
    assert names(model)[0] == "Zé Carioca"
    assert model.query.order_by == "name" and model.query.descending
    with qtbot.waitSignal(model.sort_refused):
        model.sort(COLUMN_INDEX["owner"], Qt.SortOrder.AscendingOrder)
    assert model.query.order_by == "name"


def test_only_the_newest_answer_is_applied(qtbot, ctx, runner, seeded):
    model = LeadTableModel(ctx.db, runner)
    answers: list[int] = []
    model.loaded.connect(answers.append)
    model.set_query(LeadQuery(text="maria"))
    model.set_query(LeadQuery(text="zzzz"))
    model.set_query(LeadQuery(text="joao"))
    idle(qtbot, runner)
    assert answers == [1]
    assert names(model) == ["João Silva"]


def test_remove_rows_and_rows_of(qtbot, ctx, runner, seeded):
    model = loaded_model(qtbot, ctx, runner)
    joao = seeded["João Silva"]
    row = model.row_of(joao)
    assert row is not None and model.lead_id(row) == joao
    with qtbot.waitSignal(model.rowsRemoved):
        model.remove_rows([(row, row)])
    assert model.row_of(joao) is None
    assert model.rowCount() == len(seeded) - 1
    assert model.rows_of(list(seeded.values())) == {
        lead_id: model.row_of(lead_id) for lead_id in seeded.values() if lead_id != joao}


def test_reload_after_a_delete_elsewhere_drops_the_lead(qtbot, ctx, runner, seeded):
    model = loaded_model(qtbot, ctx, runner)
    ctx.leads.delete_many([seeded["Maria Souza"]])
    with qtbot.waitSignal(model.loaded):
        model.reload()
    assert model.row_of(seeded["Maria Souza"]) is None
    assert model.rowCount() == len(seeded) - 1


def test_unchanged_ids_refresh_rows_without_a_reset(qtbot, ctx, runner, seeded):
    model = loaded_model(qtbot, ctx, runner)
    row = model.row_of(seeded["José Santos"])
    assert model.index(row, COLUMN_INDEX["city"]).data() == "Curitiba"
    ctx.leads.update(seeded["José Santos"], {"city": "Londrina"})
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.loaded):
        model.reload()
    assert not resets
    assert model.index(row, COLUMN_INDEX["city"]).data() == "Londrina"


def test_a_search_shows_the_leads_own_matches_first_then_adds_note_matches(qtbot, ctx, runner, seeded):
    from app.services.leads.search import lead_ids

    model = LeadTableModel(ctx.db, runner)
    steps: list[tuple[str, int, bool]] = []
    model.page_loaded.connect(lambda n: steps.append(("page", n, model.complete)))
    model.loaded.connect(lambda n: steps.append(("loaded", n, model.complete)))
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_query(LeadQuery(text="orcamento"))  # only in João's interaction notes
    assert steps == [("page", 0, False), ("loaded", 1, True)]
    assert names(model) == ["João Silva"]
    steps.clear()
    with qtbot.waitSignal(model.loaded, timeout=10000):
        model.set_query(LeadQuery(text="jo"))  # own fields: the page already holds every match
    assert [step[0] for step in steps] == ["page", "loaded"]
    assert model.complete and sorted(names(model)) == sorted(["João Silva", "José Santos"])
    assert list(model.ids) == lead_ids(ctx.db, LeadQuery(text="jo"))  # in the database's order


def test_the_next_keystroke_interrupts_the_complete_list_being_read(qtbot, ctx, runner, seeded, monkeypatch, backend):
    from app.progress import Cancelled

    endless = {
        "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
                  "SELECT count(*) FROM c",
        "postgresql": "SELECT count(*) FROM generate_series(1, 1000000000)",
    }[backend]
    real_fetch = id_lists.fetch_ids
    outcomes: list[str] = []
    reading = threading.Event()

    def fetch_ids(db, query, interrupt=None):
        if query.text != "mar":
            return real_fetch(db, query, interrupt)
        with db.engine.connect() as conn:  # the complete list of "mar" takes minutes
            reading.set()
            try:
                with interrupt.watching(conn):
                    conn.exec_driver_sql(endless).scalar()
            except Cancelled:
                outcomes.append("cancelled")
                raise
        outcomes.append("finished")
        return real_fetch(db, query, interrupt)

    monkeypatch.setattr(id_lists, "fetch_ids", fetch_ids)
    model = LeadTableModel(ctx.db, runner)
    with qtbot.waitSignal(model.page_loaded, timeout=10000):
        model.set_query(LeadQuery(text="mar"))
    assert not model.complete and "Maria Souza" in names(model)
    qtbot.waitUntil(reading.is_set, timeout=10000)  # the complete list of "mar" is being read
    with qtbot.waitSignal(model.loaded, timeout=20000):  # minutes if "mar" were not interrupted
        model.set_query(LeadQuery(text="mari"))
    assert outcomes == ["cancelled"]
    assert model.complete and names(model) == ["Maria Souza"]


def test_parsing_a_long_id_list_stops_when_interrupted():
    from app.progress import Cancelled
    from app.services.leads.search import Interrupt

    interrupt = Interrupt()
    assert list(id_lists.parse_ids("1,2,3", chunk=1, interrupt=interrupt)) == [1, 2, 3]
    interrupt.cancel()
    with pytest.raises(Cancelled):
        id_lists.parse_ids("1,2,3", chunk=1, interrupt=interrupt)
