"""Column-flattened cell dumps: PDF tables exported as text one column at a time.

The exporting tool prints every row block of a table page column by column:
column 1's wrapped lines, then column 2's, and so on. What the text keeps:

* ``""`` (truly empty) lines end a cell, but also appear inside a cell as
  paragraph breaks (typically after the first line of a bullet);
* ``" "`` (space-only) lines are the blank lines authors typed into cells to
  line a timescale, lead or RAG rating up beside its bullet, so counting them
  (and not the empty lines) gives each line its vertical offset in the block;
* the header ("No Ofsted recommendation. | Action | Timescale | ...") is
  repeated on some pages and itself split over lines;
* group rows ("Priority and immediate action (3 months)"), theme headings, a
  RAG key footer ("RED = ... Amber = ..."), page numbers and running footers
  ("... Improvement Plan  Page 2"), known by recurring at every page break;
* a page break shows as a line starting with a space right after a text line;
  the row continues there without its recommendation number;
* when every cell of a row has one line on a page, the cells' first lines are
  printed on one line ("35. Ensure that all • Undertake ... Dec 14 Christine
  Green When planning"); a cell's first line can also share a line with the
  next cell's ("Mar 15 Fiona", "Amber Children receive");
* a word broken across lines has no trailing space on its first part
  ("Commissi" / "oning Unit") where the other lines end with one.

Reading it: strip headers and footers, cut the rest into pieces, place each
piece in a column (anchored on what cells look like: bullets, dates, RAG words,
recommendation numbers, and on the column order), then split the action column
into items by bullets and give each item the entries of the other columns that
sit beside it (same vertical offset range). Rows start at recommendation numbers
in whatever scheme the plan uses ("12.", "R3", "b)"); a plan that numbers none
shows a new row only as text where no cell of the current row can take it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from extractors.base import ExtractionError, Extractor, SourceFile
from extractors.cells import (
    BULLET_CHARS,
    DATE_AFTER_INSPECTION,
    MONTH,
    PAGE_LABEL,
    VERSION,
    fold,
    inspection_date,
    is_priority_heading,
    priority_of,
)
from extractors.columns import field_for_header
from models.records import Provenance, RawAction, RawDocument, RawRecommendation

NAME = "flattened_columns"

# ---------------------------------------------------------------- patterns

_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|nine|twelve|eighteen)"
_SEASON = r"(?:spring|summer|autumn|winter)"
# A financial year with an optional quarter, either way round: "2016/17", "2019-20 Q1", "Q2 2016/17".
_FINANCIAL_YEAR = r"\d{4}[/-]\d{2}(?:\d{2})?(?:\s*q[1-4])?|q[1-4]\s*(?:\d{2}(?:\d{2})?(?:[/-]\d{2,4})?)?"
# A deadline cell: "Jan-13", "Sept '16", "w/e 20/12/19", "Q1 13/14", "Within 3 months", "End of March 2013",
# "Autumn 2015", "2019-20 Q1".
_DEADLINE_TOKEN = (
    rf"(?:(?:end(?:\s+of)?|by|w/[ce]|week\s+(?:ending|commencing))\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}[\s'-]*(?:\d{{4}}|\d{{2}})?"
    rf"|(?:(?:by|w/[ce])\s+)?\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"|(?:within\s+)?{_NUMBER_WORD}(?:\s*-\s*{_NUMBER_WORD})?\s+(?:weeks?|months?|years?)"
    rf"|(?:(?:end\s+of|by)\s+)?{_SEASON}\s*'?(?:\d{{4}}|\d{{2}})|{_FINANCIAL_YEAR}"
    r"|immediate(?:ly)?|on-?going|tb[ac]|quarterly|monthly|annually"
)
# After a dash a cell may qualify its value in a few lower-case words ("Ongoing - reviewed monthly"); a page
# break can leave the dash dangling ("Ongoing -").
_QUALIFIER = r"(?:\s+[-–](?:\s+[a-z]+(?:\s+[a-z]+){0,2})?)?"
_CUT_SHORT = re.compile(r"(?:[-–/&,]|\b(?:to|and))\s*$")
_DEADLINE_LINE = re.compile(
    rf"^\s*(?:{_DEADLINE_TOKEN})(?:\s*(?:-|–|to|/|&)\s*(?:{_DEADLINE_TOKEN}))?{_QUALIFIER}\s*$", re.I
)
# Inside a line shared by several cells only an unmistakable date counts: a month or season with a year, a
# financial quarter, a duration.
_DEADLINE_ANCHOR = re.compile(
    rf"(?<!\S)(?:(?:\d{{1,2}}\s+)?{MONTH}\s*'?\d{{2,4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|{_SEASON}\s+\d{{4}}"
    rf"|q[1-4]\s*\d{{4}}(?:/\d{{2,4}})?|\d{{4}}[/-]\d{{2}}\s*q[1-4]|{_NUMBER_WORD}\s+(?:weeks|months?)"
    r"|immediately|ongoing)(?!\S)",
    re.I,
)
# A status cell: colours, their initials ("G", "R / A") and the status words plans print instead.
_RAG_WORD = (
    r"(?:red|amber|green|blue|completed?|not\s+(?:yet\s+)?started|on\s+track|off\s+track|on\s+hold"
    r"|(?:some\s+)?slippage|at\s+risk|delayed|in\s+progress|on\s+target|overdue)"
)
# A word may be bracketed ("Complete (Blue)") and the cell may end in a qualifier ("Amber - on track").
_RAG_LINE = re.compile(
    rf"^\s*(?:\(?(?i:{_RAG_WORD})\)?\s*[/&,-]?\s*)+{_QUALIFIER}\s*$|^\s*[RAGB](?:\s*/\s*[RAGB])?\s*$"
)
_RAG_ANCHOR = re.compile(
    r"(?<!\S)(?:RED|Red|AMBER|Amber|GREEN|Green|BLUE|Blue)(?:\s*/\s*(?:Red|Amber|Green|Blue))?(?!\S)"
)
# Besides the shared bullet set: Wingdings bullets (diamond, arrow, tick) and Word's "o", a bullet only before a space.
_GLYPHS = BULLET_CHARS + "\uf076\uf0d8\uf0fc➢►"
_BULLETS = _GLYPHS + "o"
_BULLET_ANCHOR = re.compile(rf"(?<!\S)[{re.escape(_BULLETS.replace('-', ''))}](?=\s)")
# An action numbered in its cell: "1a. Relaunch ...", "2.3 Train ..." (not "2 social workers").
_NUMBERED_ITEM = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}|[a-z]))[.)]?\s+(?=\S)")
_NUMBER_MARK = "#"  # the mark of a numbered item, beside the bullet glyphs
_BULLET_LINE = re.compile(rf"^\s*([{re.escape(_BULLETS)}])\s")
_BULLET_MARK = re.compile(rf"^\s*(?:[{re.escape(_GLYPHS)}]\s*|o\s+)")
# A recommendation number opening column 1, in one of four schemes: "12." / "13/14" / "1.2", "R3", "b)" / "(b)",
# "iv." (a Roman numeral takes a full stop: "i)" is a letter); the number may follow a label ("Recommendation 3:").
_REC_START = re.compile(
    r"^\s*(?:(?i:recommendation)\s+)?"
    r"(?:(?P<number>\d{1,3}(?:/\d{1,3})?|\d{1,2}\.\d{1,2})(?:[.):]\s*|\s+)"
    r"|(?P<tagged>R\d{1,3})(?:[.):]\s*|\s+)"
    r"|\(?(?P<letter>[a-zA-Z])\)\s*"
    r"|(?P<roman>[ivx]{1,6}|[IVX]{1,6})\.\s*)"
    r"(?=[A-Z‘'\"(]|$)"
)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s")  # a number with no full stop or bracket after it
_GROUP_ROW = re.compile(
    r"^\s*(?:priority\b.*|areas?\s+(?:for|requiring)\s+(?:improvement|development)\b.*"
    r"|[A-Za-z][^.]{3,60}\(\s*\d+\s*(?:-\s*\d+\s*)?months?\s*\))\s*$",
    re.I,
)
# A labelled section row: a word or two, a section number or letter, a separator, a title ("Theme A - Help and
# protection", "Strand 2: Workforce").
_SECTION_ROW = re.compile(r"^[A-Z][a-z]+(?:\s+[a-z]+)?\s+(?:\d{1,2}|[A-Z]|[IVX]{1,4})\s*[-–:.]\s+[A-Z][^.]{2,80}$")
_HEADING = re.compile(r"^[A-Z][A-Za-z ,&'’-]{2,60}$")
_KEY_WORD_LINE = re.compile(r"^\s*key\s*:?\s*$", re.I)
# A key entry's meaning runs to the next entry, which may name a status word rather than a colour
# ("Green = on track   Complete = action completed").
_KEY_ENTRY = re.compile(
    r"\b(red|amber|green|blue)\s*[=:]\s*(.+?)(?=\s+(?:\b(?:red|amber|green|blue)\s*[=:]|[A-Za-z]+\s*=)|$)", re.I
)
_KEY_WORDED = re.compile(r"(?:^|[|;,:]\s*)([A-Za-z][A-Za-z ]{1,30}?)\s*\((red|amber|green|blue)\)", re.I)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.I)
_FRAGMENT_SPLIT = re.compile(r"\s{2,}")
_DIGITS = re.compile(r"\d+")
_FINISHED = re.compile(r"[.;:!?)]\s*$")
_MEASURE_HINT = re.compile(r"\b[A-Z]{1,4}\d{1,4}\b|%|\bindicator\b|\bnumber of\b|\baverage\b", re.I)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\s+\d{{4}}|{MONTH}\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})", re.I
)
# The document's own date: "Updated 28/02/2013", "Last revised: 3 May 2016", "Version 3 - January 2014".
_DOC_DATE = re.compile(
    rf"\b(?:(?:last\s+)?(?:updated|revised|dated?|as at|(?:status|position|progress)\s+at)\s*:?"
    rf"|version\s*[:.]?\s*\d+(?:\.\d+)*\s*[-–,:]?)"
    rf"\s*({_DATE.pattern})",
    re.I,
)
_INSPECTED = re.compile(r"\binspect", re.I)
_VERSION_NUMBER = re.compile(r"\bversion\s*[:.]?\s*\d", re.I)
_COUNCIL = re.compile(
    r"\b(?:London |Royal )?Borough of [A-Z][\w'-]+(?: [A-Z][\w'-]+)*"
    r"|\b(?:[A-Z][\w'-]+ )+(?:City|County|Borough|Metropolitan Borough|District) Council\b"
)

_START_HEADER = re.compile(r"\bstart|\bbegin|\bcommenc", re.I)
_DATE_WORD = re.compile(r"\bdates?\b", re.I)
_END_HEADER = re.compile(r"complet|target|\bdue\b|\bby\b|\bend\b|deadline|finish", re.I)

_START = "start"  # the field of a start-date column (see _column_field)
_TITLE_SMALL_WORDS = frozenset({"of", "and", "for", "the", "in", "to", "with"})
_MAX_HEADER_FRAGMENT_WORDS = 5  # "What we will do"
_SHORT_HEADER_WORDS = 3
_MAX_GROUP_WORDS = 6
_HEADINGS_ABOVE_ROW = 2  # a group row, then a theme heading, then the row
_MIN_HEADER_FIELDS = 3
_ALIGNED_FIELDS = ("deadline", "lead", "rag", "measure", "progress", "cost")
_TEXT_FIELDS = ("recommendation", "action")
_CUT_FIELDS = ("lead", _START, "deadline", "rag")  # short value cells a page break may cut


# ---------------------------------------------------------------- lines and pieces

@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the file
    raw: str

    @property
    def empty(self) -> bool:
        """A truly empty line: a paragraph break, not a visual line."""
        return self.raw == ""

    @property
    def blank(self) -> bool:
        """A visual blank line typed into a cell (spaces only)."""
        return self.raw != "" and not self.raw.strip()

    @property
    def text(self) -> str:
        return self.raw.strip()


@dataclass
class Piece:
    """Lines between two cuts (empty line, page break, recommendation start)."""

    lines: list[Line]
    page_start: bool = False  # first piece after a page break
    rec_start: bool = False
    group: bool = False

    @property
    def text_lines(self) -> list[Line]:
        return [line for line in self.lines if not line.blank]


@dataclass
class Layout:
    """The table's columns as named by its header."""

    fields: list[str | None]
    headers: list[str]

    def index(self, name: str) -> int | None:
        return self.fields.index(name) if name in self.fields else None

    def date_column(self, after: int) -> int | None:
        """The date column (start date or deadline) a date cell at or after column `after` goes to.

        A date column already reached hands the next date cell on to the following one."""
        dates = [c for c, name in enumerate(self.fields) if name in (_START, "deadline") and c >= after]
        return dates[1] if len(dates) > 1 and dates[0] == after else (dates[0] if dates else None)


