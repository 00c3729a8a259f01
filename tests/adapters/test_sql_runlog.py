"""The SQL run log on real SQLite files; its SQL Server statements compiled without a server."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import multiprocessing
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.dialects import mssql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from dino_desktop.adapters import runlog_db, sql_runlog
from dino_desktop.adapters.sql_runlog import SqlRunLog
from dino_desktop.core.runs import RunFilter, RunRecord, RunState

T0 = dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)


class Clock:
    """One second later at every call: events get distinct, known times."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


def url_of(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def make_run(run_id: str, **kw: object) -> RunRecord:
    base = dict(run_id=run_id, state=RunState.CREATED, user="ana@contoso.com", machine="pc1",
                source_name=f"{run_id}.csv", source_path=None, source_bytes=100, sha256=None,
                source_format="csv", catalog="main", database="vendas", table="notas",
                mode="append", created_at=T0)
    base.update(kw)
    return RunRecord(**base)  # type: ignore[arg-type]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "not" / "yet" / "runs.sqlite"  # parent folders are created


@pytest.fixture
def log(db_path: Path):
    with SqlRunLog(url_of(db_path), clock=Clock()) as runlog:
        yield runlog


# ---- records and events

def test_every_field_round_trips(log: SqlRunLog) -> None:
    brt = dt.timezone(dt.timedelta(hours=-3))
    run = RunRecord(
        run_id="01JDFULL", state=RunState.SUCCEEDED, user="ana@contoso.com", machine="PC-7",
        source_name="vendas_nov.csv", source_path=r"C:\Users\ana\vendas_nov.csv",
        source_bytes=52_428_800_000, sha256="ab" * 32, source_format="csv", catalog="main",
        database="vendas", table="notas_2026", mode="merge", keys=["codigo", "filial"],
        bad_row_policy="skip", created_at=dt.datetime(2026, 11, 25, 11, 3, 7, 123456, brt),
        finished_at=dt.datetime(2026, 11, 25, 14, 5, tzinfo=dt.UTC), rows=812_345,
        bad_rows=3, bytes_staged=9_123_456, timings={"convert": 1.5, "run": 20.25},
        version_before=6, version_after=7, cost=0.0123,
        problems=[{"code": "bad_date", "row": 12, "params": {"value": "31/02/2026"}}],
        error="Linha 12: «31/02/2026» não é uma data", error_code="bad_date",
        landing_uri="file:///landing/01JDFULL", table_uri="/lake/vendas/notas_2026",
        engine_run_url="http://x/run/1", profile="azure", replay_of="01JDEARLIER")
    log.create(run)
    back = log.get(run.run_id)
    assert back == run
    assert back.created_at.tzinfo is dt.UTC and back.created_at.hour == 14
    assert back.finished_at.tzinfo is dt.UTC


def test_defaults_and_nones_round_trip(log: SqlRunLog) -> None:
    run = make_run("R1")
    log.create(run)
    assert log.get("R1") == run
    assert log.get("missing") is None


def test_columns_cover_every_record_field() -> None:
    fields = {f.name for f in dataclasses.fields(RunRecord)}
    assert set(sql_runlog.runs.c.keys()) == fields


def test_naive_datetimes_are_taken_as_utc(log: SqlRunLog) -> None:
    log.create(make_run("R1", created_at=dt.datetime(2026, 1, 2, 3, 4, 5)))
    assert log.get("R1").created_at == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_duplicate_run_id_is_refused(log: SqlRunLog) -> None:
    log.create(make_run("R1"))
    with pytest.raises(ValueError, match="R1"):
        log.create(make_run("R1"))


def test_transitions_write_events_in_order(log: SqlRunLog) -> None:
    log.create(make_run("R1"), "vendas.csv → vendas.notas")
    log.transition("R1", RunState.CONVERTING, "converting", stage="convert")
    log.transition("R1", RunState.UPLOADING, "staging", stage="stage", bytes_staged=900)
    log.transition("R1", RunState.RUNNING, "writing", stage="run")
    assert log.get("R1").finished_at is None
    log.transition("R1", RunState.SUCCEEDED, "done", stage="record", rows=10,
                   timings={"run": 2.0}, version_after=3)
    events = log.events("R1")
    assert [(e.state, e.stage, e.message) for e in events] == [
        (RunState.CREATED, None, "vendas.csv → vendas.notas"),
        (RunState.CONVERTING, "convert", "converting"),
        (RunState.UPLOADING, "stage", "staging"),
        (RunState.RUNNING, "run", "writing"),
        (RunState.SUCCEEDED, "record", "done")]
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert all(e.run_id == "R1" and e.at.tzinfo is dt.UTC for e in events)
    run = log.get("R1")
    assert (run.state, run.rows, run.bytes_staged, run.timings, run.version_after) == (
        RunState.SUCCEEDED, 10, 900, {"run": 2.0}, 3)
    assert run.finished_at == events[-1].at  # a final state sets finished_at
    assert log.events("other") == []


def test_events_at_the_same_instant_keep_insertion_order(db_path: Path) -> None:
    with SqlRunLog(url_of(db_path), clock=lambda: T0) as log:
        log.create(make_run("R1"))
        for state in (RunState.CONVERTING, RunState.UPLOADING, RunState.FAILED):
            log.transition("R1", state, state.value)
        assert [e.state for e in log.events("R1")] == [
            RunState.CREATED, RunState.CONVERTING, RunState.UPLOADING, RunState.FAILED]


def test_finished_at_given_kept_after_final_cleared_when_resumed(log: SqlRunLog) -> None:
    given = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
    log.create(make_run("R1"))
    log.transition("R1", RunState.FAILED, "boom", error="boom", finished_at=given)
    assert log.get("R1").finished_at == given
    log.transition("R1", RunState.SUBMITTED, "retry", error=None)  # resumed: not finished
    assert (log.get("R1").finished_at, log.get("R1").error) == (None, None)
    log.transition("R1", RunState.SUCCEEDED, "ok")
    done = log.get("R1").finished_at
    assert done is not None
    log.transition("R1", RunState.UNDONE, "undone")  # final after final: keeps the time
    assert log.get("R1").finished_at == done


def test_unknown_run_id_raises_key_error_and_writes_nothing(log: SqlRunLog) -> None:
    with pytest.raises(KeyError):
        log.transition("nope", RunState.FAILED, "x")
    with pytest.raises(KeyError):
        log.update("nope", rows=1)
    with pytest.raises(KeyError):
        log.update("nope")
    assert log.events("nope") == []


def test_update_sets_fields_but_not_state_or_unknown_names(log: SqlRunLog) -> None:
    log.create(make_run("R1"))
    log.update("R1", replay_of="R0", cost=1.5, problems=[{"code": "x"}])
    run = log.get("R1")
    assert (run.replay_of, run.cost, run.problems) == ("R0", 1.5, [{"code": "x"}])
    with pytest.raises(ValueError, match="transition"):
        log.update("R1", state=RunState.FAILED)
    with pytest.raises(ValueError, match="colour"):
        log.update("R1", colour="red")
    assert len(log.events("R1")) == 1


# ---- queries

@pytest.fixture
def filled(log: SqlRunLog) -> SqlRunLog:
    h = dt.timedelta(hours=1)
    specs = [  # run_id, state, user, database, table, created_at, extra
        ("A1", RunState.SUCCEEDED, "ana", "vendas", "notas", T0, {"source_bytes": 300}),
        ("A2", RunState.FAILED, "ana", "vendas", "notas", T0 + h,
         {"error": "Coluna VALOR_R inválida", "source_bytes": 100}),
        ("B1", RunState.SUCCEEDED, "bia", "vendas", "clientes", T0 + 2 * h,
         {"source_name": "Clientes_100%.xlsx", "source_bytes": 200}),
        ("B2", RunState.RUNNING, "bia", "compras", "notas", T0 + 3 * h, {"source_bytes": 50}),
        ("C1", RunState.CANCELLED, None, "compras", "pedidos", T0 + 4 * h, {}),
    ]
    for run_id, state, user, db, table, at, extra in specs:
        log.create(make_run(run_id, state=state, user=user, database=db, table=table,
                            created_at=at, **extra))
    return log


def ids(runs: list[RunRecord]) -> list[str]:
    return [r.run_id for r in runs]


def test_filters(filled: SqlRunLog) -> None:
    q = filled.query
    assert ids(q()) == ["C1", "B2", "B1", "A2", "A1"]  # newest first by default
    assert ids(q(RunFilter(states=(RunState.SUCCEEDED, RunState.FAILED)))) == [
        "B1", "A2", "A1"]
    assert ids(q(RunFilter(table="vendas.notas"))) == ["A2", "A1"]
    assert ids(q(RunFilter(table="notas"))) == ["B2", "A2", "A1"]
    assert ids(q(RunFilter(table="main.compras.notas"))) == ["B2"]
    assert ids(q(RunFilter(table="Vendas.Notas"))) == ["A2", "A1"]
    assert ids(q(RunFilter(user="bia"))) == ["B2", "B1"]
    assert ids(q(RunFilter(since=T0 + dt.timedelta(hours=1),
                           until=T0 + dt.timedelta(hours=3)))) == ["B1", "A2"]
    brt = dt.timezone(dt.timedelta(hours=-3))  # any time zone: compared in UTC
    assert ids(q(RunFilter(since=dt.datetime(2026, 11, 25, 15, tzinfo=brt)))) == ["C1"]
    assert ids(q(RunFilter(text="valor_r"))) == ["A2"]  # the error, case-insensitive
    assert ids(q(RunFilter(text="COMPRAS"))) == ["C1", "B2"]  # the database
    assert ids(q(RunFilter(text="b1"))) == ["B1"]  # the run id
    assert ids(q(RunFilter(text="100%"))) == ["B1"]  # % is literal, not a wildcard
    assert ids(q(RunFilter(text="pedid"))) == ["C1"]  # the table
    assert ids(q(RunFilter(source_bytes=200))) == ["B1"]  # the same-size file check
    assert ids(q(RunFilter(table="vendas.notas", source_bytes=200))) == []
    assert ids(q(RunFilter(states=(RunState.SUCCEEDED,), user="ana", table="notas",
                           text="a1"))) == ["A1"]


def test_ordering_paging_and_count(filled: SqlRunLog) -> None:
    q = filled.query
    assert ids(q(order_by="source_bytes", descending=False)) == ["B2", "A2", "C1", "B1", "A1"]
    assert ids(q(order_by="source_bytes", descending=False, limit=2, offset=1)) == [
        "A2", "C1"]
    assert ids(q(order_by="created_at", descending=False, limit=2)) == ["A1", "A2"]
    assert ids(q(limit=2, offset=4)) == ["A1"]
    assert q(limit=2, offset=5) == []
    with pytest.raises(ValueError, match="colour"):
        q(order_by="colour")
    with pytest.raises(ValueError):
        q(order_by="keys")  # JSON text: not a sort key
    assert filled.count() == 5
    assert filled.count(RunFilter(table="notas")) == 3
    assert filled.count(RunFilter(states=(RunState.UNDONE,))) == 0


def test_find_by_sha256_newest_first(log: SqlRunLog) -> None:
    for i, (db, table) in enumerate([("vendas", "notas"), ("vendas", "notas"),
                                     ("vendas", "outra"), ("vendas", "notas")]):
        log.create(make_run(f"R{i}", sha256="f" * 64 if i != 3 else "e" * 64, database=db,
                            table=table, created_at=T0 + dt.timedelta(minutes=i)))
    assert ids(log.find_by_sha256("f" * 64, "vendas", "notas")) == ["R1", "R0"]
    assert log.find_by_sha256("0" * 64, "vendas", "notas") == []


def test_unfinished(filled: SqlRunLog) -> None:
    filled.create(make_run("D1", state=RunState.UPLOADING, created_at=T0 - dt.timedelta(1)))
    assert ids(filled.unfinished()) == ["D1", "B2"]
    filled.transition("B2", RunState.FAILED, "interrupted")
    assert ids(filled.unfinished()) == ["D1"]


# ---- costs and totals

def test_daily_costs_upsert_and_sum(log: SqlRunLog) -> None:
    d1, d2, d3 = (dt.date(2026, 11, day) for day in (1, 2, 3))
    log.add_daily_cost(d1, 1.0, "databricks")
    log.add_daily_cost(d1, 2.5, "databricks")  # replaces, does not add
    log.add_daily_cost(d1, 0.25, "storage")
    log.add_daily_cost(d2, 4.0, "databricks")
    log.add_daily_cost(d3, 8.0, "databricks")
    assert log.daily_costs(d1, d2) == [(d1, 2.75), (d2, 4.0)]  # both ends included
    assert log.daily_costs(d3, d3) == [(d3, 8.0)]
    assert log.daily_costs(dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == []


def test_totals(log: SqlRunLog) -> None:
    day1, day2 = T0, T0 + dt.timedelta(days=1)
    runs = [  # id, state, user, table, at, rows, bytes_staged, source_bytes, cost
        ("R1", RunState.SUCCEEDED, "ana", "notas", day1, 10, 1000, 5000, 0.5),
        ("R2", RunState.FAILED, "ana", "notas", day1, None, None, 300, None),
        ("R3", RunState.UNDONE, "bia", "clientes", day1, 5, 200, 700, 0.25),
        ("R4", RunState.SUCCEEDED, "bia", "notas", day2, 7, 100, 900, 1.0),
        ("R5", RunState.CANCELLED, "bia", "clientes", day2, None, None, 10, None),
        ("R6", RunState.RUNNING, "carla", "notas", day2, None, None, 20, None),
    ]
    for run_id, state, user, table, at, rows, staged, size, cost in runs:
        log.create(make_run(run_id, state=state, user=user, table=table, created_at=at,
                            rows=rows, bytes_staged=staged, source_bytes=size, cost=cost))

    def row(key, runs, ok, failed, cancelled, undone, rows, staged, size, cost):
        return {"key": key, "runs": runs, "succeeded": ok, "failed": failed,
                "cancelled": cancelled, "undone": undone, "rows": rows, "bytes": staged,
                "source_bytes": size, "cost": pytest.approx(cost)}

    assert log.totals(None, None) == [row(None, 6, 2, 1, 1, 1, 22, 1300, 6930, 1.75)]
    assert log.totals(day1, day2) == [row(None, 3, 1, 1, 0, 1, 15, 1200, 6000, 0.75)]
    assert log.totals(day2 + dt.timedelta(days=5), None) == [row(None, 0, 0, 0, 0, 0, 0, 0,
                                                                   0, 0.0)]
    assert log.totals(None, None, "day") == [
        row(day1.date(), 3, 1, 1, 0, 1, 15, 1200, 6000, 0.75),
        row(day2.date(), 3, 1, 0, 1, 0, 7, 100, 930, 1.0)]
    assert log.totals(None, None, "table") == [
        row("vendas.clientes", 2, 0, 0, 1, 1, 5, 200, 710, 0.25),
        row("vendas.notas", 4, 2, 1, 0, 0, 17, 1100, 6220, 1.5)]
    assert log.totals(day2, None, "user") == [
        row("bia", 2, 1, 0, 1, 0, 7, 100, 910, 1.0),
        row("carla", 1, 0, 0, 0, 0, 0, 0, 20, 0.0)]
    assert log.totals(day2 + dt.timedelta(days=5), None, "day") == []
    with pytest.raises(ValueError, match="colour"):
        log.totals(None, None, "colour")


# ---- the file: migrations, WAL, several processes

def test_migration_is_idempotent_and_at_head(db_path: Path, monkeypatch) -> None:
    SqlRunLog(url_of(db_path)).close()
    engine = sa.create_engine(url_of(db_path))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).all() == [
            (runlog_db.head_revision(),)]
        assert runlog_db.head_revision() == "0002"
        # the revisions build exactly what the adapter's metadata describes
        assert compare_metadata(MigrationContext.configure(conn), sql_runlog.metadata) == []
    engine.dispose()

    def no_upgrade(*args, **kwargs):
        raise AssertionError("an up-to-date log must not be migrated again")

    monkeypatch.setattr(command, "upgrade", no_upgrade)
    with SqlRunLog(url_of(db_path)) as again:
        again.create(make_run("R1"))
        assert again.count() == 1


def test_wal_and_busy_timeout_on_every_connection(log: SqlRunLog) -> None:
    with log.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_two_logs_on_one_file_see_each_others_writes(db_path: Path) -> None:
    with SqlRunLog(url_of(db_path)) as app, SqlRunLog(url_of(db_path)) as cli:
        app.create(make_run("R1"))
        assert cli.get("R1") is not None
        cli.transition("R1", RunState.FAILED, "from the CLI")
        assert app.get("R1").state is RunState.FAILED
        assert [e.message for e in app.events("R1")][-1] == "from the CLI"
        cli.add_daily_cost(dt.date(2026, 1, 1), 3.0, "model")
        assert app.daily_costs(dt.date(2026, 1, 1), dt.date(2026, 1, 1)) == [
            (dt.date(2026, 1, 1), 3.0)]


def _write_runs(url: str, count: int, started, done) -> None:
    """A second process: records runs as fast as it can (spawned: module level)."""
    try:
        with SqlRunLog(url) as log:
            started.set()
            for i in range(count):
                log.create(make_run(f"CHILD{i:04d}"))
                log.transition(f"CHILD{i:04d}", RunState.RUNNING, "running", stage="run")
                log.transition(f"CHILD{i:04d}", RunState.SUCCEEDED, "ok", rows=i)
    finally:
        started.set()
        done.set()


def test_a_writer_in_another_process_does_not_lock_us_out(db_path: Path) -> None:
    url = url_of(db_path)
    count = 150
    ctx = multiprocessing.get_context("spawn")
    started, done = ctx.Event(), ctx.Event()
    with SqlRunLog(url) as log:
        child = ctx.Process(target=_write_runs, args=(url, count, started, done))
        child.start()
        try:
            assert started.wait(120)
            reads = writes = 0
            while not done.is_set() or reads < 20:
                log.count(RunFilter(states=(RunState.SUCCEEDED,)))
                log.query(RunFilter(text="child"), limit=20)
                log.totals(None, None, "user")
                reads += 1
                log.create(make_run(f"PARENT{writes:05d}"))  # and write at the same time
                log.transition(f"PARENT{writes:05d}", RunState.FAILED, "x")
                writes += 1
        finally:
            child.join(120)
        assert child.exitcode == 0
        assert log.count(RunFilter(text="child")) == count
        assert log.count(RunFilter(states=(RunState.SUCCEEDED,))) == count
        assert log.count(RunFilter(text="parent")) == writes
        assert len(log.events("CHILD0149")) == 3


@pytest.mark.slow
def test_100k_runs_a_filtered_page(log: SqlRunLog) -> None:
    states = [RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED, RunState.SUCCEEDED]
    rows = [sql_runlog.run_to_row(make_run(
        f"R{i:06d}", state=states[i % 4], user=f"user{i % 7}", table=f"t{i % 10}",
        source_bytes=i, created_at=T0 + dt.timedelta(seconds=i))) for i in range(100_000)]
    with log.engine.begin() as conn:
        conn.execute(sql_runlog.runs.insert(), rows)

    flt = RunFilter(states=(RunState.SUCCEEDED,), table="vendas.t3", user="user2")
    expected = [f"R{i:06d}" for i in range(99_999, -1, -1)
                if i % 4 in (0, 3) and i % 10 == 3 and i % 7 == 2]
    assert log.count(flt) == len(expected)
    assert ids(log.query(flt, limit=100)) == expected[:100]
    assert ids(log.query(flt, limit=100, offset=100)) == expected[100:200]
    assert log.count() == 100_000
    since = T0 + dt.timedelta(seconds=50_000)
    assert log.totals(since, None)[0]["runs"] == 50_000
    assert sum(r["runs"] for r in log.totals(None, None, "table")) == 100_000


# ---- SQL Server, compiled without a server

MSSQL = mssql.dialect(deprecate_large_types=True)


@pytest.mark.parametrize("dialect", [MSSQL, mssql.dialect()], ids=["large_types", "default"])
def test_mssql_ddl(dialect) -> None:
    ddl = str(CreateTable(sql_runlog.runs).compile(dialect=dialect))
    for column in ("keys", "timings", "problems"):
        assert f"\t{column} NVARCHAR(max) NOT NULL" in ddl
    assert "\terror NVARCHAR(max) NULL" in ddl and "NTEXT" not in ddl
    assert "created_at DATETIME2 NOT NULL" in ddl
    assert "[user] NVARCHAR(256)" in ddl and "[table] NVARCHAR(128)" in ddl
    for table in sql_runlog.metadata.sorted_tables:
        CreateTable(table).compile(dialect=dialect)
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=dialect))
    events = str(CreateTable(sql_runlog.run_events).compile(dialect=dialect))
    assert "IDENTITY" in events and "REFERENCES runs (run_id)" in events


