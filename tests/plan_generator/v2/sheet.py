"""Blocks as an Excel tracker (openpyxl): title block, header row in rows 3-6, merges, fills, hidden rows and sheets.

No formulas (openpyxl stores no cached values, so a reader would see none). Dates that are
calendar dates are real date cells with a number format that prints them as the plan does.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..content import MONTH_NAMES, TOPICS
from .blocks import Block, Cell, Heading, ListBlock, Table, Text, fit_widths
from .plan import Plan

FONTS = ["Arial", "Calibri", "Verdana", "Tahoma"]
SYMBOL_FONT = "DejaVu Sans"
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP = Alignment(wrap_text=True, vertical="top")


def _formats(d: date) -> dict[str, str]:
    """Excel number formats and how each prints the date."""
    month, abbr = MONTH_NAMES[d.month - 1], MONTH_NAMES[d.month - 1][:3]
    return {"dd/mm/yyyy": d.strftime("%d/%m/%Y"), "dd/mm/yy": d.strftime("%d/%m/%y"),
            "d mmmm yyyy": f"{d.day} {month} {d.year}", "d mmm yyyy": f"{d.day} {abbr} {d.year}",
            "mmm yy": f"{abbr} {d.year % 100:02d}", "mmmm yyyy": f"{month} {d.year}"}


def _fill(hex_colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=hex_colour.lstrip("#").upper())


class SheetWriter:
    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan, self.rng = plan, rng
        self.wb = Workbook()
        self.font = rng.choice(FONTS)
        self.size = rng.choice([9, 10, 10, 11])
        self.header_fill = rng.choice(["D9D9D9", "BDD7EE", "1F4E79", "DDEBF7", "FCE4D6", "C6E0B4"])
        self.group_fill = rng.choice(["F2F2F2", "FFF2CC", "D9E2F3", "EDEDED"])
        self.hidden_rows = 0
        self.date_cells = 0
        self.date_chars: dict[int, int] = {}  # column -> the longest date shown in it

    def style(self, cell, *, bold: bool = False, italic: bool = False, colour: str | None = None,
              size: float | None = None, font: str | None = None) -> None:
        cell.font = Font(name=font or self.font, size=size or self.size, bold=bold, italic=italic, color=colour)
        cell.alignment = TOP

    def put(self, ws: Worksheet, row: int, col: int, spec: Cell, *, bold: bool = False, colour: str | None = None):
        cell = ws.cell(row=row, column=col)
        if spec.covered:
            return cell
        text = "\n".join(spec.lines())
        formats = _formats(spec.date) if spec.date else {}
        fmt = next((f for f, shown in formats.items() if shown == text), None)
        if fmt:
            cell.value = datetime(spec.date.year, spec.date.month, spec.date.day)
            cell.number_format = fmt
            self.date_cells += 1
            self.date_chars[col] = max(self.date_chars.get(col, 0), len(text))
        elif text:
            cell.value = text
        self.style(cell, bold=bold or spec.bold, italic=spec.italic, colour=colour or (spec.dot or "").lstrip("#") or None,
                   font=SYMBOL_FONT if spec.symbol else None, size=self.size + 3 if spec.dot else None)
        if spec.fill:
            cell.fill = _fill(spec.fill)
        if spec.symbol or spec.dot or spec.fill:
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
        return cell

    def table(self, ws: Worksheet, block: Table, top: int, *, plan_sheet: bool) -> int:
        """Write a table from row ``top``; returns the next free row."""
        r = top
        dark = self.header_fill == "1F4E79"
        for row in block.header:
            for c, spec in enumerate(row.cells, 1):
                cell = self.put(ws, r, c, spec, bold=True, colour="FFFFFF" if dark else None)
                cell.fill = _fill(self.header_fill)
                cell.border = GRID
            r += 1
        header_rows = (top, r - 1)
        for row in block.rows:
            if plan_sheet and row.kind == "action" and self.rng.random() < 0.08:
                r = self.hidden_row(ws, r, block)
            for c, spec in enumerate(row.cells, 1):
                cell = self.put(ws, r, c, spec)
                cell.border = GRID
                if row.kind in ("group", "rec"):
                    cell.fill = _fill(self.group_fill)
            r += 1
        self.merge(ws, block, top)
        self.heights(ws, block, top)
        if plan_sheet:
            ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
            ws.freeze_panes = ws.cell(row=header_rows[1] + 1, column=1)
        return r

    def merge(self, ws: Worksheet, block: Table, top: int) -> None:
        r = top
        hidden = {i for i, d in ws.row_dimensions.items() if d.hidden}
        for row in block.header + block.rows:
            while r in hidden:
                r += 1
            for c, spec in enumerate(row.cells, 1):
                if spec.covered or (spec.rowspan == 1 and spec.colspan == 1):
                    continue
                end = r
                for _ in range(spec.rowspan - 1):  # a merge spans the hidden rows inside it too
                    end += 1
                    while end in hidden:
                        end += 1
                ws.merge_cells(start_row=r, start_column=c, end_row=end, end_column=c + spec.colspan - 1)
            r += 1

    def _lines(self, spec: Cell, width_chars: float) -> int:
        per_line = max(4.0, width_chars * 11 / self.size * 1.05)
        return sum(max(1, -(-len(t) // int(per_line))) for t in spec.lines()) if spec.paras else 1

    def heights(self, ws: Worksheet, block: Table, top: int) -> None:
        """Row heights that show every wrapped line (as Excel's autofit stores them; LibreOffice keeps them)."""
        hidden = {i for i, d in ws.row_dimensions.items() if d.hidden}
        width = [ws.column_dimensions[get_column_letter(c)].width or 13 for c in range(1, len(block.fields) + 1)]
        line = self.size * 1.32
        positions, r = [], top
        for _ in block.header + block.rows:
            while r in hidden:
                r += 1
            positions.append(r)
            r += 1
        need = {}
        for pos, row in zip(positions, block.header + block.rows):
            for c, spec in enumerate(row.cells):
                if spec.covered:
                    continue
                w = sum(width[c:c + spec.colspan])
                lines = self._lines(spec, w)
                if spec.rowspan == 1:
                    need[pos] = max(need.get(pos, 1), lines)
        for pos, row in zip(positions, block.header + block.rows):
            ws.row_dimensions[pos].height = round(need.get(pos, 1) * line + 3, 1)
        for i, (pos, row) in enumerate(zip(positions, block.header + block.rows)):
            for c, spec in enumerate(row.cells):
                if spec.covered or spec.rowspan == 1:
                    continue
                span = positions[i:i + spec.rowspan]
                have = sum(ws.row_dimensions[p].height for p in span)
                want = self._lines(spec, width[c]) * line + 3
                if want > have:
                    ws.row_dimensions[span[-1]].height = round(ws.row_dimensions[span[-1]].height + want - have, 1)

    def hidden_row(self, ws: Worksheet, r: int, block: Table) -> int:
        """A row someone hid (a superseded action): printed nowhere, and not in the gold."""
        topic = self.rng.choice(list(TOPICS.values()))
        text = self.rng.choice(["Superseded – ", "DELETE – ", "(old) ", ""]) + self.rng.choice(topic["act"])
        ws.cell(row=r, column=block.fields.index("action") + 1, value=text)
        if "rag" in block.fields:
            ws.cell(row=r, column=block.fields.index("rag") + 1, value=self.rng.choice(["Green", "Complete", "Red"]))
        ws.row_dimensions[r].hidden = True
        self.hidden_rows += 1
        return r + 1

    def text_rows(self, ws: Worksheet, blocks: list[Block], top: int, width: int) -> int:
        r = top
        for block in blocks:
            if isinstance(block, Heading):
                cell = ws.cell(row=r, column=1, value=block.text)
                self.style(cell, bold=True, size=self.size + (4 if block.level == 0 else 2))
                cell.alignment = Alignment(vertical="top")
            elif isinstance(block, Text):
                cell = ws.cell(row=r, column=1, value=block.text)
                self.style(cell, bold=block.role == "strong")
                if block.role == "body" and len(block.text) > 60:
                    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                    ws.row_dimensions[r].height = 15 * (1 + len(block.text) // 110)
                else:
                    cell.alignment = Alignment(vertical="top")
            elif isinstance(block, ListBlock):
                for mark, item in zip(block.marks, block.items):
                    self.style(ws.cell(row=r, column=1, value=mark))
                    self.style(ws.cell(row=r, column=2, value=item))
                    r += 1
                continue
            else:
                continue
            r += 1
        return r

    def print_setup(self, ws: Worksheet, last_row: int, n: int, landscape: bool = True) -> None:
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_area = f"A1:{get_column_letter(n)}{last_row}"
        ws.oddFooter.center.text = self.rng.choice(["Page &P of &N", "&P", "&A – page &P"])
        ws.oddHeader.right.text = self.plan.printed_council
        ws.page_margins.left = ws.page_margins.right = self.rng.choice([0.4, 0.5, 0.7])

    def render(self, blocks: list[Block], path: Path) -> None:
        plan, rng = self.plan, self.rng
        tables = [b for b in blocks if isinstance(b, Table)]
        plan_tables = [t for t in tables if t.kind == "plan"]
        side_tables = [t for t in tables if t.kind != "plan"]
        listing = [b for b in blocks if isinstance(b, ListBlock)]
        titles = [b for b in blocks if isinstance(b, Heading) and b.level == 0]
        meta = [b for b in blocks if isinstance(b, Text) and b.role in ("meta", "strong")]
        body = [b for b in blocks if isinstance(b, Text) and b not in meta]
        header_row = rng.randint(3, 6)
        on_sheet = (titles + meta)[: header_row - 2]  # the title block above the header, one blank row between
        use_cover = len(on_sheet) < len(titles + meta + body) or rng.random() < 0.3
        first = self.wb.active
        if use_cover:
            first.title = rng.choice(["Cover", "Front sheet", "Introduction"])
            end = self.text_rows(first, titles + meta + body, 1, 8)
            for col in "ABCDEFGH":
                first.column_dimensions[col].width = 14
            self.print_setup(first, max(end - 1, 1), 8, landscape=False)
        if listing:
            ws = self.wb.create_sheet(rng.choice(["Recommendations", "Ofsted recs"])) if use_cover else first
            if not use_cover:
                ws.title = "Recommendations"
            ws.column_dimensions["A"].width = 6
            ws.column_dimensions["B"].width = 110
            end = self.text_rows(ws, [Heading("Ofsted recommendations", 1)] + listing, 1, 2)
            self.print_setup(ws, end - 1, 2)
        plan_ws = self.wb.create_sheet(rng.choice(["Action Plan", "Plan", "Improvement Plan", "Tracker"])) \
            if (use_cover or listing) else first
        if not (use_cover or listing):
            plan_ws.title = rng.choice(["Action Plan", "Plan", "Improvement Plan", "Tracker"])
        self.text_rows(plan_ws, on_sheet, 1, len(plan.features.columns))
        for c, w in enumerate(fit_widths(plan_tables[0], rng.choice([26, 30, 34])), 1):
            plan_ws.column_dimensions[get_column_letter(c)].width = round(w * 5.3, 1)  # cm to character widths
        r = header_row
        for t in plan_tables:
            r = self.table(plan_ws, t, r, plan_sheet=True)
        for c, chars in self.date_chars.items():  # a date cell too narrow for its date prints "###" in Calc's PDF
            dim = plan_ws.column_dimensions[get_column_letter(c)]
            dim.width = max(dim.width or 13, chars * 1.3 + 2)
        n = len(plan.features.columns)
        self.print_setup(plan_ws, r - 1, n)
        if side_tables:
            ws = self.wb.create_sheet(rng.choice(["Key", "Key and glossary", "Notes"]))
            ws.column_dimensions["A"].width = 16
            ws.column_dimensions["B"].width = 60
            r = 1
            for t in side_tables:
                r = self.table(ws, t, r, plan_sheet=False) + 1
            self.print_setup(ws, r - 1, 2, landscape=False)
        hidden_sheet = rng.random() < 0.4
        if hidden_sheet:
            ws = self.wb.create_sheet(rng.choice(["Lists", "Lookup", "Old version"]))
            if ws.title == "Old version":
                topic = rng.choice(list(TOPICS.values()))
                for i, act in enumerate(topic["act"][:5], 1):
                    ws.cell(row=i, column=1, value=f"{i}.{rng.randint(1, 4)}")
                    ws.cell(row=i, column=2, value=act)
                    ws.cell(row=i, column=3, value=rng.choice(["Red", "Amber", "Green"]))
            else:
                for i, word in enumerate(["Red", "Amber", "Green", "Blue", "Complete"], 1):
                    ws.cell(row=i, column=1, value=word)
            ws.sheet_state = "hidden"
        self.wb.properties.title = f"{plan.printed_council} {plan.title}"
        self.wb.properties.creator = plan.printed_council
        self.wb.save(path)
        plan.features.render.update({"font": self.font, "font_size": self.size, "header_row": header_row,
                                     "sheets": [ws.title for ws in self.wb.worksheets],
                                     "hidden_sheet": hidden_sheet, "hidden_rows": self.hidden_rows,
                                     "date_cells": self.date_cells, "cover_sheet": use_cover})
