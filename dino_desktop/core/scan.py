"""Every row of a source as DuckDB sees it: VARCHAR columns c0..cN (or native, for Parquet).

Delimited text goes straight to DuckDB's parallel CSV reader when it is UTF-8 and has no
lines after the data; otherwise the table's bytes are first cut out (and transcoded to
UTF-8) into a work file, hashing the source on the way. Excel, JSON and XML rows are
streamed from Python as Arrow batches.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from dino_desktop.core.models import Cancelled, Inspection, InspectOptions, SourceFormat
from dino_desktop.core.typesql import ident, lit

CHUNK = 8 << 20
HASH_BUFFER = 1 << 20
BATCH_ROWS = 20_000
UTF8 = ("utf-8", "utf-8-sig", "ascii")


@dataclass
class Scan:
    """The SQL that yields raw rows, and what is needed to place a row back in the file."""

    sql: str  # a SELECT over the source: columns c0.. (VARCHAR) or native columns
    line_offset: int = 0  # add to DuckDB's line numbers to get the file's line
    first_data_line: int = 1  # line (or sheet row) of the first data row
    has_row_numbers: bool = False  # a `_row` column says where each row came from
    has_rejects: bool = False  # DuckDB's CSV rejects table is in use
    work_files: list[Path] = field(default_factory=list)
    sha256: str | None = None  # set when the source was read on the way
    hasher: threading.Thread | None = None
    _digest: list[str] = field(default_factory=list)

    def digest(self) -> str:
        if self.hasher is not None:
            self.hasher.join()
            return self._digest[0]
        return self.sha256 or ""


def sha256_file(path: Path, cancel: threading.Event | None = None) -> str:
    # One reused buffer: a fresh 8 MB bytes object per read costs page faults and copies
    # on the core the conversion needs.
    h = hashlib.sha256()
    buf = bytearray(HASH_BUFFER)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buf):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            h.update(view[:n])
    return h.hexdigest()


_EARLY: dict[tuple[str, int, int], tuple[threading.Thread, list[str]]] = {}
_EARLY_LOCK = threading.Lock()


def _key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def start_sha256(path: Path) -> None:
    """Start hashing a file now, while the caller still loads and plans (one core is idle
    then); the conversion picks the result up instead of hashing again."""
    key = _key(Path(path))
    result: list[str] = []

    def run() -> None:
        try:
            result.append(sha256_file(Path(path)))
        except OSError:
            result.append("")

    with _EARLY_LOCK:
        if key in _EARLY:
            return
        thread = threading.Thread(target=run, name="dino-sha256-early", daemon=True)
        _EARLY[key] = (thread, result)
    thread.start()


def file_sha256(path: Path) -> str:
    """The file's hash: the early one if it was started (waiting for it), else computed."""
    with _EARLY_LOCK:
        early = _EARLY.get(_key(Path(path)))
    if early is not None:
        early[0].join()
        if early[1] and early[1][0]:
            return early[1][0]
    return sha256_file(Path(path))


def _hash_in_background(scan: Scan, path: Path, cancel: threading.Event | None) -> None:
    with _EARLY_LOCK:
        early = _EARLY.pop(_key(path), None)
    if early is not None:
        scan.hasher, scan._digest = early
        return

    def run() -> None:
        try:
            scan._digest.append(sha256_file(path, cancel))
        except Cancelled:
            scan._digest.append("")

    scan.hasher = threading.Thread(target=run, name="dino-sha256", daemon=True)
    scan.hasher.start()


def _read_csv_sql(path: Path, layout: dict, skip: int, width: int) -> str:
    cols = "{" + ", ".join(f"{lit(f'c{i}')}: 'VARCHAR'" for i in range(width)) + "}"
    quote = layout.get("quote")
    escape = layout.get("escape")
    opts = [
        f"delim={lit(layout['delimiter'])}",
        f"quote={lit(quote or '')}",
        f"escape={lit(escape or '')}",
        "header=false",
        f"skip={skip}",
        f"columns={cols}",
        "auto_detect=false",
        "store_rejects=true",
        "null_padding=false",
        "strict_mode=true",
    ]
    return f"SELECT * FROM read_csv({lit(str(path))}, {', '.join(opts)})"


def _cut_table(src: Path, dst: Path, layout: dict, size: int,
               on_bytes: Callable[[int], None], cancel: threading.Event | None) -> str:
    """Copy bytes [data_start, data_end) as UTF-8 with \\n ends; return the source's sha256."""
    start, end = layout["data_start"], layout["data_end"]
    codec = layout["codec"]
    transcode = codec not in UTF8 or layout.get("line_ending") == "\r"
    decoder = codecs.getincrementaldecoder(codec)(errors="strict") if transcode else None
    h = hashlib.sha256()
    pos = 0
    with open(src, "rb") as f, open(dst, "wb") as out:
        while chunk := f.read(CHUNK):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            h.update(chunk)
            lo, hi = max(start - pos, 0), min(end - pos, len(chunk))
            pos += len(chunk)
            if hi > lo:
                piece = chunk[lo:hi]
                if decoder is not None:
                    try:
                        text = decoder.decode(piece, final=pos >= end)
                    except UnicodeDecodeError as exc:
                        from dino_desktop.core.models import DinoError, Problem, Severity

                        raise DinoError(Problem(
                            Severity.ERROR, "encoding_invalid",
                            {"offset": pos - len(chunk) + lo + exc.start, "encoding": codec},
                            fix="set_encoding")) from exc
                    if layout.get("line_ending") == "\r":
                        text = text.replace("\r\n", "\n").replace("\r", "\n")
                    piece = text.encode("utf-8")
                out.write(piece)
            on_bytes(pos)
    return h.hexdigest()


