"""JSON records: a top-level array, JSON Lines, or one array wrapped in an object.

Arrays are streamed with ijson (never `json.load`), so a file of any size is read in
bounded memory. Numbers stay Decimal so "10.10" is not turned into 10.1 by a float.
"""

from __future__ import annotations

import codecs
import decimal
import json
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson

from dino_desktop.core.models import DinoError, InspectOptions, Problem, Severity, SourceFormat
from dino_desktop.core.sources.base import Cell, RawRow, RowSample, cell_text

SAMPLE_ROWS_FOR_NAMES = 1000
_HEAD_CHARS = 64 * 1024
_LINE_LIMIT = 1 << 20  # a first line longer than this is not taken for JSON Lines
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class _Layout:
    kind: str  # "array" | "lines" | "path"
    path: str | None = None  # dotted path of the array, for kind "path"
    total: int | None = None  # records counted while looking for the array
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _BadLine:
    reason: str


class JsonReader:
    """Records are JSON objects; their keys become the names, in first-seen order."""

    format = SourceFormat.JSON

    def sample(self, path: Path, options: InspectOptions, max_rows: int) -> RowSample:
        encoding = _encoding(path, options.encoding)
        layout = _layout(path, encoding, options.record_path)
        records: list[tuple[int, Any]] = []
        complete = True
        with closing(_records(path, encoding, layout)) as stream:
            for number, record in stream:
                if number > max_rows:
                    complete = False
                    break
                records.append((number, record))
        if not records:
            raise _no_records(options.record_path)
        if not any(isinstance(r, dict) for _, r in records):
            raise _invalid(1, "the records are not JSON objects")
        names: dict[str, None] = {}
        for _, record in records:
            if isinstance(record, dict):
                names.update(dict.fromkeys(record))
        name_list = list(names)
        rows: list[list[Cell]] = []
        problems = list(layout.problems)
        for number, record in records:
            row = _row(number, record, name_list)
            rows.append(row.cells)
            if row.problem is not None:
                problems.append(row.problem)
        total = len(records) if complete else layout.total
        return RowSample(rows=rows, complete=complete, names=name_list, total_rows=total,
                         record_path=layout.path, problems=problems)

    def iter_rows(
        self,
        path: Path,
        options: InspectOptions,
        names: list[str] | None,
        skip_top: int = 0,
        skip_bottom: int = 0,
    ) -> Iterator[RawRow]:
        """Every record aligned to `names`; skip_top/skip_bottom do not apply to records."""
        if names is None:
            names = self.sample(path, options, SAMPLE_ROWS_FOR_NAMES).names or []
        encoding = _encoding(path, options.encoding)
        layout = _layout(path, encoding, options.record_path)
        for number, record in _records(path, encoding, layout):
            yield _row(number, record, names)


def _row(number: int, record: Any, names: list[str]) -> RawRow:
    """Cells in `names` order; a problem when the record is not an object or has new keys."""
    if isinstance(record, _BadLine):
        bad = _invalid(number, record.reason, "fix_row").problem
        return RawRow(number, [None] * len(names), bad)
    if not isinstance(record, dict):
        reason = f"record {number} is {_json_kind(record)}, not an object"
        return RawRow(number, [None] * len(names), _invalid(number, reason, "fix_row").problem)
    cells = [cell_text(record.get(name)) for name in names]
    known = set(names)
    extra = [k for k, v in record.items() if k not in known and cell_text(v) is not None]
    if not extra:
        return RawRow(number, cells)
    problem = Problem(Severity.ERROR, "record_unexpected_field", {"fields": ", ".join(extra)},
                      row=number, fix="fix_row")
    return RawRow(number, cells, problem)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float | decimal.Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "not an object"


def _records(path: Path, encoding: str, layout: _Layout) -> Iterator[tuple[int, Any]]:
    """(record number, record) for the layout; a broken array stops with `json_invalid`."""
    if layout.kind == "lines":
        yield from _lines(path, encoding)
        return
    prefix = "item" if layout.kind == "array" else f"{layout.path}.item"
    number = 0
    with _byte_stream(path, encoding) as stream:
        try:
            for number, record in enumerate(ijson.items(stream, prefix), start=1):
                yield number, record
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            raise _invalid(number + 1, _reason(exc)) from exc


def _lines(path: Path, encoding: str) -> Iterator[tuple[int, Any]]:
    """JSON Lines: a line that does not parse is a bad record, not the end of the file."""
    number = 0
    with _text_stream(path, encoding) as text:
        try:
            for line in text:
                if not line.strip():
                    continue
                number += 1
                try:
                    yield number, json.loads(line, parse_float=decimal.Decimal)
                except ValueError as exc:
                    yield number, _BadLine(_reason(exc))
        except UnicodeDecodeError as exc:
            raise _invalid(number + 1, _reason(exc)) from exc


def _layout(path: Path, encoding: str, record_path: str | None) -> _Layout:
    """Where the records are: decided from the first character and the first lines."""
    wanted = _normalise_path(record_path)
    with _text_stream(path, encoding) as text:
        try:
            head = text.read(_HEAD_CHARS).lstrip()
        except UnicodeDecodeError as exc:
            raise _invalid(1, _reason(exc)) from exc
    if not head:
        raise DinoError(Problem(Severity.ERROR, "file_empty", {}, fix="add_data"))
    if wanted:
        return _Layout("path", wanted)
    if head[0] == "[":
        return _Layout("array")
    if head[0] != "{":
        raise _invalid(1, "the file does not start with [ or {")
    if _looks_like_lines(path, encoding):
        return _Layout("lines")
    return _find_array(path, encoding)


