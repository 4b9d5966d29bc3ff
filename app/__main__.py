"""`aiconnect` and `python -m app`: the command line, which opens the desktop app by default."""

from __future__ import annotations

import sys
import time

START = time.monotonic()  # read by the GUI's --exit-when-ready (cold-start benchmark)


def main() -> int:
    from app.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
