"""The narrative committee progress-report extractor, on the seed and on synthetic variants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.base import ExtractionError, SourceFile
from extractors.cells import unquote
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
    assert doc.inspection_date_raw == "14 June 2013"  # the visit's last day, not the publication
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


def test_variant3_appendix_with_each_areas_own_labelled_lines() -> None:
    doc = extract(SourceFile.read(FIXTURES / "committee_report-variant3.txt"))
    assert sniff(SourceFile.read(FIXTURES / "committee_report-variant3.txt")) >= 0.6
    assert doc.authority_raw == "EASTMERE METROPOLITAN BOROUGH COUNCIL"  # letterhead in capitals
    assert [r.ref for r in doc.recommendations] == ["1", "2", "3", "4", "5", "6"]
    assert [r.priority_raw for r in doc.recommendations] == ["Immediately"] * 2 + ["Within three months"] * 2 + [
        "Within six months"
    ] * 2
    # Own "Timescale:" lines are the deadlines, not the group heading.
    assert [a.deadline for a in doc.actions] == [
        "Immediately", "April 2014", "30 June 2014", "Within 3 months", "Sep 2014", "Ongoing"
    ]
    assert [a.rag for a in doc.actions] == ["Green", "Complete", "Amber/Red", "A", "Not yet started", "Green"]
    assert doc.actions[0].lead == "Head of Safeguarding"
    assert doc.actions[1].lead == "Independent Reviewing Service Manager"  # value wrapped onto a second line
    assert doc.actions[4].lead == "Designated Nurse"
    # A bare "Update:" label takes the paragraphs below it.
    assert doc.actions[1].progress == (
        "All reviews in the last quarter were held on time. "
        "The reviewing service now reports timeliness to the Corporate Parenting Board every month."
    )
    assert doc.actions[5].progress.startswith("Two members of the Children in Care Council")
    # The running footer (with "Page 2 of 3") splits area 3; it is dropped and the area joined.
    assert doc.recommendations[2].text == (
        "Improve the recruitment of foster carers so that more children can be placed within the borough."
    )
    assert not any("Page" in r.text for r in doc.recommendations)
    assert doc.warnings == []


LETTERED = """Report to:\tScrutiny Committee
Date:\t3 June 2015
Report of:\tDirector

1. BACKGROUND

1.1 The inspection concluded on 6 February 2015. Ofsted made these recommendations:

Immediately

a) Ensure that referrals are screened on the day they arrive.

b) Ensure that the views of children are recorded in every

Northvale Council - Scrutiny Committee - 3 June 2015\t\tPage 1

assessment.

Within 3 months

c) Improve the quality of supervision.

2. PROGRESS

2.1 Recommendation (b): Assessment forms now have a section for the child's own words.

2.2 Recommendation (a): All referrals are screened by a duty manager on the day of receipt.

2.3 Recommendation (c): Supervision standards were relaunched in April.

3. FINANCIAL IMPLICATIONS

3.1 None.

