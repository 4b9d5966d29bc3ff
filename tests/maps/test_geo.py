"""Geocoding with the cache, nearby leads and route planning, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.context import AppContext
from app.errors import NotFoundError
from app.integrations.google_maps import Geocoder, MapsQuotaExceeded, MapsRequestDenied, RoutesClient
from app.progress import Cancelled, Progress
from app.services.leads.search import LeadQuery
from app.services.maps.geo import (
    OFFLINE_SPEED_KMH,
    TokenBucket,
    address_key,
    bearing_deg,
    expire_google_coordinates,
    geocode_leads,
    haversine_km,
    nearby,
    plan_route,
)
from tests.fakes.google_server import KEY, FakeGoogle
from tests.maps.conftest import NOW, TestClock, add_lead, days, lead_row, set_fields

PAULISTA = {"address": "Avenida Paulista, 1000", "city": "São Paulo", "state": "SP", "country": "BR"}
PAULISTA_SENT = "Avenida Paulista, 1000, São Paulo, SP, BR"


def run(ctx: AppContext, geocoder: Geocoder, clock: TestClock, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("now", NOW)
    kw.setdefault("qps", 1000)
    return geocode_leads(ctx.db, geocoder, clock=clock.monotonic, sleep=clock.sleep, **kw)


def test_address_key_folds_accents_case_spaces_and_punctuation() -> None:
    a = address_key("Avenida  Paulista,1000", "SÃO PAULO", "SP", None, "BR")
    b = address_key("avenida paulista 1000", "Sao Paulo", "sp", None, None)
    assert a == b == "avenida paulista 1000 sao paulo sp br"
    assert address_key(None, None, "SP", None, "BR") == ""


def test_one_address_is_asked_once(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder, clock: TestClock) -> None:
    fake.add_place(PAULISTA_SENT, -23.5646, -46.6527)
    a = add_lead(ctx, "A", **PAULISTA)
    b = add_lead(ctx, "B", address="avenida  paulista 1000", city="SAO PAULO", state="sp", country="BR")
    c = add_lead(ctx, "C", address="Rua Augusta, 500", city="São Paulo", state="SP")
    add_lead(ctx, "No address")
    summary = run(ctx, geocoder, clock)
    assert (summary.geocoded, summary.from_cache, summary.not_found, summary.partial, summary.errors) == (2, 1, 0, 0, 0)
    assert fake.geocode_total == 2 and fake.geocode_counts[PAULISTA_SENT] == 1
    for lead_id in (a, b):
        row = lead_row(ctx, lead_id)
        assert (row.lat, row.lng, row.coord_source, row.geocode_status) == (-23.5646, -46.6527, "google", "ok")
        assert row.place_id and row.geocoded_at == NOW
    assert lead_row(ctx, c).lat is not None

    again = run(ctx, geocoder, clock)
    assert again.requests == 0 and again.up_to_date == 4 and fake.geocode_total == 2


def test_cache_older_than_30_days_is_refreshed_and_place_id_kept(
        ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder, clock: TestClock) -> None:
    place = fake.add_place(PAULISTA_SENT, -23.5646, -46.6527)
    lead_id = add_lead(ctx, **PAULISTA)
    run(ctx, geocoder, clock)
    later = NOW + days(29)
    assert run(ctx, geocoder, clock, now=later).requests == 0

    # day 31: Google's lat/lng must go; place_id stays
    expired = NOW + days(31)
    assert expire_google_coordinates(ctx.db, expired) == 2  # the cache entry and the lead
    row = lead_row(ctx, lead_id)
    assert row.lat is None and row.place_id == place.place_id
    assert nearby(ctx.db, -23.5646, -46.6527, 5, now=expired) == []

    fake.add_place(PAULISTA_SENT, -23.5650, -46.6530, place_id=place.place_id)
    summary = run(ctx, geocoder, clock, now=expired)
    assert summary.geocoded == 1 and fake.geocode_counts[PAULISTA_SENT] == 2
    row = lead_row(ctx, lead_id)
    assert (row.lat, row.lng, row.geocoded_at, row.place_id) == (-23.5650, -46.6530, expired, place.place_id)


def test_expired_coordinates_are_refreshed_by_geocode_itself(
        ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder, clock: TestClock) -> None:
    lead_id = add_lead(ctx, **PAULISTA)
    run(ctx, geocoder, clock)
    summary = run(ctx, geocoder, clock, now=NOW + days(40))
    assert summary.geocoded == 1 and fake.geocode_total == 2
    assert lead_row(ctx, lead_id).geocoded_at == NOW + days(40)


def test_changed_address_is_geocoded_again(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                           clock: TestClock) -> None:
    fake.add_place(PAULISTA_SENT, -23.5646, -46.6527)
    fake.add_place("Rua Augusta, 500, São Paulo, SP, BR", -23.5530, -46.6560)
    moved = add_lead(ctx, "Moved", **PAULISTA)
    stays = add_lead(ctx, "Stays", **PAULISTA)
    run(ctx, geocoder, clock)
    ctx.leads.update(moved, {"address": "Rua Augusta, 500"})
    summary = run(ctx, geocoder, clock)
    assert summary.geocoded == 1 and summary.up_to_date == 1
    assert (lead_row(ctx, moved).lat, lead_row(ctx, moved).lng) == (-23.5530, -46.6560)
    assert lead_row(ctx, stays).lat == -23.5646
    # moving back to a cached address needs no request
    ctx.leads.update(moved, {"address": "Avenida Paulista 1000"})
    back = run(ctx, geocoder, clock)
    assert back.from_cache == 1 and back.requests == 0
    assert lead_row(ctx, moved).lat == -23.5646
    # emptying the address removes Google's coordinates at once
    ctx.leads.update(moved, {"address": None, "city": None, "state": None})
    assert lead_row(ctx, moved).lat is None and lead_row(ctx, moved).coord_source is None
    assert run(ctx, geocoder, clock).requests == 0 and lead_row(ctx, moved).lat is None


def test_address_edit_forgets_google_coordinates_at_once(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                                         clock: TestClock) -> None:
    fake.add_place(PAULISTA_SENT, -23.5646, -46.6527)
    fake.add_place("Avenida Paulista, 1000, Campinas, SP, BR", -22.9056, -47.0608)
    moved = add_lead(ctx, "Moved", **PAULISTA)
    run(ctx, geocoder, clock)
    assert lead_row(ctx, moved).coord_source == "google"
    ctx.leads.update(moved, {"city": "Campinas"})
    row = lead_row(ctx, moved)
    assert (row.lat, row.lng, row.coord_source, row.geocode_status, row.geocoded_at) == (None,) * 5
    # so "without a position" (the map's Geocode button) includes it, and Nearby no longer finds it
    assert nearby(ctx.db, -23.5646, -46.6527, 1, now=NOW) == []
    summary = run(ctx, geocoder, clock)
    assert summary.geocoded == 1 and summary.requests == 1
    assert (lead_row(ctx, moved).lat, lead_row(ctx, moved).lng) == (-22.9056, -47.0608)


def test_address_edit_keeps_the_companys_own_coordinates(ctx: AppContext) -> None:
    manual = add_lead(ctx, "Manual", lat=-23.1, lng=-46.1, **PAULISTA)
    set_fields(ctx, manual, coord_source="manual")
    typed = add_lead(ctx, "Typed", **PAULISTA)
    set_fields(ctx, typed, lat=-23.2, lng=-46.2, coord_source="google", geocode_status="ok")
    ctx.leads.update(manual, {"address": "Rua Augusta, 500"})
    # coordinates given with the new address are the company's own: kept as given
    ctx.leads.update(typed, {"address": "Rua Augusta, 501", "lat": -23.3, "lng": -46.3})
    assert (lead_row(ctx, manual).lat, lead_row(ctx, manual).coord_source) == (-23.1, "manual")
    assert (lead_row(ctx, typed).lat, lead_row(ctx, typed).lng) == (-23.3, -46.3)
    # a change elsewhere leaves Google's coordinates alone
    other = add_lead(ctx, "Other", **PAULISTA)
    set_fields(ctx, other, lat=-23.4, lng=-46.4, coord_source="google", geocode_status="ok")
    ctx.leads.update(other, {"phone": "+5511988887777", "address": PAULISTA["address"]})
    assert lead_row(ctx, other).lat == -23.4


def test_zero_results_and_partial_match(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                        clock: TestClock) -> None:
    fake.status_for["Rua Que Não Existe, 9, BR"] = "ZERO_RESULTS"
    fake.add_place("Rua Quase, 1, BR", -23.1, -46.1, partial_match=True, location_type="APPROXIMATE")
    missing = add_lead(ctx, "Missing", address="Rua Que Não Existe, 9")
    partial = add_lead(ctx, "Partial", address="Rua Quase, 1")
    summary = run(ctx, geocoder, clock)
    assert (summary.not_found, summary.partial, summary.geocoded) == (1, 1, 1)
    assert summary.not_found_ids == [missing] and summary.partial_ids == [partial]
    assert lead_row(ctx, missing).geocode_status == "not_found" and lead_row(ctx, missing).lat is None
    assert lead_row(ctx, partial).geocode_status == "partial" and lead_row(ctx, partial).lat == -23.1
    # a not-found address is not asked again while its answer is fresh, and is still reported not found
    again = run(ctx, geocoder, clock)
    assert again.requests == 0 and (again.not_found, again.not_found_ids, again.up_to_date) == (1, [missing], 1)
    # until its address changes: then it is a lead to geocode again
    fake.add_place("Rua Que Existe, 9, BR", -23.2, -46.2)
    ctx.leads.update(missing, {"address": "Rua Que Existe, 9"})
    assert lead_row(ctx, missing).geocode_status is None
    assert run(ctx, geocoder, clock).geocoded == 1 and lead_row(ctx, missing).lat == -23.2


def test_over_query_limit_backs_off_and_retries(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                                clock: TestClock) -> None:
    lead_id = add_lead(ctx, **PAULISTA)
    fake.queue_status("OVER_QUERY_LIMIT", "OVER_QUERY_LIMIT")
    summary = run(ctx, geocoder, clock)
    assert summary.geocoded == 1 and summary.requests == 3
    assert clock.slept == [1.0, 2.0]
    assert lead_row(ctx, lead_id).geocode_status == "ok"


def test_over_query_limit_that_persists_stops_the_batch(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                                        clock: TestClock) -> None:
    add_lead(ctx, **PAULISTA)
    fake.queue_status(*["OVER_QUERY_LIMIT"] * 6)
    with pytest.raises(MapsQuotaExceeded) as caught:
        run(ctx, geocoder, clock)
    assert caught.value.retryable and clock.slept == [1.0, 2.0, 4.0, 8.0, 16.0]


def test_request_denied_stops_and_keeps_work_done(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                                  clock: TestClock) -> None:
    first = add_lead(ctx, "First", address="Rua Um, 1")
    add_lead(ctx, "Second", address="Rua Dois, 2")
    fake.status_for["Rua Dois, 2, BR"] = "REQUEST_DENIED"
    with pytest.raises(MapsRequestDenied):
        run(ctx, geocoder, clock)
    assert lead_row(ctx, first).geocode_status == "ok"


def test_invalid_request_and_unknown_error_mark_the_lead_and_go_on(
        ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder, clock: TestClock) -> None:
    bad = add_lead(ctx, "Bad", address="Rua Ruim, 0")
    flaky = add_lead(ctx, "Flaky", address="Rua Instável, 7")
    good = add_lead(ctx, "Good", address="Rua Boa, 3")
    fake.status_for["Rua Ruim, 0, BR"] = "INVALID_REQUEST"
    fake.status_for["Rua Instável, 7, BR"] = "UNKNOWN_ERROR"
    summary = run(ctx, geocoder, clock)
    assert summary.errors == 2 and summary.error_ids == [bad, flaky] and summary.geocoded == 1
    assert lead_row(ctx, bad).geocode_status == "error" and lead_row(ctx, good).geocode_status == "ok"
    del fake.status_for["Rua Instável, 7, BR"]
    retry = run(ctx, geocoder, clock)  # errors are tried again on the next run
    assert retry.geocoded == 1 and retry.errors == 1


def test_qps_is_respected_with_an_injected_clock(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                                 clock: TestClock) -> None:
    for n in range(5):
        add_lead(ctx, f"L{n}", address=f"Rua {n}, {n + 1}")
    add_lead(ctx, "Dup", address="Rua 0, 1")  # a cache hit costs no token
    summary = run(ctx, geocoder, clock, qps=2)
    assert summary.requests == 5 and summary.from_cache == 1
    assert clock.slept == pytest.approx([0.5] * 4)


def test_token_bucket_refills_with_time() -> None:
    clock = TestClock()
    bucket = TokenBucket(4, burst=2, clock=clock.monotonic, sleep=clock.sleep)
    for _ in range(2):
        bucket.acquire()
    assert clock.slept == []
    bucket.acquire()
    assert clock.slept == pytest.approx([0.25])
    clock.mono += 10
    bucket.acquire()
    bucket.acquire()
    assert len(clock.slept) == 1


def test_manual_and_gps_coordinates_are_never_overwritten(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                                          clock: TestClock) -> None:
    typed = add_lead(ctx, "Typed", lat=-23.0, lng=-46.0, **PAULISTA)  # coordinates typed in, no source
    gps = add_lead(ctx, "GPS", **PAULISTA)
    set_fields(ctx, gps, lat=-23.1, lng=-46.1, coord_source="gps")
    manual = add_lead(ctx, "Manual", **PAULISTA)
    set_fields(ctx, manual, lat=-23.2, lng=-46.2, coord_source="manual", geocoded_at=NOW - days(90))
    summary = run(ctx, geocoder, clock, mode="all")
    assert summary.requests == 0 and fake.geocode_total == 0
    assert (lead_row(ctx, typed).lat, lead_row(ctx, gps).lat, lead_row(ctx, manual).lat) == (-23.0, -23.1, -23.2)
    assert lead_row(ctx, gps).coord_source == "gps"


def test_mode_all_asks_every_address_again_once(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder,
                                                clock: TestClock) -> None:
    add_lead(ctx, "A", **PAULISTA)
    add_lead(ctx, "B", **PAULISTA)
    add_lead(ctx, "C", address="Rua Augusta, 500")
    run(ctx, geocoder, clock)
    assert fake.geocode_total == 2
    summary = run(ctx, geocoder, clock, mode="all")
    assert summary.requests == 2 and fake.geocode_total == 4 and summary.geocoded == 2


def test_cancel_keeps_what_was_done(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder, clock: TestClock) -> None:
    ids = [add_lead(ctx, f"L{n}", address=f"Rua {n}, 10") for n in range(5)]
    progress = Progress()
    progress.listener = lambda done, total, label: progress.cancel() if done >= 2 else None
    with pytest.raises(Cancelled):
        run(ctx, geocoder, clock, progress=progress)
    assert progress.total == 5
    statuses = [lead_row(ctx, i).geocode_status for i in ids]
    assert statuses == ["ok", "ok", None, None, None]
    assert fake.geocode_total == 2


def test_deleted_leads_are_skipped(ctx: AppContext, fake: FakeGoogle, geocoder: Geocoder, clock: TestClock) -> None:
    gone = add_lead(ctx, **PAULISTA)
    ctx.leads.delete(gone)
    assert run(ctx, geocoder, clock).requests == 0


# --- nearby ----------------------------------------------------------------------------------


def test_haversine_and_bearing() -> None:
    sp, rio = (-23.5505, -46.6333), (-22.9068, -43.1729)
    assert haversine_km(sp, rio) == pytest.approx(360.7, abs=1.0)
    assert bearing_deg((0, 0), (1, 0)) == pytest.approx(0)
    assert bearing_deg((0, 0), (0, 1)) == pytest.approx(90)
    assert bearing_deg((0, 0), (-1, 0)) == pytest.approx(180)


def test_nearby_filters_by_radius_and_query(ctx: AppContext) -> None:
    here = (-23.5505, -46.6333)
    north = add_lead(ctx, "North", lat=-23.5415, lng=-46.6333)  # ~1 km north
    east = add_lead(ctx, "East", lat=-23.5505, lng=-46.6137, stage="won")  # ~2 km east
    add_lead(ctx, "Far", lat=-22.9068, lng=-43.1729)  # Rio
    add_lead(ctx, "Nowhere")
    corner = add_lead(ctx, "Corner", lat=-23.5505 + 0.0270, lng=-46.6333 + 0.0295)  # in the box, ~4.2 km away
    stale = add_lead(ctx, "Stale", lat=-23.5506, lng=-46.6334)
    set_fields(ctx, stale, coord_source="google", geocoded_at=NOW - days(31))

    found = nearby(ctx.db, *here, 3.0, now=NOW)
    assert [lead_id for lead_id, _, _ in found] == [north, east]
    (_, d_north, b_north), (_, d_east, b_east) = found
    assert d_north == pytest.approx(1.0, abs=0.02) and b_north == pytest.approx(0, abs=0.5)
    assert d_east == pytest.approx(2.0, abs=0.05) and b_east == pytest.approx(90, abs=0.5)
    assert corner not in [i for i, _, _ in nearby(ctx.db, *here, 4.0, now=NOW)]
    assert [i for i, _, _ in nearby(ctx.db, *here, 3.0, query=LeadQuery(stages=("won",)), now=NOW)] == [east]
    assert stale in [i for i, _, _ in nearby(ctx.db, *here, 3.0, now=NOW - days(2))]


# --- routes ----------------------------------------------------------------------------------


def _four_stops(ctx: AppContext) -> list[int]:
    far = add_lead(ctx, "Far", lat=-23.80, lng=-46.60)
    near = add_lead(ctx, "Near", lat=-23.55, lng=-46.60)
    middle = add_lead(ctx, "Middle", lat=-23.65, lng=-46.60)
    end = add_lead(ctx, "End", lat=-23.90, lng=-46.60)
    return [far, near, middle, end]


def test_plan_route_with_google(ctx: AppContext, fake: FakeGoogle, router: RoutesClient) -> None:
    far, near, middle, end = _four_stops(ctx)
    nocoords = add_lead(ctx, "No coordinates")
    leave = NOW + timedelta(hours=1)
    plan = plan_route(ctx.db, router, [far, near, nocoords, middle, end], start=(-23.50, -46.60), departure=leave,
                      now=NOW, visit_s=600)
    assert plan.source == "google"
    assert plan.order == [near, middle, far, end]
    assert plan.missing == [nocoords]
    assert [leg.to_lead for leg in plan.legs] == plan.order and plan.legs[0].from_lead is None
    assert plan.legs[1].from_lead == near
    assert all(leg.distance_km > 0 and leg.duration_s > 0 for leg in plan.legs)
    assert plan.arrivals[0] == leave + timedelta(seconds=plan.legs[0].duration_s)
    assert plan.arrivals[1] == plan.arrivals[0] + timedelta(seconds=600 + plan.legs[1].duration_s)
    assert len(fake.routes_requests) == 1


def test_plan_route_without_start_begins_at_the_first_lead(ctx: AppContext, router: RoutesClient) -> None:
    far, near, middle, end = _four_stops(ctx)
    plan = plan_route(ctx.db, router, [near, far, middle, end], now=NOW)
    assert plan.source == "google" and plan.order == [near, middle, far, end]
    assert len(plan.legs) == 3 and plan.legs[0].from_lead == near
    assert len(plan.arrivals) == 4


def test_plan_route_offline_without_client(ctx: AppContext) -> None:
    far, near, middle, end = _four_stops(ctx)
    plan = plan_route(ctx.db, None, [far, near, middle, end], start=(-23.50, -46.60), departure=NOW, now=NOW)
    assert plan.source == "offline" and "no Google Maps key" in plan.note
    assert plan.order == [near, middle, far, end]
    assert plan.legs[0].distance_km == pytest.approx(haversine_km((-23.50, -46.60), (-23.55, -46.60)))
    leg = plan.legs[0]
    assert leg.duration_s == round(leg.distance_km / OFFLINE_SPEED_KMH * 3600)
    assert f"{OFFLINE_SPEED_KMH:.0f} km/h" in plan.note


def test_plan_route_falls_back_when_google_is_down(ctx: AppContext) -> None:
    far, near, middle, end = _four_stops(ctx)
    server = FakeGoogle().start()
    client = RoutesClient(KEY, base_url=server.url, timeout=2)
    server.stop()
    try:
        plan = plan_route(ctx.db, client, [far, near, middle, end], start=(-23.50, -46.60), now=NOW)
    finally:
        client.close()
    assert plan.source == "offline" and "unreachable" in plan.note
    assert plan.order == [near, middle, far, end]


def test_plan_route_falls_back_when_google_refuses(ctx: AppContext, fake: FakeGoogle) -> None:
    far, near, _, _ = _four_stops(ctx)
    client = RoutesClient("AIzaWRONG-key-000000000000000000000000", base_url=fake.url, timeout=2)
    try:
        plan = plan_route(ctx.db, client, [far, near], start=(-23.50, -46.60), now=NOW)
    finally:
        client.close()
    assert plan.source == "offline" and "refused" in plan.note


def test_plan_route_reports_unknown_and_coordinate_less_leads(ctx: AppContext, router: RoutesClient) -> None:
    bare = add_lead(ctx, "Bare")
    with pytest.raises(NotFoundError, match="999"):
        plan_route(ctx.db, router, [bare, 999], now=NOW)
    plan = plan_route(ctx.db, router, [bare], now=NOW)
    assert plan.order == [] and plan.missing == [bare] and "geocode" in plan.note
    expired = add_lead(ctx, "Expired", lat=-23.5, lng=-46.6)
    set_fields(ctx, expired, coord_source="google", geocoded_at=NOW - days(45))
    assert plan_route(ctx.db, router, [expired], now=NOW).missing == [expired]


def test_plan_route_says_why_google_was_not_used(ctx: AppContext, fake: FakeGoogle, router: RoutesClient) -> None:
    far, near, middle, end = _four_stops(ctx)
    ids = [far, near, middle, end]
    assert plan_route(ctx.db, None, ids, now=NOW).google_status == "NO_KEY"
    fake.fail_routes(403, "PERMISSION_DENIED", "SERVICE_DISABLED")
    disabled = plan_route(ctx.db, router, ids, now=NOW)
    assert disabled.source == "offline" and disabled.google_status == "SERVICE_DISABLED"
    assert "Routes API" in disabled.note
    fake.fail_routes(429, "RESOURCE_EXHAUSTED")
    assert plan_route(ctx.db, router, ids, now=NOW).google_status == "OVER_QUERY_LIMIT"
    assert plan_route(ctx.db, router, ids, now=NOW).google_status == ""


def test_routes_waypoint_limit_in_plan_route_and_the_fake(ctx: AppContext, router: RoutesClient) -> None:
    from app.errors import ValidationError
    from app.integrations.google_maps import MapsError

    ids = [add_lead(ctx, f"L{i}", lat=-23.5 - i / 200, lng=-46.6) for i in range(27)]
    with pytest.raises(ValidationError, match="at most 26 leads"):
        plan_route(ctx.db, router, ids, start=(-23.4, -46.6), now=NOW)
    assert plan_route(ctx.db, router, ids, now=NOW).source == "google"  # 25 between the first and the last
    with pytest.raises(MapsError, match="INVALID_ARGUMENT"):
        router.compute_route((-23.4, -46.6), (-23.7, -46.6), [(-23.5 - i / 200, -46.6) for i in range(26)])


def test_cancel_during_the_over_query_limit_back_off_is_prompt(ctx: AppContext, fake: FakeGoogle,
                                                                geocoder: Geocoder, clock: TestClock) -> None:
    add_lead(ctx, **PAULISTA)
    fake.queue_status("OVER_QUERY_LIMIT", "OVER_QUERY_LIMIT", "OVER_QUERY_LIMIT")
    progress = Progress()
    real_sleep = clock.sleep

    def sleep(seconds: float) -> None:  # the user presses Stop half a second into the back-off
        real_sleep(seconds)
        if sum(clock.slept) >= 0.5:
            progress.cancel()

    with pytest.raises(Cancelled):
        geocode_leads(ctx.db, geocoder, now=NOW, qps=1000, clock=clock.monotonic, sleep=sleep, progress=progress)
    # noticed at the next 0.2 s slice, not after the 1 s, 2 s, 4 s … of the whole back-off
    assert sum(clock.slept) == pytest.approx(0.6)
    assert fake.geocode_total == 1
