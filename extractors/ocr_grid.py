"""Tables from scanned (image-only) PDF pages, via OpenCV and Tesseract.

Each page is rendered once (pypdfium2, 300 dpi greyscale), straightened, and
read once by Tesseract; the table structure comes from the image, not from
Tesseract's layout analysis, which does not know about cells:

1. **Skew**: the long horizontal strokes of the page (ruling lines, or, on a
   page without rules, text lines smeared into bars) each give a slope by a
   least-squares fit; their length-weighted median is the page's skew, and
   the page is rotated back by it.
2. **Rulings**: a morphological open with long horizontal and vertical kernels
   keeps only ruling lines. Lines that touch form a table; its row and column
   boundaries are where the rulings' projections peak. A slot of that lattice
   joins its neighbour wherever the ruling between them is missing, so merged
   cells come out as one physical cell.
   A cell shaded so dark that it thresholds as ink (a navy header row with
   white text) is found as a solid rectangle; its outline stands in for the
   rulings it hides, and for Tesseract it is inverted to dark on light.
3. **Words**: Tesseract reads the tables' area of the page (``--psm 6``) with
   the rulings painted out (they otherwise come back as "|" and "_"). Each
   word goes to the cell holding its centre; words outside every table
   (footers, page numbers) are dropped, except on the page whose title block
   is asked for: there the area above the first table is read too and its
   lines returned, since a scan's title, council and inspection date (what
   "3 months" counts from) are printed there. Within a cell, words are
   grouped into lines by their vertical centre and the lines joined with
   "\\n". On the scanned corpus, ``--psm 3``/``11`` (layout analysis)
   garble less running text but drop short isolated words, the "R", "G" and
   even "GREEN" of RAG columns; ``--psm 4`` reads like 6.

Merged cells follow pdfplumber's convention, so that the record builder sees
the same shapes from every reader: a physical cell's text goes in its top-left
slot; the other slots in that row are empty cells (a section row spanning the
table is its text in the first cell and empty cells after it), and slots in
the rows below are empty cells marked ``merged_from_above``.

A page without vertical rulings (a borderless table, or one ruled with
horizontal lines only) falls back to columns found from the gaps between word
x-positions, with rows from horizontal rulings when there are any and from
wide gaps between text lines when there are none.

A line ending in a hyphen is joined to the next without a break and the hyphen
kept: word processors do not hyphenate table cells by default, so a hyphen at
a line end is a compound's ("multi-" + "agency").
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytesseract

from extractors.base import ExtractionError
from extractors.table_grid import Cell, Grid

# Tesseract's OpenMP threads fight over the cores: one thread per page was four times faster on a
# busy two-core machine (and no slower on an idle one). setdefault: the user's own setting wins.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Likewise OpenCV's own thread pool: files are read in parallel processes instead (pipeline.run.extract_many),
# and a pool's threads would not survive the fork that starts them.
cv2.setNumThreads(1)

ENGINE = "ocr"
DPI = 300
_POINTS_PER_PIXEL = 72 / DPI
TESSERACT_CONFIG = "--psm 6"
LOW_CONFIDENCE = 70.0  # a page whose mean word confidence is below this gets a warning

_LINE_KERNEL = 60  # pixels (5 mm at 300 dpi): longer than any stroke of body text, shorter than a narrow cell
_MIN_SKEW_SPAN = 1 / 8  # a stroke used for the skew spans at least this share of the page width
_MAX_SKEW = 10.0  # degrees; steeper strokes are not rows
_TEXT_STROKE = 7  # pixels: wider than the strokes of light text on a dark shaded cell
_SOLID_CORE = 35  # pixels: a dark block at least this thick in both directions is shading, not a rule
_SOLID_FILL = 0.85  # share of its bounding box a shaded cell fills
_MIN_RULING = 150  # pixels (13 mm): a stroke this long is a ruling even when it meets no other
_SHORT_RULING = 30  # pixels: a vertical stroke this short is a ruling only when it spans a row, rule to rule
_MEET = 9  # pixels: rulings this close are taken to meet
_OUTLINE = 3  # pixels: thickness of the boundary drawn round a shaded block
_TEXT_SMEAR = 40  # pixels: closing gap that turns a text line into one bar (skew of a page without rules)
_MIN_TABLE_SIDE = 150  # pixels: a ruled region smaller than this in width or height is no table
_RULING_SNAP = 12  # pixels: projection peaks closer than this are one ruling
_RULING_PRESENT = 0.5  # share of a slot's edge a ruling must cover to separate two slots
_MIN_COLUMN_GAP = 30  # pixels of empty x between two columns of a borderless table
_ROW_GAP_FACTOR = 1.6  # a gap this many line heights or more starts a new borderless row
_JUNK_WORD = re.compile(r"^[|_\-—–=~:;,.'\"`§]+$")  # rule fragments and specks read as punctuation
_RULE_TRACE = "_|—"  # stray marks a word picks up from a ruling beside it ("_a)", "—_—1.1")
_BULLET_MISREADS = {"*", "+", "«", "»", "°", "¢", "©", "e", "o", "•", "·"}  # a "•" as Tesseract reads it
_MARKER_MISREADS = str.maketrans({"©": "c", "€": "e"})
_MAX_MARKER = 4  # characters of a misread list marker: "Cc)", "e€)", "(©)"


@dataclass(frozen=True)
class Word:
    """One Tesseract word on the straightened page, in pixels."""

    text: str
    conf: float
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> int:
        return self.y1 - self.y0


@dataclass
class Lattice:
    """A ruled table: boundary coordinates and which slot edges carry a ruling."""

    xs: list[int]  # column boundaries, left to right
    ys: list[int]  # row boundaries, top to bottom
    horizontal: np.ndarray  # the page's horizontal ruling mask
    vertical: np.ndarray  # the page's vertical ruling mask
    shaded: np.ndarray  # the page's dark shaded blocks, where rulings cannot be seen and are assumed

    def has_top(self, row: int, column: int) -> bool:
        """True when a ruling runs along the top of slot (row, column)."""
        y, x0, x1 = self.ys[row], self.xs[column], self.xs[column + 1]
        window = np.s_[max(0, y - _RULING_SNAP): y + _RULING_SNAP, x0:x1]
        return _coverage((self.horizontal[window] | self.shaded[window]).any(axis=0)) >= _RULING_PRESENT

    def has_left(self, row: int, column: int) -> bool:
        """True when a ruling runs along the left of slot (row, column)."""
        x, y0, y1 = self.xs[column], self.ys[row], self.ys[row + 1]
        window = np.s_[y0:y1, max(0, x - _RULING_SNAP): x + _RULING_SNAP]
        return _coverage((self.vertical[window] | self.shaded[window]).any(axis=1)) >= _RULING_PRESENT


@functools.cache
def tesseract_available() -> bool:
    """True when the Tesseract binary that pytesseract drives is installed."""
    return shutil.which(pytesseract.pytesseract.tesseract_cmd) is not None


@dataclass
class OcrPages:
    """What OCR read from a PDF's scanned pages."""

    grids: list[Grid]  # in page order, one per table, indexed from 0 in this list
    warnings: list[str]  # one line each
    title: list[str]  # lines above the first table of the title page, when one was asked for


