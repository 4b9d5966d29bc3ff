"""The pipeline board against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu
from sqlalchemy import func, select

from app.context import AppContext
from app.db.models import Lead, StageChange
from app.services.leads import pipeline
from app.services.workspace.users import ensure_user
from app.ui.pipeline import view as pipeline_view
from app.ui.pipeline.view import MIME_TYPE, PipelineView, StageCardsModel, parse_payload
from app.ui.tasks import TaskRunner


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the board told the user through notify()."""
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(pipeline_view, "notify", lambda _w, text, level="info", action=None: seen.append((level, text)))
    return seen


def add_leads(ctx: AppContext, stage: str, n: int, owner: str | None = None, value: float | None = 1000.0) -> list[int]:
    data: dict[str, Any] = {"stage": stage, "value": value}
    if owner:
        data["owner"] = owner
    return [ctx.leads.create({**data, "name": f"{stage.title()} lead {i}", "company": "Padaria Pão Quente"}).id
            for i in range(n)]


def idle(qtbot: Any, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)


def loaded_board(qtbot: Any, ctx: AppContext, runner: TaskRunner, **kwargs: Any) -> PipelineView:
    view = PipelineView(ctx, runner, **kwargs)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    view.refresh()
    idle(qtbot, runner)
    return view


def stage_of(ctx: AppContext, lead_id: int) -> str:
    return ctx.leads.get(lead_id).stage


def drop(view: PipelineView, lead_id: int, to_stage: str, version: int | None = None) -> None:
    """What Qt delivers when a dragged card is released over another column."""
    stage, row, card = view.find_card(lead_id)  # type: ignore[misc]
    source = view.columns[stage].model
    mime = source.mimeData([source.index(row)])
    if version is not None:
        mime.setData(MIME_TYPE, f'{{"id": {lead_id}, "version": {version}, "stage": "{stage}"}}'.encode())
    target = view.columns[to_stage].view
    # The offscreen platform has no drag and drop session (QDrag.exec), and QApplication does not
    # deliver synthetic drag events without one, so hand the events to the view's handlers.
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    target.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    target.dropEvent(event)
    assert event.isAccepted()
    assert event.dropAction() == Qt.DropAction.MoveAction


