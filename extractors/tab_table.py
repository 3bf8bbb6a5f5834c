"""Tab-separated table exports of action plans (Word or PDF tables saved as text).

One table row per line, cells separated by tabs. The header row is repeated at
every page break (OCR sometimes mangles it: "lo.", "o. Re", "Key act ions") and
may wrap over several lines. Between headers come:

* section rows (an all-capitals theme in the text column, sometimes spilling
  into the next cell, or a short title with no actions of its own: "Theme 1:
  Help and protection") and priority rows ("Immediately", "Within three
  months"), either kind possibly enclosing the other;
* recommendation rows: the text column filled and the other cells empty (or
  nearly so when numbered actions follow), possibly prefixed with a timescale
  ("Immediately: Ensure ...");
* action rows, numbered ("3.1 Improve ...") or not;
* continuation rows: right after a repeated header, a row whose text cell is
  empty or starts in lower case finishes the row the page break cut; elsewhere a
  row with no action text and no lead adds to the action above;
* OCR junk: stray fragments, runs of punctuation, broken copies of the header.

A plan either has a separate recommendation column (each row an area for
development with its actions) or one text column in which recommendation rows
and action rows alternate; both are read here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractors.base import ExtractionError, Extractor, SourceFile
from extractors.cells import (
    DANGLING_END,
    DATE,
    DATE_AFTER_INSPECTION,
    VERSION,
    fold,
    inspection_date,
    is_capitals,
    is_page_footer,
    is_priority_heading,
    is_section_title,
    priority_of,
    strip_bullet,
    strip_markup,
)
from extractors.columns import HEADER_RULES
from models.records import Provenance, RawAction, RawDocument, RawRecommendation

NAME = "tab_table"

_MAX_HEADER_CELL = 100  # header cells are short; data cells that mention "action" are not
_MAX_HEADER_CONTINUATION = 60
_MIN_HEADER_SCORE = 0.5
_MIN_HEADER_FIELDS = 3  # distinct fields a header names: the text column and at least two others
_HEADER_FRAGMENT_SCORE = 80  # rapidfuzz ratio of a cell against the start of its header
_REPEAT_CELL_SCORE = 80  # rapidfuzz ratio every cell of an OCR-mangled repeat must reach against the known header
_MIN_FRAGMENT_LEN = 8
_HTML_TOLERANCE = 0.15  # share of rows with HTML tags a plain table export may show; more means markdown/HTML
_RECORD_FIELDS = ("lead", "deadline", "rag", "progress", "outcome", "measure", "cost")
_MAX_RECOMMENDATION_CELLS = 2  # other cells a recommendation row may fill when numbered actions follow
_INHERITED_FIELDS = ("lead", "deadline", "rag", "cost")  # a recommendation row's cells its actions share
_MAX_TITLE_WORDS = 10  # a title-case section row ("Theme 2: Children looked after") is short
_SHORT_FIELDS = frozenset({"ref", "lead", "deadline", "rag"})  # columns whose values are never a sentence

# Wordings extractors/columns.py does not know yet, tried after its rules: "BRAG" (blue for
# complete), "By whom", a bare "Due".
_EXTRA_HEADER_RULES = [(r"\bb?rag\b", "rag"), (r"\bwhom\b", "lead"), (r"\bdue\b", "deadline")]
_HEADER_RULES = [(re.compile(pattern, re.IGNORECASE), name) for pattern, name in HEADER_RULES + _EXTRA_HEADER_RULES]
_HEADER_GLOSS = re.compile(r"\([^)]*\)?")
_JUNK_CELL = re.compile(r"^[\W_]*\w?[\W_]*$")  # at most one letter or digit: ", , ,", "·", "J"
_ACTION_NUMBER = re.compile(r"^(\d{1,2}\.\d{1,2})(?!\d|\.\d)[.)]?\s*")  # "3.1", not the "13.02" of a date
_LABELLED_RECOMMENDATION = re.compile(  # "Ofsted recommendation 3 - Ensure ...", "Area for improvement 2: The ..."
    r"^(?:ofsted\s+)?(?:recommendation|area\s+for\s+(?:improvement|development))\s+([a-z]?\d{1,2}[a-z]?)"
    r"\s*[-–:.)]\s*(\S.*)$",
    re.I,
)
_MIN_SPANNING_LETTERS = 8  # a capitals line without tabs needs this many letters to be a section row, not junk
_REC_NUMBER = re.compile(r"^(\d{1,2})(?![\d.]\d)[.):]?(?:\s+|$)")
_REF_CELL = re.compile(r"^([A-Za-z]{0,3}\d{1,2}(?:/\d{1,2})?[a-z]?)(?:[.):]|\s|$)")  # "4", "R1", "13/14", "4 I"
_PRIORITY_PREFIX = re.compile(r"^\s*([^:]{3,40}?)\s*:\s*(?=\S)")
_INCOMPLETE_HEADER = re.compile(r"(?:[&/,(\-–]|\b(?:and|or|of|for|to|the|in|by|with|on|at|an?))$", re.I)
# Where an action cell's list items meet: a line break (from <li>/<p>), a run of
# spaces left by a lost bullet, or a bullet mark after a space.
_ITEM_BREAK = re.compile(r"\s*\n\s*|[ \t\u00a0]{2,}|(?<=\s)(?=[•*·▪◦●‣∙]|-\S)")
_HTML_TAG = re.compile(r"<\s*/?\s*(?:ul|ol|li|p|br|i|b|em|strong|span|div)\b[^>]*>", re.I)
_HEADING_MARKS = re.compile(r"^\s*#+\s*")
_SENTENCE_END = re.compile(r"[.;,]$")
_SENTENCE_CLOSED = re.compile(r"[.!?][)\"'”’]?$")  # a full stop, maybe inside a bracket or quote
_TITLE_WORDS = re.compile(r"\b(plan|report|progress)\b", re.I)
_DATE_RE = re.compile(DATE, re.I)
_DOC_DATE = re.compile(
    rf"\b(?:(?:last\s+)?(?:updated|revised|reviewed)|(?:\w+\s+)?dated?|as at)\s*:?\s*{DATE}", re.I
)
_COUNCIL = re.compile(
    r"\b(?:London|Royal) Borough of [A-Z][\w'-]+(?: [A-Z][\w'-]+)*"
    r"|\b(?:[A-Z][\w'-]+ )+(?:City |County |Borough |Metropolitan Borough |District )?Council\b"
)
# Consonant pairs English words start with (see _is_cut_word).
_WORD_ONSETS = frozenset(
    "bl br ch cl cr dr dw fl fr gh gl gn gr kl kn kr ph pl pn pr ps qu rh sc sh sk sl sm sn sp sq st sw"
    " th tr ts tw wh wr".split()
)
_VOWELS = frozenset("aeiouy")


@dataclass
class _Row:
    """One tab-separated data line: cells markup-stripped but not folded, so list breaks survive."""

    line: int
    cells: list[str]
    index: int  # 0-based row within its block
    first_after_repeat: bool  # the first row under a repeated (page-break) header
    raw: str  # the line as printed, markup included


@dataclass
class _Block:
    """The rows under one printing of the header (one page of the table)."""

    header: list[str]
    rows: list[_Row] = field(default_factory=list)
    fields: list[str | None] = field(default_factory=list)


@dataclass
class _Logical:
    """A table row as printed, with any continuation rows joined in."""

    kind: str  # "row", "section" or "priority"
    first: _Row
    block_index: int
    block: _Block
    cells: list[str]
    text: str = ""  # section or priority text


@dataclass
class _Reader:
    """Running state while recommendations and actions are assembled in document order."""

    doc: RawDocument
    pages: bool
    heading: str | None = None
    priority: str | None = None
    priority_outer: bool = False  # priority groups hold sections, not the other way round
    rec_index: int | None = None
    rec_defaults: dict[str, str] = field(default_factory=dict)
    inferred_refs: dict[int, str] = field(default_factory=dict)


# ---------------------------------------------------------------- cells


def _text(cell: str | None) -> str | None:
    """Folded cell text, or None for blank and junk cells."""
    text = fold(cell)
    if text is None or _JUNK_CELL.match(text):
        return None
    return text


def _cells(line: str) -> list[str]:
    return [strip_markup(cell) for cell in line.split("\t")]


def _starts_lower(text: str | None) -> bool:
    """True when a cell's first letter is lower case (the rest of a sentence cut by a page break)."""
    text = strip_bullet(text or "").lstrip()
    return bool(text) and text[0].islower()


