"""Small text helpers every stage shares: folding whitespace, comparing texts, telling the shapes
of lines (titles, capitals, page labels) and rejoining words a line break or OCR cut."""

from __future__ import annotations

import re

from extractors.vocabulary import MONTHS, NUMBER_WORDS, RAG_COLOURS

_SPACE = re.compile(r"[ \t\u00a0]+")
_NON_WORD = re.compile(r"[\W_]+")
_JUNK = re.compile(r"^[\W_]*\w?[\W_]*$")  # at most one letter or digit: ", , ,", "·", "J"
# A page number, also as OCR reads one ("Page lof 3": a one read as "l" and the space lost).
_PAGE_NUMBER = r"(?:\d|[lI|](?=\d|\s|of|$)){1,3}"
PAGE_LABEL = re.compile(rf"^\s*(?:page\s+{_PAGE_NUMBER}|\d{{1,3}}\s+of\s+\d{{1,3}})(?:\s*of\s*{_PAGE_NUMBER})?\s*$", re.I)
VERSION = re.compile(r"\bversion\s*[:.]?\s*(\w+(?:\.\w+)*)", re.I)
# A line that stops where a sentence cannot ("... to the", "Head of Service /"): the next line goes on with it.
DANGLING_END = re.compile(
    r"(?:[/,&+;:\-–(]|\b(?:and|or|of|for|to|the|with|until|by|from|including|between|in|on|at|an))\s*$", re.I
)
SENTENCE_END = re.compile(r"[.!?][)\"'”’]?\s*$")
_TITLE_END = re.compile(r"[.;,!?]$")
_MAX_TITLE_WORDS = 10
_MAX_TITLE_CHARS = 80
_OPENING_QUOTES, _CLOSING_QUOTES = "\"“‘'", "\"”’'"
# Consonant pairs English words start with: the rest of a cut word may start with one no word does.
_ONSETS = frozenset("bl br ch cl cr dr dw fl fr gh gl gn gr kl kn kr ph pl pn pr ps qu rh sc sh sk sl sm sn sp sq st"
                    " sw th tr ts tw wh wr".split())
_VOWELS = frozenset("aeiouy")
_KNOWN_WORDS = frozenset([*RAG_COLOURS, *MONTHS, *NUMBER_WORDS, "complete", "completed", "ongoing", "january",
                          "february", "march", "april", "june", "july", "august", "september", "october",
                          "november", "december", "immediately"])


def fold(text: str | None) -> str | None:
    """Runs of whitespace as one space (line breaks too), markdown stars gone; None for blank."""
    if text is None:
        return None
    text = _SPACE.sub(" ", text.replace("**", "").replace("\n", " ")).strip()
    return text or None


def comparable(text: str | None) -> str:
    """Case-folded words joined by single spaces, for similarity scores; "" for None."""
    return _NON_WORD.sub(" ", text.casefold()).strip() if text else ""


def is_junk(text: str | None) -> bool:
    """Blank, or at most one letter or digit among punctuation (OCR specks, a stray bullet)."""
    return not text or bool(_JUNK.match(text.strip()))


def is_capitals(text: str, min_letters: int = 4) -> bool:
    """Two or more words all in capitals: how plans print section rows ("CHILDREN LOOKED AFTER")."""
    return sum(ch.isalpha() for ch in text) >= min_letters and text.isupper() and len(text.split()) >= 2


def is_title(text: str) -> bool:
    """Short, capitalised and not a sentence: how a section or theme heading looks."""
    return (len(text.split()) <= _MAX_TITLE_WORDS and len(text) <= _MAX_TITLE_CHARS
            and (text[0].isupper() or text[0].isdigit()) and not _TITLE_END.search(text))


def is_page_footer(cells: list[str]) -> bool:
    """A running footer: its last filled cell only numbers the page, beside at most a title,
    or "Page N" however many cells it fills. A row ending in a bare "3 of 12" among others is data."""
    filled = [c.strip() for c in cells if c and c.strip()]
    if not filled or not PAGE_LABEL.match(filled[-1]):
        return False
    return len(filled) <= 2 or filled[-1].lower().startswith("page")


def unquote(text: str) -> str:
    """A text quoted whole ("“Ensure that ...”") without its quotation marks."""
    if len(text) > 1 and text[0] in _OPENING_QUOTES and text[-1] in _CLOSING_QUOTES:
        inner = text[1:-1].strip()
        if not any(q in inner for q in "\"“”"):
            return inner
    return text


def mask_digits(text: str) -> str:
    """A line with its numbers masked: "Page 2" and "Page 3" are one running footer."""
    return re.sub(r"\d+", "#", " ".join(text.split()))


def _pieces(head: str, tail: str) -> tuple[str, str] | None:
    last, first = re.search(r"(?<![A-Za-z])[A-Za-z]+$", head), re.match(r"[A-Za-z]+", tail)
    return (last.group(), first.group()) if last and first else None


def makes_known_word(head: str, tail: str) -> bool:
    """The end of ``head`` and the start of ``tail`` make a word the vocabulary knows that the first
    piece is not alone ("GREE" + "N", "Comple" + "ted")."""
    pieces = _pieces(head, tail)
    return bool(pieces) and (pieces[0] + pieces[1]).lower() in _KNOWN_WORDS and pieces[0].lower() not in _KNOWN_WORDS


def is_cut_word(head: str, tail: str) -> bool:
    """True when ``tail`` starts with the rest of a word cut off the end of ``head``.

    "Commissi" + "oning", "CHI" + "LDREN": the rest begins with two consonants no
    English word starts with, or the two pieces make a known word (:func:`makes_known_word`).
    Acronyms (no vowel) are left alone.
    """
    pieces = _pieces(head, tail)
    if not pieces:
        return False
    if makes_known_word(head, tail):
        return True
    last, word = pieces
    onset = word[:2].lower()
    same_case = word.islower() or (word.isupper() and last.isupper())
    return (len(word) >= 3 and same_case and not _VOWELS & set(onset) and onset not in _ONSETS
            and bool(_VOWELS & set(word.lower())))


def join_pieces(left: str | None, right: str | None) -> str:
    """Two pieces of one text joined with a space, with none inside a cut word, or a line's
    trailing hyphen kept ("multi-" + "agency")."""
    if not left or not left.strip():
        return right or ""
    if not right or not right.strip():
        return left
    head, tail = left.rstrip(), right.lstrip()
    if head.endswith("-") and head[-2:-1].isalpha() and tail[:1].isalpha():
        return head + tail
    return head + ("" if is_cut_word(head, tail) else " ") + tail
