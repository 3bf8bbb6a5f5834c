"""Scanned (image-only) PDF pages read into the same page objects as a text layer, via OpenCV and Tesseract.

Each page is rendered once (pdfium, greyscale), straightened, and read once by
Tesseract (``--psm 6``: layout analysis drops the short isolated words of RAG
columns). What the image draws becomes what :mod:`extractors.readers.page_tables`
reads from a PDF's text layer, so a scan and its original are read alike:

1. **Skew**: the long horizontal strokes (rules, or text lines smeared into
   bars) each give a slope; their length-weighted median is the page's skew.
2. **Rules**: a morphological open with long kernels keeps only ruling lines;
   each connected stroke is an edge. A cell shaded so dark that it thresholds as
   ink (white text on navy) is a shape; its outline stands in for the rules it
   hides, and Tesseract sees it inverted.
3. **Words**: Tesseract's words with the rules painted out (they come back as
   "|" and "_"), a misread bullet or list marker repaired.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import shutil
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytesseract
from PIL import Image

from extractors.base import ExtractionError, Failure
from extractors.layout import Block, Table
from extractors.readers.page_tables import Columns, page_items
from extractors.readers.pdf_objects import PageObjects, Shape, Word, hex_colour
from extractors.settings import Settings

# Pages are read in parallel threads (and files in parallel processes), each running one Tesseract:
# Tesseract's and OpenCV's own threads would only fight them over the cores.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
cv2.setNumThreads(1)
log = logging.getLogger(__name__)

TESSERACT_CONFIG = "--psm 6"
# Sizes on the page are in points (1/72 inch), turned into pixels at the resolution a page is rendered at,
# so that a page reads alike at any resolution.
_LINE_KERNEL = 14.4  # points (5 mm): longer than any stroke of body text, shorter than a narrow cell
_MIN_SKEW_SPAN = 1 / 8  # a stroke used for the skew spans at least this share of the page width
_MAX_SKEW = 10.0  # degrees; steeper strokes are not rows
_TEXT_STROKE = 1.68  # points: wider than the strokes of light text on a dark shaded cell
_SOLID_CORE = 8.4  # points: a dark block at least this thick both ways is shading, not a rule
_SOLID_FILL = 0.85  # share of its bounding box a shaded cell fills
_DARK_SHARE = 0.8  # of a shaded block's pixels that threshold as ink (its light words take the rest; a light
# grey header row's rules and dark text, closed over into a band, cover under 0.75)
_MIN_RULING = 36.0  # points: a stroke this long is a rule even when it meets no other
_SHORT_RULING = 7.2  # points: a vertical stroke this short is a rule only when it spans a row, rule to rule
_MEET = 2.16  # points: rules this close are taken to meet
_FAINT = 20  # grey levels below the paper: a light rule (pale grey under each row) is this much darker
_FAINT_THICKNESS = 2.4  # points: a faint stroke at most this thick is a rule (a line of text smears thicker)
_OUTLINE = 0.72  # points: thickness of the boundary drawn round a shaded block
_TEXT_SMEAR = 9.6  # points: closing gap that turns a text line into one bar
_RULE_PAINT = 1.2  # points: width painted out along a rule (its stroke and blur) before OCR
_JUNK_WORD = re.compile(r"^[|_\-—–=~:;,.'\"`§]+$")  # rule fragments and specks read as punctuation
_RULE_TRACE = "_|—="  # stray marks a word picks up from a rule beside it (a doubled stroke reads "=")
_BULLET_MISREADS = {"*", "+", "«", "»", "°", "¢", "©", "®", "e", "o", "•", "·"}  # a "•" as Tesseract reads it
_MARKER_MISREADS = str.maketrans({"©": "c", "€": "e"})
_MAX_MARKER = 4  # characters of a misread list marker: "Cc)", "e€)", "(©)"


@functools.cache
def tesseract_available() -> bool:
    return shutil.which(pytesseract.pytesseract.tesseract_cmd) is not None


class Pixels:
    """Sizes in points as whole pixels at the resolution a page was rendered at."""

    def __init__(self, dpi: float) -> None:
        self.per_point = dpi / 72

    def __call__(self, points: float) -> int:
        return max(1, round(points * self.per_point))


def _components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """cv2.connectedComponentsWithStats with 16-bit labels (a third of the time at 300 dpi), 32-bit
    when a mask holds more components than 16 bits count (OpenCV raises rather than wrap)."""
    try:
        return cv2.connectedComponentsWithStats(mask, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, ltype=cv2.CV_32S)


def _strokes(mask: np.ndarray) -> list[tuple[int, int, int, int, int, int]]:
    """Box (x, y, width, height) and first pixel (x, y) of each 8-connected component of a sparse mask,
    in the order :func:`_components` labels them, at a tenth of its cost: from the outer contours."""
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    outer = sorted(((int(c[0, 0, 1]), int(c[0, 0, 0]), c) for c, link in zip(contours, hierarchy[0] if contours else ())
                    if link[3] < 0), key=lambda found: found[:2])  # a contour starts at its first pixel
    return [(*cv2.boundingRect(contour), x, y) for y, x, contour in outer]


def _kept(labels: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The mask of the components whose ``keep`` is set: one uint8 look-up per pixel."""
    return np.where(keep, 255, 0).astype(np.uint8)[labels]