Northvale Council - Scrutiny Committee - 3 June 2015\t\tPage 2
"""


def test_lettered_areas_keep_their_letters_and_named_progress_goes_to_them(tmp_path: Path) -> None:
    doc = extract(source_from_text(tmp_path, LETTERED))
    assert [r.ref for r in doc.recommendations] == ["a", "b", "c"]
    assert doc.recommendations[1].text == "Ensure that the views of children are recorded in every assessment."
    assert [a.deadline for a in doc.actions] == ["Immediately", "Immediately", "Within 3 months"]
    # "Recommendation (b): ..." goes to b whatever its position; the label is dropped.
    assert doc.actions[0].progress == "All referrals are screened by a duty manager on the day of receipt."
    assert doc.actions[1].progress == "Assessment forms now have a section for the child's own words."
    assert doc.actions[2].progress == "Supervision standards were relaunched in April."
    assert doc.warnings == []


def test_bracketed_numbers_are_refs_too(tmp_path: Path) -> None:
    text = LETTERED
    for letter, number in zip("abc", "123"):
        text = text.replace(f"{letter}) ", f"({number}) ").replace(f"({letter}):", f"({number}):")
    doc = extract(source_from_text(tmp_path, text))
    assert [r.ref for r in doc.recommendations] == ["1", "2", "3"]
    assert doc.actions[1].progress == "Assessment forms now have a section for the child's own words."


def test_area_named_by_a_heading_of_its_own_takes_the_paragraphs_below(tmp_path: Path) -> None:
    text = LETTERED.split("2. PROGRESS")[0] + (
        "2. PROGRESS\n\nArea for development (c)\n\nStandards were relaunched.\n\n- Audits began in May.\n\n"
        "3. FINANCIAL IMPLICATIONS\n\nNone.\n"
    )
    doc = extract(source_from_text(tmp_path, text))
    assert doc.actions[2].progress == "Standards were relaunched. Audits began in May."
    assert doc.actions[0].progress is None


def test_printed_numbers_are_refs_only_when_they_identify_the_areas(tmp_path: Path) -> None:
    restarting = LETTERED.replace("a) ", "1. ").replace("b) ", "2. ").replace("c) ", "1. ")
    doc = extract(source_from_text(tmp_path, restarting))
    assert [r.ref for r in doc.recommendations] == ["1", "2", "3"]  # "1." twice: positions
    # Dotted paragraph numbers ("5.3") number the report, not the recommendations.
    doc = extract(SourceFile.read(FIXTURES / "committee_report-variant2.txt"))
    assert [r.ref for r in doc.recommendations] == ["1", "2", "3", "4"]


def test_page_furniture_is_recognised_by_form() -> None:
    from extractors.committee_report import _page_furniture

    lines = [
        "Some text.",  # 0
        "Acme - Committee - 3 May 2014",  # 1: same as the numbered footer below, digits aside
        "Page 1",  # 2
        "Within three months",  # 3
        "See the chart on page 4 for details.",  # 4: a page reference in prose is not furniture
        "Acme - Committee - 3 May 2014    Page 2",  # 5
        "- 3 -",  # 6: bare page number
        "\fRunning header 2014",  # 7: first line of two pages
        "Body.",  # 8
        "\fRunning header 2014",  # 9
        "Within three months",  # 10: a heading that opens two pages stays
        "\fWithin three months",  # 11
        "More body.",  # 12
    ]
    assert sorted(_page_furniture(lines)) == [1, 2, 5, 6, 7, 9]


STATUS_LINES = """Subject:\tProgress report
Committee:\tScrutiny Panel
Date:\t4 March 2016

1. Background

1.1 The inspection concluded on 2 October 2015.

Area for improvement 1

Ensure that referrals are screened on the day they arrive.

Owner: Head of Early Help | Timeframe: by 31.03.16 | Ref: EH/2 | Current status: Amber - on track

Progress: A duty manager now screens every referral.

Area for improvement 2

Improve the quality of supervision.

Lead: Head of Service | Lifts and escalators

Progress: Standards were relaunched.

3. Conclusion

3.1 Good progress has been made.
"""


def test_pipe_separated_status_line_gives_each_field(tmp_path: Path) -> None:
    doc = extract(source_from_text(tmp_path, STATUS_LINES))
    first, second = doc.actions
    assert (first.lead, first.deadline, first.rag) == ("Head of Early Help", "by 31.03.16", "Amber - on track")
    assert first.progress == "A duty manager now screens every referral."
    # A pipe is a separator only when every part is "Label: value"; otherwise it is part of the value.
    assert second.lead == "Head of Service | Lifts and escalators"
    # "Area for improvement 2" names the kind of area, not a time: no deadline from it.
    assert second.deadline is None
    assert [r.priority_raw for r in doc.recommendations] == ["Area for improvement 1", "Area for improvement 2"]


def test_bare_page_number_after_a_wide_gap_is_a_footer(tmp_path: Path) -> None:
    from extractors.committee_report import _page_furniture

    lines = [
        "Northvale Council                                   1",  # 0: footer, number after a wide gap
        "Total\t\t12",  # 1: a tab-separated row ending in a number is not furniture
        "Visits within 10 days rose to 12",  # 2: prose ending in a number is not furniture
        "Numbers rose to:    12",  # 3: nor is a label and its value
    ]
    assert sorted(_page_furniture(lines)) == [0]
    text = LETTERED.replace("Northvale Council - Scrutiny Committee - 3 June 2015\t\tPage 1", f"{lines[0]}")
    doc = extract(source_from_text(tmp_path, text))
    assert doc.recommendations[1].text == "Ensure that the views of children are recorded in every assessment."


LABELLED_AREAS = """Eastmere Council - Children's Scrutiny Committee - 9 May 2024

