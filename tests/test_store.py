"""The SQL store on a real SQLite file: migrations, replace-in-one-transaction, queries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from models.records import Action, Document, Recommendation, ReportFacts
from models.schema import Base
from pipeline.store import ActionQuery, Store


def _action(text: str, **kw) -> Action:
    base = dict(
        recommendation_ref="1", recommendation="Improve supervision", recommendation_index=0, ref=None,
        action=text, lead="Jo Bloggs", leads=["Jo Bloggs"], deadline_text="Mar 15", deadline=date(2015, 3, 31),
        rag="red", rag_raw="Red", line=3,
    )
    base.update(kw)
    return Action(**base)


def make_doc(source: str = "plans/a.txt", sha: str = "a" * 64, n_actions: int = 2, year: int = 2014) -> Document:
    return Document(
        source=source, sha256=sha, extractor="test", doc_type="action_plan", authority="Southampton",
        authority_code="E06000045", authority_raw="Southampton City Council", title="Plan",
        document_date=date(year, 1, 5), year=year, version=None,
        recommendations=[Recommendation(ref="1", text="Improve supervision", priority="immediate",
                                        priority_raw="Immediately", heading=None)],
        actions=[_action(f"Action {i} on supervision audits", rag="red" if i % 2 else "green") for i in range(n_actions)],
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'sub' / 'test.db'}")


def test_migrations_match_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0003"
    assert {"documents", "recommendations", "actions", "authorities", "action_themes", "inspection_reports",
            "plan_report_links", "recommendation_links", "recommendation_themes", "action_leads"} <= set(
        inspect(store.engine).get_table_names()
    )


def test_save_then_replace_same_path(store: Store) -> None:
    assert store.save(make_doc(n_actions=3)) == "added"
    assert store.counts()["actions"] == 3
    assert store.save(make_doc(sha="b" * 64, n_actions=1)) == "replaced"
    assert store.counts() == {"documents": 1, "recommendations": 1, "actions": 1, "authorities": 1}
    assert store.has_sha256("b" * 64) and not store.has_sha256("a" * 64)


def test_failed_save_leaves_database_unchanged(store: Store) -> None:
    store.save(make_doc(n_actions=2))
    broken = make_doc(sha="c" * 64)
    broken.actions.append(replace(broken.actions[0], action=None))  # NOT NULL violation mid-document
    with pytest.raises(Exception):
        store.save(broken)
    assert store.counts()["actions"] == 2
    assert store.stored_sha256("plans/a.txt") == "a" * 64


def test_query_filters(store: Store) -> None:
    store.save(make_doc("plans/a.txt", "a" * 64, n_actions=4, year=2014))
    store.save(make_doc("plans/b.txt", "b" * 64, n_actions=2, year=2016))
    assert len(store.query_actions(ActionQuery())) == 6
    assert len(store.query_actions(ActionQuery(rag="RED"))) == 3
    assert len(store.query_actions(ActionQuery(year_from=2015))) == 2
    assert len(store.query_actions(ActionQuery(year_from=2014, year_to=2014))) == 4
    assert len(store.query_actions(ActionQuery(authority="southampton"))) == 6
    assert len(store.query_actions(ActionQuery(authority="E06000045"))) == 6
    assert store.query_actions(ActionQuery(authority="Southwark")) == []
    assert len(store.query_actions(ActionQuery(lead="bloggs"))) == 6
    assert len(store.query_actions(ActionQuery(text="Action 1 "))) == 2
    assert len(store.query_actions(ActionQuery(text="improve SUPERVISION"))) == 6  # recommendation text
    row = store.query_actions(ActionQuery(limit=1))[0]
    assert row["deadline"] == "2015-03-31" and row["deadline_text"] == "Mar 15"
    assert row["source"] == "plans/a.txt" and row["line"] == 3 and row["sha256"] == "a" * 64


def make_report(source: str, published: date, recs: list[tuple[str, str]]) -> Document:
    return Document(
        source=source, sha256=source.ljust(64, "r")[:64], extractor="test", doc_type="inspection_report",
        authority="Southampton", authority_code="E06000045", authority_raw=None, title="Inspection",
        document_date=published, year=published.year, version=None,
        recommendations=[Recommendation(ref=ref, text=text, priority="improve", priority_raw=None, heading=None)
                         for ref, text in recs],
        report=ReportFacts(framework="sif", published=published, published_estimated=False, inspection_start=None, inspection_end=None,
                           overall_judgement="requires improvement"),
    )


def test_plan_links_to_latest_earlier_report_and_coverage_flags_gaps(store: Store) -> None:
    store.save(make_report("r2012.pdf", date(2012, 5, 1), [("1", "Improve supervision of social workers")]))
    store.save(make_report("r2014.pdf", date(2014, 9, 15), [
        ("1", "Improve supervision"),
        ("2", "Ensure care leavers live in suitable accommodation"),
    ]))
    store.save(make_doc("plans/a.txt", "a" * 64, n_actions=3, year=2014))  # dated 2014-01-05: before r2014
    rows = store.coverage("southampton")
    assert {r["report"] for r in rows} == {"r2012.pdf"}
    assert rows[0]["link_method"] == "latest_before" and len(rows[0]["answers"]) == 3

    store.save(make_doc("plans/b.txt", "b" * 64, n_actions=2, year=2015))  # dated 2015: answers r2014
    by_ref = {(r["report"], r["ref"]): r for r in store.coverage()}
    assert len(by_ref[("r2014.pdf", "1")]["answers"]) == 2
    assert by_ref[("r2014.pdf", "2")]["answers"] == []  # flagged: no plan action answers it
    assert store.coverage("Southwark") == []


def test_a_new_report_relinks_stored_plans(store: Store) -> None:
    store.save(make_doc("plans/b.txt", "b" * 64, n_actions=2, year=2015))
    assert store.coverage() == []
    store.save(make_report("r2014.pdf", date(2014, 9, 15), [("1", "Improve supervision")]))
    assert [len(r["answers"]) for r in store.coverage()] == [2]
