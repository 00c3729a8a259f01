"""The automation engine: looks at each rule's folder when it is due, takes a file once
`FolderScan` (services/folder_scan.py) finds it complete, and hands it to `FileLoader`
(services/rule_files.py), which loads it once, sets it aside in processed/ or failed/ and
tells people.

No Qt and no thread of its own unless asked (`start`): the GUI ticks or starts it from a
worker (and keeps it going from the tray), `dino watch` from the command line. Time comes
from an injected clock and waiting from an injected sleep, so tests take no real time.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dino_desktop.core.models import Problem, Severity
from dino_desktop.core.rules import (
    Rule,
    RuleCheck,
    Seen,
    first_due,
    next_fire,
    settles_at,
)
from dino_desktop.ports import Alerter
from dino_desktop.services.automation_state import (
    STATE_FILE,
    AutomationEvent,
    PassResult,
    RuleStateStore,
    RuleStatus,
    parse_time,
    utc_now,
)
from dino_desktop.services.folder_scan import FolderScan
from dino_desktop.services.ingestion import IngestionService
from dino_desktop.services.rule_files import FileLoader, file_is_locked, move_aside

__all__ = ["AutomationEvent", "PassResult", "RuleRunner", "RuleStateStore", "RuleStatus",
           "file_is_locked", "move_aside"]

log = logging.getLogger(__name__)

MIN_WAIT = dt.timedelta(seconds=1)  # never look at a settling file more often than this
ERRORS = ("auto_run_failed", "auto_rule_error", "auto_move_failed", "auto_rule_invalid")
WARNINGS = ("auto_folder_missing", "auto_no_rules", "auto_incomplete")


@dataclass
class _Track:
    """A rule and the runner's bookkeeping for it (its folder's files, when it is next due)."""

    check: RuleCheck
    due_at: dt.datetime
    next_fire: dt.datetime | None = None  # scheduled rules
    window: bool = False  # a scheduled pass is open (files still settling)
    files: FolderScan = field(default_factory=FolderScan)
    folder_ok: bool = True
    forced: bool = False
    taken: int = 0  # files handled in this scheduled pass or `run_once`

    @property
    def rule(self) -> Rule | None:
        """The rule when it runs (valid and enabled)."""
        rule = self.check.rule
        return rule if rule is not None and rule.enabled else None


class RuleRunner:
    """Runs the rules: `tick()` does what is due now; `run_forever()` / `start()` loop until
    `stop()`; `run_once()` is one pass (the Task Scheduler's). Observers (`subscribe`) hear
    every event, on the runner's thread: a GUI forwards them by a signal."""

    def __init__(self, ingestion: IngestionService, checks: list[RuleCheck], *,
                 state_dir: Path, alerter: Alerter | None = None,
                 scan_seconds: float = 30.0, settle_seconds: float = 10.0,
                 clock: Callable[[], dt.datetime] = utc_now,
                 sleep: Callable[[float], None] | None = None,
                 lock_probe: Callable[[Path], bool] = file_is_locked,
                 lang: str = "en", tz: dt.tzinfo | None = None,
                 only: Collection[str] | None = None, once_rounds: int = 4):
        self.ingestion = ingestion
        self.state = RuleStateStore(state_dir / STATE_FILE)
        self.scan = dt.timedelta(seconds=scan_seconds)
        self.settle_seconds = settle_seconds
        self.clock = clock
        self.lock_probe = lock_probe
        self.tz = tz  # schedules read in this zone (None: the computer's)
        self.only = set(only) if only else None
        self.once_rounds = once_rounds
        self._sleep = sleep or self._wait
        self._stop = threading.Event()
        self._cancel = threading.Event()
        self._wake = threading.Event()
        self._observers: list[Callable[[AutomationEvent], None]] = []
        self._thread: threading.Thread | None = None
        self._busy: str | None = None
        self.loader = FileLoader(ingestion, self.state, self._emit, alerter, clock,
                                 self._cancel, lang, tz)
        self._tracks: dict[str, _Track] = {}
        self.reload(checks)

    # ---- rules

    def reload(self, checks: list[RuleCheck]) -> None:
        """New rules (the Settings page saved them): a rule that did not change keeps its
        bookkeeping; the runner picks the new list up at its next tick."""
        now = self.clock()
        tracks: dict[str, _Track] = {}
        for check in checks:
            if self.only is not None and check.name not in self.only:
                continue
            old = self._tracks.get(check.name)
            if old is not None and old.check.rule == check.rule:
                old.check = check
                tracks[check.name] = old
                continue
            track = _Track(check, due_at=now)
            rule = check.rule
            if rule is not None and not rule.on_arrival:
                fired = parse_time(self.state.get(rule.name).get("last_fired_at"))
                track.next_fire = track.due_at = first_due(rule.schedule, fired, now, self.tz)
            tracks[check.name] = track
        self._tracks = tracks
        self._wake.set()

    @property
    def alerter(self) -> Alerter | None:
        return self.loader.alerter

    @alerter.setter
    def alerter(self, alerter: Alerter | None) -> None:
        """Alert channels can be set up (or changed) after the runner is made."""
        self.loader.alerter = alerter

    @property
    def checks(self) -> list[RuleCheck]:
        return [t.check for t in self._tracks.values()]

    def subscribe(self, observer: Callable[[AutomationEvent], None]) -> None:
        self._observers.append(observer)

    def trigger(self, name: str) -> None:
        """Run a rule at the next tick whatever its schedule (a "Run now" button)."""
        track = self._tracks.get(name)
        if track is not None:
            track.forced = True
            self._wake.set()

    # ---- status

    def rule_status(self, name: str) -> RuleStatus:
        """A rule's last run and next run. Reads the run log: not on a GUI thread."""
        track = self._tracks[name]
        check, rule = track.check, track.check.rule
        saved = self.state.get(name)
        run_id = saved.get("last_run_id") or None
        run = self.ingestion.runlog.get(run_id) if run_id else None
        next_at = None
        if track.rule is not None:
            next_at = track.due_at if track.rule.on_arrival or track.window \
                else track.next_fire
        return RuleStatus(
            name=name, valid=rule is not None, enabled=bool(rule and rule.enabled),
            on_arrival=bool(rule and rule.on_arrival), problems=tuple(check.problems),
            last_run_id=run_id, last_state=run.state if run else None,
            last_outcome=saved.get("last_outcome"), last_at=parse_time(saved.get("last_at")),
            last_file=saved.get("last_file"), next_at=next_at, waiting=len(track.files.seen),
            busy=self._busy == name)

    def statuses(self) -> list[RuleStatus]:
        return [self.rule_status(name) for name in list(self._tracks)]

    # ---- running

    def tick(self) -> None:
        """Everything due now: arrival rules' scans, scheduled times reached, files whose
        settle time is over, rules triggered by hand."""
        now = self.clock()
        for track in list(self._tracks.values()):
            if self._stop.is_set():
                return
            rule = track.rule
            if rule is None or not (track.forced or now >= track.due_at):
                continue
            forced, track.forced = track.forced, False
            try:
                if not rule.on_arrival and not track.window:
                    self._fire(track, rule, now, forced)
                self._reschedule(track, rule, self._scan(track, rule), self.clock())
            except Exception as exc:  # one rule's trouble never stops the others
                log.exception("rule %s failed", rule.name)
                self._emit("auto_rule_error", rule.name, reason=f"{type(exc).__name__}: {exc}")
                track.window = False
                track.due_at = now + self.scan

    def _fire(self, track: _Track, rule: Rule, now: dt.datetime, forced: bool) -> None:
        track.window = True
        track.taken = 0
        if not forced:
            self.state.put(rule.name, last_fired_at=now)
            track.next_fire = next_fire(rule.schedule, now, self.tz)
        self._emit("auto_schedule_due", rule.name, folder=rule.folder)

    def _reschedule(self, track: _Track, rule: Rule, pending: list[Seen],
                    now: dt.datetime) -> None:
        """Due again soon while files settle, else at the next scan or scheduled time."""
        wake = min((max(settles_at(s, self.settle_seconds), now + MIN_WAIT) for s in pending),
                   default=None)
        if rule.on_arrival:
            track.due_at = min(now + self.scan, wake) if wake else now + self.scan
        elif wake is not None:
            track.due_at = wake
        else:
            if track.taken == 0 and track.folder_ok:
                self._emit("auto_no_files", rule.name, folder=rule.folder)
            track.window = False
            track.due_at = track.next_fire or now + self.scan

    def seconds_to_next(self) -> float:
        """How long the loop may sleep: until the earliest rule is due."""
        due = [t.due_at for t in self._tracks.values() if t.rule is not None]
        if not due:
            return self.scan.total_seconds()
        left = (min(due) - self.clock()).total_seconds()
        return max(left, MIN_WAIT.total_seconds() / 2)

    def run_forever(self) -> None:
        """Tick, sleep until the next thing is due, again, until `stop()`."""
        self._stop.clear()
        self._cancel.clear()
        self._announce("auto_watching")
        while not self._stop.is_set():
            self.tick()
            if self._stop.is_set():
                break
            self._sleep(self.seconds_to_next())
        self._emit("auto_stopped", "")

    def run_once(self) -> PassResult:
        """Every selected rule now, whatever its schedule; files still being written are
        waited for a few settle times, then left for the next pass."""
        self._stop.clear()
        self._cancel.clear()
        result = self.loader.result = PassResult()
        self._announce("auto_once")
        tracks = [t for t in self._tracks.values() if t.rule is not None]
        for track in tracks:
            track.taken = 0
        rounds = max(self.once_rounds, 1)
        for round_ in range(1, rounds + 1):
            pending: list[Seen] = []
            for track in tracks:
                if self._stop.is_set():
                    break
                pending += self._scan_safely(track)
            if not pending or self._stop.is_set() or round_ == rounds:
                break
            first = min(settles_at(s, self.settle_seconds) for s in pending)
            self._sleep(max((first - self.clock()).total_seconds(),
                            MIN_WAIT.total_seconds()))
        for track in tracks:
            rule = track.rule
            assert rule is not None
            for path in sorted(track.files.seen):
                result.left += 1
                self._emit("auto_incomplete", rule.name, file=path)
            if track.taken == 0 and not track.files.seen and track.folder_ok \
                    and not self._stop.is_set():
                self._emit("auto_no_files", rule.name, folder=rule.folder)
            track.files.new_pass()
        self.loader.result = None
        return result

    def _scan_safely(self, track: _Track) -> list[Seen]:
        rule = track.rule
        assert rule is not None
        try:
            return self._scan(track, rule)
        except Exception as exc:
            log.exception("rule %s failed", rule.name)
            self._emit("auto_rule_error", rule.name, reason=f"{type(exc).__name__}: {exc}")
            return []

    def start(self) -> threading.Thread:
        """`run_forever` on a thread of its own (what the app and its tray icon use)."""
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self.run_forever, name="dino-rules",
                                            daemon=True)
            self._thread.start()
        return self._thread

    def stop(self, timeout: float | None = None, cancel_current: bool = True) -> None:
        """Stop soon: a file being loaded is cancelled (its table is left as it was) and
        stays in its folder for next time; `cancel_current=False` lets it finish first."""
        if self._busy and cancel_current:
            self._emit("auto_stopping", self._busy)
        self._stop.set()
        if cancel_current:
            self._cancel.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _wait(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    # ---- one folder

    def _scan(self, track: _Track, rule: Rule) -> list[Seen]:
        """Load the complete files the folder holds, oldest first; return the ones still
        settling. A folder that cannot be read is told once, and again when it is back."""
        now = self.clock()
        try:
            sweep = track.files.look(rule, now, self.settle_seconds, self.lock_probe)
        except OSError as exc:  # a share away: said once, tried again at every scan
            if track.folder_ok:
                track.folder_ok = False
                self._emit("auto_folder_missing", rule.name, folder=rule.folder,
                           reason=exc.strerror or type(exc).__name__)
            return []
        if not track.folder_ok:
            track.folder_ok = True
            self._emit("auto_folder_back", rule.name, folder=rule.folder)
        for path in sweep.waiting:
            self._emit("auto_waiting", rule.name, file=path)
        for path, seen in sweep.ready:
            if self._stop.is_set():
                break
            track.files.take(path)
            if Path(path).is_file():  # not taken away meanwhile
                track.taken += 1
                self._load(track, rule, Path(path), seen)
        return track.files.pending

    def _load(self, track: _Track, rule: Rule, path: Path, seen: Seen) -> None:
        self._busy = rule.name
        try:
            loaded = self.loader.load(rule, path)
        finally:
            self._busy = None
        if loaded.outcome != "cancelled" and loaded.moved is None:
            track.files.hold(str(path), seen)  # not loaded again meanwhile

    # ---- events

    def report_rules(self) -> list[str]:
        """Tell which rules are not used and why; the names of those that run."""
        for track in self._tracks.values():
            check = track.check
            if check.rule is None:
                self._emit("auto_rule_invalid", check.name, details=tuple(check.errors))
            elif not check.rule.enabled:
                self._emit("auto_rule_disabled", check.name)
        names = [t.check.name for t in self._tracks.values() if t.rule is not None]
        if not names:
            self._emit("auto_no_rules", "")
        return names

    def _announce(self, code: str) -> None:
        names = self.report_rules()
        if names:
            self._emit(code, "", count=len(names), rules=", ".join(names))

    def _emit(self, code: str, rule: str, *, details: tuple[Problem, ...] = (),
              **params: Any) -> None:
        severity = Severity.ERROR if code in ERRORS else Severity.WARNING \
            if code in WARNINGS else Severity.INFO
        event = AutomationEvent(Problem(severity, code, {"rule": rule, **params}),
                                self.clock(), rule, str(params.get("file", "")),
                                str(params.get("run_id", "")), details)
        log.log(logging.INFO if severity is Severity.INFO else logging.WARNING, "%s",
                event.text("en"))
        for observer in list(self._observers):
            try:
                observer(event)
            except Exception:  # a broken observer must not stop the rules
                log.exception("an automation observer failed")
