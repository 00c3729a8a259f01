"""Conformance: the same manifests and parts through the desktop's delta-rs engine and the
Spark job must give the same tables — rows, column names and order, types — and the same
refusals. This is what catches drift between the two engines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from deltalake import DeltaTable
from dino_spark_job.job import run_job
from dino_spark_job.manifest import Target
from dino_spark_job.problems import JobProblem
from dino_spark_job.tables import TableStore
from dino_spark_job.types import name_of, normalize
from pyspark.sql import functions as F

from dino_desktop.adapters.delta_shape import dino_type
from dino_desktop.adapters.local_engine import LocalEngine
from dino_desktop.core.models import DinoError
from dino_desktop.core.models import Target as DesktopTarget
from tests.spark_job.conftest import stage

INGESTED_AT = "_dino_ingested_at"


@dataclass
class Step:
    csv: str
    mode: str = "append"
    keys: tuple[str, ...] = ()
    evolution: str = "add_columns"
    types: dict[str, str] = field(default_factory=dict)
    replay: int | None = None  # run step N's manifest again instead of staging a new one


SALES = ("Relatório de vendas;;;\n;;;\ncodigo;cliente;valor;data;hora;ativo\n"
         "001;Ana;1.234,56;25/11/2026;25/11/2026 14:03:00;sim\n"
         "002;Bia;-10,5;26/11/2026;26/11/2026 08:00:00;não\n"
         "003;;;27/11/2026;;\n"
         "Total;;1.224,06;;;\n")

SCENARIOS: dict[str, list[Step]] = {
    "append, new column, overwrite, replay": [
        Step(SALES),
        Step("codigo;cliente;valor;data;hora;ativo\n004;Caio;0,01;28/11/2026;"
             "28/11/2026 23:59:59;sim\n"),
        Step("codigo;cliente;valor;loja\n005;Duda;2,00;07\n"),
        Step("codigo;valor\n006;3,00\n007;4,00\n", mode="overwrite"),
        Step("", replay=1),
    ],
    "merge: create, update, insert, NULL keys, new column, missing column": [
        Step(SALES, mode="merge", keys=("codigo",)),
        Step("codigo;cliente;valor;data;hora;ativo\n002;Bia;99,90;26/11/2026;"
             "26/11/2026 09:00:00;sim\n004;Caio;1,00;28/11/2026;28/11/2026 10:00:00;não\n",
             mode="merge", keys=("codigo",)),
        Step("codigo;valor;regiao\n001;5,00;SP\n;6,00;RJ\n", mode="merge", keys=("codigo",)),
        Step("codigo;cliente\n003;Carla\n", mode="merge", keys=("codigo",)),
    ],
    "types: forced, widened": [
        Step("id;preco;qtd;quando\n1;1,5;10;25/11/2026\n2;2,25;;26/11/2026\n",
             types={"preco": "decimal(10,3)", "qtd": "double"}),
        Step("id;preco;qtd;quando\n3;7,125;4;27/11/2026\n"),
        Step("id;preco;qtd;quando\n4;1,000;5;28/11/2026 10:30:00\n",
             types={"quando": "timestamp"}),
    ],
    "refusals": [
        Step("codigo;valor\n001;1,00\n"),
        Step("codigo;valor;novo\n002;2,00;x\n", evolution="strict"),
        Step("codigo;valor\n003;abc\n"),
        Step("codigo;valor\n004;1,00\n004;2,00\n", mode="merge", keys=("codigo",)),
        Step("codigo;valor\n005;5,00\n"),
    ],
}


@dataclass
class Outcome:
    result: tuple[Any, ...] | None  # rows_written, version_before, version_after, replayed
    refused: str | None


def delta_run(engine: LocalEngine, manifest: str) -> Outcome:
    try:
        r = engine.run(manifest)
    except DinoError as exc:
        return Outcome(None, exc.problem.code)
    return Outcome((r.rows_written, r.version_before, r.version_after, r.replayed), None)


def spark_run(spark: Any, store: TableStore, manifest: str) -> Outcome:
    try:
        r = run_job(spark, manifest, store=store)
    except JobProblem as exc:
        return Outcome(None, exc.code)
    return Outcome((r["rows_written"], r["version_before"], r["version_after"], r["replayed"]),
                   None)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    return value


def delta_table(lakehouse: Path, target: Target) -> tuple[list[tuple[str, str]], list[tuple]]:
    table = DeltaTable(str(lakehouse / target.database / target.table))
    schema = [(f.name, normalize(dino_type(f.type))) for f in table.schema().fields]
    data = table.to_pyarrow_table().to_pylist()
    names = [n for n, _ in schema if n != INGESTED_AT]
    return schema, sorted((tuple(_plain(r[n]) for n in names) for r in data), key=repr)


def spark_table(store: TableStore, target: Target) -> tuple[list[tuple[str, str]], list[tuple]]:
    df = store.read(target)
    schema = [(f.name, name_of(f.dataType)) for f in df.schema.fields]
    names = [n for n, _ in schema if n != INGESTED_AT]
    cols = [F.date_format(n, "yyyy-MM-dd HH:mm:ss.SSSSSS").alias(n) if t == "timestamp"
            else F.col(f"`{n}`") for n, t in schema if n != INGESTED_AT]
    data = [tuple(_plain(r[n]) for n in names) for r in df.select(*cols).collect()]
    return schema, sorted(data, key=repr)


def ingested(store: TableStore, lakehouse: Path, target: Target) -> tuple[int, int]:
    """Rows without an ingestion time, in each table (there must be none)."""
    local = DeltaTable(str(lakehouse / target.database / target.table)).to_pyarrow_table()
    return (local.column(INGESTED_AT).null_count,
            store.read(target).where(F.col(INGESTED_AT).isNull()).count())


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_delta_rs_and_the_spark_job_land_the_same_table(spark, store, target, tmp_path, name):
    lakehouse = tmp_path / "lakehouse"
    engine = LocalEngine(lakehouse, sleep=lambda s: None)
    staged: list[str] = []
    for i, step in enumerate(SCENARIOS[name]):
        if step.replay is not None:
            manifest = staged[step.replay]
        else:
            manifest = stage(tmp_path, step.csv, target, mode=step.mode, keys=step.keys,
                             evolution=step.evolution, types=step.types).manifest_path
        staged.append(manifest)
        local, remote = delta_run(engine, manifest), spark_run(spark, store, manifest)
        assert local == remote, f"step {i}: delta-rs {local} vs spark {remote}"
        if local.result is None and not DeltaTable.is_deltatable(
                str(lakehouse / target.database / target.table)):
            continue
        local_schema, local_rows = delta_table(lakehouse, target)
        spark_schema, spark_rows = spark_table(store, target)
        assert local_schema == spark_schema, f"step {i}: columns or types differ"
        assert local_rows == spark_rows, f"step {i}: rows differ"
        assert ingested(store, lakehouse, target) == (0, 0)


def test_the_scenarios_cover_every_mode_refusal_and_type():
    """The suite above is only as good as what it feeds both engines."""
    steps = [s for steps in SCENARIOS.values() for s in steps]
    assert {s.mode for s in steps} == {"append", "overwrite", "merge"}
    assert any(s.replay is not None for s in steps)
    assert any(s.evolution == "strict" for s in steps)
    _ = DesktopTarget  # the desktop's Target is what stage() turns ours into
