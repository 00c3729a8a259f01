"""End to end: inspect a hand-made file, convert it, and read the Parquet parts back.

What is checked is what a user would notice: the values in the table, the rows that are
(not) there, the line numbers in error messages, the rejects file, the manifest, and that a
failed or cancelled run leaves nothing behind. Every file is generated in tmp_path.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dino_desktop.core import manifest as manifest_mod
from dino_desktop.core.convert import ConvertError, convert, count_rows
from dino_desktop.core.inspect import inspect_file
from dino_desktop.core.messages import render
from dino_desktop.core.models import (
    BadRowPolicy,
    Cancelled,
    ConvertResult,
    DinoError,
    InspectOptions,
    Progress,
    Severity,
    Target,
    WriteMode,
)

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "resources" / "manifest.schema.json").read_text("utf-8"))
TARGET = Target("vendas", "diario")
DELTA_SAFE = re.compile(r"^[a-z_][a-z0-9_]{0,127}$")
N_ROWS = 30_000  # well beyond the inspection sample (2,000 head rows + 300 tail lines)
N_RECORDS = 5_500  # beyond the record sources' sample (5,000 records)
BAD_RECORD = 5_200


# ---------------------------------------------------------------- helpers


def run(path: Path, out: Path, options: InspectOptions | None = None,
        **kwargs: Any) -> ConvertResult:
    insp = inspect_file(path, options)
    return convert(insp, out, kwargs.pop("target", TARGET), **kwargs)


def rows_of(res: ConvertResult) -> list[dict[str, Any]]:
    tables = [_without_audit(pq.read_table(p), res) for p in res.parts]
    return pa.concat_tables(tables).to_pylist() if tables else []


def _without_audit(table: pa.Table, res: ConvertResult) -> pa.Table:
    """The parts carry the audit columns too: the run id, when, and the file name."""
    assert table.column_names[-3:] == ["_dino_run_id", "_dino_ingested_at", "_dino_source_file"]
    assert set(table.column("_dino_run_id").to_pylist()) <= {res.manifest["run_id"]}
    return table.drop_columns(["_dino_run_id", "_dino_ingested_at", "_dino_source_file"])


def leftovers(out: Path) -> list[str]:
    """What a failed or cancelled run must not leave in its folder."""
    if not out.exists():
        return []
    return sorted(n for n in os.listdir(out)
                  if n.startswith("part-") or n in ("manifest.json", "rejects.csv", ".work")
                  or n.endswith(".tmp"))


def check_outputs(res: ConvertResult, src: Path, out: Path) -> dict[str, Any]:
    """The manifest is valid, on disk, and agrees with the parts and the source file."""
    doc = res.manifest
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert manifest_mod.read(out) == doc
    assert Path(res.manifest_path) == out / "manifest.json"
    assert res.sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
    assert doc["source"]["sha256"] == res.sha256
    assert doc["source"]["bytes"] == src.stat().st_size
    assert doc["source"]["name"] == src.name
    names = [p["path"] for p in doc["parts"]]
    assert names == [f"part-{i:05d}.parquet" for i in range(len(names))]
    assert [Path(p).name for p in res.parts] == names
    for part in doc["parts"]:
        file = out / part["path"]
        assert part["bytes"] == file.stat().st_size
        assert part["rows"] == pq.ParquetFile(file).metadata.num_rows
    assert doc["rows"] == res.rows == sum(p["rows"] for p in doc["parts"])
    assert all(DELTA_SAFE.match(c["name"]) for c in doc["columns"])
    assert doc["target"] == {"catalog": "main", "database": TARGET.database,
                             "table": TARGET.table}
    assert not (out / ".work").exists()
    assert not [n for n in os.listdir(out) if n.endswith(".tmp")]
    return doc


def read_rejects(res: ConvertResult) -> list[list[str]]:
    assert res.rejects_path is not None
    with open(res.rejects_path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


# ---------------------------------------------------------------- small files, exact values


BR_LINES = [
    "Relatório de Vendas — Filial São Paulo",
    "Período: 01/01/2024 a 31/03/2024",
    "",
    "Código;Descrição do Produto;Valor Unitário (R$);Data da Venda;Ativo?;Qtd. Vendida",
    "00012;Pão de queijo;1.234,56;31/01/2024;Sim;3",
    "00345;Café torrado;-7,50;01/02/2024;Não;1.500",
    "01000;Açúcar refinado;1.000.000,00;29/02/2024;Sim;12",
    "00007;Feijão;0,99;15/03/2024;Não;0",
    "Total;;1.001.228,05;;;1.515",
    "Gerado em 01/04/2024 às 10:00",
]
BR_ROWS = [
    {"codigo": "00012", "descricao_do_produto": "Pão de queijo",
     "valor_unitario_r": Decimal("1234.56"), "data_da_venda": dt.date(2024, 1, 31),
     "ativo": True, "qtd_vendida": 3},
    {"codigo": "00345", "descricao_do_produto": "Café torrado",
     "valor_unitario_r": Decimal("-7.50"), "data_da_venda": dt.date(2024, 2, 1),
     "ativo": False, "qtd_vendida": 1500},
    {"codigo": "01000", "descricao_do_produto": "Açúcar refinado",
     "valor_unitario_r": Decimal("1000000.00"), "data_da_venda": dt.date(2024, 2, 29),
     "ativo": True, "qtd_vendida": 12},
    {"codigo": "00007", "descricao_do_produto": "Feijão",
     "valor_unitario_r": Decimal("0.99"), "data_da_venda": dt.date(2024, 3, 15),
     "ativo": False, "qtd_vendida": 0},
]
BR_TYPES = {"codigo": "string", "descricao_do_produto": "string",
            "valor_unitario_r": "decimal(18,2)", "data_da_venda": "date", "ativo": "boolean",
            "qtd_vendida": "bigint"}


def test_brazilian_cp1252_report(tmp_path: Path) -> None:
    src = tmp_path / "vendas.csv"
    src.write_bytes(("\r\n".join(BR_LINES) + "\r\n").encode("cp1252"))
    out = tmp_path / "out"
    res = run(src, out)

    assert rows_of(res) == BR_ROWS  # no title, blank, totals or note line among the rows
    schema = pq.read_schema(res.parts[0])
    assert schema.field("valor_unitario_r").type == pa.decimal128(18, 2)
    assert schema.field("data_da_venda").type == pa.date32()
    assert schema.field("ativo").type == pa.bool_()
    assert schema.field("codigo").type == pa.string()
    assert schema.field("qtd_vendida").type == pa.int64()
    doc = check_outputs(res, src, out)
    assert {c["name"]: c["type"] for c in doc["columns"]} == BR_TYPES
    assert [c["source_name"] for c in doc["columns"]] == BR_LINES[3].split(";")
    assert doc["parts"][0]["path"] == "part-00000.parquet"
    assert doc["rows"] == res.rows == 4 and res.bad_rows == 0 and res.rejects_path is None
    assert doc["bad_rows"] == {"policy": "reject", "count": 0, "file": None}
    detected = doc["source"]["detected"]
    assert detected["encoding"] == "cp1252" and detected["delimiter"] == ";"
    assert detected["skip_top"] == 3 and detected["skip_bottom"] == 2
    assert sorted(os.listdir(out)) == ["manifest.json", "part-00000.parquet"]


SIMPLE_HEADER = ["Código", "Nome", "Valor", "Data", "Ativo"]
SIMPLE_DATA = [
    ["00012", "Pão", "1.234,56", "31/01/2024", "Sim"],
    ["00345", "Café", "-7,50", "01/02/2024", "Não"],
    ["01000", "Açúcar", "10,00", "29/02/2024", "Sim"],
]
SIMPLE_ROWS = [
    {"codigo": "00012", "nome": "Pão", "valor": Decimal("1234.56"),
     "data": dt.date(2024, 1, 31), "ativo": True},
    {"codigo": "00345", "nome": "Café", "valor": Decimal("-7.50"),
     "data": dt.date(2024, 2, 1), "ativo": False},
    {"codigo": "01000", "nome": "Açúcar", "valor": Decimal("10.00"),
     "data": dt.date(2024, 2, 29), "ativo": True},
]


def _simple(delim: str = ";", middle: list[str] | None = None) -> list[str]:
    lines = [delim.join(SIMPLE_HEADER), delim.join(SIMPLE_DATA[0])]
    lines += middle or []
    return lines + [delim.join(r) for r in SIMPLE_DATA[1:]]


SIMPLE_VARIANTS = {
    "utf8_bom_crlf": lambda: b"\xef\xbb\xbf" + "\r\n".join([*_simple(), ""]).encode("utf-8"),
    "utf16_bom_tab": lambda: "\r\n".join([*_simple("\t"), ""]).encode("utf-16"),
    "cr_only_utf8": lambda: "\r".join([*_simple(), ""]).encode("utf-8"),
    "cr_only_cp1252": lambda: "\r".join([*_simple(), ""]).encode("cp1252"),
    "blank_and_empty_fields_lines": lambda: "\n".join(
        [*_simple(middle=["", ";;;;"]), ""]).encode("utf-8"),
    "no_final_newline": lambda: "\n".join(_simple()).encode("utf-8"),
}


@pytest.mark.parametrize("variant", sorted(SIMPLE_VARIANTS))
def test_text_variants_give_the_same_table(tmp_path: Path, variant: str) -> None:
    src = tmp_path / f"{variant}.csv"
    src.write_bytes(SIMPLE_VARIANTS[variant]())
    out = tmp_path / "out"
    res = run(src, out)
    assert rows_of(res) == SIMPLE_ROWS
    doc = check_outputs(res, src, out)
    assert [c["type"] for c in doc["columns"]] == [
        "string", "string", "decimal(18,2)", "date", "boolean"]


def test_quoted_multiline_field(tmp_path: Path) -> None:
    src = tmp_path / "obs.csv"
    src.write_bytes(
        'id,observação,valor\n'
        '1,"linha um\nlinha dois",1.5\n'
        '2,"com ""aspas"", e vírgula",2.25\n'
        '3,simples,3\n'.encode())
    out = tmp_path / "out"
    res = run(src, out)
    assert rows_of(res) == [
        {"id": 1, "observacao": "linha um\nlinha dois", "valor": Decimal("1.50")},
        {"id": 2, "observacao": 'com "aspas", e vírgula', "valor": Decimal("2.25")},
        {"id": 3, "observacao": "simples", "valor": Decimal("3.00")},
    ]
    check_outputs(res, src, out)


def test_small_file_with_a_short_row_fails_with_its_line(tmp_path: Path) -> None:
    src = tmp_path / "curto.csv"
    src.write_text("a;b;c\n1;2;3\n4;5\n6;7;8\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ConvertError) as err:
        run(src, out)
    assert [(p.code, p.row) for p in err.value.problems] == [("ragged_row", 3)]
    assert leftovers(out) == []


# ---------------------------------------------------------------- big files: bad rows


HEADER = ["Id", "Nome", "Valor", "Data", "Ativo"]
COL = {name: i for i, name in enumerate(HEADER)}


def _br_money(cents: int) -> str:
    return f"{cents / 100:,.2f}".translate(str.maketrans(",.", ".,"))


def good_cells(i: int) -> list[str]:
    return [str(i), f"Cliente {i}", _br_money((i * 7919) % 200_000_000),
            f"{i % 28 + 1:02d}/03/2024", "Sim" if i % 3 else "Não"]


def bad_cells(i: int, column: str, value: str) -> list[str]:
    cells = good_cells(i)
    cells[COL[column]] = value
    return cells


@dataclass(frozen=True)
class Layout:
    encoding: str = "utf-8"
    newline: str = "\n"
    delimiter: str = ";"
    top: tuple[str, ...] = ()
    bottom: tuple[str, ...] = ()
    options: InspectOptions | None = None  # what the user set in the settings, if anything


LAYOUTS = {
    "utf8": Layout(),
    "cp1252_titles_footer": Layout(
        encoding="cp1252", newline="\r\n",
        top=("Relatório de Vendas", "Período: março/2024", ""),
        bottom=("", "Total;;;;", "Gerado em 01/04/2024")),
    # The delimiter is set by hand: see test_tab_delimited_with_decimal_comma_is_sniffed.
    "utf16_tab": Layout(encoding="utf-16", newline="\r\n", delimiter="\t",
                        options=InspectOptions(delimiter="\t")),
    "cr_only": Layout(newline="\r"),
}


@dataclass
class BigFile:
    path: Path
    lines: list[str]  # the text lines as written, without their ends
    layout: Layout
    rows: int = 0
    bad: list[int] = field(default_factory=list)  # ids of the rows written bad

    @property
    def options(self) -> InspectOptions | None:
        return self.layout.options

    def line(self, cells: list[str]) -> int:
        """The 1-based file line holding exactly these cells."""
        return self.lines.index(self.layout.delimiter.join(cells)) + 1


def write_big(tmp_path: Path, layout: str = "utf8", bad: dict[int, list[str]] | None = None,
              before: dict[int, list[str]] | None = None, n: int = N_ROWS) -> BigFile:
    """N data rows; `bad` replaces a row's cells; `before` puts raw lines above a row."""
    spec = LAYOUTS[layout]
    d = spec.delimiter
    bad = bad or {}
    lines = [*spec.top, d.join(HEADER)]
    for i in range(1, n + 1):
        if before and i in before:
            lines.extend(before[i])
        lines.append(d.join(bad.get(i) or good_cells(i)))
    lines.extend(spec.bottom)
    path = tmp_path / f"big_{layout}.csv"
    path.write_bytes((spec.newline.join(lines) + spec.newline).encode(spec.encoding))
    return BigFile(path, lines, spec, n, sorted(bad))


