"""Inspection of Excel, JSON, XML and Parquet sources (delimited text is in inspect.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dino_desktop.core.dialect import ParsedRow
from dino_desktop.core.models import (
    Column,
    ColumnFormat,
    ColumnType,
    Inspection,
    InspectOptions,
    Problem,
    Setting,
    SourceFormat,
)
from dino_desktop.core.naming import column_names
from dino_desktop.core.sources.registry import reader_for

SAMPLE_ROWS = 5000
PREVIEW_ROWS = 200

TableFromRows = Callable[..., Any]


def inspect_records(path: Path, options: InspectOptions, size: int, fmt: SourceFormat,
                    table_from_rows: TableFromRows) -> Inspection:
    reader = reader_for(path, fmt)
    sample = reader.sample(path, options, SAMPLE_ROWS)
    settings: dict[str, Setting] = {"format": Setting(fmt.value, 1.0)}
    problems: list[Problem] = list(sample.problems)
    layout: dict[str, Any] = {"record_path": sample.record_path, "sheet": sample.sheet}
    if sample.record_path:
        settings["record_path"] = Setting(sample.record_path, 0.9,
                                          options.record_path is not None)
    if fmt is SourceFormat.XLSX:
        settings["sheet"] = Setting(sample.sheet, 1.0 if options.sheet else 0.9,
                                    options.sheet is not None)
        head = [ParsedRow(i + 1, [c or "" for c in row]) for i, row in enumerate(sample.rows)]
        total = sample.total_rows or len(sample.rows)
        tail = None
        if sample.tail and not sample.complete:
            first = total - len(sample.tail) + 1
            tail = [ParsedRow(first + j, [c or "" for c in row])
                    for j, row in enumerate(sample.tail)]
        table = table_from_rows(head, tail, options, total, sample.complete)
        settings.update(table.settings)
        problems += table.problems
        st = table.structure
        layout.update(skip_top=st.skip_top + (1 if st.header else 0),
                      skip_bottom=st.skip_bottom, column_positions=table.positions,
                      columns_in_file=table.width)
        columns, preview, sampled = table.columns, table.preview, len(table.data)
        estimated = max(total - layout["skip_top"] - st.skip_bottom, 0)
    elif fmt is SourceFormat.PARQUET and sample.native_schema is not None:
        columns, preview = _parquet_columns(path, sample.native_schema)
        sampled = len(sample.rows)
        estimated = sample.total_rows
    else:
        from dino_desktop.core.inspect import typed_columns

        names = sample.names or []
        rows = sample.rows
        safe = column_names(list(names))
        columns, preview, locale_settings = typed_columns(list(names), safe, rows, options,
                                                          problems)
        settings.update(locale_settings)
        sampled = len(rows)
        estimated = sample.total_rows if sample.total_rows is not None else (
            len(rows) if sample.complete else None)
        if not rows:
            problems.append(Problem("error", "file_header_only", fix="add_data"))  # type: ignore[arg-type]
    return Inspection(path=str(path), format=fmt, size_bytes=size, settings=settings,
                      columns=columns, preview=preview, problems=problems,
                      sheets=sample.sheets, estimated_rows=estimated, sampled_rows=sampled,
                      complete_sample=sample.complete, layout=layout)


def arrow_column_type(t: pa.DataType) -> tuple[ColumnType, ColumnFormat]:
    if pa.types.is_boolean(t):
        return ColumnType.BOOLEAN, ColumnFormat()
    if pa.types.is_integer(t):
        return ColumnType.INTEGER, ColumnFormat()
    if pa.types.is_floating(t):
        return ColumnType.FLOAT, ColumnFormat()
    if pa.types.is_decimal(t):
        return ColumnType.DECIMAL, ColumnFormat(precision=min(t.precision, 38), scale=t.scale)
    if pa.types.is_date(t):
        return ColumnType.DATE, ColumnFormat()
    if pa.types.is_timestamp(t):
        return ColumnType.TIMESTAMP, ColumnFormat()
    return ColumnType.TEXT, ColumnFormat()


def _parquet_columns(path: Path, schema: pa.Schema) -> tuple[list[Column], list[list[Any]]]:
    names = column_names(list(schema.names))
    pf = pq.ParquetFile(path)
    try:
        batch = next(pf.iter_batches(batch_size=PREVIEW_ROWS), None)
    finally:
        pf.close()
    rows = batch.to_pylist() if batch is not None else []
    columns = []
    for src, name, field in zip(schema.names, names, schema, strict=True):
        t, f = arrow_column_type(field.type)
        values = [r[src] for r in rows]
        columns.append(Column(source_name=src, name=name, type=t, format=f,
                              null_count=sum(v is None for v in values),
                              examples=[str(v) for v in values if v is not None][:5]))
    preview = [[r[src] if arrow_column_type(schema.field(src).type)[0] is not ColumnType.TEXT
                else _text(r[src]) for src in schema.names] for r in rows]
    return columns, preview


def _text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    from dino_desktop.core.sources.base import cell_text

    return cell_text(value)
