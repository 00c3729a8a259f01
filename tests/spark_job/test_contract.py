"""The job as a separate deployable: its entry points, and what it shares with the desktop."""

from __future__ import annotations

import ast
import json
import os
import re
import runpy
from pathlib import Path
from typing import Any

import pytest
from dino_spark_job import main as job_main
from dino_spark_job.job import RESULT_FILE
from dino_spark_job.problems import MARKER, SENTENCES, JobProblem

from dino_desktop.adapters.databricks_result import parse_result
from dino_desktop.core.messages import MESSAGES, REASONS, render
from dino_desktop.core.models import Problem, Severity
from tests.spark_job.conftest import stage
from tests.spark_job.test_job import BASE, HEADER

JOB = Path(__file__).resolve().parents[2] / "spark_job"


def test_the_job_never_imports_the_desktop_app():
    for path in (JOB / "src").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "dino_desktop" for n in names), path


def test_the_job_validates_against_the_desktops_manifest_schema():
    ours = JOB / "src" / "dino_spark_job" / "manifest.schema.json"
    desktop = JOB.parent / "resources" / "manifest.schema.json"
    assert json.loads(ours.read_text("utf-8")) == json.loads(desktop.read_text("utf-8")), (
        "copy resources/manifest.schema.json to spark_job/src/dino_spark_job/")


def test_every_problem_the_job_raises_is_one_the_desktop_renders_in_both_languages():
    for code, sentence in SENTENCES.items():
        assert code in MESSAGES, code
        params = {name: "x" for name in _fields(sentence) | _fields(MESSAGES[code][0])}
        params.update(reason="bad_chars", chars="'`'")
        problem = Problem(Severity.ERROR, code, params)
        for lang in ("en", "pt_BR"):
            assert "{" not in render(problem, lang)


def _fields(template: str) -> set[str]:
    import string

    return {f[1].split("!")[0] for f in string.Formatter().parse(template) if f[1]}


def test_reasons_the_job_gives_are_the_desktops():
    from dino_spark_job import manifest

    given = {manifest._name_reason(n) for n in ("", "x" * 200, "1a", "Ab", "a-b")}
    source = (JOB / "src" / "dino_spark_job" / "manifest.py").read_text("utf-8")
    given |= set(re.findall(r'reason="(\w+)"', source))
    assert len(given) >= 8
    assert given <= set(REASONS)


def where(store: Any) -> list[str]:
    """Where the command's Parquet stand-in keeps tables (Delta needs no such argument)."""
    return ["--warehouse", str(store.root)] if store.kind == "parquet" else []


def test_the_desktop_reads_the_jobs_result(spark, store, target, tmp_path):
    staged = stage(tmp_path, BASE, target)
    assert job_main.main(["--manifest", staged.manifest_path, "--run_id",
                          staged.manifest["run_id"], *where(store)]) == 0
    doc = json.loads((Path(staged.manifest_path).parent / RESULT_FILE).read_text("utf-8"))
    result = parse_result(doc, staged.manifest["run_id"], "https://adb/run/1")
    assert (result.rows_written, result.version_before, result.version_after) == (2, None, 0)


def test_the_desktop_reads_the_jobs_refusal(spark, store, target, tmp_path, capsys):
    from dino_desktop.adapters.databricks_result import _refusal

    store_args = where(store)
    first = stage(tmp_path, BASE, target)
    assert job_main.main(["--manifest", first.manifest_path, *store_args]) == 0
    bad = stage(tmp_path, HEADER + "003;C;abc;1;27/11/2026\n", target)
    capsys.readouterr()
    assert job_main.main(["--manifest", bad.manifest_path, *store_args]) == job_main.EXIT_REFUSED
    err = capsys.readouterr().err
    assert MARKER in err
    problem = _refusal(err)
    assert problem is not None and problem.code == "schema_type_conflict"
    assert "valor" in render(problem, "pt_BR")
    doc = json.loads((Path(bad.manifest_path).parent / RESULT_FILE).read_text("utf-8"))
    with pytest.raises(Exception) as info:
        parse_result(doc, bad.manifest["run_id"], "https://adb/run/2")
    assert info.value.problem.code == "schema_type_conflict"


