"""`python -m dino_desktop convert|inspect` as a person runs it: exit codes, output, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from dino_desktop.core import manifest

EXIT_OK, EXIT_UNREADABLE, EXIT_BLOCKED = 0, 1, 3
N_ROWS = 30_000


def dino(*args: str | Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DINO_LANG": lang, "PYTHONIOENCODING": "utf-8"}
    env.pop("LANG", None)
    return subprocess.run([sys.executable, "-m", "dino_desktop", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120, check=False)


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    good = d / "vendas.csv"
    good.write_bytes("Relatório de Vendas\r\n\r\n"
                     "Código;Cliente;Valor;Data\r\n"
                     "00012;Ana;1.234,56;31/01/2024\r\n"
                     "00345;José;-7,50;01/02/2024\r\n"
                     "Total;;1.227,06;\r\n".encode("cp1252"))
    lines = ["id;nome;valor"] + [f"{i};n{i};{i % 1000},{i % 100:02d}" for i in range(1, N_ROWS + 1)]
    lines[25_000] = "25000;n25000;1,234"  # line 25,001: three decimals, scale 2 in the sample
    lines[26_000] = "26000;n26000;abc"  # line 26,001
    bad = d / "ruim.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    latin = d / "latin.csv"
    latin.write_bytes("nome;valor;qtd\nJosé;1.234;10\nMaría;2.500;20\nJoão;3.750;30\n"
                      .encode("latin-1"))
    tab = d / "tab.txt"
    tab.write_text("a;b;c\tnota\n1;2;3\tum\n4;5;6\tdois\n7;8;9\ttrês\n", encoding="utf-8")
    return {"good": good, "bad": bad, "latin": latin, "tab": tab}


# ---------------------------------------------------------------- convert


def test_convert_success(tmp_path: Path, files: dict[str, Path]) -> None:
    out = tmp_path / "out"
    proc = dino("convert", files["good"], "--database", "vendas", "--table", "diario",
                "--out", out)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stdout.startswith("2 rows -> ")
    assert "1 part(s)" in proc.stdout
    no_traceback(proc)
    doc = manifest.read(out)
    assert doc["rows"] == 2 and doc["target"]["table"] == "diario"
    assert doc["source"]["name"] == "vendas.csv"
    rows = pq.read_table(out / "part-00000.parquet").to_pylist()
    assert [r["valor"] for r in rows] == [Decimal("1234.56"), Decimal("-7.50")]
    assert [r["codigo"] for r in rows] == ["00012", "00345"]


def test_convert_json_output(tmp_path: Path, files: dict[str, Path]) -> None:
    out = tmp_path / "out"
    proc = dino("convert", files["good"], "--database", "vendas", "--table", "diario",
                "--out", out, "--json")
    assert proc.returncode == EXIT_OK, proc.stderr
    result = json.loads(proc.stdout)
    assert result["rows"] == 2 and result["bad_rows"] == 0 and result["rejects"] is None
    assert Path(result["manifest"]) == out / "manifest.json"
    assert manifest.read(Path(result["manifest"]))["rows"] == 2


def test_convert_bad_file_exits_3_with_readable_messages(
        tmp_path: Path, files: dict[str, Path]) -> None:
    out = tmp_path / "out"
    proc = dino("convert", files["bad"], "--database", "d", "--table", "t", "--out", out)
    assert proc.returncode == EXIT_BLOCKED
    no_traceback(proc)
    err = proc.stderr
    assert "Row 25001, column 'valor':" in err and "'1,234'" in err
    assert "Row 26001, column 'valor':" in err and "'abc'" in err
    assert "2 row(s) do not fit" in err
    assert proc.stdout == ""
    assert not (out / "manifest.json").exists()
    assert not list(out.glob("part-*"))


def test_convert_bad_file_in_portuguese(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = dino("convert", files["bad"], "--database", "d", "--table", "t",
                "--out", tmp_path / "out", "--lang", "pt_BR")
    assert proc.returncode == EXIT_BLOCKED
    no_traceback(proc)
    assert "Linha 25001, coluna 'valor':" in proc.stderr
    assert "Linha 26001, coluna 'valor':" in proc.stderr
    assert "não é um número decimal válido" in proc.stderr
    assert "Row " not in proc.stderr


def test_convert_language_from_the_environment(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = dino("convert", files["bad"], "--database", "d", "--table", "t",
                "--out", tmp_path / "out", lang="pt_BR")
    assert proc.returncode == EXIT_BLOCKED
    assert "Linha 25001" in proc.stderr


def test_convert_skip_bad_rows(tmp_path: Path, files: dict[str, Path]) -> None:
    out = tmp_path / "out"
    proc = dino("convert", files["bad"], "--database", "d", "--table", "t", "--out", out,
                "--skip-bad-rows", "--json")
    assert proc.returncode == EXIT_OK, proc.stderr
    result = json.loads(proc.stdout)
    assert result["rows"] == N_ROWS - 2 and result["bad_rows"] == 2
    assert Path(result["rejects"]) == out / "rejects.csv"
    lines = (out / "rejects.csv").read_text("utf-8").splitlines()
    assert lines[0] == "line;problem;col;value;content"
    assert [ln.split(";")[:4] for ln in lines[1:]] == [
        ["25001", "bad_value", "valor", "1,234"], ["26001", "bad_value", "valor", "abc"]]
    doc = manifest.read(out)
    assert doc["bad_rows"] == {"policy": "skip", "count": 2, "file": "rejects.csv"}


def test_convert_skip_bad_rows_text_output(tmp_path: Path, files: dict[str, Path]) -> None:
    proc = dino("convert", files["bad"], "--database", "d", "--table", "t",
                "--out", tmp_path / "out", "--skip-bad-rows")
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stdout.startswith(f"{N_ROWS - 2:,} rows -> ")
    assert "2 bad row(s) were left out and saved in rejects.csv" in proc.stdout


@pytest.mark.parametrize(("option", "value"), [("--database", "Vendas"), ("--table", "1abc"),
                                               ("--table", "a-b")])
def test_convert_invalid_target_name(tmp_path: Path, files: dict[str, Path], option: str,
                                     value: str) -> None:
    args = {"--database": "d", "--table": "t", option: value}
    out = tmp_path / "out"
    proc = dino("convert", files["good"], *[x for kv in args.items() for x in kv], "--out", out)
    assert proc.returncode == EXIT_BLOCKED
    no_traceback(proc)
    assert f"'{value}' is not valid" in proc.stderr
    assert not out.exists()


def test_convert_missing_file(tmp_path: Path) -> None:
    proc = dino("convert", tmp_path / "nao_existe.csv", "--database", "d", "--table", "t")
    assert proc.returncode == EXIT_UNREADABLE
    no_traceback(proc)
    assert "File not found" in proc.stderr


def test_convert_honours_inspect_overrides(tmp_path: Path, files: dict[str, Path]) -> None:
    out = tmp_path / "out"
    proc = dino("convert", files["latin"], "--database", "d", "--table", "t", "--out", out,
                "--encoding", "latin-1", "--header-row", "0", "--no-infer-types")
    assert proc.returncode == EXIT_OK, proc.stderr
    doc = manifest.read(out)
    assert [(c["name"], c["type"]) for c in doc["columns"]] == [
        ("col_1", "string"), ("col_2", "string"), ("col_3", "string")]
    rows = pq.read_table(out / "part-00000.parquet",
                         columns=["col_1", "col_2", "col_3"]).to_pylist()
    assert rows[0] == {"col_1": "nome", "col_2": "valor", "col_3": "qtd"}
    assert rows[1] == {"col_1": "José", "col_2": "1.234", "col_3": "10"}
    assert doc["source"]["detected"]["encoding"] == "latin-1"


# ---------------------------------------------------------------- inspect overrides


def inspect_json(*args: str | Path) -> dict[str, Any]:
    proc = dino("inspect", *args, "--json")
    assert proc.returncode == EXIT_OK, proc.stderr
    no_traceback(proc)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_inspect_detects_without_overrides(files: dict[str, Path]) -> None:
    got = inspect_json(files["latin"])
    assert got["encoding"] == "cp1252" and got["delimiter"] == ";"
    assert [c["source_name"] for c in got["columns"]] == ["nome", "valor", "qtd"]
    assert got["preview"][0][0] == "José"


def test_inspect_encoding_override(files: dict[str, Path]) -> None:
    got = inspect_json(files["latin"], "--encoding", "latin-1")
    assert got["encoding"] == "latin-1"
    assert got["settings"]["encoding"] == {"value": "latin-1", "confidence": 1.0,
                                           "overridden": True}
    assert [row[0] for row in got["preview"]] == ["José", "María", "João"]


def test_inspect_delimiter_override(files: dict[str, Path]) -> None:
    detected = inspect_json(files["tab"])
    assert detected["delimiter"] == ";"
    got = inspect_json(files["tab"], "--delimiter", "tab")
    assert got["delimiter"] == "\t" and got["settings"]["delimiter"]["overridden"] is True
    assert [c["source_name"] for c in got["columns"]] == ["a;b;c", "nota"]
    assert got["preview"][2] == ["7;8;9", "três"]


def test_inspect_no_header(files: dict[str, Path]) -> None:
    got = inspect_json(files["latin"], "--header-row", "0")
    assert got["header"] is False
    assert [c["name"] for c in got["columns"]] == ["col_1", "col_2", "col_3"]
    assert got["preview"][0] == ["nome", "valor", "qtd"]
    assert "header_missing" in [p["code"] for p in got["problems"]]


def test_inspect_decimal_override(files: dict[str, Path]) -> None:
    detected = inspect_json(files["latin"])
    types = {c["name"]: c["type"] for c in detected["columns"]}
    assert types["valor"] == "bigint"  # 1.234 read as a thousands group
    assert "decimal_ambiguous" in [p["code"] for p in detected["problems"]]
    got = inspect_json(files["latin"], "--decimal", ".")
    assert got["decimal"] == "." and got["settings"]["decimal"]["overridden"] is True
    types = {c["name"]: c["type"] for c in got["columns"]}
    assert types["valor"] == "decimal(18,3)"
    assert [row[1] for row in got["preview"]] == ["1.234", "2.500", "3.750"]


def test_inspect_no_infer_types(files: dict[str, Path]) -> None:
    got = inspect_json(files["good"], "--no-infer-types")
    assert [c["type"] for c in got["columns"]] == ["string"] * 4
    assert got["preview"][0] == ["00012", "Ana", "1.234,56", "31/01/2024"]


def test_inspect_bad_override_value_is_a_usage_error(files: dict[str, Path]) -> None:
    proc = dino("inspect", files["good"], "--decimal", ";")
    assert proc.returncode == 2
    no_traceback(proc)
