"""Failed runs grouped by cause, with counts per day: what keeps going wrong, and since when.

The cause is the run's error code (the problem that stopped it), counted in SQL per day;
one example run per cause gives the sentence a person reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dino_desktop.core.messages import render
from dino_desktop.core.models import Problem
from dino_desktop.core.runs import RunFilter, RunRecord, RunState
from dino_desktop.ports import RunLog


@dataclass
class FailureCause:
    code: str | None  # None: failures without a problem code (an unexpected error)
    failures: int
    per_day: dict[dt.date, int] = field(default_factory=dict)
    example: RunRecord | None = None  # the latest failed run with this cause

    @property
    def last_day(self) -> dt.date | None:
        return max(self.per_day) if self.per_day else None

    def text(self, lang: str) -> str:
        """What the latest failure said, in `lang` (its first problem of this code)."""
        run = self.example
        if run is None:
            return self.code or ""
        for raw in run.problems:
            if raw.get("code") == self.code:
                return render(Problem.from_dict(raw), lang)
        return (run.error or self.code or "").strip().splitlines()[0] if (
            run.error or self.code) else ""


def failure_causes(runlog: RunLog, since: dt.datetime | None,
                   until: dt.datetime | None) -> list[FailureCause]:
    """On a worker: every cause of failure in [since, until), most frequent first, then
    the most recent."""
    causes: dict[str | None, FailureCause] = {}
    for row in runlog.totals(since, until, "cause_day"):
        if not row["failed"]:
            continue
        code, day = row["key"]
        cause = causes.setdefault(code, FailureCause(code, 0))
        cause.failures += row["failed"]
        cause.per_day[day] = cause.per_day.get(day, 0) + row["failed"]
    for cause in causes.values():
        latest = runlog.query(RunFilter(states=(RunState.FAILED,), error_code=cause.code or "",
                                        since=since, until=until), limit=1)
        cause.example = latest[0] if latest else None
    def latest(c: FailureCause) -> float:
        return c.example.created_at.timestamp() if c.example else 0.0

    return sorted(causes.values(), key=lambda c: (-c.failures, -latest(c)))
