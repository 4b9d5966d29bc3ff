"""Settings shows the reply words that change SMS consent, read-only, under the SMS settings."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QTextEdit

from app.context import AppContext
from app.services.messaging.consent_keywords import HELP, OPT_IN, OPT_OUT, keywords_of
from app.ui.settings.consent_words import ConsentWordsBox
from app.ui.settings.view import SettingsView
from app.ui.tasks import TaskRunner

pytestmark = pytest.mark.usefixtures("memory_keyring")


def shown(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> SettingsView:
    view = SettingsView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 900)
    view.show()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    return view


def test_the_settings_list_the_opt_out_words_under_the_sms_settings(qtbot: Any, ctx: AppContext,
                                                                    runner: TaskRunner) -> None:
    view = shown(qtbot, ctx, runner)
    box = view.workspace_box.consent_words
    assert box.isVisibleTo(view)
    opt_out = box.word_lists[OPT_OUT]
    shown_text = opt_out.text()
    for word in ("PARE", "PARAR", "SAIR", "CANCELAR", "DESCADASTRAR", "NÃO QUERO", "REMOVER"):
        assert word in shown_text
    for word in ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"):
        assert f"<b>{word}</b>" in shown_text  # Twilio's own, in bold
    assert "<b>PARE</b>" not in shown_text
    assert "VOLTAR" in box.word_lists[OPT_IN].text() and "<b>START</b>" in box.word_lists[OPT_IN].text()
    assert "AJUDA" in box.word_lists[HELP].text() and "<b>HELP</b>" in box.word_lists[HELP].text()
    assert box.kind_labels[OPT_OUT].text() == "Opt out:"
    assert "pare de me mandar mensagem" in box.note.text() and "não quero perder a promoção" in box.note.text()
    # read-only: labels, no input anywhere in the list
    assert not box.findChildren(QLineEdit) and not box.findChildren(QTextEdit)
    # under the SMS settings: after the SMS language row and before the first non-SMS setting (geocoding)
    form = view.workspace_box.layout()
    assert isinstance(form, QFormLayout)
    words_row = form.getWidgetPosition(box)[0]
    language_row = form.getWidgetPosition(view.workspace_box.sms_language_label)[0]
    geocode_row = form.getWidgetPosition(view.fields["geocode.qps"].label)[0]
    assert language_row < words_row < geocode_row
    assert form.itemAt(words_row, QFormLayout.ItemRole.LabelRole).widget().text() == "Reply words recognised"


def test_every_recognised_word_is_listed(qtbot: Any) -> None:
    box = ConsentWordsBox()
    qtbot.addWidget(box)
    for kind in (OPT_OUT, OPT_IN, HELP):
        text = box.word_lists[kind].text()
        assert all(k.word in text for k in keywords_of(kind))
        assert isinstance(box.kind_labels[kind], QLabel) and box.word_lists[kind].accessibleName()


def test_the_sending_hours_hint_says_whose_time_zone(qtbot: Any, ctx: AppContext, runner: TaskRunner) -> None:
    view = shown(qtbot, ctx, runner)
    hint = view.fields["sms.quiet_hours"].edit.toolTip()
    assert "lead's time zone" in hint and "phone number's region" in hint
