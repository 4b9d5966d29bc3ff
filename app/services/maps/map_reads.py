"""What the Map screen reads and computes off the UI thread (plain functions, no Qt).

Each function takes the database (or the context) and plain values and returns plain
dataclasses, so the task runner can call it on the "db" or "net" lane and hand the result back.
Marker rows go out as ready-made JSON batches: the UI thread only forwards strings to the page.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from app.db.engine import Database
from app.db.models import Interaction, Lead
from app.services.leads.search import LeadQuery, lead_ids_statement
from app.services.maps import geo

logger = logging.getLogger(__name__)

BATCH = 1000  # marker rows per message to the page
MAX_MARKERS = 50_000  # more than this and the list must be narrowed first (the page stays quick)
NEARBY_LIMIT = 200  # rows shown in the nearby list
OFFLINE_ROUTE_STOPS = 10  # stops the offline sheet proposes when no day plan was made
MAX_FLAGGED = 500  # leads listed in the To check tab
FLAGGED = ("not_found", "partial", "error")  # geocode_status values a rep should look at
COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def usable_coords(now: datetime) -> ColumnElement[bool]:
    """Coordinates the map may show: the company's own, or Google's no older than 30 days."""
    cutoff = now - timedelta(days=geo.CACHE_DAYS)
    return and_(Lead.lat.is_not(None), Lead.lng.is_not(None),
                or_(Lead.coord_source.is_(None), Lead.coord_source != "google", Lead.geocoded_at >= cutoff))


def has_address() -> ColumnElement[bool]:
    return or_(func.length(func.coalesce(Lead.address, "")) > 0, func.length(func.coalesce(Lead.city, "")) > 0,
               func.length(func.coalesce(Lead.postal_code, "")) > 0)


def _in_query(db: Database, query: LeadQuery) -> Any:
    inner = lead_ids_statement(replace(query, limit=None), db.dialect).order_by(None)
    return Lead.id.in_(inner.subquery().select())


def compass(bearing: float) -> str:
    """0° -> 'N', 44° -> 'NE', 350° -> 'N' (eight points)."""
    return COMPASS[int(((bearing % 360) + 22.5) // 45) % 8]


# --- markers -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MarkerLoad:
    gen: int
    batches: list[str]  # JSON: {"gen": n, "rows": [[id, lat, lng, stage, score, name], …]}
    placed: int  # leads of the query with a usable position (at most MAX_MARKERS are sent)
    total: int  # leads of the query
    without_position: list[int]  # leads of the query with an address, no usable position, not known unfindable
    sent: int = 0  # rows in the batches (placed, or MAX_MARKERS when there are more)
    flagged: dict[int, str] = field(default_factory=dict)  # lead id -> not_found | partial | error (To check)
    flagged_infos: dict[int, LeadInfo] = field(default_factory=dict)


def load_markers(db: Database, query: LeadQuery, gen: int, *, batch: int = BATCH, limit: int = MAX_MARKERS,
                 now: datetime | None = None) -> MarkerLoad:
    stamp = now or datetime.now(UTC)
    in_query = _in_query(db, query)
    usable = usable_coords(stamp)
    with db.engine.connect() as conn:
        rows = conn.execute(select(Lead.id, Lead.lat, Lead.lng, Lead.stage, Lead.score, Lead.name)
                            .where(in_query, usable).order_by(Lead.id).limit(limit)).all()
        placed = len(rows) if len(rows) < limit else conn.execute(
            select(func.count()).select_from(Lead).where(in_query, usable)).scalar_one()
        total = conn.execute(select(func.count()).select_from(Lead).where(in_query)).scalar_one()
        # Google already said it cannot find these addresses: asking again is pointless until one changes
        unfindable = and_(Lead.geocode_status.is_not(None), Lead.geocode_status == "not_found")
        missing = list(conn.scalars(select(Lead.id).where(in_query, ~usable, has_address(), ~unfindable)
                                    .order_by(Lead.id)))
        flagged = {int(i): str(status) for i, status in conn.execute(
            select(Lead.id, Lead.geocode_status).where(in_query, Lead.geocode_status.in_(FLAGGED))
            .order_by(Lead.id).limit(MAX_FLAGGED))}
    points = [[int(i), round(float(lat), 6), round(float(lng), 6), stage,
               None if score is None else round(float(score), 3), name] for i, lat, lng, stage, score, name in rows]
    batches = [json.dumps({"gen": gen, "rows": points[s:s + batch]}, ensure_ascii=False, separators=(",", ":"))
               for s in range(0, len(points), batch)]
    infos = lead_infos(db, list(flagged)) if flagged else {}
    return MarkerLoad(gen, batches, int(placed), int(total), missing, len(points), flagged, infos)


# --- one lead --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LeadInfo:
    id: int
    name: str
    company: str | None
    city: str | None
    address: str | None
    phone: str | None
    stage: str
    score: float | None
    lat: float | None
    lng: float | None
    last_kind: str | None
    last_at: datetime | None
    last_outcome: str | None


def _last_interactions(session: Any, ids: Sequence[int]) -> dict[int, tuple[str, datetime, str | None]]:
    if not ids:
        return {}
    latest = (select(Interaction.lead_id, func.max(Interaction.occurred_at).label("at"))
              .where(Interaction.lead_id.in_(list(ids))).group_by(Interaction.lead_id).subquery())
    stmt = (select(Interaction.lead_id, Interaction.kind, Interaction.occurred_at, Interaction.outcome)
            .join(latest, and_(latest.c.lead_id == Interaction.lead_id, latest.c.at == Interaction.occurred_at)))
    out: dict[int, tuple[str, datetime, str | None]] = {}
    for lead_id, kind, at, outcome in session.execute(stmt):
        out.setdefault(int(lead_id), (kind, at if at.tzinfo else at.replace(tzinfo=UTC), outcome))
    return out


def lead_infos(db: Database, ids: Sequence[int]) -> dict[int, LeadInfo]:
    with db.session() as session:
        rows = session.execute(select(Lead.id, Lead.name, Lead.company, Lead.city, Lead.address, Lead.phone,
                                      Lead.stage, Lead.score, Lead.lat, Lead.lng)
                               .where(Lead.id.in_(list(ids)))).all()
        last = _last_interactions(session, [r[0] for r in rows])
    out = {}
    for row in rows:
        kind, at, outcome = last.get(int(row[0]), (None, None, None))
        out[int(row[0])] = LeadInfo(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                                    row[9], kind, at, outcome)
    return out


def lead_info(db: Database, lead_id: int) -> LeadInfo | None:
    return lead_infos(db, [lead_id]).get(lead_id)


# --- nearby ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NearbyRow:
    id: int
    name: str
    stage: str
    distance_km: float
    bearing: float

    @property
    def direction(self) -> str:
        return compass(self.bearing)


@dataclass(frozen=True)
class NearbyResult:
    lat: float
    lng: float
    radius_km: float
    ids: list[int]  # every lead inside, nearest first
    rows: list[NearbyRow]  # the nearest NEARBY_LIMIT of them with names


def nearby_leads(db: Database, lat: float, lng: float, radius_km: float, query: LeadQuery | None = None,
                 limit: int = NEARBY_LIMIT) -> NearbyResult:
    found = geo.nearby(db, lat, lng, radius_km, query=query)
    head = found[:limit]
    infos = lead_infos(db, [i for i, _, _ in head])
    rows = [NearbyRow(i, infos[i].name, infos[i].stage, d, b) for i, d, b in head if i in infos]
    return NearbyResult(lat, lng, radius_km, [i for i, _, _ in found], rows)


def near_lead(db: Database, lead_id: int, radius_km: float, query: LeadQuery | None = None) -> NearbyResult:
    info = lead_info(db, lead_id)
    if info is None or info.lat is None or info.lng is None:
        from app.errors import ValidationError

        raise ValidationError({"position": "this lead has no position yet: geocode it or enter its coordinates"})
    return nearby_leads(db, info.lat, info.lng, radius_km, query)


# --- an area drawn on the map -------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaResult:
    corners: list[tuple[float, float]]  # (lat, lng), as drawn
    ids: list[int]  # the leads inside, by id


def leads_in_area(db: Database, corners: Sequence[tuple[float, float]], query: LeadQuery | None = None) -> AreaResult:
    """The leads of the list (without its map area) inside a polygon drawn on the map."""
    return AreaResult(list(corners), geo.within_polygon(db, corners, query=query))


# --- the day's route ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stop:
    n: int
    info: LeadInfo
    arrival: datetime
    leg_km: float
    leg_s: int


@dataclass(frozen=True)
class RouteSheet:
    stops: list[Stop]
    source: str  # google | offline
    note: str
    start: tuple[float, float] | None
    departure: datetime
    distance_km: float
    duration_s: int
    missing: list[LeadInfo] = field(default_factory=list)  # chosen leads without a position
    path: list[tuple[float, float]] = field(default_factory=list)  # along the roads; empty: straight lines
    google_status: str = ""  # why Google Routes was not used (RoutePlan.google_status); "" when it was

    def page_json(self) -> str:
        """The route as the map page draws it: along the roads when Google gave the path, else straight."""
        stops = [{"n": s.n, "id": s.info.id, "name": s.info.name, "lat": s.info.lat, "lng": s.info.lng}
                 for s in self.stops if s.info.lat is not None]
        start = {"lat": self.start[0], "lng": self.start[1]} if self.start else None
        path = [[round(lat, 6), round(lng, 6)] for lat, lng in self.path]
        return json.dumps({"stops": stops, "start": start, "path": path, "source": self.source}, ensure_ascii=False,
                          separators=(",", ":"))


def routes_client(router: Callable[[], Any] | None) -> Any | None:
    """The Routes client the context builds (keyring key), or None (no key, no keyring): the plan is offline then."""
    from app.integrations.google_maps import MapsError
    from app.services.workspace.secrets import SecretsUnavailable

    if router is None:
        return None
    try:
        return router()
    except (MapsError, SecretsUnavailable) as exc:
        logger.info("route planning without Google: %s", type(exc).__name__)
        return None


def plan_day(db: Database, router: Callable[[], Any] | None, lead_ids: Sequence[int], start: tuple[float, float] | None,
             departure: datetime, visit_s: int) -> RouteSheet:
    """plan_route through Google Routes when a key is set (`router`: the context's factory), else (or on
    any Google failure) nearest neighbour from cached coordinates; with the stops' details for the sheet."""
    client = routes_client(router)
    try:
        plan = geo.plan_route(db, client, list(lead_ids), start=start, departure=departure, visit_s=visit_s)
    finally:
        if client is not None:
            client.close()
    infos = lead_infos(db, [*plan.order, *plan.missing])
    legs = {leg.to_lead: leg for leg in plan.legs}
    stops = []
    for n, (lead_id, arrival) in enumerate(zip(plan.order, plan.arrivals, strict=False), start=1):
        leg = legs.get(lead_id)
        stops.append(Stop(n, infos[lead_id], arrival, leg.distance_km if leg else 0.0, leg.duration_s if leg else 0))
    return RouteSheet(stops, plan.source, plan.note, start, departure, plan.distance_km, plan.duration_s,
                      [infos[i] for i in plan.missing if i in infos], list(plan.path), plan.google_status)


