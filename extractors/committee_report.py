"""Narrative committee progress reports on an inspection's areas for development.

A council committee report (front matter such as "Item No.", "Meeting Name",
"Report title:", "Report of:"; sections such as RECOMMENDATION, BACKGROUND,
KEY ISSUES FOR CONSIDERATION) lists the inspection's areas for development
under timescale headings ("Immediately:", "Within 3 months") and then reports
progress in paragraphs grouped by the same timescales. There are no separate
actions, so each area is both a recommendation and one action whose progress
is the paragraph(s) reporting on it.

Some reports print each area with its own labelled lines ("Lead:", "Target
date:", "RAG:", "Progress:", or "BRAG - Green" with a dash), typically in an
appendix; those give the area's lead, deadline, RAG and progress directly. Some
name each area by a label instead of listing it under a timescale heading
("Area for improvement 3: ..."); a closing "RAG: Amber." in a progress
paragraph is the area's rating, not progress. Progress paragraphs that name an
area by its printed marker ("Recommendation (c): ...") go to that area.

Progress paragraphs are matched to areas within their timescale group by
shared words and phrases weighted by rarity in the report, taking areas in
document order, and falling back to pure order when the words say nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from extractors.base import ExtractionError, Extractor, SourceFile
from extractors.cells import (
    fold,
    inspection_date,
    is_priority_heading,
    priority_of,
    strip_bullet,
    strip_markup,
    unquote,
)
from extractors.columns import field_for_header
from models.records import Provenance, RawAction, RawDocument, RawRecommendation

NAME = "committee_report"

# "5.", "1.1", "3.2.1" (a bare "10" is not a number: it may start a date).
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+|\d{1,2})\.?(?=\s)\s*")
_NUMBER_NEEDS_DOT = re.compile(r"^\d{1,2}\.")
# Word-export bullets that extractors.cells does not know: Symbol-font glyphs, "o".
_EXTRA_BULLET = re.compile(r"^[\uf0a7\uf0b7\uf076\uf0d8\uf0fc]\s*|^o\s+")
# A list item marked with a bracket, "a) ", "(b) ", "(iv) ", "(3) ": a bullet whose marker is its ref.
_LETTER = re.compile(r"^\(?([a-z]|[ivx]{1,4}|\d{1,2})\)\s+", re.I)
# Page furniture: "Page 3" / "Page 3 of 12" alone or set off by a wide gap from a running
# header or footer, a bare page number ("7", "- 7 -"), or a bare page number set off from a
# short running footer by a wide run of spaces as a layout export prints it ("Acme Council      2";
# spaces only, so a tab-separated table row ending in a number is not taken).
_PAGE_NUMBER = re.compile(
    r"^page\s+\d+(?:\s+of\s+\d+)?(?:\s*$|\t|\s{2,})|(?:\t|\s{2,})page\s+\d+(?:\s+of\s+\d+)?\s*$"
    r"|^[-–]?\s*\d{1,3}\s*[-–]?$"
    r"|^[^\t.;:]{0,59}[^\t.;:\s] {4,}\d{1,3}$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
# A run-in label naming an area by its printed marker: "Recommendation (c)", "Area for development 3".
_REF_LABEL = re.compile(r"^(.*?)\s*\(?\b([a-z]|[ivx]{1,4}|\d{1,2})\)?$", re.I)
_HEADING_MARK = re.compile(r"^#+\s*")
_AREA_WORD = re.compile(r"^area$", re.I)  # "Area 3": an area named by its number alone
# A run-in label ended by a colon or a spaced dash: "Recommendation (c): ...", "Recommendation (iv) - ...".
_RUN_IN_LABEL = re.compile(r"^([A-Z][^:.]{2,60}?)(?::|\s+[-–—])\s+(\S.*)$")
_LABEL = re.compile(r"^([A-Z][\w()'’/ -]{1,40}?)\s*:\s*(.*)$")
# A field label set off by a spaced dash, "Target date - Dec-23" (read only for area fields).
_DASH_LABEL = re.compile(r"^([A-Z][\w()'’/ ]{1,40}?)\s+[-–—]\s+(\S.*)$")
# A field given in the last sentence of a progress paragraph: "... in place. RAG: Amber/Green."
_TRAILING_LABEL = re.compile(r"(?:^|(?<=[.!?])\s+)([A-Z][\w()'’/ -]{1,40}?)\s*:\s*([^.:;]{1,40}?)\.?$")
# Fields closing a paragraph in brackets: "(Lead officer: X - RAG rating: Green)".
_TRAILING_BRACKET = re.compile(r"\s*\(([^()]{3,200}:[^()]*)\)\s*\.?\s*$")
# Fields strung together: "Owner: X | Timeframe: Y | Current status: Z", "Lead officer: X; Target date: Y",
# "Responsible officer: X – Status: Y" (a dash only before the next label).
_FIELD_SEPARATOR = re.compile(r"\s+[-–—]\s+(?=[A-Z][\w'’ ]{1,30}:)|;\s*|\s+\|\s+")
# A paragraph introducing the inspection's list: "... identified the following areas for improvement:".
_LIST_INTRO = re.compile(
    r"\b(areas? (?:for|of) (?:improvement|development)|recommendations|what needs to improve)\b[^.]{0,40}:$", re.I
)

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
)
# A bare section number before a heading, "3 Background" (but not a date, "10 March 2013").
_BARE_SECTION = re.compile(rf"^(\d{{1,2}})\s+(?!{_MONTHS}\b)(?=[A-Z])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_PROGRESS_HEADING = re.compile(r"^progress\b", re.I)

_TITLE_KEY = re.compile(r"^(report )?title$|^subject$", re.I)
_DATE_KEY = re.compile(r"^(meeting )?date( of (the )?meeting)?$", re.I)
_VERSION_KEY = re.compile(r"^version$", re.I)

_AUTHORITY_PATTERNS = [
    re.compile(r"\b(?:London|Royal) Borough of [A-Z][\w'-]+(?:(?: and| upon)? [A-Z][\w'-]+)*"),
    re.compile(
        r"\b(?:[A-Z][\w'-]+ (?:upon )?)+(?:City |County |Borough |Metropolitan Borough |District )?Council\b"
    ),
    re.compile(r"\b(?:[A-Z][A-Z'-]+ (?:UPON )?)+(?:CITY |COUNTY |BOROUGH |METROPOLITAN BOROUGH |DISTRICT )?COUNCIL\b"),
    re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)['’]s\b(?=[^.]{0,80}\binspection)"),
    re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:Local )?Safeguarding Children['’]?s? Board"),
]
_NOT_AUTHORITY = {"the", "this", "a", "full", "cabinet", "executive", "corporate", "county", "city",
                  "borough", "ofsted", "children", "in", "care", "local", "our", "each", "that", "youth"}

_FRONT_MATTER = re.compile(
    r"^(item no|classification|meeting( name)?|report title|report (of|to|from|author)|subject|title|from|"
    r"wards?(\(s\))?( affected)?|date of meeting|purpose of report|key decision|decision maker|"
    r"contact officer|lead officer|cabinet member|portfolio)\b",
    re.I,
)
_SECTION = re.compile(
    r"^(recommendations?|background( information| papers| documents)?|key issues( for consideration)?|"
    r"purpose( of (the )?report)?|executive summary|(policy|resource|financial|legal|equalit\w*|risk)"
    r" (implications|considerations|impact)|community impact( statement)?|appendi(x|ces)|audit trail|"
    r"progress( update| to date| against the action plan)?|actions? required|other options( considered)?|"
    r"reasons? for (the )?(recommendations?|decision))\s*:?$",
    re.I,
)
_LEAD = re.compile(r"\b(?:lead(?: officer)?|responsible(?: officer)?|owner)\s*[:–-]\s*([^.;()]+)", re.I)

_STOPWORDS = frozenset(
    "the and for that with are this from have has been will which their they them its into our all "
    "such each within who was were not but also can should need needs there than these those being "
    "make made more most other any both out off only well how what when where upon over as of to in "
    "on at by an or is be it we us".split()
)
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_POSSESSIVE = re.compile(r"['’]s?$")
_STEM = 5  # prefix length that stands in for stemming
_PHRASE_WEIGHT = 2.0  # a shared adjacent pair counts double
_REPEAT_COST = 0.4  # penalty for giving consecutive paragraphs the same area
_HEADING_WORDS = 8
_LABEL_WORDS = 4  # a tab-separated label cell is this short
# Fields an area's own labelled line can give (named as extractors.columns names column headers).
_AREA_FIELDS = frozenset({"lead", "deadline", "rag", "progress", "outcome", "measure", "cost"})
_TIMESCALES = frozenset({"immediate", "three_months", "six_months"})  # priorities that are also deadlines
_MIN_STRUCTURE = 0.2  # below this structure score a file is not a committee report


@dataclass
class _Block:
    """A paragraph, bullet item or heading: wrapped lines joined, markers removed."""

    text: str
    line: int
    page: int | None
    number: str | None = None
    bullet: bool = False
    tabbed: bool = False
    lines: list[str] = field(default_factory=list)
    ref: str | None = None  # printed list marker: "3" for "3.", "c" for "c)"
    labelled: tuple[str, str] | None = None  # (field, value) of a labelled line, "Lead: Head of Service"


@dataclass
class _Area:
    block: _Block
    group: str  # timescale heading as printed
    priority: str | None
    progress: list[_Block] = field(default_factory=list)
    specific: list[_Block] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # from the area's own labelled lines
    heading: str | None = None  # a section heading above it that names no timescale


def _marker(line: str) -> tuple[str, str | None, bool, str | None]:
    """Strip bullet, letter and paragraph-number markers: (text, number, was_bullet, ref).

    A lettered item ("c) ...") is a bullet for the list's style and heading rules,
    but its letter is kept as the printed ref, like a number.
    """
    text = strip_bullet(line)
    bullet = text != line
    letter = None
    if not bullet:
        text = _EXTRA_BULLET.sub("", line, count=1)
        bullet = text != line
    if not bullet:
        match = _LETTER.match(line)
        if match:
            letter, text, bullet = match.group(1), line[match.end():], True
    number = None
    match = _NUMBER.match(text)
    if match and ("." in match.group(1) or _NUMBER_NEEDS_DOT.match(text)):
        number, text = match.group(1), text[match.end():]
        bullet = False
    elif not bullet:
        section = _BARE_SECTION.match(text)
        if section and _is_heading_text(text[section.end():]):
            number, text = section.group(1), text[section.end():]
    return text, number, bullet, number or letter


def _field_label(text: str) -> tuple[str, str] | None:
    """(field, value) for a line labelled with an action field: "Target date: 30 September 2012".

    The label is read with the same vocabulary as column headers, so any wording
    a plan uses for a lead, deadline or RAG column is understood here too. It
    ends at a colon or at a spaced dash ("BRAG - Green"); the dash form counts
    only when the label names a field, so a dash inside prose is not a label.
    """
    for pattern in (_LABEL, _DASH_LABEL):
        match = pattern.match(text)
        name = _field_name(match.group(1)) if match and match.group(2).strip() else None
        if name:
            return name, match.group(2).strip()
    return None


def _field_labels(text: str) -> list[tuple[str, tuple[str, str]]]:
    """(segment, (field, value)) for each field a line gives, several on a status line
    (see :data:`_FIELD_SEPARATOR`).

    The line is split only when every separated part has the "Label: value"
    form, so a pipe inside prose or inside one value stays where it is; parts
    whose label names no area field ("Ref: CYP/3") are dropped.
    """
    segments = _FIELD_SEPARATOR.split(text)
    if len(segments) > 1 and all(_LABEL.match(segment) for segment in segments):
        labelled = [(segment, _field_label(segment)) for segment in segments]
        return [(segment, label) for segment, label in labelled if label]
    label = _field_label(text)
    return [(text, label)] if label else []


def _field_name(label: str) -> str | None:
    """The action field a label names ("Target date" -> "deadline"), if an area can have it."""
    name = field_for_header(label)
    return name if name in _AREA_FIELDS else None


def _page_furniture(lines: list[str]) -> set[int]:
    """Indices of running headers/footers and page numbers, recognised by form, not wording.

    A line that is a page number, or carries one set off by a wide gap
    ("Council - Committee - 18 June 2013<gap>Page 1"), is furniture; so is a line
    that, digits aside, is the first or last line of two or more pages (form feeds),
    unless it is a timescale heading that happens to open two pages; so is a line
    next to a page number that is next to another one too, word for word (a running
    header under each "Page 3 of 6" footer when the export has no form feeds; digits
    count here, so "Area for improvement 4" opening a page is not taken); and so is any
    other line that reads like one of those running lines.
    """
    texts = [line.replace("\f", "").strip() for line in lines]
    keys = [_DIGITS.sub("#", text) for text in texts]
    numbered = {i for i, text in enumerate(texts) if _PAGE_NUMBER.search(text)}
    running = {_DIGITS.sub("#", _PAGE_NUMBER.sub("", texts[i]).strip()) for i in numbered}
    edges = [keys[i] for i in _page_edges(lines) if not is_priority_heading(texts[i])]
    running |= {key for key in edges if edges.count(key) > 1}
    beside = [texts[i] for i in _beside_page_numbers(texts, numbered) if not is_priority_heading(texts[i])]
    repeated = {text for text in beside if beside.count(text) > 1}
    running.discard("")
    return numbered | {i for i, key in enumerate(keys) if key in running or texts[i] in repeated}


def _running_lines(text: str) -> list[str]:
    """The page furniture's lines, in document order."""
    lines = text.split("\n")
    return [lines[i].replace("\f", "").strip() for i in sorted(_page_furniture(lines))]


