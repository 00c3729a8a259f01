"""LocalCatalog over real Delta folders written by the LocalEngine (and one by plain delta-rs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
from deltalake import write_deltalake

from dino_desktop.adapters.local_catalog import LocalCatalog
from dino_desktop.adapters.local_engine import LocalEngine
from dino_desktop.core.models import Target
from tests.adapters.test_local_engine import BASE, HEADER, make_run, no_sleep

NOTAS, ITENS, FOLHA = Target("vendas", "notas"), Target("vendas", "itens"), Target("rh", "folha")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "lakehouse"


@pytest.fixture
def engine(root: Path) -> LocalEngine:
    return LocalEngine(root, sleep=no_sleep)


def test_an_empty_lakehouse(root):
    catalog = LocalCatalog(root)
    assert catalog.databases() == [] and catalog.tables() == []
    assert catalog.schema(NOTAS) is None
    root.mkdir()
    (root / "vazio").mkdir()  # a folder with no table is not a database yet
    assert catalog.databases() == [] and catalog.tables("vazio") == []


def test_databases_and_tables(tmp_path, root, engine):
    for target in (NOTAS, ITENS, FOLHA):
        engine.run(make_run(tmp_path, BASE, target=target).manifest_path)
    last = make_run(tmp_path, HEADER + "003;Caio;3,00;1;28/11/2026\n", target=NOTAS)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    engine.run(last.manifest_path)
    (root / "vendas" / "lixo").mkdir()  # not a Delta table: ignored
    (root / "outros").mkdir()
    catalog = LocalCatalog(root)
    assert catalog.databases() == ["rh", "vendas"]
    infos = catalog.tables("vendas")
    assert [(i.database, i.table) for i in infos] == [("vendas", "itens"), ("vendas", "notas")]
    notas = infos[1]
    assert notas.uri == catalog.location(NOTAS) == engine.table_uri(NOTAS)
    assert (notas.version, notas.rows, notas.last_run_id) == (1, 3, last.manifest["run_id"])
    assert notas.last_ingested_at is not None and notas.last_ingested_at.tzinfo is not None
    assert notas.last_ingested_at.utcoffset() == dt.timedelta(0)
    assert before <= notas.last_ingested_at <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    assert [(i.database, i.table) for i in catalog.tables()] == [
        ("rh", "folha"), ("vendas", "itens"), ("vendas", "notas")]
    assert catalog.tables("nenhum") == []


def test_rows_follow_merges_overwrites_and_undo(tmp_path, root, engine):
    catalog = LocalCatalog(root)
    first = make_run(tmp_path, BASE)
    engine.run(first.manifest_path)
    up = make_run(tmp_path, HEADER + "002;Bia;20,00;5;27/11/2026\n003;Caio;3,00;1;"
                  "28/11/2026\n", mode="merge", keys=("codigo",))
    res = engine.run(up.manifest_path)
    assert catalog.tables("vendas")[0].rows == 3  # rewritten files are no longer counted
    engine.restore(NOTAS, res.version_before, up.manifest["run_id"])
    info = catalog.tables("vendas")[0]
    assert (info.rows, info.version) == (2, 2)
    # the undone run is still the last commit that carried a run id
    assert info.last_run_id == up.manifest["run_id"]
    engine.run(make_run(tmp_path, HEADER + "009;Zé;1,00;1;01/12/2026\n",
                        mode="overwrite").manifest_path)
    assert catalog.tables()[0].rows == 1


def test_schema_uses_dino_type_names_with_audit_columns(tmp_path, root, engine):
    text = ("codigo;valor;qtd;data;quando;ok;taxa\n"
            "001;1,50;3;25/11/2026;25/11/2026 10:00:00;sim;0,5\n")
    engine.run(make_run(tmp_path, text, types={"quando": "timestamp", "taxa": "double",
                                               "valor": "decimal(10,2)"}).manifest_path)
    assert LocalCatalog(root).schema(NOTAS) == [
        ("codigo", "string"), ("valor", "decimal(10,2)"), ("qtd", "bigint"), ("data", "date"),
        ("quando", "timestamp"), ("ok", "boolean"), ("taxa", "double"),
        ("_dino_run_id", "string"), ("_dino_ingested_at", "timestamp"),
        ("_dino_source_file", "string")]


def test_schema_of_a_table_made_elsewhere(root):
    table = pa.table({
        "i": pa.array([1], pa.int32()), "s": pa.array([1], pa.int16()),
        "f": pa.array([1.0], pa.float32()), "n": pa.array([dt.datetime(2026, 1, 1)],
                                                            pa.timestamp("us")),
        "d": pa.array([1], pa.decimal128(38, 6))})
    write_deltalake(str(root / "outros" / "t"), table)
    catalog = LocalCatalog(root)
    assert catalog.schema(Target("outros", "t")) == [
        ("i", "int"), ("s", "smallint"), ("f", "float"), ("n", "timestamp"),
        ("d", "decimal(38,6)")]
    info = catalog.tables("outros")[0]
    assert (info.rows, info.version, info.last_run_id, info.last_ingested_at) == (
        1, 0, None, None)


def test_a_broken_table_is_listed_without_details(root):
    (root / "vendas" / "notas" / "_delta_log").mkdir(parents=True)
    catalog = LocalCatalog(root)
    assert catalog.databases() == ["vendas"]
    [info] = catalog.tables()
    assert (info.table, info.version, info.rows) == ("notas", None, None)
