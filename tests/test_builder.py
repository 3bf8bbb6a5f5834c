"""The record builder (extractors/build): Layouts made by hand in, records out.

Each Layout is what a reader would give (a spanning cell is one Cell object in
every slot it covers) and goes through cleanup, as on the real path.
"""

from __future__ import annotations

from extractors.build import build
from extractors.cleanup import clean
from extractors.layout import Block, Cell, Layout, Table, grid
from models.records import RawDocument

HEADER = ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "RAG"]


def _row(*texts: str) -> list[Cell]:
    return [Cell(text=t) for t in texts]


def _spanning(text: str, width: int = len(HEADER)) -> list[Cell]:
    return [Cell(text=text)] * width


def _table(*rows: list[Cell], page: int | None = 1, index: int = 0, engine: str = "ruled") -> Table:
    """A table printed on ``page``, each cell told its page as a PDF reader tells it."""
    for row in rows:
        for cell in row:
            cell.page = page
    return Table(rows=grid(list(rows)), page=page, index=index, engine=engine)


def _read(*items: Table | Block, reader: str = "pdf") -> RawDocument:
    layout = Layout(source="plan.pdf", sha256="0", reader=reader, items=list(items))
    return build(clean(layout)).document


def _page(*rows: list[Cell], page: int = 1) -> Table:
    """A table of one page under :data:`HEADER`."""
    return _table(_row(*HEADER), *rows, page=page, index=page - 1)


def test_two_column_plan_with_sections_merges_and_fill() -> None:
    ref, rec = Cell("1"), Cell("Ensure plans are\nspecific.")
    doc = _read(_table(
        _row(*HEADER),
        _spanning("CHILDREN LOOKED AFTER"),
        _spanning("Within three months"),
        [ref, rec, Cell("1.1 Revise the\ntemplate"), Cell("Jo Bloggs"), Cell("Mar 2014"), Cell("Red")],
        [ref, rec, Cell("1.2 Train staff"), Cell("Jo Bloggs"), Cell("TBA"), Cell("", fill="00B050")],
    ))
    assert [(r.ref, r.text, r.priority_raw, r.heading) for r in doc.recommendations] == [
        ("1", "Ensure plans are specific.", "Within three months", "CHILDREN LOOKED AFTER")
    ]
    assert [(a.action, a.ref, a.rag, a.recommendation_index) for a in doc.actions] == [
        ("Revise the template", "1.1", "Red", 0),
        ("Train staff", "1.2", "#00B050", 0),
    ]
    assert doc.actions[1].provenance.engine == "ruled"
    assert doc.actions[1].provenance.row == 4


def test_repeated_header_dropped_and_cut_row_stitched() -> None:
    first = _table(_row(*HEADER), _row("1", "Ensure that the", "1.1 Audit the files of", "Ann", "2014", ""), page=1)
    second = _table(_row(*HEADER), _row("", "views of children count", "children in care", "", "", ""),
                    _row("", "", "1.2 Hold a forum", "Bob", "2015", "Amber"), page=2, index=1)
    doc = _read(first, second)
    assert [r.text for r in doc.recommendations] == ["Ensure that the views of children count"]
    assert [a.action for a in doc.actions] == ["Audit the files of children in care", "Hold a forum"]
    assert doc.actions[1].provenance.page == 2


def test_one_text_column_plan_splits_unnumbered_bullets() -> None:
    doc = _read(_table(
        _row("No", "Action", "Lead", "Timescale", "Rating"),
        [Cell("R1"), *[Cell("IMMEDIATELY: Ensure that returns are offered.")] * 4],
        _row("", "• Commission a service\n• Produce a monthly\nreport", "Sue", "31/03/13", "G"),
        _row("", "a) Publish a framework, to include:\n• audits\n• training", "Tim", "Ongoing", ""),
    ))
    assert [(r.ref, r.text, r.priority_raw) for r in doc.recommendations] == [
        ("R1", "Ensure that returns are offered.", "IMMEDIATELY")
    ]
    assert [(a.action, a.lead) for a in doc.actions] == [
        ("Commission a service", "Sue"),
        ("Produce a monthly report", "Sue"),
        ("Publish a framework, to include: audits training", "Tim"),
    ]


def test_two_row_header_and_header_date_and_rag_by_content() -> None:
    doc = _read(_table(
        _row("Recommendation", "Action", "Lead", "Where we aim to be by 31 March 2013", "Monitoring", ""),
        _row("", "", "", "", "Progress", "Notes"),
        _row("Improve supervision so that it is reflective", "Audit supervision", "Kim", "", "A", "x"),
        _row("", "Train managers", "Kim", "", "G", ""),
    ))
    assert [(a.action, a.deadline, a.rag) for a in doc.actions] == [
        ("Audit supervision", "31 March 2013", "A"),
        ("Train managers", "31 March 2013", "G"),
    ]