def _beside_page_numbers(texts: list[str], numbered: set[int]) -> set[int]:
    """Indices of the nearest non-blank lines before and after each page-number line.

    Sentences and labelled fields ("RAG: Green") are body text that may happen to
    end two pages alike, so they are not counted.
    """
    filled = [i for i, text in enumerate(texts) if _may_run(text) and i not in numbered]
    beside: set[int] = set()
    for i in numbered:
        before = [j for j in filled if j < i]
        after = [j for j in filled if j > i]
        beside.update(([before[-1]] if before else []) + ([after[0]] if after else []))
    return beside


def _page_edges(lines: list[str]) -> list[int]:
    """Indices of the first and last non-blank line of each form-feed page (none without form feeds)."""
    if not any("\f" in line for line in lines):
        return []
    pages: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        for _ in range(line.count("\f")):
            pages.append([])
        if line.replace("\f", "").strip():
            pages[-1].append(i)
    return sorted({i for page in pages if page for i in (page[0], page[-1])})


def _may_run(text: str) -> bool:
    """Whether a line could be a running header or footer: not blank, a sentence or a field label."""
    return bool(text) and text[-1] not in ".;:!?" and not _field_labels(text)


def _clean_line(raw: str) -> str:
    return _HEADING_MARK.sub("", strip_markup(raw).strip())


