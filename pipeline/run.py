"""One file through the pure stages: read -> detect -> extract -> normalise -> tag themes.

A batch runs in worker processes that nothing a file holds can take down with it: any exception
becomes the file's one-line cause, a worker past ``file_seconds`` or killed (out of memory, a crash
in a C library) is ended and replaced, and each worker's memory is capped by ``worker_memory`` (address space)
and ``worker_resident`` (what it holds, looked at while it reads).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import version
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from extractors.base import ExtractionError, Failure, SourceFile
from extractors.detect import extract, load_office_readers
from extractors.readers import pdf
from extractors.settings import SETTINGS, Settings
from models.records import Document
from pipeline.authorities import authority_index
from pipeline.normaliser import normalise
from pipeline.themes import default_tagger, tag_document
from pipeline.workers import available_cores, worker_count

# Extensions picked up when walking a folder; a file named explicitly is always tried.
DOCUMENT_SUFFIXES = {".txt", ".md", ".tsv", ".csv", ".text", ".pdf", ".docx", ".xlsx", ".html", ".htm"}
_KINDS = ((b"%PDF-", "PDF", Failure.DAMAGED_PDF), (b"PK\x03\x04", "Word or Excel file", Failure.DAMAGED_OFFICE),
          (b"\xd0\xcf\x11\xe0", "Office file", Failure.DAMAGED_OFFICE))

Result = Document | ExtractionError
Job = Path | SourceFile  # a file a worker reads, or one already read (its bytes go to the worker)


def extractor_version() -> str:
    """Which extraction made a document's records: this package's version and extraction path.

    Stored with each document; ``actionplans ingest --reextract`` re-extracts documents whose version differs.
    """
    return f"{version('actionplans')}/layout"


def extract_source(source: SourceFile, settings: Settings = SETTINGS) -> Document:
    """Normalised document from an already-read file; raises ExtractionError."""
    return tag_document(normalise(extract(source, settings)), default_tagger())


def extract_file(path: Path, settings: Settings = SETTINGS) -> Document:
    """Normalised document from a path; raises ExtractionError with a one-line cause."""
    return extract_source(SourceFile.read(path, settings), settings)


def failure(path: Path, exc: Exception) -> ExtractionError:
    """Any exception raised while reading ``path`` as its one-line cause, naming the kind of file it broke on."""
    if isinstance(exc, ExtractionError):
        return exc
    if isinstance(exc, MemoryError):
        return ExtractionError("too large: reading it needs more memory than the limit (worker_memory)", Failure.TOO_LARGE)
    if isinstance(exc, RecursionError):
        return ExtractionError("too deeply nested to read", Failure.READER)
    try:
        with open(path, "rb") as file:
            head = file.read(1024)
    except OSError:
        head = b""
    lines = str(exc).strip().splitlines()
    detail = f"{type(exc).__name__}: {lines[0][:200]}" if lines else type(exc).__name__
    for magic, name, kind in _KINDS:
        if magic in head:
            return ExtractionError(f"damaged {name}: {detail}", kind)
    return ExtractionError(f"cannot be read ({detail})", Failure.READER)


def text_name(path: str | os.PathLike[str]) -> str:
    """A file name as text that any output can hold: bytes that are not UTF-8 as ``\\xNN`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _path(job: Job) -> Path:
    return job.path if isinstance(job, SourceFile) else job


def _extract_or_error(job: Job, settings: Settings) -> Result:
    path = _path(job)
    try:
        document = extract_source(job, settings) if isinstance(job, SourceFile) else extract_file(job, settings)
        document.source = text_name(document.source)
        return document
    except Exception as exc:  # whatever a file makes a library raise is that file's failure, not the batch's
        return failure(path, exc)


def _resident(pid: int) -> int:
    """Resident bytes of a process and its descendants (a worker and the tesseract it runs), from /proc; 0 without."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += map(int, children.read().split())
        except (OSError, ValueError):  # ended meanwhile, or no /proc
            continue
    return total


def _cap_memory(extra: int) -> None:
    """Let this process grow by ``extra`` bytes of address space past what it holds now (forked, it holds much)."""
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = size + extra
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


@dataclass(frozen=True)
class _LogLine:
    """A line a reader logged in a worker (how far a long scan has got), logged again by the main process."""

    name: str
    level: int
    message: str


class _PipeHandler(logging.Handler):
    """Sends a worker's log lines up its pipe, between the results, so that they reach the main process's
    handlers (the command line's console) and never write over its progress bar."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(logging.INFO)
        self.conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.conn.send(_LogLine(record.name, record.levelno, record.getMessage()))
        except Exception:  # noqa: BLE001 - a line that cannot be sent is lost, the file goes on
            self.handleError(record)


def _serve(conn: Connection, settings: Settings) -> None:
    """A worker: read jobs (paths or files read) from ``conn``, send back each one's result, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    readers = logging.getLogger("extractors")  # lines at the level the main process listens at go to it
    readers.setLevel(readers.getEffectiveLevel())
    readers.handlers, readers.propagate = [_PipeHandler(conn)], False
    try:
        _cap_memory(settings.worker_memory)
    except (OSError, ValueError):
        pass  # no /proc or no RLIMIT_AS: timeouts still bound the file
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        result = _extract_or_error(job, settings)
        try:
            conn.send(result)
        except Exception as exc:  # a result that cannot be pickled
            conn.send(failure(_path(job), exc))


class _Worker:
    """One worker process and the file it is reading (its index in the batch), if any."""

    def __init__(self, context: multiprocessing.context.BaseContext, settings: Settings) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_serve, args=(child, settings), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()
        self.index: int | None = None
        self.deadline = 0.0

    def give(self, index: int, job: Job, seconds: float) -> None:
        self.index, self.deadline = index, time.monotonic() + seconds
        self.conn.send(job)

    def end(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()

    def death(self) -> ExtractionError:
        """Why the worker died mid-file, by the signal that ended it."""
        self.process.join(5)
        if self.process.is_alive():  # closed its end of the pipe yet runs on: ended like one stuck
            self.process.kill()
            self.process.join()
        code = self.process.exitcode or 0
        if code == -signal.SIGKILL:
            return ExtractionError("too large: the reader was killed, out of memory", Failure.TOO_LARGE)
        name = signal.Signals(-code).name if code < 0 else f"exit code {code}"
        return ExtractionError(f"the reader crashed on this file ({name})", Failure.READER)


def _size(job: Job) -> int:
    if isinstance(job, SourceFile):
        return len(job.data)
    try:
        return job.stat().st_size
    except OSError:  # the worker's reading says what is wrong with it
        return 0


def _preload(jobs: Sequence[Job]) -> None:
    """Import before forking the readers that every file but a PDF is tried with (lxml, openpyxl: a third of
    a second), so that the workers share one import instead of each making its own."""
    if any(not pdf.accepts(job.data) if isinstance(job, SourceFile) else job.suffix.lower() != ".pdf"
           for job in jobs):
        load_office_readers()


def extract_many(jobs: Sequence[Job], workers: int = 0,
                 settings: Settings = SETTINGS) -> Iterator[tuple[Path, Result]]:
    """Each file's document, or the ExtractionError saying why it has none, in input order.

    Files are extracted in worker processes (``workers``; 0: :func:`pipeline.workers.worker_count` chooses),
    one file at a time each, the pages of a scan in threads on the cores no other worker takes (at most
    ``settings.ocr_threads``): a path goes out, or a file already read (its bytes, so it is not read twice),
    and a result (and the readers' log lines, logged again here) comes back, so the caller (the store) stays
    single-threaded. A file that takes longer than ``settings.file_seconds`` has its worker ended and is reported.
    """
    if not jobs:
        return
    count = worker_count([_size(job) for job in jobs], workers, settings)
    # Cores no worker takes read a scan's pages in threads: a single long scan gets them all, while a batch
    # with a worker on every core reads each scan a page at a time (more threads would only hold more images).
    settings = replace(settings, ocr_threads=max(1, min(settings.ocr_threads, available_cores() // count)))
    # Forked workers inherit the theme tagger built here, and need no "if __name__ == '__main__'" guard
    # in the caller's script (spawn and forkserver do). What they run takes no lock another thread of
    # this process may hold: nothing prints, and OpenCV runs single-threaded.
    default_tagger()
    authority_index()  # built once here, not again in each worker (nor in one replacing a worker ended)
    if count > 1:
        _preload(jobs)
    if "cv2" in sys.modules:  # OpenCV already loaded here: set up the OCR reader's (one thread) before forking,
        import extractors.readers.ocr  # noqa: F401  (a child doing it after the fork can hang)
    context = multiprocessing.get_context("fork")
    pool = [_Worker(context, settings) for _ in range(count)]
    todo = iter(enumerate(jobs))
    results: dict[int, Result] = {}
    shown = 0
    try:
        for worker in pool:
            _next(worker, todo, settings)
        while shown < len(jobs):
            busy = [w for w in pool if w.index is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], min(timeout, settings.memory_poll_seconds))
            for n, worker in enumerate(pool):
                if worker.index is None:
                    continue
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        results[worker.index] = worker.death()
                    else:
                        if isinstance(message, _LogLine):
                            logging.getLogger(message.name).log(message.level, "%s", message.message)
                            continue
                        results[worker.index], worker.index = message, None
                elif time.monotonic() >= worker.deadline:
                    results[worker.index] = ExtractionError(
                        f"took longer than {settings.file_seconds:g} s to read (limit file_seconds)", Failure.TIMED_OUT)
                elif _resident(worker.process.pid) > settings.worker_resident:
                    results[worker.index] = ExtractionError(
                        f"too large: reading it holds more than {settings.worker_resident:,} bytes (limit worker_resident)",
                        Failure.TOO_LARGE)
                else:
                    continue
                if worker.index is not None:  # dead or stuck: ended, and a fresh one takes its place
                    worker.end()
                    worker = pool[n] = _Worker(context, settings)
                _next(worker, todo, settings)
            while shown in results:
                yield _path(jobs[shown]), results.pop(shown)
                shown += 1
    finally:
        for worker in pool:
            worker.end()


def _next(worker: _Worker, todo: Iterator[tuple[int, Job]], settings: Settings) -> None:
    for index, job in todo:
        worker.give(index, job, settings.file_seconds)
        return


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and documents found recursively in folders named, in a stable order.

    A folder walk enters no linked folder and takes a linked file only if it lies inside the folder (a
    loop or a dangling link does: the reader refuses it in one line); anything named is passed on as named.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = os.path.realpath(path) + os.sep
            found = []
            for folder, dirs, files in os.walk(path):  # os.walk follows no symlinked folder by default
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(folder, name) for name in files
                          if not name.startswith(".") and Path(name).suffix.lower() in DOCUMENT_SUFFIXES
                          and os.path.realpath(os.path.join(folder, name)).startswith(inside)]
            yield from sorted(found)
        else:
            yield path
