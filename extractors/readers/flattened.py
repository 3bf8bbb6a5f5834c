"""Column-flattened text dumps: a table's cells written out one after another, a value to a line.

What such a dump keeps of the grid: the header's cells (several to a line, two spaces apart, a
wrapped header cell carrying on below), then each row's cells in column order, a cell's wrapped
lines one to a line. An empty line ends a cell, though it also breaks one before a line resuming
in lower case or before a blank line; a line of spaces is a blank the author typed in the cell,
lining its entries (dates, leads) up beside the actions they belong to, so it separates entries.
A page break reprints the header after recurring furniture (page numbers, a key), and the row
carries on after it, the rest of each cut column in column order.

Rows start at a block opening with a recommendation number (or, in a plan numbering none, after a
row's worth of blocks). A row's blocks are placed in columns by the alignment scoring best: one
block a column, dates under the deadline, status words under the status, bullets under the actions.
A one-line block printed across the table (indented, or padded like the header) between rows is a
group row spanning the grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.base import SourceFile
from extractors.headers import MAX_HEADER_CELL, candidates, map_headers, names_fields
from extractors.layout import Block, Cell, Layout, Table, grid
from extractors.settings import SETTINGS, Settings
from extractors.text import DANGLING_END, PAGE_LABEL, SENTENCE_END, fold, join_pieces, mask_digits
from extractors.vocabulary import (
    ACTION_NUMBER,
    DEADLINE_CELL,
    ITEM_START,
    RAG_CELL,
    labelled_recommendation,
)

NAME = "flattened"
_GAP = re.compile(r"\s{2,}")
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")  # a page number, when furniture recurs beside it
_ROW_NUMBER = re.compile(r"^\s*(?:[A-Za-z]{0,3}\s?\d{1,2}(?:/\d{1,2})?[a-z]?[.):]?|\(?[a-z]\)|[ivx]{1,4}[.)])(?=\s+\S)")
_HEADER_WORDS = 6  # a header cell's words, at most; it holds no digit
_FURNITURE_REACH = 4  # lines from a page break within which recurring lines are page furniture
_TEXT_FIELDS = ("recommendation", "action", "ref")
_REF_STEP = 3  # row numbers go up by at most this much


@dataclass
class _Chunk:
    """Lines of the dump read as one cell (or a part of one): (line number, raw line) pairs."""

    lines: list[tuple[int, str]]
    after_break: bool = False  # the first chunk after a page break

    @property
    def texts(self) -> list[str]:
        return [raw.strip() for _, raw in self.lines if raw.strip()]

    def entries(self, glued: bool) -> list[str]:
        """The cell's entries: lines between blanks joined, a word cut at a line end rejoined."""
        out: list[str] = []
        fresh = True
        previous = ""
        for _, raw in self.lines:
            if not raw:
                continue
            if not raw.strip():
                fresh = True
                continue
            if fresh or not out:
                out.append(raw.strip())
            elif glued and not previous.endswith((" ", "-")) and raw[:1].isalpha():
                out[-1] += raw.strip()
            else:
                out[-1] = join_pieces(out[-1], raw.strip())
            fresh, previous = False, raw
        return out

    @property
    def cut(self) -> float:
        """How surely the chunk stops short: mid-phrase (1), mid-sentence with no blank after it (0.5),
        or not (0): a page break (or a stray empty line) cut it."""
        last = next((raw for _, raw in reversed(self.lines) if raw), "")
        if not last.strip() or SENTENCE_END.search(last) or _kind(self) & {"deadline", "rag"}:
            return 0.0
        return 1.0 if DANGLING_END.search(last) else 0.5


def _pieces(line: str) -> list[str]:
    return [p for p in _GAP.split(line.strip()) if p]


