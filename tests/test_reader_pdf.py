"""The PDF reader: the committed corpus's ruled, borderless, shaded and rowspan plans, read upright
and turned, through to records; and the reader's Layout (engines, pages, fills)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.base import ExtractionError, SourceFile
from extractors.detect import extract
from extractors.readers import pdf
from models.records import RawDocument
from pipeline.evaluation import score_actions
from pipeline.normaliser import normalise

CORPUS = Path(__file__).parent / "corpus" / "seed-1"
TEXT_LAYOUTS = ["ruled_landscape", "rag_shading", "borderless", "html_rowspan"]


def _first(layout: str) -> Path:
    return min(CORPUS.glob(f"{layout}-*.pdf"))


@pytest.fixture(scope="module")
def upright() -> dict[str, RawDocument]:
    return {layout: extract(SourceFile.read(_first(layout))) for layout in TEXT_LAYOUTS}


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_layout_matches_gold(layout: str, upright) -> None:
    gold = json.loads(_first(layout).with_suffix(".gold.json").read_text(encoding="utf-8"))
    doc = normalise(upright[layout]).to_json()
    score = score_actions(gold["actions"], doc["actions"])
    assert score.f1 >= 0.95
    assert all((score.accuracy(f) or 0) >= 0.9 for f in ("recommendation_ref", "lead", "deadline", "rag"))
    assert doc["authority"] == gold["authority"]
    assert doc["document_date"] == gold["document_date"]


def test_ruled_and_borderless_tables_name_their_engine_and_page(upright) -> None:
    ruled = upright["ruled_landscape"]
    assert {a.provenance.engine for a in ruled.actions} == {"ruled"}
    assert max(a.provenance.page or 0 for a in ruled.actions) >= 2
    assert {a.provenance.engine for a in upright["borderless"].actions} == {"aligned"}


def test_shading_only_rag_comes_from_fill(upright) -> None:
    assert any(a.rag and a.rag.startswith("#") for a in upright["rag_shading"].actions)


def test_layout_tables_are_dense_grids_with_pages() -> None:
    layout = pdf.read(SourceFile.read(_first("ruled_landscape")))
    assert layout.reader == "pdf" and layout.pages and layout.pages >= 2
    tables = layout.tables()
    assert tables and [t.index for t in tables] == list(range(len(tables)))
    assert all(len(row) == t.width for t in tables for row in t.rows)
    assert {t.page for t in tables} >= {1, 2}
    assert all(c.bbox is not None for t in tables for row in t.rows for c in row if c.text)


def test_not_a_pdf_names_the_cause(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_text("<html><body>oops</body></html>", encoding="utf-8")
    assert not pdf.accepts(path.read_bytes())
    with pytest.raises(ExtractionError, match="PDF"):
        pdf.read(SourceFile.read(path))


def _rotated(path: Path, degrees: int) -> bytes:
    """The PDF re-saved with every page's /Rotate set: text runs sideways or upside down as displayed."""
    document = pdfium.PdfDocument(path)
    for page in document:
        page.set_rotation(degrees)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _printed_sideways(path: Path, degrees: int) -> bytes:
    """Each landscape page drawn turned onto a portrait page, with no /Rotate: the content itself is sideways."""
    source, dest = pdfium.PdfDocument(path), pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source[index].get_size()
        drawing = source.page_as_xobject(index, dest).as_pageobject()
        shift = (0, width) if degrees == 90 else (height, 0)
        drawing.transform(pdfium.PdfMatrix().rotate(degrees).translate(*shift))
        page = dest.new_page(height, width)
        page.insert_obj(drawing)
        page.gen_content()
    out = io.BytesIO()
    dest.save(out)
    return out.getvalue()


def _fields(doc: RawDocument) -> list[tuple]:
    return [(a.action, a.ref, a.lead, a.deadline, a.rag) for a in doc.actions]


@pytest.mark.parametrize(
    ("layout", "turn"),
    [("ruled_landscape", _rotated), ("borderless", _rotated), ("rag_shading", _printed_sideways),
     ("borderless", _printed_sideways)],
)
@pytest.mark.parametrize("degrees", [90, 270])
def test_turned_pages_read_like_upright_ones(tmp_path: Path, upright, layout, turn, degrees: int) -> None:
    path = _first(layout)
    turned = tmp_path / path.name
    turned.write_bytes(turn(path, degrees))
    doc, straight = extract(SourceFile.read(turned)), upright[layout]
    assert _fields(doc) == _fields(straight)
    assert (doc.authority_raw, doc.document_date_raw) == (straight.authority_raw, straight.document_date_raw)


