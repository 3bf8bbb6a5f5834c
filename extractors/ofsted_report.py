"""Ofsted inspection reports on a council's children's services (PDF).

Reads the report Ofsted publishes after inspecting a local authority's
children's services and returns what it states about itself (framework,
dates, judgements) and the recommendations it makes to the local authority.

Frameworks (``RawReportFacts.framework``), recognised by the report's title:

* ``slac``: 2009-13 "Inspection of safeguarding and looked after children
  services" (also its halves: "... of looked after children services",
  "... of safeguarding services");
* ``sif``: 2013-18 single inspection framework, "Inspection of services for
  children in need of help and protection, children looked after and care
  leavers" (with or without "and Review of the effectiveness of the local
  safeguarding children board"; also "Re-inspection of ...");
* ``ilacs``: 2018 on, "Inspection of children's social care services" (2018-20)
  and "Inspection of <council> local authority children's services";
* ``other``: focused visits, monitoring visits, joint targeted area inspections
  and any other Ofsted children's services report.

Judgements (``judgements_raw``) are keyed by these canonical areas, the value
being the grade as printed ("Requires improvement to be good"):

====================  =====================================================
key                   printed as
====================  =====================================================
overall               Overall effectiveness / "The overall judgement is ..."
help_and_protection   (The experiences and progress of) children who need
                      help and protection
children_in_care      SIF "Children looked after and achieving permanence";
                      ILACS "children in care and care leavers" (to 2022)
                      or "children in care" (2023 on)
adoption              SIF "Adoption performance"
care_leavers          SIF/ILACS "(Experiences and) progress of care leavers"
leadership            ILACS "The impact of leaders on social work practice
                      with children and families"; SIF "Leadership,
                      management and governance"; SLAC "Leadership and
                      management"
lscb                  SIF "The effectiveness of the Local Safeguarding
                      Children Board"
capacity_to_improve   SLAC "Capacity to improve"
outcomes              SLAC "Outcomes for looked after children and young people"
quality_of_provision  SLAC "Quality of provision"
====================  =====================================================

Recommendations are those made to the local authority only (never the
LSCB's): the first section headed "What does the local authority need to
improve?", "Recommendations", "Areas for improvement" or "What needs to
improve", read until the next heading at least as prominent as its own
(font size and weight from pdfium). Inside it, timescale group headings
("Priority and immediate action", "Immediately:", "Within three months:",
"Areas for improvement") set ``priority_raw``; short unnumbered lines at the
margin that lead into a numbered item are themed sub-headings (``heading``).
Items are numbered paragraphs (``ref`` = the printed number) or bullets
(``ref`` = position in the section, from 1). Where a section gives no
timescale (SIF "Recommendations"), ``priority_raw`` is :data:`IMPLICIT_IMPROVE`
so that it maps to "improve".

The publication date is printed by SLAC and most SIF reports ("Report
published: 15 September 2014"); ILACS reports print none. Then the
published date is flagged ``published_estimated`` and taken, with a warning
saying which, from a date in the file name that falls within the month after
the PDF's creation date (reports are often saved under their publication
date), else as the working day after that creation date (Ofsted publishes
the day after finalising the file in most cases; 19 of 22 in the corpus).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from extractors.base import ExtractionError, Extractor, SourceFile
from extractors.cells import BULLET_CHARS, fold, is_priority_heading, priority_of
from extractors.pdf_text import (
    PdfLine,
    PdfText,
    is_running_line,
    looks_like_pdf,
    read_pdf_text,
    running_lines,
)
from models.records import Provenance, RawDocument, RawRecommendation, RawReportFacts

NAME = "ofsted_report"
DOC_TYPE = "inspection_report"
IMPLICIT_IMPROVE = "Recommendations (areas for improvement)"  # priority_raw where no timescale is printed

_APOS = "['’]"
_GRADE = r"(requires? improvement to be good|requires? improvement|outstanding|inadequate|adequate|good)"

# Title patterns, most specific first; each names the framework it proves.
_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", re.compile(r"\b(focused visit|monitoring visit|joint targeted area inspection|joint inspection)\b", re.I)),
    (
        "sif",
        re.compile(
            r"\b(?:re-)?inspection of services for children in need of help and protection,? children looked after"
            r" and care leavers(?: and review of the effectiveness of the local safeguarding children board)?",
            re.I,
        ),
    ),
    (
        "slac",
        re.compile(r"\binspection of (?:safeguarding and looked after children|looked after children|safeguarding)"
                   r" services\b", re.I),
    ),
    ("ilacs", re.compile(rf"\binspection of (?:local authority )?children{_APOS}s social care services\b", re.I)),
    ("ilacs", re.compile(rf"\binspection of (.{{2,80}}?) (?:local authority )?children{_APOS}s services\b", re.I)),
)
_OFSTED_SIGNS = (
    re.compile(r"\binspection dates?\s*:", re.I),
    re.compile(rf"\b(?:lead|reporting) inspector\b|\b(?:her|his) majesty{_APOS}s inspector\b|\bHMI\b", re.I),
    re.compile(r"\bofsted\b", re.I),
)
_PLAN_SIGN = re.compile(r"\b(action|improvement) plan\b", re.I)
_HEADER_STOP = re.compile(r"^(inspection dates?|lead inspector|reporting inspector|age group|report published|"
                          r"published)\b", re.I)

_INSPECTION_DATES = re.compile(r"\binspection dates?\s*:\s*([^\n]+)", re.I)
_PUBLISHED = re.compile(r"(?:^|\n)\s*(?:report )?published\s*:\s*([^\n]+)", re.I)
_DATE_WORDS = re.compile(r"^\s*(\d{1,2})?(?:st|nd|rd|th)?\s*([A-Za-z]+)?\s*(\d{4})?\s*$")
_RANGE_SPLIT = re.compile(r"\s+to\s+|\s*[–—-]\s*")

_AREAS: tuple[tuple[str, str], ...] = (
    ("overall", r"overall effectiveness(?: is)?"),
    ("help_and_protection", r"children who need help and protection"),
    ("children_in_care", r"children looked after and achieving permanence|children in care(?: and care leavers)?"),
    ("adoption", r"adoption performance"),
    ("care_leavers", r"progress of care leavers"),
    ("leadership", (r"impact of leaders on social work practice with children and families"
                    r"|leadership,? management and governance|leadership and management")),
    ("lscb", r"effectiveness of the local safeguarding children board(?: \(lscb\))?(?: is)?"),
    ("capacity_to_improve", r"capacity to improve"),
    ("outcomes", r"outcomes for looked after children and young people"),
    ("quality_of_provision", r"quality of provision"),
)
_AREA_PATTERNS = [(key, re.compile(rf"\b(?:{label})\s*:?\s*{_GRADE}\b", re.I)) for key, label in _AREAS]
_OVERALL_SENTENCES = (
    re.compile(rf"\boverall judgement is (?:that )?(?:children{_APOS}s services )?(?:are |is )?{_GRADE}\b", re.I),
    re.compile(rf"\bchildren{_APOS}s services in [^.]{{1,80}}? (?:are |is )?{_GRADE}\b", re.I),
)
_LSCB_LINE = re.compile(
    rf"^the local safeguarding children{_APOS}?s? board (?:\(lscb\) )?(?:is |are )?{_GRADE}\s*\.?$", re.I
)
_MAIN_FINDINGS = re.compile(r"\brecord of main findings\b", re.I)

# Recommendation sections and their parts.
_SECTION_START = re.compile(
    r"^(what does the local authority need to improve\??|what needs to improve\b.*|recommendations"
    r"|areas for improvement|priority and immediate action)\s*:?$",
    re.I,
)
_LSCB = re.compile(r"\blscb\b|safeguarding children board|safeguarding children partnership", re.I)
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_BULLETS = set(BULLET_CHARS) | set("◼■□▪►➢✓o\uf0a7\uf0b7\uf076\uf0d8\uf0fc\uf06e")
_TERMINAL = re.compile(r"[.!?;:)\]”’'\"]$")
_INDENT = 3.0  # points: a continuation line starts at least this far right of its item


@dataclass
class _Item:
    ref: str
    parts: list[str]
    priority_raw: str | None
    heading: str | None
    line: PdfLine
    bullet: bool

    @property
    def text(self) -> str:
        return _join(self.parts)


@dataclass
class _Section:
    items: list[_Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def sniff(source: SourceFile) -> float:
    """High for a PDF whose first two pages read as an Ofsted children's services report; 0 for non-PDFs."""
    if not looks_like_pdf(source.data):
        return 0.0
    pdf = source.pdf_preview
    if pdf is None:
        return 0.1  # a PDF, but unreadable: let extract() name the cause if nothing else claims it
    head = _folded(pdf.pages[0]) or ""
    both = _folded(" ".join(pdf.pages)) or ""
    signs = sum(bool(sign.search(both)) for sign in _OFSTED_SIGNS)
    titled = any(pattern.search(head[:600]) for _, pattern in _TITLES[1:])
    if _PLAN_SIGN.search(head[:600]):  # a council's plan quoting the report's title
        return 0.3 if titled or signs >= 2 else 0.1
    if titled:
        return 0.95 if signs else 0.85
    if signs >= 2:
        return 0.8
    if _TITLES[0][1].search(head[:600]) and signs:
        return 0.8
    return 0.2 if signs else 0.05


