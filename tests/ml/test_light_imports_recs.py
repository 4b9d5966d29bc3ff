"""The recommendation modules import light, and commands that need no network never load TensorFlow."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.ml.test_light_imports import HEAVY
from tests.ml.test_workspace_ml import fill
from tests.ml.workspace_data import actions_workspace


def test_recommendation_modules_import_light():
    code = ("import sys, app.ml.workspace, app.ml.actions, app.ml.products, app.ml.feedback, app.ml.store; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_train_and_score_without_purchases_never_load_tensorflow(ctx):
    fill(ctx, closed=60, open_=0)
    actions_workspace(ctx, leads=40)
    code = ("import sys, json; from app.cli import main; "
            "codes = [main(['ml', 'train', '--json']), main(['ml', 'score', '--json'])]; "
            "print(json.dumps({'codes': codes, 'tf': 'tensorflow' in sys.modules}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    verdict = json.loads(run.stdout.strip().splitlines()[-1])
    assert verdict == {"codes": [0, 0], "tf": False}
    assert '"next_action"' in run.stdout and "poucos dados" in run.stdout
