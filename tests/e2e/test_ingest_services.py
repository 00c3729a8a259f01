"""The whole run through the services, against real Delta tables and a real SQLite log."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from deltalake import DeltaTable

from dino_desktop.bootstrap import App, build
from dino_desktop.config import load
from dino_desktop.core.models import BadRowPolicy, Progress, WriteMode
from dino_desktop.core.runs import RunFilter, RunState
from dino_desktop.services.history import HistoryError
from dino_desktop.services.ingestion import IngestError, IngestRequest, NeedsConfirmation
from tests.e2e.conftest import write_sales

ROWS = [("00012", "Ana Ltda", "1.234,56"), ("00013", "Bruno ME", "99,90")]


def table(app: App, db: str = "vendas", name: str = "notas") -> DeltaTable:
    return DeltaTable(str(app.settings.lakehouse / db / name))


def rows_of(app: App, db: str = "vendas", name: str = "notas") -> list[dict]:
    data = table(app, db, name).to_pyarrow_table().to_pylist()
    return sorted(data, key=lambda r: r["codigo"])


def ingest(app: App, path: Path, **kw) -> object:
    req = IngestRequest(path, kw.pop("database", "vendas"), kw.pop("table", "notas"), **kw)
    return app.ingestion.ingest(req, confirm=kw.get("confirm", frozenset()))


def test_append_lands_typed_rows_with_audit_columns_and_logs_the_run(app: App, tmp_path: Path):
    src = write_sales(tmp_path / "vendas.csv", ROWS)
    events: list[Progress] = []
    run = app.ingestion.ingest(IngestRequest(src, "vendas", "notas"), progress=events.append)
    assert run.state is RunState.SUCCEEDED and run.rows == 2
    data = rows_of(app)
    assert [(r["codigo"], r["valor_r"]) for r in data] == [("00012", Decimal("1234.56")),
                                                          ("00013", Decimal("99.90"))]
    assert {r["_dino_run_id"] for r in data} == {run.run_id}
    assert {r["_dino_source_file"] for r in data} == {"vendas.csv"}
    assert data[0]["data"] == dt.date(2026, 11, 25)
    logged = app.runlog.get(run.run_id)
    assert logged is not None and logged.user == "ana@contoso.com"
    assert logged.version_before is None and logged.version_after == 0
    assert logged.sha256 and logged.source_bytes == src.stat().st_size
    assert set(logged.timings) >= {"inspect", "convert", "stage", "run"}
    assert logged.cost and logged.cost > 0
    states = [e.state for e in app.runlog.events(run.run_id)]
    assert states == [RunState.CREATED, RunState.CONVERTING, RunState.UPLOADING,
                      RunState.SUBMITTED, RunState.RUNNING, RunState.SUCCEEDED]
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {e.stage for e in events} >= {"convert", "run"}
    # Landing files are removed after success (retention 0 by default).
    assert not (app.settings.landing / run.run_id).exists()


def test_overwrite_needs_confirmation_and_merge_upserts(app: App, tmp_path: Path):
    first = ingest(app, write_sales(tmp_path / "a.csv", ROWS))
    assert first.state is RunState.SUCCEEDED
    newer = write_sales(tmp_path / "b.csv", [("00013", "Bruno ME", "100,00"),
                                             ("00014", "Carla SA", "5,00")])
    with pytest.raises(NeedsConfirmation) as need:
        ingest(app, newer, mode=WriteMode.OVERWRITE)
    assert need.value.missing == ["overwrite"]
    assert table(app).version() == 0  # nothing happened
    merged = app.ingestion.ingest(IngestRequest(newer, "vendas", "notas", mode=WriteMode.MERGE,
                                                keys=["codigo"]))
    assert merged.state is RunState.SUCCEEDED
    assert [(r["codigo"], r["valor_r"]) for r in rows_of(app)] == [
        ("00012", Decimal("1234.56")), ("00013", Decimal("100.00")), ("00014", Decimal("5.00"))]
    over = app.ingestion.ingest(IngestRequest(newer, "vendas", "notas",
                                              mode=WriteMode.OVERWRITE),
                                confirm=frozenset({"overwrite", "duplicate"}))
    assert over.state is RunState.SUCCEEDED
    assert [r["codigo"] for r in rows_of(app)] == ["00013", "00014"]


def test_same_file_again_asks_first(app: App, tmp_path: Path):
    src = write_sales(tmp_path / "a.csv", ROWS)
    first = ingest(app, src)
    with pytest.raises(NeedsConfirmation) as need:
        ingest(app, src)
    assert need.value.missing == ["duplicate"]
    assert need.value.plan.confirmations["duplicate"]["run_id"] == first.run_id
    again = app.ingestion.ingest(IngestRequest(src, "vendas", "notas"),
                                 confirm=frozenset({"duplicate"}))
    assert again.state is RunState.SUCCEEDED and len(rows_of(app)) == 4
    # Into another table it is not a duplicate.
    assert ingest(app, src, table="outra").state is RunState.SUCCEEDED


def test_bad_rows_fail_cleanly_or_are_skipped(app: App, tmp_path: Path):
    src = tmp_path / "bad.csv"
    lines = ["codigo;valor"] + [f"{i:05d};{i},5" for i in range(5000)]
    lines[4500] = "04499;abc"
    src.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(IngestError) as err:
        ingest(app, src)
    run = err.value.run
    assert run is not None and run.state is RunState.FAILED
    assert "abc" in (run.error or "") and "Row 4501" in (run.error or "")
    assert not (app.settings.lakehouse / "vendas" / "notas").exists()  # no partial table
    ok = ingest(app, src, policy=BadRowPolicy.SKIP)
    assert ok.state is RunState.SUCCEEDED and ok.rows == 4999 and ok.bad_rows == 1


def test_invalid_names_and_schema_conflicts_are_refused_before_any_work(app: App,
                                                                      tmp_path: Path):
    src = write_sales(tmp_path / "a.csv", ROWS)
    with pytest.raises(IngestError) as err:
        ingest(app, src, database="Vendas")
    assert err.value.run is None and err.value.problems[0].code == "name_invalid"
    assert app.runlog.count() == 0
    ingest(app, src)
    other = tmp_path / "c.csv"
    other.write_text("codigo;valor_r\nABC;texto\n", "utf-8")
    with pytest.raises(IngestError) as conflict:
        ingest(app, other)
    p = conflict.value.problems[0]
    assert p.code == "schema_type_conflict" and p.params["column"] == "valor_r"
    assert table(app).version() == 0


def test_new_columns_are_added_by_default(app: App, tmp_path: Path):
    ingest(app, write_sales(tmp_path / "a.csv", ROWS))
    wider = write_sales(tmp_path / "b.csv", [("00020", "Dora", "1,00")], extra="Região")
    run = ingest(app, wider)
    assert run.state is RunState.SUCCEEDED
    data = rows_of(app)
    assert [r.get("regiao") for r in data] == [None, None, "x"]


def test_undo_restores_the_table_and_refuses_when_later_runs_exist(app: App, tmp_path: Path):
    a = ingest(app, write_sales(tmp_path / "a.csv", ROWS))
    b = ingest(app, write_sales(tmp_path / "b.csv", [("00030", "Eva", "3,00")]))
    with pytest.raises(HistoryError) as refused:
        app.history.undo(a.run_id)
    assert refused.value.problem.code == "undo_refused_later"
    assert b.run_id in refused.value.problem.params["later"]
    undone = app.history.undo(b.run_id)
    assert undone.state is RunState.UNDONE
    assert [r["codigo"] for r in rows_of(app)] == ["00012", "00013"]
    assert app.history.undo(a.run_id).state is RunState.UNDONE
    assert rows_of(app) == []


def test_crash_after_commit_is_never_written_twice(app: App, tmp_path: Path, env):
    src = write_sales(tmp_path / "a.csv", ROWS)
    real = app.runlog.transition

    def crash_on_success(run_id, state, *a, **kw):
        if state is RunState.SUCCEEDED:
            raise SystemExit("power cut")  # the table has the commit; the log does not
        return real(run_id, state, *a, **kw)

    app.runlog.transition = crash_on_success  # type: ignore[method-assign]
    with pytest.raises(SystemExit):
        ingest(app, src)
    app.runlog.transition = real  # type: ignore[method-assign]
    stuck = app.runlog.query(RunFilter(states=(RunState.RUNNING,)))
    assert len(stuck) == 1
    # Retrying the staged run writes nothing again...
    again = app.ingestion.resume(stuck[0])
    assert again.state is RunState.SUCCEEDED and len(rows_of(app)) == 2
    assert table(app).version() == 0


def test_reconcile_after_a_crash(app: App, tmp_path: Path, env):
    src = write_sales(tmp_path / "a.csv", ROWS)
    real = app.runlog.transition

    def crash(run_id, state, *a, **kw):
        if state in (RunState.SUCCEEDED, RunState.UPLOADING):
            raise SystemExit("crash")
        return real(run_id, state, *a, **kw)

    app.runlog.transition = crash  # type: ignore[method-assign]
    with pytest.raises(SystemExit):
        ingest(app, src)  # dies while converting
    app.runlog.transition = real  # type: ignore[method-assign]
    restarted = build(load(env=env))  # a new start reconciles
    runs = restarted.runlog.query()
    assert [r.state for r in runs] == [RunState.FAILED]
    assert runs[0].error_code == "run_interrupted"


def test_cancel_leaves_no_table(app: App, tmp_path: Path):
    src = write_sales(tmp_path / "a.csv", ROWS)
    cancel = threading.Event()

    def on_progress(p: Progress) -> None:
        if p.stage == "convert":
            cancel.set()

    run = app.ingestion.ingest(IngestRequest(src, "vendas", "notas"), progress=on_progress,
                               cancel=cancel)
    assert run.state is RunState.CANCELLED
    assert not (app.settings.lakehouse / "vendas" / "notas").exists()
    assert app.runlog.get(run.run_id).state is RunState.CANCELLED


def test_kpis_and_tables(app: App, tmp_path: Path):
    ingest(app, write_sales(tmp_path / "a.csv", ROWS))
    ingest(app, write_sales(tmp_path / "b.csv", ROWS[:1]), table="outra")
    now = dt.datetime.now(dt.UTC)
    k = app.kpis.compute(now - dt.timedelta(days=7), now)
    assert (k.files, k.rows, k.succeeded, k.failed) == (2, 3, 2, 0)
    assert k.success_rate == 1.0 and k.cost > 0 and k.bytes > 0
    assert len(k.per_day) == 8 and sum(d["runs"] for d in k.per_day) == 2
    assert [t["key"] for t in k.per_table] == ["vendas.notas", "vendas.outra"]
    tables = {f"{t.database}.{t.table}": t for t in app.catalog.tables()}
    assert tables["vendas.notas"].rows == 2 and tables["vendas.outra"].rows == 1


def test_landing_files_are_kept_for_the_retention_then_removed(env, tmp_path: Path):
    keep = build(load(env={**env, "DINO_LANDING_RETENTION_DAYS": "7"}))
    run = ingest(keep, write_sales(tmp_path / "a.csv", ROWS))
    landing = keep.settings.landing / run.run_id
    assert (landing / "manifest.json").is_file()
    assert (landing / "original" / "a.csv").read_bytes() == (tmp_path / "a.csv").read_bytes()
    assert keep.history.clean_landing(7) == []  # still within the week
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    assert keep.history.clean_landing(7, now=later) == [run.run_id]
    assert not landing.exists()
