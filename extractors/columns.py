"""One mapping from column headers, in any wording, to canonical fields.

Extend ``HEADER_RULES`` to teach every extractor (and the baseline) a new
wording. Rules are tried in order; the first whose pattern occurs in the
header wins, so put specific phrases before generic words. A rule whose
field is None names wording that is known NOT to be a canonical field ("Start
date" is not the deadline): such columns are kept as extra columns.
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

HEADER_RULES: list[tuple[str, str | None]] = [
    (r"^\s*(?:key\s+|proposed\s+)?actions?\s+(?:and|&)\b", "action"),  # "Actions and target dates": the actions
    (r"\bstart(ing)? date|date (raised|opened|started|agreed|added)", None),
    (r"target date|completion date|due date|date due|^\s*due\b|\bcomplete\s+by\b|to\s+be\s+completed\s+by", "deadline"),
    (r"where we aim to be|what difference|\boutcomes?\b|impact", "outcome"),
    (r"performance (measure|indicator)|measures?|indicator|kpi|success criteria|targets?|evidence"
     r"|how (will|would|do) (we|you) know", "measure"),
    (r"\bb?rag\b|status|rating", "rag"),
    (r"\blead|responsib|owner|officers?|accountable|\bwho\b", "lead"),
    (r"progress|update|commentary|comments?", "progress"),
    (r"timescales?|deadline|by when|when will|target date|completion date|time ?frame|\bdate\b|\bwhen\b", "deadline"),
    (r"\bcost|resources?|budget|funding", "cost"),
    (r"^\s*rec\.?\s*(no\.?|number|ref\.?)?\s*$|\b(ref\.?|reference|no\.|number)\s*$", "ref"),
    (r"recommendation|areas? for (development|improvement)|what we want to do|ofsted|\bissue", "recommendation"),
    (r"\baction|what we will do|activit|tasks?|steps|\bhow (we|will we|are we going to|to)\b", "action"),
    (r"^\s*(no\.?|ref\.?|#|number|item)\s*$", "ref"),
]
_COMPILED = [(re.compile(pattern, re.I), name) for pattern, name in HEADER_RULES]


_GLOSS = re.compile(r"\([^)]*\)?")


def _first_rule(text: str) -> tuple[str | None, int] | None:
    """(field, rule index) of the first rule matching, or None when no rule matches."""
    for index, (pattern, name) in enumerate(_COMPILED):
        if pattern.search(text):
            return name, index
    return None


def _rule_for_header(header: str | None) -> tuple[str | None, int] | None:
    if not header:
        return None
    text = " ".join(header.split())
    return _first_rule(_GLOSS.sub(" ", text)) or _first_rule(text)


def field_for_header(header: str | None) -> str | None:
    """Canonical field for a column header, or None if it names none.

    A parenthesised gloss is read only when the header without it names nothing:
    "Performance measures/targets (draft ... actions/outcomes)" is a measure column.
    """
    rule = _rule_for_header(header)
    return rule[0] if rule else None


def map_headers(headers: list[str]) -> list[str | None]:
    """Field per column, each field given to one column only.

    When two columns name the same field, the one matched by the more specific
    (earlier) rule wins, then the leftmost: "Timescale" and "Target date" ->
    the target date is the deadline.
    """
    rules = [_rule_for_header(h) for h in headers]
    best: dict[str, tuple[int, int]] = {}
    for column, rule in enumerate(rules):
        if rule and rule[0] and (rule[0] not in best or (rule[1], column) < best[rule[0]]):
            best[rule[0]] = (rule[1], column)
    winners = {column for _, column in best.values()}
    return [rule[0] if rule and column in winners else None for column, rule in enumerate(rules)]


def header_score(cells: list[str]) -> float:
    """Share of non-empty cells that map to a field: a header row scores near 1."""
    filled = [c for c in cells if c and c.strip()]
    if len(filled) < 2:
        return 0.0
    return sum(field_for_header(c) is not None for c in filled) / len(filled)
