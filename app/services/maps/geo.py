"""Maps without Qt: geocoding with a shared cache, nearby leads and day route planning.

Google's terms drive the rules here: lat/lng that came from Google are a cache of at most
30 days (`geocoded_at`), place_id may be kept; coordinates from elsewhere (manual entry, GPS
capture, import: coord_source other than 'google', or coordinates typed in without a source)
are the company's own data and are never overwritten. One address is asked of Google once:
answers are kept in `geocode_cache` under the normalised address (accents, case, spaces and
punctuation folded). A lead is up to date when its fields match the fresh cache entry of its
current address, so a changed address is geocoded again without an extra column.
Route durations and distances from Google are shown, never stored.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import and_, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from app.db.engine import Database
from app.db.models import GeocodeCacheEntry, Lead
from app.errors import NotFoundError, ValidationError
from app.integrations.google_maps import (
    MAX_INTERMEDIATES,
    GeocodeResult,
    MapsError,
    MapsQuotaExceeded,
    RouteResult,
)
from app.progress import Progress
from app.services.leads.normalize import words
from app.services.leads.search import LeadQuery, lead_ids_statement

logger = logging.getLogger(__name__)

CACHE_DAYS = 30
EARTH_RADIUS_KM = 6371.0088
OFFLINE_SPEED_KMH = 30.0  # average door-to-door speed assumed for the offline estimate (city driving)
BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 16.0)  # waits after OVER_QUERY_LIMIT before giving up
CHUNK = 500
LEAD_ERRORS = ("INVALID_REQUEST", "UNKNOWN_ERROR", "BAD_RESULT")  # about one address: mark that lead, go on
WAIT_SLICE_S = 0.2  # a cancel during a wait is noticed within this


class GeocoderLike(Protocol):
    def geocode(self, address: str, *, region: str | None = None) -> GeocodeResult: ...


class RouterLike(Protocol):
    def compute_route(self, origin: tuple[float, float], destination: tuple[float, float],
                      intermediates: Sequence[tuple[float, float]] = (), *,
                      departure: datetime | None = None) -> RouteResult: ...


# --- addresses -------------------------------------------------------------------------------


def address_text(address: str | None, city: str | None, state: str | None, postal_code: str | None,
                 country: str | None) -> str:
    """What is sent to Google: 'Rua Augusta, 100, São Paulo, SP, 01305-000, BR'."""
    parts = [p.strip() for p in (address, city, state, postal_code, country) if p and p.strip()]
    return ", ".join(parts)


def address_key(address: str | None, city: str | None, state: str | None, postal_code: str | None,
                country: str | None) -> str:
    """The cache key: folded words only, so 'Av. São João  100' == 'av sao joao 100'. '' = no address."""
    if not any(p and p.strip() for p in (address, city, postal_code)):
        return ""
    return " ".join(words(address_text(address, city, state, postal_code, country or "BR")))[:500]


def _lead_key(lead: Any) -> str:
    return address_key(lead.address, lead.city, lead.state, lead.postal_code, lead.country)


# --- rate limiting ---------------------------------------------------------------------------


class TokenBucket:
    """`rate` requests per second with bursts of `burst`; the clock and the sleep are injectable."""

    def __init__(self, rate: float, burst: float = 1.0, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be above 0")
        self.rate = float(rate)
        self.burst = max(1.0, float(burst))
        self.clock = clock
        self.sleep = sleep
        self.tokens = self.burst
        self.stamp = clock()

    def acquire(self) -> None:
        while True:
            now = self.clock()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1.0 - 1e-9:  # float dust must not turn into an endless string of tiny waits
                self.tokens = max(0.0, self.tokens - 1.0)
                return
            self.sleep((1.0 - self.tokens) / self.rate)


# --- geocoding -------------------------------------------------------------------------------


@dataclass
class GeocodeSummary:
    geocoded: int = 0  # leads given a fresh answer from Google
    from_cache: int = 0  # leads answered from the cache, no request
    not_found: int = 0  # Google found nothing (geocode_status 'not_found')
    partial: int = 0  # Google matched only part of the address (geocode_status 'partial'): review these
    errors: int = 0  # Google could not read the address or failed (geocode_status 'error')
    requests: int = 0  # requests sent to Google
    up_to_date: int = 0  # leads that needed nothing (a cached not-found answer counts as not_found)
    cleared: int = 0  # Google coordinates removed because the address was emptied
    partial_ids: list[int] = field(default_factory=list)
    not_found_ids: list[int] = field(default_factory=list)
    error_ids: list[int] = field(default_factory=list)


def _cutoff(now: datetime) -> datetime:
    return now - timedelta(days=CACHE_DAYS)


def _fresh(entry: GeocodeCacheEntry | None, now: datetime) -> bool:
    return entry is not None and entry.geocoded_at >= _cutoff(now) and (entry.status != "OK" or entry.lat is not None)


def _status_of(entry: GeocodeCacheEntry) -> str:
    if entry.status != "OK":
        return "not_found"
    return "partial" if entry.partial_match else "ok"


def _matches(lead: Lead, entry: GeocodeCacheEntry) -> bool:
    if lead.geocode_status != _status_of(entry):
        return False
    if entry.status != "OK":
        return lead.lat is None
    return (lead.coord_source == "google" and lead.place_id == entry.place_id
            and lead.lat == entry.lat and lead.lng == entry.lng)


def expire_google_coordinates(db: Database, now: datetime | None = None) -> int:
    """Delete Google lat/lng older than 30 days (place_id kept), in leads and in the cache."""
    cutoff = _cutoff(now or datetime.now(UTC))
    with db.transaction() as session:
        stale = session.execute(
            update(GeocodeCacheEntry)
            .where(GeocodeCacheEntry.geocoded_at < cutoff, GeocodeCacheEntry.lat.is_not(None))
            .values(lat=None, lng=None))
        ids = list(session.scalars(select(Lead.id).where(
            Lead.coord_source == "google", Lead.geocoded_at < cutoff, Lead.lat.is_not(None))))
        for lead_id in ids:  # ORM updates, so the row version moves (optimistic concurrency)
            lead = session.get(Lead, lead_id)
            if lead is not None:
                lead.lat = None
                lead.lng = None
    return int(getattr(stale, "rowcount", 0) or 0) + len(ids)


def geocode_leads(db: Database, geocoder: GeocoderLike, *, mode: str = "missing", qps: float = 10.0,
                  progress: Progress | None = None, now: datetime | None = None,
                  clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                  lead_ids: Iterable[int] | None = None, summary: GeocodeSummary | None = None) -> GeocodeSummary:
    """Geocode the leads that need it ("missing": no coordinates, expired, address changed or never tried)
    or every lead with an address ("all": each distinct address asked of Google again, once).

    Each answer is committed as it arrives, so cancelling (progress.cancel()) or a failure keeps the
    work done so far. REQUEST_DENIED, OVER_QUERY_LIMIT after the back-off, and no network stop the
    batch with a MapsError; INVALID_REQUEST (also when Google sends it as HTTP 400), UNKNOWN_ERROR and a
    result without a location (BAD_RESULT) mark that lead 'error' and go on.
    Pass `summary` to keep the counts of a run that stops early.
    """
    if mode not in ("missing", "all"):
        raise ValidationError({"mode": "must be 'missing' or 'all'"})
    stamp = now or datetime.now(UTC)
    expire_google_coordinates(db, stamp)
    sleep = _cancellable(sleep, progress)
    bucket = TokenBucket(qps, clock=clock, sleep=sleep)
    summary = summary if summary is not None else GeocodeSummary()
    asked: set[str] = set()  # keys answered by Google in this run (mode "all" asks each once)

    eligible: ColumnElement[bool] = and_(  # never the company's own coordinates
        Lead.deleted_at.is_(None), or_(Lead.coord_source == "google", Lead.lat.is_(None), Lead.lng.is_(None)))
    stmt = select(Lead.id).where(eligible).order_by(Lead.id)
    if lead_ids is not None:
        stmt = stmt.where(Lead.id.in_(list(lead_ids)))
    with db.session() as session:
        ids = list(session.scalars(stmt))
    if progress is not None:
        progress.set_total(len(ids), "geocoding")

    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for lead_id in chunk:
            _geocode_one(db, geocoder, lead_id, mode, stamp, bucket, sleep, summary, asked)
            if progress is not None:
                progress.advance()
    return summary


def _cancellable(sleep: Callable[[float], None], progress: Progress | None) -> Callable[[float], None]:
    """Rate-limit and back-off waits in short slices, so a cancel takes effect within WAIT_SLICE_S."""
    if progress is None:
        return sleep

    def wait(seconds: float) -> None:
        remaining = seconds
        while remaining > 1e-9:
            progress.check()
            step = min(remaining, WAIT_SLICE_S)
            sleep(step)
            remaining -= step
        progress.check()

    return wait


def _geocode_one(db: Database, geocoder: GeocoderLike, lead_id: int, mode: str, now: datetime,
                 bucket: TokenBucket, sleep: Callable[[float], None], summary: GeocodeSummary,
                 asked: set[str]) -> None:
    with db.transaction() as session:
        lead = session.get(Lead, lead_id)
        if lead is None or lead.deleted_at is not None:
            return
        if lead.lat is not None and lead.lng is not None and lead.coord_source != "google":
            return  # the company's own coordinates: never overwritten
        key = _lead_key(lead)
        if not key:
            if lead.coord_source == "google" or lead.geocode_status is not None:
                lead.lat = lead.lng = None
                lead.coord_source = lead.place_id = lead.geocode_status = None
                lead.geocoded_at = None
                summary.cleared += 1
            else:
                summary.up_to_date += 1
            return
        entry = session.scalars(select(GeocodeCacheEntry).where(GeocodeCacheEntry.address_key == key)).first()
        use_cache = _fresh(entry, now) and (mode == "missing" or key in asked)
        if use_cache and entry is not None and _matches(lead, entry):
            if entry.status != "OK":  # still not found: it stays on the list to check, not "up to date"
                summary.not_found += 1
                summary.not_found_ids.append(lead.id)
            else:
                summary.up_to_date += 1
            return
        fresh_answer = False
        if not use_cache:
            text = address_text(lead.address, lead.city, lead.state, lead.postal_code, lead.country)
            try:
                result = _ask(geocoder, text, lead.country, bucket, sleep, summary)
            except MapsError as exc:
                if exc.status in LEAD_ERRORS:
                    lead.geocode_status = "error"
                    summary.errors += 1
                    summary.error_ids.append(lead.id)
                    return
                raise
            asked.add(key)
            fresh_answer = True
            if entry is None:
                entry = GeocodeCacheEntry(address_key=key, status=result.status, geocoded_at=now)
                session.add(entry)
            entry.status = result.status
            entry.geocoded_at = now
            entry.lat, entry.lng = result.lat, result.lng
            entry.place_id = result.place_id or entry.place_id  # a place_id may be kept indefinitely
            entry.formatted_address = result.formatted_address
            entry.location_type = result.location_type
            entry.partial_match = result.partial_match
            session.flush()
        assert entry is not None
        _apply(lead, entry)
        status = _status_of(entry)
        if status == "not_found":
            summary.not_found += 1
            summary.not_found_ids.append(lead.id)
        else:
            if fresh_answer:
                summary.geocoded += 1
            else:
                summary.from_cache += 1
            if status == "partial":
                summary.partial += 1
                summary.partial_ids.append(lead.id)


def _ask(geocoder: GeocoderLike, text: str, region: str | None, bucket: TokenBucket,
         sleep: Callable[[float], None], summary: GeocodeSummary) -> GeocodeResult:
    for attempt in range(len(BACKOFF_S) + 1):
        bucket.acquire()
        summary.requests += 1
        try:
            return geocoder.geocode(text, region=region)
        except MapsQuotaExceeded:
            if attempt == len(BACKOFF_S):
                raise
            logger.info("geocoding over the query limit; waiting %.0f s", BACKOFF_S[attempt])
            sleep(BACKOFF_S[attempt])
    raise AssertionError("unreachable")


def _apply(lead: Lead, entry: GeocodeCacheEntry) -> None:
    lead.geocoded_at = entry.geocoded_at
    if entry.status == "OK":
        lead.lat, lead.lng = entry.lat, entry.lng
        lead.place_id = entry.place_id
        lead.coord_source = "google"
        lead.geocode_status = "partial" if entry.partial_match else "ok"
    else:
        lead.lat = lead.lng = None
        lead.coord_source = None
        lead.place_id = None
        lead.geocode_status = "not_found"


# --- distances -------------------------------------------------------------------------------


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bearing_deg(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Initial compass bearing from a to b: 0 north, 90 east."""
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    x = math.sin(lng2 - lng1) * math.cos(lat2)
    y = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lng2 - lng1)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


