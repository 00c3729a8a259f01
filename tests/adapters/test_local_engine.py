"""LocalEngine against real Delta tables: manifests and parts made by the real core."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
import shutil
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from deltalake import DeltaTable

from dino_desktop.adapters import fast_append
from dino_desktop.adapters.local_engine import LocalEngine
from dino_desktop.core import manifest as manifest_mod
from dino_desktop.core.messages import MESSAGES, REASONS, render
from dino_desktop.core.models import (
    Cancelled,
    ConvertResult,
    DinoError,
    Target,
)
from dino_desktop.core.runs import Commit
from tests.staging import stage_csv

TARGET = Target("vendas", "notas")
HEADER = "codigo;nome;valor;qtd;data\n"
BASE = HEADER + "001;Ana;1.234,50;3;25/11/2026\n002;Bia;10,00;4;26/11/2026\n"
_FIELDS = re.compile(r"{(\w+)}")


def no_sleep(seconds: float) -> None:
    pass


def make_run(tmp: Path, text: str, *, mode: str = "append", keys: tuple[str, ...] = (),
             evolution: str = "add_columns", target: Target = TARGET,
             types: dict[str, str] | None = None, name: str = "vendas.csv") -> ConvertResult:
    return stage_csv(tmp, text, target, mode=mode, keys=keys, evolution=evolution, types=types,
                     name=name)


def rows(root: Path, target: Target = TARGET) -> list[dict[str, Any]]:
    table = DeltaTable(str(root / target.database / target.table))
    return sorted(table.to_pyarrow_table().to_pylist(), key=lambda r: str(r.get("codigo")))


def version(root: Path, target: Target = TARGET) -> int:
    return DeltaTable(str(root / target.database / target.table)).version()


def assert_renders(err: DinoError) -> None:
    """The problem is a sentence in both languages, with every placeholder filled."""
    p = err.problem
    assert p.code in MESSAGES
    reason = REASONS.get(p.params.get("reason"), ("", ""))
    for i, lang in enumerate(("en", "pt_BR")):
        missing = set(_FIELDS.findall(MESSAGES[p.code][i] + reason[i])) - set(p.params)
        assert not missing, (p.code, missing)
        assert "{" not in render(p, lang)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "lakehouse"


@pytest.fixture
def engine(root: Path) -> LocalEngine:
    return LocalEngine(root, sleep=no_sleep)


# ---------------------------------------------------------------- writing


def test_first_write_creates_the_table_with_types_and_audit_columns(tmp_path, root, engine):
    run = make_run(tmp_path, BASE)
    res = engine.run(run.manifest_path)
    assert (res.rows_written, res.version_before, res.version_after, res.replayed) == (
        2, None, 0, False)
    assert res.table_uri == engine.table_uri(TARGET) == str(root / "vendas" / "notas")
    schema = pa.schema(DeltaTable(res.table_uri).schema().to_arrow())
    assert schema.field("valor").type == pa.decimal128(18, 2)
    assert schema.field("qtd").type == pa.int64()
    assert schema.field("data").type == pa.date32()
    assert schema.field("_dino_ingested_at").type == pa.timestamp("us", "UTC")
    got = rows(root)
    assert [r["codigo"] for r in got] == ["001", "002"]  # leading zeros kept as text
    assert got[0]["valor"] == Decimal("1234.50") and got[0]["data"] == dt.date(2026, 11, 25)
    run_id = run.manifest["run_id"]
    for r in got:
        assert r["_dino_run_id"] == run_id and r["_dino_source_file"] == "vendas.csv"
        assert r["_dino_ingested_at"].tzinfo is not None
        assert abs(r["_dino_ingested_at"] - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_commit_metadata_and_app_transaction(tmp_path, root, engine):
    run = make_run(tmp_path, BASE)
    engine.run(run.manifest_path)
    table = DeltaTable(engine.table_uri(TARGET))
    last = table.history(1)[0]
    assert last["dino_run_id"] == run.manifest["run_id"]
    assert (last["dino_rows"], last["dino_source"], last["dino_user"], last["dino_mode"]) == (
        "2", "vendas.csv", "ana", "append")
    assert table.transaction_version(f"dino-{run.manifest['run_id']}") == 1


def test_timestamps_land_as_utc_instants(tmp_path, root, engine):
    text = "codigo;quando\n001;2026-11-25 10:30:00\n"
    engine.run(make_run(tmp_path, text).manifest_path)
    got = rows(root)[0]["quando"]
    assert got == dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)


def test_append_twice_accumulates(tmp_path, root, engine):
    first = engine.run(make_run(tmp_path, BASE).manifest_path)
    second = engine.run(make_run(tmp_path, BASE).manifest_path, progress=None)
    assert (second.version_before, second.version_after) == (first.version_after, 1)
    assert len(rows(root)) == 4


def test_overwrite_replaces_the_data(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    run = make_run(tmp_path, HEADER + "009;Zé;1,00;1;01/12/2026\n", mode="overwrite")
    res = engine.run(run.manifest_path)
    assert res.version_after == 1 and res.rows_written == 1
    assert [r["codigo"] for r in rows(root)] == ["009"]
    assert DeltaTable(res.table_uri).history(1)[0]["dino_mode"] == "overwrite"


def test_merge_updates_matches_and_inserts_new_keys(tmp_path, root, engine):
    base = make_run(tmp_path, BASE)
    engine.run(base.manifest_path)
    up = make_run(tmp_path, HEADER + "002;Bia Souza;20,00;5;27/11/2026\n003;Caio;3,00;1;"
                  "28/11/2026\n", mode="merge", keys=("codigo",))
    res = engine.run(up.manifest_path)
    assert res.rows_written == 2 and res.version_after == 1
    got = {r["codigo"]: r for r in rows(root)}
    assert sorted(got) == ["001", "002", "003"]
    assert got["002"]["nome"] == "Bia Souza" and got["002"]["valor"] == Decimal("20.00")
    assert got["002"]["_dino_run_id"] == up.manifest["run_id"]  # updated rows carry the run
    assert got["001"]["_dino_run_id"] == base.manifest["run_id"]  # untouched rows keep theirs
    assert got["003"]["nome"] == "Caio"


def test_merge_on_a_new_table_creates_it(tmp_path, root, engine):
    res = engine.run(make_run(tmp_path, BASE, mode="merge", keys=("codigo",)).manifest_path)
    assert res.version_after == 0 and len(rows(root)) == 2


def test_merge_with_two_key_columns(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    up = make_run(tmp_path, HEADER + "001;Ana;9,99;3;25/11/2026\n001;Outra;1,00;7;25/11/2026\n",
                  mode="merge", keys=("codigo", "qtd"))
    engine.run(up.manifest_path)
    got = [(r["codigo"], r["qtd"], r["valor"]) for r in rows(root)]
    assert sorted(got) == [("001", 3, Decimal("9.99")), ("001", 7, Decimal("1.00")),
                           ("002", 4, Decimal("10.00"))]


def test_merge_with_duplicate_keys_is_refused_before_writing(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    dup = make_run(tmp_path, HEADER + "002;A;1,00;1;01/12/2026\n002;B;2,00;2;01/12/2026\n"
                   "003;C;3,00;3;01/12/2026\n", mode="merge", keys=("codigo",))
    with pytest.raises(DinoError) as info:
        engine.run(dup.manifest_path)
    problem = info.value.problem
    assert problem.code == "table_merge_duplicate_keys"
    assert problem.params["keys"] == "codigo" and problem.params["count"] == 1
    assert "002" in problem.params["example"]
    assert "codigo" in render(problem) and "codigo" in render(problem, "pt_BR")
    assert_renders(info.value)
    assert version(root) == 0 and len(rows(root)) == 2


# ---------------------------------------------------------------- exactly once


def test_replaying_a_run_writes_nothing(tmp_path, root, engine):
    run = make_run(tmp_path, BASE)
    first = engine.run(run.manifest_path)
    again = engine.run(run.manifest_path)
    assert again.replayed and not first.replayed
    assert (again.rows_written, again.version_after, again.version_before) == (2, 0, None)
    assert version(root) == 0 and len(rows(root)) == 2


def test_crash_after_commit_then_run_again_gives_no_duplicates(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    run = make_run(tmp_path, BASE)
    engine.run(run.manifest_path)  # committed; then the app "crashed" before recording it
    restarted = LocalEngine(root, sleep=no_sleep)
    assert restarted.committed_version(TARGET, run.manifest["run_id"]) == 1
    res = restarted.run(Path(run.manifest_path).as_uri())  # a file:// URI works too
    assert res.replayed and (res.version_before, res.version_after, res.rows_written) == (
        0, 1, 2)
    assert len(rows(root)) == 4 and version(root) == 1


def test_replayed_merge_is_not_applied_twice(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    up = make_run(tmp_path, HEADER + "003;Caio;3,00;1;28/11/2026\n", mode="merge",
                  keys=("codigo",))
    engine.run(up.manifest_path)
    assert engine.run(up.manifest_path).replayed
    assert version(root) == 1 and len(rows(root)) == 3


# ---------------------------------------------------------------- schema


def test_new_column_is_added_and_old_rows_are_null(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    wider = make_run(tmp_path, "codigo;nome;valor;qtd;data;cidade\n"
                     "003;Caio;3,00;1;28/11/2026;Recife\n")
    engine.run(wider.manifest_path)
    got = {r["codigo"]: r for r in rows(root)}
    assert got["003"]["cidade"] == "Recife"
    assert got["001"]["cidade"] is None and got["002"]["cidade"] is None


def test_new_column_in_a_merge_is_added(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    wider = make_run(tmp_path, "codigo;nome;cidade\n002;Bia;Natal\n004;Duda;Belém\n",
                     mode="merge", keys=("codigo",))
    engine.run(wider.manifest_path)
    got = {r["codigo"]: r for r in rows(root)}
    assert got["002"]["cidade"] == "Natal" and got["002"]["valor"] == Decimal("10.00")
    assert got["004"]["cidade"] == "Belém" and got["004"]["valor"] is None
    assert got["001"]["cidade"] is None


def test_file_lacking_a_table_column_leaves_it_empty(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    engine.run(make_run(tmp_path, "codigo;nome\n003;Caio\n").manifest_path)
    got = {r["codigo"]: r for r in rows(root)}
    assert got["003"]["valor"] is None and got["001"]["valor"] == Decimal("1234.50")


def test_strict_evolution_refuses_a_new_column(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    wider = make_run(tmp_path, "codigo;cidade\n003;Recife\n", evolution="strict")
    with pytest.raises(DinoError) as info:
        engine.run(wider.manifest_path)
    assert info.value.problem.code == "schema_new_column_refused"
    assert info.value.problem.params["column"] == "cidade"
    assert_renders(info.value)
    assert version(root) == 0 and "cidade" not in rows(root)[0]


def test_type_conflict_is_refused_naming_the_column_and_both_types(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    bad = make_run(tmp_path, "codigo;qtd\n003;muitos\n")
    with pytest.raises(DinoError) as info:
        engine.run(bad.manifest_path)
    problem = info.value.problem
    assert problem.code == "schema_type_conflict"
    assert problem.params == {"column": "qtd", "file_type": "string", "table_type": "bigint"}
    assert_renders(info.value)
    assert version(root) == 0 and len(rows(root)) == 2


def test_narrowing_is_refused(tmp_path, root, engine):
    engine.run(make_run(tmp_path, "codigo;valor\n1;1,5\n", types={"valor": "decimal(10,2)"})
               .manifest_path)
    wide = make_run(tmp_path, "codigo;valor\n2;2,5\n", types={"valor": "decimal(30,4)"})
    with pytest.raises(DinoError) as info:
        engine.run(wide.manifest_path)
    assert info.value.problem.params["table_type"] == "decimal(10,2)"
    assert version(root) == 0


def test_safe_widening_is_cast(tmp_path, root, engine):
    first = ("codigo;valor;preco;quando\n001;1,5;2,25;25/11/2026 10:00:00\n")
    engine.run(make_run(tmp_path, first, types={
        "valor": "decimal(18,2)", "preco": "double", "quando": "timestamp"}).manifest_path)
    second = "codigo;valor;preco;quando\n002;7,25;3;26/11/2026\n"
    run = make_run(tmp_path, second, types={"valor": "decimal(10,2)", "preco": "bigint",
                                            "quando": "date"})
    assert {c["name"]: c["type"] for c in run.manifest["columns"]}["preco"] == "bigint"
    engine.run(run.manifest_path)
    got = {r["codigo"]: r for r in rows(root)}["002"]
    assert got["valor"] == Decimal("7.25") and got["preco"] == 3.0
    assert got["quando"] == dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


# ---------------------------------------------------------------- history and undo


def test_restore_to_the_version_before_a_run(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    run = make_run(tmp_path, HEADER + "003;Caio;3,00;1;28/11/2026\n")
    res = engine.run(run.manifest_path)
    run_id = run.manifest["run_id"]
    assert engine.runs_after(TARGET, res.version_before) == [Commit(1, run_id)]
    new = engine.restore(TARGET, res.version_before, run_id)
    assert new == 2 == engine.table_version(TARGET)
    assert [r["codigo"] for r in rows(root)] == ["001", "002"]
    assert DeltaTable(res.table_uri).history(1)[0]["dino_undo_of"] == run_id
    assert engine.restore(TARGET, res.version_before, run_id) == 2  # asked twice: once
    assert engine.runs_after(TARGET, 0) == [Commit(1, run_id), Commit(2, None, run_id)]
    assert engine.committed_version(TARGET, run_id) == 1  # history keeps what happened


def test_restore_refusals(tmp_path, root, engine):
    with pytest.raises(DinoError) as info:
        engine.restore(TARGET, 0, "X")
    assert info.value.problem.code == "undo_refused"
    assert_renders(info.value)
    engine.run(make_run(tmp_path, BASE).manifest_path)
    with pytest.raises(DinoError) as info:
        engine.restore(TARGET, 5, "X")
    assert info.value.problem.params["reason"] == "undo_bad_version"
    assert_renders(info.value)


def test_versions_of_a_missing_table(engine):
    assert engine.table_version(TARGET) is None
    assert engine.committed_version(TARGET, "X") is None
    assert engine.runs_after(TARGET, 0) == []


def test_runs_after_lists_every_later_commit(tmp_path, root, engine):
    ids = []
    for _ in range(3):
        run = make_run(tmp_path, BASE)
        engine.run(run.manifest_path)
        ids.append(run.manifest["run_id"])
    assert engine.runs_after(TARGET, 0) == [Commit(1, ids[1]), Commit(2, ids[2])]
    assert engine.runs_after(TARGET, 2) == []
    assert engine.committed_version(TARGET, ids[0]) == 0


# ---------------------------------------------------------------- failures


def test_corrupt_part_leaves_the_table_as_it_was(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    run = make_run(tmp_path, BASE)
    folder = Path(run.manifest_path).parent
    # two parts; the second is corrupt, so the first has already been streamed
    doc = json.loads(Path(run.manifest_path).read_text("utf-8"))
    shutil.copy(folder / "part-00000.parquet", folder / "part-00001.parquet")
    data = (folder / "part-00001.parquet").read_bytes()
    (folder / "part-00001.parquet").write_bytes(data[:20] + b"\0" * 200 + data[220:])
    doc["parts"].append({**doc["parts"][0], "path": "part-00001.parquet"})
    doc["rows"] *= 2
    manifest_mod.write(doc, folder)
    with pytest.raises(DinoError) as info:
        engine.run(run.manifest_path)
    assert info.value.problem.code == "table_write_failed"
    assert info.value.problem.params["table"] == str(TARGET)
    assert_renders(info.value)
    assert version(root) == 0 and len(rows(root)) == 2
    assert engine.committed_version(TARGET, doc["run_id"]) is None


def test_parts_that_disagree_with_the_manifest_are_refused(tmp_path, root, engine):
    run = make_run(tmp_path, BASE)
    folder = Path(run.manifest_path).parent
    doc = json.loads(Path(run.manifest_path).read_text("utf-8"))
    doc["parts"][0]["rows"] = doc["rows"] = 5
    manifest_mod.write(doc, folder)
    with pytest.raises(DinoError) as info:
        engine.run(run.manifest_path)
    assert "5" in info.value.problem.params["reason"]
    assert engine.table_version(TARGET) is None


def test_cancel_before_the_run_writes_nothing(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        engine.run(make_run(tmp_path, BASE).manifest_path, cancel=cancel)
    assert version(root) == 0 and len(rows(root)) == 2


def test_cancel_while_streaming_never_commits(tmp_path, root, engine):
    cancel = threading.Event()
    seen = []

    def progress(p):
        seen.append(p)
        cancel.set()  # the person clicks Cancel as the first batch goes by

    with pytest.raises(Cancelled):
        engine.run(make_run(tmp_path, BASE).manifest_path, progress=progress, cancel=cancel)
    assert seen and seen[0].stage == "run"
    assert engine.table_version(TARGET) is None


@pytest.mark.slow
def test_a_large_append_streams_in_batches(tmp_path, root, engine, monkeypatch):
    monkeypatch.setattr(fast_append, "ready", lambda *a: False)  # the rewriting path
    lines = [f"{i:06d};nome {i};{i % 1000},{i % 100:02d};{i % 7};25/11/2026" for i in
             range(200_000)]
    run = make_run(tmp_path, HEADER + "\n".join(lines) + "\n")
    seen = []
    res = engine.run(run.manifest_path, progress=seen.append)
    assert res.rows_written == 200_000
    assert DeltaTable(res.table_uri).count() == 200_000
    writing = [p for p in seen if p.message == "writing"]
    assert len(writing) >= 3  # one batch at a time, never all parts at once
    assert [p.rows_done for p in writing] == sorted(p.rows_done for p in writing)
    assert seen[-1].fraction == 1.0 and seen[-1].rows_done == 200_000


# ---------------------------------------------------------------- concurrency


def test_concurrent_writers_on_a_new_table(tmp_path, root, engine):
    runs = [make_run(tmp_path, BASE) for _ in range(4)]
    barrier = threading.Barrier(len(runs))
    results: list[Any] = []

    def go(run: ConvertResult) -> None:
        barrier.wait()
        try:
            results.append(LocalEngine(root, sleep=no_sleep).run(run.manifest_path))
        except DinoError as exc:
            results.append(exc)

    threads = [threading.Thread(target=go, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [r for r in results if not isinstance(r, DinoError)]
    for failed in (r for r in results if isinstance(r, DinoError)):
        assert failed.problem.code == "table_busy"
    assert ok and len(rows(root)) == sum(r.rows_written for r in ok)
    assert sorted(r.version_after for r in ok) == list(range(len(ok)))
    committed = [r["_dino_run_id"] for r in rows(root)]
    for run in runs:
        assert committed.count(run.manifest["run_id"]) in (0, 2)
    # one creation only: a creator that lost the race did not re-create the table
    log = root / "vendas" / "notas" / "_delta_log"
    assert sum(f.read_text().count('"metaData"') for f in log.glob("*.json")) == 1


def test_concurrent_merges_on_an_existing_table(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    runs = [make_run(tmp_path, HEADER + f"00{n};Nome {n};{n},00;{n};01/12/2026\n"
                     f"001;Ana {n};1,00;1;01/12/2026\n", mode="merge", keys=("codigo",))
            for n in range(3, 7)]
    barrier = threading.Barrier(len(runs))
    results: list[Any] = []

    def go(run: ConvertResult) -> None:
        barrier.wait()
        try:
            results.append(LocalEngine(root, sleep=no_sleep, max_retries=10)
                           .run(run.manifest_path))
        except DinoError as exc:
            results.append(exc)

    threads = [threading.Thread(target=go, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(not isinstance(r, DinoError) or r.problem.code == "table_busy" for r in results)
    ok = sorted(r.version_after for r in results if not isinstance(r, DinoError))
    assert ok == list(range(1, len(ok) + 1))
    got = {r["codigo"]: r["nome"] for r in rows(root)}
    assert len(got) == 2 + len(ok) and len(rows(root)) == len(got)  # no duplicated key
    assert got["001"].startswith("Ana ")


def test_the_same_run_in_two_threads_is_written_once(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    run = make_run(tmp_path, BASE)
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def go() -> None:
        barrier.wait()
        results.append(LocalEngine(root, sleep=no_sleep).run(run.manifest_path))

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and {r.version_after for r in results} == {1}
    assert len(rows(root)) == 4


class _Interleaved(LocalEngine):
    """Lets another writer commit just before each of this engine's commits (stale table)."""

    def __init__(self, root: Path, before_write, **kw: Any):
        self.slept: list[float] = []
        super().__init__(root, sleep=self.slept.append, **kw)
        self.before_write = before_write
        self.writes = 0

    def _write(self, *args: Any, **kw: Any) -> None:
        self.writes += 1
        self.before_write(self.writes)
        super()._write(*args, **kw)


