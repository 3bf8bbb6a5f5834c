"""Reading the text of a PDF, page by page, with pypdfium2.

Shared by every PDF extractor (Ofsted reports now, PDF action plans later).
The document is opened once; text comes from pdfium's text pages, which is
fast and good enough wherever the layout (bold, columns) is not needed.

Every failure is an :class:`~extractors.base.ExtractionError` whose message is
one line naming the cause: not a PDF at all (and what it looks like instead),
password-protected, damaged or truncated, or without pages.

Text is lightly normalised: line breaks become ``\\n``, and pdfium's marker
for a hyphen that ended a line (U+FFFE, "multi\\ufffeagency") becomes an
ordinary ``-``, since in reports such hyphens belong to compound words.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.base import ExtractionError

PDF_MAGIC = b"%PDF-"
_MAGIC_WINDOW = 1024  # the PDF spec lets the header sit anywhere in the first 1 KB
_EOF_WINDOW = 16 * 1024  # where a complete file's last %%EOF marker must be
_PDFIUM_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")

# pdfium's load error codes (FPDF_ERR_*) for encryption, as in fpdfview.h
_ERR_PASSWORD, _ERR_SECURITY = 4, 5
_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b")
_PAGE = re.compile(rb"/Type\s*/Page(?!s)\b")

# What a file that is not a PDF looks like, by its first bytes.
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


@dataclass(frozen=True)
class PdfLine:
    """One text line as pdfium reads it, with the style of its first character.

    ``size`` (points) and ``weight`` (400 regular, 700 bold; 0 when unknown)
    tell headings from body text; ``x0`` tells a bullet's continuation from a
    heading at the margin.
    """

    text: str
    page: int  # 1-based
    number: int  # 1-based line number within the page's text
    x0: float = 0.0
    size: float = 0.0
    weight: int = 0

    @property
    def bold(self) -> bool:
        return self.weight >= 600


PREVIEW_PAGES = 2  # pages every PDF sniffer looks at (SourceFile.pdf_preview)


@dataclass
class PdfText:
    """The text of a PDF: one string per page (index 0 is page 1), its lines, and its metadata."""

    pages: list[str]
    page_count: int  # pages in the document, even when fewer were read
    metadata: dict[str, str] = field(default_factory=dict)
    lines: list[list[PdfLine]] = field(default_factory=list)  # per page read; blank lines left out

    @property
    def created(self) -> date | None:
        """The creation date the PDF's metadata states, if any."""
        return metadata_date(self.metadata.get("CreationDate"))


def looks_like_pdf(data: bytes) -> bool:
    """True when the bytes carry a PDF header (cheap: no parsing)."""
    return PDF_MAGIC in data[:_MAGIC_WINDOW]


def describe_non_pdf(data: bytes) -> str:
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


def read_pdf_text(data: bytes, max_pages: int | None = None) -> PdfText:
    """Open the PDF once and return the text of its pages (the first ``max_pages`` only if given).

    Raises ExtractionError with a one-line cause when the bytes are not a
    PDF, are encrypted, damaged, truncated, or have no pages.
    """
    if not looks_like_pdf(data):
        raise ExtractionError(f"not a PDF: the file is {describe_non_pdf(data)}")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(_load_error(exc, data)) from exc
    try:
        count = len(pdf)
        if count == 0:
            raise ExtractionError("PDF has no pages")
        if _truncated(data):
            raise ExtractionError("PDF is truncated: no end-of-file marker (download cut short?)")
        wanted = count if max_pages is None else min(count, max_pages)
        read = [_page_text(pdf, index) for index in range(wanted)]
        metadata = _metadata(pdf)
    finally:
        pdf.close()
    return PdfText(
        pages=[text for text, _ in read], page_count=count, metadata=metadata, lines=[lines for _, lines in read]
    )


def page_lines(text: str) -> list[str]:
    """A page's text as lines, right-stripped, blank lines kept (line numbers stay true)."""
    return [line.rstrip() for line in text.split("\n")]


