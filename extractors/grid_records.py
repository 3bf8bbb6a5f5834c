"""From table grids (PDF, Word, OCR) to recommendations and actions.

Every layout reader hands over :class:`~extractors.table_grid.Grid` objects in
reading order; what follows is the same whatever the source format:

* the header row(s) are found and mapped through :mod:`extractors.columns`; a
  two-row header ("Monitoring" over "Rating" / "Outcome") is joined per column;
  a header reprinted at a page break (however OCR mangled it) is dropped;
* a merged cell is repeated over the columns it spans as the *same* Cell
  object or a cell with the same bbox, and counts once; a vertically merged
  cell (``merged_from_above``) takes the text of the cell above;
* the first row of a page whose key cells are empty and whose text carries on
  the last row of the previous page is joined to that row;
* rows with one cell, or one cell spanning the table, are section rows (theme
  headings, "Within three months") carried onto the records below;
* a plan either has a recommendation column beside the action column, or one
  text column in which recommendation rows (numbered "1", other cells empty or
  spanning the row) and action rows ("1.1", "a)", or unnumbered) alternate;
* an unnumbered action cell holding a bulleted list is one action per item
  (tests/gold/README.md); a numbered action keeps its sub-bullets;
* RAG comes from the RAG cell's text, else from its fill ("#RRGGBB", read by
  the normaliser); a header naming one date ("... by 31 March 2013") is the
  deadline of every row printing none.

Cell text lines are joined into paragraphs here, not by the readers: a line
starting with a bullet or an item number begins a new paragraph, any other line
carries on the one before (a PDF wraps lines; a Word cell's paragraphs without
list marks read as one text).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractors.cells import (
    BULLET_CHARS,
    MONTH,
    fold,
    is_capitals,
    is_page_footer,
    is_priority_heading,
    is_section_title,
    strip_bullet,
)
from extractors.columns import header_score, map_headers
from extractors.tab_table import (
    describe_preamble as describe_text_preamble,  # the title-block reader
)
from extractors.table_grid import Cell, Grid
from models.records import Provenance, RawAction, RawDocument, RawRecommendation

_MAX_HEADER_CELL = 100  # header cells are short; a data cell mentioning "action" is not a header
_MAX_HEADER_SEARCH = 6  # rows of a grid scanned for the first header (text above a borderless table)
_MIN_HEADER_SCORE = 0.5
_MIN_HEADER_FIELDS = 3  # the text column and at least two others
_REPEAT_SCORE = 80  # rapidfuzz ratio of a reprinted (maybe OCR-mangled) header against the first one
_RECORD_FIELDS = ("lead", "deadline", "rag", "progress", "outcome", "measure", "cost")
_INHERITED_FIELDS = ("lead", "deadline", "rag", "cost")  # a recommendation row's cells its actions share
_MAX_RECOMMENDATION_CELLS = 2  # other cells a numbered recommendation row may fill

_BULLET_LINE = re.compile(rf"^\s*[{re.escape(BULLET_CHARS)}](?=\s|\w|$)")
_ACTION_NUMBER = re.compile(r"^\s*(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)(?!\d|\.\d)[.):]?\s+")  # "3.1 ", not a date
_LETTER_NUMBER = re.compile(r"^\s*\(?([a-z]|[ivx]{1,4})\)\s*|^\s*([a-z])\.\s+(?=[A-Z])")  # "a)", "(ii)", "b. "
_ITEM_START = re.compile(rf"{_ACTION_NUMBER.pattern}|{_LETTER_NUMBER.pattern}|{_BULLET_LINE.pattern}")
_REC_NUMBER = re.compile(r"^\s*((?:[A-Za-z]{1,3}\s?)?\d{1,2}[a-z]?)(?![\d.]\d)[.):]?(?:\s+|$)")  # "1", "R1 ", "13."
_REF_CELL = re.compile(r"^\s*([A-Za-z]{0,3}\s?\d{1,2}(?:/\d{1,2})?[a-z]?)\s*[.):]?\s*$")  # a whole ref cell
_PRIORITY_PREFIX = re.compile(r"^\s*([^:]{3,40}?)\s*:\s*(?=\S)")
_SENTENCE_END = re.compile(r"[.;,!?]$")
_OPEN_END = re.compile(r"[:,;(&/\-–]$|\b(?:and|or|of|for|to|the|in|by|with|on|at|an?|including)$", re.IGNORECASE)
_HEADER_DATE = re.compile(
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}", re.IGNORECASE
)
_RAG_WORD = re.compile(
    r"^(?:red|amber|green|blue|r|a|g|b|complete[d]?|(?:red|amber|green|r|a|g)\s*[/-]\s*(?:red|amber|green|r|a|g))$", re.IGNORECASE
)
_MIN_RAG_SHARE = 0.6  # share of a column's cells showing a RAG word or a fill for it to be the RAG column
_MIN_LONG_TEXT = 40  # median characters of a column holding recommendation text
_TITLE_DATE = re.compile(rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}", re.IGNORECASE)
_INSPECT = re.compile(r"\binspect", re.IGNORECASE)
_CID = re.compile(r"\(cid:\d+\)")  # a glyph pdfminer could not name: in a table, a bullet


@dataclass
class _Header:
    """A table header: text per column (header rows joined) and the field each names."""

    texts: list[str]
    fields: list[str | None]

    def col(self, name: str) -> int | None:
        return self.fields.index(name) if name in self.fields else None

    @property
    def text_cols(self) -> tuple[int | None, int]:
        """(recommendation column or None, the column holding actions)."""
        rec, act = self.col("recommendation"), self.col("action")
        if act is None:
            return None, rec if rec is not None else 0
        return rec, act

    @property
    def deadline(self) -> str | None:
        """A date printed in a header ("Where we aim to be by 31 March 2013"): every row's deadline."""
        for text in self.texts:
            match = _HEADER_DATE.search(text)
            if match:
                return match.group(0)
        return None


