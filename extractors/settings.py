"""Every threshold the readers, the cleanup and the record builder use, in one place.

Like pdfplumber's ``TableSettings``: one frozen dataclass whose fields are
documented where they are declared; :data:`SETTINGS` is the default every stage
takes. Nothing here names a council or quotes a document: these are sizes,
shares and distances that say how a table or a page is drawn.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Settings:
    # ------------------------------------------------------------ readers
    max_sheet_rows: int = 5000  # rows of one spreadsheet (or HTML table) read; a tracker has a few hundred
    max_sheet_columns: int = 60  # columns of one sheet read; wider is a data dump, not a plan
    max_text_lines: int = 200_000  # lines of a text file read
    # characters of a spreadsheet cell's number format read: Excel writes none longer, and its unclosed "[" or '"'
    # are each looked past to the end (quadratic in a long one)
    max_format_chars: int = 255
    # Limits on one input file, whatever reads it: past them the file is one error line, the batch goes on.
    # Each is settable as ACTIONPLANS_<NAME> (e.g. ACTIONPLANS_FILE_SECONDS=120) or `--limit name=value`.
    max_file_bytes: int = 200_000_000  # bytes of one file read at all
    max_text_bytes: int = 20_000_000  # bytes of a text export decoded (a real one is well under 1 MB)
    max_blank_run: int = 1000  # spaces or tabs in a row kept of a text export's longer runs
    max_cell_chars: int = 20_000  # characters kept of one table cell or text block; the rest is cut, with a warning
    file_seconds: float = 45.0  # wall-clock seconds one file may take; its worker is then ended
    worker_memory: int = 1_500_000_000  # bytes of address space a worker may add while reading one file
    # resident bytes a worker and what it runs (tesseract) may hold, looked at every memory_poll_seconds: the
    # address space above is no bound on it (OpenCV alone reserves 500 MB it never touches), and two workers at
    # this and the main process stay under 2 GB. The heaviest page OCR'd holds about 770 MB.
    worker_resident: int = 850_000_000
    memory_poll_seconds: float = 0.1
    max_spanning_lines: int = 4  # plain lines between two rows of a text table that are rows printed across it
    # batches (pipeline/workers.py, pipeline/ingest.py)
    worker_bytes: int = 1_000_000  # bytes of input that make one more worker process worth starting (-j 0)
    held_bytes: int = 256_000_000  # bytes of files read for their sha256 that ingest keeps for the workers,
    # so that those files are not read twice; a file past it is read again by its worker
    idle_sample_seconds: float = 0.1  # how long the machine's idle CPU is sampled to choose workers (-j 0)
    # Office packages and web pages (extractors/readers/docx.py, xlsx.py, html.py)
    max_package_bytes: int = 100_000_000  # unpacked size of a DOCX/XLSX package refused as a zip bomb
    grey_spread: int = 16  # text whose RGB channels lie this close together is black, grey or white: no colour
    sheet_heading_size: float = 13.0  # points: a spreadsheet title-block line this large is a heading (body is 11)
    # How Excel's built-in short date (number format 14) is shown: it follows the reader's locale, and these
    # documents are English, so day first. Written in Excel's own format codes.
    short_date_format: str = "dd/mm/yyyy"
    # PDF pages (extractors/readers/pdf_objects.py)
    word_gap: float = 0.25  # a horizontal gap over this share of the font size ends a word
    rule_thickness: float = 2.0  # points: a filled box this thin is a drawn rule, not a shaded area
    max_page_paths: int = 20000  # path objects read on one page; past it the rest is decoration
    min_rule_length: float = 3.0  # points: a shorter stroke is text decoration, not a rule
    # tables on a page (extractors/readers/page_tables.py), from the PDF text layer or OCR alike
    snap_tolerance: float = 3.0  # points within which rules are snapped and joined (pdfplumber's default)
    phrase_gap: float = 0.9  # a gap over this share of the font size splits a line into two cells' phrases
    column_slack: float = 3.0  # points a cell's text may start left of its column's boundary
    row_gap: float = 0.45  # a vertical gap over this share of the line height separates two unruled rows
    row_start_columns: int = 3  # columns starting new text together, after a gap, that start a row
    band_share: float = 0.5  # a rule or shaded stripe this share of a table's width apart separates rows
    min_fill_share: float = 0.5  # a shaded box must cover this share of a cell to be its fill
    max_mark_size: float = 2.0  # a filled shape inside a cell up to this many font sizes across is a mark
    # scans (extractors/readers/ocr.py)
    ocr_dpi: int = 300  # resolution pages without a text layer are rendered at for Tesseract
    low_ocr_confidence: float = 70.0  # a page whose mean word confidence is below this gets a warning
    ocr_threads: int = 4  # pages of one scan read at once (bounded by the cores); each runs one Tesseract
    ocr_progress_pages: int = 25  # a progress line (logged at INFO, shown by the CLI) every this many pages OCR'd
    max_pages: int = 500  # pages of one document read
    max_render_pixels: int = 20_000_000  # pixels of one rendered page (A3 at 300 dpi is 17M); larger is rendered coarser


    # record builder (extractors/build/)
    max_recommendation_cells: int = 2  # other cells a numbered recommendation row may fill
    min_column_share: float = 0.6  # share of a column's cells that must look like status marks (or deadlines)
    # for an unnamed column to be taken for the RAG (or deadline) column
    min_long_text: int = 40  # median characters of an unnamed column holding recommendation text
    span_length_factor: float = 2.0  # a lone sentence this many times longer than its column's typical cell
    # is a row printed across the table, not a value of that column
    header_search: int = 6  # rows of a table searched for its header (a title block read into a table)
    # Ofsted inspection reports (extractors/build/report.py)
    heading_size_step: float = 0.5  # points: print this much over the body size (or bold) is a heading; under, a footer
    continuation_indent: float = 3.0  # points: a line this far right of an item's number or bullet carries it on
    title_lines: int = 12  # lines at the top of page 1 searched for a report's title
    publication_window_days: int = 31  # days after the PDF's creation a date in its file name may be its publication
    # prose (extractors/build/prose.py): committee reports, their PDF exports, emails
    paragraph_gap: float = 0.6  # a vertical gap over this share of the font size between two PDF lines ends a paragraph
    prose_heading_step: float = 1.5  # points larger than the body text that make a PDF line a prose heading
    char_width: float = 0.5  # a character's mean width as a share of the font size (will the next word fit?)
    wrapped_share: float = 0.5  # share of a text's long lines (40+ characters) filling its width to call it hard-wrapped
    min_recommendation_words: int = 4  # a shorter restated recommendation is a fragment, not one


def from_env(base: Settings, environ: dict[str, str] | os._Environ[str] = os.environ) -> Settings:
    """``base`` with every number field named ACTIONPLANS_<FIELD> in ``environ`` replaced; ValueError if not a number."""
    return with_limits(base, {f.name: environ[key] for f in fields(base)
                              if (key := f"ACTIONPLANS_{f.name.upper()}") in environ})


def with_limits(base: Settings, values: dict[str, str]) -> Settings:
    """``base`` with number fields set from text; ValueError naming a field unknown, not a number or not above 0."""
    types = {f.name: f.type for f in fields(base) if f.type in ("int", "float")}
    changes: dict[str, int | float] = {}
    for name, text in values.items():
        if name not in types:
            raise ValueError(f"no limit named {name!r}; choose from {', '.join(types)}")
        try:
            number = int(text) if types[name] == "int" else float(text)
        except ValueError:
            raise ValueError(f"{name}={text[:40]!r} is not {'a whole number' if types[name] == 'int' else 'a number'}") from None
        if not 0 < number < 1e15:
            raise ValueError(f"{name}={text[:40]!r} must be above 0 and below 10^15")
        changes[name] = number
    return replace(base, **changes)


try:
    SETTINGS = from_env(Settings())
except ValueError:  # the command line says what is wrong (pipeline/cli.py); library callers get the defaults
    SETTINGS = Settings()