def _is_heading_text(text: str) -> bool:
    """A short line with no sentence punctuation: a section or group heading."""
    words = text.split()
    return 0 < len(words) <= _HEADING_WORDS and text[0].isupper() and text[-1] not in ".;,"


def _is_heading(block: _Block) -> bool:
    """A heading block: sub-numbered paragraphs ("4.1 Complete") and bullets never are; "4.0" numbers a section."""
    top_level = block.number is None or "." not in block.number or block.number.endswith(".0")
    return not block.bullet and block.labelled is None and top_level and _is_heading_text(block.text)


def _group_priority(block: _Block) -> str | None:
    """The timescale a heading block names ("Within 3 months", "Immediate action"), if any."""
    if block.bullet or block.tabbed or block.labelled:
        return None
    if is_priority_heading(block.text) or _is_heading(block):
        return priority_of(block.text)
    return None


def _blocks(text: str) -> list[_Block]:
    """Join wrapped lines into blocks.

    A line continues the open block when it starts in lower case (even after a
    stray blank line) or follows it directly without a blank, unless either is a
    heading, a tab-separated row, or the line carries its own bullet/number or
    field label; right under a field label any unmarked line continues its value
    ("Lead: Head of Service, Child Protection and" / "Court Teams"). Page furniture
    is skipped as if absent, so a sentence broken by a page footer is joined.
    """
    blocks: list[_Block] = []
    page = 1 if "\f" in text else None
    blank_before = True
    lines = text.split("\n")
    furniture = _page_furniture(lines)
    for lineno, raw in enumerate(lines, 1):
        if "\f" in raw and page is not None:
            page += raw.count("\f")
        line = _clean_line(raw)
        if lineno - 1 in furniture:
            continue
        if not fold(line):
            blank_before = True
            continue
        body, number, bullet, ref = _marker(line)
        cells = [c for c in body.split("\t") if c.strip()]
        tabbed = len(cells) > 1
        body = fold(body) or ""
        labels = [] if number or bullet else _field_labels(body)
        label = labels[0][1] if labels else None
        prev = blocks[-1] if blocks else None
        continues = (
            prev is not None
            and number is None
            and not bullet
            and label is None
            and not tabbed
            and not prev.tabbed
            and not _is_heading(prev)
            and not is_priority_heading(body)
            and (body[0].islower() or (not blank_before and (_wraps_label(prev, body) or not _is_heading_text(body))))
        )
        if continues:
            prev.text = f"{prev.text} {body}"
            prev.lines.append(raw)
            if prev.labelled:
                prev.labelled = (prev.labelled[0], f"{prev.labelled[1]} {body}")
        else:
            first = labels[0][0] if labels else body
            blocks.append(_Block(first, lineno, page, number, bullet, tabbed, [raw], ref, label))
            blocks.extend(_Block(segment, lineno, page, lines=[raw], labelled=extra) for segment, extra in labels[1:])
        blank_before = False
    return blocks


