"""Scanned pages (no text layer) read by OCR into the Layout: the committed scans and page images
drawn here with Pillow, saved as image-only PDFs."""

from __future__ import annotations

import io
import json
import logging
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz import fuzz
from typer.testing import CliRunner

from extractors.base import ExtractionError, SourceFile
from extractors.headers import find_header
from extractors.layout import Block, Layout, Table, iter_cells
from extractors.readers import pdf
from extractors.readers.ocr import read_scan, tesseract_available
from extractors.settings import SETTINGS
from extractors.text import comparable
from pipeline.cli import app

pytestmark = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")

SCAN = Path(__file__).parent / "corpus" / "seed-1" / "scanned-02-kingston-upon-thames-2013"  # dark header, light text
HEADER = ["Ref", "Recommendation", "Action", "Lead officer", "Target date"]
BODY = [
    ["1", "Improve supervision", "Audit case files monthly", "Jane Smith", "31/03/2019"],
    ["2", "Reduce drift in plans", "Train all team managers", "Head of Service", "June 2019"],
    ["3", "Hear the child's voice", "Launch a survey of children", "Alan Jones", "Ongoing"],
]


def _read(data: bytes, name: str = "scan.pdf") -> Layout:
    return pdf.read(SourceFile(path=Path(name), data=data))


@pytest.fixture(scope="module")
def scan() -> tuple[Layout, dict]:
    gold = json.loads(SCAN.with_suffix(".gold.json").read_text(encoding="utf-8"))
    return _read(SCAN.with_suffix(".pdf").read_bytes()), gold


def _texts(tables: list[Table]) -> list[str]:
    return [comparable(cell.text) for table in tables for cell in iter_cells(table) if cell.text]


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
    draw.text((100, 40), "Council action plan", fill=0, font=_font(50))  # a title above the table
    return image


def _pdf_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=SETTINGS.ocr_dpi)
    return buffer.getvalue()


def _cells(table: Table) -> list[list[str]]:
    """Each row's texts, a spanning cell's in its first slot only."""
    return [[cell.text if (cell.row, cell.col) == (r, c) else "" for c, cell in enumerate(row)]
            for r, row in enumerate(table.rows)]


# --- the committed scan ----------------------------------------------------------------------------------


def test_scan_tables_are_ocr_tables_per_page_with_a_plan_header(scan) -> None:
    layout, _ = scan
    tables = layout.tables()
    assert [t.page for t in tables] == [1, 2]
    assert all(t.engine == "ocr" and t.width == 7 for t in tables)
    header = find_header(tables[0])
    assert header and {"recommendation", "action", "lead", "deadline", "rag"} <= set(header.fields)
    assert not layout.warnings
    cells = [cell for t in tables for cell in iter_cells(t) if cell.text]
    assert all(cell.bbox is not None for cell in cells)


@pytest.mark.xfail(strict=True, reason="new path: OCR word confidences are not carried into Cell.confidence")
def test_scan_cells_carry_their_ocr_confidence(scan) -> None:
    cells = [cell for t in scan[0].tables() for cell in iter_cells(t) if cell.text]
    assert all(cell.confidence is not None for cell in cells)


def test_scan_row_count_near_gold(scan) -> None:
    """One row per action row (an action split by the page break counts twice), plus header and group rows."""
    layout, gold = scan
    tables = layout.tables()
    action = find_header(tables[0]).col("action")
    starts = [row[action] for t in tables for r, row in enumerate(t.rows[1:], start=1)
              if row[action].text and row[action].row == r and row[action].colspan == 1]
    assert abs(len(starts) - len(gold["actions"])) <= 2


def test_scan_gold_actions_found_in_cells(scan) -> None:
    layout, gold = scan
    texts = _texts(layout.tables())
    found = [max(fuzz.partial_ratio(comparable(a["action"]), t) for t in texts) >= 90 for a in gold["actions"]]
    assert sum(found) >= 0.9 * len(found)


def test_scan_section_row_is_one_cell_across_the_row(scan) -> None:
    layout, _ = scan
    section = next(row for row in layout.tables()[0].rows if row[0].text.startswith("QUALITY ASSURANCE"))
    assert all(cell is section[0] or cell.text == "" for cell in section[1:])


def test_scan_furniture_is_no_table_cell(scan) -> None:
    text = " ".join(_texts(scan[0].tables()))
    assert "post inspection action plan" not in text  # the title above and the footer below the table
    assert "version 10" not in text


# --- page images drawn here ------------------------------------------------------------------------------


