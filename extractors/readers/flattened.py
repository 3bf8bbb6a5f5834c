"""Column-flattened text dumps: a table's cells written out one after another, a value to a line.

The header's cells come two spaces apart (a wrapped one carrying on below), then each row's cells in
column order, a cell's wrapped lines one to a line. An empty line ends a cell, though it also breaks
one before a line resuming in lower case or before a blank; a line of spaces is a blank the author
typed to line a cell's entries (dates, leads) up level with the actions they belong to. A page break
reprints the header after recurring furniture (page numbers, a key); the row carries on after it,
each cut column's rest in column order. Rows start at a recommendation number (in a plan numbering
none, where the row before is full); a row's chunks go to columns by the alignment scoring best (one
a column, dates under the deadline, status words under the status, bullets under the actions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from extractors.base import SourceFile
from extractors.headers import MAX_HEADER_CELL, candidates, map_headers, names_fields
from extractors.layout import Block, Cell, Layout, Table, grid
from extractors.settings import SETTINGS, Settings
from extractors.text import DANGLING_END, PAGE_LABEL, SENTENCE_END, fold, join_pieces, mask_digits
from extractors.vocabulary import ACTION_NUMBER, DEADLINE_CELL, ITEM_START, RAG_CELL, labelled_recommendation

NAME = "flattened"
_GAP = re.compile(r"\s{2,}")
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")  # a page number, when furniture recurs beside it
_ROW_NUMBER = re.compile(r"^\s*(?:[A-Za-z]{0,3}\s?\d{1,2}(?:/\d{1,2})?[a-z]?[.):]?|\(?[a-z]\)|[ivx]{1,4}[.)])(?=\s+\S|\s*$)")
_PLAIN_NUMBER = re.compile(r"\s*(\d{1,3})[.):]?\s")
_HEADER_WORDS = 6  # a header cell's words, at most; it holds no digit
_FURNITURE_REACH = 4  # lines from a page break within which recurring lines are page furniture
_REF_STEP = 3  # row numbers go up by at most this much
_TEXT_FIELDS = ("recommendation", "action", "ref")
_TYPED = ("deadline", "rag")
_SHORT = ("deadline", "rag", "lead", "ref")  # columns of short values


@dataclass
class _Chunk:
    """Lines of the dump read as one cell (or a part of one): (line number, raw line) pairs."""

    lines: list[tuple[int, str]]
    after_break: bool = False  # the first chunk after a page break

    texts = property(lambda self: [raw.strip() for _, raw in self.lines if raw.strip()])

    def entries(self, glued: bool = False) -> list[tuple[int, str]]:
        """The cell's entries, each with the line it starts on (blanks count): lines between blanks joined,
        a word cut at a line end rejoined (``glued``: the dump ends other lines with a space)."""
        out: list[tuple[int, str]] = []
        fresh, previous = True, ""
        for at, (_, raw) in enumerate(self.lines):
            if (text := raw.strip()) and (fresh or not out):
                out.append((at, text))
            elif text:
                glue = glued and not previous.endswith((" ", "-")) and raw[:1].isalpha()
                out[-1] = (out[-1][0], out[-1][1] + text if glue else join_pieces(out[-1][1], text))
            fresh, previous = not text, raw
        return out

    @cached_property
    def kind(self) -> set[str]:
        texts = [text for _, text in self.entries()]
        found = {name for name, pattern in zip(_TYPED, (DEADLINE_CELL, RAG_CELL))
                 if texts and all(pattern.match(fold(t) or "") for t in texts)}
        if texts and ITEM_START.match(texts[0]) and not _ROW_NUMBER.match(texts[0]):
            found.add("item")
        return found | ({"long"} if max(map(len, texts), default=0) > 60 else set())

    @property
    def cut(self) -> float:
        """How surely a page break (or a stray empty line) cut the chunk: mid-phrase 1, mid-sentence 0.5."""
        last = next((raw for _, raw in reversed(self.lines) if raw), "")
        if not last.strip() or SENTENCE_END.search(last) or self.kind & set(_TYPED):
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


def _furniture(lines: list[str], start: int, end: int) -> set[int]:
    """The lines where a page breaks: header reprints, page numbers and the lines recurring beside
    every break they recur at (running titles, a key)."""
    head = [line.strip() for line in lines[start:end] if line.strip()]
    where: dict[str, list[int]] = {}
    for i in range(end, len(lines)):
        if lines[i].strip() not in head + [""] and not _BARE_NUMBER.match(lines[i]):
            where.setdefault(mask_digits(lines[i]), []).append(i)
    recurring = {i for found in where.values() if len(found) > 1 for i in found}
    drop, heads, i = set(), set(), end
    while i < len(lines):
        found = [j for j in range(i, min(len(lines), i + 3 * len(head))) if lines[j].strip()][: len(head)]
        if [lines[j].strip() for j in found] == head:
            heads.update(range(i, found[-1] + 1))
            i = found[-1] + 1
            continue
        bare = _BARE_NUMBER.match(lines[i]) and recurring & set(range(i - _FURNITURE_REACH, i)) \
            and lines[i + 1:i + 2] in ([""], [])  # under a footer or a key, an empty line below (a ref has blanks)
        if "\f" in lines[i] or bare or lines[i].strip() and PAGE_LABEL.match(_pieces(lines[i])[-1]):
            drop.add(i)
        i += 1
    near = {j for b in drop | heads for j in range(b - _FURNITURE_REACH, b + _FURNITURE_REACH + 1)}
    near.update(range(len(lines) - _FURNITURE_REACH, len(lines)))
    return drop.union(heads, *(found for found in where.values() if len(found) > 1 and set(found) <= near))


def _chunks(lines: list[str], end: int, drop: set[int]) -> list[_Chunk]:
    """The body cut at the empty lines that end a cell, and at page breaks."""
    out: list[_Chunk] = []
    current, cut = [], False  # the chunk's lines; whether a page break comes before it
    for i in range(end, len(lines) + 1):
        raw = lines[i].rstrip("\r\f") if i < len(lines) else ""
        if i < len(lines) and raw == "" and i not in drop:
            following = next((lines[j] for j in range(i + 1, len(lines)) if lines[j] and j not in drop), "")
            resumes = following[:1].islower() and not (ITEM_START.match(following) or _ROW_NUMBER.match(following)
                                                        or DEADLINE_CELL.match(following))
            last = current[-1][1] if current else ""
            if last.strip() and (not following.strip() or resumes and not SENTENCE_END.search(last)):
                continue  # an empty line inside a cell: before its own blanks, or before a line resuming it
        if i in drop or raw == "" or i == len(lines):
            if any(text.strip() for _, text in current):
                out += _split_group(_Chunk(list(current), cut))
                cut = False
            current.clear()
            cut = cut or i in drop
        else:
            current.append((i + 1, raw))
    return out


def _split_group(chunk: _Chunk) -> list[_Chunk]:  # a group row, a blank, a numbered row: two chunks
    text = [k for k, (_, raw) in enumerate(chunk.lines) if raw.strip()]
    split = len(text) > 1 and text[1] > text[0] + 1 and _ROW_NUMBER.match(chunk.lines[text[1]][1]) \
        and not SENTENCE_END.search(chunk.lines[0][1]) and not _ROW_NUMBER.match(chunk.lines[text[0]][1])
    return [_Chunk(chunk.lines[: text[1]], chunk.after_break), _Chunk(chunk.lines[text[1]:])] if split else [chunk]


def _fit(chunk: _Chunk, name: str | None) -> float:
    """How well a chunk suits a column: dates and status words their own, bullets the actions."""
    kind, score = chunk.kind, 0.0
    for typed in _TYPED:
        if typed in kind:
            score += 2 if name == typed else -2 if name in _TEXT_FIELDS else 0
        elif name == typed and not kind & set(_TYPED):
            score -= 1.5 if kind & {"long", "item"} else 0.5
    if "item" in kind:
        score += 1 if name == "action" else -2 if name in _SHORT else 0
    return score - (1 if "long" in kind and name in ("ref", "lead") else 0)


def _same_list(before: _Chunk, after: _Chunk) -> bool:  # both open with one bullet: a list an empty line broke
    marks = [ITEM_START.match(c.texts[0]) if not _ROW_NUMBER.match(c.texts[0]) else None for c in (before, after)]
    return all(marks) and marks[0].group().strip() == marks[1].group().strip()


def _place(chunks: list[_Chunk], fields: list[str | None], cut: list[float] | None) -> list[int]:
    """The column of each chunk: columns never go back; a chunk may carry on the column of the one
    before (dearly, unless that one stops mid-phrase or both are items of a list); a skipped column
    costs less after a page break (``cut``: how surely it cut each column), where only cut columns go on."""
    width, (skip, tail) = len(fields), (0.2, 0.0) if cut else (1.0, 0.3)
    gain = lambda i, j: _fit(chunks[i], fields[j]) + ((2 * cut[j] - 0.5 if cut[j] else -1.0) if cut else 0.0)
    score = [[gain(0, j) - skip * j for j in range(width)]]
    back: list[list[int]] = [[-1] * width]
    for i in range(1, len(chunks)):
        merge = 0.5 if chunks[i - 1].cut == 1.0 or _same_list(chunks[i - 1], chunks[i]) else 3.0
        best = [max([(score[-1][j] - merge, j)] + [(score[-1][k] - skip * (j - k - 1), k) for k in range(j)])
                for j in range(width)]
        score.append([value + gain(i, j) for j, (value, _) in enumerate(best)])
        back.append([k for _, k in best])
    out = [max(range(width), key=lambda c: (score[-1][c] - tail * (width - 1 - c), -c))]
    for i in range(len(chunks) - 1, 0, -1):
        out.append(back[i][out[-1]])
    return out[::-1]


def _scheme(chunk: _Chunk) -> str | None:
    """How a chunk opening a row numbers it ("label", "1", "R1", "a)"), or None."""
    first = chunk.texts[0]
    token = (match := _ROW_NUMBER.match(first)) and match.group().strip()
    if ACTION_NUMBER.match(first) or chunk.kind & set(_TYPED) or not (token or labelled_recommendation(first)):
        return None
    return "label" if labelled_recommendation(first) else "1" if token[0].isdigit() else "R1" if re.search(
        r"\d", token) else "a)"


_Row = list[list[_Chunk]]  # a data row: its chunks, a segment per page


def _rows(chunks: list[_Chunk], fields: list[str | None]) -> list[_Row | _Chunk]:
    """Data rows and group rows (one line printed across the table: set in, or padded like the header).
    A row starts at a numbered chunk once the row before has half a row's chunks, its number (when
    plain) a little above the last; in a plan numbering none, once the row before is full."""
    width = len(fields)
    schemes = [found for c in chunks if (found := _scheme(c))]
    numbered = schemes[0] if len(schemes) >= 2 else None  # the first row's numbering: "P17 NI147 ..." is none
    out: list[_Row | _Chunk] = []
    row, last = None, None  # the row being read; the last row's number when plain
    for chunk in chunks:
        count, least = sum(map(len, row)) if row else 0, max(2, width // 2)
        spans = len(texts := [raw for _, raw in chunk.lines if raw.strip()]) == 1 and not SENTENCE_END.search(
            texts[0]) and (texts[0].startswith(" ") or texts[0].endswith("  "))
        at = _place(row[0], fields, None)[-1] if row and not numbered else width  # where the row has got to
        full = at == width - 1 or chunk.kind & {"long", "item"} == {"long"} and count >= least and all(
            f in _SHORT for f in fields[at + 1:])  # a recommendation-like text with only short columns left
        starts = _scheme(chunk) == numbered if numbered else full or row is None and not spans
        number = _PLAIN_NUMBER.match(chunk.texts[0] + " ")  # "42 of 67 reviewed" under row 4 is no row:
        starts = starts and not (number and last is not None and not last < int(number.group(1)) <= last + _REF_STEP)
        if starts and (row is None or count >= least):
            last = int(number.group(1)) if number else last
            row = [[chunk]]
            out.append(row)
        elif row is None or spans:
            out.append(chunk)
            row = None
        elif chunk.after_break:
            row.append([chunk])
        else:
            row[-1].append(chunk)
    return out


def _split_ref(chunk: _Chunk) -> list[_Chunk]:
    """A row's first chunk "1 The quality of ..." as its ref and its text, when the ref has its column."""
    (number, first), *rest = chunk.lines
    match = _ROW_NUMBER.match(first)
    tail = _Chunk([(number, first[match.end():].lstrip()), *rest]) if match else None
    return [_Chunk([(number, match.group().strip())]), tail] if tail and tail.texts else [chunk]