def _wraps_label(prev: _Block, body: str) -> bool:
    """Whether a line right under a field label is the rest of its value, not a label of its own."""
    return prev.labelled is not None and not _LABEL.match(body)


def _list_start(blocks: list[_Block]) -> int | None:
    """Index of the first timescale heading followed by an item, else of the first paragraph
    introducing a list of the inspection's areas ("... the following areas for improvement:")."""
    for i, block in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if _group_priority(block) and not _is_heading(nxt) and not nxt.tabbed:
            return i
    for i, block in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if _list_intro(block) and (nxt.number or nxt.bullet) and not nxt.tabbed:
            return i
    return None


def _list_intro(block: _Block) -> str | None:
    """The list's name in a paragraph introducing the inspection's areas ("areas for improvement")."""
    if block.bullet or block.tabbed or block.labelled or _is_heading(block):
        return None
    match = _LIST_INTRO.search(block.text)
    return match.group(1) if match else None


def _areas(blocks: list[_Block]) -> tuple[list[_Area], int]:
    """Areas listed under timescale headings, and the index of the first block after the list.

    A report may instead print each area under its own label ("Area for
    improvement 3: ..."), with or without timescale headings; see ``_labelled_areas``.

    Without a timescale heading, a paragraph introducing "the following areas
    for improvement:" starts the list. The first item of a group fixes its style
    (numbered, dotted paragraph number, or not); a block of another style, a
    non-timescale heading or a table row ends the list. Labelled lines
    after an item ("Lead: ...", "RAG: Amber") are that item's own fields, and a
    plain paragraph right after one continues its value.
    """
    areas: list[_Area] = []
    group, priority, style = "", None, None
    last_field: str | None = None
    start = _list_start(blocks)
    if start is None or _area_label(blocks[start + 1]):
        return _labelled_areas(blocks)
    i = start
    while i < len(blocks):
        block = blocks[i]
        block_priority = _group_priority(block)
        own = _own_field(blocks, i) if areas else None
        if own:
            last_field = _add_field(areas[-1], *own)
            i += 1
            continue
        if last_field and _is_plain(block):
            _add_field(areas[-1], last_field, block.text)
            i += 1
            continue
        last_field = None
        intro = _list_intro(block) if not areas and not block_priority else None
        if block_priority:
            group, priority, style = block.text.rstrip(":. "), block_priority, None
        elif intro:
            if priority is None:  # under a heading, the introduction adds nothing
                group, priority, style = intro, priority_of(intro) or "improve", None
        elif (_is_heading(block) and not _SECTION.match(block.text) and not block.number
              and i + 1 < len(blocks) and _group_priority(blocks[i + 1])):
            pass  # a service's heading over its own timescale groups ("Services for looked after children")
        elif _is_heading(block) or block.tabbed:
            break
        else:
            item_style = _item_style(block)
            if style is not None and item_style != style:
                break
            style = item_style
            areas.append(_Area(block, group, priority))
        i += 1
    return areas, i


def _item_style(block: _Block) -> str:
    """How a list item is marked: a dotted paragraph number ("3.2") is not the list's "1."."""
    if block.number is None:
        return "bullet"
    return "dotted" if "." in block.number else "number"


def _area_label(block: _Block) -> tuple[str, str, str] | None:
    """(label, ref, text) of a paragraph naming its area by label: "Area for improvement 3: The ...".

    The label is recommendation wording (as in column headers) ending in the area's ref.
    """
    if block.number or block.tabbed or block.labelled:
        return None
    run_in = _RUN_IN_LABEL.match(block.text)
    if not run_in:
        return None
    label = run_in.group(1)
    ref = _recommendation_ref(label)
    return (_REF_LABEL.sub(r"\1", label), ref, run_in.group(2)) if ref else None


