"""The one header map: column headers (and field labels) in any wording, to canonical fields.

Every reader, the record builder and the baselines read headers through :data:`HEADER_RULES`: each
rule that matches is a candidate, earlier (more specific) rules first; a rule whose field is None names
wording known NOT to be a field ("Start date" is not the deadline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.layout import Table
from extractors.vocabulary import DEADLINE_LABEL

FIELDS = ("ref", "recommendation", "action", "lead", "deadline", "rag", "progress", "outcome", "measure", "cost")

HEADER_RULES: list[tuple[str, str | None]] = [
    (r"^\s*(?:key\s+|proposed\s+)?actions?\s+(?:and|&)\b", "action"),  # "Actions and target dates": the actions
    (r"\bstart(?:ing)?\s+date|date\s+(?:raised|opened|started|agreed|added)|\bdate\s+of\b", None),
    (rf"{DEADLINE_LABEL}|^\s*due\b|^\s*by\s*$", "deadline"),
    (r"what\s+difference|\boutcomes?\b|impact|where\s+we\s+(?:aim|want)\s+to\s+be", "outcome"),
    (r"performance\s+(?:measure|indicator)|measures?|indicator|kpi|success\s+criteria|targets?(?!\s+dates?)|evidence"
     r"|how\s+(?:will|would|do)\s+(?:we|you)\s+know", "measure"),
    (r"\bb?\W?rag\b|status|rating", "rag"),
    (r"\blead|responsib|owner|accountable", "lead"),
    (r"officers?|\bwho\b|\bwhom\b", "lead"),  # after the plainer wordings: "Lead officer" beats "By whom"
    (r"progress|update|commentary|comments?", "progress"),
    (r"timescales?|deadline|\bwhen\b|time\s*frame|\bdate\b|\bdue\b", "deadline"),
    (r"\bcost|resources?|budget|funding", "cost"),
    (r"^\s*rec\.?\s*(?:no\.?|number|ref\.?)?\s*$|\b(?:ref\.?|reference|no\.|number)\s*$", "ref"),
    (r"recommendation|areas?\s+for\s+(?:development|improvement)|what\s+we\s+want\s+to\s+(?:do|achieve)|ofsted"
     r"|\bissue", "recommendation"),
    (r"\baction|what\s+we\s+will\s+do|activit|tasks?|steps|\bhow\s+(?:we|will\s+we|are\s+we\s+going\s+to|to)\b",
     "action"),
    (r"^\s*(?:no\.?|ref\.?|#|number|item|id)\s*$", "ref"),
]
_RULES = [(re.compile(pattern, re.I), name) for pattern, name in HEADER_RULES]
_GLOSS = re.compile(r"\([^)]*\)?")
# Header cells are short: a data cell mentioning "action" is no header.
MAX_HEADER_CELL = 100


def _ranked(header: str | None) -> list[tuple[int, str]]:
    """(rule rank, field) for each field a header could name, most specific first; a parenthesised gloss
    is read only when the header without it names nothing ("Measures (in line with actions)")."""
    if not header or len(header) > MAX_HEADER_CELL:
        return []
    text = " ".join(header.split())
    for variant in (_GLOSS.sub(" ", text), text):
        found: dict[str | None, int] = {}
        for rank, (pattern, name) in enumerate(_RULES):
            if pattern.search(variant):
                found.setdefault(name, rank)
        if found:
            first = min(found.items(), key=lambda kv: kv[1])[0]
            return [] if first is None else sorted((rank, name) for name, rank in found.items() if name)
    return []


def candidates(header: str | None) -> list[str]:
    """Fields a header could name, most specific first; [] when it names none."""
    return [name for _, name in _ranked(header)]


def field_for_header(header: str | None) -> str | None:
    """The field a header names on its own (its most specific rule), or None."""
    found = candidates(header)
    return found[0] if found else None


def map_headers(headers: list[str]) -> list[str | None]:
    """Field per column, each field given to one column: where two claim one ("Progress to date" and
    "Due" could both be a deadline), the header naming fewer fields wins, then the more specific wording,
    then the earlier column; the loser takes the next field its header names."""
    claims = sorted((position, len(found), rank, col, name) for col, found in enumerate(map(_ranked, headers))
                    for position, (rank, name) in enumerate(found))
    out: list[str | None] = [None] * len(headers)
    for *_, col, name in claims:
        if out[col] is None and name not in out:
            out[col] = name
    return out


def header_score(cells: list[str]) -> float:
    """Share of the filled cells that name a field: a header row scores near 1."""
    filled = [c for c in cells if c and c.strip()]
    if len(filled) < 2:
        return 0.0
    return sum(field_for_header(c) is not None for c in filled) / len(filled)


def names_fields(cells: list[str], minimum: int = 3) -> bool:
    """A header row: short cells, most naming a field, ``minimum`` distinct fields, one of them the
    action or recommendation column."""
    filled = [c for c in cells if c and c.strip()]
    if len(filled) < 2 or any(len(c) > MAX_HEADER_CELL for c in filled):
        return False
    fields = {f for f in map_headers(cells) if f}
    return (header_score(filled) >= 0.5 and len(fields) >= minimum
            and bool(fields & {"action", "recommendation"}))


@dataclass
class Header:
    """A table header: the text per column (header rows joined), the field each names, where it is."""

    texts: list[str]
    fields: list[str | None]
    start: int = 0  # first header row
    count: int = 1  # header rows

    def col(self, name: str) -> int | None:
        return self.fields.index(name) if name in self.fields else None

    @property
    def text_cols(self) -> tuple[int | None, int]:
        """(recommendation column or None, the column holding actions): one text column when only one."""
        rec, act = self.col("recommendation"), self.col("action")
        if act is None:
            return None, rec if rec is not None else 0
        return rec, act


def row_texts(table: Table, r: int) -> list[str]:
    """Each column's text in row ``r`` as one line; a cell spanning columns counts in its first,
    a cell merged down from above counts in the row it starts in."""
    return [" ".join(cell.text.split()) if (cell.row, cell.col) == (r, c) else "" for c, cell in enumerate(table.rows[r])]


def _joined(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    return [" ".join(r[i] for r in rows if i < len(r) and r[i]) for i in range(width)]


def _mapped(texts: list[str]) -> int:
    return len({f for f in map_headers(texts) if f})


def find_header(table: Table, search: int = 6) -> Header | None:
    """The header of a table in its first ``search`` rows (text above a table may be read into it),
    or None. A second header row is taken when joining it makes more columns name a field
    ("Monitoring" over "Rating" and "Outcome")."""
    texts = [row_texts(table, r) for r in range(min(search + 1, len(table.rows)))]
    if table.header_rows:
        joined = _joined(texts[: table.header_rows])
        if names_fields(joined):
            return Header(joined, map_headers(joined), 0, table.header_rows)
    for start in range(min(search, len(texts))):
        if start + 1 < len(texts) and all(len(t) <= MAX_HEADER_CELL for t in texts[start + 1]):
            both = _joined(texts[start:start + 2])
            if names_fields(both) and _mapped(both) > _mapped(texts[start]) > 0:  # a title above is no header row
                return Header(both, map_headers(both), start, 2)
        if names_fields(texts[start]):
            return Header(texts[start], map_headers(texts[start]), start, 1)
    return None


_REPRINT_MIN, _REPRINT_SLACK = 3, 10  # characters: a reprinted cell's part of its header cell's wording


def repeats(texts: list[str], header: Header, score: float = 80) -> bool:
    """True when a row reprints the header (a page break): most of the header's cells come back
    in their columns, fuzzily, since OCR mangles words and a wrapped reprint may show only each
    cell's first words."""
    known = [(t.lower(), k.lower()) for t, k in zip(texts, header.texts) if k]
    if len(known) < 2 or sum(bool(t) for t in texts) < 2:
        return False
    same = sum(bool(t) and (fuzz.ratio(t, k[: max(len(t), len(k.split()[0]))]) >= score or fuzz.ratio(t, k) >= score
                            or _REPRINT_MIN <= len(t) <= len(k) + _REPRINT_SLACK and fuzz.partial_ratio(t, k) >= 95)
               for t, k in known)  # a part of the header's wording, not a cell that merely holds it ("g", "... actions ...")
    return same >= 2 and same >= 0.6 * len(known)
