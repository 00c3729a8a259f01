"""Failed runs grouped by cause over a real SQLite run log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dino_desktop.adapters.sql_runlog import SqlRunLog
from dino_desktop.core.runs import RunFilter, RunRecord, RunState
from dino_desktop.services.failures import failure_causes

T0 = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
DATE_PROBLEM = {"severity": "error", "code": "bad_value",
                "params": {"column": "data", "value": "31/02/2026", "type": "date"}}


def add(log: SqlRunLog, n: int, day: int, state: RunState, code: str | None = None,
        problems: list | None = None, error: str | None = None) -> None:
    run = RunRecord(run_id=f"01R{n:04d}", state=state, user="ana", machine="pc",
                    source_name=f"f{n}.csv", source_path=None, source_bytes=10, sha256=None,
                    source_format="csv", catalog="main", database="vendas", table="notas",
                    mode="append", created_at=T0 + dt.timedelta(days=day, minutes=n),
                    error_code=code, problems=problems or [], error=error)
    log.create(run)


def test_failures_are_grouped_by_cause_and_counted_per_day(tmp_path: Path):
    with SqlRunLog(f"sqlite:///{(tmp_path / 'runs.sqlite').as_posix()}") as log:
        add(log, 1, 0, RunState.FAILED, "bad_value", [DATE_PROBLEM])
        add(log, 2, 0, RunState.FAILED, "bad_value", [DATE_PROBLEM])
        add(log, 3, 2, RunState.FAILED, "bad_value", [DATE_PROBLEM])
        add(log, 4, 1, RunState.FAILED, "table_busy", [{"severity": "error",
            "code": "table_busy", "params": {"table": "main.vendas.notas", "attempts": 4}}])
        add(log, 5, 1, RunState.FAILED, None, error="RuntimeError: disk full\ntraceback")
        add(log, 6, 1, RunState.SUCCEEDED)
        add(log, 7, 1, RunState.CANCELLED, "cancelled")
        add(log, 8, -30, RunState.FAILED, "table_busy")  # before the period
        causes = failure_causes(log, T0 - dt.timedelta(days=1), T0 + dt.timedelta(days=5))
        assert [(c.code, c.failures) for c in causes] == [
            ("bad_value", 3), (None, 1), ("table_busy", 1)]  # then the latest first
        dates = causes[0]
        assert dates.per_day == {T0.date(): 2, T0.date() + dt.timedelta(days=2): 1}
        assert dates.last_day == T0.date() + dt.timedelta(days=2)
        assert dates.example is not None and dates.example.run_id == "01R0003"
        assert "31/02/2026" in dates.text("en") and "31/02/2026" in dates.text("pt_BR")
        assert dates.text("en") != dates.text("pt_BR")
        assert causes[1].text("en") == "RuntimeError: disk full"
        everything = failure_causes(log, None, None)
        assert dict((c.code, c.failures) for c in everything)["table_busy"] == 2


def test_runs_can_be_filtered_by_cause_including_no_cause(tmp_path: Path):
    with SqlRunLog(f"sqlite:///{(tmp_path / 'runs.sqlite').as_posix()}") as log:
        add(log, 1, 0, RunState.FAILED, "bad_value")
        add(log, 2, 0, RunState.FAILED, None)
        add(log, 3, 0, RunState.SUCCEEDED)
        failed = (RunState.FAILED,)
        assert [r.run_id for r in log.query(RunFilter(states=failed,
                                                      error_code="bad_value"))] == [
            "01R0001"]
        assert [r.run_id for r in log.query(RunFilter(states=failed, error_code=""))] == [
            "01R0002"]
        assert log.count(RunFilter(error_code="")) == 2  # the success has no code either
