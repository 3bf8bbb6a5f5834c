"""Paths and small helpers shared by the tests."""

import shutil
import subprocess
import tempfile
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


def convert_with_libreoffice(source: Path, target: str, infilter: str | None = None) -> Path:
    """``source`` converted by LibreOffice headless (``target`` as for --convert-to: "docx", "xlsx:Calc MS
    Excel 2007 XML"), beside it; a private profile so that runs do not share state. Files made by another
    office suite than the one the tests write with."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is needed to make the office files these tests read"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless",
                        *([f"--infilter={infilter}"] if infilter else []), "--convert-to", target,
                        "--outdir", str(source.parent), str(source)], check=True, capture_output=True, timeout=120)
    out = source.with_suffix("." + target.split(":")[0])
    assert out.exists(), f"LibreOffice did not convert {source.name} to {target}"
    return out