def test_a_merge_that_loses_the_race_is_retried(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    other = make_run(tmp_path, HEADER + "005;Eva;5,00;5;01/12/2026\n")
    mine = make_run(tmp_path, HEADER + "001;Ana Lima;1,00;1;01/12/2026\n", mode="merge",
                    keys=("codigo",))

    def before(n: int) -> None:
        if n == 1:
            engine.run(other.manifest_path)

    racing = _Interleaved(root, before)
    res = racing.run(mine.manifest_path)
    assert racing.writes == 2 and len(racing.slept) == 1
    assert (res.version_before, res.version_after) == (1, 2)
    got = {r["codigo"]: r["nome"] for r in rows(root)}
    assert got == {"001": "Ana Lima", "002": "Bia", "005": "Eva"}


def test_a_writer_that_always_loses_fails_cleanly(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    mine = make_run(tmp_path, BASE, mode="merge", keys=("codigo",))
    others = [make_run(tmp_path, HEADER + f"00{n};Eva;5,00;5;01/12/2026\n") for n in range(3)]
    racing = _Interleaved(root, lambda n: engine.run(others[n - 1].manifest_path),
                          max_retries=2)
    with pytest.raises(DinoError) as info:
        racing.run(mine.manifest_path)
    assert info.value.problem.code == "table_busy", info.value.problem
    assert info.value.problem.params["attempts"] == 3
    assert_renders(info.value)
    assert racing.writes == 3 and len(racing.slept) == 2
    assert engine.committed_version(TARGET, mine.manifest["run_id"]) is None
    assert version(root) == 3  # the other writer's three commits, nothing of ours


def test_idempotency_is_checked_again_before_a_retry(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    run = make_run(tmp_path, BASE)
    racing = _Interleaved(root, lambda n: engine.run(run.manifest_path) if n == 1 else None)
    res = racing.run(run.manifest_path)  # another process committed this very run first
    assert res.replayed and res.version_after == 1 and racing.writes == 1
    assert len(rows(root)) == 4


def _process_run(root: str, manifest_path: str) -> int:
    return LocalEngine(Path(root), sleep=no_sleep).run(manifest_path).rows_written


def test_two_processes_append_to_one_table(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    runs = [make_run(tmp_path, BASE), make_run(tmp_path, HEADER + "003;Caio;3,00;1;"
                                                           "28/11/2026\n")]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        written = pool.starmap(_process_run, [(str(root), r.manifest_path) for r in runs])
    assert written == [2, 1]
    assert len(rows(root)) == 5 and version(root) == 2
    assert DeltaTable(str(root / "vendas" / "notas")).count() == 5


# ---------------------------------------------------------------- edges


def test_an_undone_run_stays_committed_a_retry_needs_a_new_run_id(tmp_path, root, engine):
    run = make_run(tmp_path, BASE)
    engine.run(make_run(tmp_path, BASE).manifest_path)
    res = engine.run(run.manifest_path)
    engine.restore(TARGET, res.version_before, run.manifest["run_id"])
    again = engine.run(run.manifest_path)
    assert again.replayed and again.version_after == 1
    assert len(rows(root)) == 2 and version(root) == 2


def test_a_file_uri_with_escaped_characters(tmp_path, engine):
    run = make_run(tmp_path / "pasta com espaço", BASE)
    uri = Path(run.manifest_path).as_uri()
    assert "%20" in uri
    assert engine.run(uri).rows_written == 2


def test_a_column_name_merge_cannot_address_is_refused(tmp_path, root, engine):
    engine.run(make_run(tmp_path, BASE).manifest_path)
    run = make_run(tmp_path, BASE, mode="merge", keys=("codigo",))
    doc = json.loads(Path(run.manifest_path).read_text("utf-8"))
    doc["columns"][1]["name"] = "no`me"
    manifest_mod.write(doc, Path(run.manifest_path).parent)
    with pytest.raises(DinoError) as info:
        engine.run(run.manifest_path)
    assert info.value.problem.code == "column_name_invalid"
    assert_renders(info.value)
    assert version(root) == 0
