"""Settings: defaults < IT's central file < the user's file < DINO_* environment variables.

Reading configuration never touches the network: the azure settings are plain values that
the adapters use later, on a worker thread.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from dino_desktop.config_show import masked as masked  # tests still call config.masked
from dino_desktop.core import access as access_list

APP = "dino"
CENTRAL_NAME = "dino.toml"  # IT's file, when it sits in one of `machine_config_files()`


@dataclass
class CostSettings:
    currency: str = "BRL"
    compute_per_hour: float = 4.0  # engine time (local: desktop CPU time is priced too)
    storage_per_gb_month: float = 0.12
    per_run: float = 0.02  # fixed overhead: API calls, run log, landing


@dataclass
class AutomationSettings:
    """[automation]: how often watched folders are looked at, and how long a file must stay
    unchanged before it counts as complete (the rules themselves are [[rules]])."""

    scan_seconds: float = 30.0
    settle_seconds: float = 10.0


@dataclass
class AlertSettings:
    """[alerts]: how e-mail alerts leave (webhook URLs and the SMTP password are in the OS
    keyring, service "dino": "webhook:<name>", "smtp:<smtp_user>")."""

    smtp_host: str = ""  # empty: no e-mail alerts
    smtp_port: int = 587
    smtp_from: str = ""  # the sender address, e.g. dino@contoso.com
    smtp_starttls: bool = True  # upgrade the connection with STARTTLS (port 587)
    smtp_user: str = ""  # empty: send without signing in
    timeout_seconds: float = 10.0  # per connection / request
    attempts: int = 4  # per channel and alert, with backoff between them


@dataclass
class AzureSettings:
    tenant_id: str = ""  # Entra ID tenant (sign-in)
    client_id: str = ""  # the app registration used for interactive sign-in
    subscription_id: str = ""
    # Blob Storage: the landing container
    storage_account_url: str = ""  # https://<account>.blob.core.windows.net
    storage_connection_string: str = ""  # instead of the URL + sign-in (Azurite, tests)
    container: str = "dino-landing"
    prefix: str = "landing"
    upload_concurrency: int = 4  # blocks in flight at once
    block_size_mb: int = 8
    blob_checksum: str = "crc64"  # crc64 | md5: what the service verifies on every block
    # Databricks: the job that writes the Delta tables
    databricks_host: str = ""  # https://adb-<id>.<n>.azuredatabricks.net
    databricks_job_id: int = 0
    databricks_warehouse_id: str = ""  # SQL warehouse for table history (undo) and schemas
    volume_path: str = ""  # how the job sees the container, e.g. /Volumes/main/dino/landing
    catalog: str = "main"
    poll_seconds: float = 5.0  # first poll interval; backs off to 60 s
    job_timeout_minutes: int = 120
    # Azure SQL: the run log
    sql_server: str = ""  # <server>.database.windows.net
    sql_database: str = ""
    sql_driver: str = "ODBC Driver 18 for SQL Server"
    sql_connection_string: str = ""  # if set, wins over server + database (kept masked)
    # Cost Management: measured cost per day
    cost_scope: str = ""  # /subscriptions/<id>[/resourceGroups/<rg>]
    cost_tag: str = ""  # optional filter, "name=value"


@dataclass
class Settings:
    profile: str = "local"  # local | azure
    home: str = ""  # DINO_HOME: landing/, lakehouse/, runs.sqlite
    user: str = ""  # who runs are recorded for (local: the OS user)
    language: str = ""  # pt_BR | en; empty: from the system
    catalog: str = "main"
    max_file_mb: int = 4096
    landing_retention_days: int = 0  # keep landing files this long after success (0: remove)
    schema_evolution: str = "add_columns"  # add_columns | strict
    central_config: str = ""  # a file IT points to (a network share is fine)
    cost: CostSettings = field(default_factory=CostSettings)
    azure: AzureSettings = field(default_factory=AzureSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    automation: AutomationSettings = field(default_factory=AutomationSettings)
    rules: list[dict[str, Any]] = field(default_factory=list)  # [[rules]]: core/rules.py
    sources: list[str] = field(default_factory=list)  # where the values came from
    # who may write where (core/access.py): IT's central file only, never the user's own
    access: dict[str, Any] = field(default_factory=dict)

    @property
    def home_path(self) -> Path:
        return Path(self.home).expanduser()

    @property
    def landing(self) -> Path:
        return self.home_path / "landing"

    @property
    def lakehouse(self) -> Path:
        return self.home_path / "lakehouse"

    @property
    def runlog_url(self) -> str:
        return f"sqlite:///{(self.home_path / 'runs.sqlite').as_posix()}"

    @property
    def work(self) -> Path:
        return self.home_path / "work"


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the file and the key."""


def user_config_file() -> Path:
    env = os.environ.get("DINO_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def default_home() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def machine_config_files() -> list[Path]:
    """Where IT can drop the central file without touching anyone's own settings: beside the
    single file (dino.exe) or the one-folder build, then the machine-wide folder
    (%PROGRAMDATA%\\dino on Windows, /etc/xdg/dino on Linux). The first that exists is used."""
    found = []
    if getattr(sys, "frozen", False):
        # The single file's launcher runs the app from the user's cache and says where the
        # single file itself is; a one-folder build (dist/dino-app) is its own executable.
        exe = os.environ.get("DINO_LAUNCHER") or sys.executable
        found.append(Path(exe).resolve().parent / CENTRAL_NAME)
    found.append(Path(platformdirs.site_config_dir(APP, appauthor=False)) / CENTRAL_NAME)
    return found


def central_file(env_values: dict[str, Any], user_values: dict[str, Any]) -> Path | None:
    """IT's central file: DINO_CENTRAL_CONFIG (IT can set it machine-wide), else the first of
    `machine_config_files()` that exists (so a user's own file cannot point elsewhere), else
    the user's `central_config`; None when there is none."""
    if env_values.get("central_config"):
        return Path(str(env_values["central_config"])).expanduser()
    machine = next((p for p in machine_config_files() if p.is_file()), None)
    if machine is not None:
        return machine
    named = user_values.get("central_config")
    return Path(str(named)).expanduser() if named else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _apply(obj: Any, values: dict[str, Any], origin: str) -> None:
    """Copy known keys onto the dataclass, converting to each field's type."""
    fields = {f.name: f for f in dataclasses.fields(obj)}
    for key, value in values.items():
        if key not in fields or key == "sources":
            raise ConfigError(f"{origin}: unknown setting '{key}'")
        if key == "access":
            raise ConfigError(f"{origin}: [access] (who may write where) can only be set in "
                              f"IT's central file; remove it from here")
        if key == "rules" and isinstance(obj, Settings):
            obj.rules = _merge_rules(obj.rules, value, origin)
            continue
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: [{key}] must be a table")
            _apply(current, value, f"{origin} [{key}]")
        else:
            setattr(obj, key, _convert(current, value, f"{origin}: {key}"))


def _merge_rules(current: list[dict[str, Any]], value: Any,
                 origin: str) -> list[dict[str, Any]]:
    """[[rules]] from every layer together: a rule named like an earlier layer's replaces
    it (the user's over IT's), the others add up. Their contents are checked by
    core/rules.py, which reports a bad rule without stopping the others."""
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise ConfigError(f"{origin}: rules must be a list of tables ([[rules]])")
    merged = list(current)
    for rule in value:
        named = [i for i, r in enumerate(merged) if rule.get("name") is not None
                 and r.get("name") == rule.get("name")]
        if named:
            merged[named[0]] = dict(rule)
        else:
            merged.append(dict(rule))
    return merged


def _convert(current: Any, value: Any, where: str) -> Any:
    try:
        if isinstance(current, bool):
            if isinstance(value, str):
                if value.strip().lower() not in ("1", "true", "yes", "0", "false", "no"):
                    raise ValueError(value)
                return value.strip().lower() in ("1", "true", "yes")
            return bool(value)
        if isinstance(current, int):
            return int(value)
        if isinstance(current, float):
            return float(value)
        if isinstance(current, list):
            return [s.strip() for s in value.split(",")] if isinstance(value, str) else list(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: cannot use {value!r} ({exc})") from exc


def _env_values(env: dict[str, str]) -> dict[str, Any]:
    """DINO_PROFILE=azure, DINO_COST_PER_RUN=0.05, DINO_AZURE_CONTAINER=x ..."""
    out: dict[str, Any] = {}
    sections = {"COST": "cost", "AZURE": "azure", "ALERTS": "alerts",
                "AUTOMATION": "automation"}
    top = {f.name for f in dataclasses.fields(Settings)} - {"cost", "azure", "alerts",
                                                           "sources", "access", "automation",
                                                           "rules"}
    for name, value in env.items():
        if not name.startswith("DINO_") or name in ("DINO_CONFIG", "DINO_RESOURCES", "DINO_LANG"):
            continue
        rest = name[5:]
        head, _, tail = rest.partition("_")
        if head in sections and tail:
            out.setdefault(sections[head], {})[tail.lower()] = value
        elif rest.lower() in top:
            out[rest.lower()] = value
    if "DINO_LANG" in env and "language" not in out:
        out["language"] = env["DINO_LANG"]
    return out


def load(env: dict[str, str] | None = None, user_file: Path | None = None) -> Settings:
    """The effective settings; ConfigError says which file and key are wrong."""
    env = dict(os.environ if env is None else env)
    settings = Settings()
    user_path = user_file or (Path(env["DINO_CONFIG"]) if env.get("DINO_CONFIG")
                              else user_config_file())
    user_values = _read_toml(user_path) if user_path.is_file() else {}
    env_values = _env_values(env)
    central_path = central_file(env_values, user_values)
    if central_path is not None:
        settings.central_config = str(central_path)
        if central_path.is_file():
            values = _read_toml(central_path)
            values.pop("central_config", None)
            access_values = values.pop("access", None)
            _apply(settings, values, str(central_path))
            if access_values is not None:
                settings.access = _access_list(access_values, central_path)
            settings.sources.append(f"central: {central_path}")
        else:
            settings.sources.append(f"central: {central_path} (not found; skipped)")
    if user_values:
        _apply(settings, user_values, str(user_path))
        settings.sources.append(f"user: {user_path}")
    refused = sorted(k for k in env if k.startswith("DINO_ACCESS"))
    if refused:
        raise ConfigError(f"environment: {', '.join(refused)}: the access list (who may write "
                          f"where) can only be set in IT's central file")
    if env_values:
        _apply(settings, env_values, "environment")
        settings.sources.append("environment: " + ", ".join(sorted(
            k for k in env if k.startswith("DINO_"))))
    if not settings.home:
        settings.home = str(default_home())
    if not settings.user:
        settings.user = os_user()
    if settings.profile not in ("local", "azure"):
        raise ConfigError(f"profile must be 'local' or 'azure', not '{settings.profile}'")
    if settings.schema_evolution not in ("add_columns", "strict"):
        raise ConfigError("schema_evolution must be 'add_columns' or 'strict'")
    if settings.automation.scan_seconds <= 0 or settings.automation.settle_seconds < 0:
        raise ConfigError("automation.scan_seconds must be above 0 and "
                          "automation.settle_seconds 0 or more")
    settings.azure.blob_checksum = settings.azure.blob_checksum.strip().lower()
    if settings.azure.blob_checksum not in ("crc64", "md5"):
        raise ConfigError("azure.blob_checksum must be 'crc64' or 'md5', not "
                          f"'{settings.azure.blob_checksum}'")
    return settings


def _access_list(values: Any, central: Path) -> dict[str, Any]:
    """IT's access list, from the central file or the file it names (`list_file`: TOML, or
    the JSON the Databricks job reads too). Checked now: a broken list stops the app with a
    message naming the entry, instead of letting everyone write everywhere."""
    where = f"{central} [access]"
    if not isinstance(values, dict):
        raise ConfigError(f"{where} must be a table")
    data = dict(values)
    named = data.get("list_file")
    if named:
        if set(data) != {"list_file"}:
            raise ConfigError(f"{where}: set either list_file or groups and allow, not both")
        path = Path(str(named)).expanduser()
        path = path if path.is_absolute() else central.parent / path
        where = f"{path} (access.list_file in {central})"
        try:
            text = path.read_text("utf-8")
            data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
        except (OSError, ValueError) as exc:  # JSON and TOML errors are ValueErrors
            raise ConfigError(f"{where}: the access list cannot be read ({exc})") from exc
        if isinstance(data, dict) and set(data) == {"access"}:
            data = data["access"]  # the same layout as in the central file
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: the access list must be a table (groups, allow)")
        data["list_file"] = str(path)
    try:
        access_list.parse(data)
    except access_list.AccessListError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return data


def origins(env: dict[str, str] | None = None, user_file: Path | None = None) -> dict[str, str]:
    """Which layer set each value, as `load` layers them: {"cost.per_run": "user", ...} with
    "central", "user" or "environment" (keys absent: the default). Reads files: not on a GUI
    thread."""
    env = dict(os.environ if env is None else env)
    user_path = user_file or (Path(env["DINO_CONFIG"]) if env.get("DINO_CONFIG")
                              else user_config_file())
    user_values = _read_toml(user_path) if user_path.is_file() else {}
    env_values = _env_values(env)
    central_path = central_file(env_values, user_values)
    central_values = _read_toml(central_path) if central_path and central_path.is_file() else {}
    central_values.pop("central_config", None)
    out: dict[str, str] = {}
    for layer, values in (("central", central_values), ("user", user_values),
                          ("environment", env_values)):
        for key, value in values.items():
            if isinstance(value, dict):
                out.update({f"{key}.{sub}": layer for sub in value})
            else:
                out[key] = layer
            if key == "rules" and isinstance(value, list):  # rules.<name>: whose rule it is
                out.update({f"rules.{r['name']}": layer for r in value
                            if isinstance(r, dict) and isinstance(r.get("name"), str)})
    return out


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"