@dataclass
class _Row:
    """A data row with merges applied: one text per column."""

    texts: list[str]
    fills: list[str | None]
    inherited: list[bool]  # text copied from a vertically merged cell above
    distinct: list[int]  # columns that start a cell (the others continue a horizontal span)
    spans_all: bool  # one cell spans the whole row
    header: _Header
    grid: Grid
    index: int  # row index within its grid
    after_break: bool  # first data row of a grid that continues an earlier one

    def text(self, col: int | None) -> str:
        return self.texts[col] if col is not None and col < len(self.texts) else ""

    def own(self, col: int | None) -> str:
        """The cell's text unless it was copied from a merged cell above."""
        return "" if col is None or col >= len(self.inherited) or self.inherited[col] else self.text(col)

    def filled(self) -> list[int]:
        return [i for i in self.distinct if fold(self.texts[i])]

    def content(self) -> dict[int, str]:
        """Filled cells outside the ref and text columns; a RAG cell's fill counts as content."""
        rec, act = self.header.text_cols
        skip = {rec, act, self.header.col("ref")}
        rag = self.header.col("rag")
        out = {i: fold(self.texts[i]) or "" for i in self.distinct if i not in skip and fold(self.texts[i])}
        if rag is not None and rag not in out and rag in self.distinct and self.fills[rag]:
            out[rag] = "#" + str(self.fills[rag])
        return out

    def provenance(self) -> Provenance:
        return Provenance(page=self.grid.page, table=self.grid.index, row=self.index, engine=self.grid.engine or None)


@dataclass
class _State:
    """Running state while records are assembled in document order."""

    doc: RawDocument
    heading: str | None = None
    priority: str | None = None
    priority_outer: bool = False  # priority groups hold sections, not the other way round
    last_group: str | None = None
    rec_index: int | None = None
    rec_defaults: dict[str, str] = field(default_factory=dict)
    inferred_refs: dict[int, str] = field(default_factory=dict)


# ---------------------------------------------------------------- cell text


def paragraphs(text: str | None) -> list[str]:
    """A cell's paragraphs: a line opening with a bullet or item number starts one, others carry on.

    A line ending in a hyphen joins the next without a space ("re-" + "referrals").
    """
    out: list[str] = []
    for raw in (text or "").split("\n"):
        line = _CID.sub("•", raw).strip()
        if not line:
            continue
        if not out or _ITEM_START.match(line):
            out.append(line)
        elif out[-1].endswith("-") and not out[-1].endswith(" -"):
            out[-1] += line
        else:
            out[-1] += " " + line
    return [p for p in (fold(p) for p in out) if p]


