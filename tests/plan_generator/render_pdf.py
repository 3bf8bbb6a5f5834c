"""reportlab rendering: a portrait, borderless table (columns aligned by whitespace only)."""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from .content import Plan, cells_of, priority_label, rec_printed_text


def borderless(plan: Plan, rng: random.Random, path: Path) -> None:
    font = rng.choice(["Helvetica", "Times-Roman"])
    bold = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold"}[font]
    size = rng.choice([8, 8.5, 9])
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.2)
    strong = ParagraphStyle("strong", parent=body, fontName=bold)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=8, bulletIndent=0)
    title = ParagraphStyle("title", fontName=bold, fontSize=14, leading=17, spaceAfter=4)
    sub = ParagraphStyle("sub", fontName=bold, fontSize=11, leading=14, spaceAfter=4)
    meta = ParagraphStyle("meta", fontName=font, fontSize=9, leading=11, spaceAfter=2)

    h = plan.headers
    has_ref = plan.numbering != "none"
    cols = ([h["ref"]] if has_ref else []) + [h["action"], h["lead"], h["deadline"], h["rag"]]
    widths = ([1.1] if has_ref else []) + [8.6, 3.8, 2.6, 2.2]
    total = A4[0] - 3.6 * cm
    widths = [w * total / sum(widths) for w in widths]

    data = [[Paragraph(escape(c), strong) for c in cols]]
    spans, styles = [], []
    heading, priority = object(), object()
    for rec in plan.recommendations:
        if rec.heading and rec.heading != heading:
            data.append([Paragraph(escape(rec.heading), strong)] + [""] * (len(cols) - 1))
            spans.append(len(data) - 1)
            heading = rec.heading
        label = None
        if rec.priority and rec.priority != priority:
            label = priority_label(rng, rec.priority)
            if plan.priority_style == "rows":
                data.append([Paragraph(f"<i>{escape(label)}</i>", strong)] + [""] * (len(cols) - 1))
                spans.append(len(data) - 1)
            priority = rec.priority
        rec_text = escape(rec_printed_text(rec, plan, label))
        if has_ref:
            data.append([Paragraph(escape(rec.number), strong), Paragraph(rec_text, strong)] + [""] * (len(cols) - 2))
            styles.append(("SPAN", (1, len(data) - 1), (-1, len(data) - 1)))
        else:
            data.append([Paragraph(rec_text, strong)] + [""] * (len(cols) - 1))
            spans.append(len(data) - 1)
        styles.append(("TOPPADDING", (0, len(data) - 1), (-1, len(data) - 1), 7))
        for group in cells_of(rec):
            a = group[0]
            cell = []
            for p in a.paragraphs:
                if p.startswith("• "):
                    cell.append(Paragraph(escape(p[2:]), bullet, bulletText="•"))
                else:
                    cell.append(Paragraph(escape(p), body))
            row = ([Paragraph(escape(a.number or ""), body)] if has_ref else []) + [
                cell, Paragraph(escape(a.lead or ""), body), Paragraph(escape(a.deadline_text or ""), body),
                Paragraph(escape(a.rag_printed or ""), body)]
            data.append(row)
    table = LongTable(data, colWidths=widths, repeatRows=1)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
             ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, 0), 6)]
    style += [("SPAN", (0, r), (-1, r)) for r in spans] + styles
    if rng.random() < 0.5:
        style.append(("TEXTCOLOR", (0, 0), (-1, 0), colors.HexColor("#1F3864")))
    table.setStyle(TableStyle(style))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.drawRightString(A4[0] - 1.8 * cm, 1.0 * cm, f"Page {doc.page}")
        canvas.drawString(1.8 * cm, 1.0 * cm, f"{plan.printed_council} – {plan.title}")
        canvas.restoreState()

    story = [Paragraph(escape(plan.printed_council), title), Paragraph(escape(plan.title), sub)]
    if plan.inspection_line:
        story.append(Paragraph(escape(plan.inspection_line), meta))
    story += [Paragraph(escape(plan.date_line), meta), Spacer(1, 8), table]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=1.6 * cm,
                            bottomMargin=1.8 * cm, title=f"{plan.printed_council} {plan.title}",
                            author=plan.printed_council, invariant=1)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    plan.notes.append("Borderless portrait table: no rules at all, columns aligned by whitespace only;"
                      " recommendation rows printed in bold across the table above their actions.")
