"""Plain records passed between pipeline stages.

Extractors return a :class:`RawDocument` holding cell text exactly as found
(whitespace folded, markup stripped) plus provenance. The normaliser turns it
into a :class:`Document` whose fields are canonical but which still carries
every raw value beside the normalised one, so a researcher can always check.
Nothing here touches a database; :mod:`pipeline.store` maps these records to
tables.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

DOC_TYPES = ("action_plan", "improvement_plan", "progress_report", "inspection_report")
PRIORITIES = ("immediate", "three_months", "six_months", "improve")
RAGS = ("red", "amber", "green", "blue")
# What stored actions can be counted by (``query --group-by``, ``Store.count_actions``).
GROUP_COLUMNS = ("authority", "ons_code", "region", "year", "doc_type", "priority", "rag", "theme")


@dataclass(frozen=True)
class Provenance:
    """Where a record came from: enough to open the source and find it."""

    page: int | None = None  # 1-based page, where the format has pages
    table: int | None = None  # 0-based table index within the document
    row: int | None = None  # 0-based row index within that table
    line: int | None = None  # 1-based first line in a text source
    engine: str | None = None  # table engine that produced the row, for PDF/Word tables ("pdfplumber-lines", ...)


@dataclass
class RawRecommendation:
    """An Ofsted recommendation (or area for development) as printed."""

    text: str
    ref: str | None = None  # printed number, e.g. "13" or "13/14"; None if unnumbered
    priority_raw: str | None = None  # grouping heading as printed: "Within three months"
    heading: str | None = None  # section/theme heading above it: "CHILDREN LOOKED AFTER"
    provenance: Provenance = field(default_factory=Provenance)


@dataclass
class RawAction:
    """One action row as printed; every cell is raw text or None."""

    action: str
    recommendation_index: int | None = None  # index into RawDocument.recommendations
    ref: str | None = None  # printed action number, e.g. "1.3"
    lead: str | None = None
    deadline: str | None = None
    rag: str | None = None
    progress: str | None = None
    outcome: str | None = None
    measure: str | None = None
    cost: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # unknown columns, keyed by header
    provenance: Provenance = field(default_factory=Provenance)


@dataclass
class RawReportFacts:
    """What an Ofsted inspection report states about itself, as printed."""

    framework: str | None = None  # slac | sif | ilacs | other, classified by the extractor
    framework_raw: str | None = None  # the words it was recognised by
    published_raw: str | None = None
    published_estimated: bool = False  # not printed: estimated (e.g. from the PDF's creation date)
    inspection_start_raw: str | None = None
    inspection_end_raw: str | None = None
    overall_judgement_raw: str | None = None
    judgements_raw: dict[str, str] = field(default_factory=dict)  # canonical area key -> judgement as printed


@dataclass
class TableReport:
    """What the record builder made of one table (as camelot reports on each table it parses)."""

    index: int
    page: int | None
    engine: str
    rows: int
    columns: int
    role: str  # plan | continuation | key | facts | recommendations | other
    header: list[str] = field(default_factory=list)
    fields: list[str | None] = field(default_factory=list)  # canonical field per column
    actions: int = 0  # action records it gave
    reason: str | None = None  # why it gave none


@dataclass
class ParseReport:
    """How a document was read: by which reader and builder, how surely, and what each table was."""

    reader: str
    builder: str  # tables | prose | inspection_report
    confidence: float  # 0..1, the builder's own (see extractors.build.confidence)
    candidates: list[dict[str, Any]] = field(default_factory=list)  # {reader, builder, confidence}, best first
    tables: list[TableReport] = field(default_factory=list)
    blocks: int = 0  # prose blocks read


@dataclass
class RawDocument:
    """What an extractor read from one file, before any normalisation."""

    source: str
    sha256: str
    extractor: str  # name of the extractor that produced it
    doc_type: str  # one of DOC_TYPES
    title: str | None = None
    authority_raw: str | None = None  # text naming the council, e.g. "Southampton City Council"
    document_date_raw: str | None = None  # "Last updated: 5th March 2013"
    document_date_estimated: bool = False  # not printed: the file's creation date (never counted from)
    inspection_date_raw: str | None = None  # date of the inspection/report the plan answers
    base_date_raw: str | None = None  # what relative deadlines ("3 months") count from, when the document says
    version: str | None = None
    rag_key: dict[str, str] = field(default_factory=dict)  # printed key: {"red": "Activity ... not started"}
    recommendations: list[RawRecommendation] = field(default_factory=list)
    actions: list[RawAction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report: RawReportFacts | None = None  # set for inspection reports only
    parse: ParseReport | None = None  # how it was read


@dataclass
class Recommendation:
    ref: str | None  # printed number, else inferred (see ref_inferred)
    text: str
    priority: str | None  # one of PRIORITIES
    priority_raw: str | None
    heading: str | None
    ref_inferred: bool = False  # True when the plan printed no number and ref is its position
    themes: list[str] = field(default_factory=list)  # theme ids found in its own text
    theme_tags: list[dict[str, Any]] = field(default_factory=list)  # {theme, score, evidence, origin}
    page: int | None = None
    line: int | None = None


@dataclass
class Action:
    recommendation_ref: str | None
    recommendation: str | None  # recommendation text, repeated for flat exports
    recommendation_index: int | None
    ref: str | None
    action: str
    lead: str | None  # raw lead cell
    leads: list[str]  # parsed people/roles
    deadline_text: str | None  # raw deadline, always kept
    deadline: date | None
    rag: str | None  # one of RAGS
    rag_raw: str | None
    progress: str | None = None
    outcome: str | None = None
    measure: str | None = None
    cost: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    lead_parts: list[dict[str, str]] = field(default_factory=list)  # {name, kind, normalised} per person/role/team
    themes: list[str] = field(default_factory=list)  # theme ids found in the action's own text
    # {theme, score, evidence, origin}: origin "action" (own text) or "recommendation" (inherited, labelled)
    theme_tags: list[dict[str, Any]] = field(default_factory=list)
    page: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    engine: str | None = None


@dataclass
class ReportFacts:
    """An inspection report's framework, dates and judgements, normalised."""

    framework: str | None  # slac | sif | ilacs | other
    published: date | None
    published_estimated: bool
    inspection_start: date | None
    inspection_end: date | None
    overall_judgement: str | None  # lower case as Ofsted words it: "requires improvement to be good"
    judgements: dict[str, str] = field(default_factory=dict)  # area key -> judgement, lower case


@dataclass
class Document:
    source: str
    sha256: str
    extractor: str
    doc_type: str
    authority: str | None  # canonical name
    authority_code: str | None  # ONS code
    authority_raw: str | None
    title: str | None
    document_date: date | None
    year: int | None
    version: str | None
    inspection_date: date | None = None  # the inspection (report) a plan says it answers
    recommendations: list[Recommendation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report: ReportFacts | None = None  # inspection reports only
    parse_report: ParseReport | None = None  # how it was read: reader, confidence, tables found and rejected

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of ``actionplans extract --format json``.

        An inspection report's facts appear as top-level keys (framework,
        published, inspection_start, inspection_end, overall_judgement, judgements).
        """
        out = asdict(self)
        out["document_date"] = _iso(out["document_date"])
        out["inspection_date"] = _iso(out["inspection_date"])
        for act in out["actions"]:
            act["deadline"] = _iso(act["deadline"])
        report = out.pop("report")
        if report:
            out.update({k: _iso(v) if isinstance(v, date) else v for k, v in report.items()})
        return out


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