def test_skewed_ruled_table_read_cell_by_cell() -> None:
    image = _table_image().rotate(1.2, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(1))
    layout = _read(_pdf_of(image))
    assert not layout.warnings
    [table] = layout.tables()
    assert _cells(table) == [HEADER, *BODY]


def test_borderless_table_columns_from_word_gaps() -> None:
    [table] = _read(_pdf_of(_table_image(ruled=False))).tables()
    assert _cells(table)[-3:] == BODY
    assert table.width == len(HEADER)


def test_merged_cells_are_one_cell_in_every_slot() -> None:
    """A row whose inner rulings are missing is one cell across the row; a slot with no ruling
    above it continues the cell above."""
    image = _table_image()
    draw = ImageDraw.Draw(image)
    draw.rectangle([104, 274, 2296, 386], fill=255)  # clear row 2 and its inner rulings
    draw.text((120, 300), "Within three months", fill=0, font=_font())
    draw.rectangle([104, 505, 276, 515], fill=255)  # no ruling between rows 3 and 4 in the first column
    [table] = _read(_pdf_of(image)).tables()
    rows = table.rows
    assert rows[1][0].text == "Within three months" and all(cell is rows[1][0] for cell in rows[1])
    assert rows[3][0] is rows[2][0] and rows[2][0].text == "2\n3"


def test_short_header_row_above_spanning_rows_keeps_its_columns() -> None:
    """A one-line header whose column rulings stop at a full-width section row below it."""
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
    [table] = _read(_pdf_of(image)).tables()
    rows = _cells(table)
    assert rows[0] == HEADER
    assert rows[1] == ["Within three months", "", "", "", ""]
    assert rows[2:] == BODY[:2]


def test_pale_row_rules_are_rules_and_bold_text_is_not() -> None:
    """Rules a little darker than the paper (light grey under each row) are found; text is not."""
    image = _table_image(ruled=False)
    draw = ImageDraw.Draw(image)
    rules = [150 + r * 120 for r in range(1, len(BODY) + 2)]
    for y in rules:
        draw.line([(100, y), (2300, y)], fill=222, width=4)
    draw.text((100, 700), "Recommendation 4: Ensure that the voices of children are heard", fill=0,
              font=ImageFont.load_default(size=44), stroke_width=2, stroke_fill=0)  # bold, long
    page, _ = read_scan(np.array(image), 1, SETTINGS.ocr_dpi)
    found = sorted(round(e["top"] * SETTINGS.ocr_dpi / 72) for e in page.edges if e["orientation"] == "h")
    assert len(found) == len(rules) and all(abs(a - b) <= 3 for a, b in zip(found, rules))


def test_big_light_words_on_a_dark_header_band_are_read() -> None:
    """Light bold words cut a dark header band into pieces where they stand; the band is still one
    shaded block, inverted for Tesseract, so its words read as printed."""
    image = _table_image(ruled=False)
    draw = ImageDraw.Draw(image)
    draw.rectangle([100, 150, 2300, 240], fill=40)
    xs = [100, 280, 820, 1500, 1900]
    for c, text in enumerate(HEADER):
        draw.text((xs[c] + 20, 165), text, fill=255, font=_font(56), stroke_width=3, stroke_fill=255)
    page, _ = read_scan(np.array(image), 1, SETTINGS.ocr_dpi)
    assert len(page.shapes) == 1 and page.shapes[0].x0 <= 101 * 72 / SETTINGS.ocr_dpi
    header = " ".join(w.text for w in page.words if w.top < 240 * 72 / SETTINGS.ocr_dpi and w.bottom > 150 * 72 / SETTINGS.ocr_dpi)
    assert header == " ".join(HEADER)


def test_title_above_the_table_is_prose() -> None:
    image = _table_image()
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 2400, 140], fill=255)
    draw.text((100, 20), "Post-Inspection Action Plan", fill=0, font=_font(44))
    draw.text((100, 80), "Ofsted inspection of 14 March 2016", fill=0, font=_font(40))
    layout = _read(_pdf_of(image))
    assert [b.text for b in layout.items if isinstance(b, Block)][:2] == [
        "Post-Inspection Action Plan", "Ofsted inspection of 14 March 2016"]
    assert _cells(layout.tables()[0]) == [HEADER, *BODY]