def _ink(grey: np.ndarray) -> np.ndarray:
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _open(ink: np.ndarray, width: int, height: int) -> np.ndarray:
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, height)))


def _stroke_angle(mask: np.ndarray, page_width: int) -> float | None:
    """Length-weighted median slope of the long connected strokes in ``mask``."""
    angles, weights = [], []
    for x, y, width, height, first_x, first_y in _strokes(mask):
        if width < page_width * _MIN_SKEW_SPAN:
            continue
        _, labels = cv2.connectedComponents(mask[y: y + height, x: x + width])
        ys, xs = np.nonzero(labels == labels[first_y - y, first_x - x])
        angle = float(np.degrees(np.arctan(np.polyfit(xs, ys, 1)[0])))
        if abs(angle) <= _MAX_SKEW:
            angles.append(angle)
            weights.append(width)
    if not angles:
        return None
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def deskew(grey: np.ndarray, px: Pixels) -> np.ndarray:
    """The page rotated so that its rows are horizontal; blank corners filled with paper white."""
    ink = _ink(grey)
    angle = _stroke_angle(_open(ink, px(_LINE_KERNEL), 1), grey.shape[1])
    if angle is None:
        smear = cv2.getStructuringElement(cv2.MORPH_RECT, (px(_TEXT_SMEAR), 1))
        angle = _stroke_angle(_open(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, smear), px(_LINE_KERNEL), 1),
                              grey.shape[1]) or 0.0
    if abs(angle) < 0.05:
        return grey
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def shaded_blocks(ink: np.ndarray, px: Pixels) -> list[tuple[int, int, int, int]]:
    """Boxes of cells shaded so dark that they threshold as ink: near-solid rectangles once their
    light text is closed over (a word of bold black text, closed the same way, is ragged)."""
    core, meet = px(_SOLID_CORE), px(_MEET)
    filled = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((px(_TEXT_STROKE),) * 2, np.uint8))
    count, labels, stats, _ = _components(_open(filled, core, core))
    blocks = [_band(ink, solid, meet) for i, (x, y, w, h, area) in enumerate(stats[1:count], 1)
              if w >= px(_LINE_KERNEL) and h >= core and (solid := _solid_rows(labels, i, (x, y, w, h, area), core))]
    merged: list[tuple[int, int, int, int]] = []
    for x0, y0, x1, y1 in sorted(blocks, key=lambda b: (b[1] - b[3], b[0])):  # tallest first
        inside = next((i for i, (a0, b0, a1, b1) in enumerate(merged)
                       if x0 <= a1 and a0 <= x1 and b0 - meet <= y0 and y1 <= b1 + meet), None)
        if inside is None:
            merged.append((x0, y0, x1, y1))
        else:  # a piece of a band already found (above or below its words, or beside them)
            a0, b0, a1, b1 = merged[inside]
            merged[inside] = (min(a0, x0), b0, max(a1, x1), b1)
    return sorted((b for b in merged if (ink[b[1]:b[3], b[0]:b[2]] > 0).mean() >= _DARK_SHARE), key=lambda b: (b[1], b[0]))


def _solid_rows(labels: np.ndarray, label: int, stats: tuple[int, int, int, int, int],
                core: int) -> tuple[int, int, int, int] | None:
    """The box of a shaded block: the component's own box when it fills it, else its longest run of
    rows filled across (a band with something dark touching it below or above), if ``core`` thick."""
    x, y, w, h, area = stats
    if area >= _SOLID_FILL * w * h:
        return int(x), int(y), int(x + w), int(y + h)
    full = np.append((labels[y:y + h, x:x + w] == label).sum(axis=1) >= _SOLID_FILL * w, False)
    best, start = (0, 0), None
    for row, on in enumerate(full):
        if on and start is None:
            start = row
        elif not on and start is not None:
            best, start = max(best, (row - start, start)), None
    length, top = best
    return (int(x), int(y + top), int(x + w), int(y + top + length)) if length >= core else None


