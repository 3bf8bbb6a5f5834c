"""What a PDF page draws, read once with pdfium: words with their style, rules, filled shapes.

pdfium (pypdfium2) is an order of magnitude faster than pdfminer, and gives
per character what a table reader needs: its box, baseline, font size,
weight and fill colour. Paths are read segment by segment, so a grid drawn as
one path or as many, a thin filled rectangle standing for a rule, and a cell's
shading are all seen for what they are.

Coordinates are points from the top left of the page as displayed upright: a
page turned by /Rotate, or a page whose text mostly runs sideways (a landscape
table printed turned onto a portrait page), is turned back by quarter turns so
that its text runs left to right.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extractors.settings import SETTINGS, Settings

_SPACE = {" ", "\u00a0", "\t"}
_BREAK = {"\r", "\n", "\x0c"}


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    colour: str | None = None  # "RRGGBB" when not black or grey


@dataclass(slots=True)
class Shape:
    """A filled area: a cell's shading, a zebra band, or a mark (dot, square) drawn in a cell."""

    x0: float
    top: float
    x1: float
    bottom: float
    fill: str  # "RRGGBB"
    curved: bool = False  # drawn with curves: a dot rather than a box


@dataclass
class PageObjects:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)  # pdfplumber-style edges: orientation, x0, x1, top, bottom
    shapes: list[Shape] = field(default_factory=list)


def hex_colour(r: float, g: float, b: float) -> str:
    return "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in (r, g, b))


def is_plain(colour: str | None) -> bool:
    """Black, white or a grey: no colour that could carry a status."""
    if colour is None:
        return True
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return max(r, g, b) - min(r, g, b) < 24


def _rgba(getter, obj) -> tuple[int, int, int, int] | None:
    parts = [ctypes.c_uint() for _ in range(4)]
    if not getter(obj, *parts):
        return None
    return tuple(p.value for p in parts)  # type: ignore[return-value]


class _Turn:
    """Maps PDF user space (y up) to the upright page (y down), turned clockwise by quarter turns."""

    def __init__(self, width: float, height: float, turns: int):
        self.turns = turns % 4
        self.width, self.height = width, height

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        x0, x1 = (x0, x1) if x0 <= x1 else (x1, x0)
        y0, y1 = (y0, y1) if y0 <= y1 else (y1, y0)
        w, h = self.width, self.height  # y flipped, then (x, top) -> (height - top, x) per quarter turn
        if self.turns == 0:
            return x0, h - y1, x1, h - y0
        if self.turns == 1:
            return y0, x0, y1, x1
        if self.turns == 2:
            return w - x1, y0, w - x0, y1
        return h - y1, w - x1, h - y0, w - x0

    def rects(self, chars: list[tuple]) -> list[tuple[float, float, float, float]]:
        """``box`` of every character (text, x0, y0, x1, y1, ...), its corners already ordered."""
        w, h = self.width, self.height
        if self.turns == 0:
            return [(c[1], h - c[4], c[3], h - c[2]) for c in chars]
        if self.turns == 1:
            return [(c[2], c[1], c[4], c[3]) for c in chars]
        if self.turns == 2:
            return [(w - c[3], c[2], w - c[1], c[4]) for c in chars]
        return [(h - c[4], w - c[3], h - c[2], w - c[1]) for c in chars]

    @property
    def size(self) -> tuple[float, float]:
        return (self.height, self.width) if self.turns % 2 else (self.width, self.height)


# The text object a character belongs to, as an address: its style is asked once per object.
_TEXT_OBJECT = ctypes.cast(raw.FPDFText_GetTextObject, ctypes.CFUNCTYPE(ctypes.c_void_p, raw.FPDF_TEXTPAGE, ctypes.c_int))
_BOLD_NAMES = ("bold", "black", "heavy", "semibold")


def _style(handle, i: int, fonts: dict[int | None, bool]) -> tuple[float, bool, str | None, float]:
    """(size, bold, colour, angle) of character i: the same for every character of its text object."""
    font = ctypes.cast(raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(handle, i)), ctypes.c_void_p).value
    if font not in fonts:  # the weight, else the name ("Helvetica-Bold", "ABCDEF+Arial-BoldMT")
        buffer, flags = ctypes.create_string_buffer(96), ctypes.c_int()
        raw.FPDFText_GetFontInfo(handle, i, buffer, len(buffer), flags)
        name = buffer.value.decode("latin-1", "replace").lower()
        fonts[font] = raw.FPDFText_GetFontWeight(handle, i) >= 600 or any(word in name for word in _BOLD_NAMES)
    rgba = [ctypes.c_uint() for _ in range(4)]
    colour = hex_colour(*(v.value / 255 for v in rgba[:3])) if raw.FPDFText_GetFillColor(handle, i, *rgba) else None
    return (raw.FPDFText_GetFontSize(handle, i), fonts[font], None if is_plain(colour) else colour,
            raw.FPDFText_GetCharAngle(handle, i))


