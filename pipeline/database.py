"""Opening the store's database safely: URLs, engines, schema versions and the write lock.

Two backends: SQLite files and PostgreSQL (psycopg 3). What makes concurrent ingests safe:

* **Writers take turns.** Every write transaction holds the database's write lock from its first
  statement: SQLite's ``BEGIN IMMEDIATE`` (other writers wait up to ``BUSY_TIMEOUT_S``), PostgreSQL's
  transaction-level advisory lock. A write transaction is one document (extraction, the slow part,
  runs before it), so each save, and the re-linking of its authority's plans and reports, sees
  everything saved before it: concurrent runs store what one serial run stores.
* **The schema changes only under that lock**, only when it is behind, and only for a writer
  (``create=True``); SQLite runs the migration in ``BEGIN EXCLUSIVE``. A read-only open never
  creates, migrates or writes: a missing, foreign or out-of-date database is a :class:`StoreError`.
* SQLite runs in WAL mode, so readers never wait for the writer.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event, func, inspect, make_url, select, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

DEFAULT_DB = "sqlite:///data/processed/actionplans.db"
BUSY_TIMEOUT_S = 120  # how long a SQLite writer waits for another's transaction (a few seconds at most)
LOCK_KEY = 0x61637470  # PostgreSQL advisory lock of this store's writers ("actp"); per database
WRITE = {"sqlite_begin": "IMMEDIATE"}  # execution options of a write transaction
_URL_HINT = "use sqlite:///path/to/file.db or postgresql://user@host/dbname"


class StoreError(Exception):
    """A one-line reason the database cannot be used, for the user."""


def database_url(url: str | None = None) -> str:
    """The URL to use: explicit, else $ACTIONPLANS_DB, else the SQLite file under data/processed."""
    return url or os.environ.get("ACTIONPLANS_DB") or DEFAULT_DB


def parse_url(raw: str) -> URL:
    """A SQLite or PostgreSQL URL; ``postgresql://`` and ``postgres://`` mean the psycopg 3 driver."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise StoreError(f"--db {raw!r} is not a database URL: {_URL_HINT}") from None
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("postgresql+psycopg", "sqlite", "sqlite+pysqlite"):
        raise StoreError(f"--db {shown(url)}: {url.drivername} is not supported: {_URL_HINT}")
    return url


def shown(url: URL) -> str:
    """The URL as it may be printed: no password."""
    return url.render_as_string(hide_password=True)


def describe(exc: BaseException) -> str:
    """The first line of a database error's own message (the driver's, not SQLAlchemy's wrapping)."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def open_engine(raw_url: str | None, *, create: bool) -> Engine:
    """An engine on a database whose schema is this version's.

    ``create``: make the database (a SQLite file and its folders) or migrate its schema when it is
    new or behind, under the write lock. Otherwise the database must already be an actionplans
    database at this version. Raises :class:`StoreError`.
    """
    url = parse_url(database_url(raw_url))
    if url.get_backend_name() == "sqlite":
        _check_sqlite_file(url, create)
    engine = _make_engine(url)
    try:
        with engine.connect() as conn:
            revision = _revision(conn, url)
        if revision != head_revision():
            if not create:
                raise StoreError(_behind(url, revision))
            _migrate(engine, url)
        if create and url.get_backend_name() == "sqlite":
            _use_wal(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"database {shown(url)}: {describe(exc)}") from None
    except StoreError:
        engine.dispose()
        raise
    return engine


def _check_sqlite_file(url: URL, create: bool) -> None:
    if not url.database or url.database == ":memory:":
        raise StoreError(f"--db {shown(url)}: an in-memory database keeps nothing; use sqlite:///path/to/file.db")
    path = Path(url.database)
    if path.is_dir():
        raise StoreError(f"database {path}: is a folder, not a file")
    if not path.exists():
        if not create:
            raise StoreError(f"database {path}: not found (`actionplans ingest` creates it)")
        path.parent.mkdir(parents=True, exist_ok=True)


def _make_engine(url: URL) -> Engine:
    """Engine with the store's per-connection settings.

    SQLite: foreign keys enforced (and so ON DELETE CASCADE), a busy timeout, and pysqlite's own
    transaction handling off so that each transaction begins as asked (``sqlite_begin``).
    """
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', 'DEFERRED')}")

    return engine


def _use_wal(engine: Engine) -> None:
    """Switch a SQLite file to WAL (kept in the file; a no-op once done). Outside any transaction."""
    connection = engine.raw_connection()
    try:
        connection.driver_connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


def lock_for_writing(conn: Connection) -> None:
    """Take the write lock for the rest of this transaction (SQLite took it at BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))


def _revision(conn: Connection, url: URL) -> str | None:
    """The schema revision stored, None for an empty database; StoreError for someone else's."""
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" in tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision is not None and revision not in known_revisions():
            raise StoreError(f"database {shown(url)}: schema revision {revision!r} is not one of actionplans'")
        return revision
    if tables:
        listed = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise StoreError(f"database {shown(url)}: not an actionplans database (it holds {listed}); use a new one")
    return None


def _behind(url: URL, revision: str | None) -> str:
    if revision is None:
        return f"database {shown(url)}: empty, no actionplans schema yet (`actionplans ingest` or `migrate` creates it)"
    return (f"database {shown(url)}: schema {revision} is older than this version's {head_revision()}; "
            f"run `actionplans migrate --db ...` to upgrade it")


def _migrate(engine: Engine, url: URL) -> None:
    """Upgrade to the latest revision in one transaction holding the write lock."""
    with engine.execution_options(sqlite_begin="EXCLUSIVE").begin() as conn:
        lock_for_writing(conn)
        _revision(conn, url)  # again, under the lock: another process may have migrated meanwhile
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("models") / "migrations"))
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    return _scripts().get_current_head() or ""


def known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}
