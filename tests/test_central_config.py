"""IT's central file without touching anyone's settings: beside dino.exe or machine-wide."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dino_desktop import config


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The machine-wide folder (%PROGRAMDATA%\\dino, /etc/xdg/dino) moved into tmp_path."""
    folder = tmp_path / "programdata" / "dino"
    monkeypatch.setattr(config.platformdirs, "site_config_dir",
                        lambda *a, **k: str(folder))
    return folder


def test_the_machine_wide_file_is_the_central_file(tmp_path: Path, machine: Path):
    none = {"DINO_CONFIG": str(tmp_path / "none.toml")}
    assert config.load(env=none).central_config == ""  # nothing there yet: defaults
    central = _write(machine / "dino.toml", 'profile = "azure"\nmax_file_mb = 100\n'
                                             '[azure]\ncontainer = "it-landing"\n')
    s = config.load(env=none)
    assert (s.profile, s.max_file_mb, s.azure.container) == ("azure", 100, "it-landing")
    assert s.central_config == str(central)
    assert s.sources == [f"central: {central}"]
    assert config.origins(env=none) == {"profile": "central", "max_file_mb": "central",
                                        "azure.container": "central"}


def test_the_users_values_and_the_environment_still_win(tmp_path: Path, machine: Path):
    _write(machine / "dino.toml", "max_file_mb = 100\nlanding_retention_days = 3\n")
    user = _write(tmp_path / "user.toml", "max_file_mb = 200\n")
    s = config.load(env={"DINO_CONFIG": str(user), "DINO_LANDING_RETENTION_DAYS": "9"})
    assert (s.max_file_mb, s.landing_retention_days) == (200, 9)


def test_a_users_file_cannot_point_away_from_the_machine_file(tmp_path: Path, machine: Path):
    central = _write(machine / "dino.toml", "max_file_mb = 100\n")
    own = _write(tmp_path / "mine.toml", "max_file_mb = 999\n")
    user = _write(tmp_path / "user.toml", f'central_config = "{own.as_posix()}"\n')
    s = config.load(env={"DINO_CONFIG": str(user)})
    assert s.max_file_mb == 100 and s.sources[0] == f"central: {central}"


def test_a_file_named_by_the_environment_replaces_the_machine_file(tmp_path: Path,
                                                                  machine: Path):
    _write(machine / "dino.toml", "max_file_mb = 100\n")
    share = _write(tmp_path / "share" / "dino.toml", "max_file_mb = 300\n")
    env = {"DINO_CONFIG": str(tmp_path / "none.toml"), "DINO_CENTRAL_CONFIG": str(share)}
    assert config.load(env=env).max_file_mb == 300
    gone = {**env, "DINO_CENTRAL_CONFIG": str(tmp_path / "unreachable.toml")}
    s = config.load(env=gone)  # a share that is down: defaults, and the note says so
    assert s.max_file_mb == 4096 and "not found" in s.sources[0]


def test_the_single_file_build_reads_dino_toml_beside_itself(
        tmp_path: Path, machine: Path, monkeypatch: pytest.MonkeyPatch):
    exe = tmp_path / "Program Files" / "DINO" / "dino.exe"
    beside = _write(exe.with_name("dino.toml"), "max_file_mb = 50\n")
    _write(machine / "dino.toml", "max_file_mb = 100\n")
    # the app runs from the user's cache, where the single file unpacked it; its launcher
    # says where the single file is
    unpacked = tmp_path / "AppData" / "Local" / "DINO" / "app" / "0.1.0-abc" / "dino.exe"
    _write(unpacked.with_name("dino.toml"), "max_file_mb = 7\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(unpacked))
    monkeypatch.setenv("DINO_LAUNCHER", str(exe))
    assert config.machine_config_files() == [beside, machine / "dino.toml"]
    assert config.load(env={"DINO_CONFIG": str(tmp_path / "none.toml")}).max_file_mb == 50
    beside.unlink()  # none beside it: the machine-wide one
    assert config.load(env={"DINO_CONFIG": str(tmp_path / "none.toml")}).max_file_mb == 100


def test_the_one_folder_build_reads_dino_toml_beside_its_executable(
        tmp_path: Path, machine: Path, monkeypatch: pytest.MonkeyPatch):
    exe = tmp_path / "dino-app" / "dino.exe"
    beside = _write(exe.with_name("dino.toml"), "max_file_mb = 60\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("DINO_LAUNCHER", raising=False)
    assert config.machine_config_files() == [beside, machine / "dino.toml"]
    assert config.load(env={"DINO_CONFIG": str(tmp_path / "none.toml")}).max_file_mb == 60


def test_from_source_only_the_machine_wide_folder_counts(machine: Path):
    assert config.machine_config_files() == [machine / "dino.toml"]
