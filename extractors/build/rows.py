"""A plan table's data rows, seen through its header: which columns hold what, which cells are
merged down from above, which row is a group heading.

A plan either has a recommendation column beside the action column, or one
text column in which recommendation rows (numbered "1", other cells empty or
spanning the row) and action rows ("1.1", "a)", or unnumbered) alternate.
"""

from __future__ import annotations

import functools
import re
import statistics
from dataclasses import dataclass

from extractors.build.cells import flat, labelled_fields, status_mark
from extractors.headers import Header
from extractors.layout import Cell, Table
from extractors.settings import SETTINGS
from extractors.text import fold, is_capitals, is_junk, is_title, join_pieces
from extractors.vocabulary import (
    ACTION_NUMBER,
    DEADLINE_CELL,
    LETTER_NUMBER,
    QUOTE_LABEL,
    RAG_CELL,
    REF_CELL,
    is_priority_heading,
    labelled_recommendation,
)

_REF_START = re.compile(r"^\s*[A-Za-z]{0,2}\d")
RECORD_FIELDS = ("lead", "deadline", "rag", "progress", "outcome", "measure", "cost")


@dataclass
class Row:
    """A data row: one text per column, merged cells applied."""

    cells: list[Cell]
    texts: list[str]
    inherited: list[bool]  # the cell starts in a row above (a vertical merge)
    distinct: list[int]  # columns where a cell starts (the others continue a horizontal span)
    header: Header
    table: Table
    index: int

    @property
    def spans_all(self) -> bool:
        return len(self.distinct) == 1 and len(self.texts) > 1

    def text(self, col: int | None) -> str:
        return self.texts[col] if col is not None and col < len(self.texts) else ""

    def own(self, col: int | None) -> str:
        """The cell's text unless it was merged down from above."""
        return "" if col is None or col >= len(self.inherited) or self.inherited[col] else self.text(col)

    def filled(self) -> list[int]:
        return [i for i in self.distinct if not is_junk(self.texts[i])]

    def content(self) -> dict[int, str]:
        """Filled cells outside the ref and text columns; a status cell's fill or mark counts."""
        rec, act = self.header.text_cols
        skip = {rec, act, self.header.col("ref")}
        rag = self.header.col("rag")
        out = {i: fold(self.texts[i]) or "" for i in self.distinct
               if i not in skip and (not is_junk(self.texts[i]) or (i == rag and fold(self.texts[i])))}
        if rag is not None and rag not in out and rag in self.distinct:
            cell = self.cells[rag]
            if cell.glyphs or cell.fill and not self.banded(rag):
                out[rag] = ""
        return out

    def banded(self, col: int) -> bool:
        """Whether the cell's fill is the whole row's (zebra shading, a shaded group row): no status."""
        return {c.fill for i, c in enumerate(self.cells) if i != col} == {self.cells[col].fill}

    @property
    def page(self) -> int | None:
        return next((c.page for c in self.cells if c.page is not None), self.table.page)

    @property
    def line(self) -> int | None:
        return next((c.line for c in self.cells if c.line is not None), None)


def data_rows(table: Table, header: Header) -> list[Row]:
    """Every row under the header with something in it."""
    out = []
    for r in range(header.start + header.count, len(table.rows)):
        cells = table.rows[r]
        distinct = [c for c, cell in enumerate(cells) if c == 0 or cell is not cells[c - 1]]
        row = Row(cells=cells, texts=[cell.text for cell in cells], inherited=[cell.row < r for cell in cells],
                  distinct=distinct, header=header, table=table, index=r)
        if row.filled() or row.content():
            out.append(row)
    _unplace_spans(out, header)
    return out


