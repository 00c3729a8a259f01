"""The local profile's cost: a price model, since nothing sends a bill.

Engine time is priced per hour, the data kept per GB-month (pro rata, for the month the
run starts), plus a fixed overhead per run. Good enough to compare runs, tables and users.
"""

from __future__ import annotations

import datetime as dt

from dino_desktop.core.runs import RunRecord

GB = 1024**3


class PriceModel:
    def __init__(self, compute_per_hour: float, storage_per_gb_month: float, per_run: float,
                 currency: str = "BRL"):
        self.compute_per_hour = compute_per_hour
        self.storage_per_gb_month = storage_per_gb_month
        self.per_run = per_run
        self._currency = currency

    @property
    def currency(self) -> str:
        return self._currency

    def estimate(self, run: RunRecord) -> float:
        seconds = sum(run.timings.get(stage, 0.0) for stage in ("convert", "stage", "run"))
        compute = self.compute_per_hour * seconds / 3600
        storage = self.storage_per_gb_month * (run.bytes_staged or 0) / GB
        return round(compute + storage + self.per_run, 6)

    def daily(self, since: dt.date, until: dt.date) -> list[tuple[dt.date, float]]:
        return []  # a model measures nothing; the run log sums the estimates per day
