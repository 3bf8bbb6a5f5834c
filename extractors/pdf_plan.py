"""Action plans printed as PDF tables: ruled, borderless, merged, colour-coded, scanned.

The PDF is opened once with pdfplumber and each page is read once:

* ruled tables come from pdfplumber's "lines" strategy, with each cell's fill
  colour taken from the filled rectangles under it, and merged cells (which
  pdfplumber reports as missing) turned into spans and vertical merges;
* a page without ruled tables is read as a borderless table: columns start
  where the header's cells start (the header is found on the first such page
  and kept for later pages), words go to the column their phrase starts in,
  and rows are separated by vertical gaps wider than the line spacing;
* where the pdfplumber grid scores poorly (:func:`grid_quality`), camelot
  reads the page too (lattice where there are rules, stream where not) and the
  better grid is kept, so camelot's cost is paid only where it can help;
* pages without text (scans) go to :func:`extractors.ocr_grid.ocr_grids`.

A page whose text mostly runs other than left to right (a /Rotate entry, or
a landscape table printed sideways on a portrait page) is first turned by
quarter turns until it does (:class:`_TurnedPage`), so every reader above
sees upright text.

The grids then go through :func:`extractors.grid_records.records_from_grids`;
title, council and dates come from the text above the first table.
"""

from __future__ import annotations

import bisect
import gc
import io
import math
import re
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import DerivedPage, Page
from pdfplumber.table import Table
from pdfplumber.utils import extract_text

from extractors.base import ExtractionError, Extractor, SourceFile
from extractors.columns import HEADER_RULES, map_headers
from extractors.grid_records import describe, preamble_rows, records_from_grids
from extractors.ocr_grid import ocr_grids, tesseract_available
from extractors.pdf_text import PREVIEW_PAGES, looks_like_pdf, read_pdf_text
from extractors.table_grid import Cell, Grid
from models.records import RawDocument


NAME = "pdf_plan"

_MIN_HEADER_FIELDS = 3
_MAX_HEADER_WORDS = 20
_HEADER_LINES = 3  # text lines a wrapped header row may take
_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_MIN_TABLE_ROWS = 2
_MIN_QUALITY = 0.6  # a pdfplumber grid below this is read again by camelot
_WHITE = "FFFFFF"
_ROW_GAP = 0.45  # a vertical gap over this share of the line height separates two borderless rows
_PHRASE_GAP = 0.9  # a horizontal gap over this share of the font size separates two cells on a line
_EDGE_ROWS = 2  # rows at a borderless grid's top and foot checked for running headers/footers
_COLUMN_SLACK = 3.0  # points a cell's text may start left of its header
_DIGITS = 6  # decimals kept of a turned page's coordinates: a cosine's 6e-17 is 0, 7.99999999 is 8
_ANGLE_SAMPLE = 200  # characters whose angle tells whether a page prints its text sideways
_SIDEWAYS = 0.5  # radians off the horizontal that make a character sideways
_FIELD_RULES = [(re.compile(pattern, re.IGNORECASE), name) for pattern, name in HEADER_RULES]


# ---------------------------------------------------------------- sniffing


def _fields_named(line: str) -> set[str]:
    """Fields whose header wording occurs in a text line (a header row read as one line)."""
    return {name for pattern, name in _FIELD_RULES if name != "ref" and pattern.search(line)}


def _has_header_line(text: str) -> bool:
    """True when up to three consecutive lines (a header with wrapped cells) name the text column
    and a lead or deadline column among three fields."""
    lines = [line for line in text.split("\n") if line.strip()]
    for k in range(len(lines)):
        for size in range(1, _HEADER_LINES + 1):  # a one-line header may stand above long rows
            window = " ".join(lines[k:k + size])
            if len(window.split()) > _MAX_HEADER_WORDS:
                break
            fields = _fields_named(window)
            if (
                len(fields) >= _MIN_HEADER_FIELDS
                and fields & {"action", "recommendation"}
                and fields & {"lead", "deadline"}
            ):
                return True
    return False


