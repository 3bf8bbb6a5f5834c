"""The shared vocabularies and text helpers (extractors/vocabulary.py, extractors/text.py, build/cells.py)."""

from __future__ import annotations

import pytest

from extractors.build.cells import paragraphs
from extractors.text import DANGLING_END, is_page_footer, join_pieces
from extractors.vocabulary import strip_bullet


@pytest.mark.parametrize(("line", "dangles"), [("Head of Service /", True), ("team managers and", True),
                                               ("assessment team until", True), ("A", False), ("Complete", False)])
def test_a_line_dangles_where_no_sentence_can_stop(line: str, dangles: bool) -> None:
    assert bool(DANGLING_END.search(line)) is dangles


@pytest.mark.parametrize(
    ("cells", "footer"),
    [
        (["Acme Council – Improvement Plan", "", "", "Page 1"], True),
        (["Acme Council", "Improvement Plan", "Version 3", "Page 2 of 3"], True),
        (["", "Page 4"], True),
        (["1.2", "Audit files", "Head of Service", "3 of 12"], False),  # a progress count, not a page
        (["1.2", "Audit files", "Head of Service", "Mar 16"], False),
    ],
)
def test_page_footer_read_as_a_row(cells: list[str], footer: bool) -> None:
    assert is_page_footer(cells) is footer


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [("SAFEGUARD CHI", "LDREN", "SAFEGUARD CHILDREN"), ("a robust", "monitoring", "a robust monitoring"),
     ("LAC and", "CSL teams", "LAC and CSL teams"), ("", "text", "text"), ("Establish a multi-", "agency", "Establish a multi-agency")],
)
def test_pieces_rejoin_only_cut_words(left: str, right: str, joined: str) -> None:
    assert join_pieces(left, right) == joined


def test_paragraphs_join_wrapped_lines_and_split_bullets() -> None:
    assert paragraphs("Reduction in re-\nreferrals\n(cid:127)\nnext item") == ["Reduction in re-referrals", "• next item"]


@pytest.mark.parametrize(("text", "stripped"), [("• Train staff", "Train staff"), ("o We will audit.", "We will audit."),
                                                ("-Train all managers", "Train all managers"),
                                                ("Audit files", "Audit files")])
def test_bullets_stripped(text: str, stripped: str) -> None:
    assert strip_bullet(text) == stripped
