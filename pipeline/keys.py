"""Stable keys of recommendations and actions, and matching earlier records to later ones.

A key is made once, from the document's lasting identity (authority, file name, date and version: not its
sha256, which one edited word changes) and the record's own normalised text and place among its
recommendation's; when a document is re-extracted, its new records are matched to the old ones
(:func:`match`: same recommendation, similar text) and take their keys over, so a key survives small edits
and an improved extractor. :mod:`pipeline.lineage` matches consecutive versions of a plan the same way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from rapidfuzz import fuzz

SAME_TEXT = 80  # similarity (0-100) of two actions' normalised texts under one recommendation that makes them one
SAME_TEXT_ELSEWHERE = 88  # ... when their recommendations differ (an action moved under another one)
SAME_RECOMMENDATION = 85  # similarity of two recommendations' texts that makes them one
PART_OF = 80  # partial similarity of a new action's text to an old one's that makes it a piece of it (split/merge)
PIECE_WORDS = 3  # words a piece of a split or merged action has at least (a short text is "part" of too much)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalised(text: str | None) -> str:
    """Lower case words and numbers only: what small edits of punctuation, case and spacing leave alone."""
    return " ".join(_NOT_WORD.split((text or "").lower())).strip()


def identity(authority_code: str | None, source_path: str, document_date: object, version: str | None) -> str:
    """A document's lasting identity: its authority, file name, date and version (not its bytes or folder)."""
    return "|".join((authority_code or "", PurePosixPath(source_path).name, str(document_date or ""), version or ""))


def make_key(kind: str, *parts: str) -> str:
    """``kind`` ("a" action, "r" recommendation) and 12 hex digits of a hash of ``parts``."""
    return f"{kind}-{hashlib.sha1(chr(31).join(parts).encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class Item:
    """A record as matching sees it: its recommendation's ref and text, its own text (all as printed)."""

    recommendation_ref: str | None
    recommendation: str | None
    text: str


def same_recommendation(a: Item, b: Item) -> bool:
    left, right = normalised(a.recommendation), normalised(b.recommendation)
    if left and right:
        return fuzz.ratio(left, right) >= SAME_RECOMMENDATION
    return a.recommendation_ref == b.recommendation_ref


def similarity(old: Item, new: Item) -> float:
    """0-100, with a small bonus for the same recommendation so that ties go to it."""
    text = fuzz.ratio(normalised(old.text), normalised(new.text))
    if same_recommendation(old, new):
        return text + 1 if text >= SAME_TEXT else 0
    return text if text >= SAME_TEXT_ELSEWHERE else 0


def match(old: Sequence[Item], new: Sequence[Item]) -> dict[int, int]:
    """new index -> old index: one to one, the most similar pairs first; unmatched ones are left out."""
    pairs = sorted(((similarity(o, n), -abs(i - j), j, i) for j, n in enumerate(new) for i, o in enumerate(old)),
                   reverse=True)
    out: dict[int, int] = {}
    taken: set[int] = set()
    for score, _distance, j, i in pairs:
        if score and j not in out and i not in taken:
            out[j] = i
            taken.add(i)
    return out


def part_of(old: Item, new: Item) -> bool:
    """Whether one action's text is mostly a piece of the other's (the pieces of a split or a merge)."""
    left, right = normalised(old.text), normalised(new.text)
    return (same_recommendation(old, new) and min(len(left.split()), len(right.split())) >= PIECE_WORDS
            and fuzz.partial_ratio(left, right) >= PART_OF)


def action_keys(ident: str, items: Sequence[Item]) -> list[str]:
    """New keys for a document's actions: identity, recommendation text, action text, and which repeat it is."""
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for item in items:
        content = (normalised(item.recommendation) or item.recommendation_ref or "", normalised(item.text))
        seen[content] = seen.get(content, 0) + 1
        keys.append(make_key("a", ident, *content, str(seen[content])))
    return keys
