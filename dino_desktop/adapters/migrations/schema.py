"""The run log's schema at the newest revision, and the types that make it portable.

Kept next to the revisions that build it; `versions/` must always arrive at this (a test
compares a migrated database with `metadata`). Imported by the adapter and by env.py.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mssql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

# ---- types that behave the same on SQLite and SQL Server

# Long text: NVARCHAR(max) on SQL Server, whatever the dialect guesses (NTEXT is deprecated,
# and lower()/LIKE refuse it).
TEXT = sa.UnicodeText().with_variant(mssql.NVARCHAR(), "mssql")


class UtcDateTime(sa.TypeDecorator[dt.datetime]):
    """Naive UTC in the database (portable), tz-aware UTC in Python; naive input is UTC."""

    impl = sa.DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "mssql":  # DATETIME rounds to 3 ms; DATETIME2 keeps microseconds
            return dialect.type_descriptor(mssql.DATETIME2())
        return dialect.type_descriptor(sa.DateTime())

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class JsonText(sa.TypeDecorator[Any]):
    """JSON as text: TEXT on SQLite, NVARCHAR(max) on SQL Server (no JSON type needed)."""

    impl = sa.UnicodeText
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "mssql":
            return dialect.type_descriptor(mssql.NVARCHAR())  # NVARCHAR(max)
        return dialect.type_descriptor(sa.UnicodeText())

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, default=str)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


class utc_day(FunctionElement[dt.date]):  # lower case: used like a SQL function
    """The UTC calendar day of a timestamp; SQLite has no DATE type to CAST to."""

    type = sa.Date()
    name = "utc_day"
    inherit_cache = True


@compiles(utc_day)
def _utc_day(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


# ---- the tables

metadata = sa.MetaData()
_U = sa.Unicode  # NVARCHAR on SQL Server: pyodbc binds str as NVARCHAR, so indexes are used

runs = sa.Table(
    "runs", metadata,
    sa.Column("run_id", _U(64), primary_key=True),
    sa.Column("state", _U(16), nullable=False),
    sa.Column("user", _U(256)),
    sa.Column("machine", _U(256)),
    sa.Column("source_name", _U(512), nullable=False),
    sa.Column("source_path", TEXT),
    sa.Column("source_bytes", sa.BigInteger, nullable=False),
    sa.Column("sha256", _U(64)),
    sa.Column("source_format", _U(32), nullable=False),
    sa.Column("catalog", _U(128), nullable=False),
    sa.Column("database", _U(128), nullable=False),
    sa.Column("table", _U(128), nullable=False),
    sa.Column("mode", _U(32), nullable=False),
    sa.Column("keys", JsonText, nullable=False),
    sa.Column("bad_row_policy", _U(32), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("finished_at", UtcDateTime),
    sa.Column("rows", sa.BigInteger),
    sa.Column("bad_rows", sa.BigInteger),
    sa.Column("bytes_staged", sa.BigInteger),
    sa.Column("timings", JsonText, nullable=False),
    sa.Column("version_before", sa.BigInteger),
    sa.Column("version_after", sa.BigInteger),
    sa.Column("cost", sa.Float),
    sa.Column("problems", JsonText, nullable=False),
    sa.Column("error", TEXT),
    sa.Column("error_code", _U(64)),
    sa.Column("landing_uri", TEXT),
    sa.Column("table_uri", TEXT),
    sa.Column("engine_run_url", TEXT),
    sa.Column("profile", _U(32), nullable=False),
    sa.Column("replay_of", _U(64)),
    sa.Index("ix_runs_created_at", "created_at"),
    sa.Index("ix_runs_state", "state"),
    sa.Index("ix_runs_database_table", "database", "table"),
    sa.Index("ix_runs_user", "user"),
    sa.Index("ix_runs_sha256", "sha256"),
)

run_events = sa.Table(
    "run_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", _U(64), sa.ForeignKey("runs.run_id", name="fk_run_events_run_id",
                                               ondelete="CASCADE"), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("state", _U(16), nullable=False),
    sa.Column("stage", _U(32)),
    sa.Column("message", TEXT, nullable=False),
    sa.Index("ix_run_events_run_id", "run_id"),
)

daily_costs = sa.Table(
    "daily_costs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("source", _U(64), nullable=False),
    sa.Column("amount", sa.Float, nullable=False),
    sa.Column("updated_at", UtcDateTime),  # when the amount was last written (0002)
    sa.UniqueConstraint("day", "source", name="uq_daily_costs_day_source"),
)
