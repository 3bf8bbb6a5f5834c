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


def encrypted_pdf() -> bytes:
    """A minimal PDF under the standard security handler whose empty user password does not open it.

    Nothing installed writes encrypted PDFs, so the objects and the xref are
    written by hand; /O and /U are arbitrary, which is enough for pdfium to
    ask for a password.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1, b"ab" * 16, b"ab" * 16)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