def ocr_grids(pdf_bytes: bytes, page_numbers: list[int], title_page: int | None = None) -> OcrPages:
    """Table grids read by OCR from the given 1-based pages, with warnings and, for
    ``title_page``, the lines of its title block.

    Grid indexes count from 0 in this list: the caller renumbers them among
    grids from other readers.
    """
    try:
        pdf = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError as exc:
        raise ExtractionError("PDF is damaged: pdfium cannot parse it") from exc
    result = OcrPages(grids=[], warnings=[], title=[])
    confidences: dict[int, float] = {}
    tableless: list[int] = []
    try:
        for number in page_numbers:
            page = read_page(render_page(pdf, number), number, title=number == title_page)
            if page.confidence is not None:
                confidences[number] = page.confidence
            if not page.grids:
                tableless.append(number)
            result.grids.extend(page.grids)
            result.title.extend(page.title)
    finally:
        pdf.close()
    for index, grid in enumerate(result.grids):
        grid.index = index
    result.warnings = _warnings(confidences, tableless)
    return result


def render_page(pdf: pdfium.PdfDocument, number: int) -> np.ndarray:
    """The 1-based page as a greyscale image at :data:`DPI`."""
    try:
        page = pdf[number - 1]
    except (IndexError, pdfium.PdfiumError) as exc:
        raise ExtractionError(f"PDF is damaged: page {number} cannot be read") from exc
    try:
        bitmap = page.render(scale=DPI / 72, grayscale=True)
        return np.array(bitmap.to_pil().convert("L"))
    finally:
        page.close()


