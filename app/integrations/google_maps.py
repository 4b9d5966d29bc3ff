"""Google Maps web services behind two thin adapters, no googlemaps/requests types outside.

Geocoder: the real `googlemaps` 4.10 client (base URL from AICONNECT_GOOGLEMAPS_API_URL, key from
the OS keyring, timeouts set, proxies from the environment ignored, its own OVER_QUERY_LIMIT
retries off so the caller backs off with its own clock). RoutesClient: Routes API
`directions/v2:computeRoutes` with `optimizeWaypointOrder` through plain `requests` (base URL
from AICONNECT_GOOGLE_ROUTES_API_URL), with the route's path along the roads as an encoded
polyline (decode_polyline). Every failure becomes a MapsError (a KnownError) whose
message says what to do; the key never appears in a message or a log line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.config import Settings
from app.errors import KnownError

if TYPE_CHECKING:
    import requests

# googlemaps and requests (~0.5 s to import with urllib3) are imported where a call is made, not when
# the Map screen opens: showing the map and the leads on it needs neither.

logger = logging.getLogger(__name__)

GOOGLEMAPS_URL = "https://maps.googleapis.com"
ROUTES_URL = "https://routes.googleapis.com"
DEFAULT_TIMEOUT = 10.0
ROUTES_FIELD_MASK = ("routes.optimizedIntermediateWaypointIndex,routes.distanceMeters,routes.duration,"
                     "routes.legs.distanceMeters,routes.legs.duration,routes.polyline.encodedPolyline")
MAX_INTERMEDIATES = 25  # Routes API: intermediate waypoints per request (with optimizeWaypointOrder)
KEY_HINT = "set google.maps_key with `aiconnect secrets set google.maps_key`"


class MapsError(KnownError):
    """Google could not answer. `status` is Google's status; `retryable`: trying later may work."""

    def __init__(self, message: str, *, status: str = "", retryable: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable


class MapsKeyMissing(MapsError):
    def __init__(self) -> None:
        super().__init__(f"No Google Maps API key: {KEY_HINT}", status="NO_KEY")


class MapsRequestDenied(MapsError):
    """The key is wrong, the API is not enabled, billing is off or a quota cap was reached."""


class MapsQuotaExceeded(MapsError):
    def __init__(self, service: str) -> None:
        super().__init__(f"Google {service} says OVER_QUERY_LIMIT (too many requests); try again in a moment "
                         "or lower geocode.qps with `aiconnect config set geocode.qps N`",
                         status="OVER_QUERY_LIMIT", retryable=True)


class MapsOffline(MapsError):
    def __init__(self, service: str, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(f"Google {service} is unreachable{extra}: check the network connection; "
                         "work offline meanwhile", status="OFFLINE", retryable=True)


def _denied(service: str, api: str, status: str, detail: str) -> MapsRequestDenied:
    reason = f": {detail}" if detail else ""
    return MapsRequestDenied(
        f"Google {service} refused the request ({status}{reason}). Check that google.maps_key is right "
        f"(`aiconnect secrets set google.maps_key`), that the {api} is enabled for the key's Google Cloud "
        "project with billing on, and that the key's restrictions allow this app", status=status)


class _RedactKey(logging.Filter):
    """urllib3 logs request URLs at DEBUG, and the Geocoding URL carries the key: blank it out."""

    _pattern = re.compile(r"(key=)[^&\s\"']+")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "key=" in message:
            record.msg = self._pattern.sub(r"\1***", message)
            record.args = None
        return True


_REDACT = _RedactKey()


def _redact_urllib3_logs() -> None:
    target = logging.getLogger("urllib3.connectionpool")
    if _REDACT not in target.filters:
        target.addFilter(_REDACT)


def _session() -> requests.Session:
    import requests

    _redact_urllib3_logs()
    session = requests.Session()
    session.trust_env = False  # ignore HTTP(S)_PROXY: a proxy must not see or break these calls
    return session


def maps_key(secrets: Any) -> str:
    """google.maps_key from the OS keyring (`secrets`, a SecretStore), or MapsKeyMissing (SecretsUnavailable when
    no keyring)."""
    key: str | None = secrets.get("google.maps_key")
    if not key:
        raise MapsKeyMissing()
    return key


# --- geocoding -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeocodeResult:
    """Google's first result, or status ZERO_RESULTS with no location."""

    status: str  # OK | ZERO_RESULTS
    lat: float | None = None
    lng: float | None = None
    place_id: str | None = None
    formatted_address: str | None = None
    location_type: str | None = None
    partial_match: bool = False


class Geocoder:
    """The Geocoding API through the real googlemaps client."""

    service = "Geocoding"

    def __init__(self, key: str, *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 language: str | None = None) -> None:
        import googlemaps

        self._session = _session()
        self.language = language
        try:
            self._client = googlemaps.Client(
                key=key, base_url=(base_url or GOOGLEMAPS_URL).rstrip("/"), timeout=timeout,
                retry_timeout=max(1, int(timeout)), queries_per_second=1000, queries_per_minute=60000,
                retry_over_query_limit=False, requests_session=self._session)
        except ValueError:
            raise MapsRequestDenied(
                "google.maps_key is not a Google Maps API key (it must start with AIza); "
                "set it again with `aiconnect secrets set google.maps_key`", status="INVALID_KEY") from None

    @classmethod
    def from_settings(cls, settings: Settings, secrets: Any, **kw: Any) -> Geocoder:
        return cls(maps_key(secrets), base_url=settings.googlemaps_api_url, **kw)

    def close(self) -> None:
        self._session.close()

    def geocode(self, address: str, *, region: str | None = None) -> GeocodeResult:
        import googlemaps.exceptions

        try:
            results = self._client.geocode(address=address, region=region.lower() if region else None,
                                           language=self.language)
        except googlemaps.exceptions.ApiError as exc:
            raise self._api_error(exc.status or "", exc.message or "") from None
        except googlemaps.exceptions.Timeout:
            raise MapsOffline(self.service, "timed out") from None
        except googlemaps.exceptions.HTTPError as exc:
            raise self._http_error(int(exc.status_code)) from None
        except googlemaps.exceptions.TransportError as exc:
            logger.info("geocoding transport error: %s", type(exc.base_exception).__name__)
            raise MapsOffline(self.service) from None
        except ValueError:  # not JSON: a captive portal or a proxy's page, not Google
            raise MapsError(f"Google {self.service} answered with something that is not Google's JSON (a proxy or a "
                            "captive portal?); check the network and try again", status="BAD_RESPONSE",
                            retryable=True) from None
        if not results:
            return GeocodeResult(status="ZERO_RESULTS")
        return _first_result(results, self.service)

    def _http_error(self, code: int) -> MapsError:
        """googlemaps raises HTTPError without reading the body. A 400 is how Google sometimes sends INVALID_REQUEST
        (googlemaps/google-maps-services-python issues): this address, not the batch; 413/414 the same (an address
        too long for a URL)."""
        if code in (400, 413, 414):
            return MapsError(f"Google {self.service} could not read the address (HTTP {code}, INVALID_REQUEST); fix "
                             "the address", status="INVALID_REQUEST")
        if code in (401, 403):
            return _denied(self.service, "Geocoding API", f"HTTP {code}", "")
        if code == 429:
            return MapsQuotaExceeded(self.service)
        return MapsError(f"Google {self.service} answered HTTP {code}; try again later", status=f"HTTP_{code}",
                         retryable=True)

    def _api_error(self, status: str, message: str) -> MapsError:
        if status == "OVER_QUERY_LIMIT":
            return MapsQuotaExceeded(self.service)
        if status in ("REQUEST_DENIED", "OVER_DAILY_LIMIT"):
            return _denied(self.service, "Geocoding API", status, message)
        if status == "INVALID_REQUEST":
            return MapsError(f"Google {self.service} could not read the address (INVALID_REQUEST); fix the address",
                             status=status)
        return MapsError(f"Google {self.service} failed ({status or 'unknown status'}); it may work if tried again",
                         status=status or "UNKNOWN_ERROR", retryable=True)


def _first_result(results: Any, service: str) -> GeocodeResult:
    """Google's first result; a result without a usable location is that address's problem (status BAD_RESULT)."""
    try:
        first = results[0]
        geometry = first.get("geometry") or {}
        location = geometry.get("location") or {}
        lat, lng = float(location["lat"]), float(location["lng"])
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        raise MapsError(f"Google {service} sent a result without a location for this address", status="BAD_RESULT") \
            from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise MapsError(f"Google {service} sent a location out of range for this address", status="BAD_RESULT")
    return GeocodeResult(
        status="OK", lat=lat, lng=lng, place_id=first.get("place_id"),
        formatted_address=first.get("formatted_address"), location_type=geometry.get("location_type"),
        partial_match=bool(first.get("partial_match", False)))


# --- routes ----------------------------------------------------------------------------------


def decode_polyline(encoded: str, precision: int = 5) -> list[tuple[float, float]]:
    """Google's encoded polyline algorithm format -> [(lat, lng), ...]: each value is the delta from
    the previous point, times 1e5, zig-zag signed, in 5-bit chunks + 63 (0x20 = more chunks follow).
    "_p~iF~ps|U_ulLnnqC_mqNvxq`@" -> [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]."""
    factor = 10 ** precision
    values: list[int] = []
    shift = result = 0
    for char in encoded:
        chunk = ord(char) - 63
        if not 0 <= chunk < 64:
            raise ValueError(f"not an encoded polyline: character {char!r}")
        result |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift = result = 0
    if shift or len(values) % 2:
        raise ValueError("not an encoded polyline: it ends in the middle of a point")
    points: list[tuple[float, float]] = []
    lat = lng = 0
    for i in range(0, len(values), 2):
        lat += values[i]
        lng += values[i + 1]
        points.append((lat / factor, lng / factor))
    return points


@dataclass(frozen=True)
class RouteLeg:
    distance_m: int
    duration_s: int


@dataclass(frozen=True)
class RouteResult:
    """order: the intermediates' indices in visiting order; legs: origin -> ... -> destination;
    path: the route along the roads (decoded polyline), empty when Google sent none."""

    order: list[int]
    legs: list[RouteLeg]
    distance_m: int
    duration_s: int
    path: list[tuple[float, float]] = field(default_factory=list)


def _latlng(point: tuple[float, float]) -> dict[str, Any]:
    return {"location": {"latLng": {"latitude": point[0], "longitude": point[1]}}}


def _seconds(text: Any) -> int:
    if text is None:
        return 0
    raw = str(text)
    return round(float(raw[:-1] if raw.endswith("s") else raw))


def _route_path(route: dict[str, Any]) -> list[tuple[float, float]]:
    encoded = (route.get("polyline") or {}).get("encodedPolyline") or ""
    try:
        return decode_polyline(encoded)
    except ValueError:
        logger.warning("Google Routes sent a polyline that cannot be decoded; the route is drawn straight")
        return []


def _route_result(route: dict[str, Any], intermediates: int) -> RouteResult:
    legs = [RouteLeg(int(leg.get("distanceMeters", 0)), _seconds(leg.get("duration"))) for leg in route.get("legs", [])]
    order = [int(i) for i in route.get("optimizedIntermediateWaypointIndex", range(intermediates))]
    if sorted(order) != list(range(intermediates)):
        order = list(range(intermediates))  # Google omits it (or says [-1]) when nothing was reordered
    return RouteResult(order=order, legs=legs, distance_m=int(route.get("distanceMeters", sum(x.distance_m for x in legs))),
                       duration_s=_seconds(route.get("duration")) or sum(x.duration_s for x in legs),
                       path=_route_path(route))


class RoutesClient:
    """Routes API computeRoutes (DRIVE) with waypoint optimisation, over `requests`."""

    service = "Routes"

    def __init__(self, key: str, *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._key = key
        self.base_url = (base_url or ROUTES_URL).rstrip("/")
        self.timeout = timeout
        self._session = _session()

    def __repr__(self) -> str:
        return f"RoutesClient(base_url={self.base_url!r})"

    @classmethod
    def from_settings(cls, settings: Settings, secrets: Any, **kw: Any) -> RoutesClient:
        return cls(maps_key(secrets), base_url=settings.google_routes_api_url, **kw)

    def close(self) -> None:
        self._session.close()

    def compute_route(self, origin: tuple[float, float], destination: tuple[float, float],
                      intermediates: Sequence[tuple[float, float]] = (), *,
                      departure: datetime | None = None) -> RouteResult:
        body: dict[str, Any] = {
            "origin": _latlng(origin), "destination": _latlng(destination),
            "intermediates": [_latlng(p) for p in intermediates], "travelMode": "DRIVE",
            "optimizeWaypointOrder": bool(intermediates),
        }
        if departure is not None and departure > datetime.now(UTC):
            body["routingPreference"] = "TRAFFIC_AWARE"
            body["departureTime"] = departure.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = {"X-Goog-Api-Key": self._key, "X-Goog-FieldMask": ROUTES_FIELD_MASK,
                   "Content-Type": "application/json"}
        import requests

        try:
            response = self._session.post(f"{self.base_url}/directions/v2:computeRoutes", json=body,
                                          headers=headers, timeout=self.timeout)
        except requests.Timeout:
            raise MapsOffline(self.service, "timed out") from None
        except requests.RequestException as exc:
            logger.info("routes transport error: %s", type(exc).__name__)
            raise MapsOffline(self.service) from None
        if response.status_code != 200:
            raise self._http_error(response)
        try:
            data = response.json()
            routes = data.get("routes") or []
        except (ValueError, AttributeError):  # not Google's JSON: a captive portal, a proxy's page
            raise MapsError("Google Routes answered with something that is not Google's JSON (a proxy or a captive "
                            "portal?); check the network and try again", status="BAD_RESPONSE", retryable=True) from None
        if not routes:
            raise MapsError("Google Routes found no route between these stops", status="NO_ROUTE")
        try:
            return _route_result(routes[0], len(intermediates))
        except (TypeError, ValueError, AttributeError):
            raise MapsError("Google Routes sent a route that cannot be read; try again", status="BAD_RESPONSE",
                            retryable=True) from None

    def _http_error(self, response: requests.Response) -> MapsError:
        try:
            error = response.json().get("error", {})
        except ValueError:
            error = {}
        status = str(error.get("status") or f"HTTP_{response.status_code}")
        message = str(error.get("message") or "")
        if response.status_code == 429 or status == "RESOURCE_EXHAUSTED":
            return MapsQuotaExceeded(self.service)
        reasons = {str(d.get("reason")) for d in error.get("details", []) if isinstance(d, dict)}
        if "SERVICE_DISABLED" in reasons:  # the key is fine, its Cloud project has not enabled the Routes API
            return _denied(self.service, "Routes API", "SERVICE_DISABLED", message)
        if (response.status_code in (401, 403) or status in ("PERMISSION_DENIED", "UNAUTHENTICATED")
                or "API_KEY_INVALID" in reasons):
            return _denied(self.service, "Routes API", status, message)
        if response.status_code >= 500:
            return MapsError(f"Google Routes failed (HTTP {response.status_code}); try again later",
                             status=status, retryable=True)
        return MapsError(f"Google Routes rejected the request ({status}: {message})", status=status)
