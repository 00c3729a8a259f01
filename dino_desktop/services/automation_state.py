"""What the automation engine tells and keeps: events, each rule's status, and the small
state file that outlives a restart (services/automation.py runs the rules)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dino_desktop.core.messages import render
from dino_desktop.core.models import Problem
from dino_desktop.core.runs import RunState

log = logging.getLogger(__name__)

STATE_FILE = "state.json"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class AutomationEvent:
    """Something a person may want to read: `text(lang)` is the line `dino watch` prints."""

    problem: Problem  # code (auto_*) + parameters: the sentence, in either language
    at: dt.datetime
    rule: str = ""
    file: str = ""
    run_id: str = ""
    details: tuple[Problem, ...] = ()  # why a rule is invalid, why a file failed

    @property
    def kind(self) -> str:
        """run_succeeded, run_failed, duplicate, waiting, folder_missing, ..."""
        return self.problem.code.removeprefix("auto_")

    def text(self, lang: str = "en") -> str:
        return " ".join([render(self.problem, lang), *(render(d, lang) for d in self.details)])


@dataclass(frozen=True)
class RuleStatus:
    """What a rule's row in the Settings page (or `dino watch --list`) shows."""

    name: str
    valid: bool
    enabled: bool
    on_arrival: bool
    problems: tuple[Problem, ...]
    last_run_id: str | None  # the run of the rule's last file (a duplicate: the earlier run)
    last_state: RunState | None  # that run's state now (a retry or an undo shows here)
    last_outcome: str | None  # succeeded | failed | duplicate
    last_at: dt.datetime | None
    last_file: str | None
    next_at: dt.datetime | None  # next scan (as files arrive) or next scheduled time
    waiting: int  # files seen but not complete yet
    busy: bool  # loading a file right now


@dataclass
class PassResult:
    """What one pass did (`run_once`): the exit status of `dino watch --once`."""

    succeeded: int = 0
    failed: int = 0
    duplicates: int = 0
    left: int = 0  # files still being written, left for the next pass

    @property
    def ok(self) -> bool:
        return self.failed == 0


class RuleStateStore:
    """Per rule, what must outlive the process: its last run (the run log has no rule
    column) and when its schedule last fired. One small JSON file, replaced atomically and
    merged on every write (the tray app and `dino watch` may share a DINO_HOME)."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("automation state %s cannot be read (%s); starting afresh",
                        self.path, exc)
            return {}
        rules = data.get("rules") if isinstance(data, dict) else None
        return rules if isinstance(rules, dict) else {}

    def get(self, name: str) -> dict[str, Any]:
        value = self.load().get(name)
        return value if isinstance(value, dict) else {}

    def put(self, name: str, **values: Any) -> None:
        with self._lock:
            rules = self.load()
            entry = rules.setdefault(name, {})
            entry.update({k: v.isoformat() if isinstance(v, dt.datetime) else v
                          for k, v in values.items()})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": 1, "rules": rules}, indent=2,
                                      ensure_ascii=False), "utf-8")
            os.replace(tmp, self.path)


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO time from the state file (aware, UTC when it says no zone)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
