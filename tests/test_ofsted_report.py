"""The Ofsted inspection report extractor and the PDF text reader it stands on.

Two kinds of test: on the real corpus of reports beside the repository
(``../shared/corpus/ofsted-reports``, skipped when absent), and on small PDFs
written here into a temporary folder, so that the rules and every error path
are tested on any machine.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.report_accuracy import canonical_judgement, match_counts, match_pairs
from extractors.base import ExtractionError, SourceFile
from extractors.cells import priority_of
from extractors.ofsted_report import (
    EXTRACTOR,
    IMPLICIT_IMPROVE,
    extract,
    named_publication,
    next_working_day,
    sniff,
)
from extractors.pdf_text import describe_non_pdf, read_pdf_text
from pipeline.deadlines import parse_document_date
from pipeline.normaliser import normalise
from tests.support import RAW, ROOT
from tests.test_report_builder import B, H, ILACS_LIKE, SIF_LIKE, make_pdf

CORPUS = ROOT / ".." / "shared" / "corpus" / "ofsted-reports"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/ofsted-reports is absent")


def encrypted_pdf() -> bytes:
    """A minimal PDF under the standard security handler whose empty user password does not open it.

    Nothing installed writes encrypted PDFs, so the objects and the xref are
    written by hand; /O and /U are arbitrary, which is enough for pdfium to
    ask for a password.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1, b"ab" * 16, b"ab" * 16)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def source(tmp_path: Path, data: bytes, name: str = "report.pdf") -> SourceFile:
    path = tmp_path / name
    path.write_bytes(data)
    return SourceFile.read(path)


# --- pdf_text errors ----------------------------------------------------------------------------


def test_pdf_text_zero_bytes() -> None:
    with pytest.raises(ExtractionError, match="not a PDF: the file is an empty file"):
        read_pdf_text(b"")


def test_pdf_text_html_bytes() -> None:
    html = b"<!DOCTYPE html>\n<html lang='en'><head><title>Ofsted</title></head><body></body></html>"
    with pytest.raises(ExtractionError, match="an HTML page saved as .pdf"):
        read_pdf_text(html)


def test_pdf_text_describes_other_lookalikes() -> None:
    assert "ZIP" in describe_non_pdf(b"PK\x03\x04rest")
    assert describe_non_pdf(b"just some words") == "a plain text file"


