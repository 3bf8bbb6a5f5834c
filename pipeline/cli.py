"""The ``actionplans`` command: a thin layer over pipeline.ingest, pipeline.run, pipeline.store,
pipeline.exports and pipeline.report.

Every failure the user can cause (bad option values, files, database URLs, taxonomy files, -o
paths) ends as one line on stderr, ``Error: ...``, and a non-zero exit: never a traceback.

Each command imports what it uses when it runs: at the top are only the light modules the options
and their checks need, so ``--help``, ``--version`` and the database commands start without the
extractors, spaCy, the PDF stack or pandas (tests/test_cli_startup.py checks).
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from extractors.settings import Settings, from_env, with_limits
from models.records import DOC_TYPES, GROUP_COLUMNS, RAGS
from pipeline.authorities import authority_index
from pipeline.corrections import FIELDS, CorrectionError, parse_value
from pipeline.exports import FORMATS, ExportError, choose_format, text_value, write_json, write_rows
from pipeline.search import SearchSyntaxError
from pipeline.taxonomy import Taxonomy, load_taxonomy, taxonomy_path

if TYPE_CHECKING:
    from pipeline.ingest import FileResult
    from pipeline.themes import ThemeTagger

T = TypeVar("T")

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)
PROGRESS_FROM = 5  # show a progress bar for batches of at least this many files
SHORT = 60  # characters of a long value in a terminal table


class _ReaderLines(logging.Handler):
    """The readers' log lines (how far a long scan has got) on stderr, one line each, above a progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(Text(_printable(record.getMessage())))


def _show_reader_lines() -> None:
    readers = logging.getLogger("extractors")
    if not any(isinstance(handler, _ReaderLines) for handler in readers.handlers):
        readers.addHandler(_ReaderLines())
        readers.setLevel(logging.INFO)


class CliError(Exception):
    """A one-line reason a command cannot go on."""


