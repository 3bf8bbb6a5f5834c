"""The search syntax of ``query --text``, one for both backends.

It is PostgreSQL's ``websearch_to_tsquery`` syntax, which PostgreSQL reads itself: words (all must
match, stemmed: "supervise" finds "supervision"), ``"quoted phrases"``, ``or`` between
alternatives, ``-word`` or ``-"a phrase"`` to exclude. For SQLite it is translated here to an FTS5
query: every word and phrase quoted (so punctuation is never FTS5 syntax), ``OR``, ``NOT``. The
precedence agrees: exclusion binds tightest, then the implicit AND, then OR, on both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class SearchSyntaxError(ValueError):
    """A search that cannot be run, with a one-line reason."""


@dataclass(frozen=True)
class Term:
    text: str  # a word or a phrase
    excluded: bool = False


def parse(query: str) -> list[Term | None]:
    """Terms in order; None stands for an ``or`` between two terms."""
    items: list[Term | None] = []
    for match in _TOKEN.finditer(query):
        minus, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            if items and items[-1] is not None:
                items.append(None)
            continue
        excluded = bool(minus) or (word is not None and word.startswith("-") and len(word) > 1)
        text = phrase if phrase is not None else word.lstrip("-") if excluded else word
        if not re.search(r"\w", text):
            continue
        if excluded and (not items or items[-1] is None):
            raise SearchSyntaxError(f"search {query!r}: -{text} excludes from nothing; put a word to find before it")
        items.append(Term(" ".join(text.split()), excluded))
    while items and items[-1] is None:
        items.pop()
    if not items:
        raise SearchSyntaxError(f"search {query!r}: no word to search for")
    return items


def fts5_query(query: str) -> str:
    """The FTS5 MATCH expression for a search."""
    parts = []
    for item in parse(query):
        if item is None:
            parts.append("OR")
        else:
            quoted = '"' + item.text.replace('"', '""') + '"'
            parts.append(f"NOT {quoted}" if item.excluded else quoted)
    return " ".join(parts)
