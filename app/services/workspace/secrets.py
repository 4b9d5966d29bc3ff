"""The four secrets (Twilio SID and token, Google Maps key, central token) in the OS keyring.

One small class over `keyring`. It raises only KnownError subclasses with messages a user can
act on, never a backend's raw exception, and it never falls back to a file, the database or
a log: with no usable keyring it says so (SecretsUnavailable) and what to install. Values
never appear in an exception text, a log line or a repr; errors name the secret, not its value.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from typing import Any

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from app.errors import KnownError, ValidationError
from app.services.workspace.settings import SECRET_NAMES

logger = logging.getLogger(__name__)

SERVICE = "AIConnect"
# The order the settings screen and `secrets status` list them in.
NAMES: tuple[str, ...] = ("twilio.account_sid", "twilio.auth_token", "google.maps_key", "central.token")

# Backends that do not keep a secret safely: they fail, discard, or write plain text.
UNUSABLE = {
    "keyring.backends.fail.Keyring": "keyring found no backend",
    "keyring.backends.null.Keyring": "the null keyring discards every secret",
    "keyrings.alt.file.PlaintextKeyring": "the plain-text file keyring is not accepted for secrets",
}


class SecretsUnavailable(KnownError):
    """No usable OS keyring: the message says what to install or unlock.

    `reason` is what went wrong (technical, English); the UI words the advice in the user's language.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


def install_hint() -> str:
    if sys.platform.startswith("linux"):
        return ("install and unlock a Secret Service provider such as GNOME Keyring (gnome-keyring) or "
                "KWallet, then restart AIConnect; or, only if you accept an encrypted-file keyring, "
                "pip install keyrings.alt and set PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring")
    if sys.platform == "darwin":
        return "unlock the macOS login Keychain (Keychain Access) and restart AIConnect"
    if sys.platform == "win32":
        return "make sure Windows Credential Manager is available for your user and restart AIConnect"
    return "install a keyring backend supported by the Python keyring package and restart AIConnect"


