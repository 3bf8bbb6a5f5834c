"""The Ofsted report builder (extractors/build/report.py): a Layout in, report facts and recommendations out;
real reports from ../shared through the new path (skipped when absent); council documents about an
inspection are not reports."""

from __future__ import annotations

import ctypes
import io
import json
import random
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from bench.report_accuracy import canonical_judgement
from extractors import detect
from extractors.base import ExtractionError, SourceFile
from extractors.build import report
from extractors.layout import Block, Cell, Layout, Table, grid
from pipeline.normaliser import normalise
from tests.support import ROOT

CORPUS = ROOT / ".." / "shared" / "corpus" / "ofsted-reports"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/ofsted-reports is absent")


Line = tuple[str, float, bool, float]  # text, font size, bold, x


def make_pdf(pages: list[list[Line]]) -> bytes:
    """A PDF with these lines of text (standard Helvetica), one list per page, top to bottom."""
    doc = pdfium.PdfDocument.new()
    try:
        for lines in pages:
            page = doc.new_page(595, 842)
            y = 800.0
            for text, size, bold, x in lines:
                obj = pdfium_c.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica-Bold" if bold else b"Helvetica", size)
                encoded = (text + "\0").encode("utf-16-le")
                pdfium_c.FPDFText_SetText(obj, (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded))
                pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
                pdfium_c.FPDFPage_InsertObject(page.raw, obj)
                y -= size * 1.6
            pdfium_c.FPDFPage_GenerateContent(page.raw)
            page.close()
        out = io.BytesIO()
        doc.save(out)
    finally:
        doc.close()
    return out.getvalue()


B, H, S = 12.0, 14.0, 8.0  # body, heading, running header sizes

SIF_LIKE = [
    [
        ("1", 20, False, 72),
        ("Borsetshire County Council", B, True, 72),
        ("Inspection of services for children in need of help and", H, True, 72),
        ("protection, children looked after and care leavers", H, True, 72),
        ("and", B, True, 72),
        ("Review of the effectiveness of the local safeguarding children", H, True, 72),
        ("board1", H, True, 72),
        ("Inspection date: 3 March 2015 – 26 March 2015", B, False, 72),
        ("Report published: 12 May 2015", B, False, 72),
        ("The overall judgement is that children's services require", B, True, 72),
        ("improvement", B, True, 72),
        ("1. Children who need help and protection Requires improvement", B, False, 72),
        ("2. Children looked after and achieving permanence Good", B, False, 72),
        ("2.1 Adoption performance Good", B, False, 72),
        ("2.2 Experiences and progress of care leavers Inadequate", B, False, 72),
        ("3. Leadership, management and governance Requires improvement", B, False, 72),
        ("The effectiveness of the Local Safeguarding Children Board (LSCB) is good", B, False, 72),
    ],
    [
        ("2", 20, False, 72),
        ("Summary of findings", H, True, 72),
        ("1. Leaders know their services well.", B, False, 72),
        ("What does the local authority need to improve?", H, True, 72),
        ("Priority and immediate action", B, True, 72),
        ("2. Ensure that every child at risk of harm is seen promptly by a", B, False, 72),
        ("qualified social worker.", B, False, 100),
        ("Areas for improvement", B, True, 72),
        ("Care leavers", B, False, 72),
        ("3. Improve pathway plans so that they are specific, measurable and", B, False, 72),
        ("reviewed with each young person.", B, False, 100),
        ("Help and protection", B, False, 72),
        ("4. Strengthen the multi-", B, False, 72),
        ("agency response to children who go missing.", B, False, 100),
    ],
    [
        ("3", 20, False, 72),
        ("5. Ensure that strategy discussions include the police.", B, False, 72),
        ("The local authority's strengths", H, True, 72),
        ("6. Senior leaders are ambitious for children.", B, False, 72),
        ("What does the LSCB need to improve?", H, True, 72),
        ("Areas for improvement", B, True, 72),
        ("7. Ensure that the board's training reaches every partner.", B, False, 72),
    ],
]

