"""Which reading of a file is right: the bytes say which readers apply, each reading is cleaned and
built, and the builder's highest confidence wins. A reading is tried as an Ofsted report only where no
plan table was found: a council document that talks about an inspection is not a report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extractors.base import ExtractionError, Failure, SourceFile
from extractors.build import Built, build
from extractors.cleanup import clean
from extractors.layout import Layout
from extractors.readers import delimited, pdf
from extractors.readers.common import cap_text
from extractors.settings import SETTINGS, Settings
from models.records import RawDocument

_READ_AS = {"pdf": "a PDF", "docx": "a Word document", "xlsx": "an Excel workbook", "html": "an HTML page",
            "delimited": "a text table", "flattened": "a flattened text table", "plain": "plain text"}


@dataclass(frozen=True)
class Reader:
    name: str
    read: Callable[[SourceFile, Settings], Layout]


def readers_for(source: SourceFile) -> list[Reader]:
    """The readers the file's bytes admit, most specific first."""
    data = source.data
    if pdf.accepts(data):
        return [Reader(pdf.NAME, pdf.read)]
    from extractors.readers import docx, html, xlsx  # lxml and openpyxl only for these formats

    for module in (docx, xlsx, html):
        if module.accepts(data):
            return [Reader(module.NAME, module.read)]
    if data.startswith(b"PK\x03\x04"):
        raise ExtractionError("a ZIP archive that is neither a Word nor an Excel document", Failure.DAMAGED_OFFICE)
    text = source.text  # raises for empty, binary or undecodable content
    from extractors.readers import flattened, plain

    tables = [Reader(module.NAME, module.read) for module in (delimited, flattened) if module.accepts(text)]
    return tables + [Reader(plain.NAME, plain.read)]


def load_office_readers() -> None:
    """Import the readers :func:`readers_for` tries on every file but a PDF, e.g. once before forking workers."""
    from extractors.readers import docx, flattened, html, plain, xlsx  # noqa: F401


def _report(layout: Layout, settings: Settings) -> Built | None:
    if layout.reader != pdf.NAME:
        return None
    from extractors.build import report

    return report.build(layout, settings)


def extract(source: SourceFile, settings: Settings = SETTINGS) -> RawDocument:
    """The best reading of a file as records; ExtractionError with a one-line cause when none fits."""
    candidates: list[tuple[Built, str]] = []
    errors: list[ExtractionError] = []
    for reader in readers_for(source):
        try:
            layout = clean(cap_text(reader.read(source, settings), settings.max_cell_chars), settings)
        except ExtractionError as exc:
            errors.append(exc)
            continue
        built = build(layout, settings)
        candidates.append((built, reader.name))
        if built.builder != "tables" and (found := _report(layout, settings)) is not None:
            candidates.append((found, reader.name))
    if not candidates and errors:
        raise errors[0]
    ranked = sorted(candidates, key=lambda pair: pair[0].confidence, reverse=True)
    if not ranked or ranked[0][0].confidence <= 0:
        best = _READ_AS.get(ranked[0][1], ranked[0][1]) if ranked else "nothing"
        raise ExtractionError(f"not a recognised action plan or report (no plan table or recommendations found; "
                              f"read as {best})", Failure.NOT_A_PLAN)
    best = ranked[0][0]
    if best.document.parse:
        best.document.parse.candidates = [
            {"reader": name, "builder": built.builder, "confidence": built.confidence} for built, name in ranked]
    return best.document