def test_upside_down_page_reads_like_upright_one(tmp_path: Path, upright) -> None:
    path = _first("html_rowspan")
    turned = tmp_path / path.name
    turned.write_bytes(_rotated(path, 180))
    assert [a.action for a in extract(SourceFile.read(turned)).actions] == [a.action for a in upright["html_rowspan"].actions]


# --- plans drawn here with reportlab -----------------------------------------------------------------------

HEADER = ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "RAG"]
ROWS = [[str(n), f"Improve practice area {n}.", f"Audit the files of team {n}", f"Manager {n}", f"{n} May 2016",
         ("Red", "Amber", "Green")[n % 3]] for n in range(1, 7)]


def _drawn(tmp_path: Path, style: str, tables: int = 1, rows: list[list[str]] = ROWS, split: bool = False) -> Path:
    """A plan PDF written by reportlab: ``style`` "ruled" (a full grid), "rule-under-header", "zebra"
    (banded rows under a header rule) or "borderless"; ``tables`` tables one after another on the page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table as RLTable, TableStyle

    commands = [("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if style == "ruled":
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    if style in ("rule-under-header", "zebra"):
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1, colors.black))
    if style == "zebra":
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#E8E8E8")]))
    path = tmp_path / f"{style}.pdf"
    story: list = [Paragraph("Wessex Council Improvement Plan, 3 March 2016", getSampleStyleSheet()["Title"])]
    body = [[Paragraph(text) if split else text for text in row] for row in rows]  # wrapped where rows split
    widths = [40, 170, 300, 100, 80, 50] if split else None
    for _ in range(tables):
        story += [RLTable([HEADER, *body], colWidths=widths, repeatRows=1, splitInRow=int(split),
                          style=TableStyle(commands)), Spacer(0, 24)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


@pytest.mark.parametrize(("style", "engine"), [("ruled", "ruled"), ("rule-under-header", "aligned"),
                                               ("zebra", "aligned"), ("borderless", "aligned")])
def test_drawn_table_styles_read_as_one_grid(tmp_path: Path, style: str, engine: str) -> None:
    layout = pdf.read(SourceFile.read(_drawn(tmp_path, style)))
    [table] = layout.tables()
    assert table.engine == engine
    assert [[c.text for c in row] for row in table.rows] == [HEADER, *ROWS]
    doc = extract(SourceFile.read(_drawn(tmp_path, style)))
    assert [(a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [(r[2], r[3], r[4], r[5]) for r in ROWS]


def test_several_tables_on_a_page(tmp_path: Path) -> None:
    tables = pdf.read(SourceFile.read(_drawn(tmp_path, "ruled", tables=2))).tables()
    assert [(t.page, t.index, len(t.rows)) for t in tables] == [(1, 0, 7), (1, 1, 7)]


def test_rows_across_pages_are_one_table_with_each_row_once(tmp_path: Path) -> None:
    long = [[r[0], r[1], " and ".join([r[2]] * 6) + ".", r[3], r[4], r[5]] for r in ROWS * 3]
    for n, row in enumerate(long, start=1):
        row[0] = str(n)
    doc = extract(SourceFile.read(_drawn(tmp_path, "ruled", rows=long, split=True)))
    assert max(a.provenance.page or 0 for a in doc.actions) >= 2
    assert [a.lead for a in doc.actions] == [r[3] for r in long]
    assert [a.action for a in doc.actions] == [r[2] for r in long]


def test_a_page_opening_on_a_heading_does_not_continue_the_table_before(tmp_path: Path) -> None:
    """A borderless plan table ends on page 1; page 2 opens on a heading over a small key table."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table as RLTable

    path = tmp_path / "key-after-break.pdf"
    styles = getSampleStyleSheet()
    story = [Paragraph("Wessex Council Improvement Plan, 3 March 2016", styles["Title"]), RLTable([HEADER, *ROWS]),
             PageBreak(), Paragraph("Key to ratings", styles["Heading1"]),
             RLTable([["Symbol", "Status"], ["Red", "Not started"], ["Green", "On track"]])]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    layout = pdf.read(SourceFile.read(path))
    plan = layout.tables()[0]
    assert [[c.text for c in row] for row in plan.rows] == [HEADER, *ROWS]
    assert "Key to ratings" in [b.text for b in layout.blocks() if b.page == 2]


