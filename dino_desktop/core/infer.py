"""Type and locale inference over a sample of text cells.

Python finds the candidate type and format of each column (decimal comma or point, date
order, scale, currency, percent); DuckDB then checks the candidate against every sampled
value with the very SQL the conversion will use (`typesql`). A column gets a type only if
every non-empty sampled value fits it; otherwise it stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import duckdb
import pyarrow as pa

from dino_desktop.core.models import (
    BLANKS,
    Column,
    ColumnFormat,
    ColumnType,
    Problem,
    Setting,
    Severity,
    is_blank,
)
from dino_desktop.core.naming import fold_accents
from dino_desktop.core.typesql import bad_sql, ident, typed_sql

BOOL_FAMILIES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"true"}), frozenset({"false"})),
    (frozenset({"sim"}), frozenset({"não", "nao"})),
    (frozenset({"s"}), frozenset({"n"})),
    (frozenset({"yes"}), frozenset({"no"})),
    (frozenset({"y"}), frozenset({"n"})),
    (frozenset({"verdadeiro"}), frozenset({"falso"})),
)
ID_NAME = re.compile(
    r"(^|_)(cnpj|cpf|cep|rg|ie|telefone|tel|fone|celular|phone|zip|ean|gtin|ncm|cfop|pis|nis)(_|$)"
)
_CUR = r"(?P<cur>R\$|US\$|\$|€|£)"
_NUM = re.compile(
    rf"^(?P<s1>[+-])?[\s\xa0]*(?:{_CUR}[\s\xa0]*)?(?P<s2>[+-])?[\s\xa0]*(?P<body>[0-9.,]*[0-9][0-9.,]*)"
    rf"(?P<exp>[eE][+-]?\d+)?[\s\xa0]*(?P<pct>%)?[\s\xa0]*(?:(?P<cur2>R\$|€)[\s\xa0]*)?$",
    re.ASCII,
)
_DATE = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})"
    r"(?:(?P<t>[ T])(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?P<f>\.\d{1,6})?)?)?$",
    re.ASCII,
)


@dataclass
class Locale:
    decimal: str = ","
    decimal_confidence: float = 0.5
    day_first: bool = True
    date_confidence: float = 0.5
    problems: list[Problem] = field(default_factory=list)


def _number_parts(value: str) -> re.Match[str] | None:
    return _NUM.match(value)


def decide_locale(
    columns: list[list[str]], decimal: str | None = None, date_format: str | None = None
) -> Locale:
    """One decimal mark and one date order for the whole file, decided from its values."""
    loc = Locale()
    comma = point = 0
    ambiguous: str | None = None
    for values in columns:
        for v in values:
            m = _number_parts(v)
            if not m:
                continue
            body = m["body"]
            if m["exp"]:  # 1.5e-3: the mark before the exponent is a decimal mark
                comma += "," in body
                point += "." in body
                continue
            if "," in body and "." in body:
                if body.rfind(",") > body.rfind("."):
                    comma += 3
                else:
                    point += 3
            elif "," in body or "." in body:
                sep = "," if "," in body else "."
                head, _, tail = body.rpartition(sep)
                if body.count(sep) > 1:  # 1.234.567: only a thousands separator repeats
                    comma += sep == "."
                    point += sep == ","
                elif len(tail) != 3 or head in ("", "0", "-0"):
                    comma += sep == ","
                    point += sep == "."
                else:
                    ambiguous = ambiguous or v
    if decimal:
        loc.decimal, loc.decimal_confidence = decimal, 1.0
    elif comma or point:
        loc.decimal = "," if comma >= point else "."
        loc.decimal_confidence = max(comma, point) / (comma + point)
    elif ambiguous:
        loc.decimal, loc.decimal_confidence = ",", 0.5
        loc.problems.append(Problem(Severity.WARNING, "decimal_ambiguous",
                                    {"example": ambiguous, "decimal": ","}, fix="set_decimal"))
    else:
        loc.decimal, loc.decimal_confidence = ",", 0.5

    day = month = 0
    example: str | None = None
    for values in columns:
        for v in values:
            m = _DATE.match(v)
            if not m or len(m["a"]) == 4:
                continue
            a, b = int(m["a"]), int(m["b"])
            if a > 12 and b <= 12:
                day += 1
            elif b > 12 and a <= 12:
                month += 1
            elif a <= 12 and b <= 12:
                example = example or v
    if date_format:
        loc.day_first = date_format.find("%d") < date_format.find("%m")
        loc.date_confidence = 1.0
    elif day or month:
        loc.day_first = day >= month
        loc.date_confidence = max(day, month) / (day + month)
    elif example:
        loc.day_first, loc.date_confidence = True, 0.5
        loc.problems.append(Problem(Severity.WARNING, "date_order_ambiguous",
                                    {"example": example, "order": "dd/mm"},
                                    fix="set_date_format"))
    return loc


def _bool_format(values: list[str]) -> ColumnFormat | None:
    low = {v.lower() for v in values}
    for trues, falses in BOOL_FAMILIES:
        if low <= trues | falses:
            return ColumnFormat(true_values=tuple(sorted(trues)),
                                false_values=tuple(sorted(falses)))
    return None


def _number_format(values: list[str], loc: Locale) -> tuple[ColumnType, ColumnFormat] | None:
    thousands = "." if loc.decimal == "," else ","
    kind = ColumnType.INTEGER
    scale = 0
    int_digits = 1
    cur: str | None = None
    pct = False
    seen_thousands = False
    for v in values:
        m = _number_parts(v)
        if not m:
            return None
        if m["s1"] and m["s2"]:
            return None
        if m["cur"] and m["cur2"]:
            return None  # "US$ 5 R$": which currency?
        if m["s1"] and not m["cur"] and v.lstrip()[1:2].isspace():
            return None  # "- 5": a sign apart from its number only before a currency
        c = m["cur"] or m["cur2"]
        if c:
            if cur and c != cur:
                return None
            cur = c
        pct = pct or bool(m["pct"])
        body = m["body"]
        if m["exp"]:
            kind = ColumnType.FLOAT
        if loc.decimal in body:
            whole, _, frac = body.partition(loc.decimal)
            if loc.decimal in frac or thousands in frac or not frac.isdigit():
                return None
            if kind is ColumnType.INTEGER:
                kind = ColumnType.DECIMAL
            scale = max(scale, len(frac))
        else:
            whole = body
        if thousands in whole:
            if not re.fullmatch(rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})+", whole):
                return None
            seen_thousands = True
            whole = whole.replace(thousands, "")
        elif not whole.isdigit():
            return None
        int_digits = max(int_digits, len(whole.lstrip("0")) or 1)
    if pct and kind is ColumnType.INTEGER:
        kind = ColumnType.DECIMAL
    if pct and kind is ColumnType.DECIMAL:
        scale += 2
    if kind is ColumnType.INTEGER and int_digits > 18:
        return None  # beyond bigint: an access key or a code, kept as text
    precision = 18 if int_digits + scale <= 18 else 38
    if int_digits + scale > 38 and kind is not ColumnType.FLOAT:
        return None
    nbsp = any("\u00a0" in v for v in values)
    fmt = ColumnFormat(decimal=loc.decimal, thousands=thousands if seen_thousands else None,
                       nbsp=nbsp,
                       precision=precision, scale=scale if kind is ColumnType.DECIMAL else 0,
                       percent=pct, currency=cur)
    return kind, fmt


def _date_format(values: list[str], loc: Locale) -> tuple[ColumnType, ColumnFormat] | None:
    fmt: str | None = None
    for v in values:
        m = _DATE.match(v)
        if not m:
            return None
        sep = m["sep"]
        if len(m["a"]) == 4:
            if len(m["c"]) > 2:
                return None
            date = f"%Y{sep}%m{sep}%d"
        elif len(m["c"]) in (2, 4) and len(m["a"]) <= 2:
            year = "%Y" if len(m["c"]) == 4 else "%y"
            date = f"%d{sep}%m{sep}{year}" if loc.day_first else f"%m{sep}%d{sep}{year}"
        else:
            return None
        if m["t"]:
            date += m["t"] + "%H:%M" + (":%S" if m["S"] else "") + (".%f" if m["f"] else "")
        if fmt is not None and fmt != date:
            return None
        fmt = date
    if fmt is None:
        return None
    kind = ColumnType.TIMESTAMP if "%H" in fmt else ColumnType.DATE
    return kind, ColumnFormat(date_format=fmt)


def _is_identifier(name: str, values: list[str]) -> str | None:
    """An example value when a numeric-looking column is really a code that must stay text."""
    for v in values:
        digits = v.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            return v
    folded = fold_accents(name).lower()
    folded = re.sub(r"[^a-z0-9]+", "_", folded)
    if ID_NAME.search(folded):
        return values[0]
    lengths = {len(v) for v in values}
    if len(values) > 1 and len(lengths) == 1 and lengths.pop() >= 11 and all(
        v.isdigit() for v in values
    ):
        return values[0]
    return None


def candidate(
    name: str, values: list[str], loc: Locale
) -> tuple[ColumnType, ColumnFormat, Problem | None]:
    """The most specific type that every non-empty value fits, by Python's reading."""
    if not values:
        return ColumnType.TEXT, ColumnFormat(), None
    fmt = _bool_format(values)
    if fmt:
        return ColumnType.BOOLEAN, fmt, None
    num = _number_format(values, loc)
    if num:
        code = _is_identifier(name, values) if num[0] is ColumnType.INTEGER else None
        if code is not None:
            return ColumnType.TEXT, ColumnFormat(), Problem(
                Severity.INFO, "leading_zeros_text", {"example": code}, column=name)
        return num[0], num[1], None
    date = _date_format(values, loc)
    if date:
        return date[0], date[1], None
    return ColumnType.TEXT, ColumnFormat(), None


