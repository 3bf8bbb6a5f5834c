"""Blocks as a Word document (python-docx): real list bullets, merged cells, shading, repeated header rows."""

from __future__ import annotations

import random
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..render_docx import fixed_widths, no_borders, repeat_header, shade
from .blocks import Block, Cell, Heading, ListBlock, PageBreak, Table, Text, fit_widths
from .plan import Plan

FONTS = ["Arial", "Calibri", "Verdana", "Tahoma", "Times New Roman", "Cambria", "Century Gothic"]
SYMBOL_FONT = "DejaVu Sans"
HEADER_FILLS = ["D9D9D9", "BDD7EE", "DEEAF6", "C6D9F1", "E2EFDA", "FCE4D6", "1F4E79", "002060", "7030A0"]
GROUP_FILLS = ["F2F2F2", "D9E2F3", "FFF2CC", "E7E6E6", "DDEBF7", "EDEDED"]


def _field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _borders(table, style: str) -> None:
    """'grid' (Table Grid), 'horizontal' (rules between rows only) or 'none'."""
    if style == "grid":
        return
    no_borders(table)
    if style == "horizontal":
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        for edge in ("top", "bottom", "insideH"):
            el = borders.find(qn(f"w:{edge}"))
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "808080")


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


class WordWriter:
    def __init__(self, plan: Plan, rng: random.Random, *, landscape: bool | None = None) -> None:
        self.plan, self.rng = plan, rng
        self.doc = Document()
        self.font = rng.choice(FONTS)
        self.size = rng.choice([8, 8.5, 9, 9.5, 10])
        style = self.doc.styles["Normal"]
        style.font.name = self.font
        style.element.rPr.rFonts.set(qn("w:eastAsia"), self.font)
        style.font.size = Pt(self.size)
        for name in ("List Bullet", "Heading 1", "Heading 2", "Title"):
            self.doc.styles[name].font.name = self.font
        if landscape is None:
            landscape = len(plan.features.columns) >= 6 or rng.random() < 0.5
        self.landscape = landscape
        section = self.doc.sections[0]
        if self.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        else:
            section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(rng.choice([1.27, 1.5, 2.0, 2.54])))
        section.top_margin = section.bottom_margin = Cm(rng.choice([1.27, 1.6, 2.0]))
        self.section = section
        self.borders = rng.choices(["grid", "horizontal", "none"], weights=[6, 2, 1])[0]
        self.header_fill = rng.choice(HEADER_FILLS)
        self.group_fill = rng.choice(GROUP_FILLS)
        self.word_headings = rng.random() < 0.5
        self.cant_split = rng.random() < 0.2
        self._furniture()
        plan.features.render.update({"font": self.font, "font_size": self.size, "landscape": self.landscape,
                                     "borders": self.borders, "rows_may_break_across_pages": not self.cant_split})

    def _furniture(self) -> None:
        label = f"{self.plan.printed_council} – {self.plan.title}"
        footer = self.section.footer.paragraphs[0]
        footer.alignment = self.rng.choice([WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER])
        style = self.rng.choice(["label_page", "page_of", "page"])
        if style == "label_page":
            footer.add_run(f"{label}    Page ")
            _field(footer, "PAGE")
        elif style == "page_of":
            footer.add_run("Page ")
            _field(footer, "PAGE")
            footer.add_run(" of ")
            _field(footer, "NUMPAGES")
        else:
            _field(footer, "PAGE")
        for run in footer.runs:
            run.font.size = Pt(7.5)
        if self.rng.random() < 0.5:
            head = self.section.header.paragraphs[0]
            head.text = self.rng.choice([label, self.plan.printed_council, "OFFICIAL", "Appendix 1"])
            head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            head.runs[0].font.size = Pt(7.5)
        self.plan.features.render.update({"running_footer": style, "running_header": bool(self.section.header.paragraphs[0].text)})

    # ------------------------------------------------------------------ blocks

    def heading(self, block: Heading) -> None:
        if self.word_headings and block.level >= 1:
            self.doc.add_heading(block.text, level=block.level)
            return
        p = self.doc.add_paragraph()
        run = p.add_run(block.text)
        run.bold = True
        run.font.size = Pt({0: 15, 1: 12, 2: 10.5}[block.level])
        p.paragraph_format.space_before = Pt(6 if block.level else 0)

    def text(self, block: Text) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run(block.text)
        run.bold = block.role == "strong"
        if block.role in ("meta", "field"):
            p.paragraph_format.space_after = Pt(1)

    def listing(self, block: ListBlock) -> None:
        for mark, item in zip(block.marks, block.items):
            p = self.doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(0.9)
            p.paragraph_format.first_line_indent = Cm(-0.9)
            p.add_run(f"{mark}\t{item}")

    def write(self, cell, spec: Cell, *, size: float, bold: bool = False, colour: str | None = None) -> None:
        paragraphs = spec.paras or []
        first = cell.paragraphs[0]
        for i, para in enumerate(paragraphs):
            p = first if i == 0 else cell.add_paragraph()
            if para.bullet:
                p.style = self.doc.styles["List Bullet"]
            p.paragraph_format.space_after = Pt(2)
            run = p.add_run(para.text)
            run.font.size = Pt(size)
            run.bold = bold or spec.bold
            run.italic = spec.italic
            if spec.symbol:
                run.font.name = SYMBOL_FONT
            if spec.dot:
                run.font.color.rgb = RGBColor.from_string(spec.dot.lstrip("#"))
                run.font.size = Pt(size + 4)
            elif colour:
                run.font.color.rgb = RGBColor.from_string(colour)
            if spec.symbol or spec.dot or (spec.fill and spec.paras):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if spec.fill:
            shade(cell, spec.fill)

    def table(self, block: Table) -> None:
        rows = block.header + block.rows
        n = len(block.fields)
        table = self.doc.add_table(rows=len(rows), cols=n)
        table.style = "Table Grid"
        _borders(table, self.borders)
        small = block.kind != "plan"
        for r, row in enumerate(rows):
            for c, spec in enumerate(row.cells):
                if not spec.covered and (spec.rowspan > 1 or spec.colspan > 1):
                    table.cell(r, c).merge(table.cell(r + spec.rowspan - 1, c + spec.colspan - 1))
        dark = self.header_fill in ("1F4E79", "002060", "7030A0")
        size = self.size - (0.5 if not small else 0)
        for r, row in enumerate(rows):
            for c, spec in enumerate(row.cells):
                if spec.covered:
                    continue
                cell = table.cell(r, c)
                if row.kind == "header":
                    self.write(cell, spec, size=size, bold=True, colour="FFFFFF" if dark else None)
                    shade(cell, self.header_fill)
                else:
                    self.write(cell, spec, size=size)
                    if row.kind in ("group", "rec") and self.rng.random() < 0.8:
                        shade(cell, self.group_fill)
            if row.kind == "header":
                repeat_header(table.rows[r])
            elif self.cant_split:
                _cant_split(table.rows[r])
        usable = (self.section.page_width - self.section.left_margin - self.section.right_margin) / 360000
        fixed_widths(table, fit_widths(block, usable if not small else min(usable, 12.0)))
        self.doc.add_paragraph()

    def render(self, blocks: list[Block], path: Path) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Text):
                self.text(block)
            elif isinstance(block, ListBlock):
                self.listing(block)
            elif isinstance(block, PageBreak):
                self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            else:
                self.table(block)
        self.doc.core_properties.title = f"{self.plan.printed_council} {self.plan.title}"
        self.doc.core_properties.author = self.plan.printed_council
        self.doc.save(path)
