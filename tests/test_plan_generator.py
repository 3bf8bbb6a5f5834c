"""The committed synthetic corpus (tests/corpus, made by tests/plan_generator): complete and well formed.

Reads only the committed files; LibreOffice, reportlab and Pillow are not needed.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from tests.plan_generator import LAYOUTS

CORPUS = Path(__file__).parent / "corpus"
DOC_SUFFIXES = {".pdf", ".docx"}
RAGS = {"red", "amber", "green", "blue", None}
PRIORITIES = {"immediate", "three_months", "six_months", "improve", None}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _documents() -> list[Path]:
    return sorted(p for p in CORPUS.glob("seed-*/*") if p.suffix in DOC_SUFFIXES)


def _golds() -> list[Path]:
    return sorted(CORPUS.glob("seed-*/*.gold.json"))


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _gold_for(doc: Path) -> dict:
    return _gold(doc.with_name(doc.stem + ".gold.json"))


def _pdf_texts(path: Path) -> list[str]:
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_corpus_is_present() -> None:
    assert len(_documents()) >= 24
    assert {p.parent.name for p in _documents()} >= {"seed-1", "seed-2", "seed-3"}


def test_every_document_has_a_gold_file_and_every_gold_file_a_document() -> None:
    for doc in _documents():
        gold_path = doc.with_name(doc.stem + ".gold.json")
        assert gold_path.exists(), doc.name
        assert _gold(gold_path)["source"] == doc.name
    for gold_path in _golds():
        assert (gold_path.parent / _gold(gold_path)["source"]).exists(), gold_path.name


def test_every_layout_appears_and_seed_1_has_two_of_each() -> None:
    layouts = Counter(_gold(p)["layout"] for p in _golds())
    assert set(layouts) == set(LAYOUTS)
    seed_1 = Counter(_gold(p)["layout"] for p in (CORPUS / "seed-1").glob("*.gold.json"))
    assert all(seed_1[layout] == 2 for layout in LAYOUTS), seed_1
    for seed in ("seed-2", "seed-3"):
        assert {_gold(p)["layout"] for p in (CORPUS / seed).glob("*.gold.json")} == set(LAYOUTS)


@pytest.mark.parametrize("gold_path", _golds(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_gold_records_are_well_formed(gold_path: Path) -> None:
    gold = _gold(gold_path)
    assert gold_path.name.startswith(gold["layout"] + "-")
    assert gold["doc_type"] == "action_plan" and gold["authority"]
    assert ISO.match(gold["document_date"])
    assert 4 <= len(gold["recommendations"]) <= 8
    assert 8 <= len(gold["actions"]) <= 30
    refs = {r["ref"] for r in gold["recommendations"]}
    assert len(refs) == len(gold["recommendations"])
    texts = {r["ref"]: r["text"] for r in gold["recommendations"]}
    assert all(r["priority"] in PRIORITIES for r in gold["recommendations"])
    for action in gold["actions"]:
        assert texts[action["recommendation_ref"]] == action["recommendation"]
        assert action["action"] and action["action"] == " ".join(action["action"].split())
        assert action["rag"] in RAGS
        assert action["deadline"] is None or ISO.match(action["deadline"])
        if action["deadline"] is not None:
            assert action["deadline_text"]
        if gold["layout"] == "docx_merged":
            assert "page" not in action
    assert {r["ref"] for r in gold["recommendations"]} == {a["recommendation_ref"] for a in gold["actions"]}


def test_authorities_are_canonical_names() -> None:
    import csv

    with (Path(__file__).parent.parent / "pipeline" / "reference" / "authorities.csv").open(encoding="utf-8") as f:
        names = {row["name"] for row in csv.DictReader(f)}
    assert {_gold(p)["authority"] for p in _golds()} <= names


def test_file_sizes_are_small() -> None:
    for doc in _documents():
        limit = 600_000 if _gold_for(doc)["layout"] == "scanned" else 300_000
        assert doc.stat().st_size < limit, doc.name


@pytest.mark.parametrize("doc", [p for p in _documents() if p.suffix == ".docx"], ids=lambda p: p.name)
def test_docx_has_merged_cells(doc: Path) -> None:
    xml = zipfile.ZipFile(doc).read("word/document.xml").decode("utf-8")
    assert "<w:vMerge" in xml and "<w:gridSpan" in xml  # merged down (recommendations) and across (headers)
    assert "<w:tblHeader" in xml
    docx = pytest.importorskip("docx")
    table = docx.Document(str(doc)).tables[0]
    tcs = table._tbl.xpath(".//w:tc")
    assert any(tc.tcPr is not None and tc.tcPr.vMerge is not None for tc in tcs)
    text = "\n".join(cell.text for row in table.rows for cell in row.cells)
    for action in _gold_for(doc)["actions"]:
        assert action["action"].split(",")[0].split(":")[0] in " ".join(text.split())


@pytest.mark.parametrize("doc", [p for p in _documents() if p.suffix == ".pdf"], ids=lambda p: p.name)
def test_pdf_text_layer(doc: Path) -> None:
    gold = _gold_for(doc)
    pages = _pdf_texts(doc)
    if gold["layout"] == "scanned":
        assert all(not t.strip() for t in pages), "a scanned PDF must have no text layer"
    else:
        text = " ".join(" ".join(pages).split())
        assert gold["actions"][0]["action"][:40] in text
    assert all(1 <= a["page"] <= len(pages) for a in gold["actions"] if "page" in a)
    assert sum("page" in a for a in gold["actions"]) == len(gold["actions"])