def _unplace_spans(rows: list[Row], header: Header) -> None:
    """A row printed across the table that a text export (or a merged cell) left in a column of
    short values ("R1 | Ensure that referrals ..." under "Lead officer") has its text moved to the
    text column: it is the only cell beside the ref, a sentence where its column holds short values."""
    rec, act = header.text_cols
    target = act if rec is None else rec
    ref = header.col("ref")
    lengths: dict[int, list[int]] = {}
    for row in rows:
        for i in row.distinct:
            if row.texts[i].strip():  # "(a)" and "-" are short values too
                lengths.setdefault(i, []).append(len(flat(row.texts[i])))
    for row in rows:
        others = [i for i in row.filled() if i != ref and not row.inherited[i]]
        if not others and ref in row.filled() and not row.inherited[ref]:
            others = [ref]  # the row's one sentence set in the ref column (the first column, left unmerged)
        if len(others) != 1 or others[0] in (rec, act) or row.text(target).strip():
            continue
        col = others[0]
        text = flat(row.texts[col])
        typical = statistics.median(lengths.get(col, [0]))
        if len(text) >= SETTINGS.min_long_text and len(text) > SETTINGS.span_length_factor * typical:
            row.texts[target], row.texts[col] = row.texts[col], ""


def sole_text(row: Row) -> str | None:
    """The text of a row with one filled cell (or one cell spanning the row), or of a heading in
    capitals cut over several cells, else None."""
    filled = [i for i in row.filled() if not row.inherited[i]]
    if len(filled) == 1 and not row.content():
        return flat(row.texts[filled[0]])
    ref = row.header.col("ref")
    pieces = [flat(row.texts[i]) for i in filled if i != ref]
    joined = functools.reduce(join_pieces, pieces, "")
    return joined if len(pieces) > 1 and is_capitals(joined) else None


def group_kind(row: Row, nxt: Row | None) -> str | None:
    """"priority", "section" or None for a row with one cell.

    With a recommendation column, a one-cell row outside it is a group row (in the action
    column, only a title).
    In a one-text-column plan a one-cell row is a recommendation unless it is a
    timescale, in capitals, or a short title with no action row under it. A
    recommendation labelled with its number is never a group.
    """
    text = sole_text(row)
    if text is None or labelled_recommendation(text):
        return None
    if is_priority_heading(text):
        return "priority"
    rec, act = row.header.text_cols
    col = next(i for i in row.filled() if not row.inherited[i])
    if is_capitals(text):
        return "section"
    if rec is not None and (row.spans_all or col != rec and (col != act or is_title(text))):
        return "section"
    if is_title(text) and (nxt is None or sole_text(nxt) is not None or opens_recommendation(nxt, None)):
        return "section"  # a short title with no action of its own names the group below
    return None


def number(row: Row) -> tuple[str | None, str]:
    """(action number, action text without it) from the text column or the ref column."""
    _, act = row.header.text_cols
    text = row.text(act).strip()
    for pattern in (ACTION_NUMBER, LETTER_NUMBER):
        match = pattern.match(text)
        if match:
            return next(g for g in match.groups() if g), text[match.end():]
    ref = (fold(row.own(row.header.col("ref"))) or "") + " "
    match = ACTION_NUMBER.match(ref) or LETTER_NUMBER.match(ref)
    return (next(g for g in match.groups() if g) if match else None), text


def opens_recommendation(row: Row, nxt: Row | None = None, last: bool = False) -> bool:
    """In a one-text-column plan: a row stating a recommendation, not an action: nothing beside its
    text, or little (a ref, a lead, an OCR fragment) when numbered actions follow it. A row with cells
    beside it that is the ``last`` of its table has nothing under it to answer it; a numbered row whose
    next row is numbered like it is its peer."""
    rec, _ = row.header.text_cols
    if rec is not None:
        return bool(fold(row.own(rec)))
    if number(row)[0] is not None:
        return False
    col = row.header.col("ref")
    ref = fold(row.text(col))
    peer = nxt is not None and bool(REF_CELL.match(fold(nxt.own(col)) or ""))
    content = row.content()
    few = len(content) <= SETTINGS.max_recommendation_cells
    return not content or few and not last and (bool(ref and REF_CELL.match(ref)) and not peer
                                                 or (nxt is not None and number(nxt)[0] is not None))


_QUOTES = "'\"‘’“”"


