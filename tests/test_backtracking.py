"""Patterns rewritten to run in linear time on any input (issue 11) still match what they matched.

Their speed on hostile input is measured by ``python -m bench.reliability`` (tests/bad_inputs.py's
``backtracking`` class); here each rewritten pattern's answers on ordinary and hostile text.
"""

from __future__ import annotations

from extractors.build.facts import _clauses, _council
from extractors.build.key import Key, _clean
from extractors.build.records import split_priority
from extractors.build.report import _PUBLISHED, _inspection_dates
from extractors.readers.css import _colour_tokens, background
from extractors.vocabulary import RAG_CELL
from pipeline.corrections import _LIST
from tests.bad_inputs import BACKTRACKING


def test_rag_cells_match_as_before() -> None:
    for cell in ("Red", "red / amber", "Green & Blue", "(Amber)", "red, - not yet met", "Red - see note",
                 "On track", "not yet started", "Amber/Green", "R", "a / g", "Red  -  behind plan", "Red -"):
        assert RAG_CELL.match(cell), cell
    for cell in ("Redo", "red note", "reds", "red / x", "R / X"):
        assert not RAG_CELL.match(cell), cell
    assert not RAG_CELL.match(BACKTRACKING[0][1])


def test_council_names_as_before() -> None:
    assert _council("Report to SOUTHAMPTON CITY COUNCIL cabinet") == "SOUTHAMPTON CITY COUNCIL"
    assert _council("KINGSTON UPON HULL CITY COUNCIL") == "KINGSTON UPON HULL CITY COUNCIL"
    assert _council("aAB CD COUNCIL") == "CD COUNCIL"  # a run starting inside a word starts at its next word
    assert _council("Plan of Stockton on Tees Borough Council, 2024") == "Stockton on Tees Borough Council"
    assert _council("The Council agreed. Wigan Council plans") == "Wigan Council"  # "The" is no council
    assert _council(BACKTRACKING[1][1]) is None and _council(BACKTRACKING[2][1]) is None


def test_clauses_split_as_before() -> None:
    assert [c.strip() for c in _clauses("Inspected.\n\nVisit in\n\n 12 May 2023\n\n\nthen more")] == \
        ["Inspected.", "Visit in\n\n 12 May 2023", "then more"]


def test_key_lines_and_priorities_as_before() -> None:
    assert _clean("-- (Overdue) --.") == "Overdue" and _clean("- .") == "" and _clean("x.-") == "x"
    assert Key().entries("Red: " + "-" * 5000 + " late; Green = on track") == \
        [(None, "red", "late"), (None, "green", "on track")]
    assert split_priority("  Immediately: Ensure that") == ("Immediately", "Ensure that")
    assert split_priority("Act now: x") == (None, "Act now: x")


def test_report_facts_css_and_lists_as_before() -> None:
    assert _PUBLISHED.search("Ofsted\n\n   Report published: 3 May 2019\n").group(1) == "3 May 2019"
    assert _PUBLISHED.search("Not published: x") is None
    assert _inspection_dates("Inspection dates: 11 to 15 September 2023") == ("11 September 2023", "15 September 2023")
    assert _colour_tokens("rgb(255, 0, 0) solid a(b") == ["rgb(255, 0, 0)", "solid", "a", "b"]
    assert background({"background": "url(x.png) #ff0000"}) == "FF0000"
    assert _LIST.split("a , ; b;c") == ["a", "", "b", "c"]
