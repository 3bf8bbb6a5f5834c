"""RAG status from whatever a plan prints: "Amber", "R", "Red / Amber", "Completed", or its key's wording."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extractors.vocabulary import COLOUR_WORD, DONE, RAG_COLOURS, RAG_LETTERS, SEVERITY, colour_of_fill

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
    colours = {RAG_COLOURS[w.lower()] for w in COLOUR_WORD.findall(text)}
    if not colours and _LETTER_CELL.match(text):
        colours = {RAG_LETTERS[c.lower()] for c in re.findall(r"[A-Za-z]", text)}
    if not colours and key:
        colour, meaning = max(key.items(), key=lambda kv: fuzz.partial_ratio(kv[1].lower(), text.lower()))
        if fuzz.partial_ratio(meaning.lower(), text.lower()) >= 90:
            colours = {colour}
    if not colours and DONE.search(text):
        colours = {"blue"}
    for colour in SEVERITY:
        if colour in colours:
            return colour
    return None