@dataclass
class PageRead:
    """One page's tables, the mean confidence of its words (None if none) and its title lines."""

    grids: list[Grid]
    confidence: float | None
    title: list[str]


def read_page(grey: np.ndarray, page: int, title: bool = False) -> PageRead:
    """The tables on one page image; with ``title``, also the lines above the first table."""
    grey = deskew(grey)
    ink = _ink(grey)
    blocks = shaded_blocks(ink)
    horizontal, vertical = ruling_masks(ink, blocks)
    regions = table_regions(horizontal, vertical)
    box = _union(regions)
    if title and box:
        box = (0, 0, grey.shape[1], box[3])
    words = ocr_words(ocr_image(grey, horizontal | vertical, blocks), box)
    shaded = _shaded_mask(grey.shape, blocks)
    tables = [(_lattice(horizontal, vertical, shaded, box), _region_rows(horizontal, box), _within(words, box))
              for box in regions] or [(None, [], words)]
    grids = []
    for lattice, rulings, inside in tables:
        rows = lattice_rows(lattice, inside) if lattice else borderless_rows(inside, rulings)
        if rows:
            grids.append(Grid(rows=rows, page=page, engine=ENGINE, score=_mean_confidence(inside)))
    above = [word for word in words if regions and word.cy < regions[0][1]] if title else []
    lines = [cell_text(line) for line in text_lines(above)]
    return PageRead(grids=grids, confidence=_mean_confidence(words), title=lines)


# --- image -------------------------------------------------------------------------------------------------


def _ink(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, by Otsu's threshold (scans have one paper tone and one ink tone)."""
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _open(ink: np.ndarray, width: int, height: int) -> np.ndarray:
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, height)))


def skew_angle(grey: np.ndarray) -> float:
    """The page's skew in degrees (positive: rows run down to the right), 0.0 when nothing shows it.

    Ruling lines are the most exact evidence; a page without them is measured
    on its text lines, each smeared into a bar.
    """
    ink = _ink(grey)
    angle = _stroke_angle(_open(ink, _LINE_KERNEL, 1), grey.shape[1])
    if angle is None:
        smeared = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (_TEXT_SMEAR, 1)))
        angle = _stroke_angle(_open(smeared, _LINE_KERNEL, 1), grey.shape[1])
    return angle or 0.0


