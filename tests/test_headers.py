"""The one header map (extractors/headers.py): header wordings to fields, header rows found in tables."""

from __future__ import annotations

import pytest

from extractors.headers import Header, field_for_header, find_header, header_score, map_headers, repeats
from extractors.layout import Cell, Table, grid


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Rec.", "ref"),
        ("Recommendation no.", "ref"),
        ("Area for Development", "recommendation"),
        ("Ofsted recommendation", "recommendation"),
        ("Proposed Action", "action"),
        ("What we will do", "action"),
        ("How we will do it", "action"),
        ("How will we achieve this?", "action"),
        ("Actions and target dates", "action"),
        ("Action owner", "lead"),
        ("How will we know we have succeeded?", "measure"),
        ("Lead person responsible", "lead"),
        ("Responsible Officers", "lead"),
        ("Who", "lead"),
        ("Timescale", "deadline"),
        ("When will we achieve this by?", "deadline"),
        ("By when", "deadline"),
        ("Complete by", "deadline"),
        ("RAG Rating", "rag"),
        ("BRAG", "rag"),
        ("Status", "rag"),
        ("Progress update", "progress"),
        ("Start date", None),  # known not to be the deadline: kept as an extra column
        ("Key partners", None),
    ],
)
def test_header_wordings_map_to_fields(header: str, field: str | None) -> None:
    assert field_for_header(header) == field


def test_more_specific_header_wins_a_contested_field() -> None:
    assert map_headers(["Action", "Timescale", "Target date"]) == ["action", None, "deadline"]


@pytest.mark.parametrize(
    ("headers", "fields"),
    [(["Progress to date", "Due", "BRAG"], ["progress", "deadline", "rag"]),
     (["Completion date", "Progress to date"], ["deadline", "progress"]),
     (["Status / comments", "RAG"], ["progress", "rag"]),
     (["By whom", "Action", "Lead officer"], [None, "action", "lead"])],
)
def test_header_fields_do_not_depend_on_column_order(headers: list[str], fields: list[str | None]) -> None:
    assert map_headers(headers) == fields
    assert map_headers(headers[::-1]) == fields[::-1]


def test_header_row_scores_high_and_data_row_low() -> None:
    assert header_score(["Ref", "Recommendation", "How we will do it", "Lead", "By when", "RAG"]) == 1.0
    assert header_score(["1", "Audit case files monthly", "Jane Smith", "31/03/2019"]) < 0.5


def _table(*rows: list[str]) -> Table:
    return Table(rows=grid([[Cell(text) for text in row] for row in rows]))


def test_header_found_below_a_title_read_into_the_table() -> None:
    table = _table(["Children's Services, March 2016", "", ""], ["Action", "Lead", "Deadline"], ["Audit", "Ann", "May"])
    header = find_header(table)
    assert header is not None and (header.start, header.count) == (1, 1)
    assert header.fields == ["action", "lead", "deadline"]


def test_second_header_row_joined_when_it_names_more_fields() -> None:
    table = _table(["Recommendation", "Action", "Monitoring", ""], ["", "", "Lead", "RAG"], ["Improve", "Audit", "Kim", "A"])
    header = find_header(table)
    assert header is not None and header.count == 2
    assert header.fields == ["recommendation", "action", "lead", "rag"]


def test_a_table_of_data_has_no_header() -> None:
    assert find_header(_table(["a", "b"], ["c", "d"])) is None


_KNOWN = ["Ref", "Recommendation", "Key actions", "Lead officer"]
_WRAPPED = ["Area for improvement", "What we will do", "Lead officer", "RAG"]


@pytest.mark.parametrize(
    ("cells", "known", "repeated"),
    [(["Rf", "Recommendatlon", "Key act ions", "Lead offcer"], _KNOWN, True),  # OCR-mangled reprint
     (["Area for", "What we will", "Lead", "RAG"], _WRAPPED, True),  # the first line of a wrapped reprint
     (["1", "Ensure plans are reviewed", "Train chairs", "Chair"], _KNOWN, False)],
)
def test_a_reprinted_header_is_recognised(cells: list[str], known: list[str], repeated: bool) -> None:
    assert repeats(cells, Header(known, map_headers(known))) is repeated


def test_a_row_holding_the_header_words_inside_its_text_is_no_reprint() -> None:
    header = find_header(Table(rows=grid([[Cell(t) for t in ("Action", "Responsibility and timescale", "Progress (RAG)")]])))
    assert header is not None
    row = ["2.4 Deliver workshops, including: agree a tracker with named actions and review dates",
           "Lead: Helen Hughes / By: June 2018", "G"]
    assert not repeats(row, header)
    assert repeats(["Action", "Responsibility and", "Progress"], header)  # a wrapped reprint's first words