def running_lines(pages: list[str], min_pages: int = 3, edge: int = 3) -> set[str]:
    """Header/footer lines: text repeated among the first or last ``edge`` lines of many pages.

    Digits are masked so that "Page 3" and "Page 4", or "11 to 15 September
    2023 2" and "... 3", count as one. Returns masked keys; test lines with
    :func:`is_running_line`.
    """
    counts: Counter[str] = Counter()
    for text in pages:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        keys = {_mask(line) for line in lines[:edge] + lines[-edge:]}
        counts.update(keys)
    needed = max(min_pages, len(pages) // 3)
    return {key for key, n in counts.items() if n >= needed and key}


def is_running_line(line: str, running: set[str]) -> bool:
    """True when ``line`` is a header/footer found by :func:`running_lines`, or a bare page number."""
    stripped = line.strip()
    return bool(stripped) and (stripped.isdigit() or _mask(stripped) in running)


def metadata_date(value: str | None) -> date | None:
    """The date of a PDF metadata timestamp such as ``D:20180611142111+01'00'``."""
    match = _PDFIUM_DATE.match(value or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def _page_text(pdf: pdfium.PdfDocument, index: int) -> tuple[str, list[PdfLine]]:
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"PDF is damaged: page {index + 1} cannot be read") from exc
    try:
        textpage = page.get_textpage()
        try:
            raw_text = textpage.get_text_range()
            lines = _styled_lines(textpage, raw_text, index + 1)
        finally:
            textpage.close()
    finally:
        page.close()
    return _clean(raw_text), lines


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-").replace("\x0c", "\n")


def _styled_lines(textpage: pdfium.PdfTextPage, raw_text: str, page: int) -> list[PdfLine]:
    """Each non-blank line with the position, size and weight of its first character."""
    lines: list[PdfLine] = []
    offset = 0
    for number, raw_line in enumerate(re.split(r"\r\n|\r|\n|\x0c", raw_text), 1):
        text = _clean(raw_line).strip()
        if text:
            first = offset + len(raw_line) - len(raw_line.lstrip())
            x0, size, weight = _char_style(textpage, first)
            lines.append(PdfLine(text=text, page=page, number=number, x0=x0, size=size, weight=weight))
        offset += len(raw_line) + (2 if raw_text.startswith("\r\n", offset + len(raw_line)) else 1)
    return lines


def _char_style(textpage: pdfium.PdfTextPage, text_index: int) -> tuple[float, float, int]:
    char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage.raw, text_index)
    if char < 0:
        return 0.0, 0.0, 0
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    x0 = left.value if pdfium_c.FPDFText_GetCharBox(textpage.raw, char, left, right, bottom, top) else 0.0
    size = float(pdfium_c.FPDFText_GetFontSize(textpage.raw, char))
    weight = int(pdfium_c.FPDFText_GetFontWeight(textpage.raw, char))
    if weight <= 0:  # standard-14 fonts report no weight: read it from the name ("Helvetica-Bold")
        name = _font_name(textpage, char)
        weight = (700 if "bold" in name.lower() else 400) if name else 0
    return round(x0, 1), round(size, 1), weight


def _font_name(textpage: pdfium.PdfTextPage, char: int) -> str:
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, char, buffer, len(buffer), flags)
    return buffer.value.decode("utf-8", "replace") if 0 < length <= len(buffer) else ""


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    try:
        return {key: value for key, value in pdf.get_metadata_dict().items() if value}
    except pdfium.PdfiumError:
        return {}


def _truncated(data: bytes) -> bool:
    return b"%%EOF" not in data[-_EOF_WINDOW:]


def _load_error(exc: pdfium.PdfiumError, data: bytes) -> str:
    """The cause of a failed load. pdfium's error code is kept from an earlier failure when a load fails
    without setting one (an empty page tree), so the bytes are checked too."""
    code = getattr(exc, "err_code", None)
    encrypted = b"/Encrypt" in data
    if encrypted and code == _ERR_PASSWORD:
        return "PDF is encrypted: it needs a password to open"
    if encrypted and code == _ERR_SECURITY:
        return "PDF is encrypted with an unsupported security handler"
    if _PAGE_TREE.search(data) and not _PAGE.search(data):
        return "PDF has no pages"
    if _truncated(data):
        return "PDF is truncated or damaged: it cannot be parsed and has no end-of-file marker"
    if encrypted:
        return "PDF is encrypted and cannot be opened"
    return "PDF is damaged: pdfium cannot parse it"
