"""Accuracy of the Ofsted report extractor against the hand-checked corpus, beside a naive baseline.

    python -m bench.report_accuracy [--corpus ../shared/corpus/ofsted-reports] [--json] [--min-f1 X]

Each ``<authority>/<stem>.gold.json`` is scored against ``<stem>.pdf`` beside
it. Per report: recommendation precision/recall/F1 (a match is rapidfuzz
``fuzz.ratio`` >= 90 between normalised texts, pairs taken one-to-one,
greedily, best first), and whether the framework, the publication date and
the overall judgement are right. A gold file with ``expect_error`` is right
when extraction fails with ExtractionError.

The baseline is deliberately naive: pdfplumber's ``extract_text`` on every
page, and every bullet or numbered line (one line, no continuation) under a
short line containing "improve" taken as a recommendation, until the next
short unpunctuated line; its publication date is the first date on page 1.

Each file goes through :func:`extractors.detect.extract`, whatever it is read as.

The exit code is 1 when ``--min-f1`` is given and the micro F1 falls below it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rich import box
from rich.console import Console
from rich.table import Table

from extractors import detect
from extractors.base import ExtractionError, SourceFile
from extractors.build.report import FROM_FILE_NAME
from extractors.text import fold
from extractors.vocabulary import BULLET_CHARS
from pipeline.deadlines import parse_document_date
from models.records import RawDocument, RawReportFacts
from pipeline.normaliser import normalise

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path("..") / "shared" / "corpus" / "ofsted-reports"  # relative to the repo root
GOLD_SUFFIX = ".gold.json"
MATCH_THRESHOLD = 90
_MIN_WIDTH = 180


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.pred, self.gold = self.tp + other.tp, self.pred + other.pred, self.gold + other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "pred": self.pred, "gold": self.gold, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class ReportResult:
    report: str  # authority/stem
    expect_error: bool
    error: str | None
    recs: Counts
    baseline: Counts
    framework: tuple[str | None, str | None]  # (gold, predicted)
    published: tuple[str | None, str | None]
    judgement: tuple[str | None, str | None]
    baseline_published: str | None = None
    fields: dict[str, list[int]] = field(default_factory=dict)  # ref/priority/heading: [right, matched]
    published_source: str | None = None  # one of PUBLISHED_SOURCES, or None
    problems: list[str] = field(default_factory=list)

    @property
    def framework_ok(self) -> bool:
        return self.expect_error or _same(*self.framework)

    @property
    def published_ok(self) -> bool:
        return self.expect_error or _same(*self.published)

    @property
    def judgement_ok(self) -> bool:
        return self.expect_error or _same(*self.judgement)

    @property
    def ok(self) -> bool:
        recs_ok = self.recs.tp == self.recs.gold == self.recs.pred
        error_ok = (self.error is not None) == self.expect_error
        fields_ok = all(right == total for right, total in self.fields.values())
        return error_ok and recs_ok and fields_ok and self.framework_ok and self.published_ok and self.judgement_ok

    def to_json(self) -> dict[str, Any]:
        return {
            "report": self.report, "expect_error": self.expect_error, "error": self.error,
            "recommendations": self.recs.to_json(), "baseline": self.baseline.to_json(),
            "framework": {"gold": self.framework[0], "pred": self.framework[1], "ok": self.framework_ok},
            "published": {"gold": self.published[0], "pred": self.published[1], "ok": self.published_ok,
                          "source": self.published_source},
            "judgement": {"gold": self.judgement[0], "pred": self.judgement[1], "ok": self.judgement_ok},
            "baseline_published": self.baseline_published, "fields": self.fields, "problems": self.problems,
            "ok": self.ok,
        }


def _same(gold: str | None, pred: str | None) -> bool:
    return gold == pred


# --- normalising ---------------------------------------------------------------------------------


def normalise_text(text: str | None) -> str:
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[–—‐]", "-", text)
    return (fold(text) or "").lower().strip(" .;:,")


def canonical_judgement(text: str | None) -> str | None:
    text = normalise_text(text)
    if not text:
        return None
    text = re.sub(r"\brequire\b", "requires", text)
    for grade in ("requires improvement to be good", "requires improvement", "outstanding", "inadequate",
                  "adequate", "good"):
        if grade in text:
            return grade
    return text


def iso(text: str | None) -> str | None:
    parsed = parse_document_date(text)
    return parsed.isoformat() if isinstance(parsed, date) else None


def match_counts(predicted: Sequence[str], gold: Sequence[str]) -> Counts:
    """One-to-one greedy matching, best pairs first, of texts whose fuzz.ratio >= MATCH_THRESHOLD."""
    return Counts(tp=len(match_pairs(predicted, gold)), pred=len(predicted), gold=len(gold))


def match_pairs(predicted: Sequence[str], gold: Sequence[str]) -> list[tuple[int, int]]:
    """The (predicted index, gold index) pairs of :func:`match_counts`."""
    pred_n = [normalise_text(t) for t in predicted]
    gold_n = [normalise_text(t) for t in gold]
    pairs = sorted(
        ((fuzz.ratio(p, g), i, j) for i, p in enumerate(pred_n) for j, g in enumerate(gold_n)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched: list[tuple[int, int]] = []
    for score, i, j in pairs:
        if score < MATCH_THRESHOLD:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((i, j))
    return sorted(matched)


# --- the naive baseline --------------------------------------------------------------------------

_DATE = re.compile(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|"
                   r"December) \d{4}\b")
_ITEM = re.compile(rf"^\s*(?:[{re.escape(BULLET_CHARS)}◼■▪]|\d{{1,3}}[.)])\s*(.+)$")


def baseline(path: Path) -> tuple[list[str], str | None]:
    """Naive recommendations and publication date: pdfplumber text and one regex."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception:  # noqa: BLE001 - the naive baseline just gives up
        return [], None
    recs: list[str] = []
    inside = False
    for line in "\n".join(pages).split("\n"):
        stripped = line.strip()
        item = _ITEM.match(stripped)
        if item:
            if inside:
                recs.append(item.group(1))
            continue
        short = 0 < len(stripped.split()) <= 10 and not stripped.endswith(".")
        if short:
            inside = "improve" in stripped.lower()
    first_date = _DATE.search(pages[0]) if pages else None
    return recs, first_date.group(0) if first_date else None


