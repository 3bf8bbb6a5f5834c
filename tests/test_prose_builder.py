"""The prose builder: committee reports, their PDF exports and email updates, Layout in, records out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.base import SourceFile
from extractors.build import build
from extractors.cleanup import clean
from extractors.detect import readers_for
from extractors.layout import Block, Layout

ROOT = Path(__file__).resolve().parent
GENERATED = ROOT / "generated"


def _text_layout(text: str) -> Layout:
    """Blocks as the plain reader makes them: one a non-blank line, numbered by line."""
    blocks = [Block(line, line=n) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    return Layout(source="report.txt", sha256="0" * 64, reader="plain", items=list(blocks))


def _records(layout: Layout) -> list[tuple[str | None, str, str | None, str | None, str | None]]:
    built = build(layout)
    assert built.builder == "prose"
    doc = built.document
    return [(doc.recommendations[a.recommendation_index].ref, a.action, a.lead, a.deadline, a.rag) for a in doc.actions]


REPORT = """\
Report to: Corporate Parenting Panel
Date: 4 March 2014

1. Recommendations

1.1 That the Panel notes the progress made.

2. Background

2.1 The inspection identified the following areas for improvement:

Immediately:

- Ensure that every child is visited
within timescales.
- Ensure that managers record their decisions.

Within six months:

- Improve the quality of pathway plans.

3. Progress

Immediate actions

3.1 Visits are tracked weekly. (Lead officer: Head of Service - RAG rating: Green)

3.2 A decision template is in use. (Lead officer: Team Manager - RAG rating: Amber)

4. Financial implications

4.1 None.
"""


def test_areas_under_timescale_headings_take_the_heading_as_deadline_and_progress_in_order():
    records = _records(_text_layout(REPORT))
    assert records == [
        ("1", "Ensure that every child is visited within timescales.", "Head of Service", "Immediately", "Green"),
        ("2", "Ensure that managers record their decisions.", "Team Manager", "Immediately", "Amber"),
        ("3", "Improve the quality of pathway plans.", None, "Within six months", None),
    ]
    assert build(_text_layout(REPORT)).document.doc_type == "progress_report"


@pytest.mark.parametrize("progress", [
    "Work is under way.\nResponsible officer: Jo Bloggs, Head of MASH\nTarget date: 30/09/2015\nRAG: Amber / Green",
    "Work is under way. Responsible officer: Jo Bloggs, Head of MASH. Target date: 30/09/2015. RAG: Amber / Green.",
    "Work is under way. (Responsible officer: Jo Bloggs, Head of MASH; Target date: 30/09/2015; RAG: Amber / Green)",
])
def test_fields_on_their_own_lines_run_in_or_in_brackets(progress):
    text = (f"2. Progress against the recommendations\n\nRecommendation 4: Ensure that plans are specific.\n\n{progress}\n\n"
            "3. Recommendations\n\nThat the Committee notes the progress made.\n")
    assert _records(_text_layout(text)) == [
        ("4", "Ensure that plans are specific.", "Jo Bloggs, Head of MASH", "30/09/2015", "Amber / Green")]


def test_email_lines_are_not_joined_and_dash_separated_fields_are_read():
    text = """From: A Person <a@council.gov.uk>
Subject: Ofsted action plan update

Dear all,

Within three months

Rec 1 – Ensure that independent reviewing officers challenge drift in care planning across all of the teams
Training has been delivered to all of the reviewing officers in the service. Status: Blue – Lead: Service Manager, MASH – Target: Immediately

2. Ensure that social work caseloads are manageable
The work is complete. RAG: Red – Lead: Head of Safeguarding

Thanks,
Jo
"""
    assert _records(_text_layout(text)) == [
        ("1", "Ensure that independent reviewing officers challenge drift in care planning across all of the teams",
         "Service Manager, MASH", "Immediately", "Blue"),
        ("2", "Ensure that social work caseloads are manageable", "Head of Safeguarding", "Within three months", "Red"),
    ]


def test_titled_recommendations_named_progress_and_numbered_actions():
    text = """Areas for development

(a) Ensure that contacts are screened by a qualified social worker.
(b) Ensure that children are seen alone.

4. Progress

4.1 Area (a) – Responsible officer: Heather Kemp – Status: Complete
A qualified social worker screens every contact.
4.2 Area (b) – Status: Red/Amber

Recommendation 7
"Improve the timeliness of permanence planning."
Lead:        Rachel Simcox, Head of Service - Children in Care
Timescale:   31st March 2016

