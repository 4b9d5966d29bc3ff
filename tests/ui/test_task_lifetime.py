"""A Task dies on the UI thread: its signals object and its callbacks' widgets belong to it.

A pool thread that dropped the last reference to a finished Task deleted its signals object (a QObject
of the UI thread with queued events) on the wrong thread, and processEvents then crashed at random
(seen in CI after the lead dialog's conflict test, and at the app's exit).
"""

from __future__ import annotations

import threading
import weakref

from PySide6.QtWidgets import QLabel

from app.ui.tasks import TaskRunner

TASKS = 60


def test_every_finished_task_is_let_go_of_on_the_ui_thread(qtbot):
    runner = TaskRunner()
    ui_thread = threading.get_ident()
    died_on: list[int] = []
    delivered: list[str] = []
    label = QLabel()  # a widget a callback closes over, as screens do
    qtbot.addWidget(label)

    for n in range(TASKS):
        task = runner.task(str, n, lane="db" if n % 2 else "net")
        task.on_success(lambda text, shown=label: (shown.setText(text), delivered.append(text)))
        weakref.finalize(task, lambda: died_on.append(threading.get_ident()))
        task.start()
        del task
    qtbot.waitUntil(lambda: len(delivered) == TASKS and not runner.busy, timeout=10000)
    assert runner.wait_for_done()
    runner.shutdown()  # hands back what the pool threads finished last

    assert len(died_on) == TASKS
    assert set(died_on) == {ui_thread}
