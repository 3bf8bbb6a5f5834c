"""Normaliser stage: RawDocument -> Document with canonical fields.

Pure: no I/O beyond the bundled authority table. Every raw value is kept beside
its normalised form (deadline_text/deadline, rag_raw/rag, lead/leads).
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date
from pathlib import Path

from extractors.text import fold
from extractors.vocabulary import priority_of
from models.records import (
    Action,
    Document,
    RawAction,
    RawDocument,
    RawReportFacts,
    Recommendation,
    ReportFacts,
)
from pipeline.authorities import AuthorityIndex, authority_index
from pipeline.deadlines import parse_deadline, parse_document_date
from pipeline.leads import parse_leads
from pipeline.rag import normalise_rag

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_RELATIVE_HINT = re.compile(r"\b(month|week|year)s?\b|\bimmediate", re.I)


def _first_year(*texts: str | None) -> int | None:
    for text in texts:
        m = _YEAR.search(text or "")
        if m:
            return int(m.group(1))
    return None


def _inferred_refs(printed: list[str | None]) -> list[str | None]:
    """Refs for unnumbered recommendations: positions when none is numbered, else the gap's number.

    "9", None, "11" -> the None is "10": the plan numbers its recommendations and
    one lost its number (a merged cell, an OCR miss). A gap that is not exactly
    one integer wide stays None.
    """
    if not any(printed):
        return [str(i) for i in range(1, len(printed) + 1)]
    out = list(printed)
    for i, ref in enumerate(printed):
        if ref is None and 0 < i < len(printed) - 1:
            before, after = printed[i - 1], printed[i + 1]
            if before and after and before.isdigit() and after.isdigit() and int(after) - int(before) == 2:
                out[i] = str(int(before) + 1)
    return out


def _recommendations(raw: RawDocument) -> list[Recommendation]:
    printed = [fold(rec.ref) for rec in raw.recommendations]
    refs = _inferred_refs(printed)
    return [
        Recommendation(
            ref=ref,
            ref_inferred=ref is not None and printed_ref is None,
            text=fold(rec.text) or "",
            priority=priority_of(rec.priority_raw),
            priority_raw=fold(rec.priority_raw),
            heading=fold(rec.heading),
            page=rec.provenance.page,
            line=rec.provenance.line,
        )
        for rec, printed_ref, ref in zip(raw.recommendations, printed, refs)
    ]


def _action(raw_action: RawAction, recs: list[Recommendation], base: date | None, rag_key: dict[str, str]) -> Action:
    rec = recs[raw_action.recommendation_index] if raw_action.recommendation_index is not None else None
    deadline_text = fold(raw_action.deadline)
    rag_raw = fold(raw_action.rag)
    lead = fold(raw_action.lead)
    parts = parse_leads(lead)
    prov = raw_action.provenance
    return Action(
        recommendation_ref=rec.ref if rec else None,
        recommendation=rec.text if rec else None,
        recommendation_index=raw_action.recommendation_index,
        ref=fold(raw_action.ref),
        action=fold(raw_action.action) or "",
        lead=lead,
        leads=[part.name for part in parts],
        lead_parts=[asdict(part) for part in parts],
        deadline_text=deadline_text,
        deadline=parse_deadline(deadline_text, base),
        rag=normalise_rag(rag_raw, rag_key),
        rag_raw=rag_raw,
        progress=fold(raw_action.progress),
        outcome=fold(raw_action.outcome),
        measure=fold(raw_action.measure),
        cost=fold(raw_action.cost),
        extra={k: v for k, v in ((fold(k), fold(v)) for k, v in raw_action.extra.items()) if k and v},
        page=prov.page,
        table=prov.table,
        row=prov.row,
        line=prov.line,
        engine=prov.engine,
    )


def _judgement(text: str | None) -> str | None:
    folded = fold(text)
    return folded.lower().rstrip(".") if folded else None


def _report(raw: RawReportFacts) -> ReportFacts:
    return ReportFacts(
        framework=raw.framework,
        published=parse_document_date(raw.published_raw),
        published_estimated=raw.published_estimated,
        inspection_start=parse_document_date(raw.inspection_start_raw),
        inspection_end=parse_document_date(raw.inspection_end_raw),
        overall_judgement=_judgement(raw.overall_judgement_raw),
        judgements={key: j for key, value in raw.judgements_raw.items() if (j := _judgement(value))},
    )


def normalise(raw: RawDocument, authorities: AuthorityIndex | None = None) -> Document:
    """Canonical document from an extractor's raw one."""
    authorities = authorities or authority_index()
    warnings = list(raw.warnings)
    authority = authorities.find(raw.authority_raw, raw.title, Path(raw.source).stem)
    if authority is None:
        warnings.append("authority not recognised (not named in the text, title or file name)")
    document_date = parse_document_date(raw.document_date_raw)
    inspection_date = parse_document_date(raw.inspection_date_raw)
    printed = None if raw.document_date_estimated else document_date
    base = parse_document_date(raw.base_date_raw) or inspection_date or printed
    recs = _recommendations(raw)
    actions = [_action(a, recs, base, raw.rag_key) for a in raw.actions]
    unresolved = sum(1 for a in actions if a.deadline is None and a.deadline_text and _RELATIVE_HINT.search(a.deadline_text))
    if unresolved:
        warnings.append(f"{unresolved} relative deadlines (e.g. '3 months') left undated: the document states no date to count from")
    return Document(
        source=raw.source,
        sha256=raw.sha256,
        extractor=raw.extractor,
        doc_type=raw.doc_type,
        authority=authority.name if authority else None,
        authority_code=authority.ons_code if authority else None,
        authority_raw=fold(raw.authority_raw),
        title=fold(raw.title),
        document_date=document_date,
        year=printed.year if printed else _first_year(raw.title, Path(raw.source).stem)
        or (document_date.year if document_date else None),
        version=fold(raw.version),
        inspection_date=inspection_date,
        recommendations=recs,
        actions=actions,
        warnings=warnings,
        report=_report(raw.report) if raw.report else None,
        parse_report=raw.parse,
    )
