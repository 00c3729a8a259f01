"""Settings: central file < user file < DINO_* variables; secrets never shown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dino_desktop import config


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_defaults_without_any_file(tmp_path: Path):
    s = config.load(env={"DINO_CONFIG": str(tmp_path / "none.toml")})
    assert s.profile == "local"
    assert s.home  # the platform's user data folder
    assert s.landing == s.home_path / "landing" and s.lakehouse == s.home_path / "lakehouse"
    assert s.runlog_url.startswith("sqlite:///") and s.runlog_url.endswith("runs.sqlite")
    assert s.user


def test_layers_override_in_order(tmp_path: Path):
    central = _write(tmp_path / "central.toml", """
profile = "local"
max_file_mb = 100
landing_retention_days = 7
[cost]
currency = "USD"
per_run = 0.5
[azure]
container = "it-container"
""")
    user = _write(tmp_path / "user.toml", f"""
central_config = "{central.as_posix()}"
max_file_mb = 200
[cost]
per_run = 0.25
""")
    env = {"DINO_CONFIG": str(user), "DINO_HOME": str(tmp_path / "home"),
           "DINO_COST_PER_RUN": "0.125", "DINO_USER": "ana@contoso.com"}
    s = config.load(env=env)
    assert s.max_file_mb == 200  # user over central
    assert s.landing_retention_days == 7  # central, untouched by the user
    assert s.cost.currency == "USD"
    assert s.cost.per_run == 0.125  # environment over both
    assert s.azure.container == "it-container"
    assert s.home_path == tmp_path / "home"
    assert s.user == "ana@contoso.com"
    assert [src.split(":")[0] for src in s.sources] == ["central", "user", "environment"]


def test_unknown_keys_and_bad_values_name_the_file_and_key(tmp_path: Path):
    bad = _write(tmp_path / "bad.toml", "max_file_mb = 'lots'\n")
    with pytest.raises(config.ConfigError, match=r"bad\.toml.*max_file_mb"):
        config.load(env={"DINO_CONFIG": str(bad)})
    typo = _write(tmp_path / "typo.toml", "[cost]\nper_runn = 1\n")
    with pytest.raises(config.ConfigError, match="per_runn"):
        config.load(env={"DINO_CONFIG": str(typo)})
    with pytest.raises(config.ConfigError, match="profile"):
        config.load(env={"DINO_CONFIG": str(tmp_path / "x.toml"), "DINO_PROFILE": "cloud"})


def test_blob_checksum_defaults_to_crc64_and_takes_md5_from_a_file_or_the_environment(
        tmp_path: Path):
    none = {"DINO_CONFIG": str(tmp_path / "none.toml")}
    assert config.load(env=none).azure.blob_checksum == "crc64"
    user = _write(tmp_path / "u.toml", '[azure]\nblob_checksum = "md5"\n')
    assert config.load(env={"DINO_CONFIG": str(user)}).azure.blob_checksum == "md5"
    env = {**none, "DINO_AZURE_BLOB_CHECKSUM": " MD5 "}
    assert config.load(env=env).azure.blob_checksum == "md5"
    with pytest.raises(config.ConfigError, match=r"blob_checksum.*sha1"):
        config.load(env={**none, "DINO_AZURE_BLOB_CHECKSUM": "sha1"})


def test_missing_central_file_is_noted_not_fatal(tmp_path: Path):
    user = _write(tmp_path / "u.toml", 'central_config = "/nowhere/dino.toml"\n')
    s = config.load(env={"DINO_CONFIG": str(user)})
    assert any("not found" in src for src in s.sources)


def test_config_show_masks_secrets(tmp_path: Path):
    user = _write(tmp_path / "u.toml", """
[azure]
sql_connection_string = "Driver={ODBC Driver 18};Server=x;Pwd=hunter2"
tenant_id = "contoso-tenant"
""")
    env = {"DINO_CONFIG": str(user), "DINO_HOME": str(tmp_path / "home"), "PATH": "/usr/bin"}
    out = subprocess.run([sys.executable, "-m", "dino_desktop", "config", "show", "--json"],
                         capture_output=True, text=True, env=env, check=True).stdout
    data = json.loads(out)
    assert data["azure"]["sql_connection_string"] == "****"
    assert data["azure"]["tenant_id"] == "contoso-tenant"
    assert "hunter2" not in out
    text = subprocess.run([sys.executable, "-m", "dino_desktop", "config", "show"],
                          capture_output=True, text=True, env=env, check=True).stdout
    assert "hunter2" not in text and "[azure]" in text and 'profile = "local"' in text


def test_the_azure_example_file_loads_and_has_every_setting() -> None:
    import dataclasses
    import tomllib

    from dino_desktop.config import AzureSettings, load

    path = Path(__file__).resolve().parents[1] / "resources" / "config" / "azure.example.toml"
    settings = load(env={}, user_file=path)
    assert settings.profile == "azure" and settings.azure.databricks_job_id == 123456789
    documented = set(tomllib.loads(path.read_text("utf-8"))["azure"])
    secrets = {"storage_connection_string", "sql_connection_string"}  # never in a shared file
    assert documented == {f.name for f in dataclasses.fields(AzureSettings)} - secrets