def sniff(source: SourceFile) -> float:
    """High for a PDF whose first pages hold a table header naming actions and leads or deadlines.

    A PDF whose first pages have no text at all is a scan: scored as a plan at
    a middling level, since a plan is what this project's scans are, and OCR
    runs in :func:`extract`.
    """
    if not looks_like_pdf(source.data):
        return 0.0
    pdf = source.pdf_preview
    if pdf is None:
        return 0.05
    text = "\n".join(pdf.pages)
    if not text.strip():
        return 0.5
    if _has_header_line(text) or (_turned(source.data) and _has_upright_header(source.data)):
        return 0.9
    return 0.1


def _turned(data: bytes) -> bool:
    """True when one of the first pages is turned (/Rotate) or prints most of its text sideways.

    pdfium's text of such a page can break a header row into lines far apart,
    so the sniff then reads the header as :func:`extract` does.
    """
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(min(len(pdf), PREVIEW_PAGES)):
            page = pdf[index]
            textpage = page.get_textpage()
            count = min(textpage.count_chars(), _ANGLE_SAMPLE)
            angles = [pdfium_c.FPDFText_GetCharAngle(textpage.raw, i) for i in range(count)]
            textpage.close()
            rotation = page.get_rotation()
            page.close()
            sideways = sum(_SIDEWAYS < angle < 2 * math.pi - _SIDEWAYS for angle in angles)
            if rotation or sideways * 2 > count:
                return True
    finally:
        pdf.close()
    return False


def _has_upright_header(data: bytes) -> bool:
    """True when one of the first pages, turned upright, has a header line (see :func:`_header_columns`)."""
    try:
        pdf = _open(data)
    except ExtractionError:
        return False
    with pdf:
        pages = [_upright(page) for page in pdf.pages[:PREVIEW_PAGES] if page.chars]
        return any(_header_columns(_text_lines(page)) for page in pages)


# ---------------------------------------------------------------- rotated pages


def _quarter_turns(chars: list[dict]) -> int:
    """Clockwise quarter turns that make most of a page's text run left to right (0..3).

    A character's matrix gives its baseline direction; the direction most
    characters share is the page's (a table's sideways header cells are
    outvoted by its body).
    """
    votes = [0, 0, 0, 0]
    for char in chars:
        a, b = char["matrix"][:2]
        upright = b == 0 and a > 0  # nearly every character: skip the trigonometry
        votes[0 if upright else round(math.degrees(math.atan2(b, a)) / 90) % 4] += 1  # y up: 90 reads upwards
    return max(range(4), key=votes.__getitem__)


class _TurnedPage(DerivedPage):
    """A pdfplumber page turned clockwise by quarter turns: every object's box, points and matrix
    move with it, so tables, words and crops read as on an upright page."""

    def __init__(self, page: Page, turns: int):
        super().__init__(page)
        self._turns = turns
        self._width, self._height = page.width, page.height
        self._origin = page.bbox[:2]
        width, height = (page.height, page.width) if turns % 2 else (page.width, page.height)
        self.bbox = (0, 0, width, height)
        self._objects = {kind: [self._turn(obj) for obj in objs] for kind, objs in page.objects.items()}

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._objects

    def _point(self, x: float, top: float) -> tuple[float, float]:
        """A point (x, top) of the parent page on this page."""
        x, top = x - self._origin[0], top - self._origin[1]
        width, height = self._width, self._height
        for _ in range(self._turns):
            x, top = height - top, x
            width, height = height, width
        return round(x, _DIGITS), round(top, _DIGITS)

    def _vector(self, dx: float, dy: float) -> tuple[float, float]:
        """A direction in PDF space (y up) turned clockwise."""
        for _ in range(self._turns):
            dx, dy = dy, -dx
        return dx, dy

    def _turn(self, obj: dict) -> dict:
        """A copy of one of the parent's objects (char, rect, line, curve, image) in this page's space."""
        out = dict(obj)
        if "x0" in obj and "top" in obj:
            corners = [self._point(x, t) for x in (obj["x0"], obj["x1"]) for t in (obj["top"], obj["bottom"])]
            out["x0"], out["x1"] = min(p[0] for p in corners), max(p[0] for p in corners)
            out["top"], out["bottom"] = min(p[1] for p in corners), max(p[1] for p in corners)
            out["y0"], out["y1"] = self.height - out["bottom"], self.height - out["top"]
            out["width"], out["height"] = out["x1"] - out["x0"], out["bottom"] - out["top"]
            out["doctop"] = self.initial_doctop + out["top"]
        if "pts" in obj:
            out["pts"] = [self._point(*pt) for pt in obj["pts"]]
        if "path" in obj:
            out["path"] = [(step[0], *(self._point(*pt) for pt in step[1:])) for step in obj["path"]]
        if "matrix" in obj:
            a, b, c, d, e, f = obj["matrix"]
            (a, b), (c, d) = self._vector(a, b), self._vector(c, d)
            a, b, c, d = (round(v, _DIGITS) for v in (a, b, c, d))
            e, top = self._point(e, self._height + self._origin[1] - f)
            out["matrix"] = (a, b, c, d, e, self.height - top)
            if "upright" in obj:  # pdfminer's tests, redone on the turned character
                out["upright"] = a * d > 0 and b * c <= 0
                out["size"] = round(out["height"] if out["upright"] else out["width"], _DIGITS)
        return out