def _is_cut_word(head: str, tail: str) -> bool:
    """True when ``tail`` starts with the rest of a word OCR cut off ``head`` ("CHI" + "LDREN").

    The rest of a cut word may begin with two consonants no English word starts
    with; acronyms ("CSL", "SSCB") have no vowel and are left alone.
    """
    last = re.search(r"[A-Za-z]+$", head)
    first = re.match(r"[A-Za-z]+", tail)
    if not last or not first or len(first.group()) < 3:
        return False
    word = first.group()
    onset = word[:2].lower()
    same_case = word.islower() or (word.isupper() and last.group().isupper())
    return (
        same_case
        and not _VOWELS & set(onset)
        and onset not in _WORD_ONSETS
        and bool(_VOWELS & set(word.lower()))
    )


def _join(left: str | None, right: str | None) -> str:
    """Join two pieces of one cell with a space, or with none inside a word OCR cut in two."""
    if not left or not left.strip():
        return right or ""
    if not right or not right.strip():
        return left
    head, tail = left.rstrip(), right.lstrip()
    return head + ("" if _is_cut_word(head, tail) else " ") + tail


# ---------------------------------------------------------------- headers and blocks


def _candidates(header: str | None) -> list[tuple[int, str]]:
    """(rank, field) for each field a header could name, most specific rule (lowest rank) first.

    As in extractors/columns.py, a parenthesised gloss is read only when the
    header without it names nothing.
    """
    if not header:
        return []
    text = " ".join(header.split())
    for variant in (_HEADER_GLOSS.sub(" ", text), text):
        found: dict[str, int] = {}
        for rank, (pattern, name) in enumerate(_HEADER_RULES):
            if pattern.search(variant):
                found.setdefault(name, rank)
        if found:
            return sorted((rank, name) for name, rank in found.items())
    return []


