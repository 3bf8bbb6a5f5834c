"""Flat action rows of an extracted document, as the store's ``action_rows`` view gives them once stored.

``extract`` writes these, so its tables have the same columns as ``query``'s (models.schema.ACTION_COLUMNS); an
action's ``key`` is the one a first ingest of the file gives it (pipeline.keys), ``corrected`` is empty.
"""

from __future__ import annotations

from typing import Any

from models.records import Document
from models.schema import ACTION_COLUMNS
from pipeline.authorities import authority_index
from pipeline.keys import Item, action_keys, identity


def keys(doc: Document) -> list[str]:
    """The key each action of a document gets when it is first stored (pipeline.keys)."""
    recs = [doc.recommendations[a.recommendation_index] if a.recommendation_index is not None else None
            for a in doc.actions]
    return action_keys(identity(doc.authority_code, doc.source, doc.document_date, doc.version),
                       [Item(r.ref if r else None, r.text if r else None, a.action) for a, r in zip(doc.actions, recs)])


def document_json(doc: Document) -> dict[str, Any]:
    """The JSON contract of ``extract`` (:meth:`Document.to_json`), each action with its key first."""
    out = doc.to_json()
    out["actions"] = [{"key": key, **action} for key, action in zip(keys(doc), out["actions"])]
    return out


def document_rows(doc: Document) -> list[dict[str, Any]]:
    """One row per action, in ACTION_COLUMNS; themes of either origin, sorted, as a list."""
    authority = authority_index().by_code.get(doc.authority_code) if doc.authority_code else None
    head = {
        "authority": doc.authority, "ons_code": doc.authority_code, "region": authority.region if authority else None,
        "year": doc.year, "doc_type": doc.doc_type, "document_date": doc.document_date, "source": doc.source,
        "sha256": doc.sha256,
    }
    rows = []
    for a, key in zip(doc.actions, keys(doc)):
        rec = doc.recommendations[a.recommendation_index] if a.recommendation_index is not None else None
        row = {
            **head, "key": key, "corrected": None,
            "recommendation_ref": rec.ref if rec else None, "recommendation": rec.text if rec else None,
            "priority": rec.priority if rec else None, "action_ref": a.ref, "action": a.action, "lead": a.lead,
            "leads": a.leads, "deadline_text": a.deadline_text, "deadline": a.deadline, "rag": a.rag,
            "rag_raw": a.rag_raw, "progress": a.progress, "themes": sorted({t["theme"] for t in a.theme_tags}),
            "page": a.page, "line": a.line, "table_index": a.table, "row_index": a.row,
        }
        rows.append({c: row[c] for c in ACTION_COLUMNS})
    return rows
