"""Alerts as a JSON POST to a webhook (Teams Workflows / Power Automate, Slack, anything).

The body depends on the receiving host, since Slack and Teams read different shapes:

- Slack (`hooks.slack.com`): `text` (every field, plain) plus `blocks` (a header, the
  summary and one field per fact) - Slack's incoming-webhook format.
- anything else (Teams "When a Teams webhook request is received" workflows, Power Automate,
  legacy Office 365 connectors, custom receivers): `{"type": "message", "text": ...,
  "attachments": [an Adaptive Card 1.4 with a FactSet]}` plus `"dino": {run_id, file, target,
  succeeded, error, link, rule, title, lang}` for flows and scripts that want the values.

The URL is the secret: it is read from the OS keyring when sending ("dino",
"webhook:<name>") and never written to a log or an error; errors name the webhook only.
Network errors, 408, 429 (Retry-After honoured) and 5xx are worth a retry; other 4xx not.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from dino_desktop import __version__
from dino_desktop.adapters.alert_secrets import KeyringUnavailable, get_secret, webhook_key
from dino_desktop.core.alert_text import ChannelError, RenderedAlert

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
TIMEOUT_S = 10.0
SLACK_TEXT_MAX = 1900  # a section field holds 2,000 characters


def check_url(url: str) -> bool:
    """https only (http just for a receiver on this machine, as in tests)."""
    parts = urllib.parse.urlsplit(url.strip())
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS)


def style_for(url: str) -> str:
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return "slack" if host == "slack.com" or host.endswith(".slack.com") else "teams"


def webhook_body(alert: RenderedAlert, style: str = "teams") -> dict[str, Any]:
    """The JSON to post, for "slack" or "teams" (the generic shape)."""
    return _slack_body(alert) if style == "slack" else _teams_body(alert)


def _values(alert: RenderedAlert) -> dict[str, Any]:
    a = alert.alert
    return {"run_id": a.run_id, "file": a.file, "target": a.target, "succeeded": a.succeeded,
            "error": a.error, "link": a.link, "rule": a.rule, "title": alert.title,
            "lang": alert.lang}


def _teams_body(alert: RenderedAlert) -> dict[str, Any]:
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": alert.title, "weight": "Bolder", "size": "Medium",
             "wrap": True, "color": "Good" if alert.alert.succeeded else "Attention"},
            {"type": "TextBlock", "text": alert.summary, "wrap": True},
            {"type": "FactSet",
             "facts": [{"title": label, "value": value} for label, value in alert.fields]},
        ],
    }
    return {"type": "message", "summary": alert.title, "text": alert.text,
            "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
                             "contentUrl": None, "content": card}],
            "dino": _values(alert)}


def _mrkdwn(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text if len(text) <= SLACK_TEXT_MAX else text[:SLACK_TEXT_MAX - 1] + "…"


def _slack_body(alert: RenderedAlert) -> dict[str, Any]:
    return {
        "text": alert.text,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": alert.title[:150]}},
            {"type": "section", "text": {"type": "mrkdwn", "text": _mrkdwn(alert.summary)}},
            {"type": "section", "fields": [
                {"type": "mrkdwn", "text": _mrkdwn(f"*{label}*\n{value}")}
                for label, value in alert.fields]},
        ],
    }


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (seconds, or an HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class WebhookChannel:
    """POSTs an alert to the webhook called `name`; `get_url` and `urlopen` are injectable
    for tests (the default reads the keyring on every send, so a new URL applies at once)."""

    def __init__(self, name: str, *, timeout: float = TIMEOUT_S,
                 get_url: Callable[[], str | None] | None = None,
                 urlopen: Callable[..., Any] = urllib.request.urlopen) -> None:
        self.webhook = name
        self.name = f"webhook:{name}"
        self.timeout = timeout
        self._get_url = get_url or (lambda: get_secret(webhook_key(name)))
        self._urlopen = urlopen

    def _url(self) -> str:
        try:
            url = self._get_url()
        except KeyringUnavailable as exc:
            raise ChannelError(f"webhook '{self.webhook}': no OS keyring ({exc})",
                               retryable=False) from None
        if not url:
            raise ChannelError(f"webhook '{self.webhook}': no URL in the OS keyring (dino alerts"
                               f" set-webhook {self.webhook})", retryable=False)
        if not check_url(url):
            raise ChannelError(f"webhook '{self.webhook}': the URL kept for it is not https",
                               retryable=False)
        return url.strip()

    def send(self, alert: RenderedAlert) -> None:
        url = self._url()
        data = json.dumps(webhook_body(alert, style_for(url)), ensure_ascii=False).encode()
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"DINO/{__version__}"})
        where = f"webhook '{self.webhook}'"
        try:
            with self._urlopen(request, timeout=self.timeout) as response:
                response.read(65536)
        except urllib.error.HTTPError as exc:
            code = exc.code
            after = retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            exc.close()
            raise ChannelError(f"{where} answered HTTP {code} {exc.reason}",
                               retryable=code in (408, 429) or code >= 500,
                               retry_after=after) from None
        except urllib.error.URLError as exc:
            raise ChannelError(f"{where} cannot be reached: {exc.reason}") from None
        except (TimeoutError, ConnectionError, OSError) as exc:
            raise ChannelError(f"{where}: {type(exc).__name__}: {exc}") from None
