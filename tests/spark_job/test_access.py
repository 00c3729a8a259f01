"""The job checks IT's access list again before it writes: the desktop's rules, written again
(the job cannot import the desktop), against who really started the run."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

import pytest
from dino_spark_job import access as job_access
from dino_spark_job.job import RESULT_FILE, run_job
from dino_spark_job.problems import JobProblem

from dino_desktop.adapters.databricks_result import _refusal
from dino_desktop.core import access as desktop_access
from dino_desktop.core.messages import render
from dino_desktop.core.models import Target
from tests.access_lists import BAD_LISTS, CASES, LIST, write_json
from tests.spark_job.conftest import stage
from tests.spark_job.test_contract import JOB, FakeDbutils
from tests.spark_job.test_deploy import built, wheel  # noqa: F401 (fixtures)
from tests.spark_job.test_job import BASE, NOW
from tests.standins.databricks import DatabricksStandin

# the spark tests' tables live in random databases vendas_<hex>
JOB_LIST = {"groups": {"vendas": ["Ana@Contoso.com", "bia@contoso.com"]},
            "allow": [{"who": "group:vendas", "database": "vendas_*", "table": "*",
                       "modes": ["append", "merge"]},
                      {"who": "carlos@contoso.com", "database": "vendas_*", "table": "notas",
                       "modes": "*"}]}


# ---------------------------------------------------------------- one rule, written twice


@pytest.mark.parametrize(("user", "database", "table", "mode", "expected"), CASES)
def test_the_job_and_the_desktop_agree_on_who_may_write_where(user, database, table, mode,
                                                              expected):
    desktop = desktop_access.parse(LIST)
    job = job_access.parse(LIST)
    assert job.allowed(user, database, table, mode) is expected
    assert desktop.allowed(user, Target(database, table), mode) is expected
    assert job.allowed_modes(user, database, table) == desktop.allowed_modes(
        user, Target(database, table))


@pytest.mark.parametrize(("data", "words"), BAD_LISTS)
def test_the_job_and_the_desktop_refuse_the_same_broken_lists(data, words):
    for module in (desktop_access, job_access):
        with pytest.raises(module.AccessListError) as info:
            module.parse(data)
        assert words in str(info.value), module.__name__


def test_what_to_do_travels_with_the_jobs_refusals_as_the_desktops_fix_codes():
    from dino_spark_job.problems import FIXES, SENTENCES

    from dino_desktop.core.messages import FIXES as DESKTOP_FIXES

    assert set(FIXES) <= set(SENTENCES)
    assert set(FIXES.values()) <= set(DESKTOP_FIXES)


def test_the_job_takes_the_list_wrapped_as_in_the_central_file():
    assert job_access.parse({"access": LIST}) == job_access.parse(LIST)


# ---------------------------------------------------------------- the gate


def gate(trigger: str = "ana@contoso.com", data: Any = None) -> job_access.Gate:
    return job_access.Gate(job_access.parse(JOB_LIST if data is None else data),
                           lambda run_id: trigger, "test")


def run(spark: Any, store: Any, staged: Any, **kw: Any) -> dict[str, Any]:
    return run_job(spark, staged.manifest_path, staged.manifest["run_id"], store=store,
                   now=NOW, **kw)


def refused(spark: Any, store: Any, staged: Any, **kw: Any) -> JobProblem:
    with pytest.raises(JobProblem) as info:
        run(spark, store, staged, **kw)
    assert store.schema(staged_target(staged)) is None  # nothing written
    return info.value


def staged_target(staged: Any) -> Any:
    from dino_spark_job.manifest import Target as JobTarget

    t = staged.manifest["target"]
    return JobTarget(t["catalog"], t["database"], t["table"])


def test_an_allowed_user_writes(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target, user="ana@contoso.com")
    assert run(spark, store, staged, access=gate("ANA@contoso.com"))["rows_written"] == 2


def test_a_denied_target_is_refused_and_nothing_written(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target, user="ze@contoso.com")
    problem = refused(spark, store, staged, access=gate("ze@contoso.com"))
    assert problem.code == "access_denied"
    assert problem.params == {"user": "ze@contoso.com", "mode": "append",
                              "target": f"{target.database}.{target.table}"}
    doc = json.loads((Path(staged.manifest_path).parent / RESULT_FILE).read_text("utf-8"))
    assert doc["problem"]["code"] == "access_denied" and doc["problem"]["fix"] == "ask_access"


def test_a_denied_mode_is_refused_naming_the_modes_allowed(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target, mode="overwrite", user="bia@contoso.com")
    problem = refused(spark, store, staged, access=gate("bia@contoso.com"))
    assert (problem.code, problem.params["modes"]) == ("access_mode_denied",
                                                       ["append", "merge"])
    owner = stage(tmp_path, BASE, target, mode="overwrite", user="carlos@contoso.com")
    assert run(spark, store, owner, access=gate("carlos@contoso.com"))["rows_written"] == 2


def test_a_manifest_naming_someone_else_is_refused(spark, store, target, tmp_path):
    """A modified client writes the manifest: the job believes the Jobs API instead."""
    staged = stage(tmp_path, BASE, target, user="carlos@contoso.com")
    problem = refused(spark, store, staged, access=gate("ze@contoso.com"))
    assert problem.code == "access_user_mismatch"
    assert problem.params == {"run_id": staged.manifest["run_id"],
                              "user": "carlos@contoso.com", "trigger_user": "ze@contoso.com"}


def test_the_refusals_reach_the_desktop_in_both_languages(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target, user="ze@contoso.com")
    problem = _refusal(str(refused(spark, store, staged, access=gate("ze@contoso.com"))))
    assert problem is not None and problem.code == "access_denied"
    where = f"{target.database}.{target.table}"
    assert render(problem, "en").startswith(
        f"DINO's access list does not let ze@contoso.com write to table {where}. Ask IT")
    assert render(problem, "pt_BR").startswith(
        f"A lista de acesso do DINO não permite que ze@contoso.com grave na tabela {where}. "
        "Peça à TI")


def test_who_started_the_run_must_be_known(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)

    def api_down(run_id: str) -> str:
        raise ConnectionError("workspace unreachable")

    for trigger, words in ((api_down, "workspace unreachable"),
                           (lambda run_id: "", "does not say"), (None, "job_run_id")):
        problem = refused(spark, store, staged, access=job_access.Gate(
            job_access.parse(JOB_LIST), trigger, "test"))
        assert problem.code == "access_check_failed" and words in problem.params["reason"]


def test_no_list_lets_everyone_write_without_asking_who(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target, user="ze@contoso.com")
    assert run(spark, store, staged, access=job_access.Gate())["rows_written"] == 2


# ---------------------------------------------------------------- the job's own set-up


def read(location: str) -> str:
    return Path(location).read_text("utf-8")


def test_the_list_comes_from_the_job_clusters_environment(tmp_path):
    path = write_json(tmp_path / "access.json", JOB_LIST)
    asked: list[str] = []

    def lookup(job_run_id: str, dino_run_id: str) -> str:
        asked.append((job_run_id, dino_run_id))
        return "ana@contoso.com"

    found = job_access.gate_from_environment(read, "777", {"DINO_ACCESS_LIST": str(path)},
                                             lookup)
    assert found.source == str(path) and found.trigger_user is not None
    assert found.trigger_user("01RUN") == "ana@contoso.com" and asked == [("777", "01RUN")]
    for env in ({}, {"DINO_ACCESS_LIST": ""}, {"DINO_ACCESS_LIST": "  "}):
        assert job_access.gate_from_environment(read, "777", env, lookup).rules is None


@pytest.mark.parametrize(("content", "words"), [
    (None, "cannot be read"), ("{not json", "cannot be read"),
    (json.dumps({"allow": [{"who": "*"}]}), "allow entry 1"),
])
def test_a_list_the_job_cannot_use_refuses_every_run(tmp_path, content, words):
    path = tmp_path / "access.json"
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(JobProblem) as info:
        job_access.gate_from_environment(read, "1", {"DINO_ACCESS_LIST": str(path)})
    assert info.value.code == "access_check_failed" and words in info.value.params["reason"]


def test_the_jobs_api_says_who_started_the_run_for_this_dino_run():
    with DatabricksStandin() as db:
        db.state.user = "ana@contoso.com"
        client = db.client()
        started = client.jobs.run_now(123, job_parameters={"manifest": "m", "run_id": "01A"})
        job_run_id = str(started.response.run_id)
        assert job_access.jobs_api_trigger_user(job_run_id, "01A", client) == "ana@contoso.com"
        with pytest.raises(JobProblem) as info:  # someone else's job run, passed as ours
            job_access.jobs_api_trigger_user(job_run_id, "01B", client)
        assert info.value.code == "access_check_failed" and "'01A'" in str(info.value)


def test_the_notebook_checks_the_list_named_on_the_cluster(spark, store, target, tmp_path,
                                                          monkeypatch):
    """The notebook passes its job run id; DINO_ACCESS_LIST names the list; the Jobs API
    (here: a stand-in lookup) says who started the run."""
    if store.kind == "parquet":
        monkeypatch.setenv("DINO_SPARK_WAREHOUSE", str(store.root))
    monkeypatch.setenv("DINO_ACCESS_LIST", str(write_json(tmp_path / "access.json", JOB_LIST)))
    asked: list[str] = []

    def lookup(job_run_id: str, dino_run_id: str, client: Any = None) -> str:
        asked.append(job_run_id)
        return "ze@contoso.com"

    monkeypatch.setattr(job_access, "jobs_api_trigger_user", lookup)
    staged = stage(tmp_path, BASE, target, user="ze@contoso.com")
    dbutils = FakeDbutils({"manifest": staged.manifest_path,
                           "run_id": staged.manifest["run_id"], "job_run_id": "4242"})
    with pytest.raises(JobProblem) as info:
        runpy.run_path(str(JOB / "notebooks" / "dino_write.py"),
                       init_globals={"spark": spark, "dbutils": dbutils})
    assert info.value.code == "access_denied" and asked == ["4242"]
    assert dbutils.exit_value is None


# ---------------------------------------------------------------- the job's definition


@pytest.fixture
def standin() -> Any:
    with DatabricksStandin(job_ids=()) as db:
        yield db


def deployed(standin: DatabricksStandin, *args: str) -> dict[str, Any]:
    from dino_spark_job import deploy

    assert deploy.main(list(args), ws=standin.client()) == 0
    (settings,) = standin.state.defined.values()
    return settings


@pytest.mark.usefixtures("built")
def test_the_deploy_command_puts_the_list_on_the_job_cluster(standin):
    from dino_desktop.adapters.databricks_engine import DatabricksEngine
    from dino_desktop.config import AzureSettings

    where = "/Volumes/main/dino/config/access.json"
    settings = deployed(standin, "--access-list", where)
    cluster = settings["job_clusters"][0]["new_cluster"]
    assert cluster["spark_env_vars"] == {"DINO_ACCESS_LIST": where}
    task = settings["tasks"][0]["notebook_task"]
    assert task["base_parameters"] == {"job_run_id": "{{job.run_id}}"}
    # the client cannot pass job_run_id: it is no job parameter
    assert [p["name"] for p in settings["parameters"]] == ["manifest", "run_id", "action"]
    (job_id,) = standin.state.defined
    standin.state.job_ids.add(job_id)
    engine = DatabricksEngine(standin.client(), AzureSettings(
        databricks_job_id=job_id, volume_path="/Volumes/x", databricks_host=standin.url))
    assert engine.job_access_list() == where  # what `dino doctor` shows


@pytest.mark.usefixtures("built")
def test_without_a_list_the_job_cluster_gets_an_empty_one(standin):
    cluster = deployed(standin)["job_clusters"][0]["new_cluster"]
    assert cluster["spark_env_vars"] == {"DINO_ACCESS_LIST": ""}


@pytest.mark.usefixtures("built")
def test_an_existing_cluster_cannot_take_the_list_from_the_deploy(standin, capsys):
    from dino_spark_job import deploy

    assert deploy.main(["--existing-cluster-id", "c1", "--access-list", "/Volumes/a.json"],
                       ws=standin.client()) == 1
    assert "DINO_ACCESS_LIST" in capsys.readouterr().err and not standin.state.defined


def test_the_bundle_sets_the_same_list_variable_and_run_id_reference():
    import yaml

    bundle = yaml.safe_load((JOB / "databricks.yml").read_text("utf-8"))
    assert bundle["variables"]["access_list"]["default"] == ""
    job = bundle["resources"]["jobs"]["dino_ingest"]
    cluster = job["job_clusters"][0]["new_cluster"]
    assert cluster["spark_env_vars"] == {"DINO_ACCESS_LIST": "${var.access_list}"}
    assert job["tasks"][0]["notebook_task"]["base_parameters"] == {
        "job_run_id": "{{job.run_id}}"}
