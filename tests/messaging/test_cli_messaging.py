"""The headless CLI end to end against the fake: templates, messages send/status, automations run,
exit codes and one-line errors; the looping worker stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.cli_run import run
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, NUMBER


@pytest.fixture
def cli(ctx, fake, keyring_secrets, monkeypatch, capsys):
    monkeypatch.setenv("AICONNECT_TWILIO_API_URL", fake.url)
    ctx.workspace.set("twilio.sender", NUMBER)
    ctx.workspace.set("sms.quiet_hours", "00:00-00:00")  # always open: the CLI runs on the real clock
    return ctx


def _lead(ctx, name, phone, consent=True):
    return ctx.leads.create({"name": name, "phone": phone, "sms_consent": consent, "company": "Acme"}).id


def test_templates_add_list_show(cli, capsys):
    lead_id = _lead(cli, "Joana Prado", "+5511987650101")
    code, out, err = run(capsys, "templates", "add", "oferta", "--body",
                         "Oi {{ lead.name | primeiro_nome }}, oferta para a {{ lead.company | default('sua empresa') }}!")
    assert code == 0, err
    code, out, _ = run(capsys, "templates", "list")
    assert code == 0 and "oferta" in out
    code, out, _ = run(capsys, "templates", "show", "oferta", "--lead", str(lead_id), "--json")
    data = json.loads(out)
    assert data["preview"]["text"] == "Oi Joana, oferta para a Acme!" and data["preview"]["segments"] == 1
    assert data["preview"]["currency"] == "USD" and data["preview"]["estimated_cost"] == "0.0500"
    cli.workspace.set("sms.price_per_segment", "0.25")
    cli.workspace.set("sms.price_currency", "BRL")
    code, out, _ = run(capsys, "templates", "show", "oferta", "--lead", str(lead_id))
    assert code == 0 and "1 segment(s), GSM-7" in out and "estimated 0.2500 BRL" in out


def test_a_broken_template_is_refused_with_line_and_column(cli, capsys):
    code, out, err = run(capsys, "templates", "add", "ruim", "--body", "Oi\n{{ lead.nmae }}")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "line 2, column 4" in lines[0] and "lead.nmae" in lines[0]


def test_send_dry_run_then_queue_then_worker_sends(cli, fake, capsys):
    ok = _lead(cli, "Ana Ok", "+5511987650102")
    _lead(cli, "Bruno Sem", "+5511987650103", consent=False)
    code, out, err = run(capsys, "messages", "send", "--query", "", "--body", "Oi {{ lead.name | primeiro_nome }}",
                         "--dry-run", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["recipients"] == 1 and report["skipped"] == {"no_consent": 1} and report["dry_run"]
    assert report["segments"] == 1 and report["cost"] == "0.0500"
    code, out, err = run(capsys, "messages", "send", "--query", "", "--body", "Oi {{ lead.name | primeiro_nome }}")
    assert code == 0
    assert "Queued 1 of 2 messages" in out and "Skipped 1: no consent 1" in out and "estimated cost 0.0500" in out
    code, out, err = run(capsys, "automations", "run", "--once")
    assert code == 0, err
    assert "sent 1" in out
    assert fake.creates() == {("+5511987650102", "Oi Ana"): 1}
    code, out, _ = run(capsys, "messages", "status", "--json")
    status = json.loads(out)
    assert status["counts"]["sent"] == 1 and status["counts"]["queued"] == 0
    assert cli.interactions.timeline(ok)[0].kind == "sms_out"


def test_send_estimates_with_the_workspace_price_unless_told_otherwise(cli, capsys):
    _lead(cli, "Ana Ok", "+5511987650102")
    cli.workspace.set("sms.price_per_segment", "0.08")
    code, out, err = run(capsys, "messages", "send", "--query", "", "--body", "Oi", "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(out)["cost"] == "0.0800"
    code, out, err = run(capsys, "messages", "send", "--query", "", "--body", "Oi", "--dry-run", "--json",
                         "--price-per-segment", "0,1")
    assert code == 0, err
    assert json.loads(out)["cost"] == "0.1000"


def test_the_estimate_is_in_the_currency_the_price_is_entered_in(cli, capsys):
    _lead(cli, "Ana Ok", "+5511987650102")
    code, out, err = run(capsys, "messages", "send", "--query", "", "--body", "Oi", "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(out)["currency"] == "USD"  # Twilio's, until the team says otherwise
    code, out, err = run(capsys, "config", "set", "sms.price_currency", "brl")
    assert code == 0, err
    assert cli.workspace.get("sms.price_currency") == "BRL"
    code, out, err = run(capsys, "config", "set", "sms.price_currency", "JPY")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "USD, BRL" in err
    cli.workspace.set("sms.price_per_segment", "0,25")
    code, out, err = run(capsys, "messages", "send", "--query", "", "--body", "Oi", "--dry-run")
    assert code == 0, err
    assert "estimated cost 0.2500 BRL at 0.25 BRL per segment." in out  # no conversion, no US$
    code, out, err = run(capsys, "messages", "send", "--query", "", "--body", "Oi", "--dry-run", "--json")
    assert json.loads(out)["currency"] == "BRL" and json.loads(out)["cost"] == "0.2500"


def test_status_lists_failures_with_reasons(cli, fake, capsys):
    lead_id = _lead(cli, "Número Ruim", "+5511987650104")
    fake.reject("+5511987650104", 21211)
    assert run(capsys, "messages", "send", "--lead", str(lead_id), "--body", "Oi")[0] == 0
    assert run(capsys, "automations", "run", "--once")[0] == 0
    code, out, _ = run(capsys, "messages", "status")
    assert code == 0 and "failed 1" in out and "[21211] Número Ruim: invalid phone number" in out


def test_worker_reads_replies_and_applies_stop(cli, fake, capsys):
    lead_id = _lead(cli, "Clara", "+5511987650105")
    fake.inject_inbound("+5511987650105", "parar")
    code, out, err = run(capsys, "automations", "run", "--once", "--json")
    assert code == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    assert report["inbound"]["new"] == 1 and report["inbound"]["opt_outs"] == 1
    assert cli.leads.get(lead_id).sms_opt_out


def test_unknown_lead_and_bad_arguments_exit_2(cli, capsys):
    for argv, fragment in [
        (["messages", "send", "--lead", "999", "--body", "Oi"], "does not exist"),
        (["messages", "send", "--lead", "abc", "--body", "Oi"], "lead ids"),
        (["messages", "send", "--lead", "1"], "required"),
        (["messages", "send", "--lead", "1", "--body", "x", "--template", "y"], "not allowed"),
        (["messages", "send", "--lead", "1", "--template", "nao_existe"], "does not exist"),
        (["automations", "run", "--interval", "0"], "--interval"),
        (["messages", "send", "--lead", str(_lead(cli, "Sem", "+5511987650199", consent=False)), "--body", "Oi"],
         "has not consented"),
    ]:
        code, out, err = run(capsys, *argv)
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1 and fragment in lines[0], (argv, err)


def test_worker_without_credentials_exits_2_with_one_line(ctx, fake, monkeypatch, capsys):
    monkeypatch.setenv("AICONNECT_TWILIO_API_URL", fake.url)
    ctx.workspace.set("twilio.sender", NUMBER)
    code, out, err = run(capsys, "automations", "run", "--once")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "twilio.account_sid" in lines[0]
    assert AUTH_TOKEN not in err


def test_automations_add_list_and_lead_view(cli, tmp_path, capsys):
    spec = {"name": "Boas-vindas", "trigger": "lead_created", "config": {},
            "steps": [{"delay_s": 0, "action": {"body": "Bem-vinda, {{ lead.name | primeiro_nome }}!"}},
                      {"delay_s": 86400, "action": {"body": "Podemos ajudar?"}}]}
    path = tmp_path / "auto.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    code, out, err = run(capsys, "automations", "add", str(path))
    assert code == 0, err
    lead_id = _lead(cli, "Rita Luz", "+5511987650106")
    assert run(capsys, "automations", "run", "--once")[0] == 0
    code, out, _ = run(capsys, "automations", "list")
    assert "Boas-vindas" in out and "2. after 24 h: send text" in out
    code, out, _ = run(capsys, "automations", "lead", str(lead_id), "--json")
    [view] = json.loads(out)
    assert view["automation"] == "Boas-vindas" and view["messages"][0]["body"] == "Bem-vinda, Rita!"
    assert view["messages"][0]["state"] == "sent"


def test_looping_worker_stops_cleanly_on_sigterm(cli, fake, tmp_path):
    """The real CLI in its own process: it sends, then SIGTERM ends it between messages with exit 0."""
    cli.outbox().enqueue([_lead(cli, "Laço", "+5511987650107")], body="Oi do laço")
    keyring_file = tmp_path / "keyring.json"
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "tests.messaging.file_keyring.FileKeyring",
           "AICONNECT_TEST_KEYRING_FILE": str(keyring_file), "PYTHONPATH": str(Path.cwd())}
    keyring_file.write_text(json.dumps({"AIConnect/twilio.account_sid": ACCOUNT_SID, "AIConnect/twilio.auth_token": AUTH_TOKEN}))
    created = threading.Event()
    fake.on_create = lambda message: created.set()
    proc = subprocess.Popen([sys.executable, "-m", "app", "automations", "run", "--interval", "0.2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert created.wait(60), "the worker never sent"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "worker stopped" in err and "sent 1" in out
    assert fake.creates() == {("+5511987650107", "Oi do laço"): 1}
