"""Inspection reads a bounded sample; the conversion then meets the whole file."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dino_desktop.core import textsample
from dino_desktop.core.convert import convert
from dino_desktop.core.inspect import inspect_file
from dino_desktop.core.models import ColumnType, Target


def _big_csv(path: Path, rows: int, late_line: str | None = None, at: int = 0,
             encoding: str = "utf-8") -> None:
    lines = ["codigo;valor;data"] + [f"{i:07d};{i},25;{1 + i % 28:02d}/03/2026"
                                     for i in range(rows)]
    if late_line is not None:
        lines[at] = late_line
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def test_inspection_reads_only_head_and_tail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "big.csv"
    _big_csv(path, 400_000)  # ~10 MB
    read_total = 0
    real_open = open

    class Counting(io.BufferedReader):
        def read(self, size: int = -1) -> bytes:  # type: ignore[override]
            nonlocal read_total
            data = super().read(size)
            read_total += len(data)
            return data

    def counting_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if mode == "rb":
            return Counting(real_open(file, "rb", buffering=0))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(textsample, "open", counting_open, raising=False)
    insp = inspect_file(path)
    assert insp.ok
    assert read_total <= textsample.HEAD_BYTES + textsample.TAIL_BYTES
    assert path.stat().st_size > 5 * read_total
    # The estimate comes from the sample's line length: within 5% of the truth.
    assert insp.estimated_rows == pytest.approx(400_000, rel=0.05)


def test_file_that_is_not_utf8_beyond_the_sample_lands_as_cp1252(tmp_path: Path):
    path = tmp_path / "late_accent.csv"
    # ASCII for the first megabytes, one Windows-1252 word in the middle, ASCII tail.
    _big_csv(path, 300_000, late_line="0250000;Ação;01/03/2026", at=250_001,
             encoding="cp1252")
    insp = inspect_file(path)
    assert insp.setting("encoding") == "utf-8"  # all the sample could tell
    assert insp.columns[1].type is ColumnType.DECIMAL
    result = convert(insp, tmp_path / "out", Target("vendas", "late"),
                     policy="skip")  # type: ignore[arg-type]
    assert [p.code for p in result.problems][:1] == ["encoding_guessed"]
    assert result.manifest["source"]["detected"]["encoding"] == "cp1252"
    # "Ação" is not a decimal: the row is kept aside, with its text decoded right.
    assert result.bad_rows == 1
    rejects = Path(result.rejects_path or "").read_text("utf-8")
    assert rejects.splitlines()[1].startswith("250002;bad_value;valor;Ação;")  # line, 1-based
    table = pq.read_table(result.parts[0])
    assert table.num_rows == 299_999


def test_stale_outputs_are_cleared_before_a_new_conversion(tmp_path: Path):
    src = tmp_path / "a.csv"
    src.write_text("a;b\n1;2\n3;4\n", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "part-00007.parquet").write_bytes(b"old")
    (out / "rejects.csv").write_text("old", "utf-8")
    result = convert(inspect_file(src), out, Target("d", "t"))
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "part-00000.parquet"]
    assert result.rows == 2


def test_an_early_hash_is_picked_up_by_the_conversion(tmp_path: Path):
    import hashlib

    from dino_desktop.core import scan

    src = tmp_path / "early.csv"
    src.write_text("a;b\n1;2\n3;4\n", "utf-8")
    scan.start_sha256(src)
    assert any(k[0] == str(src.resolve()) for k in scan._EARLY)
    result = convert(inspect_file(src), tmp_path / "out", Target("d", "t"))
    assert result.sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
    assert not any(k[0] == str(src.resolve()) for k in scan._EARLY)  # used, not kept
