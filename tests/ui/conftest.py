"""Shared fixtures for the UI tests: a task runner that is drained at teardown, seeded leads,
and a main window on the test's workspace (its QSettings file lives in the temp data folder)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

from app.context import AppContext
from app.ui.tasks import TaskRunner

SEED = [
    # name, company, stage, city, tags, source
    ("João Silva", "Padaria Pão Quente", "contacted", "São Paulo", ["vip"], "Site"),
    ("Maria Souza", "Farmácia Nova Era", "won", "Recife", ["retail"], "Indicação"),
    ("José Santos", "Metalúrgica Santos", "new", "Curitiba", [], "Feira"),
    ("Ana Paula Lima", "Lima Transportes", "qualified", "Belo Horizonte", ["vip", "retail"], "Site"),
    ("Carlos Andrade", "Andrade & Filhos", "proposal", "Rio de Janeiro", [], "Google Ads"),
    ("Beatriz Costa", "", "lost", "Salvador", [], "Site"),
    ("Fernanda Rocha", "Rocha Alimentos", "negotiation", "Campinas", ["vip"], "Indicação"),
    ("Zé Carioca", "Carioca Bar", "new", "Rio de Janeiro", [], "Feira"),
]


@pytest.fixture(scope="session", autouse=True)
def widgets_deleted_before_the_application(qapp: QApplication) -> Iterator[None]:
    """Widgets the tests closed are only scheduled for deletion (deleteLater); QtWebEngine pages
    among them must really be gone before the application is, or the process crashes at exit
    ("Release of profile requested but WebEnginePage still not deleted")."""
    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session", autouse=True)
def english(qapp: QApplication) -> None:
    """English as the app installs it (the plural forms come from aiconnect_en.qm), so a test's
    texts do not depend on whether an earlier test switched the language."""
    from app.ui.i18n import install_translator

    install_translator(qapp, "en")


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Any) -> Iterator[None]:
    """Anything that uses QSettings' default location writes under the test's temp folder."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture(autouse=True)
def fresh_change_hub() -> Iterator[None]:
    """Each test gets its own change hub: what one test's screens announced never reaches the next."""
    from app.ui.changes import reset

    reset()
    yield
    reset()


@pytest.fixture
def runner(qtbot: Any, ctx: AppContext) -> Iterator[TaskRunner]:
    """The task runner, drained (and its callbacks delivered) before the database closes."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.cancel_all()
    qtbot.waitUntil(lambda: not task_runner.busy, timeout=30000)
    assert task_runner.wait_for_done(30000), "background tasks still running"
    QApplication.processEvents()


def idle(qtbot: Any, runner: TaskRunner, timeout: int = 15000) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=timeout)


@pytest.fixture
def seeded(ctx: AppContext) -> dict[str, int]:
    """A handful of leads with accents, stages, tags and sources; name -> id."""
    ids = {}
    for name, company, stage, city, tags, source in SEED:
        record = ctx.leads.create({"name": name, "company": company or None, "stage": stage, "city": city,
                                   "tags": tags, "source": source, "phone": "+55 11 98765-43" + f"{len(ids):02d}"})
        ids[name] = record.id
    when = datetime(2024, 5, 31, 14, 30, tzinfo=UTC)
    for i, kind in enumerate(("call", "visit", "note")):
        ctx.interactions.create({"lead_id": ids["João Silva"], "kind": kind, "occurred_at": when + timedelta(days=i),
                                 "duration_s": 300 if kind != "note" else None, "outcome": "Reached",
                                 "notes": f"Conversa número {i + 1} sobre o orçamento de pães"})
    return ids


@pytest.fixture
def window(qtbot: Any, ctx: AppContext, runner: TaskRunner, seeded: dict[str, int]) -> Any:
    """The main window on the seeded workspace, shown, with the lead list loaded."""
    from app.ui.main_window import MainWindow

    main = MainWindow(ctx, runner)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.leads.model.loaded, timeout=15000):
        main.show()
    idle(qtbot, runner)
    return main
