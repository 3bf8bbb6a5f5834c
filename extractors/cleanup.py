"""The one cleanup stage, Layout -> Layout: what printing added to a document, taken away.

* **Page furniture**: running headers and footers (a line recurring at the
  edges of several pages, digits masked; a line or row that only numbers the
  page) are dropped, from the prose and from inside tables.
* **Repeated headers and tables broken across pages**: a table that reprints
  the header of the plan table before it, or prints none and is as wide, with
  nothing but furniture between them, is that table continued; its rows are
  appended and its header reprints dropped, also reprints inside one table (a
  text export prints the header at every page break).
* **Rows stitched across pages**: the first row after a break whose key cells
  are empty, or whose text carries on a sentence the break cut, is joined to
  the row before the break.
* **Words cut by OCR or wrapping** within a line ("GREE N") are rejoined.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from extractors.headers import Header, find_header, repeats, row_texts
from extractors.layout import Block, Cell, Layout, Table, grid, iter_cells
from extractors.sequences import repaired
from extractors.settings import SETTINGS, Settings
from extractors.text import (DANGLING_END, PAGE_LABEL, SENTENCE_END, fold, is_cut_word, is_junk, is_page_footer,
                             makes_known_word, mask_digits)
from extractors.vocabulary import (ACTION_NUMBER, BULLET, ITEM_START, LETTER_NUMBER, is_priority_heading,
                                  labelled_recommendation)

_FOOTER_END = re.compile(r"(?:\bpage\s+\d{1,3}(?:\s+of\s+\d{1,3})?|^\d{1,3}(?:\s+of\s+\d{1,3})?|\s[|–]\s*\d{1,3})\s*$", re.I)
_REF_LIKE = re.compile(r"^\s*[A-Za-z]{0,3}\s?\d{1,2}(?:[./]\d{1,2})?[a-z]?\W{0,2}\s*$")
_BARE_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*$")
_EDGE = 2  # items at a page's top and foot checked for running headers and footers
_MAX_FURNITURE_WORDS = 15
_MAX_STATUS_WORDS = 3  # a status cell's value ("!", "Green", "On track"); longer is text spilled into it
_MAX_CARRIED_WORDS = 3  # a capitalised tail this short (OCR misreads the case) still carries a sentence on


# ---------------------------------------------------------------- furniture


def _footer_like(text: str) -> bool:
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    return bool(PAGE_LABEL.match(text)) or (bool(_FOOTER_END.search(text)) and len(words) <= _MAX_FURNITURE_WORDS)


def _item_key(item: Table | Block) -> str:
    if isinstance(item, Block):
        return mask_digits(item.text)
    return ""


def _row_key(table: Table, r: int) -> str:
    return mask_digits(" ".join(t for t in row_texts(table, r) if t))


def _running(layout: Layout) -> set[str]:
    """Masked texts printed at the top or foot of several pages (lines, or rows of a table)."""
    pages: dict[str, set[int]] = defaultdict(set)
    by_page: dict[int, list[str]] = defaultdict(list)
    for item in layout.items:
        if isinstance(item, Block) and item.page is not None:
            by_page[item.page].append(_item_key(item))
        elif isinstance(item, Table):
            for r in range(len(item.rows)):
                page = next((c.page for c in item.rows[r] if c.page is not None), None)
                if page is not None:
                    by_page[page].append(_row_key(item, r))
    for page, keys in by_page.items():
        for key in keys[:_EDGE] + keys[-_EDGE:]:
            if key:
                pages[key].add(page)
    if len(by_page) < 2:
        counts = Counter(_item_key(b) for b in layout.blocks())
        return {key for key, n in counts.items() if n >= 3 and _footer_like(key.replace("#", "1"))}
    return {key for key, seen in pages.items() if len(seen) >= max(2, min(3, len(by_page) // 2))
            and len(key.split()) <= _MAX_FURNITURE_WORDS}


def _edge_items(layout: Layout) -> set[int]:
    """Ids of the items printed at the top or foot of their page, where page numbers stand."""
    by_page: dict[int | None, list[Table | Block]] = defaultdict(list)
    for item in layout.items:
        by_page[item.page].append(item)
    return {id(item) for items in by_page.values() for item in items[:_EDGE] + items[-_EDGE:]}


def _drop_furniture(layout: Layout) -> None:
    running = _running(layout)
    edges = _edge_items(layout)
    seen: set[str] = set()  # a running header's first printing is kept: on page 1 it is the title block
    items: list[Table | Block] = []
    for item in layout.items:
        if isinstance(item, Block):
            key = _item_key(item)
            footer = _footer_like(item.text) and (id(item) in edges or item.page is None)
            if not footer and (key not in running or key not in seen):
                items.append(item)
            seen.add(key)
            continue
        header = find_header(item)
        if item.rows:
            _strip_footer_line(item.rows[-1])
        keep = [r for r in range(len(item.rows))
                if not (is_page_footer(row_texts(item, r)) or (_row_key(item, r) in running and not (
                    header and header.start <= r < header.start + header.count)))]
        if keep:
            item.rows = _subgrid(item, keep)
            items.append(item)
    layout.items = items


def _strip_footer_line(row: list[Cell]) -> None:
    """A running footer a reader took into a table's last row (its words are the row's lowest printed
    line, across the cells: "Greenwich Council ... Page 4") is taken out of the cells, which keep the rest."""
    cells = [c for i, c in enumerate(row) if (i == 0 or c is not row[i - 1]) and c.text.strip()]
    placed = [(c, c.tops) for c in cells if c.tops and len(c.tops) == len(c.text.split("\n"))]
    if not placed or len(placed) != len(cells):
        return
    lowest = max(tops[-1] for _, tops in placed)
    last = [(c, tops) for c, tops in placed if abs(tops[-1] - lowest) < 1.0]
    if len(last) == len(placed) and all(len(tops) == 1 for _, tops in last):
        return  # the row is one line: a whole footer row is dropped as such
    if not is_page_footer([c.text.split("\n")[-1] for c, _ in last]):
        return
    for cell, tops in last:
        cell.text, cell.tops = "\n".join(cell.text.split("\n")[:-1]), tops[:-1]


def _subgrid(table: Table, keep: list[int]) -> list[list[Cell]]:
    return grid([list(table.rows[r]) for r in keep])


# ---------------------------------------------------------------- continued tables


def _open(text: str) -> bool:
    """A text cell that stops mid-sentence."""
    folded = fold(text)
    return bool(folded) and not SENTENCE_END.search(folded)


def _resumes(text: str) -> bool:
    """Text carrying on a sentence: it starts in lower case, and not with an item's letter ("c) ...")."""
    text = text.strip()
    return bool(text) and not ITEM_START.match(text) and text[:1].islower()


