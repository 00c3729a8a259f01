"""Inspection of the corpus of messy files: each file against its expected outcome.

The files are committed in tests/corpus/files/ (written by make_corpus.py); the expected
outcomes are in expected.py. Nothing here regenerates the committed files.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import importlib.util
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
REPO = HERE.parents[1]


def _load(name: str) -> ModuleType:
    """Load a sibling module under a unique name (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"dino_corpus_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


make_corpus = _load("make_corpus")
EXPECTED: dict[str, dict[str, Any]] = _load("expected").EXPECTED

DICT_KEYS = {
    "encoding", "delimiter", "quote", "escape", "header", "skip_top", "skip_bottom",
    "decimal", "thousands", "date_format", "columns", "problems", "preview", "settings",
}
PROBLEM_KEYS = {"severity", "code", "params", "row", "column", "fix", "message"}
SETTING_KEYS = (
    "encoding", "delimiter", "quote", "escape", "header", "skip_top", "skip_bottom",
    "decimal", "thousands", "date_format",
)
MIN_PREVIEW_ROWS = 10


@functools.cache
def inspected(name: str) -> tuple[Any, dict[str, Any]]:
    """(Inspection, inspection_to_dict(...)) for one corpus file, inspected once."""
    from dino_desktop.core.inspect import inspect_file, inspection_to_dict

    insp = inspect_file(FILES / name)
    return insp, inspection_to_dict(insp)


def _cases(*keys: str) -> list[str]:
    return [name for name, exp in EXPECTED.items() if any(k in exp for k in keys)]


def _codec(name: Any) -> Any:
    if not isinstance(name, str):
        return name
    try:
        return codecs.lookup(name).name
    except LookupError:
        return f"<unknown codec {name!r}>"


# --- the corpus itself -------------------------------------------------------------------

def test_every_file_has_expectations() -> None:
    assert set(EXPECTED) == set(make_corpus.BUILDERS)


def test_committed_files_match_generator() -> None:
    on_disk = {p.name for p in FILES.iterdir() if p.is_file()}
    assert on_disk == set(make_corpus.BUILDERS), "run: python tests/corpus/make_corpus.py"
    for name, data in make_corpus.build().items():
        assert (FILES / name).read_bytes() == data, f"{name} differs from make_corpus.py"


def test_generator_is_deterministic(tmp_path: Path) -> None:
    written = make_corpus.write_corpus(tmp_path)
    assert {p.name for p in written} == set(make_corpus.BUILDERS)
    for path in written:
        assert path.read_bytes() == (FILES / path.name).read_bytes(), path.name
        assert path.stat().st_size < 20 * 1024, path.name


# --- the inspection dict -----------------------------------------------------------------

@pytest.mark.parametrize("name", list(EXPECTED))
def test_dict_shape(name: str) -> None:
    from dino_desktop.core.messages import FIXES, MESSAGES

    insp, d = inspected(name)
    assert set(d) >= DICT_KEYS, f"missing keys: {sorted(DICT_KEYS - set(d))}"
    json.dumps(d)  # JSON-ready, as `dino inspect --json` prints it
    # a file that could not be read at all (empty, binary...) may leave the header unknown
    assert isinstance(d["header"], bool) or (d["header"] is None and not insp.ok)
    for col in d["columns"]:
        assert {"name", "source_name", "type"} <= set(col)
    for p in d["problems"]:
        assert set(p) >= PROBLEM_KEYS, p
        assert p["severity"] in ("error", "warning", "info"), p
        assert p["code"] in MESSAGES, f"problem code {p['code']!r} has no message"
        assert p["fix"] is None or p["fix"] in FIXES, f"fix {p['fix']!r} has no text"
        assert isinstance(p["message"], str) and p["message"].strip(), p
        assert "{" not in p["message"], f"unfilled placeholder: {p['message']}"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_does_not_raise_and_ok_matches_problems(name: str) -> None:
    insp, d = inspected(name)
    has_error = any(p["severity"] == "error" for p in d["problems"])
    assert insp.ok is (not has_error)


# --- detected settings -------------------------------------------------------------------

SETTING_CASES = [
    pytest.param(name, key, id=f"{name}-{key}")
    for name, exp in EXPECTED.items()
    for key in SETTING_KEYS
    if key in exp
]


@pytest.mark.parametrize(("name", "key"), SETTING_CASES)
def test_setting(name: str, key: str) -> None:
    _, d = inspected(name)
    expected = EXPECTED[name][key]
    actual = d[key]
    if key == "encoding":
        accepted = expected if isinstance(expected, tuple) else (expected,)
        assert _codec(actual) in {_codec(e) for e in accepted}, (
            f"{name}: encoding {actual!r}, expected one of {accepted}"
        )
    else:
        assert actual == expected, f"{name}: {key} is {actual!r}, expected {expected!r}"


# --- columns -----------------------------------------------------------------------------

_DECIMAL = re.compile(r"^decimal\((\d+),(\d+)\)$")


def _decimal_fits(value: Decimal, precision: int, scale: int) -> bool:
    if value.is_zero():
        return True
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    integer_digits = max(len(digits) + exponent, 0)
    fraction_digits = max(-exponent, 0)
    return fraction_digits <= scale and integer_digits <= precision - scale


@pytest.mark.parametrize("name", _cases("columns"))
def test_column_names(name: str) -> None:
    _, d = inspected(name)
    expected = [n for n, _ in EXPECTED[name]["columns"]]
    assert [c["name"] for c in d["columns"]] == expected


@pytest.mark.parametrize("name", _cases("columns"))
def test_column_types(name: str) -> None:
    insp, d = inspected(name)
    expected = EXPECTED[name]["columns"]
    assert len(d["columns"]) == len(expected), [c["name"] for c in d["columns"]]
    wrong = []
    for i, ((col_name, want), col) in enumerate(zip(expected, d["columns"], strict=True)):
        got = col["type"]
        if want.startswith("decimal(*,"):
            m = _DECIMAL.match(got)
            scale = int(want[len("decimal(*,"):-1])
            if not m or int(m.group(2)) != scale:
                wrong.append(f"{col_name}: {got} (expected {want})")
                continue
            precision = int(m.group(1))
            assert scale <= precision <= 38, f"{col_name}: {got}"
            for row in insp.preview:
                value = row[i] if i < len(row) else None
                if isinstance(value, Decimal):
                    assert _decimal_fits(value, precision, scale), f"{col_name}: {value} {got}"
        elif got != want:
            wrong.append(f"{col_name}: {got} (expected {want})")
    assert not wrong, f"{name}: " + "; ".join(wrong)


@pytest.mark.parametrize("name", _cases("source_names"))
def test_source_names(name: str) -> None:
    _, d = inspected(name)
    assert [c["source_name"] for c in d["columns"]] == EXPECTED[name]["source_names"]


@pytest.mark.parametrize("name", _cases("nullable"))
def test_nullable(name: str) -> None:
    insp, _ = inspected(name)
    by_name = {c.name: c for c in insp.columns}
    for col_name, nullable in EXPECTED[name]["nullable"].items():
        assert by_name[col_name].nullable is nullable, col_name


# --- problems ----------------------------------------------------------------------------

def _describe(problems: list[dict[str, Any]]) -> str:
    return "; ".join(f"{p['severity']} {p['code']} row={p['row']}" for p in problems) or "none"


@pytest.mark.parametrize("name", _cases("problems", "problem_rows", "absent", "no_errors"))
def test_problems(name: str) -> None:
    _, d = inspected(name)
    exp = EXPECTED[name]
    problems = d["problems"]
    found = _describe(problems)
    for severity, code, row in exp.get("problems", []):
        assert any(
            p["code"] == code
            and (severity is None or p["severity"] == severity)
            and (row is None or p["row"] == row)
            for p in problems
        ), f"{name}: expected ({severity}, {code}, row={row}); found: {found}"
    for code, rows in exp.get("problem_rows", {}).items():
        got = sorted(p["row"] for p in problems if p["code"] == code)
        assert got == sorted(rows), f"{name}: {code} on rows {got}, expected {rows}"
    for code in exp.get("absent", []):
        assert all(p["code"] != code for p in problems), f"{name}: unexpected {code}: {found}"
    if exp.get("no_errors"):
        errors = [p for p in problems if p["severity"] == "error"]
        assert not errors, f"{name}: errors: {_describe(errors)}"


# --- preview -----------------------------------------------------------------------------

def _same(actual: Any, expected: Any) -> bool:
    if expected is None:
        return actual is None
    if isinstance(expected, bool | int | str | float | dt.datetime):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, dt.date):  # a date, not a datetime
        return type(actual) is dt.date and actual == expected
    if isinstance(expected, Decimal):
        return isinstance(actual, Decimal) and actual == expected
    raise TypeError(f"unsupported expected value {expected!r}")


