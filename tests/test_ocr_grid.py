"""Tests of the OCR table reader on the committed scans and on synthetic page images."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz import fuzz

from extractors import ocr_grid
from extractors.base import ExtractionError
from extractors.cells import comparable
from extractors.columns import map_headers
from extractors.table_grid import Grid

CORPUS = Path(__file__).parent / "corpus"
SCAN = CORPUS / "seed-1" / "scanned-02-kingston-upon-thames-2013"  # dark header with light text: the hard case
DPI = ocr_grid.DPI

HEADER = ["Ref", "Recommendation", "Action", "Lead officer", "Target date"]
BODY = [
    ["1", "Improve supervision", "Audit case files monthly", "Jane Smith", "31/03/2019"],
    ["2", "Reduce drift in plans", "Train all team managers", "Head of Service", "June 2019"],
    ["3", "Hear the child's voice", "Launch a survey of children", "Alan Jones", "Ongoing"],
]


@pytest.fixture(scope="module")
def scan() -> tuple[list[Grid], list[str], dict]:
    gold = json.loads(SCAN.with_suffix(".gold.json").read_text())
    read = ocr_grid.ocr_grids(SCAN.with_suffix(".pdf").read_bytes(), [1, 2])
    grids, warnings = read.grids, read.warnings
    return grids, warnings, gold


def _texts(grids: list[Grid]) -> list[str]:
    return [comparable(cell.text) for grid in grids for row in grid.rows for cell in row if cell.text]


def _font(size: int = 40) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _table_image(ruled: bool = True, width: int = 2400, height: int = 1000) -> Image.Image:
    """A white page with a table of :data:`HEADER` and :data:`BODY` drawn on it, ruled or not."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    xs, row_height, top = [100, 280, 820, 1500, 1900, 2300], 120, 150
    rows = [HEADER, *BODY]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            draw.text((xs[c] + 20, top + r * row_height + 30), text, fill=0, font=_font())
    if ruled:
        bottom = top + len(rows) * row_height
        for r in range(len(rows) + 1):
            draw.line([(xs[0], top + r * row_height), (xs[-1], top + r * row_height)], fill=0, width=4)
        for x in xs:
            draw.line([(x, top), (x, bottom)], fill=0, width=4)
    draw.text((100, 40), "Council action plan", fill=0, font=_font(50))  # page furniture above the table
    return image


def _pdf_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=DPI)
    return buffer.getvalue()


