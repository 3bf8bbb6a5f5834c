"""The narrative committee progress-report extractor, on the seed and on synthetic variants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.base import ExtractionError, SourceFile
from extractors.committee_report import EXTRACTOR, extract, sniff
from tests.support import FIXTURES, RAW, source_from_text

SEED = "southwark-2013-committee-progress-report.txt"
OTHER_SEEDS = [
    "southampton-2013-post-inspection-action-plan.txt",
    "southampton-2014-post-inspection-action-plan.txt",
    "southampton-2021-improvement-plan.txt",
    "southwark-2013-action-plan-appendix.txt",
]




@pytest.fixture(scope="module")
def seed_doc():
    return extract(SourceFile.read(RAW / SEED))


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((Path(__file__).parent / "gold" / SEED.replace(".txt", ".gold.json")).read_text())


def test_registry_entry() -> None:
    assert EXTRACTOR.name == "committee_report"
    assert EXTRACTOR.extract is extract and EXTRACTOR.sniff is sniff


def test_seed_sniffs_high_and_other_formats_low() -> None:
    assert sniff(SourceFile.read(RAW / SEED)) >= 0.6
    for name in OTHER_SEEDS:
        assert sniff(SourceFile.read(RAW / name)) < 0.3, name


def test_random_prose_and_table_score_low(tmp_path: Path) -> None:
    prose = "The weather was fine. We walked to the harbour and watched the boats.\n\n" * 20
    assert sniff(source_from_text(tmp_path, prose)) < 0.3
    table = "Ref\tAction\tLead\tTimescale\tRAG\n" + "".join(
        f"{i}\tEnsure that plans are reviewed\tHead of Service\tWithin 3 months\tGreen\n" for i in range(30)
    )
    assert sniff(source_from_text(tmp_path, table)) < 0.3


def test_seed_document_fields(seed_doc) -> None:
    assert seed_doc.doc_type == "progress_report"
    assert seed_doc.extractor == "committee_report"
    assert seed_doc.title == "Progress on the Safeguarding and Looked After Children Post-inspection Report"
    assert seed_doc.authority_raw == "Southwark"
    assert seed_doc.document_date_raw == "26 February 2013"
    assert seed_doc.inspection_date_raw == "10 July 2012"
    assert seed_doc.version == "Final"
    assert seed_doc.warnings == []


def test_seed_matches_gold(seed_doc, gold) -> None:
    assert len(seed_doc.recommendations) == len(gold["recommendations"])
    assert len(seed_doc.actions) == len(gold["actions"])
    for rec, want in zip(seed_doc.recommendations, gold["recommendations"]):
        assert (rec.ref, rec.text) == (want["ref"], want["text"])
    for action, want in zip(seed_doc.actions, gold["actions"]):
        rec = seed_doc.recommendations[action.recommendation_index]
        assert rec.ref == want["recommendation_ref"]
        assert action.action == want["action"]
        assert action.lead == want["lead"]
        assert action.deadline == want["deadline_text"]
        assert action.rag is None
        assert action.progress == want["progress"]


def test_seed_wrapped_bullet_and_provenance(seed_doc) -> None:
    wrapped = seed_doc.recommendations[3]
    assert wrapped.text.endswith("should they need to become looked after")
    assert wrapped.priority_raw == "Within three months"
    assert wrapped.provenance.line == 28
    assert [r.priority_raw for r in seed_doc.recommendations[:2]] == ["Immediately", "Within three months"]


def test_seed_group_summary_goes_to_every_area_of_its_group(seed_doc) -> None:
    summary = "Out of the five areas for improvement requiring completion within three months"
    three_months = [a for a in seed_doc.actions if a.deadline == "Within three months"]
    assert len(three_months) == 5
    assert all(a.progress.startswith(summary) for a in three_months)
    assert not any(summary in a.progress for a in seed_doc.actions if a.deadline != "Within three months")


@pytest.mark.parametrize("name", ["committee_report-variant1.txt", "committee_report-variant2.txt"])
def test_variants_sniff_high(name: str) -> None:
    assert sniff(SourceFile.read(FIXTURES / name)) >= 0.6


def test_variant1_other_council_style() -> None:
    doc = extract(SourceFile.read(FIXTURES / "committee_report-variant1.txt"))
    assert doc.authority_raw == "Barnshire County Council"
    assert doc.document_date_raw == "14 November 2013"
    assert doc.inspection_date_raw == "19 July 2013"  # publication preferred to the visit dates
    assert doc.title.startswith("Ofsted inspection of safeguarding")
    groups = ["Immediate action"] * 2 + ["Within 3 months"] * 3 + ["Within 6 months"] * 2
    assert [r.priority_raw for r in doc.recommendations] == groups
    assert doc.recommendations[1].text.endswith("at the point of referral is evident on every case file.")
    assert doc.recommendations[6].text.endswith("accommodation and to education, employment or training.")
    progress = [a.progress for a in doc.actions]
    assert progress[0].startswith("Complete. Audits of case files")
    assert progress[1].startswith("On track. A management oversight template")
    assert doc.actions[1].lead == "Head of Service, Assessment"
    assert [a.lead for a in doc.actions if a is not doc.actions[1]] == [None] * 6
    assert "return home interviews" in progress[4] and "wishes and feelings" not in progress[4]
    assert "wishes and feelings" in progress[3]
    assert all(p.startswith("Two of the three actions") for p in progress[2:5])
    assert "quality assurance framework" in progress[5] and "local offer" in progress[6]
    assert all(a.rag is None for a in doc.actions)
    assert doc.recommendations[0].provenance.page == 1


def test_variant2_numbered_areas_and_order_fallback() -> None:
    doc = extract(SourceFile.read(FIXTURES / "committee_report-variant2.txt"))
    assert doc.authority_raw == "London Borough of Eastbrook"
    assert doc.title == "Post-inspection action plan – progress report"
    assert doc.document_date_raw == "3 March 2014"
    assert doc.inspection_date_raw == "25 October 2013"
    assert [r.text for r in doc.recommendations][2] == "Improve the stability of placements for older children."
    assert [a.deadline for a in doc.actions] == ["Immediately"] * 2 + ["Within three months"] * 2
    # Little word overlap: the two unmatched paragraphs pair with the two areas in order.
    assert doc.actions[2].progress.endswith("against 19% last year. On track.")
    assert "Twelve new households" not in doc.actions[2].progress
    assert doc.actions[3].progress.endswith("Twelve new households were approved in the period. Complete.")
    assert doc.actions[0].progress.startswith("All 212 looked after children")


def test_area_without_progress_is_warned(tmp_path: Path) -> None:
    text = (FIXTURES / "committee_report-variant2.txt").read_text(encoding="utf-8")
    cut = text[: text.index("## Progress")]
    doc = extract(source_from_text(tmp_path, cut))
    assert len(doc.actions) == 4
    assert all(a.progress is None for a in doc.actions)
    assert len(doc.warnings) == 4 and doc.warnings[0].startswith("line 21:")


@pytest.mark.parametrize("name", OTHER_SEEDS)
def test_other_formats_raise(name: str) -> None:
    with pytest.raises(ExtractionError):
        extract(SourceFile.read(RAW / name))


def test_report_without_timescale_list_raises(tmp_path: Path) -> None:
    text = "Report title:\tBudget\nReport of:\tTreasurer\n\nRECOMMENDATION\n\n1. Note the budget.\n\nBACKGROUND\n"
    with pytest.raises(ExtractionError, match="timescale headings"):
        extract(source_from_text(tmp_path, text))
