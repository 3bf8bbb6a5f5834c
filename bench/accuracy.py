"""Accuracy of the pipeline against the gold files, beside naive baselines.

    python -m bench.accuracy [--gold-dir tests/gold] [--raw-dir data/raw] [--json]
                             [--min-f1 0.8] [--min-field 0.7]
    python -m bench.accuracy --seeds 1 2 3 [--corpus-dir tests/corpus]

Each ``<stem>.gold.json`` is scored against the sample ``<stem>.txt`` (or any
extension) in the raw directory. A text sample is compared with the text
baseline (bench/naive_baseline.py); a PDF or Word sample with the two table
baselines (bench/table_baselines.py: pdfplumber and camelot), run on the same
file in the same run. With ``--seeds``, each ``<corpus-dir>/seed-N`` (gold
beside the documents) gets its table, then a spread table gives, per layout
(the gold's ``layout``), the micro F1 of every system per seed with its
min/max/mean across seeds. The exit code is 0 unless a threshold is given and
a pipeline micro-average (of a seed, with ``--seeds``) falls under it, so CI
can gate on it.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from bench.naive_baseline import baseline_actions
from bench.table_baselines import TABLE_BASELINES, TABLE_SUFFIXES
from extractors.base import ExtractionError, SourceFile
from models.records import Document
from pipeline.evaluation import DOCUMENT_FACTS, FIELDS, Score, document_facts, micro_average, score_actions

GOLD_SUFFIX = ".gold.json"
PIPELINE = "pipeline"
TEXT_BASELINE = "text"
_SYSTEM_HEADERS = ["pred n", "P", "R", "F1", "full", "ref", "rec", "lead", "deadline", "rag"]
_BASELINE_HEADER = "n   F1  fld"  # one column per baseline: two of them must fit beside the pipeline
_DOC_WIDTH = 40  # corpus stems are long ("ruled_landscape-01-kensington-and-chelsea-2017")
_MIN_WIDTH = 220  # narrower, rich folds the numbers; piped output (CI logs) would default to 80
_NO_LAYOUT = "-"
Extract = Callable[[Path], Document]


@dataclass
class DocumentResult:
    """The pipeline's and the baselines' scores for one gold file."""

    doc: str  # the gold file's stem
    layout: str | None  # the pipeline's extractor name; None when it failed
    pipeline: Score
    baselines: dict[str, Score]  # "text", or "pdfplumber" and "camelot", in display order
    error: str | None = None  # why the pipeline produced nothing, if it failed
    gold_layout: str | None = None  # the generated corpus's layout id, from the gold file
    facts: dict[str, bool] = field(default_factory=dict)  # document kind, authority and year right

    @property
    def baseline(self) -> Score:
        """The first baseline: the text one for a text sample, pdfplumber for a PDF or Word file."""
        return next(iter(self.baselines.values()))

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "layout": self.layout,
            "gold_layout": self.gold_layout,
            "error": self.error,
            "pipeline": self.pipeline.to_json(),
            "baseline": self.baseline.to_json(),
            "baselines": {name: score.to_json() for name, score in self.baselines.items()},
            "facts": self.facts,
        }


def find_sample(raw_dir: Path, stem: str) -> Path | None:
    """``<stem>.txt`` if present, else the first file with that stem and any extension."""
    preferred = raw_dir / f"{stem}.txt"
    if preferred.is_file():
        return preferred
    others = sorted(p for p in raw_dir.glob(f"{glob.escape(stem)}.*") if p.is_file() and p.stem == stem)
    return others[0] if others else None


def _text_baseline(path: Path) -> list[dict[str, Any]]:
    try:
        return baseline_actions(SourceFile.read(path).text)
    except ExtractionError:
        return []


def baseline_predictions(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Each applicable baseline's actions for a sample: the table readers for PDF/Word, else the text split."""
    if path.suffix.lower() in TABLE_SUFFIXES:
        return {name: run(path) for name, run in TABLE_BASELINES.items()}
    return {TEXT_BASELINE: _text_baseline(path)}


