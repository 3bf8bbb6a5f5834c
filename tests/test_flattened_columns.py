"""The column-flattened cell-dump extractor, on the seed, its gold file and synthetic variants."""

from __future__ import annotations

import json

import pytest

from extractors import flattened_columns
from extractors.base import ExtractionError, SourceFile
from extractors.cells import fold
from tests.support import ROOT

SEED = ROOT / "data" / "raw" / "southampton-2014-post-inspection-action-plan.txt"
GOLD = ROOT / "tests" / "gold" / "southampton-2014-post-inspection-action-plan.gold.json"
VARIANTS = sorted((ROOT / "tests" / "fixtures").glob("flattened_columns-variant*.txt"))
OTHER_SEEDS = [p for p in sorted((ROOT / "data" / "raw").glob("*.txt")) if p != SEED]


def _norm(text: str | None) -> str | None:
    return (fold(text) or "").lower() or None


def _colour(raw: str | None) -> str | None:
    raw = (raw or "").lower()
    return next((c for c in ("red", "amber", "green", "blue") if c in raw), None)


@pytest.fixture(scope="module")
def seed_doc():
    return flattened_columns.extract(SourceFile.read(SEED))


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_sniff_prefers_its_own_format():
    assert flattened_columns.sniff(SourceFile.read(SEED)) >= 0.8
    for variant in VARIANTS:
        assert flattened_columns.sniff(SourceFile.read(variant)) >= 0.6, variant.name
    for other in OTHER_SEEDS:
        assert flattened_columns.sniff(SourceFile.read(other)) < 0.3, other.name


def test_sniff_rejects_prose(tmp_path):
    prose = tmp_path / "minutes.txt"
    prose.write_text("The committee met on Tuesday.\n\nMembers agreed the budget and the action points.\n")
    assert flattened_columns.sniff(SourceFile.read(prose)) < 0.3


def test_other_formats_raise(tmp_path):
    prose = tmp_path / "minutes.txt"
    prose.write_text("The committee met on Tuesday.\n\nMembers agreed the budget.\n")
    with pytest.raises(ExtractionError):
        flattened_columns.extract(SourceFile.read(prose))
    with pytest.raises(ExtractionError):
        tab_export = ROOT / "data" / "raw" / "southampton-2013-post-inspection-action-plan.txt"
        flattened_columns.extract(SourceFile.read(tab_export))


def test_seed_recommendations_match_gold(seed_doc, gold):
    got = [(r.ref, _norm(r.text)) for r in seed_doc.recommendations]
    want = [(r["ref"], _norm(r["text"])) for r in gold["recommendations"]]
    assert got == want


def test_seed_actions_match_gold(seed_doc, gold):
    assert len(seed_doc.actions) == len(gold["actions"])
    for action, want in zip(seed_doc.actions, gold["actions"]):
        rec = seed_doc.recommendations[action.recommendation_index]
        assert rec.ref == want["recommendation_ref"]
        assert _norm(action.action) == _norm(want["action"])
        assert _norm(action.lead) == _norm(want["lead"])
        assert _norm(action.deadline) == _norm(want["deadline_text"])
        assert _colour(action.rag) == want["rag"]


def test_seed_structure(seed_doc):
    recs = {r.ref: r for r in seed_doc.recommendations}
    assert recs["13/14"].priority_raw.startswith("Priority and immediate action")
    assert recs["19"].priority_raw.startswith("Areas requiring improvement")
    assert recs["19"].heading == "Care leavers"
    assert seed_doc.rag_key == {
        "red": "Activity on these has not yet started or early stages",
        "amber": "On track to be completed",
        "green": "Completed",
    }
    first = seed_doc.actions[0]
    assert first.measure.startswith("P17 NI147 % of care leavers")
    assert first.measure.endswith("accommodation")  # "accommodati" + "on" rejoined
    assert first.outcome.startswith("All care leavers feel, and are safe")
    assert first.provenance.line == 44 and first.provenance.table == 0
    assert seed_doc.actions[0].rag == "Amber"
    assert any(a.rag == "Red / Amber" for a in seed_doc.actions)  # raw, not mapped
    assert any("recommendation 18 has no actions" in w for w in seed_doc.warnings)