# ---------------------------------------------------------------- header, footer, key

@dataclass(frozen=True)
class HeaderFragment:
    """A header cell's text on one line; `wraps` when it stands alone right under another header line."""

    text: str
    wraps: bool = False


HeaderRun = tuple[int, int, list[HeaderFragment]]  # first line index, last line index, fragments


def _header_fragments(line: str) -> list[str] | None:
    """Fragments of a header-like line (short fragments split by runs of spaces), else None.

    Not a header: a lone group row ("Areas for improvement" names the recommendation
    column only beside other column names), a line of the title block stating a
    document fact ("Inspection date: 22 November 2013", "Updated 14 October 2019"),
    the RAG key ("Amber = In progress"), wrapped prose, a row's first line under the
    header ("Recommendation 4: Ensure" names a column but opens a row).
    """
    if _states_document_fact(line) or len(_rag_key(line)) >= 2 or _REC_START.match(line):
        return None
    frags = [f for f in _FRAGMENT_SPLIT.split(line.strip()) if f]
    if not frags or any(len(f.split()) > _MAX_HEADER_FRAGMENT_WORDS for f in frags):
        return None
    if len(frags) == 1 and priority_of(frags[0]):
        return None
    if any(len(f.split()) > _SHORT_HEADER_WORDS and not f[0].isupper() for f in frags):
        return None  # longer header wordings are capitalised ("What we will do"); wrapped prose is not
    return frags


