"""Accuracy gates, through the accuracy command itself, on documents the extractors were not shaped on.

Generated seeds 219 and 220 were made after the last change to the extractors and measured once, with
no change made for them since (first figures in README.md, "Accuracy and speed": action F1 1.00 / 1.00,
fully right 1.00 / 0.96, document kind, authority and year right on all). The thresholds sit a little
under those first figures and at the issue-9 targets (F1 0.97, fully right 0.90, every layout 0.90): a
fall below them is a regression on layouts the code was not shaped on. Fresh seeds still vary (217/218,
measured once before the fixes they led to, gave 0.97 / 0.94), so a new seed may fall short of the
targets where these do not.
"""

from pathlib import Path

import pytest

from bench.accuracy import main

ROOT = Path(__file__).parent.parent


def test_unseen_generated_seeds(capsys) -> None:
    code = main([
        "--corpus-dir", str(ROOT / "tests" / "generated"), "--seeds", "219", "220", "--json",
        "--min-f1", "0.97", "--min-full", "0.90", "--min-facts", "0.95", "--min-layout-f1", "0.9",
    ])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize("batch", ["unseen5", "unseen6", "unseen7"])
def test_text_batches(batch: str, capsys) -> None:
    folder = str(ROOT / "tests" / batch)
    code = main(["--gold-dir", folder, "--raw-dir", folder, "--json", "--min-f1", "0.9", "--min-facts", "0.95"])
    assert code == 0, capsys.readouterr().err
