"""The cleanup stage (extractors/cleanup.py): Layouts made by hand in, cleaned Layouts out."""

from __future__ import annotations

from extractors.cleanup import clean
from extractors.layout import Block, Cell, Layout, Table, grid

HEADER = ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "RAG"]


def _table(*rows: list[str], page: int = 1) -> Table:
    cells = [[Cell(text, page=page) for text in row] for row in rows]
    return Table(rows=grid(cells), page=page, engine="ruled")


def _clean(*items: Table | Block) -> Layout:
    return clean(Layout(source="plan.pdf", sha256="0", reader="pdf", items=list(items)))


def _texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def test_running_header_and_footer_lines_are_dropped_and_the_first_title_kept() -> None:
    items: list[Table | Block] = []
    bodies = ["Ofsted visited in May.", "We agreed six priorities.", "The board meets monthly."]
    for page, body in enumerate(bodies, start=1):
        items += [Block("Wessex Council Improvement Plan", page=page), Block(body, page=page),
                  Block(f"Page {page} of 3", page=page)]
    layout = _clean(*items)
    assert [b.text for b in layout.blocks()] == ["Wessex Council Improvement Plan", *bodies]


def test_a_table_continued_over_a_page_break_is_one_table_without_the_reprinted_header() -> None:
    first = _table(HEADER, ["1", "Improve supervision.", "1.1 Audit files", "Ann", "May 2014", "Red"], page=1)
    second = _table(HEADER, ["2", "Strengthen QA.", "2.1 Hold a forum", "Bob", "June 2014", "Green"], page=2)
    [table] = _clean(first, second).tables()
    assert _texts(table) == [HEADER, ["1", "Improve supervision.", "1.1 Audit files", "Ann", "May 2014", "Red"],
                             ["2", "Strengthen QA.", "2.1 Hold a forum", "Bob", "June 2014", "Green"]]
    assert table.rows[2][0].page == 2


def test_a_row_cut_by_the_page_break_is_stitched_to_the_row_before() -> None:
    first = _table(HEADER, ["1", "Ensure that the", "1.1 Audit the files of", "Ann", "2014", ""], page=1)
    second = _table(HEADER, ["", "views of children count", "children in care", "", "", ""],
                    ["", "", "1.2 Hold a forum", "Bob", "2015", "Amber"], page=2)
    [table] = _clean(first, second).tables()
    assert _texts(table)[1][1:3] == ["Ensure that the\nviews of children count", "1.1 Audit the files of\nchildren in care"]
    assert len(table.rows) == 3


def test_the_start_of_a_broken_row_read_into_the_reprinted_header_goes_back_to_its_row() -> None:
    first = _table(HEADER, ["1", "Improve supervision.", "1.1 Audit the files, including:\n• the plans",
                            "Ann", "May 2014", "Red"], page=1)
    reprint = HEADER[:2] + ["Action\n• the reviews", *HEADER[3:]]
    second = _table(reprint, ["2", "Strengthen QA.", "2.1 Hold a forum", "Bob", "June 2014", "Green"], page=2)
    [table] = _clean(first, second).tables()
    assert _texts(table)[1][2] == "1.1 Audit the files, including:\n• the plans\n• the reviews"
    assert _texts(table)[0] == HEADER and len(table.rows) == 3


def test_a_footer_as_ocr_reads_it_is_furniture_between_continued_tables() -> None:
    first = _table(HEADER, ["1", "Improve supervision.", "1.1 Audit files", "Ann", "May 2014", "Red"], page=1)
    second = _table(HEADER, ["2", "Strengthen QA.", "2.1 Hold a forum", "Bob", "June 2014", "Green"], page=2)
    assert len(_clean(first, Block("Page lof 2", page=1), second).tables()) == 1


def test_a_different_table_after_prose_is_not_a_continuation() -> None:
    plan = _table(HEADER, ["1", "Improve supervision.", "Audit files", "Ann", "May 2014", "Red"], page=1)
    key = _table(["Red", "Not started", "", "", "", ""], ["Green", "On track", "", "", "", ""], page=2)
    layout = _clean(plan, Block("RAG key", page=2), key)
    assert len(layout.tables()) == 2 and [t.index for t in layout.tables()] == [0, 1]


def test_a_footer_row_inside_a_table_is_dropped() -> None:
    table = _table(HEADER, ["1", "Improve supervision.", "Audit files", "Ann", "May 2014", "Red"],
                   ["Wessex County Council – Improvement Plan", "", "", "", "", "Page 1"])
    assert len(_clean(table).tables()[0].rows) == 2


def test_header_reprints_inside_one_table_are_dropped() -> None:
    """A text export prints the header again at every page break, inside the one table."""
    table = _table(HEADER, ["1", "Improve supervision.", "1.1 Audit files", "Ann", "May 2014", "Red"],
                   ["Ref", "Recommendatlon", "Act ion", "Lead offcer", "Target date", "RAG"],
                   ["", "", "1.2 Train staff", "Bob", "June 2014", "Green"])
    assert [row[2] for row in _texts(_clean(table).tables()[0])] == ["Action", "1.1 Audit files", "1.2 Train staff"]