class _Commands(TyperGroup):
    """Runs a command and turns every error into one line on stderr (as sqlite-utils does)."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # bad options and arguments
            context = getattr(exc, "ctx", None)
            hint = f" (see `{context.command_path} --help`)" if context else ""
            message = exc.format_message().replace("Value error, ", "")  # Typer's validator's prefix
            code = _fail(message + hint, exc.exit_code)
        except typer.Abort:
            code = _fail("aborted")
        except Exception as exc:
            message = _user_error(exc)
            if message is None:  # a bug: still one line, the traceback on request
                if os.environ.get("ACTIONPLANS_DEBUG"):
                    raise
                message = f"unexpected {type(exc).__name__}: {exc} (set ACTIONPLANS_DEBUG=1 for the traceback)"
            code = _fail(message)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _user_error(exc: Exception) -> str | None:
    """The one line for an error the user caused (a bad database, value, file or search); None for a bug.

    The database's errors are looked up only if their modules are loaded: an error of a module never
    imported cannot have been raised, and importing SQLAlchemy to ask would cost every command's start.
    """
    if isinstance(exc, (ExportError, SearchSyntaxError, CorrectionError, CliError)):
        return str(exc)
    database = sys.modules.get("pipeline.database")
    if database and isinstance(exc, database.StoreError):
        return str(exc)
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_errors and isinstance(exc, sqlalchemy_errors.SQLAlchemyError):
        from pipeline.database import describe

        return f"database: {describe(exc)}"
    return None


def _fail(message: str, code: int = 1) -> int:
    err.print(Text("Error: " + " ".join(message.split())))
    return code


app = typer.Typer(
    cls=_Commands, help="Council post-Ofsted action plans -> normalised records -> SQL.",
    rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _print_version(value: bool) -> None:
    if value:
        from pipeline.database import head_revision

        out.print(f"actionplans {package_version('actionplans')} (schema {head_revision()})")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help(), markup=False)


DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database URL: sqlite:///FILE or postgresql://USER@HOST/DB.",
    show_default="$ACTIONPLANS_DB, else sqlite:///data/processed/actionplans.db",
)]
MAX_FILTER = 1000  # characters of a filter value (--authority, --lead, --text): longer is no real query


def _short(value: str | None) -> str | None:
    if value is not None and len(value) > MAX_FILTER:
        raise typer.BadParameter(f"{len(value):,} characters; at most {MAX_FILTER} are allowed")
    return value


def _authority_option(value: str | None) -> str | None:
    """The --authority filter must match some English local authority (as the store matches it)."""
    needle = (_short(value) or "").lower()
    if value is not None and not any(needle in a.name.lower() or needle == a.ons_code.lower()
                                     for a in authority_index().authorities):
        raise typer.BadParameter(f"{value!r} names no English local authority (a part of its name, or its ONS code)")
    return value


AuthorityOption = Annotated[str | None, typer.Option(
    callback=_authority_option, help="Council name (part of it) or ONS code.",
)]
PathsArgument = Annotated[list[Path], typer.Argument(metavar="PATH", help="Files or folders (searched recursively).")]
WorkersOption = Annotated[int, typer.Option(
    "--workers", "-j", min=0, max=256,
    help="Processes extracting files in parallel; 0 chooses: one per idle core, at most one per MB of input "
         "(--file-limit worker_bytes=...), so one for a small batch or on a busy machine.",
)]
LimitsOption = Annotated[list[str] | None, typer.Option(
    "--file-limit", metavar="NAME=VALUE", show_default=False,
    help="A per-file limit (repeatable), e.g. file_seconds=120, max_pages=100, max_file_bytes=...; the names "
         "and defaults are those of extractors/settings.py, also settable as $ACTIONPLANS_<NAME>.",
)]


def _settings(limits: list[str] | None) -> Settings:
    """The limits in force: defaults, then $ACTIONPLANS_<NAME>, then --file-limit; one line if one is wrong."""
    try:
        pairs = dict(item.partition("=")[::2] for item in limits or [])
        bad = [item for item in limits or [] if "=" not in item]
        if bad:
            raise ValueError(f"{bad[0][:40]!r} is not NAME=VALUE")
        return with_limits(from_env(Settings()), {k.strip(): v.strip() for k, v in pairs.items()})
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--file-limit' or $ACTIONPLANS_<NAME>") from None
# Choices as Literal types (Typer lists them in help and checks them), from the canonical tuples.
Format = Literal[FORMATS]  # type: ignore[valid-type]
Rag = Literal[RAGS]  # type: ignore[valid-type]
DocType = Literal[DOC_TYPES]  # type: ignore[valid-type]
FormatOption = Annotated[Format | None, typer.Option(
    "--format", "-f", help="Output format.", show_default="from -o's suffix, else table",
)]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", dir_okay=False, help="Write to this file (whole or not at all) instead of stdout.",
)]


def _from_taxonomy(build: Callable[[Path], T]) -> T:
    """What ``build`` makes of the taxonomy file in force, or one line saying what is wrong with it."""
    path = taxonomy_path()
    try:
        return build(path)
    except Exception as exc:  # anything wrong while reading the user's file is the file's fault
        raise CliError(f"taxonomy {path}: {type(exc).__name__}: {exc}") from None


def _taxonomy() -> Taxonomy:
    return _from_taxonomy(load_taxonomy)


def _tagger() -> ThemeTagger:
    """The theme tagger, built before any work starts (extraction workers inherit it)."""
    from pipeline.themes import default_tagger

    return _from_taxonomy(lambda _path: default_tagger())


# Writing


def _printable(text: str) -> str:
    """Text on one line as printed: control and other unprintable characters as escapes (``\\n``, ``\\x1b``)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _result_line(r: FileResult) -> Text:
    name = _printable(r.path)
    if r.status == "failed":
        return Text.assemble(("error", "red"), f" {name}: {_printable(r.error or '')}")
    if r.status == "unchanged":
        return Text.assemble(("unchanged", "dim"), f" {name}")
    return Text(
        f"{r.status} {name}: {_n(r.recommendations, 'recommendation')}, {_n(r.actions, 'action')}, "
        f"{_n(len(r.warnings), 'warning')}"
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _print_result(result: FileResult) -> None:
    (err if result.status == "failed" else out).print(_result_line(result))


@app.command("ingest")
def ingest_command(
    paths: PathsArgument,
    db: DbOption = None,
    root: Annotated[Path | None, typer.Option(
        envvar="ACTIONPLANS_ROOT", exists=True, file_okay=False,
        help="Name files relative to this folder (a team's shared root), not by absolute path.",
    )] = None,
    workers: WorkersOption = 0,
    limits: LimitsOption = None,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Remove stored paths under the folders named whose files are gone (documents left with none).",
    )] = False,
    reextract: Annotated[bool, typer.Option(
        "--reextract", help="Extract again files stored by another extractor version (keys and corrections kept).",
    )] = False,
) -> None:
    """Extract, normalise and store, creating the database if needed; files already stored are skipped.

    Safe to run several at once on one database: each file is one transaction, and writers take turns.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pipeline.ingest import gone, ingest
    from pipeline.run import iter_input_files
    from pipeline.store import Store

    settings = _settings(limits)
    _tagger()
    _show_reader_lines()
    store = Store(db, create=True)
    if prune:
        missing = gone([p for p in paths if p.is_dir()], store, root)
        removed = store.forget(missing)
        out.print(Text(f"pruned {_n(len(missing), 'path')} of files gone, {_n(removed, 'document')} removed"))
        for path in missing:
            out.print(Text(f"gone {path}"))
    files = list(iter_input_files(paths))
    if len(files) < PROGRESS_FROM or not err.is_terminal:  # no bar in logs and pipes
        results = ingest(files, store, on_result=_print_result, workers=workers, root=root, reextract=reextract,
                         settings=settings)
    else:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
        ) as progress:
            task = progress.add_task("ingesting", total=len(files))

            def report(result: FileResult) -> None:
                _print_result(result)
                progress.advance(task)

            results = ingest(files, store, on_result=report, workers=workers, root=root, reextract=reextract,
                             settings=settings)
    by_status = {s: sum(r.status == s for r in results)
                 for s in ("added", "replaced", "reextracted", "unchanged", "failed")}
    changed = by_status["added"] + by_status["replaced"] + by_status["reextracted"]
    again = f"{by_status['reextracted']} re-extracted, " if reextract else ""
    kinds = Counter(r.kind for r in results if r.status == "failed")
    causes = f" ({', '.join(f'{n} {kind}' for kind, n in kinds.most_common())})" if kinds else ""
    totals = (
        f"{len(results)} files: {by_status['added']} added, {by_status['replaced']} replaced, {again}"
        f"{by_status['unchanged']} unchanged, {by_status['failed']} failed{causes}; "
        f"{_n(sum(r.actions for r in results), 'action')}, "
        f"{_n(sum(len(r.warnings) for r in results), 'warning')} stored"
    )
    out.print(Text(totals if changed or by_status["failed"] else f"{totals} (nothing changed)"))
    if by_status["failed"]:
        raise typer.Exit(1)


@app.command("migrate")
def migrate_command(db: DbOption = None) -> None:
    """Create the database's schema, or upgrade it to this version's (ingest does this too)."""
    from pipeline.database import head_revision
    from pipeline.store import Store

    Store(db, create=True)
    out.print(f"schema at {head_revision()}")


@app.command("retag")
def retag_command(db: DbOption = None) -> None:
    """Re-apply the taxonomy in force ($ACTIONPLANS_TAXONOMY or the bundled one) to everything stored.

    Source files are not re-read; all stored theme tags are replaced in one transaction.
    """
    from pipeline.store import Store
    from pipeline.themes import record_themes

    tagger = _tagger()
    counts = Store(db).retag(lambda recs, actions: record_themes(recs, actions, tagger))
    out.print(Text(f"retagged with {taxonomy_path().name}: {counts['before']} theme tags before, "
                   f"{counts['after']} after"))


# Reading


@app.command("extract")
def extract_command(
    paths: PathsArgument,
    format: Annotated[Format | None, typer.Option(
        "--format", "-f", help="json/ndjson: one document per file (the JSON contract); others: one row per action.",
        show_default="from -o's suffix, else json",
    )] = None,
    output: OutputOption = None,
    workers: WorkersOption = 0,
    limits: LimitsOption = None,
) -> None:
    """Extract and normalise without a database."""
    from extractors.base import ExtractionError
    from models.schema import ACTION_COLUMNS
    from pipeline.rows import document_json, document_rows
    from pipeline.run import extract_many, iter_input_files, text_name

    fmt = choose_format(format, output) if format or output else "json"
    settings = _settings(limits)
    _tagger()
    _show_reader_lines()
    docs: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    failed = 0
    for path, extracted in extract_many(list(iter_input_files(paths)), workers, settings):
        if isinstance(extracted, ExtractionError):
            failed += 1
            err.print(Text(f"error {_printable(text_name(path))}: {_printable(str(extracted))}"))
            docs.append({"source": text_name(path), "error": str(extracted)})
        else:
            docs.append(document_json(extracted))
            rows.extend(document_rows(extracted))
    if fmt == "json":
        write_json(docs, output)
    elif fmt == "ndjson":
        write_rows(docs, _keys(docs), fmt, output)
    else:
        _show(rows, ACTION_COLUMNS, fmt, output, display=QUERY_DISPLAY)
    if failed:
        raise typer.Exit(1)


def _keys(docs: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(key for doc in docs for key in doc))


QUERY_DISPLAY = ("key", "authority", "year", "recommendation_ref", "action", "lead", "deadline", "rag", "corrected",
                 "source")


def _theme_option(value: str | None) -> str | None:
    if value is not None and value not in _taxonomy().ids:
        raise typer.BadParameter(f"{value!r} is not a theme of {taxonomy_path().name} "
                                 f"(`actionplans themes` lists them)")
    return value


def _group_option(value: str | None) -> list[str]:
    names = [n.strip() for n in (value or "").split(",") if n.strip()]
    unknown = [n for n in names if n not in GROUP_COLUMNS]
    if unknown:
        raise typer.BadParameter(f"cannot group by {', '.join(unknown)}; choose from {', '.join(GROUP_COLUMNS)}",
                                 param_hint="'--group-by'")
    return names


@app.command("query")
def query_command(
    db: DbOption = None,
    authority: AuthorityOption = None,
    year: Annotated[int | None, typer.Option(min=1900, max=2200, help="Document year.")] = None,
    year_from: Annotated[int | None, typer.Option("--from", min=1900, max=2200, help="First document year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", min=1900, max=2200, help="Last document year.")] = None,
    rag: Annotated[Rag | None, typer.Option(case_sensitive=False)] = None,
    lead: Annotated[str | None, typer.Option(callback=_short, help="Text in the lead cell, or a parsed person/role.")] = None,
    text: Annotated[str | None, typer.Option(
        callback=_short, help='Full-text search of action, recommendation, lead and progress: words, "a phrase", or, -exclude.',
    )] = None,
    doc_type: Annotated[DocType | None, typer.Option("--doc-type")] = None,
    theme: Annotated[str | None, typer.Option(
        callback=_theme_option, help="Theme id, e.g. supervision (`actionplans themes` lists them).",
    )] = None,
    group_by: Annotated[str | None, typer.Option(
        "--group-by", help=f"Count actions per these columns, comma-separated, of: {', '.join(GROUP_COLUMNS)}.",
    )] = None,
    count: Annotated[bool, typer.Option("--count", help="Count the actions instead of listing them.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, max=10**12)] = None,
    format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Actions across councils and years, filtered; or counted with --count / --group-by."""
    from models.schema import ACTION_COLUMNS
    from pipeline.store import ActionQuery, Store

    fmt = choose_format(format, output)
    groups = _group_option(group_by)
    if year is not None and (year_from is not None or year_to is not None):
        raise typer.BadParameter("use --year or --from/--to, not both", param_hint="'--year'")
    q = ActionQuery(
        authority=authority,
        year_from=year if year is not None else year_from,
        year_to=year if year is not None else year_to,
        rag=rag, lead=lead, text=text, doc_type=doc_type, theme=theme, limit=limit,
    )
    store = Store(db)
    if groups or count:
        _show(store.count_actions(q, groups), [*groups, "actions"], fmt, output)
        return
    rows = store.query_actions(q)
    _show(rows, ACTION_COLUMNS, fmt, output, display=QUERY_DISPLAY, summary=_n(len(rows), "action"))