# --- the offline sheet ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class OfflineSheet:
    reference: tuple[float, float] | None
    reference_lead: LeadInfo | None  # when the reference is a lead's position
    nearby: NearbyResult | None
    route: RouteSheet | None


def offline_sheet(db: Database, query: LeadQuery, reference: tuple[float, float] | None, reference_lead: int | None,
                  plan_ids: Sequence[int], radius_km: float, departure: datetime, visit_s: int) -> OfflineSheet:
    """Nearby leads (distance, direction) around my position or a lead, and a nearest-neighbour visit
    order of the day plan (or of the nearest leads when no plan was made), from cached coordinates."""
    lead = None
    start = reference  # the route starts at my position, else at its first stop
    if reference is None:
        lead_id = reference_lead if reference_lead is not None else (plan_ids[0] if plan_ids else None)
        if lead_id is None:
            with db.engine.connect() as conn:
                lead_id = conn.execute(select(Lead.id).where(_in_query(db, query), usable_coords(datetime.now(UTC)))
                                       .order_by(Lead.id).limit(1)).scalar()
        lead = lead_info(db, lead_id) if lead_id is not None else None
        if lead is not None and lead.lat is not None and lead.lng is not None:
            reference = (lead.lat, lead.lng)
    if reference is None:
        return OfflineSheet(None, None, None, None)
    near = nearby_leads(db, reference[0], reference[1], radius_km, replace(query, ids=None))
    stops = list(plan_ids) or [r.id for r in near.rows[:OFFLINE_ROUTE_STOPS]]
    route = plan_day(db, None, stops, start if plan_ids else reference, departure, visit_s) if stops else None
    return OfflineSheet(reference, lead, near, route)


# --- geocoding -----------------------------------------------------------------------------------------

def geocode_for_map(db: Database, geocoder_factory: Callable[[], Any], lead_ids: Sequence[int], qps: float,
                    progress: Any = None) -> geo.GeocodeSummary:
    geocoder = geocoder_factory()
    try:
        return geo.geocode_leads(db, geocoder, mode="missing", qps=qps, progress=progress, lead_ids=list(lead_ids))
    finally:
        geocoder.close()


def read_maps_key(secrets: Any) -> str | None:
    from app.services.workspace.secrets import SecretsUnavailable

    try:
        return secrets.get("google.maps_key") or None
    except SecretsUnavailable:
        return None
