"""Text -> typed value, as DuckDB SQL: the one definition of what a value means.

Inspection verifies candidate types with these expressions over the sample, and the
conversion applies the very same expressions to the whole file, so the preview and the
table can never disagree. Every expression yields NULL for a value that does not fit, and
`bad_sql` tells such a value apart from an empty one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dino_desktop.core.models import BLANKS, ColumnFormat, ColumnType

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
    sp = r"[\s\x{00A0}]*" if fmt.nbsp else r"\s*"
    sign = r"[+-]?"
    pre = rf"{sign}{sp}({cur}{sp})?{sign}{sp}" if cur else sign
    post = rf"{sp}%?" if fmt.percent else ""
    if cur:
        post += rf"({sp}{cur})?"
    return "^" + sp + pre + body + post + sp + "$"


def _numeric_text(c: str, fmt: ColumnFormat) -> str:
    """Drop currency, percent, spaces and thousands marks; the decimal mark becomes '.'.

    Plain replaces are enough (and fast) because `number_pattern` has already vouched for
    the shape of the value.
    """
    out = c
    if fmt.nbsp:
        out = f"replace({out}, chr(160), '')"
    for mark in filter(None, (fmt.currency, "%" if fmt.percent else None, fmt.thousands)):
        out = f"replace({out}, {lit(mark)}, '')"
    if fmt.currency or fmt.percent:
        out = f"replace({out}, ' ', '')"
    return out


def _decimal_point(text: str, fmt: ColumnFormat) -> str:
    return f"replace({text}, {lit(fmt.decimal)}, '.')" if fmt.decimal != "." else text


def typed_sql(col: str, col_type: ColumnType, fmt: ColumnFormat) -> str:
    """SQL for the typed value of VARCHAR expression `col` (NULL when empty or invalid)."""
    # No trim() on the hot path: patterns allow blanks at the ends, and DuckDB's casts and
    # strptime skip them already.
    if col_type is ColumnType.TEXT:
        return f"NULLIF({col}, '')"
    if col_type in (ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.FLOAT):
        pattern = number_pattern(col_type, fmt)
        target = {
            ColumnType.INTEGER: "BIGINT",
            ColumnType.DECIMAL: f"DECIMAL({fmt.precision},{fmt.scale})",
            ColumnType.FLOAT: "DOUBLE",
        }[col_type]
        text = _numeric_text(col, fmt)
        if col_type is not ColumnType.INTEGER:
            text = _decimal_point(text, fmt)
        value = f"TRY_CAST({text} AS {target})"
        if fmt.percent and col_type is ColumnType.DECIMAL:
            # Exact: the shown number at two places less, times 0.01 in decimal arithmetic.
            shown = f"TRY_CAST({text} AS DECIMAL(36,{max(fmt.scale - 2, 0)}))"
            value = f"CAST({shown} * CAST(0.01 AS DECIMAL(3,2)) AS {target})"
        elif fmt.percent:
            value = f"({value} / 100)"
        return f"CASE WHEN regexp_full_match({col}, {lit(pattern)}) THEN {value} END"
    if col_type is ColumnType.BOOLEAN:
        return _boolean_sql(col, fmt)
    if col_type is ColumnType.DATE:
        return f"CAST(try_strptime({col}, {lit(fmt.date_format or '%Y-%m-%d')}) AS DATE)"
    if col_type is ColumnType.TIMESTAMP:
        return f"try_strptime({col}, {lit(fmt.date_format or '%Y-%m-%d %H:%M:%S')})"
    raise ValueError(col_type)


@dataclass(frozen=True)
class Steps:
    """A typed value computed in steps, for a pass over many rows: the `first` columns, then
    the `second` ones (alias -> SQL, each evaluated once per row), then `value`, which may
    read them. Always the very value of `typed_sql`; only cheaper to get."""

    first: dict[str, str]
    second: dict[str, str]
    value: str


def typed_steps(col: str, col_type: ColumnType, fmt: ColumnFormat, tag: str) -> Steps:
    """`typed_sql` for a whole file: plainly written numbers skip the regex.

    A regex costs more per value than parsing it. An integer or decimal whose digits are
    already in the type's own spelling (what CAST back to text gives: no sign but '-', no
    blanks, no leading zeros, every decimal place) and whose thousands marks sit where
    the pattern wants them fits `number_pattern` for sure, so only the other values are
    matched against it. Aliases are made unique with `tag`.
    """
    plain = Steps({}, {}, typed_sql(col, col_type, fmt))
    if (col_type not in (ColumnType.INTEGER, ColumnType.DECIMAL)
            or fmt.percent or fmt.currency or fmt.nbsp
            or fmt.decimal not in (".", ",") or fmt.thousands not in (None, ".", ",")
            or fmt.thousands == fmt.decimal):
        return plain
    integer = col_type is ColumnType.INTEGER
    scale = 0 if integer else fmt.scale
    if not integer and fmt.precision <= scale:  # spelled ".5", without the digit before
        return plain
    text = _numeric_text(col, fmt)
    if not integer:
        text = _decimal_point(text, fmt)
    first: dict[str, str] = {}
    w = col
    if text != col:
        w = ident(f"_dino_w{tag}")
        first[w] = text
    v, k = ident(f"_dino_v{tag}"), ident(f"_dino_k{tag}")
    target = "BIGINT" if integer else f"DECIMAL({fmt.precision},{scale})"
    second = {v: f"TRY_CAST({w} AS {target})"}  # the very `value` of typed_sql
    conds = [f"CAST({v} AS VARCHAR) = {w}"]  # digits in the type's own spelling
    if fmt.thousands:
        # k marks dropped; with k > 0, all of them in groups of three before the decimal
        # part, and one to three digits ahead (no sign: that case takes the regex).
        second[k] = f"strlen({col}) - strlen({w})"
        frac = fmt.decimal + "_" * scale if scale else ""
        digits = 19 if integer else fmt.precision - scale
        shapes = [f"{k} = 0"]
        for n in range(1, (digits - 1) // 3 + 1):
            low = 4 * n + 1 + len(frac)
            like = lit("%" + (fmt.thousands + "___") * n + frac)
            shapes.append(f"({k} = {n} AND {col} LIKE {like} "
                          f"AND strlen({col}) BETWEEN {low} AND {low + 2})")
        conds = [f"{col} >= '0'", *conds, "(" + " OR ".join(shapes) + ")"]
    elif scale and fmt.decimal != ".":
        conds.append(f"{col} LIKE {lit('%' + fmt.decimal + '%')}")  # not a '.' instead
    pattern = number_pattern(col_type, fmt)
    value = (f"CASE WHEN {' AND '.join(conds)} THEN {v} "
             f"WHEN regexp_full_match({col}, {lit(pattern)}) THEN {v} END")
    return Steps(first, second, value)


def _spellings(values: tuple[str, ...]) -> str:
    forms = {f for v in values for f in (v, v.upper(), v.capitalize())}
    return ", ".join(lit(v) for v in sorted(forms))


def _boolean_sql(col: str, fmt: ColumnFormat) -> str:
    """Exact spellings first (cheap); lower(trim()) only for the odd remaining value."""
    trues, falses = fmt.true_values, fmt.false_values
    low = f"lower(trim({col}))"
    slow = (f"CASE WHEN {low} IN ({_spellings(trues)}) THEN true "
            f"WHEN {low} IN ({_spellings(falses)}) THEN false END")
    return (f"CASE WHEN {col} IN ({_spellings(trues)}) THEN true "
            f"WHEN {col} IN ({_spellings(falses)}) THEN false ELSE {slow} END")


def bad_sql(col: str, typed: str) -> str:
    """True when `col` holds a value that its type rejected (empty values are never bad).

    The cheap test comes first: a filter evaluates the rest only for rows still in play.
    """
    return f"({typed} IS NULL AND {col} IS NOT NULL AND {not_blank_sql(col)})"


def not_blank_sql(col: str) -> str:
    """The SQL twin of models.is_blank: spaces, tabs, line breaks and NBSP are nothing."""
    return f"trim({col}, {lit(BLANKS)}) <> ''"


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
