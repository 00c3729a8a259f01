"""XlsxReader: sheet choice, text cells, row numbers, tail, bounded iteration, bad files."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from dino_desktop.core.models import DinoError, InspectOptions
from dino_desktop.core.sources import xlsx as xlsx_module
from dino_desktop.core.sources.xlsx import XlsxReader

READER = XlsxReader()
OPTS = InspectOptions()


def _write(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def ptbr_export(tmp_path: Path) -> Path:
    """Two title lines, a header, data, a totals line, and styled empty cells around."""
    rows: list[list[object]] = [
        ["Relatório de Vendas — Janeiro/2024"],
        ["Gerado em 01/02/2024 por SISTEMA"],
        ["Código", "Cliente", "Data", "Valor", "Hora"],
        ["00123", "Ana Júlia", dt.date(2024, 1, 15), 1234.56, dt.datetime(2024, 1, 15, 13, 45)],
        ["04567", "José", dt.date(2024, 1, 31), 0.1 + 0.2, dt.datetime(2024, 1, 31, 8, 0, 5)],
        ["00089", "Conceição", dt.date(2024, 2, 1), 10, None],
        ["Total", None, None, 1244.86, None],
    ]
    path = _write(tmp_path / "vendas.xlsx", {"Relatório": rows})
    wb = openpyxl.load_workbook(path)
    ws = wb["Relatório"]
    ws["H2"].font = Font(bold=True)  # styled but empty: a trailing empty column
    ws["A40"].font = Font(bold=True)  # styled but empty: trailing empty rows
    wb.save(path)
    return path


def test_sample_ptbr_export_values_and_positions(ptbr_export: Path) -> None:
    s = READER.sample(ptbr_export, OPTS, 100)
    assert s.sheets == ["Relatório"] and s.sheet == "Relatório"
    assert s.names is None
    assert s.complete and s.tail == []
    assert s.total_rows == 7  # the styled empty row 40 is not data
    assert len(s.rows) == 7
    assert {len(r) for r in s.rows} == {5}  # column H (styled, empty) trimmed everywhere
    assert s.rows[0] == ["Relatório de Vendas — Janeiro/2024", None, None, None, None]
    assert s.rows[2] == ["Código", "Cliente", "Data", "Valor", "Hora"]
    assert s.rows[3] == ["00123", "Ana Júlia", "2024-01-15", "1234.56", "2024-01-15 13:45:00"]
    assert s.rows[4] == ["04567", "José", "2024-01-31", "0.3", "2024-01-31 08:00:05"]
    assert s.rows[5] == ["00089", "Conceição", "2024-02-01", "10", None]
    assert s.rows[6] == ["Total", None, None, "1244.86", None]


def test_iter_rows_skips_title_header_and_totals(ptbr_export: Path) -> None:
    names = ["Código", "Cliente", "Data", "Valor", "Hora"]
    rows = list(READER.iter_rows(ptbr_export, OPTS, names, skip_top=3, skip_bottom=1))
    assert [r.number for r in rows] == [4, 5, 6]
    assert rows[0].cells == ["00123", "Ana Júlia", "2024-01-15", "1234.56",
                             "2024-01-15 13:45:00"]
    assert all(r.problem is None for r in rows)


def test_iter_rows_pads_and_truncates_to_names(ptbr_export: Path) -> None:
    short = list(READER.iter_rows(ptbr_export, OPTS, ["a", "b"], skip_top=3, skip_bottom=1))
    assert short[0].cells == ["00123", "Ana Júlia"]
    wide = list(READER.iter_rows(ptbr_export, OPTS, list("abcdefg"), skip_top=5,
                                 skip_bottom=1))
    assert wide[0].number == 6
    assert wide[0].cells == ["00089", "Conceição", "2024-02-01", "10", None, None, None]


def test_empty_rows_inside_keep_line_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path / "gaps.xlsx", {"S": [["id", "v"], [1, "a"], [], [None, None],
                                                 [4, "d"]]})
    s = READER.sample(path, OPTS, 100)
    assert s.total_rows == 5
    assert s.rows[2] == [None, None] and s.rows[3] == [None, None]
    assert s.rows[4] == ["4", "d"]
    rows = list(READER.iter_rows(path, OPTS, ["id", "v"], skip_top=1))
    assert [r.number for r in rows] == [2, 3, 4, 5]
    assert rows[1].cells == [None, None]


def test_first_non_empty_sheet_and_named_sheet(tmp_path: Path) -> None:
    path = _write(tmp_path / "multi.xlsx", {
        "Vazia": [],
        "Dados": [["a", "b"], [1, 2]],
        "Outra": [["x"], ["y"], ["z"]],
    })
    s = READER.sample(path, OPTS, 100)
    assert s.sheets == ["Vazia", "Dados", "Outra"]
    assert s.sheet == "Dados" and s.rows == [["a", "b"], ["1", "2"]]
    other = READER.sample(path, InspectOptions(sheet="outra "), 100)  # Excel ignores case
    assert other.sheet == "Outra" and other.rows == [["x"], ["y"], ["z"]]
    rows = list(READER.iter_rows(path, InspectOptions(sheet="Outra"), ["x"], skip_top=1))
    assert [(r.number, r.cells) for r in rows] == [(2, ["y"]), (3, ["z"])]
    empty = READER.sample(path, InspectOptions(sheet="Vazia"), 100)
    assert empty.rows == [] and empty.total_rows == 0 and empty.complete


def test_hidden_sheets_come_last(tmp_path: Path) -> None:
    path = _write(tmp_path / "hidden.xlsx", {"Apoio": [["lookup"]], "Dados": [["a"], ["1"]]})
    wb = openpyxl.load_workbook(path)
    wb["Apoio"].sheet_state = "hidden"
    wb.save(path)
    s = READER.sample(path, OPTS, 10)
    assert s.sheets == ["Apoio", "Dados"] and s.sheet == "Dados"
    assert READER.sample(path, InspectOptions(sheet="Apoio"), 10).rows == [["lookup"]]


def test_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = _write(tmp_path / "multi.xlsx", {"Dados": [["a"]], "Outra": [["b"]]})
    with pytest.raises(DinoError) as err:
        READER.sample(path, InspectOptions(sheet="Planilha1"), 10)
    p = err.value.problem
    assert p.code == "sheet_not_found" and p.fix == "pick_sheet"
    assert p.params == {"sheet": "Planilha1", "sheets": "Dados, Outra"}


def test_all_sheets_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.xlsx", {"A": [], "B": [[None, None]]})
    with pytest.raises(DinoError) as err:
        READER.sample(path, OPTS, 10)
    assert err.value.problem.code == "sheet_empty"


def _big(path: Path, n: int) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Base")
    ws.append(["id", "nome", "valor"])
    for i in range(1, n + 1):
        ws.append([i, f"item {i}", i * 1.5])
    ws.append(["TOTAL", None, sum(i * 1.5 for i in range(1, n + 1))])
    wb.save(path)
    return path


def test_large_sheet_sample_has_tail_and_count(tmp_path: Path) -> None:
    path = _big(tmp_path / "big.xlsx", 20_000)
    s = READER.sample(path, OPTS, 100)
    assert len(s.rows) == 100 and not s.complete
    assert s.total_rows == 20_002
    assert len(s.tail) == 50
    assert s.tail[-1] == ["TOTAL", None, "300015000"]  # tail[-1] is sheet row total_rows
    assert s.tail[0] == ["19952", "item 19952", "29928"]  # sheet row 19953 (header is row 1)


def test_large_sheet_iteration_drops_exactly_the_last_rows(tmp_path: Path) -> None:
    path = _big(tmp_path / "big.xlsx", 20_000)
    count = 0
    last = None
    for row in READER.iter_rows(path, OPTS, ["id", "nome", "valor"], skip_top=1,
                                skip_bottom=1):
        count += 1
        last = row
    assert count == 20_000
    assert last is not None and last.number == 20_001
    assert last.cells == ["20000", "item 20000", "30000"]
    rows = list(READER.iter_rows(path, OPTS, ["id", "nome", "valor"], skip_top=1,
                                 skip_bottom=3))
    assert rows[-1].number == 19_999 and len(rows) == 19_998


def test_wrong_dimension_in_file_is_ignored(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.xlsx", {"S": [["a"], ["1"], ["2"], ["3"]]})
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', data)
            dst.writestr(item, data)
    s = READER.sample(bad, OPTS, 100)
    assert s.rows == [["a"], ["1"], ["2"], ["3"]] and s.total_rows == 4


def test_workbook_is_closed(monkeypatch: pytest.MonkeyPatch, ptbr_export: Path) -> None:
    closed: list[bool] = []
    real = xlsx_module.openpyxl.load_workbook

    def spy(*args: object, **kwargs: object) -> object:
        wb = real(*args, **kwargs)
        original = wb.close

        def close() -> None:
            closed.append(True)
            original()

        wb.close = close
        return wb

    monkeypatch.setattr(xlsx_module.openpyxl, "load_workbook", spy)
    READER.sample(ptbr_export, OPTS, 2)
    assert closed == [True]
    rows = READER.iter_rows(ptbr_export, OPTS, None)
    next(rows)
    rows.close()  # the consumer stops early
    assert closed == [True, True]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("random.xlsx", bytes(range(256)) * 8, "file_unreadable"),
        ("renamed.xlsx", b"id;nome\n1;Ana\n", "file_unreadable"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "file_unsupported"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "file_unreadable"),
        ("empty.xlsx", b"", "file_empty"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DinoError) as err:
        READER.sample(path, OPTS, 10)
    assert err.value.problem.code == code
    with pytest.raises(DinoError):
        list(READER.iter_rows(path, OPTS, None))


def test_old_xls_names_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(DinoError) as err:
        READER.sample(path, OPTS, 10)
    assert err.value.problem.params == {"extension": ".xls"}


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "docs.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(DinoError) as err:
        READER.sample(path, OPTS, 10)
    assert err.value.problem.code == "file_unreadable"
    assert err.value.problem.fix == "check_file"


def test_truncated_workbook(ptbr_export: Path, tmp_path: Path) -> None:
    data = ptbr_export.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DinoError) as err:
        READER.sample(cut, OPTS, 10)
    assert err.value.problem.code == "file_unreadable"


def test_xlsb_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "bin.xlsb"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\0\1")
    with pytest.raises(DinoError) as err:
        READER.sample(path, OPTS, 10)
    assert err.value.problem.code == "file_unsupported"
    assert err.value.problem.params == {"extension": ".xlsb"}
