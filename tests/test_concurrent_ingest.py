"""Four `actionplans ingest` processes at once on a fresh database store exactly what one serial run stores.

Real processes (the installed command), overlapping folders (the same files in several, the same
bytes under other names), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import Store
from tests.support import RAW

SAMPLES = sorted(RAW.glob("*.txt"))
SNAPSHOT = {  # every stored fact, keyed by content and position instead of row ids
    "authorities": "select name, ons_code, dfe_code, region, la_type from authorities",
    "documents": "select d.sha256, d.source_path, d.extractor, d.doc_type, a.ons_code, d.title, d.document_date, "
                 "d.year, d.version, d.inspection_date, d.warnings, d.parse_report "
                 "from documents d left join authorities a on a.id = d.authority_id",
    "sources": "select s.path, d.sha256 from document_sources s join documents d on d.id = s.document_id",
    "recommendations": "select d.sha256, r.position, r.ref, r.text, r.priority, r.heading, r.page, r.line "
                       "from recommendations r join documents d on d.id = r.document_id",
    "actions": "select v.sha256, a.position, v.recommendation_ref, v.action, v.lead, v.leads, v.deadline, v.rag, "
               "v.themes, a.progress, a.extra from action_rows v join actions a on a.id = v.action_id",
    "themes": "select d.sha256, a.position, t.theme, t.origin, t.score from action_themes t "
              "join actions a on a.id = t.action_id join documents d on d.id = a.document_id",
    "leads": "select d.sha256, a.position, l.position, l.name, l.kind, l.normalised from action_leads l "
             "join actions a on a.id = l.action_id join documents d on d.id = a.document_id",
    "links": "select p.sha256, r.sha256, l.method from plan_report_links l "
             "join documents p on p.id = l.plan_document_id join documents r on r.id = l.report_document_id",
}


def snapshot(url: str) -> dict[str, list[str]]:
    with Store(url).engine.connect() as conn:
        return {name: sorted(map(repr, conn.execute(text(sql)))) for name, sql in SNAPSHOT.items()}


def overlapping_folders(root: Path) -> list[Path]:
    """Four folders sharing files: each sample is in two or three, one under another name too."""
    picks = ([0, 1, 2], [1, 2, 3], [2, 3, 4], [0, 4])
    folders = []
    for n, pick in enumerate(picks):
        folder = root / f"inbox{n}"
        folder.mkdir()
        for i in pick:
            shutil.copy(SAMPLES[i], folder / SAMPLES[i].name)
        folders.append(folder)
    shutil.copy(SAMPLES[1], folders[3] / "renamed-copy.txt")
    return folders


def test_four_concurrent_ingests_store_what_one_serial_run_stores(
    new_db_url: Callable[[], str], tmp_path: Path
) -> None:
    folders = overlapping_folders(tmp_path)
    serial, concurrent = new_db_url(), new_db_url()
    for folder in folders:
        result = CliRunner().invoke(app, ["ingest", str(folder), "--db", serial, "-j", "1"])
        assert result.exit_code == 0, result.output

    command = str(Path(sys.executable).parent / "actionplans")
    processes = [
        subprocess.Popen([command, "ingest", str(folder), "--db", concurrent, "-j", "1"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in folders
    ]
    outputs = [p.communicate(timeout=300) for p in processes]
    for p, (stdout, stderr) in zip(processes, outputs):
        assert p.returncode == 0 and "Traceback" not in stderr + stdout, stderr
    assert sum(line.startswith("added ") for stdout, _ in outputs for line in stdout.splitlines()) == len(SAMPLES)

    expected = snapshot(serial)
    assert len(expected["documents"]) == len(SAMPLES) and len(expected["sources"]) == 12
    assert snapshot(concurrent) == expected