def extract(source: SourceFile) -> RawDocument:
    pdf = read_pdf_text(source.data)
    running = running_lines(pdf.pages)
    lines = [line for page in pdf.lines for line in page if not is_running_line(line.text, running)]
    if not any(line.text for line in lines):
        raise ExtractionError("PDF has no text layer (a scan?): nothing to read")
    first = "\n".join(pdf.pages[:2])
    framework, framework_raw, title, authority = _identity(pdf)
    start, end = _inspection_dates(first)
    published = _published(first)
    report = RawReportFacts(
        framework=framework,
        framework_raw=framework_raw,
        published_raw=published,
        inspection_start_raw=start,
        inspection_end_raw=end,
    )
    report.judgements_raw = _judgements(pdf)
    report.overall_judgement_raw = report.judgements_raw.get("overall") or _overall_sentence(first)
    if report.overall_judgement_raw and "overall" not in report.judgements_raw:
        report.judgements_raw["overall"] = report.overall_judgement_raw
    section = _recommendations(lines)
    warnings = list(section.warnings)
    document_date = published
    if not published:
        named, estimate = named_publication(source.path.name, pdf.created), _estimated_publication(pdf)
        if named or estimate:
            document_date = report.published_raw = _long_date(named or estimate)
            report.published_estimated = True
            how = (
                f"{FROM_FILE_NAME}, a date within the month after the PDF's creation date"
                if named
                else "estimated as the working day after the PDF's creation date"
            )
            warnings.append(
                f"publication date not printed; {document_date} {how} "
                f"({pdf.created.isoformat() if pdf.created else '?'})"
            )
        else:
            warnings.append("publication date not printed and the PDF states no creation date")
    if framework is None:
        warnings.append("framework not recognised from the title")
    return RawDocument(
        source=str(source.path),
        sha256=source.sha256,
        extractor=NAME,
        doc_type=DOC_TYPE,
        title=title,
        authority_raw=authority,
        document_date_raw=document_date,
        inspection_date_raw=end or start,
        version=None,
        recommendations=[
            RawRecommendation(
                text=item.text,
                ref=item.ref,
                priority_raw=item.priority_raw,
                heading=item.heading,
                provenance=Provenance(page=item.line.page, line=item.line.number),
            )
            for item in section.items
        ],
        warnings=warnings,
        report=report,
    )


