"""The words plans are written in, once: months, seasons and terms, number words, dates and
deadlines, RAG colours and status words, priorities, bullets and item numbers.

Readers, the record builder and the normalisers (``pipeline.deadlines``,
``pipeline.rag``) all take their patterns from here, so that what one stage
recognises as a deadline or a RAG cell the next can resolve.
"""

from __future__ import annotations

import colorsys
import re

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# A month as plans write it ("Sept", "March", "Dec."), as a regex fragment.
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-four": 24, "twenty four": 24, "thirty": 30, "thirty-six": 36, "thirty six": 36,
}
NUMBER = r"(?:\d{1,2}|" + "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True)) + ")"
# A season's and a school term's last (month, day); winter ends in February of the next year.
SEASON_END = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30), "fall": (11, 30), "winter": (2, 28)}
TERM_END = {"autumn": (12, 31), "spring": (3, 31), "summer": (7, 31)}
SEASON = r"(?:spring|summer|autumn|fall|winter)"

# A full date as title blocks and prose print it ("28th September 2016", "March 15, 2013", "08/02/2013"),
# and a month with its year ("April 2013").
FULL_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
)
DATE = rf"(?:{FULL_DATE}|{MONTH}\s+\d{{4}})"
DATE_RE = re.compile(rf"\b{DATE}", re.I)
# Wording that labels a deadline (a column header, "Target date:" in a paragraph), never a document's own date.
DEADLINE_LABEL = (r"target\s+date|completion\s+date|due\s+date|date\s+due|\bcomplete\s+by\b|to\s+be\s+completed\s+by"
                  r"|by\s+when")
FULL_DATE_RE = re.compile(FULL_DATE, re.I)

# One deadline expression, as a cell prints it: a date, a month, a quarter or financial year, a season or
# term, a duration, or a state ("Ongoing").
_FINANCIAL = r"(?:FY\s*)?\d{4}\s*[/-]\s*\d{2}(?:\d{2})?(?:\s*q[1-4])?|q(?:uarter\s*)?[1-4]\s*(?:\d{2}(?:\d{2})?(?:\s*[/-]\s*\d{2,4})?)?"
DEADLINE_TOKEN = (
    rf"(?:(?:end(?:\s+of)?|by|before|w/[ce]|week\s+(?:ending|commencing))\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}[\s',-]*(?:\d{{4}}|\d{{2}})?"
    rf"|(?:(?:by|w/[ce])\s+)?\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"|(?:within\s+)?{NUMBER}(?:\s*-\s*{NUMBER})?\s+(?:weeks?|months?|years?)"
    rf"|(?:(?:end\s+of|by)\s+)?(?:the\s+)?{SEASON}(?:\s+term)?\s*'?(?:\d{{4}}|\d{{2}})?|{_FINANCIAL}"
    r"|immediate(?:ly)?|on-?going|tb[ac]|quarterly|monthly|annually|weekly|complete[d]?|\d{4}"
)
DEADLINE_CELL = re.compile(
    rf"^\s*(?:{DEADLINE_TOKEN})(?:\s*(?:-|–|to|/|&|and)\s*(?:{DEADLINE_TOKEN}))?"
    r"(?:\s+[-–(]\s*[a-z][\w ]{0,30}\)?)?\s*[.;]?\s*$",
    re.I,
)

# ------------------------------------------------------------------ RAG
RAG_COLOURS = {"red": "red", "amber": "amber", "yellow": "amber", "orange": "amber", "green": "green", "blue": "blue"}
RAG_LETTERS = {"r": "red", "a": "amber", "g": "green", "b": "blue", "y": "amber"}
SEVERITY = ("red", "amber", "green", "blue")  # worst first: two colours in one cell take the worse
COLOUR_WORD = re.compile(r"\b(" + "|".join(RAG_COLOURS) + r")\b", re.I)
DONE = re.compile(r"\b(?:complete|completed|achieved|done|closed)\b", re.I)
# Status words plans print in a RAG column instead of colours; what colour each stands for is the plan's key's.
STATUS_WORD = (
    r"(?:completed?|achieved|closed|not\s+(?:yet\s+)?started|on\s+track|off\s+track|on\s+hold|on\s+target"
    r"|(?:some\s+)?slippage|at\s+risk|delayed|in\s+progress|overdue|not\s+met|met)"
)
# Spaces between words are read one way only, and kept ("\s*[/&,-]?\s*" splits them two ways: exponential in
# the words; a gloss's "\s+" taking them back: quadratic in the spaces), so the gloss dash looks behind for one.
RAG_CELL = re.compile(
    rf"^\s*(?:\(?(?:red|amber|yellow|green|blue|{STATUS_WORD})\)?\s*+(?:[/&,-]\s*+)?)+"
    r"(?:(?<=\s)[-–]\s*[a-z][\w ]{0,30})?\s*$"
    r"|^\s*[RAGBY](?:\s*[/-]\s*[RAGBY])?\s*$",
    re.I,
)


