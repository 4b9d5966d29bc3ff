"""A screen's first visit imports only what its first paint needs (issue 11: switching to any screen
<= 150 ms to its first paint). What comes after the paint stays out of the screen's module: the Map's
QtWebEngine (about 80 ms to import) is imported when the web view is built, the keyring (about 0.15 s)
on the net lane where the Maps key is read, and Jinja2 (about 0.2 s) when a template is rendered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LATER = ("PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebChannel", "jinja2", "keyring")


@pytest.mark.parametrize("module", ["app.ui.maps.view", "app.ui.messaging.view"])
def test_a_screens_module_leaves_what_comes_after_its_first_paint(module: str) -> None:
    code = (f"import json, sys, importlib; importlib.import_module({module!r}); "
            f"print(json.dumps([m for m in {list(LATER)!r} if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []
