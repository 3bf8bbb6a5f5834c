"""Plans written as prose: committee progress reports, their PDF exports, email updates.

The blocks are first joined into paragraphs (a line wrapped by the printer carries on the one
before; a line resuming in lower case after a page break does too). Each Ofsted recommendation
the report restates is then one record: an item of a list under a timescale heading or after a
paragraph introducing "the following areas for improvement:", a paragraph labelled with its
number ("Recommendation 2: ...", "Rec 2 - ..."), a title of its own ("Area for improvement 3")
over its text, or a numbered paragraph followed by its own fields. Labelled fields ("Lead
officer: X", "RAG - Green") on their own lines, run into a paragraph or bracketed at its end
give its lead, deadline and RAG; a later paragraph naming a listed one by its number
("Recommendation (c): ...", "Area 3") reports on it; "Action 1.2 ..." under a recommendation
is one of its actions. A section headed "Recommendations" is the committee's own: no records.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from extractors.build.cells import labelled_fields
from extractors.build.records import split_priority
from extractors.headers import field_for_header
from extractors.layout import Block, Layout, Table
from extractors.settings import Settings
from extractors.text import DANGLING_END, SENTENCE_END, fold, is_junk, is_title, join_pieces, unquote
from extractors.vocabulary import (BULLET, COMMITTEE_SECTION, LIST_INTRO, NAMED_RECOMMENDATION, RESOLUTION,
                                   is_priority_heading, priority_of, strip_bullet, timescale)
from models.records import Provenance, RawAction, RawDocument, RawRecommendation

_FIELDS = frozenset({"lead", "deadline", "rag", "progress"})
# A list item's marker: "(iv) ", "c) ", "b. ", "3. ", "R2. ", "4) ".
_ITEM = re.compile(r"^\s*(?:\((?P<p>[a-z]|[ivx]{1,4}|\d{1,2})\)|(?P<l>[a-z]|[ivx]{1,4})[.)]|(?P<n>[A-Z]?\d{1,2})[.)])\s+(?=\S)")
_PARAGRAPH_NUMBER = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s+(?=\S)")  # "4.1 ": the report's own paragraph numbers
_ACTION = re.compile(r"^\s*action\s+(\d{1,2}\.\d{1,2})[.:]?\s+(?P<text>\S.*)$", re.I)
_LABEL_START = re.compile(r"(?:^|(?<=[.(;|]\s)|(?<=\()|(?<=\s[–—-]\s))[A-Z][A-Za-z' &]{0,30}?\s*(?::|\s[-–]\s)")
_SEPARATOR = re.compile(r"(?<!\s)\s*(?:;|\s\|\s|\s[–—-]\s|\.\s)\s*(?=[A-Z][A-Za-z' &]{0,30}?\s*(?::|\s[-–]\s)\s*\S)")
_ONE_LABEL = re.compile(r"^([A-Z][\w'() /&-]{0,40}?)\s*(?::|\s[-–]\s)\s*(\S.*)$")
_FOOTER = re.compile(r"^\S[^\t.;:]{0,58}\S {4,}\d{1,3}\s*$")  # "Acme Council      2": a running footer and page number
_SECTION_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.0)?\.?\s+(?=[A-Z])")  # "3. Background", "3.0 PROGRESS", "3 Next steps"


@dataclass
class _Para:
    text: str
    block: Block
    gap: bool  # space above it: a blank line, or more than a line's leading
    large: bool = False  # printed larger than the body text, or underlined: a heading
    lines: int = 1


@dataclass
class _Area:
    ref: str | None
    text: str
    para: _Para
    group: str | None
    heading: str | None
    fields: dict[str, str] = field(default_factory=dict)
    actions: list[_Area] = field(default_factory=list)  # "Action 1.1 ..." printed under it


def _first_word(text: str) -> int:
    return len(text.split()[0]) if text.split() else 0


def _paragraphs(blocks: list[Block], settings: Settings) -> list[_Para]:
    """Blocks joined into paragraphs: a line the printer wrapped (the next line's first word would not
    have fitted after it) carries on; so does a line resuming in lower case after a break."""
    lengths = [len(b.text.rstrip()) for b in blocks if b.bbox is None]
    width = max(lengths, default=0)
    long = [n for n in lengths if n >= 40]
    if sum(n >= 0.85 * width for n in long) < settings.wrapped_share * len(long):
        width = 10 ** 6  # lines of any length, not filled to a width: the text is not wrapped
    sizes = Counter(round(b.size) for b in blocks if b.size)
    body = sizes.most_common(1)[0][0] if sizes else None
    right = max((b.bbox[2] for b in blocks if b.bbox), default=0.0)
    out: list[_Para] = []
    prev: Block | None = None
    for block in blocks:
        text = fold(block.text) or ""
        if block.bbox is None and _FOOTER.match(block.text):
            continue
        if is_junk(text) or not text.strip("-=_ "):
            if out and text and not text.strip("-=_"):
                out[-1].large = True  # a heading underlined with a row of dashes
            continue
        if prev is None:
            gap, wrapped = True, False
        elif block.bbox is None or prev.bbox is None:
            gap = block.line is None or prev.line is None or block.line - prev.line > 1
            wrapped = len(prev.text.rstrip()) + 1 + _first_word(text) > width - 3
        else:
            size = block.size or 10.0
            gap = block.page != prev.page or block.bbox[1] - prev.bbox[3] > settings.paragraph_gap * size \
                or block.size != prev.size or block.bold != prev.bold
            wrapped = prev.bbox[2] + (_first_word(text) + 1) * settings.char_width * size > right - size
        starts_item = bool(_ITEM.match(text) or BULLET.match(text) or NAMED_RECOMMENDATION.match(text)
                           or _ACTION.match(text) or (text[:1].isupper() and _labelled(text)))
        resumes = text[:1].islower() and bool(out) and not out[-1].large and not SENTENCE_END.search(out[-1].text)
        if out and not starts_item and ((not gap and wrapped) or resumes):
            out[-1].text = join_pieces(out[-1].text, text)
            out[-1].lines += 1
        else:
            large = bool(body and block.size and block.size >= body + settings.prose_heading_step)
            out.append(_Para(text, block, gap, large))
        prev = block
    return out


def blocks(items: list[Table | Block]) -> list[Block]:
    """Prose items, a table that is no plan (a text export's tab-separated lines) read a line a row."""
    out: list[Block] = []
    for item in items:
        if isinstance(item, Block):
            out.append(item)
            continue
        for r, row in enumerate(item.rows):
            cells = item.origins(r)
            text = " ".join(c.text.replace("\n", " ") for c in cells if c.text.strip())
            if text:
                out.append(Block(text, line=next((c.line for c in cells if c.line), None), page=cells[0].page))
    return out


def paragraphs(items: list[Table | Block], settings: Settings) -> list[Block]:
    """The prose as paragraphs, a block each (what a document says of itself is read from these)."""
    return [replace(p.block, text=p.text) for p in _paragraphs(blocks(items), settings)]


def _labelled(text: str) -> dict[str, str] | None:
    """The fields a text gives when it is only labelled fields ("Owner: X | Timeframe: Y",
    "Status: Blue – Lead: X", "(Lead officer: X; RAG: Green)"); None otherwise."""
    text = text.strip(" .").lstrip("(")
    found = labelled_fields(_SEPARATOR.sub("\n", text))
    if found is None and (one := _ONE_LABEL.match(text)):  # one label whose value holds a dash or comma
        name = field_for_header(one.group(1))
        found = {name: one.group(2)} if name else None
    if found and found.get("measure") and not set(found) & {"deadline"}:
        found["deadline"] = found.pop("measure")  # "Target: TBC"
    if not found or not set(found) <= _FIELDS:
        return None
    return {name: value for name, value in ((n, _tidy(v)) for n, v in found.items()) if value}


def _tidy(value: str) -> str:
    """A field's value without the punctuation around it: a closing bracket only when unmatched."""
    value = value.strip(" .;")
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1].rstrip(" .;")
    return value.lstrip("(") if value.count("(") > value.count(")") else value


