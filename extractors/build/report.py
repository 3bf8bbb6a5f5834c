"""Ofsted inspection reports on a council's children's services: a cleaned PDF Layout in, the report's
facts (framework, dates, judgements) and its recommendations to the local authority out.

A report is told by its structure, not a keyword: recommendations under the report's own section
heading, plus at least two of the framework's title on page 1, "Inspection dates:", "Published:" and
printed grades; a page 1 heading naming a plan, or a committee report's front matter, rules it out (a
council document quoting the inspection). A report with no recommendations (all "outstanding") needs
its title, inspection dates, lead inspector and overall judgement all printed. Frameworks are told by
the title (:data:`_TITLES`); SLAC prints its grades in a closing "Record of main findings".

Recommendations are the local authority's only (never the LSCB's), read to the next heading at least
as prominent as the section's own; timescale headings set ``priority_raw`` (:data:`IMPLICIT_IMPROVE`
where none is printed). ILACS reports print no publication date: it is then flagged estimated, from a
date in the file name within the month after the PDF's creation (reports are saved under their
publication date), else the working day after creation (Ofsted publishes the day after finalising).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from datetime import date, datetime, timedelta
from pathlib import Path

from dateutil.easter import easter
from dateutil.relativedelta import MO, relativedelta

from extractors.build import Built
from extractors.build.facts import describe
from extractors.layout import Block, Layout
from extractors.settings import SETTINGS, Settings
from extractors.text import fold, join_pieces
from extractors.vocabulary import BULLET_CHARS, is_priority_heading, priority_of
from models.records import ParseReport, Provenance, RawDocument, RawRecommendation, RawReportFacts

DOC_TYPE = "inspection_report"
IMPLICIT_IMPROVE = "Recommendations (areas for improvement)"  # priority_raw where no timescale is printed
FROM_FILE_NAME = "taken from the file name"  # in the warning, so that a reader (and bench) can tell

_APOS = "['’]"
_GRADE = r"(requires? improvement to be good|requires? improvement|outstanding|inadequate|adequate|good)"
_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (  # most specific first; each names the framework it proves
    ("other", re.compile(r"\b(focused visit|monitoring visit|joint targeted area inspection|joint inspection)\b", re.I)),
    ("sif", re.compile(r"\b(?:re-)?inspection of services for children in need of help and protection,? children looked"
                       r" after and care leavers(?: and review of the effectiveness of the local safeguarding children"
                       r" board)?", re.I)),
    ("slac", re.compile(r"\binspection of (?:safeguarding and looked after children|looked after children|safeguarding)"
                        r" services\b", re.I)),
    ("ilacs", re.compile(rf"\binspection of (?:local authority )?children{_APOS}s social care services\b", re.I)),
    ("ilacs", re.compile(rf"\binspection of (.{{2,80}}?) (?:local authority )?children{_APOS}s services\b", re.I)),
)
_PLAN = re.compile(r"\b(?:action|improvement) plan\b|\bprogress (?:report|update)\b", re.I)
_HEADER_STOP = re.compile(r"^(inspection dates?|lead inspector|reporting inspector|age group|report published|"
                          r"published)\b", re.I)
_INSPECTION_DATES = re.compile(r"\binspection dates?\s*:\s*([^\n]+)", re.I)
_INSPECTOR = re.compile(rf"^(?:lead|reporting) inspector\b|\b(?:her|his) majesty{_APOS}s inspector\b|\bHMI\b", re.I | re.M)
_PUBLISHED = re.compile(r"^[^\S\n]*(?:report )?published\s*:\s*([^\n]+)", re.I | re.M)  # each line's margin read once
_DATE_WORDS = re.compile(r"^\s*+(\d{1,2})?(?:st|nd|rd|th)?\s*+([A-Za-z]+)?\s*+(\d{4})?\s*$")  # spaces split one way
_RANGE_SPLIT = re.compile(r"(?<!\s)(?:\s+to\s+|\s*[–—-]\s*)")  # tried at a run of spaces' start only
_FILE_DATE = re.compile(r"(?<!\d)(?:(?P<d>\d{1,2})[-_ .](?P<m>[a-z]{3,9})[-_ .](?P<y>(?:19|20)\d{2})"
                        r"|(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2}))(?!\d)", re.I)

_AREAS: tuple[tuple[str, str], ...] = (
    ("overall", r"overall effectiveness(?: is)?"),
    ("help_and_protection", r"children who need help and protection"),
    ("children_in_care", r"children looked after and achieving permanence|children in care(?: and care leavers)?"),
    ("adoption", r"adoption performance"),
    ("care_leavers", r"progress of care leavers"),
    ("leadership", r"impact of leaders on social work practice with children and families"
                   r"|leadership,? management and governance|leadership and management"),
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
_LSCB_LINE = re.compile(rf"^the local safeguarding children{_APOS}?s? board (?:\(lscb\) )?(?:is |are )?{_GRADE}\s*\.?$", re.I)
_MAIN_FINDINGS = re.compile(r"\brecord of main findings\b", re.I)

_SECTION_START = re.compile(r"^(what does the local authority need to improve\??|what needs to improve\b.*|recommendations"
                            r"|areas for improvement|priority and immediate action)\s*:?$", re.I)
_AREAS_HEADING = re.compile(r"^areas for improvement", re.I)
_LSCB = re.compile(r"\blscb\b|safeguarding children board|safeguarding children partnership", re.I)
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_BULLETS = set(BULLET_CHARS) | set("◼■□▪►➢✓o\uf0a7\uf0b7\uf076\uf0d8\uf0fc\uf06e")
_TERMINAL = re.compile(r"[.!?;:)\]”’'\"]$")
_PAGE_NUMBER = re.compile(r"\D\s\d{1,3}$")


@dataclass
class _Item:
    ref: str | None
    parts: list[str]
    priority: str | None
    heading: str | None
    block: Block
    bullet: bool

    @property
    def text(self) -> str:
        return reduce(lambda out, part: join_pieces(out, part.strip()), self.parts, "")


@dataclass(frozen=True)
class _Print:
    """The report's body size, and the settings telling headings, footers and carried-on lines from body text."""

    body: float
    settings: Settings

    def prominent(self, block: Block) -> bool:
        return block.bold or (self.body > 0 and (block.size or 0.0) > self.body + self.settings.heading_size_step)


