"""Build the UI translations: `python -m tools.i18n_build [--update]`.

Always compiles resources/i18n/*.ts into .qm files next to them (build outputs, ignored by git),
so a fresh clone gets working translations. With `--update` it first runs lupdate over every
.py under app/ui (and app/services and app/ml, whose messages are marked with QT_TRANSLATE_NOOP: see
app/texts.py) to add new source strings to the .ts files (then translate them by hand:
`test_i18n` fails while any string is left unfinished).

aiconnect_pt_BR.ts holds every string; aiconnect_en.ts only the plural forms ("%n lead(s)" ->
"1 lead" / "2 leads"), since English is the source language.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "app" / "ui"
CORE_DIR = ROOT / "app"  # services, ml and the shared basics mark their messages with QT_TRANSLATE_NOOP
I18N_DIR = ROOT / "resources" / "i18n"
LANGUAGES = ("pt_BR", "en")


class BuildError(RuntimeError):
    """A Qt Linguist tool is missing or failed; the message says which and why."""


def ts_path(language: str, folder: Path = I18N_DIR) -> Path:
    return folder / f"aiconnect_{language}.ts"


def qm_path(language: str, folder: Path = I18N_DIR) -> Path:
    return folder / f"aiconnect_{language}.qm"


def tool(name: str) -> str:
    """pyside6-<name> from this interpreter's environment, else from PATH."""
    candidate = Path(sys.executable).parent / f"pyside6-{name}"
    if candidate.exists():
        return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise BuildError(f"pyside6-{name} was not found; install PySide6 (pip install -e '.[dev]')")
    return found


def sources(ui_dir: Path = UI_DIR) -> list[Path]:
    return sorted(p for p in ui_dir.rglob("*.py") if "__pycache__" not in p.parts)


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BuildError(f"could not run {command[0]}: {exc}") from None
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise BuildError(f"{Path(command[0]).name} failed (exit {done.returncode}):\n{output}")
    return output


def update(folder: Path = I18N_DIR, ui_dir: Path = UI_DIR) -> None:
    """Merge the current source strings into the .ts files; vanished strings are dropped."""
    files = [str(p) for p in sources(ui_dir)]
    if ui_dir == UI_DIR:
        files += [str(p) for p in sources(CORE_DIR)
                  if UI_DIR not in p.parents and "QT_TRANSLATE_NOOP" in p.read_text(encoding="utf-8")]
    folder.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        plural_only = ["-pluralonly"] if language == "en" else []
        print(_run([tool("lupdate"), *files, "-ts", str(ts_path(language, folder)), *plural_only, "-no-obsolete",
                    "-locations", "none", "-source-language", "en", "-target-language", language]))


def release(folder: Path = I18N_DIR) -> list[Path]:
    """Compile every .ts into its .qm; raises BuildError if lrelease fails or writes nothing."""
    built = []
    for language in LANGUAGES:
        ts, qm = ts_path(language, folder), qm_path(language, folder)
        if not ts.exists():
            raise BuildError(f"{ts} is missing; run `python -m tools.i18n_build --update`")
        qm.unlink(missing_ok=True)
        print(_run([tool("lrelease"), str(ts), "-qm", str(qm)]))
        if not qm.exists() or qm.stat().st_size == 0:
            raise BuildError(f"lrelease did not write {qm}")
        built.append(qm)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n_build", description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="refresh the .ts files from app/ui first (lupdate)")
    args = parser.parse_args(argv)
    try:
        if args.update:
            update()
        release()
    except BuildError as exc:
        print(f"i18n_build: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
