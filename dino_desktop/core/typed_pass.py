"""One source opened in DuckDB with the SQL that reads it typed: the conversion's engine.

`convert` and `count_rows` drive it; it knows how to type each column (the SQL from
`typesql`), stop at or leave out bad rows, find where bad rows are, and report progress.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import duckdb

from dino_desktop.core import duckrun, lines
from dino_desktop.core import scan as scan_mod
from dino_desktop.core.duckrun import ProgressFn
from dino_desktop.core.models import (
    Cancelled,
    ColumnType,
    Inspection,
    InspectOptions,
    Problem,
    Progress,
    SourceFormat,
)
from dino_desktop.core.rejects import BAD_MARK, Check, diagnose
from dino_desktop.core.typesql import (
    bad_sql,
    duck_type,
    ident,
    lit,
    not_blank_sql,
    typed_steps,
)


class TypedPass:
    """One source opened in one DuckDB connection, with the SQL to read it typed."""

    def __init__(self, insp: Inspection, work: Path, report: ProgressFn,
                 cancel: threading.Event | None, options: InspectOptions, threads: int,
                 memory_limit: str):
        self.insp, self.work, self.report, self.cancel = insp, work, report, cancel
        self.options, self.threads = options, threads
        self.size = insp.size_bytes
        self.est_rows = insp.estimated_rows or 0
        self.con = duckrun.connect(threads, memory_limit, work)
        self.scan = self._open()
        self.steps: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self.exprs, self.checks = self._columns()

    # ---- source and typed columns

    def _open(self) -> scan_mod.Scan:
        insp = self.insp
        if insp.format is SourceFormat.CSV:
            return scan_mod.csv_scan(insp, self.work, self._on_bytes, self.cancel)
        if insp.format is SourceFormat.PARQUET:
            return scan_mod.parquet_scan(insp, self.cancel)
        return scan_mod.record_scan(insp, self.con, self.options, self._on_row, self.cancel)

    def reopen(self) -> None:
        """A Python-fed stream can be read once; start it again for another pass."""
        if self.scan.has_row_numbers:
            fresh = scan_mod.record_scan(self.insp, self.con, self.options, lambda n: None,
                                         self.cancel)
            fresh.hasher, fresh._digest = self.scan.hasher, self.scan._digest
            self.scan = fresh

    def _on_bytes(self, done: int) -> None:
        self.report(Progress("convert", 0.3 * done / max(self.size, 1), done, 0, "reading"))

    def _on_row(self, n: int) -> None:
        frac = min(n / self.est_rows, 0.99) if self.est_rows else 0.5
        self.report(Progress("convert", frac, int(self.size * frac), n, "converting"))

    def _columns(self) -> tuple[list[str], list[Check]]:
        """Per column: the typed value (computed once, as t<i>) and the check that it fits."""
        exprs: list[str] = []
        checks: list[Check] = []
        positions = self.insp.layout.get("column_positions")
        for i, col in enumerate(self.insp.columns):
            t = ident(f"t{i}")
            if self.insp.format is SourceFormat.PARQUET:
                src = ident(col.source_name)
                if col.type is ColumnType.TIMESTAMP:  # the instant in UTC, on any desktop
                    exprs.append(f"make_timestamp(epoch_us({src})) AS {t}")
                    continue
                target = "VARCHAR" if col.type is ColumnType.TEXT else duck_type(col.type,
                                                                                 col.format)
                exprs.append(f"CAST({src} AS {target}) AS {t}")
                continue
            pos = positions[i] if positions and self.insp.format is SourceFormat.CSV else i
            raw = ident(f"c{pos}")
            steps = typed_steps(raw, col.type, col.format, str(i))
            self.steps[0].update(steps.first)
            self.steps[1].update(steps.second)
            exprs.append(f"{steps.value} AS {t}")
            if col.type is not ColumnType.TEXT:
                checks.append((col.source_name, raw, bad_sql(raw, t)))
        return exprs, checks

    @property
    def typed_source(self) -> str:
        """Raw columns (c<i>, _row, _problem) plus typed ones (t<i>), and on the way the
        helper columns some types are computed from (see typesql.typed_steps)."""
        source = self.scan.sql
        for step in self.steps:
            if step:
                cols = ", ".join(f"{sql} AS {alias}" for alias, sql in step.items())
                source = f"SELECT *, {cols} FROM ({source})"
        return f"SELECT *, {', '.join(self.exprs)} FROM ({source})"

    @property
    def any_bad(self) -> str:
        conds = [bad for _, _, bad in self.checks]
        if self.scan.has_row_numbers:
            conds.insert(0, "_problem IS NOT NULL")
        return " OR ".join(conds) or "false"

    def _first_bad(self) -> str:
        names = [f"CASE WHEN {bad} THEN {lit(src)} END" for src, _, bad in self.checks]
        if self.scan.has_row_numbers:
            names.insert(0, "CASE WHEN _problem IS NOT NULL THEN '#' || _problem END")
        return f"coalesce({', '.join(names)})" if names else "NULL"

    def _not_blank(self) -> str:
        if self.insp.format is not SourceFormat.CSV:
            return "true"
        width = self.insp.layout.get("columns_in_file") or len(self.insp.columns)
        full = "(" + " OR ".join(not_blank_sql(ident(f"c{i}")) for i in range(width)) + ")"
        # Nearly every row starts with a visible character: decide those cheaply. Byte-wise,
        # '!' <= c0 < NBSP means a first character from U+0021 to U+009F, never a blank;
        # anything else (NULL included) takes the full test.
        first = ident("c0")
        return f"CASE WHEN {first} >= '!' AND {first} < chr(160) THEN true ELSE {full} END"

    def rows_sql(self, *, stop_on_bad: bool, audit: dict[str, str] | None = None) -> str:
        """The typed rows: stop at the first bad one, or leave bad ones out.

        With `audit`, the parts also carry the audit columns (constants, nearly free in
        Parquet), so an engine can commit the parts as they are instead of rewriting them.
        """
        names = ", ".join(f"{ident(f't{i}')} AS {ident(c.name)}"
                          for i, c in enumerate(self.insp.columns))
        if audit:
            # ENUM constants: Parquet gets plain strings, without hashing every row.
            run, src = lit(audit["run_id"]), lit(audit["source"])
            names += (f", CAST({run} AS ENUM({run})) AS _dino_run_id, "
                      f"CAST({lit(audit['ingested_at'])} AS TIMESTAMPTZ) AS _dino_ingested_at, "
                      f"CAST({src} AS ENUM({src})) AS _dino_source_file")
        if stop_on_bad:
            keep = (f"CASE WHEN {self.any_bad} THEN error({lit(BAD_MARK)} || "
                    f"{self._first_bad()}) ELSE true END")
        else:
            keep = f"NOT ({self.any_bad})"
        return f"SELECT {names} FROM ({self.typed_source}) WHERE {self._not_blank()} AND {keep}"

    # ---- running

    def run(self, sql: str) -> list[tuple]:
        base = 0.3 if self.scan.work_files else 0.0
        return duckrun.execute(self.con, sql, self.report, self.cancel, self.size, base,
                               self.est_rows)

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def ragged(self) -> list[Problem]:
        """Rejected lines, at the line numbers a text editor shows."""
        if not self.scan.has_rejects:
            return []
        layout = self.insp.layout
        found = duckrun.rejected_lines(self.con, self.scan.line_offset,
                                       layout.get("delimiter"), layout.get("quote"))
        if found:
            _, line_at = self.place([], [p.row or 0 for p in found])
            found = [replace(p, row=line_at.get(p.row or 0, p.row)) for p in found]
        return found

    def place(self, rows: list[int], duck_lines: list[int]) -> tuple[dict[int, int],
                                                                     dict[int, int]]:
        """File lines for DuckDB's accepted-row numbers and reject line numbers (CSV only)."""
        if self.insp.format is not SourceFormat.CSV:
            return {}, {}
        width = self.insp.layout.get("columns_in_file") or len(self.insp.columns)
        try:
            return lines.locate(Path(self.insp.path), self.insp.layout, width, rows=rows,
                                duck_lines=duck_lines)
        except (OSError, UnicodeError, LookupError):  # approximate numbers beat none
            return {}, {}

    def find_bad_rows(self) -> tuple[list[Problem], int]:
        """A full, ordered pass: the first bad rows (values and field counts) and the count."""
        self.reopen()
        duckrun.reset_rejects(self.con)
        found, total = diagnose(self.con, self.insp, replace(self.scan, sql=self.typed_source),
                                self.checks, self.place)
        ragged = self.ragged()
        self.con.execute(f"SET threads = {self.threads}")
        merged = sorted(found + ragged[:100], key=lambda p: p.row or 0)[:100]
        return merged, total + len(ragged)

    def close(self) -> None:
        self.con.close()


def attempt(p: TypedPass, sql: str) -> tuple[list[tuple] | None, duckdb.Error | None]:
    """Run; a bad value comes back as the error (so the caller decides), others raise."""
    try:
        return p.run(sql), None
    except duckdb.Error as exc:
        if p.cancelled():
            raise Cancelled() from exc
        if BAD_MARK not in str(exc):
            raise duckrun.readable_error(exc) from exc
        return None, exc
