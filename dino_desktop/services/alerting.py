"""Alerts leave on a thread of their own, so a slow or broken channel never holds up a run.

`AlertDispatcher` is the Alerter port: `send` puts the alert in a bounded queue and returns at
once; one worker thread renders it in the user's language, picks the channels the rule asked
for (failures always, successes only with `on_success`), and delivers to each with retries
and exponential backoff (a server's Retry-After wins). A channel that keeps failing is
logged; the others are not affected, and nothing is ever raised to the caller.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dino_desktop.core.alert_text import ChannelError, RenderedAlert, render_alert
from dino_desktop.core.alerts import Alert, AlertChannels, history_link
from dino_desktop.core.messages import render
from dino_desktop.core.models import Problem
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.ports import AlertChannel

log = logging.getLogger(__name__)

Notify = Callable[[str, str], None]  # (title, text): the tray's balloon in the GUI
ChannelsFor = Callable[[AlertChannels], Sequence[AlertChannel]]
ResultFn = Callable[[str, Alert, Exception | None], None]  # channel name, alert, error
MAX_ERRORS = 5  # problems quoted in an alert; History has them all


class DesktopChannel:
    """A desktop notification through an injected `notify(title, text)` (the GUI passes its
    tray icon's; headless there is none, and the alert is only logged)."""

    name = "desktop"

    def __init__(self, notify: Notify | None = None) -> None:
        self.notify = notify

    def send(self, alert: RenderedAlert) -> None:
        if self.notify is None:
            log.info("alert (no desktop session): %s - %s", alert.title,
                     alert.short_text.replace("\n", " | "))
            return
        self.notify(alert.title, alert.short_text)


@dataclass
class Channels:
    """The usual channel factory: which channels an alert's rule asked for. `webhook(name)`
    and `email(addresses)` build a channel on demand (None when it cannot be built, e.g.
    SMTP is not configured: logged, the others still go)."""

    desktop: AlertChannel | None = None
    webhook: Callable[[str], AlertChannel | None] | None = None
    email: Callable[[tuple[str, ...]], AlertChannel | None] | None = None

    def __call__(self, wanted: AlertChannels) -> list[AlertChannel]:
        out: list[AlertChannel] = []
        if wanted.desktop and self.desktop is not None:
            out.append(self.desktop)
        if wanted.webhook:
            _add(out, "webhook", lambda: self.webhook and self.webhook(wanted.webhook))
        if wanted.email:
            _add(out, "email", lambda: self.email and self.email(tuple(wanted.email)))
        return out


def _add(out: list[AlertChannel], kind: str,
         make: Callable[[], AlertChannel | None]) -> None:
    try:
        channel = make()
    except Exception:
        log.exception("alert channel %s cannot be built", kind)
        return
    if channel is None:
        log.warning("alert channel %s cannot be used (not configured)", kind)
    else:
        out.append(channel)


@dataclass(order=True)
class _Attempt:
    due: float
    seq: int
    channel: AlertChannel  # compared never: seq is unique
    number: int  # 1-based attempt number


class AlertDispatcher:
    """The Alerter: a bounded queue and one daemon worker. `sleep` and `clock` are
    injectable so tests never wait; by default a backoff sleep ends early on `close`."""

    def __init__(self, channels: ChannelsFor | Sequence[AlertChannel], *,
                 lang: str | Callable[[], str] = "en", attempts: int = 4,
                 backoff: float = 2.0, max_backoff: float = 60.0,
                 max_retry_after: float = 300.0, queue_size: int = 100,
                 sleep: Callable[[float], object] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 on_result: ResultFn | None = None) -> None:
        self._channels = channels
        self._lang = lang
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self._closing = threading.Event()
        self._sleep = sleep or self._closing.wait
        self._clock = clock
        self._on_result = on_result
        self._queue: queue.Queue[Alert | None] = queue.Queue(maxsize=max(1, queue_size))
        self._pending = 0  # alerts accepted and not yet finished
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.dropped = 0  # alerts refused because the queue was full or closed

    # ---- the port

    def send(self, alert: Alert) -> None:
        """Queue the alert; returns at once and never raises."""
        try:
            if self._closing.is_set():
                self._drop(alert, "the alert dispatcher is closed")
                return
            if not self._applies(alert):
                return
            with self._idle:
                self._pending += 1
            try:
                self._queue.put_nowait(alert)
            except queue.Full:
                self._done()
                self._drop(alert, "the alert queue is full")
                return
            self._ensure_worker()
        except Exception:  # never let an alert break a run
            log.exception("alert for run %s not queued", getattr(alert, "run_id", "?"))

    # ---- shutdown and tests

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every queued alert was delivered or given up; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self, timeout: float | None = 5.0) -> bool:
        """Stop taking alerts; alerts already queued get one more try each (backoff waits
        end at once). Returns whether the worker finished within `timeout`."""
        self._closing.set()
        thread = self._thread
        if thread is None:
            return True
        with contextlib.suppress(queue.Full):  # full: the worker sees _closing once drained
            self._queue.put_nowait(None)
        thread.join(timeout)
        return not thread.is_alive()

    def __enter__(self) -> AlertDispatcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- the worker

    def _applies(self, alert: Alert) -> bool:
        return not alert.succeeded or alert.channels.on_success

    def _lang_now(self) -> str:
        try:
            return self._lang() if callable(self._lang) else self._lang
        except Exception:  # a GUI already gone: fall back to English
            return "en"

    def _ensure_worker(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="dino-alerts",
                                                daemon=True)
                self._thread.start()

    def _work(self) -> None:
        while True:
            try:
                alert = self._queue.get(timeout=0.5 if self._closing.is_set() else None)
            except queue.Empty:
                return
            if alert is None:
                if self._queue.empty():
                    return
                continue
            try:
                self._deliver(alert)
            except Exception:
                log.exception("alert for run %s: unexpected error", alert.run_id)
            finally:
                self._done()

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def _drop(self, alert: Alert, why: str) -> None:
        self.dropped += 1
        log.warning("alert for run %s not sent: %s", getattr(alert, "run_id", "?"), why)

    def _channels_for(self, alert: Alert) -> list[AlertChannel]:
        if callable(self._channels):
            return list(self._channels(alert.channels))
        return list(self._channels)

    def _deliver(self, alert: Alert) -> None:
        channels = self._channels_for(alert)
        if not channels:
            return
        rendered = render_alert(alert, self._lang_now())
        seq = itertools.count()
        todo = [_Attempt(self._clock(), next(seq), ch, 1) for ch in channels]
        heapq.heapify(todo)
        while todo:
            item = heapq.heappop(todo)
            wait = item.due - self._clock()
            if wait > 0:
                self._sleep(wait)
            if item.number > 1 and self._closing.is_set():
                self._report(item.channel, alert, ChannelError("not retried: closing"))
                continue
            delay = self._try(item.channel, rendered, item.number)
            if delay is not None:
                heapq.heappush(todo, _Attempt(self._clock() + delay, next(seq), item.channel,
                                              item.number + 1))

    def _try(self, channel: AlertChannel, rendered: RenderedAlert, number: int) -> float | None:
        """One attempt; the delay before the next one, or None when done (sent or given up)."""
        alert = rendered.alert
        try:
            channel.send(rendered)
        except Exception as exc:
            retryable, after = _classify(exc)
            if retryable and number < self.attempts:
                delay = min(self.backoff * 2 ** (number - 1), self.max_backoff)
                if after is not None:
                    delay = max(delay, min(after, self.max_retry_after))
                log.warning("alert for run %s: %s failed (attempt %d of %d), again in %.0f s: "
                            "%s", alert.run_id, channel.name, number, self.attempts, delay, exc)
                return delay
            log.error("alert for run %s: %s failed, giving up after %d attempt(s): %s",
                      alert.run_id, channel.name, number, exc)
            self._report(channel, alert, exc)
            return None
        log.info("alert for run %s sent by %s", alert.run_id, channel.name)
        self._report(channel, alert, None)
        return None

    def _report(self, channel: AlertChannel, alert: Alert, error: Exception | None) -> None:
        if self._on_result is None:
            return
        try:
            self._on_result(channel.name, alert, error)
        except Exception:
            log.exception("alert result callback failed")