def _clip_box(obj: int) -> tuple[float, float, float, float] | None:
    """The box a text object is clipped to (x0, y0, x1, y1 in page space), or None when unclipped.
    An office suite draws a merged cell's whole text on each page it spans, clipped to the part of
    the cell on that page: the rest is not on the page."""
    clip = raw.FPDFPageObj_GetClipPath(ctypes.cast(obj, raw.FPDF_PAGEOBJECT))
    if not clip:
        return None
    box = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(raw.FPDFClipPath_CountPaths(clip)):
        points = []
        for k in range(raw.FPDFClipPath_CountPathSegments(clip, p)):
            if raw.FPDFPathSegment_GetPoint(raw.FPDFClipPath_GetPathSegment(clip, p, k), x, y):
                points.append((x.value, y.value))
        if points:
            xs, ys = [q[0] for q in points], [q[1] for q in points]
            part = (min(xs), min(ys), max(xs), max(ys))
            box = part if box is None else (max(box[0], part[0]), max(box[1], part[1]),
                                            min(box[2], part[2]), min(box[3], part[3]))
    return box


def _clipped(box: tuple[float, float, float, float] | None, x: float, y: float) -> bool:
    return box is not None and not (box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1)


def _codes(handle, count: int) -> list[int]:
    """Every character's code point: the page's text in one call (one UTF-16 unit per character)
    unless a character lies beyond the BMP, when each is asked for apart."""
    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(handle, 0, count, buffer)
    codes = buffer[:count]
    if any(0xD800 <= code <= 0xDFFF for code in codes):
        return [raw.FPDFText_GetUnicode(handle, i) for i in range(count)]
    return codes


def _chars(textpage: pdfium.PdfTextPage) -> list[tuple]:
    """(text, x0, y0, x1, y1, size, bold, colour, angle) per character, in pdfium's reading order."""
    out = []
    handle = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = raw.FS_RECTF()
    fonts: dict[int | None, bool] = {}
    styles: dict[int, tuple[float, bool, str | None, float]] = {}
    clips: dict[int, tuple[float, float, float, float] | None] = {}
    loose_box, text_object = raw.FPDFText_GetLooseCharBox, _TEXT_OBJECT
    blank = (" ", 0.0, 0.0, 0.0, 0.0, 0.0, False, None, 0.0)
    for i, code in enumerate(_codes(handle, textpage.count_chars())):
        char = "-" if code in (0x02, 0xFFFE) else chr(code) if code else ""  # pdfium: a hyphen that ended a line
        if not char or char in _BREAK or char in _SPACE:
            out.append(blank)
            continue
        if loose_box(handle, i, rect):
            x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        else:
            raw.FPDFText_GetCharBox(handle, i, left, right, bottom, top)
            x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        obj = text_object(handle, i)
        if obj and obj not in clips:
            clips[obj] = _clip_box(obj)
        if obj and _clipped(clips[obj], (x0 + x1) / 2, (y0 + y1) / 2):
            out.append(blank)  # drawn where it is clipped away
            continue
        style = styles.get(obj) if obj else None
        if style is None:
            style = _style(handle, i, fonts)
            if obj:
                styles[obj] = style
        out.append((char, x0, y0, x1, y1, *style))
    return out


def _quarter_turns(chars: list[tuple]) -> int:
    """Clockwise quarter turns that make most of the page's text run left to right. Characters are
    placed in the page's own space, before any /Rotate: how the page is displayed does not count."""
    votes: Counter[int] = Counter()
    for angle, count in Counter(char[8] for char in chars if char[5]).items():
        votes[-round(math.degrees(angle) / 90) % 4] += count  # pdfium's angle turns clockwise: turn it back
    return votes.most_common(1)[0][0] if votes else 0


