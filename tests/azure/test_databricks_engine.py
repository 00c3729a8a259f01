"""The Databricks engine against the local stand-in: submit, poll, result, cancel, undo.

No real waiting: the engine gets a fake clock and sleep, the SDK a clock whose retries take
no time; the stand-in advances a run one step per poll.
"""

from __future__ import annotations

import dataclasses
import json
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dino_desktop.adapters.databricks_client import (
    AZURE_DATABRICKS_SCOPE,
    keyring_token,
    make_client,
)
from dino_desktop.adapters.databricks_engine import DatabricksEngine, run_id_from_uri
from dino_desktop.adapters.sql_runlog import SqlRunLog
from dino_desktop.config import AzureSettings
from dino_desktop.core.manifest import new_run_id
from dino_desktop.core.messages import FIXES, MESSAGES, render
from dino_desktop.core.models import Cancelled, DinoError, Progress, Target
from dino_desktop.core.runs import Commit, RunRecord, RunState
from dino_desktop.services.history import HistoryError, HistoryService
from tests.standins.databricks import DatabricksStandin, Scenario
from tests.standins.databricks_job import FakeTime, spark_commit
from tests.standins.databricks_job import job_work as standin_job_work

TABLE = "main.vendas.notas"
TARGET = Target("vendas", "notas", "main")
VOLUME = "/Volumes/main/dino/landing"
_FIELDS = re.compile(r"\{(\w+)\}")


@pytest.fixture
def db() -> Any:
    with DatabricksStandin() as standin:
        standin.state.lake.add_table(TABLE, [("codigo", "string"), ("valor", "decimal(18,2)")])
        yield standin


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def settings(db: DatabricksStandin, **changes: Any) -> AzureSettings:
    base = AzureSettings(databricks_host=db.url, databricks_job_id=123,
                         databricks_warehouse_id="wh1", volume_path=VOLUME, catalog="main",
                         poll_seconds=5.0, job_timeout_minutes=30)
    return dataclasses.replace(base, **changes)


def engine(db: DatabricksStandin, fake: FakeTime, reader: Any = None,
           **changes: Any) -> DatabricksEngine:
    return DatabricksEngine(db.client(), settings(db, **changes), result_reader=reader,
                            clock=fake.clock, sleep=fake.sleep)


def uri(run_id: str) -> str:
    return f"http://127.0.0.1:10000/devstoreaccount1/dino-landing/landing/{run_id}/manifest.json"


def commit(db: DatabricksStandin, run_id: str, rows: int = 3) -> int:
    return spark_commit(db.state.lake, TABLE, run_id, rows)


def job_work(db: DatabricksStandin, rows: int = 3,
             files: dict[str, Any] | None = None) -> Callable[[dict[str, str]], dict[str, Any]]:
    return standin_job_work(db.state.lake, TABLE, rows, files)


def check_problem(err: DinoError, code: str, **params: Any) -> None:
    """The problem's code and params, and that it reads as a sentence in both languages."""
    p = err.problem
    assert p.code == code, p
    for key, value in params.items():
        assert p.params[key] == value, (key, p.params)
    for i, lang in enumerate(("en", "pt_BR")):
        missing = set(_FIELDS.findall(MESSAGES[code][i])) - set(p.params)
        assert not missing, (code, lang, missing)
        assert render(p, lang).strip()
    assert p.fix is None or p.fix in FIXES


def page(db: DatabricksStandin, job_run_id: int = 1000) -> str:
    return db.state.run_page(db.state.runs[job_run_id])


# ---- success


