"""Accuracy of the pipeline against the gold files, beside the naive baseline.

    python -m bench.accuracy [--gold-dir tests/gold] [--raw-dir data/raw] [--json]
                             [--min-f1 0.8] [--min-field 0.7]

Each ``<stem>.gold.json`` is scored against the sample ``<stem>.txt`` (or any
extension) in the raw directory. The exit code is 0 unless a threshold is
given and the pipeline's micro-average falls under it, so CI can gate on it.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from bench.naive_baseline import baseline_actions
from extractors.base import ExtractionError, SourceFile
from models.records import Document
from pipeline.evaluation import FIELDS, Score, micro_average, score_actions

GOLD_SUFFIX = ".gold.json"
_SYSTEM_HEADERS = ["pred n", "P", "R", "F1", "ref", "rec", "lead", "deadline", "rag"]
_MIN_WIDTH = 200  # narrower, rich folds the numbers; piped output (CI logs) would default to 80
Extract = Callable[[Path], Document]


@dataclass
class DocumentResult:
    """Both systems' scores for one gold file."""

    doc: str  # the gold file's stem
    layout: str | None  # the pipeline's extractor name; None when it failed
    pipeline: Score
    baseline: Score
    error: str | None = None  # why the pipeline produced nothing, if it failed

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "layout": self.layout,
            "error": self.error,
            "pipeline": self.pipeline.to_json(),
            "baseline": self.baseline.to_json(),
        }


def find_sample(raw_dir: Path, stem: str) -> Path | None:
    """``<stem>.txt`` if present, else the first file with that stem and any extension."""
    preferred = raw_dir / f"{stem}.txt"
    if preferred.is_file():
        return preferred
    others = sorted(p for p in raw_dir.glob(f"{glob.escape(stem)}.*") if p.is_file() and p.stem == stem)
    return others[0] if others else None


def _baseline_for(path: Path) -> list[dict[str, Any]]:
    try:
        return baseline_actions(SourceFile.read(path).text)
    except ExtractionError:
        return []


def evaluate_document(gold_path: Path, raw_dir: Path, extract: Extract) -> DocumentResult:
    """Score the pipeline and the baseline on the sample a gold file describes.

    A missing sample or an :class:`ExtractionError` scores as an empty
    prediction, so the failure shows as lost recall instead of a crash.
    """
    doc = gold_path.name.removesuffix(GOLD_SUFFIX)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["actions"]
    sample = find_sample(raw_dir, doc)
    if sample is None:
        empty = score_actions(gold, [])
        return DocumentResult(doc, None, empty, empty, error=f"no sample named {doc}.* in {raw_dir}")
    baseline = score_actions(gold, _baseline_for(sample))
    try:
        document = extract(sample)
    except ExtractionError as exc:
        return DocumentResult(doc, None, score_actions(gold, []), baseline, error=str(exc))
    predicted = document.to_json()["actions"]
    return DocumentResult(doc, document.extractor, score_actions(gold, predicted), baseline)


def evaluate_corpus(gold_dir: Path, raw_dir: Path, extract: Extract) -> list[DocumentResult]:
    return [evaluate_document(p, raw_dir, extract) for p in sorted(gold_dir.glob(f"*{GOLD_SUFFIX}"))]


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _system_cells(score: Score) -> list[str]:
    rates = [score.precision, score.recall, score.f1, *(score.accuracy(name) for name in FIELDS)]
    return [str(score.predicted), *map(_rate, rates)]


def render_table(results: Sequence[DocumentResult], title: str = "samples") -> Table:
    """One row per document, pipeline columns then baseline columns, then the micro-average."""
    table = Table(
        title=f"Action records ({title}): pipeline vs naive baseline",
        caption="ref/rec/lead/deadline/rag: field accuracy over matched records; base: naive baseline (dimmed)",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("layout", vertical="bottom")
    table.add_column("doc", overflow="fold", vertical="bottom")
    number = {"justify": "right", "vertical": "bottom", "no_wrap": True}
    table.add_column("gold n", **number)
    for header in _SYSTEM_HEADERS:
        table.add_column(header, **number)
    for header in _SYSTEM_HEADERS:
        table.add_column(f"base\n{header}", style="dim", **number)
    for r in results:
        layout = r.layout or "[red]failed[/red]"
        table.add_row(layout, r.doc, str(r.pipeline.gold), *_system_cells(r.pipeline), *_system_cells(r.baseline))
    table.add_section()
    pipeline, baseline = _micro(results)
    micro_cells = [str(pipeline.gold), *_system_cells(pipeline), *_system_cells(baseline)]
    table.add_row("", "micro-average", *micro_cells, style="bold")
    return table


def _micro(results: Sequence[DocumentResult]) -> tuple[Score, Score]:
    return micro_average(r.pipeline for r in results), micro_average(r.baseline for r in results)


def report_json(results: Sequence[DocumentResult]) -> dict[str, Any]:
    pipeline, baseline = _micro(results)
    return {
        "documents": [r.to_json() for r in results],
        "micro": {"pipeline": pipeline.to_json(), "baseline": baseline.to_json()},
    }


def threshold_failures(
    results: Sequence[DocumentResult], min_f1: float | None, min_field: float | None
) -> list[str]:
    """Why the pipeline's micro-average misses the thresholds; empty when it meets them."""
    if min_f1 is None and min_field is None:
        return []
    if not results:
        return ["no gold files were evaluated"]
    pipeline, _ = _micro(results)
    failures = []
    if min_f1 is not None and pipeline.f1 < min_f1:
        failures.append(f"micro F1 {pipeline.f1:.3f} < {min_f1}")
    if min_field is not None:
        for name in FIELDS:
            accuracy = pipeline.accuracy(name)
            if accuracy is None or accuracy < min_field:
                failures.append(f"micro {name} accuracy {_rate(accuracy)} < {min_field}")
    return failures


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold-dir", type=Path, default=Path("tests/gold"))
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--title", default="samples", help="names the document set in the table title")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--min-f1", type=float, help="exit 1 if the pipeline's micro F1 is below this")
    parser.add_argument("--min-field", type=float, help="exit 1 if any micro field accuracy is below this")
    return parser


def main(argv: Sequence[str] | None = None, extract: Extract | None = None) -> int:
    args = _parser().parse_args(argv)
    if extract is None:
        from pipeline.run import (
            extract_file,  # the full pipeline; injected instead in tests
        )

        extract = extract_file
    results = evaluate_corpus(args.gold_dir, args.raw_dir, extract)
    if args.json:
        print(json.dumps(report_json(results), indent=2))
    else:
        console = Console(width=max(Console().width, _MIN_WIDTH))
        console.print(render_table(results, args.title))
        for r in results:
            if r.error:
                console.print(f"[red]{r.doc}[/red]: {r.error}", highlight=False)
    failures = threshold_failures(results, args.min_f1, args.min_field)
    for failure in failures:
        print(f"accuracy below threshold: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
