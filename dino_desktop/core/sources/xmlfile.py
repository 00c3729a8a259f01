"""XML records: the repeated element, found automatically, streamed with a pull parser.

The file is fed to the parser in chunks and every finished element is detached from the
tree, so memory stays bounded. Entity declarations are refused before parsing: they are
the door to "billion laughs" expansion and are never needed for exported data.
"""

from __future__ import annotations

import codecs
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dino_desktop.core.models import DinoError, InspectOptions, Problem, Severity, SourceFormat
from dino_desktop.core.sources.base import RawRow, RowSample, cell_text

SAMPLE_ROWS_FOR_NAMES = 1000
_CHUNK = 64 * 1024
_PROLOG_BYTES = 1 << 20  # the DOCTYPE must sit in the first MiB
_SCAN_BYTES = 4 << 20  # the record element is decided from the first 4 MiB


class XmlReader:
    """Records are the repeated element; fields are its attributes and child elements."""

    format = SourceFormat.XML

    def sample(self, path: Path, options: InspectOptions, max_rows: int) -> RowSample:
        target = _target(path, options.record_path)
        records: list[dict[str, Any]] = []
        complete = True
        with closing(_records(path, target)) as stream:
            for record in stream:
                if len(records) >= max_rows:
                    complete = False
                    break
                records.append(record)
        if not records:
            raise _no_records(options.record_path)
        names: dict[str, None] = {}
        for record in records:
            names.update(dict.fromkeys(record))
        name_list = list(names)
        rows = [[cell_text(r.get(n)) for n in name_list] for r in records]
        return RowSample(rows=rows, complete=complete, names=name_list,
                         total_rows=len(rows) if complete else None,
                         record_path=target.label)

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
        known = set(names)
        target = _target(path, options.record_path)
        for number, record in enumerate(_records(path, target), start=1):
            cells = [cell_text(record.get(n)) for n in names]
            extra = [k for k, v in record.items() if k not in known and cell_text(v) is not None]
            problem = None
            if extra:
                problem = Problem(Severity.ERROR, "record_unexpected_field",
                                  {"fields": ", ".join(extra)}, row=number, fix="fix_row")
            yield RawRow(number, cells, problem)


@dataclass(frozen=True)
class _Target:
    """Which elements are records: the last names of their path from the root."""

    segments: tuple[str, ...]
    anchored: bool  # True: `segments` is the whole path from the root

    def matches(self, path: list[str]) -> bool:
        if self.anchored:
            return tuple(path) == self.segments
        n = len(self.segments)
        return len(path) >= n and tuple(path[-n:]) == self.segments

    @property
    def label(self) -> str:
        return ("/" if self.anchored else "") + "/".join(self.segments)


def _target(path: Path, record_path: str | None) -> _Target:
    """The override ("item", "orders/item", "/root/orders/item") or the detected element."""
    _check_prolog(path)
    if record_path and record_path.strip().strip("/"):
        text = record_path.strip()
        segments = tuple(_local(s.split(":")[-1]) for s in text.strip("/").split("/"))
        return _Target(segments, text.startswith("/"))
    return _detect(path)


@dataclass
class _Open:
    """What is known about an element still open while scanning."""

    has_attrs: bool
    children: int = 0
    leaf_children: int = 0


def _detect(path: Path) -> _Target:
    """The path that repeats most at the shallowest depth, among record-like elements.

    Record-like: has attributes, or has at least one leaf child. Counts come from the
    first few MiB, which is plenty to see a repeated element many times.
    """
    counts: dict[tuple[str, ...], int] = {}
    names: list[str] = []
    open_: list[_Open] = []
    try:
        with closing(_events(path, _SCAN_BYTES)) as events:
            for event, elem, parent in events:
                if event == "start":
                    names.append(_local(elem.tag))
                    open_.append(_Open(bool(elem.attrib)))
                    continue
                mine = open_.pop()
                if open_:
                    open_[-1].children += 1
                    open_[-1].leaf_children += mine.children == 0
                if mine.has_attrs or mine.leaf_children:
                    key = tuple(names)
                    counts[key] = counts.get(key, 0) + 1
                names.pop()
                _detach(elem, parent)
    except DinoError:
        if not counts:
            raise  # broken before any record: nothing to offer
        # else: reading the records reports the error at the record where it happens
    below_root = {k: v for k, v in counts.items() if len(k) > 1}
    pool = {k: v for k, v in below_root.items() if v > 1} or below_root or counts
    if not pool:
        raise DinoError(Problem(Severity.ERROR, "no_records", {}, fix="choose_other_file"))
    depth = min(len(k) for k in pool)
    best = max((k for k in pool if len(k) == depth), key=lambda k: pool[k])
    return _Target(best, anchored=True)


