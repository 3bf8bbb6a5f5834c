"""Plain-text renderings: a tab-separated Word-table export, markdown, a committee report, an email."""

from __future__ import annotations

import random
import textwrap
from datetime import timedelta
from pathlib import Path

from .blocks import (
    Block,
    Cell,
    Heading,
    ListBlock,
    PageBreak,
    Row,
    Table,
    Text,
    group_labels,
    plan_blocks,
    rec_text,
    report_blocks,
)
from .dates import long_date
from .plan import Plan

# --------------------------------------------------------------------------- tab-separated export


def _tab_cell(cell: Cell, joiner: str) -> str:
    parts = cell.lines()
    if joiner == " • ":  # bullets run together: "Intro: • a • b"
        out = ""
        for p in parts:
            out += (p if not out else (" " + p if p.startswith("• ") else "  " + p))
        return out
    return joiner.join(parts)


class _TabWriter:
    """Prints blocks as a text export of a Word document; tables one row a line, page furniture every ~15 rows."""

    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan, self.rng = plan, rng
        self.lines: list[str] = []
        self.page = 1
        self.rows_on_page = 0.0  # table rows; a line outside a table counts a third
        self.page_rows = rng.randint(12, 18)
        self.joiner = rng.choice(["  ", " • "])
        self.group_tabs = rng.random() < 0.6   # group rows keep their empty cells' tabs
        self.footer = f"{plan.printed_council} {rng.choice(['Improvement Plan', 'Action Plan', plan.title])}"
        self.splits = 0

    def footer_line(self) -> None:
        self.lines += ["", f"{self.footer}  Page {self.page}", ""]
        self.page += 1
        self.rows_on_page = 0

    def row_line(self, row: Row) -> str:
        if row.kind in ("group", "rec") and not self.group_tabs:
            return _tab_cell(row.cells[0], self.joiner)
        return "\t".join("" if c.covered else _tab_cell(c, self.joiner) for c in row.cells)

    def table(self, table: Table) -> None:
        header = [self.row_line(r) for r in table.header]
        if self.rows_on_page + 2 > self.page_rows:
            self.footer_line()
        self.lines += header
        for row in table.rows:
            if self.rows_on_page >= self.page_rows:
                split = row.kind == "action" and self._splittable(row, table) and self.rng.random() < 0.5
                if split:
                    self._split(row, table, header)
                    continue
                self.footer_line()
                self.lines += header
            self.lines.append(self.row_line(row))
            self.rows_on_page += 1

    def _splittable(self, row: Row, table: Table) -> bool:
        return len(row.cells[table.fields.index("action")].paras) >= 2

    def _split(self, row: Row, table: Table, header: list[str]) -> None:
        """The row's first line on this page; the rest of its cells after the footer and reprinted header."""
        col = table.fields.index("action")
        paras = row.cells[col].paras
        k = self.rng.randint(1, len(paras) - 1)
        first = [Cell(c.paras) for c in row.cells]
        rest = [Cell() for _ in row.cells]
        first[col], rest[col] = Cell(paras[:k]), Cell(paras[k:])
        if self.rng.random() < 0.5:  # the short cells carry on below instead
            for i, f in enumerate(table.fields):
                if f not in ("ref", "rec", "action", "num"):
                    first[i], rest[i] = Cell(), Cell(row.cells[i].paras)
        for i, c in enumerate(row.cells):
            if c.covered:
                first[i] = Cell()
        self.lines.append(self.row_line(Row("action", first)))
        self.footer_line()
        self.lines += header
        self.lines.append(self.row_line(Row("action", rest)))
        self.rows_on_page += 1
        self.splits += 1

    def render(self, blocks: list[Block]) -> str:
        for block in blocks:
            if not isinstance(block, Table):
                self.rows_on_page += 0.35
            if isinstance(block, Heading):
                self.lines += [block.text, ""] if block.level <= 1 else [block.text]
            elif isinstance(block, Text):
                self.lines.append(block.text)
            elif isinstance(block, ListBlock):
                self.lines += [f"{m}\t{t}" if self.rng.random() < 0.5 else f"{m} {t}" for m, t in zip(block.marks,
                                                                                                     block.items)]
                self.lines.append("")
            elif isinstance(block, PageBreak):
                self.footer_line()
            else:
                self.table(block)
                self.lines.append("")
        self.footer_line()
        self.plan.features.render.update({"page_rows": self.page_rows, "rows_split_at_page_break": self.splits,
                                          "paragraph_joiner": self.joiner})
        return "\n".join(self.lines).rstrip() + "\n"


