"""The naive table baselines, the seed spread of the accuracy report, and the benchmark's measurement.

Speed is never asserted: only that the figures exist and add up.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bench.accuracy import main as accuracy_main
from bench.benchmark import (
    BATCH, PDFPLUMBER, PIPELINE, READER, default_pdf_groups, measure, measure_ocr_stages, measure_pdfs, page_count,
)
from bench.naive_baseline import rows_to_actions
from bench.table_baselines import camelot_actions, pdfplumber_actions
from pipeline.evaluation import score_actions

SEED_1 = Path(__file__).parent / "corpus" / "seed-1"
RULED = SEED_1 / "ruled_landscape-01-kensington-and-chelsea-2017.pdf"
SCANNED = SEED_1 / "scanned-01-bolton-2018.pdf"
HTML_ROWSPAN = SEED_1 / "html_rowspan-01-herefordshire-2018.pdf"
DOCX = SEED_1 / "docx_merged-01-isle-of-wight-2016.docx"
BASELINES = [pdfplumber_actions, camelot_actions]


def _gold(path: Path) -> dict[str, Any]:
    return json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))


def test_latest_header_row_maps_the_rows_below_it() -> None:
    rows = [
        ["Action", "Lead", "Target date"],
        ["Audit case files", "Head of Service", "31/03/2016"],
        ["Lead", "Actions", "RAG"],  # a second table, columns in another order
        ["J Smith", "Train managers", "Green"],
        [None, None, None],  # an empty row is no action
    ]
    assert [(a["action"], a["lead"], a["deadline"], a["rag"]) for a in rows_to_actions(rows)] == [
        ("Audit case files", "Head of Service", "2016-03-31", None),
        ("Train managers", "J Smith", None, "green"),
    ]


@pytest.mark.parametrize("baseline", BASELINES)
def test_table_baselines_read_a_ruled_pdf(baseline) -> None:
    actions = baseline(RULED)
    assert len(actions) > 5
    assert all(a["action"] and set(a) >= {"recommendation", "lead", "deadline", "rag"} for a in actions)
    assert any(a["lead"] for a in actions)
    gold = _gold(RULED)["actions"]
    assert score_actions(gold, actions).matched >= len(gold) // 2  # bulleted cells are the misses


@pytest.mark.parametrize("baseline", BASELINES)
def test_table_baselines_find_nothing_in_a_scan(baseline) -> None:
    assert baseline(SCANNED) == []


@pytest.mark.parametrize("baseline", BASELINES)
def test_table_baselines_read_word_tables_with_python_docx(baseline) -> None:
    actions = baseline(DOCX)
    assert len(actions) >= len(_gold(DOCX)["actions"]) // 2
    assert any(a["recommendation"] for a in actions)  # the merged cell's text reaches its rows


@pytest.mark.parametrize("baseline", BASELINES)
def test_table_baselines_give_nothing_for_a_file_that_is_not_a_pdf(baseline, tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("<html><body>Not found</body></html>", encoding="utf-8")
    assert baseline(fake) == []


class _GoldEcho:
    """A stand-in pipeline that returns the gold actions: every score it gets is 1."""

    extractor = "echo"

    def __init__(self, path: Path) -> None:
        self.actions = _gold(path)["actions"]

    def to_json(self) -> dict[str, Any]:
        return {"actions": self.actions}


def test_accuracy_seeds_print_each_seed_and_the_spread_per_layout(tmp_path: Path, capsys) -> None:
    for seed in ("1", "2"):
        folder = tmp_path / f"seed-{seed}"
        folder.mkdir()
        for path in (HTML_ROWSPAN, HTML_ROWSPAN.with_name(HTML_ROWSPAN.stem + ".gold.json")):
            shutil.copy(path, folder / path.name)
    args = ["--corpus-dir", str(tmp_path), "--seeds", "1", "2", "--json", "--min-f1", "0.99"]
    assert accuracy_main(args, extract=_GoldEcho) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report["seeds"]) == ["seed-1", "seed-2"]
    [doc] = report["seeds"]["seed-1"]["documents"]
    assert set(doc["baselines"]) == {"pdfplumber", "camelot"}
    layout, overall = report["spread"]
    assert (layout["layout"], overall["layout"]) == ("html_rowspan", "all")
    assert layout["f1"]["pipeline"] == {"seed-1": 1.0, "seed-2": 1.0}
    assert layout["spread"]["pipeline"] == {"min": 1.0, "max": 1.0, "mean": 1.0}
    assert 0 < layout["spread"]["pdfplumber"]["mean"] <= 1


@pytest.mark.parametrize("system", [PDFPLUMBER, PIPELINE, READER])
def test_measure_reports_pages_time_and_memory_from_a_fresh_process(system: str) -> None:
    files = [RULED, HTML_ROWSPAN]
    m = measure(system, files)
    assert m.system == system
    assert [Path(run.path).name for run in m.runs] == [f.name for f in files]
    assert m.pages == sum(page_count(f) for f in files) > 0
    assert m.seconds > 0 and m.pages_per_second > 0
    assert m.peak_mb >= m.setup_mb > 0
    # errors are recorded per file, never raised: the pipeline's PDF extractors are work in progress
    assert all(run.error is None or run.records == 0 for run in m.runs)


def test_page_count_is_none_for_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("<!DOCTYPE html><html></html>", encoding="utf-8")
    assert page_count(fake) is None


def test_a_file_that_is_not_a_pdf_is_excluded_with_the_readers_reason(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("<!DOCTYPE html><html></html>", encoding="utf-8")
    group = measure_pdfs("fake", [fake])
    assert group.excluded == {str(fake): "not a PDF: the file is an HTML page saved as .pdf"}
    assert not group.measurements


def test_the_pdf_reader_is_timed_on_the_tables_it_finds() -> None:
    assert measure(READER, [RULED]).records >= 1


def test_scans_timed_apart_from_plans_with_a_text_layer() -> None:
    groups = default_pdf_groups()
    assert SCANNED in groups["generated scans (OCR)"] and RULED not in groups["generated scans (OCR)"]
    assert RULED in groups["generated plans"] and SCANNED not in groups["generated plans"]


def test_batch_on_all_cores_finds_what_the_file_by_file_pipeline_finds() -> None:
    files = [RULED, HTML_ROWSPAN]
    one_by_one, batch = measure(PIPELINE, files), measure(BATCH, files)
    assert batch.files == one_by_one.files == 2
    assert batch.records == one_by_one.records > 0
    assert not batch.errors and batch.peak_mb > 0


def test_ocr_stages_split_a_scans_cpu_time_per_page() -> None:
    stages = measure_ocr_stages([SCANNED])
    assert stages.pages == page_count(SCANNED)
    assert all(seconds > 0 for seconds in stages.per_page().values())
