"""Text -> typed value, as DuckDB SQL: the one definition of what a value means.

Inspection verifies candidate types with these expressions over the sample, and the
conversion applies the very same expressions to the whole file, so the preview and the
table can never disagree. Every expression yields NULL for a value that does not fit, and
`bad_sql` tells such a value apart from an empty one.
"""

from __future__ import annotations

import re

from dino_desktop.core.models import ColumnFormat, ColumnType

CURRENCIES = ("R$", "US$", "$", "€", "£")


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _rx(ch: str) -> str:
    return re.escape(ch)


def number_pattern(col_type: ColumnType, fmt: ColumnFormat) -> str:
    """The full-match regex a number must satisfy (thousands groups of three, scale bound)."""
    dec = _rx(fmt.decimal)
    group = rf"(\d{{1,3}}({_rx(fmt.thousands)}\d{{3}})+|\d+)" if fmt.thousands else ""
    digits = group or r"\d+"
    if col_type is ColumnType.INTEGER:
        body = digits
    elif col_type is ColumnType.DECIMAL:
        frac = fmt.scale - (2 if fmt.percent else 0)
        body = digits + (rf"({dec}\d{{1,{frac}}})?" if frac > 0 else "")
    else:  # FLOAT
        body = rf"({digits}({dec}\d*)?|{dec}\d+)([eE][+-]?\d+)?"
    cur = ""
    if fmt.currency:
        cur = _rx(fmt.currency)
    sign = r"[+-]?"
    pre = rf"{sign}\s*({cur}\s*)?{sign}\s*" if cur else sign
    post = r"\s*%?" if fmt.percent else ""
    if cur:
        post += rf"(\s*{cur})?"
    return "^" + pre + body + post + "$"


def _numeric_text(c: str, fmt: ColumnFormat) -> str:
    """Drop currency, percent, spaces and thousands marks; the decimal mark becomes '.'.

    Plain replaces are enough (and fast) because `number_pattern` has already vouched for
    the shape of the value.
    """
    out = c
    for mark in filter(None, (fmt.currency, "%" if fmt.percent else None, fmt.thousands)):
        out = f"replace({out}, {lit(mark)}, '')"
    if fmt.currency or fmt.percent:
        out = f"replace({out}, ' ', '')"
    if fmt.decimal != ".":
        out = f"replace({out}, {lit(fmt.decimal)}, '.')"
    return out


def typed_sql(col: str, col_type: ColumnType, fmt: ColumnFormat) -> str:
    """SQL for the typed value of VARCHAR expression `col` (NULL when empty or invalid)."""
    s = f"trim({col})"
    if col_type is ColumnType.TEXT:
        return f"NULLIF({col}, '')"
    if col_type in (ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.FLOAT):
        pattern = number_pattern(col_type, fmt)
        target = {
            ColumnType.INTEGER: "BIGINT",
            ColumnType.DECIMAL: f"DECIMAL({fmt.precision},{fmt.scale})",
            ColumnType.FLOAT: "DOUBLE",
        }[col_type]
        value = f"TRY_CAST({_numeric_text(s, fmt)} AS {target})"
        if fmt.percent and col_type is ColumnType.DECIMAL:
            value = f"CAST({value} / 100 AS {target})"
        elif fmt.percent:
            value = f"({value} / 100)"
        return f"CASE WHEN regexp_full_match({s}, {lit(pattern)}) THEN {value} END"
    if col_type is ColumnType.BOOLEAN:
        trues = ", ".join(lit(v) for v in fmt.true_values)
        falses = ", ".join(lit(v) for v in fmt.false_values)
        low = f"lower({s})"
        return f"CASE WHEN {low} IN ({trues}) THEN true WHEN {low} IN ({falses}) THEN false END"
    if col_type is ColumnType.DATE:
        return f"CAST(try_strptime({s}, {lit(fmt.date_format or '%Y-%m-%d')}) AS DATE)"
    if col_type is ColumnType.TIMESTAMP:
        return f"try_strptime({s}, {lit(fmt.date_format or '%Y-%m-%d %H:%M:%S')})"
    raise ValueError(col_type)


def bad_sql(col: str, typed: str) -> str:
    """True when `col` holds a value that its type rejected (empty values are never bad).

    The cheap test comes first: a filter evaluates the rest only for rows still in play.
    """
    return f"({typed} IS NULL AND {col} IS NOT NULL AND trim({col}) <> '')"


def duck_type(col_type: ColumnType, fmt: ColumnFormat) -> str:
    return {
        ColumnType.TEXT: "VARCHAR",
        ColumnType.INTEGER: "BIGINT",
        ColumnType.DECIMAL: f"DECIMAL({fmt.precision},{fmt.scale})",
        ColumnType.FLOAT: "DOUBLE",
        ColumnType.BOOLEAN: "BOOLEAN",
        ColumnType.DATE: "DATE",
        ColumnType.TIMESTAMP: "TIMESTAMP",
    }[col_type]
