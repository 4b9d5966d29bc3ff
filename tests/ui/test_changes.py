"""The change hub: a change made on one screen reaches every screen that shows it, at once when it
is visible and when it is shown next otherwise; screens ask the shell for things through it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from app.ui.changes import changes, follow, stale
from app.ui.leads.model import StageRole
from tests.ui.conftest import idle


def test_a_visible_follower_refreshes_at_once_a_hidden_one_when_shown(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    refreshed: list[int] = []
    follow(widget, lambda: refreshed.append(1), changes().leads, changes().models)
    changes().leads.emit(None)
    assert refreshed == [] and stale(widget)  # hidden: remembered, not run
    changes().models.emit(None)
    widget.show()
    assert refreshed == [1] and not stale(widget)  # once, however many changes were heard
    changes().leads.emit(None)
    assert refreshed == [1, 1]
    changes().messages.emit(None)  # a topic it does not follow
    assert refreshed == [1, 1]


def test_a_screen_does_not_reload_for_its_own_change(qtbot: Any) -> None:
    widget = QWidget()
    child = QPushButton(widget)
    qtbot.addWidget(widget)
    widget.show()
    refreshed: list[int] = []
    follow(widget, lambda: refreshed.append(1), changes().leads)
    changes().leads.emit(child)  # a dialog or panel of the screen made it
    assert refreshed == []
    changes().leads.emit(QWidget())  # another screen made it
    assert refreshed == [1]


def test_a_deleted_screen_stops_listening(qtbot: Any) -> None:
    widget = QWidget()
    refreshed: list[int] = []
    follow(widget, lambda: refreshed.append(1), changes().leads)
    widget.show()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not changes().receivers("2leads(PyObject)"), timeout=5000)
    changes().leads.emit(None)
    assert refreshed == []


def test_a_stage_moved_on_the_pipeline_reaches_the_leads_list(qtbot: Any, window: Any, runner: Any,
                                                              seeded: dict[str, int]) -> None:
    lead_id = seeded["José Santos"]
    leads = window.leads
    assert leads.model.index(leads.model.row_of(lead_id), 0).data(StageRole) == "new"
    window.show_screen("pipeline")
    board = window.page("pipeline")
    idle(qtbot, runner)
    with qtbot.waitSignal(board.leads_changed, timeout=10000):
        assert board.move_card(lead_id, "won")
    assert stale(leads) and not stale(board)
    with qtbot.waitSignal(leads.model.loaded, timeout=10000):
        window.show_screen("leads")
    idle(qtbot, runner)
    assert leads.model.index(leads.model.row_of(lead_id), 0).data(StageRole) == "won"


def test_a_stage_chosen_on_the_lead_reaches_the_pipeline(qtbot: Any, window: Any, runner: Any,
                                                         seeded: dict[str, int]) -> None:
    window.show_screen("pipeline")
    board = window.page("pipeline")
    idle(qtbot, runner)
    before = board.columns["won"].column.count
    window.open_lead(seeded["José Santos"])
    idle(qtbot, runner)
    detail = window.leads.detail
    index = detail.stage_combo.findData("won")
    with qtbot.waitSignal(detail.changed, timeout=10000):
        detail.stage_combo.setCurrentIndex(index)
        detail.stage_combo.activated.emit(index)  # what a choice with the mouse or keyboard sends
    assert stale(board)
    window.show_screen("pipeline")
    idle(qtbot, runner)
    assert board.columns["won"].column.count == before + 1


def test_screens_ask_the_shell_through_the_hub(qtbot: Any, window: Any, runner: Any,
                                               seeded: dict[str, int]) -> None:
    changes().screen_requested.emit("settings")
    assert window.current_key() == "settings"
    changes().lead_requested.emit(seeded["Carlos Andrade"])
    assert window.current_key() == "leads" and window.leads.detail.lead_id == seeded["Carlos Andrade"]
    idle(qtbot, runner)


def test_a_message_queued_on_a_screen_wakes_the_sms_worker(qtbot: Any, window: Any) -> None:
    woken: list[int] = []
    window.scheduler = type("Worker", (), {"wake": lambda self: woken.append(1)})()
    changes().messages.emit(QWidget())
    assert woken == [1]
    changes().messages.emit(window.scheduler)  # the worker's own report does not wake it again
    assert woken == [1]
    changes().automations.emit(None)
    assert woken == [1, 1]
    window.scheduler = None


def test_a_screen_alone_logs_its_notices_and_a_window_shows_them(qtbot: Any, ctx: Any, runner: Any, caplog: Any,
                                                                 seeded: dict[str, int]) -> None:
    from app.ui.errors import notify, offer_undo
    from app.ui.main_window import MainWindow

    alone = QWidget()
    qtbot.addWidget(alone)
    with caplog.at_level("WARNING", logger="app.ui.errors"):
        notify(alone, "Nobody listens", "warning")
    assert "Nobody listens" in caplog.text
    window = MainWindow(ctx, runner)
    qtbot.addWidget(window)
    window.show()
    undone: list[int] = []
    offer_undo(alone, "2 leads deleted.", lambda: undone.append(1))  # any widget: the hub finds the shell
    assert window.message_bar.text.text() == "2 leads deleted." and window.actions_["undo"].isEnabled()
    window.undo()
    assert undone == [1]
    idle(qtbot, runner)


def test_a_closed_window_no_longer_answers_the_hub(qtbot: Any, ctx: Any, runner: Any, seeded: dict[str, int]) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    from app.ui.main_window import MainWindow

    window = MainWindow(ctx, runner)
    window.show()
    idle(qtbot, runner)
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for signal in ("language_changed(QString)", "automations(PyObject)", "notice(QString,QString,PyObject)"):
        assert not changes().heard_by(signal), signal
    changes().language_changed.emit("en")  # nothing left to retranslate, nothing raised