def _trailing(text: str) -> tuple[str, dict[str, str]]:
    """A paragraph's text before the fields it ends with, and those fields."""
    for match in _LABEL_START.finditer(text):
        found = _labelled(text[match.start():])
        if found:
            return text[: match.start()].rstrip(" (;"), found
    return text, {}


def _give(target: _Area, fields: dict[str, str], progress: str | None = None) -> None:
    target = target.actions[-1] if target.actions else target
    for name, value in fields.items():
        if name == "progress":
            progress = join_pieces(progress, value) if progress else value
        else:
            target.fields.setdefault(name, value)
    if progress:
        target.fields["progress"] = join_pieces(target.fields.get("progress"), progress)


def _progress(target: _Area, text: str) -> None:
    """A paragraph reporting on a recommendation: its progress, and the fields it ends with."""
    progress, fields = _trailing(text)
    _give(target, fields, progress)


def _heading_like(paras: list[_Para], i: int) -> bool:
    para = paras[i]
    after = paras[i + 1].gap if i + 1 < len(paras) else True
    return para.large or (para.lines == 1 and is_title(para.text) and para.gap and after)


def _has_fields(paras: list[_Para], i: int) -> bool:
    """Whether the paragraph after an item (or the one after that) gives it a lead, deadline or RAG."""
    for j in range(i + 1, min(i + 3, len(paras))):
        text = paras[j].text
        if set(_labelled(text) or _trailing(text)[1]) - {"progress"}:
            return True
        if _ITEM.match(text) or _ONE_LABEL.match(text) or _heading_like(paras, j):
            return False
    return False


