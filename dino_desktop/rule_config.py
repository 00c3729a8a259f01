"""Automation rules in the configuration: list them (with whose they are), check them, save
the user's own, and build the runner from the settings. What `dino watch`, the Settings
page and the tray use; the rules themselves are core/rules.py, the runner
services/automation.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dino_desktop import config, config_toml
from dino_desktop.core.models import DinoError
from dino_desktop.core.rules import Rule, RuleCheck, folder_is_dir, validate_rules
from dino_desktop.ports import Alerter
from dino_desktop.services.automation import RuleRunner


@dataclass
class ConfiguredRule:
    """One rule as the Settings page lists it."""

    check: RuleCheck
    origin: str  # "central" (IT's file: read-only here), "user" or "" (not saved yet)
    data: dict[str, Any]  # as written in the file, to edit

    @property
    def editable(self) -> bool:
        return self.origin != "central"


class RulesInvalid(DinoError):
    """Saving refused: `checks` says what is wrong with which rule."""

    def __init__(self, checks: list[RuleCheck]):
        super().__init__(next(c for c in checks if not c.ok).errors[0])
        self.checks = checks


def check_rules(items: list[Any],
                folder_exists: Callable[[str], bool] | None = folder_is_dir) -> list[RuleCheck]:
    """Each rule checked: a `Rule` when it can run, and its problems either way. Looks at
    the folders (a network share may take a while): not on a GUI thread."""
    return validate_rules(items, folder_exists)


def list_rules(settings: config.Settings, env: dict[str, str] | None = None,
               user_file: Path | None = None,
               folder_exists: Callable[[str], bool] | None = folder_is_dir
               ) -> list[ConfiguredRule]:
    """The effective rules (IT's and the user's, by name), checked, with their origin."""
    origins = config.origins(env, user_file)
    checks = check_rules(settings.rules, folder_exists)
    return [ConfiguredRule(c, origins.get(f"rules.{data.get('name')}", "")
                           if isinstance(data, dict) else "",
                           dict(data) if isinstance(data, dict) else {})
            for c, data in zip(checks, settings.rules, strict=True)]


def save_user_rules(rules: list[Rule | dict[str, Any]], user_file: Path | None = None) -> Path:
    """On a worker: the user's own [[rules]] become exactly these (a rule named like one of
    IT's replaces it for this user). Refused with `RulesInvalid` unless every rule is valid;
    a folder that cannot be reached now is no reason to refuse."""
    items = [r.to_dict() if isinstance(r, Rule) else dict(r) for r in rules]
    checks = check_rules(items, folder_exists=None)
    if any(not c.ok for c in checks):
        raise RulesInvalid(checks)
    path = user_file or config.user_config_file()
    return config_toml.save_user_values(path, {"rules": items or None})


def make_runner(app: Any, *, alerter: Alerter | None = None, lang: str = "en",
                only: Collection[str] | None = None, **options: Any) -> RuleRunner:
    """A runner for the app's settings (bootstrap.App). The alerter defaults to the app's
    own (`app.alerter`, when the alert channels are set up), else none: events and the
    log only."""
    settings = app.settings
    return RuleRunner(
        app.ingestion, check_rules(settings.rules), state_dir=settings.home_path / "automation",
        alerter=alerter if alerter is not None else getattr(app, "alerter", None),
        scan_seconds=settings.automation.scan_seconds,
        settle_seconds=settings.automation.settle_seconds, lang=lang, only=only, **options)
