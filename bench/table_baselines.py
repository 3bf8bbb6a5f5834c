"""Two naive yardsticks for PDF and Word plans: an off-the-shelf table reader plus the keyword map.

- ``pdfplumber``: ``page.extract_tables()`` on every page;
- ``camelot``: ``read_pdf(pages="all", flavor="lattice")``, or ``"stream"``
  when lattice finds no table (a borderless plan has no rules to follow).

Either way the rows go, table after table, through the same
:func:`bench.naive_baseline.rows_to_actions` the text baseline uses: the
latest header row maps the columns, every row with an action cell is one
action, nothing is stitched across rows or pages and no shading is read.
A Word file has its tables already, so python-docx's rows stand in for both.
A scanned PDF has no text layer and gives no actions, which is the point:
it measures what the pipeline's OCR adds.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.naive_baseline import rows_to_actions

Row = list[str | None]
Baseline = Callable[[Path], list[dict[str, Any]]]
DOCX_SUFFIX = ".docx"


def _pdfplumber_rows(path: Path) -> Iterator[Row]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                yield from table


def _camelot_rows(path: Path) -> Iterator[Row]:
    import camelot

    with warnings.catch_warnings():  # camelot warns for every page without a table
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(path), pages="all", flavor="lattice")
        if tables.n == 0:
            tables = camelot.read_pdf(str(path), pages="all", flavor="stream")
    for table in tables:
        yield from table.df.values.tolist()


def _docx_rows(path: Path) -> Iterator[Row]:
    """Every row of every top-level table; a merged cell repeats its text in each grid cell it covers."""
    import docx

    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            yield [cell.text for cell in row.cells]


def _actions(path: Path, pdf_rows: Callable[[Path], Iterator[Row]]) -> list[dict[str, Any]]:
    """Rows from the file's reader, mapped to actions; a file the reader cannot open gives [].

    Any exception counts: the third-party readers raise their own types (pdfminer's
    PDFSyntaxError for an HTML page saved as .pdf, zipfile errors, ...), and a naive
    system that crashes has simply found nothing.
    """
    rows = _docx_rows if path.suffix.lower() == DOCX_SUFFIX else pdf_rows
    try:
        return rows_to_actions(rows(path))
    except Exception:  # noqa: BLE001 - see the docstring
        return []


def pdfplumber_actions(path: Path) -> list[dict[str, Any]]:
    """The pdfplumber baseline (python-docx for a .docx)."""
    return _actions(path, _pdfplumber_rows)


def camelot_actions(path: Path) -> list[dict[str, Any]]:
    """The camelot baseline (python-docx for a .docx)."""
    return _actions(path, _camelot_rows)


TABLE_BASELINES: dict[str, Baseline] = {"pdfplumber": pdfplumber_actions, "camelot": camelot_actions}
TABLE_SUFFIXES = {".pdf", DOCX_SUFFIX}  # files these baselines read instead of the text one
