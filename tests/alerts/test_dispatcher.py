"""The dispatcher: which channels hear about a run, retries with backoff, a failing channel
alone, and `send` returning at once whatever the channels do."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from dino_desktop.core.alert_text import ChannelError, RenderedAlert, render_alert
from dino_desktop.core.alerts import AlertChannels
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.services.alerting import (
    AlertDispatcher,
    Channels,
    DesktopChannel,
    alert_for_run,
)
from tests.alerts.conftest import RUN_ID, make_alert


class Fake:
    """A channel that fails as scripted (exceptions in order), then succeeds."""

    def __init__(self, name: str, failures: list[Exception] | None = None,
                 block: threading.Event | None = None) -> None:
        self.name = name
        self.failures = list(failures or [])
        self.block = block
        self.attempts = 0
        self.sent: list[RenderedAlert] = []

    def send(self, alert: RenderedAlert) -> None:
        self.attempts += 1
        if self.block is not None:
            self.block.wait(10)
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(alert)


def dispatcher(channels, **kw) -> tuple[AlertDispatcher, list[float]]:
    sleeps: list[float] = []
    kw.setdefault("sleep", sleeps.append)
    return AlertDispatcher(channels, **kw), sleeps


def test_failures_are_always_told_successes_only_when_asked():
    ch = Fake("fake")
    d, _ = dispatcher([ch])
    d.send(make_alert(succeeded=False))
    d.send(make_alert(succeeded=True))  # on_success is off: not told
    d.send(make_alert(succeeded=True, on_success=True))
    assert d.flush(5)
    assert [a.alert.succeeded for a in ch.sent] == [False, True]
    d.close()


def test_the_rule_picks_the_channels():
    desk, hook, mail = Fake("desktop"), Fake("webhook:ops"), Fake("email")
    made: list[object] = []

    def webhook(name: str):
        made.append(name)
        return hook

    def email(to: tuple[str, ...]):
        made.append(to)
        return mail

    d, _ = dispatcher(Channels(desktop=desk, webhook=webhook, email=email))
    d.send(make_alert(desktop=False, webhook="ops", email=("ana@contoso.com",)))
    d.send(make_alert(desktop=True))
    assert d.flush(5)
    assert made == ["ops", ("ana@contoso.com",)]
    assert (len(desk.sent), len(hook.sent), len(mail.sent)) == (1, 1, 1)
    d.close()


def test_a_channel_that_cannot_be_built_leaves_the_others(caplog):
    desk = Fake("desktop")

    def broken(name: str):
        raise RuntimeError("no keyring")

    d, _ = dispatcher(Channels(desktop=desk, webhook=broken, email=lambda to: None))
    d.send(make_alert(webhook="ops", email=("x@y.z",)))
    assert d.flush(5)
    assert len(desk.sent) == 1
    assert "webhook cannot be built" in caplog.text and "email cannot be used" in caplog.text
    d.close()


def test_retries_back_off_then_deliver():
    ch = Fake("hook", [ChannelError("HTTP 500"), ChannelError("HTTP 503"), OSError("reset")])
    d, sleeps = dispatcher([ch], attempts=4, backoff=2.0)
    d.send(make_alert())
    assert d.flush(5)
    assert ch.attempts == 4 and len(ch.sent) == 1
    assert [round(s) for s in sleeps] == [2, 4, 8]
    d.close()


def test_retry_after_is_honoured_and_capped():
    ch = Fake("hook", [ChannelError("429", retry_after=30), ChannelError("429", retry_after=9999)])
    d, sleeps = dispatcher([ch], backoff=1.0, max_retry_after=300)
    d.send(make_alert())
    assert d.flush(5)
    assert [round(s) for s in sleeps] == [30, 300]
    d.close()


def test_gives_up_after_the_attempts_and_on_errors_not_worth_a_retry(caplog):
    flaky = Fake("flaky", [ChannelError("HTTP 500")] * 10)
    refused = Fake("refused", [ChannelError("HTTP 404", retryable=False)])
    buggy = Fake("buggy", [ValueError("a bug")])
    results: list[tuple[str, Exception | None]] = []
    d, sleeps = dispatcher([flaky, refused, buggy], attempts=3,
                           on_result=lambda name, alert, err: results.append((name, err)))
    d.send(make_alert())
    assert d.flush(5)
    assert (flaky.attempts, refused.attempts, buggy.attempts) == (3, 1, 1)
    assert len(sleeps) == 2
    assert sorted(name for name, err in results if err is not None) == [
        "buggy", "flaky", "refused"]
    assert "giving up after 3 attempt(s)" in caplog.text
    d.close()


def test_a_failing_channel_does_not_affect_the_others():
    bad = Fake("bad", [ChannelError("down")] * 10)
    good = Fake("good")
    d, _ = dispatcher([bad, good], attempts=3)
    for _ in range(3):
        d.send(make_alert())
    assert d.flush(5)
    assert len(good.sent) == 3 and bad.attempts == 9
    d.close()


def test_send_returns_at_once_never_raises_and_drops_when_full():
    gate = threading.Event()
    slow = Fake("slow", block=gate)
    d, _ = dispatcher([slow], queue_size=1)
    started = time.monotonic()
    for _ in range(5):  # one in the worker, one queued, the rest dropped
        d.send(make_alert())
    assert time.monotonic() - started < 0.5
    assert not d.flush(0.05)
    gate.set()
    assert d.flush(5)
    assert 1 <= d.dropped <= 4 and slow.attempts + d.dropped == 5
    d.close()
    d.send(make_alert())  # closed: dropped, not raised
    assert slow.attempts + d.dropped == 6


def test_close_ends_backoff_waits_and_queued_alerts_get_one_try():
    ch = Fake("hook", [ChannelError("down")] * 10)
    d = AlertDispatcher([ch], attempts=5, backoff=3600)  # the real sleep: close must end it
    d.send(make_alert())
    d.send(make_alert())
    assert not d.flush(0.2)  # waiting an hour for the 2nd attempt
    started = time.monotonic()
    assert d.close(5)
    assert time.monotonic() - started < 5
    assert ch.attempts == 2  # one try each, no retry once closing


@pytest.mark.parametrize("lang", ["en", "pt_BR"])
def test_the_language_is_read_when_the_alert_is_rendered(lang):
    ch = Fake("fake")
    current = {"lang": "en"}
    d, _ = dispatcher([ch], lang=lambda: current["lang"])
    current["lang"] = lang
    d.send(make_alert())
    assert d.flush(5)
    assert ch.sent[0].lang == lang
    assert ch.sent[0].title == ("DINO: a execução em main.vendas.notas falhou" if lang == "pt_BR"
                                else "DINO: the run into main.vendas.notas failed")
    d.close()


def test_texts_in_both_languages_hold_every_field():
    alert = make_alert()
    en, pt = render_alert(alert, "en"), render_alert(alert, "pt_BR")
    for value in (RUN_ID, "C:/dados/vendas_nov.csv", "main.vendas.notas", alert.error,
                  f"dino://history/{RUN_ID}", "vendas diárias"):
        assert value in en.text and value in pt.text
    assert "Run: " + RUN_ID in en.text and "Execução: " + RUN_ID in pt.text
    assert "Error: " in en.text and "Erro: " in pt.text
    assert "History: dino://history/" in en.text and "Histórico: dino://history/" in pt.text
    assert en.summary == "Loading C:/dados/vendas_nov.csv into main.vendas.notas failed."
    assert pt.summary == "A carga de C:/dados/vendas_nov.csv em main.vendas.notas falhou."
    ok_pt = render_alert(make_alert(succeeded=True), "pt_BR")
    assert ok_pt.title == "DINO: a execução em main.vendas.notas foi concluída"
    assert "Erro" not in ok_pt.text and "Resultado: concluída" in ok_pt.text


def test_desktop_channel_calls_notify_or_logs(caplog):
    shown: list[tuple[str, str]] = []
    d, _ = dispatcher(Channels(desktop=DesktopChannel(lambda t, x: shown.append((t, x)))))
    d.send(make_alert())
    assert d.flush(5)
    title, text = shown[0]
    assert "failed" in title and f"dino://history/{RUN_ID}" in text and "'abc'" in text
    d.close()
    caplog.set_level("INFO")
    DesktopChannel(None).send(render_alert(make_alert(), "en"))
    assert "no desktop session" in caplog.text


def test_alert_for_run_takes_the_error_in_the_language_asked():
    run = RunRecord(run_id=RUN_ID, state=RunState.FAILED, user="ana", machine="pc",
                    source_name="vendas.csv", source_path="/in/vendas.csv", source_bytes=10,
                    sha256=None, source_format="csv", catalog="main", database="vendas",
                    table="notas", mode="append", created_at=dt.datetime.now(dt.UTC),
                    problems=[{"severity": "error", "code": "bad_value", "row": 7,
                               "column": "valor",
                               "params": {"value": "abc", "type": "decimal"}}],
                    error="Row 7, column 'valor': Value 'abc' is not a valid decimal number.")
    pt = alert_for_run(run, AlertChannels(), rule="r", lang="pt_BR")
    assert pt.error.startswith("Linha 7, coluna 'valor':") and "'abc'" in pt.error
    assert (pt.run_id, pt.file, pt.target, pt.link, pt.succeeded) == (
        RUN_ID, "/in/vendas.csv", "main.vendas.notas", f"dino://history/{RUN_ID}", False)
    run.state, run.problems = RunState.SUCCEEDED, []
    assert alert_for_run(run, AlertChannels()).error == ""
