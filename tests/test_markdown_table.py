"""The markdown-with-HTML-cells extractor against its seed, its gold and two synthetic variants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.base import ExtractionError, SourceFile
from extractors.cells import DANGLING_END
from extractors.markdown_table import EXTRACTOR, extract, sniff
from models.records import RawDocument
from pipeline.normaliser import normalise
from tests.support import FIXTURES, RAW, source_from_text

SEED = RAW / "southampton-2021-improvement-plan.txt"
GOLD = Path(__file__).parent / "gold" / "southampton-2021-improvement-plan.gold.json"
OTHER_SEEDS = [
    "southampton-2013-post-inspection-action-plan.txt",
    "southampton-2014-post-inspection-action-plan.txt",
    "southwark-2013-action-plan-appendix.txt",
    "southwark-2013-committee-progress-report.txt",
]




@pytest.fixture(scope="module")
def seed() -> RawDocument:
    return extract(SourceFile.read(SEED))


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def variant1() -> RawDocument:
    return extract(SourceFile.read(FIXTURES / "markdown_table-variant1.txt"))


@pytest.fixture(scope="module")
def variant2() -> RawDocument:
    return extract(SourceFile.read(FIXTURES / "markdown_table-variant2.txt"))


@pytest.fixture(scope="module")
def variant3() -> RawDocument:
    return extract(SourceFile.read(FIXTURES / "markdown_table-variant3.txt"))


# --------------------------------------------------------------------------- sniff


def test_registry_entry() -> None:
    assert EXTRACTOR.name == "markdown_table"


@pytest.mark.parametrize("name", [f"markdown_table-variant{n}.txt" for n in (1, 2, 3)])
def test_sniff_accepts_variants(name: str) -> None:
    assert sniff(SourceFile.read(FIXTURES / name)) >= 0.7


def test_sniff_accepts_seed() -> None:
    assert sniff(SourceFile.read(SEED)) >= 0.7


@pytest.mark.parametrize("name", OTHER_SEEDS)
def test_sniff_rejects_other_formats(name: str) -> None:
    assert sniff(SourceFile.read(RAW / name)) < 0.3


def test_sniff_rejects_prose(tmp_path: Path) -> None:
    text = "# Minutes\n\nThe committee met and agreed the actions.\n\n## Next steps\n\nOfficers will report back.\n"
    assert sniff(source_from_text(tmp_path, text)) < 0.3


def test_extract_refuses_file_without_plan_table(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError):
        extract(source_from_text(tmp_path, "# Notes\n\nName\tPhone\nAna\t0123\n"))
    with pytest.raises(ExtractionError):
        extract(SourceFile.read(RAW / "southampton-2014-post-inspection-action-plan.txt"))


# --------------------------------------------------------------------------- seed vs gold


def _agreement(doc: RawDocument, gold: dict) -> dict[str, float]:
    """Share of gold actions whose text, lead, deadline and recommendation match, in order."""
    fields = {"action": 0, "lead": 0, "deadline_text": 0, "recommendation": 0}
    for want, got in zip(gold["actions"], doc.actions):
        rec = doc.recommendations[got.recommendation_index].text if got.recommendation_index is not None else None
        found = {"action": got.action, "lead": got.lead, "deadline_text": got.deadline, "recommendation": rec}
        for name in fields:
            fields[name] += want[name] == found[name]
    return {name: hits / len(gold["actions"]) for name, hits in fields.items()}


def test_seed_counts_match_gold(seed: RawDocument, gold: dict) -> None:
    assert len(seed.actions) == len(gold["actions"])
    assert len(seed.recommendations) == len(gold["recommendations"])


def test_seed_agrees_with_gold(seed: RawDocument, gold: dict) -> None:
    for name, share in _agreement(seed, gold).items():
        assert share >= 0.95, name


def test_seed_recommendations_match_gold(seed: RawDocument, gold: dict) -> None:
    for want, got in zip(gold["recommendations"], seed.recommendations):
        assert (got.text, got.heading) == (want["text"], want["heading"])
        assert (want["priority"] == "improve") == (got.priority_raw is not None)


def test_seed_metadata(seed: RawDocument) -> None:
    assert seed.extractor == "markdown_table"
    assert seed.doc_type == "improvement_plan"
    assert seed.title == "Improvement Plan 2021 - 22"
    assert "Southampton" in (seed.authority_raw or "")
    assert seed.document_date_raw == "September 2021"
    assert seed.inspection_date_raw == "May 2021"
    assert seed.rag_key == {}


def test_seed_non_plan_tables_give_no_actions(seed: RawDocument) -> None:
    text = SEED.read_text(encoding="utf-8").split("\n")
    plan_start = text.index("# Our Improvement Plan") + 1
    measures = text.index("# Measures that Matter") + 1
    lines = [a.provenance.line for a in seed.actions]
    assert min(lines) > plan_start
    assert max(lines) < measures


def test_seed_ofsted_quote_is_split_out_of_lead(seed: RawDocument) -> None:
    assert not any("ofsted" in (a.lead or "").lower() for a in seed.actions)
    first = next(a for a in seed.actions if a.provenance.line == 121)
    assert first.lead == "HoS for Social Care, SEND, Looked after Children, Young People"
    rec = seed.recommendations[first.recommendation_index]
    assert rec.text.startswith("Assessment and Plans are of a high quality")
    assert rec.heading == "Effective Assessment and Intervention"
    assert first.extra["What we want to do differently or better?"].startswith("Social care assessments")


def test_seed_repeated_quote_is_one_recommendation(seed: RawDocument) -> None:
    mash = [r for r in seed.recommendations if r.text.startswith("Decision making in the MASH")]
    assert len(mash) == 1
    index = seed.recommendations.index(mash[0])
    assert {a.provenance.line for a in seed.actions if a.recommendation_index == index} == {134, 181, 189}


def test_seed_list_items_are_actions_and_cells_carry_over(seed: RawDocument) -> None:
    row = [a for a in seed.actions if a.provenance.line == 120]
    assert len(row) == 4
    assert row[0].action == "We will have monthly managers audit of early help assessments and plans"
    assert {a.deadline for a in row} == {"31/12/21"}
    assert {a.extra["The key partners are"] for a in row} == {"QA Unit, Solent NHS, Data Team"}
    assert row[0].outcome.startswith("Audit outcomes: 50% good or outstanding")
    assert row[0].provenance.table is not None and row[0].provenance.row == 0


def test_seed_side_by_side_row_is_split(seed: RawDocument) -> None:
    row = [a for a in seed.actions if a.provenance.line == 171]
    assert [(a.lead, a.deadline) for a in row] == [
        ("MET Team Manager, HoS Young People", "31/03/22"),
        ("All Heads of Service, Deputy Director", "31/12/21"),
    ]
    assert [a.extra["The key partners are"] for a in row] == ["MET Case Review / MET Operational Group", "Business support"]


def test_seed_lead_in_list_stays_with_its_paragraph(seed: RawDocument) -> None:
    row = [a for a in seed.actions if a.provenance.line == 157]
    assert len(row) == 1
    assert "for: 1. Reflective supervision 2. Practice Surgeries 3. Action Learning sets" in row[0].action


def test_seed_rows_without_action_are_warned(seed: RawDocument) -> None:
    skipped = {w.split(":")[0] for w in seed.warnings if "no action text" in w}
    assert skipped == {"line 220", "line 249", "line 250"}


# --------------------------------------------------------------------------- variant 1: pipe tables


def test_variant1_metadata(variant1: RawDocument) -> None:
    assert variant1.authority_raw == "Eastmoor Borough Council"
    assert variant1.title == "Children's Services Improvement Plan"
    assert variant1.doc_type == "improvement_plan"
    assert variant1.version == "3.2"
    assert variant1.document_date_raw == "14 March 2024"
    assert variant1.inspection_date_raw == "January 2024"
    assert variant1.rag_key["blue"] == "Complete"
    assert set(variant1.rag_key) == {"red", "amber", "green", "blue"}


def test_variant1_pipe_rows_and_numbered_items(variant1: RawDocument) -> None:
    first, second = variant1.actions[:2]
    assert (first.ref, first.action) == ("1.1", "Introduce a daily front door huddle chaired by a team manager")
    assert second.action == "Audit 20 contacts a month & share the findings"
    assert first.lead == "Head of Safeguarding"
    assert (first.deadline, first.rag, first.measure) == ("March 2024", "Green", "95% of contacts decided within 24 hours")
    assert first.extra["Partners involved"] == "Police; Health"
    rec = variant1.recommendations[first.recommendation_index]
    assert rec.ref == "1"
    assert rec.text.startswith("The consistency of management oversight")
    assert not rec.text.startswith("“")


def test_variant1_text_bullets_without_list_are_one_action(variant1: RawDocument) -> None:
    action = variant1.actions[2]
    assert action.action == "Relaunch the threshold document with partners Run four multi-agency briefings"
    assert action.rag == "Amber/Red"


def test_variant1_empty_action_row_skipped(variant1: RawDocument) -> None:
    assert "line 33: row with no action text skipped" in variant1.warnings
    assert all(a.lead != "Head of Early Help" for a in variant1.actions)


def test_variant1_side_by_side_row(variant1: RawDocument) -> None:
    split = [a for a in variant1.actions if a.provenance.line == 39]
    assert [(a.lead, a.deadline, a.extra["Partners involved"]) for a in split] == [
        ("Head of Corporate Parenting", "31 Dec 2024", "Commissioning"),
        ("Virtual School Head", "30 Sep 2024", "Schools"),
    ]
    recs = [variant1.recommendations[a.recommendation_index].text for a in split]
    assert recs == ["Placement stability will improve", "Personal education plans will be of good quality"]


def test_variant1_marker_and_inherited_recommendation(variant1: RawDocument) -> None:
    review, offer = variant1.actions[-2:]
    rec = variant1.recommendations[review.recommendation_index]
    assert rec.text == "Care plans are reviewed on time."
    assert rec.priority_raw == "OFSTED AREA FOR IMPROVEMENT"
    assert review.action.startswith("Review care plans as follows: all plans older than six months")
    assert offer.recommendation_index == review.recommendation_index
    assert (offer.ref, offer.lead, offer.rag) == ("2.3", None, "Blue")


def test_variant1_measures_table_ignored(variant1: RawDocument) -> None:
    assert len(variant1.actions) == 7
    assert all("Contacts decided" not in a.action for a in variant1.actions)


# --------------------------------------------------------------------------- variant 2: other wording


def test_variant2_metadata(variant2: RawDocument) -> None:
    assert variant2.authority_raw == "Westbrook City Council"
    assert variant2.title == "Ofsted Focused Visit Action Plan"
    assert variant2.doc_type == "action_plan"
    assert variant2.document_date_raw == "5th February 2024"
    assert variant2.inspection_date_raw == "13 December 2023"


def test_variant2_quote_in_recommendation_column(variant2: RawDocument) -> None:
    rec = variant2.recommendations[0]
    assert (rec.ref, rec.text) == ("1", "The stability of the social work workforce.")
    assert rec.priority_raw == "Ofsted area for improvement:"
    assert [a.action for a in variant2.actions[:2]] == ["Launch a recruitment campaign", "Introduce a retention payment"]
    assert variant2.actions[0].progress == "Campaign launched in January."


def test_variant2_header_date_fills_blank_deadline(variant2: RawDocument) -> None:
    supervision = variant2.actions[2]
    assert supervision.action == "Deliver supervision training to all managers Audit supervision monthly"
    assert supervision.deadline == "31 March 2025"
    assert variant2.actions[3].deadline == "6 months"
    assert variant2.actions[3].recommendation_index == supervision.recommendation_index


def test_variant2_headerless_table_continues_previous(variant2: RawDocument) -> None:
    last = variant2.actions[-1]
    assert last.action == "Introduce a manager checklist for child in need reviews"
    assert (last.lead, last.deadline) == ("Service Manager, Children in Need", "Immediately")
    assert variant2.recommendations[last.recommendation_index].ref == "3"
    assert any("without header" in w for w in variant2.warnings)
    assert len(variant2.actions) == 5


# --------------------------------------------------------------------------- variant 3: aims and quotes anywhere


def test_variant3_labelled_inspection_date(variant3: RawDocument) -> None:
    assert variant3.inspection_date_raw == "3 March 2022"
    assert variant3.document_date_raw == "9 May 2022"


def test_variant3_unmapped_aim_column_with_printed_numbers(variant3: RawDocument) -> None:
    partners, workshops = variant3.actions[:2]
    rec = variant3.recommendations[partners.recommendation_index]
    assert (rec.ref, rec.text) == ("4", "Partners understand when to refer to children's social care.")
    assert workshops.recommendation_index == partners.recommendation_index
    assert "Objective" not in partners.extra


def test_variant3_quote_in_a_notes_column(variant3: RawDocument) -> None:
    action = variant3.actions[2]
    rec = variant3.recommendations[action.recommendation_index]
    assert (rec.ref, rec.text) == ("2", "The timeliness of return home interviews.")
    assert rec.priority_raw is None  # a recommendation label names no priority group
    assert "Notes" not in action.extra
    assert action.extra["Objective"].startswith("2) Return home interviews")


def test_variant3_quote_after_the_aim_in_the_aim_cell(variant3: RawDocument) -> None:
    action = variant3.actions[3]
    rec = variant3.recommendations[action.recommendation_index]
    assert rec.text == "The quality of child in need plans."
    assert rec.priority_raw == "Ofsted area for improvement (March 2022):"
    assert action.extra["Area for development"] == "Plans are specific and reviewed on time."


def test_variant3_label_words_inside_a_sentence_are_no_label(variant3: RawDocument) -> None:
    action = variant3.actions[4]
    rec = variant3.recommendations[action.recommendation_index]
    assert rec.text == "We will respond to the Ofsted recommendations on permanence in full."
    assert rec.priority_raw is None


def test_variant3_priority_levels_are_no_aim(variant3: RawDocument) -> None:
    workforce = variant3.actions[-2:]
    assert [a.recommendation_index for a in workforce] == [None, None]
    assert [a.extra["Priority"] for a in workforce] == ["High", "Medium"]


def _plan(header: str, *rows: str) -> str:
    return "\n".join(["# Plan", "", "## Actions", "", header, "|---|---|---|---|", *rows, ""])


def test_numbered_sentences_make_an_unnamed_column_the_aim(tmp_path: Path) -> None:
    text = _plan(
        "| Focus | Action | Lead | Deadline |",
        "| 3. Improve the quality of supervision for all staff. | Audit supervision monthly. | PSW | June 2024 |",
        "| 1. Reduce caseloads for newly qualified workers. | Cap caseloads at 18. | HoS | July 2024 |",
    )
    doc = extract(source_from_text(tmp_path, text))
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        ("3", "Improve the quality of supervision for all staff."),
        ("1", "Reduce caseloads for newly qualified workers."),
    ]


def test_unnumbered_unnamed_column_is_no_aim(tmp_path: Path) -> None:
    text = _plan(
        "| Focus | Action | Lead | Deadline |",
        "| Improve the quality of supervision for all staff. | Audit supervision monthly. | PSW | June 2024 |",
    )
    doc = extract(source_from_text(tmp_path, text))
    assert doc.recommendations == []
    assert doc.actions[0].extra["Focus"].startswith("Improve the quality")


@pytest.mark.parametrize("label", ["Inspection recommendation 2:", "Ofsted recommendation (12 June 2021)",
                                   "Ofsted recommendation"])
def test_quote_in_lead_cell_after_label_forms(tmp_path: Path, label: str) -> None:
    lead = f"<p>Head of Service</p> <p>{label} 'The timeliness of assessments.'</p>"
    row = f"| Assessments are timely. | Track assessments. | {lead} | May 2022 |"
    text = _plan("| Area for development | Action | Lead | Deadline |", row)
    doc = extract(source_from_text(tmp_path, text))
    assert doc.recommendations[0].text == "The timeliness of assessments."
    assert doc.actions[0].lead == "Head of Service"


# --------------------------------------------------------------------------- rules from the second unseen batch


def _doc(tmp_path: Path, *lines: str) -> RawDocument:
    return extract(source_from_text(tmp_path, "\n".join(lines) + "\n"))


_RECOMMENDATION_ROWS = (
    "# Plan",
    "",
    "## Part A",
    "",
    "| No. | Lead | Action | Completion date | BRAG |",
    "|---|---|---|---|---|",
    "| **R1** | **Ensure that supervision is regular and reflective.** |  |  |  |",
    "| 1a | Principal Social Worker | Issue a supervision standard. | June 2024 | Complete |",
    "| 1b | Head of Service | Audit supervision records against | July 2024 | Amber |",
    "",
    "*Plan - Page 2 of 3*",
    "",
    "| No. | Lead | Action | Completion date | BRAG |",
    "|---|---|---|---|---|",
    "|  |  | the new standard every quarter. |  |  |",
    "| 1c | Head of Service | Publish the audit findings. | August 2024 | Green |",
    "",
    "## Part B",
    "",
    "| No. | Lead | Action | Completion date | BRAG |",
    "|---|---|---|---|---|",
    "| 2a | Head of HR | Recruit permanent managers. | May 2024 | Red |",
)


def test_sentence_row_without_action_is_the_recommendation_of_the_rows_below(tmp_path: Path) -> None:
    doc = _doc(tmp_path, *_RECOMMENDATION_ROWS)
    [rec] = doc.recommendations
    assert (rec.ref, rec.text, rec.heading) == ("R1", "Ensure that supervision is regular and reflective.", "Part A")
    assert [a.recommendation_index for a in doc.actions] == [0, 0, 0, None]
    assert [a.ref for a in doc.actions] == ["1a", "1b", "1c", "2a"]
    assert not any("no action text" in w for w in doc.warnings)


def test_brag_column_is_the_rag(tmp_path: Path) -> None:
    doc = _doc(tmp_path, *_RECOMMENDATION_ROWS)
    assert [a.rag for a in doc.actions] == ["Complete", "Amber", "Green", "Red"]


def test_fragment_row_after_repeated_header_continues_the_action(tmp_path: Path) -> None:
    doc = _doc(tmp_path, *_RECOMMENDATION_ROWS)
    assert doc.actions[1].action == "Audit supervision records against the new standard every quarter."
    assert len(doc.actions) == 4


def test_fragment_row_without_an_action_above_is_an_action(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Plan", "", "| Action | Lead |", "|---|---|", "|  continue the audits. |  |")
    assert [a.action for a in doc.actions] == ["continue the audits."]


def test_row_with_a_date_beside_the_sentence_is_no_recommendation(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Plan", "", "| Ref | Lead | Action | Deadline |", "|---|---|---|---|",
               "| 1 | Families who need early help get it quickly |  | May 2024 |",
               "| 2 | PSW | Audit plans. | May 2024 |")
    assert doc.recommendations == []
    assert any("no action text" in w for w in doc.warnings)


def test_text_bullets_are_list_items_but_glued_dashes_are_not(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Plan", "", "| Action | Lead |", "|---|---|",
               "| - Train all managers<br>- Introduce a template | PSW |",
               "| <p>-Train all managers</p> <p>-Audit monthly</p> | PSW |",
               "| Refresh the guide:<br>• with partners<br>• with schools | PSW |")
    assert [a.action for a in doc.actions] == [
        "Train all managers", "Introduce a template",
        "Train all managers Audit monthly",
        "Refresh the guide: with partners with schools",
    ]


def test_circle_o_bullets_are_removed(tmp_path: Path) -> None:
    cell = "<ul><li>o We will train managers.</li><li>o We will audit plans.</li></ul>"
    doc = _doc(tmp_path, "# Plan", "", "Action\tLead", f"{cell}\tPSW")
    assert [a.action for a in doc.actions] == ["We will train managers.", "We will audit plans."]


def test_numbered_paragraphs_are_separate_actions(tmp_path: Path) -> None:
    cell = "<p>We will:</p> <p>1.1 Train managers.</p> <p>including agency staff</p> <p>1.2 Audit plans.</p>"
    doc = _doc(tmp_path, "# Plan", "", "Action\tLead", f"{cell}\tPSW")
    assert [(a.ref, a.action) for a in doc.actions] == [
        (None, "We will:"), ("1.1", "Train managers. including agency staff"), ("1.2", "Audit plans."),
    ]


def test_one_numbered_paragraph_keeps_the_cell_one_action(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Plan", "", "Action\tLead", "<p>1.1 Train managers.</p> <p>Then audit.</p>\tPSW")
    assert [a.action for a in doc.actions] == ["Train managers. Then audit."]


def test_dates_and_status_lined_up_with_the_actions(tmp_path: Path) -> None:
    actions = "<p>1.1 Train managers.</p> <p>1.2 Audit plans.</p> <p>1.3 Publish data.</p>"
    due = "<p>Jun-23</p> <p>Q1 23/24</p> <p>Ongoing</p>"
    doc = _doc(tmp_path, "# Plan", "", "Ref\tWhat we will do\tDue\tLead\tStatus",
               f"1\t{actions}\t{due}\t<p>PSW</p>\t<p>Amber</p> <p>Green</p>")
    assert [(a.deadline, a.lead, a.rag) for a in doc.actions] == [
        ("Jun-23", "PSW", "Amber Green"), ("Q1 23/24", "PSW", "Amber Green"), ("Ongoing", "PSW", "Amber Green"),
    ]


def test_wrapped_lead_is_not_lined_up(tmp_path: Path) -> None:
    actions = "<ul><li>Train managers</li><li>Audit plans</li></ul>"
    doc = _doc(tmp_path, "# Plan", "", "| Action | Who | By when |", "|---|---|---|",
               f"| {actions} | PSW /<br>Team Managers | May 2024<br>June 2024 |")
    assert [(a.lead, a.deadline) for a in doc.actions] == [
        ("PSW / Team Managers", "May 2024"), ("PSW / Team Managers", "June 2024"),
    ]


def test_dates_in_a_key_value_table_and_after_a_reviewer(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Borough Council", "", "| | |", "|---|---|",
               "| Date of inspection | 6 February 2017 |", "| Plan owner | DCS |", "",
               "| Action | Lead |", "|---|---|", "| Audit plans. | PSW |", "")
    assert (doc.inspection_date_raw, doc.document_date_raw) == ("6 February 2017", None)
    doc = _doc(tmp_path, "# Plan", "", "| Action | Lead |", "|---|---|", "| Audit plans. | PSW |", "",
               "**Version 1.4 - reviewed by the Improvement Board 14/04/2023**")
    assert (doc.version, doc.document_date_raw) == ("1.4", "14/04/2023")


def test_enumerated_paragraphs_are_separate_actions_with_their_own_dates(tmp_path: Path) -> None:
    actions = "<p>(i) Train managers.</p> <p>(ii) Record every discussion<br>on one template.</p>"
    doc = _doc(tmp_path, "# Plan", "", "Ref\tKey tasks\tMilestone date\tLead\tStatus",
               f"A2\t{actions}\t<p>w/c 9 April 2018</p> <p>by 31.07.18</p>\tPSW\t<p>Green</p> <p>R/A</p>")
    assert [(a.action, a.deadline, a.rag) for a in doc.actions] == [
        ("Train managers.", "w/c 9 April 2018", "Green"),
        ("Record every discussion on one template.", "by 31.07.18", "R/A"),
    ]


def test_one_enumerated_paragraph_keeps_the_cell_one_action(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Plan", "", "Action\tLead", "<p>(a) Train managers.</p> <p>Then audit.</p>\tPSW")
    assert [a.action for a in doc.actions] == ["(a) Train managers. Then audit."]


def test_lettered_ref_cell_numbers_the_rows_recommendation(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Plan", "", "Ref\tLead\tArea for improvement\tKey tasks\tDeadline",
               "<p><b>B2</b></p>\tPSW\t<p>Plans are not reviewed on time.</p>\t<p>Audit plans.</p>\tMay 2018",
               "<p>1.3</p>\tPSW\t<p>Visits are not recorded.</p>\t<p>Audit visits.</p>\tMay 2018")
    assert [r.ref for r in doc.recommendations] == ["B2", None]


_TITLED_RECOMMENDATIONS = (
    "# Plan",
    "",
    "## Outcome 1: Children are safe",
    "",
    "### Recommendation 4",
    "",
    "**Ofsted said:** Ensure that children are seen alone.",
    "",
    "| No. | Key task | Owner | Milestone date |",
    "|---|---|---|---|",
    "| 1. | Audit visits. | PSW | May 2016 |",
    "",
    "**Ofsted recommendation 2:** 'Improve the quality of plans.'",
    "",
    "| No. | Key task | Owner | Milestone date |",
    "|---|---|---|---|",
    "| 1. | Train chairs. | PSW | June 2016 |",
    "",
    "## Recommendations",
    "",
    "| No. | Key task | Owner | Milestone date |",
    "|---|---|---|---|",
    "| 1. | Publish data. | PSW | July 2016 |",
)


def test_recommendation_titled_above_its_table(tmp_path: Path) -> None:
    doc = _doc(tmp_path, *_TITLED_RECOMMENDATIONS)
    assert [(r.ref, r.text, r.heading) for r in doc.recommendations] == [
        ("4", "Ensure that children are seen alone.", "Outcome 1: Children are safe"),
        ("2", "Improve the quality of plans.", "Outcome 1: Children are safe"),
    ]
    assert [a.recommendation_index for a in doc.actions] == [0, 1, None]


def test_titled_recommendation_is_ignored_by_a_table_with_a_recommendation_column(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Plan", "", "### Recommendation 1", "", "Ofsted said: Ensure that children are seen.", "",
               "| Recommendation | Action | Lead |", "|---|---|---|", "| Improve plans. | Train chairs. | PSW |")
    assert [r.text for r in doc.recommendations] == ["Improve plans."]


@pytest.mark.parametrize("line", [
    "**Phase 2 - approved by the Improvement Board on 19 March 2018**",
    "Updated for the Children's Services Improvement Board, 19 March 2018.",
])
def test_document_date_after_approval_or_update_for_a_board(tmp_path: Path, line: str) -> None:
    doc = _doc(tmp_path, "# Plan", "", line, "", "| Action | Lead |", "|---|---|", "| Audit plans. | PSW |")
    assert doc.document_date_raw == "19 March 2018"


_LETTERED_AREAS = (
    "# Plan",
    "",
    "| Ref | What needs to improve | Our actions | Owner | Target | Status |",
    "|---|---|---|---|---|---|",
    (
        "| (a) | Assessments are not timely. | 1. Recruit two social workers.<br>2. Audit assessments. | HoS | "
        "Jan 2023<br>06/2023 | On track (Green)<br>Completed |"
    ),
    "|  |  | Report to the board. | HoS | Q4 2022/23 | Not started |",
    "| b) | Plans are not reviewed. | Train chairs. | PSW | Ongoing | At risk (Amber) |",
)


def test_numbered_paragraphs_are_separate_actions_with_dates_lined_up(tmp_path: Path) -> None:
    doc = _doc(tmp_path, *_LETTERED_AREAS)
    assert [(a.action, a.deadline, a.rag) for a in doc.actions[:2]] == [
        ("Recruit two social workers.", "Jan 2023", "On track (Green)"),
        ("Audit assessments.", "06/2023", "Completed"),
    ]


def test_lettered_ref_cell_gives_the_letter(tmp_path: Path) -> None:
    doc = _doc(tmp_path, *_LETTERED_AREAS)
    assert [r.ref for r in doc.recommendations] == ["a", "b"]
    assert [a.recommendation_index for a in doc.actions] == [0, 0, 0, 1]


def test_target_column_of_dates_is_the_deadline(tmp_path: Path) -> None:
    doc = _doc(tmp_path, *_LETTERED_AREAS)
    assert [a.deadline for a in doc.actions] == ["Jan 2023", "06/2023", "Q4 2022/23", "Ongoing"]
    assert all("Target" not in a.extra for a in doc.actions)


def test_target_column_of_measures_is_not_the_deadline(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Plan", "", "| Action | Lead | Target |", "|---|---|---|",
               "| Audit plans. | PSW | 90% of plans reviewed on time |", "| Train chairs. | PSW | Spring 2023 |")
    assert [a.deadline for a in doc.actions] == [None, None]
    assert doc.actions[0].measure == "90% of plans reviewed on time"


_PARAGRAPH_ACTIONS = (
    "# Wessex Council action plan",
    "",
    "The inspection took place from 3 to 14 June 2019.",
    "",
    "Ref\tRecommendation\tHow we will do it\tLead\tBy when\tRAG",
    (
        "R1\t<p>Improve assessments.</p>\t<p>Train all social workers in analysis.</p><p>Audit twenty assessments."
        "</p>\t<p>Workforce Lead</p><p>Head of QA</p>\t<p>Within 3 months</p><p>Dec 2019</p>\t<p>G</p><p>A</p>"
    ),
    (
        "R2\t<p>Strengthen supervision.</p>\t<p>Agree a supervision policy.</p><p>It sets monthly sessions.</p>"
        "\t<p>Principal Social Worker</p>\t<p>Sept 2019</p>\t<p>R</p>"
    ),
)


def test_paragraphs_with_their_own_lead_and_date_are_separate_actions(tmp_path: Path) -> None:
    doc = _doc(tmp_path, *_PARAGRAPH_ACTIONS)
    assert [(a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("Train all social workers in analysis.", "Workforce Lead", "Within 3 months", "G"),
        ("Audit twenty assessments.", "Head of QA", "Dec 2019", "A"),
        ("Agree a supervision policy. It sets monthly sessions.", "Principal Social Worker", "Sept 2019", "R"),
    ]
    assert doc.inspection_date_raw == "14 June 2019"  # "from 3 to 14 June": the inspection's last day


def test_row_finishing_the_lead_above_after_a_page_break_is_no_recommendation(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        "# Plan",
        "",
        "| No. | Area for improvement | What we will do | Lead | Timescale | RAG |",
        "|---|---|---|---|---|---|",
        "| 1. | Improve health assessments. | Agree a framework with health partners. | Designated Nurse / Head of | Q2 2019/20 | G |",
        "",
        "Council plan - page 1 of 2",
        "",
        "| No. | Area for improvement | What we will do | Lead | Timescale | RAG |",
        "|---|---|---|---|---|---|",
        "|  |  |  | Service, Children in Care |  |  |",
        "|  |  | Report overdue assessments weekly. | Performance Manager | Ongoing | A |",
    )
    assert [(a.action, a.lead) for a in doc.actions] == [
        ("Agree a framework with health partners.", "Designated Nurse / Head of Service, Children in Care"),
        ("Report overdue assessments weekly.", "Performance Manager"),
    ]
    assert len(doc.recommendations) == 1


def test_recommendation_label_and_quotes_are_no_part_of_the_text_and_target_dates_are_deadlines(
    tmp_path: Path,
) -> None:
    doc = _doc(
        tmp_path,
        "# Priority 1 – Help and protection",
        "",
        "| Ref | Ofsted recommendation | What we will do | Lead | Target | Rating |",
        "|---|---|---|---|---|---|",
        "| **A** | <strong>Recommendation A</strong><br>“The timeliness of strategy meetings.” | Invite police. | HoS | Ongoing | G |",
        "| **B** | <p>Recommendation B</p><p>“The quality of plans.”</p> | <p>Train staff.</p> | PSW | Within 6 months | A |",
        "|  |  | Audit plans. | PSW | Sept 2022 – Mar 2023 | A |",
    )
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        ("A", "The timeliness of strategy meetings."),
        ("B", "The quality of plans."),
    ]
    assert [a.deadline for a in doc.actions] == ["Ongoing", "Within 6 months", "Sept 2022 – Mar 2023"]


def test_two_areas_titled_above_one_table_take_their_actions_by_number_and_a_listed_status_key(
    tmp_path: Path,
) -> None:
    doc = _doc(
        tmp_path,
        "# Wessex practice plan",
        "",
        "Status key:",
        "",
        "- **Complete** – delivered and evidenced (blue)",
        "- **On track** – on course to deliver (green)",
        "- **Off track** – will not be delivered by the date shown (red)",
        "",
        "## Priority 2: Quality of practice",
        "",
        "**Area for improvement 2:** The quality of assessments and plans for children in need.",
        "",
        "**Area for improvement 3:** The effectiveness of management oversight and supervision.",
        "",
        "| No. | Action | Responsible | Completion by | Status |",
        "| --- | --- | --- | --- | --- |",
        "| 2.1 | Deliver practice model training. | PSW | Feb 2020 | On track |",
        "| 3.1 | Introduce a supervision dashboard. | Performance Manager | Oct 2019 | Off track |",
    )
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        ("2", "The quality of assessments and plans for children in need."),
        ("3", "The effectiveness of management oversight and supervision."),
    ]
    assert [(a.ref, a.recommendation_index) for a in doc.actions] == [("2.1", 0), ("3.1", 1)]
    assert [a.rag for a in normalise(doc).actions] == ["green", "red"]


@pytest.mark.parametrize(("line", "dangles"), [("Head of Service /", True), ("team managers and", True),
                                               ("assessment team until", True), ("A", False), ("Complete", False)])
def test_a_line_dangles_where_no_sentence_can_stop(line: str, dangles: bool) -> None:
    assert bool(DANGLING_END.search(line)) is dangles


def test_actions_with_their_target_beneath_and_a_status_key_naming_colours_in_a_column(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        "# Wessex improvement plan",
        "",
        "## Status key",
        "",
        "Status\tColour\tWhat it means",
        "<p>Complete</p>\t<p>Blue</p>\t<p>Delivered</p>",
        "<p>On track</p>\t<p>Green</p>\t<p>Will be delivered</p>",
        "<p>Off track</p>\t<p>Red</p>\t<p>Escalated</p>",
        "<p>Not yet due</p>\t<p>–</p>\t<p>Not rated</p>",
        "",
        "## Priority 1",
        "",
        "Area for improvement\tActions and target dates\tAccountable lead\tStatus",
        ("<p>The consistency of threshold decisions.</p>\t<p><strong>1.1</strong> Relaunch the threshold guidance."
         "<br><em>Target: Q3 2023/24</em></p>\t<p>Head of Service</p>\t<p>Off track</p>"),
    )
    assert [(a.ref, a.action, a.deadline) for a in doc.actions] == [
        ("1.1", "Relaunch the threshold guidance.", "Q3 2023/24"),
    ]
    assert [a.rag for a in normalise(doc).actions] == ["red"]
