"""Batch ingest: every file through the pipeline into the store, one transaction per file.

A file is named in the store by its resolved path: absolute, or relative to a root the user
names (so a team sharing a database names files the same from any machine or directory). A file
whose content (sha256) is already stored is not extracted again: its path is noted as one more
place those bytes are; a changed file at a stored path replaces its old records; a file that
fails gets a one-line error and the batch goes on. ``reextract``: a file whose bytes were extracted by another
extractor version is extracted again (keys and corrections carry over); ``prune``: stored paths under the
folders named whose files are gone are taken off their documents (a document goes with its last path).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from extractors.base import ExtractionError, Failure, SourceFile
from extractors.settings import SETTINGS, Settings
from models.records import Document
from pipeline.database import describe
from pipeline.run import Job, extract_many, extractor_version, iter_input_files, text_name
from pipeline.store import Store


@dataclass
class FileResult:
    path: str
    status: str  # added | replaced | reextracted | unchanged | failed
    recommendations: int = 0
    actions: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    kind: Failure | None = None  # a failure's kind, which a run's summary counts


def _failed(path: Path, error: str, kind: Failure) -> FileResult:
    return FileResult(text_name(path), "failed", error=error, kind=kind)


def source_key(path: Path, root: Path | None = None) -> str:
    """How a file is named in the store: its resolved path, relative to ``root`` if given.

    Raises ValueError for a file outside ``root``. Bytes of a name that are not UTF-8 are kept as
    ``\\xNN`` escapes (a database stores text).
    """
    resolved = Path(os.path.realpath(path))  # a symlink loop stays as named; the reader refuses it
    if root is not None:
        try:
            resolved = resolved.relative_to(os.path.realpath(root))
        except ValueError:
            raise ValueError(f"outside the root {root}") from None
    return text_name(resolved.as_posix())


def _stored(path: Path, store: Store, root: Path | None, reextract: bool,
            settings: Settings) -> FileResult | SourceFile:
    """The file's result when it needs no extraction (bytes already stored, unreadable, or outside the root),
    else the file as read, to extract."""
    try:
        key = source_key(path, root)
        source = SourceFile.read(path, settings)
        status = store.note_source(source.sha256, key, extractor_version() if reextract else None)
    except ExtractionError as exc:
        return _failed(path, str(exc), exc.kind)
    except ValueError as exc:  # outside the root
        return _failed(path, str(exc), Failure.UNREADABLE)
    except SQLAlchemyError as exc:
        return _failed(path, f"database: {describe(exc)}", Failure.DATABASE)
    return FileResult(key, status) if status else source


def _save(path: Path, extracted: Document | ExtractionError, store: Store, root: Path | None) -> FileResult:
    if isinstance(extracted, ExtractionError):
        return _failed(path, str(extracted), extracted.kind)
    key = source_key(path, root)
    try:
        status = store.save(extracted, key, extractor_version())
    except SQLAlchemyError as exc:
        return _failed(path, f"database: {describe(exc)}", Failure.DATABASE)
    if status == "unchanged":  # the same bytes under another name, earlier in this batch or by another process
        return FileResult(key, status)
    return FileResult(key, status, len(extracted.recommendations), len(extracted.actions), extracted.warnings)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    on_result: Callable[[FileResult], None] | None = None,
    workers: int = 0,
    root: Path | None = None,
    settings: Settings = SETTINGS,
    reextract: bool = False,
) -> list[FileResult]:
    """Ingest files and folders (recursively); ``on_result`` is called after each file.

    Files are named by :func:`source_key` (relative to ``root`` if given); a failed file by its path as
    given. ``settings`` holds the per-file limits (bytes, seconds, memory, pages ...).
    Files already stored unchanged, and unreadable ones, are reported first;
    the others are extracted in ``workers`` processes (0: chosen by the batch's
    size and the cores, see :func:`pipeline.run.worker_count`) and saved in input
    order, each in its own transaction. A file is extracted from the bytes its
    sha256 was computed from (up to ``settings.held_bytes`` of a batch; past that
    a worker reads the file again).
    """
    results: list[FileResult] = []

    def report(result: FileResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    todo: list[Job] = []
    held = 0
    for path in iter_input_files(paths):
        known = _stored(path, store, root, reextract, settings)
        if isinstance(known, FileResult):
            report(known)
        elif held + len(known.data) <= settings.held_bytes:
            todo.append(known)
            held += len(known.data)
        else:
            todo.append(path)
    for path, extracted in extract_many(todo, workers, settings):
        report(_save(path, extracted, store, root))
    return results


def gone(folders: Iterable[str | os.PathLike[str]], store: Store, root: Path | None = None) -> list[str]:
    """Stored paths under these folders (as the store names them) whose files no longer exist."""
    out = []
    for folder in folders:
        path = Path(folder)
        if not path.is_dir():
            continue
        prefix = source_key(path, root).rstrip("/") + "/"
        base = root.resolve() if root else Path("/")
        out += [p for p in store.document_sources() if (p.startswith(prefix) or prefix == "./")
                and not (base / p).exists()]
    return sorted(set(out))
