"""Deadlines as councils print them, the dates a plan states about itself, and their gold values.

Own small date code (nothing from the pipeline), following tests/gold/README.md and its
"Generated plans (v2)" rules: an exact date is that date; a month is its last day; "Q2 2016/17"
ends its financial-year quarter; "2016/17" is 31 March 2017; a range is its end; school terms
end 31 December (autumn), 31 March (spring), 31 July (summer); seasons end 31 May (spring),
31 August (summer), 30 November (autumn) and the end of February after (winter); relative
deadlines ("3 months", "Within six months", "Immediately") count from the plan's base date.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ..content import MONTH_ABBR, MONTH_NAMES, WORD_MONTHS, add_months, financial_year, month_end, ordinal, quarter_end

DEADLINE_STYLES = ("dd/mm/yy", "dd/mm/yyyy", "ordinal", "day month", "Mon yy", "Month yyyy", "quarter", "fy",
                   "term", "season", "range", "months", "within", "immediately", "ongoing", "tba", "blank")


@dataclass(frozen=True)
class Deadline:
    text: str | None       # as printed (None: blank cell)
    value: date | None     # gold ISO date
    months: int | None = None  # a relative deadline's months from the base date (0 = "Immediately")


def season_end(season: str, year: int) -> date:
    if season == "Winter":
        return month_end(year + 1, 2)
    return {"Spring": date(year, 5, 31), "Summer": date(year, 8, 31), "Autumn": date(year, 11, 30)}[season]


def term_end(term: str, year: int) -> date:
    return {"Autumn": date(year, 12, 31), "Spring": date(year, 3, 31), "Summer": date(year, 7, 31)}[term]


def relative(months: int, base: date | None) -> date | None:
    return add_months(base, months) if base else None


def draw_deadline(rng: random.Random, style: str, start: date, base: date | None) -> Deadline:
    """A deadline in one style, some time after ``start``; relative styles count from ``base``."""
    target = start + timedelta(days=rng.randint(20, 420))
    month = MONTH_NAMES[target.month - 1]
    if style == "dd/mm/yy":
        return Deadline(target.strftime("%d/%m/%y"), target)
    if style == "dd/mm/yyyy":
        return Deadline(target.strftime("%d/%m/%Y"), target)
    if style == "ordinal":
        return Deadline(f"{ordinal(target.day)} {month} {target.year}", target)
    if style == "day month":
        return Deadline(f"{target.day} {rng.choice([month, month[:3]])} {target.year}", target)
    if style == "Mon yy":
        return Deadline(f"{month[:3]} {target.year % 100:02d}", month_end(target.year, target.month))
    if style == "Month yyyy":
        return Deadline(f"{rng.choice([month, MONTH_ABBR[target.month - 1]])} {target.year}",
                        month_end(target.year, target.month))
    if style == "quarter":
        fy = financial_year(target)
        q = (target.month - 4) % 12 // 3 + 1
        return Deadline(f"Q{q} {fy}/{(fy + 1) % 100:02d}", quarter_end(q, fy))
    if style == "fy":
        fy = financial_year(target)
        return Deadline(rng.choice([f"{fy}/{(fy + 1) % 100:02d}", f"{fy}-{(fy + 1) % 100:02d}"]), date(fy + 1, 3, 31))
    if style == "term":
        term = rng.choice(["Autumn", "Spring", "Summer"])
        word = rng.choice(["term", "Term"])
        return Deadline(f"{term} {word} {target.year}", term_end(term, target.year))
    if style == "season":
        season = rng.choice(["Spring", "Summer", "Autumn", "Winter"])
        return Deadline(f"{season} {target.year}", season_end(season, target.year))
    if style == "range":
        first = add_months(start, rng.randint(0, 3))
        end = add_months(first, rng.randint(3, 9))
        a = rng.choice([MONTH_ABBR[first.month - 1], MONTH_NAMES[first.month - 1]])
        b = rng.choice([MONTH_NAMES[end.month - 1][:3], MONTH_NAMES[end.month - 1]])
        sep = rng.choice([" - ", " – ", " to "])
        return Deadline(f"{a} {first.year}{sep}{b} {end.year}", month_end(end.year, end.month))
    if style in ("months", "within"):
        n = rng.choice([1, 3, 3, 6, 6, 12])
        word = WORD_MONTHS[n]
        text = (f"{n} months" if n > 1 else "1 month") if style == "months" else \
            f"Within {word} month{'s' if n > 1 else ''}"
        return Deadline(text, relative(n, base), n)
    if style == "immediately":
        return Deadline("Immediately", base, 0)
    if style == "ongoing":
        return Deadline(rng.choice(["Ongoing", "On-going", "Ongoing"]), None)
    if style == "tba":
        return Deadline(rng.choice(["TBA", "TBC"]), None)
    if style == "blank":
        return Deadline(None, None)
    raise ValueError(style)


def long_date(day: date, rng: random.Random) -> str:
    month = MONTH_NAMES[day.month - 1]
    return rng.choice([f"{day.day} {month} {day.year}", f"{ordinal(day.day)} {month} {day.year}",
                       f"{day.day} {month} {day.year}"])


def date_range(start: date, end: date) -> str:
    """'8–19 April 2013', '28 February – 11 March 2016', '30 December 2013 – 10 January 2014'."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTH_NAMES[start.month - 1]} – {end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
    return (f"{start.day} {MONTH_NAMES[start.month - 1]} {start.year} – "
            f"{end.day} {MONTH_NAMES[end.month - 1]} {end.year}")


