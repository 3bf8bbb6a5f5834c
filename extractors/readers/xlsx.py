"""Excel (.xlsx, .xlsm): each visible sheet as one table over its used range, as Excel shows it.

Values are rendered by their number format; fills and font colours resolved from RGB, the palette or a
theme colour with a tint. A sheet's title block (the lines above the first row with two or more filled
cells) and the notes under its last such row become blocks around the table; frozen or print-title
rows are the header the sheet marks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

import openpyxl
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils.cell import coordinate_to_tuple

from extractors.base import ExtractionError, Failure, SourceFile
from extractors.layout import Block, Cell, Glyph, Layout, Table, grid
from extractors.readers import colours, numfmt, ooxml
from extractors.readers.marks import GLYPHS, symbol
from extractors.readers.common import cause, finish
from extractors.settings import SETTINGS, Settings

NAME = "xlsx"
_MAIN = "xl/workbook.xml"


def accepts(data: bytes) -> bool:
    return ooxml.accepts(data, _MAIN)


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    layout = ooxml.package_layout(source, _MAIN, "Excel", NAME, settings)
    try:
        book = openpyxl.load_workbook(io.BytesIO(source.data), data_only=True)
        styles = _Styles(book, settings)
        for sheet in book.worksheets:
            if sheet.sheet_state == "visible":
                _sheet(sheet, styles, layout, settings)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, TypeError, XML errors for broken parts
        raise ExtractionError(f"Excel workbook cannot be read: {cause(exc)}", Failure.DAMAGED_OFFICE) from exc
    return finish(layout, "Excel workbook has no visible cell with content")


@dataclass(frozen=True)
class _Look:
    """What a cell style draws: background, text colour, weight, font and size."""

    fill: str | None
    colour: str | None
    bold: bool
    font: str | None
    size: float | None


class _Styles:
    """A workbook's formatting, each cell style resolved once: palette index, theme colours and tints."""

    def __init__(self, book, settings: Settings) -> None:
        self.indexed = list(getattr(book, "_colors", None) or COLOR_INDEX)  # openpyxl keeps a custom palette here
        self.theme = colours.theme_palette(book.loaded_theme)
        self.settings = settings
        self._looks: dict[int, _Look] = {}

    def look(self, source) -> _Look:
        if source.style_id not in self._looks:
            font, fill = source.font, source.fill
            background = self._rgb(fill.fgColor) if getattr(fill, "fill_type", None) == "solid" else None
            self._looks[source.style_id] = _Look(colours.fill(background),
                                                 colours.ink(self._rgb(font.color), self.settings),
                                                 bool(font.b), font.name, font.sz)
        return self._looks[source.style_id]

    def _rgb(self, color) -> str | None:
        """An openpyxl Color as "RRGGBB" (None for automatic and the system colours 64 and 65)."""
        if color is None:
            return None
        value = None
        if color.type == "rgb" and isinstance(color.rgb, str):
            value = colours.hex6(color.rgb)
        elif color.type == "indexed" and 0 <= color.indexed < len(self.indexed):
            value = colours.hex6(self.indexed[color.indexed])
        elif color.type == "theme" and 0 <= color.theme < len(self.theme):
            value = self.theme[color.theme]
        return colours.tinted(value, color.tint or 0.0) if value else None


def _sheet(sheet, styles: _Styles, layout: Layout, settings: Settings) -> None:
    """The sheet's title block, its table and the notes under it, into ``layout``."""
    for size, cap, what in ((sheet.max_row, settings.max_sheet_rows, "rows"),
                            (sheet.max_column, settings.max_sheet_columns, "columns")):
        if size > cap:
            layout.warnings.append(f"sheet {sheet.title!r}: {what} after the first {cap} not read")
    rows, numbers, sizes = _shown_rows(sheet, styles, settings)
    filled = [len({id(cell) for cell in row if cell.text}) for row in rows]
    wide = [i for i, count in enumerate(filled) if count >= 2]
    first, last = (wide[0], wide[-1] + 1) if wide else (len(rows), len(rows))
    layout.items.extend(_block(row, sizes, settings) for row in rows[:first])
    if wide:
        marked = _header_mark(sheet)
        header = sum(1 for n in numbers[first:last] if n <= marked)
        layout.items.append(Table(rows=grid(rows[first:last]), engine=NAME, name=sheet.title,
                                  header_rows=header if 0 < header < last - first else None))
    layout.items.extend(_block(row, sizes, settings) for row in rows[last:])


