"""Paths and small helpers shared by the tests."""

from pathlib import Path

from extractors.base import SourceFile

ROOT = Path(__file__).parent.parent
RAW = ROOT / "data" / "raw"
FIXTURES = ROOT / "tests" / "fixtures"
GOLD = ROOT / "tests" / "gold"


def source_from_text(tmp_path: Path, text: str, name: str = "doc.txt") -> SourceFile:
    """A real file with this text, read back as the pipeline reads files."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return SourceFile.read(path)
