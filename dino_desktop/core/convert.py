"""Convert a source file into typed Parquet part files and a manifest, in bounded memory.

One DuckDB COPY streams the whole file: it parses, applies the column types decided at
inspection (the SQL from `typesql`) and writes compressed Parquet parts. A value that does
not fit its type stops the COPY at once under the default policy, and a second, slower pass
then finds where the bad rows are, so nothing is half-written and the error says where.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb

from dino_desktop.core import manifest as manifest_mod
from dino_desktop.core import scan as scan_mod
from dino_desktop.core.messages import render
from dino_desktop.core.models import (
    BadRowPolicy,
    Cancelled,
    ColumnType,
    ConvertResult,
    DinoError,
    Inspection,
    InspectOptions,
    Problem,
    Progress,
    Severity,
    SourceFormat,
    Target,
    WriteMode,
)
from dino_desktop.core.rejects import BAD_MARK, Check, diagnose, write_rejects
from dino_desktop.core.typesql import bad_sql, duck_type, ident, lit, typed_sql

PART_BYTES = "256MB"
ROW_GROUP_ROWS = 122_880
BAD_ROW_CODES = {"ragged_row", "bad_value", "record_unexpected_field"}

ProgressFn = Callable[[Progress], None]


class ConvertError(DinoError):
    """The file cannot be converted as it is; `problems` says where (first 100 found)."""

    def __init__(self, problem: Problem, problems: list[Problem] | None = None):
        super().__init__(problem)
        self.problems = problems or [problem]


def _blocking(insp: Inspection, policy: BadRowPolicy) -> Problem | None:
    for p in insp.problems:
        if p.severity is Severity.ERROR:
            if policy is BadRowPolicy.SKIP and p.code in BAD_ROW_CODES:
                continue
            if p.code in BAD_ROW_CODES:
                continue  # the full pass decides, with every row in view
            return p
    return None


def _typed_select(insp: Inspection, scan: scan_mod.Scan) -> tuple[str, list[str], list[Check]]:
    """(inner SQL with raw + typed columns, outer select list, per-column fit checks).

    Typed values are computed once in the inner query; the outer query names them and the
    checks compare them with the raw text, so no conversion runs twice per value.
    """
    typed: list[str] = []
    exprs: list[str] = []
    checks: list[Check] = []
    positions = insp.layout.get("column_positions")
    for i, col in enumerate(insp.columns):
        t = ident(f"t{i}")
        if insp.format is SourceFormat.PARQUET:
            src = ident(col.source_name)
            target = "VARCHAR" if col.type is ColumnType.TEXT else duck_type(col.type, col.format)
            typed.append(f"CAST({src} AS {target}) AS {t}")
        else:
            pos = positions[i] if positions and insp.format is SourceFormat.CSV else i
            raw = ident(f"c{pos}")
            typed.append(f"{typed_sql(raw, col.type, col.format)} AS {t}")
            if col.type is not ColumnType.TEXT:
                checks.append((col.source_name, raw, bad_sql(raw, t)))
        exprs.append(f"{t} AS {ident(col.name)}")
    inner = f"SELECT *, {', '.join(typed)} FROM ({scan.sql})"
    return inner, exprs, checks


def _first_bad(checks: list[Check], scan: scan_mod.Scan) -> str:
    bads = [f"CASE WHEN {bad} THEN {lit(src)} END" for src, _, bad in checks]
    if scan.has_row_numbers:
        bads.insert(0, "CASE WHEN _problem IS NOT NULL THEN '#' || _problem END")
    return f"coalesce({', '.join(bads)})" if bads else "NULL"


def _not_blank(insp: Inspection) -> str:
    if insp.format is not SourceFormat.CSV:
        return "true"
    width = insp.layout.get("columns_in_file") or len(insp.columns)
    return "NOT (" + " AND ".join(f"{ident(f'c{i}')} IS NULL" for i in range(width)) + ")"


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
    memory_limit: str = "320MB",
) -> ConvertResult:
    """Write parts + manifest.json into `out_dir`; on any failure leave nothing there."""
    started = time.monotonic()
    blocking = _blocking(insp, policy)
    if blocking is not None:
        raise ConvertError(blocking)
    if not insp.columns:
        raise ConvertError(Problem(Severity.ERROR, "file_empty", fix="choose_other_file"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    report = progress or (lambda p: None)
    size = insp.size_bytes
    try:
        result = _run(insp, out, work, target, mode, list(keys), policy, schema_evolution,
                      report, cancel, run_id, user, options or InspectOptions(), threads,
                      memory_limit, size)
    except BaseException:
        _clean_outputs(out)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.monotonic() - started
    report(Progress("convert", 1.0, size, result.rows, "done"))
    return result


def _clean_outputs(out: Path) -> None:
    for name in os.listdir(out):
        if name.startswith("part-") or name in (manifest_mod.FILE_NAME, "rejects.csv"):
            (out / name).unlink(missing_ok=True)


def _connect(threads: int, memory_limit: str, work: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(config={
        "threads": threads, "memory_limit": memory_limit,
        "temp_directory": str(work / "spill"), "preserve_insertion_order": True,
    })


def _run(insp: Inspection, out: Path, work: Path, target: Target, mode: WriteMode,
         keys: list[str], policy: BadRowPolicy, schema_evolution: str, report: ProgressFn,
         cancel: threading.Event | None, run_id: str | None, user: str | None,
         options: InspectOptions, threads: int, memory_limit: str, size: int) -> ConvertResult:
    con = _connect(threads, memory_limit, work)
    try:
        def on_bytes(done: int) -> None:
            report(Progress("convert", 0.3 * done / max(size, 1), done, 0, "reading"))

        est_rows = insp.estimated_rows or 0

        def on_row(n: int) -> None:
            frac = min(n / est_rows, 0.99) if est_rows else 0.5
            report(Progress("convert", frac, int(size * frac), n, "converting"))

        if insp.format is SourceFormat.CSV:
            scan = scan_mod.csv_scan(insp, work, on_bytes, cancel)
        elif insp.format is SourceFormat.PARQUET:
            scan = scan_mod.parquet_scan(insp, cancel)
        else:
            scan = scan_mod.record_scan(insp, con, options, on_row, cancel)
        inner, exprs, checks = _typed_select(insp, scan)
        first_bad = _first_bad(checks, scan)
        any_bad = " OR ".join(b for _, _, b in checks) or "false"
        if scan.has_row_numbers:
            any_bad = f"_problem IS NOT NULL OR {any_bad}"
        select = ", ".join(exprs)
        keep_row = _not_blank(insp)
        guard = f"CASE WHEN {any_bad} THEN error({lit(BAD_MARK)} || {first_bad}) ELSE true END"
        copy_opts = (f"FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_ROWS}, "
                     f"FILE_SIZE_BYTES '{PART_BYTES}', FILENAME_PATTERN 'part-{{i}}', "
                     "RETURN_STATS, OVERWRITE_OR_IGNORE")
        parts_dir = work / "parts"
        sql = (f"COPY (SELECT {select} FROM ({inner}) WHERE {keep_row} AND {guard}) "
               f"TO {lit(str(parts_dir))} ({copy_opts})")
        base = 0.3 if scan.work_files else 0.0
        bad_rows = 0
        had_bad_values = False
        rejects_path: str | None = None
        problems: list[Problem] = []
        try:
            stats = _execute_with_progress(con, sql, report, cancel, size, base, est_rows)
        except duckdb.Error as exc:
            if cancel is not None and cancel.is_set():
                raise Cancelled() from exc
            if BAD_MARK not in str(exc):
                raise _map_duckdb_error(exc) from exc
            had_bad_values = True
            scan = _rescan(insp, scan, con, options, cancel)
            inner = _typed_select(insp, scan)[0]
            _reset_rejects(con)
            found, total = diagnose(con, insp, replace(scan, sql=inner), checks)
            if policy is BadRowPolicy.REJECT:
                ragged = _ragged(con, scan)
                found = sorted(found + ragged[:100], key=lambda p: p.row or 0)[:100]
                raise ConvertError(Problem(Severity.ERROR, "bad_rows_found",
                                           {"count": total + len(ragged)}, fix="change_type"),
                                   found) from exc
            con.execute(f"SET threads = {threads}")
            _reset_rejects(con)
            shutil.rmtree(parts_dir, ignore_errors=True)
            scan = _rescan(insp, scan, con, options, cancel)
            inner = _typed_select(insp, scan)[0]
            sql = (f"COPY (SELECT {select} FROM ({inner}) WHERE {keep_row} AND "
                   f"NOT ({any_bad})) TO {lit(str(parts_dir))} ({copy_opts})")
            stats = _execute_with_progress(con, sql, report, cancel, size, base, est_rows)
        ragged = _ragged(con, scan)
        if ragged and policy is BadRowPolicy.REJECT:
            raise ConvertError(Problem(Severity.ERROR, "bad_rows_found",
                                       {"count": len(ragged)}, fix="fix_row"), ragged[:100])
        if policy is BadRowPolicy.SKIP:
            if had_bad_values:
                scan = _rescan(insp, scan, con, options, cancel)
            typed_scan = replace(scan, sql=_typed_select(insp, scan)[0])
            bad_rows, rejects_path = write_rejects(con, insp, typed_scan, checks, out, ragged,
                                                   had_bad_values)
            if bad_rows:
                problems.append(Problem(Severity.WARNING, "bad_rows_skipped",
                                        {"count": bad_rows, "file": "rejects.csv"}))
        parts = _publish_parts(stats, parts_dir, out)
        rows = sum(p["rows"] for p in parts)
        if rows == 0:
            raise ConvertError(Problem(Severity.ERROR, "file_header_only", fix="add_data"))
        digest = scan.digest()
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        manifest = manifest_mod.build(
            insp, target=target, parts=parts, sha256=digest, mode=mode, keys=keys,
            policy=policy, bad_rows=bad_rows, rejects="rejects.csv" if rejects_path else None,
            schema_evolution=schema_evolution, run_id=run_id, user=user,
        )
        path = manifest_mod.write(manifest, out)
        return ConvertResult(manifest_path=str(path), manifest=manifest, rows=rows,
                             bad_rows=bad_rows, parts=[str(out / p["path"]) for p in parts],
                             sha256=digest, rejects_path=rejects_path, problems=problems)
    finally:
        con.close()


def _rescan(insp: Inspection, scan: scan_mod.Scan, con: duckdb.DuckDBPyConnection,
            options: InspectOptions, cancel: threading.Event | None) -> scan_mod.Scan:
    """A Python-fed stream can be read once; start it again for another pass."""
    if not scan.has_row_numbers:
        return scan
    fresh = scan_mod.record_scan(insp, con, options, lambda n: None, cancel)
    fresh.hasher = scan.hasher
    fresh._digest = scan._digest
    return fresh


def _execute_with_progress(con: duckdb.DuckDBPyConnection, sql: str, report: ProgressFn,
                           cancel: threading.Event | None, size: int, base: float,
                           est_rows: int) -> list[tuple]:
    """Run the COPY while a watcher reports DuckDB's progress and interrupts on cancel."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if cancel is not None and cancel.is_set():
                con.interrupt()
                return
            try:
                pct = con.query_progress()
            except Exception:  # progress is advisory
                continue
            if pct is not None and pct >= 0:
                frac = base + (1 - base) * min(pct / 100, 0.99)
                report(Progress("convert", frac, int(size * frac), int(est_rows * pct / 100),
                                "converting"))

    watcher = threading.Thread(target=watch, name="dino-progress", daemon=True)
    watcher.start()
    try:
        return con.execute(sql).fetchall()
    finally:
        done.set()
        watcher.join()


