"""An alert as people read it, in English or Brazilian Portuguese, the same for every channel.

Rendering happens once per alert (on the dispatcher's thread, in the language shown at that
moment), so the desktop notification, the webhook post and the e-mail say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from dino_desktop.core.alerts import Alert
from dino_desktop.core.messages import render
from dino_desktop.core.models import Problem, Severity


@dataclass(frozen=True)
class RenderedAlert:
    """What every channel sends: a title (the e-mail subject), a summary line, labelled
    fields and the plain text that holds them all; `alert` keeps the raw values."""

    alert: Alert
    lang: str
    title: str
    summary: str
    fields: tuple[tuple[str, str], ...]  # (label, value), in display order
    status: str  # "failed" / "falhou" ...

    @property
    def text(self) -> str:
        """Plain text with every field: the e-mail body, the notification, the webhook's
        `text`."""
        lines = [self.summary, ""]
        lines += [f"{label}: {value}" for label, value in self.fields]
        return "\n".join(lines)

    @property
    def short_text(self) -> str:
        """A notification balloon holds a few lines: the summary, the error, the link."""
        a = self.alert
        parts = [self.summary]
        if a.error:
            parts.append(a.error if len(a.error) <= 200 else a.error[:199] + "…")
        if a.link:
            parts.append(a.link)
        return "\n".join(parts)


class ChannelError(Exception):
    """A channel could not deliver an alert. `retryable` says whether trying again may help
    (network errors, 429, 5xx); `retry_after` is the server's wish, in seconds. The message
    never holds a secret (a webhook URL, a password)."""

    def __init__(self, message: str, *, retryable: bool = True,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


def text(code: str, lang: str, **params: object) -> str:
    """One catalogue sentence (core/message_texts.py), without location or fix."""
    return render(Problem(Severity.INFO, code, dict(params)), lang, with_location=False)


def render_alert(alert: Alert, lang: str) -> RenderedAlert:
    """The alert's texts in `lang` ("pt_BR" or "en"); values (file, error) stay as given."""
    outcome = "succeeded" if alert.succeeded else "failed"
    params = {"file": alert.file, "target": alert.target}
    fields = [
        (text("alert_label_status", lang), text(f"alert_status_{outcome}", lang)),
        (text("alert_label_run", lang), alert.run_id),
        (text("alert_label_file", lang), alert.file),
        (text("alert_label_target", lang), alert.target),
    ]
    if alert.rule:
        fields.append((text("alert_label_rule", lang), alert.rule))
    if alert.error or not alert.succeeded:
        fields.append((text("alert_label_error", lang), alert.error or "-"))
    if alert.link:
        fields.append((text("alert_label_link", lang), alert.link))
    return RenderedAlert(alert=alert, lang=lang,
                         title=text(f"alert_title_{outcome}", lang, **params),
                         summary=text(f"alert_summary_{outcome}", lang, **params),
                         fields=tuple(fields), status=text(f"alert_status_{outcome}", lang))