def infer_columns(
    names: list[str],
    rows: list[list[str | None]],
    loc: Locale,
    *,
    infer: bool = True,
    forced: dict[str, tuple[ColumnType, ColumnFormat]] | None = None,
) -> tuple[list[tuple[ColumnType, ColumnFormat, float]], list[Problem]]:
    """Per column: type, format and confidence, checked against every sampled value in SQL."""
    forced = forced or {}
    width = len(names)
    raw = [[r[i] if i < len(r) else None for r in rows] for i in range(width)]
    values = [[v.strip(BLANKS) for v in col if not is_blank(v)] for col in raw]
    problems: list[Problem] = []
    chosen: list[tuple[ColumnType, ColumnFormat, float]] = []
    for name, vals in zip(names, values, strict=True):
        if name in forced:
            t, f = forced[name]
            chosen.append((t, f, 1.0))
            continue
        if not infer:
            chosen.append((ColumnType.TEXT, ColumnFormat(), 1.0))
            continue
        t, f, p = candidate(name, vals, loc)
        if p:
            problems.append(p)
        conf = 1.0 if t is ColumnType.TEXT else min(1.0, 0.5 + len(vals) / 40)
        chosen.append((t, f, conf))
    failures = count_failures(raw, [(t, f) for t, f, _ in chosen])
    for i, bad in enumerate(failures):
        if bad and names[i] not in forced:
            chosen[i] = (ColumnType.TEXT, ColumnFormat(), 0.6)
        elif bad:  # the user's type: keep it, and say which values will not fit
            t, f, _ = chosen[i]
            index, value = first_failure(raw[i], t, f)
            type_name = (f"decimal({f.precision},{f.scale})" if t is ColumnType.DECIMAL
                         else t.value)
            problems.append(Problem(Severity.WARNING, "forced_type_bad_values",
                                    {"column": names[i], "type": type_name, "count": bad,
                                     "example": value}, row=index, column=names[i],
                                    fix="change_type"))
    return chosen, problems


