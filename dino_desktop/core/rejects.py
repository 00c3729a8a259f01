"""Finding bad rows after the fast pass stopped on one, and keeping them in rejects.csv.

Only runs when a file has bad rows, so it may be slower: one thread, in file order, so that
row numbers point at the right line.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Callable
from pathlib import Path

import duckdb

from dino_desktop.core.models import Inspection, Problem, Severity
from dino_desktop.core.scan import Scan
from dino_desktop.core.typesql import ident, lit

BAD_MARK = "DINO_BAD_VALUE:"
MAX_REPORTED = 100
REJECTS = "rejects.csv"

Check = tuple[str, str, str]  # (source column name, raw column SQL, "is bad" SQL condition)


def _numbered(insp: Inspection, scan: Scan, checks: list[Check]) -> str:
    """Bad rows with their row (line) number, failing column, raw value and whole content."""
    which = "coalesce(" + ", ".join(
        f"CASE WHEN {bad} THEN {lit(src)} END" for src, _, bad in checks) + ")"
    value = "coalesce(" + ", ".join(
        f"CASE WHEN {bad} THEN {raw} END" for _, raw, bad in checks) + ")"
    raw_cols = [raw for _, raw, _ in checks] or ["''"]
    delim = insp.layout.get("delimiter") or ";"
    content = f"concat_ws({lit(delim)}, {', '.join(_all_raw(insp, scan))})" if raw_cols else "''"
    if scan.has_row_numbers:
        number = "_row"
        problem = "coalesce(json_extract_string(_problem, '$.code'), 'bad_value')"
        which_sql = f"CASE WHEN _problem IS NULL THEN {which} END"
        value_sql = f"CASE WHEN _problem IS NULL THEN {value} ELSE _problem END"
        cond = f"(_problem IS NOT NULL OR {which} IS NOT NULL)"
    else:
        number = "row_number() OVER ()"  # accepted rows; `place` turns them into lines
        problem = "'bad_value'"
        which_sql, value_sql, cond = which, value, f"{which} IS NOT NULL"
    return (f"SELECT * FROM (SELECT {number} AS line, {problem} AS problem, "
            f"{which_sql} AS col, {value_sql} AS value, {content} AS content, {cond} AS is_bad "
            f"FROM ({scan.sql})) WHERE is_bad")


def _all_raw(insp: Inspection, scan: Scan) -> list[str]:
    if scan.has_row_numbers:
        return [f"coalesce({ident(f'c{i}')}, '')" for i in range(len(insp.columns))]
    width = insp.layout.get("columns_in_file") or len(insp.columns)
    return [f"coalesce({ident(f'c{i}')}, '')" for i in range(width)]


def diagnose(con: duckdb.DuckDBPyConnection, insp: Inspection, scan: Scan,
             checks: list[Check], place: Placer) -> tuple[list[Problem], int]:
    """The first bad rows as problems (with row, column and value), and how many there are."""
    con.execute("SET threads = 1")
    sql = (f"SELECT line, problem, col, value, content, count(*) OVER () AS total "
           f"FROM ({_numbered(insp, scan, checks)}) ORDER BY line LIMIT {MAX_REPORTED}")
    rows = con.execute(sql).fetchall()
    if not scan.has_row_numbers:
        row_at, _ = place([r[0] for r in rows], [])
        rows = [(row_at.get(r[0], r[0] + scan.first_data_line - 1), *r[1:]) for r in rows]
    types = {c.source_name: c.type_name for c in insp.columns}
    problems = []
    for line, problem, col, value, _content, _total in rows:
        if problem == "bad_value":
            problems.append(Problem(Severity.ERROR, "bad_value",
                                    {"value": value, "type": types.get(col, "string")},
                                    row=int(line), column=col, fix="change_type"))
        else:
            params: dict = {"record": line}
            with contextlib.suppress(TypeError, ValueError, AttributeError):
                params.update(json.loads(value).get("params") or {})
            problems.append(Problem(Severity.ERROR, problem, params, row=int(line),
                                    fix="fix_row"))
    total = int(rows[0][5]) if rows else 0
    return problems, total


MAX_PLACED = 200_000  # beyond this many bad rows, rejects.csv gives approximate lines

Placer = Callable[[list[int], list[int]], tuple[dict[int, int], dict[int, int]]]


def write_rejects(con: duckdb.DuckDBPyConnection, insp: Inspection, scan: Scan,
                  checks: list[Check], out: Path, ragged: list[Problem],
                  has_bad_values: bool, place: Placer) -> tuple[int, str | None]:
    """rejects.csv beside the parts: line; problem; column; value; content. Nothing is lost."""
    con.execute("SET threads = 1")
    rows: list[tuple] = []
    if has_bad_values and (checks or scan.has_row_numbers):
        sql = (f"SELECT line, problem, col, value, content FROM "
               f"({_numbered(insp, scan, checks)}) ORDER BY line LIMIT {MAX_PLACED + 1}")
        rows = con.execute(sql).fetchall()
    if len(rows) > MAX_PLACED:
        return _write_rejects_in_sql(con, insp, scan, checks, out, ragged)
    if not scan.has_row_numbers:
        row_at, _ = place([r[0] for r in rows], [])
        rows = [(row_at.get(r[0], r[0] + scan.first_data_line - 1), *r[1:]) for r in rows]
    rows += [(p.row, p.code, None, None, p.params.get("content")) for p in ragged]
    if not rows:
        return 0, None
    rows.sort(key=lambda r: r[0] or 0)
    path = out / REJECTS
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["line", "problem", "col", "value", "content"])
        writer.writerows(rows)
    return len(rows), str(path)


def _write_rejects_in_sql(con: duckdb.DuckDBPyConnection, insp: Inspection, scan: Scan,
                          checks: list[Check], out: Path,
                          ragged: list[Problem]) -> tuple[int, str | None]:
    """Very many bad rows: stream them with DuckDB (line numbers count records)."""
    offset = 0 if scan.has_row_numbers else scan.first_data_line - 1
    con.execute("CREATE OR REPLACE TEMP TABLE dino_ragged (line BIGINT, problem VARCHAR, "
                "col VARCHAR, value VARCHAR, content VARCHAR)")
    for p in ragged:
        con.execute("INSERT INTO dino_ragged VALUES (?, ?, NULL, NULL, ?)",
                    [p.row, p.code, p.params.get("content")])
    path = out / REJECTS
    sql = (f"COPY (SELECT * FROM (SELECT line + {offset} AS line, problem, col, value, content "
           f"FROM ({_numbered(insp, scan, checks)}) UNION ALL SELECT * FROM dino_ragged) "
           f"ORDER BY line) TO {lit(str(path))} (FORMAT csv, HEADER true, DELIMITER ';')")
    count = int(con.execute(sql).fetchall()[0][0])
    return count, str(path)

