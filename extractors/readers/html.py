"""HTML pages: headings, paragraphs, list items and tables in document order, as a browser shows them.

The tree is walked once into a stream of events, cut into blocks wherever a block element opens or
closes, so text mixed with nested blocks lands where a browser puts it. List items get the label the
browser draws. A table that holds other tables is page layout: its cells are read as page content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import lxml.html
from lxml import etree

from extractors.base import ExtractionError, Failure, SourceFile
from extractors.layout import Block, Cell, Glyph, Layout, Table, grid
from extractors.readers import colours, css
from extractors.readers.charset import PRESCAN, decode
from extractors.readers.common import finish, integer
from extractors.readers.marks import Ink, counter
from extractors.settings import SETTINGS, Settings

NAME = "html"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SIGNS = ("<!doctype html", "<html", "<head", "<body", "<table", "<div", "<p>", "<h1")
_DROP = {"head", "script", "style", "noscript", "template", "nav", "iframe", "object", "button", "select"}
_BLOCKS = {"html", "body", "main", "header", "footer", "section", "article", "aside", "div", "p", "pre",
           "blockquote", "address", "figure", "figcaption", "form", "fieldset", "center", "details", "summary",
           "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "hr", "caption",
           "table", "thead", "tbody", "tfoot", "tr", "td", "th"}
_BOLD_TAGS = {"b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
_BULLETS = ("•", "◦", "▪")  # disc, circle, square: what browsers draw at each depth of nested lists
_LIST_STYLES = {"1": "decimal", "a": "lowerAlpha", "A": "upperAlpha", "i": "lowerRoman", "I": "upperRoman",
                "decimal": "decimal", "lower-alpha": "lowerAlpha", "lower-latin": "lowerAlpha",
                "upper-alpha": "upperAlpha", "upper-latin": "upperAlpha", "lower-roman": "lowerRoman",
                "upper-roman": "upperRoman", "disc": "•", "circle": "◦", "square": "▪", "none": ""}


def accepts(data: bytes) -> bool:
    """Markup that starts like a web page (after any BOM), judged on its first bytes."""
    head = decode(data[:PRESCAN]).lstrip().lower()
    return head.startswith("<") and any(sign in head for sign in _SIGNS)


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    text = decode(source.data)
    if "\x00" in text:
        raise ExtractionError("binary content, not an HTML page", Failure.NOT_A_PLAN)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"HTML page cannot be parsed: {exc}", Failure.READER) from exc
    layout = Layout(source=str(source.path), sha256=source.sha256, reader=NAME)
    title = " ".join((root.findtext(".//title") or "").split())
    if title:
        layout.metadata["title"] = title
    page = _Page(css.StyleSheet("\n".join(s.text_content() for s in root.iter("style"))), layout, settings)
    layout.items = page.items(page.events(root, _Context()), None)
    return finish(layout, "HTML page has no visible text")


def fragment(markup: str, settings: Settings = SETTINGS) -> Cell:
    """One table cell's HTML (a markdown table's cell) read as this reader reads a ``<td>``: the same
    text, bullets, colours and dots."""
    try:
        td = lxml.html.fragment_fromstring(markup, create_parent="td")
    except (etree.ParserError, ValueError):
        return Cell(text=" ".join(markup.split()))
    page = _Page(css.StyleSheet(""), Layout(source="", sha256="", reader=NAME), settings)
    return page._cell(td, _Context(), None)


@dataclass
class _List:
    style: str  # a bullet to print, or a counter style
    next: int = 1


@dataclass(frozen=True)
class _Context:
    bold: bool = False
    colour: str | None = None
    pre: bool = False
    numbering: _List | None = None
    depth: int = 0  # nesting of lists


def _shown(el, style: dict[str, str]) -> bool:
    """Whether a browser draws the element: not a script, navigation or the like, not hidden."""
    return el.tag not in _DROP and el.get("hidden") is None and not css.hidden(style)


class _Page:
    def __init__(self, sheet: css.StyleSheet, layout: Layout, settings: Settings) -> None:
        self.sheet, self.layout, self.settings = sheet, layout, settings

    def _fill(self, el) -> str | None:
        return None if el is None else colours.fill(css.background(self.sheet.style(el), el.get("bgcolor")))

    def events(self, el, ctx: _Context) -> Iterator[tuple]:
        """("open", kind, level, label, line) / ("close",) / ("text", text, bold, colour) / ("glyph", g) /
        ("table", table) for ``el`` and what it holds."""
        style, tag = self.sheet.style(el), el.tag
        if not _shown(el, style):
            return
        colour = style.get("color") or el.get("color")  # the attribute: <font color>
        ctx = replace(ctx, bold=css.bold(style, ctx.bold or tag in _BOLD_TAGS), pre=ctx.pre or tag == "pre",
                      colour=colours.ink(colours.css(colour), self.settings) if colour else ctx.colour)
        if tag == "table" and el.find(".//table") is None:
            table = self._table(el, ctx)
            if table.rows:
                yield ("table", table)
            return
        if tag in ("br", "img"):  # a line break; an image's text
            yield ("text", "\n" if tag == "br" else f" {el.get('alt') or ''} ", ctx.bold, ctx.colour)
            return
        block, label, level, kind = tag in _BLOCKS, None, 0, "paragraph"
        if tag in ("ul", "ol"):
            marker = style.get("list-style-type") or el.get("type") or ("1" if tag == "ol" else "")
            default = _BULLETS[min(ctx.depth, len(_BULLETS) - 1)] if tag == "ul" else "decimal"
            ctx = replace(ctx, numbering=_List(_LIST_STYLES.get(marker, default), integer(el.get("start"), 1)),
                          depth=ctx.depth + 1)
        elif tag == "li" and ctx.numbering is not None:
            kind, level, label = "item", ctx.depth, self._label(el, ctx.numbering)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            kind, level = "heading", int(tag[1])
        if block:
            yield ("open", kind, level, label, el.sourceline)
        yield from self._text(el.text, ctx)
        for child in el:
            if isinstance(child.tag, str):
                yield from self.events(child, replace(ctx, numbering=ctx.numbering if tag in ("ul", "ol") else None)
                                       if child.tag == "li" else ctx)
            yield from self._text(child.tail, ctx)
        if (not block or tag == "div") and (dot := css.background(style)) and not el.text_content().strip():
            yield ("glyph", Glyph("dot", dot))  # an empty coloured span: a status dot drawn by CSS
        if block:
            yield ("close",)

    @staticmethod
    def _text(text: str | None, ctx: _Context) -> Iterator[tuple]:
        if text:
            yield ("text", text if ctx.pre else re.sub(r"\s+", " ", text), ctx.bold, ctx.colour)

    @staticmethod
    def _label(li, numbering: _List) -> str | None:
        if numbering.style in _BULLETS or not numbering.style:
            return numbering.style or _BULLETS[0]  # an unmarked list's item is still an item: where it begins shows
        n = integer(li.get("value"), numbering.next)
        numbering.next = n + 1
        return f"{counter(n, numbering.style)}."

    def items(self, events: Iterator[tuple], shared: Ink | None) -> list[Table | Block]:
        """The event stream cut into blocks (and tables); ``shared`` gathers a cell's ink across its blocks."""
        out: list[Table | Block] = []
        stack: list[list] = [["paragraph", 0, None, None]]
        pieces: list[str] = []
        ink = shared or Ink()
        for event in [*events, ("end",)]:
            if event[0] == "text":
                pieces.append(event[1])
                ink.add(event[1], event[2], event[3], None)
                continue
            if event[0] == "glyph":
                ink.glyphs.append(event[1])
                continue
            lines = [" ".join(line.split()) for line in "".join(pieces).split("\n")]
            text, top = "\n".join(line for line in lines if line), stack[-1]
            if text:
                text, top[2] = (f"{top[2]} {text}" if top[2] else text), None
                out.append(Block(text=text, kind=top[0], level=top[1], line=top[3], bold=ink.all_bold))
            pieces, ink = [], shared or Ink()
            if event[0] == "open":
                entry = list(event[1:])
                if top[2] and entry[0] == "paragraph":  # <li><p>: the paragraph is the item, with its label
                    entry[:3], top[2] = top[:3], None
                stack.append(entry)
            elif event[0] == "close":
                stack.pop()
            elif event[0] == "table":
                out.append(event[1])
        return out

    def _table(self, table, ctx: _Context) -> Table:
        head, body, foot = [], [], []
        caption = None
        for child in table:
            section = {"thead": head, "tfoot": foot}.get(child.tag, body)
            if child.tag == "tr":
                body.append((child, None))
            elif child.tag in ("thead", "tbody", "tfoot"):
                section.extend((tr, child) for tr in child if tr.tag == "tr")
            elif child.tag == "caption":
                caption = " ".join(child.text_content().split())
        trs = (head + body + foot)[: self.settings.max_sheet_rows]
        if len(head + body + foot) > len(trs):
            self.layout.warnings.append(f"table rows after the first {self.settings.max_sheet_rows} not read")
        slots: dict[tuple[int, int], Cell] = {}
        all_th: list[bool] = []
        for r, (tr, section) in enumerate(trs):
            row_fill = self._fill(tr) or self._fill(section)
            c, tds = 0, [td for td in tr if td.tag in ("td", "th") and _shown(td, self.sheet.style(td))]
            all_th.append(bool(tds) and all(td.tag == "th" for td in tds))
            for td in tds:
                while (r, c) in slots:
                    c += 1
                rowspan = integer(td.get("rowspan"), 1)
                rowspan = len(trs) - r if rowspan == 0 else max(1, min(rowspan, len(trs) - r))
                colspan = max(1, min(integer(td.get("colspan"), 1), self.settings.max_sheet_columns))
                cell = self._cell(td, ctx, row_fill)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        slots[r + dr, c + dc] = cell
                c += colspan
        width = min(max((c + 1 for _, c in slots), default=0), self.settings.max_sheet_columns)
        rows = grid([[slots.get((r, c)) for c in range(width)] for r in range(len(trs))])
        header = len(head) or next((i for i, th in enumerate(all_th) if not th), len(all_th))
        return Table(rows=rows, engine=NAME, header_rows=header if 0 < header < len(rows) else None,
                     name=caption or None)

    def _cell(self, td, ctx: _Context, row_fill: str | None) -> Cell:
        ink = Ink()
        blocks = self.items(self.events(td, replace(ctx, numbering=None)), ink)
        text = "\n".join(block.text for block in blocks if isinstance(block, Block))
        return Cell(text=text, fill=self._fill(td) or row_fill, colour=ink.colour, bold=ink.all_bold,
                    glyphs=tuple(ink.glyphs), line=td.sourceline)
