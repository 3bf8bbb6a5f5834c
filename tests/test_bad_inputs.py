"""No input, name or option kills a batch, hangs it or eats the machine (issue 11).

One real ``actionplans ingest`` over a seeded folder of bad inputs of every
class (tests/bad_inputs.py) mixed with good plans; heavy inputs under the default limits; a
worker past its time ended; text in every encoding; kill -9 mid-batch and a re-run.
The 1,000-file run is a bench command: ``python -m bench.reliability --heavy --timed``.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path


from extractors.base import Failure, SourceFile
from extractors.settings import SETTINGS, Settings
from pipeline.run import extract_many
from tests.bad_inputs import ENCODINGS, GENERATED, HEAVY, Maker, expected_lines, generate
from tests.support import RAW
from tests.test_concurrent_ingest import snapshot

COMMAND = str(Path(sys.executable).parent / "actionplans")
RESULT_WORDS = ("added", "replaced", "unchanged", "error")


def _result_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.split(" ", 1)[0] in RESULT_WORDS]


def test_a_batch_of_bad_inputs_gives_one_line_each_and_stores_every_good_file(tmp_path: Path) -> None:
    manifest = generate(tmp_path, seed=12, count=150, scans=False)
    db = tmp_path / "plans.db"
    run = subprocess.run([COMMAND, "ingest", str(tmp_path / "inputs"), "--db", f"sqlite:///{db}", "-j", "2"],
                         capture_output=True, text=True, errors="replace", timeout=900)
    output = run.stdout + run.stderr
    assert run.returncode == 1 and "Traceback" not in output, output[-3000:]
    lines = _result_lines(output)
    assert len(lines) == expected_lines(manifest), "\n".join(lines)
    assert "[red]x.txt" in output and "new\\nline" in output and "\\udcff" not in output  # names as they are, escaped
    summary = next(line for line in run.stdout.splitlines() if " files: " in line)
    assert "damaged PDF" in summary and "password-protected" in summary, summary
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("select path from document_sources")}
    # every good file stored that a batch of the good files alone stores (not every plan is read yet)
    good = [str(tmp_path / "inputs" / os.fsdecode(n)) for n, kind in manifest.items() if kind.endswith("good")]
    alone = tmp_path / "alone.db"
    subprocess.run([COMMAND, "ingest", *good, "--db", f"sqlite:///{alone}", "-j", "2"], capture_output=True,
                   timeout=900)
    with sqlite3.connect(alone) as conn:
        expected = {row[0] for row in conn.execute("select path from document_sources")}
    assert len(expected) > len(good) / 2 and expected <= stored, sorted(expected - stored)


def test_heavy_inputs_end_quickly_under_the_default_limits(tmp_path: Path) -> None:
    paths = []
    for kind in ("heavy_tabs", "heavy_blank_pages", "heavy_giant_page", "heavy_cell"):
        suffix, data = HEAVY[kind]()
        paths.append(tmp_path / f"{kind}{suffix}")
        paths[-1].write_bytes(data)
    run = subprocess.run([COMMAND, "extract", *map(str, paths), "-j", "2"], capture_output=True, text=True,
                         timeout=300)
    # each read to its end (none ended by file_seconds, itself under 60 s), one line at most each
    assert "Traceback" not in run.stderr and "took longer" not in run.stderr, run.stderr
    assert len([line for line in run.stderr.splitlines() if line.startswith("error ")]) <= len(paths)


def test_a_file_past_its_time_has_its_worker_ended_and_the_batch_goes_on(tmp_path: Path) -> None:
    scan = next(p for p in sorted(GENERATED.glob("scan-*.pdf")))
    good = RAW / "southwark-2013-action-plan-appendix.txt"
    # a page at a time, the scan's four pages take twice the limit or more; the text file a fraction of it
    results = list(extract_many([scan, good, scan], 1, Settings(file_seconds=2, ocr_threads=1)))
    assert [path for path, _ in results] == [scan, good, scan]  # input order, whatever ended first
    assert "took longer than 2 s" in str(results[0][1]) and "took longer" in str(results[2][1])
    assert not isinstance(results[1][1], Exception), results[1][1]


def test_text_in_every_encoding_is_read_as_written(tmp_path: Path) -> None:
    text = "Recommendation 1\tImprove supervision – “weekly”\tHead of Service\tRed\n"
    for encoding in ENCODINGS:
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding, "replace"))
        decoded = SourceFile.read(path).text
        assert decoded == text.encode(encoding, "replace").decode(encoding).lstrip("\ufeff"), encoding


def test_limits_are_settable_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes((RAW / "southwark-2013-action-plan-appendix.txt").read_bytes())
    run = subprocess.run([COMMAND, "extract", str(path), "--file-limit", "max_file_bytes=100"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "max_file_bytes" in run.stderr and len(run.stderr.splitlines()) == 1, run.stderr
    for bad in ("nonsense=1", "max_pages=-1", "max_pages", "file_seconds=soon"):
        run = subprocess.run([COMMAND, "extract", str(path), "--file-limit", bad], capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 2 and run.stderr.startswith("Error: ") and len(run.stderr.splitlines()) == 1, bad
    assert SETTINGS.file_seconds < 60


def test_kill_9_mid_batch_leaves_a_sound_database_and_a_rerun_completes(tmp_path: Path) -> None:
    serial, killed = f"sqlite:///{tmp_path / 'serial.db'}", f"sqlite:///{tmp_path / 'killed.db'}"
    assert subprocess.run([COMMAND, "ingest", str(RAW), "--db", serial, "-j", "1"], capture_output=True,
                          timeout=600).returncode == 0
    process = subprocess.Popen([COMMAND, "ingest", str(RAW), "--db", killed, "-j", "2"],
                               stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stdout and process.stdout.readline().startswith("added ")  # one file stored, others under way
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(tmp_path / "killed.db") as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    rerun = subprocess.run([COMMAND, "ingest", str(RAW), "--db", killed, "-j", "1"], capture_output=True, text=True,
                           timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(killed) == snapshot(serial)


def test_a_failure_comes_back_from_its_worker_with_its_kind(tmp_path: Path) -> None:
    empty, locked, bad = tmp_path / "empty.txt", tmp_path / "locked.pdf", tmp_path / "cut.pdf"
    empty.write_bytes(b" \n")
    locked.write_bytes(Maker(random.Random(1)).encrypted_pdf()[1])
    bad.write_bytes(next(GENERATED.glob("*.pdf")).read_bytes()[:2000])
    kinds = [getattr(result, "kind", None) for _, result in extract_many([empty, locked, bad], 1)]
    assert kinds == [Failure.EMPTY, Failure.PASSWORD, Failure.DAMAGED_PDF]


def test_a_file_holding_more_than_worker_resident_has_its_worker_ended_and_the_batch_goes_on(tmp_path: Path) -> None:
    suffix, data = HEAVY["heavy_giant_page"]()  # rendered for OCR: some 700 MB held
    page = tmp_path / f"page{suffix}"
    page.write_bytes(data)
    good = RAW / "southwark-2013-action-plan-appendix.txt"
    results = list(extract_many([page, good], 1, Settings(worker_resident=300_000_000)))
    assert "limit worker_resident" in str(results[0][1]) and getattr(results[0][1], "kind", None) == Failure.TOO_LARGE
    assert not isinstance(results[1][1], Exception), results[1][1]