def _cells(row: _Row, fields: list[str | None], glued: bool) -> list[list[Cell]]:
    """A data row's cells: each segment's chunks placed, a column a page break cut carried on. Where the
    actions are a list beside entries lined up level with them (dates, leads), a row per action, the
    cells of one entry and those left of the actions merged down."""
    entries: list[list[tuple[int, str]]] = [[] for _ in fields]
    lines: list[int | None] = [None] * len(fields)
    last, depth, page = [None] * len(fields), [0] * len(fields), 0  # each column's last chunk, depth; the page's top
    for s, segment in enumerate(row):
        if s == 0 and fields[0] == "ref":
            segment = _split_ref(segment[0]) + segment[1:]
        cut = [c.cut if c and f != "ref" else 0.0 for c, f in zip(last, fields)] if s else None
        for chunk, col in zip(segment, _place(segment, fields, cut)):
            top = max(depth[col], page)
            found = [(top + at, text) for at, text in chunk.entries(glued)]
            if entries[col] and last[col] is not None and last[col].cut and found:
                entries[col][-1] = (entries[col][-1][0], join_pieces(entries[col][-1][1], found.pop(0)[1]))
            entries[col] += found
            lines[col], last[col], depth[col] = lines[col] or chunk.lines[0][0], chunk, top + len(chunk.lines)
        page = max(depth)
    act = fields.index("action") if "action" in fields else 0
    marks = [m.group().strip() if (m := ITEM_START.match(text)) else None for _, text in entries[act]]
    starts = [at for (at, _), mark in zip(entries[act], marks) if mark and mark == marks[0]]
    cell = lambda c, low, high: Cell(text="\n".join(t for at, t in entries[c] if low <= at < high), line=lines[c])
    shared = [cell(c, -1, 1 << 30) if c < act or len(entries[c]) < 2 or len(starts) < 2 else None
              for c in range(len(fields))]
    bounds = list(zip([-1] + starts[1:], starts[1:] + [1 << 30])) if len(starts) > 1 else [(-1, 1 << 30)]
    return [[shared[c] or cell(c, low, high) for c in range(len(fields))] for low, high in bounds]


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    layout = Layout(source=str(source.path), sha256=source.sha256, reader=NAME)
    lines = source.text.split("\n")[: settings.max_text_lines]
    start, end, texts = _header(lines) or (len(lines), len(lines), [])
    layout.items += [Block(text=line.strip(), line=n) for n, line in enumerate(lines[:start], 1) if line.strip()]
    if not texts:
        return layout
    drop, fields = _furniture(lines, start, end), map_headers(texts)
    filled = [raw for raw in lines[end:] if raw.strip()]
    glued = sum(raw.endswith(" ") for raw in filled) > len(filled) / 2  # a cut word's line ends with no space
    body: list[list[Cell | None]] = [[Cell(text=t, line=start + 1, bold=True) for t in texts]]
    for item in _rows(_chunks(lines, end, drop), fields):
        body += _cells(item, fields, glued) if isinstance(item, list) else [  # a group row spans the table
            [Cell(text=" ".join(t for _, t in item.entries(glued)), line=item.lines[0][0])] * len(texts)]
    layout.items.append(Table(rows=grid(body), engine=NAME, header_rows=1))
    head = {line.strip() for line in lines[start:end]}
    layout.items += [Block(text=lines[i].strip(), line=i + 1) for i in sorted(drop) if lines[i].strip() not in head]
    return layout
