"""The deploy command against the Databricks stand-in, and the bundle it mirrors."""

from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from dino_spark_job import deploy

from dino_desktop.adapters.databricks_engine import DatabricksEngine
from tests.standins.databricks import DatabricksStandin

JOB = Path(__file__).resolve().parents[2] / "spark_job"
WRITES = ("/workspace/import", "/workspace/mkdirs", "/jobs/create", "/jobs/reset")


@pytest.fixture
def standin() -> Any:
    with DatabricksStandin(job_ids=()) as db:
        yield db


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build for the module (pip wheel of spark_job/, no network)."""
    return deploy.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch, wheel: Path, tmp_path: Path) -> Path:
    def copy(out: Path, project: Path = deploy.PROJECT) -> Path:
        target = out / wheel.name
        target.write_bytes(wheel.read_bytes())
        return target

    monkeypatch.setattr(deploy, "build_wheel", copy)
    return wheel


def writes(db: DatabricksStandin) -> list[str]:
    return [r.path for r in db.state.requests if r.method == "POST"
            and r.path.endswith(WRITES)]


def test_the_wheel_holds_the_job_and_its_schema_and_nothing_of_the_desktop(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "dino_spark_job/job.py" in names and "dino_spark_job/manifest.schema.json" in names
    assert not any(n.startswith("dino_desktop") for n in names)


def test_first_deploy_uploads_and_creates_the_job_and_prints_its_id(standin, built, capsys):
    assert deploy.main(["--workspace-dir", "/Workspace/Shared/dino"], ws=standin.client()) == 0
    out = capsys.readouterr().out
    job_id = int(re.search(r"job id: (\d+)", out).group(1))
    assert f"databricks_job_id = {job_id}" in out
    settings = standin.state.defined[job_id]
    task = settings["tasks"][0]
    notebook = task["notebook_task"]["notebook_path"]
    wheel_path = task["libraries"][0]["whl"]
    objects = standin.state.objects
    assert objects[notebook].object_type == "NOTEBOOK" and objects[notebook].language == "PYTHON"
    assert objects[notebook].content == (JOB / "notebooks" / "dino_write.py").read_bytes()
    assert objects[wheel_path].content == built.read_bytes()
    assert [p["name"] for p in settings["parameters"]] == ["manifest", "run_id", "action"]


def test_a_second_deploy_of_the_same_sources_changes_nothing(standin, built, capsys):
    client = standin.client()
    assert deploy.main([], ws=client) == 0
    first = writes(standin)
    standin.state.requests.clear()
    assert deploy.main([], ws=client) == 0
    out = capsys.readouterr().out
    assert first and writes(standin) == []
    assert "already there" in out and "is up to date" in out
    assert len(standin.state.defined) == 1


def test_a_changed_setting_updates_the_same_job(standin, built, capsys):
    client = standin.client()
    deploy.main([], ws=client)
    (job_id,) = standin.state.defined
    standin.state.requests.clear()
    assert deploy.main(["--node-type", "Standard_D8ds_v5"], ws=client) == 0
    assert writes(standin)[-1].endswith("/jobs/reset")
    assert list(standin.state.defined) == [job_id]
    cluster = standin.state.defined[job_id]["job_clusters"][0]["new_cluster"]
    assert cluster["node_type_id"] == "Standard_D8ds_v5"
    assert f"updated job {job_id}" in capsys.readouterr().out


def test_changed_sources_are_uploaded_beside_the_old_ones(standin, built, monkeypatch):
    client = standin.client()
    deploy.main([], ws=client)
    monkeypatch.setattr(deploy, "sources_hash", lambda project=deploy.PROJECT: "0123456789ab")
    deploy.main([], ws=client)
    (settings,) = standin.state.defined.values()
    assert "/0123456789ab/" in settings["tasks"][0]["notebook_task"]["notebook_path"]
    assert sum(1 for p, o in standin.state.objects.items() if o.object_type == "NOTEBOOK") == 2


def test_the_desktop_accepts_the_deployed_job(standin, built, capsys):
    deploy.main([], ws=standin.client())
    job_id = int(re.search(r"job id: (\d+)", capsys.readouterr().out).group(1))
    from dino_desktop.config import AzureSettings

    azure = AzureSettings(databricks_job_id=job_id, volume_path="/Volumes/main/dino/landing",
                          databricks_host=standin.url)
    engine = DatabricksEngine(standin.client(), azure)
    engine.check()  # raises when the job lacks the parameters the desktop passes


def test_a_failing_deploy_says_why_and_exits_non_zero(standin, built, capsys, monkeypatch):
    monkeypatch.setattr(standin.state, "token", "another")
    assert deploy.main([], ws=standin.client(token="wrong")) == 1
    assert "deploy failed" in capsys.readouterr().err


def test_the_sources_hash_moves_with_the_sources_only(tmp_path):
    project = tmp_path / "p"
    (project / "src" / "dino_spark_job").mkdir(parents=True)
    (project / "pyproject.toml").write_text("x")
    (project / "src" / "dino_spark_job" / "a.py").write_text("a = 1")
    first = deploy.sources_hash(project)
    assert deploy.sources_hash(project) == first
    (project / "src" / "dino_spark_job" / "__pycache__").mkdir()
    (project / "src" / "dino_spark_job" / "__pycache__" / "a.pyc").write_bytes(b"junk")
    assert deploy.sources_hash(project) == first
    (project / "src" / "dino_spark_job" / "a.py").write_text("a = 2")
    assert deploy.sources_hash(project) != first


def _resolve(value: Any, variables: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _resolve(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, variables) for v in value]
    if isinstance(value, str):
        return re.sub(r"\$\{var\.(\w+)\}", lambda m: variables[m.group(1)], value)
    return value


def test_the_bundle_defines_the_same_job_as_the_deploy_command():
    bundle = yaml.safe_load((JOB / "databricks.yml").read_text("utf-8"))
    variables = {k: v["default"] for k, v in bundle["variables"].items()}
    job = _resolve(bundle["resources"]["jobs"]["dino_ingest"], variables)
    opts = deploy.Options(spark_version=variables["spark_version"],
                          node_type=variables["node_type"])
    ours = deploy.job_settings(opts, "./notebooks/dino_write.py", "./dist/*.whl")
    assert job == ours
    assert set(bundle["targets"]) == {"dev", "prod"}
    assert (JOB / job["tasks"][0]["notebook_task"]["notebook_path"]).is_file()


def test_contains_compares_what_we_set_not_the_services_defaults():
    wanted = {"a": 1, "tasks": [{"k": "x"}]}
    assert deploy.contains({"a": 1, "b": 2, "tasks": [{"k": "x", "d": 0}]}, wanted)
    assert not deploy.contains({"a": 1, "tasks": [{"k": "y"}]}, wanted)
    assert not deploy.contains({"a": 1, "tasks": [{"k": "x"}, {"k": "x"}]}, wanted)
    _ = base64  # the stand-in decodes what the SDK base64-encodes