def _looks_like_lines(path: Path, encoding: str) -> bool:
    """JSON Lines when the first line is a whole object, unless it only wraps an array."""
    with _text_stream(path, encoding) as text:
        try:
            first = _next_line(text)
            if first is None or len(first) >= _LINE_LIMIT:
                return False
            try:
                obj = json.loads(first)
            except ValueError:
                return False
            if not isinstance(obj, dict):
                return False
            return _next_line(text) is not None or not _object_arrays(obj)
        except UnicodeDecodeError:
            return False


def _next_line(text: IO[str]) -> str | None:
    while line := text.readline(_LINE_LIMIT):
        if line.strip():
            return line
    return None


def _object_arrays(obj: dict[str, Any]) -> bool:
    return any(isinstance(v, list) and v and isinstance(v[0], dict) for v in obj.values())


def _find_array(path: Path, encoding: str) -> _Layout:
    """One pass over the parse events: every array of objects not inside another array.

    The biggest one holds the records; when there are several, a warning says which.
    """
    counts: dict[str, int] = {}
    stack: list[str] = []  # open containers: "map" | "array"
    candidate: str | None = None  # an array just opened, waiting for its first item
    with _byte_stream(path, encoding) as stream:
        try:
            for prefix, event, _value in ijson.parse(stream):
                if candidate is not None:
                    if event == "start_map":
                        counts[candidate] = 0
                    candidate = None
                if prefix.endswith(".item") and not event.startswith("end"):
                    parent = prefix[:-5]
                    if parent in counts and stack and stack[-1] == "array":
                        counts[parent] += 1
                if event in ("start_map", "start_array"):
                    if event == "start_array" and "array" not in stack and prefix:
                        candidate = prefix
                    stack.append("map" if event == "start_map" else "array")
                elif event in ("end_map", "end_array"):
                    stack.pop()
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            raise _invalid(sum(counts.values()) + 1, _reason(exc)) from exc
    if not counts:
        raise DinoError(Problem(Severity.ERROR, "no_records", {}, fix="choose_other_file"))
    best = max(counts, key=lambda p: counts[p])  # first seen wins a tie
    layout = _Layout("path", best, counts[best])
    if len(counts) > 1:
        layout.problems.append(Problem(
            Severity.WARNING, "records_ambiguous",
            {"paths": ", ".join(counts), "path": best}))
    return layout


def _normalise_path(record_path: str | None) -> str | None:
    """Accept "data", "data.items", "$.data", "data[*]" or "data[]"; "" or "$" is the top."""
    if record_path is None:
        return None
    path = record_path.strip().removeprefix("$").removeprefix(".")
    for suffix in ("[*]", "[]", ".item"):
        path = path.removesuffix(suffix)
    return path or None


def _encoding(path: Path, override: str | None) -> str:
    """The codec: a BOM decides; else the NUL pattern of RFC 4627; else UTF-8."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except FileNotFoundError as exc:
        raise DinoError(Problem(Severity.ERROR, "file_not_found", {"path": str(path)},
                                fix="choose_other_file")) from exc
    if override:
        try:
            codecs.lookup(override)
        except LookupError as exc:
            raise DinoError(Problem(Severity.ERROR, "override_invalid",
                                    {"setting": "encoding", "value": override,
                                     "reason": "unknown_encoding"})) from exc
        return override
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    if len(head) >= 4:
        if head[:3] == b"\0\0\0":
            return "utf-32-be"
        if head[1:4] == b"\0\0\0":
            return "utf-32-le"
        if head[0] == 0:
            return "utf-16-be"
        if head[1] == 0:
            return "utf-16-le"
    return "utf-8"


class _Utf8Reader:
    """Bytes for ijson from a text stream in any encoding."""

    def __init__(self, text: IO[str]):
        self._text = text

    def read(self, size: int = -1) -> bytes:
        return self._text.read(size).encode("utf-8")

    def close(self) -> None:
        self._text.close()

    def __enter__(self) -> _Utf8Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _byte_stream(path: Path, encoding: str) -> Any:
    """UTF-8 goes to ijson untouched (fast path); other encodings are re-encoded."""
    if codecs.lookup(encoding).name == "utf-8" or encoding.lower() == "utf-8-sig":
        fh = path.open("rb")
        if fh.read(3) != codecs.BOM_UTF8:
            fh.seek(0)
        return fh
    return _Utf8Reader(_text_stream(path, encoding))


def _text_stream(path: Path, encoding: str) -> IO[str]:
    if codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"  # a stray BOM is not part of the first key
    return path.open(encoding=encoding, newline="")


def _reason(exc: BaseException) -> str:
    """The first line of the message; yajl gives bytes with a caret drawing below."""
    message = exc.args[0] if len(exc.args) == 1 else str(exc)
    if isinstance(message, bytes):
        message = message.decode("utf-8", errors="replace")
    message = str(message).strip()
    text = message.splitlines()[0] if message else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _invalid(record: int, reason: str, fix: str = "check_file") -> DinoError:
    """`check_file` when the whole file is broken, `fix_row` when one record is."""
    return DinoError(Problem(Severity.ERROR, "json_invalid", {"record": record, "reason": reason},
                             row=record, fix=fix))


def _no_records(record_path: str | None) -> DinoError:
    if record_path:
        return DinoError(Problem(Severity.ERROR, "override_invalid",
                                 {"setting": "record_path", "value": record_path,
                                  "reason": "no_records_there"}))
    return DinoError(Problem(Severity.ERROR, "no_records", {}, fix="choose_other_file"))
