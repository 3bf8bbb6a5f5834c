"""Render v2 documents in their formats, find the pages of PDF actions, and write each gold file beside its document."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

from ..content import page_of_texts
from ..render_docx import soffice_to_pdf
from ..v1 import pdf_pages, slug
from .blocks import plan_blocks, report_blocks
from .plan import INVARIANCE_FORMATS, Plan, draw_plan

SCAN_MAX_BYTES = 650_000
EXTENSIONS = {"tab": ".txt", "flat": ".txt", "markdown": ".md", "prose": ".txt", "email": ".txt", "docx": ".docx", "xlsx": ".xlsx",
              "html": ".html"}


def split_rows(pages: list[str], plan: Plan) -> int:
    """How many actions begin on one page and end on a later one (their row broken by a page break)."""
    norm = [" ".join(t.replace("\ufffe", "-").replace("•", " ").replace("\uf0b7", " ").split()) for t in pages]
    count = 0
    for a in plan.actions:
        words = a.text.split()
        head, tail = " ".join(words[:5]), " ".join(words[-4:])
        first = next((i for i, t in enumerate(norm) if head in t), None)
        last = next((i for i, t in enumerate(norm) if first is not None and i >= first and tail in t), None)
        count += first is not None and last is not None and last > first
    return count


def _word(plan: Plan, rng: random.Random, path: Path) -> None:
    from .word import WordWriter

    if plan.format == "committee-pdf":
        WordWriter(plan, rng, landscape=False).render(report_blocks(plan, rng), path)
    else:
        WordWriter(plan, rng).render(plan_blocks(plan, rng), path)


def _sheet(plan: Plan, rng: random.Random, path: Path) -> None:
    from .sheet import SheetWriter

    SheetWriter(plan, rng).render(plan_blocks(plan, rng), path)


def _drawn(plan: Plan, rng: random.Random, path: Path, style: str | None = None) -> None:
    from .drawn import PdfWriter

    PdfWriter(plan, rng, style=style).render(plan_blocks(plan, rng), path)


def _html(plan: Plan, rng: random.Random, path: Path) -> None:
    from .web import PageWriter

    PageWriter(plan, rng).render(plan_blocks(plan, rng), path)


def _text(plan: Plan, rng: random.Random, path: Path) -> None:
    from . import text

    render: Callable[[Plan, random.Random, Path], None] = {
        "tab": text.render_tab, "flat": text.render_flat, "markdown": text.render_markdown, "prose": text.render_prose,
        "email": text.render_email}[plan.format]
    render(plan, rng, path)


NOTES = {
    "docx": "A Word file made with python-docx: real list bullets (List Bullet style), merged cells, shading, header"
            " rows marked to repeat (w:tblHeader).",
    "docx-pdf": "A Word file (python-docx) exported to PDF by LibreOffice Writer; long rows may break across pages"
                " under the repeated header row.",
    "xlsx": "An Excel tracker made with openpyxl: a title block above the header row, merged cells, wrapped text, dates"
            " as date cells with a number format; hidden rows and hidden sheets are not in the gold.",
    "xlsx-pdf": "An Excel tracker (openpyxl) exported to PDF by LibreOffice Calc, fitted to the page width with the"
                " header rows repeated; hidden rows and sheets are not printed and not in the gold.",
    "html": "A council web page: site header, navigation and footer around headings and a table with thead,"
            " rowspan/colspan and fills or dots by inline style or CSS class.",
    "pdf": "Drawn with reportlab; symbols in DejaVu Sans; dots drawn as filled circles; rows may split across pages.",
    "committee-pdf": "A committee progress report written in Word (python-docx) and exported to PDF by LibreOffice;"
                     " each recommendation is one action whose text is the recommendation's own.",
}


def render(plan: Plan, rng: random.Random, out: Path, work: Path, *, pdf_style: str | None = None) -> Path:
    """Write the plan's document into ``out`` (intermediate files into ``work``); returns its path."""
    fmt = plan.format
    if fmt in EXTENSIONS:
        target = out / f"{plan.name}{EXTENSIONS[fmt]}"
        {"docx": _word, "xlsx": _sheet, "html": _html}.get(fmt, _text)(plan, rng, target)
        if fmt in NOTES:
            plan.notes.append(NOTES[fmt])
        return target
    target = out / f"{plan.name}.pdf"
    if fmt == "scan":
        source_fmt = "pdf" if pdf_style or rng.random() < 0.4 else "docx-pdf"
        source = _pdf(plan, rng, work, source_fmt, pdf_style)
        pages = pdf_pages(source)
        page_of_texts(pages, plan)
        from ..scan import scan

        dpi = rng.choice([150, 150, 170, 200])
        for quality in (45, 38, 30, 24, 18):
            done = scan(source, target, random.Random(plan.name), quality=quality, dpi=dpi)
            if target.stat().st_size <= SCAN_MAX_BYTES:
                break
        plan.features.render.update({"scanned_from": source_fmt, "dpi": dpi, "skew_degrees": done["angle"],
                                     "jpeg_quality": quality, "rows_split_at_page_break": split_rows(pages, plan)})
        plan.notes.append(f"Image-only PDF (no text layer): a {source_fmt} rendering rasterised at {dpi} dpi greyscale,"
                          f" skewed {done['angle']} degrees, blurred, with grey noise, JPEG quality {quality}; pages"
                          " are those of the printed source.")
        return target
    shutil.copyfile(_pdf(plan, rng, work, fmt, pdf_style), target)
    pages = pdf_pages(target)
    page_of_texts(pages, plan)
    plan.features.render["rows_split_at_page_break"] = split_rows(pages, plan)
    plan.features.render["pages"] = len(pages)
    plan.notes.append(NOTES[fmt])
    return target