def bad_problems(exc: ConvertError) -> list[tuple[int | None, str | None, str | None]]:
    return [(p.row, p.column, p.params.get("value")) for p in exc.problems]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_bad_values_beyond_the_sample(tmp_path: Path, layout: str) -> None:
    b1 = bad_cells(25_000, "Valor", "1,234")  # scale 2 in the sample: never rounded
    b2 = bad_cells(26_000, "Data", "31/02/2024")
    big = write_big(tmp_path, layout, bad={25_000: b1, 26_000: b2})
    insp = inspect_file(big.path, big.options)
    assert insp.ok, insp.problems
    types = {c.source_name: c.type_name for c in insp.columns}
    assert types == {"Id": "bigint", "Nome": "string", "Valor": "decimal(18,2)",
                     "Data": "date", "Ativo": "boolean"}

    out = tmp_path / "out"
    with pytest.raises(ConvertError) as err:
        convert(insp, out, TARGET)  # REJECT, the default
    assert err.value.problem.code == "bad_rows_found"
    assert err.value.problem.params["count"] == 2
    assert bad_problems(err.value) == [
        (big.line(b1), "Valor", "1,234"), (big.line(b2), "Data", "31/02/2024")]
    assert all(p.code == "bad_value" for p in err.value.problems)
    assert leftovers(out) == []

    res = convert(insp, out, TARGET, policy=BadRowPolicy.SKIP)
    doc = check_outputs(res, big.path, out)
    assert res.rows == N_ROWS - 2 and res.bad_rows == 2
    assert doc["bad_rows"] == {"policy": "skip", "count": 2, "file": "rejects.csv"}
    assert Path(res.rejects_path or "") == out / "rejects.csv"
    d = big.layout.delimiter
    assert read_rejects(res) == [
        ["line", "problem", "col", "value", "content"],
        [str(big.line(b1)), "bad_value", "Valor", "1,234", d.join(b1)],
        [str(big.line(b2)), "bad_value", "Data", "31/02/2024", d.join(b2)],
    ]
    ids = [r["id"] for r in rows_of(res)]
    assert ids == [i for i in range(1, N_ROWS + 1) if i not in (25_000, 26_000)]
    assert [p.code for p in res.problems] == ["bad_rows_skipped"]


