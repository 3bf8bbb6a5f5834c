"""PDF action plans: ruled, borderless, shaded and rowspan tables from the committed corpus."""

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors import pdf_plan
from extractors.base import ExtractionError, SourceFile
from extractors.registry import detect
from extractors.table_grid import Cell, Grid
from pipeline.evaluation import score_actions
from pipeline.normaliser import normalise

CORPUS = Path(__file__).parent / "corpus" / "seed-1"
TEXT_LAYOUTS = ["ruled_landscape", "rag_shading", "borderless", "html_rowspan"]


def _first(layout: str) -> Path:
    return min(CORPUS.glob(f"{layout}-*.pdf"))


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_layout_matches_gold(layout):
    path = _first(layout)
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    doc = normalise(pdf_plan.extract(SourceFile.read(path))).to_json()
    score = score_actions(gold["actions"], doc["actions"])
    assert score.f1 >= 0.95
    assert all((score.accuracy(f) or 0) >= 0.9 for f in ("recommendation_ref", "lead", "deadline", "rag"))
    assert doc["authority"] == gold["authority"]
    assert doc["document_date"] == gold["document_date"]


def test_provenance_names_page_and_engine():
    raw = pdf_plan.extract(SourceFile.read(_first("ruled_landscape")))
    assert {a.provenance.engine for a in raw.actions} == {"pdfplumber-lines"}
    assert max(a.provenance.page or 0 for a in raw.actions) >= 2
    borderless = pdf_plan.extract(SourceFile.read(_first("borderless")))
    assert {a.provenance.engine for a in borderless.actions} == {"pdfplumber-words"}


def test_shading_only_rag_comes_from_fill():
    raw = pdf_plan.extract(SourceFile.read(_first("rag_shading")))
    assert any(a.rag and a.rag.startswith("#") for a in raw.actions)


def test_sniff_scores_plans_high_and_other_files_zero(tmp_path):
    assert pdf_plan.sniff(SourceFile.read(_first("ruled_landscape"))) >= 0.8
    assert pdf_plan.sniff(SourceFile.read(_first("scanned"))) >= 0.3  # image-only pages
    text = tmp_path / "plan.txt"
    text.write_text("Action\tLead\tDeadline\n", encoding="utf-8")
    assert pdf_plan.sniff(SourceFile.read(text)) == 0.0


def test_not_a_pdf_names_the_cause(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_text("<html><body>oops</body></html>", encoding="utf-8")
    with pytest.raises(ExtractionError, match="not a PDF"):
        pdf_plan.extract(SourceFile.read(path))


def test_quality_score_prefers_mapped_filled_tables():
    good = Grid(rows=[[Cell("Action"), Cell("Lead"), Cell("Deadline")], [Cell("Do it"), Cell("Ann"), Cell("2014")]])
    broken = Grid(rows=[[Cell("Che"), Cell("shire"), Cell("")], [Cell("Do it lead"), Cell(""), Cell("")]])
    assert pdf_plan.grid_quality(good) > 0.9 > pdf_plan.grid_quality(broken)


def _rotated(path: Path, degrees: int) -> bytes:
    """The PDF re-saved with every page's /Rotate set: text runs sideways or upside down as displayed."""
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        page.set_rotation(degrees)
    out = io.BytesIO()
    pdf.save(out)
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


@pytest.mark.parametrize(
    ("layout", "turn"),
    [("ruled_landscape", _rotated), ("borderless", _rotated), ("rag_shading", _printed_sideways),
     ("borderless", _printed_sideways)],
)
@pytest.mark.parametrize("degrees", [90, 270])
def test_turned_pages_read_like_upright_ones(tmp_path, layout, turn, degrees):
    path = _first(layout)
    turned = tmp_path / path.name
    turned.write_bytes(turn(path, degrees))
    source = SourceFile.read(turned)
    assert pdf_plan.sniff(source) >= 0.8
    raw = pdf_plan.extract(source)
    upright = pdf_plan.extract(SourceFile.read(path))
    assert [(a.action, a.ref, a.lead, a.deadline, a.rag) for a in raw.actions] == [
        (a.action, a.ref, a.lead, a.deadline, a.rag) for a in upright.actions
    ]
    assert (raw.authority_raw, raw.document_date_raw) == (upright.authority_raw, upright.document_date_raw)


def test_upside_down_page_reads_like_upright_one(tmp_path):
    path = _first("html_rowspan")
    turned = tmp_path / path.name
    turned.write_bytes(_rotated(path, 180))
    raw = pdf_plan.extract(SourceFile.read(turned))
    assert [a.action for a in raw.actions] == [a.action for a in pdf_plan.extract(SourceFile.read(path)).actions]


def test_a_one_line_header_above_long_rows_makes_a_plan_not_a_report() -> None:
    """The title names the Ofsted inspection, and the header's three-line window runs into long rows."""
    path = CORPUS.parent / "seed-7" / "borderless-01-walsall-2019.pdf"
    assert detect(SourceFile.read(path)).name == "pdf_plan"
