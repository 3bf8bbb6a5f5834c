"""What a document prints that is not a word: status marks, symbol-font characters, list counters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from extractors.layout import Glyph

# Characters that mark a status where they stand (dots, shapes, ticks, crosses, stars): reported as glyphs.
# Bullets ("•", "▪", "◦") are left out: they start list lines and say nothing of status.
GLYPHS = frozenset("●⬤⚫◉○◎⦿■□◼◻▲△▼▽◆◇♦★☆✓✔√✗✘✕✖×☑☒🔴🟠🟡🟢🔵⚪🟥🟧🟨🟩")

# Symbol fonts draw other shapes at ordinary code points (Word also writes them as U+F000 + code):
# the characters that matter here, as Unicode. Unlisted codes stay as written.
_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "wingdings": {0x4A: "☺", 0x4C: "☹", 0x6C: "●", 0x6E: "■", 0x6F: "□", 0x75: "◆", 0x9F: "•", 0xA1: "○",
                  0xA4: "◉", 0xA7: "▪", 0xA8: "◻", 0xAB: "★", 0xD8: "➢", 0xE8: "➔", 0xFB: "✗", 0xFC: "✓",
                  0xFD: "☒", 0xFE: "☑"},
    "wingdings 2": {0x4F: "✗", 0x50: "✓", 0x51: "☒", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0x96: "●", 0x97: "●",
                    0x98: "⬤", 0x9E: "⦿", 0xA0: "■", 0xA2: "■", 0xEA: "★"},
    "wingdings 3": {0x70: "▲", 0x71: "▼"},
    "webdings": {0x61: "✓", 0x72: "✗"},
    "symbol": {0xA7: "♣", 0xA8: "♦", 0xA9: "♥", 0xAA: "♠", 0xB4: "×", 0xB7: "•", 0xD6: "√", 0xE0: "◊"},
}
_PRIVATE_USE = range(0xF000, 0xF100)


def symbol(font: str | None, text: str) -> str:
    """Text set in ``font`` as it is drawn: symbol-font and private-use codes mapped to Unicode."""
    table = _SYMBOL_FONTS.get((font or "").strip().lower())
    if table is None:
        return text
    return "".join(table.get(ord(ch) - 0xF000 if ord(ch) in _PRIVATE_USE else ord(ch), ch) for ch in text)


def is_private(text: str) -> bool:
    """Whether ``text`` holds a private-use code a symbol font would have drawn (unknown font, unknown shape)."""
    return any(ord(ch) in _PRIVATE_USE for ch in text)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def counter(n: int, style: str) -> str:
    """List number ``n`` as printed in ``style`` (Word's numFmt names); Word letters past z repeat ("aa",
    "bbb"), HTML's ``"alpha"`` styles count on like spreadsheet columns ("aa", "ab")."""
    if style in ("lowerRoman", "upperRoman") and n > 0:
        out = ""
        for value, letters in _ROMAN:
            count, n = divmod(n, value)
            out += letters * count
        return out.upper() if style == "upperRoman" else out
    if style in ("lowerLetter", "upperLetter") and n > 0:
        out = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return out.upper() if style == "upperLetter" else out
    if style in ("lowerAlpha", "upperAlpha") and n > 0:
        out = ""
        while n:
            n, rest = divmod(n - 1, 26)
            out = chr(ord("a") + rest) + out
        return out.upper() if style == "upperAlpha" else out
    if style == "decimalZero":
        return f"{n:02d}"
    return "" if style == "none" else str(n)


@dataclass
class Ink:
    """What the text of a paragraph or a cell draws: visible characters by weight, colour and size; glyphs."""

    chars: int = 0
    bold: int = 0
    colours: Counter = field(default_factory=Counter)
    sizes: Counter = field(default_factory=Counter)
    glyphs: list[Glyph] = field(default_factory=list)

    def add(self, text: str, bold: bool, colour: str | None, size: float | None) -> None:
        visible = sum(not ch.isspace() for ch in text)
        self.chars += visible
        self.bold += visible if bold else 0
        self.colours[colour] += visible
        self.sizes[size] += visible
        self.glyphs.extend(Glyph(ch, colour) for ch in text if ch in GLYPHS)

    @property
    def all_bold(self) -> bool:
        return self.chars > 0 and self.bold == self.chars

    @property
    def colour(self) -> str | None:
        """The text colour of most of the characters, if that is a colour."""
        colour, count = self.colours.most_common(1)[0] if self.colours else (None, 0)
        return colour if 2 * count > self.chars else None

    @property
    def size(self) -> float | None:
        return self.sizes.most_common(1)[0][0] if self.sizes else None
