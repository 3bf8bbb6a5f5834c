"""What a document says about itself: title, council, version, its own date, the inspection's
date, and the date its relative deadlines ("3 months") count from.

Read from the prose and from two-column tables of labels and values
("Date of inspection | 6 February 2017"), never from file metadata unless the
document prints no date at all, and then flagged as an estimate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from extractors.layout import Block
from extractors.text import SENTENCE_END, VERSION, fold
from extractors.vocabulary import DATE, DATE_RE, DEADLINE_LABEL, DOC_TYPE_WORDS, FULL_DATE_RE, MONTH

_VISIT = re.compile(r"\b(?:inspect\w*|focused\s+visit|monitoring\s+visit|ilacs|jtai|visit)\b", re.I)
_DEADLINE = re.compile(DEADLINE_LABEL, re.I)
_PUBLISHED = re.compile(r"\b(?:publish\w*|issued)\b", re.I)
_AGREED = re.compile(r"\b(?:agreed|approved|signed\s+off|endorsed|adopted)\b", re.I)
_RUN_FROM = re.compile(r"\b(?:timescales?|deadlines?|timeframes?|dates?|months?)\b[^.\n]{0,60}?\b(?:run|runs|count\w*"
                       r"|calculated|measured|start\w*|taken)\s+from\b([^.\n]{0,80})", re.I)
_OTHER_EVENT = re.compile(r"\b(?:updated?|revised|reviewed|progress|position|status|as\s+at|approved|agreed)\b", re.I)
_OWN_DATE = re.compile(rf"\b(?:(?:last\s+)?(?:updated|revised|reviewed)|(?:\w+\s+)?dated?|as\s+at|meeting\s+date"
                       rf"|date\s+of\s+(?:the\s+)?meeting|(?:status|position|progress)\s+(?:at|as\s+of)"
                       rf"|version\s*[:.]?\s*\d+(?:\.\d+)*\s*[-–,:]?|^\s*date)\s*[:\-–]?\s*"
                       rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?({DATE})", re.I | re.M)
_RANGE_END = re.compile(rf"\s*(?:-|–|to|until|and)\s*({DATE})", re.I)
_RANGE_DAY = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}})", re.I)
# A line break ends a clause unless a date goes on after it; in a run of breaks only the last is tried (each
# looking past the rest: quadratic), so a clause keeps the blank lines after it.
_CLAUSE = re.compile(rf"(?<=[.;!?])\s+|\n(?![^\S\n]*(?:{MONTH}|\d|\n))", re.I)
_LABEL_REACH = 25  # characters before a date where its label stands ("Last updated: ")
_TITLE_RUN = r"\b(?:[A-Z][\w'-]+ (?:upon |on |and )?)+"  # capitalised words ("Bath and North East Somerset")
_CAPITAL_RUN = r"\b(?:[A-Z][A-Z'-]+ )+"  # words in capitals (UPON and ON among them)
# Each pattern, and the run of words its matches start with, if any: a run is tried from its first word only (a
# match from a later word is one from the first too; trying every word of a long run is quadratic in its length).
_COUNCIL: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = [
    (re.compile(r"\b(?:London|Royal) Borough of [A-Z][\w'-]+(?:(?: and| upon)? [A-Z][\w'-]+)*"), None),
    (re.compile(_TITLE_RUN + r"(?:City |County |Borough |Metropolitan Borough |District )?Council\b"),
     re.compile(_TITLE_RUN)),
    (re.compile(_CAPITAL_RUN + r"(?:CITY |COUNTY |BOROUGH |METROPOLITAN BOROUGH |DISTRICT )?COUNCIL\b"),
     re.compile(_CAPITAL_RUN)),
    (re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)['’]s\b(?=[^.]{0,80}\binspection)"), None),
]
_NOT_COUNCIL = {"the", "this", "a", "full", "cabinet", "executive", "corporate", "county", "city", "borough", "ofsted",
                "children", "in", "care", "local", "our", "each", "that", "youth", "report", "to"}
_TITLE_WORDS = re.compile(r"\b(?:plan|report|progress|update|tracker)\b", re.I)
_LABEL_LINE = re.compile(r"^\s*([A-Z][\w()'’/-]*(?: [\w()'’/-]+){0,2})\s*:\s*(\S.*)$")  # a label of up to three words
_TITLE_LABEL = re.compile(r"^(?:report\s+)?title$|^subject$", re.I)
_FRONT_MATTER = re.compile(r"^(?:item no|meeting|report (?:of|to|from|author)|date of meeting|purpose of report"
                           r"|key decision|decision maker|contact officer|wards?|from|to|subject)\b", re.I)


@dataclass
class Facts:
    title: str | None = None
    authority: str | None = None
    version: str | None = None
    document_date: str | None = None
    date_estimated: bool = False  # document_date is the file's creation date, not printed
    inspection_date: str | None = None
    base_date: str | None = None  # what relative deadlines count from, when the document says or implies it
    doc_type: str = "action_plan"
    committee: bool = False  # front matter of a committee report ("Report of:", "Meeting:")
    warnings: list[str] = field(default_factory=list)


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]


def _visit_date(text: str) -> str | None:
    """The date of the inspection itself, a range's last day ("8–19 April 2013"), before any other."""
    found: list[tuple[tuple[bool, int, int], str]] = []
    for number, clause in enumerate(c for c in _clauses(text) if _VISIT.search(c)):
        visits = list(_VISIT.finditer(clause))
        for match in DATE_RE.finditer(clause):
            visit = min(visits, key=lambda v: abs(v.start() - match.start()))
            gap = clause[match.end():visit.start()] if match.start() < visit.start() else clause[visit.end():match.start()]
            label = clause[max(0, match.start() - _LABEL_REACH):match.start()]
            if _OTHER_EVENT.search(gap) or _OTHER_EVENT.search(label) or _PUBLISHED.search(gap + label):
                continue
            end = _RANGE_END.match(clause, match.end())
            date = " ".join((end.group(1) if end else match.group(0)).split())
            found.append(((not FULL_DATE_RE.fullmatch(date), number, match.start()), date))
        for match in _RANGE_DAY.finditer(clause):  # "8–19 April 2013": the day range before one month
            found.append(((False, number, match.start()), " ".join(match.group(1).split())))
    return min(found)[1] if found else None