# --- scoring -------------------------------------------------------------------------------------


PUBLISHED_SOURCES = ("printed", "file name", "creation date")  # where the published date came from


def _published_source(doc: RawDocument | None, facts: RawReportFacts | None) -> str | None:
    if not (doc and facts and facts.published_raw):
        return None
    if not facts.published_estimated:
        return "printed"
    return "file name" if any(FROM_FILE_NAME in w for w in doc.warnings) else "creation date"


def evaluate_report(gold_path: Path, with_baseline: bool = True) -> ReportResult:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pdf_path = gold_path.with_name(gold.get("file") or gold_path.name.replace(GOLD_SUFFIX, ".pdf"))
    name = f"{gold_path.parent.name}/{pdf_path.stem}"
    expect_error = bool(gold.get("expect_error"))
    gold_recs = gold.get("recommendations", [])
    gold_texts = [rec["text"] for rec in gold_recs]
    problems: list[str] = []
    error = None
    doc = None
    try:
        doc = detect.extract(SourceFile.read(pdf_path))
    except ExtractionError as exc:
        error = str(exc)
    facts = doc.report if doc and doc.report else None
    predicted = [rec.text for rec in doc.recommendations] if doc else []
    recs = match_counts(predicted, gold_texts)
    base_recs, base_date = baseline(pdf_path) if with_baseline and not expect_error else ([], None)
    result = ReportResult(
        report=name,
        expect_error=expect_error,
        error=error,
        recs=recs,
        baseline=match_counts(base_recs, gold_texts),
        framework=(gold.get("framework"), facts.framework.upper() if facts and facts.framework else None),
        published=(gold.get("published"), iso((facts.published_raw if facts else None) or
                                              (doc.document_date_raw if doc else None))),
        judgement=(canonical_judgement(gold.get("overall_judgement")),
                   canonical_judgement(facts.overall_judgement_raw if facts else None)),
        baseline_published=iso(base_date),
        problems=problems,
        published_source=_published_source(doc, facts),
    )
    if facts and facts.framework == "other" and gold.get("framework") == "other":
        result.framework = ("other", "other")
    result.fields = {"ref": [0, 0], "priority": [0, 0], "heading": [0, 0]}
    normalised = normalise(doc).recommendations if doc else []  # refs of unnumbered bullets are positions there
    for i, j in match_pairs(predicted, gold_texts):
        got, want = normalised[i], gold_recs[j]
        checks = {
            "ref": got.ref == want.get("ref"),
            "priority": got.priority == want.get("priority"),
            "heading": normalise_text(got.heading) == normalise_text(want.get("heading")),
        }
        for key, ok in checks.items():
            result.fields[key][0] += ok
            result.fields[key][1] += 1
            if not ok:
                problems.append(f"{key} of gold {want.get('ref')}: gold {want.get(key)!r}, got "
                                f"{ {'ref': got.ref, 'priority': got.priority, 'heading': got.heading}[key]!r}")
    if expect_error and error is None:
        problems.append("expected an extraction error, got none")
    if not expect_error and error is not None:
        problems.append(f"extraction failed: {error}")
    if not expect_error:
        if recs.tp < recs.gold or recs.tp < recs.pred:
            problems.append(f"recommendations {recs.tp} matched of {recs.gold} gold, {recs.pred} extracted")
        for label, ok, pair in (("framework", result.framework_ok, result.framework),
                                ("published", result.published_ok, result.published),
                                ("judgement", result.judgement_ok, result.judgement)):
            if not ok:
                source = f" ({result.published_source})" if label == "published" else ""
                problems.append(f"{label}: gold {pair[0]}, got {pair[1]}{source}")
    return result


