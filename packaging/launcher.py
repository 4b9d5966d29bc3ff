"""Entry script for the frozen build: the same `aiconnect` command as `pip install` gives."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
