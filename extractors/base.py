"""What every reader shares: the source file read once, and the error type."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


class ExtractionError(Exception):
    """A file cannot be turned into records. The message is one line naming the cause."""


@dataclass
class SourceFile:
    """A file read once: its bytes, its sha256, and its text decoded on demand."""

    path: Path
    data: bytes = field(repr=False)

    @classmethod
    def read(cls, path: str | Path) -> "SourceFile":
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
        return cls(path=path, data=data)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def text(self) -> str:
        """The file as text; raises ExtractionError for binary content.

        Windows exports are often cp1252, so that is tried after UTF-8.
        """
        if not self.data.strip():
            raise ExtractionError("file is empty")
        if b"\x00" in self.data[:4096]:
            raise ExtractionError("binary content, not a text export")
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = self.data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return text.replace("\r\n", "\n").replace("\r", "\n")
        raise ExtractionError("undecodable text (neither UTF-8 nor Windows-1252)")