NOT_FITTING = [
    ("Valor", "1,234"),  # more decimals than the inferred scale
    ("Valor", "12,3456"),
    ("Valor", "1.23,45"),  # a broken thousands group
    ("Valor", "99.999.999.999.999.999,00"),  # too many digits for decimal(18,2)
    ("Id", "1_000"),  # DuckDB alone would cast these to integers
    ("Id", "0x10"),
    ("Id", "1e3"),
    ("Id", "1,5"),
    ("Id", "99999999999999999999"),  # beyond bigint
    ("Data", "2024-03-01"),  # another date format
    ("Data", "30/02/2024"),
    ("Ativo", "Talvez"),
]


def test_values_that_do_not_fit_are_bad_rows_never_coerced(tmp_path: Path) -> None:
    rows = {21_000 + 500 * k: bad_cells(21_000 + 500 * k, col, value)
            for k, (col, value) in enumerate(NOT_FITTING)}
    big = write_big(tmp_path, bad=rows)
    insp = inspect_file(big.path)
    with pytest.raises(ConvertError) as err:
        convert(insp, tmp_path / "out", TARGET)
    assert bad_problems(err.value) == [
        (i + 1, col, value) for i, (col, value) in zip(rows, NOT_FITTING, strict=True)]
    res = convert(insp, tmp_path / "out", TARGET, policy=BadRowPolicy.SKIP)
    assert res.rows == N_ROWS - len(NOT_FITTING)
    assert not set(rows) & {r["id"] for r in rows_of(res)}