def _style(match: re.Match[str] | None) -> str:
    return "bullet" if match is None else "number" if match.group("n") else "letter"


class _Walk:
    """One pass over the paragraphs, keeping the timescale group and theme heading in force, whether a
    list of recommendations is open (and its items' style), whether the committee's own section is, and
    which recommendation the paragraphs now report on. A list once closed, its timescale headings group
    the progress paragraphs, given to the group's recommendations in order when there are as many."""

    def __init__(self, paras: list[_Para], settings: Settings) -> None:
        self.paras, self.settings = paras, settings
        self.areas: list[_Area] = []
        self.by_ref: dict[str, _Area] = {}
        self.group: str | None = None
        self.theme: str | None = None
        self.region: str | None = None  # "open" after a timescale heading or list intro, then its items' style
        self.committee = False
        self.current: _Area | None = None
        self.pending: tuple[str, str] | None = None  # (ref, label) of a title awaiting its text
        self.last_number = 0
        self.done = False  # the list was closed
        self.progress_group: str | None = None
        self.reported: dict[str, list[str]] = {}  # progress paragraphs under a closed list's timescale headings

    def add(self, ref: str | None, text: str, para: _Para, label: str | None = None) -> _Area | None:
        prefix, text = split_priority(unquote(strip_bullet(text).strip()))
        if len(text.split()) < self.settings.min_recommendation_words or not text[:1].isupper() \
                or DANGLING_END.search(text):
            return None  # a fragment (a cell of a table printed column by column), not a recommendation
        area = _Area(ref, text, para, prefix or self.group or label, self.theme)
        self.areas.append(area)
        if ref:
            self.by_ref.setdefault(ref.casefold(), area)
        return area

    def close(self) -> None:
        self.done = self.done or bool(self.areas and self.region)
        self.region = None

    def named(self, match: re.Match[str], text: str, para: _Para) -> None:
        ref, rest = match.group("ref"), match.group("text").strip()
        label = text[: match.start("ref")].strip()
        known = self.by_ref.get(ref.casefold())
        if known:  # progress on a recommendation listed before
            self.current = known
            own = _labelled(rest)  # "Area (a) – Responsible officer: X – Status: Y"
            if own:
                _give(known, own)
            elif rest:
                _progress(known, rest)
        elif rest:
            self.current = self.add(ref, rest, para, label)
        else:
            self.pending, self.current = (ref, label), None

    def item(self, i: int, text: str, item: re.Match[str] | None) -> bool:
        """A list item: a recommendation inside an open list, or numbered and followed by its fields."""
        body = text[item.end():] if item else strip_bullet(text)
        number = int(re.sub(r"\D", "", item.group("n"))) if item and item.group("n") else None
        style = _style(item)
        in_list = self.region == "open" or (self.region == style and (number is None or number == self.last_number + 1))
        if (self.committee and not _heading_like(self.paras, i)) or RESOLUTION.match(body):
            self.current = None
            return True
        if in_list or (number is not None and len(body.split()) >= self.settings.min_recommendation_words
                       and _has_fields(self.paras, i)):
            self.region = style if in_list else self.region
            self.last_number = number or 0
            self.current = self.add(next((g for g in item.groups() if g), None) if item else None, body, self.paras[i])
            return True
        self.close()
        return False

    def heading(self, i: int, text: str, bare: str) -> None:
        self.committee, self.current = bool(COMMITTEE_SECTION.match(bare)), None
        following = self.paras[i + 1].text if i + 1 < len(self.paras) else ""
        if not (self.region and not _SECTION_NUMBER.match(text) and (
                is_priority_heading(following) or _ITEM.match(following) or BULLET.match(following)
                or NAMED_RECOMMENDATION.match(following))):
            self.close()  # not a theme heading over the list's next group or item
            self.group, self.progress_group = None, priority_of(bare) if self.done else None
        self.theme = None if _SECTION_NUMBER.match(text) or self.committee else bare

    def paragraph(self, i: int) -> None:
        para = self.paras[i]
        text = _PARAGRAPH_NUMBER.sub("", para.text)
        fields = _labelled(text)
        if self.pending is not None:
            (ref, label), self.pending = self.pending, None
            if not fields and not para.large and not _ACTION.match(text):
                self.current = self.add(ref, text, para, label)
                return
        bare = _SECTION_NUMBER.sub("", text)
        named, action, item = NAMED_RECOMMENDATION.match(text), _ACTION.match(text), _ITEM.match(text)
        headed = para.large or bool(COMMITTEE_SECTION.match(bare))
        if fields:
            if self.current:
                _give(self.current, fields)
        elif is_priority_heading(bare):
            self.committee, self.current, self.progress_group = False, None, priority_of(bare)
            if not self.done:
                self.group, self.region = bare.rstrip(":. "), "open"
        elif named and not self.committee:
            self.named(named, text, para)
        elif action and self.current:
            self.current.actions.append(_Area(action.group(1), action.group("text"), para, self.current.group,
                                              self.current.heading))
        elif (intro := LIST_INTRO.search(text)) and not _heading_like(self.paras, i):
            self.region, self.committee, self.current = "open", False, None
            self.group = self.group if is_priority_heading(self.group) else intro.group(1)
        elif not headed and (item or BULLET.match(text)) and self.item(i, text, item):
            return
        elif headed or _heading_like(self.paras, i):
            self.heading(i, text, bare)
        elif self.current:
            _progress(self.current, text)
        elif self.region == "open" and not self.done:  # an item whose bullet the export lost
            self.current = self.add(None, text, para)
            self.region = "bullet" if self.current else self.region
        elif self.progress_group:
            self.reported.setdefault(self.progress_group, []).append(text)

    def run(self) -> list[_Area]:
        for i in range(len(self.paras)):
            self.paragraph(i)
        for priority, texts in self.reported.items():
            unreported = [a for a in self.areas if priority_of(a.group) == priority and not set(a.fields) - {"progress"}]
            if len(unreported) == len(texts):
                for area, text in zip(unreported, texts):
                    _progress(area, text)
        return self.areas


def read(doc: RawDocument, layout: Layout, settings: Settings) -> None:
    """Recommendations and their actions (each recommendation its own action when the report
    gives no separate ones) from a layout's prose."""
    areas = _Walk(_paragraphs(blocks(layout.items), settings), settings).run()
    if areas:
        doc.doc_type = "progress_report"  # a plan written as prose reports on progress against it
    printed = [a.ref for a in areas]
    own_refs = all(printed) and len({r.casefold() for r in printed if r}) == len(printed)
    for index, area in enumerate(areas):
        where = Provenance(page=area.para.block.page, line=area.para.block.line)
        doc.recommendations.append(RawRecommendation(text=area.text, ref=area.ref if own_refs else str(index + 1),
                                                     priority_raw=area.group, heading=area.heading, provenance=where))
        for act in area.actions or [area]:
            f = act.fields
            doc.actions.append(RawAction(
                action=act.text, recommendation_index=index, ref=act.ref if act is not area else None,
                lead=f.get("lead"), deadline=f.get("deadline") or timescale(area.group), rag=f.get("rag"),
                progress=f.get("progress"),
                provenance=Provenance(page=act.para.block.page, line=act.para.block.line)))