def test_migrations_render_a_sql_server_script_offline() -> None:
    """What a DBA would run on Azure SQL (`alembic upgrade head --sql`)."""
    cfg = runlog_db.alembic_config()
    cfg.output_buffer = io.StringIO()
    cfg.set_main_option("sqlalchemy.url", "mssql+pyodbc://")
    command.upgrade(cfg, "head", sql=True)
    script = cfg.output_buffer.getvalue()
    assert "NTEXT" not in script
    assert "keys NVARCHAR(max) NOT NULL" in script
    assert "created_at DATETIME2 NOT NULL" in script
    assert "CREATE INDEX ix_runs_database_table ON runs ([database], [table])" in script
    assert "VALUES ('0001')" in script and "daily_costs" in script


def test_mssql_queries_compile() -> None:
    flt = RunFilter(states=(RunState.FAILED,), table="vendas.notas", user="ana",
                    since=T0, until=T0 + dt.timedelta(days=1), text="x%")
    page = str(sql_runlog.select_runs(flt, limit=100, offset=200, order_by="cost")
               .compile(dialect=MSSQL))
    assert "lower(runs.error) LIKE" in page and "[database]" in page
    str(sql_runlog.count_runs(flt).compile(dialect=MSSQL))
    for group_by in sql_runlog.GROUP_BYS:
        sql = str(sql_runlog.totals_statement(T0, None, group_by).compile(dialect=MSSQL))
        assert "sum(CASE WHEN" in sql and "count(*) AS runs" in sql
    by_day = str(sql_runlog.totals_statement(None, None, "day").compile(dialect=MSSQL))
    assert "GROUP BY CAST(runs.created_at AS DATE)" in by_day
    sqlite_day = str(sql_runlog.totals_statement(None, None, "day")
                     .compile(dialect=sqlite.dialect()))
    assert "GROUP BY date(runs.created_at)" in sqlite_day
    costs = sql_runlog.daily_costs_statement(T0.date(), T0.date())
    assert "GROUP BY daily_costs.day" in str(costs.compile(dialect=MSSQL))


def test_head_revision_constant_matches_the_migration_files():

    assert runlog_db.head_revision() == runlog_db.HEAD_REVISION