_Rows = tuple[list[list[Cell]], list[int], dict[int, float | None]]


def _shown_rows(sheet, styles: _Styles, settings: Settings) -> _Rows:
    """The rows a reader sees (visible, not empty), merged ranges as shared cells; each row's sheet row
    number; the font size of each cell."""
    last_row, last_col = min(sheet.max_row, settings.max_sheet_rows), min(sheet.max_column, settings.max_sheet_columns)
    hidden_cols = {c for dim in sheet.column_dimensions.values() if dim.hidden
                   for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1)}
    hidden_rows = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
    origin = {(r, c): (merge.min_row, merge.min_col) for merge in sheet.merged_cells.ranges
              for r in range(merge.min_row, min(merge.max_row, last_row) + 1)
              for c in range(merge.min_col, min(merge.max_col, last_col) + 1)}
    made: dict[tuple[int, int], Cell] = {}
    sizes: dict[int, float | None] = {}

    def cell_at(key: tuple[int, int]) -> Cell:  # a merged range's one cell, made once
        if key not in made:
            look = styles.look(sheet.cell(*key))
            made[key] = _cell(sheet.cell(*key), look, settings)
            sizes[id(made[key])] = look.size
        return made[key]

    columns = [c for c in range(1, last_col + 1) if c not in hidden_cols]
    shown = ((r, [cell_at(origin.get((r, c), (r, c))) for c in columns])
             for r in range(1, last_row + 1) if r not in hidden_rows)
    kept = [(r, row) for r, row in shown if any(cell.text for cell in row)]
    return _without_empty_columns([row for _, row in kept]), [r for r, _ in kept], sizes


def _without_empty_columns(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Columns with no text and no fill in any row left out (styled but unused columns, spacers)."""
    if not rows:
        return rows
    keep = [c for c, column in enumerate(zip(*rows)) if any(cell.text or cell.fill for cell in column)]
    return [[row[c] for c in keep] for row in rows]


def _cell(source, look: _Look, settings: Settings) -> Cell:
    text = symbol(look.font, numfmt.render(source.value, source.number_format, settings))
    colour = look.colour if text else None
    return Cell(text=text, fill=look.fill, colour=colour, bold=look.bold and bool(text),
                glyphs=tuple(Glyph(ch, colour) for ch in text if ch in GLYPHS))


def _block(row: Iterable[Cell], sizes: dict[int, float | None], settings: Settings) -> Block:
    """A title-block or notes line: the row's one filled cell (or its cells' text, in order)."""
    cells = list({id(cell): cell for cell in row if cell.text}.values())
    size = max((sizes.get(id(cell)) or 0.0 for cell in cells), default=0.0) or None
    bold = all(cell.bold for cell in cells)
    heading = bold or (size or 0.0) >= settings.sheet_heading_size
    return Block(text="\n".join(cell.text for cell in cells), kind="heading" if heading else "paragraph",
                 level=1 if heading else 0, size=size, bold=bold)


def _header_mark(sheet) -> int:
    """The last sheet row the sheet marks as header: frozen above the split, or printed atop every page."""
    marks = [0]
    if sheet.freeze_panes:
        marks.append(coordinate_to_tuple(sheet.freeze_panes)[0] - 1)
    if sheet.print_title_rows:
        marks.extend(int(n) for n in re.findall(r"\d+", sheet.print_title_rows)[-1:])
    return max(marks)
