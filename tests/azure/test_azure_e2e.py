"""The whole run on the azure profile, through bootstrap and the services: Azurite for
storage, the Databricks stand-in doing the job's work (it reads the manifest from Azurite),
the local SQLite run log. Then what History shows, undo, and `dino doctor`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dino_desktop import config
from dino_desktop.bootstrap import build
from dino_desktop.core.runs import RunState
from dino_desktop.doctor import report, run_checks
from dino_desktop.services.ingestion import IngestRequest
from tests.azure.conftest import VOLUME
from tests.e2e.conftest import write_sales
from tests.standins.databricks import DatabricksStandin
from tests.standins.databricks_job import spark_commit

ROWS = [("001", "Ana", "1.234,56"), ("002", "João", "10,00"), ("003", "Zé", "0,99")]


# landing, standin and azure_env come from tests/azure/conftest.py (shared with
# test_access_azure); these tests call the first two `container` and `databricks`.
@pytest.fixture
def container(landing: Any) -> Any:
    return landing


@pytest.fixture
def databricks(standin: DatabricksStandin) -> DatabricksStandin:
    return standin


class Job:
    """What the Spark job does with a manifest, played by the stand-in: read it from the
    container, check the parts are there, commit, write _result.json beside it."""

    def __init__(self, db: DatabricksStandin, container: Any) -> None:
        self.db, self.container = db, container
        self.received: list[dict[str, str]] = []
        self.manifests: list[dict[str, Any]] = []

    def __call__(self, params: dict[str, str]) -> dict[str, Any]:
        self.received.append(params)
        assert params["manifest"].startswith(VOLUME + "/")
        blob = "landing" + params["manifest"][len(VOLUME):]  # the volume is the prefix
        doc = json.loads(self.container.download_blob(blob).readall())
        self.manifests.append(doc)
        folder = blob.rsplit("/", 1)[0]
        for part in doc["parts"]:
            blob = self.container.get_blob_client(f"{folder}/{part['path']}")
            assert blob.get_blob_properties().size == part["bytes"]
        t = doc["target"]
        name = f"{t['catalog']}.{t['database']}.{t['table']}"
        lake = self.db.state.lake
        if name not in lake.tables:
            lake.add_table(name, [(c["name"], c["type"]) for c in doc["columns"]])
        rows = sum(p["rows"] for p in doc["parts"])
        version = spark_commit(lake, name, params["run_id"], rows)
        result = {"run_id": params["run_id"], "rows_written": rows,
                  "version_before": version - 1 if version else None,
                  "version_after": version, "replayed": False,
                  "table_uri": lake.table(name).storage_location}
        self.container.upload_blob(f"{folder}/_result.json", json.dumps(result),
                                   overwrite=True)
        return result


@pytest.fixture
def env(azure_env: dict[str, str]) -> dict[str, str]:
    return {**azure_env, "DINO_USER": "ana@contoso.com.br", "DINO_LANDING_RETENTION_DAYS": "7",
            "DINO_AZURE_UPLOAD_CONCURRENCY": "2"}


def test_a_file_lands_through_blob_storage_and_the_databricks_job(env, container, databricks,
                                                                  tmp_path) -> None:
    job = Job(databricks, container)
    databricks.state.on_run = job
    app = build(config.load(env=env))
    assert app.settings.profile == "azure" and app.credential is None  # no sign-in needed
    src = write_sales(tmp_path / "vendas_nov.csv", ROWS)

    run = app.ingestion.ingest(IngestRequest(src, "vendas", "notas"))

    assert run.state is RunState.SUCCEEDED and run.rows == 3 and run.version_after == 0
    # what landed in the container: parts, the manifest, the original; with metadata
    names = {b.name for b in container.list_blobs(name_starts_with=f"landing/{run.run_id}/")}
    root = f"landing/{run.run_id}/"
    assert {root + "manifest.json", root + "original/vendas_nov.csv",
            root + "_result.json"} <= names
    assert any(n.endswith(".parquet") for n in names)
    meta = container.get_blob_client(root + "manifest.json").get_blob_properties().metadata
    assert meta["run_id"] == run.run_id and meta["user"] == "ana@contoso.com.br"
    original = container.download_blob(root + "original/vendas_nov.csv").readall()
    assert original == src.read_bytes()
    # what the job received
    assert job.received == [{"manifest": f"{VOLUME}/{run.run_id}/manifest.json",
                             "run_id": run.run_id, "action": "write"}]
    assert job.manifests[0]["target"] == {"catalog": "main", "database": "vendas",
                                          "table": "notas"}
    # what the run log and History show
    shown = app.history.get(run.run_id)
    assert shown.profile == "azure" and shown.user == "ana@contoso.com.br"
    assert shown.landing_uri.rstrip("/").endswith(
        f"/{container.container_name}/landing/{run.run_id}")
    assert shown.engine_run_url and "/jobs/123/runs/" in shown.engine_run_url
    assert [e.state for e in app.history.events(run.run_id)][-1] is RunState.SUCCEEDED
    assert app.catalog.schema(app.ingestion.plan(
        IngestRequest(src, "vendas", "notas")).target) is not None
    # undo goes through the SQL warehouse: the table is back to before the run
    undone = app.history.undo(run.run_id)
    assert undone.state is RunState.UNDONE
    assert any(s.startswith("DELETE FROM") or s.startswith("RESTORE")
               for s in databricks.state.lake.statements_run)


def test_landing_blobs_are_removed_after_success_without_retention(env, container,
                                                                   databricks,
                                                                   tmp_path) -> None:
    databricks.state.on_run = Job(databricks, container)
    app = build(config.load(env={**env, "DINO_LANDING_RETENTION_DAYS": "0"}))
    run = app.ingestion.ingest(IngestRequest(write_sales(tmp_path / "v.csv", ROWS),
                                             "vendas", "notas"))
    assert run.state is RunState.SUCCEEDED
    assert list(container.list_blobs(name_starts_with=f"landing/{run.run_id}/")) == []


def test_doctor_checks_each_service(env, databricks) -> None:
    databricks.state.lake.add_schema("main", "vendas")
    checks = run_checks(config.load(env=env))
    by_name = {c.name: c for c in checks}
    assert [c.name for c in checks] == ["sign-in", "storage", "job", "catalog", "run log",
                                        "costs", "access"]
    assert all(c.ok for c in checks), report(checks, "en")
    assert "job 123 (dino-ingest)" in by_name["job"].detail
    assert by_name["access"].detail.startswith("no access list: everyone may write everywhere")
    text = report(run_checks(config.load(env={**env, "DINO_AZURE_DATABRICKS_JOB_ID": "9",
                                               "DINO_AZURE_CONTAINER": "missing"})), "pt_BR")
    lines = text.splitlines()
    assert lines[1].startswith("FAIL storage") and lines[2].startswith("FAIL job")
    assert "9" in lines[2]