def _reset_rejects(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("reject_errors", "reject_scans"):
        with contextlib.suppress(duckdb.Error):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _ragged(con: duckdb.DuckDBPyConnection, scan: scan_mod.Scan) -> list[Problem]:
    if not scan.has_rejects:
        return []
    try:
        rows = con.execute(
            "SELECT line, error_type, csv_line, error_message FROM reject_errors ORDER BY line"
        ).fetchall()
    except duckdb.Error:
        return []
    out = []
    for line, kind, csv_line, message in rows:
        line = int(line) + scan.line_offset
        if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
            found = (csv_line or "").count(",")  # refined below when the message says
            expected = None
            if "Expected Number of Columns:" in (message or ""):
                bits = message.replace(":", " ").split()
                nums = [int(b) for b in bits if b.isdigit()]
                if len(nums) >= 2:
                    expected, found = nums[0], nums[1]
            out.append(Problem(Severity.ERROR, "ragged_row",
                               {"expected": expected, "found": found, "content": csv_line},
                               row=line, fix="fix_row"))
        elif kind == "INVALID UNICODE":
            out.append(Problem(Severity.ERROR, "encoding_invalid",
                               {"offset": f"line {line}", "encoding": "UTF-8"}, row=line,
                               fix="set_encoding"))
        else:
            out.append(Problem(Severity.ERROR, "file_unreadable",
                               {"reason": f"{kind}: {message}"}, row=line, fix="check_file"))
    return out


def _publish_parts(stats: list[tuple], parts_dir: Path, out: Path) -> list[dict]:
    """Move the parts next to the manifest as part-00000.parquet, part-00001.parquet …"""
    parts = []
    files = sorted(stats, key=lambda s: int(Path(s[0]).stem.split("-")[-1]))
    for n, stat in enumerate(files):
        name = f"part-{n:05d}.parquet"
        os.replace(stat[0], out / name)
        parts.append({"path": name, "rows": int(stat[1]), "bytes": (out / name).stat().st_size})
    return parts


def _map_duckdb_error(exc: duckdb.Error) -> DinoError:
    text = str(exc)
    if "unicode" in text.lower() or "utf-8" in text.lower():
        return ConvertError(Problem(Severity.ERROR, "encoding_invalid",
                                    {"offset": "?", "encoding": "UTF-8"}, fix="set_encoding"))
    if "Interrupt" in text:
        return ConvertError(Problem(Severity.ERROR, "cancelled"))
    return ConvertError(Problem(Severity.ERROR, "file_unreadable", {"reason": text.splitlines()[0]},
                                fix="check_file"))


def describe(exc: ConvertError, lang: str = "en") -> list[str]:
    return [render(p, lang) for p in exc.problems]
