"""The ``actionplans`` command: a thin layer over pipeline.ingest, pipeline.run and pipeline.store."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from extractors.base import ExtractionError
from pipeline.ingest import FileResult, ingest
from pipeline.run import extract_many, iter_input_files
from pipeline.store import ActionQuery, Store
from pipeline.themes import default_tagger, load_taxonomy, record_themes, taxonomy_path

app = typer.Typer(help="Council post-Ofsted action plans -> normalised records -> SQL.", no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL [default: $ACTIONPLANS_DB or sqlite:///data/processed/actionplans.db]"),
]
AuthorityOption = Annotated[str | None, typer.Option(help="Council name (part of it) or ONS code.")]
PathsArgument = Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")]
WorkersOption = Annotated[
    int, typer.Option("--workers", "-j", min=0, help="Processes extracting files in parallel [default: 0, one per core].")
]
PROGRESS_FROM = 5  # show a progress bar for batches of at least this many files


class ExtractFormat(str, Enum):
    json = "json"
    csv = "csv"


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _summary_line(r: FileResult) -> str:
    if r.status == "failed":
        return f"[red]error[/red] {r.path}: {r.error}"
    if r.status == "unchanged":
        return f"[dim]unchanged[/dim] {r.path}"
    return (
        f"{r.status} {r.path}: {_n(r.recommendations, 'recommendation')}, {_n(r.actions, 'action')}, "
        f"{_n(len(r.warnings), 'warning')}"
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _print_result(result: FileResult) -> None:
    (err if result.status == "failed" else out).print(_summary_line(result), highlight=False)


@app.command("ingest")
def ingest_command(paths: PathsArgument, db: DbOption = None, workers: WorkersOption = 0) -> None:
    """Extract, normalise and store; files already stored unchanged are skipped."""
    store = Store(db)
    files = list(iter_input_files(paths))
    if len(files) < PROGRESS_FROM:
        results = ingest(files, store, on_result=_print_result, workers=workers)
    else:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
        ) as progress:
            task = progress.add_task("ingesting", total=len(files))

            def report(result: FileResult) -> None:
                _print_result(result)
                progress.advance(task)

            results = ingest(files, store, on_result=report, workers=workers)
    by_status = {s: sum(r.status == s for r in results) for s in ("added", "replaced", "unchanged", "failed")}
    changed = by_status["added"] + by_status["replaced"]
    totals = (
        f"{len(results)} files: {by_status['added']} added, {by_status['replaced']} replaced, "
        f"{by_status['unchanged']} unchanged, {by_status['failed']} failed; "
        f"{_n(sum(r.actions for r in results), 'action')}, "
        f"{_n(sum(len(r.warnings) for r in results), 'warning')} stored"
    )
    out.print(totals if changed or by_status["failed"] else f"{totals} (nothing changed)", highlight=False)
    if by_status["failed"]:
        raise typer.Exit(1)


def _csv_rows(doc_json: dict[str, Any]) -> list[dict[str, Any]]:
    keys = ("source", "sha256", "authority", "doc_type", "year", "document_date")
    head = {k: doc_json[k] for k in keys}
    return [
        {**head, **{k: (json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in action.items()}}
        for action in doc_json["actions"]
    ]


@app.command("extract")
def extract_command(
    paths: PathsArgument,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
    workers: WorkersOption = 0,
) -> None:
    """Extract and normalise without a database; print JSON (one object per file) or CSV (one row per action)."""
    docs: list[dict[str, Any]] = []
    failed = 0
    for path, extracted in extract_many(list(iter_input_files(paths)), workers):
        if isinstance(extracted, ExtractionError):
            failed += 1
            err.print(f"error: {path}: {extracted}", highlight=False, markup=False)
            docs.append({"source": str(path), "error": str(extracted)})
        else:
            docs.append(extracted.to_json())
    if format is ExtractFormat.json:
        json.dump(docs, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        rows = [row for doc in docs if "error" not in doc for row in _csv_rows(doc)]
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    if failed:
        raise typer.Exit(1)


@app.command("query")
def query_command(
    db: DbOption = None,
    authority: AuthorityOption = None,
    year: Annotated[int | None, typer.Option(help="Document year.")] = None,
    year_from: Annotated[int | None, typer.Option("--from", help="First document year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last document year.")] = None,
    rag: Annotated[str | None, typer.Option(help="red, amber, green or blue.")] = None,
    lead: Annotated[str | None, typer.Option(help="Text in the lead cell.")] = None,
    text: Annotated[str | None, typer.Option(help="Text in the action or its recommendation.")] = None,
    doc_type: Annotated[str | None, typer.Option("--doc-type")] = None,
    theme: Annotated[str | None, typer.Option(help="Theme id, e.g. supervision (see `actionplans themes`).")] = None,
    limit: Annotated[int | None, typer.Option()] = None,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
) -> None:
    """Actions across councils and years, filtered."""
    if year is not None and (year_from is not None or year_to is not None):
        raise typer.BadParameter("use --year or --from/--to, not both")
    q = ActionQuery(
        authority=authority,
        year_from=year if year is not None else year_from,
        year_to=year if year is not None else year_to,
        rag=rag, lead=lead, text=text, doc_type=doc_type, theme=theme, limit=limit,
    )
    rows = Store(db).query_actions(q)
    if format is not QueryFormat.table:
        _write_rows(rows, format)
    else:
        table = Table("authority", "year", "rec", "action", "lead", "deadline", "rag", "source", show_lines=False)
        for r in rows:
            table.add_row(
                r["authority"] or "", str(r["year"] or ""), r["recommendation_ref"] or "",
                _short(r["action"]), _short(r["lead"], 30), r["deadline"] or (r["deadline_text"] or ""),
                r["rag"] or "", f"{Path(r['source']).name}:{r['line'] or r['page'] or ''}",
            )
        out.print(table)
        out.print(f"{len(rows)} actions", highlight=False)


@app.command("themes")
def themes_command(
    db: DbOption = None,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
) -> None:
    """The theme taxonomy in force, with stored actions per theme, authority and year."""
    taxonomy = load_taxonomy(taxonomy_path())
    counts = Store(db).theme_counts()
    if format is not QueryFormat.table:
        _write_rows(counts, format)
        return
    by_theme: dict[str, list[dict[str, Any]]] = {}
    for row in counts:
        by_theme.setdefault(row["theme"], []).append(row)
    table = Table("theme", "label", "actions (own text)", "incl. from recommendation", "by authority and year")
    for theme_id in taxonomy.ids:
        rows = by_theme.get(theme_id, [])
        table.add_row(
            theme_id, taxonomy.theme(theme_id).label,
            str(sum(r["actions_own"] for r in rows)), str(sum(r["actions_all"] for r in rows)),
            "; ".join(f"{r['authority'] or '?'} {r['year'] or '?'}: {r['actions_own']}" for r in rows if r["actions_own"]),
        )
    out.print(table)


@app.command("retag")
def retag_command(db: DbOption = None) -> None:
    """Re-apply the taxonomy in force ($ACTIONPLANS_TAXONOMY or the bundled one) to everything stored.

    Source files are not re-read; all stored theme tags are replaced in one transaction.
    """
    tagger = default_tagger()
    counts = Store(db).retag(lambda recs, actions: record_themes(recs, actions, tagger))
    out.print(f"retagged with {taxonomy_path().name}: {counts['before']} theme tags before, {counts['after']} after",
              highlight=False)


def _write_rows(rows: list[dict[str, Any]], format: QueryFormat) -> None:
    if format is QueryFormat.json:
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["empty"])
        writer.writeheader()
        writer.writerows(
            {k: (" ".join(v) if isinstance(v, list) else v) for k, v in row.items()} for row in rows
        )


@app.command("coverage")
def coverage_command(
    db: DbOption = None,
    authority: AuthorityOption = None,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
) -> None:
    """Per report recommendation, the plan actions that answer it; flags the ones with none."""
    rows = Store(db).coverage(authority)
    if format is QueryFormat.json:
        _write_rows(rows, format)
        return
    if format is QueryFormat.csv:
        _write_rows([{**{k: v for k, v in r.items() if k != "answers"}, "actions": len(r["answers"])} for r in rows],
                    format)
        return
    table = Table("authority", "report", "ref", "priority", "recommendation", "plan rec", "actions")
    for r in rows:
        answered = str(len(r["answers"])) if r["answers"] else "[red]none[/red]"
        table.add_row(r["authority"], Path(r["report"]).name, r["ref"] or "", r["priority"] or "",
                      _short(r["recommendation"]), ", ".join(r["plan_recommendations"]), answered)
    out.print(table)
    unanswered = sum(not r["answers"] for r in rows)
    out.print(f"{len(rows)} report recommendations, {unanswered} with no plan action", highlight=False)


def _short(text: str | None, width: int = 60) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"