def _headed_area(blocks: list[_Block], i: int) -> tuple[str, str, str] | None:
    """(label, ref, text) of an area named by a heading line of its own ("Recommendation 3")
    with its text, often quoted, in the paragraph below."""
    block, below = blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None
    if below is None or not _is_heading(block) or not _is_plain(below) or below.labelled:
        return None
    ref = _recommendation_ref(block.text.rstrip(":"))
    return (_REF_LABEL.sub(r"\1", block.text.rstrip(":")), ref, unquote(below.text)) if ref else None


def _labelled_areas(blocks: list[_Block]) -> tuple[list[_Area], int]:
    """Areas each printed under its own label, and the index of the first block after them.

    The label runs into the area's text ("Area for improvement 3: The ...") or
    is a heading line above it ("Recommendation 3" / "\"Ensure that ...\"").
    The group is the timescale heading above the area, else the label (its
    wording gives the priority, "Area for improvement" -> improve, and no
    deadline); another heading between areas is their section heading.
    Labelled lines after an area ("Lead officer - ...", "BRAG - Green")
    are its own fields and a plain paragraph continues the last field, or else
    reports the area's progress; anything else ends the list.
    """
    areas: list[_Area] = []
    last_field: str | None = None
    timescale: str | None = None
    heading: str | None = None
    i = next((i for i in range(len(blocks)) if _area_label(blocks[i]) or _headed_area(blocks, i)), len(blocks))
    if 0 < i < len(blocks) and _group_priority(blocks[i - 1]) in _TIMESCALES:
        i -= 1
    elif 0 < i < len(blocks) and _is_heading(blocks[i - 1]) and not _group_priority(blocks[i - 1]):
        heading = blocks[i - 1].text
    while i < len(blocks):
        block = blocks[i]
        headed = _headed_area(blocks, i)
        named = _area_label(block) or headed
        own = _own_field(blocks, i) if areas else None
        if named:
            label, ref, text = named
            group = timescale or label
            text_block = blocks[i + 1] if headed else block
            areas.append(_Area(replace(text_block, text=text, ref=ref), group, priority_of(group), heading=heading))
            last_field = None
            i += 1 if headed else 0
        elif _group_priority(block) in _TIMESCALES:
            timescale, last_field = block.text.rstrip(":. "), None
        elif areas and _is_heading(block) and not block.number and _next_is_area(blocks, i):
            heading, last_field = block.text, None
        elif own:
            last_field = _add_field(areas[-1], *own)
        elif areas and _is_plain(block):
            if last_field:
                _add_field(areas[-1], last_field, block.text)
            else:
                _add_progress(areas[-1], block)
        else:
            break
        i += 1
    return areas, i


def _next_is_area(blocks: list[_Block], i: int) -> bool:
    """Whether the block after a heading starts an area: the heading is then a section's."""
    return i + 1 < len(blocks) and bool(_area_label(blocks[i + 1]) or _headed_area(blocks, i + 1))


def _is_plain(block: _Block) -> bool:
    """A paragraph with no marker, label or heading form: it can only continue what precedes it."""
    return not (block.number or block.bullet or block.tabbed or block.labelled or _is_heading(block))


def _own_field(blocks: list[_Block], i: int) -> tuple[str, str] | None:
    """(field, value) a block gives the area above it: "RAG: Amber", or a bare "Progress:".

    A bare label takes its value from the plain paragraph(s) below; with none
    below it is a heading (and ends the list), as a section title would.
    """
    block = blocks[i]
    if block.labelled:
        return block.labelled
    below = blocks[i + 1] if i + 1 < len(blocks) else None
    if not block.text.endswith(":") or below is None or not _is_plain(below):
        return None
    if block.number or block.bullet or block.tabbed:
        return None
    name = _field_name(block.text[:-1])
    return (name, "") if name else None


def _add_field(area: _Area, name: str, value: str) -> str:
    """Record (or extend) one of the area's own fields; returns the field's name."""
    area.fields[name] = " ".join(part for part in (area.fields.get(name), value) if part)
    return name


def _refs(areas: list[_Area]) -> list[str]:
    """Printed markers as refs when every area has its own ("1.".."8.", "a)".."h)"), else positions.

    Dotted numbers ("5.1") number the report's paragraphs, not the inspection's
    recommendations, and repeated markers (a list restarting per group) identify
    nothing, so both fall back to positions.
    """
    printed = [area.block.ref for area in areas]
    if all(ref and "." not in ref for ref in printed) and len(set(printed)) == len(printed):
        return [str(ref) for ref in printed]
    return [str(i + 1) for i in range(len(areas))]


def _named_progress(areas: list[_Area], refs: list[str], blocks: list[_Block]) -> list[_Block]:
    """Give progress that names an area by its ref to that area, and return the other blocks.

    The name is a run-in label ("Recommendation (c): ...", removed from the text)
    or a heading of its own ("Area for development 3", "Area 3"); the unnumbered,
    unlabelled paragraphs and bullets after it, up to the next heading, continue
    it, and labelled lines after it ("Lead officer: ...") are its own fields.
    """
    by_ref = {ref.casefold(): area for ref, area in zip(refs, areas)}
    rest: list[_Block] = []
    current: _Area | None = None
    for block in blocks:
        label = _RUN_IN_LABEL.match(block.text)
        heading = _named_area(block.text.rstrip(":"), by_ref) if _is_heading(block) else None
        named = _named_area(label.group(1), by_ref) if label else None
        if heading:
            current = heading
        elif named:
            current = named
            fields, progress = _leading_fields(block, label.group(2))
            for name, value in fields.items():
                _add_field(named, name, value)
            if progress:
                _add_progress(named, replace(block, text=progress))
        elif current and block.labelled and block.labelled[0] != "progress":
            _add_field(current, *block.labelled)  # "Lead officer: ...; Target date: ..." under "Area 3"
        elif current and not (_is_heading(block) or block.tabbed or block.number or block.labelled):
            _add_progress(current, block)
        else:
            current = None
            rest.append(block)
    return rest


