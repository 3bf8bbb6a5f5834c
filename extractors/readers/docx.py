"""Word (.docx): the body's paragraphs and tables in order, as Word draws them.

The XML is read directly (python-docx opens the package): list numbers are rendered from numbering.xml
(Word keeps them out of the text); run properties come from the run, its character style, the
paragraph style chain and the document defaults. Text boxes are read where they are anchored (the VML
fallback copy of each is skipped); hidden (``w:vanish``) text is not read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from extractors.base import ExtractionError, Failure, SourceFile
from extractors.layout import Block, Cell, Layout, Table, grid
from extractors.readers import colours, ooxml
from extractors.readers.marks import Ink, symbol
from extractors.readers.numbering import Numbering, val
from extractors.readers.common import cause, finish, integer
from extractors.settings import SETTINGS, Settings

NAME = "docx"
_MAIN = "word/document.xml"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _R = (qn(f"w:{t}") for t in ("p", "tbl", "tr", "tc", "r"))
_WRAPPERS = (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"))  # content controls: their content is read
_BREAKS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_OFF = ("0", "false", "off")
_MAX_OUTLINE = 9  # outline level 9 (w:outlineLvl 9) is body text


def accepts(data: bytes) -> bool:
    return ooxml.accepts(data, _MAIN)


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    layout = ooxml.package_layout(source, _MAIN, "Word", NAME, settings)
    try:
        document = docx.Document(io.BytesIO(source.data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, XML errors for broken packages
        raise ExtractionError(f"Word document cannot be read: {cause(exc)}", Failure.DAMAGED_OFFICE) from exc
    if document.element.body is None:
        raise ExtractionError("Word document has no body", Failure.DAMAGED_OFFICE)
    try:
        _Reader(document, settings).flow(document.element.body, layout.items)
    except (ValueError, KeyError, IndexError, etree.LxmlError) as exc:
        raise ExtractionError(f"malformed Word document: {cause(exc)}", Failure.DAMAGED_OFFICE) from exc
    return finish(layout, "Word document has no text")


def _on(node) -> bool:
    """A toggle property (w:b, w:vanish, w:tblHeader) that is present and not switched off."""
    return node is not None and node.get(qn("w:val"), "true") not in _OFF


def _related(part, reltype: str):
    """The XML of a part the document part points at (styles, numbering), or None."""
    try:
        return part.part_related_by(reltype).element
    except KeyError:
        return None


def _children(node, tag: str) -> Iterator:
    """``node``'s children with this tag, including those wrapped in content controls."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