def _states_document_fact(line: str) -> bool:
    return any(pattern.search(line) for pattern in (_DOC_DATE, DATE_AFTER_INSPECTION, _VERSION_NUMBER))


def _names_field(frags: list[str] | None) -> bool:
    return bool(frags) and any(field_for_header(f) for f in frags)


def _header_runs(lines: list[Line]) -> Iterator[HeaderRun]:
    """(first index, last index, fragments) of each run of header lines naming >= 3 fields, action among them.

    A header line names a field ("Action  Timescale  Lead"); a short line naming
    none ("Performance", "improvement") belongs to the run when the next line does.
    """
    texts = [i for i, line in enumerate(lines) if line.text]
    kinds = {i: _header_fragments(lines[i].raw) for i in texts}
    n = 0
    while n < len(texts):
        if not _names_field(kinds[texts[n]]):
            n += 1
            continue
        rows = [(texts[n], kinds[texts[n]] or [])]
        m = n + 1
        while m < len(texts):
            frags = kinds[texts[m]]
            follows = m + 1 < len(texts) and _names_field(kinds[texts[m + 1]])
            if frags is None or not (_names_field(frags) or (len(frags) == 1 and follows)):
                break
            rows.append((texts[m], frags))
            m += 1
        collected = _run_fragments(rows)
        named = {field_for_header(f.text) for f in collected}
        if "action" in named and len(named - {None}) >= _MIN_HEADER_FIELDS:
            yield texts[n], texts[m - 1], collected
        n = m


def _run_fragments(rows: list[tuple[int, list[str]]]) -> list[HeaderFragment]:
    """Fragments of a header run given as (line index, fragments) rows.

    A lone fragment right under another line wraps it. When the export parts the
    header's cells by empty lines, a lone fragment right under another lone one is
    the next line of that same cell ("Progress" / "RAG", "Completion" / "date").
    """
    gapped = any(below[0] > above[0] + 1 for above, below in pairwise(rows))
    out: list[HeaderFragment] = []
    for n, (index, frags) in enumerate(rows):
        under = n > 0 and index == rows[n - 1][0] + 1 and len(frags) == 1
        if gapped and under and len(rows[n - 1][1]) == 1:
            out[-1] = HeaderFragment(f"{out[-1].text} {frags[0]}", out[-1].wraps)
            continue
        out += [HeaderFragment(f, under) for f in frags]
    return out


def _layout(fragments: list[HeaderFragment]) -> Layout:
    """Columns from header fragments.

    A fragment naming nothing waits for the next: together they may name a
    column ("Area for" + "improvement"), or it prefixes the next column's name
    ("Performance" + "Indicator"). A wrapped line never opens a column of its
    own. Fragments naming the same field join, and a number column joins the
    text column after it (the dump prints the number inside that cell).
    """
    columns: list[tuple[str | None, str]] = []
    pending = ""

    def push(name: str | None, text: str) -> None:
        names = [c for c, _ in columns]
        if columns and (names[-1] == name or (names[-1] == "ref" and name in _TEXT_FIELDS)):
            columns[-1] = (name, f"{columns[-1][1]} {text}")
            return
        taken = names.index(name) if name in names else None
        if taken is not None and name == "deadline" and _names_end(text) and not _names_end(columns[taken][1]):
            columns[taken] = (None, columns[taken][1])  # "Date" gives way to "Due date"
        elif taken is not None:
            name = None  # a second column naming a taken field keeps its header only
        columns.append((name, text))

    def wrapped(name: str | None, text: str) -> None:
        """A cell's wrapped last line joins the column it names ("Responsible" + "officer"), else the last."""
        at = next((n for n, (c, _) in enumerate(columns) if name and c == name), len(columns) - 1)
        columns[at] = (columns[at][0], f"{columns[at][1]} {text}")

    for fragment in fragments:
        frag = fragment.text
        own = _column_field(frag)
        if fragment.wraps and columns and not pending and (own is None or own in {c for c, _ in columns}):
            wrapped(own, frag)
            continue
        joined = f"{pending} {frag}".strip()
        if own is None and not (pending and _column_field(joined)):
            pending = joined
            continue
        pending = ""
        push(_column_field(joined), joined)
    if pending:
        push(None, pending)
    fields = [name for name, _ in columns]
    if fields and fields[0] == "ref":
        fields[0] = "recommendation"
    return Layout(fields, [text for _, text in columns])


def _column_field(header: str) -> str | None:
    """The field a header names, except that a date column naming a start ("Start date", "Date
    started") is not the deadline (a shared rule reading any "date" as one would make it so); it
    gets a field of its own, so that its dates are placed in it rather than in the deadline column."""
    if _START_HEADER.search(header) and _DATE_WORD.search(header) and not _names_end(header):
        return _START
    return field_for_header(header)


def _names_end(header: str) -> bool:
    """A deadline header naming the end ("Completion date", "Due", "By when"), not just a date."""
    return bool(_END_HEADER.search(header))


def _rag_key(line: str) -> dict[str, str]:
    """A printed RAG key's entries, {colour: meaning}: "Green = on track  Amber = ..." or, naming
    the status words a plan prints, "Complete (blue) | On track (green) | ..."."""
    key = {m.group(1).lower(): fold(m.group(2)) or "" for m in _KEY_ENTRY.finditer(line)}
    if len(key) < 2:
        key = {m.group(2).lower(): fold(m.group(1)) or "" for m in _KEY_WORDED.finditer(line)}
    return key


def _furniture(lines: list[Line]) -> tuple[set[int], set[int], list[HeaderRun], dict[str, str]]:
    """Indices of header/footer lines to drop, indices after which a page starts, header runs, RAG key."""
    drop: set[int] = set()
    breaks: set[int] = set()
    runs = list(_header_runs(lines))
    for start, end, _ in runs:
        drop.update(range(start, end + 1))
        breaks.add(end)
    key: dict[str, str] = {}
    for i, line in enumerate(lines):
        entries = _rag_key(line.raw)
        if len(entries) >= 2:
            key = key or entries
            drop.add(i)
            breaks.add(i)
        elif _KEY_WORD_LINE.match(line.raw):
            drop.add(i)
    _add_page_numbers(lines, drop, breaks)
    while running := _running_lines(lines, drop, len(runs)) - drop:  # a footer's other line sits by the one found
        drop |= running
        breaks |= running
    _add_page_numbers(lines, drop, breaks)  # the last page's number sits by its running footer only
    return drop, breaks, runs, key


