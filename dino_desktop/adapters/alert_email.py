"""Alerts by e-mail over SMTP ([alerts] smtp_host, smtp_port, smtp_from, smtp_starttls,
smtp_user; the password is in the OS keyring, "dino" / "smtp:<user>").

Plain text, every field in the body, the outcome and the table in the subject. Connection
problems and 4xx SMTP replies (greylisting, "try later") are worth a retry; a refused
sign-in or a 5xx reply is not.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from dino_desktop.adapters.alert_secrets import KeyringUnavailable, get_secret, smtp_key
from dino_desktop.config import AlertSettings
from dino_desktop.core.alert_text import ChannelError, RenderedAlert


def email_message(alert: RenderedAlert, sender: str, to: tuple[str, ...]) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = alert.title
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=True)
    domain = sender.rpartition("@")[2] or None
    msg["Message-ID"] = make_msgid("dino", domain=domain)
    msg["X-DINO-Run-Id"] = alert.alert.run_id
    msg.set_content(alert.text + "\n")
    return msg


def usable(settings: AlertSettings) -> bool:
    return bool(settings.smtp_host.strip() and settings.smtp_from.strip())


class EmailChannel:
    """Sends one alert to `to` through the configured SMTP server. `smtp` (the SMTP class)
    and `get_password` are injectable for tests."""

    name = "email"

    def __init__(self, settings: AlertSettings, to: tuple[str, ...], *,
                 smtp: Callable[..., smtplib.SMTP] = smtplib.SMTP,
                 get_password: Callable[[str], str | None] | None = None) -> None:
        self.settings = settings
        self.to = tuple(a.strip() for a in to if a.strip())
        self._smtp = smtp
        self._get_password = get_password or (lambda user: get_secret(smtp_key(user)))

    def _password(self) -> str | None:
        user = self.settings.smtp_user.strip()
        if not user:
            return None
        try:
            password = self._get_password(user)
        except KeyringUnavailable as exc:
            raise ChannelError(f"e-mail: no OS keyring for the SMTP password ({exc})",
                               retryable=False) from None
        if not password:
            raise ChannelError(f"e-mail: no SMTP password for {user} in the OS keyring (dino "
                               "alerts set-smtp-password)", retryable=False)
        return password

    def send(self, alert: RenderedAlert) -> None:
        s = self.settings
        if not usable(s):
            raise ChannelError("e-mail: set smtp_host and smtp_from in [alerts]",
                               retryable=False)
        if not self.to:
            raise ChannelError("e-mail: no address to send to", retryable=False)
        password = self._password()
        msg = email_message(alert, s.smtp_from.strip(), self.to)
        where = f"e-mail via {s.smtp_host}:{s.smtp_port}"
        try:
            with self._smtp(s.smtp_host.strip(), s.smtp_port,
                            timeout=s.timeout_seconds) as server:
                if s.smtp_starttls:
                    server.starttls(context=ssl.create_default_context())
                if password is not None:
                    server.login(s.smtp_user.strip(), password)
                refused = server.send_message(msg)
        except smtplib.SMTPAuthenticationError as exc:
            raise ChannelError(f"{where}: sign-in refused ({exc.smtp_code})",
                               retryable=False) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise ChannelError(f"{where}: {exc}", retryable=False) from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise ChannelError(f"{where}: every address was refused ({codes})",
                               retryable=all(400 <= c < 500 for c in codes)) from None
        except smtplib.SMTPResponseException as exc:
            raise ChannelError(f"{where}: the server answered {exc.smtp_code}",
                               retryable=400 <= exc.smtp_code < 500) from None
        except (smtplib.SMTPException, OSError) as exc:  # refused, timed out, dropped
            raise ChannelError(f"{where}: {type(exc).__name__}: {exc}") from None
        if refused:  # some addresses took it: not worth sending the others twice
            raise ChannelError(f"{where}: refused for {', '.join(sorted(refused))}",
                               retryable=False)
