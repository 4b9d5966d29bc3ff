"""The plain list's count: on SQLite one row kept by triggers, always equal to counting the leads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from app.context import AppContext
from app.services.leads import search
from app.services.leads.search import LeadQuery
from app.services.transfer.importing import ImportOptions, import_file


def counted(ctx: AppContext) -> int:
    with ctx.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM leads WHERE deleted_at IS NULL")).scalar_one())


def test_the_count_of_every_live_lead_follows_each_change(ctx: AppContext, tmp_path: Path) -> None:
    plain = LeadQuery()
    start = counted(ctx)
    ids = [ctx.leads.create({"name": f"Cliente {n}"}).id for n in range(5)]
    assert search.count(ctx.db, plain) == counted(ctx) == start + 5
    ctx.leads.delete(ids[0])
    ctx.leads.delete_many(ids[1:3])
    assert search.count(ctx.db, plain) == counted(ctx) == start + 2
    ctx.leads.delete_many(ids[1:3])  # already deleted: no change
    ctx.leads.restore(ids[0])
    assert search.count(ctx.db, plain) == counted(ctx) == start + 3
    ctx.leads.restore_many(ids)
    assert search.count(ctx.db, plain) == counted(ctx) == start + 5
    with ctx.db.engine.begin() as conn:  # a hard delete, live and soft-deleted
        conn.execute(text("UPDATE leads SET deleted_at = CURRENT_TIMESTAMP WHERE id = :id"), {"id": ids[4]})
        conn.execute(text("DELETE FROM leads WHERE id IN (:a, :b)"), {"a": ids[3], "b": ids[4]})
    assert search.count(ctx.db, plain) == counted(ctx) == start + 3
    source = tmp_path / "leads.csv"
    source.write_text("name,phone\nAna Souza,+5511987654321\nBruno Lima,+5521987654321\n", encoding="utf-8")
    import_file(ctx.db, source, ImportOptions("leads"), actor_id=ctx.user.id)
    assert search.count(ctx.db, plain) == counted(ctx) == start + 5
    # Ordered differently, still every live lead; any filter counts the matches themselves.
    assert search.count(ctx.db, LeadQuery(order_by="city", descending=True)) == start + 5
    assert search.count(ctx.db, LeadQuery(text="souza")) == 1
    ctx.leads.delete(ids[0])
    assert search.count(ctx.db, plain) == counted(ctx) == start + 4
    assert search.count(ctx.db, LeadQuery(include_deleted=True)) == start + 5


def test_a_failed_transaction_leaves_the_tally_as_it_was(ctx: AppContext) -> None:
    before = search.count(ctx.db, LeadQuery())
    try:
        with ctx.db.transaction() as session:
            ctx.leads.create_in(session, {"name": "Abandonada"})
            session.flush()
            assert search.count(ctx.db, LeadQuery()) == before  # another connection: not committed yet
            raise RuntimeError("abandoned")
    except RuntimeError:
        pass
    assert search.count(ctx.db, LeadQuery()) == before == counted(ctx)


def test_the_plain_count_reads_one_row_not_the_leads(ctx: AppContext) -> None:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", seen)
    try:
        search.count(ctx.db, LeadQuery(order_by="score"))
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", seen)
    if ctx.db.dialect == "sqlite":
        assert statements == ["SELECT live FROM lead_tally"]
    else:  # PostgreSQL counts: in a team database the count depends on who asks
        assert len(statements) == 1 and "FROM leads" in statements[0]
