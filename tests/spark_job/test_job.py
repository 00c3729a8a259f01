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
from dino_spark_job.tables import ParquetStore, TableStore
from pyspark.sql import functions as F

from tests.spark_job.conftest import stage

HEADER = "codigo;nome;valor;qtd;data\n"
BASE = HEADER + "001;Ana;1.234,50;3;25/11/2026\n002;Bia;10,00;4;26/11/2026\n"
NOW = dt.datetime(2026, 11, 25, 14, 3, tzinfo=dt.UTC)


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


def test_append_adds_rows_and_a_version(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    result = run(spark, store, stage(tmp_path, HEADER + "003;Caio;5,00;1;27/11/2026\n", target))
    assert (result["version_before"], result["version_after"]) == (0, 1)
    assert [r["codigo"] for r in rows(store, target)] == ["001", "002", "003"]


def test_overwrite_replaces_the_rows(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    staged = stage(tmp_path, HEADER + "009;Zé;1,00;1;01/12/2026\n", target, mode="overwrite")
    result = run(spark, store, staged)
    assert result["version_after"] == 1
    got = rows(store, target)
    assert [(r["codigo"], r["_dino_run_id"]) for r in got] == [("009", staged.manifest["run_id"])]


def test_merge_updates_matching_keys_and_inserts_the_others(spark, store, target, tmp_path):
    first = stage(tmp_path, BASE, target)
    run(spark, store, first)
    staged = stage(tmp_path, HEADER + "002;Bia;99,00;4;26/11/2026\n003;Caio;5,00;1;27/11/2026\n",
                   target, mode="merge", keys=("codigo",))
    result = run(spark, store, staged)
    assert (result["rows_written"], result["version_after"]) == (2, 1)
    got = {r["codigo"]: r for r in rows(store, target)}
    assert sorted(got) == ["001", "002", "003"]
    assert got["002"]["valor"] == Decimal("99.00")
    assert got["002"]["_dino_run_id"] == staged.manifest["run_id"]  # updated rows say so
    assert got["001"]["_dino_run_id"] == first.manifest["run_id"]  # untouched rows keep theirs


def test_merge_leaves_columns_the_file_lacks_and_inserts_null_keys(spark, store, target,
                                                                   tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    staged = stage(tmp_path, "codigo;valor\n001;7,00\n;8,00\n", target, mode="merge",
                   keys=("codigo",))
    run(spark, store, staged)
    got = rows(store, target)
    by_code = {r["codigo"]: r for r in got}
    assert by_code["001"]["valor"] == Decimal("7.00")
    assert by_code["001"]["nome"] == "Ana"  # not in the file: left as it was
    assert by_code[None]["valor"] == Decimal("8.00") and by_code[None]["nome"] is None
    assert len(got) == 3  # a NULL key matches nothing: inserted


def test_merge_into_a_missing_table_creates_it(spark, store, target, tmp_path):
    result = run(spark, store, stage(tmp_path, BASE, target, mode="merge", keys=("codigo",)))
    assert (result["version_before"], result["version_after"]) == (None, 0)
    assert len(rows(store, target)) == 2


def test_merge_refuses_duplicate_keys_and_writes_nothing(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    before = rows(store, target)
    staged = stage(tmp_path, HEADER + "002;X;1,00;1;26/11/2026\n002;Y;2,00;1;26/11/2026\n",
                   target, mode="merge", keys=("codigo",))
    problem = refusal(spark, store, staged)
    assert problem.code == "table_merge_duplicate_keys"
    assert problem.params["count"] == 1 and "codigo=002" in problem.params["example"]
    assert rows(store, target) == before


def test_merge_on_two_keys(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, "loja;codigo;valor\n1;001;1,00\n2;001;2,00\n", target))
    staged = stage(tmp_path, "loja;codigo;valor\n2;001;5,00\n3;001;6,00\n", target,
                   mode="merge", keys=("loja", "codigo"))
    run(spark, store, staged)
    got = sorted((r["loja"], r["codigo"], r["valor"]) for r in rows(store, target, "loja"))
    assert got == [(1, "001", Decimal("1.00")), (2, "001", Decimal("5.00")),
                   (3, "001", Decimal("6.00"))]


# ---------------------------------------------------------------- casts


def test_forced_and_detected_types_land_as_the_manifest_says(spark, store, target, tmp_path):
    text = ("cep;quando;ativo;preco;qtd\n"
            "01310-100;25/11/2026 14:03:00;true;1.234,567;10\n"
            "20040-002;26/11/2026 08:00:00;false;2,5;\n")
    staged = stage(tmp_path, text, target, types={"preco": "decimal(10,3)", "qtd": "double"})
    run(spark, store, staged)
    manifest_types = {c["name"]: c["type"] for c in staged.manifest["columns"]}
    table_types = types(store, target)
    assert {k: table_types[k] for k in manifest_types} == manifest_types
    assert manifest_types["preco"] == "decimal(10,3)" and manifest_types["qtd"] == "double"
    got = rows(store, target, "cep")
    assert got[0]["cep"] == "01310-100" and got[0]["preco"] == Decimal("1234.567")
    assert got[0]["ativo"] is True and got[1]["qtd"] is None
    stamp = store.read(target).where(F.col("cep") == "01310-100").select(
        F.date_format("quando", "yyyy-MM-dd HH:mm:ss").alias("t")).first()
    assert stamp["t"] == "2026-11-25 14:03:00"


def test_narrower_values_widen_into_the_tables_types(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, "codigo;valor\n001;1,5\n", target,
                            types={"valor": "double"}))
    run(spark, store, stage(tmp_path, "codigo;valor\n002;7\n", target))  # bigint file column
    assert types(store, target)["valor"] == "double"
    assert [r["valor"] for r in rows(store, target)] == [1.5, 7.0]


# ---------------------------------------------------------------- exactly once


def test_a_replayed_run_writes_nothing_twice(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)
    first = run(spark, store, staged)
    again = run(spark, store, staged)
    assert again["replayed"] is True and first["replayed"] is False
    assert (again["version_after"], again["rows_written"]) == (first["version_after"], 2)
    assert len(rows(store, target)) == 2


def test_a_replay_after_later_runs_still_finds_its_commit(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)
    run(spark, store, staged)
    run(spark, store, stage(tmp_path, HEADER + "003;Caio;5,00;1;27/11/2026\n", target))
    again = run(spark, store, staged)
    assert (again["replayed"], again["version_after"], again["version_before"]) == (
        True, 0, None)
    assert len(rows(store, target)) == 3


def test_commits_carry_the_run_metadata_the_desktop_reads(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target, user="bia@contoso.com")
    run(spark, store, staged)
    if store.kind == "delta":
        entry = spark.sql(f"DESCRIBE HISTORY {target.sql()}").first()
        meta = json.loads(entry["userMetadata"])
    else:
        entry = store.history(target)[-1]
        meta = json.loads(entry["userMetadata"])
        assert entry["txn"] == {"appId": f"dino-{staged.manifest['run_id']}", "version": 1}
    assert meta == {"dino_run_id": staged.manifest["run_id"], "dino_rows": "2",
                    "dino_source": "vendas.csv", "dino_user": "bia@contoso.com",
                    "dino_mode": "append"}


# ---------------------------------------------------------------- schema evolution


def test_new_columns_are_added_when_the_policy_allows(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    run(spark, store, stage(tmp_path, HEADER.strip() + ";loja\n003;Caio;5,00;1;27/11/2026;07\n",
                            target))
    got = rows(store, target)
    names = [n for n in types(store, target) if not n.startswith("_dino_")]
    assert names == ["codigo", "nome", "valor", "qtd", "data", "loja"]
    assert [r["loja"] for r in got] == [None, None, "07"]


def test_new_columns_are_refused_under_the_strict_policy(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    before = rows(store, target)
    staged = stage(tmp_path, HEADER.strip() + ";loja\n003;Caio;5,00;1;27/11/2026;07\n", target,
                   evolution="strict")
    problem = refusal(spark, store, staged)
    assert (problem.code, problem.params["column"]) == ("schema_new_column_refused", "loja")
    assert rows(store, target) == before


def test_a_type_that_does_not_fit_is_refused(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    staged = stage(tmp_path, HEADER + "003;Caio;abc;1;27/11/2026\n", target)
    problem = refusal(spark, store, staged)
    assert problem.code == "schema_type_conflict"
    assert problem.params == {"column": "valor", "file_type": "string",
                              "table_type": "decimal(18,2)"}
    assert len(rows(store, target)) == 2


def test_columns_the_file_lacks_are_null_in_appended_rows(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    run(spark, store, stage(tmp_path, "codigo;nome\n003;Caio\n", target))
    got = rows(store, target)
    assert got[-1]["codigo"] == "003" and got[-1]["valor"] is None


# ---------------------------------------------------------------- refusals


def edit_manifest(staged: Any, change: Any) -> None:
    path = Path(staged.manifest_path)
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), "utf-8")


@pytest.mark.parametrize(("change", "code", "says"), [
    (lambda d: d.pop("columns"), "file_unreadable", "'columns' is a required property"),
    (lambda d: d.update(mode="upsert"), "file_unreadable", "mode"),
    (lambda d: d.update(rows=d["rows"] + 1), "file_unreadable", "rows differ"),
    (lambda d: d["columns"][0].update(type="varchar(10)"), "file_unreadable", "columns/0/type"),
    (lambda d: d["columns"][1].update(name="CODIGO"), "column_name_invalid", "codigo"),
    (lambda d: d["columns"][1].update(name="_dino_run_id"), "column_name_invalid", "reserved"),
    (lambda d: d["target"].update(table="Vendas"), "name_invalid", "uppercase"),
    (lambda d: d["target"].update(database="x;drop_table"), "name_invalid", "bad_chars"),
    (lambda d: d["target"].update(catalog="`main`"), "name_invalid", "'`'"),
])
def test_bad_manifests_are_refused_with_a_problem_and_nothing_written(
        spark, store, target, tmp_path, change, code, says):
    staged = stage(tmp_path, BASE, target)
    edit_manifest(staged, change)
    problem = refusal(spark, store, staged)
    assert problem.code == code
    assert says in json.dumps(problem.params) or says in problem.sentence()
    assert store.schema(target) is None


def test_a_manifest_that_is_not_json(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)
    Path(staged.manifest_path).write_text("{not json", "utf-8")
    problem = refusal(spark, store, staged)
    assert problem.code == "file_unreadable" and "not JSON" in problem.params["reason"]


def test_a_missing_manifest_says_where_it_looked(spark, store, tmp_path):
    with pytest.raises(JobProblem) as info:
        run_job(spark, str(tmp_path / "nowhere" / "manifest.json"), store=store)
    assert info.value.code == "file_unreadable"
    assert "nowhere" in info.value.params["reason"]


def test_parts_that_do_not_hold_the_manifests_rows_are_refused(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)

    def more_rows(doc: dict[str, Any]) -> None:
        doc["rows"] += 5
        doc["parts"][0]["rows"] += 5

    edit_manifest(staged, more_rows)
    problem = refusal(spark, store, staged)
    assert problem.code == "file_unreadable" and "hold 2 rows" in problem.params["reason"]
    assert store.schema(target) is None


def test_odd_column_names_are_quoted_not_pasted(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)
    edit_manifest(staged, lambda d: d["columns"][1].update(name="nome`x"))
    # the part still calls it "nome": rename it in a copy of the part, as the desktop would
    part = Path(staged.manifest_path).parent / staged.manifest["parts"][0]["path"]
    renamed = Path(str(part) + ".d")
    (spark.read.parquet(str(part)).withColumnRenamed("nome", "nome`x").coalesce(1)
     .write.parquet(str(renamed)))
    next(renamed.glob("*.parquet")).replace(part)
    result = run(spark, store, staged)
    assert result["rows_written"] == 2
    assert "nome`x" in types(store, target)


def test_a_refusal_is_also_in_the_result_file(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    staged = stage(tmp_path, HEADER + "003;Caio;abc;1;27/11/2026\n", target)
    refusal(spark, store, staged)
    doc = json.loads((Path(staged.manifest_path).parent / RESULT_FILE).read_text("utf-8"))
    assert doc["problem"]["code"] == "schema_type_conflict"
    assert doc["run_id"] == staged.manifest["run_id"]


def test_unknown_action_and_a_run_id_that_is_not_the_manifests(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)
    with pytest.raises(JobProblem) as info:
        run_job(spark, staged.manifest_path, staged.manifest["run_id"], "undo", store=store)
    assert info.value.code == "engine_action_unknown"
    with pytest.raises(JobProblem) as info:
        run_job(spark, staged.manifest_path, "01JD0000000000000000000000", store=store)
    assert info.value.code == "engine_run_id_mismatch"
    assert store.schema(target) is None


def test_the_refusal_text_carries_the_problem_for_the_desktop(spark, store, target, tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    problem = refusal(spark, store, stage(tmp_path, HEADER + "003;C;abc;1;27/11/2026\n", target))
    first, marker = str(problem).splitlines()
    assert "valor" in first and "decimal(18,2)" in first  # a sentence a person can act on
    assert marker.startswith(MARKER + " ")
    assert json.loads(marker[len(MARKER) + 1:])["code"] == "schema_type_conflict"


# ---------------------------------------------------------------- racing writers


class RacingStore(ParquetStore):
    """Before each of our commits, another writer commits first (as seen by our snapshot)."""

    def __init__(self, spark: Any, root: Path, rivals: list[Any]):
        super().__init__(spark, root)
        self.rivals = rivals
        self._stale: list[dict[str, Any]] | None = None

    def _log(self, target: Target) -> list[dict[str, Any]]:
        if self._stale is not None:
            log, self._stale = self._stale, None
            return log
        return super()._log(target)

    def write(self, target: Target, rows: Any, **kw: Any) -> None:
        if self.rivals:
            self._stale = super()._log(target)  # what we saw before the rival committed
            self.rivals.pop(0)()
        super().write(target, rows, **kw)


def racing(spark: Any, store: TableStore, tmp_path: Path, target: Target,
           texts: list[str]) -> RacingStore:
    if store.kind != "parquet":
        pytest.skip("the race is staged on the Parquet stand-in's commit log")
    rivals = [stage(tmp_path, t, target) for t in texts]
    plain = ParquetStore(spark, store.root)
    return RacingStore(spark, store.root, [
        (lambda r=r: run_job(spark, r.manifest_path, store=plain, now=NOW)) for r in rivals])


def test_a_commit_that_loses_a_race_is_planned_again_and_lands(spark, store, target, tmp_path,
                                                               capsys):
    run(spark, store, stage(tmp_path, BASE, target))
    racer = racing(spark, store, tmp_path, target,
                   [HEADER.strip() + ";loja\n003;Caio;5,00;1;27/11/2026;07\n"])
    ours = stage(tmp_path, HEADER + "004;Duda;6,00;1;28/11/2026\n", target)
    result = run_job(spark, ours.manifest_path, store=racer, now=NOW)
    assert (result["version_before"], result["version_after"], result["replayed"]) == (
        1, 2, False)
    got = rows(store, target)
    assert [r["codigo"] for r in got] == ["001", "002", "003", "004"]
    assert got[-1]["loja"] is None  # planned again: the rival's new column is there
    assert "trying again" in capsys.readouterr().out


def test_a_table_that_keeps_changing_is_reported_busy_and_not_written(spark, store, target,
                                                                       tmp_path):
    run(spark, store, stage(tmp_path, BASE, target))
    texts = [HEADER + f"01{i};R{i};1,00;1;27/11/2026\n" for i in range(4)]
    racer = racing(spark, store, tmp_path, target, texts)
    ours = stage(tmp_path, HEADER + "004;Duda;6,00;1;28/11/2026\n", target)
    with pytest.raises(JobProblem) as info:
        run_job(spark, ours.manifest_path, store=racer, now=NOW)
    assert (info.value.code, info.value.params.get("attempts")) == ("table_busy", 4), info.value
    assert "004" not in [r["codigo"] for r in rows(store, target)]
    assert len(list((store.root / "main").rglob("v*-*"))) == 5  # no folder of ours left
