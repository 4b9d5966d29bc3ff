"""The words AIConnect itself puts into a lead's SMS, in the workspace's SMS language, without Qt.

The UI translates a `Text` with Qt's translator (app.ui.i18n.service_text); an SMS is written by the
services (outbox, automations worker, command line), which have no Qt and may run with the UI in
another language. They read the same translations from the .ts files the .qm are built from
(resources/i18n, bundled by packaging/aiconnect.spec), contexts "Services" then "ML":

    in_language(reason, "pt_BR")     # "Comprou 2× (última compra em 02/03/2024)"
    in_language(reason, "en")        # the English text, unchanged

A missing file, entry or value never raises: the English text is used. Dates read dd/mm/yyyy in
Portuguese (numbers with a decimal comma) and YYYY-MM-DD in English, as the English `Text` has them.
`MessageWords` loads what one batch of messages needs once: the segment names and the language.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import ModelVersion
from app.services.workspace.settings import value_in
from app.texts import CONTEXTS, Text, from_data

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

logger = logging.getLogger(__name__)

SKIPPED = {"unfinished", "obsolete", "vanished"}  # translations lrelease would not ship
DECIMAL_COMMA = ("pt",)  # languages that write 4,5 and 1.234


def i18n_dir() -> Path:
    """resources/i18n in a source checkout, or inside a PyInstaller bundle (as app.ui.i18n finds it)."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parents[3]
    return base / "resources" / "i18n"


@dataclass(frozen=True)
class Catalog:
    """One language's translations of the services' and models' templates."""

    language: str
    messages: Mapping[str, Mapping[str, str]]  # {context: {English template: translation}}

    @property
    def english(self) -> bool:
        return self.language == "en"

    def text(self, value: Any) -> str:
        """`value` in this language: a Text translated with its values; anything else as text."""
        if not isinstance(value, Text):
            return "" if value is None else str(value)
        template = None if self.english else self.template(value.template)
        if template is None:
            return value  # English, or not translated yet: the text as the model or service wrote it
        if not value.params:
            return template
        try:
            return template.format(**{name: self._value(v) for name, v in value.params.items()})
        except (KeyError, IndexError, ValueError, TypeError):
            logger.warning("the %s translation of %r does not fit its values", self.language, value.template)
            return str(value)

    def template(self, english: str) -> str | None:
        """The translation of an English template ("Services" first, then "ML"); None when it has none."""
        for context in CONTEXTS:
            translated = self.messages.get(context, {}).get(english)
            if translated:
                return translated
        return None

    def _value(self, value: Any) -> Any:
        if isinstance(value, Text):
            return self.text(value)
        if isinstance(value, datetime):
            return value.strftime("%d/%m/%Y %H:%M")
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        if self.language.split("_")[0] in DECIMAL_COMMA and isinstance(value, (int, float, Decimal)) \
                and not isinstance(value, bool):
            return _DecimalComma(value)
        return value


class _DecimalComma:
    """A number that formats with its spec, then swaps the separators: 1,234.5 -> 1.234,5."""

    def __init__(self, value: int | float | Decimal) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec).translate(_SWAP)

    def __str__(self) -> str:
        return format(self)


_SWAP = str.maketrans({".": ",", ",": "."})


def catalog(language: str, folder: Path | None = None) -> Catalog:
    """The translations of `language` (read once per file; English needs none)."""
    if language == "en":
        return Catalog("en", {})
    path = (folder or i18n_dir()) / f"aiconnect_{language}.ts"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        logger.warning("no translations for %s at %s: SMS words stay in English", language, path)
        return Catalog(language, {})
    return _read(path, stamp, language)


@cache
def _read(path: Path, stamp: int, language: str) -> Catalog:  # stamp: a rewritten file is read again
    import xml.etree.ElementTree as ET  # only when a message needs a translation, not at start

    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        logger.warning("cannot read translations %s (%s): SMS words stay in English", path, exc)
        return Catalog(language, {})
    messages: dict[str, dict[str, str]] = {}
    for context in root.iter("context"):
        name = context.findtext("name")
        if name in CONTEXTS:
            found = messages.setdefault(name, {})
            for message in context.iter("message"):
                entry = _entry(message)
                if entry is not None:
                    found[entry[0]] = entry[1]
    return Catalog(language, messages)


def _entry(message: Element) -> tuple[str, str] | None:
    """(source, translation) of a finished message without disambiguation; numerus: the first form."""
    source = message.findtext("source")
    translation = message.find("translation")
    if not source or translation is None or translation.get("type") in SKIPPED or message.findtext("comment"):
        return None
    forms = translation.findall("numerusform")
    text = forms[0].text if forms else translation.text
    return (source, text) if text else None


def in_language(value: Any, language: str, folder: Path | None = None) -> str:
    """A `Text` (and the Texts among its values) in `language` ("pt_BR" or "en"); see the module docstring."""
    return catalog(language, folder).text(value)


# --- the words of a batch of messages -----------------------------------------------------------------

class MessageWords:
    """The segment names and recommendation reasons a template shows, in the workspace's sms.language;
    built once per batch of messages (a bulk send renders thousands) inside the caller's session."""

    def __init__(self, session: Session, folder: Path | None = None) -> None:
        self.session = session
        self.catalog = catalog(value_in(session, "sms.language"), folder)

    def segment(self, stored: str | None) -> str | None:
        """The lead's segment as the model named it, translated; names without a Text stay as stored."""
        if stored is None:
            return None
        name = self._segments.get(stored)
        return self.catalog.text(name) if name is not None else stored

    def reason(self, stored: str | None, data: Any) -> str | None:
        """A recommendation's reason from its reason_data; rows without one keep the stored text."""
        text = from_data(data) if data is not None else None
        return self.catalog.text(text) if isinstance(text, Text) else stored

    @cached_property
    def _segments(self) -> dict[str, Text]:
        """{stored segment name: its name as a Text}, the active segmentation model last (as
        app.ml.insights.segment_texts reads them, but in this session)."""
        rows = self.session.scalars(select(ModelVersion.metrics).where(ModelVersion.kind == "segmentation")
                                    .order_by(ModelVersion.active, ModelVersion.version))
        names: dict[str, Text] = {}
        for metrics in rows:
            for stored, data in ((metrics or {}).get("segment_texts") or {}).items():
                name = from_data(data.get("name")) if isinstance(data, dict) else None
                if isinstance(name, Text):
                    names[stored] = name
        return names
