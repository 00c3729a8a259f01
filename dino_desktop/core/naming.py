"""Names: Delta-safe column names, and the rules for database and table names."""

from __future__ import annotations

import re
import unicodedata

from dino_desktop.core.models import Problem, Severity

TARGET_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,127}$")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Delta rejects these in column names (without column mapping); we fold them all to "_".
MAX_COLUMN_NAME = 128


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def safe_column_name(source: str | None, position: int) -> str:
    """Lower snake_case ASCII; `col_<position>` (1-based) when nothing usable is left."""
    text = fold_accents(source or "").lower().replace("%", " pct ").replace("#", " num ")
    text = _NOT_WORD.sub("_", text).strip("_")
    if not text:
        return f"col_{position}"
    if text[0].isdigit():
        text = f"c_{text}"
    return text[:MAX_COLUMN_NAME].rstrip("_") or f"col_{position}"


def unique_names(names: list[str]) -> list[str]:
    """Suffix repeats with _2, _3 … (case-insensitively: Delta column names are)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate.lower() in seen:
            n += 1
            suffix = f"_{n}"
            candidate = name[: MAX_COLUMN_NAME - len(suffix)] + suffix
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def column_names(sources: list[str | None]) -> list[str]:
    return unique_names([safe_column_name(s, i + 1) for i, s in enumerate(sources)])


def check_column_name(name: str) -> str | None:
    """The reason code (see messages.REASONS) a user-edited column name is unusable."""
    if not name:
        return "empty"
    if name != name.strip():
        return "edge_spaces"
    if len(name) > MAX_COLUMN_NAME:
        return "too_long"
    if any(ch in " ,;{}()\n\t=" for ch in name):
        return "bad_chars"
    if name.lower().startswith("_dino_"):
        return "reserved"
    return None


def bad_chars(name: str, allowed: str = "_") -> str:
    bad = sorted({ch for ch in name if not (ch.isascii() and (ch.isalnum() or ch in allowed))})
    return " ".join(repr(c) for c in bad)


def check_target_name(kind: str, name: str) -> Problem | None:
    """`kind` is "catalog", "database" or "table"; an error problem, or None if valid."""
    if TARGET_NAME.match(name or ""):
        return None
    if not name:
        reason = "empty"
    elif len(name) > 128:
        reason = "too_long"
    elif name[0].isdigit():
        reason = "starts_with_digit"
    elif name != name.lower():
        reason = "uppercase"
    else:
        reason = "bad_chars"
    suggestion = safe_column_name(name, 1) if name else None
    params = {"kind": kind, "name": name, "reason": reason, "chars": bad_chars(name or "")}
    if suggestion and TARGET_NAME.match(suggestion):
        params["suggestion"] = suggestion
    return Problem(Severity.ERROR, "name_invalid", params, fix="fix_name")