def evaluate_document(gold_path: Path, raw_dir: Path, extract: Extract) -> DocumentResult:
    """Score the pipeline and the baselines on the sample a gold file describes.

    A missing sample or an :class:`ExtractionError` scores as an empty
    prediction, so the failure shows as lost recall instead of a crash.
    """
    doc = gold_path.name.removesuffix(GOLD_SUFFIX)
    gold_file = json.loads(gold_path.read_text(encoding="utf-8"))
    gold, gold_layout = gold_file["actions"], gold_file.get("layout")
    empty = score_actions(gold, [])
    sample = find_sample(raw_dir, doc)
    if sample is None:
        missing = f"no sample named {doc}.* in {raw_dir}"
        return DocumentResult(doc, None, empty, {TEXT_BASELINE: empty}, missing, gold_layout)
    baselines = {name: score_actions(gold, actions) for name, actions in baseline_predictions(sample).items()}
    try:
        document = extract(sample)
    except ExtractionError as exc:
        return DocumentResult(doc, None, empty, baselines, str(exc), gold_layout, document_facts(gold_file, None))
    predicted = document.to_json()
    return DocumentResult(doc, document.extractor, score_actions(gold, predicted["actions"]), baselines, None,
                          gold_layout, document_facts(gold_file, predicted))


def evaluate_corpus(gold_dir: Path, raw_dir: Path, extract: Extract) -> list[DocumentResult]:
    return [evaluate_document(p, raw_dir, extract) for p in sorted(gold_dir.glob(f"*{GOLD_SUFFIX}"))]


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def field_mean(score: Score) -> float | None:
    """Mean of the field accuracies over matched records; None when nothing matched."""
    rates = [rate for name in FIELDS if (rate := score.accuracy(name)) is not None]
    return fmean(rates) if rates else None


def _system_cells(score: Score) -> list[str]:
    rates = [score.precision, score.recall, score.f1, score.fully_right, *(score.accuracy(name) for name in FIELDS)]
    return [str(score.predicted), *map(_rate, rates)]


def _baseline_cell(score: Score | None) -> str:
    """Predicted count, F1 and mean field accuracy, in one cell."""
    if score is None:
        return "–"
    return f"{score.predicted:>3} {_rate(score.f1):>4} {_rate(field_mean(score)):>4}"


def baseline_names(results: Sequence[DocumentResult]) -> list[str]:
    """The baselines that scored any of the documents, in the order first met."""
    return list(dict.fromkeys(name for r in results for name in r.baselines))


def _micro(results: Sequence[DocumentResult]) -> tuple[Score, dict[str, Score]]:
    """The pipeline's micro-average, and each baseline's over the documents it applies to."""
    baselines = {
        name: micro_average(r.baselines[name] for r in results if name in r.baselines)
        for name in baseline_names(results)
    }
    return micro_average(r.pipeline for r in results), baselines


