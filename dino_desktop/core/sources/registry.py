"""Which reader reads a file: content first (magic bytes), the file name second.

People rename files ("relatorio.xls" that is really HTML or CSV, ".txt" that is JSON), so
the first bytes are trusted over the extension.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from dino_desktop.core.models import SourceFormat
from dino_desktop.core.sources.base import SourceReader

# Kept here (not imported from xlsx.py) so that telling formats apart loads no reader:
# most files are CSV, and openpyxl alone takes a noticeable part of a second to import.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt", ".dat"})
_BY_EXTENSION = {
    ".xlsx": SourceFormat.XLSX,
    ".xlsm": SourceFormat.XLSX,
    ".json": SourceFormat.JSON,
    ".jsonl": SourceFormat.JSON,
    ".ndjson": SourceFormat.JSON,
    ".xml": SourceFormat.XML,
    ".parquet": SourceFormat.PARQUET,
    **dict.fromkeys(TEXT_EXTENSIONS, SourceFormat.CSV),
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HTML_STARTS = ("<!doctype html", "<html", "<table", "<head", "<body")


def format_from_name(path: Path) -> SourceFormat | None:
    """The format a file's extension claims (only for reporting a file we cannot open)."""
    return _BY_EXTENSION.get(path.suffix.lower())


def reader_for(path: Path, fmt: SourceFormat) -> SourceReader:
    """The reader for a record or sheet format; delimited text has its own path (CSV)."""
    from dino_desktop.core.sources.jsonfile import JsonReader
    from dino_desktop.core.sources.parquetfile import ParquetReader
    from dino_desktop.core.sources.xlsx import XlsxReader
    from dino_desktop.core.sources.xmlfile import XmlReader

    readers: dict[SourceFormat, type[SourceReader]] = {
        SourceFormat.XLSX: XlsxReader,
        SourceFormat.JSON: JsonReader,
        SourceFormat.XML: XmlReader,
        SourceFormat.PARQUET: ParquetReader,
    }
    if fmt not in readers:
        raise ValueError(f"no SourceReader for {fmt.value!r} ({path.name})")
    return readers[fmt]()


def detect_format(path: Path, head: bytes) -> SourceFormat | None:
    """The format from the first bytes, else the extension; None when DINO can't read it.

    None covers legacy .xls (OLE2), zip files that are not workbooks, HTML pages saved
    as ".xls", and binary files with an unknown name. A damaged file named after a
    format goes to that format's reader, whose message says what is wrong.
    """
    ext = path.suffix.lower()
    named_xlsx = _BY_EXTENSION.get(ext) is SourceFormat.XLSX
    if head.startswith(OLE2_MAGIC):  # .xls; named .xlsx it is password-protected
        return SourceFormat.XLSX if named_xlsx else None
    if head.startswith(ZIP_MAGIC):
        return SourceFormat.XLSX if named_xlsx or _is_workbook(path, head) else None
    if head.startswith(b"PAR1"):
        return SourceFormat.PARQUET
    text = _as_text(head)
    if text is None:  # binary: the named format's reader explains what is wrong
        return _BY_EXTENSION.get(ext)
    first = text.lstrip()[:1]
    if first == "<":
        return None if text.lstrip().lower().startswith(_HTML_STARTS) else SourceFormat.XML
    if first in ("[", "{"):
        return SourceFormat.JSON
    if not first:  # empty or blank: the name is all there is
        return _BY_EXTENSION.get(ext, SourceFormat.CSV)
    return SourceFormat.CSV


def _is_workbook(path: Path, head: bytes) -> bool:
    """An xlsx zip has members under "xl/"; look in the head, then in the zip directory."""
    if b"xl/" in head:
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def _as_text(head: bytes) -> str | None:
    """The head decoded, or None when it looks binary (NUL bytes without a UTF-16/32 sign)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(codec, errors="ignore")
    if b"\0" not in head:
        return head.decode("utf-8", errors="ignore")
    sample = head[:512]
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.7 and even.count(0) < len(even) * 0.1:
        return head.decode("utf-16-le", errors="ignore")
    if even.count(0) > len(even) * 0.7 and odd.count(0) < len(odd) * 0.1:
        return head.decode("utf-16-be", errors="ignore")
    return None
