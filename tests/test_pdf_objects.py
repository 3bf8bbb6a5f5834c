"""The bulk character read of extractors.readers.pdf_objects against pdfium's own per-character answers."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.readers.pdf_objects import _chars, _Turn, read_page

RULED = Path(__file__).parent / "corpus" / "seed-1" / "ruled_landscape-01-kensington-and-chelsea-2017.pdf"


@pytest.mark.parametrize("turns", range(4))
def test_character_boxes_turn_as_single_boxes_do(turns: int) -> None:
    turn = _Turn(595.0, 842.0, turns)
    chars = [("a", 10.0, 20.0, 16.5, 31.0), ("b", 300.25, 700.0, 309.0, 712.5)]
    assert turn.rects(chars) == [turn.box(*c[1:]) for c in chars]


def test_characters_and_their_style_are_pdfiums_per_character_answers() -> None:
    pdf = pdfium.PdfDocument(RULED)
    try:
        textpage = pdf[0].get_textpage()
        chars = _chars(textpage)
        assert len(chars) == textpage.count_chars()
        for i, char in enumerate(chars):
            if char[5]:  # a printed character: its text and font size as pdfium gives them one by one
                assert char[0] == textpage.get_text_range(i, 1) or char[0] == "-"
                assert char[5] == pytest.approx(pdfium.raw.FPDFText_GetFontSize(textpage.raw, i))
        words = read_page(pdf, 0).words
    finally:
        pdf.close()
    assert words and any(w.bold for w in words) and all(w.text.strip() == w.text for w in words)