def test_success_reads_the_result_from_the_task_output(db: DatabricksStandin,
                                                        fake: FakeTime) -> None:
    run_id, seen, reads = new_run_id(), [], []
    work = job_work(db, rows=7)
    db.state.on_run = lambda params: (seen.append(params), work(params))[1]
    progress: list[Progress] = []
    res = engine(db, fake, reader=reads.append).run(uri(run_id), progress.append)
    assert seen == [{"manifest": f"{VOLUME}/{run_id}/manifest.json", "run_id": run_id,
                     "action": "write"}]
    body = db.state.calls("POST", "/jobs/run-now")[0].body
    assert body["job_id"] == 123 and body["idempotency_token"] == run_id
    assert (res.rows_written, res.version_before, res.version_after) == (7, None, 0)
    assert res.table_uri == db.state.lake.table(TABLE).storage_location
    assert res.run_url == page(db) and not res.replayed
    assert reads == []  # the task output was enough
    assert [q.query["run_id"] for q in db.state.calls("GET", "/runs/get-output")] == ["1001"]
    assert [p.message for p in progress] == ["queued", "starting", "running", "committed"]
    fractions = [p.fraction for p in progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert fake.sleeps == [5.0, 7.5, 11.25] and res.seconds == pytest.approx(23.75)


def test_result_from_the_result_file_when_the_task_has_no_output(db: DatabricksStandin,
                                                                  fake: FakeTime) -> None:
    files: dict[str, Any] = {}
    db.state.default = Scenario(output=False)
    db.state.on_run = job_work(db, rows=4, files=files)
    asked: list[str] = []
    run_id = new_run_id()
    res = engine(db, fake, reader=lambda r: (asked.append(r), files.get(r))[1]).run(uri(run_id))
    assert asked == [run_id]
    assert (res.rows_written, res.version_after) == (4, 0)


def test_no_result_anywhere_is_a_problem_with_the_run_page(db: DatabricksStandin,
                                                            fake: FakeTime) -> None:
    db.state.default = Scenario(output=False)
    with pytest.raises(DinoError) as err:
        engine(db, fake, reader=lambda r: None).run(uri(new_run_id()))
    check_problem(err.value, "engine_result_missing", url=page(db))


def test_a_result_for_another_run_is_refused(db: DatabricksStandin, fake: FakeTime) -> None:
    db.state.on_run = lambda p: {"run_id": new_run_id(), "rows_written": 1,
                                 "version_before": None, "version_after": 0, "table_uri": "x"}
    with pytest.raises(DinoError) as err:
        engine(db, fake).run(uri(new_run_id()))
    check_problem(err.value, "engine_result_missing", url=page(db))


# ---- exactly once


def test_submitting_a_run_twice_starts_one_job_run(db: DatabricksStandin,
                                                   fake: FakeTime) -> None:
    calls: list[dict[str, str]] = []
    work = job_work(db)
    db.state.on_run = lambda p: (calls.append(p), work(p))[1]
    run_id = new_run_id()
    first = engine(db, fake).run(uri(run_id))
    again = engine(db, fake).run(uri(run_id))
    assert len(db.state.runs) == 1 and len(calls) == 1
    assert [r.body["idempotency_token"] for r in db.state.calls("POST", "/run-now")] == \
        [run_id, run_id]
    assert again.replayed and not first.replayed
    assert (again.rows_written, again.version_after) == (first.rows_written, 0)


def test_an_app_that_died_while_polling_picks_up_the_same_job_run(db: DatabricksStandin,
                                                                   fake: FakeTime) -> None:
    class Died(Exception):
        pass

    def die(n: int) -> None:
        if n == 1:
            raise Died()

    db.state.on_run = job_work(db)
    run_id = new_run_id()
    fake.on_sleep = die
    with pytest.raises(Died):
        engine(db, fake).run(uri(run_id))
    fake.on_sleep = None
    res = engine(db, fake).run(uri(run_id))
    assert len(db.state.runs) == 1 and res.version_after == 0 and not res.replayed


def test_a_retry_after_a_failed_run_starts_a_new_job_run(db: DatabricksStandin,
                                                         fake: FakeTime) -> None:
    db.state.scenarios = [Scenario("failed", "RuntimeError: cluster lost"), Scenario()]
    db.state.on_run = job_work(db)
    run_id = new_run_id()
    with pytest.raises(DinoError) as err:
        engine(db, fake).run(uri(run_id))
    check_problem(err.value, "engine_failed", state="FAILED", url=page(db, 1000))
    res = engine(db, fake).run(uri(run_id))
    assert res.version_after == 0 and res.run_url == page(db, 1002)
    assert [r.body["idempotency_token"] for r in db.state.calls("POST", "/run-now")] == \
        [run_id, run_id, f"{run_id}-1"]


# ---- how runs end


@pytest.mark.parametrize(("outcome", "code", "state"), [
    ("failed", "engine_failed", "FAILED"),
    ("internal_error", "engine_failed", "INTERNAL_ERROR"),
    ("canceled", "engine_cancelled", "CANCELED"),
    ("timedout", "engine_timeout", "TIMEDOUT"),
    ("skipped", "engine_skipped", "SKIPPED"),
])
def test_each_unsuccessful_end_is_its_own_problem(db: DatabricksStandin, fake: FakeTime,
                                                   outcome: str, code: str, state: str) -> None:
    db.state.default = Scenario(outcome, "RuntimeError: boom" if outcome == "failed" else "")
    db.state.on_run = job_work(db)
    with pytest.raises(DinoError) as err:
        engine(db, fake).run(uri(new_run_id()))
    check_problem(err.value, code, state=state, url=page(db))
    if outcome == "failed":
        assert "boom" in err.value.problem.params["message"]
    assert db.state.lake.table(TABLE).history == []


def test_a_refusal_by_the_job_is_shown_as_its_problem(db: DatabricksStandin,
                                                      fake: FakeTime) -> None:
    refusal = {"code": "schema_type_conflict", "column": "valor", "fix": "align_schema",
               "params": {"column": "valor", "file_type": "string",
                          "table_type": "decimal(18,2)"}}

    def refuse(params: dict[str, str]) -> dict[str, Any]:
        raise RuntimeError("DINO_PROBLEM " + json.dumps(refusal))

    db.state.on_run = refuse
    with pytest.raises(DinoError) as err:
        engine(db, fake).run(uri(new_run_id()))
    check_problem(err.value, "schema_type_conflict", column="valor", url=page(db))


# ---- cancel, time limits, the network


def test_cancel_while_polling_cancels_the_databricks_run(db: DatabricksStandin,
                                                         fake: FakeTime) -> None:
    db.state.default = Scenario(running=10)
    db.state.on_run = job_work(db)
    cancel = threading.Event()
    fake.on_sleep = lambda n: cancel.set() if n == 2 else None
    with pytest.raises(Cancelled):
        engine(db, fake).run(uri(new_run_id()), cancel=cancel)
    assert [r.body for r in db.state.calls("POST", "/runs/cancel")] == [{"run_id": 1000}]
    assert db.state.runs[1000].result_state == "CANCELED"
    assert db.state.lake.table(TABLE).history == []


def test_a_cancel_that_comes_too_late_reports_the_commit(db: DatabricksStandin,
                                                         fake: FakeTime) -> None:
    db.state.default = Scenario(running=10, commits_despite_cancel=True)
    db.state.on_run = job_work(db)
    cancel = threading.Event()
    fake.on_sleep = lambda n: cancel.set()
    res = engine(db, fake).run(uri(new_run_id()), cancel=cancel)
    assert res.version_after == 0 and len(db.state.calls("POST", "/runs/cancel")) == 1


def test_cancel_before_submitting_submits_nothing(db: DatabricksStandin,
                                                  fake: FakeTime) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        engine(db, fake).run(uri(new_run_id()), cancel=cancel)
    assert db.state.calls("POST", "/run-now") == []


def test_polling_backs_off_to_a_minute(db: DatabricksStandin, fake: FakeTime) -> None:
    db.state.default = Scenario(running=12)
    engine(db, fake).run(uri(new_run_id()))
    assert fake.sleeps[:3] == [5.0, 7.5, 11.25] and max(fake.sleeps) == 60.0
    assert all(b == min(a * 1.5, 60.0) for a, b in zip(fake.sleeps, fake.sleeps[1:],
                                                        strict=False))


def test_a_run_past_the_time_limit_is_cancelled(db: DatabricksStandin, fake: FakeTime) -> None:
    db.state.default = Scenario("running")
    with pytest.raises(DinoError) as err:
        engine(db, fake, job_timeout_minutes=1).run(uri(new_run_id()))
    check_problem(err.value, "engine_wait_timeout", minutes=1, url=page(db))
    assert len(db.state.calls("POST", "/runs/cancel")) == 1
    assert db.state.runs[1000].result_state == "CANCELED"
    assert 60 <= fake.now < 120


def test_a_short_outage_while_polling_is_ridden_out(db: DatabricksStandin,
                                                    fake: FakeTime) -> None:
    def outage(n: int) -> None:
        db.state.outage = 10**6 if n == 1 else 0  # the 2nd poll fails, even after retries

    db.state.on_run = job_work(db)
    fake.on_sleep = outage
    res = engine(db, fake).run(uri(new_run_id()))
    assert res.version_after == 0 and len(fake.sleeps) == 4


def test_a_long_outage_is_a_clear_problem(db: DatabricksStandin, fake: FakeTime) -> None:
    def outage(n: int) -> None:
        db.state.outage = 10**6

    fake.on_sleep = outage
    with pytest.raises(DinoError) as err:
        engine(db, fake).run(uri(new_run_id()))
    check_problem(err.value, "engine_unreachable", host=db.url,
                  reason="the service is temporarily unavailable")
    assert len(fake.sleeps) == 3  # three polls failed in a row


def test_an_unreachable_host_fails_fast_and_clearly() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    azure = AzureSettings(databricks_host=f"http://127.0.0.1:{port}", databricks_job_id=1,
                          volume_path=VOLUME)
    t0 = time.monotonic()
    eng = DatabricksEngine.from_settings(azure, None, env={"DATABRICKS_TOKEN": "x"},
                                         keyring_get=lambda host: None,
                                         retry_timeout_seconds=1, http_timeout_seconds=1)
    assert time.monotonic() - t0 < 0.5  # constructing does no I/O
    with pytest.raises(DinoError) as err:
        eng.run(uri(new_run_id()))
    check_problem(err.value, "engine_unreachable", host=f"http://127.0.0.1:{port}",
                  reason="the connection was refused")
    assert time.monotonic() - t0 < 15


def test_an_unknown_job_is_named(db: DatabricksStandin, fake: FakeTime) -> None:
    with pytest.raises(DinoError) as err:
        engine(db, fake, databricks_job_id=999).run(uri(new_run_id()))
    check_problem(err.value, "engine_job_missing", job_id=999, host=db.url)


def test_a_refused_token_is_a_sign_in_problem(db: DatabricksStandin, fake: FakeTime) -> None:
    eng = DatabricksEngine(db.client(token="wrong"), settings(db), clock=fake.clock,
                           sleep=fake.sleep)
    with pytest.raises(DinoError) as err:
        eng.run(uri(new_run_id()))
    check_problem(err.value, "engine_auth", host=db.url)


def test_missing_settings_are_named_before_any_request(db: DatabricksStandin,
                                                       fake: FakeTime) -> None:
    with pytest.raises(DinoError) as err:
        engine(db, fake, volume_path="").run(uri(new_run_id()))
    check_problem(err.value, "config_invalid")
    assert "volume_path" in err.value.problem.params["reason"]
    assert db.state.calls("POST", "/run-now") == []


def test_the_run_id_comes_from_the_manifest_address() -> None:
    rid = new_run_id()
    assert run_id_from_uri(uri(rid)) == rid
    assert run_id_from_uri(uri(rid) + "?sv=2024&sig=abc") == rid
    assert run_id_from_uri(f"C:\\dino\\landing\\{rid}\\manifest.json") == rid
    with pytest.raises(DinoError):
        run_id_from_uri(f"https://x.blob.core.windows.net/c/{rid}/other.json")


# ---- credentials


class FakeCredential:
    def __init__(self, token: str) -> None:
        self.token, self.scopes = token, []

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        self.scopes.append(scopes)
        return SimpleNamespace(token=self.token, expires_on=time.time() + 3600)


def test_an_entra_id_token_signs_the_requests(fake: FakeTime) -> None:
    with DatabricksStandin(token="entra-token") as db:
        cred = FakeCredential("entra-token")
        client = make_client(settings(db), cred, env={}, keyring_get=lambda host: None)
        assert client.jobs.run_now(123).response.run_id == 1000
        client.jobs.get_run(1000)
        assert cred.scopes == [(AZURE_DATABRICKS_SCOPE,)]  # asked once, then cached
        made: list[FakeCredential] = []  # a factory: signing in waits for the first request
        client = make_client(settings(db), lambda: (made.append(cred), cred)[1], env={},
                             keyring_get=lambda host: None)
        assert made == []
        client.jobs.get_run(1000)
        client.jobs.get_run(1000)
        assert len(made) == 1 and len(cred.scopes) == 2


def test_a_failed_sign_in_is_a_sign_in_problem(db: DatabricksStandin, fake: FakeTime) -> None:
    from azure.core.exceptions import ClientAuthenticationError

    class Refusing:
        def get_token(self, *scopes: str, **kwargs: Any) -> Any:
            raise ClientAuthenticationError("AADSTS50076: MFA required")

    eng = DatabricksEngine.from_settings(settings(db), Refusing, env={},
                                         keyring_get=lambda host: None)
    with pytest.raises(DinoError) as err:
        eng.run(uri(new_run_id()))
    check_problem(err.value, "engine_auth", host=db.url)
    assert "AADSTS50076" in err.value.problem.params["message"]
    assert db.state.calls("POST", "/run-now") == []


def test_a_token_in_the_environment_or_keyring_wins(db: DatabricksStandin) -> None:
    cred = FakeCredential("never-used")
    by_env = make_client(settings(db), cred, env={"DATABRICKS_TOKEN": "x"},
                         keyring_get=lambda host: "wrong")
    assert by_env.jobs.run_now(123).response.run_id == 1000
    asked: list[str] = []
    by_keyring = make_client(settings(db), cred, env={},
                             keyring_get=lambda host: (asked.append(host), "x")[1])
    assert by_keyring.jobs.get_run(1000).run_id == 1000
    assert asked == [db.url] and cred.scopes == []
    with pytest.raises(DinoError) as err:
        make_client(settings(db), None, env={}, keyring_get=lambda host: None)
    check_problem(err.value, "engine_auth")


def test_a_broken_keyring_means_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(service: str, user: str) -> str:
        raise RuntimeError("no recommended backend was available")

    monkeypatch.setitem(sys.modules, "keyring", SimpleNamespace(get_password=broken))
    assert keyring_token("https://adb-1.azuredatabricks.net") is None


# ---- table history: reconcile and undo through the SQL warehouse


def test_versions_and_commits_come_from_the_table_history(db: DatabricksStandin,
                                                          fake: FakeTime) -> None:
    eng = engine(db, fake)
    a, b = new_run_id(), new_run_id()
    missing = Target("vendas", "nada", "main")
    assert eng.table_version(missing) is None and eng.committed_version(missing, a) is None
    assert eng.runs_after(missing, -1) == []
    assert eng.table_version(TARGET) is None  # created, never written: no history yet
    commit(db, a)
    commit(db, b)
    assert eng.table_version(TARGET) == 1
    assert (eng.committed_version(TARGET, a), eng.committed_version(TARGET, b)) == (0, 1)
    assert eng.committed_version(TARGET, new_run_id()) is None
    assert eng.runs_after(TARGET, 0) == [Commit(1, b, None)]
    assert "DESCRIBE HISTORY `main`.`vendas`.`notas`" in db.state.lake.statements_run


def _record(runlog: SqlRunLog, run_id: str, before: int | None, after: int) -> None:
    runlog.create(RunRecord(run_id, RunState.CREATED, "ana", "pc", "a.csv", None, 10, None,
                            "csv", "main", "vendas", "notas", "append", profile="azure"))
    runlog.transition(run_id, RunState.SUCCEEDED, "done", version_before=before,
                      version_after=after)


def test_undo_through_the_history_service(db: DatabricksStandin, fake: FakeTime,
                                          tmp_path: Path) -> None:
    eng = engine(db, fake)
    a, b = new_run_id(), new_run_id()
    commit(db, a)
    commit(db, b)
    with SqlRunLog(f"sqlite:///{(tmp_path / 'runs.sqlite').as_posix()}") as runlog:
        _record(runlog, a, None, 0)
        _record(runlog, b, 0, 1)
        history = HistoryService(runlog, eng, storage=None, ingestion=None)  # type: ignore
        with pytest.raises(HistoryError) as err:
            history.undo(a)  # b came later
        assert err.value.problem.code == "undo_refused_later"
        assert history.undo(b).state is RunState.UNDONE
        assert history.undo(a).state is RunState.UNDONE  # b's undo no longer stands in the way
    ops = [c.operation for c in db.state.lake.table(TABLE).history]
    assert ops == ["WRITE", "WRITE", "RESTORE", "SET TBLPROPERTIES", "DELETE",
                   "SET TBLPROPERTIES"]
    assert eng.runs_after(TARGET, 1) == [Commit(2, None, b), Commit(3, None, b),
                                         Commit(4, None, a), Commit(5, None, a)]
    run = db.state.lake.statements_run
    assert "RESTORE TABLE `main`.`vendas`.`notas` TO VERSION AS OF 0" in run
    assert "DELETE FROM `main`.`vendas`.`notas`" in run


def test_asking_twice_restores_once(db: DatabricksStandin, fake: FakeTime) -> None:
    eng = engine(db, fake)
    a, b = new_run_id(), new_run_id()
    commit(db, a)
    commit(db, b)
    assert eng.restore(TARGET, 0, b) == 3
    assert eng.restore(TARGET, 0, b) == 3
    assert sum(s.startswith("RESTORE") for s in db.state.lake.statements_run) == 1


def test_a_restore_without_its_record_is_still_attributed(db: DatabricksStandin,
                                                          fake: FakeTime) -> None:
    a, b = new_run_id(), new_run_id()
    commit(db, a)
    commit(db, b)
    db.state.lake.table(TABLE).commit("RESTORE", {"version": "0", "timestamp": None})
    assert engine(db, fake).runs_after(TARGET, 1) == [Commit(2, None, b)]


def test_undo_refusals(db: DatabricksStandin, fake: FakeTime) -> None:
    eng = engine(db, fake)
    with pytest.raises(DinoError) as err:
        eng.restore(Target("vendas", "nada", "main"), 0, new_run_id())
    check_problem(err.value, "undo_refused", reason="undo_no_table")
    commit(db, new_run_id())
    with pytest.raises(DinoError) as err:
        eng.restore(TARGET, 0, new_run_id())  # version 0 is the current version
    check_problem(err.value, "undo_refused", reason="undo_bad_version")


def test_history_waits_for_a_starting_warehouse_and_reads_every_chunk(
        db: DatabricksStandin, fake: FakeTime) -> None:
    ids = [new_run_id() for _ in range(5)]
    for rid in ids:
        commit(db, rid)
    db.uc.pending_polls, db.uc.chunk_rows = 2, 2
    assert engine(db, fake).committed_version(TARGET, ids[0]) == 0  # in the last chunk
    assert fake.sleeps == [1.0, 1.5]
    assert len(db.state.calls("GET", "/result/chunks/2")) == 1


def test_warehouse_problems_are_named(db: DatabricksStandin, fake: FakeTime) -> None:
    with pytest.raises(DinoError) as err:
        engine(db, fake, databricks_warehouse_id="").table_version(TARGET)
    check_problem(err.value, "config_invalid")
    with pytest.raises(DinoError) as err:
        engine(db, fake, databricks_warehouse_id="nope").table_version(TARGET)
    check_problem(err.value, "engine_api_error", host=db.url)
    assert "nope" in err.value.problem.params["message"]


def test_a_warehouse_that_never_answers_is_given_up_on(db: DatabricksStandin,
                                                       fake: FakeTime) -> None:
    db.uc.pending_polls = 10**6
    with pytest.raises(DinoError) as err:
        engine(db, fake).table_version(TARGET)
    check_problem(err.value, "engine_sql_failed", warehouse="wh1")
    assert 600 <= fake.now < 700 and max(fake.sleeps) == 10.0
    assert len(db.state.calls("POST", "/cancel")) == 1  # the statement is not left running


def test_doctor_check_names_the_job_and_the_warehouse(db: DatabricksStandin,
                                                      fake: FakeTime) -> None:
    text = engine(db, fake).check()
    assert "job 123 (dino-ingest)" in text and "SQL warehouse dino-warehouse (running)" in text
    with pytest.raises(DinoError) as err:
        engine(db, fake, databricks_job_id=999).check()
    assert err.value.problem.code == "engine_job_missing"
    with pytest.raises(DinoError) as err:
        engine(db, fake, databricks_warehouse_id="nope").check()
    assert "nope" in render(err.value.problem)