def gold_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob(f"*/*{GOLD_SUFFIX}"))


def totals(results: Sequence[ReportResult]) -> dict[str, Any]:
    scored = [r for r in results if not r.expect_error]
    recs, base = Counts(), Counts()
    for r in scored:
        recs.add(r.recs)
        base.add(r.baseline)
    n = len(scored) or 1

    def rate(flag: str) -> float:
        return sum(getattr(r, flag) for r in scored) / n

    by_source = {source: [r for r in scored if r.published_source == source] for source in PUBLISHED_SOURCES}
    fields = {key: [sum(r.fields.get(key, [0, 0])[0] for r in scored), sum(r.fields.get(key, [0, 0])[1] for r in scored)]
              for key in ("ref", "priority", "heading")}
    return {
        "reports": len(results),
        "scored": len(scored),
        "errors_right": sum((r.error is not None) == r.expect_error for r in results if r.expect_error),
        "errors_expected": sum(r.expect_error for r in results),
        "recommendations": recs.to_json(),
        "baseline": base.to_json(),
        "framework_accuracy": round(rate("framework_ok"), 4),
        "published_accuracy": round(rate("published_ok"), 4),
        "published_by_source": {source: {"right": sum(r.published_ok for r in rs), "of": len(rs)}
                                for source, rs in by_source.items()},
        "baseline_published_accuracy": round(
            sum(r.baseline_published == r.published[0] for r in scored) / n, 4),
        "judgement_accuracy": round(rate("judgement_ok"), 4),
        "matched_fields": {key: round(right / total, 4) if total else None for key, (right, total) in fields.items()},
        "wrong": [{"report": r.report, "problems": r.problems} for r in results if not r.ok],
    }


def _pct(value: float) -> str:
    return f"{value:.3f}"