@dataclass
class Chronology:
    """The dates behind one plan, and which of them the document states."""

    visit_start: date
    visit_end: date
    published: date
    agreed: date
    document: date
    states_visit: bool
    states_published: bool
    states_agreed: bool
    states_document: str | None    # None, "day" or "month" (Version 3, June 2016)
    timescales_from: str | None     # None, "visit", "published", "agreed"

    @property
    def document_date(self) -> date | None:
        if self.states_document == "day":
            return self.document
        if self.states_document == "month":
            return month_end(self.document.year, self.document.month)
        return None

    def base(self) -> tuple[date | None, str]:
        """The date relative deadlines count from, and why (gold README, v2 rules)."""
        said = {"visit": self.visit_end, "published": self.published, "agreed": self.agreed}
        if self.timescales_from:
            return said[self.timescales_from], f"the document says timescales run from the {_WHY[self.timescales_from]}"
        for key, stated in (("visit", self.states_visit), ("published", self.states_published),
                            ("agreed", self.states_agreed)):
            if stated:
                return said[key], f"the {_WHY[key]} it states"
        if self.document_date:
            return self.document_date, "the document's own date"
        return None, "no date the document states (relative deadlines are null)"


_WHY = {"visit": "inspection (last day of the visit)", "published": "report's publication",
        "agreed": "date the plan was agreed"}


def draw_chronology(rng: random.Random, year: int) -> Chronology:
    start = date(year, rng.randint(1, 12), rng.randint(1, 28))
    end = start + timedelta(days=rng.choice([4, 9, 11, 12, 18, 25]))
    published = end + timedelta(days=rng.randint(28, 60))
    agreed = published + timedelta(days=rng.randint(20, 70))
    document = agreed + timedelta(days=rng.randint(0, 320))
    if document.year > 2025:
        document = date(2025, rng.randint(1, 11), rng.randint(1, 28))
    states_visit = rng.random() < 0.6
    states_published = rng.random() < 0.4
    states_agreed = rng.random() < 0.3
    states_document = rng.choices([None, "day", "month"], weights=[1, 6, 1])[0]
    options = [k for k, s in (("visit", states_visit), ("published", states_published), ("agreed", states_agreed)) if s]
    timescales_from = rng.choice(options) if options and rng.random() < 0.35 else None
    return Chronology(start, end, published, agreed, document, states_visit, states_published, states_agreed,
                      states_document, timescales_from)


def statement_lines(rng: random.Random, c: Chronology) -> list[tuple[str, str]]:
    """(kind, line) for each date the document states about itself, in the order it prints them."""
    lines: list[tuple[str, str]] = []
    if c.states_visit:
        lines.append(("inspection", rng.choice([
            f"Inspection dates: {date_range(c.visit_start, c.visit_end)}",
            f"Ofsted inspection {date_range(c.visit_start, c.visit_end)}",
            f"Dates of inspection: {date_range(c.visit_start, c.visit_end)}",
            f"Inspection date: {long_date(c.visit_end, rng)}",
        ])))
    if c.states_published:
        lines.append(("published", rng.choice([
            f"Ofsted report published {long_date(c.published, rng)}.",
            f"Report published: {c.published.strftime('%d/%m/%Y')}",
            f"The inspection report was published on {long_date(c.published, rng)}.",
        ])))
    if c.states_agreed:
        lines.append(("agreed", rng.choice([
            f"Plan agreed {long_date(c.agreed, rng)}",
            f"Agreed by the Improvement Board on {long_date(c.agreed, rng)}",
            f"Approved by Cabinet: {long_date(c.agreed, rng)}",
        ])))
    if c.timescales_from:
        lines.append(("timescales", {
            "visit": "Timescales run from the last day of the inspection.",
            "published": "Timescales run from the date the report was published.",
            "agreed": "Timescales run from the date this plan was agreed.",
        }[c.timescales_from]))
    if c.states_document == "day":
        d = c.document
        lines.append(("document", rng.choice([
            f"Last updated {long_date(d, rng)}", f"Date: {long_date(d, rng)}", f"Updated {d.strftime('%d/%m/%Y')}",
            f"Version {rng.randint(2, 14)} – last updated {long_date(d, rng)}", f"As at {long_date(d, rng)}",
        ])))
    elif c.states_document == "month":
        lines.append(("document", f"Version {rng.randint(2, 9)}, {MONTH_NAMES[c.document.month - 1]} {c.document.year}"))
    order = {"inspection": 0, "published": 0, "agreed": 0, "timescales": 1, "document": 2}
    rng.shuffle(lines)
    return sorted(lines, key=lambda kv: order[kv[0]])  # the timescale rule after the dates; own date last
