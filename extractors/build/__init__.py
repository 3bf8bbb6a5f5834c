"""The one record builder: a cleaned Layout in, a RawDocument with its parse report out.

Tables are scored by their header through the one header map; plan tables
give records (:mod:`extractors.build.records`), key tables the RAG key, tables
of labels and values the document's facts. A document with no plan table is
read as prose (:mod:`extractors.build.prose`). The builder's confidence (0..1)
says how much of a plan it found, so that readings by different readers of
one file can be compared:

    0                       nothing read
    0.4 + 0.2 * fielded     prose areas, ``fielded`` the share with a lead, deadline or RAG
    0.6 + 0.2 * fielded + 0.2 * linked
                            plan-table actions, ``linked`` the share under a recommendation
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.build import prose
from extractors.build.facts import describe
from extractors.build.key import Key
from extractors.build.records import Listed, read_rows, split_priority
from extractors.build.rows import data_rows, refine_fields
from extractors.headers import Header, find_header, row_texts
from extractors.layout import Block, Layout, Table
from extractors.settings import SETTINGS, Settings
from extractors.text import fold
from extractors.vocabulary import (
    TITLE_ONLY,
    colour_of_fill,
    is_priority_heading,
    labelled_recommendation,
    strip_bullet,
)
from models.records import ParseReport, RawDocument, TableReport

_LEAD_LABEL = re.compile(r"^\s*[A-Z][\w' ]{1,25}:\s+(?=\S)")  # "Ofsted said: ..."
def _list_number(text: str) -> tuple[str, str] | None:
    match = _LIST_NUMBER.match(text)
    return (match.group(1), match.group(2)) if match else None


_LIST_NUMBER = re.compile(r"^\s*(?:recommendation\s+)?([A-Za-z]?\d{1,2}[a-z]?)[.):]\s+(\S.*)$", re.I)


@dataclass
class Built:
    document: RawDocument
    confidence: float
    builder: str  # tables | prose | inspection_report


def _plan_header(table: Table, settings: Settings) -> Header | None:
    header = find_header(table, settings.header_search)
    return header if header and {"action", "recommendation"} & set(header.fields) else None


def _listed(blocks: list[Block]) -> dict[str, Listed]:
    """Recommendations printed in prose: a numbered list ("1. Ensure ...", "Recommendation 2: ..."),
    their wrapped lines joined, or a title of their own ("Recommendation 4") over their text (a short
    label before it, "Ofsted said:", dropped); each under the timescale heading above it."""
    out: dict[str, Listed] = {}
    current: Listed | None = None
    titled: str | None = None  # the ref of a title awaiting its text
    priority: str | None = None
    for block in blocks:
        text = fold(block.text) or ""
        if block.kind == "item":  # "• R1) Ensure ...": a numbered recommendation set as a bullet
            text = strip_bullet(text)
        match = labelled_recommendation(text) or _list_number(text)
        title = TITLE_ONLY.match(text)
        if title:
            titled, current = title.group(1), None
        elif titled:
            found_priority, body = split_priority(_LEAD_LABEL.sub("", text, count=1))
            current = out[titled] = Listed(ref=titled, text=body, priority=found_priority or priority)
            titled = None
        elif match:
            found_priority, body = split_priority(match[1])
            current = Listed(ref=match[0], text=body, priority=found_priority or priority)
            out[current.ref] = current
        elif is_priority_heading(text):
            priority, current = text.rstrip(":. "), None
        elif current and block.kind == "line" and text[:1].islower():
            current.text += " " + text
        else:
            current = None
    return out


def _numbered_rows(table: Table) -> list[Block]:
    """A headerless table that is a numbered list (a number, then its text, each row) as list lines."""
    lines = [" ".join(t for t in row_texts(table, r) if t) for r in range(len(table.rows))]
    return [Block(line) for line in lines] if lines and all(_list_number(line) for line in lines) else []


def _row_lines(table: Table, stop: int | None = None) -> list[Block]:
    """A table's rows (up to ``stop``) as lines of text, cells joined by spaces."""
    return [Block(" ".join(t for t in row_texts(table, r) if t)) for r in range(len(table.rows) if stop is None else stop)]


def _report(table: Table, header: Header | None, role: str, actions: int, reason: str | None) -> TableReport:
    return TableReport(index=table.index, page=table.page, engine=table.engine, rows=len(table.rows),
                       columns=table.width, role=role, header=list(header.texts) if header else [],
                       fields=list(header.fields) if header else [], actions=actions, reason=reason)


