"""Text whose table rows are delimited: tab-separated exports and markdown (pipe rows, HTML in cells).

Consecutive rows are one table; a line of plain text between two rows (a row the export printed
across the table) is a row of one cell spanning it. In cells, HTML breaks, paragraphs and list items
become lines and ``**bold**`` marks set the cell's boldness.
"""

from __future__ import annotations

import html
import re

from extractors.base import SourceFile
from extractors.layout import Block, Cell, Layout, Table, grid
from extractors.settings import SETTINGS, Settings

NAME = "delimited"
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE_ROW = re.compile(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)*+\|?\s*+$")  # possessive: linear time
_TAG = re.compile(r"<\s*(/?)\s*(\w+)[^>]*>")
_BREAKS = {"p", "br", "ul", "ol", "div", "tr"}
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^\s*+(#{1,6})\s+(.*)$")  # closing #s cut after the match: no backtracking
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+\S")
_SPLIT_PIPE = re.compile(r"(?<!\\)\|")
# A tab export prints a cell's list items on one line, the bullets lost: a run of spaces (or a bullet
# after a space) is where an item began.
_BEFORE_BULLET = re.compile(r"(?<=\S)[ \u00a0]+(?=[•▪●◦‣∙·]\s|\*(?=[A-Z]))")
_LOST_BULLET = re.compile(r"(?<![ \u00a0])[ \u00a0]{2,}+(?=\S)")  # tried at a run's start only: linear


def accepts(text: str) -> bool:
    return "\t" in text or any(_PIPE_ROW.match(line) for line in text.split("\n")[:2000])


def cell_text(raw: str) -> tuple[str, bool]:
    """A cell's text with HTML turned into lines, and whether it was all bold."""

    def tag(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if name == "li" and not match.group(1):
            return "\n• "
        return "\n" if name in _BREAKS or name == "li" else ""

    text = html.unescape(_TAG.sub(tag, raw.replace("\\|", "|")))
    plain = _ITALIC.sub(r"\1", _BOLD.sub(lambda m: m.group(1) or m.group(2), text))
    bold = plain != text and not _BOLD.sub("", text).strip(" *_\n")
    lines = [line.strip() for line in plain.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line), bold


def _cells(line: str) -> list[str] | None:
    """A table row's raw cells, or None when the line is no table row."""
    if _PIPE_ROW.match(line) and not _RULE_ROW.match(line):
        return [c.strip() for c in _SPLIT_PIPE.split(line.strip()[1:-1])]
    if "\t" in line:
        return [_LOST_BULLET.sub("\n• ", _BEFORE_BULLET.sub("\n", cell.strip())) for cell in line.split("\t")]
    return None


def _cell(raw: str, number: int, settings: Settings) -> Cell:
    """A cell as printed: one holding HTML is read by the HTML reader (its colours and dots too)."""
    if _TAG.search(raw):
        from extractors.readers import html as html_reader  # lxml only for cells that carry markup

        markup = _BOLD.sub(lambda m: f"<b>{m.group(1) or m.group(2)}</b>", raw.replace("\\|", "|"))
        cell = html_reader.fragment(_ITALIC.sub(r"\1", markup).replace("\n", "<br>"), settings)  # items cut above
        cell.line = number
        return cell
    text, bold = cell_text(raw)
    return Cell(text=text, bold=bold, line=number)


def _block(line: str, number: int) -> Block | None:
    text, bold = cell_text(line)
    if not text:
        return None
    if heading := _HEADING.match(line):
        return Block(text=cell_text(heading.group(2).rstrip().rstrip("#"))[0], kind="heading",
                     level=len(heading.group(1)), line=number, bold=True)
    return Block(text=text.replace("\n", " "), kind="item" if _LIST_ITEM.match(text) else "line", line=number,
                 bold=bold)


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    layout = Layout(source=str(source.path), sha256=source.sha256, reader=NAME)
    rows: list[tuple[list[Cell | None], bool]] = []  # a row's cells, and whether it is a plain line spanning the table
    pending: list[tuple[int, str]] = []  # plain lines after a row: rows across the table if another row follows
    header_rows: int | None = None

    def close_table() -> None:
        nonlocal header_rows
        if rows:
            width = max(len(cells) for cells, spanning in rows if not spanning)
            body = [cells * width if spanning else cells for cells, spanning in rows]
            layout.items.append(Table(rows=grid(body), index=len(layout.tables()), engine=NAME, header_rows=header_rows))
        rows.clear()
        header_rows = None

    def flush(into_table: bool) -> None:
        for number, line in pending:
            if into_table and line.strip():
                rows.append(([Cell(text=cell_text(line)[0], line=number)], True))
            elif not into_table and (block := _block(line, number)):
                layout.items.append(block)
        pending.clear()

    for number, line in enumerate(source.text.split("\n")[: settings.max_text_lines], 1):
        if _RULE_ROW.match(line) and rows:
            header_rows = len(rows)
            continue
        cells = _cells(line)
        if cells is not None:
            flush(into_table=True)
            rows.append(([_cell(raw, number, settings) for raw in cells], False))
        elif rows and line.strip() and len(pending) < settings.max_spanning_lines:
            pending.append((number, line))
        else:
            close_table()
            flush(into_table=False)
            if block := _block(line, number):
                layout.items.append(block)
    close_table()
    flush(into_table=False)
    return layout