def render(results: Sequence[ReportResult], summary: dict[str, Any], console: Console,
           with_baseline: bool = True) -> None:
    table = Table(title="Ofsted reports: extractor vs gold (baseline dim)", box=box.SIMPLE_HEAD)
    table.add_column("report", overflow="fold")
    table.add_column("fw")
    for header in ("gold n", "n", "P", "R", "F1"):
        table.add_column(header, justify="right")
    for header in ("base n", "base F1"):
        table.add_column(header, justify="right", style="dim")
    table.add_column("fw ok")
    table.add_column("published ok")
    table.add_column("judgement ok")
    for r in results:
        if r.expect_error:
            table.add_row(r.report, "-", "-", "-", "-", "-", "error " + ("✓" if r.error else "✗"), "-", "-",
                          "", "", "")
            continue
        mark = {True: "✓", False: "✗"}
        table.add_row(
            r.report, r.framework[0] or "?", str(r.recs.gold), str(r.recs.pred), _pct(r.recs.precision),
            _pct(r.recs.recall), _pct(r.recs.f1), str(r.baseline.pred) if with_baseline else "-", _pct(r.baseline.f1) if with_baseline else "-",
            mark[r.framework_ok], mark[r.published_ok] + ("" if r.published_source in (None, "printed") else " (est.)"),
            mark[r.judgement_ok],
        )
    console.print(table)
    recs, base = summary["recommendations"], summary["baseline"]
    tot = Table(title="Totals (micro over reports)", box=box.SIMPLE_HEAD)
    tot.add_column("measure")
    tot.add_column("extractor", justify="right")
    tot.add_column("baseline", justify="right", style="dim")
    def base_cell(text: str) -> str:
        return text if with_baseline else "-"

    for label, key in (("recommendation precision", "precision"), ("recommendation recall", "recall"),
                       ("recommendation F1", "f1")):
        tot.add_row(label, _pct(recs[key]), base_cell(_pct(base[key])))
    tot.add_row("recommendations extracted / gold", f"{recs['pred']} / {recs['gold']}", base_cell(f"{base['pred']}"))
    tot.add_row("framework accuracy", _pct(summary["framework_accuracy"]), "-")
    tot.add_row("published date accuracy", _pct(summary["published_accuracy"]),
                base_cell(_pct(summary["baseline_published_accuracy"])))
    for source, counts in summary["published_by_source"].items():
        tot.add_row(f"  published right where {source}", f"{counts['right']} / {counts['of']}", "-")
    tot.add_row("overall judgement accuracy", _pct(summary["judgement_accuracy"]), "-")
    for key, value in summary["matched_fields"].items():
        tot.add_row(f"{key} right (matched recommendations)", "-" if value is None else _pct(value), "-")
    tot.add_row("expected errors raised", f"{summary['errors_right']} / {summary['errors_expected']}", "-")
    console.print(tot)
    if summary["wrong"]:
        console.print("[bold]Reports still wrong[/bold]")
        for wrong in summary["wrong"]:
            console.print(f"  {wrong['report']}: " + "; ".join(wrong["problems"]), highlight=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.report_accuracy", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / DEFAULT_CORPUS,
                        help="folder of <authority>/<report>.pdf with .gold.json beside each")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--min-f1", type=float, help="exit 1 if the micro recommendation F1 is below this")
    parser.add_argument("--no-baseline", action="store_true", help="skip the (slower) naive baseline")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    files = gold_files(args.corpus)
    if not files:
        print(f"no *{GOLD_SUFFIX} files under {args.corpus}", file=sys.stderr)
        return 2
    results = [evaluate_report(path, with_baseline=not args.no_baseline) for path in files]
    summary = totals(results)
    if args.json:
        print(json.dumps({"reports": [r.to_json() for r in results], "totals": summary}, indent=2))
    else:
        render(results, summary, Console(width=max(Console().width, _MIN_WIDTH)), with_baseline=not args.no_baseline)
    if args.min_f1 is not None and summary["recommendations"]["f1"] < args.min_f1:
        print(f"recommendation F1 {summary['recommendations']['f1']:.3f} < {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
