"""Plans exported to markdown: ``#`` headings and tables whose cells hold HTML.

Word-to-markdown converters print each table row on one line, either
tab-separated or as a ``| pipe |`` row, and keep rich cell content as HTML
fragments (``<p>``, ``<ul><li>``, ``<i>``, ``<br>``). Reading rules:

* A table is a plan table when its header row maps to an action column plus a
  lead or deadline column through :mod:`extractors.columns`; other tables
  (contents, measures, assurance summaries) are ignored, except a two-column
  table of RAG colours, which is read as the RAG key.
* Action cell: each item of a stand-alone list is one action; the rest of
  the cell (its paragraphs, with any list introduced by a lead-in paragraph)
  is one action. A list is an HTML list or a run of lines marked as markdown
  list items ("- ", "• ", Word's circle "o "). When two or more paragraphs
  start with an action number ("1.1 ...") or an enumerator ("(i)", "b)", "2."),
  each starts a new action; the enumerator is dropped.
* A row whose aim cell has N > 1 paragraphs and whose action cell has exactly N
  parts is N rows printed side by side; each part takes the paragraph at its
  position from every cell that has N paragraphs. Otherwise, when the action
  cell holds M > 1 actions, a ref, lead, deadline or RAG cell with exactly M
  paragraphs gives each action the paragraph lined up beside it. An action
  cell of M plain paragraphs is M actions when such a cell lines up with it.
* A row with no action whose only text (besides its ref) is one sentence is a
  recommendation printed across the table: it is the recommendation of the
  rows below it. A row whose only text is a lower-case action fragment
  continues the action above it (a row split by a page break), and so does a
  row whose only text ends a lead, date or measure of that action left
  unfinished ("Head of" / "Service").
* A table whose header repeats the plan table above it, with no heading in
  between, is that table continued after a page break.
* An Ofsted recommendation quoted in any cell but the action cell, after a
  label such as "Core Ofsted recommendation (2019):", is the row's
  recommendation and is cut out of that cell; otherwise the recommendation
  column (the row's aim) is, and a blank one inherits the row above. A number
  printed before the aim ("5. Ensure ...") or in the ref cell ("3", "A1") is
  its ref; a lettered ref cell ("(a)") gives its letter.
* A table with no deadline column reads it from a column whose cells are
  mostly dates: "Target" heads dates in some plans and measures in others.
* A table with no recommendation column answers the recommendation titled in
  the prose above it ("### Recommendation 4" then "**Ofsted said:** ..."); such
  a title is the recommendation's, not a group heading.
* A table that maps no column to the recommendation reads it from an unmapped
  column left of the action column, when its header names an aim ("Priority")
  or most of its cells are numbered sentences.
* Metadata (dates, version) is read from the lines outside tables and from the
  rows of two-column tables that are not plan tables ("Date of inspection |
  6 February 2017"), in document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import groupby

from extractors.base import ExtractionError, Extractor, SourceFile
from extractors.cells import (
    BULLET_CHARS,
    DANGLING_END,
    fold,
    inspection_date,
    priority_of,
    strip_bullet,
    strip_markup,
    unquote,
)
from extractors.columns import header_score, map_headers
from models.records import Provenance, RawAction, RawDocument, RawRecommendation

NAME = "markdown_table"

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")  # closing #s cut by _heading_text: no backtracking
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)*+\|?\s*+$")  # possessive: linear time
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_HTML_FRAGMENT = re.compile(r"<\s*/?\s*(p|ul|ol|li|br|i|b|em|strong|div)\b[^>]*>", re.I)
_LIST = re.compile(r"<\s*(ul|ol)\b[^>]*>(.*?)<\s*/\s*\1\s*>", re.I | re.S)
_LIST_ITEM = re.compile(r"<\s*li\b[^>]*>(.*?)(?=<\s*/?\s*li\b|$)", re.I | re.S)
_ACTION_NUMBER = re.compile(r"^(\d+(?:\.\d+)+)\s+(?=\S)")
_PLAIN_NUMBER = re.compile(r"^(?:[a-z]{1,3}\s?)?\d+[a-z]?$", re.I)  # "3", "3b", "A1", "R 2": not "1.3"
# A paragraph enumerated like a list item: "(i)", "ii)", "(a)", "b)", "(3)", "2.".
_ENUMERATOR = re.compile(r"^(?:\(?(?:[ivx]{1,6}|[a-z]|\d{1,2})\)|\d{1,2}\.)\s+(?=\S)", re.I)
# A list item printed as text: a bullet followed by a space, as markdown requires
# ("-We will" is a dash glued to a paragraph), or Word's circle bullet "o".
_ITEM_MARK = re.compile(rf"^(?:[{re.escape(BULLET_CHARS)}]|o(?=\s+[A-Z]))\s+")
_LETTER_REF = re.compile(r"^\(?(?P<letter>[a-z])[.)]?$", re.I)  # "(a)", "b)", "c.": lettered areas
_GROUP_REF = re.compile(r"^(?:[a-z]{1,4}\.?\s?)?\d{1,3}[a-z]?\.?$", re.I)  # "R1", "Rec 2", "3."
_FRAGMENT_START = re.compile(r"^[a-z]")  # a sentence broken by a page break resumes in lower case
_DUE_PREFIX = re.compile(r"^(?:by|before|w/?c|week\s+commencing|end\s+of)\b.*\d", re.I)  # "by 31.07.18": a date
_LINED_UP_FIELDS = ("ref", "lead", "deadline", "rag")  # what plans print per action beside a list
# Header wordings the shared rules do not know yet: (pattern, field) for columns they leave unmapped.
_HEADER_FALLBACKS = (
    (re.compile(r"^\s*due\b", re.I), "deadline"),  # "Due", "Due by"
    (re.compile(r"\bb\W?rag\b", re.I), "rag"),  # "BRAG": blue-red-amber-green
)
_QUOTES = "'\"‘’“”"

_LABEL_BODY = (
    r"(?:\b(?:core|key)\s+)?(?:\bofsted\s+)?\b(?:ofsted|inspection|ilacs|jtai|focused\s+visit|monitoring\s+visit)\b"
    r"(?:\s+(?:recommendations?|areas?\s+for\s+(?:improvement|development)|priority\s+actions?))"
    r"(?:\s+(?:no\.?\s*)?(?P<num>\d+(?:\.\d+)*[a-z]?))?"
    r"|\b(?:core|key)\s+ofsted\b"
)
_YEAR_GLOSS = r"(?:\s*\([^()\n]{0,20}?\b\d{4}\s*\))"  # "(2019)", "(June 2021)"
_LABEL = re.compile(rf"(?:{_LABEL_BODY})(?P<gloss>{_YEAR_GLOSS})?(?:\s*(?P<colon>:))?", re.I)
_TRAILING_LABEL = re.compile(rf"[\s\-–(]*(?:{_LABEL_BODY}){_YEAR_GLOSS}?\s*\)?\s*[.:]?\s*$", re.I)
_REC_NUMBER = re.compile(r"^(?P<num>\d{1,2}[a-z]?)[.)]\s+(?=\S)", re.I)
# A recommendation's own title above its table: "Recommendation 4", "Ofsted recommendation 2: Ensure ...".
_REC_TITLE = re.compile(
    r"^(?:(?:ofsted|inspection)\s+)?(?:recommendation|area\s+for\s+(?:improvement|development))(?!s)"
    r"(?:\s*(?:no\.?\s*)?(?P<num>[a-z]?\d{1,2}[a-z]?)\b\s*[.:)\-–]?|\s*:)\s*(?P<text>.*)$",
    re.I,
)
# A label opening the paragraph that quotes it: "**Ofsted said:** Ensure ...", "Recommendation: Ensure ...".
_QUOTE_LEAD = re.compile(r"^\s*(?P<bold>\*\*|__)?(?P<label>[^:*_\n]{1,40}?)\s*:\s*(?(bold)(?:\*\*|__))\s*")
_QUOTE_LEAD_WORDS = re.compile(r"\b(?:ofsted|inspect\w*|recommend\w*|said|finding|area)\b", re.I)
_AIM_MIN_WORDS = 3  # fewer words is a level or a code ("High", "P1"), not an aim
_AIM_HEADER = re.compile(
    r"\b(?:priorit(?:y|ies)|aims?|objectives?|themes?|findings?|weakness(?:es)?|concerns?|requirements?)\b"
    r"|\bwhat needs to (?:improve|change)",
    re.I,
)

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{_MONTHS}\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}})"
)
_STANDALONE_DATE = re.compile(
    rf"^(?:(?:last\s+)?(?:updated|revised|reviewed|dated?|published|issued)\b\s*(?:on)?\s*[:\-–]?\s*"
    rf"|version\s*[\w.]+\s*[,:\-–]?\s*)?(?P<date>{_DATE})\.?$",
    re.I,
)
_LABELLED_DATE = re.compile(  # "Last updated: 5 May 2022", "reviewed by the Improvement Board 14/04/2023"
    rf"\b(?:last\s+updated|updated|revised|reviewed|approved|agreed|endorsed|date of (?:plan|review|issue))"
    rf"(?:\s+(?:by|for)\s+[^\d\n:;.]{{1,60}}?)?\s*,?\s*(?:on)?\s*[:\-–]?\s*\b(?P<date>{_DATE})",
    re.I,
)
# A deadline in the forms plans print in their date column; a cell may list one per action.
_DEADLINE = (
    rf"(?:(?:by|end\s+of)\s+)?(?:{_DATE}|{_MONTHS}\s+\d{{2}}|\d{{1,2}}/\d{{4}}"
    rf"|q[1-4]\s+\d{{4}}(?:/\d{{2,4}})?|(?:spring|summer|autumn|winter)\s+\d{{4}}|\d{{4}}/\d{{2,4}})\.?"
)
# What else a date column prints: timescales and undated states ("Within 6 months", "Ongoing", "TBA").
_TIMESCALE = (
    r"(?:(?:within\s+)?(?:\d{1,2}|one|two|three|four|six|nine|twelve)\s+months?"
    r"|immediate(?:ly)?|ongoing|on-going|tb[ac]|n/a)"
)
_REF_LABEL_WORDS = r"(?:recommendation|rec\.?|area\s+for\s+(?:improvement|development))\s+\(?[a-z0-9]{1,3}\)?[.:]?"
_REF_LABEL_ONLY = re.compile(_REF_LABEL_WORDS, re.I)  # "Recommendation B" alone in its paragraph
_REF_LABEL_BEFORE_QUOTE = re.compile(rf"^{_REF_LABEL_WORDS}\s+(?=[\"“‘])", re.I)  # "Recommendation A “The ...”"
_DATE_CELL = re.compile(
    rf"^(?:{_DEADLINE}(?:\s*[-–]\s*{_DEADLINE})?|{_TIMESCALE})(?:\s+(?:{_DEADLINE}|{_TIMESCALE}))*$", re.I
)
_HEADER_DATE = re.compile(rf"\bby\s+(?P<date>{_DATE})", re.I)
_VERSION = re.compile(r"\bversion\s*[:\-–]?\s*(?P<v>\d+(?:\.\d+)*[a-z]?)\b", re.I)
_AUTHORITY = (  # a council's name first, else the name of its children's service
    re.compile(r"\b(?:council|borough|county|metropolitan|district)\b", re.I),
    re.compile(r"\bchildren(?:'s|’s)?\s+(?:(?:and|&)\s+[\w ]{1,30}?\s+)?services?\b", re.I),
)
_BOLD_LINE = re.compile(r"^\s*\*\*(.+?)\*\*\s*$")
_LIST_LINE = re.compile(rf"^\s*[{re.escape(BULLET_CHARS)}]\s+\S")
_COLOUR_NAME = re.compile(r"\b(red|amber|green|blue)\b", re.I)
_COLOUR_NOTE = re.compile(r"\s*\((?:[^()]*\s)?(?:red|amber|green|blue)\)", re.I)  # "(reported as blue)"
# A deadline labelled at the end of an action's own text: "... complex needs. Target: 30th June 2024".
_DUE_LABEL = re.compile(r"(?:^|(?<=[.;)])\s+|\s+(?=[A-Z]))(?:target(?:\s+date)?|due(?:\s+date)?|deadline|timescale)\s*:\s*"
                        r"([^:]{1,40}?)\.?$", re.I)
_COLOUR_CELL = re.compile(r"^(red|amber|green|blue)$", re.I)
_RAG_WORD = re.compile(r"^\s*[-*•]?\s*(red|amber|green|blue)\b\s*[:=–-]?\s*(.*)$", re.I)


# --------------------------------------------------------------------------- layout


@dataclass
class _Row:
    cells: list[str]
    line: int  # 1-based
    page: int | None


@dataclass
class _Table:
    index: int  # 0-based among all table blocks of the document
    rows: list[_Row]
    heading: str | None  # nearest group heading above the table (a recommendation's own title is none)
    section: int  # how many headings precede the table: equal for tables under the same heading
    lead_in: list[tuple[int, str]] = field(default_factory=list)  # prose lines since the table above


@dataclass
class _Layout:
    tables: list[_Table]
    prose: list[tuple[int, str]]  # non-blank lines outside tables (1-based line number, text with markup)
    headings: list[str]


def _heading_text(match: re.Match[str]) -> str:
    """A markdown heading's text without its closing #s."""
    return match.group(2).rstrip().rstrip("#").rstrip()