def _field_for(header: str | None) -> str | None:
    """The field a header names on its own (its most specific rule), or None."""
    found = _candidates(header)
    return found[0][1] if found else None


def _map_fields(headers: list[str]) -> list[str | None]:
    """Field per column, whatever order the columns come in.

    Each column takes the field its header names first. Where two name the
    same field ("Progress to date" and "Due" both name a deadline), the header
    naming nothing else wins, then the more specific wording, and only then the
    earlier column; the other column takes the next field its header names.
    """
    claims = sorted(
        (position, len(found), rank, col, name)
        for col, found in enumerate(_candidates(h) for h in headers)
        for position, (rank, name) in enumerate(found)
    )
    out: list[str | None] = [None] * len(headers)
    for *_, col, name in claims:
        if out[col] is None and name not in out:
            out[col] = name
    return out


def _is_header(cells: list[str]) -> bool:
    """A header row: short cells, most naming a field, one of them the action or recommendation."""
    filled = [text for text in (fold(c) for c in cells) if text]
    if len(filled) < 3 or any(len(c) > _MAX_HEADER_CELL for c in filled):
        return False
    named = [_field_for(c) for c in filled]
    fields = set(named) - {None}
    return (
        sum(name is not None for name in named) / len(filled) >= _MIN_HEADER_SCORE
        and len(fields) >= _MIN_HEADER_FIELDS
        and bool(fields & {"action", "recommendation"})
    )


def _header_is_incomplete(text: str) -> bool:
    return text.count("(") > text.count(")") or bool(_INCOMPLETE_HEADER.search(text))


def _mapped(header: list[str]) -> int:
    return len({f for f in _map_fields(header) if f})


def _continues_header(header: list[str], cells: list[str], open_cols: set[int]) -> set[int] | None:
    """The filled columns if this line carries on a wrapped header, else None.

    A wrapped header's columns end one by one, so a continuation line only fills
    columns still open; it is short, and it either makes more columns name a
    field or carries on a header cell left unfinished ("... BP KITs &").
    """
    filled = {i for i, c in enumerate(cells) if fold(c)}
    if not filled or not filled <= open_cols:
        return None
    texts = [fold(cells[i]) or "" for i in filled]
    if any(len(t) > _MAX_HEADER_CONTINUATION or is_priority_heading(t) for t in texts):
        return None
    joined = [_join(h, fold(cells[i]) if i < len(cells) else None) for i, h in enumerate(header)]
    if _mapped(joined) > _mapped(header) or any(_header_is_incomplete(header[i]) for i in filled):
        return filled
    return None


def _repeats_header(cells: list[str], known: list[str]) -> bool:
    """True for a page-break reprint of a header already read, however OCR mangled its words.

    "Key act ions" or "Recommendatlon" name no field, so :func:`_is_header`
    misses such a reprint; it still fills the very columns the known header
    fills, each cell close to the start of the known cell (a wrapped reprint
    shows only the first line of each).
    """
    texts = [fold(c) or "" for c in cells]
    width = max(len(texts), len(known))
    texts, padded = texts + [""] * (width - len(texts)), known + [""] * (width - len(known))
    if [bool(t) for t in texts] != [bool(k) for k in padded]:
        return False
    pairs = [(t.lower(), k.lower()) for t, k in zip(texts, padded) if k]
    return len(pairs) >= _MIN_HEADER_FIELDS and all(
        fuzz.ratio(t, k[: max(len(t), len(k.split()[0]))]) >= _REPEAT_CELL_SCORE for t, k in pairs
    )


def _starts_block(cells: list[str], blocks: list[_Block]) -> bool:
    """A header row: one naming its fields, or a reprint of a header already seen."""
    return _is_header(cells) or any(_repeats_header(cells, b.header) for b in blocks)


def _read_header(lines: list[str], start: int) -> tuple[list[str], int]:
    """The header starting at ``lines[start]`` with its wrapped lines joined; and the next line index."""
    header = [fold(c) or "" for c in _cells(lines[start])]
    open_cols = {i for i, h in enumerate(header) if h}
    end = start + 1
    while end < len(lines) and "\t" in lines[end]:
        cells = _cells(lines[end])
        filled = _continues_header(header, cells, open_cols)
        if filled is None:
            break
        header = [fold(_join(h, fold(cells[i]) if i < len(cells) else None)) or "" for i, h in enumerate(header)]
        open_cols = filled
        end += 1
    return header, end