RAGGED_LAYOUTS = ["utf8", "cp1252_titles_footer", "utf16_tab", "cr_only"]


@pytest.mark.parametrize("layout", RAGGED_LAYOUTS)
def test_row_with_a_missing_field_reject_and_skip(tmp_path: Path, layout: str) -> None:
    short = good_cells(25_000)[:4]  # one field short
    big = write_big(tmp_path, layout, bad={25_000: short})
    line = big.line(short)
    insp = inspect_file(big.path, big.options)
    out = tmp_path / "out"
    with pytest.raises(ConvertError) as err:
        convert(insp, out, TARGET)
    assert [(p.code, p.row) for p in err.value.problems] == [("ragged_row", line)]
    assert err.value.problems[0].params["expected"] == 5
    assert err.value.problems[0].params["found"] == 4
    assert leftovers(out) == []

    res = convert(insp, out, TARGET, policy=BadRowPolicy.SKIP)
    assert res.rows == N_ROWS - 1 and res.bad_rows == 1
    rejects = read_rejects(res)
    assert rejects[1][:3] == [str(line), "ragged_row", ""]
    # (a stray line end before the content: see test_rejected_line_content_in_a_crlf_file)
    assert rejects[1][4].strip("\r\n") == big.layout.delimiter.join(short)
    assert len(rejects) == 2
    assert res.manifest["bad_rows"] == {"policy": "skip", "count": 1, "file": "rejects.csv"}


def test_rejected_line_content_in_a_crlf_file(tmp_path: Path) -> None:
    short = good_cells(25_000)[:4]
    big = write_big(tmp_path, "cp1252_titles_footer", bad={25_000: short})
    with pytest.raises(ConvertError) as err:
        run(big.path, tmp_path / "out")
    assert err.value.problems[0].params["content"] == ";".join(short)
    res = run(big.path, tmp_path / "out", policy=BadRowPolicy.SKIP)
    assert read_rejects(res)[1][4] == ";".join(short)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_tab_delimited_with_decimal_comma_is_sniffed(tmp_path: Path, encoding: str) -> None:
    lines = ["\t".join(HEADER)] + ["\t".join(good_cells(i)) for i in range(1, 101)]
    src = tmp_path / "tab.txt"
    src.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    insp = inspect_file(src)
    assert insp.setting("delimiter") == "\t"
    assert [c.source_name for c in insp.columns] == HEADER


@pytest.mark.parametrize("layout", ["utf8", "cp1252_titles_footer"])
def test_row_with_an_extra_field_is_a_bad_row(tmp_path: Path, layout: str) -> None:
    long = [*good_cells(25_000), "sobrando"]
    big = write_big(tmp_path, layout, bad={25_000: long})
    with pytest.raises(ConvertError) as err:
        run(big.path, tmp_path / "out")
    assert [(p.code, p.row) for p in err.value.problems] == [("ragged_row", big.line(long))]


def test_small_file_with_a_long_row_is_not_silently_cut(tmp_path: Path) -> None:
    src = tmp_path / "longo.csv"
    src.write_text("a;b\n1;2\n3;4;5\n6;7\n", encoding="utf-8")
    insp = inspect_file(src)
    assert [(p.code, p.row) for p in insp.problems if p.code == "ragged_row"] == [
        ("ragged_row", 3)]
    with pytest.raises(ConvertError):
        convert(insp, tmp_path / "out", TARGET)


def test_row_missing_several_fields_is_one_bad_row(tmp_path: Path) -> None:
    short = good_cells(25_000)[:2]
    big = write_big(tmp_path, bad={25_000: short})
    with pytest.raises(ConvertError) as err:
        run(big.path, tmp_path / "out")
    assert err.value.problem.params["count"] == 1
    assert [(p.row, p.params["found"]) for p in err.value.problems] == [(25_001, 2)]
    res = run(big.path, tmp_path / "out", policy=BadRowPolicy.SKIP)
    assert res.bad_rows == 1 and len(read_rejects(res)) == 2


def test_bad_value_line_after_a_blank_line(tmp_path: Path) -> None:
    cells = bad_cells(25_000, "Valor", "1,234")
    big = write_big(tmp_path, bad={25_000: cells}, before={100: [""]})
    with pytest.raises(ConvertError) as err:
        run(big.path, tmp_path / "out")
    assert bad_problems(err.value) == [(big.line(cells), "Valor", "1,234")]  # 25,002