def _stroke_angle(mask: np.ndarray, page_width: int) -> float | None:
    """Length-weighted median slope of the long connected strokes in ``mask``."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    angles, weights = [], []
    for label in range(1, count):
        x, y, width, height, _ = stats[label]
        if width < page_width * _MIN_SKEW_SPAN:
            continue
        ys, xs = np.nonzero(labels[y: y + height, x: x + width] == label)
        angle = float(np.degrees(np.arctan(np.polyfit(xs, ys, 1)[0])))
        if abs(angle) <= _MAX_SKEW:
            angles.append(angle)
            weights.append(width)
    if not angles:
        return None
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def deskew(grey: np.ndarray) -> np.ndarray:
    """The page rotated so that its rows are horizontal; blank corners filled with paper white."""
    angle = skew_angle(grey)
    if abs(angle) < 0.05:
        return grey
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def shaded_blocks(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of cells shaded so dark that they threshold as ink (a header in white on navy).

    Such a cell is a near-perfect solid rectangle once its light text is
    filled in; a word of bold black text, closed the same way, is ragged.
    """
    filled = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((_TEXT_STROKE, _TEXT_STROKE), np.uint8))
    core = _open(filled, _SOLID_CORE, _SOLID_CORE)
    count, _, stats, _ = cv2.connectedComponentsWithStats(core)
    blocks = []
    for label in range(1, count):
        x, y, width, height, area = stats[label]
        if width >= _LINE_KERNEL and height >= _SOLID_CORE and area >= _SOLID_FILL * width * height:
            blocks.append((int(x), int(y), int(x + width), int(y + height)))
    return blocks


