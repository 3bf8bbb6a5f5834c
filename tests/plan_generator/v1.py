"""v1: six fixed layouts (tests/corpus): python -m tests.plan_generator --v1 --seed N [--per-layout K] [--layouts a,b]."""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from pathlib import Path

import pypdfium2

from . import LAYOUTS
from .content import Plan, fold, lengthen, make_plan, page_of_texts

SCANNED_MAX_BYTES = 590_000


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def pdf_pages(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _spans_pages(pages: list[str], action) -> bool:
    """Whether the action's first words and its last bullet are printed on different pages."""
    norm = [" ".join(t.split()) for t in pages]
    head = " ".join(action.text.split()[:6])
    tail = " ".join(action.paragraphs[-1].removeprefix("• ").split()[-4:])
    first = next((i for i, t in enumerate(norm) if head in t), None)
    last = next((i for i, t in enumerate(norm) if tail in t and (first is None or i >= first)), None)
    return first is not None and last is not None and last > first


def render(plan: Plan, rng: random.Random, out: Path, work: Path) -> Path:
    from . import render_docx  # imported here: python-docx is only needed to render

    layout = plan.layout
    if layout == "ruled_landscape":
        # one row long enough to break across a page: try candidates until one does
        candidates = [a for a in plan.actions if a.number and len(a.paragraphs) >= 1]
        rng.shuffle(candidates)
        state = rng.getstate()
        for attempt, action in enumerate(candidates[:8]):
            old = lengthen(action, rng)
            rng_render = random.Random(rng.random())
            source = work / f"{plan.name}.docx"
            render_docx.ruled_landscape(plan, rng_render, source)
            pdf = render_docx.soffice_to_pdf(source, work)
            if _spans_pages(pdf_pages(pdf), action):
                plan.notes.append(
                    f"Landscape ruled table, header row repeated on every page; the row of action "
                    f"{action.number} breaks across a page and its text is joined; theme and priority rows "
                    "span all columns.")
                break
            action.text, action.paragraphs = old
            rng.setstate(state)
        else:
            source = work / f"{plan.name}.docx"
            render_docx.ruled_landscape(plan, random.Random(rng.random()), source)
            pdf = render_docx.soffice_to_pdf(source, work)
            plan.notes.append("Landscape ruled table, header row repeated on every page (no row broke across a page).")
        target = out / f"{plan.name}.pdf"
        shutil.copyfile(pdf, target)
        page_of_texts(pdf_pages(target), plan)
        return target
    if layout == "rag_shading":
        source = work / f"{plan.name}.docx"
        render_docx.rag_shading(plan, rng, source)
        target = out / f"{plan.name}.pdf"
        shutil.copyfile(render_docx.soffice_to_pdf(source, work), target)
        page_of_texts(pdf_pages(target), plan)
        return target
    if layout == "docx_merged":
        target = out / f"{plan.name}.docx"
        render_docx.docx_merged(plan, rng, target)
        return target
    if layout == "borderless":
        from .render_pdf import borderless

        target = out / f"{plan.name}.pdf"
        borderless(plan, rng, target)
        page_of_texts(pdf_pages(target), plan)
        return target
    if layout == "html_rowspan":
        from .render_html import html_rowspan

        source = work / f"{plan.name}.html"
        html_rowspan(plan, rng, source)
        target = out / f"{plan.name}.pdf"
        shutil.copyfile(render_docx.soffice_to_pdf(source, work, infilter="HTML (StarWriter)"), target)
        page_of_texts(pdf_pages(target), plan)
        return target
    if layout == "scanned":
        from .scan import scan

        source = work / f"{plan.name}-source.docx"
        render_docx.ruled_landscape(plan, rng, source)
        pdf = render_docx.soffice_to_pdf(source, work)
        page_of_texts(pdf_pages(pdf), plan)
        target = out / f"{plan.name}.pdf"
        for quality in (45, 38, 30, 24):
            done = scan(pdf, target, random.Random(plan.name), quality=quality)
            if target.stat().st_size <= SCANNED_MAX_BYTES:
                break
        plan.notes.append(
            f"Image-only PDF (no text layer): a ruled landscape plan printed, then rasterised at 150 dpi greyscale,"
            f" skewed {done['angle']} degrees, blurred and given grey noise (JPEG quality {quality}). Pages are"
            " those of the printed source.")
        return target
    raise ValueError(f"unknown layout {layout!r}")


def check_text(plan: Plan, path: Path) -> list[str]:
    """Gold texts missing from the PDF's text (a row split by a page break legitimately misses)."""
    if path.suffix != ".pdf" or plan.layout == "scanned":
        return []
    text = " ".join(" ".join(pdf_pages(path)).replace("•", " ").replace("\uf0b7", " ").split())
    return [a.text[:60] for a in plan.actions if fold(a.text) not in text]


def generate(seed: int, out: Path, per_layout: int, layouts: list[str]) -> None:
    """The v1 corpus: ``per_layout`` documents of each chosen layout, in LAYOUTS order."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for li, layout in enumerate(LAYOUTS):
            if layout not in layouts:
                continue
            for k in range(per_layout):
                index = li * 100 + k
                plan = make_plan(seed, index, layout, "")
                plan.name = f"{layout}-{k + 1:02d}-{slug(plan.council.name)}-{plan.document_date.year}"
                rng = random.Random(f"render:{seed}:{index}")
                path = render(plan, rng, out, work)
                gold = plan.gold(path.name)
                gold["notes"] += f" Generator seed {seed}, document index {index}."
                (out / f"{plan.name}.gold.json").write_text(
                    json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
                missing = check_text(plan, path)
                paged = sum(a.page is not None for a in plan.actions)
                print(f"{path.name}: {len(plan.recommendations)} recommendations, {len(plan.actions)} actions, "
                      f"{path.stat().st_size // 1024} KB, pages found {paged}/{len(plan.actions)}"
                      + (f", {len(missing)} texts not contiguous in PDF text" if missing else ""))
