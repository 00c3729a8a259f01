"""The webhook channel against a local HTTP receiver the test starts: the JSON it gets,
retries on 5xx and 429, none on other 4xx, and `send` returning at once when the receiver is
down or hangs. The URL comes from an in-memory keyring and never reaches the log."""

from __future__ import annotations

import json
import time

from dino_desktop.adapters.alert_webhook import (
    WebhookChannel,
    check_url,
    retry_after,
    style_for,
    webhook_body,
)
from dino_desktop.core.alert_text import ChannelError, render_alert
from dino_desktop.services.alerting import AlertDispatcher, Channels
from tests.alerts.conftest import RUN_ID, Receiver, free_port, make_alert


def hook_dispatcher(memory_keyring, url: str, **kw):
    memory_keyring.set_password("dino", "webhook:ops", url)
    sleeps: list[float] = []
    results: list[tuple[str, Exception | None]] = []
    d = AlertDispatcher(Channels(webhook=lambda name: WebhookChannel(name, timeout=5)),
                        sleep=sleeps.append, clock=lambda: 0.0,
                        on_result=lambda name, alert, err: results.append((name, err)), **kw)
    return d, sleeps, results


def test_the_receiver_gets_every_field(memory_keyring, receiver: Receiver):
    d, _, results = hook_dispatcher(memory_keyring, receiver.url)
    d.send(make_alert(webhook="ops", desktop=False))
    assert d.flush(10)
    assert results == [("webhook:ops", None)]
    body = receiver.bodies[0]
    assert receiver.paths == ["/hooks/T0ABC/B0DEF/s3cretTokenXyz123456789"]
    values = body["dino"]
    assert values["run_id"] == RUN_ID and values["file"] == "C:/dados/vendas_nov.csv"
    assert values["target"] == "main.vendas.notas" and values["succeeded"] is False
    assert "'abc'" in values["error"] and values["link"] == f"dino://history/{RUN_ID}"
    for text in (body["text"], json.dumps(body["attachments"], ensure_ascii=False)):
        for value in (RUN_ID, "vendas_nov.csv", "main.vendas.notas", "'abc'",
                      f"dino://history/{RUN_ID}"):
            assert value in text
    card = body["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"
    d.close()


def test_a_500_is_retried_then_delivered(memory_keyring, receiver: Receiver):
    receiver.script = [(500, {}), (503, {})]
    d, sleeps, results = hook_dispatcher(memory_keyring, receiver.url, backoff=1.5)
    d.send(make_alert(webhook="ops", desktop=False))
    assert d.flush(10)
    assert len(receiver.bodies) == 3 and results == [("webhook:ops", None)]
    assert sleeps == [1.5, 3.0]
    assert receiver.bodies[0] == receiver.bodies[2]
    d.close()


def test_429_waits_as_the_server_asks(memory_keyring, receiver: Receiver):
    receiver.script = [(429, {"Retry-After": "42"})]
    d, sleeps, results = hook_dispatcher(memory_keyring, receiver.url)
    d.send(make_alert(webhook="ops", desktop=False))
    assert d.flush(10)
    assert len(receiver.bodies) == 2 and sleeps == [42.0] and results[0][1] is None
    d.close()


def test_other_4xx_are_not_retried(memory_keyring, receiver: Receiver):
    receiver.script = [(404, {})]
    d, sleeps, results = hook_dispatcher(memory_keyring, receiver.url)
    d.send(make_alert(webhook="ops", desktop=False))
    assert d.flush(10)
    assert len(receiver.bodies) == 1 and sleeps == []
    assert "HTTP 404" in str(results[0][1])
    d.close()


def test_a_receiver_that_is_down_is_retried_without_blocking(memory_keyring, caplog):
    url = f"http://127.0.0.1:{free_port()}/hooks/AbCdEfGhIjKlMnOpQrStUv0123456789"
    d, sleeps, results = hook_dispatcher(memory_keyring, url, attempts=3)
    started = time.monotonic()
    d.send(make_alert(webhook="ops", desktop=False))
    assert time.monotonic() - started < 0.5
    assert d.flush(10)
    assert len(sleeps) == 2 and "cannot be reached" in str(results[0][1])
    assert "giving up" in caplog.text
    assert url not in caplog.text and "AbCdEfGh" not in caplog.text  # the URL is the secret
    d.close()


def test_a_receiver_that_hangs_does_not_block_send(memory_keyring, receiver: Receiver):
    receiver.hang.clear()
    d, _, results = hook_dispatcher(memory_keyring, receiver.url)
    started = time.monotonic()
    for _ in range(3):
        d.send(make_alert(webhook="ops", desktop=False))
    assert time.monotonic() - started < 0.5
    assert receiver.wait_for(1)
    assert not d.flush(0.1)  # still waiting on the receiver
    receiver.hang.set()
    assert d.flush(10) and len(results) == 3
    d.close()


def test_no_url_in_the_keyring_is_not_retried(memory_keyring):
    d = AlertDispatcher(Channels(webhook=lambda name: WebhookChannel(name)),
                        sleep=lambda s: None)
    results: list[Exception | None] = []
    d._on_result = lambda name, alert, err: results.append(err)
    d.send(make_alert(webhook="nowhere", desktop=False))
    assert d.flush(5)
    assert isinstance(results[0], ChannelError) and not results[0].retryable
    assert "dino alerts set-webhook nowhere" in str(results[0])
    d.close()


def test_plain_http_is_refused_except_on_this_machine():
    assert check_url("https://contoso.webhook.office.com/webhookb2/x")
    assert check_url("http://127.0.0.1:8080/hook")
    assert not check_url("http://contoso.example/hook")
    assert not check_url("ftp://x/y") and not check_url("not a url")


def test_slack_gets_text_and_blocks():
    rendered = render_alert(make_alert(), "pt_BR")
    assert style_for("https://hooks.slack.com/services/T/B/X") == "slack"
    assert style_for("https://prod-1.westus.logic.azure.com/workflows/x") == "teams"
    body = webhook_body(rendered, "slack")
    assert set(body) == {"text", "blocks"} and RUN_ID in body["text"]
    fields = body["blocks"][2]["fields"]
    assert any(f["text"].startswith("*Execução*") for f in fields)
    assert any("dino://history/" in f["text"] for f in fields)


def test_retry_after_takes_seconds_or_a_date():
    import datetime as dt

    now = dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 25 Nov 2026 14:01:00 GMT", now) == 60.0
    assert retry_after(None) is None and retry_after("soon") is None
