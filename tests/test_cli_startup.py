"""What the commands that need no extraction import: each runs in a fresh process, which then lists the
heavy libraries it loaded. Start-up time itself is measured by the benchmark, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

# Libraries only extraction (or an export format) needs; each costs a noticeable part of a second to import.
HEAVY = ("spacy", "thinc", "pdfplumber", "pypdfium2", "camelot", "pandas", "cv2", "openpyxl", "docx", "lxml",
         "extractors.detect", "extractors.readers", "pipeline.themes")

# Runs the command in this process as the console script does, then writes the heavy modules loaded.
CHILD = """
import json, sys
from pipeline.cli import app
heavy, report, args = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3:]
try:
    app(args)
except SystemExit as exc:
    code = exc.code
with open(report, "w") as file:
    json.dump({"code": code, "loaded": [m for m in heavy if m in sys.modules]}, file)
"""


def run_fresh(tmp_path: Path, *args: str) -> tuple[dict[str, object], str]:
    """Exit code and heavy modules loaded by ``actionplans ARGS`` in a fresh interpreter, and its stdout."""
    report = tmp_path / "loaded.json"
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(HEAVY), str(report), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert report.exists(), done.stderr
    return json.loads(report.read_text()), done.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('startup') / 'plans.db'}"
    subprocess.run([sys.executable, "-c", "from pipeline.cli import app; app()", "migrate", "--db", url],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    return url


def test_help_and_version_load_no_extraction_library(tmp_path: Path) -> None:
    for args, says in ((["--help"], "ingest"), (["query", "--help"], "--group-by"), (["--version"], "schema")):
        result, stdout = run_fresh(tmp_path, *args)
        assert result == {"code": 0, "loaded": []}, args
        assert says in stdout, args


def test_database_commands_load_no_extraction_library(tmp_path: Path, db: str) -> None:
    commands = (
        ["query", "--db", db, "--theme", "supervision", "--rag", "red", "--text", "supervision -audit"],
        ["query", "--db", db, "--group-by", "authority,theme"],
        ["themes", "--db", db, "--format", "csv"],
        ["coverage", "--db", db],
    )
    for args in commands:
        result, _ = run_fresh(tmp_path, *args)
        assert result == {"code": 0, "loaded": []}, args


def test_extraction_loads_what_it_needs(tmp_path: Path) -> None:
    """The check above sees imports: a command that extracts loads the tagger and the readers."""
    plan = ROOT / "data" / "raw" / "southwark-2013-action-plan-appendix.txt"
    result, stdout = run_fresh(tmp_path, "extract", str(plan), "-j", "1")
    assert result["code"] == 0
    assert {"spacy", "pipeline.themes", "extractors.detect"} <= set(result["loaded"])
    assert json.loads(stdout)[0]["actions"]
