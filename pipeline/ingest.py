"""Batch ingest: every file through the pipeline into the store, one transaction per file.

A file whose content (sha256) is already stored is skipped without being read
further; a changed file at a stored path replaces its old records; a file that
fails gets a one-line error and the batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractors.base import ExtractionError, SourceFile
from pipeline.run import extract_source, iter_input_files
from pipeline.store import Store


@dataclass
class FileResult:
    path: str
    status: str  # added | replaced | unchanged | failed
    recommendations: int = 0
    actions: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def source_key(path: Path) -> str:
    """How a file is named in the store: relative to the working directory (``../shared/...`` included)."""
    return Path(os.path.relpath(path.resolve(), Path.cwd().resolve())).as_posix()


def ingest_file(path: Path, store: Store) -> FileResult:
    key = source_key(path)
    try:
        source = SourceFile.read(path)
        if store.has_sha256(source.sha256):
            return FileResult(key, "unchanged")
        doc = extract_source(source)
    except ExtractionError as exc:
        return FileResult(key, "failed", error=str(exc))
    doc.source = key
    status = store.save(doc)
    return FileResult(key, status, len(doc.recommendations), len(doc.actions), doc.warnings)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest files and folders (recursively); ``on_result`` is called after each file."""
    results = []
    for path in iter_input_files(paths):
        result = ingest_file(path, store)
        results.append(result)
        if on_result:
            on_result(result)
    return results
