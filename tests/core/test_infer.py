"""infer: one locale per file, one candidate type per column, checked by the conversion's SQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from dino_desktop.core import infer
from dino_desktop.core.infer import Locale, candidate, decide_locale
from dino_desktop.core.models import ColumnFormat, ColumnType, Severity

T = ColumnType
BR = Locale(decimal=",", day_first=True)
US = Locale(decimal=".", day_first=False)


def _cand(values: list[str], loc: Locale = BR, name: str = "valor") -> tuple[Any, ...]:
    return candidate(name, values, loc)


def _verified(values: list[str], loc: Locale = BR, name: str = "valor") -> list[Any]:
    """The candidate's typed values, after checking the SQL accepts every one."""
    col_type, fmt, _ = candidate(name, values, loc)
    assert infer.count_failures([values], [(col_type, fmt)]) == [0], (col_type, fmt)
    return [r[0] for r in infer.typed_preview([[v] for v in values], [(col_type, fmt)])]


# ---------------------------------------------------------------- decide_locale: decimal mark


@pytest.mark.parametrize(("values", "decimal"), [
    (["1,5", "2,25"], ","),
    (["1.5", "2.25"], "."),
    (["1.234,56"], ","),
    (["1,234.56"], "."),
    (["1.234.567"], ","),  # only a thousands separator repeats
    (["1,234,567"], "."),
    (["0,123"], ","),  # a leading 0 is never a thousands group
    (["0.123"], "."),
    (["R$ 1.234,56", "-3,50"], ","),
    (["1.234", "2,5"], ","),  # the ambiguous value goes with the clear one
    (["12,5%"], ","),
])
def test_decimal_mark(values: list[str], decimal: str) -> None:
    loc = decide_locale([values])
    assert loc.decimal == decimal
    assert loc.decimal_confidence == 1.0
    assert not [p for p in loc.problems if p.code == "decimal_ambiguous"]


def test_decimal_mark_majority_across_columns() -> None:
    loc = decide_locale([["1,5", "2,5", "3,5"], ["1.5"]])
    assert loc.decimal == ","
    assert 0.5 < loc.decimal_confidence < 1.0


@pytest.mark.parametrize("value", ["1.234", "1,234", "R$ 1.234", "-12.345"])
def test_ambiguous_decimal_warns_and_assumes_comma(value: str) -> None:
    loc = decide_locale([[value]])
    assert loc.decimal == ","
    assert loc.decimal_confidence == 0.5
    (p,) = [p for p in loc.problems if p.code == "decimal_ambiguous"]
    assert p.severity is Severity.WARNING
    assert p.params == {"example": value, "decimal": ","}
    assert p.fix == "set_decimal"


def test_no_numbers_defaults_to_comma_silently() -> None:
    loc = decide_locale([["abc", "12", "Sim"]])
    assert (loc.decimal, loc.decimal_confidence, loc.problems) == (",", 0.5, [])
    assert decide_locale([]).decimal == ","


def test_decimal_override_wins() -> None:
    loc = decide_locale([["1,5"]], decimal=".")
    assert (loc.decimal, loc.decimal_confidence) == (".", 1.0)
    assert decide_locale([["1.234"]], decimal=".").problems == []


def test_scientific_point_values_vote_for_point() -> None:
    values = ["1.5e-3", "2.25E+5"]
    loc = decide_locale([values])
    assert loc.decimal == "."
    assert _cand(values, loc)[0] is T.FLOAT


# ---------------------------------------------------------------- decide_locale: date order


@pytest.mark.parametrize(("values", "day_first"), [
    (["13/01/2024"], True),
    (["01/13/2024"], False),
    (["25.12.2024", "01.02.2024"], True),
    (["12-25-2024"], False),
    (["13/01/2024", "14/01/2024", "01/13/2024"], True),  # majority
])
def test_date_order_from_days_over_12(values: list[str], day_first: bool) -> None:
    loc = decide_locale([values])
    assert loc.day_first is day_first
    assert not [p for p in loc.problems if p.code == "date_order_ambiguous"]


def test_ambiguous_dates_assume_day_first_and_warn() -> None:
    loc = decide_locale([["01/02/2024", "03/04/2024"]])
    assert loc.day_first is True
    assert loc.date_confidence == 0.5
    (p,) = [p for p in loc.problems if p.code == "date_order_ambiguous"]
    assert p.severity is Severity.WARNING
    assert p.params == {"example": "01/02/2024", "order": "dd/mm"}
    assert p.fix == "set_date_format"