def _flat(text: str | None) -> str:
    """A cell as one line of text."""
    return " ".join(paragraphs(text))


def _join(left: str, right: str) -> str:
    if not left.strip():
        return right
    if not right.strip():
        return left
    return left + "\n" + right


# ---------------------------------------------------------------- headers


def _row_cells(row: list[Cell], flat: bool = True) -> list[str]:
    """Text per column (as one line, or with its line breaks), a spanning cell's text in its first column only."""
    starts = _span_starts(row)
    return [(_flat(cell.text) if flat else cell.text or "") if i in starts else "" for i, cell in enumerate(row)]


def _span_starts(row: list[Cell]) -> list[int]:
    """Columns where a cell starts: a spanned column repeats the cell object or its bbox."""
    starts: list[int] = []
    for i, cell in enumerate(row):
        prev = row[i - 1] if i else None
        same = prev is not None and (prev is cell or (cell.bbox is not None and cell.bbox == prev.bbox))
        if not same:
            starts.append(i)
    return starts


def _names_fields(texts: list[str]) -> bool:
    """A header row: short cells, most naming a field, one of them the action or recommendation."""
    filled = [t for t in texts if t]
    if len(filled) < 2 or any(len(t) > _MAX_HEADER_CELL for t in filled):
        return False
    fields = {f for f in map_headers(texts) if f}
    return (
        header_score(filled) >= _MIN_HEADER_SCORE
        and len(fields) >= min(_MIN_HEADER_FIELDS, len(filled))
        and bool(fields & {"action", "recommendation"})
    )


