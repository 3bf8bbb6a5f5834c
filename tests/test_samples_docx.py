"""Word plans end to end (bytes -> docx reader -> cleanup -> builder): the corpus's merged-cell plans
against their gold, and a plan written by python-docx with merges, shading and list paragraphs."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractors.base import ExtractionError, SourceFile
from extractors.detect import extract
from pipeline.evaluation import score_actions
from pipeline.normaliser import normalise

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("seed-*/docx_merged-*.docx")), ids=lambda p: p.name)
def test_corpus_documents_match_gold(path: Path) -> None:
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    doc = normalise(extract(SourceFile.read(path))).to_json()
    score = score_actions(gold["actions"], doc["actions"])
    assert score.f1 >= 0.95
    assert all((score.accuracy(f) or 0) >= 0.9 for f in ("recommendation_ref", "recommendation", "lead", "rag"))


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _plan(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Testshire County Council")
    document.add_paragraph("Improvement Plan - last updated 3 May 2016")
    table = document.add_table(rows=5, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Recommendation", "Action", "Lead", "RAG"]):
        cell.text = text
    table.rows[1].cells[0].merge(table.rows[1].cells[3]).text = "Within three months"
    table.cell(2, 0).merge(table.cell(4, 0)).text = "Ensure plans are specific."
    rows = [("Revise the template", "Ann", "Red"), ("Train staff", "Bob", ""), ("", "", "")]
    for r, (action, lead, rag) in enumerate(rows, start=2):
        table.cell(r, 1).text, table.cell(r, 2).text, table.cell(r, 3).text = action, lead, rag
    _shade(table.cell(3, 3), "00B050")
    table.cell(4, 1).paragraphs[0].text = "Audit files"
    table.cell(4, 1).paragraphs[0].style = "List Bullet"
    table.cell(4, 1).add_paragraph("Report findings", style="List Bullet")
    path = tmp_path / "plan.docx"
    document.save(path)
    return path


def test_merged_cells_shading_and_list_items(tmp_path: Path) -> None:
    raw = extract(SourceFile.read(_plan(tmp_path)))
    assert raw.extractor == "docx"
    assert raw.authority_raw == "Testshire County Council"
    assert raw.document_date_raw in {"last updated 3 May 2016", "3 May 2016"}
    assert [(r.text, r.priority_raw) for r in raw.recommendations] == [
        ("Ensure plans are specific.", "Within three months")
    ]
    assert [(a.action, a.lead, a.rag, a.recommendation_index) for a in raw.actions] == [
        ("Revise the template", "Ann", "Red", 0),
        ("Train staff", "Bob", "#00B050", 0),
        ("Audit files", None, None, 0),
        ("Report findings", None, None, 0),
    ]
    assert raw.actions[0].provenance.engine == "docx"


def test_damaged_file_names_the_cause(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04junk")
    with pytest.raises(ExtractionError) as caught:
        extract(SourceFile.read(path))
    assert "\n" not in str(caught.value) and ("Word" in str(caught.value) or "ZIP" in str(caught.value))
