"""app.ml.isolated: long ML work in a process of its own, progress and cancel across a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest

from app.errors import ValidationError
from app.ml import isolated
from app.progress import Cancelled, Progress

ROOT = Path(__file__).resolve().parents[2]


def test_the_job_runs_in_another_process_and_its_progress_and_answer_come_back(ctx):
    seen: list[tuple[int, int, str]] = []
    ctx.leads.create({"name": "Ana Souza"})
    answer = isolated.run_isolated("tests.ml.isolated_jobs:counts_leads", ctx.db.url, ctx.settings.models_dir,
                                   Progress(lambda done, total, label: seen.append((done, total, label))))
    assert answer["leads"] == 1 and answer["models_dir"] == str(ctx.settings.models_dir)
    assert answer["pid"] != os.getpid()
    assert seen == [(0, 3, "counting"), (1, 3, "counting"), (2, 3, "counting"), (3, 3, "counting")]


def test_the_jobs_exception_is_raised_here(ctx):
    with pytest.raises(ValidationError, match="too small to train") as raised:
        isolated.run_isolated("tests.ml.isolated_jobs:refuses", ctx.db.url, ctx.settings.models_dir)
    assert raised.value.problems == {"data": "too small to train on"}


def _cancel_once_started(progress: Progress, pids: list[int]) -> Progress:
    def listener(_done: int, _total: int, label: str) -> None:
        if label.startswith("pid "):
            pids.append(int(label.split()[1]))
            threading.Thread(target=progress.cancel).start()  # as the Cancel button does, from another thread

    progress.listener = listener
    return progress


@pytest.mark.parametrize("job", ["works_until_cancelled", "never_checks"])
def test_a_cancel_stops_the_job_that_checks_and_ends_the_one_that_does_not(ctx, job, monkeypatch):
    monkeypatch.setattr(isolated, "CANCEL_GRACE_S", 0.5)
    pids: list[int] = []
    with pytest.raises(Cancelled):
        isolated.run_isolated(f"tests.ml.isolated_jobs:{job}", ctx.db.url, ctx.settings.models_dir,
                              _cancel_once_started(Progress(), pids))
    assert pids
    try:
        psutil.Process(pids[0]).wait(timeout=5)  # ended, not left running
    except psutil.NoSuchProcess:
        pass


DRIVER = """
import sys
from app.ml.isolated import run_isolated
from app.progress import Progress

def said(_done, _total, label):
    if label.startswith("pid "):
        print(label.split()[1], flush=True)

run_isolated("tests.ml.isolated_jobs:never_checks", sys.argv[1], sys.argv[2], Progress(said))
"""


def test_the_job_ends_when_the_app_goes_away(ctx):
    """An app killed outright (or ending with os._exit at quit) leaves no training running behind it."""
    app = subprocess.Popen([sys.executable, "-c", DRIVER, ctx.db.url, str(ctx.settings.models_dir)], cwd=ROOT,
                           stdout=subprocess.PIPE, text=True)
    try:
        child = psutil.Process(int(app.stdout.readline()))  # type: ignore[union-attr]
        assert child.is_running()
        app.kill()
        child.wait(timeout=10)  # psutil.TimeoutExpired if the job outlived the app
    finally:
        app.kill()
        app.wait()