def colour_of_fill(hex_rgb: str) -> str | None:
    """RAG colour of a shading or a coloured mark ("C00000" -> red), by hue; None for white, grey or black.

    Hue bands: red < 25 deg or > 330, amber 25-70 (orange and yellow), green
    70-170, blue 170-260. Pale tints count when saturated enough to be a RAG fill.
    """
    r, g, b = (int(hex_rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.25 or lightness > 0.93 or lightness < 0.08:
        return None
    degrees = hue * 360
    for limit, name in ((25, "red"), (70, "amber"), (170, "green"), (260, "blue"), (330, None)):
        if degrees < limit:
            return name
    return "red"


# Marks a key can explain ("✓ Completed (blue)", "✪ Achieved"): any character of the Unicode blocks of
# arrows, geometric shapes, miscellaneous symbols, dingbats and symbols-and-arrows (ticks, crosses,
# triangles, stars, dots, squares), not a list of the ones seen so far.
_MARK_BLOCKS = ((0x2190, 0x21FF), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF), (0x2B00, 0x2BFF))
RAG_SYMBOLS = "".join(chr(c) for first, last in _MARK_BLOCKS for c in range(first, last + 1))

# ------------------------------------------------------------------ priorities (timescale groups)
PRIORITY_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:priority and )?immediate(?:ly)?(?: action)?\b", re.I), "immediate"),
    (re.compile(r"\b(?:within )?(?:three|3) months\b", re.I), "three_months"),
    (re.compile(r"\b(?:within )?(?:six|6) months\b", re.I), "six_months"),
    (re.compile(r"\bareas? (?:for|requiring) (?:improvement|development)|what (?:does the local authority|needs to)"
                r" (?:need to )?improve", re.I), "improve"),
]
PRIORITY_HEADING = re.compile(
    rf"^\s*(?:priority and immediate action.*|immediate(?:ly)?(?: actions?)?(?: required| needed)?"
    rf"|(?:actions? )?(?:due |to be completed )?(?:within )?(?:the )?(?:next )?{NUMBER} (?:weeks|months)"
    r"|areas? (?:for|requiring) (?:improvement|development))(?:\s+(?:of|from|after)\s+[\w' ]{1,40})?"
    r"\s*[:.]?\s*(?:\(.*\))?\s*$",
    re.I,
)


def priority_of(text: str | None) -> str | None:
    """The canonical priority group a heading or prefix names, if any."""
    for pattern, priority in PRIORITY_PATTERNS:
        if text and pattern.search(text):
            return priority
    return None


def is_priority_heading(text: str | None) -> bool:
    """A line that is only a timescale group heading ("Within three months")."""
    return bool(text) and bool(PRIORITY_HEADING.match(text))


def timescale(priority: str | None) -> str | None:
    """A group heading that doubles as a deadline ("Within three months"); "Areas for improvement" is none."""
    group = priority_of(priority)
    return priority if group is not None and group != "improve" else None


# ------------------------------------------------------------------ bullets and numbers
BULLET_CHARS = "•·▪◦●‣∙-–*\uf0b7\uf0a7\uf076\uf0d8\uf0fc➢►"  # the \uf0..: Word's Symbol/Wingdings bullets
_MARKS = re.escape(BULLET_CHARS.replace("-", "").replace("–", ""))
# A bullet: a mark, or a dash or Word's "o" before a space (a dash before a word is a hyphen).
_BULLET = rf"(?:[{_MARKS}]|[-–o](?=\s))"
BULLET = re.compile(rf"^\s*(?:{_BULLET}\s*)+")
ACTION_NUMBER = re.compile(r"^\s*(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)(?!\d|\.\d)[.):]?(?:\s+|$)")  # "3.1 ", not a date
LETTER_NUMBER = re.compile(r"^\s*\(?([a-z]|[ivx]{1,4})\)\s*|^\s*([a-z]|[ivx]{1,4})\.\s+(?=[A-Z])")  # "a)", "(ii)", "b. ", "iv. "
REC_NUMBER = re.compile(r"^\s*((?:[A-Za-z]{1,3}\s?)?\d{1,2}[a-z]?)(?![\d.]\d)[.):]?(?:\s+|$)")  # "1", "R1 ", "13."
# A whole ref cell: "4", "R1", "13/14", "Rec 2" (a word naming it goes: "2").
REF_CELL = re.compile(r"^\s*(?:[A-Za-z]{2,}\.?\s+)?([A-Za-z]{0,2}\d{1,2}(?:/\d{1,2})?[a-z]?)\s*[.):]?\s*$")
ITEM_START = re.compile(rf"{ACTION_NUMBER.pattern}|{LETTER_NUMBER.pattern}|^\s*{_BULLET}")
# A recommendation labelled with its number: "Recommendation 2: Ensure ...", "Area for improvement 3 - The ...".
LABELLED_RECOMMENDATION = re.compile(
    r"^\s*(?:ofsted\s+|inspection\s+)?(?:recommendation|area\s+for\s+(?:improvement|development))\s+(?:no\.?\s*)?"
    r"(?:(?P<ref>[a-z]?\d{1,2}[a-z]?)\s*(?:[-–:.)]|\s(?=(?-i:[A-Z])))|(?P<letter>[a-z])\s*(?:[-–:.)]|(?=[\"“‘'])))"
    r"\s*(?P<text>\S.*)$",
    re.I,
)  # the separator may be lost (OCR): a capital after the number starts the text


