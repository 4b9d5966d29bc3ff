"""Expected failures, each with a message a user can act on.

Bugs are anything else; the UI shows those in a crash dialog and the CLI exits 1.
"""

from __future__ import annotations


class KnownError(Exception):
    """An expected failure: bad input, a missing record, a conflict, a service down."""


class ValidationError(KnownError):
    """One or more fields are wrong; `problems` maps a field name to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.problems.items()))

    def __reduce__(self) -> tuple[object, ...]:  # pickled whole: it crosses from a training's process (app.ml.isolated)
        return (type(self), (self.problems,))


class NotFoundError(KnownError):
    pass


class ConflictError(KnownError):
    """Someone else changed the record since it was read (optimistic concurrency)."""
