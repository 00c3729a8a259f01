"""Measured cost per day, brought into the run log: `dino sync-costs` and the app's daily sync.

The cost source (Azure Cost Management on the azure profile) is slow, throttled and hours
behind, so the KPIs never ask it directly: a sync copies its days into the run log, and
the KPIs read them from there, beside the estimates. Ports only: no cloud SDK here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from dino_desktop.ports import CostSource, RunLog

SOURCE = "azure"  # daily_costs.source of what Cost Management measured
SYNC_EVERY = dt.timedelta(hours=24)


@runtime_checkable
class CostSyncLog(Protocol):
    """What costs_due needs beyond ports.RunLog (SqlRunLog has it)."""

    def last_cost_update(self, source: str | None = None) -> dt.datetime | None: ...


@dataclass
class CostSync:
    """What a sync wrote: one (day, amount) per day, in the source's currency."""

    since: dt.date
    until: dt.date
    currency: str
    source: str = SOURCE
    days: list[tuple[dt.date, float]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(amount for _, amount in self.days)

    def to_dict(self) -> dict[str, Any]:
        return {"since": self.since.isoformat(), "until": self.until.isoformat(),
                "currency": self.currency, "source": self.source,
                "total": round(self.total, 6), "days_written": len(self.days),
                "days": [{"day": d.isoformat(), "amount": a} for d, a in self.days]}


def sync_costs(runlog: RunLog, source: CostSource, since: dt.date, until: dt.date, *,
               source_name: str = SOURCE, today: dt.date | None = None) -> CostSync:
    """Copy the measured cost of every day in [since, until] (no later than today, UTC)
    into the run log. A day synced again is overwritten, never counted twice: the last
    figure wins (Azure revises recent days for up to ~3 days). A source that measures
    nothing (the local price model) writes nothing. DinoError from the source passes up."""
    today = today or dt.datetime.now(dt.UTC).date()
    until = min(until, today)
    if since > until:
        raise ValueError(f"nothing to sync: {since} is after {until}")
    result = CostSync(since, until, source.currency, source_name)
    for day, amount in source.daily(since, until):
        if since <= day <= until:
            runlog.add_daily_cost(day, float(amount), source_name)
            result.days.append((day, float(amount)))
    return result


def last_cost_sync(runlog: RunLog, source_name: str = SOURCE) -> dt.datetime | None:
    """When measured costs were last written (None: never, or a log that cannot tell)."""
    if isinstance(runlog, CostSyncLog):
        return runlog.last_cost_update(source_name)
    return None


def costs_due(runlog: RunLog, now: dt.datetime, *, every: dt.timedelta = SYNC_EVERY,
              source_name: str = SOURCE) -> bool:
    """True when the last sync is older than `every` (24 h), or there was none: the app
    calls this at start and then hourly, and syncs (on a worker) when it says so."""
    last = last_cost_sync(runlog, source_name)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return last is None or now - last >= every
