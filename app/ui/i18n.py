"""The UI language: install the app's and Qt's translators and the matching QLocale.

    applied = install_translator(app, "system")   # "system" | "en" | "pt_BR"

Calling it again switches language at runtime: Qt then sends QEvent.LanguageChange to every
widget; our widgets rebuild their texts in `retranslate()` from `changeEvent` (the main window
may instead rebuild itself on `SettingsView.language_changed`). Dates, numbers and money follow
QLocale's default, which this sets too (see app/ui/formatting.py).

Translation contexts are class names: PySide's `self.tr()` looks strings up under
`type(self).__name__`, so a translated widget must not be subclassed (or must use
QCoreApplication.translate with its base class name).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

logger = logging.getLogger(__name__)

LANGUAGES = ("system", "en", "pt_BR")
_installed: list[QTranslator] = []  # kept alive here: Qt does not own installed translators
_current = "en"


def service_text(value: object) -> str:
    """A message from app/services in the UI's language (see app/texts.py).

    A `Text` is looked up in the "Services" context (then "ML") and filled with its values (translated in
    turn when they are `Text`s); anything else is shown as it is. A translation that names a
    value the message does not have falls back to the English text rather than failing."""
    from app.texts import Text

    if not isinstance(value, Text):
        return str(value)
    template = _translated(value.template)
    if not value.params:
        return template
    try:
        return template.format(**{name: _shown(v) for name, v in value.params.items()})
    except (KeyError, IndexError, ValueError):
        logger.warning("translation of %r does not fit its values", value.template)
        return str(value)


def _translated(template: str) -> str:
    """The template in the UI's language: the services mark theirs in "Services", app/ml in "ML"."""
    from app.texts import CONTEXTS

    for context in CONTEXTS:
        translated = QCoreApplication.translate(context, template)
        if translated != template:
            return translated
    return template


def _shown(value: object) -> object:
    """A Text's value as the translation gets it: Texts translated, dates in the UI's locale,
    numbers kept as numbers (so "{share:.0%}" still formats)."""
    from datetime import date

    from app.texts import Text

    if isinstance(value, Text):
        return service_text(value)
    if isinstance(value, date):
        return QLocale().toString(QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat)
    return value


def i18n_dir() -> Path:
    """resources/i18n in a source checkout, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parents[2]
    return base / "resources" / "i18n"


def available_languages() -> list[tuple[str, str]]:
    """(code, label) for the language picker; each language's own name stays untranslated."""
    return [
        ("system", QCoreApplication.translate("Language", "System default")),
        ("en", "English"),
        ("pt_BR", "Português (Brasil)"),
    ]


def resolve(language: str, system: QLocale | None = None) -> str:
    """"en" or "pt_BR": "system" follows the computer's locale (any Portuguese -> pt_BR)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    if language == "system":
        system = system if system is not None else QLocale.system()
        return "pt_BR" if system.language() == QLocale.Language.Portuguese else "en"
    return language


def locale_for(language: str) -> QLocale:
    if language == "pt_BR":
        return QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def current_language() -> str:
    return _current


def install_translator(app: QApplication | QCoreApplication, language: str) -> str:
    """Switch the UI to `language`; returns the language applied ("en" or "pt_BR").

    Falls back to English (with a log warning) when the app's .qm is missing: run
    `make translations` (python -m tools.i18n_build) to build it.
    """
    global _current
    applied = resolve(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    own = _load(f"aiconnect_{applied}.qm", i18n_dir())
    if own is None and applied != "en":
        logger.warning("translations for %s are not built (missing %s); run `make translations`",
                       applied, i18n_dir() / f"aiconnect_{applied}.qm")
        applied = "en"
        own = _load("aiconnect_en.qm", i18n_dir())
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for translator in (own, _load(f"qtbase_{applied}.qm", qt_dir) if applied != "en" else None):
        if translator is not None and app.installTranslator(translator):
            _installed.append(translator)
    QLocale.setDefault(locale_for(applied))
    _current = applied
    logger.info("UI language: %s (asked for %s)", applied, language)
    return applied


def _load(filename: str, folder: Path) -> QTranslator | None:
    path = folder / filename
    if not path.exists():
        return None
    translator = QTranslator()
    return translator if translator.load(str(path)) else None


# --- labels for keys stored in the database -----------------------------------------------------

def stage_label(key: str, fallback: str | None = None) -> str:
    """The translated name of a pipeline stage key; unknown (custom) stages show their own name."""
    labels = {
        "new": QCoreApplication.translate("Stage", "New"),
        "contacted": QCoreApplication.translate("Stage", "Contacted"),
        "qualified": QCoreApplication.translate("Stage", "Qualified"),
        "proposal": QCoreApplication.translate("Stage", "Proposal"),
        "negotiation": QCoreApplication.translate("Stage", "Negotiation"),
        "won": QCoreApplication.translate("Stage", "Won"),
        "lost": QCoreApplication.translate("Stage", "Lost"),
    }
    return labels.get(key, fallback or key)


def interaction_kind_label(kind: str) -> str:
    """The translated name of an interaction kind (call, meeting, visit, note, sms_out, sms_in, email)."""
    labels = {
        "call": QCoreApplication.translate("InteractionKind", "Call"),
        "meeting": QCoreApplication.translate("InteractionKind", "Meeting"),
        "visit": QCoreApplication.translate("InteractionKind", "Visit"),
        "note": QCoreApplication.translate("InteractionKind", "Note"),
        "sms_out": QCoreApplication.translate("InteractionKind", "SMS sent"),
        "sms_in": QCoreApplication.translate("InteractionKind", "SMS received"),
        "email": QCoreApplication.translate("InteractionKind", "E-mail"),
    }
    return labels.get(kind, kind)