ILACS_LIKE = [
    [
        ("Inspection of Borsetshire local authority", H, True, 72),
        ("children's services", H, True, 72),
        ("Inspection dates: 11 to 15 September 2023", B, False, 72),
        ("Lead inspector: A Inspector, His Majesty's Inspector", B, False, 72),
        ("Judgement Grade", B, True, 72),
        ("The impact of leaders on social work", B, False, 72),
        ("practice with children and families", B, False, 72),
        ("Good", B, False, 400),
        ("The experiences and progress of", B, False, 72),
        ("children who need help and protection", B, False, 72),
        ("Requires improvement to be good", B, False, 400),
        ("The experiences and progress of", B, False, 72),
        ("children in care", B, False, 72),
        ("Good", B, False, 400),
        ("The experiences and progress of care", B, False, 72),
        ("leavers", B, False, 72),
        ("Outstanding", B, False, 400),
        ("Overall effectiveness Good", B, False, 72),
    ],
    [
        ("Inspection of Borsetshire local authority children's services", S, True, 72),
        ("11 to 15 September 2023 2", S, True, 72),
        ("What needs to improve?", H, True, 72),
        ("• The quality of referrals that partners make to children's", B, False, 72),
        ("social care.", B, False, 90),
        ("• The timeliness of initial health assessments for children in care.", B, False, 72),
        ("The experiences and progress of children who need help and", H, True, 72),
        ("protection: requires improvement to be good", H, True, 72),
        ("1. Not all children who need help receive a good service.", B, False, 72),
    ],
    [
        ("Inspection of Borsetshire local authority children's services", S, True, 72),
        ("11 to 15 September 2023 3", S, True, 72),
        ("2. Managers oversee practice well.", B, False, 72),
    ],
    [
        ("Inspection of Borsetshire local authority children's services", S, True, 72),
        ("11 to 15 September 2023 4", S, True, 72),
        ("3. Care leavers are well supported.", B, False, 72),
    ],
]


def line(text: str, page: int = 1, size: float = 12.0, bold: bool = False, x: float = 71.0) -> Block:
    return Block(text, page=page, bbox=(x, 0.0, x + 400.0, 12.0), size=size, bold=bold)


def grades(rows: list[tuple[str, str]]) -> Table:
    return Table(rows=grid([[Cell(a), Cell(b)] for a, b in [("Judgement", "Grade"), *rows]]), page=1, engine="pdf-ruled")


def ilacs(*improve: Block) -> Layout:
    """An ILACS report: title, dates, inspector, grade table, then the section given, then the next heading."""
    items: list[Block | Table] = [
        line("Inspection of Exampleshire local authority", size=26), line("children’s services", size=26),
        line("Inspection dates: 11 to 15 September 2023"), line("Lead inspector: A Person, His Majesty’s Inspector"),
        grades([("The experiences and progress of children who need help and protection", "Requires improvement to be good"),
                ("The experiences and progress of children in care", "Good"), ("Overall effectiveness", "Good")]),
        line("Services for children in Exampleshire have improved since the last inspection."),
        *improve,
        line("The experiences and progress of children in care: good", page=3, size=14, bold=True),
        line("1. Children come into care when they need to.", page=3),
    ]
    return Layout(source="exampleshire/inspection-27-october-2023.pdf", sha256="0" * 64, reader="pdf", items=items,
                  metadata={"created": "2023-10-26"}, pages=3)


def test_ilacs_layout_gives_framework_dates_judgements_and_bulleted_recommendations() -> None:
    built = report.build(ilacs(
        line("What needs to improve?", page=2, size=14, bold=True),
        line("◼ The engagement of multi-agency partners, including in key decision-making", page=2),
        line("meetings for children in need of help and protection.", page=2, x=89),
        line("◼ The record of achievements and targets within personal education plans.", page=2)))
    assert built is not None and built.builder == "inspection_report" and built.confidence > 0.6
    doc, facts = built.document, built.document.report
    assert doc.doc_type == "inspection_report" and doc.authority_raw == "Exampleshire"
    assert (facts.framework, facts.inspection_start_raw, facts.inspection_end_raw) == (
        "ilacs", "11 September 2023", "15 September 2023")
    assert facts.judgements_raw == {"help_and_protection": "Requires improvement to be good",
                                    "children_in_care": "Good", "overall": "Good"}
    # no printed publication date: the file name's, within the month after the PDF's creation
    assert facts.published_raw == "27 October 2023" and facts.published_estimated
    assert [(r.ref, r.priority_raw, r.provenance.page) for r in doc.recommendations] == [
        (None, "What needs to improve?", 2)] * 2  # the heading names the timescale group: improve
    assert doc.recommendations[0].text == ("The engagement of multi-agency partners, including in key decision-making "
                                           "meetings for children in need of help and protection.")


def test_timescale_groups_and_themed_subheadings_set_priority_and_heading() -> None:
    built = report.build(ilacs(
        line("What does the local authority need to improve?", page=2, size=14, bold=True),
        line("Priority and immediate action", page=2, bold=True),
        line("Care Leavers", page=2, x=70),
        line("13. Take action to reduce the numbers of care leavers living in unsuitable", page=2),
        line("accommodation.", page=2, x=99),
        line("Areas for improvement", page=2, bold=True),
        line("14. Improve the quality of supervision.", page=2)))
    assert built is not None
    assert [(r.ref, r.priority_raw, r.heading, r.text) for r in built.document.recommendations] == [
        ("13", "Priority and immediate action", "Care Leavers",
         "Take action to reduce the numbers of care leavers living in unsuitable accommodation."),
        ("14", "Areas for improvement", None, "Improve the quality of supervision.")]


