"""Automation rules in the configuration: IT's and the user's together, saved and read back,
[automation] settings from files and the environment."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dino_desktop import config, config_toml
from dino_desktop.core.rules import Rule
from dino_desktop.rule_config import RulesInvalid, list_rules, save_user_rules


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_central_and_user_rules_add_up_and_the_users_wins_by_name(tmp_path: Path):
    central = _write(tmp_path / "central.toml", f"""
[[rules]]
name = "vendas"
folder = '{tmp_path}'
database = "vendas"
table = "notas"
schedule = "0 7 * * 1-5"

[[rules]]
name = "estoque"
folder = '{tmp_path}'
database = "estoque"
table = "saldos"
""")
    user = _write(tmp_path / "user.toml", f"""
central_config = '{central}'
[[rules]]
name = "vendas"
folder = '{tmp_path}'
database = "vendas"
table = "notas_ana"

[[rules]]
name = "minha"
folder = '{tmp_path}'
database = "ana"
table = "planilha"
pattern = "*.xlsx"
sheet = "Dados"
[rules.alerts]
email = ["ana@contoso.com"]
""")
    env = {"DINO_CONFIG": str(user), "DINO_HOME": str(tmp_path / "home")}
    settings = config.load(env=env)
    assert [r["name"] for r in settings.rules] == ["vendas", "estoque", "minha"]
    listed = list_rules(settings, env=env)
    assert [(r.check.name, r.origin, r.editable) for r in listed] == [
        ("vendas", "user", True), ("estoque", "central", False), ("minha", "user", True)]
    assert listed[0].check.rule is not None and listed[0].check.rule.table == "notas_ana"
    assert listed[0].check.rule.on_arrival  # the user's rule replaced IT's, schedule and all
    assert listed[2].check.rule is not None
    assert listed[2].check.rule.alerts.email == ("ana@contoso.com",)


def test_saving_rules_keeps_the_other_settings_and_loads_back(tmp_path: Path):
    user = _write(tmp_path / "user.toml", "max_file_mb = 100\n[cost]\nper_run = 0.5\n")
    rule = Rule(name="vendas", folder=r"\\servidor\dados\vendas", database="vendas",
                table="notas", patterns=("vendas_*.csv",), schedule="30 6 * * *")
    data = {"name": "pedidos", "folder": str(tmp_path), "database": "vendas",
            "table": "pedidos", "mode": "merge", "keys": ["numero"],
            "alerts": {"on_success": True, "webhook": "teams"}}
    save_user_rules([rule, data], user)
    saved = tomllib.loads(user.read_text("utf-8"))
    assert saved["max_file_mb"] == 100 and saved["cost"] == {"per_run": 0.5}
    assert [r["name"] for r in saved["rules"]] == ["vendas", "pedidos"]
    settings = config.load(env={"DINO_CONFIG": str(user)})
    listed = list_rules(settings, user_file=user, folder_exists=None)
    assert listed[0].check.rule == rule
    pedidos = listed[1].check.rule
    assert pedidos is not None and pedidos.keys == ("numero",)
    assert pedidos.alerts.on_success and pedidos.alerts.webhook == "teams"
    # the Preferences dialog saving something else leaves the rules alone
    config_toml.save_user_values(user, {"max_file_mb": 200})
    assert [r["name"] for r in config.load(env={"DINO_CONFIG": str(user)}).rules] == [
        "vendas", "pedidos"]
    save_user_rules([], user)
    assert "rules" not in tomllib.loads(user.read_text("utf-8"))


def test_saving_an_invalid_rule_is_refused_and_says_which(tmp_path: Path):
    user = _write(tmp_path / "user.toml", "")
    good = {"name": "a", "folder": str(tmp_path), "database": "x", "table": "y"}
    with pytest.raises(RulesInvalid) as refused:
        save_user_rules([good, {**good, "name": "b", "schedule": "sometimes"}], user)
    assert refused.value.problem.code == "rule_cron_invalid"
    assert [c.ok for c in refused.value.checks] == [True, False]
    assert user.read_text("utf-8") == ""


def test_config_show_writes_rules_as_arrays_of_tables(tmp_path: Path):
    user = _write(tmp_path / "user.toml", f"""
[[rules]]
name = "vendas"
folder = '{tmp_path}'
database = "vendas"
table = "notas"
alerts = {{ webhook = "teams", email = ["a@contoso.com"] }}
""")
    settings = config.load(env={"DINO_CONFIG": str(user)})
    text = config_toml.to_toml(config.masked(settings))
    assert "[[rules]]" in text
    back = tomllib.loads(text)
    assert back["rules"] == settings.rules
    assert back["rules"][0]["alerts"]["webhook"] == "teams"  # a name, not a secret


def test_automation_settings_from_files_and_the_environment(tmp_path: Path):
    user = _write(tmp_path / "user.toml", "[automation]\nscan_seconds = 60\n")
    s = config.load(env={"DINO_CONFIG": str(user), "DINO_AUTOMATION_SETTLE_SECONDS": "2.5"})
    assert (s.automation.scan_seconds, s.automation.settle_seconds) == (60, 2.5)
    assert config.origins(env={"DINO_CONFIG": str(user)})["automation.scan_seconds"] == "user"
    with pytest.raises(config.ConfigError, match="scan_seconds"):
        config.load(env={"DINO_CONFIG": str(user), "DINO_AUTOMATION_SCAN_SECONDS": "0"})
    bad = _write(tmp_path / "bad.toml", 'rules = "vendas"\n')
    with pytest.raises(config.ConfigError, match=r"bad.toml.*\[\[rules\]\]"):
        config.load(env={"DINO_CONFIG": str(bad)})


def test_the_readme_example_rule_is_valid():
    readme = Path(__file__).resolve().parents[1] / "README.md"
    section = readme.read_text("utf-8").split("## Automation", 1)[1]
    example = tomllib.loads(section.split("```toml", 1)[1].split("```", 1)[0])
    [check] = list_rules(config.Settings(rules=example["rules"]), env={},
                         user_file=Path("/nonexistent.toml"), folder_exists=None)
    assert check.check.ok and check.check.problems == []
    assert config.AutomationSettings(**example["automation"]) == config.AutomationSettings()