def test_low_confidence_page_warned() -> None:
    rng = random.Random(3)
    image = Image.new("L", (1600, 300), 255)  # small: Tesseract is slow on noise
    draw = ImageDraw.Draw(image)
    for line in range(2):
        words = " ".join("".join(rng.choice("mnwuvrlIi1") for _ in range(rng.randint(3, 9))) for _ in range(6))
        draw.text((100, 80 + line * 100), words, fill=0, font=_font(34))
    noisy = Image.blend(image.filter(ImageFilter.GaussianBlur(2.5)), Image.effect_noise(image.size, 90), 0.45)
    assert any("low OCR confidence" in w and "1" in w for w in _read(_pdf_of(noisy)).warnings)


def test_bad_pdf_is_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        _read(b"%PDF-1.4 not really")


# --- resolution, pages in parallel, progress -------------------------------------------------------------


def _points(page) -> tuple[list[tuple[str, float, float, float, float]], list[str]]:
    edges = sorted((e["orientation"], e["x0"], e["x1"], e["top"], e["bottom"]) for e in page.edges)
    return edges, [w.text for w in page.words]


def test_a_page_reads_alike_at_any_resolution() -> None:
    """Sizes on the page are points: the same table drawn at 300 and at 150 dpi gives the same rules (to a
    point or so), dark block and words."""
    image = _table_image()
    ImageDraw.Draw(image).rectangle([100, 150, 2300, 270], fill=40)  # a dark header row
    fine, _ = read_scan(np.array(image), 1, 300)
    coarse, _ = read_scan(np.array(image.resize((1200, 500), Image.Resampling.LANCZOS)), 1, 150)
    (fine_edges, fine_words), (coarse_edges, coarse_words) = _points(fine), _points(coarse)
    assert len(fine_edges) == len(coarse_edges) and len(fine.shapes) == len(coarse.shapes) == 1
    assert all(a[0] == b[0] and max(abs(x - y) for x, y in zip(a[1:], b[1:])) <= 1.5
               for a, b in zip(fine_edges, coarse_edges))
    assert fine_words == coarse_words


def test_pages_read_in_parallel_make_the_layout_read_one_page_at_a_time(scan) -> None:
    one_at_a_time = pdf.read(SourceFile(path=SCAN.with_suffix(".pdf"), data=SCAN.with_suffix(".pdf").read_bytes()),
                             replace(SETTINGS, ocr_threads=1))
    parallel = pdf.read(SourceFile(path=SCAN.with_suffix(".pdf"), data=SCAN.with_suffix(".pdf").read_bytes()),
                        replace(SETTINGS, ocr_threads=2))
    assert repr(parallel.items) == repr(one_at_a_time.items) == repr(scan[0].items)


def _pages_pdf(count: int) -> bytes:
    """Small image-only pages, one line of text each."""
    pages = []
    for number in range(1, count + 1):
        image = Image.new("L", (1200, 300), 255)
        ImageDraw.Draw(image).text((100, 100), f"Progress report page {number}", fill=0, font=_font())
        pages.append(image)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=SETTINGS.ocr_dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def test_a_long_scan_logs_how_far_it_has_got(caplog) -> None:
    caplog.set_level(logging.INFO, logger="extractors")
    pdf.read(SourceFile(path=Path("long.pdf"), data=_pages_pdf(5)), replace(SETTINGS, ocr_progress_pages=2))
    lines = [r.getMessage() for r in caplog.records if r.name == "extractors.readers.ocr"]
    assert [line.split(" (")[0] for line in lines] == ["long.pdf: OCR page 2 of 5", "long.pdf: OCR page 4 of 5"]


def test_the_command_line_shows_a_workers_progress_lines(tmp_path: Path) -> None:
    """The line is logged in a worker process and shown by the main one, on stderr."""
    path = tmp_path / "long.pdf"
    path.write_bytes(_pages_pdf(3))
    result = CliRunner().invoke(app, ["extract", str(path), "--file-limit", "ocr_progress_pages=1"])
    assert f"{path}: OCR page 1 of 3" in result.stderr and f"{path}: OCR page 2 of 3" in result.stderr
    assert "OCR page" not in result.stdout


def test_a_light_grey_header_row_is_no_dark_block_to_invert() -> None:
    """A scanned plan's header rows shaded light grey, rules and dark words closed over into a band,
    are read as printed, not inverted as if light words stood on dark shading (generated seed 210)."""
    path = Path(__file__).parent / "generated" / "seed-210" / "scan-16-north-somerset-2014.pdf"
    tables = pdf.read(SourceFile.read(path)).tables()
    headers = [[c.text for c in t.rows[0]] for t in tables if t.page == 2]
    assert ["What Ofsted said", "Specific actions", "Responsibility and timescale", "Status"] in headers
