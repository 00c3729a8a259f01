"""Parquet files: already typed, so the sample mostly carries the Arrow schema.

Conversion of Parquet goes through DuckDB directly; the text rows here serve the preview
and the rare row-by-row path, streamed batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dino_desktop.core.models import DinoError, InspectOptions, Problem, Severity, SourceFormat
from dino_desktop.core.sources.base import Cell, RawRow, RowSample, cell_text

_BATCH_ROWS = 10_000
_BROKEN = (pa.ArrowException, OSError, ValueError)


class ParquetReader:
    """Names and types from the file's own schema; cells as text like every other format."""

    format = SourceFormat.PARQUET

    def sample(self, path: Path, options: InspectOptions, max_rows: int) -> RowSample:
        rows: list[list[Cell]] = []
        with _open(path) as pf:
            schema = pf.schema_arrow
            total = pf.metadata.num_rows
            if max_rows > 0:
                batches = pf.iter_batches(batch_size=min(max_rows, _BATCH_ROWS))
                for batch in batches:
                    rows.extend(_text_rows(batch)[: max_rows - len(rows)])
                    if len(rows) >= max_rows:
                        break
        return RowSample(rows=rows, complete=total <= max_rows, names=list(schema.names),
                         total_rows=total, native_schema=schema)

    def iter_rows(
        self,
        path: Path,
        options: InspectOptions,
        names: list[str] | None,
        skip_top: int = 0,
        skip_bottom: int = 0,
    ) -> Iterator[RawRow]:
        """Every row as text, columns in `names` order; skip_top/skip_bottom do not apply."""
        number = 0
        with _open(path) as pf:
            present = set(pf.schema_arrow.names)
            wanted = list(pf.schema_arrow.names) if names is None else names
            columns = [n for n in dict.fromkeys(wanted) if n in present]
            for batch in pf.iter_batches(batch_size=_BATCH_ROWS, columns=columns):
                by_name = dict(zip(columns, _text_columns(batch), strict=True))
                missing = [None] * batch.num_rows
                for i in range(batch.num_rows):
                    number += 1
                    yield RawRow(number, [by_name.get(n, missing)[i] for n in wanted])


@contextmanager
def _open(path: Path) -> Iterator[pq.ParquetFile]:
    """Open, always close; a file that is not Parquet becomes `file_unreadable`."""
    try:
        pf = pq.ParquetFile(path)
    except FileNotFoundError as exc:
        raise DinoError(Problem(Severity.ERROR, "file_not_found", {"path": str(path)},
                                fix="choose_other_file")) from exc
    except _BROKEN as exc:
        raise _unreadable(exc) from exc
    try:
        yield pf
    except _BROKEN as exc:
        raise _unreadable(exc) from exc
    finally:
        pf.close()


def _text_rows(batch: pa.RecordBatch) -> list[list[Cell]]:
    return [list(row) for row in zip(*_text_columns(batch), strict=True)]


def _text_columns(batch: pa.RecordBatch) -> list[list[Cell]]:
    return [[_text(v) for v in _pylist(col)] for col in batch.columns]


def _pylist(col: pa.Array) -> list[Any]:
    """Python values; nanosecond times are cut to microseconds, which Python can hold."""
    t = col.type
    if pa.types.is_timestamp(t) and t.unit == "ns":
        col = col.cast(pa.timestamp("us", t.tz), safe=False)
    elif pa.types.is_time64(t) and t.unit == "ns":
        col = col.cast(pa.time64("us"), safe=False)
    elif pa.types.is_duration(t) and t.unit == "ns":
        col = col.cast(pa.duration("us"), safe=False)
    try:
        return col.to_pylist()
    except (pa.ArrowException, ValueError, OverflowError):
        return [None if not s.is_valid else str(s) for s in col]


def _text(value: Any) -> Cell:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.hex()
    return cell_text(value)


def _unreadable(exc: BaseException) -> DinoError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    reason = text if len(text) <= 160 else text[:157] + "..."
    return DinoError(Problem(Severity.ERROR, "file_unreadable", {"reason": reason},
                             fix="check_file"))