def _joined(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    return [" ".join(r[i] for r in rows if i < len(r) and r[i]) for i in range(width)]


def _mapped(texts: list[str]) -> int:
    return len({f for f in map_headers(texts) if f})


def _find_header(grid: Grid) -> tuple[int, int] | None:
    """(first row, row count) of the header in a grid, or None.

    A second header row is taken when it is short and joining it makes more
    columns name a field ("Monitoring" over "Rating" and "Outcome").
    """
    texts = [_row_cells(row) for row in grid.rows]
    if grid.header_rows:
        return 0, grid.header_rows
    for start in range(min(_MAX_HEADER_SEARCH, len(texts))):
        single = _names_fields(texts[start])
        if start + 1 < len(texts) and all(len(t) <= _MAX_HEADER_CELL for t in texts[start + 1]):
            both = _joined(texts[start:start + 2])
            if _names_fields(both) and _mapped(both) > _mapped(texts[start]):
                return start, 2
        if single:
            return start, 1
    return None


def _make_header(grid: Grid, start: int, count: int) -> _Header:
    texts = _joined([_row_cells(row) for row in grid.rows[start:start + count]])
    return _Header(texts=texts, fields=map_headers(texts))


def _repeats(grid: Grid, header: _Header, count: int) -> bool:
    """True when a grid starts with a reprint of the known header (fuzzy: OCR mangles words)."""
    if len(grid.rows) < count:
        return False
    texts = _joined([_row_cells(row) for row in grid.rows[:count]])
    pairs = [(t.lower(), k.lower()) for t, k in zip(texts, header.texts) if t or k]
    if not pairs or any(bool(t) != bool(k) for t, k in pairs):
        return False
    return fuzz.ratio(" ".join(t for t, _ in pairs), " ".join(k for _, k in pairs)) >= _REPEAT_SCORE


# ---------------------------------------------------------------- rows


def _data_rows(grids: list[Grid], warnings: list[str]) -> list[_Row]:
    """Every data row under a known header, merges applied, in reading order."""
    out: list[_Row] = []
    header: _Header | None = None
    header_count = 1
    for grid in grids:
        found = _find_header(grid)
        if header is not None and _repeats(grid, header, header_count):
            start, continues = header_count, True
        elif found is not None:
            header = _make_header(grid, *found)
            header_count = found[1]
            start, continues = found[0] + found[1], False
        elif header is not None and grid.width == len(header.texts):
            start, continues = 0, True  # a continuation printed without its header
        else:
            if grid.rows:
                warnings.append(f"page {grid.page}: table {grid.index} has no recognisable header; skipped")
            continue
        out.extend(_grid_rows(grid, header, start, continues and bool(out)))
    return out


def _grid_rows(grid: Grid, header: _Header, start: int, continues: bool) -> list[_Row]:
    width = len(header.texts)
    rows: list[_Row] = []
    above: list[str] = [""] * width
    for index in range(start, len(grid.rows)):
        cells = (grid.rows[index] + [Cell("")] * width)[:width]
        texts = _row_cells(cells, flat=False)
        inherited = [False] * width
        for i, cell in enumerate(cells):
            if cell.merged_from_above and not texts[i]:
                texts[i], inherited[i] = above[i], True
        starts = _span_starts(cells)
        row = _Row(
            texts=texts,
            fills=[c.fill for c in cells],
            inherited=inherited,
            distinct=starts,
            spans_all=len(starts) == 1,
            header=header,
            grid=grid,
            index=index,
            after_break=continues and not rows,
        )
        above = texts
        if (row.filled() or row.content()) and not is_page_footer(texts):  # a footer inside the table's area
            rows.append(row)
    return rows


def _continues_previous(row: _Row, prev: _Row) -> bool:
    """A row the page break cut: its key cells empty and its text carrying on an unfinished cell."""
    rec, act = row.header.text_cols
    if fold(row.own(row.header.col("ref"))):
        return False
    rec_text = _flat(row.own(rec))
    if rec_text:
        return strip_bullet(rec_text)[:1].islower()
    text = _flat(row.text(act))
    prev_text = _flat(prev.text(act))
    if not text:
        return True  # only other cells (a lead's last line) spilled onto the new page
    if _LETTER_NUMBER.match(text) and row.content():
        return False  # "b) ..." with its own lead and date: the next item, not the rest of "a) ..."
    first = strip_bullet(text).lstrip()
    if first[:1].islower() or _OPEN_END.search(prev_text):
        return True
    return not row.content() and not _SENTENCE_END.search(prev_text) and not _ACTION_NUMBER.match(text)


def _stitch(rows: list[_Row]) -> list[_Row]:
    """Join rows cut by a page break to the row they continue."""
    out: list[_Row] = []
    for row in rows:
        prev = out[-1] if out else None
        if row.after_break and prev is not None and _continues_previous(row, prev):
            for i in range(min(len(prev.texts), len(row.texts))):
                if not row.inherited[i] and fold(row.texts[i]):
                    prev.texts[i] = _join(prev.texts[i], row.texts[i])
                if row.fills[i] and not prev.fills[i]:
                    prev.fills[i] = row.fills[i]
            continue
        out.append(row)
    return out


# ---------------------------------------------------------------- row kinds


def _sole_text(row: _Row) -> str | None:
    """The text of a row with one filled cell (or one cell spanning the row), else None."""
    filled = row.filled()
    if len(filled) == 1 and not row.content():
        return _flat(row.texts[filled[0]])
    return None




def _group_kind(row: _Row, nxt: _Row | None) -> str | None:
    """"priority", "section" or None for a row with one cell.

    With a separate recommendation column, a one-cell row outside it is a
    group row. In a one-text-column plan a one-cell row is a recommendation
    unless it is a timescale, in capitals, or a short title with no action
    row under it.
    """
    text = _sole_text(row)
    if text is None:
        return None
    if is_priority_heading(text):
        return "priority"
    rec, _ = row.header.text_cols
    col = row.filled()[0]
    if rec is not None:
        return None if col == rec and not row.spans_all else "section"
    if is_capitals(text):
        return "section"
    if is_section_title(text) and (nxt is None or _sole_text(nxt) is not None or _opens_recommendation(nxt)):
        return "section"
    return None


def _number(row: _Row) -> tuple[str | None, str]:
    """(action number, action text without it) from the text column or the ref column."""
    _, act = row.header.text_cols
    text = _CID.sub("•", row.text(act)).strip()
    for pattern in (_ACTION_NUMBER, _LETTER_NUMBER):
        match = pattern.match(text)
        if match:
            number = next(g for g in match.groups() if g)
            return number, text[match.end():]
    ref = fold(row.text(row.header.col("ref"))) or ""
    match = _ACTION_NUMBER.match(ref + " ")
    return (match.group(1) if match else None), text


def _opens_recommendation(row: _Row) -> bool:
    """In a one-text-column plan: a row stating a recommendation, not an action."""
    rec, _ = row.header.text_cols
    if rec is not None:
        return bool(fold(row.own(rec)))
    if _number(row)[0] is not None:
        return False
    ref = fold(row.text(row.header.col("ref")))
    content = row.content()
    return not content or (bool(ref and _REF_CELL.match(ref)) and len(content) <= _MAX_RECOMMENDATION_CELLS)


# ---------------------------------------------------------------- records


def _enter_group(state: _State, kind: str, text: str) -> None:
    """Open a section or priority group, keeping whichever of the two encloses the other."""
    if kind == "section":
        state.priority_outer = state.priority_outer or state.last_group == "priority"
        state.heading = text
        if not state.priority_outer:
            state.priority = None
    else:
        state.priority = text.rstrip(":. ")
        if state.priority_outer:
            state.heading = None
    state.last_group = kind


def _split_priority(text: str) -> tuple[str | None, str]:
    """("Immediately", "Ensure ...") for "Immediately: Ensure ..."; (None, text) otherwise."""
    match = _PRIORITY_PREFIX.match(text)
    if match and is_priority_heading(match.group(1)):
        return match.group(1).strip(), text[match.end():]
    return None, text


def _values(row: _Row) -> tuple[dict[str, str], dict[str, str]]:
    """(RawAction field -> text, extra header -> text) from the row's other cells."""
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    for i, text in row.content().items():
        name = row.header.fields[i]
        if name in _RECORD_FIELDS:
            values[name] = text
        else:
            extra[row.header.texts[i] or f"column {i + 1}"] = text
    return values, extra


def _add_recommendation(state: _State, row: _Row, raw: str, ref: str | None, shared: bool) -> None:
    text = raw
    match = _REC_NUMBER.match(text) if ref is None else None
    if match and len(text) > match.end():
        ref, text = match.group(1), text[match.end():]
    priority, text = _split_priority(text)
    if priority:
        state.priority = priority
    text = fold(strip_bullet(text)) or ""
    state.doc.recommendations.append(
        RawRecommendation(
            text=text, ref=ref, priority_raw=state.priority, heading=state.heading, provenance=row.provenance()
        )
    )
    state.rec_index = len(state.doc.recommendations) - 1
    values = _values(row)[0] if shared else {}
    state.rec_defaults = {k: v for k, v in values.items() if k in _INHERITED_FIELDS}
    state.last_group = None


def _items(text: str, numbered: bool) -> list[str]:
    """One action text per list item of an unnumbered cell; a numbered action (or a lead-in
    ending in a colon) keeps its sub-bullets."""
    paras = [strip_bullet(p).strip() for p in paragraphs(text)]
    paras = [p for p in paras if p]
    if numbered or len(paras) < 2 or paras[0].endswith(":"):
        return [" ".join(paras)] if paras else []
    items: list[str] = []
    for para in paras:
        if items and para[:1].islower():
            items[-1] += " " + para
        else:
            items.append(para)
    return items


def _refs_from_action_numbers(doc: RawDocument, inferred: dict[int, str]) -> None:
    """Refs from the numbers of the recommendations' actions ("3.1" -> 3): where none is printed,
    and where the printed one repeats another recommendation's while the actions' number is
    nobody's (a scan's bold "3" read as "2")."""
    printed = Counter(rec.ref for rec in doc.recommendations if rec.ref)
    taken = set(printed)
    for index, ref in inferred.items():
        rec = doc.recommendations[index]
        if rec.ref is None:
            rec.ref = ref
        elif rec.ref != ref and printed[rec.ref] > 1 and ref not in taken:
            doc.warnings.append(f"recommendation ref {rec.ref!r} printed twice; {ref!r} taken from its action numbers")
            printed[rec.ref] -= 1
            rec.ref = ref
            taken.add(ref)


def _add_actions(state: _State, row: _Row, text: str, number: str | None) -> None:
    if number and state.rec_index is not None:
        state.inferred_refs.setdefault(state.rec_index, number.split(".")[0])
    items = _items(text, numbered=number is not None)
    if not items:
        return
    values, extra = _values(row)
    for key, value in state.rec_defaults.items():
        values.setdefault(key, value)
    if "deadline" not in values and row.header.deadline:
        values["deadline"] = row.header.deadline
    for item in items:
        state.doc.actions.append(
            RawAction(
                action=item,
                recommendation_index=state.rec_index,
                ref=number,
                extra=dict(extra),
                provenance=row.provenance(),
                **values,
            )
        )


def _read_row(state: _State, row: _Row) -> None:
    rec_col, act_col = row.header.text_cols
    ref_cell = fold(row.own(row.header.col("ref")))
    printed = _REF_CELL.match(ref_cell or "")
    number, rest = _number(row)
    if rec_col is not None:
        rec_text = _flat(row.own(rec_col))
        if rec_text:
            _add_recommendation(state, row, rec_text, printed.group(1) if printed else None,
                                shared=not fold(rest))
        if fold(rest):
            _add_actions(state, row, row.text(act_col) if number is None else rest, number)
        return
    if number is None and _opens_recommendation(row):
        _add_recommendation(state, row, _flat(row.text(act_col)), printed.group(1) if printed else None, shared=True)
        return
    _add_actions(state, row, row.text(act_col) if number is None else rest, number)


def describe(doc: RawDocument, lines: list[str]) -> None:
    """Title, council, version and dates from the lines above the table.

    Where no line says "updated"/"dated", the first date of the title block
    that is not the inspection's ("Report to the Improvement Board, 8th July
    2017") is the document's own date.
    """
    lines = [line for line in lines if line.strip()]
    describe_text_preamble(doc, lines)
    if doc.document_date_raw is None:
        for line in lines:
            match = _TITLE_DATE.search(line)
            if match and not _INSPECT.search(line):
                doc.document_date_raw = match.group(0)
                break


def preamble_rows(grids: list[Grid]) -> list[str]:
    """Text of the rows above the first header (a scan's title block read into its first grid)."""
    for grid in grids:
        found = _find_header(grid)
        if found is not None:
            return [" ".join(t for t in _row_cells(row) if t) for row in grid.rows[:found[0]]]
    return []


def _column_values(rows: list[_Row], col: int) -> list[tuple[str, str | None]]:
    return [(_flat(r.text(col)), r.fills[col] if col < len(r.fills) else None) for r in rows if not r.inherited[col]]


def _refine_fields(header: _Header, rows: list[_Row]) -> None:
    """Name columns by their content where the header wording did not.

    Without a RAG column, a column whose cells are mostly RAG words or fills
    ("Progress" printing "A", "G" or shading) is it. Without a recommendation
    column, an unnamed column left of the action column holding long text
    ("Rec.") is it.
    """
    data = [r for r in rows if r.header is header and len(r.filled()) > 1]
    if not data:
        return
    rec, act = header.text_cols
    if "rag" not in header.fields:
        for col, name in enumerate(header.fields):
            values = [(t, f) for t, f in _column_values(data, col) if t or f]
            if name in (None, "progress") and values and col != act and sum(
                bool(f) or bool(_RAG_WORD.match(t)) for t, f in values
            ) >= _MIN_RAG_SHARE * len(data):
                header.fields[col] = "rag"
                break
    if rec is None and header.col("action") is not None:
        for col in range(act):
            texts = [t for t, _ in _column_values(data, col) if t]
            if header.fields[col] in (None, "ref") and texts and statistics.median(map(len, texts)) >= _MIN_LONG_TEXT:
                header.fields[col] = "recommendation"
                break


def records_from_grids(grids: list[Grid], doc: RawDocument) -> None:
    """Fill ``doc.recommendations``, ``doc.actions`` and ``doc.warnings`` from table grids."""
    rows = _stitch(_data_rows(grids, doc.warnings))
    for header in {id(r.header): r.header for r in rows}.values():
        _refine_fields(header, rows)
    state = _State(doc=doc)
    for k, row in enumerate(rows):
        kind = _group_kind(row, rows[k + 1] if k + 1 < len(rows) else None)
        if kind:
            _enter_group(state, kind, _sole_text(row) or "")
        else:
            _read_row(state, row)
    _refs_from_action_numbers(doc, state.inferred_refs)
    for grid in grids:
        doc.warnings.extend(grid.warnings)
