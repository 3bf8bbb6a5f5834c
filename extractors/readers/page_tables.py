"""Tables and text lines from what a page draws: words, rules and filled shapes.

Shared by the PDF text layer and by OCR, so that a scan and the PDF it was
printed from are read by one method:

* **ruled tables**: rules snapped and joined, intersections, cells and
  tables by pdfplumber's own lattice functions (``merge_edges`` ...
  ``cells_to_tables``); a cell spanning several slots of the lattice is one
  Cell placed in each;
* **aligned tables** (borderless, a rule only under the header, zebra
  shading): a line of phrases naming three fields through the one header map
  sets the columns; column boundaries sit in the gaps the rows below leave
  free; rows are the bands between rules or shaded stripes, else lines apart
  by more than the line spacing. A page with no header of its own carries on
  the columns of the table above it (a table continued over a page break);
* everything else is a line of text, in reading order with the tables.

A cell gets its text (lines joined with "\\n" and each line's position), the
fill under it, its text colour and boldness, and the marks drawn in it
(symbol characters, small filled shapes).
"""

from __future__ import annotations

import bisect
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from extractors.headers import map_headers, names_fields
from extractors.layout import Block, Cell, Glyph, Table, grid
from extractors.readers.pdf_objects import PageObjects, Shape, Word
from extractors.settings import SETTINGS, Settings
from extractors.vocabulary import BULLET_CHARS


@dataclass
class Columns:
    """An aligned table's column boundaries (points): column i spans bounds[i]..bounds[i + 1]."""

    bounds: list[float]

    def of(self, x: float) -> int:
        return max(0, min(len(self.bounds) - 2, sum(x >= b for b in self.bounds[1:-1])))


Line = list[Word]


def text_lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines by their vertical overlap, each line left to right, top to bottom."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        line = next((ln for ln in reversed(lines[-3:]) if ln[0].top <= middle <= ln[0].bottom), None)
        if line is None:
            lines.append([word])
        else:
            line.append(word)
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def phrases(line: Line, settings: Settings = SETTINGS) -> list[Line]:
    """A line's words grouped into phrases: a gap wider than about a space and a half splits them."""
    out: list[Line] = []
    for word in line:
        if out and word.x0 - out[-1][-1].x1 <= settings.phrase_gap * word.size:
            out[-1].append(word)
        else:
            out.append([word])
    return out


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _line_block(line: Line, page: int, number: int) -> Block:
    size = max(w.size for w in line)
    letters = sum(len(w.text) for w in line)
    bold = sum(len(w.text) for w in line if w.bold) * 2 > letters
    return Block(text=_text(line), page=page, line=number, bbox=_bbox(line), size=round(size, 1), bold=bold)


def _bbox(words: list[Word]) -> tuple[float, float, float, float]:
    return min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words)


# ---------------------------------------------------------------- cells