def test_columns_counts_and_totals_match_the_database(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    add_leads(ctx, "new", 4, value=1500.0)
    add_leads(ctx, "proposal", 2, value=20000.5)
    add_leads(ctx, "won", 1, value=None)
    deleted = add_leads(ctx, "new", 1)[0]
    ctx.leads.delete(deleted)
    view = loaded_board(qtbot, ctx, runner)
    assert list(view.columns) == [key for key, _ in ctx.leads.stages()]
    with ctx.db.session() as session:
        expected = dict(session.execute(select(Lead.stage, func.count()).where(Lead.deleted_at.is_(None))
                                        .group_by(Lead.stage)).all())
    for key, column in view.columns.items():
        assert column.column is not None
        assert column.column.count == expected.get(key, 0)
        assert column.model.rowCount() == expected.get(key, 0)
    assert view.columns["new"].column.total_value == pytest.approx(6000.0)
    assert view.columns["proposal"].column.total_value == pytest.approx(40001.0)
    assert "R$" in view.columns["proposal"].summary.text()
    assert view.columns["new"].count.text() == "4"
    assert deleted not in [c.id for c in view.columns["new"].model.cards]


def test_drop_moves_the_stage_and_records_history(qtbot: Any, ctx: AppContext, runner: TaskRunner,
                                                  messages: list[tuple[str, str]]) -> None:
    lead_id = add_leads(ctx, "new", 2)[0]
    view = loaded_board(qtbot, ctx, runner)
    drop(view, lead_id, "qualified")
    assert view.columns["qualified"].model.row_of(lead_id) == 0  # moved at once, confirmed later
    assert view.columns["new"].model.row_of(lead_id) == -1
    idle(qtbot, runner)
    assert stage_of(ctx, lead_id) == "qualified"
    assert view.columns["qualified"].column.count == 1
    assert view.columns["new"].column.count == 1
    assert not view.columns["qualified"].model.pending
    with ctx.db.session() as session:
        history = session.execute(select(StageChange.from_stage, StageChange.to_stage)
                                  .where(StageChange.lead_id == lead_id).order_by(StageChange.id)).all()
    assert [tuple(h) for h in history] == [(None, "new"), ("new", "qualified")]
    assert messages == []


def test_a_stale_version_snaps_back_with_a_message(qtbot: Any, ctx: AppContext, runner: TaskRunner,
                                                   messages: list[tuple[str, str]]) -> None:
    lead_id = add_leads(ctx, "contacted", 3)[1]
    view = loaded_board(qtbot, ctx, runner)
    row_before = view.columns["contacted"].model.row_of(lead_id)
    ctx.leads.update(lead_id, {"company": "Someone else's edit"})  # the card's version is now stale
    drop(view, lead_id, "won")
    idle(qtbot, runner)
    assert stage_of(ctx, lead_id) == "contacted"
    assert view.columns["won"].model.row_of(lead_id) == -1
    assert view.columns["contacted"].model.row_of(lead_id) >= 0
    assert view.columns["won"].column.count == 0
    assert [level for level, _ in messages] == ["warning"]
    assert "changed by someone else" in messages[0][1]
    # the column reloaded: the card now carries the fresh version, so a second try works
    card = view.columns["contacted"].model.cards[view.columns["contacted"].model.row_of(lead_id)]
    assert card.version == ctx.leads.get(lead_id).version
    assert card.company == "Someone else's edit"
    assert row_before >= 0
    drop(view, lead_id, "won")
    idle(qtbot, runner)
    assert stage_of(ctx, lead_id) == "won"


def test_keyboard_moves_the_selected_card(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    lead_id = add_leads(ctx, "new", 1)[0]
    view = loaded_board(qtbot, ctx, runner)
    column = view.columns["new"].view
    column.setCurrentIndex(column.model().index(0, 0))
    column.setFocus()
    qtbot.keyClick(column, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, runner)
    assert stage_of(ctx, lead_id) == "contacted"
    target = view.columns["contacted"].view
    assert target.currentIndex().row() == 0  # keeps the card selected so Ctrl+Right can go on
    qtbot.keyClick(target, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, runner)
    assert stage_of(ctx, lead_id) == "new"


def test_context_menu_moves_a_card(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    lead_id = add_leads(ctx, "negotiation", 1)[0]
    view = loaded_board(qtbot, ctx, runner)
    menu = view.card_menu(lead_id, "negotiation")
    move_to = menu.findChildren(QMenu)[0]
    actions = {a.text(): a for a in move_to.actions()}
    assert not actions["Negotiation"].isEnabled()
    actions["Won"].trigger()
    idle(qtbot, runner)
    assert stage_of(ctx, lead_id) == "won"
    menu.deleteLater()


def test_show_more_pages_through_a_column(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    ids = add_leads(ctx, "new", 7)
    view = loaded_board(qtbot, ctx, runner, per_stage=3)
    column = view.columns["new"]
    assert column.model.rowCount() == 3
    assert column.column.count == 7
    assert column.more.isVisibleTo(view)
    qtbot.mouseClick(column.more, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert column.model.rowCount() == 6
    qtbot.mouseClick(column.more, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert column.model.rowCount() == 7
    assert not column.more.isVisibleTo(view)
    assert sorted(c.id for c in column.model.cards) == sorted(ids)
    # newest first: the most recently updated lead heads the column
    assert column.model.cards[0].id == ids[-1]


def test_owner_filter_and_my_leads(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    ensure_user(ctx.db, "bruno")
    add_leads(ctx, "qualified", 2, owner="ana")
    add_leads(ctx, "qualified", 3, owner="bruno")
    view = loaded_board(qtbot, ctx, runner)
    assert view.columns["qualified"].column.count == 5
    view.owner_filter.setCurrentIndex(view.owner_filter.findText("My leads"))
    idle(qtbot, runner)
    assert view.columns["qualified"].column.count == 2
    view.owner_filter.setCurrentIndex(view.owner_filter.findText("bruno"))
    idle(qtbot, runner)
    assert view.columns["qualified"].column.count == 3
    assert {c.owner for c in view.columns["qualified"].model.cards} == {"bruno"}


def test_double_click_opens_the_lead(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    lead_id = add_leads(ctx, "proposal", 1)[0]
    view = loaded_board(qtbot, ctx, runner)
    column = view.columns["proposal"].view
    centre = column.visualRect(column.model().index(0, 0)).center()
    qtbot.mouseClick(column.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double click follows a press
    with qtbot.waitSignal(view.lead_activated) as signal:
        qtbot.mouseDClick(column.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == [lead_id]
    with qtbot.waitSignal(view.lead_activated) as signal:
        qtbot.keyClick(column, Qt.Key.Key_Return)
    assert signal.args == [lead_id]


def test_a_column_refuses_its_own_cards_and_foreign_data(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    add_leads(ctx, "new", 1)
    view = loaded_board(qtbot, ctx, runner)
    source = view.columns["new"].model
    mime = source.mimeData([source.index(0)])  # kept referenced: the event does not own it
    own = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    view.columns["new"].view.dragEnterEvent(own)
    assert not own.isAccepted()
    text = QMimeData()
    text.setText("hello")
    foreign = QDropEvent(QPointF(5, 5), Qt.DropAction.MoveAction, text, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
    view.columns["won"].view.dropEvent(foreign)
    assert not foreign.isAccepted()
    assert not runner.busy


def test_cards_model_passes_the_model_tester(qtbot: Any, qtmodeltester: Any, ctx: AppContext) -> None:
    add_leads(ctx, "new", 5)
    model = StageCardsModel("new")
    model.set_cards(pipeline.stage_cards(ctx.db, "new"))
    qtmodeltester.check(model, force_py=True)
    mime = model.mimeData([model.index(2)])
    payload = parse_payload(mime)
    assert payload == {"id": model.cards[2].id, "version": model.cards[2].version, "stage": "new"}
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_stage_cards_keyset_paging_has_no_gaps_or_repeats(ctx: AppContext) -> None:
    ids = add_leads(ctx, "lost", 11)
    seen: list[int] = []
    after = None
    while True:
        page = pipeline.stage_cards(ctx.db, "lost", limit=4, after=after)
        if not page:
            break
        seen += [c.id for c in page]
        after = page[-1]
    assert sorted(seen) == sorted(ids) and len(seen) == len(set(seen))


def test_the_board_follows_a_language_switch(qtbot: Any, qapp: QApplication, ctx: AppContext,
                                             runner: TaskRunner) -> None:
    from app.ui.i18n import install_translator
    from tools.i18n_build import release

    release()
    add_leads(ctx, "won", 2)
    view = loaded_board(qtbot, ctx, runner)
    try:
        install_translator(qapp, "pt_BR")
        QApplication.processEvents()
        assert "Ganho" in view.columns["won"].title.text()
        assert view.owner_filter.itemText(1) == "Meus leads"
        assert view.columns["won"].count.toolTip() == "2 leads"
    finally:
        install_translator(qapp, "en")
    QApplication.processEvents()
    assert "Won" in view.columns["won"].title.text()