EXTRACTOR = Extractor(name=NAME, sniff=sniff, extract=extract)


# --- front matter -------------------------------------------------------------------------------


def _folded(text: str | None) -> str | None:
    return fold(text.replace("-\n", "-")) if text else None


def _identity(pdf: PdfText) -> tuple[str | None, str | None, str | None, str | None]:
    """Framework, the title words proving it, the title, and the authority as named on page 1."""
    header: list[str] = []
    for line in pdf.lines[0] if pdf.lines else []:
        if _HEADER_STOP.match(line.text):
            break
        if not line.text.isdigit():
            header.append(line.text)
    header = header[:12]
    joined = " ".join(header)
    for framework, pattern in _TITLES:
        match = pattern.search(joined)
        if not match:
            continue
        title = _strip_footnote(joined[match.start():] if framework != "other" else joined)
        authority = None
        if framework == "ilacs" and match.groups() and match.group(1):
            authority = match.group(1)
            title = _strip_footnote(match.group(0))
        else:
            before = joined[: match.start()].strip()
            after = joined[match.end():].strip()
            if framework != "other":
                title = _strip_footnote(match.group(0))
            authority = before or _strip_footnote(after) or None
        if authority and framework == "other":
            authority = None  # visit letters name the council inside prose; left to the normaliser
        return framework, fold(match.group(0)), fold(title), fold(authority)
    return None, None, fold(joined[:200]) or None, None


