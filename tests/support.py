"""Paths and small helpers shared by the tests."""

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest

from extractors.base import ExtractionError, SourceFile

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


def rezip(data: bytes, member: str, content: bytes) -> bytes:
    """An Office package (or any ZIP) with one member's content replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info))
    return out.getvalue()


def encrypted(data: bytes) -> bytes:
    """An Office file password-protected as Office does it (an OLE file holding an EncryptedPackage)."""
    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def saved(document) -> bytes:
    """A python-docx Document or openpyxl Workbook as the bytes of its file."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def assert_refused(read, cases: dict[str, tuple[bytes, str]]) -> None:
    """Each input makes ``read`` raise ExtractionError with a one-line message naming the cause given."""
    for name, (data, cause) in cases.items():
        with pytest.raises(ExtractionError) as caught:
            read(data)
        message = str(caught.value)
        assert cause in message and "\n" not in message, (name, message)
