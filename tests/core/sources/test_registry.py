"""detect_format trusts content before names; reader_for hands out the right reader."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dino_desktop.core.models import SourceFormat
from dino_desktop.core.sources.jsonfile import JsonReader
from dino_desktop.core.sources.parquetfile import ParquetReader
from dino_desktop.core.sources.registry import detect_format, reader_for
from dino_desktop.core.sources.xlsx import XlsxReader
from dino_desktop.core.sources.xmlfile import XmlReader

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def _detect(path: Path, content: bytes) -> SourceFormat | None:
    path.write_bytes(content)
    return detect_format(path, content[:4096])


def test_real_xlsx_and_parquet(tmp_path: Path) -> None:
    book = tmp_path / "any.name"
    wb = openpyxl.Workbook()
    wb.active.append(["a"])
    wb.save(book)
    assert detect_format(book, book.read_bytes()[:4096]) is SourceFormat.XLSX
    assert detect_format(book, book.read_bytes()[:64]) is SourceFormat.XLSX  # zip directory
    pq_path = tmp_path / "dados.bin"
    pq.write_table(pa.table({"a": [1]}), pq_path)
    assert detect_format(pq_path, pq_path.read_bytes()[:4096]) is SourceFormat.PARQUET


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "pacote.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("dados.csv", "a,b\n1,2\n")
    assert detect_format(path, path.read_bytes()[:4096]) is None
    named = tmp_path / "planilha.xlsx"  # its reader explains what is wrong
    named.write_bytes(path.read_bytes())
    assert detect_format(named, named.read_bytes()) is SourceFormat.XLSX


def test_legacy_xls(tmp_path: Path) -> None:
    assert _detect(tmp_path / "velho.xls", OLE2) is None
    assert _detect(tmp_path / "sem_nome", OLE2) is None
    assert _detect(tmp_path / "senha.xlsx", OLE2) is SourceFormat.XLSX  # password-protected


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", b'  \n[{"a": 1}]', SourceFormat.JSON),
        ("a.csv", b'{"a": 1}\n{"a": 2}\n', SourceFormat.JSON),
        ("a.dat", b'<?xml version="1.0"?><r/>', SourceFormat.XML),
        ("a", b"\n\t<r><i/></r>", SourceFormat.XML),
        ("a.xml", codecs.BOM_UTF8 + b"<r/>", SourceFormat.XML),
        ("a.json", codecs.BOM_UTF16_LE + '[{"a": 1}]'.encode("utf-16-le"), SourceFormat.JSON),
        ("a.json", '{"a": 1}'.encode("utf-16-le"), SourceFormat.JSON),  # no BOM
        ("a.csv", b"id;nome\n1;Ana\n", SourceFormat.CSV),
        ("a.tsv", b"id\tnome\n", SourceFormat.CSV),
        ("relatorio", "Código;Descrição\n".encode("cp1252"), SourceFormat.CSV),
        ("a.xlsx", b"id,nome\n1,Ana\n", SourceFormat.CSV),  # a CSV renamed .xlsx
        ("a.csv", codecs.BOM_UTF16_LE + "a;b\n".encode("utf-16-le"), SourceFormat.CSV),
        ("a.json", b"", SourceFormat.JSON),  # nothing to see: the name decides
        ("a.txt", b"   ", SourceFormat.CSV),
        ("a", b"", SourceFormat.CSV),
        ("relatorio.xls", b"<html><body><table><tr><td>1</td></tr></table>", None),
        ("relatorio.xls", b"<!DOCTYPE html>\n<html>", None),
        ("foto.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", None),
        ("a.csv", b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 8, SourceFormat.CSV),  # CSV says binary
        ("a.parquet", b"\x00\x01\x02\x03" * 8, SourceFormat.PARQUET),  # damaged parquet
    ],
)
def test_detect(tmp_path: Path, name: str, content: bytes, expected: SourceFormat | None) -> None:
    assert _detect(tmp_path / name, content) is expected


def test_reader_for(tmp_path: Path) -> None:
    path = tmp_path / "x"
    assert isinstance(reader_for(path, SourceFormat.XLSX), XlsxReader)
    assert isinstance(reader_for(path, SourceFormat.JSON), JsonReader)
    assert isinstance(reader_for(path, SourceFormat.XML), XmlReader)
    assert isinstance(reader_for(path, SourceFormat.PARQUET), ParquetReader)
    for fmt in SourceFormat:
        if fmt is not SourceFormat.CSV:
            assert reader_for(path, fmt).format is fmt
    with pytest.raises(ValueError):
        reader_for(path, SourceFormat.CSV)