Report of the Director of Children's Services

1 Purpose

1.1 To report progress on the areas for improvement from the inspection of 4 to 15 March 2024.

2 Action required

2.1 The Committee is asked to note the progress made.

3 Background

3.1 Each area has a lead officer, a target date and a rating.

Area for improvement 1: The timeliness of assessments for disabled children.

Lead officer - Head of Disability Services
Target date - Sep-24
BRAG - Amber

Progress - Two assessment workers have been recruited, but the waiting list is not yet

Page 2 of 3

Eastmere Council - Children's Scrutiny Committee - 9 May 2024

cleared.

Area for improvement 2: The quality of return home interviews.

Lead officer - Head of Exploitation Services
Target date - Q2 2024/25
BRAG - Green

Progress - All interviews are now offered within 72 hours.

Page 3 of 3

Eastmere Council - Children's Scrutiny Committee - 9 May 2024

4 Other options considered

4.1 None.
"""


def test_areas_named_by_their_own_labels_with_dash_fields(tmp_path: Path) -> None:
    source = source_from_text(tmp_path, LABELLED_AREAS)
    assert sniff(source) >= 0.3  # no timescale headings: the labelled areas are the content
    doc = extract(source)
    assert [r.ref for r in doc.recommendations] == ["1", "2"]
    assert doc.recommendations[0].text == "The timeliness of assessments for disabled children."
    assert [r.priority_raw for r in doc.recommendations] == ["Area for improvement"] * 2
    first, second = doc.actions
    assert (first.lead, first.deadline, first.rag) == ("Head of Disability Services", "Sep-24", "Amber")
    # The running header under each "Page N of M" footer is furniture: the broken sentence is joined.
    assert first.progress == (
        "Two assessment workers have been recruited, but the waiting list is not yet cleared."
    )
    # A bare-numbered section heading ("4 Other options considered") ends the last area.
    assert second.progress == "All interviews are now offered within 72 hours."
    # The date in the running header is the report's own, not the inspection's in the body.
    assert doc.document_date_raw == "9 May 2024"


def test_labelled_areas_under_timescale_headings_keep_the_timescale(tmp_path: Path) -> None:
    text = LABELLED_AREAS.replace(
        "Area for improvement 1:", "Within three months:\n\nArea for improvement 1:"
    )
    doc = extract(source_from_text(tmp_path, text))
    assert [r.priority_raw for r in doc.recommendations] == ["Within three months"] * 2


def test_page_opening_lines_that_differ_by_number_are_not_running_headers() -> None:
    from extractors.committee_report import _page_furniture

    lines = [
        "Area for improvement 1",  # 0
        "Body.",  # 1: a sentence that ends two pages alike is still body text
        "Page 1 of 3",  # 2
        "Area for improvement 2",  # 3: opens a page, but its number differs from the next one's
        "RAG: Green",  # 4: so is a labelled field
        "Page 2 of 3",  # 5
        "Area for improvement 3",  # 6
        "RAG: Green",  # 7
        "Body.",  # 8
        "Page 3 of 3",  # 9
    ]
    assert sorted(_page_furniture(lines)) == [2, 5, 9]


CLOSING_RAG = """Report author: A. Writer
Date: 2 October 2014
Subject: Progress on the inspection recommendations

1 Background information

1.1 The inspection made these recommendations.

Immediately:

