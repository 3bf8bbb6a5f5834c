"""Deadlines and document dates written any way, resolved to a date.

Plans write deadlines as "31/03/13", "31st March 2013", "Mar 15", "Q2 2016/17",
"Sept 2014 - Mar 2015", "3 months", "Ongoing". The rules (see README):

* an exact date is that date, read day-first;
* a month ("March 2013", "Mar 15") is the last day of that month;
* a financial-year quarter ("Q2 2016/17", Q1 = Apr-Jun) or year ("2016/17") is the
  end of that period; a season or a bare year is the end of it;
* a range is its end: the last date expression in the text wins;
* "3 months", "within six weeks", "Immediately" are relative to a base date (the
  inspection or document date) and unresolved without one;
* "Ongoing", "TBA" and anything else without a date are None.

Structured forms are read by the regexes below because dateparser has known
traps here: it reads "Mar 15" as 15 March of the current year, knows no
quarters, and fills in the current month or year for fragments like "1st".
dateparser reads what is left that carries a year (e.g. "March 31st, 2013"),
with one parser object, English only, and a cache, which keeps it fast.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

from dateparser.date import DateDataParser
from dateutil.relativedelta import relativedelta

from extractors.vocabulary import MONTH, MONTHS, NUMBER, NUMBER_WORDS, SEASON_END, TERM_END

_MONTH = rf"(?P<month>{MONTH})"
_OCR_ONE = str.maketrans("Iil|", "1111")  # "Qi 2019/20", "Ql 2019/20": a scan's "Q1"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")),  # file properties, date cells
    ("numeric", re.compile(r"\b(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})\b")),
    ("day_month", re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<y>\d{{4}}|'?\d{{2}})\b", re.I)),
    ("month_day", re.compile(
        rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I)),
    ("quarter", re.compile(
        r"\bQ(?:uarter\s*)?(?P<q>[1-4Iil|])\s*(?:of\s+)?(?:FY\s*)?"
        r"(?:(?P<y1>\d{4})(?:\s*[/\-]\s*(?P<y2>\d{4}|\d{2}))?|(?P<s1>\d{2})\s*[/\-]\s*(?P<s2>\d{2}))\b", re.I)),
    ("year_quarter", re.compile(r"\b(?P<y1>(?:19|20)\d{2})\s*[/\-]\s*(?P<y2>\d{2}|\d{4})\s*Q(?P<q>[1-4])\b", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH}\s*[\-/]?\s*(?P<y>\d{{4}}|'?\d{{2}})\b", re.I)),
    ("numeric_month", re.compile(r"\b(?P<m>0?[1-9]|1[0-2])\s*[/.]\s*(?P<y>(?:19|20)\d{2})\b")),
    ("financial_year", re.compile(r"\b(?:FY\s*)?(?P<y1>(?:19|20)\d{2})\s*[/\-]\s*(?P<y2>(?:19|20)?\d{2})\b", re.I)),
    ("term", re.compile(r"\b(?P<season>spring|summer|autumn)\s+term\s*,?\s*(?P<y>\d{4}|'?\d{2})\b", re.I)),
    ("season", re.compile(r"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?P<y>\d{4})\b", re.I)),
    ("year", re.compile(r"\b(?P<y>(?:19|20)\d{2})\b")),
]
_RELATIVE = re.compile(rf"\b(?P<n>{NUMBER}|an?)\s*(?P<unit>week|month|year)s?\b", re.I)
_IMMEDIATE = re.compile(r"\bimmediate(?:ly)?\b", re.I)
_HAS_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

_parser = DateDataParser(
    languages=["en"],
    settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "last", "RETURN_AS_TIMEZONE_AWARE": False},
)


def _year(text: str) -> int:
    value = int(text.lstrip("'"))
    return value + 2000 if value < 100 else value


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match[str]) -> date | None:
    """The date one matched expression stands for (the end of a period)."""
    g = m.groupdict()
    if kind in ("iso", "numeric"):
        return _safe_date(_year(g["y"]), int(g["m"]), int(g["d"]))
    if kind in ("day_month", "month_day"):
        return _safe_date(_year(g["y"]), MONTHS[g["month"][:3].lower()], int(g["d"]))
    if kind == "numeric_month":
        return _month_end(int(g["y"]), int(g["m"]))
    if kind == "month_year":
        return _month_end(_year(g["y"]), MONTHS[g["month"][:3].lower()])
    if kind in ("quarter", "year_quarter"):
        quarter = int(g["q"].translate(_OCR_ONE))
        if g.get("s1"):  # "Q3 17/18": a financial year written with two-digit years
            g = {**g, "y1": str(_year(g["s1"])), "y2": g["s2"]}
        start = int(g["y1"])
        if g["y2"] is None:  # calendar quarter
            return _month_end(start, quarter * 3)
        month = (quarter * 3 + 3 - 1) % 12 + 1  # Q1 -> Jun, Q2 -> Sep, Q3 -> Dec, Q4 -> Mar
        return _month_end(start + (quarter == 4), month)
    if kind == "financial_year":
        start, end = int(g["y1"]), _year(g["y2"]) if len(g["y2"]) == 4 else int(g["y1"][:2] + g["y2"])
        if end != start + 1:
            return None
        return date(end, 3, 31)
    if kind == "term":
        month, day = TERM_END[g["season"].lower()]
        return date(_year(g["y"]), month, day)
    if kind == "season":
        month, day = SEASON_END[g["season"].lower()]
        year = int(g["y"]) + (g["season"].lower() == "winter")
        return _month_end(year, month) if month == 2 else date(year, month, day)
    if kind == "year":
        return date(int(g["y"]), 12, 31)
    raise ValueError(kind)


def _explicit_dates(text: str) -> list[tuple[int, date]]:
    """Every date expression in the text with its position; earlier patterns claim their span first."""
    found: list[tuple[int, date]] = []
    claimed: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in claimed):
                continue
            resolved = _resolve(kind, m)
            if resolved is not None:
                found.append((m.start(), resolved))
                claimed.append(m.span())
    return sorted(found)


def _relative(text: str, base: date | None) -> date | None:
    if base is None:
        return None
    m = _RELATIVE.search(text)
    if m:
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else NUMBER_WORDS[" ".join(raw.split())]
        unit = m.group("unit").lower()
        return base + relativedelta(**{unit + "s": n})
    if _IMMEDIATE.search(text):
        return base
    return None


def _dateparser_fallback(text: str) -> date | None:
    """dateparser for the free forms the regexes do not cover, only when a year is written."""
    if not _HAS_YEAR.search(text):
        return None
    result = _parser.get_date_data(text)
    return result.date_obj.date() if result and result.date_obj else None


_CUT_YEAR = re.compile(r"\b(\d{1,2}[/.-]\d{1,2}[/.-])(\d{1,3}) (\d{1,3})\b")


def _rejoined(text: str) -> str:
    """A numeric date broken over the lines of a narrow cell put back: "25/08/201 2" -> "25/08/2012"
    (a word broken so, "Septembe" / "r", cleanup rejoins)."""
    return _CUT_YEAR.sub(lambda m: m[1] + m[2] + m[3] if len(m[2]) + len(m[3]) in (2, 4) else m[0], text)


@lru_cache(maxsize=8192)
def parse_deadline(text: str | None, base: date | None = None) -> date | None:
    """The deadline a cell states, or None; ``base`` anchors relative forms ("3 months")."""
    if not text or not text.strip():
        return None
    text = _rejoined(text)
    dates = _explicit_dates(text)
    if dates:
        return dates[-1][1]
    return _relative(text, base) or _dateparser_fallback(text)


@lru_cache(maxsize=1024)
def parse_document_date(text: str | None) -> date | None:
    """The first date a document states about itself ("Last updated: 5th March 2013")."""
    if not text or not text.strip():
        return None
    dates = _explicit_dates(text)
    if dates:
        return dates[0][1]
    return _dateparser_fallback(text)