def _strip_footnote(text: str) -> str:
    return re.sub(r"(?<=[a-z])\d+\b", "", text).strip()


def _inspection_dates(text: str) -> tuple[str | None, str | None]:
    """Start and end as printed, the start completed from the end: '11 to 15 September 2023'."""
    match = _INSPECTION_DATES.search(text)
    if not match:
        return None, None
    raw = fold(match.group(1)) or ""
    parts = _RANGE_SPLIT.split(raw, maxsplit=1)
    if len(parts) == 1:
        return raw, raw
    start, end = parts[0].strip(), parts[1].strip()
    s, e = _DATE_WORDS.match(start), _DATE_WORDS.match(end)
    if s and e and s.group(1):
        day = s.group(1)
        month = s.group(2) or e.group(2)
        year = s.group(3) or e.group(3)
        start = " ".join(part for part in (day, month, year) if part)
    return start, end


def _published(text: str) -> str | None:
    match = _PUBLISHED.search(text)
    return fold(match.group(1)) if match else None


def _judgements(pdf: PdfText) -> dict[str, str]:
    """Grades as printed on the first page(s); SLAC prints them in a 'Record of main findings' at the end."""
    sources = [_folded("\n".join(pdf.pages[:2])) or ""]
    whole = "\n".join(pdf.pages)
    findings = list(_MAIN_FINDINGS.finditer(whole))
    if findings:
        sources.insert(0, _folded(whole[findings[-1].start():]) or "")
    found: dict[str, str] = {}
    for text in sources:
        for key, pattern in _AREA_PATTERNS:
            if key in found:
                continue
            match = pattern.search(text)
            if match:
                found[key] = match.group(1)
    if "lscb" not in found:
        for line in whole.split("\n"):
            match = _LSCB_LINE.match(line.strip())
            if match:
                found["lscb"] = match.group(1)
                break
    return found


def _overall_sentence(text: str) -> str | None:
    folded = _folded(text) or ""
    for pattern in _OVERALL_SENTENCES:
        match = pattern.search(folded)
        if match:
            return match.group(1)
    return None


_FILE_DATE = re.compile(
    r"(?<!\d)(?:(?P<d>\d{1,2})[-_ .](?P<month>[a-z]{3,9})[-_ .](?P<y>(?:19|20)\d{2})"
    r"|(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2}))(?!\d)",
    re.I,
)
_NAMED_WINDOW = timedelta(days=31)
FROM_FILE_NAME = "taken from the file name"  # in the warning, so that a reader (and bench) can tell


