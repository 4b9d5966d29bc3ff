"""The adapters against the fake Google server, through the real googlemaps client and requests."""

from __future__ import annotations

import pytest

from app.config import Settings
from app.integrations.google_maps import (
    Geocoder,
    MapsError,
    MapsKeyMissing,
    MapsOffline,
    MapsQuotaExceeded,
    MapsRequestDenied,
    RoutesClient,
)
from app.services.workspace.secrets import SecretStore
from tests.fakes.google_server import KEY, FakeGoogle


def test_geocode_ok_returns_the_first_result(fake: FakeGoogle, geocoder: Geocoder) -> None:
    place = fake.add_place("Avenida Paulista, 1000, São Paulo, SP", -23.5646, -46.6527, location_type="ROOFTOP")
    result = geocoder.geocode("Avenida Paulista, 1000, São Paulo, SP", region="BR")
    assert result.status == "OK"
    assert (result.lat, result.lng) == (-23.5646, -46.6527)
    assert result.place_id == place.place_id and result.place_id.startswith("ChIJ")
    assert result.location_type == "ROOFTOP" and result.partial_match is False
    request = fake.geocode_requests[-1]
    assert request["key"] == KEY and request["region"] == "br"


def test_partial_match_and_zero_results(fake: FakeGoogle, geocoder: Geocoder) -> None:
    fake.add_place("Rua Inexata 5", -23.0, -46.0, partial_match=True, location_type="APPROXIMATE")
    assert geocoder.geocode("Rua Inexata 5").partial_match is True
    fake.status_for["Lugar Nenhum"] = "ZERO_RESULTS"
    nothing = geocoder.geocode("Lugar Nenhum")
    assert nothing.status == "ZERO_RESULTS" and nothing.lat is None


@pytest.mark.parametrize(("status", "error", "retryable"), [
    ("OVER_QUERY_LIMIT", MapsQuotaExceeded, True),
    ("REQUEST_DENIED", MapsRequestDenied, False),
    ("INVALID_REQUEST", MapsError, False),
    ("UNKNOWN_ERROR", MapsError, True),
])
def test_error_statuses(fake: FakeGoogle, geocoder: Geocoder, status: str, error: type[MapsError],
                        retryable: bool) -> None:
    fake.queue_status(status)
    with pytest.raises(error) as caught:
        geocoder.geocode("Rua A 1")
    assert caught.value.status == status
    assert caught.value.retryable is retryable
    assert KEY not in str(caught.value)
    assert fake.geocode_counts["Rua A 1"] == 1  # the client does not retry on its own (no hidden sleeps)


def test_wrong_key_is_request_denied_with_what_to_fix(fake: FakeGoogle) -> None:
    wrong = "AIzaWRONG-key-000000000000000000000000"
    g = Geocoder(wrong, base_url=fake.url, timeout=2)
    try:
        with pytest.raises(MapsRequestDenied) as caught:
            g.geocode("Rua A 1")
    finally:
        g.close()
    message = str(caught.value)
    assert "REQUEST_DENIED" in message and "Geocoding API" in message and "google.maps_key" in message
    assert wrong not in message


def test_malformed_key_is_reported_not_raised_as_valueerror() -> None:
    with pytest.raises(MapsRequestDenied, match="AIza"):
        Geocoder("not-a-key")


def test_missing_key_says_how_to_set_it(tmp_path, no_key: None) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path, database_url="sqlite://")
    with pytest.raises(MapsKeyMissing, match=r"aiconnect secrets set google\.maps_key"):
        Geocoder.from_settings(settings, SecretStore())
    with pytest.raises(MapsKeyMissing):
        RoutesClient.from_settings(settings, SecretStore())


def test_key_and_base_urls_come_from_keyring_and_settings(tmp_path, fake: FakeGoogle, maps_key: str) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path, database_url="sqlite://", googlemaps_api_url=fake.url,
                        google_routes_api_url=fake.url)
    g = Geocoder.from_settings(settings, SecretStore())
    r = RoutesClient.from_settings(settings, SecretStore())
    try:
        assert g.geocode("Rua B 2").status == "OK"
        assert r.compute_route((-23.5, -46.6), (-23.6, -46.7)).legs
    finally:
        g.close()
        r.close()
    assert KEY not in repr(r)


def test_offline_when_the_server_is_down() -> None:
    fake = FakeGoogle().start()
    url = fake.url
    fake.stop()
    g = Geocoder(KEY, base_url=url, timeout=2)
    r = RoutesClient(KEY, base_url=url, timeout=2)
    try:
        with pytest.raises(MapsOffline, match="unreachable"):
            g.geocode("Rua A 1")
        with pytest.raises(MapsOffline):
            r.compute_route((-23.5, -46.6), (-23.6, -46.7))
    finally:
        g.close()
        r.close()


def test_routes_optimises_the_intermediates(fake: FakeGoogle, router: RoutesClient) -> None:
    origin = (-23.50, -46.60)
    destination = (-23.50, -46.60)
    # given far, near, middle: the best order is near (1), middle (2), far (0)
    intermediates = [(-23.80, -46.60), (-23.55, -46.60), (-23.65, -46.60)]
    result = router.compute_route(origin, destination, intermediates)
    assert result.order == [1, 2, 0]
    assert len(result.legs) == 4
    assert all(leg.distance_m > 0 and leg.duration_s > 0 for leg in result.legs)
    assert result.distance_m == sum(leg.distance_m for leg in result.legs)
    body = fake.routes_requests[-1]
    assert body["optimizeWaypointOrder"] is True and body["travelMode"] == "DRIVE"


def test_routes_without_intermediates(router: RoutesClient) -> None:
    result = router.compute_route((-23.5, -46.6), (-23.6, -46.7))
    assert result.order == [] and len(result.legs) == 1


def test_routes_key_problems_are_denied(fake: FakeGoogle) -> None:
    for key in ("AIzaWRONG-key-000000000000000000000000", ""):
        r = RoutesClient(key, base_url=fake.url, timeout=2)
        try:
            with pytest.raises(MapsRequestDenied, match="Routes API"):
                r.compute_route((-23.5, -46.6), (-23.6, -46.7))
        finally:
            r.close()


def test_routes_quota_and_server_errors(fake: FakeGoogle, router: RoutesClient) -> None:
    fake.fail_routes(429, "RESOURCE_EXHAUSTED")
    with pytest.raises(MapsQuotaExceeded):
        router.compute_route((-23.5, -46.6), (-23.6, -46.7))
    fake.fail_routes(500, "INTERNAL")
    with pytest.raises(MapsError) as caught:
        router.compute_route((-23.5, -46.6), (-23.6, -46.7))
    assert caught.value.retryable


def test_fake_requires_the_field_mask(fake: FakeGoogle) -> None:
    import requests

    session = requests.Session()
    session.trust_env = False
    try:
        response = session.post(f"{fake.url}/directions/v2:computeRoutes", json={}, headers={"X-Goog-Api-Key": KEY},
                                timeout=2)
    finally:
        session.close()
    assert response.status_code == 400 and "FieldMask" in response.json()["error"]["message"]


def test_the_key_never_reaches_a_log_line(fake: FakeGoogle, geocoder: Geocoder,
                                          caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="urllib3.connectionpool"):
        geocoder.geocode("Rua C 3")
        fake.queue_status("REQUEST_DENIED")
        with pytest.raises(MapsRequestDenied):
            geocoder.geocode("Rua C 3")
    assert any("geocode/json" in r.getMessage() for r in caplog.records)  # urllib3 did log the request
    assert all(KEY not in r.getMessage() for r in caplog.records)
    assert KEY not in caplog.text