def _header(lines: list[str], limit: int = 400) -> tuple[int, int, list[str]] | None:
    """(first line, line after it, column texts) of the table's header: a line of short cells, most
    naming a field, then paragraphs that add a column or (wrapped) carry the last one on."""
    short = lambda pieces: all(len(p.split()) <= _HEADER_WORDS and not re.search(r"\d", p) for p in pieces)
    for start, line in enumerate(lines[:limit]):
        pieces = _pieces(line)
        if len(pieces) < 2 or "\t" in line or "|" in line or not short(pieces) \
                or 2 * sum(bool(candidates(p)) for p in pieces) < len(pieces):
            continue
        texts: list[str] = []
        i = end = start
        while i < len(lines):
            if not lines[i].strip():
                i += 1
                continue
            para = [lines[i]]
            while i + len(para) < len(lines) and lines[i + len(para)].strip():
                para.append(lines[i + len(para)])
            first = _pieces(para[0])
            if not short(first) or any(len(_pieces(p)) > 1 for p in para[1:]):
                break
            new = first[:-1] + [" ".join([first[-1]] + [p.strip() for p in para[1:]])]
            if texts and len(first) == 1 and (DANGLING_END.search(texts[-1])
                                             or not set(candidates(new[0])) - set(map_headers(texts))):
                if names_fields(texts) and not DANGLING_END.search(texts[-1]):
                    break  # a group row under a whole header ("Immediate action")
                texts[-1] += " " + new[0]
            else:
                texts += new
            i = end = i + len(para)
        if names_fields(texts) and all(len(t) <= MAX_HEADER_CELL for t in texts):
            return start, end, texts
    return None


def accepts(text: str) -> bool:
    return _header(text.split("\n")) is not None


def _furniture(lines: list[str], start: int, end: int) -> tuple[set[int], set[int]]:
    """(lines to drop, lines where a page breaks): header reprints, page numbers and the lines
    recurring near them (running titles, a key)."""
    head = [line.strip() for line in lines[start:end] if line.strip()]
    where: dict[str, list[int]] = {}
    for i in range(end, len(lines)):
        if lines[i].strip() and not _BARE_NUMBER.match(lines[i]):
            where.setdefault(mask_digits(lines[i]), []).append(i)
    recurring = {i for found in where.values() if len(found) > 1 for i in found}
    drop: set[int] = set()
    breaks: set[int] = set()
    i = end
    while i < len(lines):
        if lines[i].strip() == head[0]:
            found = [j for j in range(i, min(len(lines), i + 3 * len(head))) if lines[j].strip()][: len(head)]
            if [lines[j].strip() for j in found] == head:
                drop.update(range(i, found[-1] + 1))
                breaks.add(i)
                i = found[-1] + 1
                continue
        bare = _BARE_NUMBER.match(lines[i]) and recurring & set(range(i - _FURNITURE_REACH, i + _FURNITURE_REACH))
        if "\f" in lines[i] or PAGE_LABEL.match(_pieces(lines[i])[-1] if lines[i].strip() else "x") or bare:
            drop.add(i)
            breaks.add(i)
        i += 1
    marks = sorted(breaks)
    for found in where.values():  # a line recurring beside every page break it recurs at
        if len(found) > 1 and all(any(abs(i - b) <= _FURNITURE_REACH for b in marks)
                                  or i >= len(lines) - _FURNITURE_REACH for i in found):
            drop.update(found)
            breaks.update(found)
    return drop, breaks


def _chunks(lines: list[str], end: int, drop: set[int], breaks: set[int]) -> list[_Chunk]:
    """The body cut at empty lines that end a cell, and at page breaks."""
    out: list[_Chunk] = []
    current: list[tuple[int, str]] = []
    cut = False

    def close() -> None:
        nonlocal cut
        if any(raw.strip() for _, raw in current):
            out.append(_Chunk(list(current), cut))
            cut = False
        current.clear()

    for i in range(end, len(lines)):
        raw = lines[i].rstrip("\r\f")
        if i in drop:
            if i in breaks:
                close()
                cut = True
            continue
        if not raw:
            following = next((lines[j] for j in range(i + 1, len(lines)) if lines[j] and j not in drop), "")
            resumes = following[:1].islower() and not (ITEM_START.match(following) or _ROW_NUMBER.match(following)
                                                        or DEADLINE_CELL.match(following))
            padded = bool(current) and not current[-1][1].strip()  # blanks closed the cell: the next may open with some
            resumes = resumes and not (current and SENTENCE_END.search(current[-1][1]))
            if padded or following.strip() and not resumes:
                close()
                continue
        current.append((i + 1, raw))
    close()
    return [part for chunk in out for part in _split_group(chunk)]


