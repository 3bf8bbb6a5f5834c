"""`actionplans report`: a self-contained page, rendered in headless Chromium, with charts for every authority stored."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import Store
from tests.support import RAW
from tests.test_store import make_doc, make_report

runner = CliRunner()
AUTHORITIES = ("Barnet", "Southampton", "Southwark")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def chromium(*args: str) -> str:
    """Run headless Chromium with a new profile; its stdout."""
    exe = shutil.which("chromium")
    if exe is None:
        pytest.fail("Chromium is not installed: run the tests with `make test`, which installs it")
    with tempfile.TemporaryDirectory(prefix="actionplans-chromium-") as profile:
        done = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    url = f"sqlite:///{folder / 'plans.db'}"
    assert runner.invoke(app, ["ingest", str(RAW), "--db", url]).exit_code == 0
    store = Store(url)
    store.save(make_report("r2012", date(2012, 7, 10), [("1", "Improve the quality of supervision"),
                                                          ("2", "Ensure care leavers are safe")]), "/r/2012.pdf")
    barnet = make_doc("b" * 64, n_actions=0, code="E09000003", name="Barnet")  # an authority without actions
    store.save(barnet, "/plans/barnet.txt")
    path = folder / "report.html"
    result = runner.invoke(app, ["report", "--db", url, "-o", str(path)])
    assert result.exit_code == 0 and "3 authorities, 5 charts" in result.stdout, result.output
    return path


def test_the_page_needs_no_network_and_no_script(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import""", page)


def test_every_chart_names_every_authority(report: Path) -> None:
    charts = re.findall(r"<svg.*?</svg>", report.read_text(encoding="utf-8"), flags=re.S)
    assert len(charts) == 5
    for chart in charts[1:]:  # per authority (and year, or report); the first charts themes per authority
        for name in AUTHORITIES:
            assert name in chart
    assert all(name in charts[0] for name in ("Southampton", "Southwark", "Barnet"))
    assert "Southampton SIF 2012-07-10" in charts[3] and "Barnet (no plans stored)" not in charts[3]
    assert "<td>Southampton SIF 2012-07-10</td><td class=\"n\">2</td>" in report.read_text(encoding="utf-8")


def test_chromium_renders_the_text_and_the_charts(report: Path, tmp_path: Path) -> None:
    dom = chromium("--dump-dom", report.as_uri())
    for text in ("Post-Ofsted action plans: authorities compared", "RAG share", "Overdue actions",
                 "Report recommendations answered", "Actions per theme", "Actions across plan versions", *AUTHORITIES):
        assert text in dom, text
    assert dom.count("<svg") == 5

    shot = tmp_path / "report.png"
    chromium(f"--screenshot={shot}", "--window-size=1200,5000", report.as_uri())
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 5000)
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 200  # charts and text, not a blank page
    rag_red = sum(n for n, (r, g, b) in colours if r > 180 and g < 140 and b < 130)
    assert rag_red > 500  # red bars were drawn
