"""[alerts] in the settings: defaults, the file, DINO_ALERTS_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from dino_desktop import config


def test_alerts_from_file_and_environment(tmp_path: Path):
    user = tmp_path / "config.toml"
    user.write_text('[alerts]\nsmtp_host = "smtp.contoso.com"\nsmtp_user = "dino@contoso.com"\n',
                    "utf-8")
    s = config.load(env={"DINO_ALERTS_SMTP_PORT": "2525", "DINO_ALERTS_SMTP_STARTTLS": "no"},
                    user_file=user)
    assert (s.alerts.smtp_host, s.alerts.smtp_port, s.alerts.smtp_starttls) == (
        "smtp.contoso.com", 2525, False)
    assert s.alerts.smtp_user == "dino@contoso.com" and s.alerts.attempts == 4
    assert config.masked(s)["alerts"]["smtp_host"] == "smtp.contoso.com"
    assert config.origins(env={"DINO_ALERTS_SMTP_PORT": "2525"}, user_file=user)[
        "alerts.smtp_port"] == "environment"


def test_unknown_alert_keys_are_refused(tmp_path: Path):
    user = tmp_path / "config.toml"
    user.write_text('[alerts]\nwebhook_url = "https://x"\n', "utf-8")
    with pytest.raises(config.ConfigError, match="webhook_url"):
        config.load(env={}, user_file=user)
