"""What the DOCX and XLSX readers share: opening an Office (OOXML) package safely, and its core properties.

A package is checked before any library parses it, so that every way it can be unreadable (not a ZIP,
damaged, the wrong kind, a zip bomb, an XML part declaring entities: Office never writes a DTD) gives
one clear line. A password-protected file is an OLE compound file holding an ``EncryptedPackage``
stream, and an old .doc/.xls is an OLE file too: both are named as such.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from datetime import datetime

from lxml import etree

from extractors.base import ExtractionError, Failure, SourceFile
from extractors.layout import Layout
from extractors.settings import Settings

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # OLE directory entries name their streams in UTF-16
_CHUNK = 1 << 16
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_CORE = {"title": "{http://purl.org/dc/elements/1.1/}title",
         "created": "{http://purl.org/dc/terms/}created",
         "modified": "{http://purl.org/dc/terms/}modified"}


def is_encrypted(data: bytes) -> bool:
    """A password-protected OOXML file: an OLE compound file whose streams include EncryptedPackage."""
    return data.startswith(OLE_MAGIC) and _ENCRYPTED in data


def accepts(data: bytes, member: str) -> bool:
    """A ZIP holding ``member`` (its directory read only), or an encrypted Office file (read says so)."""
    if not data.startswith(ZIP_MAGIC):
        return is_encrypted(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.NameToInfo
    except (zipfile.BadZipFile, ValueError):
        return False


def package_layout(source: SourceFile, member: str, kind: str, reader: str, settings: Settings) -> Layout:
    """An empty Layout of the checked package, with its core properties."""
    archive = open_package(source.data, member, kind, settings)
    return Layout(source=str(source.path), sha256=source.sha256, reader=reader, metadata=properties(archive))


def open_package(data: bytes, member: str, kind: str, settings: Settings) -> zipfile.ZipFile:
    """The package as a ZIP, checked; ``member`` is the part a ``kind`` ("Word") document must have."""
    article = "an" if kind[:1] in "AEIOU" else "a"
    if is_encrypted(data):
        raise ExtractionError(f"password-protected {kind} file (encrypted OOXML package)", Failure.PASSWORD)
    if data.startswith(OLE_MAGIC):
        raise ExtractionError(f"legacy binary Office file (OLE compound document), not a {kind} OOXML package",
                              Failure.DAMAGED_OFFICE)
    if not data.startswith(ZIP_MAGIC):
        if not data.strip():
            raise ExtractionError("file is empty", Failure.EMPTY)
        raise ExtractionError(f"not {article} {kind} document: no ZIP package", Failure.DAMAGED_OFFICE)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ExtractionError(f"damaged or truncated ZIP package: {exc}", Failure.DAMAGED_OFFICE) from exc
    if member not in archive.NameToInfo:
        raise ExtractionError(f"not {article} {kind} document: the ZIP package has no {member}", Failure.DAMAGED_OFFICE)
    if sum(info.file_size for info in archive.infolist()) > settings.max_package_bytes:
        raise ExtractionError(f"package unpacks to more than {settings.max_package_bytes} bytes (zip bomb?)",
                              Failure.TOO_LARGE)
    budget = [settings.max_package_bytes]  # what the parts really unpack to: a damaged header may understate it
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")):
            _check_xml(archive, info, budget)
    return archive


def _check_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> None:
    """Read one XML part through (a damaged member fails here, with its name) and refuse entity declarations;
    ``budget`` holds the bytes the package may still unpack to."""
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise ExtractionError("package unpacks to more than max_package_bytes (zip bomb?)", Failure.TOO_LARGE)
                window = tail + chunk
                if any(mark in window for mark in _DECLARATIONS):
                    raise ExtractionError(f"XML part {info.filename} declares a DTD or entities (XML bomb?)",
                                          Failure.DAMAGED_OFFICE)
                tail = window[-16:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise ExtractionError(f"damaged ZIP member {info.filename}: {exc}", Failure.DAMAGED_OFFICE) from exc


def properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """Title, created and modified from docProps/core.xml, dates as ISO 8601; {} when the part is missing
    (python-docx and openpyxl would invent a title and today's date)."""
    try:
        root = etree.fromstring(archive.read("docProps/core.xml"), etree.XMLParser(resolve_entities=False))
    except (KeyError, etree.XMLSyntaxError):
        return {}
    out: dict[str, str] = {}
    for key, tag in _CORE.items():
        text = (root.findtext(tag) or "").strip()
        if text and key != "title":
            try:
                text = datetime.fromisoformat(text).isoformat()
            except ValueError:
                continue
        if text:
            out[key] = text
    return out