def render_tab(plan: Plan, rng: random.Random, path: Path) -> None:
    path.write_text(_TabWriter(plan, rng).render(plan_blocks(plan, rng)), encoding="utf-8")
    plan.notes.append("A text export of a Word table: one row a line, cells separated by tabs, a cell's paragraphs"
                      " run together on its line; the header reprinted after each running footer; a row broken by a"
                      " page break continues after the reprinted header with its key cells empty (its gold text is"
                      " the whole cell).")


# --------------------------------------------------------------------------- column-flattened dump


class _FlatWriter:
    """Prints a plan table as a PDF-to-text dump writes it: the header's cells two spaces apart (a wrapped
    one carrying on below), then each recommendation's row cell after cell, each cell's wrapped lines one
    to a line, an empty line between cells, lines of spaces lining each action's lead, date and rating up
    beside it; group rows set across the table; a running footer and the header again every page."""

    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan, self.rng, self.lines, self.page = plan, rng, [], 1
        self.page_lines = rng.randint(110, 170)
        self.on_page = 0
        self.bullet = rng.choice(["•", "o", "-", "▪", "➢"])
        self.footer = f"{plan.printed_council} {rng.choice(['Improvement Plan', 'Action Plan', plan.title])}"
        self.header: list[str] = []

    def emit(self, lines: list[str]) -> None:
        self.lines += lines
        self.on_page += len(lines)

    def header_lines(self, table: Table) -> list[str]:
        labels = [" ".join(_label(row.cells[i]) for row in table.header if not row.cells[i].covered
                           and _label(row.cells[i])) for i in range(len(table.fields))]
        out, run = [], []
        for i, label in enumerate(labels):
            wrapped = textwrap.wrap(label, self.rng.randint(9, 16) if i else 99) or [""]  # two cells open the header
            run.append(wrapped[0])
            if len(wrapped) > 1 or self.rng.random() < 0.4 and len(run) > 1 or i == len(labels) - 1:
                out += ["  ".join(run) + " "] + [w + " " for w in wrapped[1:]] + [""]
                run = []
        return out

    def cell_lines(self, field: str, cells: list[Cell], heights: list[int] | None) -> list[str]:
        """A column's cell: each row's entry wrapped, padded with lines of spaces to its action's height."""
        width = {"action": 30, "rec": 22, "ref": 6}.get(field, 16)
        out: list[str] = []
        for k, cell in enumerate(cells):
            entry: list[str] = []
            for para in cell.paras:
                mark = "" if field != "action" else f"{self.bullet} " if para is cell.paras[0] else "- " if para.bullet else ""
                entry += [w + " " for w in textwrap.wrap(mark + para.text, width)]
            if heights is not None and k < len(heights):
                entry += [" "] * max(0 if k == len(cells) - 1 else 1, heights[k] - len(entry))
            out += entry
        return out

    def row(self, table: Table, rows: list[Row]) -> None:
        act = table.fields.index("action")
        heights = [len(self.cell_lines("action", [r.cells[act]], None)) + 1 for r in rows]
        cells: list[list[str]] = []
        for i, field in enumerate(table.fields):  # a blank entry keeps its room: the next lines up with its action
            own = [r.cells[i] if not r.cells[i].covered else Cell() for r in rows]
            text = field in ("ref", "rec")
            cells.append(self.cell_lines(field.split(":")[0], own[:1] if text else own, None if text else heights))
        out: list[str] = []
        for i, lines in enumerate(cells):
            while lines and not lines[-1].strip():
                lines = lines[:-1]
            if lines:
                opens_blank = any(c and not c[0].strip() for c in cells[i + 1:i + 2])
                out += lines + [" "] * self.rng.choice([1, 2] if opens_blank else [0, 1, 2]) + [""]
        if self.on_page + len(out) > self.page_lines and self.on_page > len(self.header) + 4:
            self.emit(["", f"{self.footer}  Page {self.page}", ""] + self.header)
            self.page, self.on_page = self.page + 1, len(self.header)
        self.emit(out)

    def table(self, table: Table) -> None:
        self.header = self.header_lines(table)
        self.emit(self.header)
        group: list[Row] = []
        for r in table.rows + [Row("group", [])]:
            starts = r.kind != "action" or "rec" in table.fields and r.cells[table.fields.index("rec")].paras and \
                (not group or r.cells[table.fields.index("rec")].paras[0].text != group[0].cells[
                    table.fields.index("rec")].paras[0].text)
            if group and starts:
                self.row(table, group)
                group = []
            if r.kind == "action":
                group.append(r)
            elif r.cells:
                self.emit([self.rng.choice([" ", ""]) + _label(r.cells[0]) + "  ", " ", ""])

    def render(self, blocks: list[Block]) -> str:
        for block in blocks:
            if isinstance(block, Table) and block.kind == "plan":
                self.table(block)
            elif isinstance(block, Table):
                self.emit(["  ".join(_label(c) for c in row.cells) for row in block.header + block.rows] + [""])
            elif isinstance(block, (Heading, Text)):
                self.emit([block.text + " ", ""])
            elif isinstance(block, ListBlock):
                self.emit([f"{m} {t}" for m, t in zip(block.marks, block.items)] + [""])
        self.emit(["", f"{self.footer}  Page {self.page}"])
        self.plan.features.render.update({"page_lines": self.page_lines, "bullet": self.bullet})
        return "\n".join(self.lines).rstrip() + "\n"


