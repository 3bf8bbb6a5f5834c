"""Speed and memory of the pipeline on real files, beside a bare pdfplumber pass.

    python -m bench.benchmark [--files F [F ...]] [--per-file] [--json]

Default inputs: the generated plans (tests/corpus/seed-*/*.pdf), those with a
text layer and the scans apart, and, when the shared corpus is checked out
beside the repository, the real Ofsted reports
(../shared/corpus/ofsted-reports/*/*.pdf). A file pdfium cannot open as a PDF
(an HTML page saved as .pdf) is listed and left out of the timing.

Every system runs in a fresh subprocess, so one's imports, caches and heap
cannot flatter or burden another:

- ``pipeline``: pipeline.run.extract_file (readers, cleanup, record builder), then normalise and
  tag themes;
- ``pdf reader``: extractors.readers.pdf.read alone (bytes -> Layout: words, rules, tables, OCR);
- ``pipeline, all cores``: the same files as one batch, extracted in the worker processes
  ``actionplans ingest`` chooses (pipeline.workers.worker_count, pipeline.run.extract_many), timed as a whole;
- ``pdfplumber``: ``page.extract_tables()`` over every page, the cost of the naive baseline;
- ``extractors``: extractors.detect.extract only (no normalising or tagging), for the text samples (data/raw).

Wall seconds are summed over the files; one-time setup (imports, building the
theme tagger, a warm-up run on the first file for lazy caches) is reported
apart, since a batch pays it once. Memory is the child's peak resident set
size, ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` read at its end (the
interpreter and libraries included), with the same mark read after setup
("setup MB"). An extraction error is counted and listed, never fatal: the
time spent failing stays in the total.

Theme tagging is timed in this process: ``ThemeTagger.tag_texts`` (nlp.pipe)
over the action texts of every seed's gold file. So is the split of a scanned
page's CPU time between the OCR reader's stages, one page at a time: rendering
(pdfium), our own page geometry (deskew, shaded blocks, rules) and Tesseract (its
process, read from the children's CPU time, and the call around it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from rich import box
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
REPORTS = ROOT.parent / "shared" / "corpus" / "ofsted-reports"
RAW = ROOT / "data" / "raw"
PIPELINE, PDFPLUMBER, EXTRACTORS, READER = "pipeline", "pdfplumber", "extractors", "pdf reader"
SCANS = "generated scans (OCR)"
BATCH = "pipeline, all cores"  # the same files as one batch through pipeline.run.extract_many
_KB_PER_MB = 1024  # Linux reports ru_maxrss in kilobytes
_CHILD_FLAG = "--child"


@dataclass
class FileRun:
    """One file through one system."""

    path: str
    seconds: float
    records: int = 0  # actions found by the pipeline/extractors, tables by pdfplumber
    error: str | None = None


@dataclass
class Measurement:
    """One system over a set of files, in one fresh process."""

    system: str
    runs: list[FileRun]
    setup_seconds: float
    setup_mb: float  # peak RSS after setup, before the timed files
    peak_mb: float  # peak RSS at the end
    files: int = 0
    pages: int = 0  # of the files, counted by pdfium in the parent
    size_mb: float = 0.0  # of the files on disk

    @property
    def seconds(self) -> float:
        return sum(run.seconds for run in self.runs)

    @property
    def records(self) -> int:
        return sum(run.records for run in self.runs)

    @property
    def errors(self) -> list[FileRun]:
        return [run for run in self.runs if run.error]

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        rates = {"pages_per_second": self.pages_per_second, "records_per_second": self.records_per_second}
        return {**asdict(self), "seconds": self.seconds, **rates}


# --- the child: one system over files, in its own process ------------------------------


def _pipeline_runner() -> Callable[[Path], int]:
    from pipeline.run import extract_file
    from pipeline.themes import default_tagger

    default_tagger()  # built once per process: setup, not per-file cost
    return lambda path: len(extract_file(path).actions)


def _extractors_runner() -> Callable[[Path], int]:
    from extractors.base import SourceFile
    from extractors.detect import extract

    return lambda path: len(extract(SourceFile.read(path)).actions)


def _reader_runner() -> Callable[[Path], int]:
    """Tables found by the PDF reader alone: the part pdfplumber's extract_tables stands beside."""
    from extractors.base import SourceFile
    from extractors.readers.pdf import read

    return lambda path: len(read(SourceFile.read(path)).tables())


