"""The outbox's reasons in the UI's language: the Messages screen (Problem column, tooltip and detail) and the SMS
thread show the Text the services stored, translated in the "Services" context with its day in the UI's locale;
rows written before the data columns show their English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from sqlalchemy import select, update

from app.db.models import Message
from app.services.messaging.compliance import QuietHours, SendPolicy
from app.services.messaging.conversation import lead_thread
from app.services.messaging.outbox import Outbox
from app.services.messaging.reasons import ERROR_ACTIONS, set_error
from app.ui.messaging.model import COLUMNS
from app.ui.messaging.sms_thread import status_text
from tests.ui.test_messages_view import load_all, open_view, row_of

COL = {key: i for i, key in enumerate(COLUMNS)}
QUIET = "quiet hours for the recipient ({zone}); sending at {time} on {day} their time (window {window})"
PORTUGUESE = {
    QUIET: "horário de silêncio do destinatário ({zone}); envio às {time} de {day}, no horário dele (janela {window})",
    "canceled by the user": "cancelada pelo usuário",
    ERROR_ACTIONS[21211].reason.template: "número de telefone inválido segundo o Twilio ({code})",
}


class ServicesInPortuguese(QTranslator):
    """A few "Services" templates in pt-BR: what the built translations do for every one of them."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return PORTUGUESE.get(source) if context == "Services" else None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def portuguese(qapp) -> Iterator[None]:
    translator = ServicesInPortuguese()
    before = QLocale()
    QCoreApplication.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil))
    yield
    QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(before)


@pytest.fixture
def reasons(ctx):
    """A message held for quiet hours, one canceled by the user, one failed (21211) and an old canceled row
    whose reason is only in English."""
    ids = {name: ctx.leads.create({"name": name, "phone": f"+55119876502{i:02d}", "sms_consent": True}).id
           for i, name in enumerate(("Hélio Noite", "Clara Cancel", "Fábio Falha", "Olga Antiga"))}
    midnight = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 00:00 in São Paulo: held until 08:00
    outbox = Outbox(ctx.db, SendPolicy(QuietHours.parse("08:00-20:00"), 3), actor_id=ctx.user.id, clock=lambda: midnight)
    outbox.enqueue(list(ids.values()), body="Oi {{ lead.first_name }}")
    with ctx.db.transaction() as s:
        rows = {m.lead_id: m for m in s.scalars(select(Message))}
        for name in ("Clara Cancel", "Fábio Falha", "Olga Antiga"):
            rows[ids[name]].state = "queued"
        failed = rows[ids["Fábio Falha"]]
        failed.state, failed.error_code = "failed", 21211
        set_error(failed, ERROR_ACTIONS[21211].reason)
    outbox.cancel([rows[ids["Clara Cancel"]].id])
    outbox.cancel([rows[ids["Olga Antiga"]].id], reason="canceled in an older version")
    with ctx.db.transaction() as s:
        s.execute(update(Message).where(Message.lead_id == ids["Olga Antiga"]).values(error_data=None))
    return ids


def test_the_messages_screen_shows_reasons_in_the_users_language(qtbot, ctx, runner, reasons, portuguese):
    view = open_view(qtbot, ctx, runner)
    model = view.model
    held = row_of(view, "Hélio Noite")
    expected = ("horário de silêncio do destinatário (America/Sao_Paulo); envio às 08:00 de 25/11/2026, no horário "
                "dele (janela 08:00-20:00)")
    assert model.index(held, COL["error"]).data() == expected
    assert model.index(held, COL["error"]).data(Qt.ItemDataRole.ToolTipRole) == expected
    assert model.index(row_of(view, "Clara Cancel"), COL["error"]).data() == "cancelada pelo usuário"
    assert model.index(row_of(view, "Olga Antiga"), COL["error"]).data() == "canceled in an older version"
    view.table.selectRow(row_of(view, "Fábio Falha"))
    qtbot.waitUntil(lambda: view.detail.title.text() == "Fábio Falha")
    assert view.detail.reason.text().endswith("\nnúmero de telefone inválido segundo o Twilio (21211)")
    view.table.selectRow(held)
    qtbot.waitUntil(lambda: view.detail.title.text() == "Hélio Noite")
    assert view.detail.reason.text() == expected


def test_english_is_the_template_filled_in(qtbot, ctx, runner, reasons):
    view = open_view(qtbot, ctx, runner)
    load_all(qtbot, view.model)
    text = view.model.index(row_of(view, "Hélio Noite"), COL["error"]).data()
    assert text.startswith("quiet hours for the recipient (America/Sao_Paulo); sending at 08:00 on ")
    assert "2026-11-25" not in text  # the day is written by the UI's locale, not as ISO
    assert view.model.index(row_of(view, "Clara Cancel"), COL["error"]).data() == "canceled by the user"


def test_the_sms_thread_shows_the_translated_reason(ctx, reasons, portuguese):
    [held] = lead_thread(ctx.db, reasons["Hélio Noite"])
    assert status_text(held, now=datetime(2026, 11, 25, 3, 0, tzinfo=UTC)).endswith(
        "— horário de silêncio do destinatário (America/Sao_Paulo); envio às 08:00 de 25/11/2026, no horário dele "
        "(janela 08:00-20:00)")
    [failed] = lead_thread(ctx.db, reasons["Fábio Falha"])
    assert status_text(failed).endswith(": número de telefone inválido segundo o Twilio (21211)")
    [old] = lead_thread(ctx.db, reasons["Olga Antiga"])
    assert status_text(old).endswith(": canceled in an older version")
