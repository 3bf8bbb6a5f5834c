"""Whatever the input, the user gets one line naming the option, file or database and the cause: never a traceback.

Also: read-only commands never create a database, help keeps its defaults, --version, piped tables.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import QUERY_DISPLAY, app
from tests.support import RAW

runner = CliRunner()


def one_line_error(*args: str) -> str:
    """Run the command; check it failed with one `Error: ...` line on stderr and nothing else; return that line."""
    result = runner.invoke(app, list(args))
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('errors') / 'plans.db'}"
    assert runner.invoke(app, ["ingest", str(RAW / "southwark-2013-action-plan-appendix.txt"), "--db", url]).exit_code == 0
    return url


@pytest.mark.parametrize("args, words", [
    (["--rag", "purple"], ["--rag", "purple", "red"]),
    (["--doc-type", "memo"], ["--doc-type", "memo"]),
    (["--authority", "Southamtpon"], ["--authority", "Southamtpon", "no English local authority"]),
    (["--theme", "astrology"], ["--theme", "astrology", "actionplans themes"]),
    (["--group-by", "authority,colour"], ["--group-by", "colour", "theme"]),
    (["--text", "-agency"], ["search", "-agency"]),
    (["--text", '" "'], ["no word to search for"]),
    (["--limit", "0"], ["--limit"]),
    (["--year", "2013", "--from", "2012"], ["--year", "not both"]),
    (["--format", "xlsx"], ["-o FILE"]),
    (["--format", "html"], ["--format", "html"]),
    (["-o", "rows.weird"], ["rows.weird", "--format"]),
    (["-o", "/no/such/folder/rows.csv"], ["/no/such/folder/rows.csv", "cannot write"]),
    (["--nonsense"], ["--nonsense"]),
    (["--year", "99999999999999999999"], ["--year", "less than or equal to 2200"]),
    (["--from", "-5"], ["--from", "greater than or equal to 1900"]),
    (["--limit", "99999999999999999999"], ["--limit"]),
    (["--text", "care " * 26_200], ["--text", "131,000 characters", "at most"]),
    (["--lead", "x" * 131_000], ["--lead", "131,000 characters"]),
    (["--authority", "%" * 131_000], ["--authority", "131,000 characters"]),
])
def test_bad_query_options(db: str, args: list[str], words: list[str]) -> None:
    line = one_line_error("query", "--db", db, *args)
    for word in words:
        assert word in line, line


@pytest.mark.parametrize("url, words", [
    ("nonsense", ["not a database URL"]),
    ("mysql://u@host/db", ["mysql", "not supported"]),
    ("sqlite://", ["in-memory"]),
    ("postgresql://someone:secret@127.0.0.1:1/db", ["127.0.0.1", "Connection refused"]),
])
def test_bad_database_urls(url: str, words: list[str]) -> None:
    for command in ("query", "coverage", "themes", "report", "ingest"):
        line = one_line_error(command, "--db", url, *([str(RAW)] if command == "ingest" else []))
        assert all(word in line for word in words) and "secret" not in line, line


def test_reading_commands_never_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "new" / "plans.db"
    for command in (["query"], ["coverage", "--unanswered"], ["themes"], ["report", "-o", str(tmp_path / "r.html")],
                    ["retag"], ["query", "--count"]):
        line = one_line_error(*command, "--db", f"sqlite:///{missing}")
        assert str(missing) in line and "not found" in line
    assert not missing.parent.exists() and not (tmp_path / "r.html").exists()


def test_someone_elses_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    other = tmp_path / "birds.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table birds (name text)")
    before = other.read_bytes()
    for command in (["query"], ["ingest", str(RAW)]):
        assert "not an actionplans database" in one_line_error(*command, "--db", f"sqlite:///{other}")
    assert other.read_bytes() == before


def test_a_broken_taxonomy_file_is_named(db: str, tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "taxonomy.toml"
    bad.write_text("[themes.x\nlabel = 1", encoding="utf-8")
    monkeypatch.setenv("ACTIONPLANS_TAXONOMY", str(bad))
    for command in (["themes", "--db", db], ["query", "--db", db, "--theme", "x"], ["retag", "--db", db],
                    ["extract", str(RAW)], ["ingest", str(RAW), "--db", db]):
        line = one_line_error(*command)
        assert str(bad) in line, line
    monkeypatch.setenv("ACTIONPLANS_TAXONOMY", str(tmp_path / "missing.toml"))
    assert "missing.toml" in one_line_error("themes", "--db", db)


def test_odd_file_names_and_missing_files_fail_alone(db: str, tmp_path: Path) -> None:
    odd = tmp_path / "[bold]plan[red] 100%.txt"
    shutil.copy(RAW / "southampton-2013-post-inspection-action-plan.txt", odd)
    missing = tmp_path / "gone.txt"
    result = runner.invoke(app, ["ingest", str(odd), str(missing), "--db", db])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert f"added {odd.resolve().as_posix()}" in result.stdout  # printed as named, not as markup
    assert any(line.startswith("error") and "gone.txt" in line and "cannot read" in line
               for line in result.stderr.splitlines())


def test_usage_errors_and_unknown_commands_are_one_line() -> None:
    assert "No such command" in one_line_error("frobnicate")
    assert "Missing argument" in one_line_error("ingest")


def test_help_keeps_its_defaults_and_version_prints() -> None:
    text = runner.invoke(app, ["query", "--help"]).stdout
    assert "[default: ($ACTIONPLANS_DB, else sqlite:///data/processed/actionplans.db)]" in " ".join(text.split())
    assert "table|csv|tsv|json|ndjson|xlsx|parquet" in text
    ingest_help = " ".join(runner.invoke(app, ["ingest", "--help"]).stdout.split())
    assert "[default: 0;" in ingest_help and "--root" in ingest_help
    exe = Path(sys.executable).parent / "actionplans"
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("actionplans 0.") and "schema 0005" in version


def test_a_piped_table_is_plain_tab_separated_and_whole(db: str) -> None:
    result = runner.invoke(app, ["query", "--db", db])  # stdout is not a terminal here
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == list(QUERY_DISPLAY)
    full = json.loads(runner.invoke(app, ["query", "--db", db, "--format", "json"]).stdout)
    assert len(lines) == len(full) + 1 and all(line.count("\t") == len(QUERY_DISPLAY) - 1 for line in lines)
    assert [line.split("\t")[QUERY_DISPLAY.index("action")] for line in lines[1:]] == [" ".join(r["action"].split()) for r in full]  # not cut
    assert max(len(r["action"]) for r in full) > 100
    assert result.stderr.strip() == f"{len(full)} actions"  # the count goes to stderr, not into the pipe