def _pdfplumber_runner() -> Callable[[Path], int]:
    import pdfplumber

    def run(path: Path) -> int:
        with pdfplumber.open(path) as pdf:
            return sum(len(page.extract_tables()) for page in pdf.pages)

    return run


RUNNERS: dict[str, Callable[[], Callable[[Path], int]]] = {
    PIPELINE: _pipeline_runner,
    EXTRACTORS: _extractors_runner,
    READER: _reader_runner,
    PDFPLUMBER: _pdfplumber_runner,
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / _KB_PER_MB


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "no message"
    return f"{type(exc).__name__}: {text}"


def _attempt(run: Callable[[Path], int], path: Path) -> tuple[int, str | None]:
    """Records found and no error, or 0 and the error in one line."""
    try:
        return run(path), None
    except Exception as exc:  # noqa: BLE001 - a failing file is a result to list, not a crash
        return 0, _one_line(exc)


def _run_batch_child(paths: Sequence[Path]) -> dict[str, Any]:
    """The batch as ``actionplans ingest`` extracts it (its choice of workers), timed as a whole.

    Peak memory counts this process and each worker at the largest worker's peak.
    """
    from pipeline.run import extract_many
    from pipeline.themes import default_tagger
    from pipeline.workers import worker_count

    started = time.perf_counter()
    default_tagger()
    list(extract_many(paths[:1], workers=1))  # warm-up, as for the other systems
    setup_seconds, setup_mb = time.perf_counter() - started, _peak_mb()
    workers = worker_count([path.stat().st_size for path in paths])
    started = time.perf_counter()
    results = list(extract_many(paths, workers))
    seconds = time.perf_counter() - started
    records = sum(len(doc.actions) for _, doc in results if not isinstance(doc, Exception))
    failed = [FileRun(str(path), 0.0, 0, _one_line(doc)) for path, doc in results if isinstance(doc, Exception)]
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / _KB_PER_MB
    batch = FileRun(f"{len(paths)} files in {workers} processes", seconds, records)
    return {
        "runs": [asdict(run) for run in (batch, *failed)],
        "setup_seconds": setup_seconds,
        "setup_mb": setup_mb,
        "peak_mb": _peak_mb() + workers * children_mb,
    }


def run_child(system: str, paths: Sequence[Path]) -> dict[str, Any]:
    """What a child process reports: per-file seconds, records and errors, setup cost, peak memory."""
    if system == BATCH:
        return _run_batch_child(paths)
    started = time.perf_counter()
    run = RUNNERS[system]()
    if paths:  # a warm-up on the first file: lazy imports and caches are setup, not that file's cost
        _attempt(run, paths[0])
    setup_seconds, setup_mb = time.perf_counter() - started, _peak_mb()
    runs = []
    for path in paths:
        started = time.perf_counter()
        records, error = _attempt(run, path)
        runs.append(FileRun(str(path), time.perf_counter() - started, records, error))
    return {
        "runs": [asdict(r) for r in runs],
        "setup_seconds": setup_seconds,
        "setup_mb": setup_mb,
        "peak_mb": _peak_mb(),
    }


# --- the parent ----------------------------------------------------------------------------


def page_count(path: Path) -> int | None:
    """Pages of a PDF, or None when pdfium cannot open it (not a PDF, damaged, encrypted)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def measure(system: str, paths: Sequence[Path]) -> Measurement:
    """Run ``system`` over ``paths`` in a fresh Python process and read back its report."""
    paths = [Path(p).resolve() for p in paths]
    command = [sys.executable, "-m", "bench.benchmark", _CHILD_FLAG, system, *map(str, paths)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{system} benchmark process failed: {done.stderr.strip()[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])  # the last line: a library may print before it
    return Measurement(
        system=system,
        runs=[FileRun(**r) for r in report["runs"]],
        setup_seconds=report["setup_seconds"],
        setup_mb=report["setup_mb"],
        peak_mb=report["peak_mb"],
        files=len(paths),
        pages=sum(page_count(p) or 0 for p in paths if p.suffix.lower() == ".pdf"),
        size_mb=sum(p.stat().st_size for p in paths) / 2**20,
    )


@dataclass
class PdfGroup:
    """A set of PDFs measured with the pipeline and with pdfplumber."""

    name: str
    measurements: dict[str, Measurement] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)  # path -> why it was not timed

    def ratio(self, attribute: str, system: str = PIPELINE) -> float | None:
        """``system`` / pdfplumber for ``seconds`` or ``peak_mb``."""
        pipeline, plumber = self.measurements.get(system), self.measurements.get(PDFPLUMBER)
        if not pipeline or not plumber or not getattr(plumber, attribute):
            return None
        return getattr(pipeline, attribute) / getattr(plumber, attribute)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "excluded": self.excluded,
            "measurements": {name: m.to_json() for name, m in self.measurements.items()},
            "ratio_seconds": self.ratio("seconds"),
            "ratio_peak_mb": self.ratio("peak_mb"),
            "ratio_seconds_all_cores": self.ratio("seconds", BATCH),
            "ratio_peak_mb_all_cores": self.ratio("peak_mb", BATCH),
        }


def measure_pdfs(name: str, paths: Sequence[Path]) -> PdfGroup:
    """Both systems over the files pdfium can open; the others are listed as excluded."""
    group = PdfGroup(name)
    timed = []
    for path in paths:
        if page_count(path) is None:
            group.excluded[str(path)] = _why_not_a_pdf(path)
        else:
            timed.append(path)
    if timed:
        group.measurements = {system: measure(system, timed) for system in (PIPELINE, READER, BATCH, PDFPLUMBER)}
    return group


def _why_not_a_pdf(path: Path) -> str:
    from extractors.base import ExtractionError
    from extractors.readers.pdf import open_pdf

    try:
        open_pdf(path.read_bytes()).close()
    except (ExtractionError, OSError) as exc:
        return str(exc)
    return "pdfium cannot open it"


def default_pdf_groups() -> dict[str, list[Path]]:
    """Generated plans with a text layer, generated scans, and the real reports.

    Scans are a group of their own: pdfplumber finds no table on an image
    (in milliseconds) while the pipeline OCRs it, so in one sum they would
    hide how the two compare where both do the same work.
    """
    plans = sorted(CORPUS.glob("seed-*/*.pdf"))
    scans = [path for path in plans if not _has_text_layer(path)]
    groups = {
        "generated plans": [path for path in plans if path not in scans],
        SCANS: scans,
    }
    reports = sorted(REPORTS.glob("*/*.pdf"))
    if reports:
        groups["Ofsted reports"] = reports
    return groups


def _has_text_layer(path: Path) -> bool:
    """True when any page of the PDF has characters (a scan has none)."""
    pdf = pdfium.PdfDocument(path)
    try:
        return any(page.get_textpage().count_chars() for page in pdf)
    finally:
        pdf.close()


@dataclass
class OcrStages:
    """CPU seconds the scanned pages of some PDFs cost in each stage of the OCR reader."""

    pages: int = 0
    render: float = 0.0
    geometry: float = 0.0
    tesseract: float = 0.0

    def per_page(self) -> dict[str, float]:
        return {stage: getattr(self, stage) / max(self.pages, 1) for stage in ("render", "geometry", "tesseract")}


def measure_ocr_stages(paths: Sequence[Path]) -> OcrStages:
    """Each page of the scans through the OCR reader's stages in turn, timed apart (one thread)."""
    from extractors.readers import ocr
    from extractors.settings import SETTINGS

    stages = OcrStages()
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        try:
            for index in range(len(pdf)):
                started = time.thread_time()
                grey, dpi = ocr.render(pdf, index, SETTINGS.ocr_dpi, SETTINGS.max_render_pixels)
                stages.render += time.thread_time() - started
                if grey is None:
                    continue
                started = time.thread_time()
                image = ocr.page_geometry(grey, ocr.Pixels(dpi))[-1]
                stages.geometry += time.thread_time() - started
                started, children = time.thread_time(), _children_cpu()
                ocr.ocr_words(image, 72 / dpi)
                stages.tesseract += time.thread_time() - started + _children_cpu() - children
                stages.pages += 1
        finally:
            pdf.close()
    return stages


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


@dataclass
class TaggingSpeed:
    records: int
    seconds: float
    setup_seconds: float

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


def measure_tagging(gold_files: Sequence[Path]) -> TaggingSpeed:
    """nlp.pipe throughput of the default tagger over the action texts of the gold files."""
    started = time.perf_counter()
    from pipeline.themes import default_tagger

    tagger = default_tagger()
    setup = time.perf_counter() - started
    texts = [a["action"] for p in gold_files for a in json.loads(p.read_text(encoding="utf-8"))["actions"]]
    started = time.perf_counter()
    tagger.tag_texts(texts)
    return TaggingSpeed(len(texts), time.perf_counter() - started, setup)


# --- output ----------------------------------------------------------------------------------


def _number_columns(table: Table, headers: Sequence[str]) -> None:
    for header in headers:
        table.add_column(header, justify="right", no_wrap=True)


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def render_pdf_groups(groups: Sequence[PdfGroup]) -> Table:
    table = Table(
        title="PDF extraction: full pipeline vs bare pdfplumber extract_tables (each in a fresh process)",
        caption="s: wall seconds summed over files (all cores: the batch's wall time), setup (imports, tagger, "
        "warm-up) apart; MB: peak RSS (ru_maxrss) of the child, at the end and after setup (all cores: plus each "
        "worker at the largest worker's peak, an upper bound since forked workers share pages); "
        "ratio: system / pdfplumber in this run",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("files")
    table.add_column("system")
    headers = ["n", "pages", "errors", "s", "pages/s", "setup s", "peak MB", "setup MB", "s ratio", "MB ratio"]
    _number_columns(table, headers)
    for group in groups:
        for system, m in group.measurements.items():
            ratios = [group.ratio("seconds", system), group.ratio("peak_mb", system)] if system != PDFPLUMBER else []
            table.add_row(
                group.name, system, str(m.files), str(m.pages), str(len(m.errors)), f"{m.seconds:.2f}",
                f"{m.pages_per_second:.1f}", f"{m.setup_seconds:.2f}", f"{m.peak_mb:.0f}", f"{m.setup_mb:.0f}",
                *map(_ratio, ratios or [None, None]),
            )
        table.add_section()
    return table


def render_per_file(groups: Sequence[PdfGroup]) -> Table:
    table = Table(title="Per file: seconds", box=box.SIMPLE_HEAD)
    table.add_column("file", max_width=60, overflow="ellipsis", no_wrap=True)
    _number_columns(table, [PIPELINE, PDFPLUMBER, "ratio"])
    for group in groups:
        pipeline, plumber = group.measurements.get(PIPELINE), group.measurements.get(PDFPLUMBER)
        if not pipeline or not plumber:
            continue
        for a, b in zip(pipeline.runs, plumber.runs):
            ratio = a.seconds / b.seconds if b.seconds else None
            table.add_row(_short(a.path), f"{a.seconds:.3f}", f"{b.seconds:.3f}", _ratio(ratio))
    return table


def render_ocr_stages(stages: OcrStages) -> Table:
    table = Table(title=f"OCR reader: CPU seconds a scanned page, by stage ({stages.pages} generated scan pages)",
                  box=box.SIMPLE_HEAD)
    _number_columns(table, ["render", "our geometry", "Tesseract", "total"])
    per_page = stages.per_page()
    table.add_row(*(f"{value:.3f}" for value in (*per_page.values(), sum(per_page.values()))))
    return table


def render_text(measurements: Sequence[Measurement], tagging: TaggingSpeed | None) -> Table:
    table = Table(title="Text extractors (data/raw) and theme tagging", box=box.SIMPLE_HEAD)
    table.add_column("what")
    _number_columns(table, ["files", "MB", "records", "s", "records/s", "MB/s", "setup s", "peak MB"])
    for m in measurements:
        mb_per_s = m.size_mb / m.seconds if m.seconds else 0.0
        table.add_row(
            f"{m.system} ({len(m.errors)} errors)", str(m.files), f"{m.size_mb:.2f}", str(m.records),
            f"{m.seconds:.3f}", f"{m.records_per_second:.0f}", f"{mb_per_s:.2f}", f"{m.setup_seconds:.2f}",
            f"{m.peak_mb:.0f}",
        )
    if tagging:
        table.add_row(
            "theme tagging (nlp.pipe, seed actions)", "", "", str(tagging.records), f"{tagging.seconds:.3f}",
            f"{tagging.records_per_second:.0f}", "", f"{tagging.setup_seconds:.2f}", "",
        )
    return table


def _short(path: str) -> str:
    """A path relative to the repository, else to its parent (where the shared corpus is)."""
    for base in (ROOT, ROOT.parent):
        if Path(path).is_relative_to(base):
            return str(Path(path).relative_to(base))
    return path


def _print_problems(console: Console, groups: Sequence[PdfGroup], text: Sequence[Measurement]) -> None:
    for group in groups:
        for path, why in group.excluded.items():
            console.print(f"[yellow]excluded[/yellow] {_short(path)}: {why}", highlight=False)
        for m in group.measurements.values():
            for run in m.errors:
                console.print(f"[red]{m.system} error[/red] {_short(run.path)}: {run.error}", highlight=False)
    for m in text:
        for run in m.errors:
            console.print(f"[red]{m.system} error[/red] {_short(run.path)}: {run.error}", highlight=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="+", type=Path, help="PDFs to time instead of the default corpora")
    parser.add_argument("--per-file", action="store_true", help="also print each PDF's seconds per system")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == [_CHILD_FLAG]:
        print(json.dumps(run_child(argv[1], [Path(p) for p in argv[2:]])))
        return 0
    args = _parser().parse_args(argv)
    pdf_sets = {"files": args.files} if args.files else default_pdf_groups()
    groups = [measure_pdfs(name, paths) for name, paths in pdf_sets.items()]
    text, tagging, stages = [], None, None
    scans = pdf_sets.get(SCANS) or [path for path in args.files or [] if page_count(path) and not _has_text_layer(path)]
    if scans:
        stages = measure_ocr_stages(scans)
    if not args.files:
        raw = sorted(p for p in RAW.glob("*.txt"))
        text = [measure(system, raw) for system in (EXTRACTORS, PIPELINE)] if raw else []
        tagging = measure_tagging(sorted(CORPUS.glob("seed-*/*.gold.json")))
    if args.json:
        report = {
            "pdf": [g.to_json() for g in groups],
            "text": [m.to_json() for m in text],
            "tagging": tagging and {**asdict(tagging), "records_per_second": tagging.records_per_second},
            "ocr_stages_cpu_per_page": stages and {"pages": stages.pages, **stages.per_page()},
        }
        print(json.dumps(report, indent=2))
        return 0
    console = Console(width=max(Console().width, 160))
    console.print(render_pdf_groups(groups))
    if args.per_file:
        console.print(render_per_file(groups))
    if stages:
        console.print(render_ocr_stages(stages))
    if text or tagging:
        console.print(render_text(text, tagging))
    _print_problems(console, groups, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