(i) Ensure that every child in need has an allocated social worker.

(ii) Ensure that strategy discussions include the police.

2.1 Each recommendation has a RAG rating.

3 Main issues

3.1 Recommendation (i) - Every child in need is now allocated. RAG: Complete.

3.2 Recommendation (ii) - The police join by telephone. Attendance is checked monthly. RAG: Amber/Green.

4 Corporate considerations

4.1 None.
"""


def test_dash_run_in_label_names_the_area_and_closing_rag_is_its_rating(tmp_path: Path) -> None:
    doc = extract(source_from_text(tmp_path, CLOSING_RAG))
    assert [r.ref for r in doc.recommendations] == ["i", "ii"]
    first, second = doc.actions
    assert (first.progress, first.rag) == ("Every child in need is now allocated.", "Complete")
    assert second.progress == "The police join by telephone. Attendance is checked monthly."
    assert second.rag == "Amber/Green"


def test_bare_number_before_a_date_is_not_a_section_number() -> None:
    from extractors.committee_report import _marker

    assert _marker("3 Background") == ("Background", "3", False, "3")
    assert _marker("10 March 2013") == ("10 March 2013", None, False, None)
    assert _marker("12 months on, most actions are complete.")[1] is None


_LISTED_THEN_NUMBERED_AREAS = """Wessex County Council

Children's Scrutiny Committee

Meeting Date: 3 March 2023

Subject: Progress on the ILACS improvement plan

1. Purpose of Report

1.1 To update the Committee on the improvement plan.

2. Background

2.1 Ofsted's report, published on 20 January 2023, set out the following areas for improvement:

1. The quality of supervision for social workers in the assessment teams.

2. The sufficiency of homes for older children in care.

2.2 Each area has a lead officer and a BRAG rating.

3. Progress

Area 1

Lead officer: Principal Social Worker; Target date: June 2023; BRAG: Amber

A supervision audit found reflective discussion on 60% of files.

Area 2

Lead officer: Head of Commissioning; Target date: 2023/24; BRAG: Red

Two new residential homes are delayed by planning.

4. Financial implications

4.1 None.
"""


def test_areas_listed_under_an_introduction_and_reported_under_area_numbers(tmp_path: Path) -> None:
    doc = extract(source_from_text(tmp_path, _LISTED_THEN_NUMBERED_AREAS))
    assert [(r.ref, r.text, r.priority_raw) for r in doc.recommendations] == [
        ("1", "The quality of supervision for social workers in the assessment teams.", "areas for improvement"),
        ("2", "The sufficiency of homes for older children in care.", "areas for improvement"),
    ]
    assert [(a.lead, a.deadline, a.rag, a.progress) for a in doc.actions] == [
        ("Principal Social Worker", "June 2023", "Amber", "A supervision audit found reflective discussion on 60% of files."),
        ("Head of Commissioning", "2023/24", "Red", "Two new residential homes are delayed by planning."),
    ]


_DECIMAL_SECTIONS = """WESSEX COUNTY COUNCIL

CHILDREN'S SCRUTINY COMMITTEE

25 January 2013

1.0\tPURPOSE OF REPORT

1.1\tTo update Members on the areas for development.

2.0\tBACKGROUND

2.1\tOfsted inspected services between 3 and 14 September 2012. The report was published on 19 October 2012.

3.0\tAREAS FOR DEVELOPMENT

3.1\tThe areas for development identified by Ofsted are as follows:

Within three months:

\u2022\tImprove the quality of supervision so that it is reflective and recorded.
\u2022\tEnsure that every looked after child has a personal education plan of good quality.

4.0\tPROGRESS

4.1\tAll team managers have attended reflective supervision training and supervision is recorded. (Lead officer: Principal Social Worker - RAG rating: Green)

4.2\tThe Virtual School has reviewed every personal education plan. (RAG rating: Amber)

5.0\tFINANCIAL IMPLICATIONS

