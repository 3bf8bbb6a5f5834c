"""What one cell says: its paragraphs and list items, fields run together in it, its status mark.

Cell text arrives as the reader saw it (lines joined with "\\n"); here a line
opening with a bullet or an item number starts a paragraph and any other line
carries on the one before (a PDF wraps lines; a text export runs a cell's
paragraphs together with runs of spaces).
"""

from __future__ import annotations

import re

from extractors.headers import field_for_header
from extractors.layout import Cell
from extractors.text import DANGLING_END, fold, join_pieces
from extractors.vocabulary import ACTION_NUMBER, BULLET, DEADLINE_CELL, BULLET_CHARS, ITEM_START, LETTER_NUMBER, strip_bullet

_ACTION_FIELDS = {"lead", "deadline", "rag", "progress"}  # fields a line under an action may label
_CID = re.compile(r"\(cid:\d+\)")  # a glyph pdfminer could not name: in a table, a bullet
# "Lead: HR Business Partner / By: July 2025", "Owner - A. Smith; Due - March 2016"
_LABEL = re.compile(r"(?:^|(?<=[/;|,\n])|(?<=\s[/;|-]\s))\s*([A-Za-z][A-Za-z &]{0,30}?)\s*(?::|\s[-–]\s)\s*(?=\S)")


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in _CID.sub("•", text or "").split("\n") if line.strip()]


SOFT_ENGINES = frozenset({"ruled", "aligned", "ocr"})  # cells whose lines are the lines a page prints


def paragraphs(text: str | None, hard: bool = False) -> list[str]:
    """A cell's paragraphs. A line opening with a bullet or an item number starts one; so does any
    line not resuming in lower case where the source's line breaks are the author's (``hard``: Word,
    Excel, HTML, text exports), while on a printed page a line carries on the one before."""
    out: list[str] = []
    for line in lines(text):
        if not out or ITEM_START.match(line) or (hard and not line[:1].islower() and not DANGLING_END.search(out[-1])):
            out.append(line)
        else:
            out[-1] = join_pieces(out[-1], line)
    return [p for p in (fold(p) for p in out) if p]


def flat(text: str | None) -> str:
    """A cell as one line of text."""
    return " ".join(paragraphs(text))


_LIST_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")  # "2. Open ...": an item of a numbered list


def _enumerated(para: str) -> tuple[str, str] | None:
    match = ACTION_NUMBER.match(para) or LETTER_NUMBER.match(para) or _LIST_NUMBER.match(para)
    return (next(g for g in match.groups() if g), para[match.end():].strip()) if match else None


Found = tuple[str | None, str, dict[str, str]]  # an action's number, text and the fields its own lines label


def actions_in(text: str, numbered: bool, hard: bool, lined_up: set[int]) -> list[Found]:
    """(number, text, fields) of each action a cell holds.

    Two or more paragraphs opening with an action number or enumerator ("1.1 ...", "b) ...") are
    one action each. Each item of a stand-alone list is one action, and each run of other
    paragraphs (with any list a lead-in ending in a colon introduces) is one; plain paragraphs
    alone are one action each only when a lead, deadline or RAG cell has as many, lined up beside
    them. A numbered action keeps its sub-bullets; a paragraph resuming in lower case carries on;
    a line that only labels a field ("Target: 30/09/23") gives it to the action above it.
    """
    paras = paragraphs(text, hard)
    enumerated = [_enumerated(p) for p in paras]
    if enumerated and enumerated[0] and sum(bool(e) for e in enumerated) >= 2:
        numbered_actions: list[tuple[str, list[str], dict[str, str]]] = []
        for para, number in zip(paras, enumerated):
            labelled = labelled_fields(para)
            if number:
                numbered_actions.append((number[0], [number[1]], {}))
            elif labelled and set(labelled) <= _ACTION_FIELDS:
                for name, value in labelled.items():
                    numbered_actions[-1][2].setdefault(name, value)
            else:
                numbered_actions[-1][1].append(strip_bullet(para).strip())
        return [(n, " ".join(t for t in texts if t), f) for n, texts, f in numbered_actions]
    chunks: list[tuple[str, dict[str, str]]] = []
    for para in paras:
        labelled = labelled_fields(para) if chunks else None
        if labelled and set(labelled) <= _ACTION_FIELDS:
            for name, value in labelled.items():
                chunks[-1][1].setdefault(name, value)
        else:
            chunks.append((para, {}))
    found = _actions([p for p, _ in chunks], numbered, lined_up)
    if len(found) == len(chunks):
        return [(n, t, f) for (n, t), (_, f) in zip(found, chunks)]
    merged: dict[str, str] = {}
    for _, fields in chunks:
        for name, value in fields.items():
            merged.setdefault(name, value)
    return [(n, t, dict(merged)) for n, t in found]


