"""The Ofsted report builder on the real corpus: ../shared/corpus/ofsted-reports (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.report_accuracy import canonical_judgement, match_counts, match_pairs
from extractors.base import ExtractionError, SourceFile
from extractors.detect import extract
from extractors.vocabulary import priority_of
from pipeline.deadlines import parse_document_date
from pipeline.normaliser import normalise
from tests.support import ROOT

CORPUS = ROOT / ".." / "shared" / "corpus" / "ofsted-reports"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/ofsted-reports is absent")


def _gold_files() -> list[Path]:
    return sorted(CORPUS.glob("*/*.gold.json")) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def corpus() -> list[tuple[dict, Path, object]]:
    """(gold, pdf path, RawDocument or the ExtractionError) for every gold report."""
    out = []
    for gold_path in _gold_files():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pdf = gold_path.with_name(gold["file"])
        try:
            result: object = extract(SourceFile.read(pdf))
        except ExtractionError as exc:
            result = exc
        out.append((gold, pdf, result))
    return out


def _reports(corpus):
    return [(gold, pdf, doc) for gold, pdf, doc in corpus if not gold.get("expect_error")]


@needs_corpus
def test_corpus_expected_error_is_clear(corpus) -> None:
    failing = [(gold, result) for gold, _, result in corpus if gold.get("expect_error")]
    assert failing, "the corpus has a report that must fail"
    for _, result in failing:
        assert isinstance(result, ExtractionError)
        assert "HTML page" in str(result) and "\n" not in str(result)


@needs_corpus
def test_corpus_every_report_extracts(corpus) -> None:
    errors = [(pdf.name, str(doc)) for _, pdf, doc in _reports(corpus) if isinstance(doc, ExtractionError)]
    assert errors == []


@needs_corpus
def test_corpus_framework_right_on_95_percent(corpus) -> None:
    reports = _reports(corpus)
    right = sum(doc.report.framework == gold["framework"].lower() for gold, _, doc in reports)
    assert right / len(reports) >= 0.95


@needs_corpus
def test_corpus_recommendation_counts_and_f1(corpus) -> None:
    reports = _reports(corpus)
    same_count = sum(len(doc.recommendations) == len(gold["recommendations"]) for gold, _, doc in reports)
    assert same_count / len(reports) >= 0.95
    tp = pred = total = 0
    for gold, _, doc in reports:
        counts = match_counts([r.text for r in doc.recommendations], [r["text"] for r in gold["recommendations"]])
        tp, pred, total = tp + counts.tp, pred + counts.pred, total + counts.gold
    precision, recall = tp / pred, tp / total
    assert 2 * precision * recall / (precision + recall) >= 0.95


@needs_corpus
def test_corpus_refs_priorities_and_headings(corpus) -> None:
    checked = wrong = 0
    for gold, _, doc in _reports(corpus):
        recs = normalise(doc).recommendations  # unnumbered bullets get their position there
        for i, j in match_pairs([r.text for r in recs], [r["text"] for r in gold["recommendations"]]):
            got, want = recs[i], gold["recommendations"][j]
            checked += 1
            wrong += (got.ref, got.priority, got.heading) != (
                want["ref"], want["priority"], want["heading"])
    assert checked and wrong / checked <= 0.05


@needs_corpus
def test_corpus_printed_publication_dates(corpus) -> None:
    printed = [(gold, doc) for gold, _, doc in _reports(corpus) if not doc.report.published_estimated]
    assert len(printed) >= 10
    for gold, doc in printed:
        assert parse_document_date(doc.report.published_raw).isoformat() == gold["published"]


@needs_corpus
def test_corpus_overall_judgements(corpus) -> None:
    reports = _reports(corpus)
    right = sum(canonical_judgement(doc.report.overall_judgement_raw) == canonical_judgement(
        gold["overall_judgement"]) for gold, _, doc in reports)
    assert right / len(reports) >= 0.95


def _doc(corpus, authority: str, stem: str):
    for _, pdf, doc in corpus:
        if pdf.parent.name == authority and pdf.stem == stem:
            return doc
    pytest.skip(f"{authority}/{stem} not in the corpus")


@needs_corpus
def test_corpus_exact_texts(corpus) -> None:
    southampton = _doc(corpus, "southampton", "inspection-15-september-2014")
    rec = next(r for r in southampton.recommendations if r.ref == "43")
    assert rec.text == (
        "Develop the role of scrutiny within the City to ensure that the wider multi-agency arrangements for "
        "the provision of early help and services to children and their families from children’s social care, "
        "are routinely considered by political leaders.")
    assert rec.heading == "Governance" and priority_of(rec.priority_raw) == "improve"
    assert rec.provenance.page == 6

    calderdale = _doc(corpus, "calderdale", "inspection-20-march-2015")
    third = calderdale.recommendations[2]
    assert third.text.endswith("when children are missing from home and care.")  # glued heading dropped

    kent = _doc(corpus, "kent", "inspection-pdf-23-august-2013")
    assert kent.recommendations[4].text == (
        "increase looked after children’s participation in strategic planning by making sure that all young "
        "people know and understand the Pledge and contribute to the Children in Care Council, Kentcarestown "
        "website and other opportunities for participation")
    assert [priority_of(r.priority_raw) for r in kent.recommendations].count("three_months") == 6

    barnsley = _doc(corpus, "barnsley", "inspection-27-october-2023")
    assert barnsley.recommendations[0].text.startswith(
        "The engagement of multi-agency partners, including in key decision-making meetings")
