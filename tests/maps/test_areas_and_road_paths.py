"""Areas drawn on the map (point in polygon, in the plane the map draws it, over the database) and
routes along the roads (Google's encoded polyline, the Routes field mask, the path carried to the
plan and the command line)."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest
import requests

from app.cli import main
from app.context import AppContext
from app.errors import ValidationError
from app.integrations.google_maps import ROUTES_FIELD_MASK, RoutesClient, decode_polyline
from app.services.leads.search import LeadQuery
from app.services.maps.geo import PolygonArea, plan_route, within_polygon
from app.services.maps.map_reads import leads_in_area
from tests.fakes.google_server import KEY, FakeGoogle, encode_polyline, road_path
from tests.maps.conftest import NOW, add_lead, set_fields


@pytest.fixture
def maps_env(fake: FakeGoogle, monkeypatch: pytest.MonkeyPatch) -> FakeGoogle:
    monkeypatch.setenv("AICONNECT_GOOGLEMAPS_API_URL", fake.url)
    monkeypatch.setenv("AICONNECT_GOOGLE_ROUTES_API_URL", fake.url)
    return fake


GOOGLE_EXAMPLE = "_p~iF~ps|U_ulLnnqC_mqNvxq`@"  # developers.google.com/maps/documentation/utilities/polylinealgorithm
GOOGLE_POINTS = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]


# --- encoded polylines ---------------------------------------------------------------------------

def test_decode_googles_documented_example() -> None:
    assert decode_polyline(GOOGLE_EXAMPLE) == GOOGLE_POINTS
    assert decode_polyline("") == []


def test_the_fakes_encoder_matches_google_and_round_trips() -> None:
    assert encode_polyline(GOOGLE_POINTS) == GOOGLE_EXAMPLE
    rng = random.Random(7)
    points = [(round(rng.uniform(-89, 89), 5), round(rng.uniform(-179, 179), 5)) for _ in range(300)]
    assert decode_polyline(encode_polyline(points)) == points


@pytest.mark.parametrize("broken", ["_p~iF~ps|U_ulLnnqC_mqNvxq", "_p~iF", "_p~iF~ps|U\x01"])
def test_a_broken_polyline_is_refused(broken: str) -> None:
    with pytest.raises(ValueError, match="not an encoded polyline"):
        decode_polyline(broken)


def test_routes_asks_for_the_polyline_and_returns_the_road_path(fake: FakeGoogle, router: RoutesClient) -> None:
    origin, destination = (-23.50, -46.60), (-23.50, -46.60)
    intermediates = [(-23.80, -46.60), (-23.55, -46.65), (-23.65, -46.60)]
    result = router.compute_route(origin, destination, intermediates)
    assert "routes.polyline.encodedPolyline" in ROUTES_FIELD_MASK.split(",")
    assert result.path == fake.last_route_path and len(result.path) > 20
    visits = [origin, *(intermediates[i] for i in result.order), destination]
    at = 0
    for stop in visits:  # through every stop, in the visiting order
        at = result.path.index(stop, at)
    assert result.path[0] == origin and at == len(result.path) - 1


def test_the_fake_sends_a_polyline_only_when_the_mask_asks(fake: FakeGoogle) -> None:
    body = {"origin": {"location": {"latLng": {"latitude": -23.5, "longitude": -46.6}}},
            "destination": {"location": {"latLng": {"latitude": -23.6, "longitude": -46.7}}}}
    for mask, has in (("routes.duration", False), ("routes.duration,routes.polyline.encodedPolyline", True)):
        answer = requests.post(f"{fake.url}/directions/v2:computeRoutes", json=body, timeout=5,
                               headers={"X-Goog-Api-Key": KEY, "X-Goog-FieldMask": mask}).json()
        assert ("polyline" in answer["routes"][0]) is has


def test_plan_route_carries_the_road_path_and_offline_has_none(ctx: AppContext, fake: FakeGoogle,
                                                               router: RoutesClient) -> None:
    a = add_lead(ctx, "A", lat=-23.55, lng=-46.60)
    b = add_lead(ctx, "B", lat=-23.65, lng=-46.70)
    google = plan_route(ctx.db, router, [a, b], start=(-23.50, -46.60), departure=NOW + timedelta(hours=1), now=NOW)
    assert google.source == "google" and google.path == road_path([(-23.50, -46.60), (-23.55, -46.60),
                                                                    (-23.65, -46.70)])
    offline = plan_route(ctx.db, None, [a, b], start=(-23.50, -46.60), now=NOW)
    assert offline.source == "offline" and offline.path == []


def test_route_json_counts_the_path_points(ctx: AppContext, maps_env: FakeGoogle, maps_key: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    a = add_lead(ctx, "A", lat=-23.55, lng=-46.60)
    b = add_lead(ctx, "B", lat=-23.90, lng=-46.60)
    assert main(["route", "--leads", f"{a},{b}", "--start", "-23.50,-46.60", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == "google" and out["path_points"] == len(maps_env.last_route_path) > 10
    assert {"order", "legs", "arrivals", "distance_km", "duration_s", "missing", "note"} <= set(out)
    maps_env.stop()
    assert main(["route", "--leads", f"{a},{b}", "--start", "-23.50,-46.60", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path_points"] == 0


# --- point in polygon ------------------------------------------------------------------------------

SQUARE = [(-23.50, -46.70), (-23.50, -46.60), (-23.60, -46.60), (-23.60, -46.70)]
# a "U" open to the north: the notch between the arms is outside
U_SHAPE = [(-23.50, -46.70), (-23.50, -46.67), (-23.57, -46.67), (-23.57, -46.63), (-23.50, -46.63),
           (-23.50, -46.60), (-23.60, -46.60), (-23.60, -46.70)]


def test_square_and_concave_polygon() -> None:
    square = PolygonArea(SQUARE)
    assert square.contains(-23.55, -46.65) and not square.contains(-23.45, -46.65)
    assert not square.contains(-23.55, -46.71) and not square.contains(-23.55, -46.59)
    u = PolygonArea(U_SHAPE)
    assert u.contains(-23.55, -46.69) and u.contains(-23.55, -46.61) and u.contains(-23.59, -46.65)
    assert not u.contains(-23.53, -46.65)  # in the notch: inside the bounding box, outside the area
    assert PolygonArea([*SQUARE, SQUARE[0]]).corners == SQUARE  # a closed ring is read as the same area


def test_edges_are_straight_on_the_map_not_in_degrees() -> None:
    """The map draws edges straight in Web Mercator: a point just below the long diagonal edge in
    Mercator is outside, though a straight line in degrees would put it inside."""
    triangle = PolygonArea([(0.0, 0.0), (60.0, 0.0), (60.0, 60.0)])
    assert triangle.contains(40.0, 30.0)
    assert not triangle.contains(40.0, 35.0)  # 35 < 40 in degrees, yet below the Mercator edge


def test_a_polygon_across_the_antimeridian() -> None:
    fiji = PolygonArea([(-16.0, 177.0), (-16.0, -178.0), (-19.0, -178.0), (-19.0, 177.0)])
    assert fiji.wraps and fiji.lng_ranges() == [(177.0, 180.0), (-180.0, -178.0)]
    assert fiji.contains(-17.5, 179.5) and fiji.contains(-17.5, -179.0) and not fiji.contains(-17.5, 170.0)


@pytest.mark.parametrize("corners", [SQUARE[:2], [(-23.5, -46.7), (95.0, -46.6), (-23.6, -46.6)]])
def test_a_bad_polygon_is_refused(corners: list[tuple[float, float]]) -> None:
    with pytest.raises(ValidationError):
        PolygonArea(corners)


def test_within_polygon_reads_the_box_and_keeps_the_list_filter(ctx: AppContext) -> None:
    inside_won = add_lead(ctx, "Dentro", stage="won", lat=-23.55, lng=-46.69)
    inside_new = add_lead(ctx, "Dentro Novo", stage="new", lat=-23.59, lng=-46.65)
    notch = add_lead(ctx, "No Vão", stage="won", lat=-23.53, lng=-46.65)
    add_lead(ctx, "Longe", stage="won", lat=-22.90, lng=-43.20)
    add_lead(ctx, "Sem Posição", stage="won")
    expired = add_lead(ctx, "Expirado", stage="won", lat=-23.56, lng=-46.61)
    set_fields(ctx, expired, coord_source="google", geocoded_at=NOW - timedelta(days=40))
    assert within_polygon(ctx.db, U_SHAPE, now=NOW) == sorted([inside_won, inside_new])
    assert within_polygon(ctx.db, U_SHAPE, query=LeadQuery(stages=("won",)), now=NOW) == [inside_won]
    assert notch not in within_polygon(ctx.db, SQUARE, query=LeadQuery(text="Dentro"), now=NOW)
    result = leads_in_area(ctx.db, U_SHAPE)
    assert result.ids == sorted([inside_won, inside_new]) and result.corners == U_SHAPE