def test_table_without_header_gives_nothing_and_is_reported() -> None:
    built = build(clean(Layout(source="x", sha256="0", reader="pdf",
                               items=[_table(_row("a", "b"), _row("c", "d"), page=3)])))
    assert not built.document.actions and built.confidence == 0
    assert [t.reason for t in built.document.parse.tables] == ["no plan header"]


def test_title_block_above_the_table_gives_council_and_date() -> None:
    doc = _read(Block("Croydon Council", kind="heading"), Block("Post-Ofsted Action Plan"),
                Block("Report to the Board, 8th July 2017"),
                _page(_row("1", "Improve supervision.", "Audit supervision", "PSW", "Mar 2014", "Red")))
    assert doc.authority_raw == "Croydon Council" and doc.document_date_raw == "8th July 2017"


def test_a_printed_ref_repeated_by_a_misread_takes_its_actions_number() -> None:
    doc = _read(_page(
        _row("2", "Improve supervision.", "2.1 Audit supervision", "PSW", "Mar 2014", "Red"),
        _row("2", "Strengthen quality assurance.", "3.1 Hold learning events", "HoS", "Apr 2014", "Green"),
        _row("4", "Use performance data.", "4.1 Publish a scorecard", "HoP", "May 2014", "Amber"),
    ))
    assert [r.ref for r in doc.recommendations] == ["2", "3", "4"]
    assert any("printed twice" in w for w in doc.warnings)


def test_a_running_footer_caught_in_the_table_area_is_no_row() -> None:
    doc = _read(_page(
        _row("1", "Improve supervision.", "Audit supervision", "PSW", "Mar 2014", "Red"),
        _row("Wessex County Council – Improvement Plan", "", "", "", "", "Page 1"),
    ))
    assert [a.action for a in doc.actions] == ["Audit supervision"]


def test_a_lettered_item_with_its_own_values_after_a_page_break_is_a_new_row() -> None:
    first = _page(_row("5", "Ensure that audits count", "a) Audit thirty contacts", "Carol", "Jun 18", ""))
    second = _page(_row("", "", "b) Track supervision monthly", "Ian", "Jul 18", "Green"), page=2)
    assert [(a.action, a.lead) for a in _read(first, second).actions] == [
        ("Audit thirty contacts", "Carol"), ("Track supervision monthly", "Ian")]


def test_confidence_grows_with_fields_and_links() -> None:
    linked = build(clean(Layout(source="x", sha256="0", reader="pdf", items=[_page(
        _row("1", "Improve supervision.", "Audit supervision", "PSW", "Mar 2014", "Red"))])))
    bare = build(clean(Layout(source="x", sha256="0", reader="pdf", items=[_table(
        _row("Action", "Lead", "Deadline"), _row("Audit supervision", "Ann", ""))])))
    assert linked.builder == bare.builder == "tables"
    assert linked.confidence == 1.0 and bare.confidence == 0.8  # fielded, under no recommendation


def test_letters_that_start_again_beside_each_recommendation_number_actions() -> None:
    doc = _read(_table(
        _row("Area for improvement", "#", "Specific actions", "Lead", "Due", "Status"),
        _row("Ensure plans are specific.", "(a)", "Revise the template", "Jo Bloggs", "Mar 2014", "Red"),
        _row("Ensure supervision is regular.", "(a)", "Audit supervision", "Al Smith", "May 2014", "Green"),
    ))
    assert [r.ref for r in doc.recommendations] == [None, None]  # positions are the normaliser's
    assert [(a.action, a.recommendation_index) for a in doc.actions] == [
        ("Revise the template", 0), ("Audit supervision", 1)]


def test_a_key_table_going_on_into_a_glossary_is_read_as_the_key() -> None:
    plan = _table(
        _row("Action", "Lead", "Due", "Rating"),
        _row("Revise the template", "HoS CP", "Mar 2014", "!"),
        _row("Audit supervision", "HoS CP", "May 2014", "✘"),
        _row("Train staff", "IRO", "June 2014", "✓"),
        index=0)
    key = _table(
        _row("Rating", "What it means"), _row("✘", "Not on track (red)"), _row("!", "At risk – amber"),
        _row("✓", "On target – green"), _row("Acronym", "Full title"), _row("HoS CP", "Head of Service"),
        _row("IRO", "Independent Reviewing Officer"), _row("LSCB", "Local Safeguarding Children Board"),
        _row("MASH", "Multi-Agency Safeguarding Hub"), index=1)
    doc = _read(plan, key, reader="xlsx")
    assert [a.rag for a in doc.actions] == ["!", "red", "green"]
    assert doc.rag_key == {"amber": "!"}  # the normaliser reads a "!" cell through it
    assert [t.role for t in doc.parse.tables] == ["plan", "key"]


