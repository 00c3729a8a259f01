"""Runs as the run log keeps them: states, records, events (plain data, no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class RunState(StrEnum):
    CREATED = "created"
    CONVERTING = "converting"
    UPLOADING = "uploading"
    SUBMITTED = "submitted"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNDONE = "undone"

    @property
    def final(self) -> bool:
        return self in FINAL_STATES


FINAL_STATES = frozenset({RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED,
                          RunState.UNDONE})


@dataclass
class RunRecord:
    """One ingestion run, as stored in the run log."""

    run_id: str
    state: RunState
    user: str | None
    machine: str | None
    source_name: str
    source_path: str | None
    source_bytes: int
    sha256: str | None
    source_format: str
    catalog: str
    database: str
    table: str
    mode: str
    keys: list[str] = field(default_factory=list)
    bad_row_policy: str = "reject"
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished_at: dt.datetime | None = None
    rows: int | None = None  # rows written to the table
    bad_rows: int | None = None
    bytes_staged: int | None = None  # Parquet bytes staged
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    version_before: int | None = None
    version_after: int | None = None
    cost: float | None = None  # estimated (or measured) cost, in the configured currency
    problems: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # the full error text a person sees
    error_code: str | None = None
    landing_uri: str | None = None
    table_uri: str | None = None
    engine_run_url: str | None = None
    profile: str = "local"
    replay_of: str | None = None  # the run this one retries

    @property
    def target(self) -> str:
        return f"{self.catalog}.{self.database}.{self.table}"

    @property
    def duration_s(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.created_at).total_seconds()


@dataclass(frozen=True)
class RunEvent:
    run_id: str
    at: dt.datetime
    state: RunState
    stage: str | None
    message: str


@dataclass(frozen=True)
class RunFilter:
    states: tuple[RunState, ...] = ()
    table: str | None = None  # "database.table" or "table"
    user: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    text: str | None = None  # matches source name, target, run id, error
    source_bytes: int | None = None  # runs of a file of exactly this size
    error_code: str | None = None  # runs that failed with this problem code ("": without one)


@dataclass(frozen=True)
class TableInfo:
    database: str
    table: str
    uri: str
    version: int | None = None
    rows: int | None = None
    last_ingested_at: dt.datetime | None = None
    last_run_id: str | None = None


@dataclass(frozen=True)
class Commit:
    """One table commit, as far as DINO is concerned."""

    version: int
    run_id: str | None = None  # the run that wrote it
    undo_of: str | None = None  # the run it undid


@dataclass(frozen=True)
class EngineResult:
    rows_written: int
    version_before: int | None
    version_after: int | None
    table_uri: str
    replayed: bool = False  # the run had already committed: nothing was written again
    seconds: float = 0.0
    run_url: str | None = None