class _Reader:
    def __init__(self, document, settings: Settings) -> None:
        self.settings = settings
        part = document.part
        styles = _related(part, RT.STYLES)
        self.styles = {} if styles is None else {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        self.default_style = next((key for key, s in self.styles.items() if s.get(qn("w:type")) == "paragraph"
                                   and s.get(qn("w:default")) in ("1", "true")), None)
        defaults = f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
        self.defaults = None if styles is None else styles.find(defaults)
        style_lists = {key: val(s.find(f"{qn('w:pPr')}/{qn('w:numPr')}"), "w:numId") for key, s in self.styles.items()}
        self.numbering = Numbering(_related(part, RT.NUMBERING), {k: v for k, v in style_lists.items() if v})

    def _chain(self, style_id: str | None) -> list:
        """The style and the styles it is based on, nearest first."""
        out: list = []
        while style_id in self.styles and self.styles[style_id] not in out:
            out.append(self.styles[style_id])
            style_id = val(out[-1], "w:basedOn")
        return out

    # ---------------------------------------------------------------- content

    def flow(self, container, items: list[Table | Block], ink: Ink | None = None) -> None:
        """Paragraphs and tables of a body, cell, text box or content control into ``items``."""
        for child in container:
            if child.tag == _P:
                self._paragraph_items(child, items, ink)
            elif child.tag == _TBL:
                table = self._table(child)
                if table.rows:
                    items.append(table)
            elif child.tag in _WRAPPERS:
                self.flow(child, items, ink)

    def _paragraph_items(self, p, items: list[Table | Block], ink: Ink | None) -> None:
        own = Ink() if ink is None else ink
        ppr = p.find(qn("w:pPr"))
        chain = self._chain(val(ppr, "w:pStyle") or self.default_style)
        text = "".join(self._run(r, chain, own) for r in p.iter(_R) if self._owns(p, r)).strip()
        listed = self._list(ppr, chain)
        label = self.numbering.label(*listed) if listed else None
        text = f"{label} {text}" if label else text
        kind, level = "heading", self._heading(ppr, chain)
        list_style = bool(chain) and (val(chain[0], "w:name") or "").lower().startswith("list")
        if not level:
            kind, level = ("item", listed[1] + 1 if listed else 1) if listed or list_style else ("paragraph", 0)
        if text.strip():
            items.append(Block(text=text, kind=kind, level=level, size=own.size, bold=own.all_bold))
        for box in p.iter(qn("w:txbxContent")):
            if self._owns(p, box) and not any(a.tag == _FALLBACK for a in box.iterancestors()):
                self.flow(box, items, ink)

    @staticmethod
    def _owns(p, node) -> bool:
        """Whether ``node`` belongs to ``p`` itself, not to a paragraph of a text box inside it."""
        return next(node.iterancestors(_P), None) is p

    def _heading(self, ppr, chain: list) -> int:
        """Heading level: from a Title or Heading N style, else the outline level; 0 for body text."""
        for style, props in [(None, ppr), *((s, s.find(qn("w:pPr"))) for s in chain)]:
            name = (val(style, "w:name") or "").lower()
            if name == "title" or name.startswith("heading ") and name[8:].isdigit():
                return int(name[8:]) if name != "title" else 1
            outline = integer(val(props, "w:outlineLvl"), -1)
            if outline >= 0:
                return outline + 1 if outline < _MAX_OUTLINE else 0
        return 0

    def _list(self, ppr, chain: list) -> tuple[str, int] | None:
        """(numId, level) of a numbered paragraph, from its own properties or its style's."""
        props = [ppr] + [s.find(qn("w:pPr")) for s in chain]
        numprs = [node.find(qn("w:numPr")) for node in props if node is not None]
        num_id, ilvl = (next(filter(None, (val(n, tag) for n in numprs)), None) for tag in ("w:numId", "w:ilvl"))
        return None if num_id in (None, "0") else (num_id, integer(ilvl, 0))

    def _run(self, r, chain: list, ink: Ink) -> str:
        rpr = r.find(qn("w:rPr"))
        props = [rpr, *(s.find(qn("w:rPr")) for s in self._chain(val(rpr, "w:rStyle"))),
                 *(s.find(qn("w:rPr")) for s in chain), self.defaults]
        props = [node for node in props if node is not None]

        def prop(tag: str):
            return next((node.find(qn(tag)) for node in props if node.find(qn(tag)) is not None), None)

        if _on(prop("w:vanish")):
            return ""
        fonts = prop("w:rFonts")
        font = None if fonts is None else fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
        parts = []
        for node in r:
            if node.tag == qn("w:t"):
                parts.append(symbol(font, node.text or ""))
            elif node.tag == qn("w:sym"):
                parts.append(symbol(node.get(qn("w:font")), chr(int(node.get(qn("w:char"), "20"), 16))))
            else:
                parts.append(_BREAKS.get(node.tag, ""))
        text = "".join(parts)
        colour, size = prop("w:color"), prop("w:sz")
        ink.add(text, _on(prop("w:b")),
                colours.ink(colours.hex6(None if colour is None else colour.get(qn("w:val"))), self.settings),
                None if size is None else integer(size.get(qn("w:val")), 0) / 2 or None)
        return text

    # ---------------------------------------------------------------- tables

    def _table(self, tbl) -> Table:
        rows: list[list[Cell | None]] = []
        above: dict[int, Cell] = {}
        header, in_header = 0, True
        for tr in _children(tbl, _TR):
            trpr = tr.find(qn("w:trPr"))
            cap = self.settings.max_sheet_columns
            row: list[Cell | None] = [None] * min(integer(val(trpr, "w:gridBefore"), 0), cap)
            for tc in _children(tr, _TC):
                tcpr = tc.find(qn("w:tcPr"))
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue"
                cell = above.get(len(row)) if continued else None
                row.extend([cell or self._cell(tc, tcpr)] * min(max(1, integer(val(tcpr, "w:gridSpan"), 1)), cap))
            above = {c: cell for c, cell in enumerate(row) if cell is not None}
            in_header = in_header and trpr is not None and _on(trpr.find(qn("w:tblHeader")))
            header += in_header
            rows.append(row)
        return Table(rows=grid(rows), engine=NAME, header_rows=header or None)

    def _cell(self, tc, tcpr) -> Cell:
        ink, items = Ink(), []
        self.flow(tc, items, ink)
        lines, glyphs = [], list(ink.glyphs)
        for item in items:
            if isinstance(item, Block):
                lines.append(item.text)
                continue
            for r in range(len(item.rows)):  # a nested table: one line a row, its cells apart by tabs
                inner = item.origins(r)
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in inner))
                glyphs.extend(g for cell in inner for g in cell.glyphs)
        shd = tcpr.find(qn("w:shd")) if tcpr is not None else None
        fill = None if shd is None else shd.get(qn("w:color" if shd.get(qn("w:val")) == "solid" else "w:fill"))
        return Cell(text="\n".join(line for line in lines if line.strip()), fill=colours.fill(colours.hex6(fill)),
                    colour=ink.colour, bold=ink.all_bold, glyphs=tuple(glyphs))