def test_iso_dates_are_not_ambiguous() -> None:
    loc = decide_locale([["2024-01-02", "2024-03-04"]])
    assert loc.problems == []


@pytest.mark.parametrize(("fmt", "day_first"), [("%m/%d/%Y", False), ("%d/%m/%Y", True)])
def test_date_format_override(fmt: str, day_first: bool) -> None:
    loc = decide_locale([["01/02/2024"]], date_format=fmt)
    assert (loc.day_first, loc.date_confidence, loc.problems) == (day_first, 1.0, [])


# ---------------------------------------------------------------- candidate: numbers


@pytest.mark.parametrize(("values", "want"), [
    (["1.234", "12"], [1234, 12]),
    (["1.234.567", "0"], [1234567, 0]),
    (["-5", "+7", "0"], [-5, 7, 0]),
    (["-1.234"], [-1234]),
    (["1", "0"], [1, 0]),  # 1/0 are numbers, not booleans
])
def test_integers(values: list[str], want: list[int]) -> None:
    col_type, fmt, problem = _cand(values)
    assert col_type is T.INTEGER and problem is None
    assert fmt.scale == 0
    assert _verified(values) == want


def test_integer_thousands_recorded() -> None:
    assert _cand(["1.234"])[1].thousands == "."
    assert _cand(["1234"])[1].thousands is None
    assert _cand(["1,234"], US)[1].thousands == ","


@pytest.mark.parametrize(("values", "scale", "want"), [
    (["1.234,56", "-3,5"], 2, [Decimal("1234.56"), Decimal("-3.50")]),
    (["0,5", "12"], 1, [Decimal("0.5"), Decimal("12")]),
    (["-0,001"], 3, [Decimal("-0.001")]),
    (["1.000.000,00"], 2, [Decimal("1000000.00")]),
])
def test_decimals(values: list[str], scale: int, want: list[Decimal]) -> None:
    col_type, fmt, _ = _cand(values)
    assert col_type is T.DECIMAL
    assert (fmt.decimal, fmt.scale, fmt.precision) == (",", scale, 18)
    got = _verified(values)
    assert got == want and all(isinstance(g, Decimal) for g in got)


def test_decimals_with_point() -> None:
    values = ["1,234.56", "7.5"]
    col_type, fmt, _ = _cand(values, US)
    assert col_type is T.DECIMAL and (fmt.decimal, fmt.thousands, fmt.scale) == (".", ",", 2)
    assert _verified(values, US) == [Decimal("1234.56"), Decimal("7.50")]


def test_wide_decimal_gets_precision_38() -> None:
    values = ["1234567890123456789,5"]
    col_type, fmt, _ = _cand(values)
    assert col_type is T.DECIMAL and fmt.precision == 38
    assert _verified(values) == [Decimal("1234567890123456789.5")]


@pytest.mark.parametrize(("values", "currency", "want"), [
    (["R$ 1.234,56", "R$ -3,50"], "R$", [Decimal("1234.56"), Decimal("-3.50")]),
    (["-R$ 10,00", "R$10,00"], "R$", [Decimal("-10.00"), Decimal("10.00")]),
    (["€ 3,5", "2,25 €"], "€", [Decimal("3.50"), Decimal("2.25")]),
    (["$ 3,50"], "$", [Decimal("3.50")]),
    (["US$ 3,50"], "US$", [Decimal("3.50")]),
    (["R$ 5"], "R$", [5]),
])
def test_currency(values: list[str], currency: str, want: list[Any]) -> None:
    col_type, fmt, _ = _cand(values)
    assert col_type in (T.DECIMAL, T.INTEGER)
    assert fmt.currency == currency
    assert _verified(values) == want


def test_mixed_currencies_are_text() -> None:
    assert _cand(["R$ 1,00", "€ 2,00"])[0] is T.TEXT


@pytest.mark.parametrize(("values", "scale", "want"), [
    (["12,5%", "3%"], 3, [Decimal("0.125"), Decimal("0.03")]),
    (["100%", "0%"], 2, [Decimal("1"), Decimal("0")]),
    (["-2,25 %"], 4, [Decimal("-0.0225")]),
])
def test_percent_is_a_fraction_with_scale_plus_2(values: list[str], scale: int,
                                                  want: list[Decimal]) -> None:
    col_type, fmt, _ = _cand(values)
    assert col_type is T.DECIMAL and fmt.percent and fmt.scale == scale
    assert _verified(values) == want