def test_a_running_footer_between_the_lines_of_an_item_is_skipped_and_a_heading_at_a_page_foot_ends_the_section() -> None:
    built = report.build(ilacs(
        line("What needs to improve?", page=2, size=14, bold=True),
        line("◼ The engagement of multi-agency partners, including in key decision-making", page=2),
        line("Inspection 11 to 15 September of Exampleshire 2023 local authority children’s services 2", 2, 20, True),
        line("meetings for children in need of help and protection.", page=3, x=89),
        line("Help and protection", page=3, size=14, bold=True),
        line("1. Children are seen promptly.", page=4)))
    assert built is not None
    assert [r.text for r in built.document.recommendations] == [
        "The engagement of multi-agency partners, including in key decision-making meetings for children in need "
        "of help and protection."]


def test_no_recommendations_means_no_report_unless_every_sign_is_printed() -> None:
    council = Layout(source="x.pdf", sha256="0" * 64, reader="pdf", items=[
        line("Inspection of Exampleshire local authority children’s services", size=20),
        line("Overall effectiveness: requires improvement to be good"),
        line("The council welcomes the findings and will respond to them.")])
    assert report.build(council).confidence == 0  # type: ignore[union-attr]
    outstanding = report.build(ilacs())  # dates, inspector, grades, title: a report making no recommendations
    assert outstanding is not None and outstanding.confidence > 0.6 and not outstanding.document.recommendations


def test_committee_report_with_an_inspection_title_page_is_not_a_report() -> None:
    built = report.build(Layout(source="x.pdf", sha256="0" * 64, reader="pdf", items=[
        line("Inspection of local authority children’s services", size=20, bold=True),
        line("Inspection dates: 1 to 12 May 2023"), line("Report to: Cabinet"), line("Report of: Director"),
        line("Recommendations", page=2, size=14, bold=True),
        line("1. That Cabinet notes the progress made.", page=2),
        line("2. That Cabinet receives a further report in six months.", page=2)]))
    assert built is not None and built.confidence == 0


def test_generated_committee_pdf_with_an_inspection_title_page_is_not_read_as_a_report(tmp_path: Path) -> None:
    from tests.plan_generator.v2.build import draw_plan, render, slug, write

    plan = draw_plan(901, 3, "committee-pdf")  # a title page naming the inspection, "Report published: ..."
    plan.name = f"committee-pdf-{slug(plan.council.name)}"
    (tmp_path / "work").mkdir()
    path = render(plan, random.Random("render:901:3:committee-pdf"), tmp_path, tmp_path / "work")
    write(plan, path)
    assert json.loads(path.with_suffix(".gold.json").read_text())["features"]["title_page"]
    try:
        assert detect.extract(SourceFile.read(path)).doc_type != "inspection_report"
    except ExtractionError:
        pass  # not read at all is right too: it is no report


@needs_corpus
@pytest.mark.parametrize("name", ["kent/inspection-pdf-23-august-2013", "barnsley/inspection-27-october-2023"])
def test_real_reports_through_the_new_path(name: str) -> None:
    """A SLAC report (timescale groups, grades in its closing record of main findings), an ILACS one (bullets)."""
    gold = json.loads((CORPUS / f"{name}.gold.json").read_text(encoding="utf-8"))
    doc = detect.extract(SourceFile.read(CORPUS / f"{name}.pdf"))
    assert doc.doc_type == "inspection_report" and doc.report and doc.parse
    assert doc.parse.builder == "inspection_report" and doc.report.framework == gold["framework"].lower()
    assert canonical_judgement(doc.report.overall_judgement_raw) == gold["overall_judgement"]
    assert [(r.ref, r.text, r.priority) for r in normalise(doc).recommendations] == [
        (r["ref"], r["text"], r["priority"]) for r in gold["recommendations"]]


@needs_corpus
def test_an_html_page_saved_as_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError, match="not a recognised"):  # read by its bytes as a web page: no plan
        detect.extract(SourceFile.read(CORPUS / "bromley" / "inspection-17-august-2012.pdf"))


