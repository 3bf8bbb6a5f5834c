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

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, top = x, self.height - y
        w, h = self.width, self.height
        for _ in range(self.turns):
            x, top = h - top, x
            w, h = h, w
        return x, top

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        (ax, at), (bx, bt) = self.point(x0, y0), self.point(x1, y1)
        return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)

    @property
    def size(self) -> tuple[float, float]:
        return (self.height, self.width) if self.turns % 2 else (self.width, self.height)


def _chars(textpage: pdfium.PdfTextPage) -> list[tuple]:
    """(text, x0, y0, x1, y1, size, bold, colour, angle) per character, in pdfium's reading order."""
    out = []
    handle = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = raw.FS_RECTF()
    bold_fonts: dict[int | None, bool] = {}
    for i in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(handle, i)
        char = "-" if code in (0x02, 0xFFFE) else chr(code) if code else ""  # pdfium: a hyphen that ended a line
        if not char or char in _BREAK or char in _SPACE:
            out.append((char or " ", 0.0, 0.0, 0.0, 0.0, 0.0, False, None, 0.0))
            continue
        if raw.FPDFText_GetLooseCharBox(handle, i, rect):
            x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        else:
            raw.FPDFText_GetCharBox(handle, i, left, right, bottom, top)
            x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        font = ctypes.cast(raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(handle, i)), ctypes.c_void_p).value
        if font not in bold_fonts:  # the weight, else the name ("Helvetica-Bold", "ABCDEF+Arial-BoldMT")
            buffer, flags = ctypes.create_string_buffer(96), ctypes.c_int()
            raw.FPDFText_GetFontInfo(handle, i, buffer, len(buffer), flags)
            name = buffer.value.decode("latin-1", "replace").lower()
            bold_fonts[font] = raw.FPDFText_GetFontWeight(handle, i) >= 600 or any(
                word in name for word in ("bold", "black", "heavy", "semibold"))
        rgba = [ctypes.c_uint() for _ in range(4)]
        colour = hex_colour(*(v.value / 255 for v in rgba[:3])) if raw.FPDFText_GetFillColor(handle, i, *rgba) else None
        out.append((char, x0, y0, x1, y1, raw.FPDFText_GetFontSize(handle, i), bold_fonts[font],
                    None if is_plain(colour) else colour, raw.FPDFText_GetCharAngle(handle, i)))
    return out


def _quarter_turns(chars: list[tuple], rotation: int) -> int:
    """Clockwise quarter turns that make most of the page's text run left to right."""
    votes: Counter[int] = Counter()
    for char in chars:
        if char[5]:
            votes[round(math.degrees(char[8]) / 90) % 4] += 1
    text_turn = votes.most_common(1)[0][0] if votes else 0
    return (rotation // 90 + text_turn) % 4 if rotation else text_turn


def _words(chars: list[tuple], turn: _Turn) -> list[Word]:
    """Characters grouped into words: a space, a line break, a jump back or a gap ends a word."""
    words: list[Word] = []
    current: list[tuple] = []

    def close() -> None:
        if current:
            boxes = [turn.box(c[1], c[2], c[3], c[4]) for c in current]
            colours = Counter(c[7] for c in current).most_common(1)[0][0]
            words.append(Word(
                text="".join(c[0] for c in current),
                x0=min(b[0] for b in boxes), top=min(b[1] for b in boxes),
                x1=max(b[2] for b in boxes), bottom=max(b[3] for b in boxes),
                size=max(c[5] for c in current), bold=sum(c[6] for c in current) * 2 > len(current),
                colour=colours,
            ))
            current.clear()

    last_box = None
    for char in chars:
        if not char[5]:
            close()
            last_box = None
            continue
        box = turn.box(char[1], char[2], char[3], char[4])
        if last_box is not None:
            gap = box[0] - last_box[2]
            if gap > SETTINGS.word_gap * char[5] or gap < -char[5] or abs(box[3] - last_box[3]) > 0.5 * char[5]:
                close()
        current.append(char)
        last_box = box
    close()
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
        turn = _Turn(width, height, _quarter_turns(chars, page.get_rotation()))
        upright_width, upright_height = turn.size
        objects = PageObjects(number=index + 1, width=upright_width, height=upright_height, words=_words(chars, turn))
        _paths(page, turn, objects, settings)
    finally:
        page.close()
    return objects