@pytest.mark.parametrize(("values", "loc", "want"), [
    (["1,5e3", "2E-2"], BR, [1500.0, 0.02]),
    (["1.5e3", "-2.5E+2"], US, [1500.0, -250.0]),
    (["1e3"], BR, [1000.0]),
    (["1,5", "1e3"], BR, [1.5, 1000.0]),  # one exponent makes the column double
])
def test_scientific_is_double(values: list[str], loc: Locale, want: list[float]) -> None:
    col_type, _, _ = _cand(values, loc)
    assert col_type is T.FLOAT
    got = _verified(values, loc)
    assert got == want and all(isinstance(g, float) for g in got)


@pytest.mark.parametrize("values", [
    ["1.5"],  # under decimal ',' a '.' with one digit after it is no thousands group
    ["1,2,3"],
    ["1.23.456"],
    ["--5"],
    ["+-5"],
    ["1,5,"],
    [",5"],
    ["1_000"],
    ["0x10"],
    ["5%%"],
    ["(1.234,56)"],
])
def test_malformed_numbers_are_text(values: list[str]) -> None:
    assert _cand(values)[0] is T.TEXT


def test_integers_beyond_bigint_stay_text() -> None:
    """Nothing exact holds them, and a double would silently lose digits: text it is."""
    values = ["1" + "0" * 40, "5"]
    assert _cand(values)[0] is T.TEXT


def test_nfe_access_keys_stay_text() -> None:
    keys = ["35240112345678000190550010000012341000012345",
            "35240198765432000110550010000098761000098765"]
    assert _cand(keys, name="Chave de acesso")[0] is T.TEXT


# ---------------------------------------------------------------- candidate: booleans


@pytest.mark.parametrize(("values", "want"), [
    (["sim", "não"], [True, False]),
    (["Sim", "Não", "SIM", "NÃO"], [True, False, True, False]),
    (["Sim", "Nao"], [True, False]),
    (["S", "N", "s", "n"], [True, False, True, False]),
    (["true", "false", "TRUE", "False"], [True, False, True, False]),
    (["yes", "no", "Yes"], [True, False, True]),
    (["Y", "N"], [True, False]),
    (["Verdadeiro", "FALSO"], [True, False]),
    (["N", "N"], [False, False]),
])
def test_booleans(values: list[str], want: list[bool]) -> None:
    col_type, fmt, problem = _cand(values)
    assert col_type is T.BOOLEAN and problem is None
    assert fmt.true_values and fmt.false_values
    assert _verified(values) == want


@pytest.mark.parametrize(("values", "col_type"), [
    (["1", "0"], T.INTEGER),
    (["M", "F"], T.TEXT),
    (["sim", "1"], T.TEXT),
    (["sim", "no"], T.TEXT),  # two families mixed
    (["s", "n", "sim"], T.TEXT),
])
def test_not_booleans(values: list[str], col_type: ColumnType) -> None:
    assert _cand(values)[0] is col_type


# ---------------------------------------------------------------- candidate: dates and times


@pytest.mark.parametrize(("values", "fmt", "want"), [
    (["31/12/2024", "01/02/2024"], "%d/%m/%Y", [dt.date(2024, 12, 31), dt.date(2024, 2, 1)]),
    (["1/2/2024", "31/1/2024"], "%d/%m/%Y", [dt.date(2024, 2, 1), dt.date(2024, 1, 31)]),
    (["2024-12-31", "2024-1-5"], "%Y-%m-%d", [dt.date(2024, 12, 31), dt.date(2024, 1, 5)]),
    (["31-12-2024"], "%d-%m-%Y", [dt.date(2024, 12, 31)]),
    (["31.12.2024"], "%d.%m.%Y", [dt.date(2024, 12, 31)]),
    (["31/12/24", "01/01/00"], "%d/%m/%y", [dt.date(2024, 12, 31), dt.date(2000, 1, 1)]),
    (["2024/12/31"], "%Y/%m/%d", [dt.date(2024, 12, 31)]),
])
def test_dates(values: list[str], fmt: str, want: list[dt.date]) -> None:
    col_type, col_fmt, _ = _cand(values)
    assert col_type is T.DATE
    assert col_fmt.date_format == fmt
    assert _verified(values) == want


def test_month_first_dates() -> None:
    values = ["12/31/2024", "01/02/2024"]
    col_type, fmt, _ = _cand(values, US)
    assert (col_type, fmt.date_format) == (T.DATE, "%m/%d/%Y")
    assert _verified(values, US) == [dt.date(2024, 12, 31), dt.date(2024, 1, 2)]