def _upright(page: Page) -> Page:
    """The page turned so that its text runs left to right (the page itself when it already does)."""
    turns = _quarter_turns(page.chars)
    return _TurnedPage(page, turns) if turns else page


# ---------------------------------------------------------------- ruled tables


def _hex(colour: object) -> str | None:
    """A pdfplumber colour (grey, RGB or CMYK floats) as "RRGGBB"; None for white or none."""
    if not isinstance(colour, (tuple, list)) or not colour:
        return None
    values = [float(v) for v in colour if isinstance(v, (int, float))]
    if len(values) == 1:
        rgb = values * 3
    elif len(values) == 3:
        rgb = values
    elif len(values) == 4:
        c, m, y, k = values
        rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    else:
        return None
    text = "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in rgb)
    return None if text == _WHITE else text


def _fill_at(rects: list[dict], bbox: tuple[float, float, float, float]) -> str | None:
    """The colour of the smallest filled shape (by its box) under a cell's centre."""
    x = (bbox[0] + bbox[2]) / 2
    y = (bbox[1] + bbox[3]) / 2
    under = [r for r in rects if r.get("fill") and r["x0"] <= x <= r["x1"] and r["top"] <= y <= r["bottom"]]
    if not under:
        return None
    smallest = min(under, key=lambda r: (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]))
    return _hex(smallest.get("non_stroking_color"))


def _ruled_grid(page: Page, table: Table, texts: list[list[str | None]]) -> Grid:
    """A pdfplumber table as a Grid: missing cells become spans (left) or vertical merges (above)."""
    rects = [r for r in page.rects + page.curves if r.get("fill")]  # a shape turned by a matrix is a curve
    rows: list[list[Cell]] = []
    for r, row in enumerate(table.rows):
        out: list[Cell] = []
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                out.append(Cell(text=texts[r][c] or "", fill=_fill_at(rects, bbox), bbox=tuple(bbox)))
            elif out and _covers_right(out[-1], row.bbox):
                out.append(out[-1])
            else:
                above = rows[-1][c] if rows and c < len(rows[-1]) else None
                out.append(Cell(text="", fill=above.fill if above else None, merged_from_above=above is not None))
        rows.append(out)
    return Grid(rows=rows, page=page.page_number, engine="pdfplumber-lines")


def _covers_right(cell: Cell, row_bbox: tuple[float, float, float, float]) -> bool:
    """True when a cell sits in this row (so a missing cell to its right is part of it)."""
    if cell.bbox is None:
        return False
    middle = (row_bbox[1] + row_bbox[3]) / 2
    return cell.bbox[1] <= middle <= cell.bbox[3]


def _cell_texts(page: Page, table: Table) -> list[list[str | None]]:
    """What ``table.extract()`` returns, in one pass over the page's characters.

    pdfplumber filters every character once per row and again per cell; a
    ruled table's cells tile the slots between its distinct edges, so each
    character's slot (two bisections) names its cell directly. A character
    belongs to the cell holding its centre, right and bottom edges excluded,
    as in pdfplumber.
    """
    xs = sorted({x for row in table.rows for cell in row.cells if cell for x in (cell[0], cell[2])})
    ys = sorted({y for row in table.rows for cell in row.cells if cell for y in (cell[1], cell[3])})
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is None:
                continue
            for j in range(bisect.bisect_left(ys, cell[1]), bisect.bisect_left(ys, cell[3])):
                for i in range(bisect.bisect_left(xs, cell[0]), bisect.bisect_left(xs, cell[2])):
                    owner[(j, i)] = (r, c)
    chars: dict[tuple[int, int], list[dict]] = {}
    for char in page.chars:
        slot = (
            bisect.bisect_right(ys, (char["top"] + char["bottom"]) / 2) - 1,
            bisect.bisect_right(xs, (char["x0"] + char["x1"]) / 2) - 1,
        )
        if slot in owner:
            chars.setdefault(owner[slot], []).append(char)
    return [
        [None if cell is None else extract_text(chars.get((r, c), [])) for c, cell in enumerate(row.cells)]
        for r, row in enumerate(table.rows)
    ]


