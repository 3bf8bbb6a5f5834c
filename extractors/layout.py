"""The layout model: what every reader produces (knowing nothing of action plans) and the builder reads.

A cell covering several slots of its grid (a merged cell, a rowspan or colspan, a row printed across
the table) is one :class:`Cell` object placed in every slot it covers: ``rows[r][c] is rows[r + 1][c]``
is a vertical merge, and ``cell.row``/``cell.col`` name its top-left slot.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left


@dataclass(frozen=True)
class Glyph:
    """A mark in a cell that is not a letter: a coloured dot, a tick, a triangle, a star."""

    symbol: str  # the character printed ("●", "✓", "▲"), or "dot" for a drawn shape
    colour: str | None = None  # "RRGGBB" of the mark


@dataclass(eq=False)
class Cell:
    """One cell as the source draws it; spanning cells are shared by the slots they cover."""

    text: str = ""  # lines joined with "\n", bullets and numbers as printed
    row: int = 0  # top-left slot
    col: int = 0
    rowspan: int = 1
    colspan: int = 1
    bbox: BBox | None = None
    fill: str | None = None  # background "RRGGBB"; None for white or none
    colour: str | None = None  # text colour "RRGGBB" when the text is coloured (not black or grey)
    bold: bool = False
    glyphs: tuple[Glyph, ...] = ()
    tops: tuple[float, ...] | None = None  # vertical position of each text line, when the source has geometry
    confidence: float | None = None  # OCR word confidence 0..100
    page: int | None = None  # 1-based page it is printed on (where it begins)
    line: int | None = None  # 1-based line of a text source


@dataclass(eq=False)
class Table:
    """A grid of cells; every row is as wide as the table (empty slots hold empty cells)."""

    rows: list[list[Cell]]
    page: int | None = None  # 1-based page of its first row
    index: int = 0  # 0-based table number in the document
    engine: str = ""  # what found it: "tab", "markdown", "docx", "xlsx", "html", "pdf-ruled", "pdf-aligned", "ocr"...
    header_rows: int | None = None  # rows the source marks as the header (docx tblHeader, html thead)
    bbox: BBox | None = None
    name: str | None = None  # sheet name, caption

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def origins(self, r: int) -> list[Cell]:
        """The cells that start in row ``r``, left to right (a cell merged from above is not one)."""
        row = self.rows[r]
        return [cell for c, cell in enumerate(row) if cell.row == r and (c == 0 or row[c - 1] is not cell)]


@dataclass(eq=False)
class Block:
    """Prose: a heading, paragraph, list item, or a bare line of text."""

    text: str
    kind: str = "line"  # heading | paragraph | item | line
    level: int = 0  # heading level (1 most prominent) or list depth
    page: int | None = None
    line: int | None = None  # 1-based line of a text source
    bbox: BBox | None = None
    size: float | None = None  # font size in points
    bold: bool = False


@dataclass
class Layout:
    """One document as read: tables and prose in reading order, plus what the file says of itself."""

    source: str
    sha256: str
    reader: str  # the reader's name: "delimited", "flattened", "plain", "pdf", "docx", "xlsx", "html"
    items: list[Table | Block] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # file properties (title, created): estimates only
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [item for item in self.items if isinstance(item, Table)]

    def blocks(self) -> list[Block]:
        return [item for item in self.items if isinstance(item, Block)]


def grid(rows: list[list[Cell | None]]) -> list[list[Cell]]:
    """Rows padded to one width with empty cells; a cell object repeated over adjacent slots is one
    spanning cell, told its first slot (``row``/``col``) and its extent (``rowspan``/``colspan``)."""
    width = max((len(row) for row in rows), default=0)
    out = [[cell if cell is not None else Cell() for cell in row] + [Cell() for _ in range(width - len(row))]
           for row in rows]
    seen: dict[int, Cell] = {}
    for r, row in enumerate(out):
        for c, cell in enumerate(row):
            if id(cell) not in seen:
                seen[id(cell)] = cell
                cell.row, cell.col, cell.rowspan, cell.colspan = r, c, 1, 1
            else:
                cell.rowspan = max(cell.rowspan, r - cell.row + 1)
                cell.colspan = max(cell.colspan, c - cell.col + 1)
    return out


def iter_cells(table: Table) -> Iterator[Cell]:
    """Each distinct cell once, in reading order."""
    return iter({id(cell): cell for row in table.rows for cell in row}.values())
