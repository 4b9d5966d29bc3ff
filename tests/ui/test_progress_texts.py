"""Progress labels written by app/ml and app/services as `Text` reach the status bar in the UI's
language: the task runner carries them as objects (a QString would drop the template) and the
status bar shows them with service_text; plain str labels work as before. The SMS-language setting
sits with the SMS settings. A small translator stands in for the .qm (its entries come later)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication

from app.progress import Progress
from app.texts import QT_TRANSLATE_NOOP, Text
from app.ui.main_window import TaskStatus
from app.ui.tasks import TaskRunner
from tests.ui.conftest import idle
from tests.ui.test_settings import shown

EPOCH = "product recommendations: epoch {epoch} of {epochs}"
PT = {("ML", EPOCH): "recomendações de produtos: época {epoch} de {epochs}",
      ("ML", "cross-validation"): "validação cruzada"}


class Portuguese(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        return PT.get((context, source))

    def isEmpty(self):
        return False


@pytest.fixture
def portuguese(qapp: QApplication) -> Iterator[None]:
    translator = Portuguese()
    assert qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def stepped(gates: list[threading.Event], labels: list[object], progress: Progress) -> None:
    """Shows each label in turn, waiting for the test to open the gate before the next."""
    progress.set_total(len(labels))
    for gate, label in zip(gates, labels):
        progress.set_label(label)  # type: ignore[arg-type]
        assert gate.wait(10), "the test did not go on"
        progress.advance()


def test_a_text_progress_label_is_shown_translated_and_plain_labels_still_work(qtbot: Any, runner: TaskRunner,
                                                                                 portuguese: None) -> None:
    status = TaskStatus(runner)
    qtbot.addWidget(status)
    epoch = Text(QT_TRANSLATE_NOOP("ML", EPOCH), epoch=2, epochs=10)
    gates = [threading.Event(), threading.Event()]
    emitted: list[object] = []
    task = runner.task(stepped, gates, [epoch, "Writing 3 rows"], lane="net").with_progress("Training the models…")
    task.signals.progressed.connect(lambda _done, _total, text: emitted.append(text))
    task.start()
    qtbot.waitUntil(lambda: status.label.text() == "recomendações de produtos: época 2 de 10", timeout=10000)
    assert any(isinstance(text, Text) and text.template == EPOCH for text in emitted), "the Text arrives whole"
    gates[0].set()
    qtbot.waitUntil(lambda: status.label.text() == "Writing 3 rows", timeout=10000)
    gates[1].set()
    idle(qtbot, runner)
    assert status.isHidden()


def test_the_status_bar_returns_to_a_task_in_its_current_text(qtbot: Any, runner: TaskRunner, portuguese: None) -> None:
    status = TaskStatus(runner)
    qtbot.addWidget(status)
    first, second = [threading.Event()], [threading.Event()]
    runner.task(stepped, first, [Text(QT_TRANSLATE_NOOP("ML", "cross-validation"))], lane="net") \
        .with_progress("Training the models…").start()
    qtbot.waitUntil(lambda: status.label.text() == "validação cruzada", timeout=10000)
    runner.task(stepped, second, ["Geocoding"], lane="net").with_progress("Geocoding leads…").start()
    qtbot.waitUntil(lambda: status.label.text() == "Geocoding (+1 more)", timeout=10000)
    second[0].set()
    qtbot.waitUntil(lambda: status.label.text() == "validação cruzada", timeout=10000)
    first[0].set()
    idle(qtbot, runner)


def test_the_sms_language_is_chosen_with_the_sms_settings(qtbot: Any, ctx: Any, runner: TaskRunner,
                                                          memory_keyring: Any) -> None:
    view = shown(qtbot, ctx, runner)
    assert view.sms_language.currentData() == "pt_BR"
    box = view.workspace_box
    assert box.sms_language_label.buddy() is view.sms_language
    assert "lead.segment" in box.sms_language_hint.text() and box.sms_language_hint.isVisibleTo(view)
    view.sms_language.setCurrentIndex(view.sms_language.findData("en"))
    qtbot.mouseClick(view.workspace_save, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert ctx.workspace.get("sms.language") == "en"
    assert ctx.workspace.get("sms.quiet_hours") == "08:00-20:00", "the other settings are left as they were"
    again = shown(qtbot, ctx, runner)
    assert again.sms_language.currentData() == "en"