def _split_row(line: str) -> list[str] | None:
    """Cells of a table line, or None when the line is not a table row."""
    if _PIPE_ROW.match(line):
        inner = line.strip()[1:-1]
        return [cell.replace("\\|", "|").strip() for cell in _PIPE_SPLIT.split(inner)]
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    return None


def _scan(text: str) -> _Layout:
    """Group lines into table blocks (consecutive table rows) and prose lines."""
    layout = _Layout(tables=[], prose=[], headings=[])
    paged = "\f" in text  # form feeds are the only page breaks such an export can show
    page = 1
    heading: str | None = None
    current: _Table | None = None
    lead_in: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        page += line.count("\f")
        line = line.replace("\f", "")
        if _PIPE_SEPARATOR.match(line) and current is not None:
            continue
        cells = _split_row(line)
        if cells is None or not any(cells):
            current = None
            match = _HEADING.match(line)
            title = fold(strip_markup(_heading_text(match))) if match else None
            if title:
                layout.headings.append(title)
                heading = heading if _REC_TITLE.match(title) else title  # a title names no group
            if line.strip():
                layout.prose.append((number, line))
                lead_in.append((number, line))
            continue
        if current is None:
            current = _Table(index=len(layout.tables), rows=[], heading=heading, section=len(layout.headings),
                             lead_in=lead_in)
            layout.tables.append(current)
            lead_in = []
        current.rows.append(_Row(cells=cells, line=number, page=page if paged else None))
    return layout


