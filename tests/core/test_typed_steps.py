"""The conversion's fast path for numbers (typesql.typed_steps) gives exactly the value of
typesql.typed_sql, the one definition inspection and the preview use, for any text."""

from __future__ import annotations

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from dino_desktop.core.models import ColumnFormat, ColumnType
from dino_desktop.core.typesql import ident, typed_sql, typed_steps

TEXT = st.text(alphabet="0123456789.,- +R$%", max_size=24)
NUMBERISH = st.builds(lambda sign, digits, mark, tail: sign + digits + mark + tail,
                      st.sampled_from(["", "-", "+", " "]),
                      st.text(alphabet="0123456789.,", min_size=1, max_size=16),
                      st.sampled_from(["", ",", "."]),
                      st.text(alphabet="0123456789", max_size=4))


@st.composite
def formats(draw) -> tuple[ColumnType, ColumnFormat]:
    decimal = draw(st.sampled_from([",", "."]))
    thousands = draw(st.sampled_from([None, ".", ","]))
    if thousands == decimal:
        thousands = None
    if draw(st.booleans()):
        return ColumnType.INTEGER, ColumnFormat(decimal=decimal, thousands=thousands)
    precision = draw(st.integers(1, 38))
    scale = draw(st.integers(0, min(precision, 6)))
    return ColumnType.DECIMAL, ColumnFormat(decimal=decimal, thousands=thousands,
                                            precision=precision, scale=scale)


def both(values: list[str | None], col_type: ColumnType, fmt: ColumnFormat) -> list[tuple]:
    col = ident("c")
    steps = typed_steps(col, col_type, fmt, "0")
    inner = ", ".join([col, *(f"{sql} AS {alias}" for alias, sql in steps.first.items())])
    middle = ", ".join(["*", *(f"{sql} AS {alias}" for alias, sql in steps.second.items())])
    query = (f"SELECT {typed_sql(col, col_type, fmt)} IS NOT DISTINCT FROM ({steps.value}), "
             f"{col}, {typed_sql(col, col_type, fmt)}, {steps.value} "
             f"FROM (SELECT {middle} FROM (SELECT {inner} FROM t))")
    with duckdb.connect() as con:
        con.register("t", pa.table({"c": pa.array(values, pa.string())}))
        return con.execute(query).fetchall()


@settings(max_examples=300, deadline=None)
@given(fmt=formats(), values=st.lists(st.one_of(TEXT, NUMBERISH, st.none()), min_size=1,
                                      max_size=30))
def test_fast_number_path_equals_the_reference(fmt, values) -> None:
    col_type, column_format = fmt
    for same, text, reference, fast in both(values, col_type, column_format):
        assert same, (col_type, column_format, text, reference, fast)


def test_brazilian_and_english_amounts() -> None:
    fmt = ColumnFormat(decimal=",", thousands=".", precision=18, scale=2)
    rows = both(["1.234,56", "1234,56", "12.34,56", "-0,50", "1.234.567,00", " 1,00", "1,5"],
                ColumnType.DECIMAL, fmt)
    assert all(r[0] for r in rows)
    assert [str(r[3]) if r[3] is not None else None for r in rows] == [
        "1234.56", "1234.56", None, "-0.50", "1234567.00", "1.00", "1.50"]
