"""Linking a plan to the inspection report it answers, recommendation by recommendation.

Pure functions over small value objects; :mod:`pipeline.store` feeds them
stored rows and writes the links back in the same transaction.

* The report: the one whose publication or inspection date the plan names
  (within a fortnight), else the latest report published on or before the
  plan's date (a plan dated only by year counts as written by the year's end).
* The recommendations: a plan recommendation answers a report recommendation
  when its text contains or paraphrases it (rapidfuzz ``token_set_ratio`` and
  ``partial_ratio``, best of the two) and, as supporting evidence, their
  printed numbers agree. Plans often merge two recommendations under one
  row ("13/14"), so one plan recommendation may answer several, and several
  plan rows may answer one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

from extractors.text import comparable

NAMED_DATE_TOLERANCE = timedelta(days=14)
TEXT_THRESHOLD = 80.0  # a text score this high links on its own
REF_TEXT_THRESHOLD = 60.0  # with the same printed number, a weaker paraphrase links too
REF_BONUS = 15.0
_NUMBERS = re.compile(r"\d+")


@dataclass(frozen=True)
class RecText:
    id: int
    ref: str | None
    text: str


@dataclass(frozen=True)
class ReportCandidate:
    document_id: int
    published: date | None
    inspection_end: date | None


@dataclass(frozen=True)
class RecLink:
    plan_recommendation_id: int
    report_recommendation_id: int
    score: float
    method: str  # "ref+text" | "text"


def plan_date(document_date: date | None, year: int | None) -> date | None:
    """When a plan was written, as far as it says: its date, else the end of its year."""
    if document_date:
        return document_date
    return date(year, 12, 31) if year else None


def choose_report(
    written: date | None, named: date | None, reports: Sequence[ReportCandidate]
) -> tuple[ReportCandidate, str] | None:
    """The report a plan answers and how it was chosen ("named" or "latest_before")."""
    if named:
        for report in reports:
            if any(d and abs(d - named) <= NAMED_DATE_TOLERANCE for d in (report.published, report.inspection_end)):
                return report, "named"
    if written is None:
        return None
    earlier = [r for r in reports if r.published and r.published <= written]
    if not earlier:
        return None
    return max(earlier, key=lambda r: r.published), "latest_before"


def _refs_agree(plan_ref: str | None, report_ref: str | None) -> bool:
    if not plan_ref or not report_ref:
        return False
    return bool(set(_NUMBERS.findall(report_ref)) & set(_NUMBERS.findall(plan_ref)))


def text_score(plan_text: str, report_text: str) -> float:
    """How well a plan recommendation's text carries a report recommendation's (0..100)."""
    plan, report = comparable(plan_text), comparable(report_text)
    if not plan or not report:
        return 0.0
    return max(fuzz.token_set_ratio(plan, report), fuzz.partial_ratio(report, plan) if len(report) <= len(plan) else 0)


def match_recommendations(plan: Sequence[RecText], report: Sequence[RecText]) -> list[RecLink]:
    """Every (plan, report) recommendation pair that is a link, with its score."""
    links = []
    for p in plan:
        for r in report:
            score = text_score(p.text, r.text)
            if _refs_agree(p.ref, r.ref) and score >= REF_TEXT_THRESHOLD:
                links.append(RecLink(p.id, r.id, min(100.0, score + REF_BONUS), "ref+text"))
            elif score >= TEXT_THRESHOLD:
                links.append(RecLink(p.id, r.id, score, "text"))
    return links