def _leading_fields(block: _Block, text: str) -> tuple[dict[str, str], str]:
    """The fields a named area's first line gives after its label, and the progress text after them:
    "Area (a) – Responsible officer: X – Status: Complete" / "A qualified social worker ..."."""
    first = fold(_marker(_clean_line(block.lines[0]))[0]) or "" if block.lines else ""
    label = _RUN_IN_LABEL.match(first)
    head = label.group(2) if label else ""
    parts = [_field_label(part.strip()) for part in _FIELD_SEPARATOR.split(head)] if head else []
    if not parts or not all(parts) or not text.startswith(head):
        return {}, text
    return {name: value for name, value in parts if name != "progress"}, text[len(head):].strip()


def _named_area(label: str, by_ref: dict[str, _Area]) -> _Area | None:
    """The area a label names by its ref."""
    ref = _recommendation_ref(label)
    return by_ref.get(ref.casefold()) if ref else None


def _recommendation_ref(label: str) -> str | None:
    """The ref in a label of recommendation wording (as in column headers) ending in it:
    "Recommendation (c)", "Area for development 3", or plain "Area 3"."""
    match = _REF_LABEL.match(label)
    if not match or not (field_for_header(match.group(1)) == "recommendation" or _AREA_WORD.match(match.group(1))):
        return None
    return match.group(2)


def _add_progress(area: _Area, block: _Block) -> None:
    area.progress.append(block)
    area.specific.append(block)


def _progress_groups(blocks: list[_Block], priorities: set[str]) -> dict[str, list[_Block]]:
    """Progress paragraphs per timescale, from group headings or run-in labels.

    A run-in label naming a timescale ("Immediate areas for improvement: This
    action is complete.") is removed from the paragraph. Non-timescale headings
    before the first group are skipped ("Progress update"); after it they end
    the progress section ("Policy implications").
    """
    groups: dict[str, list[_Block]] = {}
    current: str | None = None
    for block in blocks:
        block_priority = _group_priority(block)
        if block_priority in priorities:
            current = block_priority
            continue
        if _is_heading(block) or block.tabbed:
            if current is not None:
                break
            continue
        label = _RUN_IN_LABEL.match(block.text)
        if label and priority_of(label.group(1)) in priorities:
            current = priority_of(label.group(1))
            block = replace(block, text=label.group(2))
        if current is not None:
            groups.setdefault(current, []).append(block)
    return groups


def _progress_section(blocks: list[_Block]) -> list[_Block]:
    """The paragraphs under a "Progress" heading, for a report that does not group them by timescale."""
    paragraphs: list[_Block] = []
    inside = False
    for block in blocks:
        if _is_heading(block) or block.tabbed:
            if inside:
                break
            inside = bool(_PROGRESS_HEADING.match(block.text))
        elif inside:
            paragraphs.append(block)
    return paragraphs


def _stems(text: str) -> list[str]:
    """Content words in order, cut to a prefix so "audits"/"auditing" and "court"/"courts" meet."""
    words = (_POSSESSIVE.sub("", w) for w in _WORD.findall(text.lower()))
    return [w[:_STEM] for w in words if len(w) > 2 and w not in _STOPWORDS]


def _terms(text: str) -> set[str]:
    """Stems and adjacent stem pairs: a shared phrase ("edge of care") is strong evidence."""
    stems = _stems(text)
    return set(stems) | {f"{a} {b}" for a, b in zip(stems, stems[1:])}


class _Scorer:
    """Weighted term overlap; weights are inverse document frequencies over the report's blocks."""

    def __init__(self, blocks: list[_Block]) -> None:
        self.frequency: dict[str, int] = {}
        for block in blocks:
            for term in _terms(block.text):
                self.frequency[term] = self.frequency.get(term, 0) + 1
        self.size = max(len(blocks), 2)
        # Evidence worth believing: two words that occur only twice in the whole report.
        self.minimum = 2 * math.log(self.size / 2)

    def score(self, area: _Area, text: str) -> float:
        shared = _terms(area.block.text) & _terms(text)
        weight = {t: math.log(self.size / self.frequency.get(t, 1)) for t in shared}
        return sum(w * (_PHRASE_WEIGHT if " " in t else 1) for t, w in weight.items())


def _ordered_primary(areas: list[_Area], scores: list[list[float]]) -> list[int | None]:
    """Main area of each matched paragraph, taking areas in document order.

    Dynamic programming over paragraphs: area indices never go back, each
    paragraph earns its score relative to its own best, and staying on the same
    area costs ``_REPEAT_COST`` (reports mostly give each area its own paragraph).
    Paragraphs whose best score is below the evidence minimum (all-zero rows)
    are skipped and get None.
    """
    rows = [(p, [s / max(row) for s in row]) for p, row in enumerate(scores) if max(row) > 0]
    n = len(areas)
    best: list[tuple[float, list[int]]] = [(0.0, [])] * n
    for _, row in rows:
        step = []
        for j in range(n):
            options = [
                (total + row[j] - (_REPEAT_COST if path and path[-1] == j else 0.0), path)
                for total, path in best[: j + 1]
            ]
            total, path = max(options, key=lambda o: o[0])
            step.append((total, [*path, j]))
        best = step
    path = max(best, key=lambda b: b[0])[1]
    out: list[int | None] = [None] * len(scores)
    for (p, _), j in zip(rows, path):
        out[p] = j
    return out