def _add_page_numbers(lines: list[Line], drop: set[int], breaks: set[int]) -> None:
    """Page numbers sit next to a footer or a header."""
    for i, line in enumerate(lines):
        if i not in drop and _PAGE_NUMBER.match(line.raw) and _near(lines, i, drop):
            drop.add(i)
            breaks.add(i)


def _running_lines(lines: list[Line], furniture: set[int], pages: int) -> set[int]:
    """Running footers and heads ("Council Improvement Plan  Page 3"), found by repetition, not wording.

    A line beside other page furniture or a "Page 2 of 3" label (or closing the
    document) whose text, page number aside, recurs at (nearly) every page break is
    furniture, and so is each other line with that text (the last page's footer may
    sit beside nothing known). Short cell values (a RAG word, a date) can end several
    pages by chance, so they never count.
    """
    last_text = max((i for i, line in enumerate(lines) if line.text), default=-1)
    marks = furniture | {i for i, line in enumerate(lines) if PAGE_LABEL.match(line.raw)}
    seen: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        beside = bool(line.text) and i not in marks and (i == last_text or _near(lines, i, marks))
        if beside and not (_RAG_LINE.match(line.text) or _DEADLINE_LINE.match(line.text)):
            seen[_DIGITS.sub("#", fold(line.text) or "")].append(i)
    need = max(2, pages - 1)
    running = {key for key, found in seen.items() if len(found) >= need}
    return {i for i, line in enumerate(lines) if line.text and _DIGITS.sub("#", fold(line.text) or "") in running}