def render_flat(plan: Plan, rng: random.Random, path: Path) -> None:
    path.write_text(_FlatWriter(plan, rng).render(plan_blocks(plan, rng)), encoding="utf-8")
    plan.notes.append("A column-flattened dump of the plan table (as a PDF-to-text tool writes one): the header's"
                      " cells two spaces apart, each recommendation's row cell after cell, an empty line between"
                      " cells, each action's lead, date and rating lined up beside it by lines of spaces; the"
                      " footer and the header again at each page break (rows are not broken).")


# --------------------------------------------------------------------------- markdown


def _md_cell(cell: Cell, style: str) -> str:
    if cell.covered:
        return ""
    if cell.dot:
        return f'<span style="color:{cell.dot.lower()}">●</span>'
    plain = [p.text for p in cell.paras if not p.bullet]
    items = [p.text for p in cell.paras if p.bullet]
    if style == "p" and len(plain) > 1:
        out = "".join(f"<p>{t}</p>" for t in plain)
    else:
        out = "<br>".join(plain)
    if items:
        out += "<ul>" + "".join(f"<li>{t}</li>" for t in items) + "</ul>"
    if cell.bold and out and "<" not in out:
        out = f"**{out}**"
    return out.replace("|", "\\|")


def _label(cell: Cell) -> str:
    return cell.paras[0].text if cell.paras else ""


def _md_table(table: Table, style: str) -> list[str]:
    if len(table.header) > 1:  # a converter flattens a two-row header into one
        labels = [_label(b) or _label(t) for t, b in zip(table.header[0].cells, table.header[1].cells)]
    else:
        labels = [_label(c) for c in table.header[0].cells]
    rows = ["| " + " | ".join(labels) + " |", "|" + "|".join("---" for _ in labels) + "|"]
    rows += ["| " + " | ".join(_md_cell(c, style) for c in row.cells) + " |" for row in table.rows]
    return rows


def render_markdown(plan: Plan, rng: random.Random, path: Path) -> None:
    style = rng.choice(["br", "p"])
    lines: list[str] = []
    for block in plan_blocks(plan, rng):
        if isinstance(block, Heading):
            lines += [("#" * (block.level + 1)) + " " + block.text, ""]
        elif isinstance(block, Text):
            lines += [f"**{block.text}**" if block.role == "strong" else block.text, ""]
        elif isinstance(block, ListBlock):
            lines += [f"{m.rstrip('.)')}. {t}" for m, t in zip(block.marks, block.items)] + [""]
        elif isinstance(block, PageBreak):
            continue
        else:
            lines += _md_table(block, style) + [""]
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    plan.features.render["cell_markup"] = style
    plan.notes.append("Markdown as a Word-to-markdown converter writes it: headings, pipe tables whose cells carry"
                      " HTML fragments (<br>, <p>, <ul><li>); merged cells are empty after their first row.")


# --------------------------------------------------------------------------- committee report as text