def csv_scan(insp: Inspection, work_dir: Path, on_bytes: Callable[[int], None],
             cancel: threading.Event | None) -> Scan:
    layout = insp.layout
    path = Path(insp.path)
    width = layout["columns_in_file"]
    header = 1 if layout["header"] else 0
    direct = (layout["codec"] in UTF8 and layout["data_end"] >= insp.size_bytes
              and layout.get("line_ending") != "\r")
    first_data = layout["skip_top"] + header + 1
    if direct:
        scan = Scan(_read_csv_sql(path, layout, layout["skip_top"] + header, width),
                    first_data_line=first_data, has_rejects=True)
        _hash_in_background(scan, path, cancel)
        return scan
    work = work_dir / ".dino-source.csv"
    digest = _cut_table(path, work, layout, insp.size_bytes, on_bytes, cancel)
    return Scan(_read_csv_sql(work, {**layout}, header, width),
                line_offset=layout["skip_top"], first_data_line=first_data,
                has_rejects=True, work_files=[work], sha256=digest)


def _row_batches(rows: Iterator, width: int, on_row: Callable[[int], None],
                 cancel: threading.Event | None) -> Iterator[pa.RecordBatch]:
    names = [f"c{i}" for i in range(width)] + ["_row", "_problem"]
    cols: list[list] = [[] for _ in names]

    def flush() -> pa.RecordBatch:
        arrays = [pa.array(c, pa.string()) for c in cols[:width]]
        arrays += [pa.array(cols[width], pa.int64()), pa.array(cols[width + 1], pa.string())]
        batch = pa.RecordBatch.from_arrays(arrays, names=names)
        for c in cols:
            c.clear()
        return batch

    n = 0
    for raw in rows:
        cells = raw.cells
        for i in range(width):
            cols[i].append(cells[i] if i < len(cells) else None)
        cols[width].append(raw.number)
        cols[width + 1].append(json.dumps({"code": raw.problem.code,
                                           "params": raw.problem.params}, default=str)
                               if raw.problem else None)
        n += 1
        if n % BATCH_ROWS == 0:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            on_row(n)
            yield flush()
    on_row(n)
    yield flush()


def record_scan(insp: Inspection, con: duckdb.DuckDBPyConnection, options: InspectOptions,
                on_row: Callable[[int], None], cancel: threading.Event | None) -> Scan:
    """Excel, JSON and XML rows, streamed through Python into DuckDB as Arrow."""
    from dino_desktop.core.sources.registry import reader_for

    path = Path(insp.path)
    layout = insp.layout
    reader = reader_for(path, insp.format)
    opts = InspectOptions(sheet=layout.get("sheet"), record_path=layout.get("record_path"))
    opts.encoding = options.encoding
    if insp.format is SourceFormat.XLSX:
        width = layout["columns_in_file"]
        positions = layout["column_positions"]
        rows = reader.iter_rows(path, opts, [f"c{i}" for i in range(width)],
                                skip_top=layout["skip_top"], skip_bottom=layout["skip_bottom"])
        rows = (_select(r, positions) for r in rows)
        width = len(positions)
    else:
        names = [c.source_name for c in insp.columns]
        rows = reader.iter_rows(path, opts, names)
        width = len(names)
    schema = pa.schema([(f"c{i}", pa.string()) for i in range(width)]
                       + [("_row", pa.int64()), ("_problem", pa.string())])
    stream = pa.RecordBatchReader.from_batches(schema, _row_batches(rows, width, on_row, cancel))
    con.register("dino_records", stream)
    scan = Scan("SELECT * FROM dino_records", has_row_numbers=True)
    _hash_in_background(scan, path, cancel)
    return scan


def _select(raw, positions: list[int]):  # type: ignore[no-untyped-def]
    from dino_desktop.core.sources.base import RawRow

    cells = raw.cells
    return RawRow(raw.number, [cells[p] if p < len(cells) else None for p in positions],
                  raw.problem)


def parquet_scan(insp: Inspection, cancel: threading.Event | None) -> Scan:
    path = Path(insp.path)
    cols = ", ".join(ident(c.source_name) for c in insp.columns)
    scan = Scan(f"SELECT {cols} FROM read_parquet({lit(str(path))})")
    _hash_in_background(scan, path, cancel)
    return scan