def _usable_coords(now: datetime) -> ColumnElement[bool]:
    """Coordinates we may use: our own, or Google's no older than 30 days."""
    return and_(Lead.lat.is_not(None), Lead.lng.is_not(None),
                or_(Lead.coord_source.is_(None), Lead.coord_source != "google", Lead.geocoded_at >= _cutoff(now)))


def nearby(db: Database, lat: float, lng: float, radius_km: float, *, query: LeadQuery | None = None,
           now: datetime | None = None) -> list[tuple[int, float, float]]:
    """(lead_id, distance_km, bearing_deg) of the leads within radius_km, nearest first."""
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError({"position": "latitude must be within -90..90 and longitude within -180..180"})
    if radius_km <= 0:
        raise ValidationError({"radius_km": "must be above 0"})
    stamp = now or datetime.now(UTC)
    dlat = radius_km / 111.32
    cos = math.cos(math.radians(lat))
    dlng = 180.0 if cos < 1e-6 else min(180.0, radius_km / (111.32 * cos))
    stmt = select(Lead.id, Lead.lat, Lead.lng).where(
        _usable_coords(stamp), Lead.lat.between(lat - dlat, lat + dlat),
        Lead.lng.between(lng - dlng, lng + dlng))
    q = query or LeadQuery()
    inner = lead_ids_statement(q, db.dialect)
    if q.limit is None:
        inner = inner.order_by(None)
    stmt = stmt.where(Lead.id.in_(inner.subquery().select()))
    out: list[tuple[int, float, float]] = []
    with db.engine.connect() as conn:
        for lead_id, llat, llng in conn.execute(stmt):
            d = haversine_km((lat, lng), (llat, llng))
            if d <= radius_km:
                out.append((int(lead_id), d, bearing_deg((lat, lng), (llat, llng))))
    out.sort(key=lambda row: (row[1], row[0]))
    return out


