"""The Unity Catalog adapter against the local stand-in: databases, tables, schemas."""

from __future__ import annotations

import datetime as dt
import socket
import time
from typing import Any

import pytest

from dino_desktop.adapters.databricks_client import Workspace
from dino_desktop.adapters.databricks_engine import DatabricksEngine
from dino_desktop.adapters.unity_catalog import UnityCatalog
from dino_desktop.config import AzureSettings
from dino_desktop.core.models import DinoError, Target
from tests.standins.databricks import DatabricksStandin
from tests.standins.databricks_tables import BASE_MS


@pytest.fixture
def db() -> Any:
    with DatabricksStandin() as standin:
        lake = standin.state.lake
        lake.add_table("main.vendas.notas", [("codigo", "string"), ("valor", "decimal(18,2)"),
                                             ("qtd", "bigint"), ("quando", "timestamp_ntz")],
                       location="abfss://lake@acct.dfs.core.windows.net/vendas/notas")
        lake.add_table("main.vendas.clientes", [("cnpj", "string")])
        lake.add_table("main.compras.pedidos", [("id", "int")])
        lake.add_table("outro.vendas.notas", [("x", "string")])
        lake.add_schema("main", "vazio")
        lake.table("main.vendas.notas").commit("WRITE", {}, None)
        lake.table("main.vendas.notas").commit("WRITE", {}, None)
        yield standin


def catalog(db: DatabricksStandin, **overrides: Any) -> UnityCatalog:
    return UnityCatalog(db.client(**overrides), "main")


def test_databases_are_the_catalogs_schemas_across_pages(db: DatabricksStandin) -> None:
    db.uc.page_size = 2  # the SDK follows next_page_token
    assert catalog(db).databases() == ["compras", "default", "vazio", "vendas"]
    assert len(db.state.calls("GET", "/unity-catalog/schemas")) == 3


def test_tables_with_location_version_and_update_time(db: DatabricksStandin) -> None:
    db.uc.page_size = 1
    tables = catalog(db).tables("vendas")
    assert [(t.database, t.table) for t in tables] == [("vendas", "clientes"),
                                                      ("vendas", "notas")]
    notas = tables[1]
    assert notas.uri == "abfss://lake@acct.dfs.core.windows.net/vendas/notas"
    assert notas.version == 1
    assert notas.last_ingested_at == dt.datetime.fromtimestamp((BASE_MS + 1000) / 1000, dt.UTC)
    assert all(r.query.get("omit_columns") in ("true", "True")
               for r in db.state.calls("GET", "/unity-catalog/tables"))
    everything = catalog(db).tables()
    assert [(t.database, t.table) for t in everything] == [
        ("compras", "pedidos"), ("vendas", "clientes"), ("vendas", "notas")]


def test_a_database_that_does_not_exist_has_no_tables(db: DatabricksStandin) -> None:
    assert catalog(db).tables("nada") == []
    assert catalog(db).tables("vazio") == []


def test_schema_in_dino_type_names_or_none(db: DatabricksStandin) -> None:
    uc = catalog(db)
    assert uc.schema(Target("vendas", "notas", "main")) == [
        ("codigo", "string"), ("valor", "decimal(18,2)"), ("qtd", "bigint"),
        ("quando", "timestamp")]
    assert uc.schema(Target("vendas", "nova", "main")) is None
    assert uc.schema(Target("nada", "nova", "main")) is None
    assert uc.schema(Target("vendas", "notas", "outro")) == [("x", "string")]


def test_location_is_the_storage_location(db: DatabricksStandin) -> None:
    uc = catalog(db)
    assert uc.location(Target("vendas", "notas", "main")) == \
        "abfss://lake@acct.dfs.core.windows.net/vendas/notas"
    assert uc.location(Target("vendas", "nova", "main")) == "main.vendas.nova"


def test_a_catalog_that_does_not_exist_is_a_problem(db: DatabricksStandin) -> None:
    with pytest.raises(DinoError) as err:
        UnityCatalog(db.client(), "nenhum").databases()
    assert err.value.problem.code == "engine_api_error"
    assert "nenhum" in err.value.problem.params["message"]


def test_a_refused_token_is_a_sign_in_problem(db: DatabricksStandin) -> None:
    with pytest.raises(DinoError) as err:
        catalog(db, token="wrong").databases()
    assert err.value.problem.code == "engine_auth"
    assert err.value.problem.params["host"] == db.url


def test_an_unreachable_workspace_is_a_clear_problem_and_construction_is_free() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    host = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    uc = UnityCatalog.from_settings(AzureSettings(databricks_host=host), None,
                                    env={"DATABRICKS_TOKEN": "x"}, keyring_get=lambda h: None,
                                    retry_timeout_seconds=1, http_timeout_seconds=1)
    assert time.monotonic() - t0 < 0.5
    with pytest.raises(DinoError) as err:
        uc.databases()
    assert err.value.problem.code == "engine_unreachable"
    assert err.value.problem.params["host"] == host
    assert time.monotonic() - t0 < 15


def test_the_engine_and_the_catalog_can_share_one_lazily_built_client(
        db: DatabricksStandin) -> None:
    built: list[int] = []
    ws = Workspace(lambda: (built.append(1), db.client())[1])
    uc = UnityCatalog(ws, "main")
    engine = DatabricksEngine(ws, AzureSettings(databricks_host=db.url,
                                                databricks_warehouse_id="wh1"))
    assert built == []
    assert uc.databases() and engine.table_version(Target("vendas", "notas", "main")) == 1
    assert built == [1]