def _goes_on(above: str, text: str) -> bool:
    """Text carrying on the cell above it: resuming in lower case, or after a line ending mid-phrase."""
    return _resumes(text) or bool(DANGLING_END.search(fold(above) or ""))


def _continues(prev: list[Cell], row: list[Cell], header: Header) -> bool:
    """A row the page break cut: its key cells empty and its text carrying on the row before."""
    rec, act = header.text_cols
    ref = header.col("ref")
    own = lambda cells, c: "" if c is None or c >= len(cells) else cells[c].text.strip()  # noqa: E731
    if ref is not None and own(row, ref) and row[ref] is not prev[ref]:
        return False
    rec_text = own(row, rec) if rec is not None and row[rec] is not prev[rec] else ""
    text, before = own(row, act), own(prev, act)
    if rec_text:  # the recommendation carries on; beside it, an action of its own with a second due date or RAG
        again = [c for c in (header.col("deadline"), header.col("rag")) if c is not None and own(row, c) and own(prev, c)
                 and not _BARE_YEAR.match(own(row, c))]  # a year alone ends the date above: "15th September / 2014"
        return _resumes(rec_text) and not (text and not _resumes(text) and again)
    if not text:
        return True  # only other cells (a lead's last line) spilled onto the new page
    content = [c for i, c in enumerate(row) if i not in (rec, act, ref) and c.text.strip()]
    if LETTER_NUMBER.match(text) and content or not content and is_priority_heading(fold(text)) \
            or labelled_recommendation(fold(text) or ""):
        return False  # a lettered action with cells of its own; a timescale group row reprinted over the page;
        # "Recommendation 4: ..." opening the page
    if _goes_on(before, text):
        return True
    if ACTION_NUMBER.match(text) or not _open(before):
        return False
    own = [c for c in (header.col("deadline"), header.col("rag")) if c is not None and c < len(row) and row[c].text.strip()]
    return not content or (rec is not None and not own)  # a sentence the break cut, with the rest of its cells


