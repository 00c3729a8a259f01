"""Running one long DuckDB statement: progress, cancellation, and errors a person can read."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

import duckdb

from dino_desktop.core.models import BLANKS, DinoError, Problem, Progress, Severity

ProgressFn = Callable[[Progress], None]
POLL_SECONDS = 0.1


class ConvertError(DinoError):
    """The file cannot be converted as it is; `problems` says where (the first 100 found)."""

    def __init__(self, problem: Problem, problems: list[Problem] | None = None):
        super().__init__(problem)
        self.problems = problems or [problem]


def connect(threads: int, memory_limit: str, work: Path) -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB whose memory is capped (it spills to `work` beyond that)."""
    con = duckdb.connect(config={
        "threads": threads, "memory_limit": memory_limit,
        "temp_directory": str(work / "spill"), "preserve_insertion_order": True,
    })
    # query_progress() only measures with the progress bar on; never print it.
    con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
    return con


def execute(con: duckdb.DuckDBPyConnection, sql: str, report: ProgressFn,
            cancel: threading.Event | None, size: int, base: float,
            est_rows: int) -> list[tuple]:
    """Run `sql` while a watcher reports DuckDB's progress and interrupts it on cancel."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(POLL_SECONDS):
            if cancel is not None and cancel.is_set():
                con.interrupt()
                return
            try:
                pct = con.query_progress()
            except duckdb.Error:  # progress is advisory
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


def reset_rejects(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the CSV reader's rejected lines (each scan adds its own)."""
    for table in ("reject_errors", "reject_scans"):
        with contextlib.suppress(duckdb.Error):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _field_count(line: str, delimiter: str, quote: str | None) -> int:
    import csv

    kwargs: dict[str, object] = {"delimiter": delimiter}
    if quote:
        kwargs["quotechar"] = quote
    else:
        kwargs["quoting"] = csv.QUOTE_NONE
    row = next(csv.reader([line], **kwargs), [])  # type: ignore[call-overload]
    return len(row)


def rejected_lines(con: duckdb.DuckDBPyConnection, line_offset: int,
                   delimiter: str | None = None, quote: str | None = None) -> list[Problem]:
    """Lines the CSV reader could not split into the right number of fields, as problems."""
    try:
        rows = con.execute(
            "SELECT line, error_type, csv_line, error_message FROM reject_errors ORDER BY line"
        ).fetchall()
    except duckdb.Error:
        return []
    out: list[Problem] = []
    seen: set[int] = set()
    for line, kind, csv_line, message in rows:
        csv_line = (csv_line or "").strip("\r\n")
        if not csv_line.strip(BLANKS + (delimiter or "") + (quote or "")) or int(line) in seen:
            continue  # a line of blanks is no row; a short row is reported once
        seen.add(int(line))
        line = int(line) + line_offset
        if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
            nums = [int(b) for b in (message or "").replace(":", " ").split() if b.isdigit()]
            expected = nums[0] if nums else None
            found = _field_count(csv_line, delimiter, quote) if delimiter else (
                nums[1] if len(nums) > 1 else None)
            out.append(Problem(Severity.ERROR, "ragged_row",
                               {"expected": expected, "found": found, "content": csv_line},
                               row=line, fix="fix_row"))
        elif "UNICODE" in kind or "ENCODING" in kind:
            out.append(Problem(Severity.ERROR, "encoding_invalid",
                               {"offset": f"line {line}", "encoding": "UTF-8",
                                "content": csv_line}, row=line, fix="set_encoding"))
        else:
            out.append(Problem(Severity.ERROR, "file_unreadable",
                               {"reason": f"{kind}: {message}", "content": csv_line},
                               row=line, fix="check_file"))
    return out


def readable_error(exc: duckdb.Error) -> ConvertError:
    text = str(exc)
    low = text.lower()
    if "unicode" in low or "utf-8" in low:
        return ConvertError(Problem(Severity.ERROR, "encoding_invalid",
                                    {"offset": "?", "encoding": "UTF-8"}, fix="set_encoding"))
    if "out of memory" in low:
        reason = "out_of_memory"
    elif "no space" in low:
        reason = "disk_full"
    else:
        reason = text.splitlines()[0][:300]
    return ConvertError(Problem(Severity.ERROR, "file_unreadable", {"reason": reason},
                                fix="check_file"))