def build(layout: Layout, settings: Settings = SETTINGS) -> Built | None:
    """The layout read as an Ofsted report, confidence 0 unless its structure is a report's; None for no text."""
    blocks = [b for b in layout.blocks() if fold(b.text)]
    if not blocks:
        return None
    lines = _lines(layout)
    first = "\n".join(text for page, text in lines if (page or 1) <= 2)
    style = _Print(_body_size(blocks), settings)
    page_one = [b for b in blocks if (b.page or 1) == 1] or blocks[:settings.title_lines]
    framework, framework_raw, title, authority = _identity(page_one, style)
    start, end = _inspection_dates(first)
    published = _PUBLISHED.search(first)
    report = RawReportFacts(framework=framework, framework_raw=framework_raw,
                            published_raw=fold(published.group(1)) if published else None, inspection_start_raw=start,
                            inspection_end_raw=end, judgements_raw=_judgements(lines, first))
    report.overall_judgement_raw = report.judgements_raw.get("overall") or _overall_sentence(first)
    if report.overall_judgement_raw:
        report.judgements_raw.setdefault("overall", report.overall_judgement_raw)
    items, warnings = _recommendations(blocks, style)
    facts = describe(page_one, "\n".join(text for _, text in lines), {})
    doc = RawDocument(source=layout.source, sha256=layout.sha256, extractor=layout.reader, doc_type=DOC_TYPE,
                      title=title or facts.title, authority_raw=authority or facts.authority,
                      document_date_raw=report.published_raw, inspection_date_raw=end or start or facts.inspection_date,
                      warnings=list(layout.warnings) + warnings, report=report, recommendations=[
                          RawRecommendation(text=fold(item.text) or "", ref=item.ref, priority_raw=item.priority,
                                            heading=item.heading,
                                            provenance=Provenance(page=item.block.page, line=item.block.line))
                          for item in items])
    if not report.published_raw:
        _estimate_published(doc, report, layout, settings)
    if framework is None:
        doc.warnings.append("framework not recognised from the title")
    signs = [framework is not None, bool(start), bool(report.published_raw and not report.published_estimated),
             bool(report.judgements_raw)]
    planned = facts.committee or any(_PLAN.search(b.text) and style.prominent(b) for b in page_one[:settings.title_lines])
    complete = all(signs[:2]) and bool(report.overall_judgement_raw) and bool(_INSPECTOR.search(first))
    accepted = not planned and ((items and sum(signs) >= 2) or complete)
    confidence = round(0.7 + 0.05 * sum(signs), 3) if accepted else 0.0
    doc.parse = ParseReport(reader=layout.reader, builder=DOC_TYPE, confidence=confidence, blocks=len(blocks))
    return Built(doc, confidence, DOC_TYPE)


