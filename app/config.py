"""One Settings object: the data folder, the database URL and the service endpoints.

Everything here comes from the environment contract in PRODUCT.md; non-secret, per-workspace
settings (sender, quiet hours, rate …) live in the database (see services.settings), secrets
live in the OS keyring (see services.secrets). Nothing is created at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

APP_NAME = "AIConnect"
APP_SLUG = "aiconnect"


def _default_home() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    twilio_api_url: str | None = None
    googlemaps_api_url: str | None = None
    google_routes_api_url: str | None = None
    central_url: str | None = None
    sms_rate: float | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        path = self.database_url.split("///", 1)[1] if "///" in self.database_url else ""
        return Path(path) if path and path != ":memory:" else None

    @property
    def backups_dir(self) -> Path:
        return self.home / "backups"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    def ensure_dirs(self) -> None:
        for folder in (self.home, self.backups_dir, self.models_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)


class ConfigError(ValueError):
    """A setting from the environment is malformed."""


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    home = Path(env["AICONNECT_HOME"]).expanduser() if env.get("AICONNECT_HOME") else _default_home()
    url = env.get("AICONNECT_DATABASE_URL") or f"sqlite:///{home / 'aiconnect.sqlite3'}"
    rate = env.get("AICONNECT_SMS_RATE")
    return Settings(
        home=home,
        database_url=url,
        twilio_api_url=env.get("AICONNECT_TWILIO_API_URL") or None,
        googlemaps_api_url=env.get("AICONNECT_GOOGLEMAPS_API_URL") or None,
        google_routes_api_url=env.get("AICONNECT_GOOGLE_ROUTES_API_URL") or None,
        central_url=env.get("AICONNECT_CENTRAL_URL") or None,
        sms_rate=_parse_rate(rate) if rate else None,
    )


SMS_RATE_RANGE = (0.01, 1000.0)  # messages per second: the sms.rate setting's range (a test checks they agree)


def _parse_rate(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"AICONNECT_SMS_RATE: {raw!r} is not a number of messages per second") from None
    low, high = SMS_RATE_RANGE
    if value <= 0:
        raise ConfigError(f"AICONNECT_SMS_RATE: must be above 0, got {raw!r}")
    if not low <= value <= high:  # also nan, inf and 1e400 (read as inf)
        raise ConfigError(f"AICONNECT_SMS_RATE: {raw!r} is outside {low:g}..{high:g} messages per second")
    return value