def _list_goes_on(above: str, text: str) -> bool:
    """A lower-case bullet item under a cell whose own list it carries on."""
    item = BULLET.match(text)
    return bool(item) and text[item.end():][:1].islower() and any(BULLET.match(line) for line in above.split("\n"))


def _wraps(prev: list[Cell], row: list[Cell], header: Header) -> bool:
    """A row that is the next printed line of the row above (a text export prints each line of a
    tall row as a row): no ref, only cells the row above fills, a text cell carrying on a sentence
    the row above left open (resuming in lower case, or after a line ending mid-phrase) or its list."""
    rec, act = header.text_cols
    ref = header.col("ref")
    filled = {i for i, c in enumerate(row) if c.text.strip()}
    above = {i for i, c in enumerate(prev) if c.text.strip()}
    texts = [i for i in (rec, act) if i is not None and i in filled and row[i] is not prev[i]]
    others = {id(row[i]) for i in filled} - {id(row[i]) for i in texts}
    if not texts or not filled <= above or (ref is not None and ref in filled and row[ref] is not row[texts[0]]):
        return False
    if texts == [act] and not others and _list_goes_on(prev[act].text, row[act].text):
        return True
    if act in texts and others and ITEM_START.match(row[act].text.strip()):
        return False  # a lettered action with cells of its own starts a row, whatever the recommendation beside it does
    if act in texts and rec in texts and len(others) >= 2 and not _goes_on(prev[act].text, row[act].text):
        return False  # beside a recommendation that carries on, a new action with cells of its own
    rag = header.col("rag")
    if rag is not None and rag in filled and row[rag] is not prev[rag] and prev[rag].text.strip() \
            and len(row[rag].text.split()) <= _MAX_STATUS_WORDS and not _goes_on(prev[rag].text, row[rag].text):
        return False  # a status of its own under the one above: a row of its own
    if rec is None and not others and not DANGLING_END.search(fold(prev[act].text) or ""):
        return False  # in a one-text-column plan, a row of text alone is how a recommendation is printed
    if any(_REF_LIKE.match(row[i].text) or _REF_LIKE.match(prev[i].text) for i in filled
           if row[i] is not row[texts[0]]):
        return False  # a number beside it starts a row of its own; a number cell never overflows
    return all(_open(prev[i].text) for i in texts) and any(
        _goes_on(prev[i].text, row[i].text) for i in texts)


def _stitch(prev: list[Cell], row: list[Cell]) -> None:
    """Append a cut row's cells to the row before the break."""
    for c, cell in enumerate(row):
        if c < len(prev) and cell is not prev[c] and (c == 0 or cell is not row[c - 1]):
            if cell.text.strip():
                prev[c].text = prev[c].text + "\n" + cell.text if prev[c].text.strip() else cell.text
                prev[c].tops = (prev[c].tops or ()) + (cell.tops or ())
            prev[c].fill = prev[c].fill or cell.fill
            prev[c].glyphs = prev[c].glyphs or cell.glyphs