@pytest.mark.parametrize(("name", "created", "expected"), [
    ("inspection-21-march-2014.pdf", date(2014, 3, 19), date(2014, 3, 21)),
    ("2019-01-07_isle_of_wight_ilacs.pdf", date(2019, 1, 3), date(2019, 1, 7)),
    ("report 15 Apr 2020.pdf", date(2020, 4, 9), date(2020, 4, 15)),
    ("inspection-21-march-2014.pdf", date(2014, 4, 2), None),  # before the file was made: not the publication
    ("ilacs-4-june-2018-to-15-june-2018.pdf", date(2018, 8, 1), None),  # the inspection, weeks earlier
    ("downloaded-2024-05-01.pdf", date(2018, 6, 11), None),  # years after
    ("inspection-31-february-2014.pdf", date(2014, 2, 20), None),
    ("inspection-21-march-2014.pdf", None, None),  # nothing to check the name against
])
def test_publication_date_from_the_file_name_only_when_the_pdf_agrees(name, created, expected) -> None:
    assert report.named_publication(name, created) == expected


@pytest.mark.parametrize(("day", "after"), [
    (date(2019, 6, 28), date(2019, 7, 1)),  # Friday -> Monday
    (date(2020, 4, 9), date(2020, 4, 14)),  # Good Friday, Easter Monday
    (date(2019, 12, 24), date(2019, 12, 27)),
    (date(2021, 12, 24), date(2021, 12, 29)),  # Christmas on a Saturday: the 27th and 28th off
    (date(2022, 12, 31), date(2023, 1, 3)),  # New Year's Day on a Sunday: Monday off
    (date(2021, 5, 28), date(2021, 6, 1)),  # spring bank holiday, the last Monday in May
])
def test_next_working_day_skips_weekends_and_bank_holidays(day: date, after: date) -> None:
    assert report.next_working_day(day) == after


def pdf_source(tmp_path: Path, pages: list[list[Line]], name: str) -> SourceFile:
    path = tmp_path / name
    path.write_bytes(make_pdf(pages))
    return SourceFile.read(path)


def test_sif_like_pdf_through_the_new_path(tmp_path: Path) -> None:
    doc = detect.extract(pdf_source(tmp_path, SIF_LIKE, "sif.pdf"))
    facts = doc.report
    assert doc.doc_type == "inspection_report" and facts and doc.parse and doc.parse.builder == "inspection_report"
    assert facts.framework == "sif" and "children in need of help and protection" in (facts.framework_raw or "")
    assert doc.authority_raw == "Borsetshire County Council"
    assert doc.title and doc.title.endswith("local safeguarding children board")  # footnote mark dropped
    assert (facts.inspection_start_raw, facts.inspection_end_raw) == ("3 March 2015", "26 March 2015")
    assert facts.published_raw == doc.document_date_raw == "12 May 2015" and not facts.published_estimated
    assert facts.overall_judgement_raw == "require improvement"
    assert {k: facts.judgements_raw[k] for k in ("help_and_protection", "children_in_care", "care_leavers", "lscb")} == {
        "help_and_protection": "Requires improvement", "children_in_care": "Good", "care_leavers": "Inadequate",
        "lscb": "good"}
    recs = doc.recommendations
    # the summary's "1." and the strengths' "6." are not recommendations; nor is the LSCB's "7."
    assert [(r.ref, r.priority_raw, r.heading) for r in recs] == [
        ("2", "Priority and immediate action", None), ("3", "Areas for improvement", "Care leavers"),
        ("4", "Areas for improvement", "Help and protection"), ("5", "Areas for improvement", "Help and protection")]
    assert recs[0].text == "Ensure that every child at risk of harm is seen promptly by a qualified social worker."
    assert recs[2].text == "Strengthen the multi-agency response to children who go missing."
    assert recs[3].provenance.page == 3 and recs[3].provenance.line is not None


def test_ilacs_like_pdf_through_the_new_path(tmp_path: Path) -> None:
    doc = detect.extract(pdf_source(tmp_path, ILACS_LIKE, "ilacs.pdf"))
    facts = doc.report
    assert facts and facts.framework == "ilacs" and doc.authority_raw == "Borsetshire"
    assert facts.judgements_raw == {"overall": "Good", "leadership": "Good", "care_leavers": "Outstanding",
                                    "help_and_protection": "Requires improvement to be good", "children_in_care": "Good"}
    assert facts.published_estimated and any("publication date not printed" in w for w in doc.warnings)
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        (None, "The quality of referrals that partners make to children's social care."),
        (None, "The timeliness of initial health assessments for children in care.")]


def test_a_pdf_that_only_mentions_an_inspection_is_no_report(tmp_path: Path) -> None:
    minutes = pdf_source(tmp_path, [[("Minutes of the parish council", H, True, 72),
                                     ("Item 1. The Ofsted inspection of children's services.", B, False, 72),
                                     ("Recommendations", H, True, 72), ("1. Note the report.", B, False, 72)]], "m.pdf")
    with pytest.raises(ExtractionError, match="not a recognised"):
        detect.extract(minutes)
