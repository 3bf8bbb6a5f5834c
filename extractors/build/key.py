"""A document's own RAG key: which colour each status wording or symbol stands for.

Printed as a line ("Key: Red = not started; Amber = ..."), a list, or a small
table (a colour, symbol or shaded cell beside its meaning). Read once for the
whole document: ``meanings`` maps a colour to the words that stand for it
(the normaliser reads a status cell through it), ``marks`` a symbol to its colour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.text import fold
from extractors.vocabulary import COLOUR_WORD, RAG_COLOURS, RAG_SYMBOLS

_SEGMENT = re.compile(rf"\s*(?:[;|\n]|\s{{2,}}|,\s+(?=[A-Z{re.escape(RAG_SYMBOLS)}])|(?=[{re.escape(RAG_SYMBOLS)}])"
                      rf"|\s+(?=(?:red|amber|green|blue|yellow|orange)\s*[=:–-]))\s*", re.I)
_CLEAN = re.compile(r"^[\s=:–\-()]+|[\s=:–\-().]+$")


@dataclass
class Key:
    meanings: dict[str, str] = field(default_factory=dict)  # colour -> meaning as printed
    marks: dict[str, str] = field(default_factory=dict)  # symbol -> colour

    def add(self, text: str, colour: str | None = None) -> bool:
        """Read a line (or a table row joined) as key entries; True when it was one (two entries or more,
        or one from a row whose cell shows the colour)."""
        entries: list[tuple[str | None, str, str]] = []
        for segment in _SEGMENT.split(fold(text) or ""):
            if not segment or not segment.strip():
                continue
            symbol = segment[0] if segment[0] in RAG_SYMBOLS else None
            colours = {RAG_COLOURS[c.lower()] for c in COLOUR_WORD.findall(segment)}
            found = colours.pop() if len(colours) == 1 else colour if not colours else None
            meaning = _CLEAN.sub("", COLOUR_WORD.sub("", segment[1:] if symbol else segment)).strip()
            if found:
                entries.append((symbol, found, meaning))
        if len(entries) < 2 and not (entries and colour):
            return False
        for symbol, found, meaning in entries:
            if symbol:
                self.marks.setdefault(symbol, found)
            if meaning and len(meaning.split()) <= 12:
                self.meanings.setdefault(found, meaning)
        return True