# --- areas drawn on the map ------------------------------------------------------------------


def _mercator_y(lat: float) -> float:
    """The map draws a polygon's edges straight in Web Mercator, so "inside" is decided there."""
    clamped = max(-85.05112878, min(85.05112878, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(clamped) / 2))


class PolygonArea:
    """A polygon drawn on the map: (lat, lng) corners, in order, not closed (the last joins the first).

    `contains` is even-odd ray casting on (lng, Mercator y), the plane the map draws the edges in,
    after a bounding-box test. A polygon wider than 180° of longitude is taken to cross the
    antimeridian (its longitudes are read on 0..360)."""

    def __init__(self, corners: Sequence[tuple[float, float]]) -> None:
        points = [(float(lat), float(lng)) for lat, lng in corners]
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            raise ValidationError({"area": "an area needs at least three corners"})
        if not all(-90 <= lat <= 90 and -180 <= lng <= 180 for lat, lng in points):
            raise ValidationError({"area": "latitude must be within -90..90 and longitude within -180..180"})
        self.corners = points
        lngs = [lng for _, lng in points]
        self.wraps = max(lngs) - min(lngs) > 180
        self._xy = [(self._x(lng), _mercator_y(lat)) for lat, lng in points]
        lats = [lat for lat, _ in points]
        xs = [x for x, _ in self._xy]
        self.south, self.north = min(lats), max(lats)
        self.x_min, self.x_max = min(xs), max(xs)

    def _x(self, lng: float) -> float:
        return lng + 360.0 if self.wraps and lng < 0 else lng

    def lng_ranges(self) -> list[tuple[float, float]]:
        """The longitudes of the bounding box on -180..180 (two ranges across the antimeridian)."""
        if self.x_max <= 180:
            return [(self.x_min, self.x_max)]
        return [(self.x_min, 180.0), (-180.0, self.x_max - 360.0)]

    def contains(self, lat: float, lng: float) -> bool:
        if not self.south <= lat <= self.north:
            return False
        x = self._x(lng)
        if not self.x_min <= x <= self.x_max:
            return False
        y = _mercator_y(lat)
        inside = False
        x1, y1 = self._xy[-1]
        for x2, y2 in self._xy:
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
            x1, y1 = x2, y2
        return inside