def _class_path(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _length_check(name: str, value: str) -> None:
    if len(value) > 4096:
        raise ValidationError({name: "is longer than 4096 characters; check what was pasted"})
    if any(ch.isspace() for ch in value):
        raise ValidationError({name: "contains spaces or line breaks; paste the value alone"})


def _account_sid(value: str) -> None:
    if not re.fullmatch(r"AC[0-9a-fA-F]{32}", value):
        raise ValidationError({"twilio.account_sid": (
            f"a Twilio Account SID starts with AC and has 34 letters and digits (got {len(value)} characters); "
            "copy it from the Twilio Console dashboard")})


def _auth_token(value: str) -> None:
    if not re.fullmatch(r"[0-9a-fA-F]{32}", value):
        raise ValidationError({"twilio.auth_token": (
            f"a Twilio auth token is 32 hexadecimal characters (got {len(value)} characters); "
            "copy it from the Twilio Console dashboard")})


def _maps_key(value: str) -> None:
    if not value.startswith("AIza") or len(value) < 20:
        raise ValidationError({"google.maps_key": (
            "a Google Maps API key starts with AIza and is about 39 characters long; "
            "copy it from Google Cloud Console > APIs & Services > Credentials")})


def _central_token(value: str) -> None:
    if len(value) < 8:
        raise ValidationError({"central.token": "is shorter than 8 characters; paste the whole token"})


CHECKS: dict[str, Callable[[str], None]] = {
    "twilio.account_sid": _account_sid,
    "twilio.auth_token": _auth_token,
    "google.maps_key": _maps_key,
    "central.token": _central_token,
}


def validate(name: str, value: str) -> str:
    """The value to store (surrounding whitespace removed), or ValidationError naming the secret."""
    check_name(name)
    clean = value.strip()
    if not clean:
        raise ValidationError({name: "is empty; paste the value to store"})
    _length_check(name, clean)
    CHECKS[name](clean)
    return clean


def check_name(name: str) -> None:
    if name not in SECRET_NAMES:
        raise ValidationError({name: f"is not a secret AIConnect keeps (known: {', '.join(NAMES)})"})


class SecretStore:
    """get/set/delete/status over the OS keyring under the service name "AIConnect"."""

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE) -> None:
        self._backend = backend  # None: keyring's current backend, looked up on every call
        self.service = service

    def __repr__(self) -> str:
        return f"SecretStore(service={self.service!r}, backend={self.backend_description()!r})"

    # --- the backend ----------------------------------------------------------------------

    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def problem(self) -> str | None:
        """Why the current backend cannot keep secrets, or None when it can."""
        try:
            backend = self.backend()
            writer = _writer(backend)
        except Exception as exc:  # a broken backend plugin is also "no keyring"
            chosen = os.environ.get("PYTHON_KEYRING_BACKEND")
            where = f"PYTHON_KEYRING_BACKEND={chosen}" if chosen else "the keyring backend"
            return f"{where} could not be loaded ({type(exc).__name__}: {exc})"
        if writer is None:
            return "keyring found no backend"
        return UNUSABLE.get(_class_path(writer))

    def backend_available(self) -> bool:
        return self.problem() is None

    def backend_description(self) -> str:
        try:
            writer = _writer(self.backend())
        except Exception as exc:
            return f"unavailable ({type(exc).__name__})"
        if writer is None:
            return "none"
        return str(getattr(type(writer), "name", None) or _class_path(writer))

    def unavailable_message(self, reason: str) -> str:
        return f"No usable OS keyring to keep secrets in: {reason}. To fix it, {install_hint()}."

    def require_backend(self) -> KeyringBackend:
        reason = self.problem()
        if reason is not None:
            raise SecretsUnavailable(self.unavailable_message(reason), reason)
        return self.backend()

    # --- the secrets ----------------------------------------------------------------------

    def get(self, name: str) -> str | None:
        check_name(name)
        return self._read(self.require_backend(), name)

    def set(self, name: str, value: str) -> None:
        clean = validate(name, value)
        backend = self.require_backend()
        self._call(lambda: backend.set_password(self.service, name, clean), "store", name, clean)
        logger.info("secret %s stored in the OS keyring", name)

    def delete(self, name: str) -> bool:
        """Remove the secret; False when it was not set."""
        check_name(name)
        backend = self.require_backend()
        if self._read(backend, name) is None:
            return False
        try:
            self._call(lambda: backend.delete_password(self.service, name), "delete", name)
        except _Missing:
            return False
        logger.info("secret %s deleted from the OS keyring", name)
        return True

    def status(self) -> dict[str, bool]:
        """Which secrets are set, never their values."""
        backend = self.require_backend()
        return {name: self._read(backend, name) is not None for name in NAMES}

    def _read(self, backend: KeyringBackend, name: str) -> str | None:
        value: str | None = self._call(lambda: backend.get_password(self.service, name), "read", name)
        return value

    def _call(self, fn: Callable[[], Any], verb: str, name: str, value: str | None = None) -> Any:
        """Run one backend call; its failures become SecretsUnavailable without the secret in them."""
        try:
            return fn()
        except PasswordDeleteError:
            raise _Missing(name) from None
        except Exception as exc:
            detail = _scrub(f"{type(exc).__name__}: {exc}", value)
            # info, not warning: the raised message carries this to the user; the log keeps the trail
            logger.info("keyring could not %s secret %s: %s", verb, name, detail)
            reason = f"the keyring could not {verb} {name} ({detail.splitlines()[0] if detail else type(exc).__name__})"
            raise SecretsUnavailable(self.unavailable_message(reason), reason) from None


class _Missing(KnownError):
    """delete_password found nothing to delete."""


def _writer(backend: KeyringBackend) -> KeyringBackend | None:
    """The backend that actually stores a secret (the chainer hands it to its first backend)."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        chained = list(backend.backends)
        return chained[0] if chained else None
    return backend


def _scrub(text: str, value: str | None) -> str:
    if value:
        text = text.replace(value, "***")
    return text
