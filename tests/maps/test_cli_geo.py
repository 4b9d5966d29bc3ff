"""`aiconnect geocode` and `aiconnect route`: output, --json and exit codes."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.context import AppContext
from tests.fakes.google_server import FakeGoogle
from tests.maps.conftest import add_lead


@pytest.fixture
def maps_env(fake: FakeGoogle, monkeypatch: pytest.MonkeyPatch) -> FakeGoogle:
    monkeypatch.setenv("AICONNECT_GOOGLEMAPS_API_URL", fake.url)
    monkeypatch.setenv("AICONNECT_GOOGLE_ROUTES_API_URL", fake.url)
    return fake


def test_geocode_json_summary(ctx: AppContext, maps_env: FakeGoogle, maps_key: str,
                              capsys: pytest.CaptureFixture[str]) -> None:
    add_lead(ctx, "A", address="Rua Augusta, 500", city="São Paulo")
    add_lead(ctx, "B", address="rua augusta 500", city="SAO PAULO")
    maps_env.status_for["Rua Sem Fim, 1, BR"] = "ZERO_RESULTS"
    add_lead(ctx, "C", address="Rua Sem Fim, 1")
    assert main(["geocode", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["geocoded"], out["from_cache"], out["not_found"], out["partial"], out["errors"]) == (1, 1, 1, 0, 0)
    assert main(["geocode", "--all"]) == 0
    text = capsys.readouterr().out
    assert "geocoded 1, from cache 0, not found 1" in text and "2 requests to Google" in text and "not found: " in text


def test_geocode_without_key_exits_2_with_the_fix(ctx: AppContext, maps_env: FakeGoogle, no_key: None,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "--missing"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "aiconnect secrets set google.maps_key" in err


def test_route_from_google_and_offline(ctx: AppContext, maps_env: FakeGoogle, maps_key: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    far = add_lead(ctx, "Far", lat=-23.80, lng=-46.60)
    near = add_lead(ctx, "Near", lat=-23.55, lng=-46.60)
    end = add_lead(ctx, "End", lat=-23.90, lng=-46.60)
    bare = add_lead(ctx, "Bare")
    ids = f"{far},{near},{bare},{end}"
    assert main(["route", "--leads", ids, "--start", "-23.50,-46.60", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == "google" and out["order"] == [near, far, end] and out["missing"] == [bare]
    assert len(out["legs"]) == 3 and out["distance_km"] > 0 and len(out["arrivals"]) == 3

    assert main(["route", "--leads", ids, "--start=-23.50,-46.60"]) == 0
    captured = capsys.readouterr()
    assert "Google Routes" in captured.out and "Near" in captured.out and "without coordinates" in captured.err

    maps_env.stop()
    assert main(["route", "--leads", ids, "--start", "-23.50,-46.60", "--json"]) == 0
    offline = json.loads(capsys.readouterr().out)
    assert offline["source"] == "offline" and offline["order"] == [near, far, end]
    assert "unreachable" in offline["note"]


def test_route_without_key_is_offline(ctx: AppContext, no_key: None, capsys: pytest.CaptureFixture[str]) -> None:
    a = add_lead(ctx, "A", lat=-23.5, lng=-46.6)
    b = add_lead(ctx, "B", lat=-23.6, lng=-46.7)
    assert main(["route", "--leads", f"{a},{b}", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == "offline" and out["order"] == [a, b] and "no Google Maps key" in out["note"]


@pytest.mark.parametrize("argv", [
    ["route", "--leads", "1,x"],
    ["route", "--leads", ""],
    ["route", "--leads", "-3"],
    ["route", "--leads", "1", "--start", "abc"],
    ["route", "--leads", "1", "--start", "95,10"],
    ["route", "--leads", "1", "--start", "1,2,3"],
    ["geocode", "--missing", "--all"],
])
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_unknown_leads_exit_2(ctx: AppContext, no_key: None, capsys: pytest.CaptureFixture[str]) -> None:
    a = add_lead(ctx, "A", lat=-23.5, lng=-46.6)
    assert main(["route", "--leads", f"{a},424242"]) == 2
    err = capsys.readouterr().err
    assert "424242" in err and len(err.strip().splitlines()) == 1


def test_geocode_denied_or_offline_exits_2_with_one_line(ctx: AppContext, maps_env: FakeGoogle, maps_key: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    add_lead(ctx, "A", address="Rua Augusta, 500")
    maps_env.queue_status("REQUEST_DENIED")
    assert main(["geocode"]) == 2
    err = capsys.readouterr().err
    assert "REQUEST_DENIED" in err and "Geocoding API" in err and len(err.strip().splitlines()) == 1
    maps_env.stop()
    assert main(["geocode"]) == 2
    err = capsys.readouterr().err
    assert "unreachable" in err and len(err.strip().splitlines()) == 1


def test_route_text_prints_arrivals_in_local_time(ctx: AppContext, no_key: None, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import time
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    a = add_lead(ctx, "A", lat=-23.5, lng=-46.6)
    b = add_lead(ctx, "B", lat=-23.6, lng=-46.7)
    monkeypatch.setenv("TZ", "America/Sao_Paulo")  # UTC-3, no daylight saving since 2019
    time.tzset()
    try:
        assert main(["route", "--leads", f"{a},{b}", "--json"]) == 0
        arrivals = [datetime.fromisoformat(t) for t in json.loads(capsys.readouterr().out)["arrivals"]]
        assert main(["route", "--leads", f"{a},{b}"]) == 0
        out = capsys.readouterr().out
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    lines = [line for line in out.splitlines() if line.startswith(("  1.", "  2."))]
    assert len(lines) == 2
    for line, when in zip(lines, arrivals, strict=True):
        assert line[5:10] == f"{when.astimezone(ZoneInfo('America/Sao_Paulo')):%H:%M}"
        assert line[5:10] != f"{when.astimezone(UTC):%H:%M}"


def test_route_refuses_more_stops_than_google_routes_takes(ctx: AppContext, no_key: None,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    ids = [add_lead(ctx, f"L{i}", lat=-23.5 - i / 100, lng=-46.6) for i in range(28)]
    assert main(["route", "--leads", ",".join(map(str, ids))]) == 2
    err = capsys.readouterr().err
    assert "at most 27 leads" in err and "25" in err and len(err.strip().splitlines()) == 1
    assert main(["route", "--leads", ",".join(map(str, ids[:27])), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["order"]) == 27


def test_geocode_stopped_early_prints_what_was_saved(ctx: AppContext, maps_env: FakeGoogle, maps_key: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    add_lead(ctx, "A", address="Rua Augusta, 500")
    add_lead(ctx, "B", address="Rua Augusta, 600")
    add_lead(ctx, "C", address="Rua Augusta, 700")
    maps_env.queue_status("OK", "REQUEST_DENIED")
    assert main(["geocode"]) == 2
    captured = capsys.readouterr()
    assert "stopped early" in captured.out and "geocoded 1," in captured.out and "2 requests to Google" in captured.out
    assert "REQUEST_DENIED" in captured.err and len(captured.err.strip().splitlines()) == 1
