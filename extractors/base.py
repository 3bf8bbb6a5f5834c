"""What every reader shares: the source file read once, and the error type."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from extractors.settings import SETTINGS, Settings


class Failure(StrEnum):
    """Why a file has no records, as a run's summary counts failures: the kind each raiser names."""

    PASSWORD = "password-protected"
    TIMED_OUT = "timed out"
    TOO_LARGE = "too large"
    UNREADABLE = "not a readable file"
    DATABASE = "database"
    DAMAGED_PDF = "damaged PDF"
    DAMAGED_OFFICE = "damaged Office file"
    READER = "reader failure"
    EMPTY = "empty file"
    NOT_A_PLAN = "not a plan"


class ExtractionError(Exception):
    """A file cannot be turned into records. The message is one line naming the cause; ``kind`` its kind."""

    def __init__(self, message: str, kind: Failure) -> None:
        super().__init__(message)
        self.kind = kind

    def __reduce__(self) -> tuple[type, tuple[str, Failure]]:  # sent back from a worker: the kind goes too
        return type(self), (str(self), self.kind)


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))  # UTF-32-LE's mark starts with UTF-16-LE's
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _unreadable(path: Path, exc: OSError) -> ExtractionError:
    if exc.errno == errno.ELOOP:
        return ExtractionError("cannot read file: a loop of symbolic links", Failure.UNREADABLE)
    if exc.errno == errno.ENOENT and path.is_symlink():
        return ExtractionError("cannot read file: a symbolic link to nothing (dangling)", Failure.UNREADABLE)
    return ExtractionError(f"cannot read file: {exc.strerror or exc}", Failure.UNREADABLE)


_BINARY = ((b"%PDF-", "a damaged PDF (no PDF reader could open it)", Failure.DAMAGED_PDF),
           (b"PK\x03\x04", "a damaged Word or Excel file (a ZIP package no reader could open)", Failure.DAMAGED_OFFICE),
           (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls), not a plan export", Failure.DAMAGED_OFFICE))


def _binary_error(data: bytes) -> ExtractionError:
    """What binary content looks like, as the one-line cause of a file no reader took."""
    if data.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in data:
        return ExtractionError("password-protected Office file (encrypted package)", Failure.PASSWORD)
    what = next(((name, kind) for magic, name, kind in _BINARY if magic in data[:1024]), None)
    if what:
        return ExtractionError(f"binary content: {what[0]}", what[1])
    return ExtractionError("binary content, not a text export", Failure.NOT_A_PLAN)


def _wide_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes of mostly-ASCII text fall."""
    zeros = [head[i::4].count(0) / max(1, len(head[i::4])) for i in range(4)]
    wide = {"utf-32-le": (1, 2, 3), "utf-32-be": (0, 1, 2), "utf-16-le": (1, 3), "utf-16-be": (0, 2)}
    for encoding, positions in wide.items():
        if all(zeros[i] > 0.7 for i in positions) and all(zeros[i] < 0.3 for i in range(4) if i not in positions):
            return encoding
    return None


def _cut_blank_runs(text: str, longest: int) -> str:
    """Runs of spaces or tabs cut to ``longest``: a run of a million tabs holds no more than a thousand do,
    and a pattern scanning a run from each of its positions costs the square of its length."""
    for blank in " \t":
        if blank * (longest + 1) in text:
            text = re.sub(f"(?<!{blank}){blank}{{{longest + 1},}}+", blank * longest, text)
    return text


@dataclass
class SourceFile:
    """A file read once: its bytes, its sha256, and its text decoded on demand; ``limits`` caps both."""

    path: Path
    data: bytes = field(repr=False)
    limits: Settings = field(default=SETTINGS, repr=False)

    @classmethod
    def read(cls, path: str | Path, limits: Settings = SETTINGS) -> "SourceFile":
        """The file's bytes; ExtractionError for anything but a readable regular file within ``max_file_bytes``
        (opened without blocking, so a named pipe is refused instead of waited on)."""
        path = Path(path)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError as exc:
            raise _unreadable(path, exc) from exc
        with os.fdopen(fd, "rb") as file:
            mode, size = os.fstat(fd).st_mode, os.fstat(fd).st_size
            if not stat.S_ISREG(mode):
                kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
                raise ExtractionError(f"not a regular file: {kind}", Failure.UNREADABLE)
            if size > limits.max_file_bytes:
                raise ExtractionError(f"file too large: {size:,} bytes, over the limit of "
                                      f"{limits.max_file_bytes:,} (max_file_bytes)", Failure.TOO_LARGE)
            try:
                data = file.read(limits.max_file_bytes + 1)
            except OSError as exc:
                raise _unreadable(path, exc) from exc
        if len(data) > limits.max_file_bytes:  # grew while read
            raise ExtractionError(f"file too large: over the limit of {limits.max_file_bytes:,} bytes (max_file_bytes)",
                                  Failure.TOO_LARGE)
        return cls(path=path, data=data, limits=limits)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def text(self) -> str:
        """The file as text, by its byte-order mark, else UTF-16/32 or binary where zero bytes are, else UTF-8,
        Windows-1252 (Windows exports often are), Latin-1; ExtractionError for binary, oversized, undecodable."""
        if not self.data.strip():
            raise ExtractionError("file is empty", Failure.EMPTY)
        if len(self.data) > self.limits.max_text_bytes:
            raise ExtractionError(f"too large for a text export: {len(self.data):,} bytes, over the limit of "
                                  f"{self.limits.max_text_bytes:,} (max_text_bytes)", Failure.TOO_LARGE)
        encodings: tuple[str, ...] = ("utf-8", "cp1252", "latin-1")
        data = self.data
        bom = next(((mark, name) for mark, name in _BOMS if data.startswith(mark)), None)
        if bom:
            data, encodings = data[len(bom[0]):], (bom[1],)
        elif b"\x00" in data[:4096]:
            wide = None if data.startswith(tuple(magic for magic, _, _ in _BINARY)) else _wide_encoding(data[:4096])
            if not wide:
                raise _binary_error(data)
            encodings = (wide,)
        for encoding in encodings:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return _cut_blank_runs(text.replace("\r\n", "\n").replace("\r", "\n"), self.limits.max_blank_run)
        raise ExtractionError(f"undecodable text: not valid {encodings[0].upper()}", Failure.NOT_A_PLAN)
