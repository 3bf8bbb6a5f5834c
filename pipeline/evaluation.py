"""Scoring extracted action records against hand-written gold records.

Both sides are lists of action dicts in the shape of
``Document.to_json()["actions"]``. Records are paired one-to-one on the text of
their ``action`` field; precision, recall and F1 count those pairs, and the
per-field accuracies are measured over the pairs only, so a field score says
"when the pipeline found the action, how often was this field right".

Text similarity is ``rapidfuzz.fuzz.ratio`` (normalised Indel similarity,
0..100) on text that is case-folded, stripped of punctuation and
whitespace-folded. ``ratio`` rather than ``token_set_ratio`` on purpose: the
token-set score is 100 whenever one text's words are a subset of the other's,
so a record that swallowed three gold actions, or a stray "Amber" cell, would
count as a perfect match. ``ratio`` still forgives what extraction noise
leaves behind: a word broken across lines ("Commissi oning" ~ 99), a lost
bullet mark or quote, a missing full stop.

The match threshold is 90, not 85: two distinct gold actions of the
Southampton 2013 plan ("Secure a permanent workforce with sufficient
experience ..." / "To ensure that the workforce has sufficient experience
...") score 88.8 against each other, while the noise above costs a few points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from extractors.text import comparable as normalise
from pipeline.authorities import authority_index

MATCH_THRESHOLD = 90.0  # action texts at least this similar are the same record
RECOMMENDATION_THRESHOLD = 85.0  # recommendation texts are long: allow stitching noise
LEAD_THRESHOLD = 90.0  # leads are short names: a few characters off is already another person
FIELDS = ("recommendation_ref", "recommendation", "lead", "deadline", "rag")

ActionDict = Mapping[str, Any]



def _same_text(a: str | None, b: str | None, threshold: float) -> bool:
    """Blank equals blank, blank never equals text, texts compare by similarity."""
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return left == right
    return fuzz.ratio(left, right) >= threshold


@dataclass(frozen=True)
class Match:
    """A gold record paired with a predicted one."""

    gold: int  # index into the gold list
    predicted: int  # index into the predicted list
    similarity: float  # of the action texts, 0..100


def match_actions(
    gold: Sequence[ActionDict], predicted: Sequence[ActionDict], threshold: float = MATCH_THRESHOLD
) -> list[Match]:
    """Pair records one-to-one on action-text similarity; the pairs come in gold order.

    Greedy by descending similarity rather than an optimal assignment: at
    this threshold a text is close to two others only when records are near
    duplicates, and only then can greedy pair fewer records than the optimum.
    Ties go by position so that repeated texts ("As above") pair up in
    document order.
    """
    gold_texts = [normalise(g.get("action")) for g in gold]
    pred_texts = [normalise(p.get("action")) for p in predicted]
    candidates = [
        (score, gi, pi)
        for gi, g_text in enumerate(gold_texts)
        for pi, p_text in enumerate(pred_texts)
        if g_text and p_text
        and (score := fuzz.ratio(g_text, p_text, score_cutoff=threshold)) >= threshold
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[Match] = []
    for score, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append(Match(gold=gi, predicted=pi, similarity=score))
    matches.sort(key=lambda m: m.gold)
    return matches


def field_agrees(name: str, gold: ActionDict, predicted: ActionDict) -> bool:
    """Whether a matched pair agrees on one of :data:`FIELDS`."""
    if name == "recommendation":
        return _same_text(gold.get(name), predicted.get(name), RECOMMENDATION_THRESHOLD)
    if name == "lead":
        return _same_text(gold.get(name), predicted.get(name), LEAD_THRESHOLD)
    if name in ("recommendation_ref", "deadline", "rag"):  # printed ref / ISO date string / colour, or None
        return gold.get(name) == predicted.get(name)
    raise ValueError(f"unknown field: {name}")


def _zero_counts() -> dict[str, int]:
    return dict.fromkeys(FIELDS, 0)


@dataclass
class Score:
    """Counts for one document (or, summed, for a corpus); rates are derived.

    Keeping counts rather than rates is what makes the micro-average a sum.
    """

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=_zero_counts)  # per field, over matched pairs
    full: int = 0  # matched pairs right in every field

    @property
    def precision(self) -> float:
        """Matched share of predictions; with no predictions, 1 only if nothing was to be found."""
        if not self.predicted:
            return 0.0 if self.gold else 1.0
        return self.matched / self.predicted

    @property
    def recall(self) -> float:
        """Matched share of gold records; an empty gold list is fully recalled."""
        if not self.gold:
            return 1.0
        return self.matched / self.gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fully_right(self) -> float:
        """Share of the gold records found with every field right (1 when there were none to find)."""
        return self.full / self.gold if self.gold else 1.0

    def accuracy(self, name: str) -> float | None:
        """Share of matched pairs agreeing on ``name``; None when nothing matched."""
        return self.correct[name] / self.matched if self.matched else None

    def __add__(self, other: Score) -> Score:
        return Score(
            gold=self.gold + other.gold,
            predicted=self.predicted + other.predicted,
            matched=self.matched + other.matched,
            correct={name: self.correct[name] + other.correct[name] for name in FIELDS},
            full=self.full + other.full,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "fully_right": self.fully_right,
            "accuracy": {name: self.accuracy(name) for name in FIELDS},
        }


def score_actions(gold: Sequence[ActionDict], predicted: Sequence[ActionDict]) -> Score:
    """Match the two lists and count records and per-field agreement."""
    matches = match_actions(gold, predicted)
    correct = _zero_counts()
    full = 0
    for m in matches:
        agrees = [field_agrees(name, gold[m.gold], predicted[m.predicted]) for name in FIELDS]
        for name, agree in zip(FIELDS, agrees):
            correct[name] += agree
        full += all(agrees)
    return Score(gold=len(gold), predicted=len(predicted), matched=len(matches), correct=correct, full=full)


DOCUMENT_FACTS = ("doc_type", "authority", "year")


def document_facts(gold: Mapping[str, Any], predicted: Mapping[str, Any] | None) -> dict[str, bool]:
    """Whether the document's kind, authority and year are right, for each the gold states."""
    year = gold.get("year") or (int(gold["document_date"][:4]) if gold.get("document_date") else None)
    wanted = {"doc_type": gold.get("doc_type"), "authority": gold.get("authority"), "year": year}
    return {name: predicted is not None and _same_fact(name, value, predicted.get(name))
            for name, value in wanted.items() if value is not None}


def _same_fact(name: str, gold: Any, predicted: Any) -> bool:
    """Equal, or for an authority the same council under another of its names ("Herefordshire, County of")."""
    if gold == predicted or name != "authority" or not predicted:
        return gold == predicted
    index = authority_index()
    found, wanted = index.find(str(predicted)), index.find(str(gold))
    return found is not None and wanted is not None and found.ons_code == wanted.ons_code


def micro_average(scores: Iterable[Score]) -> Score:
    """Corpus score: counts summed over documents, so long plans weigh more."""
    return sum(scores, Score())