def _fill(shapes: list[Shape], box: tuple[float, float, float, float]) -> str | None:
    """The colour of the smallest box-like shape under the cell's centre that covers most of the cell."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    area = max((box[2] - box[0]) * (box[3] - box[1]), 1.0)
    under = [s for s in shapes if not s.curved and s.x0 <= x <= s.x1 and s.top <= y <= s.bottom
             and (s.x1 - s.x0) * (s.bottom - s.top) >= SETTINGS.min_fill_share * area]
    return min(under, key=lambda s: (s.x1 - s.x0) * (s.bottom - s.top)).fill if under else None


def _marks(shapes: list[Shape], box: tuple[float, float, float, float], size: float) -> list[Glyph]:
    """Small filled shapes inside a cell: dots and squares drawn as status marks."""
    limit = SETTINGS.max_mark_size * size
    return [Glyph("dot" if s.curved else "square", s.fill) for s in shapes
            if box[0] <= s.x0 and s.x1 <= box[2] and box[1] <= s.top and s.bottom <= box[3]
            and s.x1 - s.x0 <= limit and s.bottom - s.top <= limit]


def make_cell(words: list[Word], box: tuple[float, float, float, float], shapes: list[Shape],
              body_size: float, page: int) -> Cell:
    """A cell from the words inside it (grouped into lines) and the shapes under and in it."""
    lines = text_lines(words)
    letters = sum(len(w.text) for w in words) or 1
    colours = Counter(w.colour for w in words for _ in w.text)
    colour, count = colours.most_common(1)[0] if colours else (None, 0)
    glyphs = [Glyph(ch, w.colour) for w in words for ch in w.text if unicodedata.category(ch) in ("So", "Sm")]
    return Cell(
        text="\n".join(_text(line) for line in lines),
        bbox=box,
        fill=_fill(shapes, box),
        colour=colour if count * 2 > letters else None,
        bold=bool(words) and sum(len(w.text) for w in words if w.bold) * 2 > letters,
        glyphs=tuple(glyphs + _marks(shapes, box, body_size)),
        tops=tuple(round(line[0].top, 1) for line in lines) or None,
        page=page,
    )


# ---------------------------------------------------------------- ruled tables


def _lattice_boxes(edges: list[dict], settings: Settings) -> list[list[tuple[float, float, float, float]]]:
    tol = settings.snap_tolerance
    merged = merge_edges(edges, tol, tol, tol, tol)
    merged = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"])
              >= settings.min_rule_length]
    cells = intersections_to_cells(edges_to_intersections(_closed_at_breaks(merged, tol), tol, tol))
    return [t for t in cells_to_tables(cells) if len(t) >= 2]


def _closed_at_breaks(edges: list[dict], tol: float) -> list[dict]:
    """Edges with each horizontal rule carried to the vertical rules that end on its line: an office
    suite draws no border where a merged cell goes on over a page break, leaving that cell open."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    out = []
    for edge in edges:
        if edge["orientation"] == "h":
            ending = [v["x0"] for v in verticals if min(abs(v["top"] - edge["top"]), abs(v["bottom"] - edge["top"])) <= tol]
            if ending:
                edge = {**edge, "x0": min(edge["x0"], *ending), "x1": max(edge["x1"], *ending)}
                edge["width"] = edge["x1"] - edge["x0"]
        out.append(edge)
    return out


