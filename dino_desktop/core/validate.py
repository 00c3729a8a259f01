"""Checks before anything leaves the machine: names, size, the target's schema, the rows.

`check` is instant (the inspection, names, limits, schema); `check_rows` reads the whole
file once, so a bad value on row 9,000,000 is found before upload, not by the cluster.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from dino_desktop.core.models import (
    BadRowPolicy,
    Column,
    ColumnType,
    Inspection,
    Problem,
    Progress,
    Severity,
    Target,
    WriteMode,
)
from dino_desktop.core.naming import check_column_name, check_target_name

AUDIT_PREFIX = "_dino_"
_DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")
# File type -> table types it can be written into without losing anything.
_WIDENS = {
    "bigint": {"bigint", "double", "decimal"},
    "boolean": {"boolean"},
    "date": {"date", "timestamp"},
    "timestamp": {"timestamp"},
    "double": {"double"},
    "string": {"string"},
}
_ALIASES = {"long": "bigint", "integer": "int", "real": "float", "varchar": "string",
            "text": "string", "timestamp_ntz": "timestamp", "bool": "boolean", "short": "smallint",
            "byte": "tinyint"}


def normalize_type(name: str) -> str:
    text = name.strip().lower().replace(" ", "")
    return _ALIASES.get(text, text)


def type_fits(file_type: str, table_type: str) -> bool:
    """Can values of `file_type` be written into a `table_type` column as they are?"""
    f, t = normalize_type(file_type), normalize_type(table_type)
    if f == t:
        return True
    fd, td = _DECIMAL.match(f), _DECIMAL.match(t)
    if fd and td:
        fp, fs, tp, ts = (int(x) for x in (*fd.groups(), *td.groups()))
        return ts >= fs and tp - ts >= fp - fs
    if fd:
        return t == "double"
    if f == "bigint" and td:
        return int(td.group(1)) - int(td.group(2)) >= 18
    return t in _WIDENS.get(f, set())


def check_schema(columns: list[Column], table: list[tuple[str, str]],
                 schema_evolution: str = "add_columns") -> list[Problem]:
    """Compare the file's columns with an existing table's (name, type) columns."""
    problems: list[Problem] = []
    existing = {n.lower(): (n, t) for n, t in table if not n.lower().startswith(AUDIT_PREFIX)}
    mine = {c.name.lower(): c for c in columns}
    for key, (name, table_type) in existing.items():
        if key not in mine:
            problems.append(Problem(Severity.WARNING, "schema_missing_column",
                                    {"column": name, "type": table_type}))
    for key, col in mine.items():
        if key not in existing:
            if schema_evolution == "add_columns":
                problems.append(Problem(Severity.INFO, "schema_new_column",
                                        {"column": col.name, "type": col.type_name},
                                        column=col.source_name))
            else:
                problems.append(Problem(Severity.ERROR, "schema_new_column_refused",
                                        {"column": col.name}, column=col.source_name,
                                        fix="allow_new_columns"))
            continue
        table_type = existing[key][1]
        if not type_fits(col.type_name, table_type):
            problems.append(Problem(Severity.ERROR, "schema_type_conflict",
                                    {"column": col.name, "file_type": col.type_name,
                                     "table_type": normalize_type(table_type)},
                                    column=col.source_name, fix="align_schema"))
    return problems


def check(
    insp: Inspection,
    target: Target | None = None,
    *,
    table_schema: list[tuple[str, str]] | None = None,
    max_bytes: int | None = None,
    mode: WriteMode = WriteMode.APPEND,
    keys: list[str] | tuple[str, ...] = (),
    schema_evolution: str = "add_columns",
) -> list[Problem]:
    """Everything that can be known without reading the whole file; errors block the run."""
    problems = list(insp.problems)
    if max_bytes is not None and insp.size_bytes > max_bytes:
        problems.append(Problem(Severity.ERROR, "file_too_large",
                                {"size_mb": round(insp.size_bytes / 1e6, 1),
                                 "limit_mb": round(max_bytes / 1e6, 1)}, fix="split_file"))
    if target is not None:
        for kind, name in (("catalog", target.catalog), ("database", target.database),
                           ("table", target.table)):
            problem = check_target_name(kind, name)
            if problem:
                problems.append(problem)
    seen: set[str] = set()
    for col in insp.columns:
        reason = check_column_name(col.name)
        if reason is None and col.name.lower() in seen:
            reason = "used_twice"
        seen.add(col.name.lower())
        if reason:
            problems.append(Problem(Severity.ERROR, "column_name_invalid",
                                    {"name": col.name, "reason": reason},
                                    column=col.source_name, fix="rename_column"))
    if WriteMode(mode) is WriteMode.MERGE:
        names = {c.name for c in insp.columns}
        if not keys:
            problems.append(Problem(Severity.ERROR, "column_name_invalid",
                                    {"name": "-", "reason": "merge_needs_keys"},
                                    fix="rename_column"))
        for key in keys:
            if key not in names:
                problems.append(Problem(Severity.ERROR, "column_name_invalid",
                                        {"name": key, "reason": "not_a_column"},
                                        fix="rename_column"))
            else:
                col = next(c for c in insp.columns if c.name == key)
                if col.type in (ColumnType.FLOAT,):
                    problems.append(Problem(Severity.WARNING, "column_name_invalid",
                                            {"name": key,
                                             "reason": "float_key"}))
    if table_schema is not None:
        problems += check_schema(insp.columns, table_schema, schema_evolution)
    return problems


def blocking(problems: list[Problem], policy: BadRowPolicy = BadRowPolicy.REJECT) -> list[Problem]:
    """The errors that stop the run (bad rows do not, when the policy is to skip them)."""
    from dino_desktop.core.convert import BAD_ROW_CODES

    return [p for p in problems if p.severity is Severity.ERROR
            and not (policy is BadRowPolicy.SKIP and p.code in BAD_ROW_CODES)]


def check_rows(insp: Inspection, *, progress: Callable[[Progress], None] | None = None,
               cancel: threading.Event | None = None) -> tuple[int, list[Problem]]:
    """Read every row: (good rows, problems for bad rows: first 100 with row and column)."""
    from dino_desktop.core.convert import count_rows

    return count_rows(insp, progress=progress, cancel=cancel)