# --- front matter -------------------------------------------------------------------------------


def _lines(layout: Layout) -> list[tuple[int | None, str]]:
    """Every line of text in reading order with its page: blocks, and table rows (a grade table) joined."""
    out: list[tuple[int | None, str]] = []
    for item in layout.items:
        if isinstance(item, Block):
            out.append((item.page, fold(item.text) or ""))
        else:
            out += [(item.page, fold(" ".join(c.text for c in item.origins(r))) or "") for r in range(len(item.rows))]
    return [(page, text) for page, text in out if text]


def _body_size(blocks: list[Block]) -> float:
    sizes = Counter(b.size for b in blocks if b.size)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _identity(page_one: list[Block], style: _Print) -> tuple[str | None, str | None, str | None, str | None]:
    """Framework, the title words proving it, the title, and the authority, from page 1's prominent lines."""
    header: list[str] = []
    for block in page_one:
        if _HEADER_STOP.match(block.text) or len(header) == style.settings.title_lines:
            break
        if style.prominent(block) and not block.text.strip().isdigit():
            header.append(fold(block.text) or "")
    joined = " ".join(header)
    for framework, pattern in _TITLES:
        match = pattern.search(joined)
        if not match:
            continue
        title = _strip_footnote(match.group(0) if framework != "other" else joined)
        if framework == "ilacs" and match.groups() and match.group(1):
            authority: str | None = match.group(1)
        else:
            authority = joined[:match.start()].strip() or _strip_footnote(joined[match.end():].strip()) or None
        if framework == "other":
            authority = None  # visit letters name the council inside prose; left to the normaliser
        return framework, fold(match.group(0)), fold(title), fold(authority)
    return None, None, fold(joined[:200]), None


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
        start = " ".join(part for part in (s.group(1), s.group(2) or e.group(2), s.group(3) or e.group(3)) if part)
    return start, end


def _judgements(lines: list[tuple[int | None, str]], first: str) -> dict[str, str]:
    """Grades as printed on the first pages; SLAC's closing 'Record of main findings' before them."""
    whole = "\n".join(text for _, text in lines)
    sources = [first.replace("-\n", "-").replace("\n", " ")]
    findings = list(_MAIN_FINDINGS.finditer(whole))
    if findings:
        sources.insert(0, whole[findings[-1].start():].replace("\n", " "))
    found: dict[str, str] = {}
    for text in sources:
        for key, pattern in _AREA_PATTERNS:
            if key not in found and (match := pattern.search(text)):
                found[key] = match.group(1)
    lscb = next((m.group(1) for _, text in lines if (m := _LSCB_LINE.match(text))), None)
    if lscb and "lscb" not in found:
        found["lscb"] = lscb
    return found