def _ruled_grids(page: Page) -> list[Grid]:
    grids = []
    for table in page.find_tables(_LINES):
        texts = _cell_texts(page, table)
        if len(texts) >= _MIN_TABLE_ROWS:
            grids.append(_ruled_grid(page, table, texts))
    return grids


# ---------------------------------------------------------------- borderless tables


@dataclass
class _Columns:
    """Where a borderless table's columns start (points from the left)."""

    starts: list[float]


def _phrases(words: list[dict]) -> list[list[dict]]:
    """A line's words grouped into phrases: a gap wider than about a space and a half splits them."""
    out: list[list[dict]] = []
    for word in words:
        size = word.get("size") or (word["bottom"] - word["top"])
        if out and word["x0"] - out[-1][-1]["x1"] <= _PHRASE_GAP * size:
            out[-1].append(word)
        else:
            out.append([word])
    return out


def _text_lines(page: Page) -> list[list[dict]]:
    """Words grouped into lines (by their top), each line sorted left to right."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _phrase_text(phrase: list[dict]) -> str:
    return " ".join(w["text"] for w in phrase)


def _header_columns(lines: list[list[dict]]) -> tuple[_Columns, int] | None:
    """Column starts from the first line whose phrases name three fields, one the action or
    recommendation; and that line's index."""
    for k, line in enumerate(lines):
        phrases = _phrases(line)
        fields = {f for f in map_headers([_phrase_text(p) for p in phrases]) if f}
        if len(fields) >= _MIN_HEADER_FIELDS and fields & {"action", "recommendation"}:
            return _Columns(starts=[p[0]["x0"] for p in phrases]), k
    return None


def _column_of(starts: list[float], x: float, exact: bool = False) -> int | None:
    if exact:
        return next((i for i, s in enumerate(starts) if abs(s - x) <= _COLUMN_SLACK), None)
    index = None
    for i, start in enumerate(starts):
        if x >= start - _COLUMN_SLACK:
            index = i
    return index if index is not None else 0


def _borderless_rows(lines: list[list[dict]], columns: _Columns) -> list[list[list[str]]]:
    """Lines grouped into rows by vertical gaps; per row, per column, the text lines."""
    heights = [line[0]["bottom"] - line[0]["top"] for line in lines]
    gap = _ROW_GAP * (statistics.median(heights) if heights else 10)
    rows: list[list[list[str]]] = []
    spans: list[list[int]] = []
    last_bottom: float | None = None
    for line in lines:
        top = min(w["top"] for w in line)
        if last_bottom is None or top - last_bottom > gap:
            rows.append([[] for _ in columns.starts])
            spans.append([])
        for phrase in _phrases(line):
            col = _column_of(columns.starts, phrase[0]["x0"])
            rows[-1][col].append(_phrase_text(phrase))
            end = _column_of(columns.starts, phrase[-1]["x1"] - 1)
            spans[-1].append(col if end == col else -col - 1)
        last_bottom = max(w["bottom"] for w in line)
    return [_mark_spans(row, span) for row, span in zip(rows, spans)]


def _mark_spans(row: list[list[str]], spans: list[int]) -> list[list[str]]:
    """A phrase running over later columns marks them spanned (None) when they hold nothing else."""
    for span in spans:
        if span < 0:
            first = -span - 1
            for col in range(first + 1, len(row)):
                if not row[col]:
                    row[col] = None  # type: ignore[call-overload]
    return row