def within_polygon(db: Database, corners: Sequence[tuple[float, float]], *, query: LeadQuery | None = None,
                   now: datetime | None = None) -> list[int]:
    """Ids of the leads (of the query) whose usable coordinates fall inside the polygon, by id.
    The database hands over only the leads in the polygon's bounding box."""
    area = PolygonArea(corners)
    stamp = now or datetime.now(UTC)
    in_box = or_(*(Lead.lng.between(west, east) for west, east in area.lng_ranges()))
    stmt = select(Lead.id, Lead.lat, Lead.lng).where(
        _usable_coords(stamp), Lead.lat.between(area.south, area.north), in_box)
    q = query or LeadQuery()
    inner = lead_ids_statement(q, db.dialect)
    if q.limit is None:
        inner = inner.order_by(None)
    stmt = stmt.where(Lead.id.in_(inner.subquery().select()))
    with db.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return sorted(int(lead_id) for lead_id, lat, lng in rows if area.contains(lat, lng))


# --- route planning --------------------------------------------------------------------------


@dataclass(frozen=True)
class Leg:
    from_lead: int | None  # None: the start position
    to_lead: int
    distance_km: float
    duration_s: int


@dataclass
class RoutePlan:
    """order: lead ids in visiting order; legs[i] ends at order[i] (from the start, or the previous stop)."""

    order: list[int]
    legs: list[Leg]
    arrivals: list[datetime]
    source: str  # google | offline
    missing: list[int] = field(default_factory=list)  # leads without usable coordinates, not in the route
    note: str = ""
    path: list[tuple[float, float]] = field(default_factory=list)  # along the roads (Google); empty offline
    google_status: str = ""  # why Google Routes was not used: a MapsError status, NO_KEY; "" when it was

    @property
    def distance_km(self) -> float:
        return sum(leg.distance_km for leg in self.legs)

    @property
    def duration_s(self) -> int:
        return sum(leg.duration_s for leg in self.legs)