def named_publication(name: str, created: date | None) -> date | None:
    """A date in the file name ("inspection-21-march-2014.pdf", "2014-03-21_report.pdf")
    that can be the publication: on or after the PDF's creation and within a month of it.

    Reports fetched from Ofsted are often saved under their publication date;
    the creation date keeps an inspection date or a download date out, which
    fall weeks before or long after it.
    """
    if created is None:
        return None
    for match in _FILE_DATE.finditer(name):
        try:
            if match["iy"]:
                day = date(int(match["iy"]), int(match["im"]), int(match["id"]))
            else:
                day = datetime.strptime(f"{match['d']} {match['month'][:3]} {match['y']}", "%d %b %Y").date()
        except ValueError:
            continue
        if created <= day <= created + _NAMED_WINDOW:
            return day
    return None


def _estimated_publication(pdf: PdfText) -> date | None:
    created = pdf.created
    return next_working_day(created) if created else None


def next_working_day(day: date) -> date:
    """The next weekday after ``day`` that is not an England and Wales bank holiday."""
    day += timedelta(days=1)
    while day.weekday() >= 5 or day in _bank_holidays(day.year):
        day += timedelta(days=1)
    return day


def _bank_holidays(year: int) -> set[date]:
    easter = _easter(year)
    days = {easter - timedelta(days=2), easter + timedelta(days=1)}
    days.add(_observed(date(year, 1, 1)))
    days.add(_first_weekday(year, 5, 0))  # early May
    days.add(_last_weekday(year, 5, 0))  # spring
    days.add(_last_weekday(year, 8, 0))  # summer
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:
        christmas, boxing = date(year, 12, 27), date(year, 12, 28)
    elif christmas.weekday() == 6:
        christmas, boxing = date(year, 12, 27), date(year, 12, 26)
    elif boxing.weekday() == 5:
        boxing = date(year, 12, 28)
    days.update({christmas, boxing})
    return days