def _words(text: str) -> set[str]:
    return {w.strip(".,:;()/?") for w in text.lower().split()} - {""}


def _spilled(rows: list[list[Cell]], header: Header) -> list[Cell] | None:
    """The lines a header reprint's cells hold below the header's own words: the start of a row the
    page break cut, which a reader printing the row under the reprint took into the header row."""
    words = _words(" ".join(header.texts))
    out = [Cell() for _ in rows[0]]
    for row in rows:
        for c, cell in enumerate(row):
            lines = cell.text.split("\n")
            own = next((i for i, line in enumerate(lines) if not _words(line) <= words), len(lines))
            if 0 < own < len(lines) and c < len(out) and not out[c].text:
                out[c] = Cell(text="\n".join(lines[own:]), tops=cell.tops[own:] if cell.tops else None,
                              page=cell.page, line=cell.line)
    return out if any(cell.text for cell in out) else None


def _append(target: Table, header: Header, fragment: list[list[Cell]], broken: bool) -> None:
    """Rows of a fragment after the target's rows; the first stitched to the last when the break cut it."""
    rows = [list(row) + [Cell() for _ in range(target.width - len(row))] for row in fragment]
    if rows and target.rows and len(target.rows) > header.start + header.count \
            and (_continues if broken else _wraps)(target.rows[-1], rows[0], header):
        _stitch(target.rows[-1], rows[0])
        rows = rows[1:]
    target.rows = grid([list(r) for r in target.rows] + rows)


def _merge_fragments(layout: Layout) -> None:
    """Join tables continued over page breaks, and drop header reprints inside tables."""
    items: list[Table | Block] = []
    plan: tuple[Table, Header] | None = None
    between = False  # a block other than furniture since the plan table
    for item in layout.items:
        if isinstance(item, Block):
            between = between or plan is not None
            items.append(item)
            continue
        header = find_header(item)
        same = plan is not None and not between and item.width == plan[0].width
        if same and header is not None and (repeats(header.texts, plan[1]) or header.fields == plan[1].fields):
            spilled = _spilled(item.rows[header.start: header.start + header.count], plan[1])
            body = _fragments(item, plan[1], header.start + header.count)
            _append(plan[0], plan[1], ([spilled] if spilled else []) + body, broken=True)
            continue
        if same and header is None:
            _append(plan[0], plan[1], _fragments(item, plan[1], 0), broken=True)
            continue
        items.append(item)
        between = False
        if header is not None:
            body = _fragments(item, header, header.start + header.count)
            item.rows = grid([list(r) for r in item.rows[: header.start + header.count]])
            _append(item, header, body, broken=False)
            plan = (item, header)
        else:
            plan = None
    layout.items = items


def _fragments(table: Table, header: Header, start: int) -> list[list[Cell]]:
    """The rows from ``start``, header reprints inside them dropped, each row after one stitched
    to the row before it when the break cut it."""
    out: list[list[Cell]] = []
    broken = False
    for r in range(start, len(table.rows)):
        if all(is_junk(c.text) for c in table.rows[r]):
            continue  # specks and stray marks read as a row
        row = list(table.rows[r])
        if repeats(row_texts(table, r), header):
            broken = True
            spilled = _spilled([row], header)
            if spilled is None:
                continue
            row = spilled
        if out and (_continues(out[-1], row, header) if broken else _wraps(out[-1], row, header)):
            _stitch(out[-1], row)
        else:
            out.append(row)
        broken = False
    return out


# ---------------------------------------------------------------- words