def _spans_table(line: str) -> bool:
    """A line without tabs inside the table that is still one of its rows: a recommendation
    labelled with its number ("Ofsted recommendation 3 - Ensure ...") or a section title in
    capitals, printed across the table as one cell. Other tab-less lines are furniture or junk."""
    text = fold(line) or ""
    return bool(_LABELLED_RECOMMENDATION.match(text)) or is_capitals(text, min_letters=_MIN_SPANNING_LETTERS)


def _scan(text: str) -> tuple[list[str], list[_Block]]:
    """Preamble lines (before the first header) and the header-delimited blocks of the table."""
    lines = text.split("\n")
    preamble: list[str] = []
    blocks: list[_Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line and _starts_block(_cells(line), blocks):
            header, end = _read_header(lines, i)
            blocks.append(_Block(header=header))
            i = end
            continue
        if not blocks:
            preamble.append(line)
        elif ("\t" in line and not is_page_footer(_cells(line))) or _spans_table(line):
            block = blocks[-1]
            first_after_repeat = len(blocks) > 1 and not block.rows
            block.rows.append(_Row(i + 1, _cells(line), len(block.rows), first_after_repeat, line))
        i += 1
    return preamble, blocks


def _assign_fields(blocks: list[_Block]) -> None:
    """Map each block's header; a column whose printing is blank or mangled takes the wording other printings use."""
    best: dict[tuple[int, int], str] = {}
    for width in {len(b.header) for b in blocks}:
        same = [b for b in blocks if len(b.header) == width]
        for col in range(width):
            named = Counter(b.header[col] for b in same if _field_for(b.header[col]))
            if named:
                best[width, col] = named.most_common(1)[0][0]
    for block in blocks:
        width = len(block.header)
        block.header = [
            h if _field_for(h) else best.get((width, col), h)
            for col, h in enumerate(block.header)
        ]
        block.fields = _map_fields(block.header)


def _col(block: _Block, name: str) -> int | None:
    return block.fields.index(name) if name in block.fields else None


def _cell(cells: list[str], col: int | None) -> str:
    return cells[col] if col is not None and col < len(cells) else ""


def _main_cols(block: _Block) -> tuple[int | None, int]:
    """(recommendation column or None, text column holding actions): one merged column when no separate one."""
    rec, act = _col(block, "recommendation"), _col(block, "action")
    if act is None:
        rec, act = None, rec
    assert act is not None, "_is_header admits only headers naming an action or recommendation column"
    return rec, act


def _spanned_col(block: _Block, cells: list[str]) -> int | None:
    """The column holding a row printed as one merged cell, when that is not a text column.

    A row spanning the table (a section title, a recommendation above its
    actions) comes out with its text in the span's first cell and every other
    cell blank: the first column ("PART A - ..." under "Ref"), or the column
    after a printed ref ("R1", then the text under "Lead officer" when the lead
    column comes before the action column). A lone cell is a wrapped piece of
    its own column unless it cannot be: a ref column holding no ref, a cell
    beside a printed ref, a sentence in a column of short values.
    """
    text_cols = set(_main_cols(block))
    ref = _col(block, "ref")
    printed = fold(_cell(cells, ref)) or ""
    others = [i for i, c in enumerate(cells) if i != ref and _text(c)]
    if len(others) > 1 or (others and others[0] in text_cols):
        return None
    if not others:
        return ref if _text(printed) and not _REF_CELL.match(printed) else None
    col, text = others[0], fold(cells[others[0]]) or ""
    if printed:
        return col if ref is not None and col == ref + 1 and _REF_CELL.match(printed) else None
    short_field = col < len(block.fields) and block.fields[col] in _SHORT_FIELDS
    return col if col == 0 and short_field and len(text.split()) > _MAX_TITLE_WORDS else None


def _unspan(blocks: list[_Block]) -> None:
    """Move the text of rows printed as one merged cell into the text column (see :func:`_spanned_col`),
    and the number of a recommendation labelled with it ("Ofsted recommendation 3 - Ensure ...") into
    the ref column."""
    for block in blocks:
        rec, act = _main_cols(block)
        target = act if rec is None else rec
        ref = _col(block, "ref")
        for row in block.rows:
            col = _spanned_col(block, row.cells)
            if col is not None:
                row.cells = row.cells + [""] * (target + 1 - len(row.cells))
                row.cells[target], row.cells[col] = row.cells[col], ""
            label = _LABELLED_RECOMMENDATION.match(fold(_cell(row.cells, target)) or "")
            if label and ref is not None and not _text(_cell(row.cells, ref)):
                row.cells = row.cells + [""] * (max(ref, target) + 1 - len(row.cells))
                row.cells[ref], row.cells[target] = label.group(1), label.group(2)


# ---------------------------------------------------------------- logical rows


def _content_cols(block: _Block, cells: list[str]) -> dict[int, str]:
    """Filled non-junk cells outside the reference and text columns (a RAG letter is not junk)."""
    rec, act = _main_cols(block)
    skip = {rec, act, _col(block, "ref")}
    rag = _col(block, "rag")
    out: dict[int, str] = {}
    for i, raw in enumerate(cells):
        if i in skip:
            continue
        text = fold(raw) if i == rag else _text(raw)
        if text:
            out[i] = text
    return out


def _is_header_fragment(block: _Block, cells: list[str]) -> bool:
    """A broken copy of the header printed at a page foot ("Where we sim to be by 21 March")."""
    for i, raw in enumerate(cells):
        text = fold(raw)
        header = block.header[i] if i < len(block.header) else ""
        if text and header and len(text) >= _MIN_FRAGMENT_LEN:
            if fuzz.ratio(text.lower(), header[: len(text)].lower()) >= _HEADER_FRAGMENT_SCORE:
                return True
    return False


def _heading_text(block: _Block, cells: list[str]) -> str | None:
    """The text of a row that is all capitals (a section heading), else None."""
    ref = _col(block, "ref")
    pieces = [fold(c) for i, c in enumerate(cells) if i != ref and _text(c)]
    text = ""
    for piece in pieces:
        text = _join(text, piece)
    return text if is_capitals(text) and not is_priority_heading(text) else None


def _priority_text(block: _Block, cells: list[str]) -> str | None:
    ref = _col(block, "ref")
    filled = [fold(c) for i, c in enumerate(cells) if i != ref and _text(c)]
    if len(filled) == 1 and is_priority_heading(filled[0]):
        return filled[0].rstrip(":. ")
    return None


def _merge(target: _Logical, row: _Row, cols: set[int] | None = None) -> None:
    """Append a continuation row's cells to the row it continues."""
    width = max(len(target.cells), len(row.cells))
    target.cells += [""] * (width - len(target.cells))
    for i, raw in enumerate(row.cells):
        if (cols is None or i in cols) and _text(raw):
            target.cells[i] = _join(target.cells[i], raw)


def _continues_page(block: _Block, last: _Logical, row: _Row, texts: list[str]) -> bool:
    """The first row under a repeated header finishes the row the page break cut
    when its text cell is empty or starts in lower case, or when it has no number,
    date or RAG of its own and goes on with an action the page left mid-sentence
    ("... to the Corporate" / "Parenting Board.")."""
    if not row.first_after_repeat:
        return False
    if not texts or _starts_lower(texts[0]):
        return True
    rec, act = _main_cols(block)
    own = [_col(block, name) for name in ("ref", "deadline", "rag")]
    return (
        rec is not None  # in a merged text column, text alone under the header is a recommendation row
        and bool(_text(_cell(row.cells, act)))
        and _is_open(_cell(last.cells, act))
        and not any(_text(_cell(row.cells, col)) for col in own if col is not None)
        and not _ACTION_NUMBER.match(fold(_cell(row.cells, act)) or "")
    )


def _is_open(cell: str) -> bool:
    """True when a text cell stops mid-sentence: a list item ending "including:" or "reviews;" goes on too."""
    text = fold(cell)
    return bool(text) and not _SENTENCE_CLOSED.search(text)


def _filled(cells: list[str]) -> set[int]:
    return {i for i, c in enumerate(cells) if _text(c)}


def _dangles(cell: str) -> bool:
    return bool(DANGLING_END.search(fold(cell) or ""))


def _continues_sentence(block: _Block, last: _Logical, row: _Row) -> bool:
    """A row of the same page wrapping the row above onto a second export line
    ("... apply to discharge" / "orders where appropriate.").

    Its text cells carry on the sentences the row above left open (one of
    them at least resuming in lower case: the other may go on with a name,
    "... Barnet and Chase Farm" / "Hospitals NHS Trust ..."), and only
    cells the row above fills can have overflowed, so it fills no other column
    (OCR fragments under a recommendation do) and does not repeat the row's
    number. In a merged text column a row of text alone is how a recommendation
    is printed, so there another cell (a lead wrapped the same way) must have
    wrapped too, or the text above must stop where no sentence can ("... until").
    All its cells are joined.
    """
    rec, act = _main_cols(block)
    cols = [c for c in (rec, act) if c is not None and _text(_cell(row.cells, c))]
    filled = _filled(row.cells)
    return (
        last.block is block
        and bool(cols)
        and not fold(_cell(row.cells, _col(block, "ref")))
        and filled <= _filled(last.cells)
        and (rec is not None or bool(filled - set(cols)) or _dangles(_cell(last.cells, act)))
        and all(_is_open(_cell(last.cells, c)) for c in cols)
        and any(_starts_lower(_cell(row.cells, c)) for c in cols)
    )


def _logical_rows(blocks: list[_Block], warnings: list[str]) -> list[_Logical]:
    """Rows as printed: continuation rows joined, junk and header fragments dropped."""
    out: list[_Logical] = []
    for b_index, block in enumerate(blocks):
        rec_col, act_col = _main_cols(block)
        lead_col = _col(block, "lead")
        for row in block.rows:
            texts = [c for c in (_text(_cell(row.cells, rec_col)), _text(_cell(row.cells, act_col))) if c]
            content = _content_cols(block, row.cells)
            last = out[-1] if out and out[-1].kind == "row" else None
            if not texts and not content:
                continue
            if not texts and _is_header_fragment(block, row.cells):
                warnings.append(f"line {row.line}: broken copy of the table header skipped")
                continue
            if last and (_continues_page(block, last, row, texts) or _continues_sentence(block, last, row)):
                _merge(last, row)
                continue
            heading = _heading_text(block, row.cells)
            priority = _priority_text(block, row.cells)
            if heading or priority:
                kind = "section" if heading else "priority"
                out.append(_Logical(kind, row, b_index, block, row.cells, heading or priority or ""))
                continue
            if not texts:
                if last and lead_col not in content and _text(_cell(last.cells, act_col)):
                    _merge(last, row, set(content))
                else:
                    warnings.append(f"line {row.line}: row with no action text skipped")
                continue
            out.append(_Logical("row", row, b_index, block, list(row.cells)))
    _mark_title_headings(out)
    return out


def _sole_text(lg: _Logical) -> str | None:
    """The text of a row filling only its recommendation column (the text column of a merged plan)."""
    rec, act = _main_cols(lg.block)
    if _content_cols(lg.block, lg.cells) or _text(_cell(lg.cells, _col(lg.block, "ref"))):
        return None
    if rec is not None and _text(_cell(lg.cells, act)):
        return None
    return _text(_cell(lg.cells, act if rec is None else rec))




def _opens_recommendation(lg: _Logical, later: list[_Logical]) -> bool:
    """True when a row starts a recommendation (rather than being an action of one)."""
    rec = _main_cols(lg.block)[0]
    if rec is not None:
        return bool(_text(_cell(lg.cells, rec)))
    following = next((r for r in later if r.kind == "row"), None)
    return _is_merged_recommendation(lg, following)


def _mark_title_headings(rows: list[_Logical]) -> None:
    """Turn title-like one-cell rows into sections when no actions follow them.

    Not every plan prints its sections in capitals ("Theme 1: Help and
    protection"). A one-cell row is a recommendation when action rows follow
    it; a short title followed by another one-cell row, a section or priority
    row, or a recommendation row has no actions, so it names the group below.
    """
    for k, lg in enumerate(rows[:-1]):
        text = _sole_text(lg) if lg.kind == "row" else None
        if not text or not is_section_title(text):
            continue
        nxt = rows[k + 1]
        if nxt.kind != "row" or _sole_text(nxt) or _opens_recommendation(nxt, rows[k + 2:]):
            lg.kind, lg.text = "section", text


# ---------------------------------------------------------------- records


def _split_items(raw: str) -> list[str]:
    """An unnumbered action cell's list items; an item starting in lower case stays with the one before."""
    items: list[str] = []
    start = 0
    for brk in _ITEM_BREAK.finditer(raw):
        following = strip_bullet(raw[brk.end():]).lstrip()
        current = strip_bullet(fold(raw[start:brk.start()]) or "")
        if following[:1].isupper() or following[:1].isdigit():
            if current:
                items.append(current)
            start = brk.end()
    last = strip_bullet(fold(raw[start:]) or "")
    if last:
        items.append(last)
    return items


def _numbered(text: str | None) -> tuple[str | None, str]:
    """(action number, rest) for "3.1 Improve ..."; (None, text) otherwise."""
    text = text or ""
    match = _ACTION_NUMBER.match(text)
    if match:
        return match.group(1), text[match.end():]
    return None, text


def _provenance(lg: _Logical, pages: bool) -> Provenance:
    return Provenance(
        page=lg.block_index + 1 if pages else None, table=lg.block_index, row=lg.first.index, line=lg.first.line
    )


def _field_values(lg: _Logical) -> tuple[dict[str, str], dict[str, str]]:
    """(RawAction field -> text, extra header -> text) from the row's other cells."""
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    for i, text in _content_cols(lg.block, lg.cells).items():
        name = lg.block.fields[i] if i < len(lg.block.fields) else None
        if name in _RECORD_FIELDS:
            values[name] = text
        else:
            header = lg.block.header[i] if i < len(lg.block.header) and lg.block.header[i] else f"column {i + 1}"
            extra[header] = text
    return values, extra


def _header_deadline(block: _Block) -> str | None:
    """A date printed in a header ("Where we aim to be by 31 March 2013"): the deadline of every row."""
    for header in block.header:
        match = _DATE_RE.search(header)
        if match:
            return match.group(0)
    return None


def _timescale(priority: str | None) -> str | None:
    """A priority that doubles as a deadline ("Within three months"); "Areas for improvement" sets none."""
    group = priority_of(priority)
    return priority if group is not None and group != "improve" else None


def _split_priority(text: str) -> tuple[str | None, str]:
    """("Immediately", "Ensure ...") for "Immediately: Ensure ..."; (None, text) otherwise."""
    match = _PRIORITY_PREFIX.match(text)
    if match and is_priority_heading(match.group(1)):
        return match.group(1).strip(), text[match.end():]
    return None, text


def _add_recommendation(reader: _Reader, lg: _Logical, raw: str, ref: str | None, shared: bool = True) -> None:
    """Start a recommendation: its number and timescale prefix split off.

    When ``shared``, the row holds no action of its own, so its lead, deadline,
    RAG and cost belong to the actions below it. A row that also prints an
    action (a recommendation column beside the action column) describes that
    action alone: a blank RAG on the next action row means no RAG, not the one above.
    """
    text = fold(raw) or ""
    match = _REC_NUMBER.match(text)
    if match:
        ref = ref or match.group(1)
        text = text[match.end():]
    priority, text = _split_priority(text)
    if priority:
        reader.priority = priority
    text = fold(strip_bullet(text)) or ""
    current = reader.doc.recommendations[reader.rec_index] if reader.rec_index is not None else None
    if current and current.text == text and current.ref == ref:
        return  # a flat export repeats the recommendation on each of its action rows
    reader.doc.recommendations.append(
        RawRecommendation(
            text=text,
            ref=ref,
            priority_raw=reader.priority,
            heading=reader.heading,
            provenance=_provenance(lg, reader.pages),
        )
    )
    reader.rec_index = len(reader.doc.recommendations) - 1
    values = _field_values(lg)[0] if shared else {}
    reader.rec_defaults = {k: v for k, v in values.items() if k in _INHERITED_FIELDS}


def _note_number(reader: _Reader, number: str | None) -> None:
    """An action number "7.2" (or a bare "7" in the number column) tells the current recommendation's number."""
    if number and reader.rec_index is not None:
        reader.inferred_refs.setdefault(reader.rec_index, number.split(".")[0])


def _add_actions(reader: _Reader, lg: _Logical, raw: str, ref: str | None) -> None:
    """One RawAction per list item of an unnumbered cell, or one for a numbered action."""
    _note_number(reader, ref)
    items = [fold(strip_bullet(fold(raw) or ""))] if ref else _split_items(raw)
    items = [item for item in items if item]
    if not items:
        what = f"action {ref}" if ref else "action cell"
        reader.doc.warnings.append(f"line {lg.first.line}: {what} has no action text; skipped")
        return
    values, extra = _field_values(lg)
    for key, value in reader.rec_defaults.items():
        values.setdefault(key, value)
    if "deadline" not in values:
        rec = reader.doc.recommendations[reader.rec_index] if reader.rec_index is not None else None
        deadline = _header_deadline(lg.block) or (_timescale(rec.priority_raw) if rec else None)
        if deadline:
            values["deadline"] = deadline
    for item in items:
        reader.doc.actions.append(
            RawAction(
                action=item,
                recommendation_index=reader.rec_index,
                ref=ref,
                extra=dict(extra),
                provenance=_provenance(lg, reader.pages),
                **values,
            )
        )


def _row_number(lg: _Logical) -> tuple[str | None, str]:
    """(action number, action text) of a merged-column row: "3.1" from the text cell or the number column."""
    _, act = _main_cols(lg.block)
    number, rest = _numbered(fold(_cell(lg.cells, act)))
    if number is None:
        number = _numbered(fold(_cell(lg.cells, _col(lg.block, "ref"))))[0]
    return number, rest


def _is_merged_recommendation(lg: _Logical, following: _Logical | None) -> bool:
    """In a merged text column: an unnumbered row whose other cells are empty, or
    nearly so (a lead, an OCR fragment) when numbered actions follow it."""
    if _row_number(lg)[0] is not None:
        return False
    filled = len(_content_cols(lg.block, lg.cells))
    numbered_next = following is not None and _row_number(following)[0] is not None
    return filled == 0 or (filled <= _MAX_RECOMMENDATION_CELLS and numbered_next)


def _read_merged(reader: _Reader, lg: _Logical, following: _Logical | None) -> None:
    """A row of a plan whose one text column holds recommendations and actions in turn."""
    number, rest = _row_number(lg)
    ref_cell = fold(_cell(lg.cells, _col(lg.block, "ref"))) or ""
    if number is not None:
        _add_actions(reader, lg, rest, number)
        return
    text = _cell(lg.cells, _main_cols(lg.block)[1])
    if _is_merged_recommendation(lg, following):
        printed = _REF_CELL.match(ref_cell)
        _add_recommendation(reader, lg, text, printed.group(1) if printed else None)
        return
    bare = _REC_NUMBER.match(ref_cell)
    _note_number(reader, bare.group(1) if bare else None)
    _add_actions(reader, lg, text, None)


def _read_two_column(reader: _Reader, lg: _Logical) -> None:
    """A row of a plan with a recommendation column beside the action column."""
    rec_col, act_col = _main_cols(lg.block)
    rec_text = _cell(lg.cells, rec_col)
    number, rest = _numbered(_cell(lg.cells, act_col).strip())
    if _text(rec_text):
        printed = _REF_CELL.match(fold(_cell(lg.cells, _col(lg.block, "ref"))) or "")
        own_action = bool(_text(rest) or number)
        _add_recommendation(reader, lg, rec_text, printed.group(1) if printed else None, shared=not own_action)
    if _text(rest) or number:
        _add_actions(reader, lg, rest, number)


def _enter_group(reader: _Reader, lg: _Logical, previous: str | None) -> None:
    """Open a section or priority group, keeping whichever of the two encloses the other.

    Plans nest them either way: sections holding timescale groups, or timescale
    groups ("Immediate action required", "Areas for improvement") holding
    sections. A section printed right under a priority row shows the latter; an
    inner group ends when its outer one changes.
    """
    if lg.kind == "section":
        reader.priority_outer = reader.priority_outer or previous == "priority"
        reader.heading = lg.text
        if not reader.priority_outer:
            reader.priority = None
    else:
        reader.priority = lg.text
        if reader.priority_outer:
            reader.heading = None


def _build(doc: RawDocument, rows: list[_Logical], pages: bool) -> None:
    reader = _Reader(doc=doc, pages=pages)
    for k, lg in enumerate(rows):
        if lg.kind in ("section", "priority"):
            _enter_group(reader, lg, rows[k - 1].kind if k else None)
        elif _main_cols(lg.block)[0] is not None:
            _read_two_column(reader, lg)
        else:
            following = next((r for r in rows[k + 1:] if r.kind == "row"), None)
            _read_merged(reader, lg, following)
    for index, ref in reader.inferred_refs.items():
        rec = doc.recommendations[index]
        if rec.ref is None:
            rec.ref = ref


# ---------------------------------------------------------------- document


def _preamble_lines(preamble: list[str]) -> list[str]:
    return [t for t in (fold(_HEADING_MARKS.sub("", strip_markup(line))) for line in preamble) if t]


def _own_date(text: str) -> str | None:
    """The first dated label that is not the inspection's ("Inspection date: 7 May 2015" is not the document's)."""
    inspection_dates = {m.end() for m in DATE_AFTER_INSPECTION.finditer(text)}
    return next((m.group(0) for m in _DOC_DATE.finditer(text) if m.end() not in inspection_dates), None)


def describe_preamble(doc: RawDocument, preamble: list[str]) -> None:
    """Title, council, version and dates from the lines above the table."""
    lines = _preamble_lines(preamble)
    titled = [line for line in lines if _TITLE_WORDS.search(line) and not _DOC_DATE.search(line)]
    doc.title = (titled or lines or [None])[0]
    text = "\n".join(lines)
    council = _COUNCIL.search(text)
    doc.authority_raw = council.group(0) if council else doc.title
    version = VERSION.search(text)
    doc.version = version.group(1) if version else None
    doc.document_date_raw = _own_date(text)
    doc.inspection_date_raw = inspection_date(text)
    title = (doc.title or "").lower()
    if "improvement plan" in title:
        doc.doc_type = "improvement_plan"
    elif "progress report" in title:
        doc.doc_type = "progress_report"


def _warning_line(warning: str) -> int:
    match = re.match(r"line (\d+)", warning)
    return int(match.group(1)) if match else 0


def extract(source: SourceFile) -> RawDocument:
    preamble, blocks = _scan(source.text)
    if not blocks:
        raise ExtractionError("no tab-separated table with a recognisable header row")
    _assign_fields(blocks)
    _unspan(blocks)
    doc = RawDocument(source=str(source.path), sha256=source.sha256, extractor=NAME, doc_type="action_plan")
    describe_preamble(doc, preamble)
    rows = _logical_rows(blocks, doc.warnings)
    _build(doc, rows, pages=len(blocks) > 1)
    doc.warnings.sort(key=_warning_line)
    if not doc.actions and not doc.recommendations:
        raise ExtractionError("table header found but no recommendation or action rows under it")
    return doc


def sniff(source: SourceFile) -> float:
    """Score tab-separated table exports: header rows (repeated ones count extra), tab rows, little HTML."""
    text = source.text_or_none
    if text is None:
        return 0.0
    lines = [line for line in text.split("\n") if line.strip()]
    tab_share = sum("\t" in line for line in lines) / max(len(lines), 1)
    _, blocks = _scan(text)
    rows = [row for block in blocks for row in block.rows]
    if not rows:
        return round(0.1 * tab_share, 3)
    repeated = min(len(blocks) - 1, 2) / 2
    html = sum(bool(_HTML_TAG.search(row.raw)) for row in rows) / len(rows)
    html_penalty = min(1.0, 3 * max(0.0, html - _HTML_TOLERANCE))
    return round((0.55 + 0.25 * repeated + 0.2 * tab_share) * (1 - html_penalty), 3)


EXTRACTOR = Extractor(name=NAME, sniff=sniff, extract=extract)
