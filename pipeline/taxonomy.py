"""The theme taxonomy as data: themes, abbreviations, aliases and scoring settings, read from TOML.

Apart from the tagger (:mod:`pipeline.themes`, which needs spaCy) so that commands which only check or list
theme ids (``query --theme``, ``themes``, ``correct``) start without loading spaCy.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_TAXONOMY = Path(__file__).resolve().parent / "taxonomy.toml"


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str = ""
    terms: tuple[str, ...] = ()
    weak_terms: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()


@dataclass(frozen=True)
class Abbreviation:
    abbr: str  # exact spelling, matched case-sensitively
    expansion: str
    themes: tuple[str, ...] | None = None  # None: derive by tagging the expansion


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    abbreviations: tuple[Abbreviation, ...] = ()
    lemmas: dict[str, str] = field(default_factory=dict)  # derivational aliases, lemma -> lemma
    strong_weight: float = 1.0
    weak_weight: float = 0.5
    threshold: float = 1.0
    max_themes: int = 3
    relative_threshold: float = 0.0  # drop a theme scoring below this fraction of the best one
    source: str | None = None

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy in ``path`` (default: the bundled pipeline/taxonomy.toml)."""
    path = Path(path) if path else DEFAULT_TAXONOMY
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    settings = data.get("settings", {})
    themes = tuple(
        Theme(
            id=theme_id,
            label=spec.get("label", theme_id),
            description=spec.get("description", ""),
            terms=tuple(spec.get("terms", [])),
            weak_terms=tuple(spec.get("weak_terms", [])),
            patterns=tuple(tuple(p) for p in spec.get("patterns", [])),
        )
        for theme_id, spec in data.get("themes", {}).items()
    )
    ids = {t.id for t in themes}
    abbreviations = []
    for abbr, spec in data.get("abbreviations", {}).items():
        spec = {"expansion": spec} if isinstance(spec, str) else spec
        abbr_themes = spec.get("themes")
        unknown = set(abbr_themes or ()) - ids
        if unknown:
            raise ValueError(f"abbreviation {abbr}: unknown themes {sorted(unknown)}")
        abbreviations.append(Abbreviation(abbr, spec["expansion"], None if abbr_themes is None else tuple(abbr_themes)))
    return Taxonomy(
        themes=themes,
        abbreviations=tuple(abbreviations),
        lemmas={k.lower(): v.lower() for k, v in data.get("lemmas", {}).items()},
        strong_weight=float(settings.get("strong_weight", 1.0)),
        weak_weight=float(settings.get("weak_weight", 0.5)),
        threshold=float(settings.get("threshold", 1.0)),
        max_themes=int(settings.get("max_themes", 3)),
        relative_threshold=float(settings.get("relative_threshold", 0.0)),
        source=str(path),
    )


def taxonomy_path() -> Path:
    """The taxonomy in force: $ACTIONPLANS_TAXONOMY (a researcher's edited copy) or the bundled one."""
    return Path(os.environ.get("ACTIONPLANS_TAXONOMY") or DEFAULT_TAXONOMY)
