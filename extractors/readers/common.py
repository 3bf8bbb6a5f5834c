"""What every reader does the same way: a library's exception as a cause, a finished Layout."""

from __future__ import annotations

from extractors.base import ExtractionError, Failure
from extractors.layout import Block, Cell, Layout


def cause(exc: Exception) -> str:
    """A library's exception as one line: its class and the first line of its message."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def integer(value: str | None, default: int) -> int:
    """An attribute's whole number (``colspan``, ``w:gridSpan``), or ``default`` when it is none."""
    value = (value or "").strip()
    return int(value) if value.removeprefix("-").isdigit() else default


def finish(layout: Layout, empty: str) -> Layout:
    """The layout with its tables numbered in reading order; ExtractionError(``empty``) if nothing was read."""
    if not layout.items:
        raise ExtractionError(empty, Failure.EMPTY)
    for index, table in enumerate(layout.tables()):
        table.index = index
    return layout


def cap_text(layout: Layout, limit: int) -> Layout:
    """Every cell's and block's text cut to ``limit`` characters, with a warning: no plan has a cell of
    megabytes, and every later stage (patterns, the theme tagger) costs at least its length."""
    pieces: list[Cell | Block] = [item for item in layout.items if isinstance(item, Block)]
    pieces += [cell for table in layout.tables() for row in table.rows for cell in row if cell is not None]
    long = {id(piece): piece for piece in pieces if len(piece.text) > limit}
    for piece in long.values():
        piece.text = piece.text[:limit]
    if long:
        layout.warnings.append(f"{len(long)} cells or lines cut to {limit:,} characters (max_cell_chars)")
    return layout
