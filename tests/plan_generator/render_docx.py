"""Word renderings (python-docx): ruled landscape tables, shading-only RAG, merged cells.

``ruled_landscape``, ``rag_shading`` (and the source of ``scanned``) are converted to PDF
with LibreOffice; ``docx_merged`` is kept as .docx.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .content import SHADES, Action, Plan, cells_of, priority_label, rec_printed_text

HEADER_FILLS = ["D9D9D9", "BDD7EE", "DEEAF6", "C6D9F1", "E2EFDA", "FCE4D6", "1F4E79", "002060"]


# --------------------------------------------------------------------------- low-level helpers


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def fixed_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(w * 567)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def write(cell, paragraphs: list[str], *, bold: bool = False, size: float = 8.5, colour: str | None = None,
          italic: bool = False, align=None) -> None:
    """Replace a cell's text with these paragraphs."""
    for p in list(cell.paragraphs)[1:]:
        p._p.getparent().remove(p._p)
    first = cell.paragraphs[0]
    for r in list(first.runs):
        r._r.getparent().remove(r._r)
    for i, text in enumerate(paragraphs or [""]):
        para = first if i == 0 else cell.add_paragraph()
        para.paragraph_format.space_after = Pt(2)
        para.paragraph_format.space_before = Pt(0)
        if align is not None:
            para.alignment = align
        if text.startswith("• "):
            para.paragraph_format.left_indent = Cm(0.35)
            para.paragraph_format.first_line_indent = Cm(-0.35)
        run = para.add_run(text)
        run.bold = bold
        run.italic = italic
        run.font.size = Pt(size)
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)


def page_number_footer(section, label: str) -> None:
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = para.add_run(f"{label}    Page ")
    run.font.size = Pt(7.5)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    para._p.append(fld)


def new_document(plan: Plan, rng: random.Random, landscape: bool):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = rng.choice(["Arial", "Arial", "Calibri", "Verdana"])
    style.element.rPr.rFonts.set(qn("w:eastAsia"), style.font.name)
    style.font.size = Pt(9)
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(rng.choice([1.5, 1.8, 2.0])))
    section.top_margin = section.bottom_margin = Cm(1.6)
    page_number_footer(section, f"{plan.printed_council} – {plan.title}")
    if plan.subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        r = p.add_run(plan.subtitle)
        r.bold = True
    p = doc.add_paragraph()
    r = p.add_run(plan.printed_council)
    r.bold = True
    r.font.size = Pt(14)
    p = doc.add_paragraph()
    r = p.add_run(plan.title)
    r.bold = True
    r.font.size = Pt(12)
    if plan.inspection_line:
        doc.add_paragraph(plan.inspection_line)
    doc.add_paragraph(plan.date_line)
    return doc, section


