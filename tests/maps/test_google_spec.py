"""What Google answers, the fake answers too (issue 20, item 13): the fake's Geocoding and Routes answers, driven
through the app's own adapters, checked against Google's specification (the slice vendored in tests/data/openapi),
and the app's handling of the answers that used to go wrong."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import Lead
from app.integrations.google_maps import Geocoder, MapsError, MapsRequestDenied
from app.services.maps.geo import geocode_leads
from tests.fakes.google_server import FakeGoogle
from tests.fakes.openapi_check import load_spec, response_schema, validate

GEOCODE = "/maps/api/geocode/json"


def _drive_geocoder(fake: FakeGoogle, geocoder: Geocoder) -> None:
    fake.add_place("Avenida Paulista, 1000, São Paulo, SP", -23.5646, -46.6527)
    fake.add_place("Rua Inexata 5", -23.0, -46.0, partial_match=True, location_type="APPROXIMATE")
    geocoder.geocode("Avenida Paulista, 1000, São Paulo, SP", region="BR")
    geocoder.geocode("Rua Inexata 5")
    geocoder.geocode("Rua Derivada 77, Campinas")
    fake.status_for["Lugar Nenhum"] = "ZERO_RESULTS"
    geocoder.geocode("Lugar Nenhum")
    for status, http in (("OVER_QUERY_LIMIT", 200), ("OVER_DAILY_LIMIT", 200), ("INVALID_REQUEST", 200),
                         ("INVALID_REQUEST", 400), ("UNKNOWN_ERROR", 200)):
        fake.queue_status(status, http=http)
        with pytest.raises(MapsError):
            geocoder.geocode("Rua Qualquer 1")
    wrong = Geocoder("AIza" + "x" * 35, base_url=fake.url, timeout=2)
    try:
        with pytest.raises(MapsRequestDenied):
            wrong.geocode("Rua Qualquer 1")
    finally:
        wrong.close()


def test_geocoding_answers_match_googles_specification(fake: FakeGoogle, geocoder: Geocoder) -> None:
    _drive_geocoder(fake, geocoder)
    spec = load_spec("google_geocoding.json")
    schema = response_schema(spec, GEOCODE, "get")
    answers = [(code, body) for path, code, body in fake.answers if path == GEOCODE]
    problems = [f"{body.get('status')}: {p}" for _, body in answers for p in validate(body, schema, spec)]
    assert problems == []
    statuses = {body["status"] for _, body in answers}
    assert statuses == set(spec["components"]["schemas"]["GeocodingStatus"]["enum"])  # every status Google has
    assert len(answers) == 10 and {code for code, _ in answers} == {200, 400}


def test_routes_answers_and_requests_match_the_routes_schema(fake: FakeGoogle, router) -> None:
    schema = load_spec("routes_v2_schema.json")
    router.compute_route((-23.55, -46.63), (-23.56, -46.65), [(-23.50, -46.60), (-23.60, -46.70), (-23.52, -46.61)])
    router.compute_route((-23.55, -46.63), (-23.56, -46.65))
    fake.fail_routes(403, "PERMISSION_DENIED", "SERVICE_DISABLED")
    with pytest.raises(MapsError):
        router.compute_route((-23.55, -46.63), (-23.56, -46.65))
    answers = [(code, body) for path, code, body in fake.answers if path.endswith(":computeRoutes")]
    assert [code for code, _ in answers] == [200, 200, 403]
    problems = [p for code, body in answers for p in validate(
        body, schema["$defs"]["ComputeRoutesResponse" if code == 200 else "ErrorResponse"], schema)]
    problems += [p for body in fake.routes_requests for p in validate(body, schema["$defs"]["ComputeRoutesRequest"],
                                                                      schema)]
    assert problems == []


# --- what used to go wrong ---------------------------------------------------------------------------


def _leads(ctx, *addresses: str) -> list[int]:
    return [ctx.leads.create({"name": f"Cliente {i}", "address": a, "city": "São Paulo", "country": "BR"}).id
            for i, a in enumerate(addresses)]


def _status(ctx, lead_id: int) -> tuple[str | None, float | None]:
    with ctx.db.session() as session:
        lead = session.scalars(select(Lead).where(Lead.id == lead_id)).one()
        return lead.geocode_status, lead.lat


def test_invalid_request_sent_as_http_400_marks_that_lead_and_the_batch_goes_on(ctx, fake, geocoder, clock) -> None:
    first, bad, last = _leads(ctx, "Rua A, 1", "Rua B, 2", "Rua C, 3")
    fake.http_for["Rua B, 2, São Paulo, BR"] = 400
    fake.status_for["Rua B, 2, São Paulo, BR"] = "INVALID_REQUEST"
    summary = geocode_leads(ctx.db, geocoder, clock=clock.monotonic, sleep=clock.sleep)
    assert summary.errors == 1 and summary.error_ids == [bad] and summary.geocoded == 2
    assert _status(ctx, bad) == ("error", None)
    assert _status(ctx, first)[0] == _status(ctx, last)[0] == "ok"


def test_a_result_without_a_location_marks_that_lead_and_the_batch_goes_on(ctx, fake, geocoder, clock) -> None:
    first, bad, last = _leads(ctx, "Rua A, 1", "Rua B, 2", "Rua C, 3")
    fake.results_for["Rua B, 2, São Paulo, BR"] = [{"formatted_address": "Rua B", "geometry": {}}]
    summary = geocode_leads(ctx.db, geocoder, clock=clock.monotonic, sleep=clock.sleep)
    assert summary.error_ids == [bad] and summary.geocoded == 2


def test_over_daily_limit_stops_the_batch_and_says_what_to_do(ctx, fake, geocoder, clock) -> None:
    _leads(ctx, "Rua A, 1", "Rua B, 2")
    fake.queue_status("OVER_DAILY_LIMIT")
    with pytest.raises(MapsRequestDenied) as denied:
        geocode_leads(ctx.db, geocoder, clock=clock.monotonic, sleep=clock.sleep)
    assert denied.value.status == "OVER_DAILY_LIMIT" and "billing" in str(denied.value)
    assert fake.geocode_total == 1  # not asked again for every other lead


def test_a_captive_portal_page_is_a_clear_error_not_a_crash(fake, geocoder) -> None:
    fake.html_next = 1
    with pytest.raises(MapsError) as error:
        geocoder.geocode("Rua A, 1")
    assert error.value.status == "BAD_RESPONSE" and "not Google's JSON" in str(error.value)
    assert geocoder.geocode("Rua A, 1").status == "OK"


def test_a_captive_portal_page_for_a_route_is_a_clear_error_not_a_crash(fake, router) -> None:
    fake.html_next = 1
    with pytest.raises(MapsError) as error:
        router.compute_route((-23.55, -46.63), (-23.56, -46.65))
    assert error.value.status == "BAD_RESPONSE" and error.value.retryable
    assert router.compute_route((-23.55, -46.63), (-23.56, -46.65)).distance_m > 0


def test_over_query_limit_sent_as_http_429_backs_off_like_the_json_status(ctx, fake, geocoder, clock) -> None:
    [lead_id] = _leads(ctx, "Rua A, 1")
    fake.queue_status("OVER_QUERY_LIMIT", http=429)
    summary = geocode_leads(ctx.db, geocoder, clock=clock.monotonic, sleep=clock.sleep)
    assert summary.geocoded == 1 and summary.requests == 2 and 1.0 in clock.slept
    assert _status(ctx, lead_id)[0] == "ok"
