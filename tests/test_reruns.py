"""Re-runs over time, on real generated plans and their next versions, each test on SQLite and PostgreSQL.

Stable keys across a changed file, corrections that survive re-extraction (flagged when their source cell
changed, orphaned when their action is gone, withdrawn on request), lineage across a plan's versions against
the generator's gold (each action's ``uid``), ``ingest --prune`` and ``--reextract``; and how lineage names
splits, merges, additions and closures.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from rapidfuzz import fuzz
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.database import _alembic_config, parse_url
from pipeline.keys import Item, normalised
from pipeline.lineage import Lineage, Version, threads
from pipeline.store import ActionQuery, Store
from tests.plan_generator.v2.build import generate_versions

FORMATS = ("tab", "docx", "xlsx")
SAME = 90  # similarity of an extracted action's text to a gold one's that makes it that action
runner = CliRunner()


def run(*args: str, ok: bool = True) -> str:
    """The command's stdout when it succeeds; its whole output (the error) when ``ok`` is False."""
    result = runner.invoke(app, list(args))
    assert (result.exit_code == 0) == ok, result.output
    return result.stdout if ok else result.output


def ingest(db: str, *paths: Path | str) -> str:
    result = runner.invoke(app, ["ingest", *map(str, paths), "--db", db, "-j", "1"])
    assert result.exit_code == 0 and " 0 failed" in result.output, result.output
    return result.output


@pytest.fixture(scope="session")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Per format, one plan and its next version, written by the generator (gold beside each)."""
    out = tmp_path_factory.mktemp("versions")
    generate_versions(12, out, tmp_path_factory.mktemp("work"), list(FORMATS), 2)
    files = sorted(p for p in out.iterdir() if not p.name.endswith(".gold.json"))
    return {fmt: tuple(p for p in files if p.name.startswith(fmt + "-")) for fmt in FORMATS}  # type: ignore[misc]


def gold(path: Path) -> list[dict]:
    return json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))["actions"]


def uid_of(action: str, actions: list[dict]) -> str | None:
    """The gold uid of an extracted action's text, if one gold text is close enough."""
    score, uid = max((fuzz.ratio(normalised(action), normalised(a["action"])), a["uid"]) for a in actions)
    return uid if score >= SAME else None


def keys_by_uid(db: str, source: str, actions: list[dict]) -> dict[str, str]:
    rows = json.loads(run("query", "--db", db, "--format", "json"))
    return {uid: r["key"] for r in rows if r["source"].endswith(source) and (uid := uid_of(r["action"], actions))}


def rows_by_key(db: str) -> dict[str, dict]:
    return {r["key"]: r for r in json.loads(run("query", "--db", db, "--format", "json"))}


def corrections(db: str, *options: str) -> dict[tuple[str, str], dict]:
    return {(c["key"], c["field"]): c for c in json.loads(run("corrections", "--db", db, "-f", "json", *options))}


def test_a_changed_word_keeps_every_key_and_correction(db_url: str, versions, tmp_path: Path) -> None:
    first, _ = versions["tab"]
    plan = tmp_path / "plans" / "plan.txt"
    plan.parent.mkdir()
    shutil.copyfile(first, plan)
    ingest(db_url, plan)
    actions = gold(first)
    before = keys_by_uid(db_url, "plan.txt", actions)
    assert len(before) >= 0.9 * len(actions)
    extracted = json.loads(run("extract", str(plan)))[0]["actions"]
    assert [a["key"] for a in extracted] == [r["key"] for r in json.loads(run("query", "--db", db_url, "-f", "json"))]
    key = next(iter(before.values()))
    run("correct", key, "progress", "Checked with the service manager", "--note", "board minutes", "--db", db_url,
        "--by", "analyst")
    words = plan.read_text(encoding="utf-8")
    corrected = uid_of(rows_by_key(db_url)[key]["action"], actions)
    target = next(a["action"] for a in actions if a["action"] in words and a["uid"] != corrected)
    plan.write_text(words.replace(target, target.replace(" ", " newly ", 1), 1), encoding="utf-8")
    assert "replaced" in ingest(db_url, plan)
    assert keys_by_uid(db_url, "plan.txt", actions) == before  # the edited action's too
    row = rows_by_key(db_url)[key]
    assert row["progress"] == "Checked with the service manager" and row["corrected"] == "progress"
    made = corrections(db_url)[(key, "progress")]
    assert made["status"] == "applied" and made["by"] == "analyst" and made["note"] == "board minutes"


