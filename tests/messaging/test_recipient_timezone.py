"""Quiet hours in the recipient's time: a lead without a time zone gets its phone number region's zone (not
São Paulo's), a number whose region spans several zones gets the window common to all of them, a number
with no common hour waits for a time zone instead of being sent at night somewhere, and a stored phone that
is not a valid number is refused before Twilio is asked."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from app.db.models import Lead
from app.services.messaging.compliance import QuietHours, phone_zones, recipient_zones

SP = ZoneInfo("America/Sao_Paulo")
MANAUS = ZoneInfo("America/Manaus")  # UTC-4
RIO_BRANCO = ZoneInfo("America/Rio_Branco")  # UTC-5
RECIFE = ZoneInfo("America/Recife")  # UTC-3
NORONHA = ZoneInfo("America/Noronha")  # UTC-2
TOKYO = ZoneInfo("Asia/Tokyo")
WINDOW = QuietHours.parse("08:00-20:00")

MANAUS_PHONE = "+5592991234567"
RIO_BRANCO_PHONE = "+5568999998888"
RECIFE_PHONE = "+5581999998888"
RUSSIAN_MOBILE = "+79161234567"  # +7 mobiles: from Bucharest's offset (UTC+2) to Anadyr's (UTC+12)


def _tomorrow_at(kit, hour: int, minute: int = 0, tz: ZoneInfo = SP) -> datetime:
    local = kit.clock.now().astimezone(tz)
    target = datetime.combine(local.date() + timedelta(days=1), time(hour, minute), tzinfo=tz).astimezone(UTC)
    kit.clock.set(target)
    return target


# --- which zones --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "zones"),
    [
        ("+5511987654321", ("America/Sao_Paulo",)),
        (MANAUS_PHONE, ("America/Manaus",)),
        (RIO_BRANCO_PHONE, ("America/Rio_Branco",)),
        (RECIFE_PHONE, ("America/Noronha", "America/Recife")),  # area 81: the island and the mainland
        ("+12125551234", ("America/New_York",)),
        ("+351912345678", ("Atlantic/Azores", "Europe/Lisbon")),
        (None, ()),
        ("", ()),
        ("not a phone", ()),
    ],
)
def test_phone_zones_come_from_the_numbers_region(phone, zones):
    assert tuple(z.key for z in phone_zones(phone)) == zones


def test_an_unassigned_number_gets_its_countrys_zones():
    assert {z.key for z in phone_zones("+558199")} == {"America/Manaus", "America/Noronha", "America/Rio_Branco",
                                                      "America/Sao_Paulo", "America/Recife"}


def test_the_leads_own_zone_wins_and_an_unknown_one_falls_back_to_the_phone():
    assert recipient_zones(Lead(timezone="Asia/Tokyo", phone=MANAUS_PHONE)) == (TOKYO,)
    assert recipient_zones(Lead(timezone=None, phone=MANAUS_PHONE)) == (MANAUS,)
    assert recipient_zones(Lead(timezone="Mars/Olympus", phone=MANAUS_PHONE)) == (MANAUS,)
    assert recipient_zones(Lead(timezone=None, phone=None)) == (SP,)  # nothing to go by: the workspace's zone


# --- the window common to several zones -----------------------------------------------------------------


def test_window_common_to_two_zones_is_the_narrower_one():
    zones = (NORONHA, RECIFE)
    at = datetime(2025, 3, 10, 7, 30, tzinfo=RECIFE).astimezone(UTC)  # 08:30 on the island, 07:30 in Recife
    assert WINDOW.next_open_in_all(at, zones) == datetime(2025, 3, 10, 8, 0, tzinfo=RECIFE).astimezone(UTC)
    at = datetime(2025, 3, 10, 19, 30, tzinfo=RECIFE).astimezone(UTC)  # 20:30 on the island
    assert WINDOW.next_open_in_all(at, zones) == datetime(2025, 3, 11, 8, 0, tzinfo=RECIFE).astimezone(UTC)
    at = datetime(2025, 3, 10, 12, 0, tzinfo=RECIFE).astimezone(UTC)
    assert WINDOW.next_open_in_all(at, zones) == at


def test_zones_with_no_common_hour_have_no_window():
    at = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    assert WINDOW.next_open_in_all(at, (SP, TOKYO)) is None  # 12 h apart: 08-20 in one is 20-08 in the other
    assert QuietHours.parse("00:00-00:00").next_open_in_all(at, (SP, TOKYO)) == at
    at = datetime(2025, 3, 10, 14, 0, tzinfo=UTC)  # 11:00 in São Paulo, 23:00 in Tokyo
    # 08:00-22:00 overlaps: from 08:00 in Tokyo (20:00 in São Paulo) to 22:00 in São Paulo
    assert QuietHours.parse("08:00-22:00").next_open_in_all(at, (SP, TOKYO)) == datetime(2025, 3, 10, 20, 0, tzinfo=SP)


def test_common_window_across_many_zones_is_found():
    zones = phone_zones(RUSSIAN_MOBILE)  # ten hours apart: 08:00-20:00 holds in all of them two hours a day
    assert len(zones) > 10
    at = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    opens = WINDOW.next_open_in_all(at, zones)
    assert opens is not None and opens > at
    assert all(WINDOW.allows(opens.astimezone(tz)) for tz in zones)
    assert not all(WINDOW.allows((opens - timedelta(minutes=1)).astimezone(tz)) for tz in zones)


# --- the send path -------------------------------------------------------------------------------------------


def test_a_lead_without_a_zone_is_held_in_its_phones_zone_not_sao_paulos(kit):
    manaus = kit.lead("Manauara", phone=MANAUS_PHONE)
    acre = kit.lead("Acreano", phone=RIO_BRANCO_PHONE)
    paulista = kit.lead("Paulista")
    _tomorrow_at(kit, 8, 30)  # 08:30 in São Paulo = 07:30 in Manaus = 06:30 in Rio Branco
    report = kit.outbox.enqueue([manaus, acre, paulista], body="Bom dia!", kind="bulk")
    assert (report.queued, report.held) == (1, 2)
    rows = {m.lead_id: m for m in kit.messages()}
    assert rows[paulista].state == "queued"
    assert rows[manaus].state == "held" and "America/Manaus" in rows[manaus].hold_reason
    day = kit.clock.now().astimezone(SP).date()
    assert rows[manaus].next_attempt_at == datetime.combine(day, time(8), tzinfo=MANAUS).astimezone(UTC)
    assert rows[acre].next_attempt_at == datetime.combine(day, time(8), tzinfo=RIO_BRANCO).astimezone(UTC)
    assert kit.dispatcher.run_pass().sent == 1
    kit.clock.set(datetime.combine(day, time(8), tzinfo=MANAUS).astimezone(UTC))
    assert kit.dispatcher.run_pass().sent == 1
    assert {m.lead_id: m.state for m in kit.messages()}[acre] == "held"


def test_the_evening_of_a_western_zone_is_still_open(kit):
    manaus = kit.lead("Manauara", phone=MANAUS_PHONE)
    _tomorrow_at(kit, 20, 30)  # closed in São Paulo, 19:30 in Manaus
    assert kit.outbox.enqueue([manaus], body="Boa noite", kind="bulk").queued == 1
    assert kit.dispatcher.run_pass().sent == 1


def test_the_leads_own_zone_is_used_over_its_phones(kit):
    lead = kit.lead("Mudou para SP", phone=MANAUS_PHONE, timezone="America/Sao_Paulo")
    _tomorrow_at(kit, 8, 30)
    assert kit.outbox.enqueue([lead], body="Bom dia!", kind="bulk").queued == 1


def test_a_region_with_two_zones_gets_the_window_of_both(kit):
    recife = kit.lead("Recifense", phone=RECIFE_PHONE)
    _tomorrow_at(kit, 19, 30, RECIFE)  # open in Recife (and São Paulo), 20:30 in Fernando de Noronha
    report = kit.outbox.enqueue([recife], body="Oi", kind="bulk")
    assert report.held == 1
    [row] = kit.messages()
    opens = datetime.combine(kit.clock.now().astimezone(RECIFE).date() + timedelta(days=1), time(8), tzinfo=RECIFE)
    assert row.next_attempt_at == opens.astimezone(UTC)
    assert "America/Noronha" in row.hold_reason and "America/Recife" in row.hold_reason


def test_at_send_time_the_phones_zone_decides_too(kit):
    manaus = kit.lead("Manauara", phone=MANAUS_PHONE)
    _tomorrow_at(kit, 12)
    kit.outbox.enqueue([manaus], body="Oi")
    kit.clock.advance(8.5 * 3600)  # the worker gets to it at 20:30 São Paulo time, 19:30 in Manaus: still open
    assert kit.dispatcher.run_pass().sent == 1
    kit.clock.advance(3600)  # 20:30 in Manaus
    kit.outbox.enqueue([manaus], body="Oi de novo")
    assert kit.dispatcher.run_pass().sent == 0


def test_a_number_without_a_common_hour_waits_for_the_leads_time_zone(kit):
    kit.policy.quiet_hours = QuietHours.parse("09:00-18:00")  # nine hours: shorter than the number's ten-hour span
    lead = kit.lead("Moscovita", phone=RUSSIAN_MOBILE)
    _tomorrow_at(kit, 12, tz=ZoneInfo("Europe/Moscow"))
    report = kit.outbox.enqueue([lead], body="Hi", kind="bulk")
    assert report.held == 1 and report.hold_reasons == {"no_send_window": 1}
    [row] = kit.messages()
    assert row.state == "held" and "set the lead's time zone" in row.hold_reason
    assert row.next_attempt_at == kit.clock.now() + timedelta(days=1)  # looked at again, never sent at night somewhere
    assert kit.dispatcher.run_pass().sent == 0
    kit.ctx.leads.update(lead, {"timezone": "Europe/Moscow"})
    assert kit.dispatcher.run_pass().sent == 1


def test_a_stored_phone_that_is_not_a_valid_number_is_refused(kit):
    short, national = kit.lead("Curto"), kit.lead("Sem DDI")
    with kit.ctx.db.transaction() as s:  # rows from an older version or a direct write: never validated
        s.execute(update(Lead).where(Lead.id == short).values(phone="+5511"))
        s.execute(update(Lead).where(Lead.id == national).values(phone="11987654321"))
    report = kit.outbox.enqueue([short, national], body="Oi", kind="bulk")
    assert report.skipped == {"invalid_phone": 2}
    assert kit.fake.stats()["create_attempts"] == 0


def test_phone_facts_agree_with_phonenumbers_for_every_regions_numbers():
    """phone_facts builds the number from its digits instead of phonenumbers.parse (a bulk send reads one per
    lead): for the example numbers of every region, valid or one digit short, written as parse_phone stores them
    (E.164 as phonenumbers formats it), the answer is parse's."""
    import phonenumbers
    from phonenumbers import timezone as number_zones

    from app.services.messaging.compliance import phone_facts

    kinds = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE,
             phonenumbers.PhoneNumberType.TOLL_FREE)
    checked = 0
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in kinds:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            for phone in (e164, e164[:-1]):
                parsed = phonenumbers.parse(phone, None)
                if phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) != phone:
                    continue  # parse rewrites it ('+672 1…' is '+672 31…'): never a stored phone
                facts = phone_facts(phone)
                assert facts.valid == phonenumbers.is_valid_number(parsed), phone
                names = set(number_zones.time_zones_for_number(parsed)) - {number_zones.UNKNOWN_TIMEZONE}
                if names and not phone.startswith("+5581"):
                    assert {z.key for z in facts.zones} == names, phone
                checked += 1
    assert checked > 400