def test_bad_value_line_after_an_all_empty_fields_line(tmp_path: Path) -> None:
    cells = bad_cells(25_000, "Valor", "1,234")
    big = write_big(tmp_path, bad={25_000: cells}, before={100: [";;;;"]})
    with pytest.raises(ConvertError) as err:
        run(big.path, tmp_path / "out")
    assert bad_problems(err.value) == [(big.line(cells), "Valor", "1,234")]
    res = run(big.path, tmp_path / "out", policy=BadRowPolicy.SKIP)
    assert res.rows == N_ROWS - 1  # the ';;;;' line is not a row


@pytest.mark.parametrize("kind", ["bad_value", "ragged_row"])
def test_line_numbers_after_a_multiline_field(tmp_path: Path, kind: str) -> None:
    cells = (bad_cells(25_000, "Valor", "1,234") if kind == "bad_value"
             else good_cells(25_000)[:4])
    multiline = ['99;"Cliente com', 'duas linhas";1,00;01/03/2024;Sim']
    big = write_big(tmp_path, bad={25_000: cells}, before={100: multiline})
    with pytest.raises(ConvertError) as err:
        run(big.path, tmp_path / "out")
    assert [(p.code, p.row) for p in err.value.problems] == [(kind, big.line(cells))]


def test_line_of_spaces_is_not_a_row(tmp_path: Path) -> None:
    big = write_big(tmp_path, before={100: ["    "]})
    res = run(big.path, tmp_path / "out")
    assert res.rows == N_ROWS


# ---------------------------------------------------------------- other formats


def test_excel_with_titles_and_totals(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Vendas"
    ws.append(["Relatório de Vendas"])
    ws.append(["Gerado em 01/02/2024"])
    ws.append([])
    ws.append(["Código", "Cliente", "Data", "Valor (R$)", "Pago"])
    ws.append(["00123", "Ana Júlia", dt.date(2024, 1, 15), 1234.56, True])
    ws.append(["04567", "José", dt.date(2024, 1, 31), 0.1 + 0.2, False])
    ws.append(["00089", "Conceição", dt.datetime(2024, 2, 1), 7, True])
    ws.append(["Total", None, None, 1241.86, None])
    src = tmp_path / "vendas.xlsx"
    wb.save(src)
    out = tmp_path / "out"
    res = run(src, out)
    assert rows_of(res) == [
        {"codigo": "00123", "cliente": "Ana Júlia", "data": dt.date(2024, 1, 15),
         "valor_r": Decimal("1234.56"), "pago": True},
        {"codigo": "04567", "cliente": "José", "data": dt.date(2024, 1, 31),
         "valor_r": Decimal("0.30"), "pago": False},
        {"codigo": "00089", "cliente": "Conceição", "data": dt.date(2024, 2, 1),
         "valor_r": Decimal("7.00"), "pago": True},
    ]
    doc = check_outputs(res, src, out)
    assert doc["source"]["format"] == "xlsx"
    assert doc["source"]["detected"]["sheet"] == "Vendas"


def _sheet(path: Path, header: list[str], rows: int, cells: Any, bad_row: int = 0) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Dados")
    ws.append(["Relatório de Vendas"])
    ws.append([])
    ws.append(header)
    for i in range(1, rows + 1):
        ws.append(cells(i, i == bad_row))
    ws.append(["Total", 123])
    wb.save(path)
    return path


def test_excel_bad_value_beyond_the_sample_gives_the_sheet_row(tmp_path: Path) -> None:
    src = _sheet(tmp_path / "grande.xlsx", ["id", "valor", "data"], 5_200,
                 lambda i, bad: [i, "n/d" if bad else i * 1.5, dt.date(2024, 1, i % 28 + 1)],
                 bad_row=5_100)
    insp = inspect_file(src)
    out = tmp_path / "out"
    with pytest.raises(ConvertError) as err:
        convert(insp, out, TARGET)
    assert bad_problems(err.value) == [(5_103, "valor", "n/d")]  # 2 title rows + header
    assert leftovers(out) == []
    res = convert(insp, out, TARGET, policy=BadRowPolicy.SKIP)
    assert res.rows == 5_199 and res.bad_rows == 1
    assert read_rejects(res)[1][:4] == ["5103", "bad_value", "valor", "n/d"]


def test_excel_two_columns_with_a_title_row(tmp_path: Path) -> None:
    src = _sheet(tmp_path / "estreita.xlsx", ["id", "valor"], 20,
                 lambda i, bad: [i, i * 1.5])
    insp = inspect_file(src)
    assert [(c.name, c.type_name) for c in insp.columns] == [
        ("id", "bigint"), ("valor", "decimal(18,1)")]


RECORDS = [
    {"id": 1, "nome": "Ana", "valor": 10.10, "data": "2024-01-15", "ativo": True,
     "codigo": "007"},
    {"id": 2, "nome": "José", "valor": 2.5, "data": "2024-02-29", "ativo": False,
     "codigo": "010"},
    {"id": 3, "nome": None, "valor": None, "data": "2024-03-01", "ativo": True,
     "codigo": "123"},
]
RECORD_ROWS = [
    {"id": 1, "nome": "Ana", "valor": Decimal("10.10"), "data": dt.date(2024, 1, 15),
     "ativo": True, "codigo": "007"},
    {"id": 2, "nome": "José", "valor": Decimal("2.50"), "data": dt.date(2024, 2, 29),
     "ativo": False, "codigo": "010"},
    {"id": 3, "nome": None, "valor": None, "data": dt.date(2024, 3, 1), "ativo": True,
     "codigo": "123"},
]


def _json_text(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False).replace("10.1,", "10.10,")


def _ndjson_text(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False).replace("10.1,", "10.10,") + "\n"
                   for r in records)


