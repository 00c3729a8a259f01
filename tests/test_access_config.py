"""The access list comes from IT's central file (or the file it names), never from the user."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dino_desktop import bootstrap, config, config_toml
from dino_desktop.core.models import Target
from tests.access_lists import CENTRAL_TOML, LIST, write_json


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def env_for(tmp_path: Path, central: Path | None = None, user: str = "") -> dict[str, str]:
    env = {"DINO_CONFIG": str(_write(tmp_path / "user.toml", user)),
           "DINO_HOME": str(tmp_path / "home"), "DINO_USER": "ana@contoso.com"}
    if central is not None:
        env["DINO_CENTRAL_CONFIG"] = str(central)
    return env


def test_no_list_anywhere_means_everyone_may_write_everywhere(tmp_path):
    s = config.load(env=env_for(tmp_path))
    assert s.access == {}
    assert not bootstrap.access_of(s).configured


def test_the_central_file_sets_the_list(tmp_path):
    central = _write(tmp_path / "dino.toml", 'max_file_mb = 10\n' + CENTRAL_TOML)
    s = config.load(env=env_for(tmp_path, central))
    rules = bootstrap.access_of(s)
    assert rules.configured and rules.source == str(central) and len(rules.rules) == 4
    assert rules.allowed("ana@contoso.com", Target("vendas", "notas"), "append")
    assert not rules.allowed("ana@contoso.com", Target("vendas", "notas"), "overwrite")
    assert s.max_file_mb == 10


def test_a_list_file_named_by_the_central_file_json_or_toml(tmp_path):
    (tmp_path / "it").mkdir()
    write_json(tmp_path / "it" / "access.json")
    central = _write(tmp_path / "it" / "dino.toml", '[access]\nlist_file = "access.json"\n')
    s = config.load(env=env_for(tmp_path, central))
    rules = bootstrap.access_of(s)
    assert rules.source == str(tmp_path / "it" / "access.json")  # relative to the central file
    assert rules.allowed("carlos@contoso.com", Target("vendas", "notas"), "overwrite")
    _write(tmp_path / "it" / "access.toml", CENTRAL_TOML)
    _write(central, f'[access]\nlist_file = "{(tmp_path / "it" / "access.toml").as_posix()}"\n')
    assert len(bootstrap.access_of(config.load(env=env_for(tmp_path, central))).rules) == 4


@pytest.mark.parametrize(("text", "words"), [
    ('[access]\nlist_file = "missing.json"\n', "missing.json"),
    ('[access]\nlist_file = "a.json"\nallow = []\n', "either list_file"),
    ('[access]\ngroups = { g = ["a"] }\n', "no 'allow'"),
    (CENTRAL_TOML.replace('modes = ["append", "merge"]', 'modes = ["append", "delete"]'),
     "allow entry 1: mode 'delete'"),
])
def test_a_broken_list_stops_the_app_naming_the_file_and_entry(tmp_path, text, words):
    central = _write(tmp_path / "dino.toml", text)
    with pytest.raises(config.ConfigError) as info:
        config.load(env=env_for(tmp_path, central))
    assert str(central) in str(info.value) and words in str(info.value)


def test_a_list_file_that_is_not_json_is_refused(tmp_path):
    _write(tmp_path / "access.json", "{not json")
    central = _write(tmp_path / "dino.toml", '[access]\nlist_file = "access.json"\n')
    with pytest.raises(config.ConfigError) as info:
        config.load(env=env_for(tmp_path, central))
    assert f"access.json (access.list_file in {central}): the access list cannot be read" \
        in str(info.value)


def test_the_users_own_file_cannot_set_the_list(tmp_path):
    """A user cannot grant themselves access: their file's [access] stops the app, saying
    that only IT's central file may set it (silently ignoring it would leave them puzzled)."""
    central = _write(tmp_path / "dino.toml", CENTRAL_TOML)
    mine = '[access]\nallow = [{ who = "*", database = "*", table = "*", modes = "*" }]\n'
    for c in (None, central):
        with pytest.raises(config.ConfigError) as info:
            config.load(env=env_for(tmp_path, c, user=mine))
        text = str(info.value)
        assert "user.toml" in text and "[access]" in text and "central file" in text


def test_the_environment_cannot_set_the_list(tmp_path):
    env = {**env_for(tmp_path), "DINO_ACCESS_LIST_FILE": str(write_json(tmp_path / "a.json"))}
    with pytest.raises(config.ConfigError, match=r"DINO_ACCESS_LIST_FILE.*central file"):
        config.load(env=env)
    with pytest.raises(config.ConfigError, match="DINO_ACCESS"):
        config.load(env={**env_for(tmp_path), "DINO_ACCESS": "{}"})


def test_config_show_prints_the_list_as_toml_that_reads_back(tmp_path):
    central = _write(tmp_path / "dino.toml", CENTRAL_TOML)
    s = config.load(env=env_for(tmp_path, central))
    text = config_toml.to_toml(config.masked(s))
    back = tomllib.loads(text)["access"]
    assert back["groups"] == LIST["groups"] and back["allow"] == LIST["allow"]
    assert config.origins(env=env_for(tmp_path, central))["access.allow"] == "central"
