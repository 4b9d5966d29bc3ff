"""`aiconnect gui`: the desktop app (also what plain `aiconnect` opens)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("gui", help="open the desktop app (the default command)",
                            description="Open the AIConnect desktop app.")
    add_arguments(parser)
    parser.set_defaults(handler=run_gui)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--self-test", action="store_true",
                        help="open the main window offscreen, visit every screen and dialog, exit 0 if nothing failed")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="print one JSON line (ready_s, rss_mb, heavy_modules, leads) once the lead list is shown, "
                             "then exit: the cold-start benchmark")
    parser.add_argument("--lang", choices=("system", "en", "pt_BR"), default=None,
                        help="the UI language for this session (default: the workspace setting ui.language)")


def run_gui(args: argparse.Namespace) -> int:
    import os

    if getattr(args, "self_test", False):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the self-test never needs a screen
    from app.ui.app import run_gui as start

    return start(args)
