"""A document's own RAG key: which colour each status wording or symbol stands for.

Printed as a line ("Key: Red = not started; Amber = ..."), a list, or a small
table (a colour, symbol or shaded cell beside its meaning). Read once for the
whole document: ``meanings`` maps a colour to the words that stand for it
(the normaliser reads a status cell through it), ``marks`` a symbol to its colour (a symbol
printed in every colour, "●", means only its colour).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.text import fold
from extractors.vocabulary import COLOUR_WORD, RAG_COLOURS, RAG_SYMBOLS

_SEGMENT = re.compile(rf"\s*(?:[;|\n]|\s{{2,}}|,\s+(?=[A-Z{re.escape(RAG_SYMBOLS)}])|(?=[{re.escape(RAG_SYMBOLS)}])"
                      rf"|\s+(?=(?:red|amber|green|blue|yellow|orange)\s*[=:–-]))\s*", re.I)
# What separates a status word from its explanation; tried at a run of spaces' start only (from each: quadratic).
_GLOSS = re.compile(r"(?<!\s)(?:\s+[–—-]\s+|\s*[=:]\s*)")
_LEADING = re.compile(r"[\s=:–\-()]+")
_TRAILING = re.compile(r"[\s=:–\-().]*")  # matched on the reversed text: "[...]+$" is tried from every position


def _clean(text: str) -> str:
    """The text without the dashes, colons, brackets and spaces around it."""
    body = text[lead.end():] if (lead := _LEADING.match(text)) else text
    return body[:len(body) - _TRAILING.match(body[::-1]).end()]


@dataclass
class Key:
    meanings: dict[str, str] = field(default_factory=dict)  # colour -> meaning as printed
    marks: dict[str, str] = field(default_factory=dict)  # symbol -> colour
    shared: set[str] = field(default_factory=set)  # symbols printed for several colours: their colour tells

    def entries(self, text: str, colour: str | None = None, split: bool = True) -> list[tuple[str | None, str, str]]:
        """(symbol, colour, meaning) for each entry of a line; a meaning printed before the colour
        ("Complete – delivered and evidenced (blue)") is the status wording before its gloss."""
        out: list[tuple[str | None, str, str]] = []
        for segment in _SEGMENT.split(fold(text) or "") if split else [fold(text) or ""]:
            if not segment or not segment.strip():
                continue
            symbol = segment[0] if segment[0] in RAG_SYMBOLS else None
            body = segment[1:] if symbol else segment
            colours = {RAG_COLOURS[c.lower()] for c in COLOUR_WORD.findall(body)}
            found = colours.pop() if len(colours) == 1 else colour if not colours else None
            first = COLOUR_WORD.match(body.strip())
            meaning = body if first else _GLOSS.split(body, maxsplit=1)[0]
            meaning = _clean(COLOUR_WORD.sub("", meaning)).strip()
            if found:
                out.append((symbol, found, meaning))
        return out

    def add(self, text: str, colour: str | None = None, split: bool = True) -> bool:
        """Read a line as key entries; True when it was one (two entries or more, or one from a key
        table's row: ``split`` False reads the row as one entry)."""
        found = self.entries(text, colour, split)
        if len(found) < 2 and split:
            return False
        self._keep(found)
        return True

    def add_lines(self, texts: list[str], colours: list[str | None] | None = None) -> bool:
        """A key printed one entry a line (a list, or a table's rows, each with the colour its fill or
        mark shows): runs of two or more lines of one entry each, naming two colours or more. True when
        one was found (a key table may go on into a glossary)."""
        run: list[tuple[str | None, str, str]] = []
        kept = False
        for text, colour in zip(texts + [""], (colours or [None] * len(texts)) + [None]):
            found = self.entries(text, colour, split=False) if text else []
            if len(found) == 1 and len(self.entries(text, colour)) <= 1:
                run += found
                continue
            if len(run) >= 2 and len({c for _, c, _ in run}) >= 2:
                self._keep(run)
                kept = True
            run = []
        return kept

    def _keep(self, entries: list[tuple[str | None, str, str]]) -> None:
        for symbol, found, meaning in entries:
            if symbol and symbol not in self.shared:
                if self.marks.setdefault(symbol, found) != found:
                    self.shared.add(symbol)
                    del self.marks[symbol]
            if meaning and len(meaning.split()) <= 12:
                self.meanings.setdefault(found, meaning)