def _borderless_grid(page: Page, columns: _Columns | None) -> tuple[Grid | None, _Columns | None, float | None]:
    """The page's borderless table (or None), the column layout to keep, and the header's top.

    The header found on a page sets the columns for it and for later pages
    that print none; text above a header is not part of the table.
    """
    lines = _text_lines(page)
    found = _header_columns(lines)
    top = None
    if found is not None:
        columns, first = found
        top = min(w["top"] for w in lines[first])
        lines = lines[first:]
    if columns is None or not lines:
        return None, columns, None
    rows: list[list[Cell]] = []
    for texts in _borderless_rows(lines, columns):
        row: list[Cell] = []
        for cell_lines in texts:
            row.append(row[-1] if cell_lines is None and row else Cell(text="\n".join(cell_lines or [])))
        rows.append(row)
    return Grid(rows=rows, page=page.page_number, engine="pdfplumber-words"), columns, top


# ---------------------------------------------------------------- quality and camelot


def grid_quality(grid: Grid) -> float:
    """How much a grid looks like a plan table, 0..1.

    The mean of: the share of header cells that name a field (in the best of
    the first rows), the share of non-empty cells, and the share of rows with
    text in more than one column. A grid that broke words across columns or
    swallowed the table into one column scores low on all three.
    """
    if not grid.rows:
        return 0.0
    texts = [[(c.text or "").strip() for c in row] for row in grid.rows]
    mapped = max((sum(f is not None for f in map_headers(r)) / max(len(r), 1) for r in texts[:3]), default=0.0)
    cells = [t for r in texts for t in r]
    filled = sum(bool(t) for t in cells) / max(len(cells), 1)
    multi = sum(sum(bool(t) for t in r) > 1 for r in texts) / len(texts)
    return round((mapped + filled + multi) / 3, 3)


def _camelot_grids(data: bytes, page_number: int, ruled: bool) -> list[Grid]:
    """camelot's reading of one page (lattice for ruled, stream otherwise); [] if camelot fails."""
    import tempfile

    import camelot

    flavor = "lattice" if ruled else "stream"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            tables = camelot.read_pdf(handle.name, pages=str(page_number), flavor=flavor)
        except Exception:  # noqa: BLE001 - camelot raises assorted errors on odd pages; pdfplumber's grid stands
            return []
    return [
        Grid(rows=[[Cell(text=str(t)) for t in row] for row in table.df.values.tolist()],
             page=page_number, engine=f"camelot-{flavor}")
        for table in tables
    ]


def _best_grids(data: bytes, page_number: int, grids: list[Grid], ruled: bool, widths: set[int]) -> list[Grid]:
    """pdfplumber's grids unless they score poorly and camelot's score better.

    A grid as wide as a good one read earlier continues that table (a page
    holding a few rows and no header scores low but needs no second engine).
    """
    for grid in grids:
        grid.score = grid_quality(grid)
    if grids and all((g.score or 0.0) >= _MIN_QUALITY or g.width in widths for g in grids):
        return grids
    others = _camelot_grids(data, page_number, ruled)
    for grid in others:
        grid.score = grid_quality(grid)
    mine = sum(g.score or 0.0 for g in grids) / len(grids) if grids else 0.0
    theirs = sum(g.score or 0.0 for g in others) / len(others) if others else 0.0
    return others if theirs > mine else grids


# ---------------------------------------------------------------- document


def _page_grids(
    data: bytes, page: Page, columns: _Columns | None, widths: set[int]
) -> tuple[list[Grid], _Columns | None, float | None]:
    """(grids, borderless column layout to carry on, top of the first table on the page or None);
    ``widths`` are those of the good grids read so far."""
    grids = _ruled_grids(page)
    if grids:
        top = min(min(c.bbox[1] for row in g.rows for c in row if c.bbox) for g in grids)
        return _best_grids(data, page.page_number, grids, True, widths), columns, top
    grid, columns, top = _borderless_grid(page, columns)
    if grid is None:
        return [], columns, None
    return _best_grids(data, page.page_number, [grid], False, widths), columns, top


def _edge_key(row: list[Cell]) -> str:
    """A row's text with digits masked: "Page 2" and "Page 3" are one running footer."""
    seen: list[Cell] = []
    for cell in row:
        if cell not in seen:
            seen.append(cell)
    return re.sub(r"\d+", "#", " ".join(" ".join(c.text.split()) for c in seen)).strip()


