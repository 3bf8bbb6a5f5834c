"""Detection (extractors/detect.py): the bytes pick the readers, the builder's confidence picks the reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractionError, SourceFile
from extractors.detect import extract, readers_for
from tests.support import FIXTURES, RAW

CORPUS = Path(__file__).parent / "corpus"


def test_a_council_plan_with_an_inspection_title_page_is_a_plan() -> None:
    """The title names the Ofsted inspection; the plan table under a one-line header makes it a plan."""
    doc = extract(SourceFile.read(CORPUS / "seed-7" / "borderless-01-walsall-2019.pdf"))
    assert doc.doc_type != "inspection_report"
    assert doc.parse.builder == "tables" and doc.actions


@pytest.mark.parametrize("path", [RAW / "southampton-2013-post-inspection-action-plan.txt",
                                  RAW / "southwark-2013-action-plan-appendix.txt",
                                  RAW / "southampton-2021-improvement-plan.txt",
                                  *sorted(FIXTURES.glob("*_table-variant*.txt"))], ids=lambda p: p.name)
def test_text_exports_of_tables_are_read_as_tables(path: Path) -> None:
    doc = extract(SourceFile.read(path))
    assert (doc.extractor, doc.parse.builder) == ("delimited", "tables")
    assert doc.parse.candidates[0]["reader"] == "delimited"


def test_the_bytes_choose_the_readers() -> None:
    assert [r.name for r in readers_for(SourceFile.read(min((CORPUS / "seed-1").glob("scanned-*.pdf"))))] == ["pdf"]
    assert [r.name for r in readers_for(SourceFile.read(min((CORPUS / "seed-1").glob("docx_merged-*.docx"))))] == ["docx"]
    names = [r.name for r in readers_for(SourceFile.read(RAW / "southampton-2013-post-inspection-action-plan.txt"))]
    assert names[0] == "delimited" and names[-1] == "plain"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("minutes.txt", b"Minutes\n\nThe meeting\tdiscussed\tparks.\n"),
        ("notes.md", b"# Notes\n\nName\tPhone\nAna\t0123\n"),
        ("prose.txt", b"The committee met on Tuesday.\n\nIt discussed the budget and\tthe parks.\n" * 5),
        ("empty.txt", b""),
        ("image.bin", bytes(range(256)) * 8),
        ("archive.zip", b"PK\x03\x04not really"),
        ("plan.pdf", b"<html><body>oops</body></html>"),
        ("scan.pdf", b"%PDF-1.4 not really"),
    ],
)
def test_a_file_nothing_reads_gets_a_one_line_error(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ExtractionError) as caught:
        extract(SourceFile.read(path))
    message = str(caught.value)
    assert message and "\n" not in message