def _records(path: Path, target: _Target) -> Iterator[dict[str, Any]]:
    """Each matching element as {field: value}; nested matches belong to the outer record."""
    names: list[str] = []
    record_depth: int | None = None
    for event, elem, parent in _events(path, None):
        if event == "start":
            names.append(_local(elem.tag))
            if record_depth is None and target.matches(names):
                record_depth = len(names)
            continue
        if record_depth == len(names):
            yield _fields(elem)
            record_depth = None
        if record_depth is None:  # inside a record, children stay until the record ends
            _detach(elem, parent)
        names.pop()


def _fields(elem: ET.Element) -> dict[str, Any]:
    """Attributes first, then child elements; a repeated child keeps its first value."""
    fields: dict[str, Any] = {}
    for key, value in elem.attrib.items():
        fields.setdefault(_local(key), value)
    for child in elem:
        name = _local(child.tag)
        if name not in fields:
            fields[name] = _value(child) if len(child) else _leaf_text(child)
    return fields


def _value(elem: ET.Element) -> Any:
    """A nested element as JSON-like data ("@attr", child names, "#text")."""
    if not len(elem) and not elem.attrib:
        return _leaf_text(elem)
    out: dict[str, Any] = {f"@{_local(k)}": v for k, v in elem.attrib.items()}
    text = _leaf_text(elem)
    if text is not None:
        out["#text"] = text
    for child in elem:
        name = _local(child.tag)
        value = _value(child)
        if name not in out:
            out[name] = value
        elif isinstance(out[name], list):
            out[name].append(value)
        else:
            out[name] = [out[name], value]
    return out


def _leaf_text(elem: ET.Element) -> str | None:
    text = (elem.text or "").strip()
    return text or None


def _events(
    path: Path, limit: int | None
) -> Iterator[tuple[str, ET.Element, ET.Element | None]]:
    """(event, element, parent) for start/end, reading at most `limit` bytes (None: all)."""
    parser = ET.XMLPullParser(events=("start", "end"))
    stack: list[ET.Element] = []
    done = 0
    try:
        with path.open("rb") as fh:
            while limit is None or done < limit:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    parser.close()
                    break
                done += len(chunk)
                parser.feed(chunk)
                for event, elem in parser.read_events():
                    yield from _with_parent(event, elem, stack)
        for event, elem in parser.read_events():
            yield from _with_parent(event, elem, stack)
    except ET.ParseError as exc:
        line, column = exc.position
        reason = f"{str(exc).split(':')[0]} (line {line}, column {column + 1})"
        raise _invalid(reason) from exc


def _with_parent(
    event: str, elem: ET.Element, stack: list[ET.Element]
) -> Iterator[tuple[str, ET.Element, ET.Element | None]]:
    if event == "start":
        parent = stack[-1] if stack else None
        stack.append(elem)
        yield event, elem, parent
    else:
        stack.pop()
        yield event, elem, stack[-1] if stack else None


def _detach(elem: ET.Element, parent: ET.Element | None) -> None:
    """Forget a finished element so the tree never grows with the file."""
    elem.clear()
    if parent is not None:
        parent.remove(elem)


def _check_prolog(path: Path) -> None:
    """Refuse entity declarations (and over-long DOCTYPEs) before the parser sees them."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_PROLOG_BYTES)
    except FileNotFoundError as exc:
        raise DinoError(Problem(Severity.ERROR, "file_not_found", {"path": str(path)},
                                fix="choose_other_file")) from exc
    if not head.strip():
        raise DinoError(Problem(Severity.ERROR, "file_empty", {}, fix="add_data"))
    text = head.decode(_prolog_codec(head), errors="replace")
    start = text.find("<!DOCTYPE")
    if start < 0:
        return
    doctype = text[start:]
    close = doctype.find(">")
    bracket = doctype.find("[")
    end = doctype.find("]>") if 0 <= bracket < close or (bracket >= 0 > close) else close
    if end < 0 or "<!ENTITY" in doctype[:end]:
        raise _invalid("entity declarations (<!ENTITY>) are not allowed")


def _prolog_codec(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head[:2] == b"<\0":
        return "utf-16-le"
    if head[:2] == b"\0<":
        return "utf-16-be"
    return "latin-1"  # markup is ASCII in every other encoding XML allows


def _local(tag: str) -> str:
    """'{http://ns}item' -> 'item'."""
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _invalid(reason: str) -> DinoError:
    return DinoError(Problem(Severity.ERROR, "xml_invalid", {"reason": reason},
                             fix="check_file"))


def _no_records(record_path: str | None) -> DinoError:
    if record_path and record_path.strip().strip("/"):
        return DinoError(Problem(Severity.ERROR, "override_invalid",
                                 {"setting": "record_path", "value": record_path,
                                  "reason": "no_records_there"}))
    return DinoError(Problem(Severity.ERROR, "no_records", {}, fix="choose_other_file"))
