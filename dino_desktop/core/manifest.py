"""manifest.json: the whole contract between the desktop and the engines.

Checked against `resources/manifest.schema.json` when written and when read, so a broken
manifest never reaches a table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import secrets
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from dino_desktop import __version__
from dino_desktop.core.models import (
    BadRowPolicy,
    DinoError,
    Inspection,
    Problem,
    Severity,
    Target,
    WriteMode,
)
from dino_desktop.core.naming import check_target_name

FILE_NAME = "manifest.json"
VERSION = 1
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DETECTED = ("encoding", "delimiter", "quote", "escape", "line_ending", "header", "skip_top",
             "skip_bottom", "decimal", "thousands", "date_format", "sheet", "record_path")


def new_run_id(now: float | None = None) -> str:
    """A ULID: sortable by time, unique without coordination."""
    ms = int((now if now is not None else time.time()) * 1000)
    value = (ms << 80) | secrets.randbits(80)
    return "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(26)))


def resources_dir() -> Path:
    """The resources folder: from DINO_RESOURCES, a PyInstaller bundle, or the source tree."""
    env = os.environ.get("DINO_RESOURCES")
    candidates = [Path(env)] if env else []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parents[2] / "resources")
    for c in candidates:
        if (c / "manifest.schema.json").is_file():
            return c
    raise FileNotFoundError("resources/manifest.schema.json")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads((resources_dir() / "manifest.schema.json").read_text("utf-8"))


class ManifestError(DinoError):
    pass


def validate(doc: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.path) or "(top)"
        raise ManifestError(Problem(Severity.ERROR, "file_unreadable",
                                    {"reason": f"manifest {where}: {err.message}"},
                                    fix="check_file"))
    names = [c["name"].lower() for c in doc["columns"]]
    if len(set(names)) != len(names):
        raise ManifestError(Problem(Severity.ERROR, "column_name_invalid",
                                    {"name": ", ".join(sorted({n for n in names
                                                               if names.count(n) > 1})),
                                     "reason": "used_twice"}, fix="rename_column"))
    for col in doc["columns"]:
        m = re.match(r"decimal\((\d+),(\d+)\)$", col["type"])
        if m and int(m.group(2)) > int(m.group(1)):
            raise ManifestError(Problem(Severity.ERROR, "file_unreadable",
                                        {"reason": f"manifest column {col['name']}: scale "
                                                   f"above precision in {col['type']}"},
                                        fix="check_file"))
    if doc["rows"] != sum(p["rows"] for p in doc["parts"]):
        raise ManifestError(Problem(Severity.ERROR, "file_unreadable",
                                    {"reason": "manifest rows differ from the parts' rows"},
                                    fix="check_file"))
    missing = [k for k in doc["keys"] if k not in {c["name"] for c in doc["columns"]}]
    if missing:
        raise ManifestError(Problem(Severity.ERROR, "column_name_invalid",
                                    {"name": ", ".join(missing),
                                     "reason": "not_a_column"},
                                    fix="rename_column"))


def check_target(target: Target) -> None:
    for kind, name in (("catalog", target.catalog), ("database", target.database),
                       ("table", target.table)):
        problem = check_target_name(kind, name)
        if problem:
            raise DinoError(problem)


def check_keys(mode: WriteMode, keys: list[str], columns: list[str]) -> None:
    """Merge needs key columns, and they must be columns of the file."""
    if mode is WriteMode.MERGE and not keys:
        raise ManifestError(Problem(Severity.ERROR, "merge_keys_missing", fix="pick_keys"))
    missing = [k for k in keys if k not in columns]
    if missing:
        raise ManifestError(Problem(Severity.ERROR, "merge_key_unknown",
                                    {"keys": ", ".join(missing),
                                     "columns": ", ".join(columns)}, fix="pick_keys"))


def build(insp: Inspection, *, target: Target, parts: list[dict[str, Any]], sha256: str,
          mode: WriteMode = WriteMode.APPEND, keys: list[str] | None = None,
          policy: BadRowPolicy = BadRowPolicy.REJECT, bad_rows: int = 0,
          rejects: str | None = None, schema_evolution: str = "add_columns",
          run_id: str | None = None, user: str | None = None) -> dict[str, Any]:
    check_target(target)
    detected = {k: insp.setting(k) for k in _DETECTED if k in insp.settings}
    doc = {
        "manifest_version": VERSION,
        "run_id": run_id or new_run_id(),
        "created_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "user": user,
        "machine": platform.node() or None,
        "producer": {"name": "dino-desktop", "version": __version__},
        "source": {"name": Path(insp.path).name, "bytes": insp.size_bytes, "sha256": sha256,
                   "format": insp.format.value, "detected": detected},
        "parts": parts,
        "rows": sum(int(p["rows"]) for p in parts),
        "target": {"catalog": target.catalog, "database": target.database,
                   "table": target.table},
        "mode": WriteMode(mode).value,
        "keys": list(keys or []),
        "schema_evolution": schema_evolution,
        "columns": [{"name": c.name, "source_name": c.source_name, "type": c.type_name,
                     "nullable": c.nullable} for c in insp.columns],
        "bad_rows": {"policy": BadRowPolicy(policy).value, "count": bad_rows, "file": rejects},
    }
    validate(doc)
    return doc


def write(doc: dict[str, Any], folder: Path) -> Path:
    """Validate, then write atomically (temporary name, then rename)."""
    validate(doc)
    path = folder / FILE_NAME
    tmp = folder / f".{FILE_NAME}.tmp"
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read(path: Path) -> dict[str, Any]:
    if path.is_dir():
        path = path / FILE_NAME
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ManifestError(Problem(Severity.ERROR, "file_unreadable",
                                    {"reason": f"manifest: {exc}"}, fix="check_file")) from exc
    validate(doc)
    return doc
