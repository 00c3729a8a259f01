"""validate: what can be known before reading the whole file (size, names, the table's schema).

Messages are checked through `render` in both languages, since that is what a person reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dino_desktop.core import validate
from dino_desktop.core.inspect import inspect_file
from dino_desktop.core.messages import render
from dino_desktop.core.models import (
    BadRowPolicy,
    Column,
    ColumnFormat,
    ColumnType,
    Inspection,
    Problem,
    Severity,
    Target,
    WriteMode,
)

TARGET = Target("vendas", "diario")


@pytest.fixture(scope="module")
def insp(tmp_path_factory: pytest.TempPathFactory) -> Inspection:
    path = tmp_path_factory.mktemp("src") / "vendas.csv"
    path.write_bytes("Código;Cliente;Valor;Data;Quantidade\r\n"
                     "00012;Ana;1.234,56;31/01/2024;3\r\n"
                     "00345;José;-7,50;01/02/2024;10\r\n".encode("cp1252"))
    result = inspect_file(path)
    assert [(c.name, c.type_name) for c in result.columns] == [
        ("codigo", "string"), ("cliente", "string"), ("valor", "decimal(18,2)"),
        ("data", "date"), ("quantidade", "bigint")]
    return result


TABLE = [("codigo", "string"), ("cliente", "string"), ("valor", "decimal(18,2)"),
         ("data", "date"), ("quantidade", "bigint")]


def codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.severity.value, p.code) for p in problems]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def col(name: str, type_: ColumnType, **fmt: int) -> Column:
    return Column(source_name=name.upper(), name=name, type=type_, format=ColumnFormat(**fmt))


# ---------------------------------------------------------------- size and names


def test_clean_file_has_no_errors(insp: Inspection) -> None:
    problems = validate.check(insp, TARGET, table_schema=TABLE, max_bytes=10_000)
    assert errors(problems) == []
    assert validate.blocking(problems) == []


def test_size_limit(insp: Inspection) -> None:
    assert validate.check(insp, TARGET, max_bytes=insp.size_bytes) == insp.problems
    problems = validate.check(insp, TARGET, max_bytes=insp.size_bytes - 1)
    (too_large,) = errors(problems)
    assert too_large.code == "file_too_large" and too_large.fix == "split_file"
    assert "MB" in render(too_large, "en") and "limite" in render(too_large, "pt_BR")


def test_size_limit_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "grande.csv"
    path.write_text("a;b\n" + "1;2\n" * 300_000, encoding="utf-8")  # 1.2 MB
    problems = validate.check(inspect_file(path), TARGET, max_bytes=1_000_000)
    (too_large,) = errors(problems)
    assert too_large.params == {"size_mb": 1.2, "limit_mb": 1.0}
    assert render(too_large, "en").startswith("The file has 1.2 MB; the limit is 1.0 MB.")


@pytest.mark.parametrize("name", ["Vendas", "1abc", "a-b", "", "vendas diárias", "x" * 129,
                                  "tabela.nova"])
@pytest.mark.parametrize("kind", ["database", "table"])
def test_invalid_target_names(insp: Inspection, name: str, kind: str) -> None:
    target = Target(name, "t") if kind == "database" else Target("d", name)
    (problem,) = errors(validate.check(insp, target))
    assert problem.code == "name_invalid" and problem.fix == "fix_name"
    assert problem.params["kind"] == kind and problem.params["name"] == name
    en, pt = render(problem, "en"), render(problem, "pt_BR")
    assert f"'{name}'" in en and f"'{name}'" in pt
    assert "not valid" in en and "não é válido" in pt
    assert en != pt


@pytest.mark.parametrize("name", ["vendas", "_staging", "t2024", "a_b_c", "x" * 128])
def test_valid_target_names(insp: Inspection, name: str) -> None:
    assert errors(validate.check(insp, Target(name, name))) == []


def test_target_name_suggestion(insp: Inspection) -> None:
    (problem,) = errors(validate.check(insp, Target("d", "Vendas Diárias")))
    assert problem.params["suggestion"] == "vendas_diarias"


def test_invalid_target_name_message_is_all_portuguese(insp: Inspection) -> None:
    (problem,) = errors(validate.check(insp, Target("d", "Vendas")))
    pt = render(problem, "pt_BR")
    assert "table" not in pt and "upper-case" not in pt


def test_invalid_catalog_name_is_reported(insp: Inspection) -> None:
    problems = errors(validate.check(insp, Target("d", "t", catalog="Main")))
    assert [p.code for p in problems] == ["name_invalid"]


def test_renamed_column_names_are_checked(insp: Inspection) -> None:
    bad = Inspection(insp.path, insp.format, insp.size_bytes, insp.settings,
                     [col("valor", ColumnType.DECIMAL, precision=18, scale=2),
                      col("Valor", ColumnType.TEXT), col("a b", ColumnType.TEXT),
                      col("_dino_run", ColumnType.TEXT)], [], [])
    problems = errors(validate.check(bad, TARGET))
    assert [(p.code, p.params["name"]) for p in problems] == [
        ("column_name_invalid", "Valor"), ("column_name_invalid", "a b"),
        ("column_name_invalid", "_dino_run")]
    assert problems[0].params["reason"] == "used_twice"
    assert "used twice" in render(problems[0], "en")


# ---------------------------------------------------------------- merge


def test_merge_keys(insp: Inspection) -> None:
    ok = validate.check(insp, TARGET, mode=WriteMode.MERGE, keys=["codigo"])
    assert errors(ok) == []
    (no_keys,) = errors(validate.check(insp, TARGET, mode=WriteMode.MERGE))
    assert no_keys.code == "column_name_invalid"
    (unknown,) = errors(validate.check(insp, TARGET, mode=WriteMode.MERGE, keys=["nao_existe"]))
    assert unknown.params["name"] == "nao_existe"
    assert "nao_existe" in render(unknown, "en") and "nao_existe" in render(unknown, "pt_BR")
    assert errors(validate.check(insp, TARGET, keys=["nao_existe"])) == []  # append: unused


# ---------------------------------------------------------------- the table's schema


def test_same_schema_is_silent(insp: Inspection) -> None:
    assert validate.check_schema(insp.columns, TABLE) == []


def test_missing_column_is_a_warning(insp: Inspection) -> None:
    table = [*TABLE, ("desconto", "decimal(10,2)")]
    (problem,) = validate.check_schema(insp.columns, table)
    assert (problem.severity, problem.code) == (Severity.WARNING, "schema_missing_column")
    assert problem.params == {"column": "desconto", "type": "decimal(10,2)"}
    assert "'desconto'" in render(problem, "en") and "'desconto'" in render(problem, "pt_BR")


def test_new_column_add_columns_is_info(insp: Inspection) -> None:
    table = [c for c in TABLE if c[0] != "quantidade"]
    (problem,) = validate.check_schema(insp.columns, table, "add_columns")
    assert (problem.severity, problem.code) == (Severity.INFO, "schema_new_column")
    assert problem.params == {"column": "quantidade", "type": "bigint"}
    assert problem.column == "Quantidade"  # the source name, for the UI to point at


def test_new_column_strict_is_an_error(insp: Inspection) -> None:
    table = [c for c in TABLE if c[0] != "quantidade"]
    (problem,) = validate.check_schema(insp.columns, table, "strict")
    assert (problem.severity, problem.code) == (Severity.ERROR, "schema_new_column_refused")
    assert problem.fix == "allow_new_columns"
    (via_check,) = errors(validate.check(insp, TARGET, table_schema=table,
                                         schema_evolution="strict"))
    assert via_check.code == "schema_new_column_refused"
    assert "'quantidade'" in render(problem, "en") and "'quantidade'" in render(problem, "pt_BR")


def test_type_conflict_names_the_column_and_both_types(insp: Inspection) -> None:
    table = [("codigo", "bigint"), *TABLE[1:]]
    (problem,) = validate.check_schema(insp.columns, table)
    assert (problem.severity, problem.code) == (Severity.ERROR, "schema_type_conflict")
    assert problem.params == {"column": "codigo", "file_type": "string", "table_type": "bigint"}
    assert problem.column == "Código" and problem.fix == "align_schema"
    en = render(problem, "en")
    assert "'codigo'" in en and "string" in en and "bigint" in en
    pt = render(problem, "pt_BR")
    assert "'codigo'" in pt and "string" in pt and "bigint" in pt


@pytest.mark.parametrize(("table_type", "file_type"), [
    ("bigint", "decimal(18,2)"),  # a decimal into whole numbers loses the cents
    ("decimal(10,2)", "decimal(18,2)"),  # narrower table
    ("decimal(18,0)", "decimal(18,2)"),  # fewer decimals
    ("decimal(10,2)", "bigint"),  # 8 integer digits cannot hold every bigint
    ("date", "timestamp"),
    ("boolean", "string"),
    ("double", "string"),
    ("timestamp", "date_as_string"),
])
def test_type_conflicts(table_type: str, file_type: str) -> None:
    types = {
        "decimal(18,2)": col("v", ColumnType.DECIMAL, precision=18, scale=2),
        "bigint": col("v", ColumnType.INTEGER),
        "timestamp": col("v", ColumnType.TIMESTAMP),
        "string": col("v", ColumnType.TEXT),
        "date_as_string": col("v", ColumnType.TEXT),
    }
    (problem,) = validate.check_schema([types[file_type]], [("v", table_type)])
    assert problem.code == "schema_type_conflict"


@pytest.mark.parametrize(("file_type", "table_type"), [
    ("bigint", "decimal(38,2)"),
    ("bigint", "decimal(20,2)"),
    ("bigint", "double"),
    ("bigint", "BIGINT"),
    ("bigint", "long"),
    ("decimal(10,2)", "decimal(18,2)"),
    ("decimal(10,2)", "decimal(12,4)"),
    ("decimal(18,2)", "DECIMAL(18, 2)"),
    ("decimal(10,2)", "double"),
    ("date", "timestamp"),
    ("date", "timestamp_ntz"),
    ("timestamp", "timestamp"),
    ("double", "double"),
    ("boolean", "boolean"),
    ("string", "STRING"),
    ("string", "varchar"),
])
def test_compatible_types_fit(file_type: str, table_type: str) -> None:
    assert validate.type_fits(file_type, table_type)


@pytest.mark.parametrize(("file_type", "table_type"), [
    ("decimal(18,2)", "decimal(10,2)"),
    ("decimal(10,4)", "decimal(12,2)"),
    ("decimal(18,2)", "bigint"),
    ("bigint", "decimal(10,2)"),
    ("double", "decimal(38,10)"),
    ("double", "bigint"),
    ("timestamp", "date"),
    ("string", "bigint"),
    ("string", "date"),
    ("bigint", "string"),
    ("boolean", "bigint"),
])
def test_incompatible_types_do_not_fit(file_type: str, table_type: str) -> None:
    assert not validate.type_fits(file_type, table_type)


@pytest.mark.parametrize(("file_type", "table_type"), [("bigint", "int"),
                                                        ("bigint", "integer"),
                                                        ("double", "float")])
def test_wider_file_types_do_not_fit_32_bit_columns(file_type: str, table_type: str) -> None:
    assert not validate.type_fits(file_type, table_type)


def test_widenings_against_a_table(insp: Inspection) -> None:
    table = [("codigo", "string"), ("cliente", "string"), ("valor", "decimal(38,4)"),
             ("data", "timestamp"), ("quantidade", "decimal(38,2)")]
    assert validate.check_schema(insp.columns, table) == []


def test_audit_columns_are_ignored(insp: Inspection) -> None:
    table = [*TABLE, ("_dino_run_id", "string"), ("_DINO_LOADED_AT", "timestamp"),
             ("_dino_source", "string")]
    assert validate.check_schema(insp.columns, table) == []


def test_names_compare_case_insensitively(insp: Inspection) -> None:
    table = [(n.upper(), t) for n, t in TABLE]
    assert validate.check_schema(insp.columns, table) == []
    conflict = [("CODIGO", "bigint"), *table[1:]]
    (problem,) = validate.check_schema(insp.columns, conflict)
    assert problem.code == "schema_type_conflict" and problem.params["column"] == "codigo"


def test_several_findings_at_once(insp: Inspection) -> None:
    table = [("codigo", "bigint"), ("cliente", "string"), ("valor", "decimal(18,2)"),
             ("data", "date"), ("observacao", "string")]
    problems = validate.check(insp, TARGET, table_schema=table, schema_evolution="strict")
    got = sorted((p.code, p.params.get("column")) for p in problems
                 if p.code.startswith("schema_"))
    assert got == [("schema_missing_column", "observacao"),
                   ("schema_new_column_refused", "quantidade"),
                   ("schema_type_conflict", "codigo")]
    assert sorted(p.code for p in validate.blocking(problems)) == [
        "schema_new_column_refused", "schema_type_conflict"]


def test_blocking_lets_bad_rows_through_when_skipping() -> None:
    bad_row = Problem(Severity.ERROR, "ragged_row", {"expected": 3, "found": 2}, row=7)
    other = Problem(Severity.ERROR, "file_too_large", {"size_mb": 2, "limit_mb": 1})
    warning = Problem(Severity.WARNING, "encoding_guessed", {"encoding": "cp1252"})
    problems = [bad_row, other, warning]
    assert validate.blocking(problems) == [bad_row, other]
    assert validate.blocking(problems, BadRowPolicy.SKIP) == [other]
