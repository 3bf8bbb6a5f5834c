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
    assert gold["doc_type"] in ("action_plan", "improvement_plan") and gold["authority"]
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


# --------------------------------------------------------------------------- v2: tests/generated

GENERATED = Path(__file__).parent / "generated"
V2_SUFFIXES = {".pdf", ".docx", ".xlsx", ".html", ".md", ".txt"}
DOC_TYPES = {"action_plan", "improvement_plan", "progress_report"}
PDF_FORMATS = {"docx-pdf", "xlsx-pdf", "pdf", "scan", "committee-pdf"}
GOLD_KEYS = {"source", "authority", "doc_type", "document_date", "year", "format", "layout", "features", "notes",
             "recommendations", "actions"}
ACTION_KEYS = {"recommendation_ref", "recommendation", "action", "lead", "deadline_text", "deadline", "rag"}


def _v2_documents() -> list[Path]:
    return sorted(p for p in GENERATED.glob("*/*") if p.suffix in V2_SUFFIXES and not p.name.endswith(".gold.json"))


def _v2_golds() -> list[Path]:
    return sorted(GENERATED.glob("*/*.gold.json"))


def _v2_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_generated_seeds_have_every_format() -> None:
    from tests.plan_generator.v2.plan import FORMATS, INVARIANCE_FORMATS

    for seed in ("seed-201", "seed-202"):
        golds = [_gold(p) for p in (GENERATED / seed).glob("*.gold.json")]
        assert 14 <= len(golds) <= 20, seed
        assert {g["format"] for g in golds} == set(FORMATS), seed
    invariance = [_gold(p) for p in (GENERATED / "invariance-1").glob("*.gold.json")]
    assert sorted(g["format"] for g in invariance) == sorted(INVARIANCE_FORMATS)


def test_every_generated_document_has_gold_and_every_gold_a_document() -> None:
    assert len(_v2_documents()) >= 2 * 14 + 9
    for doc in _v2_documents():
        gold_path = doc.with_name(doc.stem + ".gold.json")
        assert gold_path.exists(), doc.name
        assert _gold(gold_path)["source"] == doc.name
    for gold_path in _v2_golds():
        assert (gold_path.parent / _gold(gold_path)["source"]).exists(), gold_path.name


@pytest.mark.parametrize("gold_path", _v2_golds(), ids=_v2_id)
def test_generated_gold_is_consistent(gold_path: Path) -> None:
    from tests.plan_generator.v2.plan import FORMATS

    gold = _gold(gold_path)
    assert set(gold) == GOLD_KEYS
    assert gold["format"] == gold["layout"] in FORMATS
    assert gold["doc_type"] in DOC_TYPES and gold["authority"]
    assert gold["document_date"] is None or ISO.match(gold["document_date"])
    assert isinstance(gold["year"], int) and 2010 <= gold["year"] <= 2025
    if gold["document_date"]:
        assert gold["year"] == int(gold["document_date"][:4])
    assert isinstance(gold["features"], dict) and gold["features"]["rag_style"]
    recs = {r["ref"]: r for r in gold["recommendations"]}
    assert len(recs) == len(gold["recommendations"]) >= 3
    assert all(r["priority"] in PRIORITIES and r["text"] for r in recs.values())
    pdf = gold["format"] in PDF_FORMATS
    for action in gold["actions"]:
        assert set(action) - {"page"} == ACTION_KEYS
        assert action["recommendation_ref"] in recs
        assert action["recommendation"] == recs[action["recommendation_ref"]]["text"]
        assert action["action"] and action["action"] == " ".join(action["action"].split())
        assert action["rag"] in RAGS
        assert action["deadline"] is None or ISO.match(action["deadline"])
        assert action["deadline"] is None or action["deadline_text"]
        assert ("page" in action) == pdf
    assert set(recs) == {a["recommendation_ref"] for a in gold["actions"]}
    if gold["format"] in ("prose", "email", "committee-pdf"):  # one action per recommendation, its own text
        assert [a["action"] for a in gold["actions"]] == [r["text"] for r in gold["recommendations"]]


def test_generated_authorities_are_canonical_and_sizes_small() -> None:
    import csv

    with (Path(__file__).parent.parent / "pipeline" / "reference" / "authorities.csv").open(encoding="utf-8") as f:
        names = {row["name"] for row in csv.DictReader(f)}
    assert {_gold(p)["authority"] for p in _v2_golds()} <= names
    for doc in _v2_documents():
        assert doc.stat().st_size < (700_000 if _gold_for(doc)["format"] == "scan" else 300_000), doc.name
    assert sum(p.stat().st_size for p in GENERATED.rglob("*") if p.is_file()) < 25_000_000


def _words(text: str) -> str:
    return " ".join(text.replace("\ufffe", "-").replace("•", " ").replace("\uf0b7", " ").split())