def _split_group(chunk: _Chunk) -> list[_Chunk]:
    """A group row printed across the table, a blank, then a numbered row with no empty line between:
    two chunks."""
    text = [k for k, (_, raw) in enumerate(chunk.lines) if raw.strip()]
    if len(text) > 1 and text[1] > text[0] + 1 and _ROW_NUMBER.match(chunk.lines[text[1]][1]) \
            and not SENTENCE_END.search(chunk.lines[0][1]) and not _ROW_NUMBER.match(chunk.lines[text[0]][1]):
        return [_Chunk(chunk.lines[: text[1]], chunk.after_break), _Chunk(chunk.lines[text[1]:])]
    return [chunk]


def _kind(chunk: _Chunk) -> set[str]:
    texts = chunk.entries(False)
    found = set()
    if texts and all(DEADLINE_CELL.match(fold(t) or "") for t in texts):
        found.add("deadline")
    if texts and all(RAG_CELL.match(fold(t) or "") for t in texts):
        found.add("rag")
    if texts and ITEM_START.match(texts[0]) and not _ROW_NUMBER.match(texts[0]):
        found.add("item")
    if max(map(len, texts), default=0) > 60:
        found.add("long")
    return found


def _fit(chunk: _Chunk, name: str | None) -> float:
    kind = _kind(chunk)
    score = 0.0
    for typed in ("deadline", "rag"):
        if typed in kind:
            score += 2 if name == typed else -2 if name in _TEXT_FIELDS else 0
        elif name == typed and not kind & {"deadline", "rag"}:
            score -= 1.5 if "long" in kind or "item" in kind else 0.5
    if "item" in kind:
        score += 1 if name == "action" else -2 if name in ("deadline", "rag", "ref", "lead") else 0
    if "long" in kind and name in ("ref", "lead"):
        score -= 1
    return score


def _same_list(before: _Chunk, after: _Chunk) -> bool:
    """Both chunks open with the same bullet: one list an empty line broke."""
    marks = [ITEM_START.match(c.texts[0]) if c.texts else None for c in (before, after)]
    return all(marks) and marks[0].group().strip() == marks[1].group().strip() and not any(
        _ROW_NUMBER.match(c.texts[0]) for c in (before, after))


def _place(chunks: list[_Chunk], fields: list[str | None], cut: list[float] | None) -> list[int]:
    """The column of each chunk: columns never go back; a chunk may carry on the column of the one
    before (at a cost, unless it resumes a cut sentence); a skipped column costs less after a page
    break (``cut``: which columns the break cut), where only the cut columns carry on."""
    width = len(fields)
    skip, tail = (0.2, 0.0) if cut else (1.0, 0.3)

    def gain(i: int, j: int) -> float:
        bonus = (2 * cut[j] - 0.5 if cut[j] else -1.0) if cut else 0.0
        return _fit(chunks[i], fields[j]) + bonus

    score = [[gain(0, j) - skip * j for j in range(width)]]
    back: list[list[int]] = [[-1] * width]
    for i in range(1, len(chunks)):
        merge = 0.5 if chunks[i - 1].cut == 1.0 or _same_list(chunks[i - 1], chunks[i]) else 3.0
        row, came = [], []
        for j in range(width):
            options = [(score[-1][j] - merge, j)] + [(score[-1][k] - skip * (j - k - 1), k) for k in range(j)]
            best, k = max(options)
            row.append(best + gain(i, j))
            came.append(k)
        score.append(row)
        back.append(came)
    j = max(range(width), key=lambda c: (score[-1][c] - tail * (width - 1 - c), -c))
    out = [j]
    for i in range(len(chunks) - 1, 0, -1):
        j = back[i][j]
        out.append(j)
    return out[::-1]


def _starts_row(chunk: _Chunk) -> bool:
    first = chunk.texts[0] if chunk.texts else ""
    if ACTION_NUMBER.match(first) or _kind(chunk) & {"deadline", "rag"}:
        return False
    return bool(labelled_recommendation(first) or _ROW_NUMBER.match(first))


def _spans(chunk: _Chunk) -> bool:
    """A group row: one line printed across the table (set in from the margin, or padded like the header)."""
    lines = [raw for _, raw in chunk.lines if raw.strip()]
    return len(lines) == 1 and (lines[0].startswith(" ") or lines[0].endswith("  ")) \
        and not SENTENCE_END.search(lines[0])