def _word(current: list[tuple], boxes: list[tuple[float, float, float, float]]) -> Word:
    texts, _, _, _, _, sizes, bolds, colours, _ = zip(*current)
    x0s, tops, x1s, bottoms = zip(*boxes)
    distinct = set(colours)
    colour = next(iter(distinct)) if len(distinct) == 1 else Counter(colours).most_common(1)[0][0]
    return Word("".join(texts), min(x0s), max(x1s), min(tops), max(bottoms), max(sizes),
                sum(bolds) * 2 > len(current), colour)


def _words(chars: list[tuple], turn: _Turn) -> list[Word]:
    """Characters grouped into words: a space, a line break, a jump back or a gap ends a word."""
    words: list[Word] = []
    current: list[tuple] = []
    boxes: list[tuple[float, float, float, float]] = []
    word_gap = SETTINGS.word_gap
    for char, box in zip(chars, turn.rects(chars)):
        size = char[5]
        if not size:
            if current:
                words.append(_word(current, boxes))
                current, boxes = [], []
            continue
        if boxes:
            last = boxes[-1]
            gap = box[0] - last[2]
            if gap > word_gap * size or gap < -size or abs(box[3] - last[3]) > 0.5 * size:
                words.append(_word(current, boxes))
                current, boxes = [], []
        current.append(char)
        boxes.append(box)
    if current:
        words.append(_word(current, boxes))
    return words


def _matrix(obj) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_points(obj, matrix: tuple[float, ...]) -> tuple[list[list[tuple[float, float]]], bool]:
    """The path's subpaths as lists of points in page space, and whether it has curves."""
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    curved = False
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            curved |= kind == raw.FPDF_SEGMENT_BEZIERTO
            subpaths[-1].append(point)
        if raw.FPDFPathSegment_GetClose(segment) and subpaths[-1]:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths, curved


def _edge(box: tuple[float, float, float, float], settings: Settings) -> dict | None:
    """A rule from a thin box: horizontal or vertical, at its middle; None for anything else."""
    x0, top, x1, bottom = box
    if bottom - top <= settings.rule_thickness and x1 - x0 >= settings.min_rule_length:
        y = (top + bottom) / 2
        return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0}
    if x1 - x0 <= settings.rule_thickness and bottom - top >= settings.min_rule_length:
        x = (x0 + x1) / 2
        return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top}
    return None


def _paths(page: pdfium.PdfPage, turn: _Turn, page_objects: PageObjects, settings: Settings) -> None:
    """Edges (stroked segments and thin filled boxes) and filled shapes of every path on the page."""
    stack = [(raw.FPDFPage_GetObject(page.raw, i), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
             for i in range(raw.FPDFPage_CountObjects(page.raw))]
    budget = settings.max_page_paths
    while stack and budget > 0:
        obj, outer = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            matrix = _compose(_matrix(obj), outer)
            stack.extend((raw.FPDFFormObj_GetObject(obj, i), matrix) for i in range(raw.FPDFFormObj_CountObjects(obj)))
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        budget -= 1
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        subpaths, curved = _path_points(obj, _compose(_matrix(obj), outer))
        fill = _rgba(raw.FPDFPageObj_GetFillColor, obj) if fill_mode.value else None
        for points in subpaths:
            if len(points) < 2:
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            x0, top, x1, bottom = turn.box(min(xs), min(ys), max(xs), max(ys))
            thin = x1 - x0 <= settings.rule_thickness or bottom - top <= settings.rule_thickness
            if fill and fill[3] and not thin:
                colour = hex_colour(*(v / 255 for v in fill[:3]))
                if colour != "FFFFFF":
                    page_objects.shapes.append(Shape(x0, top, x1, bottom, colour, curved))
            if curved:
                continue
            if thin and (fill or stroke.value):
                edges = [_edge((x0, top, x1, bottom), settings)]
            elif stroke.value:
                edges = [_edge(turn.box(p[0], p[1], q[0], q[1]), settings) for p, q in zip(points, points[1:])]
            else:
                edges = []
            page_objects.edges.extend(e for e in edges if e)


def read_page(pdf: pdfium.PdfDocument, index: int, settings: Settings = SETTINGS) -> PageObjects:
    """Words, edges and shapes of one page, upright."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage)
        finally:
            textpage.close()
        if page.get_rotation() % 180:  # the displayed size; the page's own space is the other way round
            width, height = height, width
        turn = _Turn(width, height, _quarter_turns(chars))
        upright_width, upright_height = turn.size
        objects = PageObjects(number=index + 1, width=upright_width, height=upright_height, words=_words(chars, turn))
        _paths(page, turn, objects, settings)
    finally:
        page.close()
    return objects