def _overall_sentence(text: str) -> str | None:
    folded = fold(text.replace("-\n", "-")) or ""
    return next((m.group(1) for p in _OVERALL_SENTENCES if (m := p.search(folded))), None)


def _estimate_published(doc: RawDocument, report: RawReportFacts, layout: Layout, settings: Settings) -> None:
    created = _iso(layout.metadata.get("created"))
    named = named_publication(Path(layout.source).name, created, settings.publication_window_days)
    day = named or (next_working_day(created) if created else None)
    if day is None:
        doc.warnings.append("publication date not printed and the PDF states no creation date")
        return
    doc.document_date_raw = report.published_raw = f"{day.day} {day:%B %Y}"
    report.published_estimated = True
    how = (f"{FROM_FILE_NAME}, a date within the month after the PDF's creation date" if named
           else "estimated as the working day after the PDF's creation date")
    doc.warnings.append(f"publication date not printed; {doc.document_date_raw} {how} ({created})")


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def named_publication(name: str, created: date | None, window: int = SETTINGS.publication_window_days) -> date | None:
    """A date in the file name ("inspection-21-march-2014.pdf", "2014-03-21_report.pdf") that can be the
    publication: on or after the PDF's creation and within a month of it (an inspection date or a
    download date falls weeks before or long after)."""
    for match in _FILE_DATE.finditer(name) if created else ():
        try:
            if match["iy"]:
                day = date(int(match["iy"]), int(match["im"]), int(match["id"]))
            else:
                day = datetime.strptime(f"{match['d']} {match['m'][:3]} {match['y']}", "%d %b %Y").date()
        except ValueError:
            continue
        if created <= day <= created + timedelta(days=window):  # type: ignore[operator]
            return day
    return None


def next_working_day(day: date) -> date:
    """The next weekday after ``day`` that is not an England and Wales bank holiday."""
    day += timedelta(days=1)
    while day.weekday() >= 5 or day in _bank_holidays(day.year):
        day += timedelta(days=1)
    return day


def _bank_holidays(year: int) -> set[date]:
    def monday_if_weekend(day: date) -> date:
        return day + relativedelta(weekday=MO) if day.weekday() >= 5 else day

    sunday = easter(year)
    christmas = monday_if_weekend(date(year, 12, 25))
    return {sunday - timedelta(days=2), sunday + timedelta(days=1), monday_if_weekend(date(year, 1, 1)), christmas,
            monday_if_weekend(christmas + timedelta(days=1)), date(year, 5, 1) + relativedelta(weekday=MO),
            date(year, 5, 31) + relativedelta(weekday=MO(-1)), date(year, 8, 31) + relativedelta(weekday=MO(-1))}


# --- recommendations ----------------------------------------------------------------------------


def _is_bullet(text: str) -> bool:
    return bool(text) and text[0] in _BULLETS and (len(text) == 1 or text[1] in " \t\u00a0" or text[0] != "o")


def _is_item(text: str) -> bool:
    return bool(_NUMBERED.match(text)) or _is_bullet(text)


def _x0(block: Block) -> float:
    return block.bbox[0] if block.bbox else 0.0


def _find_start(blocks: list[Block], style: _Print) -> int | None:
    for index, block in enumerate(blocks):
        if not _SECTION_START.match(block.text) or _LSCB.search(block.text):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        leads_in = following is not None and (_is_item(following.text) or is_priority_heading(following.text)
                                              or style.prominent(following))
        if style.prominent(block) or leads_in:
            return index
    return None


def _ends_section(block: Block, start: Block, style: _Print) -> bool:
    """A heading at least as prominent as the section's own (not a timescale group, not an item)."""
    if not style.prominent(block) or is_priority_heading(block.text) or _NUMBERED.match(block.text):
        return False
    size, start_size = block.size or 0.0, start.size or 0.0
    step = style.settings.heading_size_step
    return size > start_size + step or (size >= start_size - step and (block.bold or not start.bold))