def _band(ink: np.ndarray, block: tuple[int, int, int, int], meet: int) -> tuple[int, int, int, int]:
    """A dark block widened along its row over the columns whose top and bottom margins are ink too:
    big light words cut a shaded band into pieces where they stand (closing does not bridge their
    strokes), while the band's margins above and below them stay dark."""
    x0, y0, x1, y1 = block
    margin = max(2, (y1 - y0) // 6)
    edges = np.concatenate([ink[y0:y0 + margin], ink[y1 - margin:y1]]) > 0
    dark = edges.mean(axis=0) >= 0.5  # a descender may cut one margin, never both

    def reach(start: int, step: int) -> int:
        end, gap, x = start, 0, start + step
        while 0 <= x < dark.size and gap <= meet:
            end, gap = (x, 0) if dark[x] else (end, gap + 1)
            x += step
        return end

    return reach(x0, -1), y0, reach(x1 - 1, 1) + 1, y1


def _row_spanning(strokes: np.ndarray, horizontal: np.ndarray, meet: int) -> np.ndarray:
    """Vertical strokes running from one horizontal rule down to the next (a one-line header's
    column rules are shorter than the kernel; a letter's stem never touches a rule at both ends)."""
    count, labels, stats, _ = _components(strokes)
    near = cv2.dilate(horizontal, np.ones((meet, meet), np.uint8)) > 0
    ruled_rows = near.any(axis=1)
    x, y, width, height = (stats[:, i].astype(np.int64) for i in range(4))
    candidates = ruled_rows[y] & ruled_rows[y + height - 1]  # both ends on a row some rule runs along
    candidates[0] = False
    keep = np.zeros(count, bool)
    for label in np.flatnonzero(candidates):
        span = slice(x[label], x[label] + width[label])
        keep[label] = bool(near[y[label], span].any() and near[y[label] + height[label] - 1, span].any())
    return _kept(labels, keep)


def _rulings_only(mask: np.ndarray, crossing: np.ndarray, axis: int, px: Pixels) -> np.ndarray:
    """``mask`` without short strokes that meet no rule of the other direction (blurred bold text)."""
    count, labels, stats, _ = _components(mask)
    keep = stats[:, cv2.CC_STAT_WIDTH if axis == 0 else cv2.CC_STAT_HEIGHT] >= px(_MIN_RULING)
    keep[labels[cv2.dilate(crossing, np.ones((px(_MEET),) * 2, np.uint8)) > 0]] = True  # touching a crossing rule
    keep[0] = False
    return _kept(labels, keep)


def faint_rules(grey: np.ndarray, ink: np.ndarray, px: Pixels) -> np.ndarray:
    """Long thin horizontal strokes a little darker than the paper but lighter than ink: pale row
    rules, which the ink threshold (set between paper and text) takes for paper."""
    pale = math.ceil(_median(grey) - _FAINT) - 1  # the palest grey level below paper - _FAINT
    strokes = _open(cv2.threshold(grey, pale, 255, cv2.THRESH_BINARY_INV)[1], px(_LINE_KERNEL), 1)
    count, labels, stats, _ = _components(strokes)
    inked = np.bincount(labels[ink > 0], minlength=count)
    keep = (stats[:, cv2.CC_STAT_WIDTH] >= px(_MIN_RULING)) & (stats[:, cv2.CC_STAT_HEIGHT] <= px(_FAINT_THICKNESS)) \
        & (inked < stats[:, cv2.CC_STAT_AREA] / 2)  # mostly pale: not a text line's strokes run together
    keep[0] = False
    return _kept(labels, keep)


def _median(grey: np.ndarray) -> float:
    """np.median of a uint8 image, from its histogram (a sort of every pixel costs ten times as much)."""
    cumulative = np.cumsum(cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel().astype(np.int64))
    middle = np.searchsorted(cumulative, [(grey.size - 1) // 2 + 1, grey.size // 2 + 1])
    return float(middle.mean())


def ruling_masks(grey: np.ndarray, ink: np.ndarray, blocks: list[tuple[int, int, int, int]],
                 px: Pixels) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules of a straightened page (pale ones too); a dark block keeps
    only its outline."""
    thin = ink.copy()
    for x0, y0, x1, y1 in blocks:
        thin[y0:y1, x0:x1] = 0
        cv2.rectangle(thin, (x0, y0), (x1 - 1, y1 - 1), 255, px(_OUTLINE))
    horizontal, vertical = _open(thin, px(_LINE_KERNEL), 1), _open(thin, 1, px(_LINE_KERNEL))
    horizontal = _rulings_only(horizontal, vertical, 0, px) | faint_rules(grey, ink, px)
    vertical = _rulings_only(vertical, horizontal, 1, px) | _row_spanning(_open(thin, 1, px(_SHORT_RULING)),
                                                                         horizontal, px(_MEET))
    return horizontal, vertical


def _edges(mask: np.ndarray, orientation: str, scale: float) -> list[dict]:
    out = []
    for x, y, w, h, _, _ in _strokes(mask):
        x0, top, x1, bottom = x * scale, y * scale, (x + w) * scale, (y + h) * scale
        if orientation == "h":
            mid = (top + bottom) / 2
            out.append({"orientation": "h", "x0": x0, "x1": x1, "top": mid, "bottom": mid, "width": x1 - x0, "height": 0.0})
        else:
            mid = (x0 + x1) / 2
            out.append({"orientation": "v", "x0": mid, "x1": mid, "top": top, "bottom": bottom, "width": 0.0,
                        "height": bottom - top})
    return out


def _through_blocks(edges: list[dict], blocks: list[tuple[float, float, float, float]]) -> None:
    """Column rules assumed inside dark blocks, where the table's rules elsewhere stand: shading
    hides the rules inside it (a navy header row)."""
    columns = {round(e["x0"], 1) for e in edges if e["orientation"] == "v"}
    for x0, top, x1, bottom in blocks:
        for x in sorted(c for c in columns if x0 + 1 < c < x1 - 1):
            edges.append({"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
                          "height": bottom - top})


def ocr_image(grey: np.ndarray, rulings: np.ndarray, blocks: list[tuple[int, int, int, int]],
              px: Pixels) -> np.ndarray:
    """The page as Tesseract should see it: dark blocks inverted to dark on light, rules turned to paper."""
    cleaned = grey.copy()
    for x0, y0, x1, y1 in blocks:
        inverted = 255 - cleaned[y0:y1, x0:x1].astype(np.float32)
        paper = max(float(np.median(inverted)), 1.0)
        cleaned[y0:y1, x0:x1] = np.clip(inverted * 255 / paper, 0, 255).astype(np.uint8)
    return cv2.max(cleaned, cv2.dilate(rulings, np.ones((px(_RULE_PAINT),) * 2, np.uint8)))  # rules to paper


def _repaired(text: str) -> str:
    """A misread bullet ("*", "«", "e") or list marker ("©)", "Cc)") as printed."""
    if text in _BULLET_MISREADS:
        return "•"
    if text.endswith(")") and len(text) <= _MAX_MARKER:
        letters = [c for c in text.translate(_MARKER_MISREADS) if c.isalpha()]
        if letters and len({c.casefold() for c in letters}) == 1:
            return ("(" if text.startswith("(") else "") + letters[-1] + ")"
    return text


def ocr_words(grey: np.ndarray, scale: float) -> tuple[list[Word], list[float]]:
    """Tesseract's words in points, and their confidences; the first word of a line or cell repaired."""
    image = Image.fromarray(grey)
    image.format = "BMP"  # handed to Tesseract uncompressed: PNG encoding cost 5% of the OCR time
    data = pytesseract.image_to_data(image, lang="eng", config=TESSERACT_CONFIG, output_type=pytesseract.Output.DICT)
    words, confidences = [], []
    last_line, last_right = None, 0
    for text, conf, left, top, width, height, block, par, line in zip(
        data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"],
        data["block_num"], data["par_num"], data["line_num"], strict=True,
    ):
        text = text.strip().strip(_RULE_TRACE)
        if not text or float(conf) < 0 or _JUNK_WORD.match(text):
            continue
        key = (block, par, line)
        if key != last_line or left - last_right > 2 * height:  # a line's or a cell's first word
            text = _repaired(text)
            last_line = key
        last_right = left + width
        size = height * scale / 0.72  # a word's box is about 0.72 of its font size
        words.append(Word(text, left * scale, (left + width) * scale, top * scale, (top + height) * scale, size))
        confidences.append(float(conf))
    return words, confidences


def render(pdf: pdfium.PdfDocument, index: int, dpi: int, max_pixels: int) -> tuple[np.ndarray | None, float]:
    """The page as a greyscale image and the dpi it was rendered at: ``dpi``, or less for a page over
    ``max_pixels`` at it; None for a page with nothing on it (blank pages cost nothing)."""
    page = pdf[index]
    try:
        if next(page.get_objects(), None) is None:
            return None, dpi
        width, height = page.get_size()
        scale = min(dpi / 72, (max_pixels / max(1.0, width * height)) ** 0.5)
        return np.array(page.render(scale=scale, grayscale=True).to_pil().convert("L")), scale * 72
    finally:
        page.close()


def page_geometry(grey: np.ndarray, px: Pixels) -> tuple[np.ndarray, list[tuple[int, int, int, int]], np.ndarray,
                                                         np.ndarray, np.ndarray]:
    """The straightened page, its dark blocks, its horizontal and vertical rules, and the image Tesseract reads."""
    grey = deskew(grey, px)
    ink = _ink(grey)
    blocks = shaded_blocks(ink, px)
    horizontal, vertical = ruling_masks(grey, ink, blocks, px)
    return grey, blocks, horizontal, vertical, ocr_image(grey, horizontal | vertical, blocks, px)


def read_scan(grey: np.ndarray, number: int, dpi: float) -> tuple[PageObjects, float | None]:
    """One page image as page objects (points), and the mean confidence of its words."""
    scale, px = 72 / dpi, Pixels(dpi)
    grey, blocks, horizontal, vertical, image = page_geometry(grey, px)
    words, confidences = ocr_words(image, scale)
    page = PageObjects(number=number, width=grey.shape[1] * scale, height=grey.shape[0] * scale, words=words,
                       edges=_edges(horizontal, "h", scale) + _edges(vertical, "v", scale))
    for x0, y0, x1, y1 in blocks:
        tone = float(np.median(grey[y0:y1, x0:x1])) / 255
        page.shapes.append(Shape(x0 * scale, y0 * scale, x1 * scale, y1 * scale, hex_colour(tone, tone, tone)))
    _through_blocks(page.edges, [(s.x0, s.top, s.x1, s.bottom) for s in page.shapes])
    return page, (round(sum(confidences) / len(confidences), 1) if confidences else None)


def _read_pages(pdf: pdfium.PdfDocument, indices: list[int],
                settings: Settings) -> Iterator[tuple[int, PageObjects, float | None]]:
    """Each page with something on it read (page objects, mean confidence), in page order.

    Pages are rendered here one at a time (pdfium is not thread-safe) and read by up to
    ``settings.ocr_threads`` threads at once; OpenCV and Tesseract (a process of its own) run
    outside the GIL. At most two pages a thread wait rendered, which bounds the memory held.
    """
    threads = max(1, min(settings.ocr_threads, os.cpu_count() or 1, len(indices)))
    waiting: deque[tuple[int, Future[tuple[PageObjects, float | None]]]] = deque()
    with ThreadPoolExecutor(threads, thread_name_prefix="ocr") as pool:
        for index in indices:
            try:
                grey, dpi = render(pdf, index, settings.ocr_dpi, settings.max_render_pixels)
            except pdfium.PdfiumError as exc:
                raise ExtractionError(f"PDF is damaged: page {index + 1} cannot be rendered", Failure.DAMAGED_PDF) from exc
            if grey is not None:
                waiting.append((index, pool.submit(read_scan, grey, index + 1, dpi)))
            while len(waiting) > 2 * threads or (waiting and waiting[0][1].done()):
                index, future = waiting.popleft()
                yield index, *future.result()
        for index, future in waiting:
            yield index, *future.result()


def ocr_pages(pdf: pdfium.PdfDocument, indices: list[int], warnings: list[str], settings: Settings,
              name: str = "") -> dict[int, list[Table | Block]]:
    """Tables and lines of the scanned pages (0-based indices), by page; warnings for weak pages.

    Every ``settings.ocr_progress_pages`` pages read, a line at INFO on this module's logger says how far
    the file ``name`` has got: a long scan takes minutes.
    """
    if not tesseract_available():
        warnings.append(f"{len(indices)} pages have no text layer and Tesseract is not installed; skipped")
        return {}
    out: dict[int, list[Table | Block]] = {}
    carried: Columns | None = None
    low: list[int] = []
    started = time.monotonic()
    for done, (index, page, confidence) in enumerate(_read_pages(pdf, indices, settings), 1):
        if confidence is not None and confidence < settings.low_ocr_confidence:
            low.append(index + 1)
        out[index], carried = page_items(page, carried, settings, engine="ocr")
        if done % settings.ocr_progress_pages == 0 and done < len(indices):
            log.info("%s: OCR page %d of %d (%.1f pages/s)", name or "PDF", done, len(indices),
                     done / max(time.monotonic() - started, 1e-9))
    if low:
        warnings.append(f"pages {', '.join(map(str, low))}: low OCR confidence")
    return out
