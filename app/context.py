"""The composition root's product: settings, the database, the current user and the services.

Built once per process by `open_context` (the CLI in app/cli/common.py, the desktop app in app/ui/app.py,
or a test fixture) and handed to the CLI or the UI. The outside systems
(Twilio, Google Maps) are wired here too, with their keys from the OS keyring: the UI and the CLI ask
the context for an outbox, a messaging worker or a geocoder instead of building one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.config import Settings, load_settings
from app.db.engine import Database
from app.db.migrate import upgrade
from app.errors import KnownError
from app.services.feedback.votes import FeedbackService
from app.services.leads.interactions import InteractionService
from app.services.leads.leads import LeadService
from app.services.workspace.settings import WorkspaceSettings
from app.services.workspace.users import UserRecord, ensure_user, local_username

if TYPE_CHECKING:  # messaging and Google are built on first use: the window opens without them
    from app.integrations.google_maps import Geocoder, RoutesClient
    from app.integrations.twilio_gateway import SmsGateway
    from app.services.messaging.automations import AutomationService
    from app.services.messaging.compliance import SendPolicy
    from app.services.messaging.outbox import Outbox
    from app.services.messaging.templates import TemplateService
    from app.services.messaging.worker import MessagingConfig, MessagingWorker
    from app.services.workspace.secrets import SecretStore

logger = logging.getLogger(__name__)


@dataclass
class AppContext:
    settings: Settings
    db: Database
    user: UserRecord

    @cached_property
    def leads(self) -> LeadService:
        return LeadService(self.db, self.user.id)

    @cached_property
    def interactions(self) -> InteractionService:
        return InteractionService(self.db, self.user.id)

    @cached_property
    def feedback(self) -> FeedbackService:
        return FeedbackService(self.db, self.user.id)

    @cached_property
    def workspace(self) -> WorkspaceSettings:
        return WorkspaceSettings(self.db, self.user.username)

    @cached_property
    def templates(self) -> TemplateService:
        from app.services.messaging.templates import TemplateService

        return TemplateService(self.db, self.user.id)

    @cached_property
    def secrets(self) -> SecretStore:
        """The OS keyring (looked up on every call, so a keyring unlocked later is seen)."""
        from app.services.workspace.secrets import SecretStore

        return SecretStore()

    # --- messaging: the workspace's settings are read on every call (a db-lane or net-lane call), so a
    # changed quiet hours, weekly cap, sender or rate applies to the next piece of work

    def messaging_config(self) -> MessagingConfig:
        """sms.* and twilio.sender of the workspace; AICONNECT_SMS_RATE wins over sms.rate."""
        from app.services.messaging.worker import MessagingConfig

        return MessagingConfig.load(self.workspace, self.settings.sms_rate)

    def send_policy(self) -> SendPolicy:
        """The quiet hours and the weekly cap, as they are set now."""
        return self.messaging_config().policy()

    def outbox(self, **options: Any) -> Outbox:
        """The outbox under the current send policy, queueing as this user (options: Outbox's, e.g. clock)."""
        from app.services.messaging.outbox import Outbox

        return Outbox(self.db, self.send_policy(), actor_id=self.user.id, **options)

    def automations(self, **options: Any) -> AutomationService:
        from app.services.messaging.automations import AutomationService

        return AutomationService(self.db, self.send_policy(), actor_id=self.user.id, **options)

    def twilio_gateway(self, sender: str) -> SmsGateway:
        """Twilio with the keyring's credentials; GatewayNotConfigured when they are missing or the keyring
        cannot be read (as far as sending goes, the same as not set up)."""
        from app.integrations.twilio_gateway import GatewayNotConfigured, gateway_from_keyring

        try:
            return gateway_from_keyring(sender, self.settings.twilio_api_url, store=self.secrets)
        except GatewayNotConfigured:
            raise
        except KnownError as exc:
            raise GatewayNotConfigured(str(exc)) from None

    def messaging_worker(self, **options: Any) -> MessagingWorker:
        """The worker the app and `aiconnect automations run` run: settings from the workspace on every pass,
        Twilio from the keyring, scores of changed leads refreshed before each pass (options: MessagingWorker's)."""
        from app.services.messaging.worker import MessagingWorker

        options.setdefault("config", self.messaging_config)
        options.setdefault("gateway_factory", self.twilio_gateway)
        options.setdefault("actor_id", self.user.id)
        options.setdefault("before_pass", self._refresh_scores)
        return MessagingWorker(self.db, **options)

    def _refresh_scores(self) -> None:
        from app.ml.refresh import refresh_scores_quietly

        refresh_scores_quietly(self.db, self.settings.models_dir)

    # --- Google Maps: MapsKeyMissing without a key, SecretsUnavailable without a keyring

    def geocoder(self, **options: Any) -> Geocoder:
        from app.integrations.google_maps import Geocoder

        return Geocoder.from_settings(self.settings, self.secrets, **options)

    def router(self, **options: Any) -> RoutesClient:
        from app.integrations.google_maps import RoutesClient

        return RoutesClient.from_settings(self.settings, self.secrets, **options)

    def on_database_wait(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Hear (on the waiting thread) when a statement has waited a moment for another writer of the SQLite
        workspace (app/db/engine.py); returns the function that stops it."""
        from app.db.engine import add_wait_listener

        return add_wait_listener(listener)

    def backup_if_due(self) -> Path | None:
        """A daily copy of a local (SQLite) workspace when the newest backup is a day old (app/db/backup.py);
        None when none was due or the workspace is a team's (backed up on its server)."""
        from app.db import backup

        if self.settings.sqlite_path is None:
            return None
        return backup.take_if_due(self.settings.sqlite_path, self.settings.backups_dir)

    def close(self) -> None:
        self.db.dispose()


def open_context(settings: Settings | None = None, *, migrate: bool = True, username: str | None = None) -> AppContext:
    """Open the configured database, migrate it (after a backup) and make sure the user exists."""
    settings = settings or load_settings()
    settings.ensure_dirs()
    db = Database(settings.database_url)
    if migrate:
        upgrade(db.engine, settings.backups_dir)
    user = ensure_user(db, username or local_username())
    return AppContext(settings=settings, db=db, user=user)
