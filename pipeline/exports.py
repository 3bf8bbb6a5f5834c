"""Rows out to a file or stdout: CSV, TSV, JSON, NDJSON, XLSX, Parquet, or a plain table.

Every command's rows are dicts with one fixed column list. Lists stay lists in JSON, NDJSON and
Parquet, and become text joined by "; " in CSV, TSV, XLSX and tables; dates are ISO in text
formats and real dates in XLSX and Parquet. A file is written whole or not at all (a temp file
beside it, renamed into place).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

FORMATS = ("table", "csv", "tsv", "json", "ndjson", "xlsx", "parquet")
BINARY = ("xlsx", "parquet")
_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson",
             ".xlsx": "xlsx", ".parquet": "parquet", ".txt": "table"}
LIST_SEPARATOR = "; "

Row = dict[str, Any]


class ExportError(Exception):
    """A one-line reason an export cannot be written."""


def choose_format(name: str | None, output: Path | None) -> str:
    """The format asked for, else the one ``-o``'s suffix names, else a table."""
    if name:
        return name
    if output is None:
        return "table"
    try:
        return _SUFFIXES[output.suffix.lower()]
    except KeyError:
        raise ExportError(f"-o {output}: say which format with --format ({', '.join(FORMATS)})") from None


def write_rows(rows: Sequence[Row], columns: Sequence[str], fmt: str, output: Path | None = None) -> None:
    """Write ``rows`` (only ``columns``, in that order) in ``fmt`` to ``output``, else stdout."""
    if fmt in BINARY and output is None:
        raise ExportError(f"--format {fmt} writes a file: give -o FILE")
    writer = _WRITERS[fmt]
    if output is None:
        writer(rows, columns, sys.stdout)
        return
    with replacing(output, binary=fmt in BINARY) as stream:
        writer(rows, columns, stream)


def write_json(data: Any, output: Path | None = None) -> None:
    """Any JSON-able data (dates as ISO), indented, to ``output`` or stdout."""
    if output is None:
        _dump_json(data, sys.stdout)
        return
    with replacing(output, binary=False) as stream:
        _dump_json(data, stream)


@contextmanager
def replacing(output: Path, binary: bool) -> Iterator[IO[Any]]:
    """A stream to a temp file beside ``output``, renamed over it once fully written."""
    try:
        fd, temp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    except OSError as exc:
        raise ExportError(f"-o {output}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as f:
            yield f
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(temp, output)
    except OSError as exc:
        raise ExportError(f"-o {output}: cannot write ({exc.strerror})") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def text_value(value: Any) -> str:
    """A value as one line of text: lists joined, dates ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(text_value(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _dump_json(data: Any, stream: IO[str]) -> None:
    json.dump(data, stream, indent=2, ensure_ascii=False, default=_json_default)
    stream.write("\n")


def _json(rows: Sequence[Row], columns: Sequence[str], stream: IO[str]) -> None:
    _dump_json([{c: row.get(c) for c in columns} for row in rows], stream)


def _ndjson(rows: Sequence[Row], columns: Sequence[str], stream: IO[str]) -> None:
    for row in rows:
        stream.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=_json_default) + "\n")


def _delimited(delimiter: str) -> Callable[[Sequence[Row], Sequence[str], IO[str]], None]:
    def write(rows: Sequence[Row], columns: Sequence[str], stream: IO[str]) -> None:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([text_value(row.get(c)) for c in columns] for row in rows)

    return write


def _plain_table(rows: Sequence[Row], columns: Sequence[str], stream: IO[str]) -> None:
    """Tab-separated, one line per row, nothing cut or wrapped: for pipes, `cut` and `column -t`."""
    def line(values: Sequence[str]) -> str:
        return "\t".join(" ".join(v.split()) for v in values) + "\n"

    stream.write(line(columns))
    for row in rows:
        stream.write(line([text_value(row.get(c)) for c in columns]))


def _xlsx(rows: Sequence[Row], columns: Sequence[str], stream: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float, date)):
            return value
        return ILLEGAL_CHARACTERS_RE.sub("", text_value(value))

    book = Workbook(write_only=True)
    sheet = book.create_sheet("rows")
    sheet.append(list(columns))
    for row in rows:
        sheet.append([cell(row.get(c)) for c in columns])
    buffer = io.BytesIO()  # openpyxl writes a zip: it needs a seekable file
    book.save(buffer)
    stream.write(buffer.getvalue())


def _parquet(rows: Sequence[Row], columns: Sequence[str], stream: IO[bytes]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if rows:
        data = pa.Table.from_pylist([{c: _parquet_value(row.get(c)) for c in columns} for row in rows])
    else:
        data = pa.table({c: pa.array([], pa.string()) for c in columns})
    pq.write_table(data, stream)


def _parquet_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value


_WRITERS: dict[str, Callable[[Sequence[Row], Sequence[str], Any], None]] = {
    "table": _plain_table, "csv": _delimited(","), "tsv": _delimited("\t"), "json": _json, "ndjson": _ndjson,
    "xlsx": _xlsx, "parquet": _parquet,
}
