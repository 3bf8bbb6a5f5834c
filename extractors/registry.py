"""Which extractor reads a file: every extractor scores the content, the best one wins."""

from __future__ import annotations

from extractors import committee_report, flattened_columns, markdown_table, tab_table
from extractors.base import ExtractionError, Extractor, SourceFile

EXTRACTORS: tuple[Extractor, ...] = (
    tab_table.EXTRACTOR,
    markdown_table.EXTRACTOR,
    flattened_columns.EXTRACTOR,
    committee_report.EXTRACTOR,
)
MIN_SCORE = 0.3  # below this no extractor recognises the file


def detect(source: SourceFile) -> Extractor:
    """The extractor whose sniffing scores highest; ExtractionError if none fits."""
    scored = sorted(((ext.sniff(source), ext) for ext in EXTRACTORS), key=lambda pair: pair[0], reverse=True)
    score, best = scored[0]
    if score < MIN_SCORE:
        source.text  # an empty, binary or undecodable file: raise that more precise cause
        raise ExtractionError(f"not a recognised action plan or report (best fit {best.name}, score {score:.2f})")
    return best
