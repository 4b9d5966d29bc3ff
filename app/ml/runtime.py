"""How much of the machine the models may use: half the cores, so the app stays responsive.

Training runs in the background next to the UI (and, on a shared machine, next to other work);
OpenMP libraries that grab every core then slow each other down several times over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


def background_threads() -> int:
    return max(1, (os.cpu_count() or 2) // 2)


@contextmanager
def limited_threads() -> Iterator[None]:
    """Cap the native thread pools (OpenMP, BLAS) of scikit-learn and numpy inside the block."""
    import sklearn.ensemble  # noqa: F401  loads OpenMP first: threadpoolctl caps only loaded libraries
    from threadpoolctl import threadpool_limits

    with threadpool_limits(background_threads()):
        yield


def resident_mb() -> float | None:
    """This process's resident memory in MB (Linux /proc), or None where it cannot be read."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def grew(before: float | None, after: float | None) -> float | None:
    """Resident memory added between two readings, MB (None where it cannot be read)."""
    return round(after - before, 1) if before is not None and after is not None else None