def _check_row(name: str, label: str, actual: list[Any], expected: list[Any]) -> None:
    assert len(actual) == len(expected), f"{name} {label}: {actual!r}"
    bad = [
        f"[{i}] {a!r} ({type(a).__name__}) != {e!r} ({type(e).__name__})"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True))
        if not _same(a, e)
    ]
    assert not bad, f"{name} {label}: " + "; ".join(bad)


def _same_json(value: Any, expected: Any) -> bool:
    """The JSON-ready form: dates as ISO strings, decimals as strings."""
    if isinstance(expected, dt.datetime):
        return isinstance(value, str) and dt.datetime.fromisoformat(value) == expected
    if isinstance(expected, dt.date):
        return value == expected.isoformat()
    if isinstance(expected, Decimal):
        return isinstance(value, str) and Decimal(value) == expected
    return _same(value, expected)


@pytest.mark.parametrize("name", _cases("preview_first_row"))
def test_preview_first_row(name: str) -> None:
    insp, d = inspected(name)
    expected = EXPECTED[name]["preview_first_row"]
    assert insp.preview, f"{name}: empty preview"
    _check_row(name, "preview[0]", list(insp.preview[0]), expected)
    row = d["preview"][0]
    bad = [i for i, (v, e) in enumerate(zip(row, expected, strict=True)) if not _same_json(v, e)]
    assert not bad, f"{name}: d['preview'][0] not JSON-ready as expected at {bad}: {row!r}"