def _xml_text(records: list[dict[str, Any]]) -> str:
    def item(r: dict[str, Any]) -> str:
        fields = "".join(f"<{k}>{_xml_value(v)}</{k}>" for k, v in r.items() if k != "id"
                         and v is not None)
        return f'<registro id="{r["id"]}">{fields}</registro>'

    body = "".join(item(r) for r in records)
    return f'<?xml version="1.0" encoding="UTF-8"?><export><dados>{body}</dados></export>'


def _xml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return "10.10" if v == 10.10 else str(v)


RECORD_FORMATS = {
    "json_array": ("dados.json", _json_text),
    "ndjson": ("dados.ndjson", _ndjson_text),
    "xml": ("dados.xml", _xml_text),
}


@pytest.mark.parametrize("fmt", sorted(RECORD_FORMATS))
def test_record_sources(tmp_path: Path, fmt: str) -> None:
    name, text = RECORD_FORMATS[fmt]
    src = tmp_path / name
    src.write_text(text(RECORDS), encoding="utf-8")
    out = tmp_path / "out"
    res = run(src, out)
    got = rows_of(res)
    assert got == RECORD_ROWS
    doc = check_outputs(res, src, out)
    types = {c["name"]: c["type"] for c in doc["columns"]}
    assert types == {"id": "bigint", "nome": "string", "valor": "decimal(18,2)",
                     "data": "date", "ativo": "boolean", "codigo": "string"}


def test_parquet_source(tmp_path: Path) -> None:
    src = tmp_path / "dados.parquet"
    pq.write_table(pa.table({
        "id": pa.array([1, 2, 3], pa.int32()),
        "Valor Total": pa.array([Decimal("1.10"), Decimal("2.20"), None], pa.decimal128(10, 2)),
        "Data": pa.array([dt.date(2024, 1, 1), None, dt.date(2024, 12, 31)]),
        "nome": ["a", "b", None],
        "taxa": [1.5, None, 3.25],
        "momento": pa.array([dt.datetime(2024, 1, 1, 12, 30)] * 3, pa.timestamp("us")),
        "ok": [True, False, None],
    }), src)
    out = tmp_path / "out"
    res = run(src, out)
    assert rows_of(res) == [
        {"id": 1, "valor_total": Decimal("1.10"), "data": dt.date(2024, 1, 1), "nome": "a",
         "taxa": 1.5, "momento": dt.datetime(2024, 1, 1, 12, 30), "ok": True},
        {"id": 2, "valor_total": Decimal("2.20"), "data": None, "nome": "b", "taxa": None,
         "momento": dt.datetime(2024, 1, 1, 12, 30), "ok": False},
        {"id": 3, "valor_total": None, "data": dt.date(2024, 12, 31), "nome": None,
         "taxa": 3.25, "momento": dt.datetime(2024, 1, 1, 12, 30), "ok": None},
    ]
    doc = check_outputs(res, src, out)
    assert {c["name"]: c["type"] for c in doc["columns"]} == {
        "id": "bigint", "valor_total": "decimal(10,2)", "data": "date", "nome": "string",
        "taxa": "double", "momento": "timestamp", "ok": "boolean"}


_TZ_SCRIPT = """
import datetime as dt, sys
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq
from dino_desktop.core.convert import convert
from dino_desktop.core.inspect import inspect_file
from dino_desktop.core.models import Target
src = Path(sys.argv[1]) / "tz.parquet"
moment = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC)
pq.write_table(pa.table({"ts": pa.array([moment], pa.timestamp("us", tz="UTC"))}), src)
res = convert(inspect_file(src), Path(sys.argv[1]) / "out", Target("d", "t"))
print(pq.read_table(res.parts[0]).column("ts")[0].as_py().isoformat())
"""


