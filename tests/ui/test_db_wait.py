"""An edit made while another program holds the SQLite workspace's write lock (an import's final write)
waits for it, is saved, and the user is told why it is slow, once (issue 20, item 5)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from app.config import Settings
from app.context import open_context
from app.ui.changes import changes
from app.ui.db_wait import WaitNotice


def test_an_edit_waits_for_another_writer_is_saved_and_the_user_is_told_once(qtbot, tmp_path: Path):
    path = tmp_path / "aiconnect.sqlite3"
    ctx = open_context(Settings(home=tmp_path, database_url=f"sqlite:///{path}"), username="ana")
    lead = ctx.leads.create({"name": "Ana Paula"})
    heard: list[str] = []
    changes().notice.connect(lambda words, _level, _action: heard.append(words))
    notice = WaitNotice(ctx)
    waits: list[str] = []
    stop_counting = ctx.on_database_wait(waits.append)  # the engine's own news, on the waiting thread
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's long write
    saved = threading.Event()

    def edit() -> None:  # as the db lane runs a save
        ctx.leads.update(lead.id, {"city": "Recife"})
        ctx.leads.update(lead.id, {"company": "Loja"})  # a second wait in the same half minute: no second message
        saved.set()

    worker = threading.Thread(target=edit)
    try:
        worker.start()
        qtbot.waitUntil(lambda: len(heard) == 1, timeout=15000)
        assert "Another program is writing to the workspace" in heard[0] and not saved.is_set()
        holder.execute("COMMIT")
        qtbot.waitUntil(saved.is_set, timeout=15000)
        holder.execute("BEGIN IMMEDIATE")
        other = threading.Thread(target=lambda: ctx.leads.update(lead.id, {"city": "Olinda"}))
        other.start()
        qtbot.waitUntil(lambda: len(waits) == 2, timeout=15000)  # the second edit has waited a moment too
        holder.execute("COMMIT")
        other.join(15)
    finally:
        holder.close()
        worker.join(15)
        notice.close()
        stop_counting()
    record = ctx.leads.get(lead.id)
    assert record.city == "Olinda" and record.company == "Loja"
    assert len(heard) == 1  # told once for waits close together
    ctx.close()
