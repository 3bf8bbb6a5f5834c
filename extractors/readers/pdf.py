"""PDF documents: every page's words, rules and shadings read once with pdfium, turned into
tables and lines by :mod:`extractors.readers.page_tables`; pages without a text layer are read
by OCR (:mod:`extractors.readers.ocr`) into the same kind of page objects.

Every failure is an :class:`ExtractionError` naming the cause in one line: not a PDF
(and what the file looks like instead), password-protected, damaged or truncated, no pages.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from extractors.base import ExtractionError, Failure, SourceFile
from extractors.layout import Block, Layout, Table
from extractors.readers.page_tables import Columns, page_items
from extractors.readers.pdf_objects import read_page
from extractors.settings import SETTINGS, Settings

NAME = "pdf"
_MAGIC_WINDOW = 1024  # the PDF spec lets the header sit anywhere in the first 1 KB
_EOF_WINDOW = 16 * 1024  # where a complete file's last %%EOF marker must be
_ERR_PASSWORD, _ERR_SECURITY = 4, 5  # pdfium's FPDF_ERR_* codes for encryption
_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b")
_PAGE = re.compile(rb"/Type\s*/Page(?!s)\b")
_LOOKALIKES: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.I), "an HTML page saved as .pdf"),
    (re.compile(rb"^\s*<\?xml", re.I), "an XML file"),
    (re.compile(rb"^PK\x03\x04"), "a ZIP archive (a Word .docx or Excel .xlsx?)"),
    (re.compile(rb"^\xd0\xcf\x11\xe0"), "a legacy Microsoft Office file (.doc/.xls)"),
    (re.compile(rb"^\{\\rtf"), "an RTF document"),
    (re.compile(rb"^\x89PNG"), "a PNG image"),
    (re.compile(rb"^\xff\xd8\xff"), "a JPEG image"),
    (re.compile(rb"^GIF8"), "a GIF image"),
    (re.compile(rb"^\s*[\[{]"), "a JSON file"),
)


def accepts(data: bytes) -> bool:
    return b"%PDF-" in data[:_MAGIC_WINDOW]


def describe(data: bytes) -> str:
    """What a file that is not a PDF looks like, for an error message."""
    if not data.strip():
        return "an empty file"
    head = data[:_MAGIC_WINDOW]
    for pattern, what in _LOOKALIKES:
        if pattern.search(head):
            return what
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "binary data of an unknown kind"
    return "a plain text file"


def _truncated(data: bytes) -> bool:
    return b"%%EOF" not in data[-_EOF_WINDOW:]


def _load_error(exc: pdfium.PdfiumError, data: bytes) -> ExtractionError:
    """The cause of a failed load. pdfium keeps an earlier failure's code when a load fails
    without setting one (an empty page tree), so the bytes are checked too."""
    code = getattr(exc, "err_code", None)
    encrypted = b"/Encrypt" in data
    if encrypted and code == _ERR_PASSWORD:
        return ExtractionError("PDF is encrypted: it needs a password to open", Failure.PASSWORD)
    if encrypted and code == _ERR_SECURITY:
        return ExtractionError("PDF is encrypted with an unsupported security handler", Failure.PASSWORD)
    if _PAGE_TREE.search(data) and not _PAGE.search(data):
        return ExtractionError("PDF has no pages", Failure.DAMAGED_PDF)
    if _truncated(data):
        return ExtractionError("PDF is truncated or damaged: it cannot be parsed and has no end-of-file marker",
                               Failure.DAMAGED_PDF)
    if encrypted:
        return ExtractionError("PDF is encrypted and cannot be opened", Failure.PASSWORD)
    return ExtractionError("PDF is damaged: pdfium cannot parse it", Failure.DAMAGED_PDF)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """pdfium's document, or an ExtractionError naming why it cannot be read."""
    if not accepts(data):
        raise ExtractionError(f"not a PDF: the file is {describe(data)}", Failure.DAMAGED_PDF)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _load_error(exc, data) from exc
    if len(pdf) == 0:
        pdf.close()
        raise ExtractionError("PDF has no pages", Failure.DAMAGED_PDF)
    if _truncated(data):
        pdf.close()
        raise ExtractionError("PDF is truncated: no end-of-file marker (download cut short?)", Failure.DAMAGED_PDF)
    return pdf


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    try:
        meta = {key: value for key, value in pdf.get_metadata_dict().items() if value}
    except pdfium.PdfiumError:
        return {}
    created = re.match(r"D:(\d{4})(\d{2})(\d{2})", meta.get("CreationDate", ""))
    out = {"title": meta["Title"]} if meta.get("Title") else {}
    if created:
        out["created"] = "-".join(created.groups())
    return out


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    pdf = open_pdf(source.data)
    layout = Layout(source=str(source.path), sha256=source.sha256, reader=NAME, pages=len(pdf))
    try:
        carried: Columns | None = None
        scanned: list[int] = []
        pages: dict[int, list[Table | Block]] = {}
        for index in range(min(len(pdf), settings.max_pages)):
            try:
                page = read_page(pdf, index, settings)
            except pdfium.PdfiumError as exc:
                raise ExtractionError(f"PDF is damaged: page {index + 1} cannot be read", Failure.DAMAGED_PDF) from exc
            if not page.words:
                scanned.append(index)
                continue
            pages[index], carried = page_items(page, carried, settings)
        if scanned:
            from extractors.readers.ocr import ocr_pages  # OpenCV and Tesseract only for scans

            pages.update(ocr_pages(pdf, scanned, layout.warnings, settings, layout.source))
        layout.metadata = _metadata(pdf)
    finally:
        pdf.close()
    if len(layout.warnings) == 0 and layout.pages and layout.pages > settings.max_pages:
        layout.warnings.append(f"only the first {settings.max_pages} of {layout.pages} pages read")
    layout.items = [item for index in sorted(pages) for item in pages[index]]
    for number, table in enumerate(layout.tables()):
        table.index = number
    return layout