def _clean_header(cell: str) -> str:
    return fold(strip_markup(cell)) or ""


def _with_fallbacks(headers: list[str], fields: list[str | None]) -> list[str | None]:
    """Map the columns the shared header rules left unmapped through :data:`_HEADER_FALLBACKS`."""
    out = list(fields)
    for index, header in enumerate(headers):
        name = None if out[index] else next((f for rule, f in _HEADER_FALLBACKS if rule.search(header)), None)
        if name and name not in out:
            out[index] = name
    return out


def _plan_fields(headers: list[str]) -> list[str | None] | None:
    """Field per column when ``headers`` is a plan table's header row, else None."""
    fields = _with_fallbacks(headers, map_headers(headers))
    if "action" in fields and ("lead" in fields or "deadline" in fields):
        return fields
    return None


# --------------------------------------------------------------------------- cells


@dataclass
class _Part:
    """A paragraph of a cell (with any list it introduces) or a stand-alone list."""

    text: str | None
    items: list[str] = field(default_factory=list)

    def joined(self) -> str:
        return " ".join(t for t in [self.text, *self.items] if t)


@dataclass
class _Line:
    text: str
    is_item: bool  # printed as a list item ("- Deliver ...")


def _unbullet(line: str) -> _Line:
    """A line without its bullet, noting whether the bullet made it a list item."""
    mark = _ITEM_MARK.match(line)
    if mark:
        return _Line(text=line[mark.end() :], is_item=True)
    return _Line(text=strip_bullet(line), is_item=False)


def _cell_lines(fragment: str) -> list[_Line]:
    """Non-blank lines of an HTML fragment, bullets removed, whitespace folded."""
    lines = (_unbullet(line) for line in (fold(x) for x in strip_markup(fragment).split("\n")) if line)
    return [line for line in lines if line.text]


def _list_items(fragment: str) -> list[str]:
    items = (fold(" ".join(line.text for line in _cell_lines(item))) for item in _LIST_ITEM.findall(fragment))
    return [item for item in items if item]


def _add_list(parts: list[_Part], items: list[str]) -> None:
    """Attach a list to the paragraph leading into it, else add it as a stand-alone list."""
    if parts and parts[-1].text is not None and not parts[-1].items:
        parts[-1].items.extend(items)
    elif items:
        parts.append(_Part(text=None, items=items))


def _add_text(parts: list[_Part], fragment: str) -> None:
    """Add a fragment's lines: paragraphs one by one, each run of item lines as one list."""
    for is_item, lines in groupby(_cell_lines(fragment), key=lambda line: line.is_item):
        texts = [line.text for line in lines]
        if is_item:
            _add_list(parts, texts)
        else:
            parts.extend(_Part(text=text) for text in texts)