@dataclass
class _Row:
    segments: list[list[_Chunk]] = field(default_factory=list)

    def count(self) -> int:
        return sum(map(len, self.segments))


def _rows(chunks: list[_Chunk], width: int) -> list[_Row | _Chunk]:
    """Data rows (their chunks, a segment per page) and group rows (a chunk), in order."""
    numbered = sum(_starts_row(c) for c in chunks) >= 2
    least = max(2, width // 2)
    out: list[_Row | _Chunk] = []
    row: _Row | None = None
    last: int | None = None  # the number of the last row, when a plain number
    for chunk in chunks:
        count = row.count() if row else 0
        starts = _starts_row(chunk) if numbered else count >= width - 1
        number = re.match(r"\s*(\d{1,3})[.):]?\s", chunk.texts[0] + " ")
        if number and last is not None and not last < int(number.group(1)) <= last + _REF_STEP:
            starts = False  # "42 of 67 reviewed" under row 4 is no row
        if starts and (row is None or count >= least):
            last = int(number.group(1)) if number else last
            row = _Row([[chunk]])
            out.append(row)
        elif row is None or _spans(chunk):
            out.append(chunk)
            row = None
        elif chunk.after_break:
            row.segments.append([chunk])
        else:
            row.segments[-1].append(chunk)
    return out


def _split_ref(chunk: _Chunk) -> list[_Chunk]:
    """A row's first chunk "1 The quality of ..." as its ref and its text, when the ref has its column."""
    (number, first), *rest = [(n, raw) for n, raw in chunk.lines]
    match = _ROW_NUMBER.match(first) if first.strip() else None
    if not match:
        return [chunk]
    return [_Chunk([(number, match.group().strip())]), _Chunk([(number, first[match.end():].lstrip())] + rest)]


def _cells(row: _Row, fields: list[str | None], glued: bool) -> list[Cell]:
    entries: list[list[str]] = [[] for _ in fields]
    lines: list[int | None] = [None] * len(fields)
    last: list[_Chunk | None] = [None] * len(fields)
    for s, segment in enumerate(row.segments):
        if s == 0 and fields[0] == "ref":
            segment = _split_ref(segment[0]) + segment[1:]
        cut = [c.cut if c and f != "ref" else 0.0 for c, f in zip(last, fields)] if s else None
        for chunk, col in zip(segment, _place(segment, fields, cut)):
            found = chunk.entries(glued)
            if entries[col] and last[col] is not None and last[col].cut and found:
                entries[col][-1] = join_pieces(entries[col][-1], found.pop(0))
            entries[col] += found
            lines[col] = lines[col] or chunk.lines[0][0]
            last[col] = chunk
    return [Cell(text="\n".join(e), line=n) for e, n in zip(entries, lines)]


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    layout = Layout(source=str(source.path), sha256=source.sha256, reader=NAME)
    lines = source.text.split("\n")[: settings.max_text_lines]
    found = _header(lines)
    start, end, texts = found if found else (len(lines), len(lines), [])
    for number, line in enumerate(lines[:start], 1):
        if line.strip():
            layout.items.append(Block(text=line.strip(), line=number))
    if not texts:
        return layout
    drop, breaks = _furniture(lines, start, end)
    fields = map_headers(texts)
    text_lines = [raw for raw in lines[end:] if raw.strip()]
    glued = sum(raw.endswith(" ") for raw in text_lines) > len(text_lines) / 2  # lines end in a space unless a word is cut
    body: list[list[Cell | None]] = [[Cell(text=t, line=start + 1, bold=True) for t in texts]]
    for item in _rows(_chunks(lines, end, drop, breaks), len(texts)):
        if isinstance(item, _Row):
            body.append(list(_cells(item, fields, glued)))
        else:
            span = Cell(text=" ".join(item.entries(glued)), line=item.lines[0][0])
            body.append([span] * len(texts))
    layout.items.append(Table(rows=grid(body), engine=NAME, header_rows=1))
    for i in sorted(drop):
        if lines[i].strip() and i not in range(start, end):
            layout.items.append(Block(text=lines[i].strip(), line=i + 1))
    return layout