def test_parquet_timestamp_with_time_zone_is_utc_on_any_machine(tmp_path: Path) -> None:
    env = {**os.environ, "TZ": "America/Sao_Paulo"}
    out = subprocess.run([sys.executable, "-c", _TZ_SCRIPT, str(tmp_path)], env=env,
                         capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "2024-01-01T12:00:00"


# ---------------------------------------------------------------- records beyond the sample


def _records(n: int = N_RECORDS) -> list[dict[str, Any]]:
    return [{"id": i, "nome": f"n{i}", "valor": f"{i}.25"} for i in range(1, n + 1)]


@pytest.mark.parametrize("fmt", sorted(RECORD_FORMATS))
def test_unexpected_field_beyond_the_sample(tmp_path: Path, fmt: str) -> None:
    name, text = RECORD_FORMATS[fmt]
    records = _records()
    records[BAD_RECORD - 1]["extra"] = "surpresa"
    src = tmp_path / name
    src.write_text(text(records), encoding="utf-8")
    insp = inspect_file(src)
    assert [c.source_name for c in insp.columns] == ["id", "nome", "valor"]
    out = tmp_path / "out"
    with pytest.raises(ConvertError) as err:
        convert(insp, out, TARGET)
    assert [(p.code, p.row) for p in err.value.problems] == [
        ("record_unexpected_field", BAD_RECORD)]
    assert leftovers(out) == []

    res = convert(insp, out, TARGET, policy=BadRowPolicy.SKIP)
    assert res.rows == N_RECORDS - 1 and res.bad_rows == 1
    rejects = read_rejects(res)
    assert [r[:2] for r in rejects[1:]] == [[str(BAD_RECORD), "record_unexpected_field"]]
    assert res.manifest["bad_rows"] == {"policy": "skip", "count": 1, "file": "rejects.csv"}
    assert BAD_RECORD not in {r["id"] for r in rows_of(res)}


def test_unexpected_field_message_names_the_field(tmp_path: Path) -> None:
    records = _records()
    records[BAD_RECORD - 1]["extra"] = "surpresa"
    src = tmp_path / "dados.json"
    src.write_text(_json_text(records), encoding="utf-8")
    with pytest.raises(ConvertError) as err:
        run(src, tmp_path / "out")
    assert "extra" in render(err.value.problems[0], "en")


def test_broken_ndjson_line_beyond_the_sample(tmp_path: Path) -> None:
    lines = _ndjson_text(_records()).splitlines()
    lines[BAD_RECORD - 1] = '{"id": 1, "nome": "quebrado",,}'
    src = tmp_path / "dados.ndjson"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    insp = inspect_file(src)
    with pytest.raises(ConvertError) as err:
        convert(insp, tmp_path / "out", TARGET)
    assert [(p.code, p.row) for p in err.value.problems] == [("json_invalid", BAD_RECORD)]
    res = convert(insp, tmp_path / "out", TARGET, policy=BadRowPolicy.SKIP)
    assert res.rows == N_RECORDS - 1 and res.bad_rows == 1


# ---------------------------------------------------------------- progress and cancel


@pytest.fixture(scope="module")
def file_50mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~50 MB of ASCII `;` text with a decimal-comma column, written by DuckDB."""
    path = tmp_path_factory.mktemp("big") / "grande.csv"
    with duckdb.connect() as con:
        con.execute(f"""
            COPY (SELECT i AS id, 'cliente ' || i AS nome,
                         (i % 100000)::VARCHAR || ',' || lpad((i % 100)::VARCHAR, 2, '0')
                             AS valor,
                         strftime(DATE '2024-01-01' + (i % 365)::INT, '%d/%m/%Y') AS data
                  FROM range(1, 1300000) t(i))
            TO '{path}' (HEADER, DELIMITER ';')""")
    assert path.stat().st_size > 45_000_000
    return path


def _assert_progress(calls: list[Progress]) -> None:
    fractions = [c.fraction for c in calls]
    assert fractions, "no progress at all"
    assert all(0.0 <= f <= 1.0 for f in fractions), fractions
    assert all(a <= b for a, b in itertools.pairwise(fractions)), fractions
    assert fractions[-1] == 1.0


def test_progress_on_a_50mb_transcoded_file(tmp_path: Path, file_50mb: Path) -> None:
    calls: list[Progress] = []
    res = run(file_50mb, tmp_path / "out", InspectOptions(encoding="cp1252"),
              progress=calls.append)
    _assert_progress(calls)
    assert len(calls) > 2  # reported while reading, not only at the end
    assert res.rows == 1_299_999


@pytest.mark.parametrize("case", ["csv_skip_bad_rows", "json_skip_bad_rows", "xlsx", "parquet"])
def test_progress_fractions(tmp_path: Path, case: str) -> None:
    calls: list[Progress] = []
    if case == "csv_skip_bad_rows":
        src = write_big(tmp_path, "cp1252_titles_footer",
                        bad={25_000: bad_cells(25_000, "Valor", "x")}).path
    elif case == "json_skip_bad_rows":
        records = _records()
        records[BAD_RECORD - 1]["extra"] = 1
        src = tmp_path / "d.json"
        src.write_text(_json_text(records), encoding="utf-8")
    elif case == "xlsx":
        src = tmp_path / "d.xlsx"
        wb = openpyxl.Workbook()
        for i in range(1, 100):
            wb.active.append([i, f"n{i}"])
        wb.save(src)
    else:
        src = tmp_path / "d.parquet"
        pq.write_table(pa.table({"a": list(range(100))}), src)
    run(src, tmp_path / "out", policy=BadRowPolicy.SKIP, progress=calls.append)
    _assert_progress(calls)


def test_cancel_from_progress_while_transcoding(tmp_path: Path, file_50mb: Path) -> None:
    cancel = threading.Event()
    calls: list[Progress] = []

    def progress(p: Progress) -> None:
        calls.append(p)
        cancel.set()

    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        run(file_50mb, out, InspectOptions(encoding="cp1252"), progress=progress,
            cancel=cancel)
    assert calls and calls[0].fraction < 1.0
    assert leftovers(out) == []


def test_cancel_from_progress_on_a_utf8_file(tmp_path: Path, file_50mb: Path) -> None:
    cancel = threading.Event()
    calls: list[Progress] = []

    def progress(p: Progress) -> None:
        calls.append(p)
        cancel.set()

    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        run(file_50mb, out, progress=progress, cancel=cancel)
    assert leftovers(out) == []


def test_cancel_before_start_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "vendas.csv"
    src.write_bytes(("\r\n".join(BR_LINES) + "\r\n").encode("cp1252"))
    cancel = threading.Event()
    cancel.set()
    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        run(src, out, cancel=cancel)
    assert leftovers(out) == []


# ---------------------------------------------------------------- count_rows


def test_count_rows_clean_file(tmp_path: Path) -> None:
    big = write_big(tmp_path, "cp1252_titles_footer")
    assert count_rows(inspect_file(big.path)) == (N_ROWS, [])


def test_count_rows_bad_file(tmp_path: Path) -> None:
    b1 = bad_cells(25_000, "Valor", "1,234")
    b2 = bad_cells(26_000, "Id", "1_000")
    big = write_big(tmp_path, bad={25_000: b1, 26_000: b2})
    _rows, problems = count_rows(inspect_file(big.path))
    assert problems[0].code == "bad_rows_found" and problems[0].params["count"] == 2
    assert [(p.row, p.column, p.params["value"]) for p in problems[1:]] == [
        (25_001, "Valor", "1,234"), (26_001, "Id", "1_000")]
    assert all(p.severity is Severity.ERROR for p in problems)


def test_count_rows_ragged_file(tmp_path: Path) -> None:
    big = write_big(tmp_path, bad={25_000: good_cells(25_000)[:4]})
    rows, problems = count_rows(inspect_file(big.path))
    assert rows == N_ROWS - 1
    assert [(p.code, p.row) for p in problems] == [("bad_rows_found", None),
                                                   ("ragged_row", 25_001)]


def test_count_rows_counts_good_rows_of_a_bad_file(tmp_path: Path) -> None:
    big = write_big(tmp_path, bad={25_000: bad_cells(25_000, "Valor", "1,234")})
    rows, _problems = count_rows(inspect_file(big.path))
    assert rows == N_ROWS - 1


# ---------------------------------------------------------------- mode, keys and names


@pytest.fixture
def br_file(tmp_path: Path) -> Path:
    src = tmp_path / "vendas.csv"
    src.write_bytes(("\r\n".join(BR_LINES) + "\r\n").encode("cp1252"))
    return src


def test_merge_with_keys(tmp_path: Path, br_file: Path) -> None:
    res = run(br_file, tmp_path / "out", mode=WriteMode.MERGE, keys=["codigo"])
    assert res.manifest["mode"] == "merge" and res.manifest["keys"] == ["codigo"]
    check_outputs(res, br_file, tmp_path / "out")


@pytest.mark.parametrize("keys", [[], ["nao_existe"]])
def test_merge_without_valid_keys_fails_and_writes_nothing(
        tmp_path: Path, br_file: Path, keys: list[str]) -> None:
    out = tmp_path / "out"
    with pytest.raises(DinoError):
        run(br_file, out, mode=WriteMode.MERGE, keys=keys)
    assert leftovers(out) == []


@pytest.mark.parametrize("keys", [[], ["nao_existe"]])
def test_merge_keys_are_checked_before_any_work(
        tmp_path: Path, br_file: Path, keys: list[str]) -> None:
    calls: list[Progress] = []
    with pytest.raises(DinoError) as err:
        run(br_file, tmp_path / "out", mode=WriteMode.MERGE, keys=keys, progress=calls.append)
    assert calls == []
    assert err.value.problem.code != "file_unreadable"


@pytest.mark.parametrize("name", ["Vendas", "1abc", "a-b", "", "vendas diárias"])
@pytest.mark.parametrize("kind", ["database", "table"])
def test_invalid_target_names(tmp_path: Path, br_file: Path, name: str, kind: str) -> None:
    target = Target(name, "t") if kind == "database" else Target("d", name)
    out = tmp_path / "out"
    with pytest.raises(DinoError) as err:
        run(br_file, out, target=target)
    problem = err.value.problem
    assert problem.code == "name_invalid"
    assert problem.params["kind"] == kind and problem.params["name"] == name
    assert not out.exists()


def test_message_of_a_failed_conversion_is_readable(tmp_path: Path) -> None:
    big = write_big(tmp_path, bad={25_000: bad_cells(25_000, "Valor", "1,234")})
    with pytest.raises(ConvertError) as err:
        run(big.path, tmp_path / "out")
    en = render(err.value.problems[0], "en")
    pt = render(err.value.problems[0], "pt_BR")
    assert en.startswith("Row 25001, column 'Valor':") and "1,234" in en
    assert pt.startswith("Linha 25001, coluna 'Valor':") and "1,234" in pt


def test_rejects_csv_is_readable_by_duckdb(tmp_path: Path) -> None:
    """rejects.csv opens as a table (what a user does with it): same lines as reported."""
    b1 = bad_cells(25_000, "Valor", "1,234")
    big = write_big(tmp_path, bad={25_000: b1, 26_000: good_cells(26_000)[:4]})
    res = run(big.path, tmp_path / "out", policy=BadRowPolicy.SKIP)
    with duckdb.connect() as con:
        got = con.execute(
            "SELECT line, problem FROM read_csv(?, delim=';', header=true) ORDER BY line",
            [res.rejects_path]).fetchall()
    assert got == [(25_001, "bad_value"), (26_001, "ragged_row")]
    assert res.bad_rows == 2 and res.rows == N_ROWS - 2


def test_failed_run_removes_an_older_result_in_the_folder(tmp_path: Path) -> None:
    """A folder holding a previous result is left empty, never half old, half new."""
    out = tmp_path / "out"
    (tmp_path / "good").mkdir()
    (tmp_path / "bad").mkdir()
    good = write_big(tmp_path / "good")
    run(good.path, out)
    assert (out / "manifest.json").exists() and (out / "part-00000.parquet").exists()
    bad = write_big(tmp_path / "bad", bad={25_000: bad_cells(25_000, "Valor", "1,234")})
    with pytest.raises(ConvertError):
        run(bad.path, out)
    assert leftovers(out) == []

