"""`python -m app.ui.screenshots FOLDER` (what `make screenshots` runs): PNGs of every main screen.

A throwaway workspace gets the demo data; the main window opens offscreen at a fixed size and
each screen is grabbed once its background work has settled. English for every screen, and
pt-BR for a few (when the translations are built).
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.config import Settings
from app.context import AppContext, open_context
from app.services.search import LeadQuery, lead_ids
from app.ui.app import install_language, make_application
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

SIZE = (1400, 860)
PLANNED = ("map", "messages", "automations", "analytics", "feedback")
SAMPLE_ROWS = [
    ["Nome", "Empresa", "Telefone", "E-mail", "Cidade", "UF", "Etapa", "Origem", "Observação"],
    ["Mariana Lopes", "Padaria Pão Quente", "(11) 98765-4321", "mariana@paoquente.com.br", "São Paulo", "SP", "novo",
     "Indicação", "Quer orçamento"],
    ["Carlos Andrade", "Andrade & Filhos", "21 99876 5432", "carlos@andrade.com", "Rio de Janeiro", "RJ", "contacted",
     "Site", ""],
    ["Ana Beatriz Souza", "", "123", "ana.souza@", "Belo Horizonte", "MG", "new", "Feira", "Telefone inválido"],
    ["João Pedro Lima", "Lima Transportes", "+55 41 3322-1100", "jp@limatransportes.com.br", "Curitiba", "PR",
     "qualified", "Google Ads", ""],
]


def settle(app: QApplication, runner: TaskRunner, minimum_ms: int = 250, timeout_s: float = 30.0) -> None:
    """Process events until the runner is idle (and at least `minimum_ms` passed): a script, not a test."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        app.processEvents()
        if not runner.busy and time.monotonic() - started > minimum_ms / 1000:
            app.processEvents()
            return
        time.sleep(0.01)
    logger.warning("background work did not settle within %.0f s", timeout_s)


def busiest_lead(ctx: AppContext) -> int:
    """A lead with a long timeline, so the detail screenshot has something to show."""
    candidates = lead_ids(ctx.db, LeadQuery(order_by="last_interaction_at", descending=True, limit=40))
    return max(candidates, key=lambda lead_id: len(ctx.interactions.timeline(lead_id)))


class Shooter:
    def __init__(self, app: QApplication, ctx: AppContext, folder: Path, work: Path) -> None:
        self.app = app
        self.ctx = ctx
        self.folder = folder
        self.work = work
        self.saved: list[Path] = []

    def grab(self, widget: QWidget, name: str) -> None:
        path = self.folder / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)

    def window(self, language: str) -> tuple[QWidget, TaskRunner]:
        from app.ui.main_window import MainWindow

        install_language(self.app, language)
        runner = TaskRunner()
        window = MainWindow(self.ctx, runner)
        window.resize(*SIZE)
        window.show()
        settle(self.app, runner, 600)
        return window, runner

    def english(self) -> None:
        window, runner = self.window("en")
        leads = window.leads  # type: ignore[attr-defined]
        leads.table.selectRow(2)
        self.shot(window, runner, "leads-list")
        leads.open_lead(busiest_lead(self.ctx))
        self.shot(window, runner, "lead-detail")
        leads.close_detail()
        leads.search.setText("silva")
        self.shot(window, runner, "leads-search")
        leads.clear_filters()
        for key in ("pipeline", "settings", *PLANNED):
            window.show_screen(key)  # type: ignore[attr-defined]
            self.shot(window, runner, key)
        window.show_screen("leads")  # type: ignore[attr-defined]
        self.dialogs(window, runner, "")
        self.close(window, runner)

    def portuguese(self) -> None:
        window, runner = self.window("pt_BR")
        leads = window.leads  # type: ignore[attr-defined]
        leads.open_lead(busiest_lead(self.ctx))
        self.shot(window, runner, "pt_BR-lead-detail")
        leads.close_detail()
        self.shot(window, runner, "pt_BR-leads-list")
        window.show_screen("pipeline")  # type: ignore[attr-defined]
        self.shot(window, runner, "pt_BR-pipeline")
        window.show_screen("leads")  # type: ignore[attr-defined]
        self.dialogs(window, runner, "pt_BR-", only_import=True)
        self.close(window, runner)

    def dialogs(self, window: QWidget, runner: TaskRunner, prefix: str, only_import: bool = False) -> None:
        from app.ui.lead_dialog import LeadDialog
        from app.ui.transfer_dialogs import ImportWizard

        wizard = ImportWizard(self.ctx, runner, window)
        wizard.path_edit.setText(str(self.sample_csv()))
        wizard.open()
        wizard.next()
        settle(self.app, runner)
        self.grab(wizard, f"{prefix}import-mapping")
        wizard.next()
        settle(self.app, runner)
        self.grab(wizard, f"{prefix}import-check")
        wizard.reject()
        if only_import:
            return
        dialog = LeadDialog(self.ctx, runner, busiest_lead(self.ctx), window)
        dialog.open()
        settle(self.app, runner)
        self.grab(dialog, f"{prefix}lead-edit")
        dialog.reject()

    def shot(self, window: QWidget, runner: TaskRunner, name: str) -> None:
        settle(self.app, runner)
        self.grab(window, name)

    def close(self, window: QWidget, runner: TaskRunner) -> None:
        window.close()
        runner.wait_for_done()
        settle(self.app, runner, 50)
        window.deleteLater()
        self.app.processEvents()

    def sample_csv(self) -> Path:
        path = self.work / "leads-planilha.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=";").writerows(SAMPLE_ROWS)
        return path


def take(folder: Path, *, leads: int = 300, languages: tuple[str, ...] = ("en", "pt_BR")) -> list[Path]:
    """Write the screenshots into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    app = make_application()
    with tempfile.TemporaryDirectory(prefix="aiconnect-shots-") as temp:
        work = Path(temp)
        settings = Settings(home=work, database_url=f"sqlite:///{work / 'shots.sqlite3'}")
        ctx = open_context(settings, username="ana")
        from app.services.demo import fill_on_first_start

        fill_on_first_start(ctx, leads=leads)
        shooter = Shooter(app, ctx, folder, work)
        steps: dict[str, Callable[[], None]] = {"en": shooter.english, "pt_BR": shooter.portuguese}
        for language in languages:
            steps[language]()
        install_language(app, "en")
        ctx.close()
    return shooter.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.ui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the PNG files go (e.g. docs/screenshots)")
    parser.add_argument("--leads", type=int, default=300, help="demo leads in the throwaway workspace")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    saved = take(args.folder, leads=args.leads)
    for path in saved:
        print(path)
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
