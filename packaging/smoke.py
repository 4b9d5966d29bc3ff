"""Smoke test of a built AIConnect executable: `python packaging/smoke.py dist/aiconnect/aiconnect`.

In a throwaway data folder it checks what a frozen build most often gets wrong — files and
modules that are only found at run time: the command line starts; migrations run (Alembic's
scripts are data); the demo workspace fills (phonenumbers' metadata); search answers; the
machine learning trains (scikit-learn, and TensorFlow when purchases exist); and the main
window opens offscreen and visits every screen (Qt plugins, QtWebEngine, translations).
Prints one line per step and exits 1 at the first failure, with that step's output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def step(exe: Path, env: dict[str, str], name: str, *args: str, timeout: float = 600) -> str:
    started = time.monotonic()
    done = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        print(f"FAIL {name} (exit {done.returncode}, {seconds:.1f} s)\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
        raise SystemExit(1)
    print(f"ok   {name} ({seconds:.1f} s)", flush=True)
    return done.stdout


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python packaging/smoke.py PATH/TO/aiconnect", file=sys.stderr)
        return 2
    exe = Path(sys.argv[1]).resolve()
    if not exe.is_file():
        print(f"no executable at {exe}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="aiconnect-smoke-") as home:
        env = {**os.environ, "AICONNECT_HOME": home, "QT_QPA_PLATFORM": "offscreen",
               "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        env.pop("AICONNECT_DATABASE_URL", None)
        if os.geteuid() == 0:
            env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
        step(exe, env, "aiconnect --help", "--help")
        step(exe, env, "db upgrade", "db", "upgrade")
        step(exe, env, "demo --leads 300", "demo", "--leads", "300")
        listed = json.loads(step(exe, env, "leads list --json", "leads", "list", "--json"))
        leads = listed if isinstance(listed, list) else listed.get("leads", [])
        if not leads:
            print("FAIL leads list returned no leads after the demo")
            return 1
        step(exe, env, "ml train", "ml", "train")
        step(exe, env, "gui --self-test", "gui", "--self-test", timeout=300)
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