def cut_quote(row: Row) -> tuple[str, str | None] | None:
    """A recommendation quoted in a cell other than the action's after its label ("Ofsted
    recommendation (2019): Ensure ..."): (its text, its number), the quote cut out of the cell.

    A label quotes when it is glossed with a year, ends in a colon, stands at the start or end
    of its line, or is followed by a quotation mark; "we respond to the Ofsted recommendations
    on ..." does not.
    """
    _, act = row.header.text_cols
    for col in row.distinct:
        text = row.texts[col]
        if col == act or row.inherited[col] or row.cells[col] is row.cells[act]:
            continue  # the action's own cell, or a row printed across the table (a labelled recommendation)
        for match in QUOTE_LABEL.finditer(text):
            before = text[: match.start()].rsplit("\n", 1)[-1]
            after = text[match.end():].split("\n", 1)[0].strip()
            if match.group("gloss") or match.group("colon") or not before.strip() or not after or after[0] in _QUOTES:
                quote = (fold(text[match.end():]) or "").strip(_QUOTES + " ")
                row.texts[col] = text[: match.start()].rstrip(" -–(\n")
                if quote:
                    return quote, match.group("num")
    return None


def values(row: Row, key: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(RawAction field -> text, extra header -> text) from the row's other cells.

    A cell naming its parts by label ("Lead: X / By: Y") gives each labelled
    field (one part alone, "By: May", when no other column holds that field); a status cell with no words gives its mark or fill.
    """
    out: dict[str, str] = {}
    extra: dict[str, str] = {}
    rag = row.header.col("rag")
    for i, text in row.content().items():
        name = row.header.fields[i]
        raw = row.texts[i].strip()
        split = labelled_fields(raw) if raw else None
        others = {f for j, f in enumerate(row.header.fields) if j != i}
        if split and (name is None or name in split or len(split) > 1 or not others & set(split)):
            for field, value in split.items():
                if field in RECORD_FIELDS:
                    out.setdefault(field, value)
            continue
        if i == rag and not RAG_CELL.match(text or ""):
            mark = status_mark(row.cells[i], key)
            if mark and text and row.banded(i) and mark == "#" + (row.cells[i].fill or ""):
                mark = None  # printed on the row's shading: the text is the status
            text = text if text and not mark else (mark or text)
        if name in RECORD_FIELDS:
            out[name] = raw if text == fold(raw) and raw else text
        elif text:
            extra[row.header.texts[i] or f"column {i + 1}"] = text
    return out, extra


def _column(rows: list[Row], col: int) -> list[tuple[str, Cell]]:
    return [(flat(r.text(col)), r.cells[col]) for r in rows if col < len(r.cells) and not r.inherited[col]]


def refine_fields(header: Header, rows: list[Row]) -> None:
    """Name columns by their content where the header wording did not.

    Without a RAG column, a column whose cells are mostly status words, fills or
    marks is it; without a deadline column, a column of deadlines is; without a
    recommendation column, an unnamed column left of the actions holding long
    text is it.
    """
    data = [r for r in rows if len(r.filled()) > 1]
    if not data:
        return
    rec, act = header.text_cols
    free = [c for c, name in enumerate(header.fields) if name in (None, "progress", "measure") and c != act]
    free.sort(key=lambda c: header.fields[c] is not None)  # unnamed columns first
    for field, test in (("rag", lambda t, c: bool(c.fill or c.glyphs) or bool(RAG_CELL.match(t))),
                        ("deadline", lambda t, c: bool(DEADLINE_CELL.match(t))),
                        ("ref", lambda t, c: len(t) <= 6 and bool(_REF_START.match(t)))):
        if field in header.fields:
            continue
        for col in free:
            found = [(t, c) for t, c in _column(data, col) if t or c.fill or c.glyphs]
            if found and sum(test(t, c) for t, c in found) >= SETTINGS.min_column_share * len(found) \
                    and (field != "rag" or header.fields[col] != "measure"):
                header.fields[col] = field
                free.remove(col)
                break
    if rec is None and header.col("action") is not None:
        for col in range(act):
            texts = [t for t, _ in _column(data, col) if t]
            if header.fields[col] in (None, "ref") and texts and statistics.median(map(len, texts)) >= SETTINGS.min_long_text:
                header.fields[col] = "recommendation"
                break

