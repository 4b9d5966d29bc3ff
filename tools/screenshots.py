"""`python -m tools.screenshots FOLDER` (what `make screenshots` runs): PNGs of every main screen.

A throwaway workspace gets the demo data; the main window opens offscreen at a fixed size and
each screen is grabbed once its background work has settled. English for every screen, and
pt-BR for a few (when the translations are built).
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if hasattr(os, "geteuid") and os.geteuid() == 0:  # QtWebEngine (the map) refuses to start as root without it
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.config import Settings
from app.context import AppContext, open_context
from app.services.leads.search import LeadQuery, lead_ids
from app.ui.application import install_language, make_application
from app.ui.leads.model import COLUMN_INDEX
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from tests.fakes.twilio_server import FakeTwilio

logger = logging.getLogger(__name__)

SIZE = (1400, 860)
PLANNED = ("messages", "analytics", "feedback")
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
        # processEvents() leaves widgets passed to deleteLater() on screen (only an event loop deletes them)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if not runner.busy and time.monotonic() - started > minimum_ms / 1000:
            app.processEvents()
            return
        time.sleep(0.01)
    logger.warning("background work did not settle within %.0f s", timeout_s)


def busiest_lead(ctx: AppContext) -> int:
    """A lead with a long timeline, so the detail screenshot has something to show."""
    candidates = lead_ids(ctx.db, LeadQuery(order_by="last_interaction_at", descending=True, limit=40))
    return max(candidates, key=lambda lead_id: len(ctx.interactions.timeline(lead_id)))


def lead_with_recommendations(ctx: AppContext, kind: str) -> int | None:
    from sqlalchemy import select

    from app.db.models import Recommendation

    with ctx.db.session() as session:
        return session.scalar(select(Recommendation.lead_id).where(Recommendation.kind == kind)
                              .order_by(Recommendation.lead_id).limit(1))


def seed_messages(ctx: AppContext) -> None:
    """Two templates and a bulk send queued for the Messages screenshots (nothing goes out: no sender runs)."""
    templates = ctx.templates
    templates.save("Boas-vindas", "Olá {{ lead.name | primeiro_nome }}, aqui é {{ owner.first_name | default(\"a equipe\") }}"
                   " da AIConnect. Posso ajudar com o seu orçamento?", "first contact after a lead arrives")
    templates.save("Lembrete de visita", "Oi {{ lead.first_name }}! Lembrete: passamos aí {{ hoje | data(\"longa\") }}."
                   "{% if lead.company %} Até logo, {{ lead.company }}!{% endif %}", "the day of a visit")
    ids = lead_ids(ctx.db, LeadQuery(order_by="last_interaction_at", descending=True, limit=60))
    outbox = ctx.outbox()
    report = outbox.enqueue(ids, template="Boas-vindas", kind="bulk")
    outbox.cancel(report.message_ids[:3])


class ShotClock:
    """The worker's and the fake Twilio's clock: 11:00 in São Paulo hours before now, so quiet hours never hold
    these messages whenever the screenshots are taken, and nothing queued at the real time falls due."""

    def __init__(self) -> None:
        earlier = datetime.now(UTC) - timedelta(hours=3)
        anchor = earlier.replace(hour=14, minute=0, second=0, microsecond=0)
        self.current = anchor if anchor <= earlier else anchor - timedelta(days=1)

    def now(self) -> datetime:
        return self.current

    def advance(self, minutes: float) -> None:
        self.current += timedelta(minutes=minutes)


@contextmanager
def fake_twilio(clock: ShotClock) -> Iterator[FakeTwilio]:
    """The stateful fake Twilio of the test suite on 127.0.0.1, with its credentials in an in-memory keyring for this
    process (a developer tool: the screenshots need delivered and failed messages, and no real SMS may go out)."""
    import keyring

    from app.services.workspace.secrets import SecretStore
    from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio
    from tests.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    fake = FakeTwilio(now=clock.now).start()
    try:
        SecretStore().set("twilio.account_sid", ACCOUNT_SID)
        SecretStore().set("twilio.auth_token", AUTH_TOKEN)
        yield fake
    finally:
        fake.stop()
        MemoryKeyring.clear()
        keyring.set_keyring(previous)


def deliver_messages(ctx: AppContext, fake: FakeTwilio, clock: ShotClock) -> int | None:
    """Real traffic for the Messages screen and the SMS thread: a handful of messages queued through the Outbox, sent
    by the MessagingWorker to the fake Twilio, which delivers some and fails others (21610 and 21211 at once,
    30003 and 30005 later), a reply, and delivery status polled by sms_sync. Returns the lead whose thread shows it all."""
    from dataclasses import replace

    from tests.fakes.twilio_server import NUMBER

    ctx.workspace.set("twilio.sender", NUMBER)
    config = replace(ctx.messaging_config(), rate=50.0)
    worker = ctx.messaging_worker(config=lambda: config, clock=clock.now, before_pass=None)
    outbox = ctx.outbox(clock=clock.now)
    leads = [i for i in lead_ids(ctx.db, LeadQuery(order_by="name", limit=200)) if _textable(ctx, i)][:7]
    if len(leads) < 7:
        logger.warning("the demo workspace has too few leads that accept SMS for the delivery screenshots")
        return None
    phones = {i: ctx.leads.get(i).phone for i in leads}
    showcase, others = leads[0], leads[1:]
    outcomes = [("delivered", None), ("delivered", None), ("undelivered", 30003), ("failed", 30005)]
    for lead_id, (status, code) in zip(others, outcomes, strict=False):
        fake.set_outcome(phones[lead_id], status, code)
    fake.reject(phones[others[4]], 21610)  # replied STOP to this sender earlier
    fake.reject(phones[others[5]], 21211)
    body = "Oi {{ lead.first_name }}, aqui é {{ owner.first_name | default(\"a equipe\") }}. Recebeu o orçamento?"
    try:
        outbox.enqueue([showcase, *others], body=body)
        worker.run_once()
        clock.advance(12)
        fake.inject_inbound(phones[showcase], "Recebi sim! Pode me ligar amanhã de manhã?")
        fake.set_outcome(phones[showcase], "undelivered", 30003)
        worker.run_once()  # the reply, then the status of the first messages
        outbox.enqueue([showcase], body="Combinado, {{ lead.first_name }}! Ligo amanhã às 9h.")
        worker.run_once()
        clock.advance(15)
        worker.run_once()  # the follow-up was not delivered (handset off)
        fake.set_outcome(phones[showcase], "delivered")
        outbox.enqueue([showcase], body="Tentando de novo: ligo amanhã às 9h, {{ lead.first_name }}.")
        worker.run_once()  # handed to Twilio; its status is not due yet: it stays "sent"
    finally:
        worker.close()
    return showcase


def _textable(ctx: AppContext, lead_id: int) -> bool:
    from app.services.messaging.compliance import recipient_problem
    from app.services.messaging.outbox import load_lead

    with ctx.db.session() as session:
        return recipient_problem(load_lead(session, lead_id)) is None


class Shooter:
    def __init__(self, app: QApplication, ctx: AppContext, folder: Path, work: Path, showcase: int | None = None) -> None:
        self.app = app
        self.ctx = ctx
        self.folder = folder
        self.work = work
        self.showcase = showcase  # the lead whose SMS thread has delivered, failed and replied messages
        self.saved: list[Path] = []

    def grab(self, widget: QWidget, name: str) -> None:
        path = self.folder / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)

    def window(self, language: str) -> tuple[QWidget, TaskRunner]:
        from app.ui.main_window import MainWindow
        from tests.fakes.map_stub import ScriptInterceptor

        install_language(self.app, language)
        runner = TaskRunner()
        # the map runs on the test/dev stub of Google's script: markers without a key or network
        window = MainWindow(self.ctx, runner, screen_options={"map": {"interceptor": ScriptInterceptor("stub")}})
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
        self.machine_learning(window, runner)
        leads.search.setText("silva")
        self.shot(window, runner, "leads-search")
        leads.clear_filters()
        self.map_screens(window, runner)
        for key in ("pipeline", "settings", *PLANNED):
            window.show_screen(key)  # type: ignore[attr-defined]
            self.shot(window, runner, key)
        self.messaging(window, runner)
        self.automations(window, runner)
        window.show_screen("leads")  # type: ignore[attr-defined]
        self.dialogs(window, runner, "")
        self.close(window, runner)

    def machine_learning(self, window: QWidget, runner: TaskRunner) -> None:
        """The score popover, a lead with recommendations and both Insights tabs."""
        leads = window.leads  # type: ignore[attr-defined]
        leads.table.sortByColumn(COLUMN_INDEX["score"], Qt.SortOrder.DescendingOrder)
        settle(self.app, runner)
        row = leads.model.rowCount() // 4  # a lead in the middle of the range: reasons both ways
        leads.table.selectRow(row)
        leads.explain_score(row)
        settle(self.app, runner)
        self.grab(leads.score_popover, "score-popover")
        leads.score_popover.close()
        for kind, name in (("next_action", "lead-recommendations"), ("product", "lead-products")):
            leads.open_lead(lead_with_recommendations(self.ctx, kind) or busiest_lead(self.ctx))
            settle(self.app, runner)
            # scroll the facts to the recommendations (the products are the last part of it)
            bar = leads.detail.facts_scroll.verticalScrollBar()
            title = leads.detail.recommendations.title
            bar.setValue(bar.maximum() if kind == "product" else title.mapTo(leads.detail.facts_scroll.widget(),
                                                                              title.rect().topLeft()).y())
            self.shot(window, runner, name)
        leads.close_detail()
        leads.table.sortByColumn(COLUMN_INDEX["name"], Qt.SortOrder.AscendingOrder)
        window.show_screen("insights")  # type: ignore[attr-defined]
        insights = window.page("insights")  # type: ignore[attr-defined]
        self.shot(window, runner, "insights-segments")
        insights.tabs.setCurrentIndex(1)
        self.shot(window, runner, "insights-models")
        insights.tabs.setCurrentIndex(0)
        window.show_screen("leads")  # type: ignore[attr-defined]

    def map_screens(self, window: QWidget, runner: TaskRunner) -> None:
        """The map with the test/dev stub of Google's script (markers without a key or network) and a
        planned route, then the same screen offline: banner and offline route sheet."""
        window.show_screen("map")  # type: ignore[attr-defined]
        view = window.page("map")  # type: ignore[attr-defined]
        placed: list[int] = []
        view.markers_placed.connect(placed.append)
        self.wait(runner, lambda: bool(placed) or view.state == "offline")
        stops = lead_ids(self.ctx.db, LeadQuery(limit=400))
        from app.services.maps.map_reads import lead_infos

        infos = lead_infos(self.ctx.db, stops)
        located = [i for i in stops if infos[i].lat is not None]
        if located:
            first = infos[located[0]]
            near = sorted(located, key=lambda i: abs(infos[i].lat - first.lat) + abs(infos[i].lng - first.lng))  # type: ignore[operator]
            planned: list[object] = []
            view.route_planned.connect(planned.append)
            view.day_plan.add_to_plan(near[:6])
            settle(self.app, runner)
            view.day_plan.plan_route()
            self.wait(runner, lambda: bool(planned))
            shown: list[int] = []
            view.info_shown.connect(shown.append)
            view.run_js(f"aic.selectLead({near[1]})")  # an info window, as a click on the marker opens it
            self.wait(runner, lambda: bool(shown))
        self.shot(window, runner, "map")
        sheets: list[object] = []
        view.offline_sheet_ready.connect(sheets.append)
        if view.view is not None:
            view.interceptor.set_mode("block")  # as if the network were gone
        view.retry_ms = 3_600_000
        view.load_page()
        self.wait(runner, lambda: bool(sheets))
        self.shot(window, runner, "map-offline")
        view.day_plan.clear_plan()
        window.show_screen("leads")  # type: ignore[attr-defined]

    def wait(self, runner: TaskRunner, done: Callable[[], bool], timeout_s: float = 30.0) -> None:
        started = time.monotonic()
        while not done() and time.monotonic() - started < timeout_s:
            self.app.processEvents()
            time.sleep(0.01)
        settle(self.app, runner)

    def automations(self, window: QWidget, runner: TaskRunner) -> None:
        """The Automations screen with its log, the automation editor, and a lead's SMS thread and sequences."""
        from app.services.messaging.conversation import lead_thread
        from app.ui.automations.editor import AutomationEditor
        from app.ui.automations.view import load_activity

        window.show_screen("automations")  # type: ignore[attr-defined]
        view = window.page("automations")  # type: ignore[attr-defined]
        settle(self.app, runner)
        view.table.selectRow(min(2, view.model.rowCount() - 1))
        self.shot(window, runner, "automations")
        editor = AutomationEditor(self.ctx, runner, view.selected(), window)
        editor.open()
        settle(self.app, runner)
        self.grab(editor, "automation-editor")
        editor.reject()
        enrolled = max({line.lead_id for line in load_activity(self.ctx, None)},
                       key=lambda i: len(lead_thread(self.ctx.db, i)))
        self.lead_tab(window, runner, self.showcase or enrolled, 1, "lead-sms")
        self.lead_tab(window, runner, enrolled, 2, "lead-sequences")

    def lead_tab(self, window: QWidget, runner: TaskRunner, lead_id: int, tab: int, name: str) -> None:
        """A tab of the lead detail (1: the SMS thread, 2: the sequences)."""
        window.open_lead(lead_id)  # type: ignore[attr-defined]
        tabs = window.leads.detail.sms_panel.tabs  # type: ignore[attr-defined]
        settle(self.app, runner)
        tabs.setCurrentIndex(tab)
        self.shot(window, runner, name)
        tabs.setCurrentIndex(0)
        window.leads.close_detail()  # type: ignore[attr-defined]

    def messaging(self, window: QWidget, runner: TaskRunner) -> None:
        """The outbox with a message selected, the template editor, and the compose dialog for the whole list."""
        from app.ui.messaging.compose import ComposeDialog, audiences_for_leads

        view = self.messages_screen(window, runner)
        self.shot(window, runner, "messages-detail")
        view.tabs.setCurrentIndex(1)
        self.shot(window, runner, "messages-templates")
        view.tabs.setCurrentIndex(0)
        window.show_screen("leads")  # type: ignore[attr-defined]
        leads = window.leads  # type: ignore[attr-defined]
        audiences = audiences_for_leads([], None, leads.current_query(), leads.model.rowCount())
        dialog = ComposeDialog(self.ctx, runner, audiences, window)
        dialog.open()
        started = time.monotonic()
        while dialog.setup is None and time.monotonic() - started < 30:
            self.app.processEvents()
            time.sleep(0.01)
        dialog.template_combo.setCurrentIndex(1)
        dialog.template_combo.activated.emit(1)
        dialog.show_recipient(2)
        while (dialog.report is None or not dialog.bubble.text()) and time.monotonic() - started < 60:
            self.app.processEvents()
            time.sleep(0.01)
        settle(self.app, runner)
        self.grab(dialog, "compose")
        dialog.reject()

    def messages_screen(self, window: QWidget, runner: TaskRunner) -> QWidget:
        """The Messages screen with an undelivered message selected (its reason in the detail below)."""
        from app.ui.messaging.model import StateRole

        window.show_screen("messages")  # type: ignore[attr-defined]
        view = window.page("messages")  # type: ignore[attr-defined]
        settle(self.app, runner)
        rows = range(view.model.rowCount())
        row = next((r for r in rows if view.model.index(r, 0).data(StateRole) == "undelivered"), 4)
        view.table.selectRow(row)
        settle(self.app, runner)
        return view  # type: ignore[no-any-return]

    def portuguese(self) -> None:
        window, runner = self.window("pt_BR")
        leads = window.leads  # type: ignore[attr-defined]
        leads.open_lead(busiest_lead(self.ctx))
        self.shot(window, runner, "pt_BR-lead-detail")
        leads.close_detail()
        self.shot(window, runner, "pt_BR-leads-list")
        window.show_screen("pipeline")  # type: ignore[attr-defined]
        self.shot(window, runner, "pt_BR-pipeline")
        self.messages_screen(window, runner)
        self.shot(window, runner, "pt_BR-messages")
        window.show_screen("leads")  # type: ignore[attr-defined]
        if self.showcase is not None:
            self.lead_tab(window, runner, self.showcase, 1, "pt_BR-lead-sms")
        self.dialogs(window, runner, "pt_BR-", only_import=True)
        self.close(window, runner)

    def dialogs(self, window: QWidget, runner: TaskRunner, prefix: str, only_import: bool = False) -> None:
        from app.ui.leads.dialog import LeadDialog
        from app.ui.transfer.dialogs import ImportWizard

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
    clock = ShotClock()
    with tempfile.TemporaryDirectory(prefix="aiconnect-shots-") as temp, fake_twilio(clock) as fake:
        work = Path(temp)
        settings = Settings(home=work, database_url=f"sqlite:///{work / 'shots.sqlite3'}", twilio_api_url=fake.url)
        ctx = open_context(settings, username="ana")
        from app.services.demo.generator import fill_on_first_start

        fill_on_first_start(ctx.db, ctx.user.id, leads=leads)
        seed_messages(ctx)
        showcase = deliver_messages(ctx, fake, clock)  # after the queued bulk send, which stays queued (not due yet)
        from app.ui.automations.view import seed_demo_automations

        seed_demo_automations(ctx)  # automations, their enrolments and queued messages
        from app.ml.insights import retrain

        retrain(ctx.db, ctx.settings.models_dir)  # scores, segments and recommendations to show
        shooter = Shooter(app, ctx, folder, work, showcase)
        steps: dict[str, Callable[[], None]] = {"en": shooter.english, "pt_BR": shooter.portuguese}
        for language in languages:
            steps[language]()
        install_language(app, "en")
        for widget in app.topLevelWidgets():  # web pages must go before the application does (else a crash at exit)
            widget.close()
            widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        ctx.close()
    return shooter.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.splitlines()[0])
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
