"""Synthetic post-inspection action plans with known gold records (issue 3's measurement corpus).

v2 (``v2/``, tests/generated): each document draws its format (tab export, markdown, committee
report, email, Word, Word PDF, Excel, Excel PDF, web page, reportlab PDF, scan, committee PDF)
and its features from the seed; see tests/generated/README.md.

    python -m tests.plan_generator --seed 201 --out tests/generated/seed-201
    python -m tests.plan_generator --invariance --seed 1 --out tests/generated/invariance-1

v1 (``v1``, tests/corpus): six fixed layouts. ``content`` draws a random but realistic plan
(council, dates, recommendations, actions, leads, deadlines, RAG) from a seed and computes its
gold records with its own small date rules (tests/gold/README.md); the ``render_*`` modules
print that plan in different layouts; ``scan`` turns a rendered PDF into an image-only
"scanned" PDF (v2 shares its phrase banks, date helpers, Word helpers and scanner).

    python -m tests.plan_generator --v1 --seed 1 --per-layout 2 --out tests/corpus/seed-1

Rendering needs LibreOffice (``soffice``), python-docx, openpyxl, reportlab, Pillow and
pypdfium2; the committed corpus is read by the tests without any of them but pypdfium2.
"""

LAYOUTS = ("ruled_landscape", "rag_shading", "docx_merged", "borderless", "html_rowspan", "scanned")