def test_pdf_text_truncated_copy() -> None:
    data = make_pdf(SIF_LIKE)
    with pytest.raises(ExtractionError, match="truncated") as info:
        read_pdf_text(data[: len(data) // 2])
    assert "\n" not in str(info.value)


@needs_corpus
def test_pdf_text_truncated_copy_of_a_real_report(tmp_path: Path) -> None:
    data = (CORPUS / "kent" / "inspection-pdf-23-august-2013.pdf").read_bytes()
    cut = source(tmp_path, data[: len(data) * 2 // 3])
    with pytest.raises(ExtractionError, match="truncated"):
        extract(cut)


def test_pdf_text_encrypted() -> None:
    with pytest.raises(ExtractionError, match="encrypted"):
        read_pdf_text(encrypted_pdf())


def test_pdf_text_zero_pages() -> None:
    doc = pdfium.PdfDocument.new()
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    with pytest.raises(ExtractionError, match="no pages"):
        read_pdf_text(out.getvalue())


def test_pdf_text_reads_pages_lines_and_styles() -> None:
    pdf = read_pdf_text(make_pdf(SIF_LIKE))
    assert pdf.page_count == 3 and len(pdf.pages) == 3
    assert "Report published: 12 May 2015" in pdf.pages[0]
    heading = next(line for line in pdf.lines[1] if line.text.startswith("What does"))
    body = next(line for line in pdf.lines[1] if line.text.startswith("2. Ensure"))
    assert heading.bold and heading.size > body.size and not body.bold
    assert heading.page == 2 and heading.number >= 1
    assert len(read_pdf_text(make_pdf(SIF_LIKE), max_pages=1).pages) == 1


# --- extraction on PDFs made here ---------------------------------------------------------------


def test_registry_entry() -> None:
    assert EXTRACTOR.name == "ofsted_report"
    assert EXTRACTOR.extract is extract and EXTRACTOR.sniff is sniff


def test_sniff_zero_for_the_text_seeds() -> None:
    for path in sorted(RAW.iterdir()):
        assert sniff(SourceFile.read(path)) == 0.0, path.name


def test_sniff_high_for_a_report_low_for_another_pdf(tmp_path: Path) -> None:
    assert sniff(source(tmp_path, make_pdf(SIF_LIKE), "sif.pdf")) >= 0.8
    assert sniff(source(tmp_path, make_pdf(ILACS_LIKE), "ilacs.pdf")) >= 0.8
    minutes = make_pdf([[("Minutes of the parish council", H, True, 72), ("Item 1. Apologies.", B, False, 72)]])
    assert 0 < sniff(source(tmp_path, minutes, "minutes.pdf")) < 0.3
    title = ("Action plan in response to the Ofsted inspection of services for children in need of help and "
             "protection, children looked after and care leavers")
    plan = make_pdf([[(title, B, True, 72)]])
    assert sniff(source(tmp_path, plan, "plan.pdf")) < 0.8


def test_extract_sif_like(tmp_path: Path) -> None:
    doc = extract(source(tmp_path, make_pdf(SIF_LIKE)))
    facts = doc.report
    assert doc.doc_type == "inspection_report" and doc.extractor == "ofsted_report"
    assert facts.framework == "sif" and "children in need of help and protection" in facts.framework_raw
    assert doc.authority_raw == "Borsetshire County Council"
    assert doc.title.endswith("local safeguarding children board")  # footnote mark dropped
    assert (facts.inspection_start_raw, facts.inspection_end_raw) == ("3 March 2015", "26 March 2015")
    assert facts.published_raw == doc.document_date_raw == "12 May 2015"
    assert canonical_judgement(facts.overall_judgement_raw) == "requires improvement"
    assert facts.judgements_raw["help_and_protection"] == "Requires improvement"
    assert facts.judgements_raw["children_in_care"] == "Good"
    assert facts.judgements_raw["care_leavers"] == "Inadequate"
    assert facts.judgements_raw["lscb"] == "good"
    assert doc.actions == [] and doc.version is None
    recs = doc.recommendations
    # the summary's "1." and the strengths' "6." are not recommendations; nor is the LSCB's "7."
    assert [r.ref for r in recs] == ["2", "3", "4", "5"]
    assert [priority_of(r.priority_raw) for r in recs] == ["immediate", "improve", "improve", "improve"]
    assert [r.heading for r in recs] == [None, "Care leavers", "Help and protection", "Help and protection"]
    assert recs[0].text == "Ensure that every child at risk of harm is seen promptly by a qualified social worker."
    assert recs[2].text == "Strengthen the multi-agency response to children who go missing."
    assert recs[3].provenance.page == 3 and recs[3].provenance.line is not None


def test_extract_ilacs_like(tmp_path: Path) -> None:
    doc = extract(source(tmp_path, make_pdf(ILACS_LIKE)))
    facts = doc.report
    assert facts.framework == "ilacs" and doc.authority_raw == "Borsetshire"
    assert (facts.inspection_start_raw, facts.inspection_end_raw) == ("11 September 2023", "15 September 2023")
    assert facts.overall_judgement_raw == "Good"
    assert facts.judgements_raw == {
        "overall": "Good",
        "leadership": "Good",
        "help_and_protection": "Requires improvement to be good",
        "children_in_care": "Good",
        "care_leavers": "Outstanding",
    }
    assert facts.published_estimated  # ILACS reports print no publication date
    assert any("publication date not printed" in warning for warning in doc.warnings)
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        (None, "The quality of referrals that partners make to children's social care."),
        (None, "The timeliness of initial health assessments for children in care."),
    ]
    assert [(r.ref, r.ref_inferred) for r in normalise(doc).recommendations] == [("1", True), ("2", True)]
    assert all(priority_of(r.priority_raw) == "improve" and r.heading is None for r in doc.recommendations)


def test_recommendations_without_timescale_map_to_improve() -> None:
    assert priority_of(IMPLICIT_IMPROVE) == "improve"


@pytest.mark.parametrize(
    ("name", "created", "expected"),
    [
        ("inspection-21-march-2014.pdf", date(2014, 3, 19), date(2014, 3, 21)),
        ("2019-01-07_isle_of_wight_ilacs.pdf", date(2019, 1, 3), date(2019, 1, 7)),
        ("report 15 Apr 2020.pdf", date(2020, 4, 9), date(2020, 4, 15)),
        ("inspection-21-march-2014.pdf", date(2014, 4, 2), None),  # before the file was made: not the publication
        ("ilacs-4-june-2018-to-15-june-2018.pdf", date(2018, 8, 1), None),  # the inspection, weeks earlier
        ("downloaded-2024-05-01.pdf", date(2018, 6, 11), None),  # years after
        ("inspection-31-february-2014.pdf", date(2014, 2, 20), None),
        ("inspection-21-march-2014.pdf", None, None),  # nothing to check the name against
    ],
)
def test_publication_date_from_the_file_name_only_when_the_pdf_agrees(name, created, expected) -> None:
    assert named_publication(name, created) == expected


def test_next_working_day_skips_weekends_and_bank_holidays() -> None:
    assert next_working_day(date(2019, 6, 28)) == date(2019, 7, 1)  # Friday -> Monday
    assert next_working_day(date(2020, 4, 9)) == date(2020, 4, 14)  # Good Friday, Easter Monday
    assert next_working_day(date(2019, 12, 24)) == date(2019, 12, 27)


def test_html_saved_as_pdf_fails_with_one_line_cause(tmp_path: Path) -> None:
    page = source(tmp_path, b"<!DOCTYPE html>\n<html><body>Report</body></html>")
    assert sniff(page) == 0.0
    with pytest.raises(ExtractionError) as info:
        extract(page)
    assert str(info.value) == "not a PDF: the file is an HTML page saved as .pdf"


# --- the real corpus ----------------------------------------------------------------------------


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
def test_corpus_sniff_high_for_reports(corpus) -> None:
    for gold, pdf, _ in corpus:
        score = sniff(SourceFile.read(pdf))
        assert (score == 0.0) if gold.get("expect_error") else (score >= 0.8), pdf


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
