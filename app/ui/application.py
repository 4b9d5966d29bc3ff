"""The QApplication as AIConnect shows it: names, the Fusion style, a light palette, the style sheet
and the UI language. Used by the app, a screen run alone (app/ui/preview.py) and the tools."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.config import APP_NAME

logger = logging.getLogger(__name__)


def style_sheet() -> str:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    path = base / "resources" / "style" / "app.qss"
    try:
        return path.read_text(encoding="utf-8").replace("@STYLE_DIR@", path.parent.as_posix())
    except OSError:
        logger.info("no style sheet at %s; using the plain Fusion look", path)
        return ""


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our names, the Fusion style, a light palette and the style sheet."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)  # QtWebEngine (the map) needs it
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(light_palette())
    app.setStyleSheet(style_sheet())
    return app


def light_palette() -> QPalette:
    """A calm light palette, the same on every desktop (a dark system theme must not half-apply)."""
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#f5f6f8", QPalette.ColorRole.WindowText: "#1f2937",
        QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f8fafc",
        QPalette.ColorRole.Text: "#1f2937", QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: "#1f2937", QPalette.ColorRole.Highlight: "#dbe7fd",
        QPalette.ColorRole.HighlightedText: "#0f172a", QPalette.ColorRole.ToolTipBase: "#111827",
        QPalette.ColorRole.ToolTipText: "#f9fafb", QPalette.ColorRole.PlaceholderText: "#9ca3af",
        QPalette.ColorRole.Link: "#1d4ed8", QPalette.ColorRole.Mid: "#d1d5db", QPalette.ColorRole.Dark: "#9ca3af",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9ca3af"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9ca3af"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#9ca3af"))
    return palette


def install_language(app: QApplication, language: str) -> str:
    from app.ui.i18n import install_translator

    return install_translator(app, language)