def _targets(areas: list[_Area], paragraphs: list[_Block], scorer: _Scorer) -> list[list[_Area]]:
    """Areas each paragraph reports on, by term overlap and document order.

    Besides its main area, a paragraph reports on an area no paragraph is mainly
    about when one of its sentences is about that area and not about the main
    one ("... Finally, sufficient capacity in the visiting service will be ensured").
    """
    if len(areas) == 1:
        return [list(areas) for _ in paragraphs]
    scores = [[scorer.score(a, p.text) for a in areas] for p in paragraphs]
    scores = [[s if s >= scorer.minimum else 0.0 for s in row] for row in scores]
    primary = _ordered_primary(areas, scores)
    mains = {j for j in primary if j is not None}
    targets = []
    for paragraph, main in zip(paragraphs, primary):
        hits = {main} if main is not None else set()
        for sentence in _SENTENCE_END.split(paragraph.text) if main is not None else []:
            sentence_scores = [scorer.score(a, sentence) for a in areas]
            top = max(range(len(areas)), key=sentence_scores.__getitem__)
            if top not in mains and sentence_scores[top] >= scorer.minimum > sentence_scores[main]:
                hits.add(top)
        targets.append([areas[j] for j in sorted(hits)])
    return targets


def _assign(areas: list[_Area], paragraphs: list[_Block], priority: str, scorer: _Scorer) -> None:
    """Attach each progress paragraph of one timescale group to the area(s) it reports on.

    Paragraphs that match no area and name the group's timescale are group
    summaries ("all five have been completed") and go to every area; other
    unmatched paragraphs pair with the unreported areas in order when the
    counts agree, else continue the previous paragraph's area(s), or summarise
    the group when nothing precedes them.
    """
    targets = _targets(areas, paragraphs, scorer)
    unmatched = [p for p, hits in enumerate(targets) if not hits]
    summaries = {p for p in unmatched if priority_of(paragraphs[p].text) == priority}
    loose = [p for p in unmatched if p not in summaries]
    unreported = [a for a in areas if not any(a in hits for hits in targets)]
    if loose and len(loose) == len(unreported):
        for p, area in zip(loose, unreported):
            targets[p] = [area]
        loose = []
    for p in loose:
        if p == 0 or p - 1 in summaries:
            summaries.add(p)
        else:
            targets[p] = targets[p - 1]
    for p, paragraph in enumerate(paragraphs):
        for area in areas if p in summaries else targets[p]:
            area.progress.append(paragraph)
            if p not in summaries or len(areas) == 1:
                area.specific.append(paragraph)


def _front_matter(blocks: list[_Block]) -> dict[str, str]:
    """Label/value pairs: "Date: 26 February 2013", "Report title:<TAB>X", "Version<TAB>Final"."""
    pairs: dict[str, str] = {}
    for block in blocks:
        cells = [c.strip() for raw in block.lines[:1] for c in _clean_line(raw).split("\t") if c.strip()]
        for i, cell in enumerate(cells):
            match = _LABEL.match(strip_bullet(cell))
            following = cells[i + 1] if i + 1 < len(cells) else ""
            if match:
                key, value = fold(match.group(1)) or "", match.group(2) or following
            elif i == 0 and len(cells) == 2 and len(cell.split()) <= _LABEL_WORDS:
                key, value = cell, following  # "Version<TAB>Final"
            else:
                continue
            if value and key.lower() not in pairs:
                pairs[key.lower()] = fold(value) or ""
    return pairs


def _pick(pairs: dict[str, str], key: re.Pattern[str]) -> str | None:
    return next((value for label, value in pairs.items() if key.match(label)), None)


def _document_date(pairs: dict[str, str], blocks: list[_Block], running: list[str]) -> str | None:
    """A labelled date, else a date in the running header or footer, else the first date in the text.

    A date printed on every page ("... Scrutiny Committee - 22 November 2023") is
    the report's own (meeting) date; the first date in the body may instead be
    the inspection's.
    """
    labelled = _pick(pairs, _DATE_KEY)
    if labelled:
        return labelled
    for text in [*running, *(block.text for block in blocks)]:
        match = _FULL_DATE.search(text)
        if match:
            return match.group(0)
    return None


def _authority(text: str) -> str | None:
    """Text naming the council.

    Tried in order: "London Borough of X", "X (City) Council", a letterhead in capitals
    ("X BOROUGH COUNCIL"), "X's ... inspection", "X Safeguarding Children Board".
    """
    for pattern in _AUTHORITY_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(match.lastindex or 0)
            if name.split()[0].lower() not in _NOT_AUTHORITY:
                return fold(name)
    return None


def _lead(area: _Area) -> str | None:
    """A lead the report names for this area: its own "Lead:" line, else in its text or progress."""
    if "lead" in area.fields:
        return area.fields["lead"]
    for block in [area.block, *area.specific]:
        match = _LEAD.search(block.text)
        if match:
            return fold(match.group(1))
    return None


def _group_deadline(area: _Area) -> str | None:
    """The group heading as the deadline, when it is a timescale ("Within 3 months").

    A heading that only names the kind of area ("Area for improvement 1",
    "Areas for development") gives a priority but no time.
    """
    return area.group if area.group and area.priority in _TIMESCALES else None