def render_table(results: Sequence[DocumentResult], title: str = "samples") -> Table:
    """One row per document: pipeline columns, then each baseline's columns, then the micro-average."""
    names = baseline_names(results)
    table = Table(
        title=f"Action records ({title}): pipeline vs naive baselines ({', '.join(names)})",
        caption="full: share of gold records found with every field right; ref/rec/lead/deadline/rag: field "
        "accuracy over matched records; baselines (dimmed): n predicted, F1, fld = mean of the five field accuracies"
        f"; documents right: {facts_line(results)}",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("extractor", vertical="bottom")
    table.add_column("doc", max_width=_DOC_WIDTH, no_wrap=True, overflow="ellipsis", vertical="bottom")
    number = {"justify": "right", "vertical": "bottom", "no_wrap": True}
    table.add_column("gold n", **number)
    for header in _SYSTEM_HEADERS:
        table.add_column(header, **number)
    for name in names:
        table.add_column(f"{name}\n{_BASELINE_HEADER}", style="dim", **number)
    for r in results:
        layout = r.layout or "[red]failed[/red]"
        cells = [_baseline_cell(r.baselines.get(name)) for name in names]
        table.add_row(layout, r.doc, str(r.pipeline.gold), *_system_cells(r.pipeline), *cells)
    table.add_section()
    pipeline, baselines = _micro(results)
    cells = [_baseline_cell(baselines[name]) for name in names]
    table.add_row("", "micro-average", str(pipeline.gold), *_system_cells(pipeline), *cells, style="bold")
    return table


def facts_rates(results: Sequence[DocumentResult]) -> dict[str, float | None]:
    """Share of documents whose kind, authority and year the pipeline got right (of those the gold states)."""
    out: dict[str, float | None] = {}
    for name in DOCUMENT_FACTS:
        known = [r.facts[name] for r in results if name in r.facts]
        out[name] = sum(known) / len(known) if known else None
    return out


def facts_line(results: Sequence[DocumentResult]) -> str:
    return ", ".join(f"{name} {_rate(rate)}" for name, rate in facts_rates(results).items())


def report_json(results: Sequence[DocumentResult]) -> dict[str, Any]:
    pipeline, baselines = _micro(results)
    micro: dict[str, Any] = {PIPELINE: pipeline.to_json()}
    if baselines:
        micro["baseline"] = next(iter(baselines.values())).to_json()
    micro["baselines"] = {name: score.to_json() for name, score in baselines.items()}
    return {"documents": [r.to_json() for r in results], "micro": micro, "facts": facts_rates(results)}


@dataclass
class LayoutSpread:
    """One layout's micro scores per seed, for every system."""

    layout: str
    seeds: list[str]
    scores: dict[str, list[Score | None]] = field(default_factory=dict)  # system -> per seed; None: not run

    def f1s(self, system: str) -> list[float]:
        return [s.f1 for s in self.scores.get(system, []) if s is not None]

    def worst_field(self) -> float | None:
        """The lowest field accuracy of the pipeline over all seeds and fields."""
        rates = [
            rate for s in self.scores.get(PIPELINE, []) if s is not None
            for name in FIELDS if (rate := s.accuracy(name)) is not None
        ]
        return min(rates) if rates else None

    def to_json(self) -> dict[str, Any]:
        return {
            "layout": self.layout,
            "f1": {
                system: dict(zip(self.seeds, (None if s is None else s.f1 for s in scores)))
                for system, scores in self.scores.items()
            },
            "spread": {system: _min_max_mean(self.f1s(system)) for system in self.scores},
            "pipeline_worst_field": self.worst_field(),
        }


def _min_max_mean(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {"min": None, "max": None, "mean": None}
    return {"min": min(values), "max": max(values), "mean": fmean(values)}


def layout_spread(runs: dict[str, list[DocumentResult]]) -> list[LayoutSpread]:
    """Per layout (and "all"), each system's micro score in every seed run."""
    seeds = list(runs)
    layouts = list(dict.fromkeys(r.gold_layout or _NO_LAYOUT for results in runs.values() for r in results))
    systems = [PIPELINE, *dict.fromkeys(n for results in runs.values() for n in baseline_names(results))]
    spreads = []
    for layout in [*layouts, "all"]:
        spread = LayoutSpread(layout, seeds)
        for system in systems:
            spread.scores[system] = [
                _layout_micro(results, layout, system) for results in runs.values()
            ]
        spreads.append(spread)
    return spreads


def _layout_micro(results: Sequence[DocumentResult], layout: str, system: str) -> Score | None:
    chosen = [r for r in results if layout == "all" or (r.gold_layout or _NO_LAYOUT) == layout]
    if system == PIPELINE:
        scores = [r.pipeline for r in chosen]
    else:
        scores = [r.baselines[system] for r in chosen if system in r.baselines]
    return micro_average(scores) if scores else None


def render_spread(spreads: Sequence[LayoutSpread], title: str) -> Table:
    """Per layout: the pipeline's F1 per seed, then min/max/mean for every system."""
    seeds = spreads[0].seeds if spreads else []
    systems = list(spreads[0].scores) if spreads else []
    table = Table(
        title=f"Spread across seeds ({title}): micro F1 per layout",
        caption="worst fld: the pipeline's lowest field accuracy over all seeds and fields",
        box=box.SIMPLE_HEAD,
    )
    number = {"justify": "right", "no_wrap": True}
    table.add_column("layout", no_wrap=True)
    for seed in seeds:
        table.add_column(f"{PIPELINE}\n{seed}", **number)
    for system in systems:
        style = None if system == PIPELINE else "dim"
        for stat in ("min", "max", "mean"):
            table.add_column(f"{system}\n{stat}", style=style, **number)
    table.add_column("worst\nfld", **number)
    for spread in spreads:
        if spread.layout == "all":
            table.add_section()
        per_seed = [_rate(None if s is None else s.f1) for s in spread.scores[PIPELINE]]
        stats = [
            _rate(value) for system in systems for value in _min_max_mean(spread.f1s(system)).values()
        ]
        style = "bold" if spread.layout == "all" else None
        table.add_row(spread.layout, *per_seed, *stats, _rate(spread.worst_field()), style=style)
    return table


def threshold_failures(
    results: Sequence[DocumentResult], min_f1: float | None, min_field: float | None,
    min_full: float | None = None, min_facts: float | None = None, min_layout_f1: float | None = None,
) -> list[str]:
    """Why the pipeline misses the thresholds (micro F1, field accuracy, fully-right share, document
    facts, and each layout's F1); empty when it meets them."""
    if all(t is None for t in (min_f1, min_field, min_full, min_facts, min_layout_f1)):
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
    if min_full is not None and pipeline.fully_right < min_full:
        failures.append(f"fully-right records {pipeline.fully_right:.3f} < {min_full}")
    for name, rate in facts_rates(results).items():
        if min_facts is not None and rate is not None and rate < min_facts:
            failures.append(f"documents with the right {name} {rate:.3f} < {min_facts}")
    if min_layout_f1 is not None:
        for layout in dict.fromkeys(r.gold_layout or _NO_LAYOUT for r in results):
            score = _layout_micro(results, layout, PIPELINE)
            if score is not None and score.f1 < min_layout_f1:
                failures.append(f"layout {layout} micro F1 {score.f1:.3f} < {min_layout_f1}")
    return failures


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold-dir", type=Path, default=Path("tests/gold"))
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--title", default="samples", help="names the document set in the table title")
    parser.add_argument(
        "--seeds", nargs="+", metavar="N",
        help="score <corpus-dir>/seed-N for each N (instead of --gold-dir/--raw-dir) and print the spread",
    )
    parser.add_argument("--corpus-dir", type=Path, default=Path("tests/corpus"), help="where the seed-N folders are")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--min-f1", type=float, help="exit 1 if the pipeline's micro F1 is below this")
    parser.add_argument("--min-field", type=float, help="exit 1 if any micro field accuracy is below this")
    parser.add_argument("--min-full", type=float, help="exit 1 if the share of fully-right records is below this")
    parser.add_argument("--min-facts", type=float, help="exit 1 if document kind, authority or year is right on "
                        "fewer than this share of documents")
    parser.add_argument("--min-layout-f1", type=float, help="exit 1 if any layout's micro F1 is below this")
    return parser


def _runs(args: argparse.Namespace) -> dict[str, tuple[Path, Path]]:
    """Label -> (gold dir, raw dir) of every document set to score."""
    if not args.seeds:
        return {args.title: (args.gold_dir, args.raw_dir)}
    return {f"seed-{n}": (args.corpus_dir / f"seed-{n}",) * 2 for n in args.seeds}


def main(argv: Sequence[str] | None = None, extract: Extract | None = None) -> int:
    args = _parser().parse_args(argv)
    if extract is None:
        from pipeline.run import (
            extract_file,  # the full pipeline; injected instead in tests
        )

        extract = extract_file
    runs = {label: evaluate_corpus(gold, raw, extract) for label, (gold, raw) in _runs(args).items()}
    spreads = layout_spread(runs) if args.seeds else []
    if args.json:
        if args.seeds:
            report = {
                "seeds": {label: report_json(results) for label, results in runs.items()},
                "spread": [spread.to_json() for spread in spreads],
            }
        else:
            report = report_json(next(iter(runs.values())))
        print(json.dumps(report, indent=2))
    else:
        console = Console(width=max(Console().width, _MIN_WIDTH))
        for label, results in runs.items():
            console.print(render_table(results, f"{args.title}, {label}" if args.seeds else label))
            for r in results:
                if r.error:
                    console.print(f"[red]{r.doc}[/red]: {r.error}", highlight=False)
        if spreads:
            console.print(render_spread(spreads, args.title))
    failures = [
        f"{label}: {failure}" if args.seeds else failure
        for label, results in runs.items()
        for failure in threshold_failures(results, args.min_f1, args.min_field, args.min_full, args.min_facts,
                                          args.min_layout_f1)
    ]
    for failure in failures:
        print(f"accuracy below threshold: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