def usable_width(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def scale(widths: list[float], total: float) -> list[float]:
    s = sum(widths)
    return [w * total / s for w in widths]


def action_paragraphs(group: list[Action], number_prefix: bool) -> list[str]:
    first = group[0]
    paras = list(first.paragraphs)
    if number_prefix and first.number:
        paras[0] = f"{first.number} {paras[0]}"
    return paras


def rag_cell(cell, action: Action, *, shading_only: bool) -> None:
    if shading_only or action.rag_fill:
        write(cell, [""])
        if action.rag_fill:
            shade(cell, action.rag_fill)
    else:
        write(cell, [action.rag_printed or ""], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def choose_fills(plan: Plan, rng: random.Random, share: float) -> None:
    """Make the RAG of a share of rows visible only as shading (gold rag from the colour)."""
    for a in plan.actions:
        if rng.random() < share:
            a.rag_printed = None
            a.rag_fill = rng.choice(SHADES[a.rag]) if a.rag else None


# --------------------------------------------------------------------------- layouts


def _header(table, labels: list[str], fill: str) -> None:
    row = table.rows[0]
    dark = fill in ("1F4E79", "002060")
    for cell, label in zip(row.cells, labels):
        write(cell, [label], bold=True, size=8.5, colour="FFFFFF" if dark else None)
        shade(cell, fill)
    repeat_header(row)


def _span_row(table, text: str, fill: str | None, *, bold: bool = True, italic: bool = False, size: float = 9) -> None:
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    write(merged, [text], bold=bold, italic=italic, size=size)
    if fill:
        shade(merged, fill)


def ruled_landscape(plan: Plan, rng: random.Random, path: Path, *, long_action: int | None = None) -> None:
    """Ruled landscape table: Ref | Recommendation | Action | Lead | Deadline | RAG | extra."""
    doc, section = new_document(plan, rng, landscape=True)
    h = plan.headers
    has_ref = plan.numbering != "none"
    labels = ([h["ref"]] if has_ref else []) + [h["recommendation"], h["action"], h["lead"], h["deadline"], h["rag"],
                                                 h["extra"]]
    widths = ([1.1] if has_ref else []) + [6.0, 8.0, 3.4, 2.6, 2.6, 2.8]
    table = doc.add_table(rows=1, cols=len(labels))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_fill = rng.choice(HEADER_FILLS)
    _header(table, labels, header_fill)
    theme_fill = rng.choice(["F2F2F2", "D9E2F3", "FFF2CC", "E7E6E6"])
    prio_fill = rng.choice([None, "F2F2F2", "EDEDED"])
    heading, priority = object(), object()
    for rec in plan.recommendations:
        if rec.heading and rec.heading != heading:
            _span_row(table, rec.heading, theme_fill, size=9.5)
            heading = rec.heading
        if rec.priority and rec.priority != priority:
            _span_row(table, priority_label(rng, rec.priority), prio_fill, italic=True)
            priority = rec.priority
        for i, group in enumerate(cells_of(rec)):
            row = table.add_row().cells
            c = 0
            if has_ref:
                write(row[0], [rec.number if i == 0 else ""], bold=True)
                c = 1
            write(row[c], [rec_printed_text(rec, plan, None)] if i == 0 else [""], bold=i == 0 and rng.random() < 0.3)
            write(row[c + 1], action_paragraphs(group, number_prefix=True))
            a = group[0]
            write(row[c + 2], [a.lead or ""])
            write(row[c + 3], [a.deadline_text or ""])
            rag_cell(row[c + 4], a, shading_only=False)
            write(row[c + 5], [a.extra or ""])
    fixed_widths(table, scale(widths, usable_width(section)))
    doc.save(path)


def rag_shading(plan: Plan, rng: random.Random, path: Path) -> None:
    """Recommendation rows spanning the table; RAG column empty but shaded."""
    landscape = rng.random() < 0.6
    doc, section = new_document(plan, rng, landscape=landscape)
    for a in plan.actions:
        a.rag_printed = None
        a.rag_fill = rng.choice(SHADES[a.rag]) if a.rag else None
    h = plan.headers
    labels = [h["ref"], h["action"], h["lead"], h["deadline"], h["rag"], h["extra"]]
    widths = [1.2, 11.0, 4.0, 3.0, 1.6, 3.6] if landscape else [1.0, 7.4, 3.0, 2.4, 1.5, 2.4]
    table = doc.add_table(rows=1, cols=len(labels))
    table.style = "Table Grid"
    _header(table, labels, rng.choice(HEADER_FILLS))
    rec_fill = rng.choice(["DEEAF6", "F2F2F2", "E2EFDA", "FFF2CC"])
    heading, priority = object(), object()
    for rec in plan.recommendations:
        if rec.heading and rec.heading != heading:
            _span_row(table, rec.heading, None, size=10)
            heading = rec.heading
        label = None
        if rec.priority and rec.priority != priority:
            label = priority_label(rng, rec.priority)
            if plan.priority_style == "rows":
                _span_row(table, label, None, italic=True)
            priority = rec.priority
        row = table.add_row()
        cells = row.cells
        merged = cells[1].merge(cells[-1])
        write(cells[0], [rec.number or ""], bold=True)
        write(merged, [rec_printed_text(rec, plan, label)], bold=True)
        shade(cells[0], rec_fill)
        shade(merged, rec_fill)
        for group in cells_of(rec):
            cells = table.add_row().cells
            a = group[0]
            write(cells[0], [a.number or ""])
            write(cells[1], action_paragraphs(group, number_prefix=False))
            write(cells[2], [a.lead or ""])
            write(cells[3], [a.deadline_text or ""])
            rag_cell(cells[4], a, shading_only=True)
            write(cells[5], [a.extra or ""])
    fixed_widths(table, scale(widths, usable_width(section)))
    plan.notes.append("The RAG column prints no text: its colour is the cell shading (C00000/FF0000... red, "
                      "FFC000/F79646... amber, 00B050/92D050... green, 0070C0/00B0F0... blue); unshaded = null.")
    doc.save(path)


def docx_merged(plan: Plan, rng: random.Random, path: Path) -> None:
    """Recommendation (and shared lead) cells merged down their action rows; a two-row header."""
    doc, section = new_document(plan, rng, landscape=True)
    choose_fills(plan, rng, share=0.5)
    h = plan.headers
    has_ref = plan.numbering != "none"
    top = ([h["ref"]] if has_ref else []) + [h["recommendation"], h["action"], h["lead"], h["deadline"]]
    group_label = "Monitoring" if h["rag"] == "Progress" else rng.choice(["Progress", "Monitoring", "Update"])
    labels = top + [h["rag"], h["extra"]]
    widths = ([1.1] if has_ref else []) + [5.8, 8.2, 3.4, 2.8, 2.6, 2.8]
    table = doc.add_table(rows=2, cols=len(labels))
    table.style = "Table Grid"
    fill = rng.choice(HEADER_FILLS[:6])
    for i, label in enumerate(top):
        cell = table.cell(0, i).merge(table.cell(1, i))
        write(cell, [label], bold=True)
        shade(cell, fill)
    n = len(top)
    span = table.cell(0, n).merge(table.cell(0, n + 1))
    write(span, [group_label], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    shade(span, fill)
    write(table.cell(1, n), [h["rag"]], bold=True)
    write(table.cell(1, n + 1), [h["extra"]], bold=True)
    shade(table.cell(1, n), fill)
    shade(table.cell(1, n + 1), fill)
    repeat_header(table.rows[0])
    repeat_header(table.rows[1])
    heading, priority = object(), object()
    merged_leads = 0
    for rec in plan.recommendations:
        if rec.heading and rec.heading != heading:
            _span_row(table, rec.heading, "F2F2F2")
            heading = rec.heading
        label = None
        if rec.priority and rec.priority != priority:
            label = priority_label(rng, rec.priority)
            if plan.priority_style == "rows":
                _span_row(table, label, None, italic=True)
            priority = rec.priority
        groups = cells_of(rec)
        first_row = len(table.rows)
        for group in groups:
            cells = table.add_row().cells
            c = 1 if has_ref else 0
            a = group[0]
            write(cells[c + 1], action_paragraphs(group, number_prefix=True))
            write(cells[c + 2], [a.lead or ""])
            write(cells[c + 3], [a.deadline_text or ""])
            rag_cell(cells[c + 4], a, shading_only=False)
            write(cells[c + 5], [a.extra or ""])
        last_row = len(table.rows) - 1
        c = 1 if has_ref else 0
        rec_cell = table.cell(first_row, c).merge(table.cell(last_row, c)) if last_row > first_row else table.cell(
            first_row, c)
        write(rec_cell, [rec_printed_text(rec, plan, label)])
        if has_ref:
            ref_cell = table.cell(first_row, 0).merge(table.cell(last_row, 0)) if last_row > first_row else table.cell(
                first_row, 0)
            write(ref_cell, [rec.number], bold=True)
        leads = {g[0].lead for g in groups}
        if last_row > first_row and len(leads) == 1 and None not in leads:
            lead_cell = table.cell(first_row, c + 2).merge(table.cell(last_row, c + 2))
            write(lead_cell, [groups[0][0].lead])
            merged_leads += 1
    fixed_widths(table, scale(widths, usable_width(section)))
    plan.notes.append(
        "Recommendation cells are merged vertically over their action rows"
        + (" and so is the lead cell where all of a recommendation's actions share one lead" if merged_leads else "")
        + f"; the header is two rows ('{group_label}' spans the RAG and {h['extra']} columns). The RAG of some"
        " rows is text, of others only cell shading (gold colour from the fill; unshaded blank = null).")
    doc.save(path)


# --------------------------------------------------------------------------- conversion


def soffice_to_pdf(source: Path, out_dir: Path, infilter: str | None = None) -> Path:
    """Convert with LibreOffice in a private profile; returns the PDF path."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("LibreOffice (soffice) is needed to render PDFs")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless",
             *([f"--infilter={infilter}"] if infilter else []), "--convert-to", "pdf",
             "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=180)
    pdf = out_dir / (source.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not convert {source.name}")
    return pdf
