"""`aiconnect gui` end to end, in a subprocess on a fresh data folder: self-test, readiness, bad databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_gui(home: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AICONNECT_")}
    environment.update({"AICONNECT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **(env or {})})
    code = f"import sys; from app.cli import main; sys.exit(main({['gui', *args]!r}))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.slow
def test_self_test_passes_on_a_fresh_workspace(tmp_path):
    done = run_gui(tmp_path / "home", "--self-test")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "self-test passed" in done.stdout


@pytest.mark.slow
def test_exit_when_ready_prints_one_json_line(tmp_path):
    done = run_gui(tmp_path / "home", "--exit-when-ready", "--lang", "en")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert set(report) == {"ready_s", "rss_mb", "heavy_modules", "leads"}
    assert report["leads"] == 300  # the first start filled the demo workspace before the list loaded
    assert report["heavy_modules"] == []
    assert 0 < report["ready_s"] < 60 and report["rss_mb"] > 10


@pytest.mark.slow
def test_unreachable_postgresql_is_a_clear_exit_2(tmp_path):
    url = "postgresql://rep:hunter2@127.0.0.1:9/crm"
    done = run_gui(tmp_path / "home", "--exit-when-ready", env={"AICONNECT_DATABASE_URL": url}, timeout=60)
    assert done.returncode == 2
    assert "database could not be opened" in done.stderr.lower()
    assert "Traceback" not in done.stderr and "hunter2" not in done.stderr + done.stdout
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_a_database_from_a_newer_version_is_refused(tmp_path):
    import sqlite3

    home = tmp_path / "home"
    home.mkdir()
    with sqlite3.connect(home / "aiconnect.sqlite3") as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    done = run_gui(home, "--exit-when-ready", timeout=60)
    assert done.returncode == 2
    assert "newer version" in done.stderr and "Traceback" not in done.stderr
