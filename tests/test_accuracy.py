"""Accuracy gates, through the accuracy command itself, on documents the extractors were not shaped on.

Generated seeds 205 and 206 were made after the layout model was written and measured once before any
change for them (first figures in README.md, "Accuracy and speed"); one general fix was found on 206
since. The thresholds sit a little under those first figures: a fall below them is a regression on
layouts the code was not shaped on. The issue-9 targets (F1 0.97, fully right 0.90, every layout 0.90) are not met yet on them.
"""

from pathlib import Path

import pytest

from bench.accuracy import main

ROOT = Path(__file__).parent.parent


def test_unseen_generated_seeds(capsys) -> None:
    code = main([
        "--corpus-dir", str(ROOT / "tests" / "generated"), "--seeds", "205", "206", "--json",
        "--min-f1", "0.92", "--min-full", "0.82", "--min-facts", "0.95", "--min-layout-f1", "0.5",
    ])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize("batch", ["unseen5", "unseen6", "unseen7"])
def test_text_batches(batch: str, capsys) -> None:
    folder = str(ROOT / "tests" / batch)
    code = main(["--gold-dir", folder, "--raw-dir", folder, "--json", "--min-f1", "0.9", "--min-facts", "0.95"])
    assert code == 0, capsys.readouterr().err
