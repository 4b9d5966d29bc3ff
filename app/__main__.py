"""`aiconnect` and `python -m app`: the command line, which opens the desktop app by default."""

from __future__ import annotations

import sys
import time

START = time.monotonic()  # read by the GUI's --exit-when-ready (cold-start benchmark)


def main() -> int:
    if getattr(sys, "frozen", False):  # a packaged app: model training runs in a spawned process of it
        import multiprocessing

        multiprocessing.freeze_support()
    from app.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
