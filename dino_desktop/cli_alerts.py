"""`dino alerts ...`: keep webhook URLs and the SMTP password in the OS keyring, and try the
channels with a test alert.

Secrets are read from stdin (hidden when it is a terminal) when not given, so they stay out
of the shell's history; they are never printed back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from typing import Any

from dino_desktop.core.alert_text import text
from dino_desktop.core.alerts import Alert, AlertChannels, history_link
from dino_desktop.core.messages import render
from dino_desktop.core.models import Problem, Severity

EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 2, 3
TEST_ATTEMPTS = 2  # a person is waiting: one retry, not the full backoff


def add_parser(sub: Any) -> None:
    p = sub.add_parser("alerts", help="alert channels: webhook URLs, SMTP password, a test")
    p.add_argument("--lang", default=None, help="en or pt_BR (default: from the system)")
    acts = p.add_subparsers(dest="alerts_action", required=True)
    a = acts.add_parser("set-webhook", help="keep a webhook's URL in the OS keyring")
    a.add_argument("name", help="the name rules use for it, e.g. ops")
    a.add_argument("url", nargs="?", help="the URL (default: read from stdin, not echoed)")
    a = acts.add_parser("remove-webhook", help="remove a webhook's URL from the OS keyring")
    a.add_argument("name")
    a = acts.add_parser("set-smtp-password", help="keep the SMTP password in the OS keyring")
    a.add_argument("user", nargs="?", help="the SMTP user (default: [alerts] smtp_user)")
    a = acts.add_parser("test", help="send a test alert and say what each channel did")
    a.add_argument("--webhook", metavar="NAME", help="a webhook kept with set-webhook")
    a.add_argument("--email", action="append", default=[], metavar="ADDR",
                   help="an address (repeat for more); uses the [alerts] SMTP settings")
    a.add_argument("--desktop", action="store_true",
                   help="also the desktop channel (here: the log)")
    a.add_argument("--success", action="store_true",
                   help="a success alert instead of a failure")


def _say(code: str, lang: str, **params: object) -> None:
    print(text(code, lang, **params))


def _err(code: str, lang: str, **params: object) -> None:
    print("dino: " + text(code, lang, **params), file=sys.stderr)


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def run(args: argparse.Namespace, lang: str) -> int:
    from dino_desktop import config
    from dino_desktop.adapters import alert_secrets as secrets

    try:
        settings = config.load()
    except config.ConfigError as exc:
        print("dino: " + render(Problem(Severity.ERROR, "config_invalid",
                                        {"reason": str(exc)}), lang), file=sys.stderr)
        return EXIT_FAILED
    action = args.alerts_action
    try:
        if action == "set-webhook":
            return _set_webhook(args, lang)
        if action == "remove-webhook":
            removed = secrets.delete_secret(secrets.webhook_key(args.name))
            _say("alert_webhook_removed" if removed else "alert_webhook_missing", lang,
                 name=args.name)
            return EXIT_OK
        if action == "set-smtp-password":
            user = (args.user or settings.alerts.smtp_user).strip()
            if not user:
                _err("alert_smtp_missing", lang)
                return EXIT_USAGE
            password = _read_secret(f"SMTP password for {user}: ")
            if not password:
                return EXIT_USAGE
            secrets.set_secret(secrets.smtp_key(user), password)
            _say("alert_password_saved", lang, user=user)
            return EXIT_OK
        return _test(args, lang, settings)
    except secrets.KeyringUnavailable as exc:
        _err("alert_keyring_unavailable", lang, reason=str(exc))
        return EXIT_FAILED


def _set_webhook(args: argparse.Namespace, lang: str) -> int:
    from dino_desktop.adapters import alert_secrets as secrets
    from dino_desktop.adapters.alert_webhook import check_url

    url = (args.url or _read_secret(f"URL of the webhook '{args.name}': ")).strip()
    if not check_url(url):
        _err("alert_webhook_invalid", lang)
        return EXIT_USAGE
    secrets.set_secret(secrets.webhook_key(args.name), url)
    _say("alert_webhook_saved", lang, name=args.name)
    return EXIT_OK


def test_alert(channels: AlertChannels, lang: str, succeeded: bool = False) -> Alert:
    run_id = "test-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Alert(run_id=run_id, file="vendas_exemplo.csv", target="main.dino_test.alerts",
                 succeeded=succeeded, error="" if succeeded else text("alert_test_error", lang),
                 link=history_link(run_id), rule="dino alerts test", channels=channels)


def _test(args: argparse.Namespace, lang: str, settings: Any) -> int:
    from dino_desktop.bootstrap import build_alerter

    if not (args.webhook or args.email or args.desktop):
        _err("alert_no_channel", lang)
        return EXIT_USAGE
    wanted = AlertChannels(on_success=True, desktop=args.desktop, webhook=args.webhook or "",
                           email=tuple(args.email))
    results: list[tuple[str, Exception | None]] = []
    alerter = build_alerter(settings, None, lang, attempts=TEST_ATTEMPTS,
                            on_result=lambda name, _alert, error: results.append((name, error)))
    alerter.send(test_alert(wanted, lang, args.success))
    alerter.flush(timeout=settings.alerts.timeout_seconds * TEST_ATTEMPTS * 3 + 10)
    alerter.close(timeout=1)
    expected = int(args.desktop) + int(bool(args.webhook)) + int(bool(args.email))
    for name, error in results:
        if error is None:
            _say("alert_sent", lang, channel=name)
        else:
            _err("alert_send_failed", lang, channel=name, reason=str(error))
    if len(results) < expected:  # a channel that could not even be built (see the log)
        if args.email and not any(name == "email" for name, _ in results):
            _err("alert_smtp_missing", lang)
        return EXIT_FAILED
    return EXIT_OK if all(error is None for _, error in results) else EXIT_FAILED
