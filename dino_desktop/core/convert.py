"""Convert a source file into typed Parquet part files and a manifest, in bounded memory.

One DuckDB COPY streams the whole file: it parses, applies the column types decided at
inspection (the SQL from `typesql`) and writes compressed Parquet parts. A value that does
not fit its type stops the COPY at once under the default policy, and a second, slower pass
then finds where the bad rows are, so nothing is half-written and the error says where.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

from dino_desktop.core import duckrun
from dino_desktop.core import manifest as manifest_mod
from dino_desktop.core import scan as scan_mod
from dino_desktop.core.duckrun import ConvertError, ProgressFn
from dino_desktop.core.messages import render
from dino_desktop.core.models import (
    BadRowPolicy,
    Cancelled,
    ConvertResult,
    Inspection,
    InspectOptions,
    Problem,
    Progress,
    Severity,
    SourceFormat,
    Target,
    WriteMode,
)
from dino_desktop.core.rejects import write_rejects
from dino_desktop.core.typed_pass import TypedPass, attempt
from dino_desktop.core.typesql import lit

__all__ = ["BAD_ROW_CODES", "ConvertError", "convert", "count_rows", "describe"]

PART_BYTES = "256MB"
ROW_GROUP_ROWS = 122_880
# Dictionary-encode only columns with few values per row group (codes, states, flags):
# DuckDB's default keeps hashing and looking up every value of columns with thousands of
# them (names, dates, amounts), which costs more time than zstd needs for the same bytes.
DICTIONARY_VALUES = 1000
MEMORY_LIMIT = "320MB"
BAD_ROW_CODES = {"ragged_row", "bad_value", "record_unexpected_field"}
_COPY_OPTIONS = (f"FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, "
                 f"ROW_GROUP_SIZE {ROW_GROUP_ROWS}, DICTIONARY_SIZE_LIMIT {DICTIONARY_VALUES}, "
                 f"FILE_SIZE_BYTES '{PART_BYTES}', FILENAME_PATTERN 'part-{{i}}', "
                 "RETURN_STATS, OVERWRITE_OR_IGNORE")



def _blocking(insp: Inspection) -> Problem | None:
    """Errors found at inspection that no full pass can fix (bad rows are for the pass)."""
    for p in insp.problems:
        if p.severity is Severity.ERROR and p.code not in BAD_ROW_CODES:
            return p
    if not insp.columns:
        return Problem(Severity.ERROR, "file_empty", fix="choose_other_file")
    return None


def convert(
    insp: Inspection,
    out_dir: str | Path,
    target: Target,
    *,
    mode: WriteMode = WriteMode.APPEND,
    keys: tuple[str, ...] | list[str] = (),
    policy: BadRowPolicy = BadRowPolicy.REJECT,
    schema_evolution: str = "add_columns",
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    run_id: str | None = None,
    user: str | None = None,
    options: InspectOptions | None = None,
    threads: int = 2,
    memory_limit: str = MEMORY_LIMIT,
) -> ConvertResult:
    """Write parts + manifest.json into `out_dir`; on any failure leave nothing there.

    A file whose sample was plain ASCII but which turns out not to be UTF-8 further down
    is converted again as Windows-1252 (what Excel on Windows writes), with a warning.
    """
    kwargs = {"mode": mode, "keys": keys, "policy": policy, "schema_evolution": schema_evolution,
              "progress": progress, "cancel": cancel, "run_id": run_id, "user": user,
              "threads": threads, "memory_limit": memory_limit}
    try:
        return _convert_once(insp, out_dir, target, options=options, **kwargs)
    except ConvertError as exc:
        if not _ascii_guess(insp) or not any(p.code == "encoding_invalid" for p in exc.problems):
            raise
    from dino_desktop.core.inspect import inspect_file

    retry_options = replace(options or InspectOptions(), encoding="cp1252")
    again = inspect_file(insp.path, retry_options)
    if [c.source_name for c in again.columns] != [c.source_name for c in insp.columns]:
        raise ConvertError(Problem(Severity.ERROR, "encoding_invalid",
                                   {"offset": "?", "encoding": "UTF-8"}, fix="set_encoding"))
    for new, old in zip(again.columns, insp.columns, strict=True):
        new.name, new.type, new.format = old.name, old.type, old.format
    result = _convert_once(again, out_dir, target, options=retry_options, **kwargs)
    result.problems.insert(0, Problem(Severity.WARNING, "encoding_guessed",
                                      {"encoding": "cp1252"}, fix="set_encoding"))
    return result


def _ascii_guess(insp: Inspection) -> bool:
    enc = insp.settings.get("encoding")
    return (insp.format is SourceFormat.CSV and enc is not None and not enc.overridden
            and enc.value == "utf-8" and enc.confidence < 1.0)


def _convert_once(
    insp: Inspection,
    out_dir: str | Path,
    target: Target,
    *,
    mode: WriteMode,
    keys: tuple[str, ...] | list[str],
    policy: BadRowPolicy,
    schema_evolution: str,
    progress: ProgressFn | None,
    cancel: threading.Event | None,
    run_id: str | None,
    user: str | None,
    options: InspectOptions | None,
    threads: int,
    memory_limit: str,
) -> ConvertResult:
    started = time.monotonic()
    blocking = _blocking(insp)
    if blocking is not None:
        raise ConvertError(blocking)
    manifest_mod.check_target(target)
    manifest_mod.check_keys(WriteMode(mode), list(keys), [c.name for c in insp.columns])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _clean_outputs(out)  # a previous attempt's files must not mix with this one's
    work = out / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    report = _forward_only(progress)
    try:
        p = TypedPass(insp, work, report, cancel, options or InspectOptions(), threads,
                  memory_limit)
        try:
            result = _convert(p, out, work / "parts", target, WriteMode(mode), list(keys),
                              BadRowPolicy(policy), schema_evolution, run_id, user)
        finally:
            p.close()
    except BaseException:
        _clean_outputs(out)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.monotonic() - started
    report(Progress("convert", 1.0, insp.size_bytes, result.rows, "done"))
    return result


def _convert(p: TypedPass, out: Path, parts_dir: Path, target: Target, mode: WriteMode,
             keys: list[str], policy: BadRowPolicy, schema_evolution: str,
             run_id: str | None, user: str | None) -> ConvertResult:
    run_id = run_id or manifest_mod.new_run_id()
    audit = {"run_id": run_id, "source": Path(p.insp.path).name,
             "ingested_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f+00")}
    def copy(rows_sql: str) -> str:
        return f"COPY ({rows_sql}) TO {lit(str(parts_dir))} ({_COPY_OPTIONS})"

    stats, bad = attempt(p, copy(p.rows_sql(stop_on_bad=True, audit=audit)))
    if bad is not None:
        found, total = p.find_bad_rows()
        if policy is BadRowPolicy.REJECT:
            raise ConvertError(Problem(Severity.ERROR, "bad_rows_found", {"count": total},
                                       fix="change_type"), found) from bad
        shutil.rmtree(parts_dir, ignore_errors=True)
        duckrun.reset_rejects(p.con)
        p.reopen()
        stats = p.run(copy(p.rows_sql(stop_on_bad=False, audit=audit)))
    ragged = p.ragged()
    wrong_encoding = [r for r in ragged if r.code == "encoding_invalid"]
    if wrong_encoding:  # not a bad row: the whole file is read with the wrong encoding
        raise ConvertError(wrong_encoding[0], wrong_encoding[:100])
    if ragged and policy is BadRowPolicy.REJECT:
        raise ConvertError(Problem(Severity.ERROR, "bad_rows_found", {"count": len(ragged)},
                                   fix="fix_row"), ragged[:100])
    bad_rows, rejects_path, problems = 0, None, []
    if policy is BadRowPolicy.SKIP and (bad is not None or ragged):
        if bad is not None:
            p.reopen()
        bad_rows, rejects_path = write_rejects(p.con, p.insp, replace(p.scan, sql=p.typed_source),
                                               p.checks, out, ragged, bad is not None, p.place)
        if bad_rows:
            problems.append(Problem(Severity.WARNING, "bad_rows_skipped",
                                    {"count": bad_rows, "file": rejects_path and
                                     Path(rejects_path).name}))
    parts = _publish_parts(stats or [], parts_dir, out)
    rows = sum(part["rows"] for part in parts)
    if rows == 0:
        raise ConvertError(Problem(Severity.ERROR, "file_header_only", fix="add_data"))
    digest = p.scan.digest()
    if p.cancelled():
        raise Cancelled()
    manifest = manifest_mod.build(
        p.insp, target=target, parts=parts, sha256=digest, mode=mode, keys=keys,
        policy=policy, bad_rows=bad_rows,
        rejects=Path(rejects_path).name if rejects_path else None,
        schema_evolution=schema_evolution, run_id=run_id, user=user,
    )
    path = manifest_mod.write(manifest, out)
    return ConvertResult(manifest_path=str(path), manifest=manifest, rows=rows,
                         bad_rows=bad_rows, parts=[str(out / part["path"]) for part in parts],
                         sha256=digest, rejects_path=rejects_path, problems=problems)


def count_rows(insp: Inspection, *, progress: ProgressFn | None = None,
               cancel: threading.Event | None = None, threads: int = 2,
               memory_limit: str = MEMORY_LIMIT) -> tuple[int, list[Problem]]:
    """Validate every row without writing anything: (rows that fit, bad-row problems)."""
    blocking = _blocking(insp)
    if blocking is not None:
        return 0, [blocking]
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dino-check-") as tmp:
        p = TypedPass(insp, Path(tmp), _forward_only(progress), cancel, InspectOptions(),
                  threads, memory_limit)
        try:
            stats, bad = attempt(p, f"SELECT count(*) FROM ({p.rows_sql(stop_on_bad=True)})")
            if bad is not None:
                found, total = p.find_bad_rows()
                p.reopen()
                good = p.run(f"SELECT count(*) FROM ({p.rows_sql(stop_on_bad=False)})")
                return int(good[0][0]), [Problem(Severity.ERROR, "bad_rows_found",
                                                 {"count": total}, fix="change_type"), *found]
            ragged = p.ragged()
            rows = int(stats[0][0]) if stats else 0
            if ragged:
                return rows, [Problem(Severity.ERROR, "bad_rows_found",
                                      {"count": len(ragged)}, fix="fix_row"), *ragged[:100]]
            return rows, []
        finally:
            p.close()


def _forward_only(progress: ProgressFn | None) -> ProgressFn:
    """Progress that never goes back: passes after a bad row, and DuckDB's watcher and the
    Python row feeder reporting from two threads, must not make the bar jump back."""
    if progress is None:
        return lambda p: None
    lock = threading.Lock()
    best = [0.0]

    def report(p: Progress) -> None:
        with lock:
            if p.fraction < best[0]:
                p = replace(p, fraction=best[0])
            best[0] = p.fraction
            progress(p)

    return report


def _clean_outputs(out: Path) -> None:
    for name in os.listdir(out):
        if name.startswith("part-") or name in (manifest_mod.FILE_NAME, "rejects.csv"):
            (out / name).unlink(missing_ok=True)


def _publish_parts(stats: list[tuple], parts_dir: Path, out: Path) -> list[dict]:
    """Move the parts next to the manifest as part-00000.parquet, part-00001.parquet …"""
    parts = []
    files = sorted(stats, key=lambda s: int(Path(s[0]).stem.split("-")[-1]))
    for n, stat in enumerate(files):
        name = f"part-{n:05d}.parquet"
        os.replace(stat[0], out / name)
        parts.append({"path": name, "rows": int(stat[1]), "bytes": (out / name).stat().st_size,
                      "sha256": scan_mod.sha256_file(out / name)})
    return parts


def describe(exc: ConvertError, lang: str = "en") -> list[str]:
    return [render(p, lang) for p in exc.problems]