def _prov(block: _Block) -> Provenance:
    return Provenance(page=block.page, line=block.line)


def _trailing_fields(text: str) -> tuple[dict[str, str], str]:
    """The labelled fields a paragraph ends with, and the text before them:
    "... RAG: Amber." or "... (Lead officer: Head of Service - RAG rating: Green)"."""
    bracket = _TRAILING_BRACKET.search(text)
    if bracket:
        parts = [_field_label(part.strip()) for part in _FIELD_SEPARATOR.split(bracket.group(1))]
        if parts and all(parts):
            return {name: value for name, value in parts if name != "progress"}, text[: bracket.start()].rstrip()
    match = _TRAILING_LABEL.search(text)
    name = _field_name(match.group(1)) if match else None
    if not match or not name or name == "progress":
        return {}, text
    return {name: match.group(2).strip()}, text[: match.start()].rstrip()


def _progress(area: _Area) -> tuple[str | None, dict[str, str]]:
    """The area's progress text, and the fields its own progress closes with.

    A closing "RAG: Green." is a rating, not progress: it is cut from the text,
    and it is the area's rating when the paragraph reports on this area (not a
    group summary shared by several).
    """
    if "progress" in area.fields:
        parts = [(area.fields["progress"], True)]
    else:
        parts = [(p.text, any(p is s for s in area.specific)) for p in area.progress]
    texts: list[str] = []
    found: dict[str, str] = {}
    for text, own in parts:
        fields, text = _trailing_fields(text)
        if own:
            for name, value in fields.items():
                found.setdefault(name, value)
        texts.append(text)
    return " ".join(t for t in texts if t) or None, found


def _action(area: _Area, index: int) -> RawAction:
    """The area as its own action: own labelled fields first, else the group heading and matched progress."""
    progress, closing = _progress(area)
    own = {**closing, **area.fields}
    return RawAction(
        action=area.block.text,
        recommendation_index=index,
        lead=own.get("lead") or _lead(area),
        deadline=own.get("deadline") or _group_deadline(area),
        rag=own.get("rag"),
        progress=progress,
        outcome=own.get("outcome"),
        measure=own.get("measure"),
        cost=own.get("cost"),
        provenance=_prov(area.block),
    )


def extract(source: SourceFile) -> RawDocument:
    blocks = _blocks(source.text)
    if _structure(blocks) < _MIN_STRUCTURE:
        raise ExtractionError("no committee-report front matter or section headings")
    areas, end = _areas(blocks)
    if not areas:
        raise ExtractionError("no areas for development under timescale headings or labels")
    start = next(i for i, b in enumerate(blocks) if b.line == areas[0].block.line)
    before = blocks[:start]
    pairs = _front_matter(before)
    doc = RawDocument(
        source=str(source.path),
        sha256=source.sha256,
        extractor=NAME,
        doc_type="progress_report",
        title=_pick(pairs, _TITLE_KEY),
        authority_raw=_authority(source.text),
        document_date_raw=_document_date(pairs, before, _running_lines(source.text)),
        inspection_date_raw=inspection_date("\n".join(block.text for block in blocks)),
        version=_pick(_front_matter(blocks), _VERSION_KEY),
    )
    refs = _refs(areas)
    rest = _named_progress(areas, refs, blocks[end:])
    unreported = [a for a in areas if not a.progress and "progress" not in a.fields]
    progress = _progress_groups(rest, {a.priority for a in areas if a.priority})
    scorer = _Scorer(blocks)
    for priority, paragraphs in progress.items():
        group = [a for a in unreported if a.priority == priority]
        if group:
            _assign(group, paragraphs, priority, scorer)
    if not progress and unreported:
        _assign(unreported, _progress_section(rest), "", scorer)
    for index, (area, ref) in enumerate(zip(areas, refs)):
        doc.recommendations.append(
            RawRecommendation(text=area.block.text, ref=ref, priority_raw=area.group, heading=area.heading,
                              provenance=_prov(area.block))
        )
        doc.actions.append(_action(area, index))
        if not area.progress and "progress" not in area.fields:
            doc.warnings.append(f"line {area.block.line}: no progress paragraph found for area {index + 1}")
    return doc


def _score_share(hits: int, enough: int) -> float:
    return min(hits / enough, 1.0)


def _structure(blocks: list[_Block]) -> float:
    """0..0.65 for committee-report front matter labels and section headings."""
    labels = sum(bool(_FRONT_MATTER.match(key)) for key in _front_matter(blocks))
    sections = sum(bool(_SECTION.match(b.text)) for b in blocks if _is_heading(b))
    return 0.35 * _score_share(labels, 3) + 0.3 * _score_share(sections, 3)


def sniff(source: SourceFile) -> float:
    """Committee-report front matter and sections, plus timescale headings or labelled areas, in prose (not a table)."""
    text = source.text_or_none
    blocks = _blocks(text) if text is not None else []
    if not blocks:
        return 0.0
    structure = _structure(blocks)
    if structure < _MIN_STRUCTURE:
        return round(structure, 3)
    areas = sum(_group_priority(b) is not None or _area_label(b) is not None for b in blocks)
    numbered = sum(b.number is not None and not _is_heading(b) for b in blocks)
    content = 0.2 * _score_share(areas, 2) + 0.15 * _score_share(numbered, 4)
    table_share = sum(b.tabbed for b in blocks) / len(blocks)
    return round((structure + content) * (1 - table_share), 3)


EXTRACTOR = Extractor(name=NAME, sniff=sniff, extract=extract)