5.1\tNone.
"""


def test_decimal_section_headings_and_bracketed_fields_closing_progress(tmp_path: Path) -> None:
    doc = extract(source_from_text(tmp_path, _DECIMAL_SECTIONS))
    assert [r.text for r in doc.recommendations] == [
        "Improve the quality of supervision so that it is reflective and recorded.",
        "Ensure that every looked after child has a personal education plan of good quality.",
    ]
    assert [(a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("Principal Social Worker", "Within three months", "Green"),
        (None, "Within three months", "Amber"),
    ]
    assert doc.actions[0].progress.endswith("supervision is recorded.")
    assert doc.inspection_date_raw == "14 September 2012"  # the inspection's, not the publication's


_HEADED_RECOMMENDATIONS = """Wessex County Council

Cabinet - 10 March 2017

Report of: Director of Children's Services
Key Decision: No
Wards Affected: All

Background

1. Ofsted inspected services between 5 and 27 October 2016. The report quotes the following.

Help and protection

Recommendation 1
"Ensure that referrals are screened within one working day."

Lead:        Head of First Response
Timescale:   Immediately
Status:      Complete

Progress: Every referral is now screened on the day it arrives.

Children looked after

Recommendation 2
"Reduce changes of social worker for children in care."

Lead:        Head of Children in Care
Timescale:   Q4 2016/17
Status:      Amber

Progress: Caseloads have fallen to 18.

Financial implications

3. None.
"""


def test_areas_under_their_own_label_line_with_section_headings(tmp_path: Path) -> None:
    doc = extract(source_from_text(tmp_path, _HEADED_RECOMMENDATIONS))
    assert [(r.ref, r.text, r.heading) for r in doc.recommendations] == [
        ("1", "Ensure that referrals are screened within one working day.", "Help and protection"),
        ("2", "Reduce changes of social worker for children in care.", "Children looked after"),
    ]
    assert [(a.lead, a.deadline, a.rag, a.progress) for a in doc.actions] == [
        ("Head of First Response", "Immediately", "Complete", "Every referral is now screened on the day it arrives."),
        ("Head of Children in Care", "Q4 2016/17", "Amber", "Caseloads have fallen to 18."),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Ensure that plans are reviewed.”", "Ensure that plans are reviewed."),
        ('"Improve supervision."', "Improve supervision."),
        ("“Plans” and “reviews” are weak", "“Plans” and “reviews” are weak"),  # two quotations, not one
        ("Ensure that plans are reviewed.", "Ensure that plans are reviewed."),
    ],
)
def test_unquote_drops_only_marks_around_the_whole_text(text: str, expected: str) -> None:
    assert unquote(text) == expected


_SERVICES_WITH_TIMESCALES = """WESSEX METROPOLITAN BOROUGH COUNCIL

Name of meeting: Children's Scrutiny Panel
Date: 4 December 2012
Title of report: Update on the Ofsted inspection

1. Purpose of report

1.1 To update the Panel.

2. Key points

2.1 Ofsted inspected services between 9 and 20 July 2012.

3. Areas for development

Safeguarding services

Immediately:

(a) Ensure that all referrals are screened by a qualified social worker.

Services for looked after children

Within three months:

(b) Ensure that every looked after child has a personal education plan.

4. Progress

4.1 Area (a) – Responsible officer: Head of Duty – Status: Complete
Every referral is now screened on the day it arrives.

4.2 Area (b) – Responsible officer: Virtual School Head – Status: Amber
Nine in ten children now have a plan.

5. Financial implications

5.1 None.
"""


def test_service_headings_over_timescale_groups_and_fields_after_an_area_label(tmp_path: Path) -> None:
    doc = extract(source_from_text(tmp_path, _SERVICES_WITH_TIMESCALES))
    assert [(r.ref, r.priority_raw) for r in doc.recommendations] == [("a", "Immediately"), ("b", "Within three months")]
    assert [(a.lead, a.rag, a.progress) for a in doc.actions] == [
        ("Head of Duty", "Complete", "Every referral is now screened on the day it arrives."),
        ("Virtual School Head", "Amber", "Nine in ten children now have a plan."),
    ]
