"""What every source reader gives the core: a small sample now, every row later, as text.

Readers turn cells into plain strings (see `cell_text`) so that type inference and the
conversion SQL make one decision for every format. Parquet is the exception: its columns
are already typed, and `RowSample.native_types` says so.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from dino_desktop.core.models import InspectOptions, Problem, SourceFormat

Cell = str | None


@dataclass
class RowSample:
    """The first and last rows of a source, as text cells.

    For sheet-like sources (Excel) `names` is None: the header is one of `rows`, to be found
    by structure detection (title lines above it are common). For record sources (JSON,
    XML, Parquet) `names` are the field names and every row is data.
    """

    rows: list[list[Cell]]  # head rows, in order, from the very first row of the source
    tail: list[list[Cell]] = field(default_factory=list)  # the last rows (empty if complete)
    complete: bool = False  # `rows` holds the whole source
    names: list[str] | None = None
    total_rows: int | None = None  # when known without reading everything
    sheets: list[str] = field(default_factory=list)  # Excel: every sheet, in order
    sheet: str | None = None  # Excel: the sheet sampled
    record_path: str | None = None  # JSON/XML: where the records were found
    native_schema: pa.Schema | None = None  # Parquet: the real types
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class RawRow:
    number: int  # 1-based row in the sheet / record number in the file
    cells: list[Cell]  # aligned to the names; None where the record has no value
    problem: Problem | None = None  # set when the record could not be read as a row


class SourceReader(Protocol):
    format: SourceFormat

    def sample(self, path: Path, options: InspectOptions, max_rows: int) -> RowSample:
        """Read at most `max_rows` head rows (and a tail) quickly, in bounded memory."""
        ...

    def iter_rows(
        self,
        path: Path,
        options: InspectOptions,
        names: list[str] | None,
        skip_top: int = 0,
        skip_bottom: int = 0,
    ) -> Iterator[RawRow]:
        """Stream every data row in bounded memory.

        Sheet sources skip `skip_top` rows (title + header) and leave out the last
        `skip_bottom` rows (totals, notes). Record sources align cells to `names`.
        """
        ...


def cell_text(value: Any) -> Cell:
    """One canonical text for a native cell value, so inference treats all formats alike."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    text = str(value)
    return text if text.strip() else None
