"""Alert secrets in the OS keyring (service "dino"): webhook URLs and the SMTP password.

A webhook URL is itself the credential (whoever has it can post), so it lives beside the
password, never in a settings file or a log. Every value read is also handed to the log
redaction (logs.remember_secret), so it is masked even where no pattern would catch it.
"""

from __future__ import annotations

import logging

from dino_desktop import logs

SERVICE = "dino"
log = logging.getLogger(__name__)


class KeyringUnavailable(RuntimeError):
    """No keyring backend works here (a bare Linux server, a locked keychain)."""


def webhook_key(name: str) -> str:
    return f"webhook:{name}"


def smtp_key(user: str) -> str:
    return f"smtp:{user}"


def get_secret(key: str) -> str | None:
    """The value kept under `key`, None when there is none."""
    try:
        import keyring

        value = keyring.get_password(SERVICE, key)
    except Exception as exc:  # ImportError (no keyring package), NoKeyringError, locked...
        raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from None
    if value:
        logs.remember_secret(value)
    return value or None


def set_secret(key: str, value: str) -> None:
    try:
        import keyring

        keyring.set_password(SERVICE, key, value)
    except Exception as exc:
        raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from None
    logs.remember_secret(value)


def delete_secret(key: str) -> bool:
    """Remove the value; False when there was none."""
    try:
        import keyring
        from keyring.errors import PasswordDeleteError
    except Exception as exc:
        raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from None
    try:
        keyring.delete_password(SERVICE, key)
    except PasswordDeleteError:
        return False
    except Exception as exc:
        raise KeyringUnavailable(f"{type(exc).__name__}: {exc}") from None
    return True