def test_the_command_prints_the_result_and_fails_plainly_on_the_unexpected(
        spark, store, target, tmp_path, capsys, monkeypatch):
    store_args = where(store)
    staged = stage(tmp_path, BASE, target)
    assert job_main.main(["--manifest", staged.manifest_path, *store_args]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["rows_written"] == 2

    def broken(*args: Any, **kw: Any) -> None:
        raise RuntimeError("the cluster lost its disk")

    monkeypatch.setattr("dino_spark_job.job._write", broken)
    assert job_main.main(["--manifest", staged.manifest_path, *store_args]) == 1
    err = capsys.readouterr().err
    assert "the cluster lost its disk" in err and "retry" in err


class FakeDbutils:
    """What the notebook uses of Databricks' dbutils: widgets in, the exit value out."""

    class _Exit(Exception):
        pass

    def __init__(self, params: dict[str, str]):
        self.params = params
        self.exit_value: str | None = None
        test = self

        class Widgets:
            def text(self, name: str, default: str) -> None:
                test.params.setdefault(name, default)

            def get(self, name: str) -> str:
                return test.params[name]

        class Notebook:
            def exit(self, value: str) -> None:
                test.exit_value = value
                raise FakeDbutils._Exit()

        self.widgets, self.notebook = Widgets(), Notebook()


def test_the_notebook_hands_the_result_to_the_task_output(spark, store, target, tmp_path,
                                                         monkeypatch):
    if store.kind == "parquet":
        monkeypatch.setenv("DINO_SPARK_WAREHOUSE", str(store.root))
    staged = stage(tmp_path, BASE, target)
    dbutils = FakeDbutils({"manifest": staged.manifest_path,
                           "run_id": staged.manifest["run_id"]})
    with pytest.raises(FakeDbutils._Exit):
        runpy.run_path(str(JOB / "notebooks" / "dino_write.py"),
                       init_globals={"spark": spark, "dbutils": dbutils})
    result = json.loads(dbutils.exit_value or "")
    assert (result["run_id"], result["rows_written"], result["replayed"]) == (
        staged.manifest["run_id"], 2, False)
    assert dbutils.params["action"] == "write"


def test_a_refusal_in_the_notebook_fails_the_task_with_the_problem(spark, store, target,
                                                                  tmp_path, monkeypatch):
    if store.kind == "parquet":
        monkeypatch.setenv("DINO_SPARK_WAREHOUSE", str(store.root))
    staged = stage(tmp_path, BASE, target)
    other_run = "01JD0000000000000000000000"
    dbutils = FakeDbutils({"manifest": staged.manifest_path, "run_id": other_run})
    with pytest.raises(JobProblem) as info:
        runpy.run_path(str(JOB / "notebooks" / "dino_write.py"),
                       init_globals={"spark": spark, "dbutils": dbutils})
    assert MARKER in str(info.value) and dbutils.exit_value is None


TYPE_NAMES = ["string", "bigint", "long", "int", "double", "float", "boolean", "date",
              "timestamp", "timestamp_ntz", "decimal(10,2)", "decimal(18,2)", "decimal(38,0)",
              "decimal(20,2)", "decimal(12, 4)", "varchar"]


@pytest.mark.parametrize("file_type", TYPE_NAMES)
def test_the_job_and_the_desktop_agree_on_which_types_fit(file_type):
    """The rule is written twice (the job cannot import the desktop): it must be one rule."""
    from dino_spark_job.types import fits

    from dino_desktop.core.validate import type_fits

    for table_type in TYPE_NAMES:
        assert fits(file_type, table_type) == type_fits(file_type, table_type), table_type


def test_on_databricks_the_job_writes_delta_whatever_the_session_says(spark, monkeypatch):
    from dino_spark_job.tables import DeltaStore, has_delta, store_for

    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "15.4")
    assert has_delta(spark) and isinstance(store_for(spark), DeltaStore)
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION")
    assert has_delta(spark) == bool(os.environ.get("DINO_DELTA_JARS"))
