"""The Spark job on local PySpark: every mode, casts, audit columns, replay, evolution, refusals."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dino_spark_job.job import RESULT_FILE, run_job
from dino_spark_job.manifest import Target
from dino_spark_job.problems import MARKER, JobProblem
from dino_spark_job.tables import TableStore
from pyspark.sql import functions as F

from tests.spark_job.conftest import stage

HEADER = "codigo;nome;valor;qtd;data\n"
BASE = HEADER + "001;Ana;1.234,50;3;25/11/2026\n002;Bia;10,00;4;26/11/2026\n"
NOW = dt.datetime(2026, 11, 25, 14, 3, tzinfo=dt.timezone.utc)


def rows(store: TableStore, target: Target, key: str = "codigo") -> list[dict[str, Any]]:
    got = [r.asDict() for r in store.read(target).collect()]
    return sorted(got, key=lambda r: str(r.get(key)))


def types(store: TableStore, target: Target) -> dict[str, str]:
    return {f.name: f.dataType.simpleString() for f in store.read(target).schema.fields}


def run(spark: Any, store: TableStore, staged: Any, **kw: Any) -> dict[str, Any]:
    return run_job(spark, staged.manifest_path, staged.manifest["run_id"], store=store,
                   now=NOW, **kw)


def refusal(spark: Any, store: TableStore, staged: Any) -> JobProblem:
    with pytest.raises(JobProblem) as info:
        run(spark, store, staged)
    return info.value


# ---------------------------------------------------------------- writing


def test_first_run_creates_the_table_with_manifest_types_and_audit_columns(
        spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)
    result = run(spark, store, staged)
    assert (result["rows_written"], result["version_before"], result["version_after"],
            result["replayed"]) == (2, None, 0, False)
    assert result["run_id"] == staged.manifest["run_id"] and result["seconds"] >= 0
    assert types(store, target) == {
        "codigo": "string", "nome": "string", "valor": "decimal(18,2)", "qtd": "bigint",
        "data": "date", "_dino_run_id": "string", "_dino_ingested_at": "timestamp",
        "_dino_source_file": "string"}
    got = rows(store, target)
    assert [r["codigo"] for r in got] == ["001", "002"]  # leading zeros stay
    assert got[0]["valor"] == Decimal("1234.50") and got[0]["data"] == dt.date(2026, 11, 25)
    assert {r["_dino_run_id"] for r in got} == {staged.manifest["run_id"]}
    assert {r["_dino_source_file"] for r in got} == {"vendas.csv"}
    stamp = store.read(target).select(
        F.date_format("_dino_ingested_at", "yyyy-MM-dd HH:mm").alias("t")).distinct().collect()
    assert [r["t"] for r in stamp] == ["2026-11-25 14:03"]


def test_the_result_file_beside_the_manifest_is_the_task_output(spark, store, target,
                                                                 tmp_path):
    staged = stage(tmp_path, BASE, target)
    result = run(spark, store, staged)
    written = json.loads((Path(staged.manifest_path).parent / RESULT_FILE).read_text("utf-8"))
    assert written == result
    assert result["table_uri"] == store.location(target)
