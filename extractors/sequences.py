"""Numbers misread in a numbered run restored from their neighbours.

OCR reads the digit of a reference as a letter that looks like it ("R5" as "RS", "R1" as "RI") or
loses it ("R6." as "R)"). Where a run of references shares one prefix (a ref column, the numbered
recommendations listed above a table), a misread one is read again: its letters taken for the
digits they resemble, or, when the digit is lost, the number after the one before. Only a reading
that keeps the run in order is taken, so a word that merely starts like a reference is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_REF = re.compile(r"^(?P<prefix>[A-Z]{1,3}?)(?P<number>[0-9SIlOoBZ]{0,2})(?P<end>[.):]?)(?=\s|$)")
_LOOKALIKES = str.maketrans("SIlOoBZ", "5110082")


def _number(text: str, marked: bool) -> tuple[str, str, int | None] | None:
    """(prefix, the reference as printed, its number if readable) of a text that is a reference or,
    when ``marked``, starts with one ended by a list mark ("R5.", "R6)")."""
    match = _REF.match(text.strip())
    if not match or not (match.group("end") if marked else match.group(0) == text.strip() and match.group("number")):
        return None
    number = match.group("number")
    return match.group("prefix"), match.group(0), int(number) if number.isdigit() else None


def repaired(texts: Sequence[str], marked: bool = False) -> list[str]:
    """The texts (cells holding a reference; with ``marked``, lines starting with one and a list mark)
    with each misread reference read again from its neighbours in the run."""
    refs = [_number(t, marked) for t in texts]
    prefixes = Counter(r[0] for r in refs if r and r[2] is not None)
    if not prefixes or prefixes.most_common(1)[0][1] < 2:
        return list(texts)
    prefix = prefixes.most_common(1)[0][0]
    out = list(texts)
    known = [r[2] if r and r[0] == prefix else None for r in refs]
    for i, ref in enumerate(refs):
        if not ref or ref[0] != prefix or ref[2] is not None:
            continue
        before = next((n for n in reversed(known[:i]) if n is not None), None)
        after = next((n for n in known[i + 1:] if n is not None), None)
        digits = ref[1][len(prefix):].rstrip(".):").translate(_LOOKALIKES)
        if digits.isdigit():
            number = int(digits)
        elif not digits and ref[1].endswith(")") and before is not None:  # "R)": the digit lost
            number = before + 1
        else:
            continue
        if (before is None or before <= number) and (after is None or number <= after):
            known[i] = number
            end = ref[1][len(ref[1].rstrip(".):")):]
            start = texts[i].index(ref[1])
            out[i] = f"{texts[i][:start]}{prefix}{number}{end}{texts[i][start + len(ref[1]):]}"
    return out