def _parts(cell: str) -> list[_Part]:
    """Split a cell into paragraphs and lists, attaching a list to the paragraph leading into it."""
    parts: list[_Part] = []
    position = 0
    for match in _LIST.finditer(cell):
        _add_text(parts, cell[position : match.start()])
        _add_list(parts, _list_items(match.group(2)))
        position = match.end()
    _add_text(parts, cell[position:])
    return parts


def _starts_with(pattern: re.Pattern[str]) -> Callable[[_Part], bool]:
    return lambda part: part.text is not None and bool(pattern.match(part.text))


_is_numbered = _starts_with(_ACTION_NUMBER)
_is_enumerated = _starts_with(_ENUMERATOR)


def _actions_of(parts: list[_Part]) -> list[str]:
    """Action texts: one per stand-alone list item, one per run of other parts.

    When two or more paragraphs carry action numbers ("1.1", "1.2") or list
    enumerators ("(i)", "(ii)"), the cell is a list printed as paragraphs:
    each number starts a new run. An action number is kept (it is the action's
    ref); an enumerator only orders the list and is dropped.
    """
    split_numbered = sum(map(_is_numbered, parts)) >= 2
    enumerated = sum(map(_is_enumerated, parts)) >= 2
    actions: list[str] = []
    run: list[str] = []
    for part in parts:
        starts = (split_numbered and _is_numbered(part)) or (enumerated and _is_enumerated(part))
        if run and (part.text is None or starts):
            actions.append(" ".join(run))
            run = []
        if part.text is None:
            actions.extend(part.items)
        else:
            run.append(_ENUMERATOR.sub("", part.joined(), count=1) if enumerated else part.joined())
    if run:
        actions.append(" ".join(run))
    return actions


def _paragraphs(cell: str) -> list[str]:
    return [part.joined() for part in _parts(cell)]


def _joined(paragraphs: list[str]) -> str | None:
    return fold(" ".join(paragraphs))


@dataclass
class _Quote:
    """An inspection recommendation quoted in a cell after its label."""

    text: str | None
    label: str
    ref: str | None


def _quote_after(text: str, match: re.Match[str]) -> _Quote:
    quoted = (fold(text[match.end() :]) or "").strip(_QUOTES + " ")
    return _Quote(text=quoted or None, label=fold(match.group(0)) or "", ref=match.group("num"))


def _split_lines(text: str) -> list[str]:
    return [line for line in (fold(x) for x in text.split("\n")) if line]


def _is_quoting(text: str, match: re.Match[str]) -> bool:
    """Whether a label introduces a quote rather than sitting inside a sentence.

    A label is glossed with a date ("(June 2021)"), ends with a colon, is
    followed by a quote mark, or opens or ends its line; "we will respond to
    the Ofsted recommendations on ..." is none of these.
    """
    if match.group("gloss") or match.group("colon"):
        return True
    before = text[: match.start()].rsplit("\n", 1)[-1]
    after = text[match.end() :].split("\n", 1)[0].strip()
    return not before.strip() or not after or after[0] in _QUOTES


def _cut_label(cell: str) -> tuple[list[str], _Quote | None]:
    """A cell's paragraphs without its recommendation label, and that label.

    A quoting label takes the rest of the cell as its quote and leaves the
    paragraphs before it; otherwise a label closing the cell ("... (Ofsted
    recommendation 3)") is a marker that quotes nothing.
    """
    paragraphs = _paragraphs(cell)
    text = "\n".join(paragraphs)
    match = next((m for m in _LABEL.finditer(text) if _is_quoting(text, m)), None)
    if match:
        return _split_lines(text[: match.start()]), _quote_after(text, match)
    match = _TRAILING_LABEL.search(paragraphs[-1]) if paragraphs else None
    if match:
        marker = _Quote(text=None, label=fold(match.group(0).strip(" -–().:")) or "", ref=match.group("num"))
        rest = fold(paragraphs[-1][: match.start()])
        return [*paragraphs[:-1], rest] if rest else paragraphs[:-1], marker
    return paragraphs, None


# --------------------------------------------------------------------------- rows


@dataclass
class _Context:
    """State carried across rows while reading one document."""

    doc: RawDocument
    rec_keys: dict[str, int] = field(default_factory=dict)
    last_rec: int | None = None
    open_action: RawAction | None = None  # the last action of the row above, which a fragment row continues
    titled: dict[str, int] = field(default_factory=dict)  # refs of the recommendations titled above the table


def _rec_key(text: str) -> str:
    return text.casefold().rstrip(" .;:")


def _add_recommendation(ctx: _Context, text: str, ref: str | None, label: str | None,
                        heading: str | None, provenance: Provenance) -> int:
    text = unquote(text)
    key = _rec_key(text)
    if key not in ctx.rec_keys:
        ctx.rec_keys[key] = len(ctx.doc.recommendations)
        ctx.doc.recommendations.append(RawRecommendation(
            text=text, ref=ref, priority_raw=label if priority_of(label) else None,
            heading=heading, provenance=provenance,
        ))
    return ctx.rec_keys[key]


