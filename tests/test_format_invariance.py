"""One plan, nine renderings (tab text, markdown, DOCX, DOCX->PDF, XLSX, XLSX->PDF, HTML, borderless
PDF, scan): every reader's Layout goes through the one record builder to the same records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractors.text import comparable
from pipeline.run import extract_file

INVARIANCE = Path(__file__).parent / "generated" / "invariance-1"
RENDERINGS = sorted(p for p in INVARIANCE.iterdir() if not p.name.endswith(".gold.json"))


def _records(actions: list[dict]) -> list[tuple]:
    return [(a.get("recommendation_ref"), comparable(a.get("recommendation")), comparable(a.get("action")),
             comparable(a.get("lead")), a.get("deadline"), a.get("rag")) for a in actions]


def _gold(path: Path) -> list[tuple]:
    return _records(json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))["actions"])


def test_the_renderings_share_one_gold() -> None:
    golds = {p.name: _gold(p) for p in RENDERINGS}
    assert len(RENDERINGS) == 9
    assert len({tuple(g) for g in golds.values()}) == 1


@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.name)
def test_every_rendering_gives_the_same_records(path: Path) -> None:
    if path.name.startswith("scan-") and not shutil.which("tesseract"):
        pytest.skip("Tesseract is not installed")
    document = extract_file(path).to_json()
    assert _records(document["actions"]) == _gold(path)
    assert document["authority"] == "Islington"