def blocks_text(blocks: list[Block], rng: random.Random, width: int) -> str:
    lines: list[str] = []
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        next_is_field = isinstance(following, Text) and following.role in ("field", "meta")
        if isinstance(block, Heading):
            lines += ["", block.text.upper() if block.level == 0 else block.text]
            if block.level <= 1 and rng.random() < 0.5:
                lines.append(("=" if block.level == 0 else "-") * len(block.text))
            lines.append("")
        elif isinstance(block, Text):
            if block.role in ("field", "meta"):
                lines.append(block.text)
                if block.role == "field" and not next_is_field:
                    lines.append("")
            else:
                lines += textwrap.wrap(block.text, width) if width else [block.text]
                lines.append("")
        elif isinstance(block, ListBlock):
            lines += [f"{m} {t}" for m, t in zip(block.marks, block.items)] + [""]
        elif isinstance(block, PageBreak):
            lines += ["", ""]
    text = "\n".join(lines).strip() + "\n"
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text


def render_prose(plan: Plan, rng: random.Random, path: Path) -> None:
    width = rng.choice([0, 0, 78, 90])  # 0: one paragraph a line (a text export), else hard-wrapped
    path.write_text(blocks_text(report_blocks(plan, rng), rng, width), encoding="utf-8")
    plan.features.render["wrap_width"] = width
    plan.notes.append("A committee progress report as text: each Ofsted recommendation restated, then a paragraph of"
                      " progress and its labelled fields; each recommendation is one action whose text is the"
                      " recommendation's own; the report's closing 'Recommendations' section asks the committee to"
                      " note progress and is no Ofsted recommendation.")


# --------------------------------------------------------------------------- email


def render_email(plan: Plan, rng: random.Random, path: Path) -> None:
    day = plan.chronology.document
    sender = rng.choice(["Improvement Programme Manager", "Head of Quality Assurance", "Business Support, Children's Services"])
    first = rng.choice(["Sarah", "Mark", "Helen", "Imran", "Joanne"])
    last = rng.choice(["Kerr", "Holt", "Ashworth", "Begum", "Price"])
    domain = plan.council.name.lower().replace(" ", "").replace("'", "").replace(".", "") + ".gov.uk"
    when = f"{day.strftime('%a')}, {day.day} {day.strftime('%b')} {day.year} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
    lines = [f"From: {first} {last} <{first.lower()}.{last.lower()}@{domain}>",
             "To: Improvement Board members; Lead officers",
             f"Date: {when}",
             f"Subject: {plan.title} – update for {long_date(day + timedelta(days=rng.randint(2, 9)), rng)}"
             if rng.random() < 0.5 else f"Subject: RE: {plan.title}", ""]
    lines += [rng.choice(["Dear all,", "Hi all,", "Dear colleagues,"]), ""]
    intro = rng.choice(["Please find below a short update on each of the Ofsted recommendations ahead of the next Board.",
                        "As promised, here is where we are against the Ofsted action plan."])
    lines += [intro, ""]
    lines += [line for kind, line in plan.statements if kind != "document"] + [""]
    current: list[str | None] = [None, None]
    head_style = rng.choice(["{ref}. {text}", "Rec {ref} – {text}", "Recommendation {ref}: {text}"])
    for rec in plan.recommendations:
        for depth, (_, label) in enumerate(group_labels(plan, rec)):
            if current[depth] != label:
                lines += [label, ""]
                current[depth] = label
                current[depth + 1:] = [None] * (len(current) - depth - 1)
        a = rec.actions[0]
        head = head_style.format(ref=rec.ref, text=rec_text(plan, rec))
        status = []
        if a.rag.text:
            status.append(rng.choice([f"Status: {a.rag.text}", f"RAG: {a.rag.text}"]))
        if a.lead:
            status.append(f"Lead: {a.lead}")
        if a.printed_deadline.text:
            status.append(f"Target: {a.printed_deadline.text}")
        lines += [head, rec.progress.split(". ")[0].rstrip(".") + ". " + " – ".join(status), ""]
    lines += [rng.choice(["Any questions, let me know.", "Happy to discuss at the Board."]), "",
              rng.choice(["Many thanks,", "Kind regards,", "Thanks,"]), f"{first}", "", f"{first} {last}",
              sender, plan.printed_council]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan.notes.append("An email update: one short paragraph per recommendation with its status, lead and target;"
                      " each recommendation is one action whose text is its own; the email's Date: header is the"
                      " document's date.")
