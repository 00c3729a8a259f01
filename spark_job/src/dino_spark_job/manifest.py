"""The manifest: read it, check it against the desktop's JSON Schema and the rules around it.

Everything taken from the manifest and later used in SQL is checked here first: target
names against the same pattern the desktop uses, column names against the schema's
pattern and free of control characters; `quote` then puts them in backticks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from dino_spark_job.problems import JobProblem

FILE_NAME = "manifest.json"
TARGET_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,127}$")
_DECIMAL = re.compile(r"^decimal\((\d+),(\d+)\)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files("dino_spark_job").joinpath("manifest.schema.json").read_text("utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class Target:
    catalog: str
    database: str
    table: str

    def __str__(self) -> str:
        return f"{self.catalog}.{self.database}.{self.table}"

    def sql(self) -> str:
        """catalog.database.table, each part validated and quoted."""
        return ".".join(quote(p) for p in (self.catalog, self.database, self.table))


def quote(name: str) -> str:
    """An identifier in backticks, a backtick inside doubled (Spark SQL's escaping)."""
    if not name or _CONTROL.search(name):
        raise JobProblem("column_name_invalid", name=name, reason="bad_chars",
                         chars=_bad_chars(name))
    return "`" + name.replace("`", "``") + "`"


def parse(text: str) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise JobProblem("file_unreadable", reason=f"manifest is not JSON ({exc})") from exc
    validate(doc)
    return doc


def validate(doc: Any) -> None:
    """The JSON Schema, then what a schema cannot say (the desktop checks the same)."""
    import jsonschema

    _check_target_names(doc)
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.path])
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.path) or "(top)"
        raise JobProblem("file_unreadable", reason=f"manifest {where}: {err.message}")
    names = [c["name"].lower() for c in doc["columns"]]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise JobProblem("column_name_invalid", name=", ".join(twice), reason="used_twice")
    for col in doc["columns"]:
        if _CONTROL.search(col["name"]):
            raise JobProblem("column_name_invalid", name=col["name"], reason="bad_chars",
                             chars=_bad_chars(col["name"]))
        if col["name"].lower().startswith("_dino_"):  # the audit columns' prefix
            raise JobProblem("column_name_invalid", name=col["name"], reason="reserved")
        m = _DECIMAL.match(col["type"])
        if m and int(m.group(2)) > int(m.group(1)):
            raise JobProblem("file_unreadable", reason=f"manifest column {col['name']}: scale "
                                                       f"above precision in {col['type']}")
    if doc["rows"] != sum(p["rows"] for p in doc["parts"]):
        raise JobProblem("file_unreadable", reason="manifest rows differ from the parts' rows")
    missing = [k for k in doc["keys"] if k not in {c["name"] for c in doc["columns"]}]
    if missing:
        raise JobProblem("column_name_invalid", name=", ".join(missing), reason="not_a_column")


def _check_target_names(doc: Any) -> None:
    """First, so a bad name is reported as such (the schema would only say "no match")."""
    names = doc.get("target") if isinstance(doc, dict) else None
    if not isinstance(names, dict):
        return
    for kind in ("catalog", "database", "table"):
        name = names.get(kind)
        if isinstance(name, str) and not TARGET_NAME.match(name):
            raise JobProblem("name_invalid", kind=kind, name=name, reason=_name_reason(name),
                             chars=_bad_chars(name))


def _bad_chars(name: str) -> str:
    bad = sorted({ch for ch in name if not (ch.isascii() and (ch.isalnum() or ch == "_"))})
    return " ".join(repr(c) for c in bad)


def _name_reason(name: str) -> str:
    """The desktop's reason codes for a target name (dino_desktop.core.naming)."""
    if not name:
        return "empty"
    if len(name) > 128:
        return "too_long"
    if name[0].isdigit():
        return "starts_with_digit"
    if name != name.lower():
        return "uppercase"
    return "bad_chars"


def target(doc: dict[str, Any]) -> Target:
    t = doc["target"]
    return Target(t["catalog"], t["database"], t["table"])
