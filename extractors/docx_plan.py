"""Action plans kept as Word (.docx) tables.

The table XML is read directly (python-docx's cell API hides how a cell was
merged): ``w:gridSpan`` gives a cell spanning columns (repeated as the same
Cell object over them), ``w:vMerge`` without ``restart`` a cell continuing the
one above (``merged_from_above``), ``w:tblHeader`` the header rows, ``w:shd``
the cell's fill. A paragraph with list numbering (Word's own bullets, which
are not in the text) gets a bullet mark so that list items stay apart. The
paragraphs above the first table give the title, council and dates; the grids
go through :func:`extractors.grid_records.records_from_grids`.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn

from extractors.base import ExtractionError, Extractor, SourceFile
from extractors.grid_records import describe, records_from_grids
from extractors.table_grid import Cell, Grid
from models.records import RawDocument

NAME = "docx_plan"

_FILL = re.compile(r"^[0-9A-Fa-f]{6}$")
_WHITE = "FFFFFF"


def sniff(source: SourceFile) -> float:
    """A ZIP holding word/document.xml is a Word document: every Word file here is read as a plan."""
    if not source.data.startswith(b"PK\x03\x04"):
        return 0.0
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            return 0.8 if "word/document.xml" in archive.namelist() else 0.0
    except zipfile.BadZipFile:
        return 0.0


def _paragraph_text(p) -> str:
    """A paragraph's text (a line break kept), with a bullet mark where Word numbers it as a list item."""
    text = "".join(node.text or "" if node.tag == qn("w:t") else "\n" for node in p.iter(qn("w:t"), qn("w:br")))
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    listed = ppr is not None and (ppr.find(qn("w:numPr")) is not None or "List" in (style.get(qn("w:val"), "") if style is not None else ""))
    return f"• {text}" if listed and text.strip() else text


def _cell_text(tc) -> str:
    return "\n".join(t for t in (_paragraph_text(p) for p in tc.iter(qn("w:p"))) if t.strip())


def _property(tc, name: str, attribute: str = "w:val") -> str | None:
    """An attribute of a cell property (``w:tcPr/w:<name>``); "" when the element has none, None if absent."""
    tcpr = tc.find(qn("w:tcPr"))
    node = tcpr.find(qn(name)) if tcpr is not None else None
    return None if node is None else node.get(qn(attribute), "")


def _fill(tc) -> str | None:
    fill = _property(tc, "w:shd", "w:fill")
    if not fill or not _FILL.match(fill) or fill.upper() == _WHITE:
        return None
    return fill.upper()


def _row_cells(tr) -> list[Cell]:
    """One Cell per grid column: a spanning cell repeated over its columns."""
    out: list[Cell] = []
    for tc in tr.findall(qn("w:tc")):
        vmerge = _property(tc, "w:vMerge")
        continued = vmerge is not None and vmerge != "restart"
        cell = Cell(text="" if continued else _cell_text(tc), fill=_fill(tc), merged_from_above=continued)
        span = int(_property(tc, "w:gridSpan") or 1)
        out.extend([cell] * span)
    return out


def _header_rows(rows: list) -> int | None:
    count = 0
    for tr in rows:
        trpr = tr.find(qn("w:trPr"))
        if trpr is None or trpr.find(qn("w:tblHeader")) is None:
            break
        if trpr.find(qn("w:tblHeader")).get(qn("w:val"), "true") in ("0", "false"):
            break
        count += 1
    return count or None


def _grid(tbl, index: int) -> Grid:
    trs = tbl.findall(qn("w:tr"))
    rows = [_row_cells(tr) for tr in trs]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [Cell("")] * (width - len(r)) for r in rows]
    return Grid(rows=rows, index=index, engine="docx", header_rows=_header_rows(trs))


def _open(data: bytes) -> docx.document.Document:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, BadZipFile, XML errors ...
        raise ExtractionError(f"Word document cannot be read: {exc.__class__.__name__}") from exc


def extract(source: SourceFile) -> RawDocument:
    document = _open(source.data)
    preamble: list[str] = []
    grids: list[Grid] = []
    for child in document.element.body:
        if child.tag == qn("w:tbl"):
            grids.append(_grid(child, len(grids)))
        elif child.tag == qn("w:p") and not grids:
            preamble.append(_paragraph_text(child))
    doc = RawDocument(source=str(source.path), sha256=source.sha256, extractor=NAME, doc_type="action_plan")
    describe(doc, [line for line in preamble if line.strip()])
    records_from_grids(grids, doc)
    if not doc.actions and not doc.recommendations:
        raise ExtractionError("Word document has no table with a recognisable action plan header")
    return doc


EXTRACTOR = Extractor(name=NAME, sniff=sniff, extract=extract)
