"""The run log in SQL: a SQLite file on one laptop, Azure SQL for a team (SQLAlchemy Core).

Core rather than the ORM: the records are plain dataclasses already (core.runs), and plain
statements can be compiled for SQL Server in the tests, without a server. The schema is
created and upgraded by Alembic (the `migrations` package next to this module) whenever a
log is opened; `metadata` (migrations/schema.py) describes the newest revision.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement

from dino_desktop.adapters.migrations.schema import (
    JsonText,
    UtcDateTime,
    daily_costs,
    metadata,
    run_events,
    runs,
    utc_day,
)
from dino_desktop.adapters.runlog_db import WRITE, make_engine, migrate
from dino_desktop.core.runs import FINAL_STATES, RunEvent, RunFilter, RunRecord, RunState

__all__ = ["SqlRunLog", "UpsertDailyCost", "count_runs", "daily_costs", "daily_costs_statement",
           "last_cost_update_statement", "like_pattern", "make_engine", "metadata", "migrate",
           "run_events", "run_to_row", "runs", "select_runs", "totals_statement"]

GROUP_BYS = (None, "day", "table", "user", "cause", "cause_day")

FIELDS = tuple(f.name for f in dataclasses.fields(RunRecord))
ORDERABLE = frozenset(n for n, c in runs.c.items() if not isinstance(c.type, JsonText))


def run_to_row(run: RunRecord) -> dict[str, Any]:
    """The `runs` row of a record (for inserts, also bulk ones)."""
    row = {name: getattr(run, name) for name in FIELDS}
    row["state"] = RunState(run.state).value
    return row


def _row_to_run(row: sa.Row[Any]) -> RunRecord:
    data = dict(row._mapping)
    data["state"] = RunState(data["state"])
    return RunRecord(**data)


# ---- statements (module level, so they can be compiled for SQL Server in tests)

def _where(flt: RunFilter | None) -> list[sa.ColumnElement[bool]]:
    if flt is None:
        return []
    c, out = runs.c, []
    if flt.states:
        out.append(c.state.in_([RunState(s).value for s in flt.states]))
    if flt.table:
        parts = flt.table.strip().lower().split(".")  # table | db.table | catalog.db.table
        for col, value in zip((c.table, c.database, c.catalog), reversed(parts), strict=False):
            out.append(col == value)
    if flt.user:
        out.append(c.user == flt.user)
    out.extend(_period(flt.since, flt.until))
    if flt.source_bytes is not None:
        out.append(c.source_bytes == flt.source_bytes)
    if flt.error_code is not None:
        out.append(c.error_code == flt.error_code if flt.error_code else
                   c.error_code.is_(None))
    if flt.text:
        cols = (c.source_name, c.database, c.table, c.run_id, c.error)
        pattern = like_pattern(flt.text)
        out.append(sa.or_(*(col.icontains(pattern, escape=LIKE_ESCAPE) for col in cols)))
    return out


LIKE_ESCAPE = "/"


def like_pattern(text: str) -> str:
    """`text` matched literally by LIKE on both databases. autoescape covers % and _ only;
    SQL Server also reads [ as the start of a character class ("a[1]" would not match)."""
    out = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
    for char in "%_[":
        out = out.replace(char, LIKE_ESCAPE + char)
    return out


def _period(since: dt.datetime | None, until: dt.datetime | None) -> list[Any]:
    """Created in [since, until): either end may be open."""
    out = []
    if since is not None:
        out.append(runs.c.created_at >= since)
    if until is not None:
        out.append(runs.c.created_at < until)
    return out


def select_runs(flt: RunFilter | None = None, *, limit: int = 100, offset: int = 0,
                order_by: str = "created_at", descending: bool = True) -> sa.Select[Any]:
    """One page of runs; `order_by` must be a plain column of `runs` (ValueError if not)."""
    if order_by not in ORDERABLE:
        raise ValueError(f"cannot order runs by {order_by!r}; one of {sorted(ORDERABLE)}")
    direction = sa.desc if descending else sa.asc
    return (sa.select(runs).where(*_where(flt))
            .order_by(direction(runs.c[order_by]), direction(runs.c.run_id))
            .limit(limit).offset(offset))


def count_runs(flt: RunFilter | None = None) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(runs).where(*_where(flt))


_ONE, _ZERO = sa.literal_column("1"), sa.literal_column("0")  # inline: no parameters


def _total(expr: Any, label: str) -> sa.Label[Any]:
    return sa.func.coalesce(sa.func.sum(expr), _ZERO).label(label)


def totals_statement(since: dt.datetime | None, until: dt.datetime | None,
                     group_by: str | None = None) -> sa.Select[Any]:
    """Aggregates over runs created in [since, until), grouped in SQL."""
    c = runs.c
    keys: dict[str | None, list[Any]] = {
        None: [], "day": [utc_day(c.created_at).label("day")],
        "table": [c.database, c.table], "user": [c.user], "cause": [c.error_code],
        "cause_day": [c.error_code, utc_day(c.created_at).label("day")]}
    if group_by not in keys:
        raise ValueError(f"cannot group totals by {group_by!r}; one of {GROUP_BYS}")
    counts = [_total(sa.case((c.state == s.value, _ONE), else_=_ZERO), s.value)
              for s in (RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED,
                        RunState.UNDONE)]
    stmt = sa.select(*keys[group_by], sa.func.count().label("runs"), *counts,
                     _total(c.rows, "rows"), _total(c.bytes_staged, "bytes"),
                     _total(c.source_bytes, "source_bytes"), _total(c.cost, "cost"))
    stmt = stmt.select_from(runs).where(*_period(since, until))
    if keys[group_by]:
        stmt = stmt.group_by(*keys[group_by]).order_by(*keys[group_by])
    return stmt


class UpsertDailyCost(Executable, ClauseElement):
    """Set one day's cost from one source in one statement: MERGE on SQL Server, INSERT ..
    ON CONFLICT elsewhere (SQLite, PostgreSQL). No read-then-write race between machines."""

    inherit_cache = False

    def __init__(self, day: dt.date, source: str, amount: float, at: dt.datetime) -> None:
        c = daily_costs.c
        self.values = {name: sa.bindparam(name, value, type_=c[name].type) for name, value in
                       (("day", day), ("source", source), ("amount", amount),
                        ("updated_at", at))}


@compiles(UpsertDailyCost)
def _upsert_on_conflict(element: UpsertDailyCost, compiler: SQLCompiler, **kw: Any) -> str:
    q = compiler.preparer.quote
    names = list(element.values)
    binds = ", ".join(compiler.process(b, **kw) for b in element.values.values())
    sets = ", ".join(f"{q(n)} = excluded.{q(n)}" for n in ("amount", "updated_at"))
    return (f"INSERT INTO {q(daily_costs.name)} ({', '.join(map(q, names))}) VALUES ({binds}) "
            f"ON CONFLICT ({q('day')}, {q('source')}) DO UPDATE SET {sets}")


@compiles(UpsertDailyCost, "mssql")
def _upsert_merge(element: UpsertDailyCost, compiler: SQLCompiler, **kw: Any) -> str:
    # HOLDLOCK: without it two MERGEs of a new day can both take the "not matched" branch.
    q = compiler.preparer.quote
    source = ", ".join(f"{compiler.process(sa.cast(b, b.type), **kw)} AS {q(n)}"
                       for n, b in element.values.items())
    cols = ", ".join(q(n) for n in element.values)
    return (f"MERGE INTO {q(daily_costs.name)} WITH (HOLDLOCK) AS t "
            f"USING (SELECT {source}) AS s "
            f"ON t.{q('day')} = s.{q('day')} AND t.{q('source')} = s.{q('source')} "
            f"WHEN MATCHED THEN UPDATE SET {q('amount')} = s.{q('amount')}, "
            f"{q('updated_at')} = s.{q('updated_at')} "
            f"WHEN NOT MATCHED THEN INSERT ({cols}) "
            f"VALUES ({', '.join('s.' + q(n) for n in element.values)});")


def last_cost_update_statement(source: str | None = None) -> sa.Select[Any]:
    """When a daily cost (from `source`, or any) was last written."""
    d = daily_costs.c
    stmt = sa.select(sa.func.max(d.updated_at))
    return stmt if source is None else stmt.where(d.source == source)


def daily_costs_statement(since: dt.date, until: dt.date) -> sa.Select[Any]:
    """Cost per day over [since, until] (both days included), summed across sources."""
    d = daily_costs.c
    return (sa.select(d.day, sa.func.sum(d.amount).label("amount"))
            .where(d.day >= since, d.day <= until).group_by(d.day).order_by(d.day))


# ---- the adapter

class SqlRunLog:
    """ports.RunLog over SQLAlchemy: SQLite (local profile) or SQL Server (azure profile)."""

    def __init__(self, url: str | Engine, *, echo: bool = False,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        """`url`, or an engine made elsewhere (Azure SQL: adapters.azure_sql, which signs
        every connection in with an Entra ID token)."""
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.engine = url if isinstance(url, Engine) else make_engine(url, echo=echo)
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlRunLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    # -- writes

    def create(self, run: RunRecord, message: str = "") -> None:
        try:
            with self._writing() as conn:
                conn.execute(runs.insert(), run_to_row(run))
                conn.execute(run_events.insert(), _event(run.run_id, run.created_at,
                                                         run.state, None, message))
        except sa.exc.IntegrityError as exc:
            raise ValueError(f"cannot record run {run.run_id}: {exc.orig}") from exc

    def transition(self, run_id: str, state: RunState, message: str = "",
                   stage: str | None = None, **fields: Any) -> None:
        """New state + fields + an event, in one transaction. A final state sets
        finished_at (kept if already set: undone after succeeded); others clear it."""
        state = RunState(state)
        now = self._clock()
        values = _values(fields)
        values["state"] = state.value
        if "finished_at" not in fields:
            values["finished_at"] = (sa.func.coalesce(runs.c.finished_at,
                                                      sa.literal(now, UtcDateTime()))
                                     if state.final else None)
        with self._writing() as conn:
            if conn.execute(runs.update().where(runs.c.run_id == run_id)
                            .values(values)).rowcount == 0:
                raise KeyError(run_id)
            conn.execute(run_events.insert(), _event(run_id, now, state, stage, message))

    def update(self, run_id: str, **fields: Any) -> None:
        if "state" in fields:
            raise ValueError("change a run's state with transition(), which records an event")
        values = _values(fields)
        with self._writing() as conn:
            if values:
                found = conn.execute(runs.update().where(runs.c.run_id == run_id)
                                     .values(values)).rowcount
            else:
                found = conn.execute(count_runs().where(runs.c.run_id == run_id)).scalar()
            if not found:
                raise KeyError(run_id)

    def add_daily_cost(self, day: dt.date, amount: float, source: str) -> None:
        """Set (not add to) the cost of `day` from `source`; stamps updated_at."""
        with self._writing() as conn:
            conn.execute(UpsertDailyCost(day, source, float(amount), self._clock()))

    def last_cost_update(self, source: str | None = None) -> dt.datetime | None:
        """When a daily cost from `source` was last written (None: never): the last sync."""
        with self.engine.connect() as conn:  # max() keeps the column's type: aware UTC
            return conn.execute(last_cost_update_statement(source)).scalar()

    # -- reads

    def get(self, run_id: str) -> RunRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(runs).where(runs.c.run_id == run_id)).first()
        return None if row is None else _row_to_run(row)

    def events(self, run_id: str) -> list[RunEvent]:
        e = run_events.c
        stmt = (sa.select(e.run_id, e.at, e.state, e.stage, e.message)
                .where(e.run_id == run_id).order_by(e.at, e.id))
        with self.engine.connect() as conn:
            return [RunEvent(r.run_id, r.at, RunState(r.state), r.stage, r.message)
                    for r in conn.execute(stmt)]

    def query(self, flt: RunFilter | None = None, *, limit: int = 100, offset: int = 0,
              order_by: str = "created_at", descending: bool = True) -> list[RunRecord]:
        return self._runs(select_runs(flt, limit=limit, offset=offset, order_by=order_by,
                                      descending=descending))

    def count(self, flt: RunFilter | None = None) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(count_runs(flt)).scalar_one())

    def find_by_sha256(self, sha256: str, database: str, table: str) -> list[RunRecord]:
        c = runs.c
        return self._runs(sa.select(runs)
                          .where(c.sha256 == sha256, c.database == database, c.table == table)
                          .order_by(c.created_at.desc(), c.run_id.desc()))

    def unfinished(self) -> list[RunRecord]:
        """Runs not in a final state (oldest first): what a crash may have left behind."""
        c = runs.c
        return self._runs(sa.select(runs)
                          .where(c.state.not_in([s.value for s in FINAL_STATES]))
                          .order_by(c.created_at, c.run_id))

    def daily_costs(self, since: dt.date, until: dt.date) -> list[tuple[dt.date, float]]:
        with self.engine.connect() as conn:
            return [(r.day, float(r.amount))
                    for r in conn.execute(daily_costs_statement(since, until))]

    def totals(self, since: dt.datetime | None, until: dt.datetime | None,
               group_by: str | None = None) -> list[dict[str, Any]]:
        """Per group: key, runs, succeeded, failed, cancelled, undone, rows, bytes (staged),
        source_bytes, cost. Days are UTC days; without group_by, one row (key None)."""
        with self.engine.connect() as conn:
            rows = conn.execute(totals_statement(since, until, group_by)).mappings().all()
        return [_totals_dict(r, group_by) for r in rows]

    def _runs(self, stmt: sa.Select[Any]) -> list[RunRecord]:
        with self.engine.connect() as conn:
            return [_row_to_run(r) for r in conn.execute(stmt)]


def _values(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise ValueError(f"cannot set run field(s) {unknown}")
    return dict(fields)


def _event(run_id: str, at: dt.datetime, state: RunState, stage: str | None,
           message: str) -> dict[str, Any]:
    return {"run_id": run_id, "at": at, "state": RunState(state).value, "stage": stage,
            "message": message or ""}


def _totals_dict(r: Any, group_by: str | None) -> dict[str, Any]:
    if group_by == "table":
        key: Any = f"{r['database']}.{r['table']}"
    elif group_by == "cause_day":
        key = (r["error_code"], r["day"])
    elif group_by == "cause":
        key = r["error_code"]
    else:
        key = r[group_by] if group_by else None
    out: dict[str, Any] = {"key": key}
    for name in ("runs", "succeeded", "failed", "cancelled", "undone", "rows", "bytes",
                 "source_bytes"):
        out[name] = int(r[name] or 0)
    out["cost"] = float(r["cost"] or 0.0)
    return out
