"""SecretStore over the in-memory keyring, the no-keyring path, and `aiconnect secrets`."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail

from app.cli import main as cli_main
from app.errors import KnownError, ValidationError
from app.services.workspace.secrets import NAMES, SecretStore, SecretsUnavailable, validate
from app.services.workspace.settings import SECRET_NAMES
from tests.memory_keyring import MemoryKeyring

pytestmark = pytest.mark.usefixtures("memory_keyring")

ROOT = Path(__file__).resolve().parents[1]
SID = "AC" + "0123456789abcdef" * 2
TOKEN = "fedcba9876543210" * 2
MAPS_KEY = "AIzaSyD-FAKE-test-key-1234567890abcdefg"
CENTRAL = "central-token-0f9e8d7c"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """What keyring gives on a Linux box without a Secret Service (restored afterwards)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


class ExplodingKeyring(KeyringBackend):
    """A backend whose errors quote the password, as a careless one might."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"D-Bus said no while storing {password!r} for {username}")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("locked")


class EmptyChainer(chainer.ChainerBackend):
    backends = []  # type: ignore[assignment]


def test_names_are_the_workspace_secret_names() -> None:
    assert set(NAMES) == SECRET_NAMES


def test_set_get_status_delete_round_trip() -> None:
    store = SecretStore()
    assert store.backend_available()
    assert store.status() == dict.fromkeys(NAMES, False)
    store.set("twilio.account_sid", SID)
    store.set("twilio.auth_token", f"  {TOKEN}\n")  # pasted with whitespace around it
    store.set("google.maps_key", MAPS_KEY)
    store.set("central.token", CENTRAL)
    assert store.get("twilio.account_sid") == SID
    assert store.get("twilio.auth_token") == TOKEN
    assert MemoryKeyring._store[("AIConnect", "google.maps_key")] == MAPS_KEY
    assert store.status() == dict.fromkeys(NAMES, True)
    assert store.delete("central.token") is True
    assert store.delete("central.token") is False
    assert store.get("central.token") is None
    assert store.status()["central.token"] is False


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("twilio.account_sid", "AC123", "starts with AC"),
    ("twilio.account_sid", "XX" + "0" * 32, "starts with AC"),
    ("twilio.auth_token", "not-a-token", "32 hexadecimal"),
    ("twilio.auth_token", "g" * 32, "32 hexadecimal"),
    ("google.maps_key", "abcdefghijklmnopqrstuvwxyz", "starts with AIza"),
    ("central.token", "x7Qz", "shorter than 8"),
    ("central.token", "has a space in it", "spaces"),
    ("twilio.auth_token", "", "empty"),
    ("twilio.auth_token", "   \n", "empty"),
])
def test_invalid_values_are_refused_without_quoting_them(name: str, value: str, expected: str) -> None:
    store = SecretStore()
    with pytest.raises(ValidationError) as info:
        store.set(name, value)
    assert name in info.value.problems
    assert expected in str(info.value)
    if value.strip():
        assert value.strip() not in str(info.value)
    assert store.get(name) is None


def test_unknown_name_is_named_in_the_error() -> None:
    with pytest.raises(ValidationError) as info:
        SecretStore().set("twilio.password", TOKEN)
    assert "twilio.password" in str(info.value)
    assert "twilio.auth_token" in str(info.value)  # lists the known names
    with pytest.raises(ValidationError):
        SecretStore().get("sms.rate")


def test_validate_returns_the_clean_value() -> None:
    assert validate("twilio.account_sid", f" {SID} ") == SID


def test_secrets_never_reach_logs_reprs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = SecretStore()
    store.set("twilio.auth_token", TOKEN)
    store.get("twilio.auth_token")
    store.status()
    store.delete("twilio.auth_token")
    exploding = SecretStore(backend=ExplodingKeyring())
    with pytest.raises(SecretsUnavailable) as info:
        exploding.set("twilio.auth_token", TOKEN)
    with pytest.raises(ValidationError) as bad:
        store.set("twilio.account_sid", TOKEN)  # a token pasted into the wrong field
    for text in (caplog.text, repr(store), repr(exploding), str(info.value), str(bad.value),
                 "".join(traceback.format_exception(info.value)), "".join(traceback.format_exception(bad.value))):
        assert TOKEN not in text
    assert "could not store twilio.auth_token" in str(info.value)
    assert "***" in str(info.value)  # the backend's message is kept, the secret masked
    assert "secret twilio.auth_token stored" in caplog.text


def test_no_backend_says_what_to_install(no_keyring: None) -> None:
    store = SecretStore()
    assert not store.backend_available()
    assert "none" in store.backend_description() or "fail" in store.backend_description()
    for call in (lambda: store.get("twilio.auth_token"), store.status, lambda: store.delete("central.token"),
                 lambda: store.set("twilio.auth_token", TOKEN)):
        with pytest.raises(SecretsUnavailable) as info:
            call()
        assert isinstance(info.value, KnownError)
        message = str(info.value)
        assert "No usable OS keyring" in message
        assert "\n" not in message  # one line for the CLI
        if sys.platform.startswith("linux"):
            assert "GNOME Keyring" in message and "KWallet" in message and "keyrings.alt" in message
        assert TOKEN not in message


def test_other_unusable_backends_are_refused() -> None:
    assert not SecretStore(backend=EmptyChainer()).backend_available()
    plaintext = type("PlaintextKeyring", (ExplodingKeyring,), {"__module__": "keyrings.alt.file"})
    store = SecretStore(backend=plaintext())
    assert not store.backend_available()
    with pytest.raises(SecretsUnavailable, match="plain-text"):
        store.set("twilio.auth_token", TOKEN)


def test_backend_failures_become_secrets_unavailable() -> None:
    with pytest.raises(SecretsUnavailable, match="could not delete"):
        SecretStore(backend=_StoredButLocked()).delete("central.token")


class _StoredButLocked(ExplodingKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        return "something"


# --- the command line ------------------------------------------------------------------------------

def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str],
            stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli_main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_set_status_delete(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(monkeypatch, capsys, ["secrets", "set", "twilio.auth_token"], TOKEN + "\n")
    assert (code, err) == (0, "")
    assert TOKEN not in out
    assert SecretStore().get("twilio.auth_token") == TOKEN  # one trailing newline stripped
    code, out, _ = run_cli(monkeypatch, capsys, ["secrets", "status", "--json"])
    assert code == 0
    assert json.loads(out)["secrets"] == {**dict.fromkeys(NAMES, False), "twilio.auth_token": True}
    assert TOKEN not in out
    code, out, _ = run_cli(monkeypatch, capsys, ["secrets", "status"])
    assert "twilio.auth_token: set" in out and "google.maps_key: not set" in out
    code, out, _ = run_cli(monkeypatch, capsys, ["secrets", "delete", "twilio.auth_token"])
    assert code == 0 and "deleted" in out
    assert SecretStore().get("twilio.auth_token") is None
    assert not (home / "aiconnect.sqlite3").exists()  # no workspace was opened


@pytest.mark.parametrize(("argv", "stdin", "expected"), [
    (["secrets", "set", "twilio.password"], TOKEN, "twilio.password"),
    (["secrets", "set", "twilio.auth_token"], "", "empty"),
    (["secrets", "set", "twilio.auth_token"], "\n", "empty"),
    (["secrets", "set", "twilio.account_sid"], "AC12", "starts with AC"),
    (["secrets", "set", "twilio.auth_token", TOKEN], "", "stdin"),
    (["secrets", "delete", "nope"], "", "nope"),
])
def test_cli_bad_input_exits_2_with_one_line(home: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str,
                                             expected: str) -> None:
    code, out, err = run_cli(monkeypatch, capsys, argv, stdin)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert expected in err
    assert TOKEN not in err + out


def test_cli_without_keyring_exits_2(home: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["secrets", "set", "central.token"], ["secrets", "status"], ["secrets", "status", "--json"]):
        code, out, err = run_cli(monkeypatch, capsys, argv, CENTRAL)
        assert code == 2
        assert len(err.strip().splitlines()) == 1
        assert "No usable OS keyring" in err
        assert CENTRAL not in err + out


def test_cli_reads_piped_stdin_in_a_real_process(home: Path) -> None:
    """`echo -n VALUE | aiconnect secrets set NAME`, in a process of its own."""
    env = {**os.environ, "AICONNECT_HOME": str(home), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "app", "secrets", "set", "twilio.auth_token"]
    ok = subprocess.run(command, input=TOKEN, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "stored in the OS keyring" in ok.stdout
    assert TOKEN not in ok.stdout + ok.stderr
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    refused = subprocess.run(command, input=TOKEN, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "No usable OS keyring" in refused.stderr
    assert TOKEN not in refused.stdout + refused.stderr
    log = home / "logs" / "aiconnect.log"
    assert not log.exists() or TOKEN not in log.read_text()