def test_words_cut_inside_a_line_are_rejoined() -> None:
    table = _table(HEADER, ["1", "Improve supervision.", "Audit files", "Ann", "May 2014", "GREE N"])
    assert _texts(_clean(table).tables()[0])[1][5] == "GREEN"


def test_a_bare_number_is_a_page_number_only_at_the_top_or_foot_of_its_page() -> None:
    lines = ["Recommendations", "Improve the attendance of young people aged 16 and", "17", "at school.",
             "The board meets monthly.", "12"]
    layout = _clean(*[Block(text, page=1) for text in lines])
    assert [b.text for b in layout.blocks()] == lines[:-1]


def test_a_lettered_action_with_cells_of_its_own_is_a_row_beside_a_wrapping_recommendation() -> None:
    table = _table(HEADER, ["1", "Ensure that staff are supported", "(a) Audit the files of", "Ann", "May 2014", "Red"],
                   ["", "in their work.", "(b) Hold a forum", "Bob", "June 2014", "Green"])
    table.engine = "aligned"
    [out] = _clean(table).tables()
    assert _texts(out)[1][1:3] == ["Ensure that staff are supported\nin their work.", "(a) Audit the files of"]
    assert _texts(out)[2][2:4] == ["(b) Hold a forum", "Bob"]
    assert out.rows[2][1] is out.rows[1][1]  # the recommendation cut beside each letter is one merged cell


def test_after_a_break_a_new_action_with_its_own_date_beside_the_recommendation_carrying_on_is_a_row() -> None:
    first = _table(HEADER, ["1", "Ensure that caseloads are manageable so", "1.1 Reduce agency staff", "Ann", "May 2014", ""],
                   page=1)
    second = _table(HEADER, ["", "that risks are seen", "Introduce a programme for new staff", "", "June 2014", "Green"],
                    page=2)
    [table] = _clean(first, second).tables()
    assert [row[2].text for row in table.rows[1:]] == ["1.1 Reduce agency staff", "Introduce a programme for new staff"]


def test_a_year_alone_after_a_break_ends_the_date_above_and_the_row_carries_on() -> None:
    first = _table(HEADER, ["1", "Ensure that caseloads are manageable so", "1.1 Reduce agency staff", "Ann",
                            "15th September", ""], page=1)
    second = _table(HEADER, ["", "that risks are seen", "LSCB partners", "", "2014", ""], page=2)
    [table] = _clean(first, second).tables()
    assert len(table.rows) == 2
    assert table.rows[1][4].text.split() == ["15th", "September", "2014"]


def test_a_timescale_group_row_reprinted_over_the_page_is_no_continuation() -> None:
    first = _table(HEADER, ["1", "Improve audits.", "Moderate a sample of audits", "Ann", "Ongoing", "G"],
                   ["", "", "Publish a framework for audits", "Ann", "Sep 21", "G"],
                   ["", "", "Hold quarterly learning events", "Ann", "", "R"],
                   ["", "", "Within 6 months", "", "", ""],
                   ["2", "Ensure that the LSCB monitors early help.", "Reduce the share of agency staff", "Ann", "", "R"],
                   ["", "", "Moderate a sample of audits each month", "Ann", "", "G"],
                   ["", "", "Reduce the number of agency social workers", "Ann", "", "R"], page=1)
    second = _table(HEADER, ["", "", "Within 6 months", "", "", ""],
                    ["3", "Increase stability.", "Implement the recruitment strategy", "Bob", "", ""], page=2)
    [table] = _clean(first, second).tables()
    assert [row[2].text for row in table.rows[4:]] == [
        "Within 6 months", "Reduce the share of agency staff", "Moderate a sample of audits each month",
        "Reduce the number of agency social workers", "Within 6 months", "Implement the recruitment strategy"]


def test_refs_misread_by_ocr_are_read_again_from_the_run_around_them() -> None:
    listed = [Block(t) for t in ("R3. Ensure that contacts are screened.", "R4. Ensure that plans are specific.",
                                 "RS. Ensure that risks are assessed.", "R) Ensure that children are seen.",
                                 "RS is the lead's initials in this sentence.")]
    table = _table(HEADER, ["R1", "Screen contacts.", "(a) Audit contacts", "Ann", "May 2014", ""],
                   ["RI", "Screen contacts.", "(b) Relaunch thresholds", "Ann", "", ""],
                   ["RS", "Assess risk.", "(a) Map the links", "Bob", "", ""],
                   ["R6", "See children.", "(a) Visit", "Bob", "", ""])
    layout = _clean(*listed, table)
    assert [b.text.split()[0] for b in layout.blocks()] == ["R3.", "R4.", "R5.", "R6.", "RS"]
    assert [row[0].text for row in layout.tables()[0].rows[1:]] == ["R1", "R1", "R5", "R6"]


