"""The automation rules while the app is open (and from the tray after the window closes).

The main window owns one `AutomationController`; it builds a `RuleRunner` on a worker (the
runner reads folders and the run log), runs it on the runner's own thread, and brings its
events to the GUI thread by a signal. Nothing here blocks the GUI thread except `shutdown`,
which waits a bounded time at exit. Widgets (the rules page, the status bar, the tray menu)
only read `statuses` and call the methods below.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from dino_desktop import config
from dino_desktop.bootstrap import App
from dino_desktop.core.rules import Rule, RuleCheck
from dino_desktop.rule_config import (
    ConfiguredRule,
    check_rules,
    list_rules,
    make_runner,
    save_user_rules,
)
from dino_desktop.services.automation import AutomationEvent, RuleRunner, RuleStatus
from dino_desktop.ui.workers import Task, TaskRunner

log = logging.getLogger(__name__)

FINISHED = ("run_succeeded", "run_failed", "run_cancelled", "duplicate")
STATUS_DELAY_MS = 150  # events come in bursts: read the statuses once after them
STATUS_POLL_MS = 30_000  # next-run times move on without events (scans find nothing)
SHUTDOWN_SECONDS = 5.0


class ConfigSource:
    """Where the rules are read from and saved to: the configuration files as `config.load`
    finds them (`env` None: the process environment). Every method reads or writes files:
    call them on a worker."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.env = env

    def user_file(self) -> Path:
        env = os.environ if self.env is None else self.env
        named = env.get("DINO_CONFIG")
        return Path(named).expanduser() if named else config.user_config_file()

    def settings(self) -> config.Settings:
        return config.load(env=self.env, user_file=self.user_file())

    def rules(self) -> list[ConfiguredRule]:
        """Every rule (IT's and the user's), checked, with its origin."""
        return list_rules(self.settings(), env=self.env, user_file=self.user_file())

    def checks(self) -> list[RuleCheck]:
        return check_rules(self.settings().rules)

    def user_rules(self) -> list[dict[str, Any]]:
        """The rules in the user's own file, as written there (what a save replaces)."""
        path = self.user_file()
        if not path.is_file():
            return []
        with open(path, "rb") as f:
            rules = tomllib.load(f).get("rules", [])
        return [dict(r) for r in rules if isinstance(r, dict)] if isinstance(rules, list) \
            else []

    def save(self, rules: list[dict[str, Any]]) -> Path:
        """The user's own rules become exactly these (refused when one is invalid)."""
        return save_user_rules(rules, self.user_file())