def _classify(exc: Exception) -> tuple[bool, float | None]:
    """(retry?, Retry-After seconds): network errors retry; unknown bugs do not."""
    if isinstance(exc, ChannelError):
        return exc.retryable, exc.retry_after
    if isinstance(exc, OSError):  # includes timeouts and refused connections
        return True, None
    return False, None


def alert_for_run(run: RunRecord, channels: AlertChannels, *, rule: str = "",
                  lang: str = "en", file: str | None = None) -> Alert:
    """The alert for a finished run: its error in `lang` (from the recorded problems, else
    the recorded text), and its History link."""
    error = ""
    if run.state is not RunState.SUCCEEDED:
        problems = [Problem.from_dict(p) for p in run.problems or []]
        errors = [p for p in problems if p.severity.value == "error"] or problems
        lines = list(dict.fromkeys(render(p, lang) for p in errors[:MAX_ERRORS]))
        if len(errors) > MAX_ERRORS:
            lines.append(f"(+{len(errors) - MAX_ERRORS})")
        error = "\n".join(lines) or run.error or run.state.value
    return Alert(run_id=run.run_id, file=file or run.source_path or run.source_name,
                 target=run.target, succeeded=run.state is RunState.SUCCEEDED, error=error,
                 link=history_link(run.run_id), rule=rule, channels=channels)
