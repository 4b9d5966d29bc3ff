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
@pytest.mark.parametrize(("env", "said"), [
    ({"AICONNECT_DATABASE_URL": "postgresq://rep:hunter2@db/crm"}, "not a database URL"),
    ({"AICONNECT_DATABASE_URL": "postgresql://rep:hunter2@db:port/crm"}, "not a database URL"),
    ({"AICONNECT_SMS_RATE": "inf"}, "AICONNECT_SMS_RATE"),
])
def test_a_bad_environment_is_told_at_start_not_a_traceback(tmp_path, env, said):
    done = run_gui(tmp_path / "home", "--exit-when-ready", env=env, timeout=60)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and "hunter2" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


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


# What the window may have imported when the lead list is on screen (a workspace opened before:
# the first start also loads the migrations and the demo generator). The ML modules are the filter
# choices' segment names, read in the db lane after the list; the lead detail, its SMS thread and
# recommendations are built when a lead is first opened. A module that joins this list must be
# needed by the first screen, or be imported where it is used.
READY_APP_MODULES = frozenset({
    "app", "app.config", "app.context", "app.errors", "app.logging_setup", "app.progress", "app.texts",
    "app.cli", "app.cli.common", "app.cli.gui_cmd",
    "app.db", "app.db.engine", "app.db.migrate", "app.db.models", "app.db.search_ddl", "app.db.sqlite_file",
    "app.ml", "app.ml.explain", "app.ml.insights", "app.ml.refresh", "app.ml.score_writes", "app.ml.scoring",
    "app.ml.store", "app.ml.tabular",
    "app.services", "app.services.demo", "app.services.demo.generator", "app.services.demo.vocabulary",
    "app.services.feedback", "app.services.feedback.votes",
    "app.services.leads", "app.services.leads.audit", "app.services.leads.custom_fields", "app.services.leads.id_lists",
    "app.services.leads.interactions", "app.services.leads.leads", "app.services.leads.normalize",
    "app.services.leads.search",
    "app.services.workspace", "app.services.workspace.settings", "app.services.workspace.users",
    "app.ui", "app.ui.app", "app.ui.application", "app.ui.changes", "app.ui.errors", "app.ui.formatting", "app.ui.i18n",
    "app.ui.icons", "app.ui.main_window", "app.ui.screens", "app.ui.tasks", "app.ui.vocabulary",
    "app.ui.leads", "app.ui.leads.columns", "app.ui.leads.filters", "app.ui.leads.model",
    "app.ui.leads.score_popover", "app.ui.leads.selection", "app.ui.leads.view",
    "app.ui.widgets", "app.ui.widgets.id_table",
})
READY_THIRD_PARTY = frozenset({  # top-level packages outside the standard library
    "PySide6", "shiboken6", "shibokensupport", "signature_bootstrap", "cython_runtime", "sqlalchemy", "greenlet",
    "typing_extensions", "psutil", "app",
})


def modules_at_ready(home: Path) -> dict[str, list[str]]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AICONNECT_")}
    environment.update({"AICONNECT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"})
    code = ("import sys, json; from app.cli import main; code = main(['gui', '--exit-when-ready', '--lang', 'en']); "
            "names = sorted(sys.modules); print(json.dumps({'app': [m for m in names if m == 'app' or m.startswith('app.')], "
            "'top': sorted({m.split('.')[0] for m in names if not m.startswith('_')} - set(sys.stdlib_module_names))})); "
            "sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_start_imports_only_what_the_first_screen_needs(tmp_path):
    home = tmp_path / "home"
    assert run_gui(home, "--exit-when-ready").returncode == 0  # the first start makes the workspace
    loaded = modules_at_ready(home)
    assert not {m for m in loaded["app"] if m.startswith("app.cli.")} - {"app.cli.common", "app.cli.gui_cmd"}, \
        "opening the window imported command-line modules"
    assert not set(loaded["app"]) - READY_APP_MODULES, (
        f"new at start: {sorted(set(loaded['app']) - READY_APP_MODULES)}: import them where they are used, "
        "or add them to READY_APP_MODULES if the first screen needs them")
    assert not set(loaded["top"]) - READY_THIRD_PARTY, f"new packages at start: {sorted(set(loaded['top']) - READY_THIRD_PARTY)}"
    assert not {"tensorflow", "sklearn", "pandas", "matplotlib", "twilio", "googlemaps", "alembic", "jinja2"} & set(loaded["top"])
