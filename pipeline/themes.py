"""Theme tagging: recommendation and action texts -> taxonomy themes, with evidence.

The taxonomy is data (``pipeline/taxonomy.toml``, see its header; read by :mod:`pipeline.taxonomy`): per theme,
terms matched on lemmas (case-insensitive), weak terms, spaCy Matcher patterns,
plus domain abbreviations matched on their exact spelling ("CP", not "cp").

The spaCy pipeline runs offline with nothing downloaded at run time:
``spacy.blank("en")`` + the lookup lemmatizer, whose ``lemma_lookup`` table is
the copy bundled in ``pipeline/nlp/en_lemma_lookup.json.gz`` (rebuild it from
spacy-lookups-data with ``python -m bench.build_lemmas``). A small component
after the lemmatizer lower-cases lemmas (looking capitalised words up in lower
case) and applies the taxonomy's derivational aliases ("supervise" ->
"supervision").

Scoring: every distinct term (or abbreviation, or pattern) found for a theme
adds its weight (``strong_weight`` for terms, ``weak_weight`` for weak terms);
a theme is kept when its score reaches ``threshold``; the ``max_themes`` best
are returned, best first. A match lying inside a longer match is ignored.

    tagger = ThemeTagger(load_taxonomy())
    tagger.tag_texts(["Improve the timeliness of return home interviews"])
    # [[ThemeTag(theme='missing_exploitation', score=2.0, evidence=['return home interview', ...])]]
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from extractors.settings import SETTINGS
from models.records import Document
from pipeline.taxonomy import Taxonomy, load_taxonomy, taxonomy_path

HERE = Path(__file__).resolve().parent
LEMMA_TABLE = HERE / "nlp" / "en_lemma_lookup.json.gz"

ORIGIN_ACTION = "action"  # found in the action's own text
ORIGIN_RECOMMENDATION = "recommendation"  # found in the recommendation the action answers


# --- spaCy pipeline -------------------------------------------------------------


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    with gzip.open(LEMMA_TABLE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@Language.factory("theme_lemma_norm", default_config={"aliases": {}})
def _make_lemma_norm(nlp: Language, name: str, aliases: dict[str, str]):
    table = _lemma_table()

    def norm(doc: Doc) -> Doc:
        for token in doc:
            text = token.text.replace("\u2019", "'")
            lemma = token.lemma_ if token.lemma_ else text
            if lemma == token.text and not text.islower():
                lemma = table.get(text.lower(), text)  # "Assessments" -> "assessment"
            if text.lower() in ("'s", "'"):
                lemma = text.lower()  # the lookup table maps "'s" to "have"
            lemma = lemma.lower().replace("\u2019", "'")
            token.lemma_ = aliases.get(lemma, lemma)
        return doc

    return norm


def build_nlp(taxonomy: Taxonomy) -> Language:
    """Blank English + lookup lemmatizer (bundled table) + lemma normaliser; offline."""
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", _lemma_table())
    lemmatizer.initialize(lookups=lookups)
    nlp.add_pipe("theme_lemma_norm", config={"aliases": dict(taxonomy.lemmas)})
    return nlp


# --- tagging ------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeTag:
    theme: str
    score: float
    evidence: list[str]  # the terms / abbreviations / patterns matched, as written in the taxonomy

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ThemeTagger:
    """Tags texts with taxonomy themes. Build once (it compiles the matchers), reuse."""

    def __init__(self, taxonomy: Taxonomy | None = None, nlp: Language | None = None) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.nlp = nlp or build_nlp(self.taxonomy)
        self._lemma_matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self._orth_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._matcher = Matcher(self.nlp.vocab)
        # match key -> [(theme, weight, evidence label)]
        self._keys: dict[str, list[tuple[str, float, str]]] = {}
        tax = self.taxonomy
        for theme in tax.themes:
            for weight, terms in ((tax.strong_weight, theme.terms), (tax.weak_weight, theme.weak_terms)):
                for term in terms:
                    self._add_term(theme.id, weight, term)
            for i, pattern in enumerate(theme.patterns):
                key = f"pattern:{theme.id}:{i}"
                self._matcher.add(key, [list(pattern)])
                self._keys.setdefault(key, []).append((theme.id, tax.strong_weight, _describe_pattern(pattern)))
        for abbr in tax.abbreviations:
            themes = abbr.themes if abbr.themes is not None else self._derive_themes(abbr.expansion)
            key = f"abbr:{abbr.abbr}"
            self._orth_matcher.add(key, [self.nlp.make_doc(abbr.abbr)])
            for theme_id in themes:
                self._keys.setdefault(key, []).append((theme_id, tax.strong_weight, abbr.abbr))

    def _add_term(self, theme_id: str, weight: float, term: str) -> None:
        doc = self.nlp(term)
        key = "lemma:" + " ".join(t.lemma_ for t in doc)
        entries = self._keys.setdefault(key, [])
        if not entries:
            self._lemma_matcher.add(key, [doc])
        # one term listed twice for a theme keeps its strongest weight
        for i, (tid, w, label) in enumerate(entries):
            if tid == theme_id:
                entries[i] = (tid, max(w, weight), label)
                return
        entries.append((theme_id, weight, term))

    def _derive_themes(self, expansion: str) -> list[str]:
        return [tag.theme for tag in self._tag_doc(self.nlp(expansion))]

    def _matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        found = []
        for matcher in (self._lemma_matcher, self._orth_matcher, self._matcher):
            for match_id, start, end in matcher(doc):
                found.append((self.nlp.vocab.strings[match_id], start, end))
        # drop a match lying strictly inside a longer one ("health assessment" hides "assessment"): a span
        # starting before it and reaching its end, or starting with it and ending later (linear, not pairwise)
        ends_at: dict[int, int] = {}
        for _, s, e in found:
            ends_at[s] = max(ends_at.get(s, e), e)
        reach, furthest = {}, -1  # the furthest end of the spans starting before each start
        for start in sorted(ends_at):
            reach[start], furthest = furthest, max(furthest, ends_at[start])
        return [(key, s, e) for key, s, e in found if not (reach[s] >= e or ends_at[s] > e)]

    def _tag_doc(self, doc: Doc) -> list[ThemeTag]:
        scores: dict[str, dict[str, float]] = {}  # theme -> evidence -> weight
        first: dict[str, int] = {}
        seen: set[tuple[str, int, int]] = set()  # a span counts once per theme (term and pattern alike)
        for key, start, end in sorted(self._matches(doc), key=lambda m: (m[1], not m[0].startswith("lemma:"))):
            for theme_id, weight, label in self._keys.get(key, ()):
                if (theme_id, start, end) in seen:
                    continue
                seen.add((theme_id, start, end))
                evidence = scores.setdefault(theme_id, {})
                evidence[label] = max(evidence.get(label, 0.0), weight)
                first.setdefault(theme_id, start)
        tags = [
            ThemeTag(theme_id, round(sum(ev.values()), 3), list(ev))
            for theme_id, ev in scores.items()
            if sum(ev.values()) >= self.taxonomy.threshold - 1e-9
        ]
        tags.sort(key=lambda t: (-t.score, first[t.theme]))
        if tags:
            floor = tags[0].score * self.taxonomy.relative_threshold - 1e-9
            tags = [t for t in tags if t.score >= floor]
        return tags[: self.taxonomy.max_themes]

    def tag_texts(self, texts: Iterable[str | None], batch_size: int = 256) -> list[list[ThemeTag]]:
        """Themes of each text (best first; [] for none or an empty text), via nlp.pipe."""
        cut = SETTINGS.max_cell_chars  # spaCy refuses a text over its max_length; a longer one is no one action's
        return [self._tag_doc(doc) for doc in self.nlp.pipe(((t or "")[:cut] for t in texts), batch_size=batch_size)]

    def tag_text(self, text: str | None) -> list[ThemeTag]:
        return self.tag_texts([text])[0]


def _describe_pattern(pattern: Iterable[dict[str, Any]]) -> str:
    parts = []
    for spec in pattern:
        value = next((v for k, v in spec.items() if k != "OP"), "")
        if isinstance(value, dict):
            value = "|".join(value.get("IN", []))
        parts.append(f"{value}{spec.get('OP', '')}")
    return "pattern:" + " ".join(parts)


@lru_cache(maxsize=4)
def _tagger_for(path: Path) -> ThemeTagger:
    return ThemeTagger(load_taxonomy(path))


def default_tagger() -> ThemeTagger:
    """A tagger over the taxonomy in force, built once per process and taxonomy file."""
    return _tagger_for(taxonomy_path())


# --- documents ------------------------------------------------------------------------


@dataclass(frozen=True)
class OriginTag:
    """A theme of an action with where it was found: the action's own text or its recommendation."""

    theme: str
    score: float
    evidence: list[str]
    origin: str  # ORIGIN_ACTION | ORIGIN_RECOMMENDATION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DocumentThemes:
    """Tags of a document's records, parallel to its recommendations and actions."""

    recommendations: list[list[ThemeTag]]
    actions: list[list[OriginTag]]


