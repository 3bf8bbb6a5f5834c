"""Split a lead cell into the people and roles it names.

"Nick Cross / Fiona Mackirdy" -> ["Nick Cross", "Fiona Mackirdy"];
"Gill Horrobin, supported by Nick Cross" -> ["Gill Horrobin", "Nick Cross"];
"Felicity Budgen. Responsibility linked to SM post. TBA" -> ["Felicity Budgen"].
The raw cell is always stored beside the list.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"\s*(?:[/;,&+\n]|\band\b|\s-\s|\s{2,})\s*", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[a-z]{2})\.\s+")
_FILLER = re.compile(r"^(?:(?:supported|assisted|led|chaired) by|with|via|lead[s]?:?|led:)\s+", re.I)
_PLACEHOLDER = re.compile(r"^(?:tba|tbc|n/?a|none|all|various|see above|-+)$", re.I)
_MAX_WORDS = 8  # a longer fragment is prose, not a name or role


def _is_name_or_role(part: str) -> bool:
    words = part.split()
    if not words or len(words) > _MAX_WORDS or _PLACEHOLDER.match(part):
        return False
    lowercase = sum(w[0].islower() for w in words if w.lower() not in {"of", "for", "the", "and", "in", "to"})
    return lowercase <= max(1, len(words) // 3)


def split_leads(text: str | None) -> list[str]:
    """People and roles named in a lead cell, in order, without duplicates."""
    if not text:
        return []
    out: list[str] = []
    for sentence in _SENTENCE_BREAK.split(text):
        for part in _SEPARATORS.split(sentence):
            part = _FILLER.sub("", part.strip(" .:-()")).strip(" .:-()")
            if _is_name_or_role(part) and part not in out:
                out.append(part)
    return out