@pytest.mark.parametrize("doc", [p for p in _v2_documents() if p.suffix == ".pdf"], ids=_v2_id)
def test_generated_pdf_opens_and_has_text_layer_unless_scanned(doc: Path) -> None:
    gold = _gold_for(doc)
    pages = _pdf_texts(doc)
    assert all(1 <= a["page"] <= len(pages) for a in gold["actions"])
    if gold["format"] == "scan":
        assert all(not t.strip() for t in pages), "a scan must have no text layer"
        return
    words = [_words(t) for t in pages]
    for action in gold["actions"]:  # each action's first words are on its page
        assert " ".join(action["action"].split()[:3]) in words[action["page"] - 1], action["action"]


@pytest.mark.parametrize("doc", [p for p in _v2_documents() if p.suffix == ".docx"], ids=_v2_id)
def test_generated_docx_opens_with_tables_and_list_bullets(doc: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document(str(doc))
    assert document.tables
    xml = zipfile.ZipFile(doc).read("word/document.xml").decode("utf-8")
    assert "<w:tblHeader" in xml
    text = _words(" ".join(cell.text for t in document.tables for row in t.rows for cell in row.cells))
    gold = _gold_for(doc)
    for action in gold["actions"]:
        assert action["action"][:40] in text
    if gold["features"]["bullets"]:
        assert "<w:numPr>" in xml or 'w:val="ListBullet"' in xml


@pytest.mark.parametrize("doc", [p for p in _v2_documents() if p.suffix == ".xlsx"], ids=_v2_id)
def test_generated_xlsx_opens_with_a_header_row_in_rows_3_to_6(doc: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(doc)
    gold = _gold_for(doc)
    render = gold["features"]["render"]
    assert [ws.title for ws in book.worksheets] == render["sheets"]
    assert 3 <= render["header_row"] <= 6
    hidden_sheets = [ws for ws in book.worksheets if ws.sheet_state == "hidden"]
    assert bool(hidden_sheets) == render["hidden_sheet"]
    visible_text = []
    for ws in book.worksheets:
        if ws.sheet_state == "hidden":
            continue
        for row in ws.iter_rows():
            if row and ws.row_dimensions[row[0].row].hidden:
                continue
            visible_text += [str(c.value) for c in row if c.value is not None]
    text = _words(" ".join(visible_text))
    for action in gold["actions"]:
        assert action["action"][:40] in text
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for ws in book.worksheets
                   for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize("doc", [p for p in _v2_documents() if p.suffix in (".html", ".md", ".txt")], ids=_v2_id)
def test_generated_text_documents_print_their_actions(doc: Path) -> None:
    from html import unescape
    from html.parser import HTMLParser

    raw = doc.read_text(encoding="utf-8")
    gold = _gold_for(doc)
    if doc.suffix == ".html":
        class Collect(HTMLParser):
            def __init__(self) -> None:
                super().__init__()
                self.tags: set[str] = set()
                self.text: list[str] = []

            def handle_starttag(self, tag, attrs) -> None:
                self.tags.add(tag)

            def handle_data(self, data) -> None:
                self.text.append(data)

        parser = Collect()
        parser.feed(raw)
        assert {"table", "thead", "h1", "nav", "footer"} <= parser.tags
        raw = " ".join(parser.text)
    elif gold["format"] == "tab":
        assert "\t" in raw
    elif gold["format"] == "markdown":
        assert "|---" in raw
    text = _words(unescape(raw).replace("<br>", " ").replace("<li>", " ").replace("</li>", " "))
    for action in gold["actions"]:  # first words (a tab export's row broken at a page break continues later)
        assert " ".join(action["action"].split()[:5]) in text, action["action"]


def test_invariance_set_has_identical_gold_records() -> None:
    records = {}
    for gold_path in sorted((GENERATED / "invariance-1").glob("*.gold.json")):
        gold = _gold(gold_path)
        records[gold["format"]] = json.dumps(
            [gold["authority"], gold["doc_type"], gold["document_date"], gold["year"], gold["recommendations"],
             [{k: v for k, v in a.items() if k != "page"} for a in gold["actions"]]])
    assert len(records) == 9 and len(set(records.values())) == 1, sorted(records)


def test_generator_runs_through_libreoffice(tmp_path: Path) -> None:
    """A fresh seed's Word and Excel documents converted by LibreOffice (make test installs it when missing)."""
    import shutil

    from tests.plan_generator.__main__ import main

    assert shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice is needed: run make system-deps"
    assert main(["--seed", "9001", "--count", "2", "--formats", "docx-pdf,xlsx-pdf", "--out", str(tmp_path)]) == 0
    golds = sorted(tmp_path.glob("*.gold.json"))
    assert sorted(_gold(p)["format"] for p in golds) == ["docx-pdf", "xlsx-pdf"]
    for gold_path in golds:
        gold = _gold(gold_path)
        pages = _pdf_texts(tmp_path / gold["source"])
        text = _words(" ".join(pages))
        assert gold["actions"] and all(1 <= a["page"] <= len(pages) for a in gold["actions"])
        for action in gold["actions"]:
            assert " ".join(action["action"].split()[:4]) in text
            assert action["lead"] is None or action["lead"].split()[0] in text
