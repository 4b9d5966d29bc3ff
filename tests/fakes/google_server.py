"""A fake of Google's Geocoding API and Routes API computeRoutes on 127.0.0.1, for tests.

Geocoding: GET /maps/api/geocode/json?address=…&key=… answers with Google's JSON (results[] with
formatted_address, place_id, geometry.location/location_type/viewport, types, partial_match)
and every status of Google's specification: OK, ZERO_RESULTS, OVER_QUERY_LIMIT, OVER_DAILY_LIMIT,
REQUEST_DENIED (missing or wrong key), INVALID_REQUEST (no address), UNKNOWN_ERROR; a status can
come with an HTTP error code as Google sometimes sends it (`queue_status("INVALID_REQUEST", http=400)`,
googlemaps/google-maps-services-python issues). Every answer is kept in `fake.answers`
(path, HTTP status, JSON) for the tests that check the fake against the vendored specification.
Known places are added by the test; any other
address gets stable coordinates derived from its text around São Paulo. Statuses can be
injected per address (`fake.status_for[address] = "ZERO_RESULTS"`) or as a queue consumed by the
next requests (`fake.queue_status("OVER_QUERY_LIMIT", "OK")`). `fake.geocode_counts` counts the
requests per address as sent.

Routes: POST /directions/v2:computeRoutes checks X-Goog-Api-Key (403 PERMISSION_DENIED when
missing, 400 API_KEY_INVALID when wrong) and X-Goog-FieldMask (400 when missing), optimises the
intermediates (exhaustively up to 7, else nearest neighbour) and answers legs whose distances
are 1.3 × the straight line and durations at 40 km/h, only the fields the mask asks for. The
route's `polyline.encodedPolyline` (Google's encoded polyline algorithm format) follows made-up
"roads": each leg goes north/south first, then east/west, with a point every few hundred metres,
through every waypoint in the visiting order (`fake.last_route_path` keeps the points encoded).

    with FakeGoogle() as fake:
        geocoder = Geocoder(KEY, base_url=fake.url)
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import threading
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MAX_INTERMEDIATES = 25  # Routes API's limit on intermediate waypoints (with optimizeWaypointOrder)
KEY = "AIzaFAKE-test-key-0123456789abcdefghij"
STATUSES = ("OK", "ZERO_RESULTS", "OVER_QUERY_LIMIT", "OVER_DAILY_LIMIT", "REQUEST_DENIED", "INVALID_REQUEST",
            "UNKNOWN_ERROR")
ERROR_MESSAGES = {
    "OVER_QUERY_LIMIT": "You have exceeded your rate-limit for this API.",
    "OVER_DAILY_LIMIT": "You have exceeded your daily request quota for this API. If you did not set a custom daily "
                        "request quota, verify your project has an active billing account.",
    "REQUEST_DENIED": "The provided API key is invalid.",
    "INVALID_REQUEST": "Invalid request. Missing the 'address', 'components', 'latlng' or 'place_id' parameter.",
    "UNKNOWN_ERROR": "An unknown error occurred, please try again.",
}


def norm(address: str) -> str:
    folded = unicodedata.normalize("NFKD", address)
    return " ".join("".join(ch for ch in folded if not unicodedata.combining(ch)).lower().replace(",", " ").split())


@dataclass
class Place:
    lat: float
    lng: float
    formatted_address: str
    place_id: str
    location_type: str = "ROOFTOP"
    partial_match: bool = False


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


class FakeGoogle:
    def __init__(self, key: str = KEY) -> None:
        self.key = key
        self.places: dict[str, Place] = {}
        self.status_for: dict[str, str] = {}
        self.queue: deque[tuple[str, int]] = deque()  # (status, HTTP status) for the next requests
        self.results_for: dict[str, list[Any]] = {}  # address -> the raw `results` an OK answer carries
        self.html_next = 0  # the next requests get a 200 HTML page (a captive portal), not JSON
        self.http_for: dict[str, int] = {}  # address -> the HTTP status its answer comes with
        self.answers: list[tuple[str, int, dict[str, Any]]] = []  # (path, HTTP status, JSON) of every answer
        self.routes_queue: deque[tuple[int, str, str | None]] = deque()
        self.geocode_counts: Counter[str] = Counter()
        self.geocode_requests: list[dict[str, str]] = []
        self.routes_requests: list[dict[str, Any]] = []
        self.last_route_path: list[tuple[float, float]] = []
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- test controls -------------------------------------------------------------------

    def add_place(self, address: str, lat: float, lng: float, *, partial_match: bool = False,
                  location_type: str = "ROOFTOP", place_id: str | None = None,
                  formatted_address: str | None = None) -> Place:
        place = Place(lat, lng, formatted_address or address, place_id or _place_id(address), location_type,
                      partial_match)
        self.places[norm(address)] = place
        return place

    def queue_status(self, *statuses: str, http: int = 200) -> None:
        for status in statuses:
            assert status in STATUSES, status
        self.queue.extend((status, http) for status in statuses)

    def fail_routes(self, http_status: int, status: str, reason: str | None = None) -> None:
        """The next computeRoutes answers this error; reason e.g. SERVICE_DISABLED (Routes API not enabled)."""
        self.routes_queue.append((http_status, status, reason))

    @property
    def geocode_total(self) -> int:
        return sum(self.geocode_counts.values())

    # --- server --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeGoogle:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-google", daemon=False)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def __enter__(self) -> FakeGoogle:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- geocoding -----------------------------------------------------------------------

    def geocode(self, params: dict[str, str]) -> dict[str, Any]:
        return self.geocode_http(params)[1]

    def geocode_http(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON): 200, or the HTTP status queued or set for the address."""
        address = params.get("address", "")
        with self.lock:
            http = self.queue[0][1] if self.queue else self.http_for.get(address, self.http_for.get(norm(address), 200))
        return http, self._geocode(params)

    def _geocode(self, params: dict[str, str]) -> dict[str, Any]:
        address = params.get("address", "")
        with self.lock:
            self.geocode_requests.append(dict(params))
            if address:
                self.geocode_counts[address] += 1
            queued = self.queue.popleft()[0] if self.queue else None
        key = params.get("key")
        if not key:
            return {"status": "REQUEST_DENIED", "results": [],
                    "error_message": "You must use an API key to authenticate each request to Google Maps Platform APIs."}
        if key != self.key:
            return {"status": "REQUEST_DENIED", "results": [], "error_message": ERROR_MESSAGES["REQUEST_DENIED"]}
        if not address and not params.get("place_id") and not params.get("components"):
            return {"status": "INVALID_REQUEST", "results": [], "error_message": ERROR_MESSAGES["INVALID_REQUEST"]}
        status = queued or self.status_for.get(address) or self.status_for.get(norm(address)) or "OK"
        if status == "ZERO_RESULTS":
            return {"status": "ZERO_RESULTS", "results": []}
        if status != "OK":
            return {"status": status, "results": [], "error_message": ERROR_MESSAGES.get(status, "")}
        if address in self.results_for:
            return {"status": "OK", "results": self.results_for[address]}
        place = self.places.get(norm(address)) or self._derived(address)
        return {"status": "OK", "results": [_result(place)]}

    @staticmethod
    def _derived(address: str) -> Place:
        digest = hashlib.sha256(norm(address).encode()).digest()
        lat = -23.55 + (digest[0] - 128) / 1280.0
        lng = -46.63 + (digest[1] - 128) / 1280.0
        return Place(round(lat, 7), round(lng, 7), address, _place_id(address), "RANGE_INTERPOLATED")

    # --- routes --------------------------------------------------------------------------

    def compute_routes(self, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.routes_requests.append(body)
            injected = self.routes_queue.popleft() if self.routes_queue else None
        key = headers.get("x-goog-api-key")
        if not key:
            return 403, _error(403, "PERMISSION_DENIED", "The request is missing a valid API key.")
        if key != self.key:
            return 400, _error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                               reason="API_KEY_INVALID")
        mask = headers.get("x-goog-fieldmask")
        if not mask:
            return 400, _error(400, "INVALID_ARGUMENT",
                               "FieldMask is a required parameter. See https://cloud.google.com/apis/docs/system-parameters")
        if injected is not None:
            return injected[0], _error(injected[0], injected[1], f"injected {injected[1]}", reason=injected[2])
        try:
            origin = _point(body["origin"])
            destination = _point(body["destination"])
            intermediates = [_point(p) for p in body.get("intermediates", [])]
        except (KeyError, TypeError, ValueError):
            return 400, _error(400, "INVALID_ARGUMENT", "Invalid waypoint.")
        if len(intermediates) > MAX_INTERMEDIATES:
            return 400, _error(400, "INVALID_ARGUMENT", f"Too many intermediates: {len(intermediates)} "
                               f"(the limit is {MAX_INTERMEDIATES}).")
        order = list(range(len(intermediates)))
        if body.get("optimizeWaypointOrder") and intermediates:
            order = _best_order(origin, destination, intermediates)
        path = [origin, *(intermediates[i] for i in order), destination]
        legs: list[dict[str, Any]] = []
        for a, b in itertools.pairwise(path):
            meters = round(haversine_km(a, b) * 1300)
            legs.append({"distanceMeters": meters, "duration": f"{round(meters / 1000 / 40 * 3600)}s"})
        road = road_path(path)
        self.last_route_path = road
        route: dict[str, Any] = {
            "distanceMeters": sum(leg["distanceMeters"] for leg in legs),
            "duration": f"{sum(int(leg['duration'][:-1]) for leg in legs)}s",
            "legs": legs,
            "polyline": {"encodedPolyline": encode_polyline(road)},
        }
        if body.get("optimizeWaypointOrder"):
            route["optimizedIntermediateWaypointIndex"] = order if intermediates else [-1]
        return 200, {"routes": [_masked(route, mask)]}


