"""The run log's database: engines with the SQLite settings sharing needs, and migrations.

SQLite runs in WAL mode with a busy timeout so the app, the CLI and a second window share
one file; writers take the lock up front. Alembic is imported only when a migration is due.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 10_000
WRITE = "dino_write"  # execution option: the transaction writes (BEGIN IMMEDIATE on SQLite)

def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine; for SQLite: parent folders, WAL, busy timeout and real transactions."""
    u = make_url(url)
    if u.get_backend_name() == "mssql":  # NVARCHAR(max), never NTEXT, whatever the server
        return sa.create_engine(u, echo=echo, pool_pre_ping=True, deprecate_large_types=True)
    if u.get_backend_name() != "sqlite":
        return sa.create_engine(u, echo=echo, pool_pre_ping=True)
    if u.database and u.database != ":memory:" and not u.query.get("uri"):
        Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(u, echo=echo)
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _wal(cur: Any) -> None:
    """Switch to WAL. Two processes creating the file at once can see "locked" here, which
    busy_timeout does not cover (the switch needs the file to itself): wait and try again."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    """Every connection: wait for locks instead of failing; WAL so readers never block."""
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (_sqlite_begin)
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _wal(cur)
        cur.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; far fewer fsyncs
        cur.execute("PRAGMA foreign_keys = ON")
    finally:
        cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the lock up front (waiting up to busy_timeout): a deferred transaction
    # that reads and then writes fails at once with "database is locked" under contention.
    mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE) else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


# What Azure SQL Database reports (SERVERPROPERTY('ProductVersion') is always 12.0.2000.8).
AZURE_SQL_VERSION = (12, 0, 2000, 8)


def as_sql_server(dialect: Any, version: tuple[int, ...] = AZURE_SQL_VERSION) -> Any:
    """Make an unconnected mssql dialect render what a connected one would (DATE rather
    than DATETIME, OFFSET/FETCH rather than ROW_NUMBER()): offline scripts and tests."""
    dialect.server_version_info = version
    dialect._setup_version_attributes()  # what initialize() runs after reading the version
    dialect._supports_nvarchar_max = True
    return dialect


def sql_server_dialect(version: tuple[int, ...] = AZURE_SQL_VERSION) -> Any:
    """An mssql dialect as Azure SQL initialises it, for compiling without a server."""
    from sqlalchemy.dialects import mssql

    return as_sql_server(mssql.dialect(deprecate_large_types=True), version)


# The newest migration; a test checks it against the revision files. Knowing it without
# Alembic keeps every start (the CLI, the app) from importing and scanning migrations.
HEAD_REVISION = "0002"


def alembic_config(connection: Connection | None = None) -> Any:
    """Alembic's configuration, built in code: no alembic.ini at runtime."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current_revision(conn: Connection) -> str | None:
    try:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except sa.exc.DBAPIError:
        conn.rollback()
        return None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; only one small read when it is there."""
    with engine.connect() as conn:
        if _current_revision(conn) == HEAD_REVISION:
            return
    from alembic import command

    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():  # one transaction: a second process opening now waits, then skips
            if conn.dialect.name == "mssql":
                _lock_migrations(conn)
            command.upgrade(alembic_config(conn), "head")


# SQL Server has no file lock: two desktops opening a new Azure SQL log at once would both
# create the tables. An application lock owned by the migration's transaction makes the
# second wait, then find the schema at head (Alembic reads the revision after the lock).
MIGRATION_LOCK = sa.text(
    "SET NOCOUNT ON; DECLARE @rc INT; "
    "EXEC @rc = sp_getapplock @Resource = :resource, @LockMode = 'Exclusive', "
    "@LockOwner = 'Transaction', @LockTimeout = :timeout_ms; SELECT @rc")
MIGRATION_LOCK_TIMEOUT_MS = 120_000


def _lock_migrations(conn: Connection) -> None:
    rc = conn.execute(MIGRATION_LOCK, {"resource": "dino_runlog_migrations",
                                       "timeout_ms": MIGRATION_LOCK_TIMEOUT_MS}).scalar()
    if rc is None or rc < 0:  # -1 timeout, -2 cancelled, -3 deadlock victim, -999 error
        raise RuntimeError(f"could not lock the run log for its migration (sp_getapplock {rc})")