def test_rules_under_several_headers_on_a_page_do_not_make_each_table_one_row(tmp_path: Path) -> None:
    """Three tables, each a header with a rule under it: the rules end headers, they are not row rules."""
    doc = extract(SourceFile.read(_drawn(tmp_path, "rule-under-header", tables=3)))
    assert [(a.action, a.lead, a.rag) for a in doc.actions] == [(r[2], r[3], r[5]) for r in ROWS * 3]


def test_a_second_header_set_out_differently_starts_a_table_with_its_own_columns(tmp_path: Path) -> None:
    """Two borderless tables on one page under the same header wording, columns at other places,
    a heading line between them: each table is read in its own columns."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table as RLTable

    path = tmp_path / "two-tables.pdf"
    story = [RLTable([HEADER, *ROWS[:3]], colWidths=[40, 170, 260, 110, 90, 60]), Paragraph("Areas for development"),
             RLTable([HEADER, *ROWS[3:]], colWidths=[60, 130, 300, 140, 70, 50])]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    layout = pdf.read(SourceFile.read(path))
    assert [[[c.text for c in row] for row in t.rows] for t in layout.tables()] == [[HEADER, *ROWS[:3]],
                                                                                   [HEADER, *ROWS[3:]]]
    assert "Areas for development" in [b.text for b in layout.blocks()]


def test_group_labels_under_a_wrapped_header_cell_are_columns(tmp_path: Path) -> None:
    """"Delivery" over "Completion date" and "Lead person", printed after the wrapped line of the
    first header cell: two columns, not one."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    path = tmp_path / "grouped.pdf"
    pdf_canvas = canvas.Canvas(str(path), pagesize=landscape(A4))
    pdf_canvas.setFont("Helvetica", 9)
    xs = [40, 220, 480, 580, 700]
    top = 520
    for x, text in zip(xs, ["Ofsted recommendation / area for", "Actions", "Delivery", "", "BRAG"]):
        pdf_canvas.drawString(x, top, text)
    pdf_canvas.drawString(xs[0], top - 11, "development")
    pdf_canvas.drawString(xs[2], top - 22, "Completion date")
    pdf_canvas.drawString(xs[3], top - 22, "Lead person")
    for n, (rec, action, due, lead, rag) in enumerate([("Ensure that staff are supported.", "Audit the files",
                                                        "May 2014", "Ann Lee", "Red"),
                                                       ("Strengthen quality assurance.", "Hold a forum",
                                                        "June 2014", "Bob Hart", "Green")]):
        y = top - 50 - 30 * n
        for x, text in zip(xs, [rec, action, due, lead, rag]):
            pdf_canvas.drawString(x, y, text)
    pdf_canvas.save()
    [table] = pdf.read(SourceFile.read(path)).tables()
    assert [[c.text for c in row] for row in table.rows][1:] == [
        ["Ensure that staff are supported.", "Audit the files", "May 2014", "Ann Lee", "Red"],
        ["Strengthen quality assurance.", "Hold a forum", "June 2014", "Bob Hart", "Green"]]