TITLE_ONLY = re.compile(r"^\s*(?:ofsted\s+|inspection\s+)?(?:recommendation|area\s+for\s+(?:improvement|development))"
                        r"\s+(?:no\.?\s*)?([a-z]?\d{1,2}[a-z]?)\s*[.:]?\s*$", re.I)  # "Recommendation 4" alone


# A recommendation named by its ref in prose, with or without its text: "Recommendation (c): ...", "Area 3",
# "Rec 2 – ...", "Area for improvement 1", "Recommendation R4".
NAMED_RECOMMENDATION = re.compile(
    r"^\s*(?:ofsted\s+)?(?:recommendation|rec|area(?:\s+for\s+(?:improvement|development))?)(?:\s+\(?|\s*\()"
    r"(?P<ref>[A-Z]?\d{1,2}[a-z]?|[ivx]{1,4}|[a-z])\)?(?=[\s:.)\-–—]|$)\s*(?:[:.\-–—]\s*)?(?P<text>.*)$", re.I)
# A committee report's own recommendations: its section ("Recommendations", "RECOMMENDATION(S)", "Officer
# recommendations and reasons"; not "Progress against Ofsted's recommendations") and their wording.
COMMITTEE_SECTION = re.compile(
    r"^(?:\w+\s+)?recommendations?(?:\(s\))?\b(?!.*\b(?:progress|against|ofsted|inspection)\b)", re.I)
RESOLUTION = re.compile(r"^(?:that|members|the \w+ (?:is|are) asked)\b", re.I)  # "That the Panel notes ..."
# A paragraph introducing the inspection's list: "... identified the following areas for improvement:".
LIST_INTRO = re.compile(r"\b(areas? (?:for|of) (?:improvement|development)|recommendations)\b[^.]{0,80}:$", re.I)


def labelled_recommendation(text: str) -> tuple[str, str] | None:
    """(ref, text) of "Recommendation 2: Ensure ...", "Area for improvement 3 - The ...", "Recommendation B “...”"."""
    match = LABELLED_RECOMMENDATION.match(text)
    return (match.group("ref") or match.group("letter"), match.group("text")) if match else None

# A label quoting the inspection's recommendation inside a cell: "Core Ofsted recommendation (2019): ...".
QUOTE_LABEL = re.compile(
    r"(?:\b[A-Za-z]+[ \t]+)?\b(?:ofsted|inspection|ilacs|jtai|focused\s+visit|monitoring\s+visit)\s+"
    r"(?:recommendations?|areas?\s+for\s+(?:improvement|development)|priority\s+actions?)"
    r"(?:\s+(?:no\.?\s*)?(?P<num>\d+(?:\.\d+)*[a-z]?))?(?P<gloss>\s*\([^()\n]{0,20}?\b\d{4}\s*\))?(?P<colon>\s*:)?",
    re.I,
)


_ANY_BULLET = re.compile(rf"^\s*(?:(?:[{re.escape(BULLET_CHARS)}]|o(?=\s))\s*)+")


def strip_bullet(text: str) -> str:
    """The text without its leading bullet marks (a dash before a word included: "-We will ...")."""
    return _ANY_BULLET.sub("", text, count=1)


# ------------------------------------------------------------------ documents
DOC_TYPE_WORDS: list[tuple[re.Pattern[str], str]] = [  # a title naming what the document is, first match wins
    (re.compile(r"\bprogress\s+(?:report|update|summary|review)\b|\bupdate\s+(?:report|on|to|for)\b|\bscrutiny\b"
                r"|\bbriefing\b|\bmonitoring\s+report\b|\bprogress\s+(?:against|on)\b", re.I), "progress_report"),
    (re.compile(r"\bimprovement\s+plan\b", re.I), "improvement_plan"),
    (re.compile(r"\baction\s+plan\b", re.I), "action_plan"),
]
# A key or legend: entries pairing a colour or a symbol with what it means ("Red = not started", "✓ Completed (blue)").
KEY_WORD = re.compile(r"^\s*(?:rag\s+)?(?:key|legend|rating\s+key|status\s+key)\b\s*:?", re.I)