def _near(lines: list[Line], i: int, marked: set[int], reach: int = 3) -> bool:
    """True if a marked line is within `reach` non-text lines of line i."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and abs(j - i) <= reach:
            if j in marked:
                return True
            if lines[j].text:
                break
            j += step
    return False


# ---------------------------------------------------------------- segmenting

RecNumber = tuple[str, tuple[int, ...]]  # numbering scheme ("number", "tagged", "letter"), position in it


def _rec_ref(match: re.Match[str]) -> tuple[str, str]:
    """The scheme and the printed reference ("13/14", "R3", "b") of a recommendation start."""
    scheme = match.lastgroup or "number"
    return scheme, match.group(scheme)


def _rec_number(text: str) -> RecNumber | None:
    """Scheme and position of the recommendation number opening a line ("b)" is (2,), "R3" is (3,), "1.2" is (1, 2),
    "iv." is (4,))."""
    match = _REC_START.match(text)
    if not match:
        return None
    scheme, ref = _rec_ref(match)
    if scheme == "letter":
        return scheme, (ord(ref.lower()) - ord("a") + 1,)
    if scheme == "roman":
        return scheme, (_roman_value(ref),)
    return scheme, tuple(int(part) for part in _DIGITS.findall(ref))


def _roman_value(numeral: str) -> int:
    """The value of a Roman numeral ("iv" is 4): a digit smaller than the one after it is subtracted."""
    values = [_ROMAN_VALUES[c] for c in numeral.lower()]
    return sum(-v if v < after else v for v, after in zip(values, values[1:] + [0]))


def _is_group_row(text: str, before_rec: bool) -> bool:
    """A full-width timescale group row or labelled section row. Wordings that could be a deadline cell ("Within
    six months") or a plain priority phrase ("Immediate action") count only right above a recommendation."""
    if _rec_number(text) is not None or text.endswith("."):
        return False
    if _SECTION_ROW.match(text):
        return True
    if not _DEADLINE_LINE.match(text) and (_GROUP_ROW.match(text) or is_priority_heading(text)):
        return True
    return before_rec and priority_of(text) is not None and len(text.split()) <= _MAX_GROUP_WORDS


def _rec_follows(lines: list[Line], i: int, drop: set[int]) -> bool:
    """True if a recommendation starts after line i, blank lines and up to two heading lines between."""
    headings = 0
    for j in range(i + 1, len(lines)):
        if j in drop or not lines[j].text:
            continue
        if _rec_number(lines[j].raw) is not None:
            return True
        headings += 1
        if headings > _HEADINGS_ABOVE_ROW or not _HEADING.match(lines[j].text):
            return False
    return False


def _pieces(lines: list[Line], drop: set[int], breaks: set[int]) -> list[Piece]:
    """Cut the body into pieces at empty lines, page breaks, recommendation starts and group rows.

    Recommendation numbers must increase (a group row allows a restart) and an
    unpunctuated one must not continue an unfinished line ("Average caseload" /
    "21 (October 2018)"), which
    keeps numbered prose ("2 transformation", "16/10/14") from starting rows,
    and keep the scheme the first one used, so lettered list items inside a cell
    of a numbered plan (or numbered ones in a lettered plan) stay text.
    """
    pieces: list[Piece] = []
    current: Piece | None = None
    page_start = False
    last_number: tuple[int, ...] = ()
    scheme: str | None = None

    def close() -> None:
        nonlocal current
        if current and current.lines:
            pieces.append(current)
        current = None

    for i, line in enumerate(lines):
        if i in drop:
            if i in breaks:
                close()
                page_start = True
            continue
        if line.empty:
            close()
            continue
        number = _rec_number(line.raw) if line.text else None
        at_start = current is None or not current.lines[-1].text or line.raw[0].isspace()
        if line.text and at_start and _is_group_row(line.text, _rec_follows(lines, i, drop)):
            close()
            pieces.append(Piece([line], group=True))
            last_number = ()
            continue
        prose = bool(number and _BARE_NUMBER.match(line.raw) and current and _unfinished(current.lines[-1].text))
        if number is not None and number[0] == (scheme or number[0]) and number[1] > last_number and not prose:
            close()
            current = Piece([], page_start=page_start, rec_start=True)
            scheme, last_number = number
            page_start = False
        elif current and line.text and line.raw[0].isspace() and current.lines and current.lines[-1].text:
            close()  # a line indented after a text line opens the next page
            page_start = True
        if current is None:
            current = Piece([], page_start=page_start)
            page_start = False
        current.lines.append(line)
    close()
    return pieces


# ---------------------------------------------------------------- column assignment

@dataclass
class Block:
    """One row's cells on one page; offsets count visual lines per column."""

    start: int
    continuation: bool  # the row started on an earlier page
    cells: list[list[Line]]
    state: int = -1  # last column filled
    heading: str | None = None
    group: str | None = None
    number_line_only: bool = False  # column 1 holds just "27." or "13/14 Take action to" so far

    def add(self, col: int, lines: list[Line]) -> None:
        self.cells[col].extend(lines)
        self.state = max(self.state, col)

    def column_text(self, col: int) -> str:
        return " ".join(line.text for line in self.cells[col] if line.text)


def _kind(piece: Piece) -> str:
    texts = piece.text_lines
    if not texts:
        return "blank"
    if _all_entries_match(piece, _RAG_LINE):
        return "rag"
    if _all_entries_match(piece, _DEADLINE_LINE):
        return "deadline"
    if _BULLET_LINE.match(texts[0].raw):
        return "bullet"
    return "text"


def _all_entries_match(piece: Piece, pattern: re.Pattern[str]) -> bool:
    """Whether every entry (run of text lines) of the piece is such a cell, line by line or, when a
    narrow column wrapped it ("Within 3" / "months", "Not" / "started") or broke a word in it
    ("Complet" / "ed", see _join), as a whole."""
    return all(all(pattern.match(line.text) for line in lines)
               or pattern.match(" ".join(line.text for line in lines))
               or pattern.match(_join([line.raw for line in lines], tight=True) or "")
               for _, lines in _entries(piece.lines))


def _split_shared_line(text: str, layout: Layout, col: int) -> list[tuple[int, str]]:
    """Cut a line holding the first lines of several cells at bullets, dates and RAG words.

    Text before an anchor stays in the current column; a bullet opens the action
    cell; a date or RAG word is a whole cell and the text after it opens the next
    column. An anchor for the current column counts only at the start of the text.
    """
    action = layout.index("action")
    anchors = [(action, _BULLET_ANCHOR), (layout.index("rag"), _RAG_ANCHOR)]
    anchors += [(c, _DEADLINE_ANCHOR) for c, name in enumerate(layout.fields) if name in (_START, "deadline")]
    parts: list[tuple[int, str]] = []
    rest = text
    while rest.strip():
        found = [(m.start(), c, m) for c, pattern in anchors if c is not None
                 for m in [pattern.search(rest)]
                 if m and (c > col or (c == col and c != action and not rest[:m.start()].strip()))]
        if not found:
            parts.append((col, rest))
            break
        pos, anchor_col, match = min(found, key=lambda f: (f[0], f[1]))
        if rest[:pos].strip():
            parts.append((col, rest[:pos]))
        if anchor_col == action:
            col, rest = anchor_col, rest[pos:]
            continue
        parts.append((anchor_col, match.group(0)))
        col, rest = min(anchor_col + 1, len(layout.fields) - 1), rest[match.end():]
    return parts


def _leading_anchor(text: str, layout: Layout, after: int) -> int | None:
    """The deadline or RAG column whose value opens a line shared with the next cell ("Mar 15 Fiona")."""
    for col, pattern in ((layout.date_column(after), _DEADLINE_ANCHOR), (layout.index("rag"), _RAG_ANCHOR)):
        match = pattern.match(text)
        if match and col is not None and text[match.end():].strip():
            return col
    return None


def _unfinished(text: str) -> bool:
    return bool(text) and not _FINISHED.search(text)


def _looks_like_names(piece: Piece) -> bool:
    """Lead cells: short lines of capitalised names and roles ("Nick Cross /", "Unit/ Fiona").

    The small words of job titles ("Head of Service for Quality and Performance") are not counted."""
    if any(len(line.text.split()) > 4 for line in piece.text_lines):
        return False
    words = [w for line in piece.text_lines for w in line.text.split() if w not in _TITLE_SMALL_WORDS]
    if not words:
        return False
    capital = sum(1 for w in words if w[0].isupper() or w[0] in "/&")
    return capital / len(words) >= 0.6


class _Placer:
    """Walks the pieces and places each in a column of the current block."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.blocks: list[Block] = []
        self.col1_widths: list[int] = []
        self.group: str | None = None
        self.heading: str | None = None
        self.after_group = False
        self.numbered = True  # whether the plan numbers its recommendations (set by run)
        self.warnings: list[str] = []

    @property
    def block(self) -> Block | None:
        return self.blocks[-1] if self.blocks else None

    def open(self, line: Line, continuation: bool) -> Block:
        block = Block(line.no, continuation, [[] for _ in self.layout.fields], group=self.group, heading=self.heading)
        self.blocks.append(block)
        return block

    def run(self, pieces: list[Piece]) -> list[Block]:
        self.numbered = any(piece.rec_start for piece in pieces)
        for n, piece in enumerate(pieces):
            nxt = pieces[n + 1] if n + 1 < len(pieces) else None
            self.place(piece, nxt)
        return self.blocks

    def place(self, piece: Piece, nxt: Piece | None) -> None:
        first = piece.lines[0]
        if piece.group:
            self.group_row(first.text)
            return
        if piece.rec_start:
            self.after_group = False
            block = self.open(first, continuation=False)
            self.put_first_line(block, piece, 0, split=True)
            block.number_line_only = len(piece.text_lines) == 1 and len(block.cells[0]) == len(piece.lines)
            return
        kind = _kind(piece)
        if kind == "blank":
            if self.block and self.block.state >= 0 and not piece.page_start:
                self.block.add(self.block.state, piece.lines)
            return
        if kind == "text" and nxt is not None and self.heads_next_row(piece, nxt):
            self.heading = fold(" ".join(line.text for line in piece.text_lines))
            return
        if self.block is None or piece.page_start:
            self.open(first, continuation=not self.opens_unnumbered_row(kind))
        elif self.heads_unnumbered_bullets(kind, nxt):
            self.open(first, continuation=False)
        col = self.column_for(piece, kind, nxt)
        if col is None:  # nothing left in this block can take it: the row goes on below, or a new one starts
            self.open(first, continuation=self.numbered or kind != "text")
            col = self.column_for(piece, kind, nxt)
        if col is None:
            self.warnings.append(f"line {first.no}: text outside any column skipped")
            return
        self.put_first_line(self.block, piece, col, split=kind in ("text", "bullet"))

    def opens_unnumbered_row(self, kind: str) -> bool:
        """In a plan that numbers no recommendation, text at the top of the table or of a page opens
        a new row, unless the page break cut column 1 or the action cell (its text ends unfinished)."""
        if self.numbered or kind != "text":
            return False
        action = self.layout.index("action") or 0
        return not any(_unfinished(self.previous_text(col, include_current=True)) for col in (0, action))

    def heads_unnumbered_bullets(self, kind: str, nxt: Piece | None) -> bool:
        """In a plan that numbers no recommendation, text past the action column that bullets follow
        is the next row's column 1, not a last cell of this row (which may have left it empty)."""
        action = self.layout.index("action")
        block = self.block
        return (not self.numbered and kind == "text" and nxt is not None and _kind(nxt) == "bullet"
                and block is not None and action is not None and block.state > action)

    def group_row(self, text: str) -> None:
        """A full-width row: a timescale group, or a theme heading when it names no priority
        ("Priority 1: Front door and early help")."""
        if priority_of(text):
            self.group, self.heading = text, None
        else:
            self.heading = text
        self.after_group = True

    def heads_next_row(self, piece: Piece, nxt: Piece) -> bool:
        """Text right above a recommendation is a theme heading when it follows a group row, or when
        it is one heading-like line after a row that has reached its last column (no cell can take it).

        Where the plan numbers no recommendation, a row's start shows only as text past the action
        column (or above the first row): one heading-like line there, with more text after it, heads it."""
        lines = piece.text_lines
        one_heading = len(lines) == 1 and bool(_HEADING.match(lines[0].text))
        block = self.block
        if not self.numbered:
            action = self.layout.index("action")
            past = block is None or (action is not None and block.state > action)
            return one_heading and past and _kind(nxt) == "text"
        if not nxt.rec_start:
            return False
        if self.after_group:
            return True
        full = block is not None and block.state == len(self.layout.fields) - 1
        return full and not piece.page_start and one_heading

    def put_first_line(self, block: Block, piece: Piece, col: int, split: bool) -> None:
        """Place the piece from `col`, cutting its first line if it holds several cells' first lines."""
        first = piece.lines[0]
        parts = _split_shared_line(first.raw, self.layout, col) if split and first.text else [(col, first.raw)]
        for part_col, text in parts:
            block.add(part_col, [Line(first.no, text)])
        block.add(parts[-1][0], piece.lines[1:])
        self.col1_widths += [len(text.strip()) for part_col, text in parts if part_col == 0 and text.strip()]
        if parts[-1][0] == 0:
            self.col1_widths += [len(line.text) for line in piece.lines[1:] if line.text]

    def column_for(self, piece: Piece, kind: str, nxt: Piece | None) -> int | None:
        layout, block = self.layout, self.block
        state = block.state
        action = layout.index("action")
        if kind in ("deadline", "rag"):
            col = layout.date_column(state) if kind == "deadline" else layout.index(kind)
            return col if col is not None and col >= state else None
        if kind == "bullet":
            return action if action is not None and action >= state else None
        anchored = _leading_anchor(piece.lines[0].text, self.layout, state)
        if anchored is not None and anchored >= state and state >= 0:
            return anchored
        if state < 0:  # a block opened by a row's first cell (unnumbered rows) or by a page break
            return self.continued_column(piece) if block.continuation else 0
        if state == 0 and block.number_line_only:
            block.number_line_only = False
            return 0
        if action is not None and state < action:
            if block.continuation:
                return self.unfinished_column(piece, action)
            return action
        if state == action and self.continues_bullet(block, piece, action):
            return action
        if block.continuation and (cut := self.cut_value_column(state)) is not None:
            return cut
        return self.next_free_column(piece, state, nxt)

    def cut_value_column(self, state: int) -> int | None:
        """The lead, date or RAG column after `state` whose value the page break cut at a dash, comma or joining
        word ("Ongoing -" / "reviewed monthly"): text there goes on with it rather than opening a later column.
        Only the first such column holding text counts; a finished value there leaves the choice to the layout."""
        for col in range(state + 1, len(self.layout.fields)):
            text = self.previous_text(col) if self.layout.fields[col] in _CUT_FIELDS else ""
            if text:
                return col if _CUT_SHORT.search(text) else None
        return None

    def continued_column(self, piece: Piece) -> int:
        """Column 1 or the action column for the first text on a continuation page."""
        action = self.layout.index("action") or 0
        rec_open = _unfinished(self.previous_text(0))
        action_open = _unfinished(self.previous_text(action))
        if rec_open and not action_open:
            return 0
        if rec_open and action_open:
            width = max(len(line.text) for line in piece.text_lines)
            return 0 if width <= self._col1_width() + 1 else action
        return action

    def unfinished_column(self, piece: Piece, action: int) -> int | None:
        """On a continuation page, text after column 1 continues whichever cell the break cut."""
        for col in range(action, len(self.layout.fields)):
            if self.layout.fields[col] in ("deadline", "rag", "lead"):
                continue
            if _unfinished(self.previous_text(col)):
                return col
        return action

    def previous_text(self, col: int, include_current: bool = False) -> str:
        """The last text the previous blocks (and the current one, if asked) put in a column, for the row
        being continued."""
        for block in reversed(self.blocks if include_current else self.blocks[:-1]):
            text = block.column_text(col)
            if text:
                return text
            if not block.continuation:
                break
        return ""

    def _col1_width(self) -> int:
        widths = sorted(self.col1_widths) or [20]
        return widths[int(0.9 * (len(widths) - 1))]

    def continues_bullet(self, block: Block, piece: Piece, action: int) -> bool:
        """True when the piece goes on with the bullet whose first line ends the action column (the dump
        breaks a paragraph there). A finished first line ("Recruit a manager.") ends a one-line bullet,
        and names where the lead column follows are that cell ("Designated" / "Nurse"), unless the
        piece resumes in lower case, mid-sentence ("report from the Children in Care Council.")."""
        texts = [line for line in block.cells[action] if line.text]
        if not texts or not _BULLET_LINE.match(texts[-1].raw) or not _unfinished(texts[-1].text):
            return False
        lead_next = action + 1 < len(self.layout.fields) and self.layout.fields[action + 1] == "lead"
        resumes = piece.text_lines[0].text[:1].islower() if piece.text_lines else False
        return resumes or not (lead_next and _looks_like_names(piece))

    def next_free_column(self, piece: Piece, state: int, nxt: Piece | None) -> int | None:
        """An unanchored cell after the action column: lead, measure, outcome or an unknown column."""
        layout = self.layout
        candidates = [c for c in range(state + 1, len(layout.fields))
                      if layout.fields[c] not in (_START, "deadline", "rag", "action", "recommendation")]
        if not candidates:
            return None
        if layout.fields[candidates[0]] == "lead":
            if _looks_like_names(piece) or len(candidates) == 1:
                return candidates[0]
            candidates = candidates[1:]
        measure, outcome = layout.index("measure"), layout.index("outcome")
        if measure in candidates and outcome in candidates:
            before_rag = nxt is not None and (_kind(nxt) == "rag" or bool(_RAG_ANCHOR.match(nxt.lines[0].text)))
            text = " ".join(line.text for line in piece.text_lines)
            return measure if before_rag or _MEASURE_HINT.search(text) else outcome
        return candidates[0]


# ---------------------------------------------------------------- joining broken words

def _joins_tight(lines: list[Line]) -> bool:
    """Whether the export marks lines that end mid-word by leaving off the trailing space."""
    texts = [line.raw for line in lines if line.text]
    return bool(texts) and sum(t.endswith(" ") for t in texts) > 0.6 * len(texts)


def _join(lines: list[str], tight: bool) -> str | None:
    """Join wrapped lines, rejoining words broken across them ("Commissi" + "oning").

    With the trailing-space convention a line ending without a space was cut
    mid-word; without it only a line ending in "/" or a letter and "-" is.
    """
    parts: list[str] = []
    glue_next = False
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        if parts and glue_next:
            parts[-1] += text
        else:
            parts.append(text)
        glue_next = not raw.endswith((" ", "\t")) if tight else bool(re.search(r"(?:/|[A-Za-z]-)$", text))
    return fold(" ".join(parts))


# ---------------------------------------------------------------- records

@dataclass
class _Item:
    """An action being built: raw lines per field, and where it sits in its block."""

    lines: list[str]
    first_line: int
    rec_index: int | None
    fields: dict[str, list[str]] = field(default_factory=dict)
    sub: bool = False  # a sub-item (dash under a bullet) joins the item above


@dataclass
class _Found:
    """An action item as found in the column: its lines, bullet mark and last text offset."""

    lines: list[Line]
    mark: str | None
    last: int


def _items(cells: list[Line]) -> list[_Found]:
    """Action items of a column: a bullet line or a numbered one ("1a.", "2.3") starts one,
    other lines continue the last."""
    items: list[_Found] = []
    for offset, line in enumerate(cells):
        if not line.text:
            continue
        bullet = _BULLET_LINE.match(line.raw)
        mark = bullet.group(1) if bullet else (_NUMBER_MARK if _NUMBERED_ITEM.match(line.raw) else None)
        if mark or not items:
            items.append(_Found([line], mark, offset))
        else:
            items[-1].lines.append(line)
            items[-1].last = offset
    return items


_FAR = 10**6
_SHARED_PENALTY = 3  # lines of misalignment worth accepting to keep one entry per item


def _spans(items: list[_Found]) -> list[tuple[int, int]]:
    """Offset range each item stands beside: blank lines above an item belong to it, so an
    entry typed one line above a bullet lines up with that bullet; the last item takes the rest."""
    spans = []
    for n, item in enumerate(items):
        start = items[n - 1].last + 1 if n else 0
        spans.append((start, item.last if n + 1 < len(items) else _FAR))
    return spans


def _assign(offsets: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """Item index per entry, in order: an entry goes beside the item whose span holds it, unless
    sliding it to a neighbour by a line or two lets every item keep one entry (authors' typed
    blank lines drift). Solved exactly by dynamic programming over (entry, item)."""
    if not offsets:
        return []

    def miss(offset: int, span: tuple[int, int]) -> int:
        return max(span[0] - offset, offset - span[1], 0)

    n = len(spans)
    cost = [[miss(offsets[0], spans[k]) for k in range(n)]]
    back: list[list[int]] = [[-1] * n]
    for i in range(1, len(offsets)):
        row, links = [], []
        for k in range(n):
            best = min(range(k + 1), key=lambda j: cost[-1][j] + (_SHARED_PENALTY if j == k else 0))
            row.append(cost[-1][best] + (_SHARED_PENALTY if best == k else 0) + miss(offsets[i], spans[k]))
            links.append(best)
        cost.append(row)
        back.append(links)
    k = min(range(n), key=lambda j: cost[-1][j])
    path = [k]
    for i in range(len(offsets) - 1, 0, -1):
        k = back[i][k]
        path.append(k)
    return path[::-1]


def _entries(cells: list[Line]) -> list[tuple[int, list[Line]]]:
    """Runs of text lines in a column, with the offset of their first line."""
    out: list[tuple[int, list[Line]]] = []
    previous_text = False
    for offset, line in enumerate(cells):
        if line.text:
            if previous_text:
                out[-1][1].append(line)
            else:
                out.append((offset, [line]))
        previous_text = bool(line.text)
    return out


class _Builder:
    """Turns placed blocks into recommendations and actions."""

    def __init__(self, layout: Layout, tight: bool, default_deadline: str | None) -> None:
        self.layout = layout
        self.tight = tight
        self.default_deadline = default_deadline
        self.recs: list[RawRecommendation] = []
        self.rec_lines: list[list[str]] = []
        self.outcomes: list[list[str]] = []
        self.items: list[_Item] = []
        self.warnings: list[str] = []

    def build(self, blocks: list[Block]) -> tuple[list[RawRecommendation], list[RawAction]]:
        for block in blocks:
            self.add_recommendation_text(block)
            self.add_actions(block)
        for rec, lines in zip(self.recs, self.rec_lines):
            rec.text = _join(lines, self.tight) or ""
        return self.recs, [self.to_action(item) for item in self.items if _join(item.lines, self.tight)]

    def add_recommendation_text(self, block: Block) -> None:
        lines = [line.raw for line in block.cells[0] if line.text]
        if not block.continuation and lines:
            match = _REC_START.match(lines[0])
            ref = _rec_ref(match)[1] if match else None
            lines[0] = lines[0][match.end():] if match else lines[0]
            self.recs.append(RawRecommendation(text="", ref=ref, priority_raw=block.group, heading=block.heading,
                                               provenance=Provenance(table=0, row=len(self.recs), line=block.start)))
            self.rec_lines.append([])
            self.outcomes.append([])
        elif not self.recs and lines:
            self.warnings.append(f"line {block.start}: text before the first recommendation read as one")
            self.recs.append(RawRecommendation(text="", provenance=Provenance(table=0, row=0, line=block.start)))
            self.rec_lines.append([])
            self.outcomes.append([])
        if self.rec_lines:
            self.rec_lines[-1] += lines
            outcome = self.layout.index("outcome")
            if outcome is not None:
                self.outcomes[-1] += [line.raw for line in block.cells[outcome] if line.text]

    def add_actions(self, block: Block) -> None:
        action = self.layout.index("action")
        if action is None:
            return
        rec_index = len(self.recs) - 1 if self.recs else None
        found = _items(block.cells[action])
        block_items: list[_Item] = []
        primary = next((item.mark for item in found if item.mark), None)
        for n, item in enumerate(found):
            lines, mark = item.lines, item.mark
            raw = [line.raw for line in lines]
            if n == 0 and mark is None and block.continuation and self.items:
                self.items[-1].lines += raw  # the page break cut this action
                block_items.append(self.items[-1])
                continue
            block_items.append(_Item(raw, lines[0].no, rec_index, sub=bool(mark and primary and mark != primary)))
        spans = _spans(found)
        if not found and block.continuation and self.items:
            block_items, spans = [self.items[-1]], [(0, _FAR)]  # only other cells of a cut row go on
        if block_items:
            self.align(block, spans, block_items)
        elif any(block.cells[c] for c, f in enumerate(self.layout.fields) if f in _ALIGNED_FIELDS):
            self.warnings.append(f"line {block.start}: cells beside no action text skipped")
        self.merge_sub_items(block_items)
        for item in block_items:
            if not any(item is known for known in self.items):
                self.items.append(item)

    def align(self, block: Block, spans: list[tuple[int, int]], items: list[_Item]) -> None:
        """Give each entry of the aligned columns to the item beside it (see _assign)."""
        for col, name in enumerate(self.layout.fields):
            if name in _TEXT_FIELDS or name == "outcome":
                continue
            key = name if name in _ALIGNED_FIELDS else self.layout.headers[col]
            entries = _entries(block.cells[col])
            for (_, lines), index in zip(entries, _assign([offset for offset, _ in entries], spans)):
                values = items[index].fields.setdefault(key, [])
                text = [line.raw for line in lines]
                if values and fold(" ".join(text)) == fold(" ".join(values)):
                    continue  # the same RAG word typed twice beside one item
                values += text

    def merge_sub_items(self, items: list[_Item]) -> None:
        """Dash items under a bullet join the item above; so do the items after an
        "including:" line when none of them has cells of its own."""
        absorber = self.items[-1] if self.items and self.items[-1] not in items else None
        absorber = absorber if absorber and self.lead_in(absorber) else None
        for n, item in enumerate(items):
            orphans = all(not later.fields for later in items[n:])
            parent = items[n - 1] if n and item.sub else (absorber if orphans else None)
            if parent is not None and parent is not item:
                parent.lines += item.lines
                item.lines = []
                items[n] = parent
                continue
            absorber = item if self.lead_in(item) else None

    def lead_in(self, item: _Item) -> bool:
        return (_join(item.lines, self.tight) or "").endswith(":")

    def to_action(self, item: _Item) -> RawAction:
        values = {k: _join(v, self.tight) for k, v in item.fields.items()}
        extra = {k: v for k, v in values.items() if k not in _ALIGNED_FIELDS and v}
        outcome = None
        if item.rec_index is not None and item.rec_index < len(self.outcomes):
            outcome = _join(self.outcomes[item.rec_index], self.tight)
        text = _join(item.lines, self.tight) or ""
        number = _NUMBERED_ITEM.match(text)
        if number:
            text = text[number.end():]
        return RawAction(
            action=fold(_BULLET_MARK.sub("", text, count=1)) or text,
            recommendation_index=item.rec_index,
            ref=number.group(1) if number else None,
            lead=values.get("lead"),
            deadline=values.get("deadline") or self.default_deadline,
            rag=values.get("rag"),
            progress=values.get("progress"),
            outcome=outcome,
            measure=values.get("measure"),
            cost=values.get("cost"),
            extra=extra,
            provenance=Provenance(table=0, row=item.rec_index, line=item.first_line),
        )


# ---------------------------------------------------------------- document

def _document_facts(lines: list[Line], first_header: int) -> dict[str, str | None]:
    """Title (text above the first header), council, dates and version (also on a dated line) the document states.

    The title block is read as one text, since its sentences wrap ("The inspection concluded on" / "21 September
    2018"); the table below is not, as its cells' lines are not sentences."""
    above = [line.text for line in lines[:first_header] if line.text]
    head = [text for text in above if not _DOC_DATE.search(text) and not DATE_AFTER_INSPECTION.search(text)]
    text = "\n".join(line.raw for line in lines)
    title = fold(" ".join(head)) if head else None
    council = _COUNCIL.search(title or "") or _COUNCIL.search(text)
    doc_date = _document_date(lines)
    inspection = inspection_date(" ".join(above)) or inspection_date(text)
    version = VERSION.search(" ".join(above))
    return {
        "title": title,
        "authority_raw": council.group(0) if council else None,
        "document_date_raw": doc_date,
        "inspection_date_raw": inspection,
        "version": version.group(1) if version else None,
    }


def _document_date(lines: list[Line]) -> str | None:
    """The first date the document states for itself; "Inspection date: ..." is the inspection's, not its own."""
    for line in lines:
        match = _DOC_DATE.search(line.raw)
        if match and not _INSPECTED.search(line.raw[:match.start()]):
            return match.group(1)
    return None


def _read_lines(source: SourceFile) -> list[Line]:
    return [Line(n, raw.rstrip("\n")) for n, raw in enumerate(source.text.split("\n"), 1)]


def sniff(source: SourceFile) -> float:
    """Flattened dumps: a header spread over several lines, no tabs, many space-only lines."""
    if source.text_or_none is None:
        return 0.0
    lines = _read_lines(source)
    if not lines or sum("\t" in line.raw for line in lines) > 0.02 * len(lines):
        return 0.0
    runs = list(_header_runs(lines))
    if not runs:
        return 0.0
    score = 0.45
    if any(end > start for start, end, _ in runs):
        score += 0.15  # the header itself is split over lines
    if sum(line.blank for line in lines) > 0.1 * len(lines):
        score += 0.2
    if sum(bool(_BULLET_LINE.match(line.raw)) for line in lines) >= 3:
        score += 0.1
    if len(runs) > 1:
        score += 0.1
    return min(score, 1.0)


def extract(source: SourceFile) -> RawDocument:
    lines = _read_lines(source)
    if sum("\t" in line.raw for line in lines) > 0.02 * len(lines):
        raise ExtractionError("tab-separated text, not a column-flattened dump")
    drop, breaks, runs, key = _furniture(lines)
    if not runs:
        raise ExtractionError("no table header found (need at least three column names)")
    layout = _layout(runs[0][2])
    if layout.index("action") is None:
        raise ExtractionError("table header names no action column")
    drop.update(range(0, runs[0][0]))  # title block above the first header
    placer = _Placer(layout)
    blocks = placer.run(_pieces(lines, drop, breaks))
    default_deadline = _header_deadline(layout)
    builder = _Builder(layout, _joins_tight(lines), default_deadline)
    recs, actions = builder.build(blocks)
    if not actions:
        raise ExtractionError("table header found but no action rows")
    warnings = placer.warnings + builder.warnings
    warnings += [f"line {rec.provenance.line}: recommendation {rec.ref or '?'} has no actions"
                 for i, rec in enumerate(recs) if not any(a.recommendation_index == i for a in actions)]
    return RawDocument(
        source=str(source.path),
        sha256=source.sha256,
        extractor=NAME,
        doc_type="action_plan",
        rag_key=key,
        recommendations=recs,
        actions=actions,
        warnings=warnings,
        **_document_facts(lines, runs[0][0]),
    )


def _header_deadline(layout: Layout) -> str | None:
    """A date printed in a column header ("Where we aim to be by 31 March 2013") applies to every row."""
    for name, header in zip(layout.fields, layout.headers):
        if name in ("deadline", "outcome"):
            match = _DATE.search(header)
            if match:
                return match.group(0)
    return None


EXTRACTOR = Extractor(name=NAME, sniff=sniff, extract=extract)
