"""`aiconnect` and `python -m app`: the command line, which opens the desktop app by default."""

from __future__ import annotations

import sys
import time

START = time.monotonic()  # read by the GUI's --exit-when-ready (cold-start benchmark)


def main() -> int:
    if getattr(sys, "frozen", False):  # a packaged app: model training runs in a spawned process of it
        import multiprocessing

        multiprocessing.freeze_support()
    sys.unraisablehook = _log_unraisable
    from app.cli import main as cli_main

    return cli_main(sys.argv[1:])


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An error in a finalizer (a file object closed on a full disk, collected late) goes to the log, not to
    stderr: the command's one line stays the only one, also when it is printed as the process ends."""
    import logging

    logging.getLogger("app").info("ignored in %r: %s", unraisable.object, unraisable.exc_value,
                                  exc_info=(unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback)
                                  if unraisable.exc_value is not None else None)


if __name__ == "__main__":
    sys.exit(main())
