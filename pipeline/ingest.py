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
from models.records import Document
from pipeline.run import extract_many, iter_input_files
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


def _stored(path: Path, store: Store) -> FileResult | None:
    """The file's result when it needs no extraction: already stored unchanged, or unreadable."""
    key = source_key(path)
    try:
        source = SourceFile.read(path)
    except ExtractionError as exc:
        return FileResult(key, "failed", error=str(exc))
    return FileResult(key, "unchanged") if store.has_sha256(source.sha256) else None


def _save(path: Path, extracted: Document | ExtractionError, store: Store) -> FileResult:
    key = source_key(path)
    if isinstance(extracted, ExtractionError):
        return FileResult(key, "failed", error=str(extracted))
    if store.has_sha256(extracted.sha256):  # the same content under another name earlier in this batch
        return FileResult(key, "unchanged")
    extracted.source = key
    status = store.save(extracted)
    return FileResult(key, status, len(extracted.recommendations), len(extracted.actions), extracted.warnings)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    on_result: Callable[[FileResult], None] | None = None,
    workers: int = 0,
) -> list[FileResult]:
    """Ingest files and folders (recursively); ``on_result`` is called after each file.

    Files already stored unchanged, and unreadable ones, are reported first;
    the others are extracted in ``workers`` processes (0: one per core, see
    :func:`pipeline.run.extract_many`) and saved in input order, each in its
    own transaction.
    """
    results: list[FileResult] = []

    def report(result: FileResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    todo = []
    for path in iter_input_files(paths):
        known = _stored(path, store)  # hashed here; a worker reads the file again, so only paths cross over
        if known:
            report(known)
        else:
            todo.append(path)
    for path, extracted in extract_many(todo, workers):
        report(_save(path, extracted, store))
    return results