def test_a_next_version_over_the_file_flags_changed_and_orphans_closed(db_url: str, versions, tmp_path: Path) -> None:
    first, second = versions["docx"]
    plan = tmp_path / "plan.docx"
    shutil.copyfile(first, plan)
    ingest(db_url, plan)
    old, new = gold(first), gold(second)
    keys = keys_by_uid(db_url, "plan.docx", old)
    rag_of = {a["uid"]: a["rag"] for a in new}
    moved = next(a["uid"] for a in old if a["uid"] in keys and a["uid"] in rag_of and a["rag"] != rag_of[a["uid"]])
    steady = next(a["uid"] for a in old if a["uid"] in keys and rag_of.get(a["uid"], "gone") == a["rag"])
    closed = next(a["uid"] for a in old if a["uid"] not in rag_of and a["uid"] in keys)
    right = "red" if rag_of[moved] != "red" else "amber"
    run("correct", keys[moved], "rag", right, "--db", db_url)
    run("correct", keys[steady], "lead", "Someone Else", "--db", db_url)  # leads stay as they were
    run("correct", keys[closed], "deadline", "2031-01-31", "--db", db_url)
    shutil.copyfile(second, plan)
    assert "replaced" in ingest(db_url, plan)
    now = keys_by_uid(db_url, "plan.docx", new)
    kept = [uid for uid in keys if uid in now]
    assert sum(now[uid] == keys[uid] for uid in kept) == len(kept)  # edited and RAG-moved actions included
    made = corrections(db_url)
    assert made[(keys[moved], "rag")]["status"] == "review"
    assert made[(keys[steady], "lead")]["status"] == "applied"
    assert made[(keys[closed], "deadline")]["status"] == "orphaned"
    rows = rows_by_key(db_url)
    assert rows[keys[moved]]["rag"] == right and rows[keys[moved]]["corrected"] == "rag (review)"
    assert rows[keys[steady]]["lead"] == "Someone Else"
    run("correct", keys[moved], "rag", "--withdraw", "--db", db_url)
    assert rows_by_key(db_url)[keys[moved]]["rag"] == rag_of[moved] and (keys[moved], "rag") not in corrections(db_url)
    assert corrections(db_url, "--withdrawn")[(keys[moved], "rag")]["status"] == "withdrawn"
    for args, cause in ((("rag", "purple"), "rag 'purple' is not one of"), (("deadline", "31/01/2031"), "not an ISO date"),
                        (("colour", "red"), "cannot correct 'colour'")):
        output = run("correct", keys[steady], *args, "--db", db_url, ok=False)
        assert output.count("\n") == 1 and output.startswith("Error: ") and cause in output
    assert "no stored action has the key 'a-nope'" in run("correct", "a-nope", "rag", "red", "--db", db_url, ok=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_history_links_a_plans_versions_and_shows_every_rag_change(db_url: str, versions, fmt: str) -> None:
    first, second = versions[fmt]
    ingest(db_url, first, second)
    old, new = gold(first), gold(second)
    authority = json.loads(first.with_name(first.stem + ".gold.json").read_text(encoding="utf-8"))["authority"]
    tracked = json.loads(run("history", "--authority", authority, "--format", "json", "--db", db_url))
    assert all(set(t) == {"key", "authority", "recommendation_ref", "action", "versions"} for t in tracked)
    assert all(set(v) == {"document_date", "version", "source", "rag", "deadline", "progress"}
               for t in tracked for v in t["versions"])
    by_uid = {uid_of(t["action"], new + old): t for t in tracked}
    both = [a for a in old if a["uid"] in {b["uid"] for b in new}]
    linked = [a for a in both if a["uid"] in by_uid
              and [Path(v["source"]).name for v in by_uid[a["uid"]]["versions"]] == [first.name, second.name]]
    assert len(linked) >= 0.9 * len(both), (len(linked), len(both))
    rag_then = {a["uid"]: a["rag"] for a in old}
    changes = [a for a in new if a["uid"] in rag_then and a["rag"] != rag_then[a["uid"]] and a["uid"] in by_uid]
    read_right = [a for a in changes if by_uid[a["uid"]]["versions"][-1]["rag"] == a["rag"]]
    for a in read_right:  # every RAG change the extraction read is shown, in order
        assert [v["rag"] for v in by_uid[a["uid"]]["versions"]] == [rag_then[a["uid"]], a["rag"]], a["uid"]
    added = next(a["uid"] for a in new if a["uid"].startswith("new-"))
    if added in by_uid:
        assert [Path(v["source"]).name for v in by_uid[added]["versions"]] == [second.name]
    rows = run("history", "--authority", authority, "--format", "csv", "--db", db_url)
    assert ",closed" in rows and ",added," in rows


def test_prune_and_reextract_keep_keys_and_corrections(db_url: str, versions, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in versions["docx"]:
        shutil.copyfile(path, folder / path.name)
    ingest(db_url, folder)
    before = rows_by_key(db_url)
    key = next(k for k, r in before.items() if r["source"].endswith(versions["docx"][0].name))
    run("correct", key, "rag", "blue", "--db", db_url)
    (folder / versions["docx"][1].name).unlink()
    output = run("ingest", str(folder), "--prune", "--db", db_url)
    assert "pruned 1 path of files gone, 1 document removed" in output and "1 unchanged" in output
    left = rows_by_key(db_url)
    assert set(left) < set(before) and {r["source"] for r in left.values()} == {str(folder / versions["docx"][0].name)}
    store = Store(db_url)
    with store.engine.begin() as conn:  # as an older extractor would have left it
        conn.execute(text("update documents set extractor_version = '0.0.1/classic'"))
    assert "1 re-extracted" in run("ingest", str(folder), "--reextract", "--db", db_url)
    again = rows_by_key(db_url)
    assert set(again) == set(left) and again[key]["rag"] == "blue"
    assert corrections(db_url)[(key, "rag")]["status"] == "applied"
    assert "0 re-extracted" in run("ingest", str(folder), "--reextract", "--db", db_url)


def test_lineage_names_split_merged_added_and_closed() -> None:
    rec = "Improve the quality of supervision and case recording"

    def plan(id: int, texts: list[str]) -> Version:
        return Version(id, f"{id}" * 64, date(2020, id, 1), 2020, None, "Plan", [rec],
                       [(f"k{id}-{n}", Item("1", rec, t)) for n, t in enumerate(texts)])

    first = plan(1, ["Recruit two senior social workers and train all team managers in reflective supervision",
                     "Audit case files monthly for the quality of recording", "Publish the annual IRO report",
                     "Review the supervision policy", "Train team managers on the supervision policy"])
    second = plan(2, ["Recruit two senior social workers", "Train all team managers in reflective supervision",
                      "Audit case files every month for the quality of recording",
                      "Review the supervision policy and train team managers on the supervision policy",
                      "Launch a caseload tracker for every team"])
    lineage = threads([first, second])
    assert [lineage[f"k2-{n}"] for n in range(5)] == [
        Lineage("k1-0", "split"), Lineage("k2-1", "split", ("k1-0",)), Lineage("k1-1", "edited"),
        Lineage("k1-3", "merged", ("k1-4",)), Lineage("k2-4", "added")]
    assert not {"k1-2"} & {line.thread for key, line in lineage.items() if key.startswith("k2")}  # closed


def test_migration_0005_goes_down_and_up_again_keeping_search(db_url: str, versions) -> None:
    ingest(db_url, versions["tab"][0])
    engine = create_engine(parse_url(db_url))
    with engine.begin() as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    engine.dispose()
    Store(db_url, create=True)  # up again
    ingest(db_url, versions["tab"][1])  # new rows: indexed by SQLite's triggers, if they survived
    store = Store(db_url)
    for path in versions["tab"]:
        action = next(r["action"] for r in store.query_actions(ActionQuery()) if r["source"].endswith(path.name))
        word = max(action.split(), key=len).strip(",.()")
        assert path.name in {Path(r["source"]).name for r in store.query_actions(ActionQuery(text=word))}