def record_themes(
    recommendation_texts: Sequence[str],
    actions: Sequence[tuple[str, int | None]],
    tagger: ThemeTagger | None = None,
) -> DocumentThemes:
    """Theme tags of recommendations and of actions given as (text, recommendation index).

    An action's tags are those of its own text (origin "action") followed by
    those of the recommendation it answers (origin "recommendation"):
    inherited themes are kept, labelled, never mixed in silently. Used on fresh
    documents and, by the store's retag, on stored rows.
    """
    tagger = tagger or default_tagger()
    rec_tags = tagger.tag_texts(recommendation_texts)
    act_tags = tagger.tag_texts([text for text, _ in actions])
    tagged: list[list[OriginTag]] = []
    for (_, index), own in zip(actions, act_tags):
        inherited = rec_tags[index] if index is not None and 0 <= index < len(rec_tags) else []
        tags = [OriginTag(t.theme, t.score, t.evidence, ORIGIN_ACTION) for t in own]
        tags += [OriginTag(t.theme, t.score, t.evidence, ORIGIN_RECOMMENDATION) for t in inherited]
        tagged.append(tags)
    return DocumentThemes(recommendations=rec_tags, actions=tagged)


def tag_document(doc: Document, tagger: ThemeTagger | None = None) -> Document:
    """The theme-tagger stage: set ``themes`` and ``theme_tags`` on every record (in place) and return ``doc``.

    ``themes`` lists the theme ids of the record's OWN text; ``theme_tags``
    holds {theme, score, evidence, origin} dicts, for an action its own tags
    then its recommendation's.
    """
    found = record_themes(
        [r.text for r in doc.recommendations], [(a.action, a.recommendation_index) for a in doc.actions], tagger
    )
    for rec, tags in zip(doc.recommendations, found.recommendations):
        rec.themes = [t.theme for t in tags]
        rec.theme_tags = [OriginTag(t.theme, t.score, t.evidence, ORIGIN_RECOMMENDATION).to_dict() for t in tags]
    for action, tags in zip(doc.actions, found.actions):
        action.themes = [t.theme for t in tags if t.origin == ORIGIN_ACTION]
        action.theme_tags = [t.to_dict() for t in tags]
    return doc
