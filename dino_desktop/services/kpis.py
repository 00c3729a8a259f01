"""Numbers for the KPI tab and `dino kpi`: what DINO moved, for whom, and what it cost.

Cost comes two ways: each run's estimate (the price model, in the run log), and, on the
azure profile, what Azure Cost Management measured per day, synced into the run log by
services.costs. Days show both; `cost` stays the best figure known (measured, else
estimated), so existing readers keep working.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dino_desktop.ports import CostSource, RunLog


@dataclass
class Kpis:
    since: dt.datetime
    until: dt.datetime
    currency: str
    cost: float = 0.0  # best known: measured where a day was synced, else estimated
    estimated_cost: float = 0.0  # the price model's estimates of the runs
    actual_cost: float | None = None  # measured (Azure), over the synced days; None: none
    actual_days: int = 0  # how many days of the period have a measured cost
    files: int = 0  # runs that landed a file (succeeded, and still standing or undone)
    runs: int = 0
    succeeded: int = 0
    failed: int = 0
    rows: int = 0
    bytes: int = 0  # source bytes of successful runs
    per_day: list[dict[str, Any]] = field(default_factory=list)
    per_table: list[dict[str, Any]] = field(default_factory=list)
    per_user: list[dict[str, Any]] = field(default_factory=list)

    @property
    def success_rate(self) -> float | None:
        finished = self.succeeded + self.failed
        return None if finished == 0 else self.succeeded / finished

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(), "until": self.until.isoformat(),
            "currency": self.currency, "cost": round(self.cost, 4),
            "estimated_cost": round(self.estimated_cost, 4),
            "actual_cost": None if self.actual_cost is None else round(self.actual_cost, 4),
            "actual_days": self.actual_days, "files": self.files,
            "runs": self.runs, "succeeded": self.succeeded, "failed": self.failed,
            "success_rate": None if self.success_rate is None else round(self.success_rate, 4),
            "rows": self.rows, "bytes": self.bytes,
            "per_day": [_jsonable(r) for r in self.per_day],
            "per_table": [_jsonable(r) for r in self.per_table],
            "per_user": [_jsonable(r) for r in self.per_user],
        }


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}


@dataclass
class KpiService:
    runlog: RunLog
    costs: CostSource

    def compute(self, since: dt.datetime, until: dt.datetime) -> Kpis:
        k = Kpis(since, until, self.costs.currency)
        total = self.runlog.totals(since, until)
        if total:
            t = total[0]
            k.runs, k.succeeded = t["runs"], t["succeeded"] + t["undone"]
            k.failed, k.rows = t["failed"], t["rows"] or 0
            k.bytes = t["source_bytes"] or 0
            k.files = k.succeeded
            k.cost = k.estimated_cost = t["cost"] or 0.0
        k.per_day = self._per_day(since, until)
        k.per_table = sorted(self.runlog.totals(since, until, "table"),
                             key=lambda r: -(r["source_bytes"] or 0))
        k.per_user = sorted(self.runlog.totals(since, until, "user"),
                            key=lambda r: -(r["runs"] or 0))
        # Measured days come from the run log (synced), never from the source itself: the
        # KPIs must not wait on a throttled cloud API.
        measured = dict(self.runlog.daily_costs(since.date(), until.date()))
        for row in k.per_day:
            row["estimated_cost"] = row["cost"] or 0.0
            row["actual_cost"] = measured.get(row["key"])
            if row["actual_cost"] is not None:  # a real bill wins over the estimate
                row["cost"] = row["actual_cost"]
        known = [row["actual_cost"] for row in k.per_day if row["actual_cost"] is not None]
        if known:
            k.actual_cost, k.actual_days = sum(known), len(known)
            k.cost = sum(row["cost"] or 0 for row in k.per_day)
        return k

    def _per_day(self, since: dt.datetime, until: dt.datetime) -> list[dict[str, Any]]:
        """Every day of the period, zeros included, so charts have no gaps."""
        rows = {r["key"]: r for r in self.runlog.totals(since, until, "day")}
        day, last = since.date(), until.date()
        out = []
        while day <= last:
            out.append(rows.get(day) or {"key": day, "runs": 0, "succeeded": 0, "failed": 0,
                                         "cancelled": 0, "undone": 0, "rows": 0, "bytes": 0,
                                         "source_bytes": 0, "cost": 0.0})
            day += dt.timedelta(days=1)
        return out