@pytest.mark.parametrize("name", _cases("preview_rows"))
def test_preview_rows(name: str) -> None:
    insp, _ = inspected(name)
    for index, expected in EXPECTED[name]["preview_rows"].items():
        assert -len(insp.preview) <= index < len(insp.preview), (
            f"{name}: preview has {len(insp.preview)} rows, no row {index}"
        )
        _check_row(name, f"preview[{index}]", list(insp.preview[index]), expected)


@pytest.mark.parametrize("name", _cases("rows"))
def test_preview_holds_exactly_the_data_rows(name: str) -> None:
    insp, _ = inspected(name)
    rows = EXPECTED[name]["rows"]
    assert rows <= MIN_PREVIEW_ROWS  # so the whole file fits in any preview
    assert len(insp.preview) == rows, f"{name}: preview has {len(insp.preview)} rows: " + repr(
        insp.preview
    )


# --- the command line --------------------------------------------------------------------

def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", "dino_desktop", "inspect", *args],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        cwd=REPO, env=env, timeout=120, check=False,
    )


@pytest.mark.parametrize("name", ["extrato_bancario.csv", "excel_ptbr_bom.csv"])
def test_cli_inspect_json(name: str) -> None:
    result = _cli(str(FILES / name), "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= DICT_KEYS, f"missing keys: {sorted(DICT_KEYS - set(out))}"
    exp = EXPECTED[name]
    assert _codec(out["encoding"]) == _codec(exp["encoding"])
    for key in ("delimiter", "header", "skip_top", "skip_bottom", "decimal", "date_format"):
        assert out[key] == exp[key], key
    assert [c["name"] for c in out["columns"]] == [n for n, _ in exp["columns"]]
    # the same dict as inspection_to_dict(), through JSON
    _, d = inspected(name)
    same = json.loads(json.dumps(d))
    assert out["columns"] == same["columns"]
    assert out["preview"] == same["preview"]
    assert [p["code"] for p in out["problems"]] == [p["code"] for p in same["problems"]]


@pytest.mark.parametrize("json_flag", [True, False], ids=["json", "text"])
@pytest.mark.parametrize("case", ["binary", "missing"])
def test_cli_failure_is_readable(case: str, json_flag: bool, tmp_path: Path) -> None:
    path = FILES / "binary.csv" if case == "binary" else tmp_path / "nao_existe.csv"
    result = _cli(str(path), *(["--json"] if json_flag else []))
    assert result.returncode != 0
    assert result.stderr.strip(), "no message on stderr"
    assert "Traceback" not in result.stderr, result.stderr
    if case == "binary":
        assert re.search(r"bin[aá]r", result.stderr, re.IGNORECASE), result.stderr
    else:
        assert "nao_existe.csv" in result.stderr, result.stderr
