"""One file through the pure stages: read -> detect -> extract -> normalise -> tag themes."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

from extractors.base import ExtractionError, SourceFile
from extractors.detect import extract
from models.records import Document
from pipeline.normaliser import normalise
from pipeline.themes import default_tagger, tag_document

# Extensions picked up when walking a folder; a file named explicitly is always tried.
DOCUMENT_SUFFIXES = {".txt", ".md", ".tsv", ".csv", ".text", ".pdf", ".docx", ".xlsx", ".html", ".htm"}


def extractor_version() -> str:
    """Which extraction made a document's records: this package's version and extraction path.

    Stored with each document; ``actionplans ingest --reextract`` re-extracts documents whose version differs.
    """
    return f"{version('actionplans')}/layout"


def extract_source(source: SourceFile) -> Document:
    """Normalised document from an already-read file; raises ExtractionError."""
    return tag_document(normalise(extract(source)), default_tagger())


def extract_file(path: Path) -> Document:
    """Normalised document from a path; raises ExtractionError with a one-line cause."""
    return extract_source(SourceFile.read(path))


def _extract_or_error(path: Path) -> Document | ExtractionError:
    try:
        return extract_file(path)
    except ExtractionError as exc:
        return exc


def extract_many(paths: Sequence[Path], workers: int = 0) -> Iterator[tuple[Path, Document | ExtractionError]]:
    """Each file's document, or the ExtractionError saying why it has none, in input order.

    Files are extracted in ``workers`` processes (0: one per core) when there
    are several: each stage is a pure function of the file, so only the
    results cross back, and the caller (the store) stays single-threaded.
    """
    workers = min(workers or os.cpu_count() or 1, len(paths))
    if workers < 2:
        yield from ((path, _extract_or_error(path)) for path in paths)
        return
    # Forked workers inherit the theme tagger built here, and need no "if __name__ == '__main__'" guard
    # in the caller's script (spawn and forkserver do). What they run takes no lock another thread of
    # this process may hold: nothing prints, and OpenCV runs single-threaded.
    default_tagger()
    if "cv2" in sys.modules:  # OpenCV already loaded here: set up the OCR reader's (one thread) before forking,
        import extractors.readers.ocr  # noqa: F401  (a child doing it after the fork can hang)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from zip(paths, pool.map(_extract_or_error, paths))


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
