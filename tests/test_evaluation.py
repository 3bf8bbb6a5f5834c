"""The record matcher, the scores, the naive baseline and the accuracy report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.accuracy import evaluate_document, find_sample, main
from bench.naive_baseline import baseline_actions
from extractors.base import ExtractionError, Failure
from models.records import Action, Document
from pipeline.evaluation import Score, match_actions, micro_average, score_actions


def act(action: str, **fields: Any) -> dict[str, Any]:
    """An action dict in the ``Document.to_json()`` shape, with blank defaults."""
    record: dict[str, Any] = {
        "recommendation_ref": None,
        "recommendation": None,
        "action": action,
        "lead": None,
        "deadline_text": None,
        "deadline": None,
        "rag": None,
    }
    record.update(fields)
    return record


WORKFORCE = act(
    "Secure a permanent workforce with sufficient experience and skills to undertake statutory work.",
    recommendation="Ensure that the quality of social work to safeguard children is of a consistently high standard",
    lead="Felicity Budgen",
    deadline_text="31 March 2013",
    deadline="2013-03-31",
    rag="amber",
)
HOUSING = act(
    "Work with providers to look at the current mix and identify new accommodation options.",
    recommendation="Take action to reduce the numbers of care leavers living in unsuitable accommodation",
    lead="Integrated Commissioning Unit / Nick Cross",
    deadline_text="3 months",
    deadline="2014-10-31",
    rag="green",
)
AUDIT = act(
    "Collate the themes identified within case audits into clear action plans.",
    lead="Alasdair Smith",
    rag="red",
)
GOLD = [WORKFORCE, HOUSING, AUDIT]


def test_perfect_match_scores_one_everywhere() -> None:
    score = score_actions(GOLD, [dict(a) for a in GOLD])
    assert (score.gold, score.predicted, score.matched) == (3, 3, 3)
    assert score.precision == score.recall == score.f1 == 1.0
    assert all(score.accuracy(name) == 1.0 for name in ("recommendation", "lead", "deadline", "rag"))


def test_missing_record_lowers_recall_only() -> None:
    score = score_actions(GOLD, [WORKFORCE, AUDIT])
    assert score.matched == 2
    assert score.precision == 1.0
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(0.8)


def test_extra_record_lowers_precision_only() -> None:
    extra = act("Amber")
    score = score_actions(GOLD, [*GOLD, extra])
    assert score.precision == pytest.approx(3 / 4)
    assert score.recall == 1.0


def test_wrong_deadline_counts_against_the_deadline_field_only() -> None:
    wrong = dict(HOUSING, deadline="2014-12-31")
    score = score_actions(GOLD, [WORKFORCE, wrong, AUDIT])
    assert score.f1 == 1.0
    assert score.accuracy("deadline") == pytest.approx(2 / 3)
    assert score.accuracy("lead") == score.accuracy("rag") == score.accuracy("recommendation") == 1.0


def test_reordered_records_pair_by_text_not_position() -> None:
    predicted = [AUDIT, WORKFORCE, HOUSING]
    assert [(m.gold, m.predicted) for m in match_actions(GOLD, predicted)] == [(0, 1), (1, 2), (2, 0)]
    assert score_actions(GOLD, predicted).accuracy("deadline") == 1.0


def test_extraction_noise_still_matches() -> None:
    noisy = dict(HOUSING, action="• work with providers to look at the current mix and identify new accommo dation")
    assert len(match_actions([HOUSING], [noisy])) == 1


def test_truncated_or_merged_text_does_not_match() -> None:
    truncated = act("Secure a permanent workforce")
    merged = act(WORKFORCE["action"] + " " + HOUSING["action"] + " " + AUDIT["action"])
    assert match_actions(GOLD, [truncated, merged]) == []


def test_near_duplicate_texts_pair_with_their_own_counterparts() -> None:
    text = "Review all care plans for looked after children and care leavers by {} 2013"
    march = act(text.format("March"), deadline="2013-03-31")
    june = act(text.format("June"), deadline="2013-06-30")
    noisy_march = dict(march, action=march["action"].replace("children", "child ren"))
    noisy_june = dict(june, action=june["action"].replace("children", "child ren"))
    assert [(m.gold, m.predicted) for m in match_actions([march, june], [june, noisy_march])] == [(0, 1), (1, 0)]
    score = score_actions([march, june], [noisy_june])
    assert score.matched == 1
    assert score.accuracy("deadline") == 1.0  # paired with june, not with the similar march listed first


def test_distinct_but_similar_actions_do_not_match() -> None:
    tail = "sufficient experience and skills to undertake the full range of statutory work."
    secure = act(f"Secure a permanent workforce with {tail}")
    ensure = act(f"To ensure that the workforce has {tail}")
    assert match_actions([secure], [ensure]) == []


def test_each_record_is_matched_at_most_once() -> None:
    score = score_actions([AUDIT], [AUDIT, dict(AUDIT)])
    assert (score.matched, score.precision, score.recall) == (1, 0.5, 1.0)


def test_field_rules_for_blanks_and_near_text() -> None:
    gold = [act("one action", recommendation=None, lead="Nick Cross", rag=None)]
    close = [act("one action", recommendation=None, lead="nick  cross.", rag=None)]
    assert score_actions(gold, close).correct == {
        "recommendation_ref": 1, "recommendation": 1, "lead": 1, "deadline": 1, "rag": 1
    }
    off = [act("one action", recommendation_ref="2", recommendation="Some recommendation", lead="Felicity Budgen", rag="red")]
    assert score_actions(gold, off).correct == {
        "recommendation_ref": 0, "recommendation": 0, "lead": 0, "deadline": 1, "rag": 0
    }


def test_empty_lists() -> None:
    assert score_actions([], []).f1 == 1.0
    nothing = score_actions(GOLD, [])
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)
    assert nothing.accuracy("lead") is None
    assert score_actions([], [WORKFORCE]).precision == 0.0


def test_micro_average_sums_counts_over_documents() -> None:
    total = micro_average([score_actions(GOLD, GOLD), score_actions([WORKFORCE], [])])
    assert (total.gold, total.predicted, total.matched) == (4, 3, 3)
    assert total.precision == 1.0
    assert total.recall == pytest.approx(3 / 4)
    assert total.accuracy("rag") == 1.0
    assert micro_average([]) == Score()


TAB_PLAN = "\n".join(
    [
        "Appendix 1 - Post-Inspection Action Plan",
        "No\tOfsted recommendation\tAction\tLead\tTimescale\tRAG Rating",
        "1\tEnsure care plans are clear\tReview all active care plans\tJackie Cook\t31/03/2013\tAmber",
        "\tcontinued recommendation text\t\t\t\t",
        "2\tImprove assessments\tAudit assessments  monthly\t\tOngoing\tComplete",
    ]
)


def test_baseline_reads_a_tab_table() -> None:
    assert baseline_actions(TAB_PLAN) == [
        act(
            "Review all active care plans",
            recommendation="Ensure care plans are clear",
            lead="Jackie Cook",
            deadline_text="31/03/2013",
            deadline="2013-03-31",
            rag="amber",
        ),
        act("Audit assessments monthly", recommendation="Improve assessments", deadline_text="Ongoing"),
    ]


PIPE_PLAN = """# Action plan

