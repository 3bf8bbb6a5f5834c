"""Accuracy gate: the pipeline against the hand-checked gold, through the accuracy command itself."""

from pathlib import Path

from bench.accuracy import main

ROOT = Path(__file__).parent.parent


def test_seeds_meet_the_issue_thresholds(capsys) -> None:
    code = main([
        "--gold-dir", str(ROOT / "tests" / "gold"), "--raw-dir", str(ROOT / "data" / "raw"),
        "--json", "--min-f1", "0.95", "--min-field", "0.90",
    ])
    assert code == 0, capsys.readouterr().err