@pytest.mark.parametrize(("values", "fmt", "want"), [
    (["31/12/2024 10:20"], "%d/%m/%Y %H:%M", dt.datetime(2024, 12, 31, 10, 20)),
    (["31/12/2024 10:20:30"], "%d/%m/%Y %H:%M:%S", dt.datetime(2024, 12, 31, 10, 20, 30)),
    (["2024-12-31T10:20:30"], "%Y-%m-%dT%H:%M:%S", dt.datetime(2024, 12, 31, 10, 20, 30)),
    (["2024-12-31 10:20:30.123"], "%Y-%m-%d %H:%M:%S.%f",
     dt.datetime(2024, 12, 31, 10, 20, 30, 123000)),
    (["2024-12-31T10:20:30.123456"], "%Y-%m-%dT%H:%M:%S.%f",
     dt.datetime(2024, 12, 31, 10, 20, 30, 123456)),
    (["1/2/2024 7:05"], "%d/%m/%Y %H:%M", dt.datetime(2024, 2, 1, 7, 5)),
])
def test_timestamps(values: list[str], fmt: str, want: dt.datetime) -> None:
    col_type, col_fmt, _ = _cand(values)
    assert col_type is T.TIMESTAMP
    assert col_fmt.date_format == fmt
    assert _verified(values) == [want]


@pytest.mark.parametrize("values", [
    ["31/12/2024", "2024-12-31"],  # two formats
    ["31/12/2024", "31/12/2024 10:00"],  # date and timestamp
    ["1/1/1"],
    ["12/2024/01"],
    ["2024-12-31T10:20:30Z"],  # time zones are not read
    ["31/12/2024 10h20"],
])
def test_not_dates(values: list[str]) -> None:
    assert _cand(values)[0] is T.TEXT


def test_impossible_date_is_proposed_then_refused_by_sql() -> None:
    """Python proposes from the shape; the SQL check is what refuses 31/02."""
    values = ["31/02/2024", "01/03/2024"]
    col_type, fmt, _ = _cand(values)
    assert col_type is T.DATE
    assert infer.count_failures([values], [(col_type, fmt)]) == [1]
    chosen, _ = infer.infer_columns(["quando"], [[v] for v in values], BR)
    assert chosen[0][0] is T.TEXT


# ---------------------------------------------------------------- candidate: codes stay text


@pytest.mark.parametrize(("values", "name"), [
    (["00123", "45"], "codigo"),
    (["007"], "x"),
    (["-007"], "x"),
    (["01234567890", "98765432100"], "x"),  # CPF digits, one with a leading 0
    (["12345678000190", "98765432000110"], "x"),  # CNPJ digits: same length >= 11
    (["01310100"], "x"),  # CEP with its leading 0
    (["11987654321", "21987654321"], "x"),  # phones
    (["123"], "CNPJ"),
    (["123"], "cpf"),
    (["13010100"], "CEP"),
    (["13010100"], "CEP Destino"),
    (["11987654321"], "Telefone"),
    (["1198765"], "Fone"),
    (["55"], "tel_contato"),
    (["12345"], "Celular"),
])
def test_codes_stay_text(values: list[str], name: str) -> None:
    col_type, fmt, problem = _cand(values, name=name)
    assert col_type is T.TEXT and fmt == ColumnFormat()
    assert problem is not None and problem.code == "leading_zeros_text"
    assert problem.severity is Severity.INFO
    assert problem.column == name
    assert problem.params["example"] in values


@pytest.mark.parametrize("values", [
    ["12.345.678/0001-90"],  # formatted CNPJ
    ["123.456.789-09"],  # formatted CPF
    ["01310-100"],  # formatted CEP
    ["(11) 98765-4321"],  # formatted phone
])
def test_formatted_codes_are_plain_text(values: list[str]) -> None:
    col_type, _, problem = _cand(values)
    assert col_type is T.TEXT and problem is None


@pytest.mark.parametrize(("values", "name"), [
    (["123"], "Cód. Cliente"),
    (["5"], "tipo"),
    (["0", "10"], "quantidade"),
    (["11987654321"], "x"),  # one long number alone is just a number
])
def test_numbers_that_are_not_codes(values: list[str], name: str) -> None:
    assert _cand(values, name=name)[0] is T.INTEGER


def test_decimal_column_named_like_an_id_is_still_decimal() -> None:
    assert _cand(["1,50"], name="cep")[0] is T.DECIMAL


# ---------------------------------------------------------------- mixed and empty