def _pdf(plan: Plan, rng: random.Random, work: Path, fmt: str, pdf_style: str | None) -> Path:
    if fmt == "pdf":
        path = work / f"{plan.name}.pdf"
        _drawn(plan, rng, path, pdf_style)
        return path
    source = work / f"{plan.name}{'.xlsx' if fmt == 'xlsx-pdf' else '.docx'}"
    (_sheet if fmt == "xlsx-pdf" else _word)(plan, rng, source)
    return soffice_to_pdf(source, work)


def missing_texts(plan: Plan, path: Path) -> list[str]:
    """Gold action texts not found whole in a PDF's text (a row broken by a page break legitimately misses)."""
    if path.suffix != ".pdf" or plan.format == "scan":
        return []
    text = " ".join(pdf_pages(path)).replace("\ufffe", "-")  # pdfium's mark for a hyphen at a line end
    text = " ".join(text.replace("•", " ").replace("\uf0b7", " ").split())
    return [a.text[:50] for a in plan.actions if a.text not in text]


def write(plan: Plan, path: Path) -> None:
    gold = plan.gold(path.name)
    path.with_name(plan.name + ".gold.json").write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n",
                                                        encoding="utf-8")
    missing = missing_texts(plan, path)
    paged = sum(a.page is not None for a in plan.actions)
    print(f"{path.name}: {len(plan.recommendations)} recommendations, {len(plan.actions)} actions, "
          f"{path.stat().st_size // 1024} KB" + (f", pages found {paged}/{len(plan.actions)}" if paged else "")
          + (f", {len(missing)} texts not contiguous in the PDF text" if missing else ""))


def formats_for(seed: int, count: int, formats: list[str]) -> list[str]:
    """Each of ``formats`` once (shuffled by the seed), then random picks from them up to ``count``."""
    rng = random.Random(f"formats:{seed}")
    chosen = list(formats)
    rng.shuffle(chosen)
    chosen += rng.choices(formats, k=max(0, count - len(chosen)))
    return chosen[:count] if count < len(formats) else chosen


def generate(seed: int, out: Path, work: Path, count: int, formats: list[str]) -> None:
    for index, fmt in enumerate(formats_for(seed, count, formats)):
        plan = draw_plan(seed, index, fmt)
        plan.name = f"{fmt}-{index + 1:02d}-{slug(plan.council.name)}-{plan.year}"
        path = render(plan, random.Random(f"render:{seed}:{index}:{fmt}"), out, work)
        write(plan, path)


def generate_invariance(seed: int, out: Path, work: Path) -> None:
    """One plan's content in every format that can show it all, with identical gold records."""
    for fmt in INVARIANCE_FORMATS:
        plan = draw_plan(seed, 0, fmt, invariance=True)
        plan.name = f"{fmt}-{slug(plan.council.name)}-{plan.year}"
        plan.notes.append("Format-invariance set: the same plan rendered in each format with the same gold records.")
        path = render(plan, random.Random(f"render:{seed}:inv:{fmt}"), out, work,
                      pdf_style="borderless" if fmt in ("pdf", "scan") else None)
        write(plan, path)


def generate_versions(seed: int, out: Path, work: Path, formats: list[str], versions: int) -> None:
    """One plan per format, and its next ``versions - 1`` versions (``<name>-v<N>``), uids in the gold."""
    from .versions import next_version, track

    for index, fmt in enumerate(formats):
        plan = draw_plan(seed, index, fmt, invariance=True)
        track(plan)
        base = f"{fmt}-{slug(plan.council.name)}-{plan.year}"
        for number in range(1, versions + 1):
            if number > 1:
                plan = next_version(plan, random.Random(f"version:{seed}:{index}:{number}"), number)
            plan.name = f"{base}-v{number}"
            write(plan, render(plan, random.Random(f"render:{seed}:ver:{fmt}"), out, work))
