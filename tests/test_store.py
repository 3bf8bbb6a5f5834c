"""The SQL store on real databases, each test once on SQLite and once on PostgreSQL (``db_url``).

Migrations, document identity, one transaction per document, full-text search, views, counts,
coverage, read-only opens, and concurrent writers in separate processes.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from models.records import Action, Document, ParseReport, Recommendation, ReportFacts, TableReport
from models.schema import ACTION_HISTORY, ACTION_ROWS, AUTHORITY_YEAR_SUMMARY, Base, DocumentRow, not_modelled
from pipeline.database import StoreError, _alembic_config, head_revision, parse_url
from pipeline.search import SearchSyntaxError
from pipeline.store import ActionQuery, Store


def _action(text: str, **kw) -> Action:
    base = dict(
        recommendation_ref="1", recommendation="Improve supervision", recommendation_index=0, ref=None,
        action=text, lead="Jo Bloggs", leads=["Jo Bloggs"], deadline_text="Mar 15", deadline=date(2015, 3, 31),
        rag="red", rag_raw="Red", line=3,
    )
    base.update(kw)
    return Action(**base)


def make_doc(sha: str = "a" * 64, n_actions: int = 2, year: int = 2014, code: str = "E06000045",
             name: str = "Southampton") -> Document:
    return Document(
        source="ignored", sha256=sha, extractor="test", doc_type="action_plan", authority=name,
        authority_code=code, authority_raw=f"{name} City Council", title="Plan",
        document_date=date(year, 1, 5), year=year, version=None,
        recommendations=[Recommendation(ref="1", text="Improve supervision", priority="immediate",
                                        priority_raw="Immediately", heading=None)],
        actions=[_action(f"Action {i} on supervision audits", rag="red" if i % 2 else "green") for i in range(n_actions)],
    )


def make_report(sha: str, published: date, recs: list[tuple[str, str]]) -> Document:
    return Document(
        source="ignored", sha256=sha.ljust(64, "r")[:64], extractor="test", doc_type="inspection_report",
        authority="Southampton", authority_code="E06000045", authority_raw=None, title="Inspection",
        document_date=published, year=published.year, version=None,
        recommendations=[Recommendation(ref=ref, text=text, priority="improve", priority_raw=None, heading=None)
                         for ref, text in recs],
        report=ReportFacts(framework="sif", published=published, published_estimated=False, inspection_start=None,
                           inspection_end=None, overall_judgement="requires improvement"),
    )


@pytest.fixture
def store(db_url: str) -> Store:
    return Store(db_url, create=True)


def _sql(store: Store, statement: str) -> list[tuple]:
    with store.engine.connect() as conn:
        result = conn.execute(text(statement))
        return [tuple(row) for row in result] if result.returns_rows else []


# Schema


def test_migrations_match_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": lambda name, *_: not not_modelled(name)})
        assert compare_metadata(context, Base.metadata) == []
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head_revision() == "0005"
        views = set(inspect(conn).get_view_names())
    assert {"action_rows", "authority_year_summary", "action_history"} <= views
    for view in (ACTION_ROWS, AUTHORITY_YEAR_SUMMARY, ACTION_HISTORY):  # the store's declarations match the migration's views
        with store.engine.connect() as conn:
            assert list(conn.execute(text(f"select * from {view.name}")).keys()) == [c.name for c in view.c]


def _at_0003(url: str) -> None:
    engine = create_engine(parse_url(url))
    with engine.begin() as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    engine.dispose()


def test_upgrade_from_0003_keeps_every_document_and_path(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        Path(db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True)
    _at_0003(db_url)
    engine = create_engine(parse_url(db_url))
    with engine.begin() as conn:  # as 0003 allowed: the same bytes at two paths, stored twice
        for i, path in ((1, "plans/a.txt"), (2, "copy/a.txt")):
            conn.execute(text(
                "insert into documents (id, source_path, sha256, extractor, doc_type, warnings) "
                "values (:id, :path, :sha, 'test', 'action_plan', '[]')"), {"id": i, "path": path, "sha": "s" * 64})
            conn.execute(text("insert into recommendations (id, document_id, position, ref_inferred, text) "
                              "values (:id, :id, 0, false, 'Improve the quality of supervision')"), {"id": i})
            conn.execute(text("insert into actions (document_id, recommendation_id, position, action, leads, extra) "
                              "values (:id, :id, 0, 'Audit case files monthly', '[]', '{}')"), {"id": i})
    engine.dispose()
    with pytest.raises(StoreError, match="older than"):
        Store(db_url)  # reading never migrates
    store = Store(db_url, create=True)
    assert store.counts()["documents"] == 1 and store.counts()["actions"] == 1
    assert list(store.document_sources()) == ["copy/a.txt", "plans/a.txt"]
    rows = store.query_actions(ActionQuery(text="supervision"))  # the recommendation's text, now searchable
    assert [r["action"] for r in rows] == ["Audit case files monthly"]


# Identity: a document is its bytes; every path they were found at is kept


def test_a_changed_file_replaces_its_records(store: Store) -> None:
    assert store.save(make_doc(n_actions=3), "/plans/a.txt") == "added"
    assert store.save(make_doc(sha="b" * 64, n_actions=1), "/plans/a.txt") == "replaced"
    assert store.counts() == {"documents": 1, "recommendations": 1, "actions": 1, "authorities": 1}
    assert store.note_source("a" * 64, "/plans/a.txt") is None  # the old bytes are gone
    assert store.note_source("b" * 64, "/plans/a.txt") == "unchanged"


def test_the_same_bytes_at_a_new_path_are_noted_not_stored_twice(store: Store) -> None:
    store.save(make_doc(), "/plans/b.txt")
    assert store.note_source("a" * 64, "/plans/c.txt") == "unchanged"
    assert store.save(make_doc(), "/plans/d.txt") == "unchanged"  # a racing writer's copy: noted too
    assert store.counts()["documents"] == 1
    assert list(store.document_sources()) == ["/plans/b.txt", "/plans/c.txt", "/plans/d.txt"]


def test_a_document_is_what_its_first_path_in_sort_order_gives(store: Store) -> None:
    # A file's name can matter to its extraction, so the first path decides, whatever order they come in.
    store.save(make_doc(year=2015), "/plans/b.txt")
    assert store.note_source("a" * 64, "/plans/a.txt") is None  # it would come first: extract it
    assert store.save(make_doc(year=2014), "/plans/a.txt") == "replaced"
    assert store.counts()["documents"] == 1
    assert [(r["source"], r["year"]) for r in store.query_actions(ActionQuery(limit=1))] == [("/plans/a.txt", 2014)]
    assert list(store.document_sources()) == ["/plans/a.txt", "/plans/b.txt"]


def test_a_path_overwritten_with_bytes_stored_elsewhere_names_them(store: Store) -> None:
    store.save(make_doc("a" * 64, n_actions=3), "/p/x.txt")
    store.save(make_doc("b" * 64, n_actions=1), "/p/b.txt")
    store.save(make_doc("c" * 64, n_actions=2), "/p/c.txt")
    store.note_source("c" * 64, "/q/c.txt")
    assert store.note_source("b" * 64, "/p/x.txt") == "replaced"  # x.txt now holds b's bytes
    assert store.note_source("b" * 64, "/p/c.txt") == "replaced"  # c's bytes stay, at their other path
    assert store.counts()["documents"] == 2 and store.counts()["actions"] == 3
    assert list(store.document_sources()) == ["/p/b.txt", "/p/c.txt", "/p/x.txt", "/q/c.txt"]
    assert store.note_source("c" * 64, "/p/a.txt") is None  # sorting first, it is extracted and saved:
    assert store.save(make_doc("c" * 64, n_actions=2), "/p/a.txt") == "replaced"
    by_source = {r["source"]: r["sha256"][0] for r in store.query_actions(ActionQuery())}
    assert by_source == {"/p/b.txt": "b", "/p/a.txt": "c"}
    assert list(store.document_sources()) == ["/p/a.txt", "/p/b.txt", "/p/c.txt", "/p/x.txt", "/q/c.txt"]


def test_a_failed_save_leaves_the_database_unchanged(store: Store) -> None:
    store.save(make_doc(n_actions=2), "/plans/a.txt")
    broken = make_doc(sha="c" * 64)
    broken.actions.append(replace(broken.actions[0], action=None))  # NOT NULL violation mid-document
    with pytest.raises(Exception):
        store.save(broken, "/plans/a.txt")
    assert store.counts()["actions"] == 2
    assert store.note_source("a" * 64, "/plans/a.txt") == "unchanged"


def test_the_parse_report_is_kept(store: Store) -> None:
    doc = make_doc()
    doc.parse_report = ParseReport("tab", "tables", 0.9, tables=[TableReport(0, None, "text", 5, 4, "plan")])
    store.save(doc, "/a.txt")
    with Session(store.engine) as session:
        stored = session.scalar(select(DocumentRow.parse_report))
    assert stored["reader"] == "tab" and stored["tables"][0]["rows"] == 5


# Queries


def test_query_filters(store: Store) -> None:
    store.save(make_doc("a" * 64, n_actions=4, year=2014), "/plans/a.txt")
    store.save(make_doc("b" * 64, n_actions=2, year=2016), "/plans/b.txt")
    assert len(store.query_actions(ActionQuery())) == 6
    assert len(store.query_actions(ActionQuery(rag="RED"))) == 3
    assert len(store.query_actions(ActionQuery(year_from=2015))) == 2
    assert len(store.query_actions(ActionQuery(year_from=2014, year_to=2014))) == 4
    assert len(store.query_actions(ActionQuery(authority="southampton"))) == 6
    assert len(store.query_actions(ActionQuery(authority="E06000045"))) == 6
    assert store.query_actions(ActionQuery(authority="Southwark")) == []
    assert len(store.query_actions(ActionQuery(lead="bloggs"))) == 6
    assert len(store.query_actions(ActionQuery(doc_type="progress_report"))) == 0
    row = store.query_actions(ActionQuery(limit=1))[0]
    assert row["deadline"] == date(2015, 3, 31) and row["deadline_text"] == "Mar 15"
    assert row["source"] == "/plans/a.txt" and row["line"] == 3 and row["sha256"] == "a" * 64
    assert row["leads"] == ["Jo Bloggs"] and row["themes"] == [] and row["region"] == "South East"


def _texts(store: Store, search: str) -> list[str]:
    return sorted(r["action"] for r in store.query_actions(ActionQuery(text=search)))


def test_full_text_search_words_phrases_or_and_exclusion(store: Store) -> None:
    doc = make_doc(n_actions=0)
    doc.actions = [
        _action("Review care plans for every child", progress="Audit done in March"),
        _action("Plan the care of looked after children", lead="Head of Service"),
        _action("Supervise social workers monthly", recommendation_index=None),
    ]
    store.save(doc, "/a.txt")
    assert _texts(store, "care") == ["Plan the care of looked after children", "Review care plans for every child"]
    assert _texts(store, '"care plans"') == ["Review care plans for every child"]  # a phrase, in order
    assert _texts(store, "supervision") == ["Plan the care of looked after children",  # stemmed, and the
                                            "Review care plans for every child",  # recommendation's text
                                            "Supervise social workers monthly"]
    assert _texts(store, "care -children") == ["Review care plans for every child"]
    assert _texts(store, "audit or service") == ["Plan the care of looked after children",  # progress, lead
                                                 "Review care plans for every child"]
    assert _texts(store, "monthly care") == []  # all words must match
    assert _texts(store, 'care-plans "unclosed') == []  # punctuation is never syntax
    for bad in ("-care", "   ", "or"):
        with pytest.raises(SearchSyntaxError):
            store.query_actions(ActionQuery(text=bad))


def test_full_text_index_follows_replacements(store: Store) -> None:
    store.save(make_doc("a" * 64, n_actions=1), "/a.txt")
    doc = make_doc("b" * 64, n_actions=0)
    doc.actions = [_action("Recruit permanent staff")]
    store.save(doc, "/a.txt")
    assert _texts(store, "audits") == [] and _texts(store, "recruit") == ["Recruit permanent staff"]
    if store.dialect == "sqlite":  # FTS5 agrees with its content table
        _sql(store, "insert into actions_fts (actions_fts, rank) values ('integrity-check', 1)")


def test_sqlite_utils_and_datasette_find_the_full_text_table(tmp_path: Path) -> None:
    path = tmp_path / "plans.db"
    store = Store(f"sqlite:///{path}", create=True)
    doc = make_doc(n_actions=0)
    doc.actions = [_action("Audit case files", recommendation_index=None), _action("Recruit staff")]
    store.save(doc, "/a.txt")
    db = sqlite_utils.Database(path)
    assert db["actions"].detect_fts() == "actions_fts"  # the lookup Datasette's ?_search= makes too
    db["actions"].rebuild_fts()
    assert [r["action"] for r in db["actions"].search("supervision")] == ["Recruit staff"]  # via its recommendation


def test_postgresql_search_uses_the_gin_index(store: Store) -> None:
    if store.dialect != "postgresql":
        pytest.skip("PostgreSQL's index")
    store.save(make_doc(), "/a.txt")
    stmt = store._matching("supervision")
    sql = str(stmt.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as conn:
        conn.execute(text("set enable_seqscan = off"))
        plan = "\n".join(r[0] for r in conn.execute(text(f"explain {sql}")))
    assert "actions_fts" in plan, plan


def test_counts_grouped_by_authority_year_rag_and_theme(store: Store) -> None:
    doc = make_doc("a" * 64, n_actions=4, year=2014)
    doc.actions[0].theme_tags = [{"theme": "supervision", "origin": "action", "score": 1.0, "evidence": ["x"]},
                                 {"theme": "supervision", "origin": "recommendation", "score": 1.0, "evidence": []},
                                 {"theme": "workforce", "origin": "action", "score": 1.0, "evidence": ["y"]}]
    store.save(doc, "/a.txt")
    store.save(make_doc("b" * 64, n_actions=3, year=2013, code="E09000028", name="Southwark"), "/b.txt")
    assert store.count_actions(ActionQuery()) == [{"actions": 7}]
    assert store.count_actions(ActionQuery(), ["authority", "year", "rag"]) == [
        {"authority": "Southampton", "year": 2014, "rag": "green", "actions": 2},
        {"authority": "Southampton", "year": 2014, "rag": "red", "actions": 2},
        {"authority": "Southwark", "year": 2013, "rag": "green", "actions": 2},
        {"authority": "Southwark", "year": 2013, "rag": "red", "actions": 1},
    ]
    assert store.count_actions(ActionQuery(authority="southampton"), ["theme"]) == [
        {"theme": "supervision", "actions": 1}, {"theme": "workforce", "actions": 1}, {"theme": None, "actions": 3},
    ]
    assert store.count_actions(ActionQuery(theme="supervision"), ["theme", "rag"]) == [
        {"theme": "supervision", "rag": "green", "actions": 1},
    ]
    themes = store.theme_counts()
    assert {(t["theme"], t["actions_own"], t["actions_all"], t["green"], t["red"]) for t in themes} == {
        ("supervision", 1, 1, 1, 0), ("workforce", 1, 1, 1, 0)}
    assert store.query_actions(ActionQuery(theme="supervision"))[0]["themes"] == ["supervision", "workforce"]


def test_authority_year_summary_counts_rag_and_overdue(store: Store) -> None:
    doc = make_doc(n_actions=0, year=2016)  # dated 2016-01-05
    doc.actions = [_action("late", rag="amber", deadline=date(2015, 3, 31)),
                   _action("late but done", rag="blue", deadline=date(2015, 3, 31)),
                   _action("not due", rag=None, deadline=date(2016, 6, 30)),
                   _action("undated", rag=None, deadline=None)]
    store.save(doc, "/a.txt")
    store.save(make_report("r", date(2014, 9, 15), [("1", "Improve supervision")]), "/r.pdf")
    assert store.summary() == [{
        "authority": "Southampton", "ons_code": "E06000045", "region": "South East", "year": 2016, "plans": 1,
        "actions": 4, "red": 0, "amber": 1, "green": 0, "blue": 1, "no_rag": 2, "with_deadline": 3, "overdue": 1,
    }]


def test_plan_links_to_latest_earlier_report_and_coverage_flags_gaps(store: Store) -> None:
    store.save(make_report("r2012", date(2012, 5, 1), [("1", "Improve supervision of social workers")]), "/r2012.pdf")
    store.save(make_report("r2014", date(2014, 9, 15), [
        ("1", "Improve supervision"),
        ("2", "Ensure care leavers live in suitable accommodation"),
    ]), "/r2014.pdf")
    store.save(make_doc("a" * 64, n_actions=3, year=2014), "/plans/a.txt")  # dated 2014-01-05: before r2014
    rows = store.coverage("southampton")
    assert {r["report"] for r in rows} == {"Southampton SIF 2012-05-01"}
    assert rows[0]["link_method"] == "latest_before" and rows[0]["actions"] == 3 and rows[0]["answered"]

    store.save(make_doc("b" * 64, n_actions=2, year=2015), "/plans/b.txt")  # dated 2015: answers r2014
    by_ref = {(r["report_source"], r["ref"]): r for r in store.coverage()}
    assert by_ref[("/r2014.pdf", "1")]["actions"] == 2 and by_ref[("/r2014.pdf", "1")]["plan_recommendations"] == ["1"]
    assert not by_ref[("/r2014.pdf", "2")]["answered"]  # flagged: no plan action answers it
    assert [(r["report"], r["ref"]) for r in store.coverage(unanswered=True)] == [("Southampton SIF 2014-09-15", "2")]
    assert store.coverage("Southwark") == []


def test_a_new_report_relinks_stored_plans_and_a_removed_one_unlinks_them(store: Store) -> None:
    store.save(make_doc("b" * 64, n_actions=2, year=2015), "/plans/b.txt")
    assert store.coverage() == []
    store.save(make_report("r2014", date(2014, 9, 15), [("1", "Improve supervision")]), "/r.pdf")
    assert [r["actions"] for r in store.coverage()] == [2]
    store.save(make_doc("c" * 64, n_actions=1), "/r.pdf")  # the report's path now holds a plan
    assert store.coverage() == []


# Opening: read-only opens never create, migrate or write


def test_reading_a_missing_or_empty_database_is_an_error_that_creates_nothing(db_url: str) -> None:
    with pytest.raises(StoreError, match="not found|empty"):
        Store(db_url)
    if db_url.startswith("sqlite"):
        assert not Path(db_url.removeprefix("sqlite:///")).exists()
    else:
        engine = create_engine(parse_url(db_url))
        assert inspect(engine).get_table_names() == []
        engine.dispose()


def test_someone_elses_sqlite_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table birds (name text)")
    before = path.read_bytes()
    for create in (False, True):
        with pytest.raises(StoreError, match="not an actionplans database"):
            Store(f"sqlite:///{path}", create=create)
    assert path.read_bytes() == before
    (tmp_path / "text.db").write_text("hello")
    with pytest.raises(StoreError, match="not a database"):
        Store(f"sqlite:///{tmp_path / 'text.db'}", create=True)


@pytest.mark.parametrize("url, message", [
    ("sqlite://", "in-memory"), ("sqlite:///", "in-memory"), ("nonsense", "not a database URL"),
    ("mysql://u@h/db", "not supported"), ("postgresql://u:secret@127.0.0.1:1/db", "Connection refused"),
])
def test_bad_urls_are_one_line_errors(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        Store(url, create=True)
    assert "\n" not in str(caught.value) and "secret" not in str(caught.value)


# Concurrency: separate processes, started together


def _open_and_save(url: str, barrier, sha: str, source: str) -> None:
    barrier.wait()
    store = Store(url, create=True)
    store.save(make_doc(sha), source)


def _run_together(target, argsets: list[tuple]) -> None:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(argsets))
    processes = [context.Process(target=target, args=(args[0], barrier, *args[1:])) for args in argsets]
    for p in processes:
        p.start()
    for p in processes:
        p.join(180)  # longer than a SQLite writer waits for the lock
    assert [p.exitcode for p in processes] == [0] * len(processes)


def test_concurrent_first_opens_and_saves_on_a_fresh_database(db_url: str) -> None:
    # Six writers race to create the schema, the authority row and the same document (two paths each).
    argsets = [(db_url, "abc"[i % 3] * 64, f"/in/{i}.txt") for i in range(6)]
    _run_together(_open_and_save, argsets)
    store = Store(db_url)
    assert store.counts() == {"documents": 3, "recommendations": 3, "actions": 6, "authorities": 1}
    assert list(store.document_sources()) == [f"/in/{i}.txt" for i in range(6)]
