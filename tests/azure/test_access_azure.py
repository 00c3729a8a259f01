"""Who may write where on the azure profile: the desktop refuses before uploading, and the
Databricks job (its real check, played by the stand-in on the manifest in Azurite) refuses a
modified client that skipped the desktop's check; the desktop shows why in the user's
language."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from dino_desktop import config
from dino_desktop.bootstrap import build
from dino_desktop.core.messages import render
from dino_desktop.core.runs import RunState
from dino_desktop.services.ingestion import IngestError, IngestRequest
from tests.access_lists import CENTRAL_TOML, LIST
from tests.azure.conftest import VOLUME
from tests.azure.test_azure_e2e import ROWS, Job
from tests.e2e.conftest import write_sales

SRC = Path(__file__).resolve().parents[2] / "spark_job" / "src"  # as the wheel on a cluster
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

# landing, standin and azure_env (the azure profile on Azurite and the Databricks stand-in)
# come from tests/azure/conftest.py, shared with test_azure_e2e.


class GuardedJob(Job):
    """The stand-in's job with the Spark job's own access check first: the list from the
    job's definition, who started the run as the Jobs API records it (not the manifest)."""

    def __call__(self, params: dict[str, str]) -> dict[str, Any]:
        from dino_spark_job.access import Gate, parse

        blob = "landing" + params["manifest"][len(VOLUME):]
        doc = json.loads(self.container.download_blob(blob).readall())
        (run,) = [r for r in self.db.state.runs.values() if r.params == params]
        Gate(parse(LIST), lambda run_id: run.creator, "test").check(doc)  # or JobProblem
        return super().__call__(params)


def listed(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    central = tmp_path / "dino.toml"
    central.write_text(CENTRAL_TOML, "utf-8")
    return {**env, "DINO_CENTRAL_CONFIG": str(central)}


def test_the_desktop_refuses_before_uploading_anything(azure_env, landing, standin, tmp_path):
    app = build(config.load(env={**listed(azure_env, tmp_path),
                                 "DINO_USER": "ana@contoso.com"}))
    with pytest.raises(IngestError) as info:
        app.ingestion.ingest(IngestRequest(write_sales(tmp_path / "v.csv", ROWS),
                                           "financeiro", "contas"))
    assert info.value.problems[0].code == "access_denied"
    assert list(landing.list_blobs()) == [] and standin.state.runs == {}


@pytest.mark.parametrize(("manifest_user", "code", "pt"), [
    ("ze@contoso.com", "access_denied",
     "A lista de acesso do DINO não permite que ze@contoso.com grave na tabela vendas.notas."),
    ("carlos@contoso.com", "access_user_mismatch",
     "foi preparada por carlos@contoso.com, mas iniciada por ze@contoso.com"),
])
def test_the_job_refuses_a_client_that_skipped_the_check(azure_env, landing, standin,
                                                         tmp_path, manifest_user, code, pt):
    """No list on this desktop (as a modified client would do), a manifest naming anyone:
    the job still checks who really started the run."""
    standin.state.on_run = GuardedJob(standin, landing)
    standin.state.user = "ze@contoso.com"  # who the Databricks token belongs to
    app = build(config.load(env={**azure_env, "DINO_USER": manifest_user}))
    with pytest.raises(IngestError) as info:
        app.ingestion.ingest(IngestRequest(write_sales(tmp_path / "v.csv", ROWS),
                                           "vendas", "notas"))
    problem = info.value.problems[0]
    assert problem.code == code
    assert pt in render(problem, "pt_BR")
    assert info.value.run is not None and info.value.run.state is RunState.FAILED
    assert "main.vendas.notas" not in standin.state.lake.tables  # nothing written