| Area for development | What we will do | Lead officer | By when | Status |
|---|:---|---|---|---|
| Care leavers in suitable housing | Tender support services | Nick Cross | 2015-07-31 | green |
| | Review **allocations** policy | | July 2015 | Red/Amber |

Some closing prose | with a bar in it.
"""


def test_baseline_reads_a_pipe_table() -> None:
    actions = baseline_actions(PIPE_PLAN)
    assert [a["action"] for a in actions] == ["Tender support services", "Review allocations policy"]
    assert actions[0]["recommendation"] == "Care leavers in suitable housing"
    assert (actions[0]["lead"], actions[0]["deadline"], actions[0]["rag"]) == ("Nick Cross", "2015-07-31", "green")
    assert (actions[1]["deadline_text"], actions[1]["deadline"], actions[1]["rag"]) == ("July 2015", None, None)


def test_baseline_gives_nothing_without_a_header_row() -> None:
    assert baseline_actions("Progress update\n\n- Care plans reviewed\tby March") == []


def _stub_document(path: Path) -> Document:
    """A pipeline stand-in that finds only the first table row of the sample."""
    first = baseline_actions(path.read_text(encoding="utf-8"))[0]
    action = Action(
        recommendation_ref=None,
        recommendation=first["recommendation"],
        recommendation_index=None,
        ref=None,
        action=first["action"],
        lead=first["lead"],
        leads=[],
        deadline_text=first["deadline_text"],
        deadline=date.fromisoformat(first["deadline"]),
        rag=first["rag"],
        rag_raw=first["rag"],
    )
    return Document(
        source=path.name, sha256="", extractor="stub", doc_type="action_plan", authority=None,
        authority_code=None, authority_raw=None, title=None, document_date=None, year=None,
        version=None, actions=[action],
    )


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir, raw_dir = tmp_path / "gold", tmp_path / "raw"
    gold_dir.mkdir()
    raw_dir.mkdir()
    (raw_dir / "plan.txt").write_text(TAB_PLAN, encoding="utf-8")
    gold = {"actions": baseline_actions(TAB_PLAN)}
    (gold_dir / "plan.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return gold_dir, raw_dir


def test_accuracy_report_scores_both_systems(corpus: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    gold_dir, raw_dir = corpus
    args = ["--gold-dir", str(gold_dir), "--raw-dir", str(raw_dir), "--json"]
    assert main(args, extract=_stub_document) == 0
    report = json.loads(capsys.readouterr().out)
    [doc] = report["documents"]
    assert (doc["doc"], doc["layout"]) == ("plan", "stub")
    assert (doc["pipeline"]["recall"], doc["baseline"]["recall"]) == (0.5, 1.0)
    assert report["micro"]["pipeline"]["precision"] == 1.0


def test_accuracy_thresholds_set_the_exit_code(corpus: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    gold_dir, raw_dir = corpus
    args = ["--gold-dir", str(gold_dir), "--raw-dir", str(raw_dir)]
    assert main([*args, "--min-f1", "0.6", "--min-field", "1.0"], extract=_stub_document) == 0
    assert main([*args, "--min-f1", "0.7"], extract=_stub_document) == 1
    assert "micro F1" in capsys.readouterr().err


def test_extraction_error_scores_as_an_empty_prediction(corpus: tuple[Path, Path]) -> None:
    gold_dir, raw_dir = corpus

    def failing(path: Path) -> Document:
        raise ExtractionError("binary content, not a text export", Failure.NOT_A_PLAN)

    result = evaluate_document(gold_dir / "plan.gold.json", raw_dir, failing)
    assert (result.layout, result.error) == (None, "binary content, not a text export")
    assert (result.pipeline.recall, result.baseline.recall) == (0.0, 1.0)


def test_find_sample_prefers_txt_then_any_extension(tmp_path: Path) -> None:
    (tmp_path / "plan.html").write_text("x")
    (tmp_path / "plan.v2.txt").write_text("x")
    assert find_sample(tmp_path, "plan") == tmp_path / "plan.html"
    (tmp_path / "plan.txt").write_text("x")
    assert find_sample(tmp_path, "plan") == tmp_path / "plan.txt"
    assert find_sample(tmp_path, "other") is None


def test_an_authority_under_another_of_its_names_is_the_same_authority() -> None:
    from pipeline.evaluation import document_facts

    gold = {"authority": "Herefordshire, County of", "doc_type": "improvement_plan", "year": 2023}
    assert document_facts(gold, {"authority": "Herefordshire", "doc_type": "improvement_plan", "year": 2023}) == {
        "doc_type": True, "authority": True, "year": True}
    assert document_facts(gold, {"authority": "Shropshire", "doc_type": "action_plan", "year": 2023}) == {
        "doc_type": False, "authority": False, "year": True}