def _drop_running_rows(grids: list[Grid], preamble: list[str]) -> None:
    """Remove running headers and footers a borderless reading took into its table.

    A row among the first or last rows of a page's grid that recurs on
    another page, or repeats a line of the first page's title block, is one.
    """
    borderless = [g for g in grids if g.engine == "pdfplumber-words"]
    pages: dict[str, set[int | None]] = {}
    for grid in borderless:
        for row in grid.rows[:_EDGE_ROWS] + grid.rows[-_EDGE_ROWS:]:
            pages.setdefault(_edge_key(row), set()).add(grid.page)
    title = {re.sub(r"\d+", "#", " ".join(line.split())) for line in preamble}
    running = {key for key, seen in pages.items() if key and (len(seen) > 1 or key in title)}
    for grid in borderless:
        edge = set(range(_EDGE_ROWS)) | set(range(len(grid.rows) - _EDGE_ROWS, len(grid.rows)))
        grid.rows = [
            row for i, row in enumerate(grid.rows)
            if i not in edge or _edge_key(row) not in running or _names_fields(row)
        ]


def _names_fields(row: list[Cell]) -> bool:
    """A header row (reprinted on every page, so recurring, but no running line)."""
    return len({f for f in map_headers([c.text for c in row]) if f}) >= _MIN_HEADER_FIELDS


def _open(data: bytes) -> pdfplumber.PDF:
    """pdfplumber's PDF, or the precise one-line cause why it cannot be opened."""
    if not looks_like_pdf(data):
        read_pdf_text(data, max_pages=1)  # raises "not a PDF: ..."
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types; name the cause with pdfium
        read_pdf_text(data, max_pages=1)
        raise ExtractionError(f"PDF cannot be parsed: {exc.__class__.__name__}") from exc


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while a PDF is parsed.

    pdfminer and pdfplumber allocate a few dicts and tuples per character,
    which triggers a full collection every so often; each one walks the whole
    heap, and in the pipeline (theme models loaded) that cost 15% of the PDF
    time. The garbage of one document waits until it is read.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_pages(data: bytes) -> tuple[list[Grid], list[str], list[int], list[str]]:
    """(grids in reading order, lines above the first table, scanned page numbers, warnings)."""
    grids: list[Grid] = []
    preamble: list[str] = []
    scanned: list[int] = []
    warnings: list[str] = []
    columns: _Columns | None = None
    widths: set[int] = set()
    with _collector_paused(), _open(data) as pdf:
        for page in pdf.pages:
            if not page.chars:
                scanned.append(page.page_number)
                continue
            page = _upright(page)
            found, columns, top = _page_grids(data, page, columns, widths)
            widths |= {g.width for g in found if (g.score or 0.0) >= _MIN_QUALITY}
            if not grids and top is not None:
                preamble = (page.crop((0, 0, page.width, max(top, 1))).extract_text() or "").split("\n")
            elif not grids and not found:
                preamble += (page.extract_text() or "").split("\n")
            grids.extend(found)
    _drop_running_rows(grids, preamble)
    return grids, preamble, scanned, warnings


def _ocr(data: bytes, pages: list[int], preamble: list[str], warnings: list[str]) -> list[Grid]:
    """Grids of the scanned pages; where no text page gave a title block, the first scan's
    title block is read into ``preamble``."""
    if not pages:
        return []
    if not tesseract_available():
        warnings.append(f"pages {pages} have no text layer and Tesseract is not installed; skipped")
        return []
    title_page = None if any(line.strip() for line in preamble) else pages[0]
    read = ocr_grids(data, pages, title_page)
    warnings.extend(read.warnings)
    preamble.extend(read.title)
    return read.grids


def extract(source: SourceFile) -> RawDocument:
    grids, preamble, scanned, warnings = _read_pages(source.data)
    grids += _ocr(source.data, scanned, preamble, warnings)
    grids.sort(key=lambda g: g.page or 0)  # stable: a page's tables keep their order
    for index, grid in enumerate(grids):
        grid.index = index
    doc = RawDocument(source=str(source.path), sha256=source.sha256, extractor=NAME, doc_type="action_plan")
    describe(doc, [line for line in preamble if line.strip()] or preamble_rows(grids))
    records_from_grids(grids, doc)
    doc.warnings[:0] = warnings
    if not doc.actions and not doc.recommendations:
        raise ExtractionError("PDF has no table with a recognisable action plan header")
    return doc


EXTRACTOR = Extractor(name=NAME, sniff=sniff, extract=extract)