def _masked(route: dict[str, Any], mask: str) -> dict[str, Any]:
    fields = {f.strip() for f in mask.split(",")}
    if "*" in fields or "routes" in fields:
        return route
    out: dict[str, Any] = {}
    for name in ("distanceMeters", "duration", "optimizedIntermediateWaypointIndex"):
        if f"routes.{name}" in fields and name in route:
            out[name] = route[name]
    if "routes.polyline" in fields or "routes.polyline.encodedPolyline" in fields:
        out["polyline"] = route["polyline"]
    if "routes.legs" in fields:
        out["legs"] = route["legs"]
    else:
        wanted = [n for n in ("distanceMeters", "duration") if f"routes.legs.{n}" in fields]
        if wanted:
            out["legs"] = [{n: leg[n] for n in wanted} for leg in route["legs"]]
    return out


def encode_polyline(points: Iterable[tuple[float, float]]) -> str:
    """Google's encoded polyline algorithm format (precision 1e5), written independently of the app's
    decoder: [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)] -> "_p~iF~ps|U_ulLnnqC_mqNvxq`@"."""
    out: list[str] = []
    last = (0, 0)
    for lat, lng in points:
        here = (round(lat * 1e5), round(lng * 1e5))
        for delta in (here[0] - last[0], here[1] - last[1]):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        last = here
    return "".join(out)


