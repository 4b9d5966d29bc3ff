"""The command-line contract for the core commands: exit codes, one-line errors, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import run


def test_db_upgrade_then_leads_list_json(ctx, capsys):
    ctx.leads.create({"name": "Íris Nogueira", "company": "Nogueira ME", "tags": "vip"})
    ctx.leads.create({"name": "Otávio Lima"})
    code, out, err = run(capsys, "db", "upgrade")
    from app.db.migrate import HEAD

    assert code == 0 and HEAD in out
    code, out, err = run(capsys, "leads", "list", "--query", "iris", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [d["name"] for d in data] == ["Íris Nogueira"]
    assert data[0]["tags"] == ["vip"]
    assert {"id", "name", "company", "phone", "email", "stage", "owner", "score", "segment"} <= data[0].keys()


def test_leads_list_table_and_sort(ctx, capsys):
    for name in ("Bruno", "Amanda", "Carla"):
        ctx.leads.create({"name": name})
    code, out, _ = run(capsys, "leads", "list", "--sort", "name", "--desc")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["id", "name"]
    assert [line.split()[1] for line in lines[1:]] == ["Carla", "Bruno", "Amanda"]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["leads", "list", "--limit", "0"], "--limit"),
        (["leads", "list", "--sort", "shoe"], "invalid choice"),
        (["nonsense"], "invalid choice"),
        (["config", "set", "sms.quiet_hours", "8-20"], "sms.quiet_hours"),
        (["config", "set", "twilio.auth_token", "abc"], "keyring"),
        (["config", "get", "no.such"], "unknown setting"),
    ],
)
def test_bad_input_exits_2_with_one_line(ctx, capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], err


def test_config_set_get_roundtrip(ctx, capsys):
    assert run(capsys, "config", "set", "sms.quiet_hours", "09:00-19:30")[0] == 0
    code, out, _ = run(capsys, "config", "get", "sms.quiet_hours")
    assert (code, out.strip()) == (0, "09:00-19:30")
    code, out, _ = run(capsys, "config", "get", "--json")
    assert json.loads(out)["sms.quiet_hours"] == "09:00-19:30"
    assert run(capsys, "config", "set", "twilio.sender", "(11) 98765-4321")[0] == 0
    assert ctx.workspace.get("twilio.sender") == "+5511987654321"


def test_every_command_has_help(capsys):
    from app.cli import build_parser

    parser = build_parser()
    groups = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in groups.items():
        assert sub.format_help().strip(), name


def test_unexpected_failure_exits_1_without_traceback(ctx, capsys, monkeypatch):
    from app.services.leads import search

    def broken(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr("app.cli.leads_cmd.lead_ids", broken)
    code, out, err = run(capsys, "leads", "list")
    assert code == 1
    assert "Traceback" not in err and "unexpected failure" in err
    assert search.lead_ids is not broken


def test_entry_point_runs_as_a_process(tmp_path: Path):
    env = {**os.environ, "AICONNECT_HOME": str(tmp_path / "h")}
    env.pop("AICONNECT_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "app", "leads", "list", "--json"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert (tmp_path / "h" / "aiconnect.sqlite3").exists()
    bad = subprocess.run([sys.executable, "-m", "app", "leads", "list", "--limit", "x"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