Recommendation 8: Ensure that supervision is regular.
Action 8.1  Introduce a supervision template.
Owner:      Principal Social Worker (Joanne Tate)
Action 8.2  Audit its use monthly.
Due:        Ongoing
"""
    records = _records(_text_layout(text))
    assert records[:3] == [
        ("a", "Ensure that contacts are screened by a qualified social worker.", "Heather Kemp", None, "Complete"),
        ("b", "Ensure that children are seen alone.", None, None, "Red/Amber"),
        ("7", "Improve the timeliness of permanence planning.", "Rachel Simcox, Head of Service - Children in Care",
         "31st March 2016", None),
    ]
    assert records[3:] == [("8", "Introduce a supervision template.", "Principal Social Worker (Joanne Tate)", None, None),
                           ("8", "Audit its use monthly.", None, "Ongoing", None)]


def _pdf_line(text: str, top: float, size: float = 9.0, bold: bool = False, right: float | None = None) -> Block:
    return Block(text, page=1, bbox=(72.0, top, right or 72.0 + len(text) * 4.5, top + size), size=size, bold=bold)


def test_pdf_lines_wrapped_to_the_margin_are_joined_and_large_headings_are_no_records():
    lines = [
        _pdf_line("2. Progress against the recommendations", 100, 14, True),
        _pdf_line("1. Ensure that care leavers are supported into education, employment or", 130, bold=True, right=520),
        _pdf_line("training.", 142, bold=True),
        _pdf_line("The work is complete. Responsible officer: Linda Morgan. Timescale:", 165, right=519),
        _pdf_line("Summer term 2023. Current status: Green.", 177),
        _pdf_line("3. Recommendations", 210, 14, True),
        _pdf_line("4. That the Committee notes the progress made and the areas where further work is needed.", 230),
    ]
    layout = Layout(source="report.pdf", sha256="0" * 64, reader="pdf", items=list(lines))
    assert _records(layout) == [("1", "Ensure that care leavers are supported into education, employment or training.",
                                 "Linda Morgan", "Summer term 2023", "Green")]


def test_pdf_theme_headings_over_timescale_headings_keep_the_list_open():
    lines = [
        _pdf_line("Care planning", 100, 13, True),
        _pdf_line("Immediate", 120, 13, True),
        _pdf_line("Recommendation 1: Ensure that reviews are held within timescales.", 140, bold=True),
        _pdf_line("Reviews are tracked weekly.", 160),
        _pdf_line("Status: RED", 172),
        _pdf_line("Missing children", 190, 13, True),
        _pdf_line("Within three months", 210, 13, True),
        _pdf_line("Recommendation 2: Ensure that return interviews are offered to every child.", 230, bold=True),
        _pdf_line("The service was commissioned in May.", 250),
        _pdf_line("Status: GREEN", 262),
    ]
    layout = Layout(source="report.pdf", sha256="0" * 64, reader="pdf", items=list(lines))
    assert [(ref, deadline, rag) for ref, _, _, deadline, rag in _records(layout)] == [
        ("1", "Immediate", "RED"), ("2", "Within three months", "GREEN")]
    assert [r.heading for r in build(layout).document.recommendations] == ["Care planning", "Missing children"]


def _read(path: Path) -> Layout:
    source = SourceFile.read(path)
    return clean(readers_for(source)[-1].read(source))


@pytest.mark.parametrize("name", ["seed-201/prose-14-st-helens-2015.txt", "seed-201/email-01-newcastle-upon-tyne-2016.txt",
                                  "seed-202/prose-04-luton-2013.txt", "seed-202/committee-pdf-12-brighton-and-hove-2023.pdf"])
def test_generated_reports_give_the_gold_records(name):
    path = GENERATED / name
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text())
    doc = build(_read(path)).document
    assert [doc.recommendations[a.recommendation_index].ref for a in doc.actions] == \
        [a["recommendation_ref"] for a in gold["actions"]]
    assert [a.lead for a in doc.actions] == [a["lead"] for a in gold["actions"]]
    assert [a.deadline for a in doc.actions] == [a["deadline_text"] for a in gold["actions"]]
    squeezed = lambda text: "".join(text.split())  # noqa: E731  the PDF reader spaces some ligatures ("of f icers")
    assert [squeezed(a.action) for a in doc.actions] == [squeezed(a["action"]) for a in gold["actions"]]


def test_heldout_report_lists_areas_once_and_skips_the_committees_recommendations():
    path = ROOT / "heldout" / "committee-haringey-2012-inspection-progress-report.txt"
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text())
    doc = build(_read(path)).document
    assert [a.action for a in doc.actions] == [a["action"] for a in gold["actions"]]
    assert [a.deadline for a in doc.actions] == [a["deadline_text"] for a in gold["actions"]]
    assert not any(a.action.startswith("That") for a in doc.actions)
