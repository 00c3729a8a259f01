"""JsonReader: arrays, JSON Lines, wrapped arrays, encodings, and per-record problems."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from dino_desktop.core.models import DinoError, InspectOptions, Severity
from dino_desktop.core.sources.jsonfile import JsonReader

READER = JsonReader()
OPTS = InspectOptions()

RECORDS = [
    {"id": 1, "nome": "Ana", "valor": 10.10},
    {"id": 2, "nome": "José", "ativo": True, "tags": ["a", "b"]},
    {"id": 3, "nome": None, "endereco": {"cidade": "São Paulo", "uf": "SP"}},
]
# Written by hand so "10.10" keeps its trailing zero (json.dumps would write 10.1).
ARRAY_TEXT = (
    '[\n  {"id": 1, "nome": "Ana", "valor": 10.10},\n'
    '  {"id": 2, "nome": "José", "ativo": true, "tags": ["a", "b"]},\n'
    '  {"id": 3, "nome": null, "endereco": {"cidade": "São Paulo", "uf": "SP"}}\n]\n'
)
NAMES = ["id", "nome", "valor", "ativo", "tags", "endereco"]
ROWS = [
    ["1", "Ana", "10.10", None, None, None],
    ["2", "José", None, "true", '["a", "b"]', None],
    ["3", None, None, None, None, '{"cidade": "São Paulo", "uf": "SP"}'],
]


def _file(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "d.json") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_array_names_and_text_cells(tmp_path: Path) -> None:
    s = READER.sample(_file(tmp_path, ARRAY_TEXT), OPTS, 100)
    assert s.names == NAMES
    assert s.rows == ROWS
    assert s.complete and s.total_rows == 3
    assert s.record_path is None and s.problems == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = _file(tmp_path, ARRAY_TEXT, encoding)
    assert READER.sample(path, OPTS, 100).rows == ROWS
    assert [r.cells for r in READER.iter_rows(path, OPTS, NAMES)] == ROWS


def test_utf16_bom_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(codecs.BOM_UTF16_LE + '[{"a": "ç"}]'.encode("utf-16-le"))
    assert READER.sample(path, OPTS, 10).rows == [["ç"]]


def test_json_lines(tmp_path: Path) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n\n" for r in RECORDS)
    path = _file(tmp_path, text.replace("10.1", "10.10"), name="d.jsonl")
    s = READER.sample(path, OPTS, 100)
    assert s.names == NAMES and s.rows == ROWS and s.record_path is None
    rows = list(READER.iter_rows(path, OPTS, NAMES))
    assert [r.number for r in rows] == [1, 2, 3]  # record numbers; blank lines ignored


def test_json_lines_bad_line_is_a_bad_record(tmp_path: Path) -> None:
    path = _file(tmp_path, '{"a": 1}\n{"a": 2,,}\n{"a": 3}\n', name="d.ndjson")
    rows = list(READER.iter_rows(path, OPTS, ["a"]))
    assert [r.cells for r in rows] == [["1"], [None], ["3"]]
    assert rows[1].problem is not None and rows[1].problem.code == "json_invalid"
    assert rows[1].problem.row == 2 and rows[1].problem.params["record"] == 2
    s = READER.sample(path, OPTS, 100)
    assert [p.code for p in s.problems] == ["json_invalid"]


def test_single_line_object_is_one_record(tmp_path: Path) -> None:
    s = READER.sample(_file(tmp_path, '{"a": 1, "b": [1, 2]}'), OPTS, 10)
    assert s.names == ["a", "b"] and s.rows == [["1", "[1, 2]"]]


@pytest.mark.parametrize("indent", [None, 2])
def test_wrapped_array(tmp_path: Path, indent: int | None) -> None:
    doc = {"meta": {"gerado": "2024-02-01"}, "data": RECORDS, "count": 3}
    s = READER.sample(_file(tmp_path, json.dumps(doc, indent=indent)), OPTS, 100)
    assert s.record_path == "data"
    assert s.names == NAMES and s.total_rows == 3 and s.complete
    assert s.rows[1] == ROWS[1]


def test_wrapped_array_deeper_and_counted(tmp_path: Path) -> None:
    doc = {"response": {"status": "ok", "items": [{"n": i} for i in range(30)]}}
    path = _file(tmp_path, json.dumps(doc, indent=1))
    s = READER.sample(path, OPTS, 10)
    assert s.record_path == "response.items"
    assert len(s.rows) == 10 and not s.complete and s.total_rows == 30
    rows = list(READER.iter_rows(path, InspectOptions(record_path=s.record_path), ["n"]))
    assert [r.cells[0] for r in rows] == [str(i) for i in range(30)]


def test_several_arrays_take_the_biggest_with_a_warning(tmp_path: Path) -> None:
    doc = {"clientes": [{"c": 1}], "pedidos": [{"p": 1}, {"p": 2}], "tags": ["x", "y", "z"]}
    s = READER.sample(_file(tmp_path, json.dumps(doc, indent=2)), OPTS, 10)
    assert s.record_path == "pedidos" and s.rows == [["1"], ["2"]]
    (warning,) = s.problems
    assert warning.code == "records_ambiguous" and warning.severity is Severity.WARNING
    assert warning.params == {"paths": "clientes, pedidos", "path": "pedidos"}


def test_record_path_override(tmp_path: Path) -> None:
    doc = {"clientes": [{"c": 1}], "pedidos": [{"p": 1}, {"p": 2}]}
    path = _file(tmp_path, json.dumps(doc, indent=2))
    for spelled in ("clientes", "$.clientes", "clientes[*]"):
        s = READER.sample(path, InspectOptions(record_path=spelled), 10)
        assert s.record_path == "clientes" and s.rows == [["1"]] and s.problems == []
    with pytest.raises(DinoError) as err:
        READER.sample(path, InspectOptions(record_path="nada"), 10)
    assert err.value.problem.code == "override_invalid"


def test_sample_limit(tmp_path: Path) -> None:
    path = _file(tmp_path, json.dumps([{"i": i} for i in range(50)]))
    s = READER.sample(path, OPTS, 20)
    assert len(s.rows) == 20 and not s.complete and s.total_rows is None


def test_unexpected_field_and_non_object_record(tmp_path: Path) -> None:
    path = _file(tmp_path, '[{"a": 1}, {"a": 2, "x": 9, "y": "z", "n": null}, 7, [1]]')
    rows = list(READER.iter_rows(path, OPTS, ["a"]))
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert rows[0].problem is None
    assert rows[1].cells == ["2"]
    p = rows[1].problem
    assert p is not None and p.code == "record_unexpected_field"
    assert p.params == {"fields": "x, y"} and p.row == 2 and p.fix == "fix_row"
    assert rows[2].cells == [None] and rows[2].problem is not None
    assert rows[2].problem.code == "json_invalid" and rows[2].problem.row == 3
    assert rows[3].problem is not None and rows[3].problem.code == "json_invalid"


def test_iter_rows_without_names_uses_the_sample(tmp_path: Path) -> None:
    rows = list(READER.iter_rows(_file(tmp_path, ARRAY_TEXT), OPTS, None))
    assert [r.cells for r in rows] == ROWS


def test_invalid_json_at_sample_time(tmp_path: Path) -> None:
    path = _file(tmp_path, '[{"a": 1}, {"a": 2} {"a": 3}]')
    with pytest.raises(DinoError) as err:
        READER.sample(path, OPTS, 10)
    p = err.value.problem
    assert p.code == "json_invalid" and p.params["record"] == 3  # the one that broke
    assert p.params["reason"]


def test_parse_error_mid_file_raises_after_good_records(tmp_path: Path) -> None:
    body = ",\n".join(json.dumps({"id": i, "nome": f"n{i}"}) for i in range(1, 20_001))
    path = _file(tmp_path, "[\n" + body + ',\n{"id": 20001, "nome": ')  # cut off
    seen = 0
    with pytest.raises(DinoError) as err:
        for row in READER.iter_rows(path, OPTS, ["id", "nome"]):
            seen += 1
            assert row.number == seen
    assert seen == 20_000
    assert err.value.problem.code == "json_invalid"
    assert err.value.problem.params["record"] == 20_001


def test_large_array_streams(tmp_path: Path) -> None:
    body = ",".join(json.dumps({"id": i, "v": i / 4}) for i in range(20_000))
    path = _file(tmp_path, "[" + body + "]")
    s = READER.sample(path, OPTS, 100)
    assert len(s.rows) == 100 and s.names == ["id", "v"]
    last = None
    count = 0
    for last in READER.iter_rows(path, OPTS, ["id", "v"]):  # noqa: B007
        count += 1
    assert count == 20_000 and last is not None
    assert last.number == 20_000 and last.cells == ["19999", "4999.75"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "file_empty"),
        ("   \n", "file_empty"),
        ("[]", "no_records"),
        ("[1, 2, 3]", "json_invalid"),
        ("hello", "json_invalid"),
        ('{"a": 1', "json_invalid"),
        ('{\n "meta": {"x": 1}\n}', "no_records"),
    ],
)
def test_unusable_files(tmp_path: Path, text: str, code: str) -> None:
    with pytest.raises(DinoError) as err:
        READER.sample(_file(tmp_path, text), OPTS, 10)
    assert err.value.problem.code == code
