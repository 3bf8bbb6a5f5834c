"""Which extractor reads a file: every extractor scores the content, the best one wins."""

from __future__ import annotations

from extractors import (
    committee_report,
    docx_plan,
    flattened_columns,
    markdown_table,
    ofsted_report,
    pdf_plan,
    tab_table,
)
from extractors.base import ExtractionError, Extractor, SourceFile
from extractors.pdf_text import read_pdf_text

EXTRACTORS: tuple[Extractor, ...] = (
    tab_table.EXTRACTOR,
    markdown_table.EXTRACTOR,
    flattened_columns.EXTRACTOR,
    committee_report.EXTRACTOR,
    ofsted_report.EXTRACTOR,
    pdf_plan.EXTRACTOR,
    docx_plan.EXTRACTOR,
)
MIN_SCORE = 0.3  # below this no extractor recognises the file


def detect(source: SourceFile) -> Extractor:
    """The extractor whose sniffing scores highest; ExtractionError if none fits."""
    scored = sorted(((ext.sniff(source), ext) for ext in EXTRACTORS), key=lambda pair: pair[0], reverse=True)
    score, best = scored[0]
    if score < MIN_SCORE:
        if source.data.startswith(b"%PDF") or source.path.suffix.lower() == ".pdf":
            read_pdf_text(source.data, max_pages=1)  # raises the precise cause: not a PDF, encrypted, damaged...
        source.text  # an empty, binary or undecodable file: raise that more precise cause
        raise ExtractionError(f"not a recognised action plan or report (best fit {best.name}, score {score:.2f})")
    return best
