"""What an alert says and where it goes: shared by the rules that fire it and the channels
that deliver it (desktop notification, webhook, e-mail)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AlertChannels:
    """Per rule: which channels hear about its runs, and whether successes are told too."""

    on_success: bool = False  # failures are always told
    desktop: bool = True  # a notification from the tray icon (the app or `dino watch` in a
    #                       session with a tray; otherwise only the log)
    webhook: str = ""  # a webhook's name; its URL is in the OS keyring ("dino", "webhook:<name>")
    email: tuple[str, ...] = ()  # addresses; the SMTP server is in [alerts] of the settings


@dataclass(frozen=True)
class Alert:
    """One run's outcome, as every channel shows it."""

    run_id: str
    file: str  # the source file's path as the rule found it
    target: str  # catalog.database.table
    succeeded: bool
    error: str = ""  # the error text in the user's language ("" on success)
    link: str = ""  # where History shows the run: dino://history/<run id>
    rule: str = ""  # the rule's name ("" for a run started by hand)
    channels: AlertChannels = field(default_factory=AlertChannels)


def history_link(run_id: str) -> str:
    return f"dino://history/{run_id}"
