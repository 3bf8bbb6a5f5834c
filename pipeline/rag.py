"""RAG status from whatever a plan prints: "Amber", "R", "Red / Amber", "Completed", or its key's wording."""

from __future__ import annotations

import colorsys
import re

from rapidfuzz import fuzz

SEVERITY = ("red", "amber", "green", "blue")  # worst first: two colours in one cell take the worse

_COLOURS = {"red": "red", "amber": "amber", "yellow": "amber", "orange": "amber", "green": "green", "blue": "blue"}
_DONE = re.compile(r"\b(complete|completed|achieved|done)\b", re.I)
_LETTERS = {"r": "red", "a": "amber", "g": "green", "b": "blue", "y": "amber"}
_COLOUR = re.compile(r"\b(" + "|".join(_COLOURS) + r")\b", re.I)
_HEX = re.compile(r"^\s*#?([0-9a-f]{6})\s*$", re.I)
_LETTER_CELL = re.compile(r"^\s*([rgabyRGABY])(\s*[/\-]\s*[rgabyRGABY])*\s*$")


def normalise_rag(text: str | None, key: dict[str, str] | None = None) -> str | None:
    """Canonical colour (red|amber|green|blue) a RAG cell states, or None.

    ``key`` is the plan's printed RAG key ({"amber": "On track to be completed"});
    a cell that repeats a key's wording instead of a colour is read through it,
    before "Completed" is taken to mean blue.
    """
    if not text or not text.strip():
        return None
    hex_match = _HEX.match(text)
    if hex_match:
        return colour_of_fill(hex_match.group(1))
    colours = {_COLOURS[w.lower()] for w in _COLOUR.findall(text)}
    if not colours and _LETTER_CELL.match(text):
        colours = {_LETTERS[c.lower()] for c in re.findall(r"[A-Za-z]", text)}
    if not colours and key:
        colour, meaning = max(key.items(), key=lambda kv: fuzz.partial_ratio(kv[1].lower(), text.lower()))
        if fuzz.partial_ratio(meaning.lower(), text.lower()) >= 90:
            colours = {colour}
    if not colours and _DONE.search(text):
        colours = {"blue"}
    for colour in SEVERITY:
        if colour in colours:
            return colour
    return None


def colour_of_fill(hex_rgb: str) -> str | None:
    """RAG colour of a cell shading ("C00000" -> red), by hue; None for white, grey or black.

    Hue bands: red < 25 deg or > 330, amber 25-70 (orange and yellow), green
    70-170, blue 170-260. Pale tints count when saturated enough to be a RAG fill.
    """
    r, g, b = (int(hex_rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.25 or lightness > 0.93 or lightness < 0.08:
        return None
    degrees = hue * 360
    if degrees < 25 or degrees > 330:
        return "red"
    if degrees < 70:
        return "amber"
    if degrees < 170:
        return "green"
    if degrees < 260:
        return "blue"
    return None
