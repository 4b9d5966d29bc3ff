"""Filled in by its owner; registers nothing yet."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    return None


def run_gui(args: argparse.Namespace) -> int:
    raise NotImplementedError
