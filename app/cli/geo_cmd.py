"""aiconnect geocode [--missing|--all] [--json]; aiconnect route --leads ID,ID,... [--start LAT,LNG] [--json]"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from app.cli.common import MAX_ID, BadInput, context, print_json
from app.errors import KnownError

if TYPE_CHECKING:
    from app.integrations.google_maps import RoutesClient
    from app.services.maps.geo import GeocodeSummary


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    geo = sub.add_parser("geocode", help="find the coordinates of leads' addresses with Google (cached)")
    which = geo.add_mutually_exclusive_group()
    which.add_argument("--missing", dest="mode", action="store_const", const="missing",
                       help="only leads without coordinates, with expired ones or a changed address (default)")
    which.add_argument("--all", dest="mode", action="store_const", const="all",
                       help="ask Google again for every address (manual and GPS coordinates are kept)")
    geo.add_argument("--json", action="store_true", help="print machine-readable output")
    geo.set_defaults(handler=run_geocode, mode="missing")

    route = sub.add_parser("route", help="plan the order of a day's visits (Google Routes, or offline)")
    route.add_argument("--leads", required=True, help="lead ids, comma separated; the day ends at the last one")
    route.add_argument("--start", default=None, help="where the day starts, LAT,LNG (default: the first lead)")
    route.add_argument("--json", action="store_true", help="print machine-readable output")
    # "--start -23.55,-46.63": a negative latitude is a value, not an option (argparse only knows plain numbers)
    route._negative_number_matcher = re.compile(r"^-\d+\.?\d*(,\s*-?\d+\.?\d*)?$")
    route.set_defaults(handler=run_route)


def parse_ids(raw: str) -> list[int]:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts or not all(p.isascii() and p.isdigit() and len(p) <= 10 and 0 < int(p) <= MAX_ID for p in parts):
        raise BadInput(f"aiconnect route: --leads must be lead ids separated by commas, got {raw!r}")
    return [int(p) for p in parts]


def parse_start(raw: str) -> tuple[float, float]:
    try:
        lat_text, lng_text = raw.split(",")
        lat, lng = float(lat_text), float(lng_text)
    except ValueError:
        raise BadInput(f"aiconnect route: --start must be LAT,LNG such as -23.5505,-46.6333, got {raw!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):  # also false for nan
        raise BadInput(f"aiconnect route: --start {raw!r} is off the globe (latitude -90..90, longitude -180..180)")
    return lat, lng


def run_geocode(args: argparse.Namespace) -> int:
    from app.services.maps.geo import GeocodeSummary, geocode_leads

    ctx = context(args)
    summary = GeocodeSummary()
    try:
        qps = float(ctx.workspace.get("geocode.qps"))
        geocoder = ctx.geocoder()
        try:
            geocode_leads(ctx.db, geocoder, mode=args.mode, qps=qps, summary=summary)
        except (KnownError, KeyboardInterrupt):
            if summary.requests or summary.up_to_date or summary.cleared:  # what was saved before it stopped
                if not args.json:
                    print("stopped early; saved so far:")
                _print_summary(summary, args.json)
            raise
        finally:
            geocoder.close()
    finally:
        ctx.close()
    _print_summary(summary, args.json)
    return 0


def _print_summary(summary: GeocodeSummary, as_json: bool) -> None:
    if as_json:
        print_json(asdict(summary))
    else:
        print(f"geocoded {summary.geocoded}, from cache {summary.from_cache}, not found {summary.not_found}, "
              f"partial matches {summary.partial}, errors {summary.errors} "
              f"({summary.requests} requests to Google, {summary.up_to_date} already up to date)")
        if summary.partial_ids:
            print(f"check these addresses (Google matched only part): {_ids(summary.partial_ids)}")
        if summary.not_found_ids:
            print(f"not found: {_ids(summary.not_found_ids)}")
        if summary.error_ids:
            print(f"errors: {_ids(summary.error_ids)}")


def run_route(args: argparse.Namespace) -> int:
    from app.services.maps.geo import plan_route

    ids = parse_ids(args.leads)
    start = parse_start(args.start) if args.start is not None else None
    ctx = context(args)
    try:
        try:
            client: RoutesClient | None = ctx.router()
        except KnownError:  # no key, or no keyring: plan offline
            client = None
        try:
            plan = plan_route(ctx.db, client, ids, start=start)
        finally:
            if client is not None:
                client.close()
        names = {r.id: r.name for r in ctx.leads.get_many(ids)}
    finally:
        ctx.close()
    if args.json:
        print_json({
            "source": plan.source, "note": plan.note, "order": plan.order, "missing": plan.missing,
            "distance_km": round(plan.distance_km, 3), "duration_s": plan.duration_s,
            "legs": [{"from": leg.from_lead, "to": leg.to_lead, "distance_km": round(leg.distance_km, 3),
                      "duration_s": leg.duration_s} for leg in plan.legs],
            "arrivals": [a.isoformat() for a in plan.arrivals],
            "path_points": len(plan.path),  # points of the path along the roads (0: offline, straight lines)
        })
        return 0
    print(f"route from {'Google Routes' if plan.source == 'google' else 'the offline estimate'}"
          f"{': ' + plan.note if plan.note else ''}")
    legs_by_target = {leg.to_lead: leg for leg in plan.legs}
    for n, (lead_id, arrival) in enumerate(zip(plan.order, plan.arrivals, strict=False), start=1):
        leg = legs_by_target.get(lead_id)
        hop = f"{leg.distance_km:7.1f} km {leg.duration_s // 60:4d} min" if leg else "   start            "
        print(f"{n:3d}. {arrival.astimezone():%H:%M}  {hop}  #{lead_id} {names.get(lead_id, '')}")
    print(f"total {plan.distance_km:.1f} km, {plan.duration_s // 60} min")
    if plan.missing:
        print(f"without coordinates (not in the route; run `aiconnect geocode`): {_ids(plan.missing)}",
              file=sys.stderr)
    return 0


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids[:50]) + (f" … ({len(ids)} in all)" if len(ids) > 50 else "")
