"""Tables as grids of cells: what the PDF, Word and OCR readers hand to the record builder.

Every layout reader (ruled or borderless PDF via pdfplumber/camelot, .docx via
python-docx, scanned pages via Tesseract) turns a document into a list of
:class:`Grid` objects, one per table fragment in reading order (a table that
spans three pages is three grids). :mod:`extractors.grid_records` then does
what is common to all of them: header mapping, dropping repeated headers,
stitching rows continued across a page break, carrying section and priority
rows onto the rows below, applying vertically merged cells, reading RAG from
a cell's fill colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    text: str  # cell text, lines joined with "\n"
    fill: str | None = None  # background colour as "RRGGBB" hex, if the cell is shaded
    merged_from_above: bool = False  # a vertical merge continuation: the cell above spans into this row
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in page points, when known
    confidence: float | None = None  # OCR word confidence 0..100, when the text came from OCR


@dataclass
class Grid:
    """One table fragment: rows of cells, every row as wide as the grid."""

    rows: list[list[Cell]]
    page: int | None = None  # 1-based page it was found on
    index: int = 0  # 0-based table index in the document
    engine: str = ""  # what produced it: "pdfplumber-lines", "pdfplumber-text", "camelot-lattice", "docx", "ocr"...
    score: float | None = None  # the engine's quality score for this table, when it chose between engines
    header_rows: int | None = None  # rows that form the header, when the source says so (docx tblHeader)
    warnings: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)
