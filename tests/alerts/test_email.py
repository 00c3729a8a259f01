"""The e-mail channel against a local SMTP server (aiosmtpd) the test starts on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest

from dino_desktop.adapters.alert_email import EmailChannel
from dino_desktop.config import AlertSettings
from dino_desktop.core.alert_text import ChannelError, render_alert
from dino_desktop.services.alerting import AlertDispatcher, Channels
from tests.alerts.conftest import RUN_ID, Inbox, free_port, make_alert


def smtp_settings(port: int, **kw: Any) -> AlertSettings:
    return AlertSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_from="dino@contoso.com",
                         smtp_starttls=False, timeout_seconds=5, **kw)


def test_the_mail_holds_every_field(inbox: Inbox, memory_keyring):
    d = AlertDispatcher(Channels(email=lambda to: EmailChannel(smtp_settings(inbox.port), to)),
                        lang="pt_BR", sleep=lambda s: None)
    d.send(make_alert(desktop=False, email=("ana@contoso.com", "ti@contoso.com")))
    assert d.flush(10)
    d.close()
    msg = inbox.messages[0]
    assert msg["Subject"] == "DINO: a execução em main.vendas.notas falhou"
    assert msg["From"] == "dino@contoso.com" and msg["X-DINO-Run-Id"] == RUN_ID
    assert inbox.envelopes[0].rcpt_tos == ["ana@contoso.com", "ti@contoso.com"]
    body = msg.get_content()
    for line in (f"Execução: {RUN_ID}", "Arquivo: C:/dados/vendas_nov.csv",
                 "Tabela: main.vendas.notas", "Regra: vendas diárias",
                 "Erro: Row 4501, column 'valor': Value 'abc'",
                 f"Histórico: dino://history/{RUN_ID}", "Resultado: falhou"):
        assert line in body


def test_success_mail_in_english_signs_in_with_the_keyring_password(inbox: Inbox,
                                                                    memory_keyring):
    memory_keyring.set_password("dino", "smtp:alerts@contoso.com", "s3cret-pw")
    settings = smtp_settings(inbox.port, smtp_user="alerts@contoso.com")
    EmailChannel(settings, ("ana@contoso.com",)).send(
        render_alert(make_alert(succeeded=True), "en"))
    assert inbox.logins == [("alerts@contoso.com", "s3cret-pw")]
    msg = inbox.messages[0]
    assert msg["Subject"] == "DINO: the run into main.vendas.notas succeeded"
    body = msg.get_content()
    assert f"Run: {RUN_ID}" in body and "Result: succeeded" in body and "Error:" not in body


def test_a_wrong_password_is_not_retried(inbox: Inbox, memory_keyring):
    memory_keyring.set_password("dino", "smtp:alerts@contoso.com", "wrong")
    channel = EmailChannel(smtp_settings(inbox.port, smtp_user="alerts@contoso.com"),
                           ("ana@contoso.com",))
    with pytest.raises(ChannelError) as err:
        channel.send(render_alert(make_alert(), "en"))
    assert not err.value.retryable and "wrong" not in str(err.value)


def test_try_later_is_retried_and_a_refusal_is_not(inbox: Inbox, memory_keyring):
    channel = EmailChannel(smtp_settings(inbox.port), ("ana@contoso.com",))
    inbox.refuse = "451 4.3.0 try again later"
    sleeps: list[float] = []
    d = AlertDispatcher([channel], sleep=sleeps.append)
    d.send(make_alert())
    assert d.flush(10)
    assert len(inbox.messages) == 1 and len(sleeps) == 1
    inbox.refuse = "554 5.7.1 rejected"
    with pytest.raises(ChannelError) as err:
        channel.send(render_alert(make_alert(), "en"))
    assert not err.value.retryable and "554" in str(err.value)
    d.close()


def test_a_server_that_is_down_is_worth_a_retry(memory_keyring):
    channel = EmailChannel(smtp_settings(free_port()), ("ana@contoso.com",))
    with pytest.raises(ChannelError) as err:
        channel.send(render_alert(make_alert(), "en"))
    assert err.value.retryable


def test_without_smtp_settings_nothing_is_tried():
    with pytest.raises(ChannelError) as err:
        EmailChannel(AlertSettings(), ("a@b.c",)).send(render_alert(make_alert(), "en"))
    assert not err.value.retryable and "smtp_host" in str(err.value)