def test_variant_reads_another_council():
    doc = flattened_columns.extract(SourceFile.read(ROOT / "tests" / "fixtures" / "flattened_columns-variant1.txt"))
    assert doc.authority_raw == "Anytown Borough Council"
    assert doc.document_date_raw == "12 May 2016"
    assert doc.inspection_date_raw == "14 March 2016"
    assert doc.rag_key["blue"] == "Complete"
    assert [(r.ref, r.priority_raw, r.heading) for r in doc.recommendations] == [
        ("1", "Immediate action", None),
        ("2", "Immediate action", None),
        ("3", "Within six months", "Early help"),
        ("4", "Within six months", "Early help"),
    ]
    assert doc.recommendations[2].text == "Improve the quality of child protection plans."
    rows = [(a.recommendation_index, a.action, a.lead, a.deadline, a.rag) for a in doc.actions]
    assert rows == [
        (0, "Introduce daily MASH huddles led by the team manager", "Head of Safeguarding", "30/06/2016", "Green"),
        (0, "Audit 20 referrals each month and report findings to the Improvement Board",
         "Principal Social Worker", "31/07/2016", "Amber"),
        (1, "Recruit six permanent social workers - agency staff replaced by March 2017",
         "Service Manager", "Q2 2016/17", "Blue"),
        (2, "Revise the child protection plan template", "Conference and Review Manager", "Sept 2016", "Red / Amber"),
        (2, "Train all conference chairs in the new template and chairing model",
         "Conference and Review Manager", "Oct 2016", "Red"),
        (2, "Review all plans older than six months", "Conference and Review Manager", "Dec 2016", "Amber"),
        (3, "Record every visit on the day it happens", "Team Managers", "Aug 2016", "Amber"),
    ]
    assert doc.actions[0].measure == "% referrals decided within 24 hours"
    assert doc.actions[-1].outcome == "All children are seen alone and their views recorded."


def test_alignment_keeps_one_entry_per_item_when_typed_lines_drift():
    spans = [(0, 4), (5, 9), (10, flattened_columns._FAR)]
    # a status typed on the blank line above the last bullet belongs to the middle one when
    # the last bullet has its own status further down
    assert flattened_columns._assign([0, 10, 15], spans) == [0, 1, 2]
    assert flattened_columns._assign([0, 12], spans) == [0, 2]


def test_join_rejoins_words_cut_without_trailing_space():
    cut = ["Integrated ", "Commissi", "oning Unit "]
    assert flattened_columns._join(cut, tight=True) == "Integrated Commissioning Unit"
    assert flattened_columns._join(["to re-", "establish"], tight=False) == "to re-establish"
    assert flattened_columns._join(["Nick ", "Cross / ", "Fiona "], tight=True) == "Nick Cross / Fiona"


def test_variant_without_trailing_spaces_or_outcome_column():
    doc = flattened_columns.extract(SourceFile.read(ROOT / "tests" / "fixtures" / "flattened_columns-variant2.txt"))
    assert doc.authority_raw == "Northshire County Council"
    assert doc.version == "2.1"
    assert [r.ref for r in doc.recommendations] == ["5", "6"]
    rows = [(a.recommendation_index, a.action, a.lead, a.deadline, a.rag) for a in doc.actions]
    assert rows == [
        (0, "Agree a joint escalation route with health", "Designated Nurse", "End of June 2017", "Completed"),
        (0, "Report weekly to the Director", "Head of Service for Children in Care", "Ongoing", "Amber"),
        (1, "Audit all pathway plans", "Team Manager", "Mar 2017", "Red"),
        (1, "Increase multi-agency input", "Team Manager", "Apr 2017", "Red"),
    ]
    assert all(a.outcome is None for a in doc.actions)


