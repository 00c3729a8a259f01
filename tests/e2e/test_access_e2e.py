"""Who may write where, end to end on the local profile: the services refuse a denied target
before anything is converted or staged (also a retry from History), and the CLI and
`dino doctor` say so in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dino_desktop import config
from dino_desktop.bootstrap import App, build
from dino_desktop.core.models import DinoError, Problem, Severity, Target, WriteMode
from dino_desktop.core.runs import RunState
from dino_desktop.services.ingestion import IngestError, IngestRequest
from tests.access_lists import CENTRAL_TOML
from tests.e2e.conftest import dino, write_sales

ROWS = [("001", "Ana", "1,00"), ("002", "Bia", "2,00")]


@pytest.fixture
def listed(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The environment with IT's central file holding the example access list."""
    central = tmp_path / "it" / "dino.toml"
    central.parent.mkdir()
    central.write_text(CENTRAL_TOML, "utf-8")
    return {**env, "DINO_CENTRAL_CONFIG": str(central)}


def app_for(env: dict[str, str], user: str) -> App:
    return build(config.load(env={**env, "DINO_USER": user}))


def req(path: Path, database: str, table: str, mode: str = "append") -> IngestRequest:
    keys = ["codigo"] if mode == "merge" else []
    return IngestRequest(path, database, table, mode=WriteMode(mode), keys=keys)


def nothing_happened(app: App) -> None:
    assert app.runlog.count() == 0  # no run was even created
    work = app.settings.work
    assert not work.exists() or not any(work.iterdir())  # nothing converted
    assert app.storage.runs() == []  # nothing staged


def test_allowed_targets_are_written(listed, tmp_path):
    app = app_for(listed, "Ana@Contoso.com")
    src = write_sales(tmp_path / "v.csv", ROWS)
    assert app.ingestion.ingest(req(src, "vendas", "notas")).state is RunState.SUCCEEDED
    run = app.ingestion.ingest(req(src, "vendas", "notas", "merge"), confirm={"duplicate"})
    assert run.state is RunState.SUCCEEDED


def test_a_denied_target_is_refused_before_anything_is_converted_or_staged(listed, tmp_path):
    app = app_for(listed, "ana@contoso.com")
    src = write_sales(tmp_path / "v.csv", ROWS)
    plan = app.ingestion.plan(req(src, "financeiro", "contas"))
    assert [p.code for p in plan.blocking] == ["access_denied"]
    with pytest.raises(IngestError) as info:
        app.ingestion.ingest(req(src, "financeiro", "contas"))
    assert info.value.run is None and info.value.problems[0].code == "access_denied"
    assert "does not let ana@contoso.com write to table financeiro.contas" in str(info.value)
    nothing_happened(app)
    assert app.catalog.schema(Target("financeiro", "contas")) is None


def test_overwrite_is_for_the_tables_owner_only(listed, tmp_path):
    src = write_sales(tmp_path / "v.csv", ROWS)
    owner = app_for(listed, "carlos@contoso.com")
    assert owner.ingestion.ingest(req(src, "vendas", "notas")).state is RunState.SUCCEEDED
    ana = app_for(listed, "ana@contoso.com")
    with pytest.raises(IngestError) as info:
        ana.ingestion.ingest(req(src, "vendas", "notas", "overwrite"),
                             confirm={"overwrite", "duplicate"})
    assert info.value.problems[0].code == "access_mode_denied"
    assert info.value.problems[0].params["modes"] == ["append", "merge"]
    run = owner.ingestion.ingest(req(src, "vendas", "notas", "overwrite"),
                                 confirm={"overwrite", "duplicate"})
    assert run.state is RunState.SUCCEEDED


class FailingEngine:
    """The engine fails once the files are staged: the run stays retryable from them."""

    def __init__(self, engine: object) -> None:
        self.engine = engine

    def run(self, *args: object, **kw: object) -> object:
        raise DinoError(Problem(Severity.ERROR, "table_write_failed",
                                {"table": "vendas.notas", "reason": "disk"}))

    def __getattr__(self, name: str) -> object:
        return getattr(self.engine, name)


def failed_run(app: App, tmp_path: Path) -> str:
    engine = app.ingestion.engine
    app.ingestion.engine = FailingEngine(engine)  # type: ignore[assignment]
    with pytest.raises(IngestError) as info:
        app.ingestion.ingest(req(write_sales(tmp_path / "v.csv", ROWS), "vendas", "notas"))
    app.ingestion.engine = engine
    assert info.value.run is not None and app.storage.exists(info.value.run.run_id)
    return info.value.run.run_id


def test_a_retry_from_history_is_checked_too(env, listed, tmp_path):
    run_id = failed_run(app_for(env, "ana@contoso.com"), tmp_path)  # before IT's list
    ana = app_for(listed, "ana@contoso.com")
    it_only = tmp_path / "it" / "dino.toml"
    it_only.write_text('[access]\nallow = [{ who = "it@contoso.com", database = "*", '
                       'table = "*", modes = "*" }]\n', "utf-8")
    with pytest.raises(DinoError) as info:
        app_for(listed, "ana@contoso.com").history.retry(run_id)
    assert info.value.problem.code == "access_denied"
    assert ana.runlog.get(run_id).state is RunState.FAILED  # left as it was
    it_only.write_text(CENTRAL_TOML, "utf-8")
    with pytest.raises(DinoError) as info:  # someone else's staged run
        app_for(listed, "bia@contoso.com").history.retry(run_id)
    assert info.value.problem.code == "access_user_mismatch"
    assert info.value.problem.params == {"run_id": run_id, "user": "ana@contoso.com",
                                         "trigger_user": "bia@contoso.com"}
    assert ana.history.retry(run_id).state is RunState.SUCCEEDED


def test_a_retry_from_the_source_file_goes_through_the_plan(env, listed, tmp_path):
    app = app_for(env, "ana@contoso.com")
    run_id = failed_run(app, tmp_path)
    app.storage.remove(run_id)  # the staged files are gone: the retry starts from the source
    with pytest.raises(IngestError) as info:
        app_for(listed, "ze@contoso.com").history.retry(run_id)
    assert info.value.problems[0].code == "access_denied" and info.value.run is None


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "DINO's access list does not let ana@contoso.com write to table financeiro.contas. "
           "Ask IT, or the table's owner"),
    ("pt_BR", "A lista de acesso do DINO não permite que ana@contoso.com grave na tabela "
              "financeiro.contas. Peça à TI, ou ao dono da tabela"),
])
def test_the_cli_refuses_a_denied_target_in_the_users_language(listed, tmp_path, lang, words):
    src = write_sales(tmp_path / "v.csv", ROWS)
    done = dino({**listed, "DINO_LANG": lang}, "ingest", str(src), "--database", "financeiro",
                "--table", "contas", "--yes")
    assert done.returncode == 3, done.stderr
    assert words in done.stderr


def test_doctor_says_who_may_write_where(env, listed):
    done = dino(listed, "doctor")
    assert done.returncode == 0, done.stderr
    line = done.stdout.splitlines()[-1]
    assert line.startswith("ok   access") and "4 rule(s)" in line
    assert "vendas.* (append, merge)" in line
    data = json.loads(dino(env, "doctor", "--json").stdout)
    assert [c["check"] for c in data] == ["folder", "run log"]  # no list: no line
