"""The log file: under DINO_HOME/logs, rotated, and with no secret in it whatever was logged."""

from __future__ import annotations

import logging
from pathlib import Path

from dino_desktop import logs
from dino_desktop.adapters.alert_secrets import get_secret, webhook_key

SECRETS = {
    "bearer": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ1cG4iOiJhbmFAY29udG9zby5jb20ifQ."
              "c2lnbmF0dXJl",
    "account_key": "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
                   "KBHBeksoGMGw==",
    "sas_sig": "sV9%2Bq3X0rT2yZbK1mN8pQ4wE7uI6oP5aS3dF2gH1jK0%3D",
    "password": "Tr0ub4dor&3horse",
    "pwd": "c0rrect-battery",
    "slack": "https://hooks.slack.com/services/T024BE7LD/B01H2J3K4L5/xoxbAbCdEfGhIjKlMnOpQr12",
    "teams": "https://contoso.webhook.office.com/webhookb2/1a2b3c4d-1111-2222-3333-444455556666@"
             "9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff/IncomingWebhook/0123456789abcdef0123456789abcdef/"
             "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    "flow": "https://prod-27.brazilsouth.logic.azure.com:443/workflows/8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f/"
            "triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0"
            "&sig=Zx9Yw8Xv7Uu6Tt5Ss4Rr3Qq2Pp1Oo0Nn-Mm_LlKkJj",
    "token_path": "https://hooks.example.net/notify/AbCdEf0123456789GhIjKlMnOpQr",
    "databricks": "dapi0123456789abcdef0123456789abcdef-3",
    "keyring_hook": "https://alerts.internal.contoso.com/x/plain-looking-path",
}


def test_secrets_are_masked_in_messages_args_and_exceptions(tmp_path: Path, memory_keyring,
                                                             no_log_file):
    path = logs.setup_logging(tmp_path / "home")
    assert path == tmp_path / "home" / "logs" / "dino.log"
    memory_keyring.set_password("dino", webhook_key("internal"), SECRETS["keyring_hook"])
    assert get_secret(webhook_key("internal")) == SECRETS["keyring_hook"]  # now remembered
    log = logging.getLogger("dino_desktop.test")
    log.warning("request headers: {'Authorization': 'Bearer %s'}", SECRETS["bearer"])
    log.warning("token %s", SECRETS["bearer"])
    log.error("storage: %s", f"DefaultEndpointsProtocol=https;AccountName=dino;AccountKey="
                             f"{SECRETS['account_key']};EndpointSuffix=core.windows.net")
    log.error("blob https://dino.blob.core.windows.net/landing/x.parquet?sv=2024-05-04&se=2026"
              f"&sr=b&sp=r&sig={SECRETS['sas_sig']} failed")
    log.error("BlobEndpoint=https://x;SharedAccessSignature=sv=2024&sig=%s", SECRETS["sas_sig"])
    log.info("sql: Driver={ODBC Driver 18};Server=tcp:x;Uid=ana;Password=%s;Encrypt=yes",
             SECRETS["password"])
    log.info("sql: Server=x;Pwd={%s};", SECRETS["pwd"])
    log.info("env %s", {"DATABRICKS_TOKEN": SECRETS["databricks"]})
    for name in ("slack", "teams", "flow", "token_path"):
        log.warning("posting to %s", SECRETS[name])
    log.warning("webhook %s timed out", SECRETS["keyring_hook"])
    try:
        raise ConnectionError(f"cannot reach {SECRETS['flow']} with {SECRETS['databricks']}")
    except ConnectionError:
        log.exception("alert failed: password=%s", SECRETS["password"])
    text = path.read_text(encoding="utf-8")
    for kind, value in SECRETS.items():
        assert value not in text, kind
    for piece in ("xoxbAbCdEf", "0123456789abcdef0123456789abcdef", "Zx9Yw8Xv", "GhIjKlMn",
                  "plain-looking-path", "Tr0ub4dor", "c0rrect", "Eby8vdM0", "eyJ0eXAi"):
        assert piece not in text, piece
    # what is not secret stays readable
    assert "hooks.slack.com/****" in text and "AccountName=dino" in text
    assert "dino.blob.core.windows.net/landing/x.parquet?sv=2024-05-04" in text
    assert "ConnectionError" in text and "Traceback" in text
    assert " WARNING dino_desktop.test [MainThread] " in text


def test_the_file_rotates_and_setup_is_idempotent(tmp_path: Path, no_log_file):
    home = tmp_path / "home"
    logs.setup_logging(home, max_bytes=2000, backups=3)
    logs.setup_logging(home, max_bytes=2000, backups=3)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_dino_log", False)]
    assert len(ours) == 1
    log = logging.getLogger("dino_desktop.rotation")
    for i in range(200):
        log.info("line %03d with a token=%s", i, "ghp_abcdefghijklmnopqrstuvwxyz0123456789")
    files = sorted(p.name for p in (home / "logs").iterdir())
    assert files == ["dino.log", "dino.log.1", "dino.log.2", "dino.log.3"]
    for f in (home / "logs").iterdir():
        content = f.read_text(encoding="utf-8")
        assert "ghp_abc" not in content and "token=****" in content
    assert all(f.stat().st_size <= 2200 for f in (home / "logs").iterdir())
    other = tmp_path / "other"  # another home: the handler moves, not doubles
    logs.setup_logging(other)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_dino_log", False)]
    assert len(ours) == 1 and Path(ours[0].baseFilename).parent == other / "logs"


def test_an_unwritable_home_does_not_stop_dino(tmp_path: Path, no_log_file):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert logs.setup_logging(blocker / "home") is None