def _stops(db: Database, lead_ids: Sequence[int], now: datetime) -> tuple[list[tuple[int, tuple[float, float]]], list[int]]:
    with db.session() as session:
        rows = {lead.id: lead for lead in session.scalars(
            select(Lead).where(Lead.id.in_(list(lead_ids)), Lead.deleted_at.is_(None)))}
        unknown = [i for i in lead_ids if i not in rows]
        if unknown:
            raise NotFoundError(f"no lead with id {', '.join(str(i) for i in unknown)}")
        cutoff = _cutoff(now)
        stops: list[tuple[int, tuple[float, float]]] = []
        missing: list[int] = []
        for lead_id in dict.fromkeys(lead_ids):
            lead = rows[lead_id]
            usable = lead.lat is not None and lead.lng is not None and not (
                lead.coord_source == "google" and (lead.geocoded_at is None or lead.geocoded_at < cutoff))
            if usable:
                assert lead.lat is not None and lead.lng is not None
                stops.append((lead_id, (lead.lat, lead.lng)))
            else:
                missing.append(lead_id)
    return stops, missing


def plan_route(db: Database, routes_client: RouterLike | None, lead_ids: Sequence[int],
               start: tuple[float, float] | None = None, departure: datetime | None = None, *,
               now: datetime | None = None, visit_s: int = 0) -> RoutePlan:
    """Visit order for a day. The day starts at `start` (else at the first lead listed) and ends at the
    last lead listed; the stops in between are put in the best order: by Google Routes when a client
    is given and answers, else (no key, offline, any Google error) by nearest neighbour on straight-line
    distances with durations estimated at OFFLINE_SPEED_KMH. Leads without usable coordinates are
    listed in `missing`. `visit_s` is the time spent at each stop."""
    if not lead_ids:
        raise ValidationError({"leads": "give at least one lead"})
    limit = MAX_INTERMEDIATES + (1 if start is not None else 2)  # the start (or first lead) and the last one
    if len(dict.fromkeys(lead_ids)) > limit:
        raise ValidationError({"leads": f"a route holds at most {limit} leads (Google Routes takes at most "
                                        f"{MAX_INTERMEDIATES} stops between the start and the end); split the day"})
    if start is not None and not (-90 <= start[0] <= 90 and -180 <= start[1] <= 180):
        raise ValidationError({"start": "latitude must be within -90..90 and longitude within -180..180"})
    stamp = now or datetime.now(UTC)
    leave = departure or stamp
    stops, missing = _stops(db, lead_ids, stamp)
    if not stops:
        return RoutePlan([], [], [], "offline", missing, "no lead has coordinates: run `aiconnect geocode`")
    if start is None:
        first, rest = stops[0], stops[1:]
        origin = first[1]
        visited: list[tuple[int, tuple[float, float]]] = [first]
    else:
        origin, rest, visited = start, stops, []
    note = google_status = ""
    if rest and routes_client is not None:
        destination = rest[-1]
        middle = rest[:-1]
        try:
            result = routes_client.compute_route(origin, destination[1], [p for _, p in middle], departure=leave)
        except MapsError as exc:
            note = f"offline estimate: {exc}"
            google_status = exc.status or "UNKNOWN_ERROR"
            logger.info("route planning falls back to the offline estimate: %s", exc.status)
        else:
            ordered = visited + [middle[i] for i in result.order] + [destination]
            legs_ids = [lid for lid, _ in ordered]
            legs: list[Leg] = []
            prev: int | None = None if start is not None else legs_ids[0]
            targets = legs_ids if start is not None else legs_ids[1:]
            for target, leg in zip(targets, result.legs, strict=False):
                legs.append(Leg(prev, target, leg.distance_m / 1000.0, leg.duration_s))
                prev = target
            return RoutePlan(legs_ids, legs, _arrivals(leave, legs, start is None, visit_s), "google", missing,
                             "Google Routes (driving)", result.path)
    elif routes_client is None:
        note = "offline estimate: no Google Maps key"
        google_status = "NO_KEY"
    ordered_offline = visited + _nearest_neighbour(origin, rest)
    legs_off: list[Leg] = []
    position = origin
    prev_id: int | None = None if start is not None else ordered_offline[0][0]
    for lead_id, point in (ordered_offline if start is not None else ordered_offline[1:]):
        km = haversine_km(position, point)
        legs_off.append(Leg(prev_id, lead_id, km, round(km / OFFLINE_SPEED_KMH * 3600)))
        position, prev_id = point, lead_id
    note = (note or "offline estimate") + (f"; straight-line distances, durations at {OFFLINE_SPEED_KMH:.0f} km/h")
    return RoutePlan([lid for lid, _ in ordered_offline], legs_off,
                     _arrivals(leave, legs_off, start is None, visit_s), "offline", missing, note,
                     google_status=google_status)


def _nearest_neighbour(origin: tuple[float, float],
                       stops: list[tuple[int, tuple[float, float]]]) -> list[tuple[int, tuple[float, float]]]:
    """Greedy order from origin; the last stop given stays last (the day ends there)."""
    if len(stops) <= 1:
        return list(stops)
    pending, last = list(stops[:-1]), stops[-1]
    out: list[tuple[int, tuple[float, float]]] = []
    position = origin
    while pending:
        best = min(pending, key=lambda s: (haversine_km(position, s[1]), s[0]))
        pending.remove(best)
        out.append(best)
        position = best[1]
    return [*out, last]


def _arrivals(leave: datetime, legs: list[Leg], starts_at_first: bool, visit_s: int) -> list[datetime]:
    out: list[datetime] = []
    at = leave
    if starts_at_first:
        out.append(at)
        at += timedelta(seconds=visit_s)
    for leg in legs:
        at += timedelta(seconds=leg.duration_s)
        out.append(at)
        at += timedelta(seconds=visit_s)
    return out
