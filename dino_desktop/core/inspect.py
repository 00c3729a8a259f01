"""Inspect any hand-made file with no user input: settings, columns, typed preview, problems.

Reads a bounded sample (head and tail), so it takes about a second on any file size. Never
raises for a bad file: what goes wrong is a problem in the result.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from dino_desktop.core import infer
from dino_desktop.core.dialect import Dialect, ParsedRow, parse_lines, sniff
from dino_desktop.core.models import (
    Column,
    ColumnFormat,
    ColumnType,
    DinoError,
    Inspection,
    InspectOptions,
    Problem,
    Setting,
    Severity,
    SourceFormat,
)
from dino_desktop.core.naming import check_column_name, column_names, unique_names
from dino_desktop.core.sources.registry import detect_format, format_from_name
from dino_desktop.core.structure import Structure, find_structure, ragged_problems
from dino_desktop.core.textsample import TextSample, read_sample, split_lines

PREVIEW_ROWS = 200
TAIL_LINES = 300
SAMPLE_ROWS = 2000  # head rows read for inference (plus the tail's rows)


def inspect_file(path: str | Path, options: InspectOptions | None = None) -> Inspection:
    """The whole inspection; a file DINO cannot read gives an Inspection with an error."""
    path = Path(path)
    options = options or InspectOptions()
    try:
        return _inspect(path, options)
    except DinoError as exc:
        return _failed(path, exc.problem)
    except OSError as exc:
        code = "file_not_found" if isinstance(exc, FileNotFoundError) else "file_unreadable"
        return _failed(path, Problem(Severity.ERROR, code,
                                     {"path": str(path), "reason": exc.strerror or str(exc)},
                                     fix="choose_other_file"))


def _failed(path: Path, problem: Problem) -> Inspection:
    size = path.stat().st_size if path.is_file() else 0
    fmt = format_from_name(path) or SourceFormat.CSV
    return Inspection(str(path), fmt, size, {}, [], [], [problem])


def detect_source_format(path: Path) -> SourceFormat:
    with open(path, "rb") as f:
        head = f.read(4096)
    fmt = detect_format(path, head)
    if fmt is None:
        raise DinoError(Problem(Severity.ERROR, "file_unsupported",
                                {"extension": path.suffix or path.name}, fix="choose_other_file"))
    return fmt


def _inspect(path: Path, options: InspectOptions) -> Inspection:
    if not path.exists():
        raise FileNotFoundError(2, "No such file", str(path))
    if path.is_dir():
        raise DinoError(Problem(Severity.ERROR, "file_unreadable",
                                {"reason": "folder"}, fix="choose_other_file"))
    size = os.path.getsize(path)
    if size == 0:
        raise DinoError(Problem(Severity.ERROR, "file_empty", fix="choose_other_file"))
    fmt = detect_source_format(path)
    if fmt is SourceFormat.CSV:
        return _inspect_text(path, options, size)
    return _inspect_records(path, options, size, fmt)


# ---------------------------------------------------------------- delimited text


def _inspect_text(path: Path, options: InspectOptions, size: int) -> Inspection:
    sample = read_sample(path, options.encoding)
    head_lines = split_lines(sample.head)
    tail_lines = split_lines(sample.tail)
    if not any(line.strip() for line in head_lines + tail_lines):
        raise DinoError(Problem(Severity.ERROR, "file_empty", fix="choose_other_file"))
    dialect = sniff(head_lines, options.delimiter, options.quote, options.escape)
    limit = SAMPLE_ROWS + 200  # room for title lines above the header
    complete = sample.complete and len(head_lines) <= limit
    head_rows = parse_lines(head_lines[:limit], dialect)
    if not complete and len(head_rows) > 1:
        head_rows.pop()  # may be cut by the sample's end (or inside a quoted field)
    if sample.complete and not complete:
        # Small file, many lines: the tail is the end of the same text, numbered for real.
        start = max(limit, len(head_lines) - TAIL_LINES)
        tail_rows = parse_lines(head_lines[start:], dialect, first_line=start + 1)[1:]
        last_line = len(head_lines)
    elif tail_lines:
        # Numbered within the tail: the file's line count is unknown without reading it all.
        tail_rows = parse_lines(tail_lines[-TAIL_LINES:], dialect)[1:]
        last_line = min(len(tail_lines), TAIL_LINES)
    else:
        tail_rows, last_line = [], len(head_lines)
    table = _table_from_rows(head_rows, tail_rows or None, options, last_line, complete)
    problems = table.problems
    settings: dict[str, Setting] = {
        "format": Setting(SourceFormat.CSV.value, 1.0),
        "encoding": Setting(sample.encoding.encoding, sample.encoding.confidence,
                            options.encoding is not None),
        "delimiter": Setting(dialect.delimiter, dialect.confidence,
                             options.delimiter is not None),
        "quote": Setting(dialect.quote, dialect.confidence, options.quote is not None),
        "escape": Setting(dialect.escape, dialect.confidence, options.escape is not None),
        "line_ending": Setting(sample.line_ending, 1.0),
        **table.settings,
    }
    if sample.encoding.confidence < 0.8 and options.encoding is None:
        problems.insert(0, Problem(Severity.WARNING, "encoding_guessed",
                                   {"encoding": sample.encoding.encoding}, fix="set_encoding"))
    if dialect.confidence < 0.7 and options.delimiter is None and table.columns \
            and len(table.columns) > 1:
        problems.insert(0, Problem(Severity.WARNING, "delimiter_guessed",
                                   {"delimiter": dialect.delimiter}, fix="set_delimiter"))
    layout = _text_layout(sample, head_lines, tail_lines, table.structure, dialect)
    layout["columns_in_file"] = table.width
    layout["column_positions"] = table.positions
    avg = _avg_line_bytes(sample, len(head_lines))
    estimated = int(size / avg) - table.structure.skip_top - table.structure.skip_bottom - (
        1 if table.structure.header else 0) if avg else None
    return Inspection(
        path=str(path), format=SourceFormat.CSV, size_bytes=size, settings=settings,
        columns=table.columns, preview=table.preview, problems=problems,
        estimated_rows=max(estimated or 0, len(table.data)) if estimated is not None else None,
        sampled_rows=len(table.data), complete_sample=complete, layout=layout,
    )


def _avg_line_bytes(sample: TextSample, lines: int) -> float:
    if not lines:
        return 0.0
    return len(sample.head.encode(sample.encoding.encoding, errors="replace")) / lines


def _text_layout(sample: TextSample, head_lines: list[str], tail_lines: list[str],
                 st: Structure, dialect: Dialect) -> dict[str, Any]:
    """Byte offsets of the table inside the file, so the conversion can cut it out."""
    codec = sample.encoding.encoding
    enc = "utf-8" if codec == "utf-8-sig" else codec
    if enc in ("utf-16", "utf-32"):
        enc = enc + ("-be" if sample.head_bytes[:2] == b"\xfe\xff" or
                     sample.head_bytes[:4] == b"\x00\x00\xfe\xff" else "-le")
    bom = _bom_length(sample)
    ending = sample.line_ending
    start = bom + sum(len((ln + ending).encode(enc)) for ln in head_lines[: st.skip_top])
    end = sample.size
    if st.skip_bottom:
        lines = tail_lines if tail_lines else head_lines
        footer = lines[len(lines) - st.skip_bottom:]
        raw = ending.join(footer)
        text = sample.tail if tail_lines else sample.head
        if text.endswith(("\n", "\r")):
            raw += ending
        end = sample.size - len(raw.encode(enc))
        # The line ending before the footer belongs to the last data row: keep it.
    return {"data_start": start, "data_end": end, "encoding": codec, "codec": enc,
            "bom": bom, "skip_top": st.skip_top, "skip_bottom": st.skip_bottom,
            "header": st.header, "delimiter": dialect.delimiter, "quote": dialect.quote,
            "escape": dialect.escape, "line_ending": ending}


def _bom_length(sample: TextSample) -> int:
    head = sample.head_bytes
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe",
                b"\xfe\xff"):
        if head.startswith(bom):
            return len(bom)
    return 0


# ---------------------------------------------------------------- shared table logic


class _Table:
    def __init__(self) -> None:
        self.columns: list[Column] = []
        self.preview: list[list[Any]] = []
        self.problems: list[Problem] = []
        self.settings: dict[str, Setting] = {}
        self.data: list[list[str | None]] = []
        self.width = 0
        self.positions: list[int] = []
        self.structure = Structure(0, False, None, 0, 0, 0, 0)


def _table_from_rows(
    head: list[ParsedRow], tail: list[ParsedRow] | None, options: InspectOptions,
    last_line: int, complete: bool,
) -> _Table:
    """Structure, names, locale and types from parsed rows (CSV lines or sheet rows)."""
    t = _Table()
    nonblank = [r for r in head if not r.blank]
    if not nonblank:
        raise DinoError(Problem(Severity.ERROR, "file_empty", fix="choose_other_file"))
    rough = infer.decide_locale(_columns([r.cells for r in nonblank[:300]]), options.decimal,
                                options.date_format)
    st = find_structure(head, tail, rough, header_line=options.header_row,
                        skip_bottom=options.skip_bottom, last_line=last_line)
    t.structure = st
    end = len(head) - st.footer_rows if (tail is None) else len(head)
    data_rows = [r for r in head[st.first_data_index:end] if not r.blank]
    tail_data = [r for r in (tail or [])[: len(tail or []) - st.footer_rows] if not r.blank]
    if not data_rows:
        code = "file_header_only" if st.header else "file_empty"
        raise DinoError(Problem(Severity.ERROR, code, fix="add_data"))
    width = st.width
    header_cells = head[st.header_index].cells if st.header_index is not None else []
    width = max(width, len(header_cells))
    t.width = width
    t.problems += ragged_problems(data_rows, width)
    rows: list[list[str | None]] = [
        [(c if c != "" else None) for c in (r.cells + [""] * width)[:width]]
        for r in data_rows + tail_data
    ]
    sources: list[str | None] = [(header_cells[i].strip() if i < len(header_cells) else None)
                                 for i in range(width)]
    positions = [i for i in range(width)
                 if sources[i] or any(r[i] is not None for r in rows)]
    if not positions:
        positions = list(range(width))
    t.positions = positions
    rows = [[r[i] for i in positions] for r in rows]
    sources = [sources[i] for i in positions]
    display = [s if s else f"col_{positions[k] + 1}" for k, s in enumerate(sources)]
    names = column_names([s if st.header else None for s in sources])
    if not st.header:
        names = [f"col_{p + 1}" for p in positions]
        display = names[:]
        t.problems.append(Problem(Severity.INFO, "header_missing", {"count": len(names)},
                                  fix="set_header_row"))
    names = _apply_renames(names, display, options, t.problems)
    t.columns, t.preview, locale_settings = typed_columns(
        display, names, rows, options, t.problems, [r.line for r in data_rows + tail_data])
    t.data = rows
    if st.skip_top:
        t.problems.append(Problem(Severity.INFO, "lines_skipped_top", {"count": st.skip_top}))
    if st.skip_bottom:
        t.problems.append(Problem(Severity.INFO, "lines_skipped_bottom",
                                  {"count": st.skip_bottom}))
    t.settings = {
        "header": Setting(st.header, st.header_confidence, options.header_row is not None),
        "header_row": Setting(st.skip_top + 1 if st.header else None, st.header_confidence,
                              options.header_row is not None),
        "skip_top": Setting(st.skip_top, st.header_confidence),
        "skip_bottom": Setting(st.skip_bottom, 0.8, options.skip_bottom is not None),
        **locale_settings,
    }
    return t


def typed_columns(
    display: list[str], names: list[str], rows: list[list[str | None]],
    options: InspectOptions, problems: list[Problem], lines: list[int] | None = None,
) -> tuple[list[Column], list[list[Any]], dict[str, Setting]]:
    """Locale, types (checked in SQL), columns and the typed preview of sampled text rows.
    `lines` gives each row's place in the source (file line, sheet row or record number)."""
    loc = infer.decide_locale(_columns(rows), options.decimal, options.date_format)
    problems += loc.problems
    forced = _forced_types(display, options, loc, problems)
    chosen, type_problems = infer.infer_columns(display, rows, loc, infer=options.infer_types,
                                                forced=forced)
    for p in type_problems:  # sample indexes become places in the source
        if p.row is not None:
            p = dataclasses.replace(p, row=lines[p.row] if lines and p.row < len(lines)
                                    else p.row + 1)
        problems.append(p)
    columns = infer.build_columns(display, names, rows, chosen)
    preview = infer.typed_preview(rows[:PREVIEW_ROWS], [(c, f) for c, f, _ in chosen])
    overridden = {k for k in ("decimal", "date_format") if getattr(options, k)}
    return columns, preview, infer.settings_from_locale(loc, [c.format for c in columns],
                                                        overridden)


