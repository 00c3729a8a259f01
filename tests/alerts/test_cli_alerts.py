"""`dino alerts`: secrets into the (in-memory) keyring without echoing them; test alerts to
a local receiver and a local SMTP server; the settings come from DINO_ALERTS_* here."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from dino_desktop import cli, config
from tests.alerts.conftest import Inbox, Receiver


@pytest.fixture
def dino_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring, no_log_file):
    for name in [k for k in os.environ if k.startswith("DINO_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("DINO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DINO_CONFIG", str(tmp_path / "none.toml"))
    return tmp_path / "home"


def test_set_webhook_reads_the_url_from_stdin_and_never_prints_it(dino_env, memory_keyring,
                                                                  receiver: Receiver,
                                                                  monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(receiver.url + "\n"))
    assert cli.main(["alerts", "--lang", "pt_BR", "set-webhook", "ops"]) == 0
    assert memory_keyring.values[("dino", "webhook:ops")] == receiver.url
    out = capsys.readouterr()
    assert "chaveiro do sistema" in out.out and receiver.url not in out.out + out.err
    assert cli.main(["alerts", "--lang", "en", "test", "--webhook", "ops"]) == 0
    out = capsys.readouterr().out
    assert "Sent by webhook:ops." in out
    body = receiver.bodies[0]
    assert body["dino"]["run_id"].startswith("test-") and "nothing failed" in body["text"]
    log = (dino_env / "logs" / "dino.log").read_text(encoding="utf-8")
    assert "sent by webhook:ops" in log and "s3cretTokenXyz" not in log


def test_a_refused_test_alert_fails_the_command(dino_env, memory_keyring, receiver: Receiver,
                                                capsys):
    memory_keyring.set_password("dino", "webhook:ops", receiver.url)
    receiver.script = [(403, {})]
    assert cli.main(["alerts", "--lang", "en", "test", "--webhook", "ops"]) == 3
    err = capsys.readouterr().err
    assert "could not be sent by webhook:ops" in err and "HTTP 403" in err
    assert receiver.url not in err
    assert cli.main(["alerts", "test"]) == 2  # no channel named


def test_plain_http_to_another_machine_is_refused(dino_env, memory_keyring, capsys):
    assert cli.main(["alerts", "--lang", "en", "set-webhook", "x",
                     "http://hooks.contoso.com/abc"]) == 2
    assert "https://" in capsys.readouterr().err and not memory_keyring.values


def test_email_test_with_the_smtp_password_from_the_keyring(dino_env, memory_keyring,
                                                            inbox: Inbox, monkeypatch,
                                                            capsys):
    monkeypatch.setenv("DINO_ALERTS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DINO_ALERTS_SMTP_PORT", str(inbox.port))
    monkeypatch.setenv("DINO_ALERTS_SMTP_FROM", "dino@contoso.com")
    monkeypatch.setenv("DINO_ALERTS_SMTP_STARTTLS", "false")
    monkeypatch.setenv("DINO_ALERTS_SMTP_USER", "alerts@contoso.com")
    settings = config.load()
    assert settings.alerts.smtp_port == inbox.port and settings.alerts.smtp_starttls is False
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pw\n"))
    assert cli.main(["alerts", "--lang", "en", "set-smtp-password"]) == 0
    assert memory_keyring.values[("dino", "smtp:alerts@contoso.com")] == "s3cret-pw"
    assert cli.main(["alerts", "--lang", "pt_BR", "test", "--email", "ana@contoso.com"]) == 0
    assert "Enviado por email." in capsys.readouterr().out
    assert inbox.logins == [("alerts@contoso.com", "s3cret-pw")]
    assert inbox.messages[0]["Subject"] == "DINO: a execução em main.dino_test.alerts falhou"
    assert "s3cret-pw" not in (dino_env / "logs" / "dino.log").read_text(encoding="utf-8")


def test_email_without_smtp_settings_says_what_to_set(dino_env, capsys):
    assert cli.main(["alerts", "--lang", "en", "test", "--email", "ana@contoso.com"]) == 3
    assert "smtp_host and smtp_from" in capsys.readouterr().err


def test_remove_webhook(dino_env, memory_keyring, capsys):
    memory_keyring.set_password("dino", "webhook:ops", "https://x.example/h")
    assert cli.main(["alerts", "--lang", "en", "remove-webhook", "ops"]) == 0
    assert not memory_keyring.values
    assert cli.main(["alerts", "--lang", "en", "remove-webhook", "ops"]) == 0
    assert "No URL is kept" in capsys.readouterr().out
