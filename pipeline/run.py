"""One file through the pure stages: read -> detect -> extract -> normalise -> tag themes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from extractors.base import SourceFile
from extractors.registry import detect
from models.records import Document
from pipeline.normaliser import normalise
from pipeline.themes import default_tagger, tag_document

# Extensions picked up when walking a folder; a file named explicitly is always tried.
DOCUMENT_SUFFIXES = {".txt", ".md", ".tsv", ".csv", ".text", ".pdf", ".docx"}


def extract_source(source: SourceFile) -> Document:
    """Normalised document from an already-read file; raises ExtractionError."""
    return tag_document(normalise(detect(source).extract(source)), default_tagger())


def extract_file(path: Path) -> Document:
    """Normalised document from a path; raises ExtractionError with a one-line cause."""
    return extract_source(SourceFile.read(path))


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and documents found recursively in folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path
