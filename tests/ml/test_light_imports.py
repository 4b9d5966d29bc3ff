"""`import app.cli` and `import app.ml.*` must not pull TensorFlow, scikit-learn or pandas."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("tensorflow", "sklearn", "pandas", "keras", "scipy")


def test_cli_and_ml_modules_import_light():
    code = ("import sys, app.cli, app.cli.ml_cmd, app.ml.evaluate, app.ml.recommend, app.ml.next_action, "
            "app.ml.explain, app.ml.purchases, app.ml.tf_runtime; "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