def test_shaded_group_rows_are_no_row_rules_of_a_borderless_table(tmp_path: Path) -> None:
    """Bands holding one group label across a borderless table bound groups, not rows: the rows
    between two bands stay apart."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table as RLTable, TableStyle

    groups = {1: "CARE LEAVERS", 4: "MANAGEMENT OVERSIGHT"}  # the data row each label goes before
    rows, commands = [HEADER], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#BDD7EE"))]
    for n, row in enumerate(ROWS, start=1):
        if n in groups:
            commands += [("SPAN", (0, len(rows)), (-1, len(rows))),
                         ("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor("#DDEBF7"))]
            rows.append([groups[n]] + [""] * (len(HEADER) - 1))
        rows.append(row)
    path = tmp_path / "grouped.pdf"
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([RLTable(rows, style=TableStyle(commands))])
    doc = extract(SourceFile.read(path))
    assert [(a.action, a.lead, a.rag) for a in doc.actions] == [(r[2], r[3], r[5]) for r in ROWS]


def test_a_merged_cell_over_a_page_break_in_a_calc_export_is_read_once_in_its_rows(tmp_path: Path) -> None:
    """LibreOffice Calc draws no border where a merged cell goes on over a page break, and draws the
    cell's whole text on each page, clipped to the part on that page: its rows keep their
    recommendation, and the clipped copy on the next page is not read."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    from tests.support import convert_with_libreoffice

    book = Workbook()
    sheet = book.active
    thin = Side(style="thin")
    sheet.append(["Rec", "Recommendation", "Action", "Lead officer", "Target date"])
    tasks = ["Audit supervision files", "Train team managers", "Publish a supervision policy", "Survey staff",
             "Report to the board", "Review caseloads", "Hold a practice week", "Refresh the induction"]
    actions = len(tasks)
    for n, task in enumerate(tasks, start=1):
        sheet.append(["1" if n == 1 else None, "Ensure that all social workers receive regular supervision."
                      if n == 1 else None, task, f"{task.split()[-1].title()} lead", f"{n} May 2016"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=actions + 1, end_column=1)
    sheet.merge_cells(start_row=2, start_column=2, end_row=actions + 1, end_column=2)
    for row in sheet.iter_rows():
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDE", (6, 30, 60, 16, 14)):
        sheet.column_dimensions[column].width = width
    for r in range(2, actions + 2):
        sheet.row_dimensions[r].height = 90  # eight rows of 90 pt: the merged cells go on over a page break
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    book.save(tmp_path / "tracker.xlsx")
    source = SourceFile.read(convert_with_libreoffice(tmp_path / "tracker.xlsx", "pdf"))
    assert not [b.text for b in pdf.read(source).blocks() if "supervision" in b.text]  # no clipped copy
    doc = extract(source)
    assert max(a.provenance.page or 0 for a in doc.actions) >= 2
    assert [a.action for a in doc.actions] == tasks
    assert {doc.recommendations[a.recommendation_index].text for a in doc.actions} == {
        "Ensure that all social workers receive regular supervision."}


def test_a_heading_and_a_key_table_under_a_borderless_plan_are_not_its_rows(tmp_path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table as RLTable, TableStyle

    styles = getSampleStyleSheet()
    path = tmp_path / "plan-and-key.pdf"
    story = [Paragraph("Wessex Council Improvement Plan, 3 March 2016", styles["Title"]),
             RLTable([HEADER, *ROWS], style=TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1, colors.black)])),
             Spacer(0, 20), Paragraph("Key to ratings", styles["Heading2"]),
             RLTable([["RAG", "Definition"], ["Red", "Not on track"], ["Green", "On target"]],
                     style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    layout = pdf.read(SourceFile.read(path))
    plan, key = layout.tables()
    assert [[c.text for c in row] for row in plan.rows] == [HEADER, *ROWS]
    assert "Key to ratings" in [b.text for b in layout.blocks()]
    assert key.engine == "ruled" and len(key.rows) == 3


def test_a_bullet_set_close_after_the_column_before_starts_a_phrase_of_its_own() -> None:
    from extractors.readers.page_tables import Columns, _pieces
    from extractors.readers.pdf_objects import Word
    from extractors.settings import SETTINGS

    def word(text: str, x0: float, top: float = 100.0) -> Word:
        return Word(text, x0, x0 + 5.0 * len(text), top, top + 9.0, 9.0)

    line = [word("records", 60), word("clearly.", 97), word("•", 142), word("Revise", 152), word("the", 184)]
    pieces = _pieces([line], Columns([50.0, 140.0, 300.0]), SETTINGS)
    assert sorted((p.column, " ".join(w.text for w in p.words)) for p in pieces) == [
        (0, "records clearly."), (1, "• Revise the")]


def test_a_heading_over_a_reprinted_header_starts_a_table_of_its_own(tmp_path: Path) -> None:
    """Plans set out a table per timescale: a heading, then the header again. The heading stands between
    two tables (the builder dates the second's actions by it), not inside the last row above it."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table as RLTable, TableStyle

    styles = getSampleStyleSheet()
    style = TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    path = tmp_path / "per-timescale.pdf"
    story = [Paragraph("Wessex Council Improvement Plan, 3 March 2016", styles["Title"]),
             Paragraph("Within three months", styles["Heading2"]), RLTable([HEADER, *ROWS[:3]], style=style),
             Paragraph("Within six months", styles["Heading2"]), RLTable([HEADER, *ROWS[3:]], style=style)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    layout = pdf.read(SourceFile.read(path))
    assert [[c.text for c in row] for t in layout.tables() for row in t.rows[1:]] == ROWS
    assert "Within six months" in [b.text for b in layout.blocks()]
    doc = extract(SourceFile.read(path))
    assert [a.action for a in doc.actions] == [r[2] for r in ROWS]
