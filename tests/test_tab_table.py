"""Tests of the tab-separated table extractor on the two seeds, two synthetic variants and the gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extractors import tab_table
from extractors.base import ExtractionError, SourceFile
from models.records import RawDocument
from tests.support import FIXTURES, RAW

GOLD = Path(__file__).parent / "gold"
SOUTHAMPTON = "southampton-2013-post-inspection-action-plan"
SOUTHWARK = "southwark-2013-action-plan-appendix"
OTHER_SEEDS = (
    "southampton-2014-post-inspection-action-plan",
    "southampton-2021-improvement-plan",
    "southwark-2013-committee-progress-report",
)


def _read(path: Path) -> RawDocument:
    return tab_table.extract(SourceFile.read(path))


@pytest.fixture(scope="module")
def southampton() -> RawDocument:
    return _read(RAW / f"{SOUTHAMPTON}.txt")


@pytest.fixture(scope="module")
def southwark() -> RawDocument:
    return _read(RAW / f"{SOUTHWARK}.txt")


def _action(doc: RawDocument, start: str):
    matches = [a for a in doc.actions if a.action.startswith(start)]
    assert len(matches) == 1, start
    return matches[0]


# ---------------------------------------------------------------- sniffing


@pytest.mark.parametrize("stem", [SOUTHAMPTON, SOUTHWARK])
def test_sniff_scores_the_seeds_high(stem: str) -> None:
    assert tab_table.sniff(SourceFile.read(RAW / f"{stem}.txt")) >= 0.8


@pytest.mark.parametrize("stem", OTHER_SEEDS)
def test_sniff_scores_other_formats_low(stem: str) -> None:
    assert tab_table.sniff(SourceFile.read(RAW / f"{stem}.txt")) < 0.3


def test_sniff_scores_prose_low(tmp_path: Path) -> None:
    prose = tmp_path / "prose.txt"
    prose.write_text("The committee met on Tuesday.\n\nIt discussed the budget and\tthe parks.\n" * 5)
    assert tab_table.sniff(SourceFile.read(prose)) < 0.3


@pytest.mark.parametrize("name", ["tab_table-variant1.txt", "tab_table-variant2.txt", "tab_table-variant3.txt"])
def test_sniff_scores_the_variants_high(name: str) -> None:
    assert tab_table.sniff(SourceFile.read(FIXTURES / name)) >= 0.7


def test_extract_refuses_a_file_without_a_table(tmp_path: Path) -> None:
    prose = tmp_path / "prose.txt"
    prose.write_text("Minutes\n\nThe meeting\tdiscussed\tparks.\n")
    with pytest.raises(ExtractionError, match="header"):
        _read(prose)


# ---------------------------------------------------------------- Southampton seed (one merged text column)


def test_southampton_document_fields(southampton: RawDocument) -> None:
    assert southampton.extractor == "tab_table"
    assert southampton.doc_type == "action_plan"
    assert southampton.version == "14"
    assert southampton.document_date_raw == "Last updated: 5th March 2013"
    assert "Southampton" in (southampton.authority_raw or "")
    assert len(southampton.recommendations) == 20
    assert len(southampton.actions) == 35


def test_southampton_sections_priorities_and_split_heading(southampton: RawDocument) -> None:
    recs = southampton.recommendations
    assert recs[0].heading == "QUALITY OF WORK TO SAFEGUARD CHILDREN"  # "CHI" + "LDREN" across two cells
    assert [recs[i].priority_raw for i in (0, 3, 8, 9, 10, 16)] == [
        "Immediately", "Within three months", "Within six months", "Immediately", "Three months", "Six Months",
    ]
    assert recs[9].heading == "CHILDREN LOOKED AFTER"


def test_southampton_recommendation_refs(southampton: RawDocument) -> None:
    refs = [r.ref for r in southampton.recommendations]
    assert refs[:9] == ["1", "2", "3", "4", "5", "6", "7", "8", "9"]  # printed, or the N of actions "N.M"
    assert refs[9] is None  # neither printed nor implied by numbered actions
    # A row whose only other cell is OCR junk is still a recommendation when numbered actions follow it.
    assert southampton.recommendations[2].text.startswith("groups are held regularly")


def test_southampton_actions_link_numbers_and_continue(southampton: RawDocument) -> None:
    qa = _action(southampton, "Revise the Quality Assurance framework")
    assert qa.ref == "1.3" and qa.recommendation_index == 0
    wifi = _action(southampton, "use of wireless connectivity")
    assert wifi.ref == "2.3" and wifi.recommendation_index == 1 and wifi.provenance.page == 2
    audit = _action(southampton, "Audit of current practice required")
    # Rows with only later columns filled and no lead add to the action above.
    assert "independence training pathway" in audit.extra["What do we still need to do"]
    assert audit.progress and "On the team day" in audit.progress


def test_southampton_columns_go_to_fields(southampton: RawDocument) -> None:
    first = southampton.actions[0]
    assert first.lead == "Felicity Budgen"
    assert first.cost == "c£1.7m in baseline budget 13/02/13."
    assert first.progress and first.progress.startswith("Funding secured")
    assert first.outcome is None  # "9 ." in the Impact column is OCR junk
    assert first.deadline == "31 March 2013"  # from the header "Where we aim to be by 31 March 2013"
    assert "Where we aim to be by 31 March 2013 (including RAG Rating)" in first.extra
    assert first.provenance.line == 9 and first.provenance.table == 0


def test_southampton_list_items_and_inherited_lead(southampton: RawDocument) -> None:
    advocacy = [a for a in southampton.actions if a.provenance.line == 59]
    assert len(advocacy) == 5 and advocacy[3].action == "Scope services required and develop specification."
    assert all(a.lead == "Sam Ray" for a in advocacy)
    see_above = _action(southampton, "See action under 'Immediately'")
    assert see_above.lead == "Felicity Budgen"  # printed on its recommendation's row


def test_southampton_warnings(southampton: RawDocument) -> None:
    lines = [w.split(":")[0] for w in southampton.warnings]
    assert lines == ["line 41", "line 44", "line 54", "line 74"]


# ---------------------------------------------------------------- Southwark seed (recommendation column)


def test_southwark_recommendations(southwark: RawDocument) -> None:
    recs = southwark.recommendations
    assert len(recs) == 8
    assert recs[0].priority_raw == "Immediately" and recs[0].text.startswith("Ensure that clearly recorded")
    assert recs[1].text.endswith("child in need plans and interventions.")  # page-break continuation
    assert [r.priority_raw for r in recs[1:6]] == ["Within three months"] * 5
    assert recs[6].text.startswith("Southwark NHS Primary Care Trust") and recs[6].priority_raw == "Within six months"


def test_southwark_actions_split_by_list_items(southwark: RawDocument) -> None:
    assert len(southwark.actions) == 14
    first = [a for a in southwark.actions if a.recommendation_index == 0]
    assert [a.action.split()[0] for a in first] == ["QAU", "Joint", "Create", "Ensure"]
    assert all(a.lead == "Alasdair Smith/ Jackie Cook" and a.deadline == "Immediately" for a in first)
    health = _action(southwark, "Review commissioned arrangements")
    assert "to secure increased capacity" in health.action  # lower-case sub-items stay with their item
    idv = _action(southwark, "Ensure IRO report annually on")
    assert idv.action.endswith("provision deficits and strengths")  # joined across the page break


def test_southwark_multi_line_header(southwark: RawDocument) -> None:
    audit = _action(southwark, "Implement integrated performance management")
    assert audit.action.endswith("look beyond the process are sufficiently critical")
    assert audit.measure and audit.measure.endswith("in line with evaluation framework")
    assert audit.provenance.page == 4
    assert not southwark.warnings


# ---------------------------------------------------------------- synthetic variants


def test_variant1_merged_column_with_deadline_and_rag_columns() -> None:
    doc = _read(FIXTURES / "tab_table-variant1.txt")
    assert doc.authority_raw == "Riverton Borough Council"
    assert doc.doc_type == "improvement_plan"
    assert doc.inspection_date_raw == "14 January 2015"
    assert doc.version == "3.2"
    assert [r.ref for r in doc.recommendations] == ["R1", "2", "3", "4"]
    assert doc.recommendations[2].text.startswith("Ensure that return home")  # "Within 3 months:" stripped
    assert doc.recommendations[3].heading == "CHILDREN IN CARE"
    assert doc.recommendations[3].priority_raw == "Within six months"
    by_ref = {a.ref: a for a in doc.actions if a.ref}
    assert by_ref["1.2"].rag == "Amber/Red" and by_ref["1.2"].deadline == "Apr 15"
    assert by_ref["2.1"].action.endswith("with all partner agencies.")  # continued after the mangled header
    assert by_ref["2.1"].lead == "Independent Chair"
    assert "Interim arrangement" in (by_ref["3.1"].progress or "")
    assert "4.1" not in by_ref and any("4.1" in w for w in doc.warnings)
    assert len(doc.actions) == 7


def test_variant2_wrapped_header_and_bullets() -> None:
    doc = _read(FIXTURES / "tab_table-variant2.txt")
    assert doc.authority_raw == "Ashford Vale Council"
    assert [r.priority_raw for r in doc.recommendations] == [
        "Immediately", "Within 3 months", "Within 3 months", "Within 6 months",
    ]
    assert [a.action for a in doc.actions if a.recommendation_index == 1] == [
        "Revise the plan template", "Train conference chairs in SMART planning",
    ]
    protocol = _action(doc, "Agree a protocol")
    assert protocol.action.endswith("how decisions are recorded") and protocol.deadline == "Dec 2014"
    assert protocol.outcome == "Joint decisions recorded" and protocol.measure.startswith("Quarterly")
    learning = [a.action for a in doc.actions if a.recommendation_index == 3]
    assert learning == ["Publish a quarterly practice report", "Hold learning events feed lessons into training"]


def test_variant3_lead_before_action_with_spanned_recommendation_rows() -> None:
    doc = _read(FIXTURES / "tab_table-variant3.txt")
    assert doc.document_date_raw == "Updated: 12 September 2016"  # not "Inspection date: 3 March 2016"
    assert doc.inspection_date_raw == "3 March 2016"
    # "1" then the text under "Responsible officer"; section titles under "No."
    assert [(r.ref, r.heading) for r in doc.recommendations] == [
        ("1", "EARLY HELP AND PROTECTION"), ("2", "EARLY HELP AND PROTECTION"), ("3", "CHILDREN LOOKED AFTER"),
    ]
    assert doc.recommendations[1].text == "Improve supervision so that it is regular and reflective."
    assert [a.recommendation_index for a in doc.actions] == [0, 0, 1, 1, 2]
    screening = _action(doc, "Bring health and police staff")
    assert screening.action.endswith("and agree a shared screening record.")  # wrapped row on the same page
    assert screening.lead == "Head of Early Help / Youth Offending Manager"
    assert (screening.deadline, screening.rag, screening.progress) == ("June 2016", "G", "Two police officers in post.")
    template = _action(doc, "Introduce a supervision template")
    assert template.action.endswith("decision, including the child's views.")  # cut by the page break
    assert not doc.warnings


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("headers", "fields"),
    [(["Progress to date", "Due", "BRAG"], ["progress", "deadline", "rag"]),
     (["Completion date", "Progress to date"], ["deadline", "progress"]),
     (["Status / comments", "RAG"], ["progress", "rag"]),
     (["By whom", "Action", "Lead officer"], [None, "action", "lead"])],
)
def test_header_fields_do_not_depend_on_column_order(headers: list[str], fields: list[str | None]) -> None:
    assert tab_table._map_fields(headers) == fields
    assert tab_table._map_fields(headers[::-1]) == fields[::-1]


def test_split_items_keeps_lower_case_sub_items() -> None:
    cell = "Review X to secure  increased capacity  better outreach  Meet judges  - not a bullet"
    assert tab_table._split_items(cell) == [
        "Review X to secure increased capacity better outreach",
        "Meet judges - not a bullet",
    ]


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [("SAFEGUARD CHI", "LDREN", "SAFEGUARD CHILDREN"), ("a robust", "monitoring", "a robust monitoring"),
     ("LAC and", "CSL teams", "LAC and CSL teams"), ("", "text", "text")],
)
def test_join_rejoins_only_cut_words(left: str, right: str, joined: str) -> None:
    assert tab_table._join(left, right) == joined


# ---------------------------------------------------------------- agreement with the gold files


@pytest.mark.parametrize("stem", [SOUTHAMPTON, SOUTHWARK])
def test_agreement_with_gold(stem: str) -> None:
    gold = json.loads((GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))
    doc = _read(RAW / f"{stem}.txt")
    assert len(doc.recommendations) == len(gold["recommendations"])
    assert len(doc.actions) == len(gold["actions"])
    for want, got in zip(gold["recommendations"], doc.recommendations):
        assert fuzz.ratio(want["text"], got.text) >= 95
    texts = sum(fuzz.ratio(w["action"], a.action) >= 95 for w, a in zip(gold["actions"], doc.actions))
    assert texts >= 0.95 * len(gold["actions"])
    for want, got in zip(gold["actions"], doc.actions):
        assert got.lead == want["lead"]
        assert got.deadline == want["deadline_text"]
        rec = doc.recommendations[got.recommendation_index]
        assert fuzz.ratio(rec.text, want["recommendation"]) >= 95


def test_flat_export_repeating_the_recommendation_on_each_row(tmp_path: Path) -> None:
    rows = [
        "No.\tRecommendation\tAction\tLead officer\tTimescale",
        "1\tImprove the quality of plans\tRevise the template\tHead of Service\tMarch 2016",
        "1\tImprove the quality of plans\tTrain chairs\tTraining Manager\t30/06/2016",
        "2\tStrengthen supervision\tAudit supervision records\tPrincipal Social Worker\tOngoing",
    ]
    path = tmp_path / "flat.txt"
    path.write_text("\n".join(rows) + "\n")
    doc = _read(path)
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        ("1", "Improve the quality of plans"), ("2", "Strengthen supervision"),
    ]
    assert [(a.recommendation_index, a.lead, a.deadline) for a in doc.actions] == [
        (0, "Head of Service", "March 2016"), (0, "Training Manager", "30/06/2016"),
        (1, "Principal Social Worker", "Ongoing"),
    ]
    assert all(a.provenance.page is None for a in doc.actions)  # one printing of the header: no page breaks seen


# ---------------------------------------------------------------- general rules (inline documents)


def _doc(tmp_path: Path, rows: list[str]) -> RawDocument:
    path = tmp_path / "plan.txt"
    path.write_text("Improvement Plan\n\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return _read(path)


TWO_COLUMN_HEADER = "Area for improvement\tWhat we will do\tLead officer\tTimescale\tRAG"


def test_title_case_section_rows_head_the_recommendations_below(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        TWO_COLUMN_HEADER,
        "Immediate action required\t\t\t\t",
        "Theme 1: Early help\t\t\t\t",
        "Ensure that referrals are screened promptly.\tAudit referrals monthly.\tHead of MASH\tMay 2016\tGreen",
        "Theme 2: Care leavers\t\t\t\t",
        "Improve pathway plans\t\t\t\t",  # short, but the action row below makes it a recommendation
        "\tReview every pathway plan.\tTeam Manager\tJune 2016\tAmber",
        "Areas for improvement\t\t\t\t",
        "Theme 3: Governance\t\t\t\t",
        "Ensure that the Board scrutinises early help.\tBuild a dashboard.\tBoard Manager\t2016/17\tAmber",
    ])
    recs = [(r.text, r.heading, r.priority_raw) for r in doc.recommendations]
    assert recs == [
        ("Ensure that referrals are screened promptly.", "Theme 1: Early help", "Immediate action required"),
        ("Improve pathway plans", "Theme 2: Care leavers", "Immediate action required"),  # priority groups hold themes
        ("Ensure that the Board scrutinises early help.", "Theme 3: Governance", "Areas for improvement"),
    ]
    assert [a.recommendation_index for a in doc.actions] == [0, 1, 2]


def test_title_row_above_a_recommendation_row_in_a_merged_column(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        "No.\tRecommendation / Action\tLead\tTimescale\tRAG",
        "\tChildren in care\t\t\t",
        "1\tImprove health assessments\t\t\t",
        "1.1\tShare data weekly\tNurse\tMay 2015\tRed",
    ])
    assert [(r.ref, r.text, r.heading) for r in doc.recommendations] == [
        ("1", "Improve health assessments", "Children in care"),
    ]
    assert [a.action for a in doc.actions] == ["Share data weekly"]


def test_ocr_mangled_repeated_header_is_a_page_break(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        "Ref\tRecommendation\tKey actions\tLead officer\tTarget date\tRAG status",
        "1\tEnsure plans are reviewed.\t1.1 Train all chairs in reviewing\tChair\tMay 2013\tGreen",
        "\t\t1.2 Deliver a programme on reflective supervision, including\tPSW\tJune 2013\tAmber",
        "Ref\tRecommendatlon\tKey act ions\tLead offcer\tTarget date\tRAG stat us",
        "\t\tthe use of the model in case discussion.\t\t\t",
    ])
    assert [a.action for a in doc.actions] == [
        "Train all chairs in reviewing",
        "Deliver a programme on reflective supervision, including the use of the model in case discussion.",
    ]
    assert doc.actions[1].provenance.page == 1


_KNOWN = ["Ref", "Recommendation", "Key actions", "Lead officer"]
_WRAPPED = ["Area for improvement", "What we will do", "Lead officer", "RAG"]


@pytest.mark.parametrize(
    ("cells", "known", "repeats"),
    [(["Rf", "Recommendatlon", "Key act ions", "Lead offcer"], _KNOWN, True),
     (["Area for", "What we will", "Lead", "RAG"], _WRAPPED, True),  # the first line of a wrapped reprint
     (["1", "Ensure plans are reviewed", "Train chairs", "Chair"], _KNOWN, False),
     (["", "Recommendation", "Key actions", "Lead officer"], _KNOWN, False)],  # a column the header fills is blank
)
def test_repeats_header(cells: list[str], known: list[str], repeats: bool) -> None:
    assert tab_table._repeats_header(cells, known) is repeats


def test_a_recommendation_row_with_its_own_action_shares_no_cells(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        TWO_COLUMN_HEADER,
        "Ensure care leavers are housed.\tReview all pathway plans.\tTeam Manager\tSept 2013\tAmber",
        "\tAgree a housing protocol.\tHead of Housing\t\t",
        "Ensure PEPs are good.\t\tVirtual School Head\tMarch 2014\t",  # no action: its cells are its actions'
        "\tTrack PEPs weekly.\t\t\tGreen",
    ])
    protocol = _action(doc, "Agree a housing protocol")
    assert (protocol.rag, protocol.deadline) == (None, None)
    peps = _action(doc, "Track PEPs weekly")
    assert (peps.lead, peps.deadline, peps.rag) == ("Virtual School Head", "March 2014", "Green")


def test_only_a_timescale_priority_is_a_deadline(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        TWO_COLUMN_HEADER,
        "Within three months\t\t\t\t",
        "Ensure visits are recorded.\tCheck visits in supervision.\tTeam Manager\t\t",
        "Areas for improvement\t\t\t\t",
        "Ensure supervision is reflective.\tRevise the policy.\tPSW\t\t",
    ])
    assert [a.deadline for a in doc.actions] == ["Within three months", None]


def test_brag_by_whom_due_headers_and_a_row_wrapped_mid_page(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        "Ofsted recommendation\tAction\tBy whom\tDue\tBRAG\tComments",
        ("Ensure that plans are reviewed.\tReview all plans for children placed at home and apply to end\t"
         "Head of Service /\tDecember 2014\tA\t31 of 44 done."),
        "\tthe orders where appropriate.\tLegal Manager\t\t\t",
        "\tGive every care leaver a health passport.\tLeaving Care Manager\tOngoing\tB\t",
    ])
    assert [(a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("Review all plans for children placed at home and apply to end the orders where appropriate.",
         "Head of Service / Legal Manager", "December 2014", "A"),
        ("Give every care leaver a health passport.", "Leaving Care Manager", "Ongoing", "B"),
    ]


def test_a_footer_exported_as_a_row_is_page_furniture(tmp_path: Path) -> None:
    header = "No.\tArea for improvement\tKey actions\tLead officer\tTarget date\tRAG"
    doc = _doc(tmp_path, [
        header,
        "5\tEnsure that care leavers are in suitable homes and in\tAgree a housing protocol.\tLC Manager\tQ3 2018/19\tG",
        "Calderbridge Council\tImprovement Plan\tVersion 3\tPage 1 of 2",
        header,
        "\teducation, employment or training.\t\t\t\t",
        "\t\tOffer every care leaver an apprenticeship interview.\tLC Manager\t2018/19\t",
    ])
    assert [r.text for r in doc.recommendations] == [
        "Ensure that care leavers are in suitable homes and in education, employment or training.",
    ]
    assert [(a.action, a.recommendation_index) for a in doc.actions] == [
        ("Agree a housing protocol.", 0),
        ("Offer every care leaver an apprenticeship interview.", 0),
    ]


def test_a_page_break_mid_sentence_continues_with_a_capitalised_word(tmp_path: Path) -> None:
    header = "Area for development\tNo.\tAction required\tResponsible officer\tBy when\tRAG rating"
    doc = _doc(tmp_path, [
        header,
        "Improve the work of IROs.\t5.1\tReport escalations to the Corporate\tIndependent Reviewing Service\tJune 2014\tAmber",
        "Wessex Council | Action Plan | Page 2",
        header,
        "\t\tParenting Board.\tManager\t\t",
        "\t5.2\tReview all children placed at home.\tHead of LAC\tJun-14\t",
    ])
    assert [(a.action, a.lead) for a in doc.actions] == [
        ("Report escalations to the Corporate Parenting Board.", "Independent Reviewing Service Manager"),
        ("Review all children placed at home.", "Head of LAC"),
    ]


def test_in_a_merged_text_column_a_lower_case_row_after_a_dangling_line_continues_it(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        "Ref\tRecommendation / Action\tLead officer\tTarget date\tRAG",
        "2\tEnsure that every case is allocated.\t\t\t",
        "2.1\tRecruit eight locum social workers to an assessment team until\tService Manager\tMar 13\tAmber",
        "\tpermanent recruitment is complete.\t\t\t",
        "2.2\tReview every unallocated case.\tTeam Managers\tApr 13\tGreen",
    ])
    assert [a.action for a in doc.actions] == [
        "Recruit eight locum social workers to an assessment team until permanent recruitment is complete.",
        "Review every unallocated case.",
    ]


def test_recommendations_and_sections_printed_across_the_table_without_tabs(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        "No.\tAction\tLead officer\tComplete by\tRAG",
        "SECTION A - CHILDREN WHO NEED HELP AND PROTECTION",
        "Ofsted recommendation 1 - Ensure that contacts are responded to promptly.",
        "1.1\tIntroduce a duty manager rota.\tHead of Duty\t31/12/16\tG",
        "1.2\tRelaunch the threshold guidance.\tKSCB Manager\tMar 17\tA",
        "Ofsted recommendation 2 - Ensure that plans are timely.",
        "2.1\tTrain every social worker in chronologies.\tWorkforce Manager\tQ4 2016/17\tR",
    ])
    assert [(r.ref, r.text, r.heading) for r in doc.recommendations] == [
        ("1", "Ensure that contacts are responded to promptly.", "SECTION A - CHILDREN WHO NEED HELP AND PROTECTION"),
        ("2", "Ensure that plans are timely.", "SECTION A - CHILDREN WHO NEED HELP AND PROTECTION"),
    ]
    assert [(a.ref, a.recommendation_index, a.deadline) for a in doc.actions] == [
        ("1.1", 0, "31/12/16"), ("1.2", 0, "Mar 17"), ("2.1", 1, "Q4 2016/17")]


def test_a_wrapped_row_may_go_on_with_a_name_in_one_cell(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        "Ref\tRecommendation\tActions\tLead officer\tTimescale\tRAG",
        ("4\tEnsure that conferences are quorate and that\tAgree attendance standards with the police and Chase Farm"
         "\tBoard Manager\tJan-13\tAmber"),
        "\tpartners send reports in advance.\tHospitals NHS Trust through the Board.\t\t\t",
        "\t\tSend reports to parents two days before the conference.\tConference Manager\tMarch 2013\tRed",
    ])
    assert [r.text for r in doc.recommendations] == [
        "Ensure that conferences are quorate and that partners send reports in advance.",
    ]
    assert [a.action for a in doc.actions] == [
        "Agree attendance standards with the police and Chase Farm Hospitals NHS Trust through the Board.",
        "Send reports to parents two days before the conference.",
    ]


@pytest.mark.parametrize(
    "row",
    ["\t\tweekly audit of visits\tPSW\tMay 2016\tGreen",  # fills Timescale and RAG, left empty above
     "1\t\tweekly audit of visits\tPSW\t\t"],  # repeats the row's number
)
def test_a_lower_case_row_that_cannot_be_a_wrap_is_its_own_row(tmp_path: Path, row: str) -> None:
    doc = _doc(tmp_path, [
        "No.\tArea for improvement\tWhat we will do\tLead officer\tTimescale\tRAG",
        "1\tEnsure that visits are timely.\tCheck visits in supervision\tTeam Manager\t\t",
        row,
    ])
    assert [a.action for a in doc.actions] == ["Check visits in supervision", "weekly audit of visits"]


def test_a_sentence_alone_under_a_first_lead_column_spans_the_row(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [
        "Lead officer\tAction\tTarget date\tRAG",
        "Ensure that every child in care has an up to date health assessment and plan.\t\t\t",
        "Designated Nurse\tAgree a new pathway with the provider.\tMay 2016\tRed",
        "Named Doctor\t\t\t",  # too short to be a spanned row: a wrapped piece of a lead
        "Head of Health\tAudit health plans.\tJune 2016\tAmber",
    ])
    assert [r.text for r in doc.recommendations] == [
        "Ensure that every child in care has an up to date health assessment and plan.",
    ]
    assert [(a.recommendation_index, a.lead) for a in doc.actions] == [(0, "Designated Nurse"), (0, "Head of Health")]
