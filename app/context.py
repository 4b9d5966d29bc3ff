"""The composition root's product: settings, the database, the current user and the services.

Built once by app.__main__ (or a test fixture) and handed to the CLI or the UI.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

from app.config import Settings, load_settings
from app.db.engine import Database
from app.db.migrate import upgrade
from app.services.feedback.votes import FeedbackService
from app.services.leads.interactions import InteractionService
from app.services.leads.leads import LeadService
from app.services.workspace.settings import WorkspaceSettings
from app.services.workspace.users import UserRecord, ensure_user, local_username

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
