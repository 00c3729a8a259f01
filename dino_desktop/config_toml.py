"""Settings written back as TOML: the effective configuration for IT (`dino config show`,
Preferences' "Copy as TOML") and the user's own file, which Preferences and the rules window
edit. Reading and layering the configuration stays in config.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from dino_desktop import config


def to_toml(data: dict[str, Any]) -> str:
    """A readable TOML rendering of `masked()` (top-level keys, then tables)."""
    lines: list[str] = []
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in data.items()  # [[rules]]: arrays of tables, written last
              if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)}
    for key, value in data.items():
        if key not in tables and key not in arrays:
            lines.append(f"{key} = {_toml_value(value)}")
    for name, table in tables.items():
        lines.append("")
        lines.append(f"[{name}]")
        for key, value in table.items():
            lines.append(f"{key} = {_toml_value(value)}")
    for name, items in arrays.items():
        for item in items:
            lines.append("")
            lines.append(f"[[{name}]]")
            for key, value in item.items():
                lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table (the access list's groups and entries)
        return "{ " + ", ".join(f"{_toml_value(str(k))} = {_toml_value(v)}"
                                for k, v in value.items()) + " }"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def save_user_values(path: Path, changes: dict[str, Any]) -> Path:
    """On a worker: merge `changes` (dotted keys; None removes) into the user's TOML file.
    The new file must load (config.load) before it replaces the old one."""
    data = config._read_toml(path) if path.is_file() else {}
    for key, value in changes.items():
        section, _, name = key.rpartition(".")
        table = data.setdefault(section, {}) if section else data
        if value is None:
            table.pop(name, None)
        else:
            table[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(to_toml(data) + "\n", encoding="utf-8")
    try:
        config.load(env={}, user_file=tmp)
    except config.ConfigError:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    return path