def road_path(stops: list[tuple[float, float]], step_km: float = 0.3) -> list[tuple[float, float]]:
    """A path through the stops as if the roads ran north-south then east-west, a point every step_km."""
    out: list[tuple[float, float]] = [stops[0]] if stops else []
    for (lat1, lng1), (lat2, lng2) in itertools.pairwise(stops):
        corner = (lat2, lng1)
        for a, b in ((out[-1], corner), (corner, (lat2, lng2))):
            if a == b:
                continue
            n = max(1, math.ceil(haversine_km(a, b) / step_km))
            out.extend((a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(1, n + 1))
    return [(round(lat, 5), round(lng, 5)) for lat, lng in out]


def _best_order(origin: tuple[float, float], destination: tuple[float, float],
                points: list[tuple[float, float]]) -> list[int]:
    def length(order: Iterable[int]) -> float:
        path = [origin, *(points[i] for i in order), destination]
        return sum(haversine_km(a, b) for a, b in itertools.pairwise(path))

    if len(points) <= 7:
        return list(min(itertools.permutations(range(len(points))), key=length))
    pending, out, here = set(range(len(points))), [], origin
    while pending:
        nxt = min(pending, key=lambda i: haversine_km(here, points[i]))
        pending.remove(nxt)
        out.append(nxt)
        here = points[nxt]
    return out


def _point(waypoint: dict[str, Any]) -> tuple[float, float]:
    ll = waypoint["location"]["latLng"]
    return float(ll["latitude"]), float(ll["longitude"])


def _error(code: int, status: str, message: str, reason: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if reason:
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
                             "domain": "googleapis.com"}]
    return {"error": error}


def _place_id(address: str) -> str:
    return "ChIJ" + hashlib.sha1(norm(address).encode()).hexdigest()[:23]


def _result(place: Place) -> dict[str, Any]:
    d = 0.0013
    result: dict[str, Any] = {
        "address_components": [{"long_name": part.strip(), "short_name": part.strip(), "types": ["political"]}
                               for part in place.formatted_address.split(",") if part.strip()],
        "formatted_address": place.formatted_address,
        "geometry": {
            "location": {"lat": place.lat, "lng": place.lng},
            "location_type": place.location_type,
            "viewport": {"northeast": {"lat": place.lat + d, "lng": place.lng + d},
                         "southwest": {"lat": place.lat - d, "lng": place.lng - d}},
        },
        "place_id": place.place_id,
        "types": ["street_address"],
    }
    if place.partial_match:
        result["partial_match"] = True
    return result


class _Handler(BaseHTTPRequestHandler):
    owner: FakeGoogle
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, payload: dict[str, Any]) -> None:
        with self.owner.lock:
            self.owner.answers.append((urlsplit(self.path).path, code, payload))
        data = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _portal(self) -> bool:
        """Answer the captive portal's page instead, when the test asked for it."""
        with self.owner.lock:
            portal = self.owner.html_next > 0
            self.owner.html_next -= portal
        if portal:
            data = b"<html><body>Wi-Fi login</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        return portal

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/maps/api/geocode/json":
            self._send(404, {"error_message": "not found", "status": "NOT_FOUND"})
            return
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if not self._portal():
            self._send(*self.owner.geocode_http(params))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if urlsplit(self.path).path != "/directions/v2:computeRoutes":
            self._send(404, _error(404, "NOT_FOUND", "not found"))
            return
        if self._portal():
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._send(400, _error(400, "INVALID_ARGUMENT", "Invalid JSON payload received."))
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        code, payload = self.owner.compute_routes(headers, body)
        self._send(code, payload)
