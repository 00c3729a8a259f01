"""Keeping the Databricks stand-in honest: the SDK's own calls work against it, and it
rejects what the real service rejects, in the real error shape."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from databricks.sdk.errors import (
    InvalidParameterValue,
    NotFound,
    PermissionDenied,
    ResourceDoesNotExist,
)
from databricks.sdk.service.jobs import RunLifeCycleState, RunResultState
from databricks.sdk.service.sql import StatementState

from tests.standins.databricks import DatabricksStandin, Scenario


@pytest.fixture
def db() -> Any:
    with DatabricksStandin() as standin:
        standin.state.lake.add_table("main.vendas.notas", [("codigo", "string")])
        yield standin


def post(db: DatabricksStandin, path: str, body: Any, token: str | None = "x") -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(db.url + path, json=body, headers=headers, timeout=5)


def get(db: DatabricksStandin, path: str, token: str | None = "x", **query: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(db.url + path, params=query, headers=headers, timeout=5)


def test_the_sdk_job_calls_work(db: DatabricksStandin) -> None:
    w = db.client()
    db.state.default = Scenario(queued=1, pending=1, running=1)
    wait = w.jobs.run_now(123, job_parameters={"manifest": "/m", "run_id": "R"},
                          idempotency_token="t")
    assert w.jobs.run_now(123, idempotency_token="t").response.run_id == wait.response.run_id
    seen = [w.jobs.get_run(wait.response.run_id).state.life_cycle_state for _ in range(4)]
    assert seen == [RunLifeCycleState.QUEUED, RunLifeCycleState.PENDING,
                    RunLifeCycleState.RUNNING, RunLifeCycleState.TERMINATED]
    run = w.jobs.get_run(wait.response.run_id)
    assert run.state.result_state is RunResultState.SUCCESS and run.run_page_url
    out = w.jobs.get_run_output(run.tasks[0].run_id)
    assert '"run_id": "R"' in out.notebook_output.result
    w.jobs.cancel_run(run.run_id)  # a finished run: nothing happens
    assert w.jobs.get_run(run.run_id).state.result_state is RunResultState.SUCCESS


def test_the_sdk_catalog_and_sql_calls_work(db: DatabricksStandin) -> None:
    w = db.client()
    assert "vendas" in [s.name for s in w.schemas.list(catalog_name="main")]
    assert [t.name for t in w.tables.list(catalog_name="main", schema_name="vendas")] == \
        ["notas"]
    assert w.tables.get("main.vendas.notas").columns[0].type_text == "string"
    db.state.lake.table("main.vendas.notas").commit("WRITE", {"mode": "Append"}, '{"a": 1}')
    db.uc.pending_polls = 1
    st = w.statement_execution.execute_statement(
        "DESCRIBE HISTORY main.vendas.notas", "wh1", wait_timeout="0s")
    assert st.status.state is StatementState.PENDING
    st = w.statement_execution.get_statement(st.statement_id)
    assert st.status.state is StatementState.SUCCEEDED
    assert [c.name for c in st.manifest.schema.columns][:2] == ["version", "timestamp"]
    assert st.result.data_array[0][0] == "0" and st.result.data_array[0][10] == '{"a": 1}'


def test_no_or_a_wrong_token_is_refused(db: DatabricksStandin) -> None:
    r = get(db, "/api/2.2/jobs/runs/get", token=None, run_id=1)
    assert r.status_code == 401 and r.json()["error_code"] == "UNAUTHENTICATED"
    with pytest.raises(PermissionDenied):
        db.client(token="wrong").jobs.get_run(1)


def test_bad_job_requests_are_refused_as_the_service_does(db: DatabricksStandin) -> None:
    r = post(db, "/api/2.2/jobs/run-now", {})
    assert (r.status_code, r.json()) == (400, {"error_code": "INVALID_PARAMETER_VALUE",
                                               "message": "Job 0 does not exist."})
    assert post(db, "/api/2.2/jobs/run-now", {"job_id": "123"}).status_code == 400
    assert post(db, "/api/2.2/jobs/run-now", {"job_id": 123, "job_parameters":
                                              {"run_id": 5}}).status_code == 400
    assert post(db, "/api/2.2/jobs/run-now", {"job_id": 123, "job_parameters":
                                              {"typo": "x"}}).status_code == 400
    assert post(db, "/api/2.2/jobs/run-now", {"job_id": 123,
                                              "idempotency_token": "x" * 65}).status_code == 400
    assert db.state.runs == {}
    r = get(db, "/api/2.2/jobs/run-now")
    assert (r.status_code, r.json()["error_code"]) == (404, "ENDPOINT_NOT_FOUND")
    w = db.client()
    with pytest.raises(InvalidParameterValue, match="Job 9 does not exist"):
        w.jobs.run_now(9)
    with pytest.raises(ResourceDoesNotExist):  # the SDK's own mapping of "Run N does not exist"
        w.jobs.get_run(42)
    with pytest.raises(InvalidParameterValue):
        w.jobs.cancel_run(42)
    run_id = w.jobs.run_now(123).response.run_id
    with pytest.raises(InvalidParameterValue, match="multiple tasks"):
        w.jobs.get_run_output(run_id)  # the job run: only task runs have output


def test_bad_catalog_and_sql_requests_are_refused(db: DatabricksStandin) -> None:
    w = db.client()
    with pytest.raises(NotFound, match="does not exist"):
        w.tables.get("main.vendas.nada")
    with pytest.raises(NotFound):
        w.schemas.list(catalog_name="nenhum").__next__()
    assert get(db, "/api/2.1/unity-catalog/tables", catalog_name="main").status_code == 400
    assert post(db, "/api/2.0/sql/statements", {"statement": "SELECT 1"}).status_code == 400
    with pytest.raises(NotFound):
        w.statement_execution.execute_statement("SELECT 1", "nope")
    assert post(db, "/api/2.0/sql/statements", {"statement": "SELECT 1", "warehouse_id": "wh1",
                                                "wait_timeout": "3s"}).status_code == 400
    st = w.statement_execution.execute_statement("SELECT 1", "wh1")
    assert st.status.state is StatementState.FAILED and st.status.error.message
    st = w.statement_execution.execute_statement("DESCRIBE HISTORY main.vendas.nada", "wh1")
    assert "TABLE_OR_VIEW_NOT_FOUND" in st.status.error.message


def test_runs_advance_per_poll_and_cancel(db: DatabricksStandin) -> None:
    w = db.client()
    db.state.default = Scenario("running", queued=0, pending=0)
    run_id = w.jobs.run_now(123).response.run_id
    assert [w.jobs.get_run(run_id).state.life_cycle_state for _ in range(3)] == \
        [RunLifeCycleState.RUNNING] * 3
    w.jobs.cancel_run(run_id)
    state = w.jobs.get_run(run_id).state
    assert (state.life_cycle_state, state.result_state) == (RunLifeCycleState.TERMINATED,
                                                            RunResultState.CANCELED)