def first_failure(values: list[str | None], t: ColumnType, f: ColumnFormat
                  ) -> tuple[int, str | None]:
    """The 0-based sample index and text of the first value the type rejects."""
    c = ident("c0")
    with duckdb.connect() as con:
        con.register("sample_t", pa.table({"c0": pa.array(values, pa.string()),
                                           "i": pa.array(range(len(values)), pa.int64())}))
        row = con.execute(f"SELECT i, c0 FROM sample_t WHERE {bad_sql(c, typed_sql(c, t, f))} "
                          "ORDER BY i LIMIT 1").fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def sample_table(columns: list[list[str | None]]) -> pa.Table:
    return pa.table({f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})


def count_failures(
    columns: list[list[str]], types: list[tuple[ColumnType, ColumnFormat]]
) -> list[int]:
    """How many sampled values each column's type rejects, by the conversion's own SQL."""
    if not columns or not columns[0]:
        return [0] * len(types)
    table = sample_table(columns)
    parts = []
    for i, (t, f) in enumerate(types):
        c = ident(f"c{i}")
        parts.append(f"count(*) FILTER (WHERE {bad_sql(c, typed_sql(c, t, f))})")
    with duckdb.connect() as con:
        con.register("sample_t", table)
        row = con.execute(f"SELECT {', '.join(parts)} FROM sample_t").fetchone()
    return list(row or [0] * len(types))


def typed_preview(
    rows: list[list[str | None]], types: list[tuple[ColumnType, ColumnFormat]]
) -> list[list[object]]:
    """The rows as the table will hold them (None where empty or not fitting)."""
    if not rows or not types:
        return []
    width = len(types)
    columns = [[r[i] if i < len(r) else None for r in rows] for i in range(width)]
    exprs = [typed_sql(ident(f"c{i}"), t, f) for i, (t, f) in enumerate(types)]
    with duckdb.connect() as con:
        con.register("preview_t", sample_table(columns))
        out = con.execute(f"SELECT {', '.join(exprs)} FROM preview_t").fetchall()
    return [list(r) for r in out]


def settings_from_locale(loc: Locale, formats: list[ColumnFormat],
                         overridden: set[str]) -> dict[str, Setting]:
    thousands = next((f.thousands for f in formats if f.thousands), None)
    date_fmt = next((f.date_format for f in formats if f.date_format), None)
    return {
        "decimal": Setting(loc.decimal, loc.decimal_confidence, "decimal" in overridden),
        "thousands": Setting(thousands, loc.decimal_confidence),
        "date_format": Setting(date_fmt, loc.date_confidence, "date_format" in overridden),
    }


def with_format(fmt: ColumnFormat, **changes: object) -> ColumnFormat:
    return replace(fmt, **changes)  # type: ignore[arg-type]


def build_columns(
    source_names: list[str], names: list[str], rows: list[list[str | None]],
    chosen: list[tuple[ColumnType, ColumnFormat, float]],
) -> list[Column]:
    out = []
    for i, (src, name) in enumerate(zip(source_names, names, strict=True)):
        t, f, conf = chosen[i]
        vals = [(r[i] if i < len(r) else None) for r in rows]
        non_empty = [v for v in vals if v is not None and v.strip()]
        examples = list(dict.fromkeys(non_empty))[:5]
        out.append(Column(source_name=src, name=name, type=t, format=f,
                          null_count=len(vals) - len(non_empty), examples=examples,
                          confidence=conf))
    return out
