"""Delimiter, quote and escape of a delimited text file, sniffed from its head lines."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass

DELIMITERS = (";", ",", "\t", "|", "^", "~")  # order breaks ties: ';' is the local habit
MAX_LINES = 400


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    quote: str | None = '"'
    escape: str | None = '"'  # '"' means doubled quotes; '\\' a backslash escape
    confidence: float = 1.0


@dataclass(frozen=True)
class ParsedRow:
    line: int  # 1-based line where the row starts
    cells: list[str]

    @property
    def blank(self) -> bool:
        return not any(c.strip() for c in self.cells)

    @property
    def filled(self) -> int:
        return sum(1 for c in self.cells if c.strip())


def parse_lines(lines: list[str], dialect: Dialect, first_line: int = 1) -> list[ParsedRow]:
    """Parse lines with the dialect, tracking where each row starts (quoted fields may span)."""
    kwargs: dict[str, object] = {"delimiter": dialect.delimiter, "strict": False}
    if dialect.quote is None:
        kwargs["quoting"] = csv.QUOTE_NONE
        kwargs["escapechar"] = None
    else:
        kwargs["quotechar"] = dialect.quote
        if dialect.escape and dialect.escape != dialect.quote:
            kwargs["escapechar"] = dialect.escape
            kwargs["doublequote"] = False
    reader = csv.reader((line + "\n" for line in lines), **kwargs)  # type: ignore[arg-type]
    rows: list[ParsedRow] = []
    start = 1
    try:
        for cells in reader:
            rows.append(ParsedRow(first_line + start - 1, cells))
            start = reader.line_num + 1
    except csv.Error:
        pass  # the sample ends inside a quoted field: what was parsed is the sample
    return rows


def _score(lines: list[str], delim: str) -> tuple[float, int]:
    rows = parse_lines(lines, Dialect(delim))
    widths = [len(r.cells) for r in rows if not r.blank]
    if not widths:
        return 0.0, 1
    # Title lines sit at the top: judge consistency on the lower part of the sample.
    body = widths[len(widths) // 4:] if len(widths) >= 8 else widths
    width, count = Counter(body).most_common(1)[0]
    if width < 2:
        return 0.0, width
    return count / len(body), width


_DECIMAL_COMMA = re.compile(r"\d,\d")


def _only_decimal_commas(text: str) -> bool:
    """Every comma sits between two digits (1,50): numbers, not fields."""
    return len(_DECIMAL_COMMA.findall(text)) == text.count(",")


def _quote_char(text: str, delim: str) -> str | None:
    double = text.count(delim + '"') + text.count('"' + delim)
    single = text.count(delim + "'") + text.count("'" + delim)
    if double == 0 and single > 4 and text.count('"') == 0:
        return "'"
    return '"'


def _escape_char(text: str, quote: str | None) -> str | None:
    if quote is None:
        return None
    backslashed = text.count("\\" + quote)
    doubled = text.count(quote * 2) - text.count(quote * 3)
    if backslashed and backslashed > doubled:
        return "\\"
    return quote


def sniff(lines: list[str], delimiter: str | None = None, quote: str | None = None,
          escape: str | None = None) -> Dialect:
    """The dialect that splits the most rows into the same number of fields."""
    sample = lines[:MAX_LINES]
    text = "\n".join(sample)
    if delimiter:
        q = _pick_quote(quote, text, delimiter)
        return Dialect(delimiter, q, escape or _escape_char(text, q), 1.0)
    scores: list[tuple[float, int, int, str]] = []
    for rank, delim in enumerate(DELIMITERS):
        if delim in text:
            share, width = _score(sample, delim)
            if delim == "," and _only_decimal_commas(text):
                share *= 0.5
            if share > 0:
                scores.append((share, width, rank, delim))
    if scores:
        # Equally consistent: the one that splits rows into more fields, then the habit.
        top = max(s for s, _, _, _ in scores)
        share, _, _, delim = min((x for x in scores if x[0] >= top - 0.05),
                                 key=lambda x: (-x[1], x[2]))
    else:
        share, delim = 0.0, ","
    if delim == "," and _only_decimal_commas(text):
        delim = ";"  # one column of numbers with decimal commas: no delimiter in sight
    confidence = round(0.4 + 0.6 * share, 2) if share else 0.3
    q = _pick_quote(quote, text, delim)
    return Dialect(delim, q, escape or _escape_char(text, q), confidence)


def _pick_quote(quote: str | None, text: str, delim: str) -> str | None:
    if quote == "":
        return None
    return quote or _quote_char(text, delim)
