"""One mapping from column headers, in any wording, to canonical fields.

Extend ``HEADER_RULES`` to teach every extractor (and the baseline) a new
wording. Rules are tried in order; the first whose pattern occurs in the
header wins, so put specific phrases before generic words.
"""

from __future__ import annotations

import re

FIELDS = (
    "ref",
    "recommendation",
    "action",
    "lead",
    "deadline",
    "rag",
    "progress",
    "outcome",
    "measure",
    "cost",
)

HEADER_RULES: list[tuple[str, str]] = [
    (r"target date|completion date|due date|date due", "deadline"),
    (r"where we aim to be|what difference|\boutcomes?\b|impact", "outcome"),
    (r"performance (measure|indicator)|measures?|indicator|kpi|success criteria|targets?|evidence", "measure"),
    (r"\brag\b|status|rating", "rag"),
    (r"\blead|responsib|owner|officers?|accountable|\bwho\b", "lead"),
    (r"timescales?|deadline|by when|when will|target date|completion date|time ?frame|\bdate\b|\bwhen\b", "deadline"),
    (r"progress|update|commentary|comments?", "progress"),
    (r"\bcost|resources?|budget|funding", "cost"),
    (r"recommendation|areas? for (development|improvement)|what we want to do|ofsted|\bissue", "recommendation"),
    (r"\baction|what we will do|activit|tasks?|steps", "action"),
    (r"^\s*(no\.?|ref\.?|#|number|item)\s*$", "ref"),
]
_COMPILED = [(re.compile(pattern, re.I), name) for pattern, name in HEADER_RULES]


_GLOSS = re.compile(r"\([^)]*\)?")


def _first_rule(text: str) -> str | None:
    for pattern, name in _COMPILED:
        if pattern.search(text):
            return name
    return None


def field_for_header(header: str | None) -> str | None:
    """Canonical field for a column header, or None if it names none.

    A parenthesised gloss is read only when the header without it names nothing:
    "Performance measures/targets (draft ... actions/outcomes)" is a measure column.
    """
    if not header:
        return None
    text = " ".join(header.split())
    return _first_rule(_GLOSS.sub(" ", text)) or _first_rule(text)


def map_headers(headers: list[str]) -> list[str | None]:
    """Field per column; a field already taken by an earlier column is not reused."""
    taken: set[str] = set()
    out: list[str | None] = []
    for header in headers:
        name = field_for_header(header)
        if name in taken:
            name = None
        if name:
            taken.add(name)
        out.append(name)
    return out


def header_score(cells: list[str]) -> float:
    """Share of non-empty cells that map to a field: a header row scores near 1."""
    filled = [c for c in cells if c and c.strip()]
    if len(filled) < 2:
        return 0.0
    return sum(field_for_header(c) is not None for c in filled) / len(filled)