@pytest.mark.parametrize("values", [
    ["1", "abc"],
    ["1", "01/02/2024"],
    ["1,5", "Sim"],
    ["31/12/2024", "n/a"],
    ["-", "5"],
])
def test_mixed_is_text(values: list[str]) -> None:
    assert _cand(values) == (T.TEXT, ColumnFormat(), None)


def test_no_values_is_text() -> None:
    assert _cand([]) == (T.TEXT, ColumnFormat(), None)


# ---------------------------------------------------------------- infer_columns and preview


def test_infer_columns_types_and_confidence() -> None:
    rows: list[list[str | None]] = [["1", "1,5", "Sim", "31/12/2024", "abc"],
                                    ["2", None, "Não", "01/01/2024", " "],
                                    ["3", "2,25", None, None, "x"]]
    loc = decide_locale([[r[i] for r in rows if r[i]] for i in range(5)])  # type: ignore[misc]
    chosen, problems = infer.infer_columns(list("abcde"), rows, loc)
    assert [t for t, _, _ in chosen] == [T.INTEGER, T.DECIMAL, T.BOOLEAN, T.DATE, T.TEXT]
    assert chosen[4][2] == 1.0  # text is always sure
    assert all(0.5 < conf <= 1.0 for _, _, conf in chosen)
    assert problems == []


def test_infer_columns_forced_and_no_inference() -> None:
    rows: list[list[str | None]] = [["1", "x"], ["2", "y"]]
    forced = {"b": (T.INTEGER, ColumnFormat())}
    chosen, _ = infer.infer_columns(["a", "b"], rows, BR, forced=forced)
    assert chosen[1] == (T.INTEGER, ColumnFormat(), 1.0)  # forced: kept even though it fails
    chosen, _ = infer.infer_columns(["a", "b"], rows, BR, infer=False)
    assert [t for t, _, _ in chosen] == [T.TEXT, T.TEXT]


def test_infer_columns_reports_codes() -> None:
    _, problems = infer.infer_columns(["cnpj"], [["123"], ["456"]], BR)
    assert [(p.code, p.column) for p in problems] == [("leading_zeros_text", "cnpj")]


def test_typed_preview_values() -> None:
    types = [
        (T.INTEGER, ColumnFormat(decimal=",", thousands=".")),
        (T.DECIMAL, ColumnFormat(decimal=",", thousands=".", scale=2, currency="R$")),
        (T.BOOLEAN, ColumnFormat(true_values=("sim",), false_values=("nao", "não"))),
        (T.DATE, ColumnFormat(date_format="%d/%m/%Y")),
        (T.TIMESTAMP, ColumnFormat(date_format="%d/%m/%Y %H:%M")),
        (T.FLOAT, ColumnFormat(decimal=",")),
        (T.TEXT, ColumnFormat()),
    ]
    rows: list[list[str | None]] = [
        ["1.234", "R$ 1.234,56", "Sim", "31/12/2024", "31/12/2024 23:59", "1,5e2", " a "],
        [None, "", "NÃO", None, None, None, ""],
        ["abc", "R$ 1,234", "talvez", "32/12/2024", "31/12/2024", "x", "b"],
        ["7"],  # short row: the rest is empty
    ]
    assert infer.typed_preview(rows, types) == [
        [1234, Decimal("1234.56"), True, dt.date(2024, 12, 31),
         dt.datetime(2024, 12, 31, 23, 59), 150.0, " a "],
        [None, None, False, None, None, None, None],
        [None, None, None, None, None, None, "b"],
        [7, None, None, None, None, None, None],
    ]


def test_typed_preview_empty() -> None:
    assert infer.typed_preview([], [(T.TEXT, ColumnFormat())]) == []
    assert infer.typed_preview([["a"]], []) == []


def test_count_failures_ignores_empty_values() -> None:
    fmt = ColumnFormat(decimal=",")
    assert infer.count_failures([["1", "", "x", "2"]], [(T.INTEGER, fmt)]) == [1]
    assert infer.count_failures([[]], [(T.INTEGER, fmt)]) == [0]


def test_build_columns_examples_and_nulls() -> None:
    rows: list[list[str | None]] = [["1"], [None], ["1"], ["2"], [" "]]
    chosen = [(T.INTEGER, ColumnFormat(), 0.9)]
    (col,) = infer.build_columns(["Qtd"], ["qtd"], rows, chosen)
    assert (col.source_name, col.name, col.type, col.confidence) == ("Qtd", "qtd", T.INTEGER, 0.9)
    assert col.null_count == 2
    assert col.examples == ["1", "2"]