def _recommendations(blocks: list[Block], style: _Print) -> tuple[list[_Item], list[str]]:
    start_index = _find_start(blocks, style)
    if start_index is None:
        return [], ["no recommendations section found"]
    start = blocks[start_index]
    start_text = start.text.rstrip(":").strip()
    priority = start_text if priority_of(start_text) or _AREAS_HEADING.match(start_text) else IMPLICIT_IMPROVE
    heading: str | None = None
    pending: list[str] = []
    items: list[_Item] = []
    current: _Item | None = None
    rest = blocks[start_index + 1:]
    for index, block in enumerate(rest):
        text = block.text.strip()
        following = rest[index + 1] if index + 1 < len(rest) else None
        if _furniture(block, following, style):
            continue
        if _ends_section(block, start, style) and not (_AREAS_HEADING.match(text) or priority_of(text)):
            break
        if _LSCB.search(text) and style.prominent(block):
            break
        if is_priority_heading(text.rstrip(":")) or (style.prominent(block) and priority_of(text)
                                                     and len(text.split()) <= 8):
            priority, heading, pending, current = text.rstrip(":").strip(), None, [], None
            continue
        numbered = _NUMBERED.match(text)
        if numbered or _is_bullet(text):
            if pending:
                heading, pending = " ".join(pending), []
            current = _Item(numbered.group(1) if numbered else None, [numbered.group(2) if numbered else text[1:].strip()],
                            priority, heading, block, not numbered)
            items.append(current)
        elif current is not None and _continues(current, block, style):
            current.parts.append(_unglue(text, following))
        elif following is not None and (_is_subheading(text, following, rest[index + 2:index + 4])
                                        or (pending and _is_item(following.text))):
            pending.append(text)
        elif current is not None or items:
            break
    items = _settle(items)
    return items, [] if items else [f"recommendations section '{start_text}' holds no items"]


def _furniture(block: Block, following: Block | None, style: _Print) -> bool:
    """A running footer's first printing (cleanup keeps it as a title block): at a page's foot, in
    small print or ending in the page number."""
    return following is not None and following.page != block.page and not _is_item(block.text) and (
        (block.size or style.body) < style.body - style.settings.heading_size_step
        or bool(_PAGE_NUMBER.search(block.text)))


def _continues(item: _Item, block: Block, style: _Print) -> bool:
    """Whether the line carries on the item: indented past its number or bullet, or after an unfinished line."""
    last = item.parts[-1]
    indented = _x0(block) > _x0(item.block) + style.settings.continuation_indent
    return indented or not _TERMINAL.search(last) or last.endswith("-")


def _is_subheading(text: str, following: Block, after: list[Block]) -> bool:
    if _TERMINAL.search(text) or len(text.split()) > 12 or not text[:1].isupper():
        return False
    if _is_item(following.text):
        return True
    return bool(after) and not _TERMINAL.search(following.text) and len(following.text.split()) <= 12 \
        and _is_item(after[0].text)  # a heading wrapped onto two lines


def _unglue(text: str, following: Block | None) -> str:
    """Drop a heading glued onto the end of a line when the same heading follows on its own."""
    if following is not None and len(following.text) < len(text) and text.endswith(" " + following.text):
        return text[:-len(following.text)].rstrip()
    return text


def _settle(items: list[_Item]) -> list[_Item]:
    """Bullets are the items where a section has them (numbered paragraphs are then its lead-in, or
    the report's body resuming after them); they carry no printed number."""
    first = next((i for i, item in enumerate(items) if item.bullet), None)
    if first is None:
        return items
    cut = next((i for i, item in enumerate(items[first:], first) if not item.bullet), len(items))
    return items[first:cut]