def ruling_masks(ink: np.ndarray, blocks: list[tuple[int, int, int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling lines of a straightened page, as masks.

    A dark shaded block would pass for a bundle of rulings: it is cleared and
    only its outline kept, since a shaded cell's edges are its boundaries.
    """
    thin = ink.copy()
    for x0, y0, x1, y1 in blocks:
        thin[y0:y1, x0:x1] = 0
        cv2.rectangle(thin, (x0, y0), (x1 - 1, y1 - 1), 255, _OUTLINE)
    horizontal, vertical = _open(thin, _LINE_KERNEL, 1), _open(thin, 1, _LINE_KERNEL)
    horizontal = _rulings_only(horizontal, vertical, 0)
    vertical = _rulings_only(vertical, horizontal, 1) | _row_spanning(_open(thin, 1, _SHORT_RULING), horizontal)
    return horizontal, vertical


def _row_spanning(strokes: np.ndarray, horizontal: np.ndarray) -> np.ndarray:
    """The vertical strokes that run from one horizontal ruling down to the next.

    A one-line header row above rows spanning the whole table has column
    rulings shorter than :data:`_LINE_KERNEL`; a letter's stem, however tall,
    never touches a ruling at both ends.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(strokes)
    near = cv2.dilate(horizontal, np.ones((_MEET, _MEET), np.uint8)) > 0
    keep = np.zeros(count, bool)
    for label in range(1, count):
        x, y, width, height, _ = stats[label]
        top, bottom = near[y, x: x + width].any(), near[y + height - 1, x: x + width].any()
        keep[label] = bool(top and bottom)
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _rulings_only(mask: np.ndarray, crossing: np.ndarray, axis: int) -> np.ndarray:
    """``mask`` without the short strokes that are not rulings.

    Blurred bold text yields strokes as long as the kernel ("fewer" read as a
    rule through the word); a ruling is either long or meets a ruling of the
    other direction, which text inside a padded cell never does.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    touching = set(np.unique(labels[cv2.dilate(crossing, np.ones((_MEET, _MEET), np.uint8)) > 0]).tolist())
    length = stats[:, cv2.CC_STAT_WIDTH if axis == 0 else cv2.CC_STAT_HEIGHT]
    keep = np.array([label > 0 and (length[label] >= _MIN_RULING or label in touching) for label in range(count)])
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def ocr_image(grey: np.ndarray, rulings: np.ndarray, blocks: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The page as Tesseract should see it: dark shaded blocks inverted to dark text on light,
    ruling lines (and their blurred fringe) turned to paper white, since they come back as "|" and "_"."""
    cleaned = grey.copy()
    for x0, y0, x1, y1 in blocks:
        inverted = 255 - cleaned[y0:y1, x0:x1].astype(np.float32)
        paper = max(float(np.median(inverted)), 1.0)  # the fill, inverted: stretched to white for contrast
        cleaned[y0:y1, x0:x1] = np.clip(inverted * 255 / paper, 0, 255).astype(np.uint8)
    cleaned[cv2.dilate(rulings, np.ones((5, 5), np.uint8)) > 0] = 255
    return cleaned


def table_regions(horizontal: np.ndarray, vertical: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of ruled tables: groups of touching rulings, top to bottom.

    A lone horizontal rule (a header underline, a footer rule) is no table:
    a region needs two horizontal rulings at least.
    """
    joined = cv2.dilate(horizontal | vertical, np.ones((9, 9), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    regions = []
    for label in range(1, count):
        x, y, width, height, _ = stats[label]
        if width < _MIN_TABLE_SIDE or height < _MIN_TABLE_SIDE // 3:
            continue
        box = (int(x), int(y), int(x + width), int(y + height))
        if len(_region_rows(horizontal, box)) >= 2:
            regions.append(box)
    return sorted(regions, key=lambda box: (box[1], box[0]))


def _peaks(profile: np.ndarray, minimum: float) -> list[int]:
    """Centres of the runs where ``profile`` reaches ``minimum``, runs closer than the snap merged."""
    positions = np.nonzero(profile >= minimum)[0]
    if positions.size == 0:
        return []
    groups: list[list[int]] = [[int(positions[0])]]
    for position in positions[1:]:
        if position - groups[-1][-1] <= _RULING_SNAP:
            groups[-1].append(int(position))
        else:
            groups.append([int(position)])
    return [round(sum(group) / len(group)) for group in groups]


def _region_rows(horizontal: np.ndarray, box: tuple[int, int, int, int]) -> list[int]:
    x0, y0, x1, y1 = box
    return [y0 + y for y in _peaks((horizontal[y0:y1, x0:x1] > 0).sum(axis=1), _LINE_KERNEL)]


def _shaded_mask(shape: tuple[int, ...], blocks: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The interiors of the shaded blocks (inside their outline) as a mask."""
    mask = np.zeros(shape[:2], np.uint8)
    for x0, y0, x1, y1 in blocks:
        mask[y0 + _MEET: y1 - _MEET, x0 + _MEET: x1 - _MEET] = 255
    return mask


def _lattice(
    horizontal: np.ndarray, vertical: np.ndarray, shaded: np.ndarray, box: tuple[int, int, int, int]
) -> Lattice | None:
    """The region's lattice, or None when it lacks the vertical rulings for two columns."""
    x0, y0, x1, y1 = box
    xs = [x0 + x for x in _peaks((vertical[y0:y1, x0:x1] > 0).sum(axis=0), _LINE_KERNEL)]
    ys = _region_rows(horizontal, box)
    if len(xs) < 3 or len(ys) < 2:
        return None
    return Lattice(xs=xs, ys=ys, horizontal=horizontal, vertical=vertical, shaded=shaded)


# --- OCR ---------------------------------------------------------------------------------------------------


def _within(words: list[Word], box: tuple[int, int, int, int]) -> list[Word]:
    x0, y0, x1, y1 = box
    return [word for word in words if x0 <= word.cx <= x1 and y0 <= word.cy <= y1]


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int] | None:
    if not boxes:
        return None
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def ocr_words(grey: np.ndarray, box: tuple[int, int, int, int] | None = None) -> list[Word]:
    """Tesseract's words (one pass) within ``box`` (default: the page), in page pixels,
    without empty boxes and stray rule fragments. Reading only the tables saves the time
    the page furniture would cost."""
    x_off, y_off, x_end, y_end = box or (0, 0, grey.shape[1], grey.shape[0])
    data = pytesseract.image_to_data(
        grey[y_off:y_end, x_off:x_end], lang="eng", config=TESSERACT_CONFIG, output_type=pytesseract.Output.DICT
    )
    words = []
    for text, conf, left, top, width, height in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"], strict=True
    ):
        text = text.strip().strip(_RULE_TRACE)
        if not text or float(conf) < 0 or _JUNK_WORD.match(text):
            continue
        x0, y0 = x_off + left, y_off + top
        words.append(Word(text, float(conf), x0, y0, x0 + width, y0 + height))
    return words


def _mean_confidence(words: Iterable[Word]) -> float | None:
    confs = [word.conf for word in words]
    return round(sum(confs) / len(confs), 1) if confs else None


def cell_text(words: list[Word]) -> str:
    """Words of one cell as text: lines by vertical centre, left to right, joined with "\\n"."""
    return _join_lines([_line_text([w.text for w in sorted(line, key=lambda w: w.x0)]) for line in text_lines(words)])


def _line_text(tokens: list[str]) -> str:
    """One line's words, its first token repaired when it is a misread bullet or list marker.

    "•" comes back as "*", "+", "«" or "e"; "c)" as "©)" or "Cc)". A
    record builder splitting list items needs the marks intact.
    """
    first = tokens[0]
    if first in _BULLET_MISREADS and len(tokens) > 1:
        first = "•"
    elif first.endswith(")") and len(first) <= _MAX_MARKER:
        letters = [c for c in first.translate(_MARKER_MISREADS) if c.isalpha()]
        if letters and len({c.casefold() for c in letters}) == 1:
            first = ("(" if first.startswith("(") else "") + letters[-1] + ")"
    return " ".join([first, *tokens[1:]])


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines, top to bottom: a word within half a line height of a line's centre joins it."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.cy):
        if lines and word.cy - _line_centre(lines[-1]) <= _line_height(lines[-1]) / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _line_centre(line: list[Word]) -> float:
    return sum(word.cy for word in line) / len(line)


def _line_height(line: list[Word]) -> float:
    return float(np.median([word.height for word in line]))


def _join_lines(lines: list[str]) -> str:
    """Lines joined with "\\n", except that a line ending in a hyphen runs on into the next."""
    text = ""
    for line in lines:
        if text.endswith("-") and text[-2:-1].isalpha() and line[:1].isalpha():
            text += line
        else:
            text += ("\n" if text else "") + line
    return text


# --- grids -------------------------------------------------------------------------------------------------


def lattice_rows(lattice: Lattice, words: list[Word]) -> list[list[Cell]]:
    """Grid rows from a ruled lattice: each physical cell's text in its top-left slot."""
    n_rows, n_columns = len(lattice.ys) - 1, len(lattice.xs) - 1
    owner = _physical_cells(lattice, n_rows, n_columns)
    members: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        slot = _slot(lattice, word)
        if slot:
            members.setdefault(owner[slot], []).append(word)
    rows = []
    for row in range(n_rows):
        cells = []
        for column in range(n_columns):
            top_left = owner[(row, column)]
            bbox = _bbox(lattice, row, column)
            if top_left == (row, column):
                found = members.get(top_left, [])
                cells.append(Cell(cell_text(found), bbox=bbox, confidence=_mean_confidence(found)))
            else:
                cells.append(Cell("", bbox=bbox, merged_from_above=top_left[0] < row))
        rows.append(cells)
    return [row for row in rows if any(cell.text or cell.merged_from_above for cell in row)]


def _physical_cells(lattice: Lattice, n_rows: int, n_columns: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Each slot's physical cell, named by its top-left slot: slots join across missing rulings."""
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_columns)}

    def find(slot: tuple[int, int]) -> tuple[int, int]:
        while parent[slot] != slot:
            slot = parent[slot]
        return slot

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        first, second = sorted((find(a), find(b)))
        parent[second] = first

    for row in range(n_rows):
        for column in range(n_columns):
            if column and not lattice.has_left(row, column):
                union((row, column - 1), (row, column))
            if row and not lattice.has_top(row, column):
                union((row - 1, column), (row, column))
    return {slot: find(slot) for slot in parent}


def _slot(lattice: Lattice, word: Word) -> tuple[int, int] | None:
    row = int(np.searchsorted(lattice.ys, word.cy)) - 1
    column = int(np.searchsorted(lattice.xs, word.cx)) - 1
    if 0 <= row < len(lattice.ys) - 1 and 0 <= column < len(lattice.xs) - 1:
        return row, column
    return None


def _bbox(lattice: Lattice, row: int, column: int) -> tuple[float, float, float, float]:
    x0, x1 = lattice.xs[column], lattice.xs[column + 1]
    y0, y1 = lattice.ys[row], lattice.ys[row + 1]
    return tuple(round(v * _POINTS_PER_PIXEL, 1) for v in (x0, y0, x1, y1))  # type: ignore[return-value]


def borderless_rows(words: list[Word], rulings: list[int]) -> list[list[Cell]]:
    """Grid rows of a table without vertical rulings: columns from x gaps, rows from rulings or line gaps."""
    if not words:
        return []
    edges = column_edges(words)
    bands = _row_bands(words, rulings)
    rows = []
    for band in bands:
        by_column: list[list[Word]] = [[] for _ in range(len(edges) - 1)]
        for word in band:
            by_column[max(0, int(np.searchsorted(edges, word.cx)) - 1)].append(word)
        rows.append([Cell(cell_text(found), confidence=_mean_confidence(found)) for found in by_column])
    return _trim_furniture(rows)


def _trim_furniture(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows without leading and trailing single-cell rows: without rulings to bound the
    table, the title above it and the footer below it are read as rows too."""
    filled = [i for i, row in enumerate(rows) if sum(bool(cell.text) for cell in row) >= 2]
    return rows[filled[0]: filled[-1] + 1] if filled else []


def column_edges(words: list[Word]) -> list[float]:
    """Column boundaries where no word's box crosses a gap of :data:`_MIN_COLUMN_GAP` pixels or more.

    A few words may cross (a heading spanning the table), so a gap needs only
    to be free of almost all words.
    """
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    coverage = np.zeros(right - left + 1, dtype=int)
    for word in words:
        coverage[word.x0 - left: word.x1 - left + 1] += 1
    free = coverage <= max(1, len(words) // 100)
    edges: list[float] = [float(left)]
    start = None
    for x, empty in enumerate(free):
        if empty and start is None:
            start = x
        elif not empty and start is not None:
            if x - start >= _MIN_COLUMN_GAP:
                edges.append(left + (start + x) / 2)
            start = None
    edges.append(float(right + 1))
    return edges


def _row_bands(words: list[Word], rulings: list[int]) -> list[list[Word]]:
    """Words grouped into table rows: between rulings when given, else split at wide gaps between lines."""
    if rulings:
        bands: dict[int, list[Word]] = {}
        for word in words:
            bands.setdefault(int(np.searchsorted(rulings, word.cy)), []).append(word)
        return [bands[key] for key in sorted(bands)]
    lines = text_lines(words)
    height = float(np.median([word.height for word in words]))
    grouped: list[list[Word]] = [list(lines[0])]
    for previous, line in pairwise(lines):
        gap = min(w.y0 for w in line) - max(w.y1 for w in previous)
        if gap >= _ROW_GAP_FACTOR * height:
            grouped.append([])
        grouped[-1].extend(line)
    return grouped


def _coverage(present: np.ndarray) -> float:
    return float(present.mean()) if present.size else 0.0


def _warnings(confidences: dict[int, float], tableless: list[int]) -> list[str]:
    out = []
    low = {page: conf for page, conf in confidences.items() if conf < LOW_CONFIDENCE}
    if low:
        mean = round(sum(low.values()) / len(low))
        out.append(f"{_pages(low)}: low OCR confidence (mean {mean})")
    if tableless:
        out.append(f"{_pages(tableless)}: no table found by OCR")
    return out


def _pages(numbers: Iterable[int]) -> str:
    numbers = sorted(numbers)
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(map(str, numbers))