def _event_date(text: str, event: re.Pattern[str]) -> str | None:
    """The first full date in a clause naming the event ("Ofsted report published 13 November 2015")."""
    for clause in _clauses(text):
        if (named := event.search(clause)) and not _RUN_FROM.search(clause):
            match = FULL_DATE_RE.search(clause, named.end()) or FULL_DATE_RE.search(clause)  # the one after the event first
            if match:
                return " ".join(match.group(0).split())
    return None


def _base_date(text: str, inspection: str | None) -> str | None:
    """The date relative deadlines count from: the event the document says they run from, else the
    inspection, the report's publication, or the plan's agreement, whichever it states first in that order."""
    published, agreed = _event_date(text, _PUBLISHED), _event_date(text, _AGREED)
    stated = _RUN_FROM.search(text)
    if stated:
        named = stated.group(1)
        direct = FULL_DATE_RE.search(named)
        if direct:
            return direct.group(0)
        for pattern, date in ((_PUBLISHED, published), (_AGREED, agreed), (_VISIT, inspection)):
            if pattern.search(named) and date:
                return date
    return inspection or published or agreed


def _matches(pattern: re.Pattern[str], run: re.Pattern[str] | None, text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying ``pattern`` only where a run of its words starts."""
    if run is None:
        yield from pattern.finditer(text)
        return
    at = 0
    while found := run.search(text, at):
        match = pattern.match(text, found.start())
        if match:
            yield match
        at = match.end() if match else found.end()


def _council(text: str) -> str | None:
    for pattern, run in _COUNCIL:
        for match in _matches(pattern, run, text):
            name = match.group(match.lastindex or 0)
            if name.split()[0].lower() not in _NOT_COUNCIL:
                return fold(name)
    return None


def _doc_type(title: str | None, committee: bool) -> str:
    for pattern, kind in DOC_TYPE_WORDS:
        if title and pattern.search(title):
            return kind
    return "progress_report" if committee else "action_plan"


def _may_title(block: Block) -> bool:
    """Not a label line of front matter ("Report to: ..."); "X Council: Improvement Plan" or "Ofsted
    Improvement Plan: Inspection of ..." may title."""
    label = _LABEL_LINE.match(block.text)
    return not label or block.bold or block.kind == "heading" or (
        not _FRONT_MATTER.match(label.group(1).lower()) and bool(_TITLE_WORDS.search(label.group(0))))


def _title(blocks: list[Block], labels: dict[str, str]) -> str | None:
    """A labelled title, else the most prominent line naming a plan or report (one naming what kind,
    "Improvement Plan", before a section's "Abbreviations used in this plan"; then a heading, the
    largest print), else the first line."""
    labelled = next((v for k, v in labels.items() if _TITLE_LABEL.match(k)), None)
    if labelled:
        return labelled
    head = [b for b in blocks[:12] if fold(b.text)]
    titled = [b for b in head if _TITLE_WORDS.search(b.text) and not _OWN_DATE.search(b.text)
              and len(b.text.split()) <= 20 and not SENTENCE_END.search(b.text) and _may_title(b)]
    if titled:
        kind = lambda b: any(pattern.search(b.text) for pattern, _ in DOC_TYPE_WORDS)  # noqa: E731
        return fold(max(titled, key=lambda b: (kind(b), b.kind == "heading", b.size or 0.0, b.bold)).text)
    return fold(head[0].text) if head else None


def _lead_up(text: str, start: int, date_start: int) -> str:
    """The words before a date back to its line's start or the date before it on that line (lines of a
    title block run together in a paragraph keep their own labels)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = [m.end() for m in DATE_RE.finditer(text, line_start, date_start)]
    return text[max([line_start, *before]):date_start]


def describe(blocks: list[Block], everywhere: str, metadata: dict[str, str]) -> Facts:
    """Facts from the blocks before the first plan table (title block, narrative) and, for the dates
    the whole document may state, its whole text."""
    lines = [line for line in (fold(b.text) for b in blocks) if line]
    text = "\n".join(lines)
    labels = {m.group(1).lower(): m.group(2) for m in map(_LABEL_LINE.match, lines) if m}
    committee = sum(bool(_FRONT_MATTER.match(label)) for label in labels) >= 2
    title = _title(blocks, labels)
    facts = Facts(title=title, committee=committee, authority=_council(text) or _council(everywhere) or title)
    version = VERSION.search(text)
    facts.version = version.group(1) if version else None
    inspection = _visit_date(text) or _visit_date(everywhere)
    facts.inspection_date = inspection
    own = [m.group(1) for m in _OWN_DATE.finditer(text)  # what leads to the date names no visit, its label no deadline
           if not _VISIT.search(_lead_up(text, m.start(), m.start(1)))
           and not _DEADLINE.search(m.group(0)[:m.start(1) - m.start()])]
    facts.document_date = own[0] if own else next(
        (m.group(0) for ln in lines[:15] for m in [FULL_DATE_RE.search(ln)] if m and not _VISIT.search(ln)
         and not _PUBLISHED.search(ln) and not _AGREED.search(ln) and not _DEADLINE.search(ln[:m.start()])),
        None)
    if facts.document_date is None and metadata.get("created") and not DATE_RE.search(everywhere):
        facts.document_date, facts.date_estimated = metadata["created"], True
        facts.warnings.append(f"document prints no date; {metadata['created']} is the file's creation date, an estimate")
    facts.base_date = _base_date(everywhere, inspection)
    facts.doc_type = _doc_type(title, committee)
    return facts
