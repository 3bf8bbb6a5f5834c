"""What every reader does the same way: a library's exception as a cause, a finished Layout."""

from __future__ import annotations

from extractors.base import ExtractionError
from extractors.layout import Layout


def cause(exc: Exception) -> str:
    """A library's exception as one line: its class and the first line of its message."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def finish(layout: Layout, empty: str) -> Layout:
    """The layout with its tables numbered in reading order; ExtractionError(``empty``) if nothing was read."""
    if not layout.items:
        raise ExtractionError(empty)
    for index, table in enumerate(layout.tables()):
        table.index = index
    return layout
