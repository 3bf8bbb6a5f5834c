"""English local authorities: canonical name and ONS code from any way a plan names them.

The reference table (``reference/authorities.csv``) is the project's own copy of
facts from the ONS/DfE lookup: canonical name, ONS code, DfE LA number, region,
type and known aliases. Council styles ("Southampton City Council", "London
Borough of Southwark") and initialisms ("SCC") are generated from the names.
An initialism shared by several councils ("SCC": Southampton, Sheffield,
Surrey...) resolves nothing on its own; the council named elsewhere does.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

_STYLES = (
    "{} City Council", "{} County Council", "{} Borough Council", "{} Metropolitan Borough Council",
    "{} Council", "London Borough of {}", "Royal Borough of {}", "City of {}", "{} Children's Services",
    "{} MBC", "{} CC", "{} LA", "{} local authority",
)
_INITIALISM_STYLES = ("{} City Council", "{} County Council", "{} Borough Council", "{} Metropolitan Borough Council")


@dataclass(frozen=True)
class Authority:
    name: str
    ons_code: str
    dfe_code: str
    region: str
    la_type: str
    aliases: tuple[str, ...] = field(default=())


def _key(text: str) -> str:
    """Comparable form: lower case, '&' as 'and', punctuation as space, 'St.' as 'st'."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return " ".join(text.split())


def _base_names(auth: Authority) -> list[str]:
    """'Bristol, City of' reads as 'Bristol' in running text."""
    names = [auth.name, *auth.aliases]
    if ", " in auth.name:
        names.append(auth.name.split(", ")[0])
    return names


def _initialism(phrase: str) -> str:
    return "".join(word[0] for word in phrase.split() if word[0].isupper())


class AuthorityIndex:
    """Finds the authority a text names; build once with :func:`authority_index`."""

    def __init__(self, authorities: list[Authority]):
        self.authorities = authorities
        self.by_code = {a.ons_code: a for a in authorities}
        names: dict[str, Authority] = {}
        initialisms: dict[str, set[str]] = {}
        for auth in authorities:
            for base in _base_names(auth):
                for style in _STYLES:
                    names.setdefault(_key(style.format(base)), auth)
                names[_key(base)] = auth
                for style in _INITIALISM_STYLES:
                    initialisms.setdefault(_initialism(style.format(base)), set()).add(auth.ons_code)
        self._names = names
        self._initialisms = initialisms
        alternation = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
        self._name_pattern = re.compile(rf"(?<![a-z0-9])({alternation})(?![a-z0-9])")
        self._initialism_pattern = re.compile(r"\b([A-Z]{2,5})\b")

    def find(self, *texts: str | None) -> Authority | None:
        """The authority named in the first text that names one, longest name first.

        Texts are tried in order (say: the extractor's authority text, the title,
        the file name). A council named in full wins; failing that, an initialism
        counts only when it stands for one council alone.
        """
        named = [self._named_in(t) for t in texts if t]
        for auth in named:
            if auth:
                return auth
        for text in texts:
            for token in self._initialism_pattern.findall(text or ""):
                codes = self._initialisms.get(token, set())
                if len(codes) == 1:
                    return self.by_code[next(iter(codes))]
        return None

    def _named_in(self, text: str) -> Authority | None:
        matches = self._name_pattern.findall(_key(text.replace("-", " ").replace("_", " ")))
        if not matches:
            return None
        return self._names[max(matches, key=len)]


@cache
def authority_index() -> AuthorityIndex:
    """The index over the bundled reference table (read once per process)."""
    with resources.files("pipeline").joinpath("reference/authorities.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return AuthorityIndex([
        Authority(
            name=r["name"], ons_code=r["ons_code"], dfe_code=r["dfe_code"], region=r["region"],
            la_type=r["la_type"], aliases=tuple(a for a in r["aliases"].split(";") if a),
        )
        for r in rows
    ])
