"""Run one screen alone on a throwaway demo workspace: `python -m app.ui.leads.view` and the like
(STYLE.md §12, as every orange3 widget runs through WidgetPreview)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.config import Settings, load_settings
from app.context import AppContext, open_context
from app.logging_setup import setup_logging
from app.ui.application import install_language, make_application
from app.ui.tasks import TaskRunner


def preview(factory: Callable[[AppContext, TaskRunner], QWidget], *, leads: int = 300,
            size: tuple[int, int] | None = None) -> None:
    """Run `factory(ctx, runner)` alone on a throwaway demo workspace (or AICONNECT_HOME if set)."""
    app = make_application()
    install_language(app, os.environ.get("AICONNECT_LANG", "system"))
    with tempfile.TemporaryDirectory(prefix="aiconnect-preview-") as folder:
        settings = load_settings() if os.environ.get("AICONNECT_HOME") else Settings(
            home=Path(folder), database_url=f"sqlite:///{Path(folder) / 'preview.sqlite3'}")
        setup_logging(None)
        ctx = open_context(settings)
        from app.services.demo.generator import fill_on_first_start

        fill_on_first_start(ctx.db, ctx.user.id, leads=leads)
        runner = TaskRunner()
        widget = factory(ctx, runner)
        if size:
            widget.resize(*size)
        widget.show()
        code = app.exec()
        runner.wait_for_done()
        ctx.close()
    sys.exit(code)
