"""The run log on Azure SQL without a server: every DDL statement and every statement the
run log issues, compiled by SQLAlchemy's real mssql dialect (as Azure SQL initialises it);
the same code paths run on a real SQLite file; the token and connection-string plumbing."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError
from sqlalchemy.dialects import mssql, sqlite
from sqlalchemy.dialects.mssql.pyodbc import MSDialect_pyodbc

from dino_desktop import config
from dino_desktop.adapters import azure_sql, runlog_db, sql_runlog
from dino_desktop.adapters.azure_sql import (
    SQL_COPT_SS_ACCESS_TOKEN,
    check_sql,
    make_azure_sql_engine,
    mask_odbc,
    odbc_connection_string,
    sql_problem,
    token_struct,
)
from dino_desktop.adapters.sql_runlog import SqlRunLog
from dino_desktop.config import AzureSettings, Settings
from dino_desktop.core.messages import render
from dino_desktop.core.models import DinoError
from dino_desktop.core.runs import RunFilter, RunRecord, RunState

T0 = dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)
AZURE = runlog_db.sql_server_dialect()  # as a connection to Azure SQL leaves it
PYODBC = runlog_db.as_sql_server(MSDialect_pyodbc(paramstyle="qmark",
                                                  deprecate_large_types=True))
AZURE_SETTINGS = AzureSettings(sql_server="dino-sql.database.windows.net",
                               sql_database="runlog")


def sql(stmt, dialect=AZURE) -> str:
    return str(stmt.compile(dialect=dialect))


def make_run(run_id: str, **kw) -> RunRecord:
    base = dict(run_id=run_id, state=RunState.CREATED, user="ana@contoso.com", machine="pc1",
                source_name=f"{run_id}.csv", source_path=None, source_bytes=100, sha256=None,
                source_format="csv", catalog="main", database="vendas", table="notas",
                mode="append", created_at=T0)
    base.update(kw)
    return RunRecord(**base)


# ---- DDL

def test_every_table_and_index_compiles_for_azure_sql() -> None:
    ddl: list[str] = []
    engine = sa.create_mock_engine("mssql+pyodbc://", lambda stmt, *a, **k: ddl.append(
        str(stmt.compile(dialect=engine.dialect)).strip()), deprecate_large_types=True)
    runlog_db.as_sql_server(engine.dialect)
    sql_runlog.metadata.create_all(engine, checkfirst=False)
    tables = {re.match(r"CREATE TABLE (\w+)", s).group(1): s for s in ddl
              if s.startswith("CREATE TABLE")}
    indexes = sorted(s for s in ddl if s.startswith("CREATE INDEX"))
    assert set(tables) == {"runs", "run_events", "daily_costs"}
    assert indexes == [
        "CREATE INDEX ix_run_events_run_id ON run_events (run_id)",
        "CREATE INDEX ix_runs_created_at ON runs (created_at)",
        "CREATE INDEX ix_runs_database_table ON runs ([database], [table])",
        "CREATE INDEX ix_runs_sha256 ON runs (sha256)",
        "CREATE INDEX ix_runs_state ON runs (state)",
        "CREATE INDEX ix_runs_user ON runs ([user])"]
    runs, events, costs = tables["runs"], tables["run_events"], tables["daily_costs"]
    for column in ("keys", "timings", "problems"):  # JSON as NVARCHAR(max)
        assert f"\t{column} NVARCHAR(max) NOT NULL" in runs
    for column in ("source_path", "error", "landing_uri", "table_uri", "engine_run_url"):
        assert f"\t{column} NVARCHAR(max) NULL" in runs
    assert "\tmessage NVARCHAR(max) NOT NULL" in events
    for fragment in ("[user] NVARCHAR(256) NULL", "[table] NVARCHAR(128) NOT NULL",
                     "[database] NVARCHAR(128) NOT NULL", "run_id NVARCHAR(64) NOT NULL",
                     "source_name NVARCHAR(512) NOT NULL", "source_bytes BIGINT NOT NULL",
                     "rows BIGINT NULL", "cost FLOAT NULL", "created_at DATETIME2 NOT NULL",
                     "finished_at DATETIME2 NULL", "PRIMARY KEY (run_id)"):
        assert fragment in runs
    assert "id INTEGER NOT NULL IDENTITY" in events and "at DATETIME2 NOT NULL" in events
    assert "REFERENCES runs (run_id) ON DELETE CASCADE" in events
    assert "day DATE NOT NULL" in costs and "updated_at DATETIME2 NULL" in costs
    assert "CONSTRAINT uq_daily_costs_day_source UNIQUE (day, source)" in costs
    everything = "\n".join(ddl)
    assert not re.search(r"\b(NTEXT|TEXT|DATETIME|VARCHAR\(max\))\b", everything)


def test_migrations_render_the_same_schema_for_a_dba_offline() -> None:
    cfg = runlog_db.alembic_config()
    cfg.output_buffer = io.StringIO()
    cfg.set_main_option("sqlalchemy.url", "mssql+pyodbc://")
    command.upgrade(cfg, "head", sql=True)
    script = cfg.output_buffer.getvalue()
    for name in ("runs", "run_events", "daily_costs"):
        assert f"CREATE TABLE {name} (" in script
    assert re.findall(r"CREATE INDEX (\w+) ON", script) == [
        "ix_runs_created_at", "ix_runs_state", "ix_runs_database_table", "ix_runs_user",
        "ix_runs_sha256", "ix_run_events_run_id"]
    assert "CREATE INDEX ix_runs_user ON runs ([user])" in script
    assert "[table] NVARCHAR(128) NOT NULL" in script and "keys NVARCHAR(max) NOT NULL" in script
    assert "day DATE NOT NULL" in script  # not DATETIME, as a pre-2008 server would get
    assert "ALTER TABLE daily_costs ADD updated_at DATETIME2 NULL" in script
    assert "VALUES ('0001')" in script and "SET version_num='0002'" in script
    assert not re.search(r"\b(NTEXT|DATETIME)\b", script)

    cfg.output_buffer = io.StringIO()  # an existing 0001 log: only the new column
    command.upgrade(cfg, "0001:head", sql=True)
    step = cfg.output_buffer.getvalue()
    assert "CREATE TABLE runs" not in step and "ADD updated_at DATETIME2" in step


def test_the_migration_lock_compiles_for_pyodbc() -> None:
    text = str(runlog_db.MIGRATION_LOCK.compile(dialect=PYODBC))
    assert "EXEC @rc = sp_getapplock @Resource = ?" in text and "@LockTimeout = ?" in text


# ---- every statement the run log issues: captured on SQLite, compiled for Azure SQL

@pytest.fixture
def log(tmp_path: Path):
    with SqlRunLog(f"sqlite:///{(tmp_path / 'runs.sqlite').as_posix()}",
                   clock=lambda: T0 + dt.timedelta(hours=1)) as runlog:
        yield runlog


def capture(log: SqlRunLog) -> list:
    issued: list = []

    @sa.event.listens_for(log.engine, "before_execute")
    def keep(conn, clause, multiparams, params, options):
        issued.append(clause)

    return issued


def test_every_statement_of_the_run_log_compiles_for_azure_sql(log: SqlRunLog) -> None:
    issued = capture(log)
    # the same code paths on SQLite, with their results checked
    log.create(make_run("A1", source_name="vendas a[1]_100%.csv", user="ana"))
    log.create(make_run("B1", source_name="vendas a1.csv", user="bia",
                        created_at=T0 + dt.timedelta(days=1)))
    log.transition("A1", RunState.RUNNING, "writing", stage="run", bytes_staged=10)
    log.transition("A1", RunState.SUCCEEDED, "done", rows=5, cost=0.5)
    log.update("B1", replay_of="A1")
    log.update("B1")
    assert log.get("A1").state is RunState.SUCCEEDED and log.get("nope") is None
    assert [e.state for e in log.events("A1")][-1] is RunState.SUCCEEDED
    assert [r.run_id for r in log.query(RunFilter(text="a[1]"))] == ["A1"]  # [ is literal
    assert [r.run_id for r in log.query(RunFilter(text="_100%"))] == ["A1"]
    assert [r.run_id for r in log.query(RunFilter(text="a1"))] == ["B1", "A1"]
    flt = RunFilter(states=(RunState.SUCCEEDED, RunState.CREATED), table="main.vendas.notas",
                    user="ana", since=T0 - dt.timedelta(days=1), until=T0 + dt.timedelta(2),
                    source_bytes=100, text="vendas")
    assert [r.run_id for r in log.query(flt, limit=10, offset=0)] == ["A1"]
    for column in sorted(sql_runlog.ORDERABLE):
        for descending in (True, False):
            log.query(order_by=column, descending=descending, limit=1, offset=1)
    assert log.count() == 2 and log.count(flt) == 1
    assert [r.run_id for r in log.find_by_sha256("f" * 64, "vendas", "notas")] == []
    assert [r.run_id for r in log.unfinished()] == ["B1"]
    for group_by in sql_runlog.GROUP_BYS:
        assert log.totals(T0 - dt.timedelta(days=1), None, group_by)
    log.add_daily_cost(T0.date(), 1.0, "azure")
    log.add_daily_cost(T0.date(), 2.0, "azure")  # the upsert's update branch
    assert log.daily_costs(T0.date(), T0.date()) == [(T0.date(), 2.0)]
    assert log.last_cost_update("azure") == T0 + dt.timedelta(hours=1)
    assert log.last_cost_update("nobody") is None

    compiled = [sql(stmt) for stmt in issued]
    assert len(compiled) > 40
    text = "\n".join(compiled)
    assert "LIMIT" not in text and "ROW_NUMBER" not in text
    pages = [s for s in compiled if "OFFSET" in s]
    assert pages and all(re.search(r"ORDER BY .+\s+OFFSET \S+ ROWS\s+FETCH (FIRST|NEXT) \S+ "
                                   r"ROWS ONLY$", s, re.DOTALL) for s in pages)
    assert "INSERT INTO runs (run_id, state, [user]," in text
    assert "runs.[table] = " in text and "runs.[database] = " in text
    assert "lower(runs.error) LIKE '%' + lower(:error_1) + '%' ESCAPE '/'" in text
    assert "GROUP BY CAST(runs.created_at AS DATE) ORDER BY day" in text
    assert "GROUP BY runs.[database], runs.[table]" in text and "GROUP BY runs.[user]" in text
    assert "coalesce(runs.finished_at, " in text
    merges = [s for s in compiled if s.startswith("MERGE")]
    assert len(merges) == 2 and merges[0].endswith(";")
    assert merges[0].startswith("MERGE INTO daily_costs WITH (HOLDLOCK) AS t USING (SELECT "
                                "CAST(:day AS DATE) AS day, CAST(:source AS NVARCHAR(64)) AS "
                                "source, CAST(:amount AS FLOAT) AS amount, CAST(:updated_at AS "
                                "DATETIME2) AS updated_at) AS s ON t.day = s.day AND t.source "
                                "= s.source WHEN MATCHED THEN UPDATE SET")
    assert "WHEN NOT MATCHED THEN INSERT (day, source, amount, updated_at)" in merges[0]
    # and for the driver itself: positional parameters, nothing left unbound
    for stmt in issued:
        assert not re.search(r":[a-z_]", sql(stmt, PYODBC))  # all bound positionally


def test_like_patterns_escape_what_sql_server_reads_as_wildcards() -> None:
    assert sql_runlog.like_pattern("a[1]_50%/x") == "a/[1]/_50/%//x"
    stmt = sql_runlog.select_runs(RunFilter(text="a[1]"))
    assert stmt.compile(dialect=AZURE).params["source_name_1"] == "a/[1]"


def test_pages_on_an_unconnected_dialect_still_compile() -> None:
    """Before the first connection the dialect does not know the server: ROW_NUMBER()."""
    page = sql(sql_runlog.select_runs(limit=10, offset=20), mssql.dialect())
    assert "ROW_NUMBER() OVER (ORDER BY runs.created_at DESC, runs.run_id DESC)" in page


def test_the_upsert_on_sqlite_is_on_conflict() -> None:
    stmt = sql_runlog.UpsertDailyCost(T0.date(), "azure", 1.0, T0)
    assert sql(stmt, sqlite.dialect()) == (
        "INSERT INTO daily_costs (day, source, amount, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (day, source) DO UPDATE SET amount = excluded.amount, "
        "updated_at = excluded.updated_at")
    assert sql(stmt, PYODBC).count("?") == 4


def test_a_0001_log_is_upgraded_in_place(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'old.sqlite').as_posix()}"
    engine = runlog_db.make_engine(url)
    with engine.begin() as conn:
        command.upgrade(runlog_db.alembic_config(conn), "0001")
        conn.execute(sa.text("INSERT INTO daily_costs (day, source, amount) "
                             "VALUES ('2026-11-01', 'azure', 3.0)"))
    engine.dispose()
    with SqlRunLog(url) as log:
        assert log.daily_costs(dt.date(2026, 11, 1), dt.date(2026, 11, 1)) == [
            (dt.date(2026, 11, 1), 3.0)]
        assert log.last_cost_update("azure") is None  # written before 0002: never synced
        assert check_sql(log.engine, AZURE_SETTINGS) is None  # reachable and at head


def test_check_sql_says_when_the_schema_is_missing(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{(tmp_path / 'empty.sqlite').as_posix()}")
    problem = check_sql(engine, AZURE_SETTINGS)
    assert (problem.code, problem.params["found"], problem.fix) == ("sql_not_migrated", "-",
                                                                   "sql_migrate")
    assert "0002" in render(problem, "pt_BR")


# ---- the token and the connection string

def test_importing_the_adapters_does_not_load_pyodbc() -> None:
    code = ("import sys; import dino_desktop.adapters.azure_sql, dino_desktop.adapters.sql_runlog;"
            " assert 'pyodbc' not in sys.modules, 'pyodbc imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


def test_token_struct_is_a_length_prefixed_utf16le_token() -> None:
    assert token_struct("abc") == b"\x06\x00\x00\x00a\x00b\x00c\x00"
    long = "eyJ0eXAiOiJKV1Qi." + "x" * 1983
    packed = token_struct(long)
    assert packed[:4] == struct.pack("<I", 4000) == b"\xa0\x0f\x00\x00"
    assert packed[4:] == long.encode("utf-16-le") and len(packed) == 4004
    assert packed[4:].decode("utf-16-le") == long


def test_connection_string_has_no_password_and_is_encrypted() -> None:
    s = odbc_connection_string(AZURE_SETTINGS)
    assert s == ("Driver={ODBC Driver 18 for SQL Server};"
                 "Server=tcp:dino-sql.database.windows.net,1433;Database=runlog;Encrypt=yes;"
                 "TrustServerCertificate=no;Connection Timeout=30;ConnectRetryCount=3;"
                 "ConnectRetryInterval=10;APP=DINO")
    assert not re.search(r"(?i)\b(uid|pwd|password|trusted_connection)=", s)
    odd = AzureSettings(sql_server="tcp:host,14330", sql_database="run;log",
                        sql_driver="ODBC Driver 17 for SQL Server")
    assert odbc_connection_string(odd, login_timeout=5) == (
        "Driver={ODBC Driver 17 for SQL Server};Server=tcp:host,14330;Database={run;log};"
        "Encrypt=yes;TrustServerCertificate=no;Connection Timeout=5;ConnectRetryCount=3;"
        "ConnectRetryInterval=10;APP=DINO")
    with pytest.raises(ValueError):
        odbc_connection_string(AzureSettings(sql_server="x"))


def test_secrets_in_a_connection_string_are_masked() -> None:
    given = ("Driver={ODBC Driver 18 for SQL Server};Server=tcp:h,1433;Database=d;UID=dino;"
             "PWD={se;cr}}et};Encrypt=yes")
    assert mask_odbc(given) == ("Driver={ODBC Driver 18 for SQL Server};Server=tcp:h,1433;"
                                "Database=d;UID=dino;PWD=****;Encrypt=yes")
    assert mask_odbc("Server=h;Password=x;AccessToken=y") == (
        "Server=h;Password=****;AccessToken=****")
    settings = Settings(azure=AzureSettings(sql_connection_string=given))
    assert config.masked(settings)["azure"]["sql_connection_string"] == "****"
    assert "se;cr" not in azure_sql.sql_target(settings.azure)


class Credential:
    def __init__(self, fail: bool = False) -> None:
        self.fail, self.scopes = fail, []

    def get_token(self, *scopes: str, **kwargs) -> AccessToken:
        self.scopes.extend(scopes)
        if self.fail:
            raise ClientAuthenticationError("AADSTS50076: MFA required")
        return AccessToken("eyJhbGciOi.token", int(time.time()) + 3600)


def connect_attempt(engine: sa.Engine) -> tuple[dict, Exception]:
    """Connect for real (pyodbc, no server): what reached pyodbc, and how it failed."""
    seen: dict = {}

    @sa.event.listens_for(engine, "do_connect")  # after DINO's own hook
    def record(dialect, conn_rec, cargs, cparams):
        seen.update(cargs=list(cargs), cparams=dict(cparams))

    with pytest.raises(Exception) as err:
        engine.connect()
    return seen, err.value


def test_each_connection_gets_a_token_through_do_connect() -> None:
    pytest.importorskip("pyodbc")  # needs unixODBC's libodbc.so.2
    settings = AzureSettings(sql_server="127.0.0.1,9", sql_database="runlog")
    cred = Credential()
    engine = make_azure_sql_engine(settings, cred, login_timeout=2)
    seen, exc = connect_attempt(engine)
    assert seen["cargs"] == [odbc_connection_string(settings, login_timeout=2)]
    assert seen["cparams"]["attrs_before"] == {
        SQL_COPT_SS_ACCESS_TOKEN: token_struct("eyJhbGciOi.token")}
    assert cred.scopes == ["https://database.windows.net/.default"]
    assert engine.dialect.name == "mssql" and engine.dialect.deprecate_large_types is True
    problem = sql_problem(exc, settings)  # no driver here; no server either way
    assert problem.code in ("sql_driver_missing", "sql_unreachable")
    assert check_sql(engine, settings).code == problem.code
    engine.dispose()
    assert azure_sql.check_azure_sql(settings, cred, login_timeout=2).code == problem.code
    assert azure_sql.check_azure_sql(AzureSettings(), cred).code == "sql_not_configured"


def test_a_given_connection_string_is_used_as_is_and_never_shown() -> None:
    pytest.importorskip("pyodbc")
    given = ("Driver={ODBC Driver 18 for SQL Server};Server=tcp:127.0.0.1,9;Database=d;"
             "UID=dino;PWD={se;cr}}et};Encrypt=yes;Connection Timeout=2")
    cred = Credential()
    engine = make_azure_sql_engine(AzureSettings(sql_connection_string=given), cred)
    assert "se;cr" not in repr(engine.url) and "se;cr" not in str(engine.url)
    assert "PWD=****" in engine.url.query["odbc_connect"]
    seen, exc = connect_attempt(engine)
    assert seen["cargs"] == [given] and "attrs_before" not in seen["cparams"]
    assert cred.scopes == []  # it carries its own login
    assert "se;cr" not in render(sql_problem(exc, AzureSettings()), "en")
    engine.dispose()


def test_errors_a_person_can_act_on() -> None:
    s = AZURE_SETTINGS
    login = sa.exc.DBAPIError("connect", None, Exception(
        "('28000', \"[28000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Login "
        "failed for user '<token-identified principal>'. (18456)\")"))
    assert sql_problem(login, s).code == "sql_login_failed"
    timeout = sa.exc.DBAPIError("connect", None, Exception(
        "('HYT00', '[HYT00] [Microsoft][ODBC Driver 18 for SQL Server]Login timeout expired')"))
    assert sql_problem(timeout, s).code == "sql_unreachable"
    driver = sa.exc.DBAPIError("connect", None, Exception(
        "('IM002', '[IM002] [Microsoft][ODBC Driver Manager] Data source name not found and "
        "no default driver specified')"))
    assert sql_problem(driver, s).fix == "install_odbc_driver"
    signin = sql_problem(ClientAuthenticationError("AADSTS50076: MFA required"), s)
    assert (signin.code, signin.fix) == ("sql_login_failed", "sql_grant_user")
    text = render(signin, "pt_BR")
    assert "runlog" in text and "CREATE USER" in text


def test_engines_that_cannot_work_are_refused_up_front() -> None:
    with pytest.raises(DinoError) as err:
        make_azure_sql_engine(AzureSettings(), Credential())
    assert (err.value.problem.code, err.value.problem.fix) == ("sql_not_configured",
                                                              "set_sql_server")
    with pytest.raises(DinoError):  # no password and no credential: no way to sign in
        make_azure_sql_engine(AZURE_SETTINGS, None)