def test_zebra_shading_in_an_empty_status_cell_leaves_a_timescale_row_a_group() -> None:
    band = "F7F7F7"
    doc = _read(_table(
        _row("Ref", "Recommendation", "Action", "Timescale", "RAG"),
        _row("Within 3 months", "", "", "", ""),
        [Cell("1", fill=band), Cell("Ensure plans are specific.", fill=band), Cell("Revise the template", fill=band),
         Cell("", fill=band), Cell("Red", fill=band)],
        [Cell("Within 6 months", fill=band)] + [Cell("", fill=band) for _ in range(4)],
        _row("2", "Ensure supervision is regular.", "Audit supervision", "", "Green"),
    ))
    assert [r.priority_raw for r in doc.recommendations] == ["Within 3 months", "Within 6 months"]


def test_recommendations_listed_as_bullets_above_the_table_are_named_by_their_numbers() -> None:
    doc = _read(
        Block("• R1) Ensure plans are specific and reviewed.", kind="item"),
        Block("• R2. Ensure supervision is regular and recorded.", kind="item"),
        _table(_row("Rec", "Key actions", "Lead", "Due", "RAG"),
               _row("R1", "Revise the template", "Jo Bloggs", "Mar 2014", "Red"),
               _row("R2", "Audit supervision", "Al Smith", "May 2014", "Green")),
        reader="html")
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        ("R1", "Ensure plans are specific and reviewed."), ("R2", "Ensure supervision is regular and recorded.")]
    assert [a.recommendation_index for a in doc.actions] == [0, 1]


def test_a_title_block_set_out_in_columns_gives_the_document_date() -> None:
    title = _table(_row("Inspection: 1 to 12 October 2012", "Report published: 16 November 2012"),
                   _row("Plan owner: Director of Children's Services", "Last reviewed: 21 January 2013"), index=0)
    plan = _table(_row(*HEADER), _row("1", "Ensure plans are specific.", "Revise the template", "Jo", "Mar 2013", "Red"),
                  index=1)
    doc = _read(Block("Ofsted action plan"), title, Block("Actions are due by 31 March 2013 unless stated."), plan)
    assert doc.document_date_raw == "21 January 2013"
    assert doc.inspection_date_raw is not None and "12 October 2012" in doc.inspection_date_raw


def test_a_labelled_recommendation_row_set_in_the_ref_column_opens_its_recommendation() -> None:
    header = ["#", "Specific actions", "Owner", "Date for completion", "BRAG"]
    doc = _read(_table(_row(*header), _row("Recommendation 1: Strengthen the response to children at risk", "", "", "", ""),
                       _row("(a)", "Roll out the risk assessment tool", "DCS", "24/07/14", "Red"),
                       _row("(b)", "Commission a return interview service", "DCS", "", "Amber"),
                       _row("Recommendation 2: Improve the use of performance information by managers", "", "", "", ""),
                       _row("(a)", "Produce a monthly scorecard", "", "", "Green")), reader="delimited")
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        ("1", "Strengthen the response to children at risk"),
        ("2", "Improve the use of performance information by managers")]
    assert [a.recommendation_index for a in doc.actions] == [0, 0, 1]


def test_any_symbol_a_printed_key_explains_gives_its_colour() -> None:
    plan = _table(_row("Action", "Lead", "Due", "Rating"), _row("Revise the template", "HoS CP", "Mar 2014", "✪✪"),
                  _row("Audit supervision", "HoS CP", "May 2014", "⬟"), _row("Train staff", "IRO", "June 2014", "✘"),
                  index=0)
    key = _table(_row("Symbol", "Status"), _row("✘", "Not on track (red)"), _row("⬟", "Some slippage (amber)"),
                 _row("✪", "Achieved – blue"), index=1)
    doc = _read(plan, key, reader="xlsx")
    assert [a.rag for a in doc.actions] == ["blue", "amber", "red"]


def test_a_status_mark_printed_on_zebra_shading_is_the_status() -> None:
    band = "EAF1FB"
    plan = _table(_row("Action", "Lead", "Due", "RAG"),
                  [Cell("Audit contacts"), Cell("Ann"), Cell("May 2016"), Cell("✘")],
                  [Cell("Hold a forum", fill=band), Cell("Bob", fill=band), Cell("", fill=band), Cell("!", fill=band)],
                  index=0)
    key = _table(_row("RAG", "Definition"), _row("✘", "Not on track (red)"),
                 _row("!", "Progress but not yet complete (amber)"), index=1)
    doc = _read(plan, key)
    assert [a.rag for a in doc.actions] == ["red", "!"]
    assert doc.rag_key["amber"] == "!"
