"""Exports open in pandas with the same rows as JSON, in every format, for query, coverage, themes and extract."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from models.schema import ACTION_COLUMNS
from pipeline.cli import app
from pipeline.exports import LIST_SEPARATOR, write_rows
from pipeline.store import COVERAGE_COLUMNS, THEME_COUNT_COLUMNS, Store
from tests.support import RAW
from tests.test_store import make_report

runner = CliRunner()
FILE_FORMATS = ("csv", "tsv", "ndjson", "xlsx", "parquet")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('exports') / 'plans.db'}"
    assert runner.invoke(app, ["ingest", str(RAW), "--db", url]).exit_code == 0
    Store(url).save(make_report("r2012", date(2012, 7, 10), [("1", "Improve the quality of supervision")]),
                    "/reports/southampton-2012.pdf")  # so coverage has rows
    return url


def read(path: Path) -> pd.DataFrame:
    """The file as pandas reads it, told only the format."""
    suffix = path.suffix
    if suffix in (".csv", ".tsv"):
        return pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False)
    if suffix == ".ndjson":
        return pd.read_json(path, lines=True, dtype=False)
    if suffix == ".xlsx":
        return pd.read_excel(path, dtype=object)
    return pd.read_parquet(path)


def as_text(value: Any) -> str:
    """One value as comparable text, however a format typed it."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return LIST_SEPARATOR.join(map(as_text, items)) if isinstance(items, list) else as_text(items)
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def same_rows(frame: pd.DataFrame, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    assert list(frame.columns) == list(columns)
    assert len(frame) == len(rows) > 0
    got = [[as_text(v) for v in record] for record in frame[list(columns)].itertuples(index=False)]
    assert got == [[as_text(row[c]) for c in columns] for row in rows]


@pytest.mark.parametrize("command, columns", [
    (["query", "--authority", "southampton"], ACTION_COLUMNS),
    (["coverage"], COVERAGE_COLUMNS),
    (["themes"], THEME_COUNT_COLUMNS),
])
def test_every_format_holds_the_rows_json_holds(db: str, tmp_path: Path, command: list[str], columns) -> None:
    rows = json.loads(runner.invoke(app, [*command, "--db", db, "--format", "json"]).stdout)
    for fmt in FILE_FORMATS:
        path = tmp_path / f"rows.{fmt}"
        result = runner.invoke(app, [*command, "--db", db, "-o", str(path)])  # the format from the suffix
        assert result.exit_code == 0, result.output
        same_rows(read(path), rows, columns)


def test_lists_stay_lists_in_parquet_and_json_and_are_joined_in_csv(db: str, tmp_path: Path) -> None:
    rows = json.loads(runner.invoke(app, ["query", "--db", db, "--format", "json"]).stdout)
    themed = next(i for i, r in enumerate(rows) if len(r["themes"]) > 1)
    runner.invoke(app, ["query", "--db", db, "-o", str(tmp_path / "a.parquet")])
    runner.invoke(app, ["query", "--db", db, "-o", str(tmp_path / "a.csv")])
    assert list(read(tmp_path / "a.parquet")["themes"][themed]) == rows[themed]["themes"]
    assert read(tmp_path / "a.csv")["themes"][themed] == "; ".join(rows[themed]["themes"])
    assert str(pd.read_parquet(tmp_path / "a.parquet")["year"].dtype).lower().startswith("int")


def test_extract_tables_have_the_query_columns_and_one_row_per_action(tmp_path: Path) -> None:
    sample = str(RAW / "southampton-2014-post-inspection-action-plan.txt")
    docs = json.loads(runner.invoke(app, ["extract", sample]).stdout)  # json: the document contract
    actions = docs[0]["actions"]
    assert "parse_report" in docs[0]
    for fmt in FILE_FORMATS:
        path = tmp_path / f"extract.{fmt}"
        assert runner.invoke(app, ["extract", sample, "-o", str(path)]).exit_code == 0
        frame = read(path)
        if fmt == "ndjson":  # one document per line, as json
            assert list(frame["sha256"]) == [docs[0]["sha256"]]
            continue
        assert tuple(frame.columns) == ACTION_COLUMNS and len(frame) == len(actions)
        assert [as_text(v) for v in frame["action"]] == [a["action"] for a in actions]
        assert [as_text(v) for v in frame["deadline"]] == [a["deadline"] or "" for a in actions]


class Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("cannot print")


def test_a_failed_export_leaves_the_old_file_and_no_part_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.csv"
    target.write_text("old", encoding="utf-8")
    rows = [{"a": i} for i in range(1000)] + [{"a": Unprintable()}]  # fails after writing much
    with pytest.raises(RuntimeError):
        write_rows(rows, ["a"], "csv", target)
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["keep.csv"]
    write_rows(rows[:2], ["a"], "csv", target)
    assert target.read_text(encoding="utf-8") == "a\n0\n1\n" and oct(target.stat().st_mode)[-3:] != "600"
