"""Every reason the outbox, the status poll and the automations write is kept twice: English in its column
(command line, JSON, logs) and as a Text in the JSON twin (hold_reason_data, error_data) that the UI shows
in its language; the rows the Messages screen, the SMS thread and the automation log read carry the Text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from app.db.models import Message
from app.services.messaging.compliance import REASONS
from app.services.messaging.conversation import lead_thread
from app.services.messaging.reasons import ERROR_ACTIONS
from app.services.messaging.templates import TemplateProblem, check
from app.texts import Text, from_data, to_data


def _only(kit, lead_id):
    [row] = kit.messages(lead_id=lead_id)
    return row


def _row(kit, message_id):
    return kit.outbox.message_rows([message_id])[message_id]


def test_a_quiet_hours_hold_keeps_its_time_and_day_as_values(kit):
    kit.clock.advance(10 * 3600)  # 00:00 in São Paulo
    lead_id = kit.lead("Noite Tarde")
    kit.outbox.enqueue([lead_id], body="Oi")
    held = _only(kit, lead_id)
    opens = (kit.clock.now() - timedelta(hours=3)).date() + timedelta(days=1)
    assert held.state == "held"
    assert held.hold_reason == (f"quiet hours for the recipient (America/Sao_Paulo); sending at 08:00 on "
                                f"{opens.isoformat()} their time (window 08:00-20:00)")
    assert held.hold_reason_data == {
        "t": "quiet hours for the recipient ({zone}); sending at {time} on {day} their time (window {window})",
        "p": {"zone": "America/Sao_Paulo", "time": "08:00", "day": {"date": opens.isoformat()}, "window": "08:00-20:00"},
    }
    shown = _row(kit, held.id).hold_reason
    assert isinstance(shown, Text) and shown.params["day"] == opens and type(shown.params["day"]) is date


def test_the_weekly_cap_hold_names_the_next_slot(kit):
    lead_id = kit.lead("Muito Contato")
    for _ in range(3):
        kit.outbox.enqueue([lead_id], body="Novidade", kind="manual")  # one-to-one: not capped when queued
    kit.dispatcher.run_pass()
    with kit.ctx.db.transaction() as s:  # as if they had been bulk messages: they count against the cap
        s.execute(update(Message).values(kind="bulk"))
    kit.outbox.enqueue([lead_id], body="Mais uma", kind="manual")
    with kit.ctx.db.transaction() as s:
        s.execute(update(Message).where(Message.state == "queued").values(kind="bulk"))
    assert kit.dispatcher.run_pass().held == 1
    held = kit.messages(state="held")[0]
    said = from_data(held.hold_reason_data)
    assert said.template == "{reason} ({cap} a week); next slot at {time} on {day}"
    assert said.params["reason"].template == REASONS["frequency_cap"].template and said.params["cap"] == 3
    assert held.hold_reason == str(said) and "weekly maximum" in held.hold_reason


@pytest.mark.parametrize(("code", "outcome"), [(21211, "failed"), (30003, "undelivered")])
def test_known_twilio_codes_get_our_own_words(kit, code, outcome):
    lead_id = kit.lead()
    if code >= 30000:
        kit.fake.set_outcome(kit.phone_of(lead_id), "undelivered", code)
    else:
        kit.fake.reject(kit.phone_of(lead_id), code)
    kit.outbox.enqueue([lead_id], body="Oi")
    kit.dispatcher.run_pass()
    kit.deliver_all()
    row = _only(kit, lead_id)
    assert row.state == outcome and f"({code})" in row.error_message
    assert row.error_data == {"t": ERROR_ACTIONS[code].reason.template, "p": {"code": code}}
    assert row.error_message == str(ERROR_ACTIONS[code].reason)
    assert _row(kit, row.id).error_message.template == ERROR_ACTIONS[code].reason.template


def test_twilio_text_for_a_code_we_do_not_know_is_a_value_of_ours(kit):
    lead_id = kit.lead()
    kit.fake.set_outcome(kit.phone_of(lead_id), "undelivered", 30009)
    kit.outbox.enqueue([lead_id], body="Oi")
    kit.dispatcher.run_pass()
    kit.deliver_all()
    row = _only(kit, lead_id)
    assert row.error_message == "Twilio error 30009: Error"  # the fake's text for a code it has no words for
    assert row.error_data == {"t": "Twilio error {code}: {message}", "p": {"code": 30009, "message": "Error"}}


def test_a_retry_after_rate_limiting_says_why_and_a_send_clears_it(kit):
    lead_id = kit.lead()
    kit.outbox.enqueue([lead_id], body="Oi")
    kit.fake.fail_next("create", status=429)
    kit.dispatcher.run_pass()
    waiting = _only(kit, lead_id)
    assert waiting.state == "queued" and "rate limiting" in waiting.error_message
    assert from_data(waiting.error_data).template == "Twilio is rate limiting requests (429); will retry with backoff"
    kit.clock.advance(600)
    kit.dispatcher.run_pass()
    sent = _only(kit, lead_id)
    assert sent.state == "sent" and sent.error_message is None and sent.error_data is None


def test_cancels_opt_outs_and_a_deleted_automation_say_why(kit):
    by_hand, opted, automated = kit.lead("Cancelado"), kit.lead("Saiu"), kit.lead("Automático")
    kit.outbox.enqueue([by_hand, opted], body="Oi")
    kit.outbox.cancel([_only(kit, by_hand).id])
    assert from_data(_only(kit, by_hand).error_data).template == "canceled by the user"
    kit.outbox.enqueue([opted], body="Outra")
    kit.fake.reject(kit.phone_of(opted), 21610)
    kit.dispatcher.run_pass()  # 21610: the lead is opted out and what waits for them is canceled
    failed, waiting = kit.messages(lead_id=opted)
    assert (failed.state, waiting.state) == ("failed", "canceled")
    assert waiting.error_message == "the lead opted out of SMS" and waiting.error_data == to_data(REASONS["opted_out"])
    automation = kit.automations.create("Sequência", "lead_created", {}, [{"action": {"body": "Oi de novo"}}])
    kit.clock.set(kit.clock.now().replace(hour=23))  # quiet hours: the automation's message waits
    kit.automations.evaluate()
    [lines] = [v.messages for v in kit.automations.lead_sequences(automated)]
    assert isinstance(lines[0].reason, Text) and lines[0].reason.template.startswith("quiet hours")
    activity = [line for line in kit.automations.activity(automation.id) if line.event == "message"]
    assert activity and isinstance(activity[0].problem, Text)
    kit.automations.delete(automation.id)
    canceled = _only(kit, automated)
    assert canceled.state == "canceled" and canceled.error_message == "its automation was deleted"
    assert canceled.error_data == {"t": "its automation was deleted", "p": {}}


def test_rows_written_before_the_data_columns_show_their_english(kit):
    lead_id = kit.lead()
    kit.outbox.enqueue([lead_id], body="Oi")
    message_id = _only(kit, lead_id).id
    kit.outbox.cancel([message_id], reason="canceled by the old version")
    row = _row(kit, message_id)
    assert row.error_message == "canceled by the old version" and not isinstance(row.error_message, Text)
    [line] = lead_thread(kit.ctx.db, lead_id)
    assert line.problem == "canceled by the old version" and not isinstance(line.problem, Text)


def test_the_sms_thread_carries_the_text(kit):
    lead_id = kit.lead()
    kit.fake.reject(kit.phone_of(lead_id), 21211)
    kit.outbox.enqueue([lead_id], body="Oi")
    kit.dispatcher.run_pass()
    [line] = lead_thread(kit.ctx.db, lead_id)
    assert isinstance(line.problem, Text) and to_data(line.problem) == to_data(ERROR_ACTIONS[21211].reason)


def test_template_problems_are_texts_with_line_and_column():
    with pytest.raises(TemplateProblem) as caught:
        check("Oi {{ lead.first_name }}\n{{ cliente.nome }}")
    problem = caught.value
    assert (problem.line, problem.column) == (2, 4)
    assert problem.reason.template == "unknown variable {name} (known: {known})" and problem.reason.params["name"] == "'cliente'"
    body = problem.problems["body"]
    assert body.template == "line {line}, column {column}: {reason}" and body.startswith("line 2, column 4: unknown variable")
    with pytest.raises(TemplateProblem) as empty:
        check("  ")
    assert empty.value.reason.template == "the template is empty" and empty.value.problems["body"] == "the template is empty"
