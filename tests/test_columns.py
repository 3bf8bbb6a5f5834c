"""The one header mapping every extractor and baseline shares (extractors/columns.py)."""

from __future__ import annotations

import pytest

from extractors.columns import field_for_header, header_score, map_headers


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


def test_header_row_scores_high_and_data_row_low() -> None:
    assert header_score(["Ref", "Recommendation", "How we will do it", "Lead", "By when", "RAG"]) == 1.0
    assert header_score(["1", "Audit case files monthly", "Jane Smith", "31/03/2019"]) < 0.5
