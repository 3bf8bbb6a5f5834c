"""Numbers misread in a numbered run restored from their neighbours.

OCR reads the digit of a reference as a letter that looks like it ("R5" as "RS", "1." as "iL,"),
loses it ("R6." as "R)") or reads another digit with another list mark ("7." as "4:"). Where a run
of references shares one prefix (a ref column, the numbered recommendations listed above a table),
a misread one is read again: its letters taken for the digits they resemble, or, when that does not
fit, the number after the one before (before the one after). Only a reading that keeps the run in
order is taken, so a word that merely starts like a reference is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_REF = re.compile(r"^(?P<prefix>[A-Z]{0,3}?)(?P<number>[0-9SIilLOoBZ]{0,2})(?P<end>[.):,]?)(?=\s|$)")
_LOOKALIKES = str.maketrans("SIilLOoBZ", "511110082")


@dataclass(frozen=True)
class _Ref:
    prefix: str
    printed: str  # the reference as printed, prefix and mark included
    digits: str
    end: str  # the list mark after it: ".", ")", ":" or ""

    @property
    def number(self) -> int | None:
        return int(self.digits) if self.digits.isdigit() else None


def _ref(text: str, marked: bool) -> _Ref | None:
    """The reference a text is or, when ``marked``, starts with and ends by a list mark ("R5.", "6)")."""
    stripped = text.strip()
    match = _REF.match(stripped)
    if not match or not (match.group("prefix") or match.group("number")) or not (marked or match.group("prefix")):
        return None  # a bare cell ("Z", "l") is too short to be read again: the rows above carry it
    if not (match.group("end") if marked else match.group(0) == stripped and match.group("number")):
        return None
    return _Ref(match.group("prefix"), match.group(0), match.group("number"), match.group("end"))


def _reading(ref: _Ref, before: int | None, after: int | None, marked: bool) -> int | None:
    """The number a misread reference stands for between its neighbours, or None when none fits."""
    fits = lambda n: (before is None or before + marked <= n) and (after is None or n + marked <= after)  # noqa: E731
    # a list numbers each item once; a ref column repeats a ref beside each of its actions
    digits = ref.digits.translate(_LOOKALIKES)
    if digits.isdigit() and fits(int(digits)):
        return int(digits)
    guess = before + 1 if before is not None else after - 1 if after is not None and after > 1 else None
    return guess if guess is not None and fits(guess) else None


def repaired(texts: Sequence[str], marked: bool = False) -> list[str]:
    """The texts (cells holding a reference; with ``marked``, lines starting with one and a list mark)
    with each misread reference read again from its neighbours in the run."""
    refs = [_ref(t, marked) for t in texts]
    prefixes = Counter(r.prefix for r in refs if r and r.number is not None)
    if not prefixes or prefixes.most_common(1)[0][1] < 2:
        return list(texts)
    prefix = prefixes.most_common(1)[0][0]
    mark = Counter(r.end for r in refs if r and r.prefix == prefix and r.number is not None).most_common(1)[0][0]
    known = [r.number if r and r.prefix == prefix else None for r in refs]
    before: int | None = None
    for i, ref in enumerate(refs):  # a number out of order beside another list mark is a misreading
        number = known[i]
        if ref and number is not None and marked and ref.end != mark and before is not None \
                and number != 1 and not before < number:
            known[i] = number = None
        before = before if number is None else number
    afters: list[int | None] = []  # the next known number after each place
    following: int | None = None
    for number in reversed(known):
        afters.append(following)
        following = following if number is None else number
    afters.reverse()
    out = list(texts)
    before = None
    for i, ref in enumerate(refs):
        if ref and ref.prefix == prefix and known[i] is None:
            after = afters[i] if before is None or afters[i] is None or afters[i] >= before else None
            known[i] = _reading(ref, before, after, marked)  # a run starting again is no bound
            if known[i] is not None:
                start = texts[i].index(ref.printed)
                end = mark if marked else ref.end  # the run's own list mark ("1," read for "1.")
                out[i] = f"{texts[i][:start]}{prefix}{known[i]}{end}{texts[i][start + len(ref.printed):]}"
        before = before if known[i] is None else known[i]
    return out