def _rejoin(text: str) -> str:
    """Words OCR split inside a line ("GREE N"), or a narrow cell broke over two lines ("COMPLET" /
    "E", "Septembe" / "r 2012"), joined where together they make a known word."""
    out: list[str] = []
    for line in text.split("\n"):
        tokens = line.split(" ")
        joined: list[str] = []
        first = tokens[0]
        if out and out[-1] and first and (len(first) <= 2 and is_cut_word(out[-1], first)
                                          or makes_known_word(out[-1], first)):
            joined, tokens = [out.pop() + tokens[0]], tokens[1:]
        for token in tokens:
            if joined and token and len(token) <= 2 and is_cut_word(joined[-1], token):
                joined[-1] += token
            else:
                joined.append(token)
        out.append(" ".join(joined))
    return "\n".join(out)


def _join_split_merges(table: Table, header: Header) -> None:
    """A recommendation cell merged down beside lettered actions, cut at each row by a reader that
    saw no merge (a scan): the open sentence carried on in the row below, beside the next lettered
    action, is the same cell."""
    if header.text_cols[0] is None:
        return
    rec, act = header.text_cols
    ref = header.col("ref")
    for r in range(header.start + header.count + 1, len(table.rows)):
        above, row = table.rows[r - 1], table.rows[r]
        first, rest = above[rec], row[rec]
        text = rest.text.strip()
        own_ref = row[ref].text.strip() if ref is not None and row[ref] is not above[ref] else ""
        mark = own_ref or row[act].text.strip()  # the action's letter, in a column of its own or leading it
        if first is rest or not first.text.strip() or not text or not _open(first.text) \
                or not ITEM_START.match(mark) or not (_resumes(text) or len(text.split()) <= _MAX_CARRIED_WORDS):
            continue
        first.text = first.text.rstrip() + "\n" + text
        for c, cell in enumerate(row):
            if cell is rest:
                row[c] = first
        first.rowspan += rest.rowspan


def _fill_merged_leads(table: Table, header: Header) -> None:
    """A lead printed only on the first row of every recommendation that has several rows is one cell
    merged down the recommendation (a reader that sees no merge gives it to the first row alone)."""
    (rec, act), lead = header.text_cols, header.col("lead")
    if rec is None or lead is None:
        return
    groups: list[list[list[Cell]]] = []
    for row in table.rows[header.start + header.count:]:
        action = row[act].text.strip()
        if groups and (row[rec] is groups[-1][0][rec] or not row[rec].text.strip() and action
                       and row[act] is not row[rec] and not is_priority_heading(fold(action))):
            groups[-1].append(row)  # the same recommendation, merged or left blank below its first row
        elif row[rec].text.strip() and row[lead] is not row[rec]:
            groups.append([row])
    tall = [g for g in groups if len(g) > 1]
    if len(tall) < 2 or not all(g[0][lead].text.strip() and not any(row[lead].text.strip() for row in g[1:])
                                for g in tall):
        return
    for group in tall:
        for row in group[1:]:
            row[lead] = group[0][lead]


def _repair_refs(table: Table, header: Header) -> None:
    """A ref column's misread numbers ("RS" for "R5") read again from the refs around them."""
    col = header.col("ref")
    if col is None:
        return
    cells: list[Cell] = []
    for row in table.rows[header.start + header.count:]:
        if not any(row[col] is c for c in cells[-1:] + row[:col]):  # a cell merged down or across counts once
            cells.append(row[col])
    for cell, text in zip(cells, repaired([c.text for c in cells])):
        cell.text = text


def clean(layout: Layout, settings: Settings = SETTINGS) -> Layout:
    """The layout without furniture and header reprints, broken tables and rows joined, cut words rejoined."""
    _drop_furniture(layout)
    _merge_fragments(layout)
    for table in layout.tables():
        for cell in iter_cells(table):
            cell.text = _rejoin(cell.text)
        header = find_header(table)
        if header is not None:
            _join_split_merges(table, header)
            _fill_merged_leads(table, header)
            _repair_refs(table, header)
    blocks = layout.blocks()
    for block, text in zip(blocks, repaired([b.text for b in blocks], marked=True)):
        block.text = text
    for number, table in enumerate(layout.tables()):
        table.index = number
    return layout
