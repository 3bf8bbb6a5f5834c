"""Cleaning cell text and recognising the structural lines plans print.

Shared by every text-based extractor so that one notion of "a priority
heading" or "a bullet" holds across formats.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<\s*(/?)\s*(\w+)[^>]*>")
_BLOCK_TAGS = {"p", "li", "br", "ul", "ol", "div", "tr"}
_SPACE = re.compile(r"[ \t\u00a0]+")
BULLET_CHARS = "•·▪◦●‣∙-–*\uf0b7\uf0a7"  # the last two: Word's Symbol-font bullets
_BULLET = re.compile(rf"^\s*[{re.escape(BULLET_CHARS)}]\s*")


def strip_markup(text: str) -> str:
    """Remove HTML tags, turning block tags into line breaks, and unescape entities."""

    def repl(match: re.Match[str]) -> str:
        return "\n" if match.group(2).lower() in _BLOCK_TAGS else ""

    return html.unescape(_TAG.sub(repl, text))


def fold(text: str | None) -> str | None:
    """Collapse runs of whitespace (and markdown bold/italic stars); None for blank."""
    if text is None:
        return None
    text = re.sub(r"\*\*|__", "", text)
    text = _SPACE.sub(" ", text.replace("\n", " ")).strip()
    return text or None


# A month name as plans write it ("Sept", "March", "Dec."): a regex fragment for date patterns.
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# A full date as title blocks and prose print it ("28th September 2016", "March 15, 2013", "08/02/2013"),
# and with a month and year only ("April 2013").
FULL_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
)
DATE = rf"(?:{FULL_DATE}|{MONTH}\s+\d{{4}})"
_DATE_RE = re.compile(rf"\b{DATE}", re.I)
_FULL_DATE_RE = re.compile(FULL_DATE, re.I)
_VISIT = re.compile(r"\b(?:inspect\w*|focused\s+visit|monitoring\s+visit|ilacs|jtai)\b", re.I)
# A date after words naming the inspection, in the same clause ("Date of inspection: 8 February 2013"):
# for telling the inspection's date from a document's own.
DATE_AFTER_INSPECTION = re.compile(rf"{_VISIT.pattern}[^.;\n]{{0,160}}?\b({DATE})", re.I)
_RANGE_END = re.compile(rf"\s*(?:-|–|to|until|and)\s*({DATE})", re.I)  # "19 November 2018 to 30 November 2018"
# Clauses end at sentence punctuation and at line ends, except where the next line goes on with a date
# ("inspection date 7th" / "February 2015").
_CLAUSE = re.compile(rf"(?<=[.;!?])\s+|\n(?!\s*(?:{MONTH}|\d))", re.I)
_PUBLISHED = re.compile(r"\b(?:publish\w*|issued)\b", re.I)
# Words between the inspection and a date that make the date another event's than the visit or the report's
# publication: "Inspection report 2019: progress at 5 May 2020", "inspection action plan, updated 3 June 2016".
_LABEL_REACH = 25  # characters before a date where its label stands ("Last updated: ")
_OTHER_EVENT = re.compile(r"\b(?:updated?|revised|reviewed|progress|position|status|as\s+at|approved)\b", re.I)


def inspection_date(text: str) -> str | None:
    """The date a text gives for the inspection, as printed.

    In the clauses naming the inspection, a date of the visit itself ("took place from 15 to 26
    April 2013": a range's last day) comes before the report's publication date, which stands in
    when the visit's is not given; a full date before a month alone ("in September 2013"); then
    the first in the text.
    """
    found: list[tuple[tuple[bool, bool, int, int], str]] = []
    for number, clause in enumerate(c for c in _CLAUSE.split(text) if _VISIT.search(c)):
        visits = list(_VISIT.finditer(clause))
        for match in _DATE_RE.finditer(clause):
            visit = min(visits, key=lambda v: abs(v.start() - match.start()))
            before = match.start() < visit.start()
            gap = clause[match.end():visit.start()] if before else clause[visit.end():match.start()]
            label = clause[max(0, match.start() - _LABEL_REACH):match.start()]
            if _OTHER_EVENT.search(gap) or _OTHER_EVENT.search(label):
                continue  # "Last updated: 12 May 2016 Following the inspection ...": the label is the date's
            published = bool(_PUBLISHED.search(gap)) or (before and bool(_PUBLISHED.search(clause)))
            end = None if published else _RANGE_END.match(clause, match.end())
            date = " ".join((end.group(1) if end else match.group(0)).split())
            full = bool(_FULL_DATE_RE.fullmatch(date))
            found.append(((not full, published, number, match.start()), date))
    return min(found)[1] if found else None


PAGE_LABEL = re.compile(  # a cell or line that only numbers the page: "Page 3", "Page 3 of 12", "3 of 12"
    r"^\s*(?:page\s+\d{1,3}|\d{1,3}\s+of\s+\d{1,3})(?:\s+of\s+\d{1,3})?\s*$", re.I
)
VERSION = re.compile(r"\bversion\s*[:.]?\s*(\w+(?:\.\w+)*)", re.I)  # "Version 14", "version: 2.1"

_TITLE_END = re.compile(r"[.;,!?]$")
_MAX_TITLE_WORDS = 10  # a section row ("Theme 2: Children looked after") is short
_MAX_TITLE_CHARS = 80


def is_section_title(text: str) -> bool:
    """Short, capitalised and not a sentence: how a section or theme heading looks in a table."""
    return (
        len(text.split()) <= _MAX_TITLE_WORDS
        and len(text) <= _MAX_TITLE_CHARS
        and (text[0].isupper() or text[0].isdigit())
        and not _TITLE_END.search(text)
    )


_NON_WORD = re.compile(r"[\W_]+")


def comparable(text: str | None) -> str:
    """Case-folded words joined by single spaces, for similarity scores; "" for None.

    Punctuation goes because exports differ in what they keep of bullets,
    quotes and dashes, none of which changes what a text says.
    """
    if not text:
        return ""
    return _NON_WORD.sub(" ", text.casefold()).strip()


# A line that stops where the sentence cannot ("... to the", "Head of Service /"): the next line goes on with it.
# Not "a": a RAG cell prints "A" for amber.
DANGLING_END = re.compile(
    r"(?:[/,&+;:\-–]|\b(?:and|or|of|for|to|the|with|until|by|from|including|between))\s*$", re.I
)
_OPENING_QUOTES, _CLOSING_QUOTES = "\"“‘'", "\"”’'"


def unquote(text: str) -> str:
    """A recommendation quoted whole ("“Ensure that ...”") without its quotation marks."""
    if len(text) > 1 and text[0] in _OPENING_QUOTES and text[-1] in _CLOSING_QUOTES:
        inner = text[1:-1].strip()
        if not any(q in inner for q in "\"“”"):  # two quotations side by side are not one
            return inner
    return text


def is_capitals(text: str, min_letters: int = 4) -> bool:
    """Two or more words all in capitals: how plans print section rows ("CHILDREN LOOKED AFTER")."""
    return sum(ch.isalpha() for ch in text) >= min_letters and text.isupper() and len(text.split()) >= 2


def is_page_footer(cells: list[str]) -> bool:
    """A running footer read as a table row: its last filled cell only numbers the page, beside
    at most a title ("Acme Council – Improvement Plan | Page 1"), or "Page N" however many cells
    the footer fills ("Acme Council | Improvement Plan | Version 3 | Page 2"). A row ending in
    a bare "3 of 12" among other cells is data."""
    filled = [c.strip() for c in cells if c and c.strip()]
    if not filled or not PAGE_LABEL.match(filled[-1]):
        return False
    return len(filled) <= 2 or filled[-1].lower().startswith("page")


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1)


_PRIORITY_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(priority and )?immediate(ly)?( action)?\b", re.I), "immediate"),
    (re.compile(r"\b(within )?(three|3) months\b", re.I), "three_months"),
    (re.compile(r"\b(within )?(six|6) months\b", re.I), "six_months"),
    (re.compile(r"\b(areas? (for|requiring) (improvement|development)|what (does the local authority|needs to) (need to )?improve)", re.I), "improve"),
]

_PRIORITY_HEADING = re.compile(
    r"^\s*(priority and immediate action.*|immediate(ly)?( actions?)?( required| needed)?"
    r"|(actions? )?(due |to be completed )?(within )?(one|two|three|six|nine|twelve|\d{1,2}) months"
    r"|areas? (for|requiring) (improvement|development))\s*[:.]?\s*(\(.*\))?\s*$",
    re.I,
)


def priority_of(text: str | None) -> str | None:
    """The canonical priority group a heading or prefix names, if any."""
    if not text:
        return None
    for pattern, priority in _PRIORITY_PATTERNS:
        if pattern.search(text):
            return priority
    return None


def is_priority_heading(text: str | None) -> bool:
    """True for a line that is only a timescale group heading ("Within three months")."""
    return bool(text) and bool(_PRIORITY_HEADING.match(text))
