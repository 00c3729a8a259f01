"""ParquetReader: schema, text cells, counts, batch streaming, non-Parquet files."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dino_desktop.core.models import DinoError, InspectOptions
from dino_desktop.core.sources.parquetfile import ParquetReader

READER = ParquetReader()
OPTS = InspectOptions()


@pytest.fixture
def typed(tmp_path: Path) -> Path:
    table = pa.table({
        "id": pa.array([1, 2, None], pa.int64()),
        "nome": ["Ana", "José", ""],
        "valor": pa.array([decimal.Decimal("10.10"), None, decimal.Decimal("-3.50")],
                          pa.decimal128(10, 2)),
        "dia": [dt.date(2024, 1, 15), None, dt.date(2024, 2, 1)],
        "quando": pa.array([1_705_326_300_123_456_789, None, 0], pa.timestamp("ns")),
        "ok": [True, False, None],
        "tags": [["a", "b"], [], None],
        "raw": [b"abc", b"\xff\x00", None],
    })
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    return path


def test_sample_schema_and_text_cells(typed: Path) -> None:
    s = READER.sample(typed, OPTS, 100)
    assert s.names == ["id", "nome", "valor", "dia", "quando", "ok", "tags", "raw"]
    assert s.native_schema is not None
    assert s.native_schema.field("valor").type == pa.decimal128(10, 2)
    assert s.total_rows == 3 and s.complete
    assert s.rows[0] == ["1", "Ana", "10.10", "2024-01-15", "2024-01-15 13:45:00.123456",
                         "true", '["a", "b"]', "abc"]
    assert s.rows[1] == ["2", "José", None, None, None, "false", "[]", "ff00"]
    assert s.rows[2] == [None, None, "-3.50", "2024-02-01", "1970-01-01", None, None, None]


def test_iter_rows_follows_names(typed: Path) -> None:
    rows = list(READER.iter_rows(typed, OPTS, ["nome", "nada", "id"]))
    assert [r.number for r in rows] == [1, 2, 3]
    assert [r.cells for r in rows] == [["Ana", None, "1"], ["José", None, "2"],
                                       [None, None, None]]
    assert next(READER.iter_rows(typed, OPTS, None)).cells[:2] == ["1", "Ana"]


def test_large_file_sample_and_batches(tmp_path: Path) -> None:
    n = 25_000
    path = tmp_path / "big.parquet"
    pq.write_table(pa.table({"i": list(range(n)), "v": [i / 4 for i in range(n)]}), path,
                   row_group_size=7_000)
    s = READER.sample(path, OPTS, 100)
    assert len(s.rows) == 100 and not s.complete and s.total_rows == n
    assert s.rows[99] == ["99", "24.75"]
    count = 0
    last = None
    for last in READER.iter_rows(path, OPTS, ["i", "v"]):  # noqa: B007
        count += 1
    assert count == n and last is not None
    assert last.number == n and last.cells == [str(n - 1), str((n - 1) / 4)]


def test_empty_table(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"a": pa.array([], pa.int32())}), path)
    s = READER.sample(path, OPTS, 10)
    assert s.names == ["a"] and s.rows == [] and s.complete and s.total_rows == 0


@pytest.mark.parametrize("content", [b"id,nome\n1,Ana\n", b"PAR1" + b"\0" * 64, b""])
def test_not_parquet(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.parquet"
    path.write_bytes(content)
    with pytest.raises(DinoError) as err:
        READER.sample(path, OPTS, 10)
    assert err.value.problem.code == "file_unreadable"
    assert err.value.problem.fix == "check_file"
    with pytest.raises(DinoError):
        list(READER.iter_rows(path, OPTS, None))