def _without_ref_label(paragraphs: list[str]) -> list[str]:
    """An aim cell without the label that only names it ("Recommendation B" above or before
    the quoted text): the ref cell numbers the row, and the label is no part of the text."""
    if len(paragraphs) > 1 and _REF_LABEL_ONLY.fullmatch(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return [_REF_LABEL_BEFORE_QUOTE.sub("", p, count=1) for p in paragraphs]


def _pick(paragraphs: list[str], index: int, count: int) -> str | None:
    """The paragraph at ``index`` when the cell is split ``count`` ways, else the whole cell."""
    if count > 1 and len(paragraphs) == count:
        return fold(paragraphs[index])
    return _joined(paragraphs)


@dataclass
class _Columns:
    """Where each field sits in a plan table, and the header text of the others."""

    fields: list[str | None]
    headers: list[str]
    header_deadline: str | None  # a date printed in a header ("... by 31 March 2013")

    def column(self, name: str) -> int | None:
        return self.fields.index(name) if name in self.fields else None


def _columns(headers: list[str]) -> _Columns | None:
    fields = _plan_fields(headers)
    if fields is None:
        return None
    header_date = next((m.group("date") for h in headers if (m := _HEADER_DATE.search(h))), None)
    return _Columns(fields=fields, headers=headers, header_deadline=header_date)


def _read_row(ctx: _Context, table: _Table, cols: _Columns, row: _Row, row_index: int) -> None:
    """Turn one table row into recommendations and actions."""
    width = len(cols.fields)
    if any(cell.strip() for cell in row.cells[width:]):
        ctx.doc.warnings.append(f"line {row.line}: {len(row.cells)} cells under {width} headers; extra cells dropped")
    cells = (row.cells + [""] * width)[:width]
    provenance = Provenance(page=row.page, table=table.index, row=row_index, line=row.line)
    action_col = cols.column("action")
    parts = _parts(cells[action_col]) if action_col is not None else []
    fragment = _fragment(cells, cols)
    if fragment and ctx.open_action is not None:
        ctx.open_action.action = f"{ctx.open_action.action} {fragment}"
        return
    if ctx.open_action is not None and _continue_cell(ctx.open_action, cells, cols):
        return
    ctx.open_action = None
    if not _actions_of(parts):
        if not _read_group_row(ctx, table, cols, cells, provenance):
            ctx.doc.warnings.append(f"line {row.line}: row with no action text skipped")
        return
    cut: dict[int, list[str]] = {}
    labels = _cut_labels(ctx, cells, cols, cut, row)
    quoted = next((q for q in labels if q.text), None)
    rec_col = cols.column("recommendation")
    if rec_col in cut:
        cut[rec_col] = _without_ref_label(cut[rec_col])
    aims = cut.get(rec_col, []) if rec_col is not None else []

    count = len(aims) if len(aims) > 1 and len(parts) == len(aims) else 1
    groups = [[part] for part in parts] if count > 1 else [parts]
    for position, group in enumerate(groups):
        values = {i: _pick(p, position, count) for i, p in cut.items()}
        aim = values.get(rec_col) if rec_col is not None else None
        rec_index = _recommendation_for(ctx, table, quoted, labels, aim, provenance)
        texts = _actions_of(group)
        if count == 1 and len(texts) == 1:
            texts = _paragraph_actions(group, cut, cols) or texts
        for number, text in enumerate(texts):
            own = _lined_up(cut, cols, number, len(texts)) if count == 1 else {}
            action = _action(text, values | own, cols, rec_index, provenance, keep_aim=quoted is not None)
            _titled_by_number(ctx, action)
            ctx.doc.actions.append(action)
            ctx.open_action = action


def _lined_up(cut: dict[int, list[str]], cols: _Columns, index: int, count: int) -> dict[int, str | None]:
    """For the ``index``-th of ``count`` actions, the paragraph beside it in cells printed one per action.

    Plans list several actions in one cell and print each one's own date, lead
    or RAG beside it, one paragraph per action; a cell with another number of
    paragraphs belongs to every action of the row.
    """
    if count < 2:
        return {}
    return {
        i: fold(paragraphs[index])
        for i, paragraphs in cut.items()
        if cols.fields[i] in _LINED_UP_FIELDS and len(paragraphs) == count and not _is_wrapped(paragraphs)
    }


def _paragraph_actions(parts: list[_Part], cut: dict[int, list[str]], cols: _Columns) -> list[str]:
    """One action per paragraph of an action cell of N > 1 plain paragraphs, when a lead,
    deadline or RAG cell beside it prints exactly N values of its own; else nothing.

    Without such a cell, paragraphs are one action's sentences; with it, the
    plan lists N actions, each with its own date, lead or RAG.
    """
    texts = [part.joined() for part in parts if part.text is not None and not part.items]
    if len(texts) < 2 or len(texts) != len(parts) or _is_wrapped(texts):
        return []
    lined = any(
        cols.fields[i] in _LINED_UP_FIELDS and len(paragraphs) == len(texts) and not _is_wrapped(paragraphs)
        for i, paragraphs in cut.items()
    )
    return texts if lined else []


def _is_wrapped(paragraphs: list[str]) -> bool:
    """Whether a cell's lines are one value wrapped ("Head of Service /", "Children in Care"), not one per action.

    A line resuming in lower case continues the one above, unless it is a
    dated deadline of its own ("by 31.07.18", "w/c 9 April").
    """
    return any(DANGLING_END.search(p) for p in paragraphs[:-1]) or any(
        _FRAGMENT_START.match(p) and not _DUE_PREFIX.match(p) for p in paragraphs[1:]
    )


def _fragment(cells: list[str], cols: _Columns) -> str | None:
    """The action text of a row that only continues the action above it, else None.

    Such a row (a row split by a page break) has nothing but its action cell,
    and that starts in lower case, mid-sentence.
    """
    action_col = cols.column("action")
    if action_col is None or any(_clean_header(c) for i, c in enumerate(cells) if i != action_col):
        return None
    text = _joined(_paragraphs(cells[action_col]))
    return text if text and _FRAGMENT_START.match(text) else None


_CONTINUED_FIELDS = ("lead", "deadline", "progress", "outcome", "measure", "cost")


def _continue_cell(action: RawAction, cells: list[str], cols: _Columns) -> bool:
    """Append a row holding nothing but the rest of one of the above action's cells, a value
    that goes on ("Head of" / "Service, Children in Care" split by a page break); True if it was one.

    A recommendation is never printed in the lead or date column alone, so
    such a row is no recommendation heading.
    """
    filled = [i for i, cell in enumerate(cells) if _clean_header(cell)]
    if len(filled) != 1 or cols.fields[filled[0]] not in _CONTINUED_FIELDS:
        return False
    name = cols.fields[filled[0]]
    before, rest = getattr(action, name), _joined(_paragraphs(cells[filled[0]]))
    if not before or not rest or not (DANGLING_END.search(before) or _FRAGMENT_START.match(rest)):
        return False
    setattr(action, name, f"{before} {rest}")
    return True


def _read_group_row(ctx: _Context, table: _Table, cols: _Columns, cells: list[str], provenance: Provenance) -> bool:
    """Read a row without an action as a recommendation heading the rows below it, if it is one.

    Such a row prints one sentence (often bold, often spanning the table)
    beside at most its ref: "| **R1** | **Ensure that ...** | | |". A row
    with a lead, a date or a measure beside the sentence is an action row
    that lost its action, not a recommendation.
    """
    ref_col = cols.column("ref")
    filled = [_cut_label(c) for i, c in enumerate(cells) if i != ref_col and _clean_header(c)]
    if len(filled) != 1:
        return False
    paragraphs, quote = filled[0]
    text = quote.text if quote and quote.text else _joined(paragraphs)
    if not text or len(text.split()) < _AIM_MIN_WORDS:
        return False
    text, printed = _numbered(text)
    ref_cell = _clean_header(cells[ref_col]) if ref_col is not None else ""
    group_ref = ref_cell.rstrip(".") if _GROUP_REF.match(ref_cell) else _letter(ref_cell)
    ref = (quote.ref if quote else None) or group_ref or printed
    label = quote.label if quote else None
    ctx.last_rec = _add_recommendation(ctx, text, ref, label, table.heading, provenance)
    return True


def _cut_labels(ctx: _Context, cells: list[str], cols: _Columns, cut: dict[int, list[str]], row: _Row) -> list[_Quote]:
    """Fill ``cut`` with the paragraphs of every cell but the action's, labels cut out; return the labels.

    Plans quote the recommendation wherever there is room (the officer cell,
    the aim cell, a notes column), so every cell is searched, in column order.
    The row's plain number in a ref column numbers its recommendation; it is
    returned as a label carrying only that ref.
    """
    labels: list[_Quote] = []
    for index, cell in enumerate(cells):
        if index != cols.column("action"):
            cut[index], quote = _cut_label(cell)
            labels += [quote] if quote else []
    if labels and not any(q.text for q in labels):
        ctx.doc.warnings.append(f"line {row.line}: '{labels[0].label}' quotes no text; the row's aim is used")
    ref_col = cols.column("ref")
    ref = _joined(cut[ref_col]) if ref_col is not None else None
    ref = ref if ref and _PLAIN_NUMBER.match(ref) else _letter(ref)  # "1.3" numbers an action, "3" a recommendation
    if ref:
        labels.append(_Quote(text=None, label="", ref=ref))
    return labels


def _letter(ref: str | None) -> str | None:
    """The letter of a lettered ref ("(a)" -> "a"): reports letter their areas for improvement."""
    match = _LETTER_REF.match(ref) if ref else None
    return match.group("letter") if match else None


def _numbered(aim: str) -> tuple[str, str | None]:
    """An aim without the number printed before it ("5. Ensure ..."), and that number."""
    match = _REC_NUMBER.match(aim)
    return (aim[match.end() :], match.group("num")) if match else (aim, None)


def _recommendation_for(ctx: _Context, table: _Table, quoted: _Quote | None, labels: list[_Quote],
                        aim: str | None, provenance: Provenance) -> int | None:
    """The row's recommendation: the quoted one, else its aim, else the row above's.

    Its ref is a label's number, else the number printed before the aim.
    """
    aim_text, printed = _numbered(aim) if aim else (None, None)
    if quoted is not None:
        text, label, numbered = quoted.text, quoted.label, [quoted, *labels]
    elif aim_text:
        text, numbered = aim_text, labels
        label = next((q.label for q in labels if priority_of(q.label)), None)
    else:
        return ctx.last_rec
    ref = next((q.ref for q in numbered if q.ref), printed)
    ctx.last_rec = _add_recommendation(ctx, text, ref, label, table.heading, provenance)
    return ctx.last_rec


_ACTION_FIELDS = ("ref", "lead", "deadline", "rag", "progress", "outcome", "measure", "cost")


def _action(text: str, values: dict[int, str | None], cols: _Columns, rec_index: int | None,
            provenance: Provenance, keep_aim: bool) -> RawAction:
    """One action record from its text and the row's other cells.

    Columns naming no field go to ``extra`` under their header, and so does the
    aim when a quoted recommendation took its place (``keep_aim``).
    """
    ref = None
    number = _ACTION_NUMBER.match(text)
    if number:
        ref, text = number.group(1), text[number.end() :]
    due = _DUE_LABEL.search(text)
    if due:  # "Open two homes. Target: 30th June 2024": the cell prints each action's own date under it
        text = text[: due.start()].rstrip()
    action = RawAction(action=text, recommendation_index=rec_index, ref=ref, provenance=provenance)
    for index, name in enumerate(cols.fields):
        value = values.get(index)
        if not value:
            continue
        if name in _ACTION_FIELDS:
            if getattr(action, name) is None:
                setattr(action, name, value)
        elif (name is None or (name == "recommendation" and keep_aim)) and cols.headers[index]:
            action.extra[cols.headers[index]] = value
    if action.deadline is None:
        action.deadline = due.group(1) if due else cols.header_deadline
    return action


# --------------------------------------------------------------------------- document


def _mostly(rows: list[_Row], index: int, test: Callable[[str], bool]) -> bool:
    """Whether more than half of a column's filled cells pass ``test``."""
    cells = [text for row in rows if index < len(row.cells) and (text := _clean_header(row.cells[index]))]
    return bool(cells) and 2 * sum(map(test, cells)) > len(cells)


def _is_aim_column(cols: _Columns, rows: list[_Row], index: int) -> bool:
    """An unmapped column of sentences, headed as an aim or numbered like report recommendations.

    Sentences, because a "Priority" column may also hold levels ("High").
    """
    if cols.fields[index] is not None or not _mostly(rows, index, lambda c: len(c.split()) >= _AIM_MIN_WORDS):
        return False
    return bool(_AIM_HEADER.search(cols.headers[index])) or _mostly(rows, index, lambda c: bool(_REC_NUMBER.match(c)))


def _with_aim_column(cols: _Columns, rows: list[_Row]) -> _Columns:
    """Give a table that maps no column to the recommendation its aim column, if it has one.

    Plans head that column in their own words ("Priority", "Objective"), which
    the shared header rules need not know; an unmapped column left of the action
    column is taken when its header names an aim or its cells are numbered
    sentences, the recommendations printed with their report numbers.
    """
    action = cols.column("action")
    if action is None or "recommendation" in cols.fields:
        return cols
    for index in range(action):
        if _is_aim_column(cols, rows, index):
            return replace(cols, fields=[*cols.fields[:index], "recommendation", *cols.fields[index + 1 :]])
    return cols


def _with_date_column(cols: _Columns, rows: list[_Row]) -> _Columns:
    """Give a table that maps no column to the deadline its column of dates, if it has one.

    "Target" heads a column of measures in some plans and of dates in others;
    the header alone cannot tell, so a measure or unmapped column whose cells
    are mostly dates ("Dec 2022", "31.01.23", "Q3 2022/23") is the deadline.
    """
    if "deadline" in cols.fields:
        return cols
    for index, name in enumerate(cols.fields):
        if name in (None, "measure") and _mostly(rows, index, lambda cell: bool(_DATE_CELL.match(cell))):
            return replace(cols, fields=[*cols.fields[:index], "deadline", *cols.fields[index + 1 :]])
    return cols


def _is_continuation(table: _Table, previous: _Columns | None) -> bool:
    """A header-less table as wide as the last plan table continues it (split by a page break)."""
    first = table.rows[0].cells
    return previous is not None and len(first) == len(previous.fields) and header_score(first) < 0.5


def _rag_key(table: _Table) -> dict[str, str]:
    """A small table listing RAG colours with their meanings (a header row allowed): the colour
    first ("Green | On track"), or in a column of its own beside the status word a plan prints
    ("On track | Green | Will be delivered"). Rows naming no colour ("Not yet due | –") are skipped."""
    key: dict[str, str] = {}
    for row in table.rows:
        cells = [fold(strip_markup(c)) or "" for c in row.cells]
        match = _RAG_WORD.match(cells[0]) if cells else None
        if match:
            key.setdefault(match.group(1).lower(), fold(" ".join([match.group(2), *cells[1:]])) or "")
            continue
        colour = next((i for i, c in enumerate(cells) if _COLOUR_CELL.match(c)), None)
        if colour is not None:
            key.setdefault(cells[colour].lower(), fold(" ".join(cells[:colour] + cells[colour + 1:])) or "")
    return key if len(key) >= 2 else {}


def _prose_rag_key(layout: _Layout) -> dict[str, str]:
    """A RAG key printed as a list of status words, each naming its colour
    ("- **On track** – on course to deliver (green)"): {colour: the entry's words}."""
    key: dict[str, str] = {}
    for _, line in layout.prose:
        text = fold(strip_markup(line)) or ""
        if not _LIST_LINE.match(text):
            continue
        colours = {c.lower() for c in _COLOUR_NAME.findall(text)}
        if len(colours) == 1:
            colour = colours.pop()
            key.setdefault(colour, fold(_COLOUR_NOTE.sub("", strip_bullet(text))) or "")
    return key if len(key) >= 2 else {}


def _repeats_header(table: _Table, cols: _Columns, previous: _Columns | None, previous_table: _Table | None) -> bool:
    """Whether a table repeats the header of the plan table just above it under the same heading.

    Exports repeat a table's header on every page, often after a page footer;
    rows after it continue the same table, recommendation and action.
    """
    return (
        previous is not None and previous_table is not None
        and cols.headers == previous.headers and table.section == previous_table.section
    )


def _prose_text(line: str) -> str:
    return fold(strip_markup(line).lstrip("#> ")) or ""


def _unlabelled(line: str) -> str:
    """A prose paragraph's text without a label introducing its quote ("**Ofsted said:** ...")."""
    match = _QUOTE_LEAD.match(line)
    if match and (match.group("bold") or _QUOTE_LEAD_WORDS.search(match.group("label"))):
        line = line[match.end() :]
    return _prose_text(line).strip(_QUOTES + " ")


def _lead_in_recommendations(ctx: _Context, table: _Table) -> dict[str, int]:
    """The recommendations titled in the prose just above a table, which its rows answer,
    as {ref: index} in document order (a ref of None keyed "").

    Plans that give each recommendation its own table print it above the table:
    a title ("### Recommendation 4") followed by the quoted text, often after a
    label ("**Ofsted said:** Ensure ..."), or title and text on one line
    ("**Ofsted recommendation 2:** Ensure ..."). The title's number is the ref.
    Some print two or three above one table; the rows' action numbers
    ("3.1") then say which each answers.
    """
    lines = [_prose_text(line) for _, line in table.lead_in]
    found: dict[str, int] = {}
    for at, line in enumerate(lines):
        title = _REC_TITLE.match(line)
        if not title:
            continue
        following = [_unlabelled(raw) for (_, raw), shown in zip(table.lead_in[at + 1 : at + 2], lines[at + 1 :])
                     if not _REC_TITLE.match(shown)]
        candidates = [title.group("text").strip(_QUOTES + " "), *following]
        text = next((c for c in candidates if len(c.split()) >= _AIM_MIN_WORDS), None)
        if text is not None:
            provenance = Provenance(page=table.rows[0].page, table=table.index, line=table.lead_in[at][0])
            ref = title.group("num")
            found[ref or ""] = _add_recommendation(ctx, text, ref, None, table.heading, provenance)
    return found


def _titled_by_number(ctx: _Context, action: RawAction) -> None:
    """Give an action numbered "3.1" to recommendation 3 when several are titled above its table."""
    if len(ctx.titled) > 1 and action.ref:
        index = ctx.titled.get(action.ref.split(".")[0])
        if index is not None:
            action.recommendation_index = index


def _read_tables(ctx: _Context, layout: _Layout) -> set[int]:
    """Read every plan table; returns the indices of the plan tables."""
    plan_tables: set[int] = set()
    previous: _Columns | None = None
    previous_table: _Table | None = None
    for table in layout.tables:
        headers = [_clean_header(c) for c in table.rows[0].cells]
        cols = _columns(headers)
        rows = table.rows[1:]
        if cols is None and _is_continuation(table, previous):
            cols, rows = previous, table.rows
            ctx.doc.warnings.append(f"line {table.rows[0].line}: table without header read with the previous header")
        elif cols is not None:
            cols = _with_aim_column(_with_date_column(cols, rows), rows)
            titled = {} if "recommendation" in cols.fields else _lead_in_recommendations(ctx, table)
            if titled or not _repeats_header(table, cols, previous, previous_table):
                # a new table inherits nothing but the recommendations titled above it
                ctx.last_rec = next(iter(titled.values()), None)
                ctx.titled = titled
                ctx.open_action = None
        if cols is None:
            ctx.doc.rag_key = ctx.doc.rag_key or _rag_key(table)
            previous = previous_table = None
            continue
        plan_tables.add(table.index)
        previous, previous_table = cols, table
        data_rows = [r for r in rows if [_clean_header(c) for c in r.cells] != cols.headers]
        for row_index, row in enumerate(data_rows):
            _read_row(ctx, table, cols, row, row_index)
    return plan_tables


def _prose_texts(layout: _Layout) -> list[str]:
    return [text for _, line in layout.prose if (text := fold(strip_markup(line).lstrip("#> ")))]


def _key_value_lines(layout: _Layout, plan_tables: set[int]) -> list[tuple[int, str]]:
    """Rows of two-column tables that are not plan tables, as "label: value" lines.

    Plans print their particulars ("Date of inspection | 6 February 2017",
    "Last updated | 26 June 2017") in such a table rather than in prose.
    """
    lines: list[tuple[int, str]] = []
    for table in layout.tables:
        if table.index in plan_tables or len(table.rows[0].cells) != 2:
            continue
        for row in table.rows:
            label, value = (_clean_header(c) for c in row.cells[:2])
            if label and value and any(ch.isalpha() for ch in label):
                lines.append((row.line, f"{label}: {value}"))
    return lines


def _dated_texts(layout: _Layout, plan_tables: set[int]) -> list[str]:
    """Prose lines and key-value table rows, in document order: where dates and versions are printed."""
    lines = sorted([*layout.prose, *_key_value_lines(layout, plan_tables)])
    return [text for _, line in lines if (text := fold(strip_markup(line).lstrip("#> ")))]


def _fill_metadata(doc: RawDocument, layout: _Layout, plan_tables: set[int]) -> None:
    """Title and authority from headings and bold lines; dates and version from the lines outside plan tables."""
    prose = _prose_texts(layout)
    candidates = layout.headings + [m.group(1) for _, line in layout.prose if (m := _BOLD_LINE.match(line))]
    doc.authority_raw = next((fold(c) for pattern in _AUTHORITY for c in candidates if pattern.search(c)), None)
    titles = [h for h in layout.headings if h != doc.authority_raw] or prose[:1]
    doc.title = titles[0] if titles else None
    for text in _dated_texts(layout, plan_tables):
        match = _STANDALONE_DATE.match(text) or _LABELLED_DATE.search(text)
        if match and doc.document_date_raw is None:
            doc.document_date_raw = match.group("date")
        if doc.inspection_date_raw is None:
            doc.inspection_date_raw = inspection_date(text)
        version = _VERSION.search(text)
        if version and doc.version is None:
            doc.version = version.group("v")
    title = (doc.title or "").lower()
    if "improvement plan" in title:
        doc.doc_type = "improvement_plan"
    elif "progress" in title:
        doc.doc_type = "progress_report"


def extract(source: SourceFile) -> RawDocument:
    """Read a markdown plan export into raw records."""
    layout = _scan(source.text)
    doc = RawDocument(source=str(source.path), sha256=source.sha256, extractor=NAME, doc_type="action_plan")
    plan_tables = _read_tables(_Context(doc=doc), layout)
    if not plan_tables:
        raise ExtractionError("no plan table (header with action and lead/deadline columns) found")
    doc.rag_key = doc.rag_key or _prose_rag_key(layout)
    _fill_metadata(doc, layout, plan_tables)
    return doc


def sniff(source: SourceFile) -> float:
    """Score plan tables whose rows carry HTML cells or pipe-table syntax, under markdown headings."""
    text = source.text_or_none
    if text is None:
        return 0.0
    layout = _scan(text)
    rows = 0
    html_rows = 0
    for table in layout.tables:
        if _columns([_clean_header(c) for c in table.rows[0].cells]) is None:
            continue
        rows += len(table.rows) - 1
        html_rows += sum(bool(_HTML_FRAGMENT.search("\t".join(r.cells))) for r in table.rows[1:])
    if rows == 0:
        return 0.0
    pipes = any(_PIPE_SEPARATOR.match(line) for line in text.split("\n"))
    evidence = 1.0 if pipes else min(1.0, 2 * html_rows / rows)
    headings = len(layout.headings) >= 2
    return round(0.1 + 0.6 * evidence + (0.3 if headings and evidence >= 0.5 else 0.0), 3)


EXTRACTOR = Extractor(name=NAME, sniff=sniff, extract=extract)