def test_variant_with_own_column_order_footers_and_headings():
    """Lead before timescale, RAG before the measure; title-block facts above the header, a running
    footer with the page number, theme headings between rows, a bullet and its lead cut by a page."""
    doc = flattened_columns.extract(SourceFile.read(ROOT / "tests" / "fixtures" / "flattened_columns-variant3.txt"))
    assert (doc.document_date_raw, doc.inspection_date_raw, doc.version) == ("20 April 2015", "3 February 2015", "1.4")
    assert doc.rag_key == {"red": "at risk", "amber": "some slippage", "green": "on track"}
    assert [(r.ref, r.priority_raw, r.heading) for r in doc.recommendations] == [
        ("1", "Within three months", "Assessment and planning"),
        ("2", "Within three months", "Looked after children"),
        ("3", "Within three months", "Looked after children"),
    ]
    rows = [(a.recommendation_index, a.action, a.lead, a.deadline, a.rag, a.measure) for a in doc.actions]
    assert rows == [
        (0, "Train all social workers in the chronology tool.", "Principal Social Worker", "June 2015", "Amber",
         "% of audits graded good"),
        (0, "Audit twelve assessments a month.", "Head of Quality Assurance", "Ongoing", "Green", None),
        (1, "Agree a joint protocol with the health provider.", "Designated Nurse", "May 2015", "Red",
         "% of health assessments on time"),
        (1, "Report monthly to the Corporate Parenting Board.", "Head of Children in Care", "Q2 2015/16",
         "Completed", None),
        (2, "Recruit ten new foster carers.", "Fostering Manager", "March 2016", "Amber", "Number of carers approved"),
    ]
    assert not doc.warnings


def _fragments(*lines: str) -> list[flattened_columns.HeaderFragment]:
    found = list(flattened_columns._header_runs([flattened_columns.Line(n, raw) for n, raw in enumerate(lines, 1)]))
    assert len(found) == 1
    return found[0][2]


def test_header_wrapped_line_joins_the_column_it_names():
    # "officer" printed under the shared first line belongs to "Responsible", not a column of its own
    layout = flattened_columns._layout(_fragments("Ref  Area for improvement ", "",
                                                  "Actions  By when  Responsible  Measure ", "officer ", "",
                                                  "Status ", "", "Impact "))
    assert layout.fields == ["recommendation", "action", "deadline", "lead", "measure", "rag", "outcome"]
    assert layout.headers[3] == "Responsible officer"
    layout = flattened_columns._layout(_fragments("Action  Timescale  Lead  Measure of ", "success ", "", "RAG ",
                                                  "Status "))
    assert layout.headers[3:] == ["Measure of success", "RAG Status"]


def test_title_block_facts_and_rag_key_are_not_header_lines():
    for line in ("Inspection date: 22 November 2013", "Version 2.3       Updated 14 October 2019",
                 "Key: Red = Not started   Amber = In progress   Green = On track", "Status at 11 June 2012",
                 "Recommendation 4: Ensure"):
        assert flattened_columns._header_fragments(line) is None, line
    assert flattened_columns._header_fragments("Areas for improvement") is None  # a lone group row
    assert flattened_columns._header_fragments("Ref  Area for improvement") == ["Ref", "Area for improvement"]


def test_rag_key_entry_ends_at_a_status_word_entry():
    key = flattened_columns._rag_key("Status key:  Red = off track   Green = on track   Complete = action completed")
    assert key == {"red": "off track", "green": "on track"}


def test_rag_key_naming_status_words_by_their_colours():
    key = flattened_columns._rag_key("Status key: Complete (blue) | On track (green) | Off track or not started (red)")
    assert key == {"blue": "Complete", "green": "On track", "red": "Off track or not started"}


def test_running_footer_found_by_repetition_but_not_a_repeated_cell_value():
    raw = ["Action  Timescale  Lead", "", "Amber", "", "Borough Plan  Page 1", "",
           "Action  Timescale  Lead", "", "Amber", "", "Borough Plan  Page 2", ""]
    lines = [flattened_columns.Line(n, text) for n, text in enumerate(raw, 1)]
    headers = {0, 6}
    assert flattened_columns._running_lines(lines, headers, pages=2) == {4, 10}


