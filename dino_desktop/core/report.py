"""An inspection as JSON-ready data and as a readable terminal report."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from dino_desktop.core.messages import render
from dino_desktop.core.models import Inspection, Severity


def json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return value.hex()
    return value


def to_dict(insp: Inspection, lang: str = "en") -> dict[str, Any]:
    s = insp.setting
    return {
        "file": insp.path,
        "format": insp.format.value,
        "size_bytes": insp.size_bytes,
        "ok": insp.ok,
        "encoding": s("encoding"),
        "delimiter": s("delimiter"),
        "quote": s("quote"),
        "escape": s("escape"),
        "line_ending": s("line_ending"),
        "header": s("header"),
        "header_row": s("header_row"),
        "skip_top": s("skip_top"),
        "skip_bottom": s("skip_bottom"),
        "decimal": s("decimal"),
        "thousands": s("thousands"),
        "date_format": s("date_format"),
        "sheet": s("sheet"),
        "sheets": insp.sheets,
        "estimated_rows": insp.estimated_rows,
        "sampled_rows": insp.sampled_rows,
        "settings": {k: v.to_dict() for k, v in insp.settings.items()},
        "columns": [c.to_dict() for c in insp.columns],
        "preview": [[json_value(v) for v in row] for row in insp.preview],
        "problems": [{**p.to_dict(), "message": render(p, lang)} for p in insp.problems],
    }


_SHOWN = ("format", "encoding", "delimiter", "quote", "escape", "line_ending", "header_row",
          "skip_top", "skip_bottom", "decimal", "thousands", "date_format", "sheet")
_ICON = {Severity.ERROR: "✖", Severity.WARNING: "!", Severity.INFO: "·"}


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return repr(value) if value in ("\t", "\r\n", "\n", "\r", " ") or len(value) == 1 \
            else value
    return str(value)


def to_text(insp: Inspection, lang: str = "en", preview_rows: int = 5) -> str:
    """A short report for a terminal: settings, columns, a few rows, problems."""
    pt = lang.lower().startswith("pt")
    lines = [f"{insp.path}  ({insp.size_bytes:,} bytes)"]
    for key in _SHOWN:
        setting = insp.settings.get(key)
        if setting is None:
            continue
        mark = " (set)" if setting.overridden else f"  {setting.confidence:.0%}"
        lines.append(f"  {key:<12} {_show(setting.value)}{mark}")
    if insp.columns:
        lines.append("")
        lines.append("  " + ("Colunas" if pt else "Columns") + ":")
        width = max(len(c.name) for c in insp.columns)
        for c in insp.columns:
            src = "" if c.source_name == c.name else f"  ← {c.source_name}"
            ex = ", ".join(c.examples[:3])
            lines.append(f"    {c.name:<{width}}  {c.type_name:<14} {ex[:40]}{src}")
    if insp.preview:
        lines.append("")
        lines.append("  " + ("Prévia" if pt else "Preview") + ":")
        for row in insp.preview[:preview_rows]:
            lines.append("    " + " | ".join(_show(json_value(v)) for v in row)[:160])
    if insp.problems:
        lines.append("")
        lines.append("  " + ("Problemas" if pt else "Problems") + ":")
        for p in insp.problems:
            lines.append(f"    {_ICON[p.severity]} {render(p, lang)}")
    return "\n".join(lines)
