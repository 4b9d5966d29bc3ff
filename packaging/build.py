"""Build the desktop app with PyInstaller, then smoke-test the result: `python packaging/build.py`.

    python packaging/build.py [--skip-smoke] [--dist DIR]

Installs PyInstaller into the running environment if it is missing, compiles the translations,
builds dist/aiconnect/ (one folder, see aiconnect.spec) and runs packaging/smoke.py against it.
Exit 0 when the build and the smoke test pass.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYINSTALLER = "pyinstaller>=6.10,<7"


def run(command: list[str]) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where dist/aiconnect/ goes (default: dist)")
    parser.add_argument("--skip-smoke", action="store_true", help="build only")
    args = parser.parse_args()
    if importlib.util.find_spec("PyInstaller") is None:
        run([sys.executable, "-m", "pip", "install", "--quiet", PYINSTALLER])
    run([sys.executable, "-m", "tools.i18n_build"])
    started = time.monotonic()
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(args.dist), "--workpath", str(ROOT / "build" / "pyinstaller"),
         str(ROOT / "packaging" / "aiconnect.spec")])
    folder = args.dist / "aiconnect"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"built {folder} in {time.monotonic() - started:.0f} s, {size / 1e6:.0f} MB", flush=True)
    if not args.skip_smoke:
        run([sys.executable, str(ROOT / "packaging" / "smoke.py"), str(folder / "aiconnect")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
