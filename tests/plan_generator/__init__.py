"""Synthetic post-inspection action plans with known gold records (issue 3's measurement corpus).

``content`` draws a random but realistic plan (council, dates, recommendations, actions,
leads, deadlines, RAG) from a seed and computes its gold records with its own small date
rules (tests/gold/README.md); the ``render_*`` modules print that plan in different
layouts; ``scan`` turns a rendered PDF into an image-only "scanned" PDF.

    python -m tests.plan_generator --seed 1 --per-layout 2 --out tests/corpus/seed-1

Rendering needs LibreOffice (``soffice``), poppler (``pdftoppm``), python-docx, reportlab
and Pillow; the committed corpus is read by the tests without any of them but pypdfium2.
"""

LAYOUTS = ("ruled_landscape", "rag_shading", "docx_merged", "borderless", "html_rowspan", "scanned")