def test_a_lead_printed_only_on_each_recommendations_first_row_is_merged_down_it() -> None:
    table = _table(HEADER, ["1", "Improve attainment.", "(a) Assure every PEP", "PSW", "Sep 21", ""],
                   ["", "", "(b) Track attendance", "", "Jan 22", ""],
                   ["2", "Improve plans.", "(a) Train teachers", "HoS CP", "", ""],
                   ["", "", "(b) Report rates", "", "Dec 21", ""],
                   ["", "", "(c) Introduce an e-PEP", "", "Apr 22", ""])
    [out] = _clean(table).tables()
    assert [row[3].text for row in out.rows[1:]] == ["PSW", "PSW", "HoS CP", "HoS CP", "HoS CP"]


def test_blank_leads_stay_blank_where_some_recommendation_has_leads_below_its_first_row() -> None:
    table = _table(HEADER, ["1", "Improve attainment.", "(a) Assure every PEP", "PSW", "Sep 21", ""],
                   ["", "", "(b) Track attendance", "", "Jan 22", ""],
                   ["2", "Improve plans.", "(a) Train teachers", "HoS CP", "", ""],
                   ["", "", "(b) Report rates", "Ann", "Dec 21", ""])
    [out] = _clean(table).tables()
    assert [row[3].text for row in out.rows[1:]] == ["PSW", "", "HoS CP", "Ann"]


def test_a_row_with_a_status_of_its_own_is_no_wrapped_line_of_the_row_above() -> None:
    table = _table(HEADER, ["R7", "Improve the quality of supervision for staff in", "Deliver training to managers so that",
                            "Ann", "", "●"],
                   ["", "need so that children get help.", "Heads of Service to dip sample files", "Bob", "", "!"])
    table.engine = "aligned"
    [out] = _clean(table).tables()
    assert [row[2].text for row in out.rows[1:]] == ["Deliver training to managers so that",
                                                     "Heads of Service to dip sample files"]


def test_a_numbered_list_misread_by_ocr_keeps_its_order() -> None:
    listed = [Block(t) for t in ("iL, Ensure that the board monitors early help.", "2. Improve the use of data.",
                                 "3) Reduce unsuitable housing.", "4. Make pathway plans specific.",
                                 "4: Sign off every assessment in 45 days.", "1. A second list starts again.")]
    layout = _clean(*listed)
    assert [b.text.split()[0] for b in layout.blocks()] == ["1.", "2.", "3)", "4.", "5.", "1."]


def test_a_labelled_recommendation_opening_a_page_is_no_continuation() -> None:
    header = ["Specific actions", "Responsible officers", "Deadline", "RAG"]
    first = _table(header, ["Recommendation 3: Improve the use of data", "", "", ""],
                   ["3.1 Moderate a sample of audits each month", "Ann", "Spring 2025", "Complete"], page=1)
    second = _table(header, ["Recommendation 4: Ensure that the board monitors early help", "", "", ""],
                    ["4.1 Attend practice weeks", "Bob", "", "G"], page=2)
    [table] = _clean(first, second).tables()
    assert [row[0].text for row in table.rows[1:]] == [
        "Recommendation 3: Improve the use of data", "3.1 Moderate a sample of audits each month",
        "Recommendation 4: Ensure that the board monitors early help", "4.1 Attend practice weeks"]


def test_a_running_footer_read_into_a_tables_last_row_is_taken_out_of_its_cells() -> None:
    table = _table(HEADER, ["6", "Ensure thresholds are understood.", "6.1 Audit contacts", "Ann", "May 2014", "G"],
                   ["7\nWessex Council", "Ensure strategy discussions\ninvolve all agencies.", "7.3 Publish a form",
                    "Bob", "", "Page 4"], page=4)
    last = table.rows[-1]
    for cell, tops in zip(last, [(347.9, 564.6), (347.8, 358.7), (347.8,), (347.7,), None, (564.6,)]):
        cell.tops = tops
    [out] = _clean(table).tables()
    assert [c.text for c in out.rows[-1]] == ["7", "Ensure strategy discussions\ninvolve all agencies.",
                                              "7.3 Publish a form", "Bob", "", ""]


def test_a_new_action_with_cells_of_its_own_beside_a_recommendation_carrying_on_is_a_row() -> None:
    table = _table(HEADER, ["", "Improve the quality of supervision for staff working with",
                            "Revise the supervision policy", "DCS", "Ongoing", "Red"],
                   ["", "young people aged 16 and 17.", "Introduce a monthly audit of records", "IRO SM", "May 2012", ""])
    table.engine = "aligned"
    [out] = _clean(table).tables()
    assert [row[2].text for row in out.rows[1:]] == ["Revise the supervision policy", "Introduce a monthly audit of records"]
