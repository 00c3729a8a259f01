"""manifest.json: build, write, read back, and refuse anything broken.

The manifest is the whole contract with the engines, so a broken one must never be read as
valid: every refusal below is a ManifestError (a DinoError a person can read), never a
KeyError or a jsonschema traceback.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dino_desktop.core import manifest
from dino_desktop.core.inspect import inspect_file
from dino_desktop.core.manifest import ManifestError
from dino_desktop.core.messages import render
from dino_desktop.core.models import BadRowPolicy, DinoError, Inspection, Target, WriteMode

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "resources" / "manifest.schema.json").read_text("utf-8"))
CROCKFORD = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
SHA = "ab" * 32
PARTS = [{"path": "part-00000.parquet", "rows": 3, "bytes": 1200},
         {"path": "part-00001.parquet", "rows": 2, "bytes": 900}]


@pytest.fixture(scope="module")
def insp(tmp_path_factory: pytest.TempPathFactory) -> Inspection:
    path = tmp_path_factory.mktemp("src") / "vendas.csv"
    path.write_bytes("Código;Descrição;Valor;Data\r\n"
                     "00012;Pão;1.234,56;31/01/2024\r\n"
                     "00345;Café;-7,50;01/02/2024\r\n".encode("cp1252"))
    result = inspect_file(path)
    assert result.ok and len(result.columns) == 4
    return result


@pytest.fixture
def doc(insp: Inspection) -> dict[str, Any]:
    return manifest.build(insp, target=Target("vendas", "diario"), parts=PARTS, sha256=SHA,
                          mode=WriteMode.MERGE, keys=["codigo"], policy=BadRowPolicy.SKIP,
                          bad_rows=4, rejects="rejects.csv", user="ana@empresa.com.br")


def _read_doc(tmp_path: Path, data: dict[str, Any] | str) -> dict[str, Any]:
    path = tmp_path / "manifest.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return manifest.read(path)


# ---------------------------------------------------------------- build, write, read


def test_build_fills_the_contract(doc: dict[str, Any], insp: Inspection) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["manifest_version"] == 1
    assert CROCKFORD.match(doc["run_id"])
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", doc["created_at"])
    assert doc["rows"] == 5 and doc["parts"] == PARTS
    assert doc["target"] == {"catalog": "main", "database": "vendas", "table": "diario"}
    assert doc["mode"] == "merge" and doc["keys"] == ["codigo"]
    assert doc["bad_rows"] == {"policy": "skip", "count": 4, "file": "rejects.csv"}
    assert doc["user"] == "ana@empresa.com.br"
    assert doc["producer"]["name"] == "dino-desktop"
    source = doc["source"]
    assert source["name"] == "vendas.csv" and source["format"] == "csv"
    assert source["bytes"] == insp.size_bytes and source["sha256"] == SHA
    assert source["detected"]["encoding"] == "cp1252"
    assert source["detected"]["delimiter"] == ";"
    assert doc["columns"] == [
        {"name": "codigo", "source_name": "Código", "type": "string", "nullable": True},
        {"name": "descricao", "source_name": "Descrição", "type": "string", "nullable": True},
        {"name": "valor", "source_name": "Valor", "type": "decimal(18,2)", "nullable": True},
        {"name": "data", "source_name": "Data", "type": "date", "nullable": True},
    ]


def test_build_keeps_a_given_run_id(insp: Inspection) -> None:
    run_id = manifest.new_run_id()
    doc = manifest.build(insp, target=Target("d", "t"), parts=PARTS, sha256=SHA, run_id=run_id)
    assert doc["run_id"] == run_id
    assert doc["mode"] == "append" and doc["keys"] == []
    assert doc["bad_rows"] == {"policy": "reject", "count": 0, "file": None}


def test_write_read_round_trip(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = manifest.write(doc, tmp_path)
    assert path == tmp_path / "manifest.json"
    assert manifest.read(path) == doc
    assert manifest.read(tmp_path) == doc  # the folder is enough
    text = path.read_text("utf-8")
    assert "Descrição" in text  # readable UTF-8, not \\u escapes
    assert os.listdir(tmp_path) == ["manifest.json"]  # no temporary file left


def test_write_replaces_atomically_and_refuses_a_broken_doc(
        tmp_path: Path, doc: dict[str, Any]) -> None:
    manifest.write(doc, tmp_path)
    broken = copy.deepcopy(doc)
    broken["rows"] = -1
    with pytest.raises(ManifestError):
        manifest.write(broken, tmp_path)
    assert manifest.read(tmp_path) == doc  # the good one is still there, untouched
    assert os.listdir(tmp_path) == ["manifest.json"]

    second = copy.deepcopy(doc)
    second["run_id"] = manifest.new_run_id()
    manifest.write(second, tmp_path)
    assert manifest.read(tmp_path)["run_id"] == second["run_id"]
    assert os.listdir(tmp_path) == ["manifest.json"]


def test_build_refuses_an_invalid_target(insp: Inspection) -> None:
    with pytest.raises(DinoError) as err:
        manifest.build(insp, target=Target("Vendas", "t"), parts=PARTS, sha256=SHA)
    assert err.value.problem.code == "name_invalid"
    assert err.value.problem.params["name"] == "Vendas"


def test_build_refuses_merge_without_keys(insp: Inspection) -> None:
    with pytest.raises(ManifestError):
        manifest.build(insp, target=Target("d", "t"), parts=PARTS, sha256=SHA,
                       mode=WriteMode.MERGE)


def test_build_refuses_no_parts(insp: Inspection) -> None:
    with pytest.raises(ManifestError):
        manifest.build(insp, target=Target("d", "t"), parts=[], sha256=SHA)


# ---------------------------------------------------------------- read refuses


def _without(d: dict[str, Any], *path: str) -> dict[str, Any]:
    d = copy.deepcopy(d)
    node = d
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return d


def _with(d: dict[str, Any], value: Any, *path: str | int) -> dict[str, Any]:
    d = copy.deepcopy(d)
    node: Any = d
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return d


BROKEN: dict[str, Any] = {
    "wrong version": lambda d: _with(d, 2, "manifest_version"),
    "version as text": lambda d: _with(d, "1", "manifest_version"),
    "missing rows": lambda d: _without(d, "rows"),
    "missing columns": lambda d: _without(d, "columns"),
    "missing source sha256": lambda d: _without(d, "source", "sha256"),
    "missing bad_rows policy": lambda d: _without(d, "bad_rows", "policy"),
    "unknown field": lambda d: _with(d, "x", "extra"),
    "part path escapes the folder": lambda d: _with(d, "../x.parquet", "parts", 0, "path"),
    "part path absolute": lambda d: _with(d, "/tmp/part-00000.parquet", "parts", 0, "path"),
    "part path in a subfolder": lambda d: _with(d, "a/part-00000.parquet", "parts", 0, "path"),
    "part path not parquet": lambda d: _with(d, "part-00000.csv", "parts", 0, "path"),
    "negative part rows": lambda d: _with(d, -1, "parts", 0, "rows"),
    "no parts": lambda d: _with(d, [], "parts"),
    "decimal precision 99": lambda d: _with(d, "decimal(99,2)", "columns", 2, "type"),
    "decimal precision 0": lambda d: _with(d, "decimal(0,0)", "columns", 2, "type"),
    "unknown type": lambda d: _with(d, "varchar(10)", "columns", 0, "type"),
    "upper-case type": lambda d: _with(d, "STRING", "columns", 0, "type"),
    "table upper case": lambda d: _with(d, "Diario", "target", "table"),
    "table with a dash": lambda d: _with(d, "a-b", "target", "table"),
    "database starts with a digit": lambda d: _with(d, "1abc", "target", "database"),
    "catalog with a space": lambda d: _with(d, "my catalog", "target", "catalog"),
    "column name with a space": lambda d: _with(d, "valor total", "columns", 2, "name"),
    "column name with a comma": lambda d: _with(d, "a,b", "columns", 2, "name"),
    "empty column name": lambda d: _with(d, "", "columns", 2, "name"),
    "duplicate column names": lambda d: _with(d, "codigo", "columns", 1, "name"),
    "duplicate names by case": lambda d: _with(d, "CODIGO", "columns", 1, "name"),
    "merge without keys": lambda d: _with(d, [], "keys"),
    "key not a column": lambda d: _with(d, ["nao_existe"], "keys"),
    "repeated key": lambda d: _with(d, ["codigo", "codigo"], "keys"),
    "bad mode": lambda d: _with(d, "upsert", "mode"),
    "bad schema evolution": lambda d: _with(d, "anything", "schema_evolution"),
    "bad policy": lambda d: _with(d, "ignore", "bad_rows", "policy"),
    "bad sha256": lambda d: _with(d, "XYZ", "source", "sha256"),
    "bad format": lambda d: _with(d, "xls", "source", "format"),
    "run id not Crockford": lambda d: _with(d, "I" * 26, "run_id"),
    "run id too short": lambda d: _with(d, "0" * 25, "run_id"),
    "created_at without Z": lambda d: _with(d, "2024-01-01T10:00:00", "created_at"),
    "not an object": lambda d: [d],
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_read_refuses(tmp_path: Path, doc: dict[str, Any], case: str) -> None:
    broken = BROKEN[case](doc)
    with pytest.raises(ManifestError) as err:
        _read_doc(tmp_path, broken)
    problem = err.value.problem
    assert problem.code in ("file_unreadable", "column_name_invalid")
    assert render(problem, "en") and render(problem, "pt_BR")


def test_read_names_what_is_wrong(tmp_path: Path, doc: dict[str, Any]) -> None:
    with pytest.raises(ManifestError) as err:
        _read_doc(tmp_path, _without(doc, "rows"))
    assert "rows" in render(err.value.problem, "en")
    with pytest.raises(ManifestError) as err:
        _read_doc(tmp_path, _with(doc, "../x.parquet", "parts", 0, "path"))
    assert "parts/0/path" in err.value.problem.params["reason"]
    with pytest.raises(ManifestError) as err:
        _read_doc(tmp_path, _with(doc, "codigo", "columns", 1, "name"))
    assert err.value.problem.params["name"] == "codigo"
    with pytest.raises(ManifestError) as err:
        _read_doc(tmp_path, _with(doc, ["nao_existe"], "keys"))
    assert err.value.problem.params["name"] == "nao_existe"


@pytest.mark.parametrize("text", ["", "{", "{'a': 1}", "null", "[1, 2", "\ufeff{}"])
def test_read_refuses_invalid_json(tmp_path: Path, text: str) -> None:
    with pytest.raises(ManifestError) as err:
        _read_doc(tmp_path, text)
    assert err.value.problem.code == "file_unreadable"


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as err:
        manifest.read(tmp_path / "nao_existe.json")
    assert err.value.problem.code == "file_unreadable"
    with pytest.raises(ManifestError):
        manifest.read(tmp_path)  # a folder without a manifest


def test_read_refuses_invalid_utf8(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "manifest.json"
    path.write_bytes(json.dumps(doc, ensure_ascii=False).encode("utf-8").replace(
        "Código".encode(), "Código".encode("cp1252")))
    with pytest.raises(ManifestError):
        manifest.read(path)


def test_read_refuses_scale_above_precision(tmp_path: Path, doc: dict[str, Any]) -> None:
    with pytest.raises(ManifestError):
        _read_doc(tmp_path, _with(doc, "decimal(2,5)", "columns", 2, "type"))


def test_read_refuses_rows_that_disagree_with_the_parts(
        tmp_path: Path, doc: dict[str, Any]) -> None:
    with pytest.raises(ManifestError):
        _read_doc(tmp_path, _with(doc, 999, "rows"))


# ---------------------------------------------------------------- run ids


def test_run_ids_are_crockford_and_unique() -> None:
    ids = [manifest.new_run_id() for _ in range(2_000)]
    assert all(len(i) == 26 and CROCKFORD.match(i) for i in ids)
    assert len(set(ids)) == len(ids)
    same_ms = {manifest.new_run_id(now=1_700_000_000.0) for _ in range(200)}
    assert len(same_ms) == 200  # random part: unique within one millisecond


def test_run_ids_sort_by_time() -> None:
    times = [0.0, 1.0, 1.5, 59.75, 1_700_000_000.0, 1_700_000_000.25,
             1_800_000_000.5, 4_000_000_000.0]
    ids = [manifest.new_run_id(now=t) for t in times]
    assert ids == sorted(ids)
    # The first 10 characters are the millisecond timestamp (ULID layout).
    assert manifest.new_run_id(now=0.0)[:10] == "0" * 10
    assert manifest.new_run_id(now=1.0)[:10] == "00000000Z8"  # 1000 ms
    later = [manifest.new_run_id() for _ in range(3)]
    assert all(a[:10] <= b[:10] for a, b in itertools.pairwise(later))
