"""Turning DuckDB's row counts back into the file's own line numbers.

DuckDB numbers accepted rows (skipping blank and rejected lines) and rejected lines (one per
record, so a quoted field spanning lines shifts every later number). A person needs the line
their editor shows. Only the error path pays for this: one streaming pass over the table's
text that stops as soon as every wanted number is placed.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def _records(lines: Iterator[str], delim: str, quote: str | None,
             escape: str | None) -> Iterator[tuple[int, int, bool]]:
    """(lines used, fields, blank) per record, quoted line breaks kept inside the record."""
    for line in lines:
        used = 1
        text = line
        if quote and quote in text:
            while _open_quote(text, quote, escape):
                more = next(lines, None)
                if more is None:
                    break
                text += "\n" + more
                used += 1
            fields = len(_split(text, delim, quote, escape))
        else:
            fields = text.count(delim) + 1
        yield used, fields, not text.strip()


def _open_quote(text: str, quote: str, escape: str | None) -> bool:
    if escape and escape != quote:
        text = text.replace(escape + escape, "").replace(escape + quote, "")
    return text.count(quote) % 2 == 1


def _split(text: str, delim: str, quote: str, escape: str | None) -> list[str]:
    kwargs: dict[str, Any] = {"delimiter": delim, "quotechar": quote, "strict": False}
    if escape and escape != quote:
        kwargs.update(escapechar=escape, doublequote=False)
    return next(csv.reader(io.StringIO(text), **kwargs), [])


def locate(path: Path, layout: dict[str, Any], width: int, *,
           rows: Iterable[int] = (), duck_lines: Iterable[int] = ()) -> tuple[dict[int, int],
                                                                                dict[int, int]]:
    """File lines of accepted data rows (1-based, as DuckDB's row_number counts them) and of
    DuckDB's reject line numbers (already offset to the whole file)."""
    want_rows = sorted(set(rows))
    want_lines = sorted(set(duck_lines))
    row_at: dict[int, int] = {}
    line_at: dict[int, int] = {}
    if not want_rows and not want_lines:
        return row_at, line_at
    first = layout["skip_top"] + 1
    codec = layout["codec"]
    with open(path, "rb") as raw:
        raw.seek(layout["data_start"])
        text = io.TextIOWrapper(raw, encoding=_stream_codec(codec), errors="replace",
                                newline=None)
        lines = (ln.rstrip("\n") for ln in text)
        records = _records(lines, layout["delimiter"], layout.get("quote"),
                           layout.get("escape"))
        phys, duck, accepted = first, first, 0
        if layout.get("header"):
            used, _, _ = next(records, (1, 0, True))
            phys, duck = phys + used, duck + 1
        ri = li = 0
        for used, fields, blank in records:
            while li < len(want_lines) and want_lines[li] < duck:
                li += 1
            if li < len(want_lines) and want_lines[li] == duck:
                line_at[duck] = phys
            if not blank and fields == width:
                accepted += 1
                while ri < len(want_rows) and want_rows[ri] < accepted:
                    ri += 1
                if ri < len(want_rows) and want_rows[ri] == accepted:
                    row_at[accepted] = phys
            if ri >= len(want_rows) and li >= len(want_lines):
                break
            phys += used
            duck += 1
    return row_at, line_at


def _stream_codec(codec: str) -> str:
    """A BOM-free codec for reading from the middle of the file."""
    name = codecs.lookup(codec).name
    return {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(name, name)