def _actions(paras: list[str], numbered: bool, lined_up: set[int]) -> list[tuple[str | None, str]]:
    enumerated = [_enumerated(p) for p in paras]
    if numbered and enumerated and enumerated[0]:
        paras = [enumerated[0][1], *paras[1:]]  # the action's own number, printed before its text
    parts: list[tuple[bool, str]] = []  # (stand-alone list item, text)
    introduced = False
    for para in paras:
        bullet, clean = bool(BULLET.match(para)), strip_bullet(para).strip()
        if not clean:
            continue
        if parts and (clean[:1].islower() or (bullet and introduced)):
            parts[-1] = (parts[-1][0], parts[-1][1] + " " + clean)
            continue
        introduced = (not bullet and clean.endswith(":")) or (bullet and introduced)
        parts.append((bullet and not introduced, clean))
    if not parts:
        return []
    whole = [(None, " ".join(t for _, t in parts))]
    if numbered or len(parts) < 2:
        return whole
    if not any(item for item, _ in parts):
        return [(None, t) for _, t in parts] if len(parts) in lined_up else whole
    out: list[tuple[str | None, str]] = []
    for index, (item, part) in enumerate(parts):
        if out and not item and not parts[index - 1][0]:
            out[-1] = (None, out[-1][1] + " " + part)
        else:
            out.append((_enumerated(part) if item else None) or (None, part))  # a list item's own number
    return out


def value_lines(value: str, hard: bool) -> list[str]:
    """A short value cell's entries (leads, dates, ratings): one per line where the source's line
    breaks are the author's, a line ending mid-phrase ("Head of Service /") carrying on."""
    if not hard:
        return paragraphs(value)
    out: list[str] = []
    for line in lines(value):
        if out and DANGLING_END.search(out[-1]):
            out[-1] = join_pieces(out[-1], line)
        else:
            out.append(line)
    return out


def lined_up(value: str, index: int, count: int, hard: bool) -> str:
    """The entry of a cell beside the ``index``-th of ``count`` actions when the cell has one per
    action, else the whole cell."""
    entries = value_lines(value, hard)
    return entries[index] if count > 1 and len(entries) == count else value


def labelled_fields(text: str) -> dict[str, str] | None:
    """The fields a cell names by label ("Lead: X / By: Y" -> lead, deadline), when every part of
    it is labelled with a field's name; None otherwise."""
    text = "\n".join(strip_bullet(line) for line in text.split("\n"))
    matches = list(_LABEL.finditer(text))
    if not matches or matches[0].start() > 0 and text[: matches[0].start()].strip():
        return None
    out: dict[str, str] = {}
    for match, following in zip(matches, matches[1:] + [None]):
        name = field_for_header(match.group(1))
        value = text[match.end(): following.start() if following else len(text)].strip(" /;|,-–\n")
        if name == "measure" and DEADLINE_CELL.match(value):
            name = "deadline"  # "Target: 30/09/23": a target that is a date is the deadline
        if name is None or not value:
            return None
        out[name] = value
    return out


def status_mark(cell: Cell, key: dict[str, str]) -> str | None:
    """What a cell without status words shows instead: a symbol the key explains, a coloured mark or
    text, or its fill ("#RRGGBB", read by the normaliser)."""
    for symbol in [g.symbol for g in cell.glyphs] + list(cell.text):
        if symbol in key:
            return key[symbol]
    for glyph in cell.glyphs:
        if glyph.colour:
            return "#" + glyph.colour
    if cell.colour and cell.text.strip():
        return "#" + cell.colour
    return "#" + cell.fill if cell.fill else None