def _confidence(doc: RawDocument, base: float) -> float:
    if not doc.actions:
        return 0.0
    fielded = sum(bool(a.lead or a.deadline or a.rag) for a in doc.actions) / len(doc.actions)
    linked = sum(a.recommendation_index is not None for a in doc.actions) / len(doc.actions)
    return round(base + 0.2 * fielded + (0.2 * linked if base >= 0.6 else 0.0), 3)


def build(layout: Layout, settings: Settings = SETTINGS) -> Built:
    """Records from a cleaned layout: plan tables if it has any, else its prose."""
    headers = {id(t): _plan_header(t, settings) for t in layout.tables()}
    first_plan = next((i for i, item in enumerate(layout.items) if isinstance(item, Table) and headers[id(item)]), None)
    before = layout.items[:first_plan] if first_plan is not None else layout.items
    # with no plan table, the prose read as paragraphs (a hard-wrapped sentence is one), tab-separated rows as lines
    # a title block set out in columns (label and date side by side) is read line by line
    lines = [line for item in before for line in ([item] if isinstance(item, Block) else _row_lines(item))] \
        if first_plan is not None else prose.paragraphs(before, settings)
    if first_plan is not None:  # a title block read into the table, above its header (a sheet, a scan)
        table = layout.items[first_plan]
        lines += _row_lines(table, headers[id(table)].start)  # type: ignore[union-attr]
    everywhere = "\n".join([b.text for b in layout.blocks()] + [
        line.text for t_ in layout.tables() if not headers[id(t_)] for line in _row_lines(t_)])
    facts = describe(lines, everywhere, layout.metadata)
    doc = RawDocument(source=layout.source, sha256=layout.sha256, extractor=layout.reader, doc_type=facts.doc_type,
                      title=facts.title, authority_raw=facts.authority, document_date_raw=facts.document_date,
                      document_date_estimated=facts.date_estimated,
                      inspection_date_raw=facts.inspection_date, base_date_raw=facts.base_date, version=facts.version,
                      warnings=list(layout.warnings) + facts.warnings)
    key = Key()
    for block in layout.blocks():
        key.add(block.text)
    key.add_lines([b.text for b in layout.blocks()])
    reports: list[TableReport] = []
    for item in layout.tables():
        if headers[id(item)] is None:
            texts = [" – ".join(t for t in row_texts(item, r) if t) for r in range(len(item.rows))]
            role = "key" if key.add_lines(texts, [_cell_colour(item, r) for r in range(len(texts))]) else "other"
            reports.append(_report(item, None, role, 0, None if role == "key" else "no plan header"))
    rows, listed, lead_in, headings, prose_seen, since = [], {}, {}, {}, [], []
    for item in layout.items:
        listing = [item] if isinstance(item, Block) else [] if headers[id(item)] else _numbered_rows(item)
        prose_seen += listing
        since += listing
        if isinstance(item, Table) and headers[id(item)]:
            header = headers[id(item)]
            table_rows = data_rows(item, header)
            refine_fields(header, table_rows)
            rows += table_rows
            previous = lead_in.get(rows[-len(table_rows) - 1].table.index, {}) if len(rows) > len(table_rows) else {}
            listed[item.index], lead_in[item.index] = _listed(prose_seen), _listed(since) if since else previous
            heading = next((fold(b.text) for b in reversed(since) if is_priority_heading(fold(b.text) or "")), None)
            section = next((t for b in reversed(since) if b.kind == "heading" and b.level >= 2 and (t := fold(b.text))
                            and not is_priority_heading(t) and not TITLE_ONLY.match(t)), None)  # a title is level 1
            headings[item.index] = [(kind, text) for kind, text in (("section", section), ("priority", heading)) if text]
            since = []
    read_rows(doc, rows, key.marks, listed, lead_in, headings)
    for item in layout.tables():
        if headers[id(item)]:
            found = sum(a.provenance.table == item.index for a in doc.actions)
            reports.append(_report(item, headers[id(item)], "plan", found, None if found else "no action rows under the header"))
    doc.rag_key = key.meanings
    builder, confidence = "tables", _confidence(doc, 0.6)
    if not doc.actions:
        doc.recommendations.clear()
        prose.read(doc, layout, settings)
        builder, confidence = "prose", _confidence(doc, 0.4)
    reports.sort(key=lambda r: r.index)
    doc.parse = ParseReport(reader=layout.reader, builder=builder, confidence=confidence, tables=reports,
                            blocks=len(layout.blocks()))
    return Built(doc, confidence, builder)


def _cell_colour(table: Table, r: int) -> str | None:
    """The status colour a key row shows as a fill or a coloured mark, as a colour name."""
    for cell in table.rows[r]:
        colour = cell.fill or next((g.colour for g in cell.glyphs if g.colour), None)
        if colour and (name := colour_of_fill(colour)):
            return name
    return None