def _snap(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _slot(bounds: list[float], v: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def ruled_table(boxes: list[tuple[float, float, float, float]], page: PageObjects, words: list[Word],
                body: float, settings: Settings) -> Table | None:
    """A lattice's cells as a Table, or None when it is no table (one column, or one row)."""
    tol = settings.snap_tolerance
    xs = _snap([v for b in boxes for v in (b[0], b[2])], tol)
    ys = _snap([v for b in boxes for v in (b[1], b[3])], tol)
    if len(xs) < 3 or len(ys) < 3:
        return None
    slots: list[list[Cell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    owner: dict[int, list[Word]] = {}
    placed: list[tuple[tuple[float, float, float, float], list[Word]]] = []
    for box in boxes:
        placed.append((box, []))
    for word in words:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for index, (box, inside) in enumerate(placed):
            if box[0] <= x < box[2] and box[1] <= y < box[3]:
                inside.append(word)
                owner[id(word)] = inside
                break
    for box, inside in placed:
        cell = make_cell(inside, box, page.shapes, body, page.number)
        for r in range(_slot(ys, box[1]), _slot(ys, box[3])):
            for c in range(_slot(xs, box[0]), _slot(xs, box[2])):
                slots[r][c] = cell
    rows = grid(slots)
    if sum(len({id(c) for c in row}) > 1 for row in rows) < 2:
        return None
    words[:] = [w for w in words if id(w) not in owner]
    return Table(rows=rows, page=page.number, engine="ruled", bbox=(xs[0], ys[0], xs[-1], ys[-1]))


# ---------------------------------------------------------------- aligned tables


def _header_at(lines: list[Line], k: int, settings: Settings) -> list[Line] | None:
    """The phrases of a header starting at line k (one line, or two when its cells wrap), or None."""
    first = phrases(lines[k], settings)
    if len(first) < 3 or not names_fields([_text(p) for p in first]):
        return None
    header = _under_groups(first, lines[k + 1] if k + 1 < len(lines) else [], settings)
    if len(header) == len(first) and k + 2 < len(lines):  # the labels under a group after a wrapped cell's line
        below = _under_groups(first, lines[k + 2], settings)
        added = [p for p in below if p not in first]
        if sum(f is not None for f in map_headers([_text(p) for p in added])) >= 2:
            return below
    return header


def _under_groups(header: list[Line], below: Line, settings: Settings) -> list[Line]:
    """A two-row header: a group label ("Ownership") over two or more column labels printed on the
    next line gives way to them."""
    out: list[Line] = []
    labels = phrases(below, settings)
    for i, phrase in enumerate(header):
        end = header[i + 1][0].x0 if i + 1 < len(header) else float("inf")
        start = header[i - 1][-1].x1 if i else float("-inf")
        under = [p for p in labels if start < p[0].x0 and p[-1].x1 < end]
        out += under if len(under) >= 2 else [phrase]
    return out


def _columns(header: list[Line], rows: list[Line], shapes: list[Shape], settings: Settings) -> Columns:
    """Boundaries between header phrases, each moved into the middle of the gap the rows below
    leave free there (a header cell may be centred over left-aligned data); the last column ends
    at its text or at the shading behind it, whichever reaches further."""
    bounds = [min(header[0][0].x0, *(w.x0 for line in rows for w in line[:1])) - 1.0]
    data = [(w.x0, w.x1) for line in rows for w in line]
    for left, right in zip(header, header[1:]):
        lo, hi = left[-1].x1, right[0].x0
        candidates = [lo + (hi - lo) * i / 16 for i in range(17)]
        near = [edge for a, b in data if a < hi and b > lo for edge in (a, b)] or [lo, hi]
        bounds.append(min(candidates, key=lambda x: (sum(a < x < b for a, b in data),
                                                     -min(abs(x - e) for e in near))))
    right = max(w.x1 for line in [*header, *rows] for w in line)
    bounds.append(max([right] + [s.x1 for s in shapes if not s.curved and s.x0 < right < s.x1]))
    return Columns(bounds)


@dataclass
class _Piece:
    """A phrase placed in a column (``last`` > ``column`` when it runs over empty columns to its right)."""

    words: Line
    column: int
    last: int

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


_BULLETS = set(BULLET_CHARS) - set("-–*")  # marks that only ever start a list item


def _pieces(lines: list[Line], columns: Columns, settings: Settings) -> list[_Piece]:
    """Each line's phrases in their columns. A phrase running over a boundary spans the columns
    beyond, unless one of its words, after a gap wider than a space, starts where the text of a column
    beyond starts on other lines (narrow columns set close run together): there it is cut."""
    out: list[_Piece] = []
    for line in lines:
        for phrase in phrases(line, settings):
            first = columns.of(phrase[0].x0 + settings.column_slack)
            last = columns.of(phrase[-1].x1 - 1)
            out.append(_Piece(phrase, first, last))
    starts = Counter((p.column, round(p.words[0].x0)) for p in out if p.last == p.column)
    for piece in [p for p in out if p.last > p.column]:
        gaps = [b.x0 - a.x1 for a, b in zip(piece.words, piece.words[1:])]
        space = min(gaps) if len(gaps) > 1 else (piece.bottom - piece.top) / 4
        cut = next((k for k, w in enumerate(piece.words) if k and gaps[k - 1] > 2 * space
                    and columns.of(w.x0 + settings.column_slack) > piece.column
                    and (starts[(columns.of(w.x0 + settings.column_slack), round(w.x0))] >= 2
                         or w.text in _BULLETS)), None)  # a bullet never goes on a phrase
        if cut is not None:
            tail = piece.words[cut:]
            piece.words, piece.last = piece.words[:cut], columns.of(piece.words[cut - 1].x1 - 1)
            out.append(_Piece(tail, columns.of(tail[0].x0 + settings.column_slack), columns.of(tail[-1].x1 - 1)))
    return out


def _cuts(pieces: list[_Piece], page: PageObjects, x0: float, x1: float, settings: Settings) -> list[float]:
    """Row boundaries: rules or shaded stripes across most of the table, two or more of them between
    data lines; else where a gap wider than the line spacing crosses every column, or where several
    columns start new text together after a gap (a row whose merged cell, beside it, carries on)."""
    width = x1 - x0
    top, bottom = min(p.top for p in pieces), max(p.bottom for p in pieces)
    cuts = {e["top"] for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= settings.band_share * width
            and top < e["top"] < bottom}
    stripes = [s for s in page.shapes if not s.curved and s.x1 - s.x0 >= settings.band_share * width]
    cuts |= {v for s in stripes for v in (s.top, s.bottom) if top < v < bottom}
    labels = {v for s in stripes if _labels_a_group(s, pieces) for v in (s.top, s.bottom) if top < v < bottom}
    first = min(p.bottom for p in pieces if p.top < top + 1)  # the header line
    last = max(p.top for p in pieces if p.bottom > bottom - 1)  # the last line (a footer, perhaps)
    height = statistics.median(p.bottom - p.top for p in pieces)
    under = _under_reprints(pieces, height)
    between = [c for c in cuts if any(first < p.top and p.bottom < c for p in pieces)
               and any(c < p.top and p.bottom < last for p in pieces) and not under(c) and c not in labels]
    gap = settings.row_gap * height
    if len(between) >= 2:  # rules between rows, not only rules under the header (or its reprints), over a footer
        # or around shaded group rows ("CARE LEAVERS" in a band across the table); inside one band (shading
        # by recommendation, not by row) a row starts where several columns start new text together
        return sorted(cuts | set(_row_starts(pieces, sorted(cuts), gap, height, settings)))
    ordered = sorted(pieces, key=lambda p: p.top)
    reach = ordered[0].bottom
    out: list[float] = []
    for piece in ordered[1:]:
        if piece.top - reach > gap:
            out.append(piece.top - 0.1)
        reach = max(reach, piece.bottom)
    out += _row_starts(pieces, out, gap, height, settings)
    return sorted(out + [c for c in cuts if (under(c) or c in labels) and not any(abs(c - o) < height for o in out)])


def _row_starts(pieces: list[_Piece], known: list[float], gap: float, height: float, settings: Settings) -> list[float]:
    """Cuts where several columns start new text together after a gap, away from the ``known`` cuts."""
    starts: list[float] = []
    for column in {p.column for p in pieces}:
        mine = sorted((p for p in pieces if p.column == column), key=lambda p: p.top)
        starts += [b.top for a, b in zip(mine, mine[1:]) if b.top - a.bottom > gap]
    starts.sort()
    out: list[float] = []
    for k, start in enumerate(starts):
        together = [s for s in starts[k:] if s - start < height]
        if len(together) >= settings.row_start_columns and not any(abs(c - start) < height for c in known + out):
            out.append(start - 0.1)
    return out


def _labels_a_group(stripe: Shape, pieces: list[_Piece]) -> bool:
    """Whether a shaded stripe across the table holds one label (a group row), not a row of cells."""
    inside = {p.column for p in pieces if p.top >= stripe.top - 1 and p.bottom <= stripe.bottom + 1}
    return len(inside) == 1


def _under_reprints(pieces: list[_Piece], height: float) -> Callable[[float], bool]:
    """Whether a rule lies just under a reprint of the header line (several tables on a page, each
    with its header and a rule under it): such rules end headers, they do not separate rows."""
    top = min(p.top for p in pieces)
    header = {_text(p.words).lower() for p in pieces if p.top < top + 1}
    lines: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: p.top):
        if lines and piece.top - lines[-1][0].top < height / 2:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    reprints = [line[0].top for line in lines
                if sum(_text(p.words).lower() in header for p in line) >= max(2, len(header) / 2)]
    return lambda rule: any(0 < rule - line < 3 * height for line in reprints)


def aligned_table(lines: list[Line], columns: Columns, page: PageObjects, body: float, settings: Settings) -> Table:
    """Lines under a header (or carried-over columns) as a table: phrases to columns, rows between
    the cuts the page shows (see :func:`_cuts`)."""
    pieces = _pieces(lines, columns, settings)
    cuts = _cuts(pieces, page, columns.bounds[0], columns.bounds[-1], settings)
    width = len(columns.bounds) - 1
    bands: list[list[_Piece]] = [[] for _ in range(len(cuts) + 1)]
    for piece in pieces:
        bands[bisect.bisect_right(cuts, piece.middle)].append(piece)
    rows: list[list[Cell | None]] = []
    for band in (b for b in bands if b):
        parts: list[list[Word]] = [[] for _ in range(width)]
        spans: dict[int, int] = {}
        for piece in band:
            parts[piece.column].extend(piece.words)
            if piece.last > piece.column:
                spans[piece.column] = max(spans.get(piece.column, piece.column), piece.last)
        row: list[Cell | None] = []
        top, bottom = min(p.top for p in band), max(p.bottom for p in band)
        for c in range(width):
            owner = next((f for f, last in spans.items() if f < c <= last and not parts[c]), None)
            if owner is not None:
                row.append(row[owner])
                continue
            box = (columns.bounds[c], top, columns.bounds[c + 1], bottom)
            row.append(make_cell(parts[c], box, page.shapes, body, page.number))
        rows.append(row)
    bbox = (columns.bounds[0], lines[0][0].top, columns.bounds[-1], max(w.bottom for w in lines[-1]))
    return Table(rows=grid(rows), page=page.number, engine="aligned", bbox=bbox)


# ---------------------------------------------------------------- page


def _segments(lines: list[Line], begin: int, starts: list[int], settings: Settings) -> list[tuple[int, int]]:
    """(first, end) line ranges of the aligned tables from ``begin``: a new one at each header whose
    wording or column positions differ from the one before (a reprint stays inside its table)."""
    cuts: list[int] = [begin]
    before: list[Line] = []
    for k in starts:
        header = _header_at(lines, k, settings) or []
        if before and k > cuts[-1] + 1 and (
                [_text(p) for p in header] != [_text(p) for p in before]
                or any(abs(a[0].x0 - b[0].x0) > settings.column_slack for a, b in zip(header, before))):
            cuts.append(k)
        before = header
    return list(zip(cuts, cuts[1:] + [len(lines)]))


def _table_end(lines: list[Line], k: int, end: int, ruled_tops: list[float], body: float, settings: Settings,
               sized: bool = True) -> int:
    """Where an aligned table from header line ``k`` ends before ``end``: at a ruled table printed below
    it (a key, a glossary), or at a heading (a lone phrase in larger type) after its first data line,
    where type has a size (``sized``: OCR's word heights follow capitals and descenders, not the font)."""
    below = [top for top in ruled_tops if top > lines[k][0].top]
    seen_data = False
    for n in range(k + 1, end):
        line = lines[n]
        if below and line[0].top > min(below):
            return n
        large = min((w.size for w in line if any(ch.isalnum() for ch in w.text)), default=0.0) \
            >= body + settings.prose_heading_step  # every word in larger type (a bullet's font is no heading)
        if sized and large and seen_data and len(phrases(line, settings)) == 1:
            return n
        seen_data = seen_data or not large
    return end


def page_items(page: PageObjects, carried: Columns | None, settings: Settings = SETTINGS,
               engine: str | None = None) -> tuple[list[Table | Block], Columns | None]:
    """The page's tables and lines in reading order, and the aligned columns a next page may continue."""
    words = list(page.words)
    sizes = [w.size for w in words]
    body = statistics.median(sizes) if sizes else 10.0
    lattices = _lattice_boxes(page.edges, settings) if page.edges else []  # no rules, no ruled table
    tables = [t for t in (ruled_table(b, page, words, body, settings) for b in lattices) if t]
    lines = text_lines(words)
    starts = [k for k in range(len(lines)) if _header_at(lines, k, settings)]
    if starts:
        carried = _columns(_header_at(lines, starts[0], settings) or [], lines[starts[0] + 1:], page.shapes, settings)
    elif tables or (lines and max(w.size for w in lines[0]) >= body + settings.prose_heading_step):
        carried = None  # a page opening on a ruled table or a heading starts afresh
    begin = starts[0] if starts else (0 if carried is not None else None)
    prose = list(enumerate(lines))
    if begin is not None and carried is not None and lines[begin:]:
        prose = prose[:begin]
        segments = _segments(lines, begin, starts, settings)
        while segments:
            k, segment_end = segments.pop(0)
            end = _table_end(lines, k, segment_end, [t.bbox[1] for t in tables if t.bbox], body, settings,
                             sized=engine is None)
            again = next((start for start in starts if end <= start < segment_end), None)
            if again is not None and again > k:  # the header printed again under a heading: a table of its own
                segments.insert(0, (again, segment_end))
                segment_end = again
            if k != begin:  # a header of other wording: a new table with its own columns
                carried = _columns(_header_at(lines, k, settings) or [], lines[k + 1: end], page.shapes, settings)
            rows = lines[k:end]
            if len(rows) > 1 and end == segment_end < len(lines) and len(phrases(rows[-1], settings)) == 1 \
                    and not rows[-1][0].text[:1].islower():
                rows = rows[:-1]  # one phrase right above the next header is its heading, not a cell's last line
            prose += [(n, lines[n]) for n in range(k + len(rows), segment_end)]
            tables.append(aligned_table(rows, carried, page, body, settings))
    items: list[Table | Block] = [_line_block(line, page.number, k + 1) for k, line in prose]
    for table in tables:
        if engine:
            table.engine = engine
    items.extend(tables)
    items.sort(key=lambda item: (item.bbox[1] if item.bbox else 0.0))
    return items, carried

