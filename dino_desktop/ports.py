"""Ports: what the services need from the outside world, as protocols.

Each has a local adapter (a folder, delta-rs, SQLite, a price model) and an azure one
(Blob Storage, a Databricks job, Azure SQL, Cost Management). Services see only these.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from dino_desktop.core.alert_text import RenderedAlert
from dino_desktop.core.alerts import Alert
from dino_desktop.core.models import Progress, Target
from dino_desktop.core.runs import (
    Commit,
    EngineResult,
    RunEvent,
    RunFilter,
    RunRecord,
    RunState,
    TableInfo,
)

ProgressFn = Callable[[Progress], None]


class Storage(Protocol):
    """The landing area: one folder (or blob prefix) per run with parts + manifest."""

    def stage(self, run_id: str, local_dir: Path, original: Path | None,
              progress: ProgressFn | None = None,
              cancel: threading.Event | None = None) -> str:
        """Put the run's files in place (atomically); return the manifest's URI."""
        ...

    def manifest_uri(self, run_id: str) -> str: ...

    def exists(self, run_id: str) -> bool: ...

    def remove(self, run_id: str) -> None: ...

    def runs(self) -> list[str]:
        """The run ids that have files in the landing area."""
        ...

    def location(self, run_id: str) -> str:
        """Where a person can look at the run's landing files."""
        ...


class Engine(Protocol):
    """Writes a staged manifest into its Delta table, exactly once."""

    def run(self, manifest_uri: str, progress: ProgressFn | None = None,
            cancel: threading.Event | None = None) -> EngineResult: ...

    def committed_version(self, target: Target, run_id: str) -> int | None:
        """The table version in which `run_id` was committed, if it was."""
        ...

    def table_version(self, target: Target) -> int | None: ...

    def restore(self, target: Target, version: int, run_id: str) -> int:
        """Restore the table to `version`; returns the new version."""
        ...

    def runs_after(self, target: Target, version: int) -> list[Commit]:
        """Every commit after `version`: which run wrote it, or which run it undid."""
        ...


class Catalog(Protocol):
    def databases(self) -> list[str]: ...

    def tables(self, database: str | None = None) -> list[TableInfo]: ...

    def schema(self, target: Target) -> list[tuple[str, str]] | None:
        """The table's (column, type) list, or None when it does not exist yet."""
        ...

    def location(self, target: Target) -> str: ...


class RunLog(Protocol):
    def create(self, run: RunRecord, message: str = "") -> None: ...

    def transition(self, run_id: str, state: RunState, message: str = "",
                   stage: str | None = None, **fields: Any) -> None:
        """Record a state change (an event) and update the run's fields."""
        ...

    def update(self, run_id: str, **fields: Any) -> None: ...

    def get(self, run_id: str) -> RunRecord | None: ...

    def events(self, run_id: str) -> list[RunEvent]: ...

    def query(self, flt: RunFilter | None = None, *, limit: int = 100, offset: int = 0,
              order_by: str = "created_at", descending: bool = True) -> list[RunRecord]: ...

    def count(self, flt: RunFilter | None = None) -> int: ...

    def find_by_sha256(self, sha256: str, database: str, table: str) -> list[RunRecord]: ...

    def unfinished(self) -> list[RunRecord]: ...

    def add_daily_cost(self, day: dt.date, amount: float, source: str) -> None: ...

    def daily_costs(self, since: dt.date, until: dt.date) -> list[tuple[dt.date, float]]: ...

    def totals(self, since: dt.datetime | None, until: dt.datetime | None,
               group_by: str | None = None) -> list[dict[str, Any]]:
        """Aggregates (runs, succeeded, failed, rows, bytes, cost), optionally per
        "day", "table" or "user"."""
        ...


class CostSource(Protocol):
    def estimate(self, run: RunRecord) -> float:
        """The cost of one run, in the configured currency."""
        ...

    def daily(self, since: dt.date, until: dt.date) -> list[tuple[dt.date, float]]:
        """Measured cost per day, when the source can measure it (else empty)."""
        ...

    @property
    def currency(self) -> str: ...


class Alerter(Protocol):
    """Tells people about a run (core/alerts.py). `send` never raises and never blocks the
    caller: delivery is queued, retried, and a failing channel is only logged."""

    def send(self, alert: Alert) -> None: ...


class AlertChannel(Protocol):
    """One way of telling people (desktop, a webhook, e-mail). `send` delivers or raises
    core.alert_text.ChannelError (retryable or not); the dispatcher retries and logs."""

    name: str  # for logs and `dino alerts test`: "desktop", "webhook:ops", "email"

    def send(self, alert: RenderedAlert) -> None: ...