def test_finished_one_line_bullet_does_not_take_the_lead_cell(tmp_path):
    lines = ["Ref  Recommendation", "Action  Lead  Timescale", "RAG", "",
             "1. Improve the", "timeliness of visits.", "",
             "• Recruit two managers.", "",
             "Head of Service", "",
             "Mar 2016", "",
             "Amber", ""]
    doc = _extract_lines(tmp_path, lines)
    assert [(a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("Recruit two managers.", "Head of Service", "Mar 2016", "Amber")]


def test_bullet_resuming_in_lower_case_after_a_break_is_not_the_lead_cell(tmp_path):
    """"Publish a 'You said, we did'" / "" / "report from the Children in Care Council." reads like
    capitalised names, but a lead cell never starts mid-sentence."""
    lines = ["Ref  Recommendation", "Action  Lead  Timescale", "RAG", "",
             "1. Hear the views", "of children.", "",
             "• Publish a 'You said, we did'", "", "report from the Wessex", "Children in Care Council.", "",
             "Participation Manager", "",
             "Jan-13", "",
             "Red", ""]
    doc = _extract_lines(tmp_path, lines)
    assert [(a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("Publish a 'You said, we did' report from the Wessex Children in Care Council.", "Participation Manager",
         "Jan-13", "Red")]


def test_numbered_actions_in_a_cell_are_items_like_bullets(tmp_path):
    lines = ["Ref  Recommendation", "Action  Lead  Timescale", "RAG", "",
             "1. Improve the", "timeliness of visits.", "",
             "1a. Recruit two managers", "for the duty team.", " ", "1b. Audit visits monthly.", "",
             "Head of Service", " ", " ", "Principal Social Worker", "",
             "Mar 2016", " ", " ", "Ongoing", "",
             "Amber", " ", " ", "Green", ""]
    doc = _extract_lines(tmp_path, lines)
    assert [(a.ref, a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("1a", "Recruit two managers for the duty team.", "Head of Service", "Mar 2016", "Amber"),
        ("1b", "Audit visits monthly.", "Principal Social Worker", "Ongoing", "Green")]


def _extract_lines(tmp_path, lines: list[str]):
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return flattened_columns.extract(SourceFile.read(path))


def _two_row_plan(first_ref: str, second_ref: str, bullet: str = "•") -> list[str]:
    """Two rows of a five-column dump: recommendation, bullets, leads, dates, RAG, cells parted by empty lines."""
    return ["Recommendation  Action  Lead  Timescale", "RAG", "",
            f"{first_ref}Improve the quality", "of assessments.", "",
            f"{bullet} Audit ten assessments", "each month.", " ", f"{bullet} Train team managers.", "",
            "Head of Service", " ", " ", "Principal Social Worker", "",
            "Mar 2016", " ", " ", "June 2016", "",
            "Amber", " ", " ", "Green", "",
            f"{second_ref}Strengthen management", "oversight of plans.", "",
            f"{bullet} Introduce supervision", "standards.", "",
            "Service Manager", "", "Sept 2016", "", "Red", ""]


_TWO_ROW_ACTIONS = [
    (0, "Audit ten assessments each month.", "Head of Service", "Mar 2016", "Amber"),
    (0, "Train team managers.", "Principal Social Worker", "June 2016", "Green"),
    (1, "Introduce supervision standards.", "Service Manager", "Sept 2016", "Red"),
]


@pytest.mark.parametrize(("first", "second", "refs"), [
    ("1. ", "2. ", ["1", "2"]), ("1 ", "2 ", ["1", "2"]), ("1.1 ", "1.2 ", ["1.1", "1.2"]),
    ("R1 ", "R2 ", ["R1", "R2"]), ("a) ", "b) ", ["a", "b"]), ("(a) ", "(b) ", ["a", "b"]), ("", "", [None, None]),
])
def test_numbering_schemes_including_none(tmp_path, first, second, refs):
    doc = _extract_lines(tmp_path, _two_row_plan(first, second))
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        (refs[0], "Improve the quality of assessments."), (refs[1], "Strengthen management oversight of plans.")]
    assert [(a.recommendation_index, a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == _TWO_ROW_ACTIONS


@pytest.mark.parametrize("bullet", ["•", "-", "o", "▪", "◦", "–", "\uf0b7", "\uf0a7", "\uf0d8"])
def test_bullet_glyphs(tmp_path, bullet):
    doc = _extract_lines(tmp_path, _two_row_plan("1 ", "2 ", bullet))
    assert [(a.recommendation_index, a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == _TWO_ROW_ACTIONS


def test_numbering_keeps_the_first_scheme():
    lines = ["1 Improve the timeliness.", "a) Review every plan.", "b) Report monthly.", "2 Improve supervision."]
    pieces = flattened_columns._pieces([flattened_columns.Line(n, raw) for n, raw in enumerate(lines, 1)], set(), set())
    assert [p.rec_start for p in pieces] == [True, True]
    assert [len(p.lines) for p in pieces] == [3, 1]  # the lettered list items stay inside the first row


def test_unnumbered_rows_with_a_theme_heading(tmp_path):
    lines = _two_row_plan("", "")
    lines[3:3] = ["Front door", " ", ""]
    doc = _extract_lines(tmp_path, lines)
    assert [(r.ref, r.heading) for r in doc.recommendations] == [(None, "Front door"), (None, "Front door")]
    assert [(a.recommendation_index, a.action) for a in doc.actions] == [(i, a) for i, a, *_ in _TWO_ROW_ACTIONS]


def test_wrapped_date_and_status_cells_and_status_initials(tmp_path):
    lines = ["Recommendation  Actions  Lead  By", "when", "", "Status", "",
             "a) Improve the timeliness", "of assessments.", "",
             "- Publish team performance", "each week.", " ", "- Train social workers.", "",
             "Performance Manager", " ", "Workforce Lead", "",
             "Within 3", "months", " ", "End of March", "2013", "",
             "Not", "started", " ", "G", ""]
    doc = _extract_lines(tmp_path, lines)
    assert [(a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("Publish team performance each week.", "Performance Manager", "Within 3 months", "Not started"),
        ("Train social workers.", "Workforce Lead", "End of March 2013", "G")]
    for cell in ("Jan-13", "Q1 13/14", "w/e 20/12/19", "Sept '16", "Mar-20"):
        assert flattened_columns._DEADLINE_LINE.match(cell), cell
    for cell in ("G", "R / A", "Blue - complete", "On track"):
        assert flattened_columns._RAG_LINE.match(cell), cell
    assert not flattened_columns._RAG_LINE.match("a")


def test_start_date_column_is_not_the_deadline(tmp_path):
    """Header cells printed one per line run ("Progress" / "RAG" is one cell); a start date has a column of its
    own, and the completion date is the deadline; a header naming only a date gives way to one naming the end."""
    layout = flattened_columns._layout(_fragments("No.  Area for improvement", "",
                                                  "Actions  Lead  Start ", "date", "", "Completion", "date", "",
                                                  "Progress", "RAG", "", "Comments"))
    assert layout.headers == ["No. Area for improvement", "Actions", "Lead", "Start date", "Completion date",
                              "Progress RAG", "Comments"]
    assert layout.fields == ["recommendation", "action", "lead", "start", "deadline", "rag", "progress"]
    layout = flattened_columns._layout(_fragments("Ref  Recommendation  Action  Date  Lead  Due date  RAG"))
    assert layout.fields[2:] == [None, "lead", "deadline", "rag"]
    lines = ["Ref  Recommendation", "", "Actions  Lead  Start date  Completion date  RAG", "",
             "1 Improve the", "quality of plans.", "",
             "o Audit plans", "monthly.", " ", "o Train staff.", "",
             "Head of Service", " ", " ", "Principal Social Worker", "",
             "Nov-19", " ", " ", "Jan-20", "", "Mar-20", " ", " ", "Ongoing", "", "Amber", " ", " ", "Green", ""]
    doc = _extract_lines(tmp_path, lines)
    assert [(a.action, a.lead, a.deadline, a.rag, a.extra) for a in doc.actions] == [
        ("Audit plans monthly.", "Head of Service", "Mar-20", "Amber", {"Start date": "Nov-19"}),
        ("Train staff.", "Principal Social Worker", "Ongoing", "Green", {"Start date": "Jan-20"})]


def test_row_of_a_theme_without_priority_is_a_heading_and_lead_titles_keep_small_words(tmp_path):
    lines = ["Recommendation  Action  Lead  Timescale  Comments", "",
             "Priority 1: Front door", " ", "",
             "1 Improve the quality", "of plans.", "",
             "• Audit plans monthly.", "",
             "Head of", "Commissioning", "and Quality", "",
             "Mar 2016", "",
             "Audits started", "in May.", ""]
    doc = _extract_lines(tmp_path, lines)
    assert (doc.recommendations[0].priority_raw, doc.recommendations[0].heading) == (None, "Priority 1: Front door")
    assert doc.actions[0].lead == "Head of Commissioning and Quality"
    assert doc.actions[0].progress == "Audits started in May."


def test_last_page_footer_and_version_dated_title_block(tmp_path):
    lines = ["Anytown Council", "", "Inspection date: 22 November 2013", "", "Version 3 - January 2014", "",
             "Recommendation  Action  Lead  Timescale", "",
             "1 Improve plans.", "", "• Audit plans.", "", "Head of Service", "", "Mar 2014", "",
             "Anytown Improvement Plan", "Page 1 of 2", "",
             "Recommendation  Action  Lead  Timescale", "",
             "2 Improve visits.", "", "• Visit monthly.", "", "Team Manager", "", "Apr 2014", "",
             "Anytown Improvement Plan", "Page 2 of 2", ""]
    doc = _extract_lines(tmp_path, lines)
    assert (doc.document_date_raw, doc.inspection_date_raw) == ("January 2014", "22 November 2013")
    assert [(a.action, a.lead, a.deadline) for a in doc.actions] == [
        ("Audit plans.", "Head of Service", "Mar 2014"), ("Visit monthly.", "Team Manager", "Apr 2014")]


@pytest.mark.parametrize(("first", "second", "refs"), [("i. ", "ii. ", ["i", "ii"]), ("IV. ", "V. ", ["IV", "V"])])
def test_roman_numeral_numbering(tmp_path, first, second, refs):
    doc = _extract_lines(tmp_path, _two_row_plan(first, second))
    assert [r.ref for r in doc.recommendations] == refs
    assert [(a.recommendation_index, a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == _TWO_ROW_ACTIONS
    assert [flattened_columns._roman_value(n) for n in ("i", "iv", "ix", "xiv")] == [1, 4, 9, 14]


@pytest.mark.parametrize("cell", ["w/c 4 March 2019", "12 weeks", "by 31.03.19", "2019-20 Q1", "March '19",
                                  "Autumn 2015", "Ongoing - reviewed monthly", "Ongoing -", "31st January 2016",
                                  "End December 2014"])
def test_deadline_cell_forms(cell):
    assert flattened_columns._DEADLINE_LINE.match(cell)


@pytest.mark.parametrize("cell", ["Amber - on track", "Complete (Blue)", "R/A", "GREEN", "Complete",
                                  "Some slippage (amber)", "At risk", "Not started", "On track (green)"])
def test_status_cell_forms(cell):
    assert flattened_columns._RAG_LINE.match(cell)


def test_section_row_heads_the_rows_below_it(tmp_path):
    lines = _two_row_plan("1. ", "2. ")
    lines[3:3] = ["Theme A - Help and protection  ", " ", ""]
    doc = _extract_lines(tmp_path, lines)
    assert [r.heading for r in doc.recommendations] == ["Theme A - Help and protection"] * 2
    assert [(a.recommendation_index, a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == _TWO_ROW_ACTIONS


def test_unpunctuated_number_continuing_a_cell_line_is_not_a_row():
    lines = ["1. Improve caseloads.", "", "Average caseload ", "21 (October 2018: ", "27). "]
    pieces = flattened_columns._pieces([flattened_columns.Line(n, raw) for n, raw in enumerate(lines, 1)], set(), set())
    assert [p.rec_start for p in pieces] == [True, False]


def test_row_cut_by_a_page_break_inside_its_value_cells(tmp_path):
    """A two-line running footer, an inspection date wrapped in the title block, and a lead and a deadline cell
    cut by the page break ("Head of Service," / "Ongoing -") that go on after the repeated header."""
    header = ["Area for improvement  Actions  Owner  Milestone", "date", "", "Status", ""]
    footer = ["Anytown Council ", "Anytown Improvement Plan  -  v2  Page {n}", ""]
    lines = ["Anytown Council", "", "The inspection concluded on ", "21 September 2018.", "", *header,
             "1. Improve the response ", "to children who go ", "",
             "▪ Create a specialist hub. ", " ", "▪ Offer a return home interview to ", "",
             "Team Manager ", " ", "Head of Service, ", "",
             "12 weeks ", " ", "Ongoing - ", "",
             "Complete ", " ", "GREEN ", "", "",
             *[f.format(n=1) for f in footer], *header,
             "missing. ", "", "every child who goes missing. ", "", "Specialist Services ", "",
             "reviewed monthly ", "", "",
             *[f.format(n=2) for f in footer]]
    doc = _extract_lines(tmp_path, lines)
    assert doc.inspection_date_raw == "21 September 2018"
    assert doc.recommendations[0].text == "Improve the response to children who go missing."
    assert [(a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("Create a specialist hub.", "Team Manager", "12 weeks", "Complete"),
        ("Offer a return home interview to every child who goes missing.", "Head of Service, Specialist Services",
         "Ongoing - reviewed monthly", "GREEN")]


def test_status_date_line_is_the_document_date():
    lines = [flattened_columns.Line(n, raw) for n, raw in enumerate(["Action plan", "Status at 11 June 2012"], 1)]
    assert flattened_columns._document_date(lines) == "11 June 2012"


def test_labelled_recommendation_numbers_open_rows_even_right_under_the_header(tmp_path):
    doc = _extract_lines(tmp_path, _two_row_plan("Recommendation 1: ", "Recommendation 2: "))
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        ("1", "Improve the quality of assessments."), ("2", "Strengthen management oversight of plans.")]
    assert [(a.recommendation_index, a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == _TWO_ROW_ACTIONS


def test_value_cells_with_a_broken_word_or_wrapped_over_three_lines(tmp_path):
    """A status word broken across lines ("Complet" / "ed", no trailing space) and a deadline wrapped word by word
    ("End" / "December" / "2014") are still the status and date cells, so the status stays in its own column."""
    lines = ["Recommendation  Action  Lead  Timescale  RAG ", "",
             "1. Improve the quality ", "of assessments. ", "",
             "- Audit ten assessments ", "each month. ", " ", "- Train team managers. ", "",
             "Head of Service ", " ", " ", "Principal Social Worker ", "",
             "End ", "December ", "2014 ", " ", "June 2016 ", "",
             "Complet", "ed ", " ", " ", "Green ", "",
             "2. Strengthen management ", "oversight of plans. ", "",
             "- Introduce supervision ", "standards. ", "",
             "Service Manager ", "", "Sept 2016 ", "", "Red ", ""]
    doc = _extract_lines(tmp_path, lines)
    assert [(a.deadline, a.rag) for a in doc.actions] == [
        ("End December 2014", "Completed"), ("June 2016", "Green"), ("Sept 2016", "Red")]
