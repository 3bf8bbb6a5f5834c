"""The yardstick: what a split on tabs and the keyword map give by hand.

One row is one action; nothing is stitched across rows or pages, no markup is
removed, no date is guessed. The pipeline's accuracy means something only next
to this number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from extractors.text import fold
from extractors.headers import header_score, map_headers
from models.records import RAGS

HEADER_THRESHOLD = 0.5
_PIPE_SEPARATOR = re.compile(r"^[\s|:-]*$")  # the |---|:---| line under a markdown header
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")


def _cells(line: str) -> list[str] | None:
    """Cells of a tab-separated or markdown pipe row; None for any other line."""
    if "\t" in line:
        return line.split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and not _PIPE_SEPARATOR.match(stripped):
        return stripped.strip("|").split("|")
    return None


def _trivial_date(text: str | None) -> date | None:
    """A date only when the whole cell is one in a common fixed format."""
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def rows_to_actions(rows: Iterable[Sequence[str | None]]) -> list[dict[str, Any]]:
    """One action dict per row under a header row that maps an action column.

    The latest header row applies, so a header repeated on every page (or a
    second table with other columns) takes over. Shared by the text baseline
    and the PDF/Word table baselines: the naive systems differ only in how
    they cut a file into rows of cells.
    """
    fields: list[str | None] = []
    actions: list[dict[str, Any]] = []
    for raw in rows:
        cells = [cell or "" for cell in raw]
        if header_score(cells) >= HEADER_THRESHOLD:
            fields = map_headers(cells)
            continue
        row = {name: fold(cell) for name, cell in zip(fields, cells) if name}
        if not row.get("action"):
            continue
        deadline = _trivial_date(row.get("deadline"))
        rag = (row.get("rag") or "").lower()
        actions.append(
            {
                "recommendation_ref": None,
                "recommendation": row.get("recommendation"),
                "action": row["action"],
                "lead": row.get("lead"),
                "deadline_text": row.get("deadline"),
                "deadline": deadline.isoformat() if deadline else None,
                "rag": rag if rag in RAGS else None,
            }
        )
    return actions


def baseline_actions(text: str) -> list[dict[str, Any]]:
    """The text baseline: tab-separated or markdown pipe rows, then :func:`rows_to_actions`."""
    return rows_to_actions(cells for cells in map(_cells, text.splitlines()) if cells is not None)
