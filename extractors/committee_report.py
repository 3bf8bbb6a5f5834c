"""Narrative committee progress reports on an inspection's areas for development.

A council committee report (front matter such as "Item No.", "Meeting Name",
"Report title:", "Report of:"; sections such as RECOMMENDATION, BACKGROUND,
KEY ISSUES FOR CONSIDERATION) lists the inspection's areas for development
under timescale headings ("Immediately:", "Within 3 months") and then reports
progress in paragraphs grouped by the same timescales. There are no separate
actions, so each area is both a recommendation and one action whose progress
is the paragraph(s) reporting on it.

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
    is_priority_heading,
    priority_of,
    strip_bullet,
    strip_markup,
)
from models.records import Provenance, RawAction, RawDocument, RawRecommendation

NAME = "committee_report"

# "5.", "1.1", "3.2.1" (a bare "10" is not a number: it may start a date).
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+|\d{1,2})\.?(?=\s)\s*")
_NUMBER_NEEDS_DOT = re.compile(r"^\d{1,2}\.")
# Word-export bullets that extractors.cells does not know: Symbol-font glyphs, "o".
_EXTRA_BULLET = re.compile(r"^[\uf0a7\uf0b7\uf076\uf0d8\uf0fc]\s*|^o\s+|^\(?[a-z]\)\s+")
_HEADING_MARK = re.compile(r"^#+\s*")
_RUN_IN_LABEL = re.compile(r"^([A-Z][^:.]{2,60}):\s+(\S.*)$")
_LABEL = re.compile(r"^([A-Z][\w()'’/ -]{1,40}?)\s*:\s*(.*)$")

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
)
_MONTH_DATE = re.compile(rf"\b{_MONTHS}\s+\d{{4}}\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_INSPECT = re.compile(r"\binspect", re.I)
_PUBLISHED = re.compile(r"\bpublish", re.I)

_TITLE_KEY = re.compile(r"^(report )?title$|^subject$", re.I)
_DATE_KEY = re.compile(r"^(meeting )?date( of (the )?meeting)?$", re.I)
_VERSION_KEY = re.compile(r"^version$", re.I)

_AUTHORITY_PATTERNS = [
    re.compile(r"\b(?:London|Royal) Borough of [A-Z][\w'-]+(?:(?: and| upon)? [A-Z][\w'-]+)*"),
    re.compile(
        r"\b(?:[A-Z][\w'-]+ (?:upon )?)+(?:City |County |Borough |Metropolitan Borough |District )?Council\b"
    ),
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
    r"progress( update| to date| against the action plan)?)\s*:?$",
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


@dataclass
class _Area:
    block: _Block
    group: str  # timescale heading as printed
    priority: str | None
    progress: list[_Block] = field(default_factory=list)
    specific: list[_Block] = field(default_factory=list)


def _marker(line: str) -> tuple[str, str | None, bool]:
    """Strip bullet and paragraph-number markers: (text, number, was_bullet)."""
    text = strip_bullet(line)
    bullet = text != line
    if not bullet:
        text = _EXTRA_BULLET.sub("", line, count=1)
        bullet = text != line
    number = None
    match = _NUMBER.match(text)
    if match and ("." in match.group(1) or _NUMBER_NEEDS_DOT.match(text)):
        number, text = match.group(1), text[match.end():]
        bullet = False
    return text, number, bullet


def _clean_line(raw: str) -> str:
    return _HEADING_MARK.sub("", strip_markup(raw).strip())


def _is_heading_text(text: str) -> bool:
    """A short line with no sentence punctuation: a section or group heading."""
    words = text.split()
    return 0 < len(words) <= _HEADING_WORDS and text[0].isupper() and text[-1] not in ".;,"


def _is_heading(block: _Block) -> bool:
    """A heading block: sub-numbered paragraphs ("4.1 Complete") and bullets never are."""
    top_level = block.number is None or "." not in block.number
    return not block.bullet and top_level and _is_heading_text(block.text)


def _group_priority(block: _Block) -> str | None:
    """The timescale a heading block names ("Within 3 months", "Immediate action"), if any."""
    if block.bullet or block.tabbed:
        return None
    if is_priority_heading(block.text) or _is_heading(block):
        return priority_of(block.text)
    return None


def _blocks(text: str) -> list[_Block]:
    """Join wrapped lines into blocks.

    A line continues the open block when it starts in lower case (even after a
    stray blank line) or follows it directly without a blank, unless either is a
    heading, a tab-separated row, or the line carries its own bullet/number.
    """
    blocks: list[_Block] = []
    page = 1 if "\f" in text else None
    blank_before = True
    for lineno, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw and page is not None:
            page += raw.count("\f")
        line = _clean_line(raw)
        if not fold(line):
            blank_before = True
            continue
        body, number, bullet = _marker(line)
        cells = [c for c in body.split("\t") if c.strip()]
        tabbed = len(cells) > 1
        body = fold(body) or ""
        prev = blocks[-1] if blocks else None
        continues = (
            prev is not None
            and number is None
            and not bullet
            and not tabbed
            and not prev.tabbed
            and not _is_heading(prev)
            and not is_priority_heading(body)
            and (body[0].islower() or (not blank_before and not _is_heading_text(body)))
        )
        if continues:
            prev.text = f"{prev.text} {body}"
            prev.lines.append(raw)
        else:
            blocks.append(_Block(body, lineno, page, number, bullet, tabbed, [raw]))
        blank_before = False
    return blocks


def _list_start(blocks: list[_Block]) -> int:
    """Index of the first timescale heading that is followed by an item."""
    for i, block in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if _group_priority(block) and not _is_heading(nxt) and not nxt.tabbed:
            return i
    raise ExtractionError("no areas for development listed under timescale headings")


def _areas(blocks: list[_Block]) -> tuple[list[_Area], int]:
    """Areas listed under timescale headings, and the index of the first block after the list.

    The first item of a group fixes its style (numbered or not); a block of the other
    style, a non-timescale heading or a table row ends the list.
    """
    areas: list[_Area] = []
    group, priority, style = "", None, None
    i = _list_start(blocks)
    while i < len(blocks):
        block = blocks[i]
        block_priority = _group_priority(block)
        if block_priority:
            group, priority, style = block.text.rstrip(":. "), block_priority, None
        elif _is_heading(block) or block.tabbed:
            break
        else:
            item_style = block.number is not None
            if style is not None and item_style != style:
                break
            style = item_style
            areas.append(_Area(block, group, priority))
        i += 1
    return areas, i


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


def _document_date(pairs: dict[str, str], blocks: list[_Block]) -> str | None:
    labelled = _pick(pairs, _DATE_KEY)
    if labelled:
        return labelled
    for block in blocks:
        match = _FULL_DATE.search(block.text)
        if match:
            return match.group(0)
    return None


def _inspection_date(blocks: list[_Block]) -> str | None:
    """The date of a sentence about the inspection, preferring its publication date."""
    sentences = [s for b in blocks for s in _SENTENCE_END.split(b.text) if _INSPECT.search(s)]
    ranked = sorted(sentences, key=lambda s: not _PUBLISHED.search(s))
    for pattern in (_FULL_DATE, _MONTH_DATE):
        for sentence in ranked:
            match = pattern.search(sentence)
            if match:
                return match.group(0)
    return None


def _authority(text: str) -> str | None:
    """Text naming the council.

    Tried in order: "London Borough of X", "X (City) Council", "X's ... inspection",
    "X Safeguarding Children Board".
    """
    for pattern in _AUTHORITY_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(match.lastindex or 0)
            if name.split()[0].lower() not in _NOT_AUTHORITY:
                return fold(name)
    return None


def _lead(area: _Area) -> str | None:
    """A lead the report names for this area, in its text or its own progress paragraphs."""
    for block in [area.block, *area.specific]:
        match = _LEAD.search(block.text)
        if match:
            return fold(match.group(1))
    return None


def _prov(block: _Block) -> Provenance:
    return Provenance(page=block.page, line=block.line)


def extract(source: SourceFile) -> RawDocument:
    blocks = _blocks(source.text)
    if _structure(blocks) < _MIN_STRUCTURE:
        raise ExtractionError("no committee-report front matter or section headings")
    areas, end = _areas(blocks)
    if not areas:
        raise ExtractionError("timescale headings found but no areas for development under them")
    start = next(i for i, b in enumerate(blocks) if b is areas[0].block)
    before = blocks[:start]
    pairs = _front_matter(before)
    doc = RawDocument(
        source=str(source.path),
        sha256=source.sha256,
        extractor=NAME,
        doc_type="progress_report",
        title=_pick(pairs, _TITLE_KEY),
        authority_raw=_authority(source.text),
        document_date_raw=_document_date(pairs, before),
        inspection_date_raw=_inspection_date(blocks),
        version=_pick(_front_matter(blocks), _VERSION_KEY),
    )
    priorities = {a.priority for a in areas if a.priority}
    progress = _progress_groups(blocks[end:], priorities)
    scorer = _Scorer(blocks)
    for priority, paragraphs in progress.items():
        _assign([a for a in areas if a.priority == priority], paragraphs, priority, scorer)
    for index, area in enumerate(areas):
        doc.recommendations.append(
            RawRecommendation(
                text=area.block.text, ref=str(index + 1), priority_raw=area.group, provenance=_prov(area.block)
            )
        )
        doc.actions.append(
            RawAction(
                action=area.block.text,
                recommendation_index=index,
                lead=_lead(area),
                deadline=area.group or None,
                progress=" ".join(p.text for p in area.progress) or None,
                provenance=_prov(area.block),
            )
        )
        if not area.progress:
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
    """Committee-report front matter and sections, plus timescale headings, in prose (not a table)."""
    text = source.text_or_none
    blocks = _blocks(text) if text is not None else []
    if not blocks:
        return 0.0
    structure = _structure(blocks)
    if structure < _MIN_STRUCTURE:
        return round(structure, 3)
    timescales = sum(_group_priority(b) is not None for b in blocks)
    numbered = sum(b.number is not None and not _is_heading(b) for b in blocks)
    content = 0.2 * _score_share(timescales, 2) + 0.15 * _score_share(numbered, 4)
    table_share = sum(b.tabbed for b in blocks) / len(blocks)
    return round((structure + content) * (1 - table_share), 3)


EXTRACTOR = Extractor(name=NAME, sniff=sniff, extract=extract)