def _columns(rows: list[list[str]] | list[list[str | None]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [[(r[i] or "").strip() for r in rows if i < len(r) and (r[i] or "").strip()]
            for i in range(width)]


def _apply_renames(names: list[str], display: list[str], options: InspectOptions,
                   problems: list[Problem]) -> list[str]:
    if not options.column_names:
        return names
    out = names[:]
    for i, src in enumerate(display):
        new = options.column_names.get(src) or options.column_names.get(names[i])
        if new is None:
            continue
        reason = check_column_name(new)
        if reason:
            problems.append(Problem(Severity.ERROR, "column_name_invalid",
                                    {"name": new, "reason": reason}, column=src,
                                    fix="rename_column"))
        else:
            out[i] = new
    return unique_names(out)


TYPE_ALIASES = {
    "string": ColumnType.TEXT, "text": ColumnType.TEXT, "str": ColumnType.TEXT,
    "bigint": ColumnType.INTEGER, "int": ColumnType.INTEGER, "integer": ColumnType.INTEGER,
    "long": ColumnType.INTEGER, "double": ColumnType.FLOAT, "float": ColumnType.FLOAT,
    "boolean": ColumnType.BOOLEAN, "bool": ColumnType.BOOLEAN, "date": ColumnType.DATE,
    "timestamp": ColumnType.TIMESTAMP, "datetime": ColumnType.TIMESTAMP,
    "decimal": ColumnType.DECIMAL,
}


def parse_type_name(name: str) -> tuple[ColumnType, int | None, int | None]:
    base = name.strip().lower()
    if base.startswith("decimal"):
        inner = base[len("decimal"):].strip("() ")
        if inner:
            p, _, s = inner.partition(",")
            return ColumnType.DECIMAL, int(p), int(s or 0)
        return ColumnType.DECIMAL, None, None
    if base not in TYPE_ALIASES:
        raise ValueError(name)
    return TYPE_ALIASES[base], None, None


def _forced_types(display: list[str], options: InspectOptions, loc: infer.Locale,
                  problems: list[Problem]) -> dict[str, tuple[ColumnType, ColumnFormat]]:
    """User-chosen types; the format (decimal mark, date order) still comes from the data."""
    forced: dict[str, tuple[ColumnType, ColumnFormat]] = {}
    for src, type_name in options.column_types.items():
        if src not in display:
            continue
        try:
            col_type, precision, scale = parse_type_name(type_name)
        except (ValueError, TypeError):
            problems.append(Problem(Severity.ERROR, "override_invalid",
                                    {"setting": f"type of {src}", "value": type_name,
                                     "reason": "unknown_type"}, column=src))
            continue
        fmt = ColumnFormat(decimal=loc.decimal, thousands="." if loc.decimal == "," else ",")
        if col_type is ColumnType.DECIMAL:
            fmt = infer.with_format(fmt, precision=precision or 38, scale=scale or 6)
        elif col_type is ColumnType.BOOLEAN:
            fmt = infer.with_format(fmt, true_values=("true", "sim", "s", "yes", "y", "1"),
                                    false_values=("false", "não", "nao", "n", "no", "0"))
        elif col_type in (ColumnType.DATE, ColumnType.TIMESTAMP):
            fmt = infer.with_format(fmt, date_format=options.date_format or (
                "%d/%m/%Y" if loc.day_first else "%m/%d/%Y") + (
                " %H:%M:%S" if col_type is ColumnType.TIMESTAMP else ""))
        forced[src] = (col_type, fmt)
    return forced


# ---------------------------------------------------------------- other formats


def _inspect_records(path: Path, options: InspectOptions, size: int,
                     fmt: SourceFormat) -> Inspection:
    from dino_desktop.core.records import inspect_records

    return inspect_records(path, options, size, fmt, _table_from_rows)


def inspection_to_dict(insp: Inspection, lang: str = "en") -> dict[str, Any]:
    """The JSON shape of `dino inspect --json` (also what the UI shows)."""
    from dino_desktop.core.report import to_dict

    return to_dict(insp, lang)
