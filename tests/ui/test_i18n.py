"""Translations build, load and are complete; dates, money and numbers follow the language.

If a test here fails after you added or changed UI text:
    python -m tools.i18n_build --update
then translate the new entries of resources/i18n/aiconnect_pt_BR.ts (and the plural forms in
aiconnect_en.ts) by hand, e.g. with pyside6-linguist.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from app.ui.formatting import DurationWords, format_date, format_datetime, format_duration, format_money, format_number
from app.ui.i18n import (
    available_languages,
    current_language,
    install_translator,
    interaction_kind_label,
    locale_for,
    resolve,
    stage_label,
)
from tools import i18n_build

ROOT = Path(__file__).resolve().parents[2]
PT = locale_for("pt_BR")
EN = locale_for("en")
PLACEHOLDER = re.compile(r"%L?n|%\d|\{[a-z_]+\}")


def messages(path: Path) -> list[tuple[str, ET.Element]]:
    """(context name, <message>) for every message of a .ts file."""
    root = ET.parse(path).getroot()
    return [(context.findtext("name") or "", message) for context in root.findall("context")
            for message in context.findall("message")]


def keys(path: Path) -> set[tuple[str, str, str]]:
    return {(context, m.findtext("source") or "", m.findtext("comment") or "") for context, m in messages(path)}


@pytest.fixture(scope="module")
def built() -> None:
    """The real .qm files, as `make translations` builds them."""
    i18n_build.release()


@pytest.fixture
def language(qapp: QApplication, built: None) -> Iterator[None]:
    yield
    install_translator(qapp, "en")  # the rest of the suite expects English


@pytest.fixture
def sao_paulo_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Sao_Paulo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- building ------------------------------------------------------------------------------------

def test_qm_files_build_from_a_fresh_clone(tmp_path: Path) -> None:
    for language in i18n_build.LANGUAGES:
        shutil.copy(i18n_build.ts_path(language), tmp_path)
    built = i18n_build.release(tmp_path)
    assert sorted(p.name for p in built) == ["aiconnect_en.qm", "aiconnect_pt_BR.qm"]
    assert all(p.stat().st_size > 100 for p in built)


def test_the_build_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "aiconnect_pt_BR.ts").write_text('<?xml version="1.0"?><TS version="2.1"><context>', encoding="utf-8")
    with pytest.raises(i18n_build.BuildError, match="lrelease failed"):
        i18n_build.release(tmp_path)
    (tmp_path / "aiconnect_pt_BR.ts").unlink()
    with pytest.raises(i18n_build.BuildError, match="missing"):
        i18n_build.release(tmp_path)


def test_the_build_command_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "tools.i18n_build"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert i18n_build.qm_path("pt_BR").exists()


# --- completeness: keeps the translations honest ----------------------------------------------------

def test_ts_files_cover_every_source_string(tmp_path: Path) -> None:
    """Running lupdate over app/ui must change nothing: every string is in the .ts, none is stale."""
    for language in i18n_build.LANGUAGES:
        shutil.copy(i18n_build.ts_path(language), tmp_path)
    i18n_build.update(tmp_path)
    for language in i18n_build.LANGUAGES:
        before, after = keys(i18n_build.ts_path(language)), keys(i18n_build.ts_path(language, tmp_path))
        assert not after - before, f"not in aiconnect_{language}.ts yet (run i18n_build --update): {sorted(after - before)}"
        assert not before - after, f"no longer in the code (run i18n_build --update): {sorted(before - after)}"
    for context, message in messages(i18n_build.ts_path("pt_BR")):
        assert context, f"lupdate could not tell the context of {message.findtext('source')!r}: call " \
                        "self.tr() or QCoreApplication.translate('Context', 'literal') directly, not through an alias"


@pytest.mark.parametrize("language", i18n_build.LANGUAGES)
def test_no_translation_is_left_unfinished(language: str) -> None:
    problems = []
    for context, message in messages(i18n_build.ts_path(language)):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        where = f"{context}: {source!r}"
        if translation.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{where} is {translation.get('type')}")
            continue
        forms = [f.text or "" for f in translation.findall("numerusform")] if message.get("numerus") == "yes" \
            else [translation.text or ""]
        if message.get("numerus") == "yes" and len(forms) != 2:
            problems.append(f"{where} needs singular and plural forms")
        for form in forms:
            if not form.strip():
                problems.append(f"{where} has an empty translation")
            elif sorted(set(PLACEHOLDER.findall(form))) != sorted(set(PLACEHOLDER.findall(source))):
                problems.append(f"{where} -> {form!r} does not keep the placeholders")
            elif _mnemonics(source) != _mnemonics(form):
                problems.append(f"{where} -> {form!r} should keep one & shortcut letter")
    assert not problems, "\n".join(problems)


def _mnemonics(text: str) -> int:
    return len(re.findall(r"&(?!&)\w", text.replace("&&", "")))


def test_portuguese_uses_the_crm_vocabulary() -> None:
    translated = {(context, m.findtext("source")): m.findtext("translation") for context, m in
                  messages(i18n_build.ts_path("pt_BR"))}
    assert translated[("Stage", "Won")] == "Ganho"
    assert translated[("InteractionKind", "Call")] == "Ligação"
    assert translated[("InteractionKind", "Meeting")] == "Reunião"
    assert translated[("PipelineView", "&Owner:")] == "&Responsável:"
    assert translated[("SettingsView", "Credentials")] == "Credenciais"


# --- loading ------------------------------------------------------------------------------------------

def test_install_translator_switches_language(qapp: QApplication, language: None) -> None:
    assert install_translator(qapp, "pt_BR") == "pt_BR"
    assert current_language() == "pt_BR"
    assert stage_label("won") == "Ganho"
    assert stage_label("custom_stage", "Pós-venda") == "Pós-venda"
    assert interaction_kind_label("visit") == "Visita"
    assert QCoreApplication.translate("SettingsView", "Save settings") == "Salvar configurações"
    assert DurationWords().days(1) == "1 dia"
    assert DurationWords().days(3) == "3 dias"
    assert QLocale().name() == "pt_BR"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"  # Qt's own dialogs (qtbase)
    assert install_translator(qapp, "en") == "en"
    assert stage_label("won") == "Won"
    assert DurationWords().days(1) == "1 day"
    assert DurationWords().days(2) == "2 days"
    assert QLocale().name() == "en_US"


def test_languages_on_offer_and_system_choice() -> None:
    assert [code for code, _ in available_languages()] == ["system", "en", "pt_BR"]
    assert dict(available_languages())["pt_BR"] == "Português (Brasil)"
    assert resolve("system", QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)) == "pt_BR"
    assert resolve("system", QLocale(QLocale.Language.Portuguese, QLocale.Country.Portugal)) == "pt_BR"
    assert resolve("system", QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "en"
    assert resolve("en") == "en"
    with pytest.raises(ValueError, match="unknown language"):
        resolve("fr")


# --- formatting -----------------------------------------------------------------------------------------

def test_dates_in_the_local_time_zone(sao_paulo_time: None) -> None:
    moment = datetime(2024, 5, 31, 17, 30, tzinfo=UTC)  # 14:30 in São Paulo
    assert format_datetime(moment, PT) == "31/05/2024 14:30"
    assert format_datetime(moment, EN) == "5/31/2024 2:30\u202fPM"  # CLDR: a narrow no-break space
    assert format_datetime(moment.replace(tzinfo=None), PT) == "31/05/2024 14:30"  # naive = UTC, as stored
    assert format_date(date(2024, 5, 31), PT) == "31/05/2024"
    assert format_date(date(2024, 5, 31), EN) == "5/31/2024"
    assert format_date(datetime(2024, 6, 1, 1, 0, tzinfo=UTC), PT) == "31/05/2024"  # still the 31st locally
    assert format_datetime(None) == format_date(None) == ""


def test_money_numbers_and_durations() -> None:
    nbsp = "\xa0"
    assert format_money(1234.56, locale=PT) == f"R${nbsp}1.234,56"
    assert format_money(Decimal("1234.56"), locale=EN) == "R$1,234.56"
    assert format_money(1234.56, "USD", locale=EN) == "$1,234.56"
    assert format_money(1234.56, "EUR", locale=PT) == f"€{nbsp}1.234,56"
    assert format_money(1234.56, locale=PT, decimals=0) == f"R${nbsp}1.235"
    assert format_money(None) == ""
    assert format_number(1234567, locale=PT) == "1.234.567"
    assert format_number(1234567, locale=EN) == "1,234,567"
    assert format_number(0.5, locale=PT) == "0,50"
    assert format_number(2.0, locale=EN) == "2"
    assert format_duration(45) == "45 s"
    assert format_duration(185) == "3 min 05 s"
    assert format_duration(3900) == "1 h 05 min"
    assert format_duration(2 * 86400 + 3 * 3600) == "2 days 3 h"
    assert format_duration(None) == ""


# --- messages from the services ----------------------------------------------------------------------

def test_service_messages_reach_the_user_in_portuguese(qapp: QApplication, language: None, ctx) -> None:
    from app.errors import ValidationError
    from app.ui.errors import describe
    from app.ui.i18n import service_text

    install_translator(qapp, "pt_BR")
    with pytest.raises(ValidationError) as caught:
        ctx.leads.create({"name": "", "phone": "123", "lat": "95"})
    problems = caught.value.problems
    assert problems["name"] == "is required"  # English for logs, the command line and JSON
    assert service_text(problems["name"]) == "é obrigatório"
    assert service_text(problems["phone"]) == "'123' não é um número de telefone válido para BR"
    assert service_text(problems["lat"]) == "95.0 está fora de -90..90"
    assert "é obrigatório" in describe(caught.value)
    install_translator(qapp, "en")
    assert service_text(problems["name"]) == "is required"