def _cells(grid: Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


# --- the committed scans ---------------------------------------------------------------------------------


def test_scan_header_maps_to_fields(scan):
    grids, _, _ = scan
    fields = map_headers([cell.text for cell in grids[0].rows[0]])
    assert {"recommendation", "action", "lead", "deadline", "rag"} <= set(fields)


def test_scan_grids_are_ocr_grids_per_page(scan):
    grids, warnings, _ = scan
    assert [grid.page for grid in grids] == [1, 2]
    assert all(grid.engine == "ocr" and grid.width == 7 for grid in grids)
    assert not warnings
    cells = [cell for grid in grids for row in grid.rows for cell in row if cell.text]
    assert all(cell.confidence is not None and cell.bbox is not None for cell in cells)


def test_scan_row_count_near_gold(scan):
    """One grid row per action row (an action split by the page break counts twice), plus header and group rows."""
    grids, _, gold = scan
    action_column = map_headers([cell.text for cell in grids[0].rows[0]]).index("action")
    action_cells = [row[action_column] for grid in grids for row in grid.rows[1:]]
    action_rows = sum(1 for cell in action_cells if cell.text and not cell.merged_from_above)
    assert abs(action_rows - len(gold["actions"])) <= 2


def test_scan_gold_actions_found_in_cells(scan):
    grids, _, gold = scan
    texts = _texts(grids)
    found = [
        max(fuzz.partial_ratio(comparable(action["action"]), text) for text in texts) >= 90
        for action in gold["actions"]
    ]
    assert sum(found) >= 0.9 * len(found)


def test_scan_section_row_is_text_in_first_cell(scan):
    grids, _, _ = scan
    section = next(row for row in grids[0].rows if row[0].text.startswith("QUALITY ASSURANCE"))
    assert all(cell.text == "" for cell in section[1:])


def test_scan_furniture_left_out(scan):
    grids, _, _ = scan
    text = " ".join(_texts(grids))
    assert "post inspection action plan" not in text  # the title above and the footer below the table
    assert "version 10" not in text


# --- synthetic pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("angle", [1.2, -0.8])
def test_skew_measured_and_corrected(angle):
    image = _table_image().rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    grey = np.array(image)
    assert ocr_grid.skew_angle(grey) == pytest.approx(-angle, abs=0.15)
    assert ocr_grid.skew_angle(ocr_grid.deskew(grey)) == pytest.approx(0, abs=0.1)


def test_skewed_ruled_table_read_cell_by_cell():
    image = _table_image().rotate(1.2, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(1))
    read = ocr_grid.ocr_grids(_pdf_of(image), [1])
    grids, warnings = read.grids, read.warnings
    assert not warnings
    assert len(grids) == 1
    assert _cells(grids[0]) == [HEADER, *BODY]


def test_borderless_table_columns_from_word_gaps():
    grids = ocr_grid.ocr_grids(_pdf_of(_table_image(ruled=False)), [1]).grids
    rows = _cells(grids[0])
    assert rows[-3:] == BODY
    assert grids[0].width == len(HEADER)


def test_merged_cells_follow_pdfplumber_shape():
    """A row whose inner rulings are missing is one cell: text in the first slot, the others empty;
    a slot without a ruling above continues the cell above."""
    image = _table_image()
    draw = ImageDraw.Draw(image)
    draw.rectangle([104, 274, 2296, 386], fill=255)  # clear row 2 and its inner rulings
    draw.text((120, 300), "Within three months", fill=0, font=_font())
    draw.rectangle([104, 505, 276, 515], fill=255)  # no ruling between rows 3 and 4 in the first column
    grids = ocr_grid.ocr_grids(_pdf_of(image), [1]).grids
    rows = grids[0].rows
    assert [cell.text for cell in rows[1]] == ["Within three months", "", "", "", ""]
    assert rows[3][0].merged_from_above and rows[3][0].text == ""
    assert rows[2][0].text == "2\n3"


def test_short_header_row_above_spanning_rows_keeps_its_columns():
    """A one-line header whose column rulings stop at a full-width section row below it:
    rulings shorter than the line kernel still separate its cells."""
    image = Image.new("L", (2400, 1000), 255)
    draw = ImageDraw.Draw(image)
    xs, top = [100, 280, 820, 1500, 1900, 2300], 150
    ys = [top, top + 52, top + 130, top + 250, top + 370]  # header 52 px high, then a section row, then two rows
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=4)
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[1])], fill=0, width=4)  # header only
        draw.line([(x, ys[2]), (x, ys[-1])], fill=0, width=4)  # body; the section row has no inner rulings
    draw.line([(xs[-1], ys[1]), (xs[-1], ys[2])], fill=0, width=4)
    draw.line([(xs[0], ys[1]), (xs[0], ys[2])], fill=0, width=4)
    for c, text in enumerate(HEADER):
        draw.text((xs[c] + 20, top + 8), text, fill=0, font=_font(32))
    draw.text((xs[0] + 20, ys[1] + 20), "Within three months", fill=0, font=_font())
    for r, row in enumerate(BODY[:2]):
        for c, text in enumerate(row):
            draw.text((xs[c] + 20, ys[2 + r] + 30), text, fill=0, font=_font())
    rows = _cells(ocr_grid.ocr_grids(_pdf_of(image), [1]).grids[0])
    assert rows[0] == HEADER
    assert rows[1] == ["Within three months", "", "", "", ""]
    assert rows[2:] == BODY[:2]


def test_title_block_read_only_for_the_title_page():
    image = _table_image()
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 2400, 140], fill=255)
    draw.text((100, 20), "Post-Inspection Action Plan", fill=0, font=_font(44))
    draw.text((100, 80), "Ofsted inspection of 14 March 2016", fill=0, font=_font(40))
    pdf = _pdf_of(image)
    titled = ocr_grid.ocr_grids(pdf, [1], title_page=1)
    assert titled.title == ["Post-Inspection Action Plan", "Ofsted inspection of 14 March 2016"]
    assert _cells(titled.grids[0]) == [HEADER, *BODY]
    assert ocr_grid.ocr_grids(pdf, [1]).title == []


def test_low_confidence_page_warned():
    rng = random.Random(3)
    image = Image.new("L", (2400, 1000), 255)
    draw = ImageDraw.Draw(image)
    for line in range(8):
        words = " ".join("".join(rng.choice("mnwuvrlIi1") for _ in range(rng.randint(3, 9))) for _ in range(8))
        draw.text((100, 100 + line * 100), words, fill=0, font=_font(34))
    noisy = Image.blend(image.filter(ImageFilter.GaussianBlur(2.5)), Image.effect_noise(image.size, 90), 0.45)
    warnings = ocr_grid.ocr_grids(_pdf_of(noisy), [1]).warnings
    assert any(warning.startswith("page 1: low OCR confidence (mean ") for warning in warnings)


def test_lines_joined_and_compound_hyphen_kept():
    joined = ocr_grid._join_lines(["Establish a multi-", "agency panel", "monthly"])
    assert joined == "Establish a multi-agency panel\nmonthly"
    assert ocr_grid._join_lines(["Within 3 -", "6 months"]) == "Within 3 -\n6 months"


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["*", "audit", "files"], "• audit files"),
        (["«", "brief"], "• brief"),
        (["e", "update", "files"], "• update files"),
        (["Cc)", "Launch"], "c) Launch"),
        (["©)", "Launch"], "c) Launch"),
        (["(b)", "Train"], "(b) Train"),
        (["*"], "*"),
    ],
)
def test_misread_list_marks_repaired(tokens, expected):
    assert ocr_grid._line_text(tokens) == expected


def test_bad_pdf_is_extraction_error():
    with pytest.raises(ExtractionError):
        ocr_grid.ocr_grids(b"%PDF-1.4 not really", [1])