def _observed(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _first_weekday(year: int, month: int, weekday: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _last_weekday(year: int, month: int, weekday: int) -> date:
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * shift) // 451
    month = (h + shift - 7 * m + 114) // 31
    day = (h + shift - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- recommendations ----------------------------------------------------------------------------


def _body_size(lines: list[PdfLine]) -> float:
    sizes = Counter(line.size for line in lines if line.size)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _is_heading_style(line: PdfLine, body: float) -> bool:
    return line.bold or (body > 0 and line.size > body + 0.5)


def _is_bullet(text: str) -> bool:
    return bool(text) and text[0] in _BULLETS and (len(text) == 1 or text[1] in " \t\u00a0" or text[0] != "o")


def _bullet_text(text: str) -> str:
    return text[1:].strip()


def _find_start(lines: list[PdfLine], body: float) -> int | None:
    for index, line in enumerate(lines):
        if not _SECTION_START.match(line.text):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        leads_in = following is not None and (
            bool(_NUMBERED.match(following.text)) or _is_bullet(following.text)
            or is_priority_heading(following.text) or _is_heading_style(following, body)
        )
        if not (_is_heading_style(line, body) or leads_in):
            continue
        if _LSCB.search(line.text):
            continue
        return index
    return None


def _ends_section(line: PdfLine, start: PdfLine, body: float) -> bool:
    """A heading at least as prominent as the section's own heading (and not a timescale group)."""
    if not _is_heading_style(line, body) or is_priority_heading(line.text) or _NUMBERED.match(line.text):
        return False
    if line.size > start.size + 0.5:
        return True
    return line.size >= start.size - 0.5 and (line.bold or not start.bold) and line.weight >= start.weight


def _recommendations(lines: list[PdfLine]) -> _Section:
    section = _Section()
    body = _body_size(lines)
    start_index = _find_start(lines, body)
    if start_index is None:
        section.warnings.append("no recommendations section found")
        return section
    start = lines[start_index]
    start_text = start.text.rstrip(":").strip()
    priority: str | None = start_text if priority_of(start_text) else IMPLICIT_IMPROVE
    if is_priority_heading(start_text) or re.match(r"^areas for improvement", start_text, re.I):
        priority = start_text
    heading: str | None = None
    pending_heading: list[str] = []
    items: list[_Item] = []
    current: _Item | None = None
    body_lines = lines[start_index + 1:]
    for index, line in enumerate(body_lines):
        text = line.text
        following = body_lines[index + 1] if index + 1 < len(body_lines) else None
        if _ends_section(line, start, body) and not (
            text.lower().startswith("areas for improvement") or priority_of(text)
        ):
            break
        if _LSCB.search(text) and _is_heading_style(line, body):
            break
        numbered = _NUMBERED.match(text)
        if is_priority_heading(text.rstrip(":")) or (
            _is_heading_style(line, body) and priority_of(text) and len(text.split()) <= 8
        ):
            priority, heading, pending_heading, current = text.rstrip(":").strip(), None, [], None
            continue
        if numbered or _is_bullet(text):
            if pending_heading:
                heading, pending_heading = " ".join(pending_heading), []
            bullet = not numbered
            ref = numbered.group(1) if numbered else ""
            content = numbered.group(2) if numbered else _bullet_text(text)
            current = _Item(ref=ref, parts=[content], priority_raw=priority, heading=heading, line=line,
                            bullet=bullet)
            items.append(current)
            continue
        # neither item nor group heading: continuation, themed sub-heading, or the end of the section
        if current is not None and _continues(current, line):
            current.parts.append(_unglue(text, following))
            continue
        if following is not None and _is_subheading(line, following, body_lines[index + 2:index + 4]):
            pending_heading.append(text)
            continue
        if pending_heading and following is not None and (_NUMBERED.match(following.text)
                                                          or _is_bullet(following.text)):
            pending_heading.append(text)
            continue
        if current is None and not items:
            continue  # a lead-in sentence under the heading
        break
    section.items = _settle(items)
    if not section.items:
        section.warnings.append(f"recommendations section '{start_text}' holds no items")
    return section


def _continues(item: _Item, line: PdfLine) -> bool:
    """Whether ``line`` carries on the item: indented past its number or bullet, or after an unfinished line."""
    if line.x0 > item.line.x0 + _INDENT:
        return True
    last = item.parts[-1]
    return not _TERMINAL.search(last) or last.endswith("-")


def _is_subheading(line: PdfLine, following: PdfLine, after: list[PdfLine]) -> bool:
    text = line.text
    if _TERMINAL.search(text) or len(text.split()) > 12 or not text[:1].isupper():
        return False
    if _NUMBERED.match(following.text) or _is_bullet(following.text):
        return True
    # a heading wrapped onto two lines
    return bool(after) and not _TERMINAL.search(following.text) and len(following.text.split()) <= 12 and (
        bool(_NUMBERED.match(after[0].text)) or _is_bullet(after[0].text)
    )


def _unglue(text: str, following: PdfLine | None) -> str:
    """Drop a heading pdfium glued onto the end of a line when the same heading follows on its own."""
    if following is not None and len(following.text) < len(text) and text.endswith(" " + following.text):
        return text[: -len(following.text)].rstrip()
    return text


def _settle(items: list[_Item]) -> list[_Item]:
    """Bullets are the items where a section has them: numbered paragraphs are then its lead-in.

    Bullet items carry no printed number: the normaliser numbers them by
    position and flags the refs as inferred.
    """
    if any(item.bullet for item in items):
        first = next(i for i, item in enumerate(items) if item.bullet)
        # a numbered paragraph after the bullets is the report's body resuming
        cut = next((i for i, item in enumerate(items[first:], first) if not item.bullet), len(items))
        kept = items[first:cut]
        for item in kept:
            item.ref = None
        return kept
    return items


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith("-") and text[-2:-1].isalpha() and part[:1].islower():
            text += part  # a compound broken at the line end: "multi-" + "agency"
        else:
            text += " " + part
    return fold(text) or ""
