"""The `actionplans` command end to end on the bundled samples, a real SQLite file, and bad inputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from models.schema import ACTION_COLUMNS
from pipeline.cli import app
from pipeline.store import ActionQuery, Store
from tests.support import RAW, ROOT

SAMPLES = sorted(RAW.glob("*.txt"))
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'plans.db'}"


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "novel.txt").write_text(
        "It was a bright cold day in April, and the clocks were striking thirteen.\n" * 30, encoding="utf-8"
    )
    shutil.copy(RAW / "southwark-2013-action-plan-appendix.txt", folder / "good.txt")
    return folder


def test_ingest_samples_then_again_changes_nothing(db: str) -> None:
    first = run("ingest", str(RAW), "--db", db)
    assert first.exit_code == 0, first.output
    assert first.output.count("added ") == len(SAMPLES) == 5
    counts = Store(db).counts()
    assert counts["documents"] == 5 and counts["actions"] > 100 and counts["authorities"] == 2

    second = run("ingest", str(RAW), "--db", db)
    assert second.exit_code == 0
    assert sum(line.startswith("unchanged ") for line in second.output.splitlines()) == 5
    assert "nothing changed" in second.output
    assert Store(db).counts() == counts


def test_changed_file_replaces_its_records(db: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    text = (RAW / "southwark-2013-action-plan-appendix.txt").read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    assert run("ingest", str(plan), "--db", db).exit_code == 0
    before = Store(db).counts()["actions"]

    dropped = [line for line in text.splitlines() if line.startswith("Ensure capacity of the independent visiting")]
    assert len(dropped) == 1
    plan.write_text(text.replace(dropped[0] + "\n", ""), encoding="utf-8")
    result = run("ingest", str(plan), "--db", db)
    assert result.exit_code == 0 and "replaced" in result.output
    after = Store(db).counts()
    assert after["documents"] == 1
    assert 0 < after["actions"] < before


def test_bad_inputs_fail_alone(db: str, bad_inputs: Path) -> None:
    result = run("ingest", str(bad_inputs), "--db", db)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 3
    for name, cause in (("empty.txt", "empty"), ("junk.txt", "binary"), ("novel.txt", "not a recognised")):
        assert any(name in line and cause in line for line in errors), (name, errors)
    store = Store(db)
    assert store.counts()["documents"] == 1
    assert all(source.endswith("good.txt") for source in store.document_sources())


def test_junk_at_a_stored_path_loses_nothing(db: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    shutil.copy(RAW / "southwark-2013-action-plan-appendix.txt", plan)
    run("ingest", str(plan), "--db", db)
    before = Store(db).counts()
    plan.write_bytes(b"\x00\x01garbage")
    result = run("ingest", str(plan), "--db", db)
    assert result.exit_code == 1 and "binary" in result.output
    assert Store(db).counts() == before


def test_extract_json_contract(bad_inputs: Path) -> None:
    result = run("extract", *map(str, SAMPLES), str(bad_inputs / "novel.txt"), "--format", "json")
    assert result.exit_code == 1
    docs = json.loads(result.stdout)
    assert len(docs) == len(SAMPLES) + 1
    assert docs[-1]["source"].endswith("novel.txt") and "error" in docs[-1]
    for doc in docs[:-1]:
        assert {"source", "sha256", "authority", "doc_type", "year", "document_date", "title",
                "recommendations", "actions", "warnings"} <= set(doc)
        assert doc["authority"] in {"Southampton", "Southwark"}
        assert doc["actions"], doc["source"]
        for action in doc["actions"]:
            assert {"recommendation_ref", "recommendation", "action", "lead", "leads", "deadline_text",
                    "deadline", "rag", "rag_raw", "themes", "page"} <= set(action)
            assert action["rag"] in {None, "red", "amber", "green", "blue"}
            assert isinstance(action["themes"], list)
            if action["deadline"]:
                assert len(action["deadline"]) == 10 and action["deadline"][4] == "-"


def test_extract_csv_one_row_per_action() -> None:
    result = run("extract", str(RAW / "southwark-2013-action-plan-appendix.txt"), "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0] == ",".join(ACTION_COLUMNS)  # the same columns as query's
    assert len(lines) > 5


def test_query_filters_across_councils(db: str) -> None:
    run("ingest", str(RAW), "--db", db)
    result = run("query", "--db", db, "--authority", "southwark", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows and {r["authority"] for r in rows} == {"Southwark"}
    assert {r["source"] for r in rows} <= {p.resolve().as_posix() for p in SAMPLES}
    everything = Store(db).query_actions(ActionQuery())
    red = json.loads(run("query", "--db", db, "--rag", "red", "--format", "json").stdout)
    assert red and all(r["rag"] == "red" for r in red) and len(red) < len(everything)
    table = run("query", "--db", db, "--year", "2013", "--text", "care plans")
    assert table.exit_code == 0 and "actions" in table.output
    assert run("query", "--db", db, "--year", "2013", "--from", "2012").exit_code != 0


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "actionplans"
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for command in ("ingest", "extract", "query"):
        assert command in result.stdout


def test_themes_query_and_retag_after_a_taxonomy_edit(db: str, tmp_path: Path, monkeypatch) -> None:
    run("ingest", str(RAW), "--db", db)
    supervision = json.loads(run("query", "--db", db, "--theme", "supervision", "--format", "json").stdout)
    assert supervision and all("supervision" in r["themes"] for r in supervision)
    listed = run("themes", "--db", db, "--format", "json")
    counts = json.loads(listed.stdout)
    assert {"theme", "authority", "year", "actions_own", "actions_all"} <= set(counts[0])
    assert any(c["theme"] == "supervision" and c["authority"] == "Southampton" for c in counts)

    taxonomy = (ROOT / "pipeline" / "taxonomy.toml").read_text(encoding="utf-8")
    start = taxonomy.index("[themes.supervision]")
    end = taxonomy.index("[themes.", start + 1)
    edited = taxonomy[:start] + '[themes.supervision]\nlabel = "Supervision"\nterms = ["practice surgery"]\n\n' + taxonomy[end:]
    path = tmp_path / "taxonomy.toml"
    path.write_text(edited, encoding="utf-8")
    monkeypatch.setenv("ACTIONPLANS_TAXONOMY", str(path))
    before = Store(db).counts()
    result = run("retag", "--db", db)
    assert result.exit_code == 0 and "taxonomy.toml" in result.output
    after = json.loads(run("query", "--db", db, "--theme", "supervision", "--format", "json").stdout)
    assert len(after) < len(supervision)
    assert Store(db).counts() == before  # no record re-extracted, only tags replaced


def test_query_by_lead_role_matches_its_abbreviation(db: str) -> None:
    run("ingest", str(RAW), "--db", db)
    rows = json.loads(run("query", "--db", db, "--lead", "Head of Service", "--format", "json").stdout)
    assert any("HoS" in (r["lead"] or "") for r in rows)  # found through the normalised role


def test_bad_pdfs_fail_alone_with_their_cause(db: str, tmp_path: Path) -> None:
    from tests.support import encrypted_pdf

    folder = tmp_path / "pdfs"
    folder.mkdir()
    good = sorted((ROOT / "tests" / "corpus" / "seed-1").glob("ruled_landscape-*.pdf"))[0]
    shutil.copy(good, folder / "good.pdf")
    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (folder / "page.pdf").write_text("<!DOCTYPE html><html><body>Inspection report</body></html>", encoding="utf-8")
    (folder / "zero.pdf").write_bytes(b"")
    (folder / "locked.pdf").write_bytes(encrypted_pdf())
    result = run("ingest", str(folder), "--db", db)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    for name, cause in (("truncated.pdf", "truncated"), ("page.pdf", "HTML"), ("zero.pdf", "empty"),
                        ("locked.pdf", "encrypted")):
        assert any(name in line and cause in line for line in errors), (name, errors)
    assert [Path(s).name for s in Store(db).document_sources()] == ["good.pdf"]


def test_parallel_ingest_stores_what_a_single_process_stores(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(RAW, inbox)
    shutil.copy(RAW / "southwark-2013-action-plan-appendix.txt", inbox / "zz-same-content-again.txt")
    (inbox / "empty.txt").write_bytes(b"")
    single, parallel = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    one = run("ingest", str(inbox), "--db", single, "--workers", "1")
    two = run("ingest", str(inbox), "--db", parallel, "--workers", "2")
    assert one.exit_code == two.exit_code == 1  # the empty file fails in both, alone
    assert Store(single).counts() == Store(parallel).counts()
    assert Store(parallel).counts()["documents"] == 5  # the copy is the same content: stored once
    assert any(line.startswith("unchanged ") and line.endswith("zz-same-content-again.txt")
               for line in two.output.splitlines())


def test_a_file_is_the_same_document_from_any_directory(db: str, tmp_path: Path, monkeypatch) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    plan = plans / "plan.txt"
    text = (RAW / "southwark-2013-action-plan-appendix.txt").read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("ingest", "plans/plan.txt", "--db", db).exit_code == 0
    before = Store(db).counts()
    plan.write_text(text.replace("Ensure capacity of the independent visiting", "Ensure capacity of the visiting"),
                    encoding="utf-8")
    monkeypatch.chdir(plans)
    result = run("ingest", "plan.txt", "--db", db)  # changed, and named from another directory
    assert result.exit_code == 0 and "replaced" in result.output
    assert Store(db).counts() == before
    assert list(Store(db).document_sources()) == [plan.resolve().as_posix()]


def test_every_path_of_the_same_bytes_is_kept_and_root_names_them_relatively(db: str, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "a").mkdir(parents=True)
    (shared / "b").mkdir()
    for folder in ("a", "b"):
        shutil.copy(RAW / "southwark-2013-action-plan-appendix.txt", shared / folder / "plan.txt")
    outside = tmp_path / "elsewhere.txt"
    shutil.copy(RAW / "southampton-2013-post-inspection-action-plan.txt", outside)
    result = run("ingest", str(shared), str(outside), "--db", db, "--root", str(shared))
    assert result.exit_code == 1
    assert any(line.startswith("error") and "elsewhere.txt" in line and "outside the root" in line
               for line in result.output.splitlines())
    assert list(Store(db).document_sources()) == ["a/plan.txt", "b/plan.txt"]
    assert Store(db).counts()["documents"] == 1


def test_sqlite_and_postgresql_answer_every_command_alike(postgres_server, tmp_path: Path) -> None:
    urls = (f"sqlite:///{tmp_path / 'plans.db'}", postgres_server.new_database())
    for url in urls:
        assert run("ingest", str(RAW), "--db", url, "-j", "1").exit_code == 0
    for command in (["query"], ["query", "--text", '"care plans" or supervision -audit'], ["query", "--lead", "hos"],
                    ["query", "--group-by", "authority,year,rag,theme"], ["coverage"], ["themes"]):
        first, second = (run(*command, "--db", url, "--format", "json") for url in urls)
        assert first.exit_code == second.exit_code == 0
        assert json.loads(first.stdout) == json.loads(second.stdout), command
        assert json.loads(first.stdout) or command == ["coverage"]
