"""Blocks drawn as a PDF with reportlab: ruled, header-rule, zebra or borderless tables; dots; symbols."""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, PageBreak as RLPageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from .blocks import Block, Cell, Heading, ListBlock, PageBreak, Table, Text, fit_widths
from .plan import Plan

# TrueType files found by reportlab on its font search path (Debian fonts-dejavu, fonts-liberation)
TTF = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
       "LiberationSans": "LiberationSans-Regular.ttf", "LiberationSans-Bold": "LiberationSans-Bold.ttf",
       "LiberationSerif": "LiberationSerif-Regular.ttf", "LiberationSerif-Bold": "LiberationSerif-Bold.ttf"}
FAMILIES = [("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold"), ("DejaVuSans", "DejaVuSans-Bold"),
            ("LiberationSans", "LiberationSans-Bold"), ("LiberationSerif", "LiberationSerif-Bold")]
TABLE_STYLES = ("grid", "header_rule", "zebra", "borderless")


def register_fonts() -> None:
    for name, filename in TTF.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, filename))


class Dot(Flowable):
    """A filled circle: a RAG colour shown only as a dot."""

    def __init__(self, colour: str, size: float = 7) -> None:
        super().__init__()
        self.colour, self.size = colour, size

    def wrap(self, available_width, available_height):
        return self.size, self.size + 2

    def draw(self) -> None:
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.setStrokeColor(colors.HexColor(self.colour))
        self.canv.circle(self.size / 2, self.size / 2, self.size / 2, stroke=0, fill=1)


class PdfWriter:
    def __init__(self, plan: Plan, rng: random.Random, *, style: str | None = None) -> None:
        register_fonts()
        self.plan, self.rng = plan, rng
        self.font, self.bold = rng.choice(FAMILIES)
        self.size = rng.choice([7.5, 8, 8.5, 9])
        self.style = style or rng.choice(TABLE_STYLES)
        self.landscape = len(plan.features.columns) >= 6 or rng.random() < 0.4
        self.page = landscape(A4) if self.landscape else A4
        self.margin = rng.choice([1.5, 1.8, 2.0]) * cm
        s = self.size
        self.body = ParagraphStyle("body", fontName=self.font, fontSize=s, leading=s * 1.22)
        self.strong = ParagraphStyle("strong", parent=self.body, fontName=self.bold)
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=9, bulletIndent=1)
        self.symbol = ParagraphStyle("symbol", parent=self.body, fontName="DejaVuSans", fontSize=s + 2,
                                     leading=s * 1.4)
        self.head_colour = colors.HexColor(rng.choice(["#D9D9D9", "#DCE6F1", "#1F3864", "#E2EFDA", "#FDE9D9"]))
        self.zebra = colors.HexColor(rng.choice(["#F2F2F2", "#EAF1FB", "#F7F7F7"]))
        plan.features.render.update({"font": self.font, "font_size": self.size, "table_style": self.style,
                                     "landscape": self.landscape})

    def cell(self, spec: Cell, header: bool) -> list[Flowable] | str:
        if spec.covered:
            return ""
        if spec.dot:
            return [Dot(spec.dot)]
        out: list[Flowable] = []
        dark = header and self.head_colour.hexval() == "0x1f3864"
        for para in spec.paras:
            text = escape(para.text)
            if dark:
                text = f'<font color="white">{text}</font>'
            if spec.italic:
                text = f"<i>{text}</i>"
            style = self.symbol if spec.symbol else self.strong if (spec.bold or header) else self.body
            out.append(Paragraph(text, self.bullet if para.bullet else style, bulletText="•" if para.bullet else None))
        return out or ""

    def table(self, block: Table) -> RLTable:
        rows = block.header + block.rows
        data = [[self.cell(c, row.kind == "header") for c in row.cells] for row in rows]
        usable = (self.page[0] - 2 * self.margin) / cm
        small = block.kind != "plan"
        widths = [w * cm for w in fit_widths(block, min(usable, 11.0) if small else usable)]
        commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        nh = len(block.header)
        for r, row in enumerate(rows):
            for c, spec in enumerate(row.cells):
                if spec.covered:
                    continue
                if spec.rowspan > 1 or spec.colspan > 1:
                    commands.append(("SPAN", (c, r), (c + spec.colspan - 1, r + spec.rowspan - 1)))
                if spec.fill:
                    commands.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#" + spec.fill)))
            if row.kind in ("group", "rec") and self.style == "grid":
                commands.append(("BACKGROUND", (0, r), (-1, r), self.zebra))
        if self.style == "grid" or small:
            commands += [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (-1, nh - 1),
                                                                        self.head_colour)]
        elif self.style == "header_rule":
            commands.append(("LINEBELOW", (0, nh - 1), (-1, nh - 1), 1, colors.black))
        elif self.style == "zebra":
            commands += [("LINEBELOW", (0, nh - 1), (-1, nh - 1), 1, colors.black),
                         ("ROWBACKGROUNDS", (0, nh), (-1, -1), [colors.white, self.zebra])]
        table = RLTable(data, colWidths=widths, repeatRows=nh, splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table

    def story(self, blocks: list[Block]) -> list[Flowable]:
        title = ParagraphStyle("title", fontName=self.bold, fontSize=15, leading=19, spaceAfter=6)
        h1 = ParagraphStyle("h1", fontName=self.bold, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4)
        h2 = ParagraphStyle("h2", fontName=self.bold, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3)
        meta = ParagraphStyle("meta", fontName=self.font, fontSize=9, leading=11.5, spaceAfter=2)
        para = ParagraphStyle("para", fontName=self.font, fontSize=9.5, leading=12.5, spaceAfter=6)
        out: list[Flowable] = []
        for block in blocks:
            if isinstance(block, Heading):
                out.append(Paragraph(escape(block.text), [title, h1, h2][block.level]))
            elif isinstance(block, Text):
                style = meta if block.role in ("meta", "field") else para
                text = escape(block.text)
                out.append(Paragraph(f"<b>{text}</b>" if block.role == "strong" else text, style))
            elif isinstance(block, ListBlock):
                for mark, item in zip(block.marks, block.items):
                    out.append(Paragraph(escape(item), ParagraphStyle("li", parent=para, leftIndent=18, bulletIndent=0,
                                                                      spaceAfter=3), bulletText=mark))
            elif isinstance(block, PageBreak):
                out.append(RLPageBreak())
            else:
                out += [self.table(block), Spacer(1, 8)]
        return out

    def render(self, blocks: list[Block], path: Path) -> None:
        plan = self.plan
        footer_text = self.rng.choice([f"{plan.printed_council} – {plan.title}", plan.title, plan.printed_council])
        header_text = self.rng.choice([None, plan.printed_council, "OFFICIAL"])

        def furniture(canvas, doc) -> None:
            canvas.saveState()
            canvas.setFont(self.font, 7.5)
            canvas.drawString(self.margin, 0.9 * cm, footer_text)
            canvas.drawRightString(self.page[0] - self.margin, 0.9 * cm, f"Page {doc.page}")
            if header_text:
                canvas.drawRightString(self.page[0] - self.margin, self.page[1] - 0.9 * cm, header_text)
            canvas.restoreState()

        doc = SimpleDocTemplate(str(path), pagesize=self.page, leftMargin=self.margin, rightMargin=self.margin,
                                topMargin=1.6 * cm, bottomMargin=1.7 * cm, title=f"{plan.printed_council} {plan.title}",
                                author=plan.printed_council, invariant=1)
        doc.build(self.story(blocks), onFirstPage=furniture, onLaterPages=furniture)
        plan.features.render["running_header"] = bool(header_text)
