"""Which reading of a file is right: a cheap format check, then the record builder's own confidence.

The bytes say which readers can apply (a PDF, a Word or Excel package, an
HTML page, text); each applicable reader's Layout is cleaned and built, and
the reading with the highest confidence wins. An Ofsted inspection report is
told by its structure (the report builder finds its framework and its
recommendations), and only wins where no plan table was found: a council
document that talks about an inspection is not a report.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from extractors.base import ExtractionError, SourceFile
from extractors.build import Built, build
from extractors.cleanup import clean
from extractors.layout import Layout
from extractors.readers import delimited, pdf
from extractors.settings import SETTINGS, Settings
from models.records import RawDocument

_HTML = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table")


@dataclass(frozen=True)
class Reader:
    name: str
    read: Callable[[SourceFile, Settings], Layout]


def _zip_members(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name.split("/")[0] for name in archive.namelist()}
    except (zipfile.BadZipFile, ValueError):
        return set()


def readers_for(source: SourceFile) -> list[Reader]:
    """The readers the file's bytes admit, most specific first."""
    data = source.data
    if pdf.accepts(data):
        return [Reader(pdf.NAME, pdf.read)]
    if data.startswith(b"PK\x03\x04"):
        members = _zip_members(data)
        try:
            from extractors.readers import docx, xlsx
        except ImportError as exc:  # transition: the Word and Excel readers are being written
            raise ExtractionError("no Word/Excel reader yet") from exc

        if "word" in members:
            return [Reader(docx.NAME, docx.read)]
        if "xl" in members:
            return [Reader(xlsx.NAME, xlsx.read)]
        raise ExtractionError("a ZIP archive that is neither a Word nor an Excel document")
    head = data[:2048].lstrip().lower()
    if any(head.startswith(tag) for tag in _HTML):
        try:
            from extractors.readers import html
        except ImportError as exc:  # transition: the HTML reader is being written
            raise ExtractionError("no HTML reader yet") from exc
        return [Reader(html.NAME, html.read)]
    text = source.text  # raises for empty, binary or undecodable content
    from extractors.readers import flattened, plain

    out = [Reader(delimited.NAME, delimited.read)] if delimited.accepts(text) else []
    if flattened.accepts(text):
        out.append(Reader(flattened.NAME, flattened.read))
    return out + [Reader(plain.NAME, plain.read)]


def _report(layout: Layout, settings: Settings) -> Built | None:
    if layout.reader != pdf.NAME:
        return None
    from extractors.build import report

    return report.build(layout, settings)


def extract(source: SourceFile, settings: Settings = SETTINGS) -> RawDocument:
    """The best reading of a file as records; ExtractionError with a one-line cause when none fits."""
    candidates: list[tuple[Built, str]] = []
    errors: list[str] = []
    for reader in readers_for(source):
        try:
            layout = clean(reader.read(source, settings), settings)
        except ExtractionError as exc:
            errors.append(str(exc))
            continue
        built = build(layout, settings)
        candidates.append((built, reader.name))
        if built.builder != "tables" and (found := _report(layout, settings)) is not None:
            candidates.append((found, reader.name))
    if not candidates and errors:
        raise ExtractionError(errors[0])
    ranked = sorted(candidates, key=lambda pair: pair[0].confidence, reverse=True)
    if not ranked or ranked[0][0].confidence <= 0:
        best = ranked[0][1] if ranked else "none"
        raise ExtractionError(f"not a recognised action plan or report (no plan table or recommendations found; "
                              f"read as {best})")
    best = ranked[0][0]
    if best.document.parse:
        best.document.parse.candidates = [
            {"reader": name, "builder": built.builder, "confidence": built.confidence} for built, name in ranked]
    return best.document