@app.command("coverage")
def coverage_command(
    db: DbOption = None,
    authority: AuthorityOption = None,
    unanswered: Annotated[bool, typer.Option("--unanswered", help="Only recommendations no plan action answers.")] = False,
    format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Per report recommendation, the plan actions that answer it; flags the ones with none."""
    from pipeline.store import COVERAGE_COLUMNS, Store

    fmt = choose_format(format, output)
    rows = Store(db).coverage(authority, unanswered=unanswered)
    none = sum(not r["answered"] for r in rows)
    _show(rows, COVERAGE_COLUMNS, fmt, output,
          display=("authority", "report", "ref", "priority", "recommendation", "plan_recommendations", "actions"),
          summary=f"{_n(len(rows), 'report recommendation')}, {none} with no plan action")


@app.command("themes")
def themes_command(db: DbOption = None, format: FormatOption = None, output: OutputOption = None) -> None:
    """The theme taxonomy in force, with stored actions per theme, authority and year, and their RAG.

    The table sums each theme; other formats give one row per theme, authority and year.
    """
    from pipeline.store import THEME_COUNT_COLUMNS, Store

    fmt = choose_format(format, output)
    taxonomy = _taxonomy()
    counts = Store(db).theme_counts()
    if fmt != "table":
        write_rows(counts, THEME_COUNT_COLUMNS, fmt, output)
        return
    totals = ("actions_own", "actions_all", "red", "amber", "green", "blue", "no_rag")
    rows = []
    for theme_id in taxonomy.ids:
        mine = [r for r in counts if r["theme"] == theme_id]
        rows.append({
            "theme": theme_id, "label": taxonomy.theme(theme_id).label,
            **{key: sum(r[key] for r in mine) for key in totals},
            "by_authority_year": [f"{r['authority'] or '?'} {r['year'] or '?'}: {r['actions_own']}"
                                  for r in mine if r["actions_own"]],
        })
    _show(rows, ("theme", "label", *totals, "by_authority_year"), fmt, output)


@app.command("correct")
def correct_command(
    key: Annotated[str, typer.Argument(help="The action's key (`actionplans query` shows it).")],
    field: Annotated[str, typer.Argument(help=f"One of: {', '.join(FIELDS)}.")],
    value: Annotated[str | None, typer.Argument(
        help="The right value: rag a RAG word, deadline YYYY-MM-DD, themes theme ids joined by ',' ('' clears).",
    )] = None,
    note: Annotated[str | None, typer.Option(help="Why, or where the right value comes from.")] = None,
    by: Annotated[str | None, typer.Option(help="Who corrects.", show_default="$USER")] = None,
    withdraw: Annotated[bool, typer.Option("--withdraw", help="Withdraw the correction of FIELD instead.")] = False,
    db: DbOption = None,
) -> None:
    """Correct one field of an action; kept apart from the extracted value and applied after every re-extraction."""
    from pipeline.store import Store

    who = by or os.environ.get("USER") or "unknown"
    store = Store(db)
    if withdraw:
        if field not in FIELDS:
            raise CorrectionError(f"cannot correct {field!r}; choose from {', '.join(FIELDS)}")
        store.withdraw(key, field, who)
        out.print(Text(f"withdrew the correction of {field} for {key}"))
        return
    if value is None:
        raise CliError("give the VALUE to correct to (or --withdraw)")
    parsed = parse_value(field, value, _taxonomy().ids if field == "themes" else ())
    store.correct(key, field, parsed, who, note)
    out.print(Text(f"corrected {field} of {key} to {text_value(parsed) or '(none)'}"))


@app.command("corrections")
def corrections_command(
    db: DbOption = None,
    withdrawn: Annotated[bool, typer.Option("--withdrawn", help="Include withdrawn corrections.")] = False,
    format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Corrections made, with who, when and why; "review" where the source cell changed since."""
    from pipeline.store import CORRECTION_COLUMNS, Store

    fmt = choose_format(format, output)
    rows = Store(db).corrections(withdrawn)
    review = sum(r["status"] == "review" for r in rows)
    _show(rows, CORRECTION_COLUMNS, fmt, output,
          display=("key", "field", "value", "status", "extracted", "by", "at", "note"),
          summary=f"{_n(len(rows), 'correction')}, {review} to review")


@app.command("history")
def history_command(
    db: DbOption = None,
    authority: AuthorityOption = None,
    format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Each tracked action across the versions of its plan, in date order: RAG, deadline and progress in each.

    json: a list of {key, authority, recommendation_ref, action, versions: [{document_date, version, source,
    rag, deadline, progress}]}; other formats: one row per action and version, with its change and status.
    """
    from pipeline.store import HISTORY_COLUMNS, Store

    fmt = choose_format(format, output)
    tracked = Store(db).history(authority)
    if fmt == "json":
        write_json([{**{k: t[k] for k in ("key", "authority", "recommendation_ref", "action")},
                     "versions": [{k: v for k, v in version.items() if k != "change"} for version in t["versions"]]}
                    for t in tracked], output)
        return
    rows = [{**{k: t[k] for k in ("key", "authority", "recommendation_ref", "action")}, **version,
             "status": "closed" if t["closed"] else "open"} for t in tracked for version in t["versions"]]
    _show(rows, HISTORY_COLUMNS, fmt, output,
          display=("key", "recommendation_ref", "action", "document_date", "version", "rag", "deadline", "change",
                   "status"),
          summary=f"{_n(len(tracked), 'tracked action')}, {sum(t['closed'] for t in tracked)} closed")


@app.command("report")
def report_command(
    db: DbOption = None,
    output: Annotated[Path, typer.Option("--output", "-o", dir_okay=False, help="The HTML file to write.")]
    = Path("report.html"),
) -> None:
    """One self-contained HTML page comparing authorities and years, with charts (no network needed)."""
    from pipeline.report import write_report
    from pipeline.store import Store

    summary = write_report(Store(db), output)
    out.print(Text(f"wrote {output}: {summary}"))


def _show(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, output: Path | None,
          display: Sequence[str] | None = None, summary: str | None = None) -> None:
    """Rows in a format; a table on a terminal is Rich's (long values cut), anywhere else plain TSV.

    ``display``: the columns of a table (others show all). ``summary`` goes after a terminal table,
    else to stderr, so that a pipe or file gets the rows alone.
    """
    shown = list(display or columns) if fmt == "table" else list(columns)
    if fmt == "table" and output is None and out.is_terminal:
        from rich.table import Table

        table = Table(*shown)
        for row in rows:
            table.add_row(*(_cell(name, row.get(name)) for name in shown))
        out.print(table)
        if summary:
            out.print(Text(summary))
        return
    write_rows(rows, shown, fmt, output)
    if summary:
        err.print(Text(summary + (f" written to {output}" if output else "")))


def _cell(name: str, value: Any) -> Text:
    if name == "source" and value:
        return Text(Path(value).name)
    if name == "actions" and value == 0:
        return Text("none", style="red")
    text = text_value(value)
    return Text(text if len(text) <= SHORT else text[: SHORT - 1] + "…")