class AutomationController(QObject):
    event = Signal(object)  # AutomationEvent, on the GUI thread
    statuses_changed = Signal()  # `statuses`, `checks` were read again
    state_changed = Signal()  # started, paused, resumed or stopped
    run_finished = Signal(str)  # a rule's run ended (its id): History shows it
    reloaded = Signal()  # the rules were read again from the configuration
    reload_failed = Signal(str)  # why not
    _from_runner = Signal(object)  # queued from the runner's thread

    def __init__(self, services: App, tasks: TaskRunner, *,
                 lang: Callable[[], str] = lambda: "en", source: ConfigSource | None = None,
                 runner_options: dict[str, Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services, self.tasks = services, tasks
        self.source = source or ConfigSource()
        self.lang = lang
        self.runner_options = dict(runner_options or {})
        self.runner: RuleRunner | None = None
        self.statuses: dict[str, RuleStatus] = {}
        self.checks: list[RuleCheck] = []
        self.paused = False
        self.closing = False
        self._alerter: Any = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._gen = 0
        self._from_runner.connect(self._on_event)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_DELAY_MS)
        self._status_timer.timeout.connect(self.refresh)
        self._poll = QTimer(self)
        self._poll.setInterval(STATUS_POLL_MS)
        self._poll.timeout.connect(self.refresh)

    # ---- lifecycle

    def start(self) -> Task:
        """Build the runner on a worker, then run it (when a rule can run)."""
        def build() -> RuleRunner:
            return make_runner(self.services, lang=self.lang(), **self.runner_options)

        return self.tasks.submit(build, on_result=self._on_built, name="rules-start",
                                 on_error=lambda exc: log.error("rules not started: %s", exc))

    def _on_built(self, runner: RuleRunner) -> None:
        if self.closing:
            return
        self.runner = runner
        runner.alerter = self._alerter
        runner.subscribe(self._from_runner.emit)  # on the runner's thread: queued here
        self.checks = runner.checks
        self._ensure_running()
        self._poll.start()
        self.refresh()

    @property
    def ready(self) -> bool:
        return self.runner is not None

    @property
    def running(self) -> bool:
        """The runner's thread is going (not paused, not stopping)."""
        thread, runner = self._thread, self.runner
        return bool(thread is not None and thread.is_alive() and runner is not None
                    and not runner.stopping)

    @property
    def runnable(self) -> list[Rule]:
        """The rules that run (valid and enabled)."""
        return [c.rule for c in self.checks if c.rule is not None and c.rule.enabled]

    @property
    def has_enabled_rules(self) -> bool:
        return bool(self.runnable)

    def _ensure_running(self) -> None:
        runner = self.runner
        if runner is None or self.paused or self.closing or not self.runnable \
                or self.running:
            return
        old = self._thread
        if old is not None and old.is_alive():  # a pause still finishing its file
            self.tasks.submit(self._restart, old, name="rules-resume")
            return
        with self._lock:
            self._thread = runner.start()
        self.state_changed.emit()

    def _restart(self, old: threading.Thread) -> None:
        """On a worker: wait for the paused thread to end, then start a new one."""
        old.join()
        with self._lock:
            runner = self.runner
            if runner is not None and not self.closing and not self.paused:
                self._thread = runner.start()
        self._from_runner.emit(None)  # tell the GUI thread the state changed

    def pause(self) -> None:
        """No more ticks; a file being loaded finishes first (the thread ends after it)."""
        self.paused = True
        if self.runner is not None:
            self.runner.stop(timeout=0, cancel_current=False)
        self.state_changed.emit()
        self.refresh()

    def resume(self) -> None:
        self.paused = False
        self._ensure_running()
        self.state_changed.emit()
        self.refresh()

    def shutdown(self, timeout: float = SHUTDOWN_SECONDS) -> None:
        """At exit: stop the runner (a file being loaded is cancelled and stays in its
        folder), waiting at most `timeout` seconds. Safe to call twice."""
        with self._lock:
            if self.closing:
                return
            self.closing = True
        self._poll.stop()
        self._status_timer.stop()
        if self.runner is not None:
            self.runner.stop(timeout=timeout, cancel_current=True)

    # ---- settings that change while running

    def set_alerter(self, alerter: Any) -> None:
        self._alerter = alerter
        if self.runner is not None:
            self.runner.alerter = alerter

    def set_lang(self, lang: str) -> None:
        """Alert texts (a failed run's error) in the language shown now."""
        if self.runner is not None:
            self.runner.loader.lang = lang

    def reload(self) -> Task:
        """Read the rules from the configuration again (after a save) and give them to the
        runner; a rule that did not change keeps its state."""
        def work() -> list[RuleCheck]:
            checks = self.source.checks()
            if self.runner is not None:
                self.runner.reload(checks)
            return checks

        return self.tasks.submit(work, on_result=self._on_reloaded, name="rules-reload",
                                 on_error=lambda exc: self.reload_failed.emit(str(exc)))

    def _on_reloaded(self, checks: list[RuleCheck]) -> None:
        if self.runner is None:  # still being built: it reads the configuration itself
            return
        self.checks = self.runner.checks
        self._ensure_running()
        self.refresh()
        self.reloaded.emit()

    # ---- running by hand

    def run_now(self, name: str) -> None:
        """Run a rule at once, whatever its schedule (files still being copied wait)."""
        if self.runner is not None:
            self.runner.trigger(name)
            self._ensure_running()

    def run_all(self) -> None:
        for rule in self.runnable:
            self.run_now(rule.name)

    # ---- events and statuses

    def _on_event(self, event: AutomationEvent | None) -> None:
        if event is None:  # from _restart
            self.state_changed.emit()
            return
        self.event.emit(event)
        if event.kind in FINISHED and event.run_id:
            self.run_finished.emit(event.run_id)
        if event.kind == "stopped":
            self.state_changed.emit()
        self._status_timer.start()

    def refresh(self) -> None:
        """Read each rule's last and next run (the run log) on a worker."""
        runner = self.runner
        if runner is None or self.closing:
            return
        self._gen += 1
        gen = self._gen

        def read() -> tuple[list[RuleStatus], list[RuleCheck]]:
            return runner.statuses(), runner.checks

        self.tasks.submit(read, name="rules-status",
                          on_result=lambda found: self._on_statuses(gen, *found),
                          on_error=lambda exc: log.debug("rule statuses: %s", exc))

    def _on_statuses(self, gen: int, statuses: list[RuleStatus],
                     checks: list[RuleCheck]) -> None:
        if gen != self._gen:
            return
        self.statuses = {s.name: s for s in statuses}
        self.checks = checks
        self.statuses_changed.emit()

    def folders(self) -> list[str]:
        """The folders the running rules watch (each once)."""
        return list(dict.fromkeys(r.folder for r in self.runnable))

    def next_scheduled(self) -> dt.datetime | None:
        """The next time a scheduled rule runs (arrival rules look all the time)."""
        names = {r.name for r in self.runnable if not r.on_arrival}
        times = [s.next_at for n, s in self.statuses.items()
                 if n in names and s.next_at is not None]
        return min(times, default=None)
