"""The one place that turns settings into adapters and services.

Building touches disks and (on the azure profile) the network: run it on a worker thread
in the GUI. Azure packages are imported only when the azure profile is built.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dino_desktop.config import Settings, os_user
from dino_desktop.core import access as access_list
from dino_desktop.ports import Catalog, CostSource, Engine, RunLog, Storage
from dino_desktop.services.alerting import AlertDispatcher
from dino_desktop.services.history import HistoryService
from dino_desktop.services.ingestion import IngestionService
from dino_desktop.services.kpis import KpiService


@dataclass
class App:
    settings: Settings
    storage: Storage
    engine: Engine
    runlog: RunLog
    costs: CostSource
    catalog: Catalog
    ingestion: IngestionService
    history: HistoryService
    kpis: KpiService
    credential: Any = field(default=None, repr=False)  # azure: the signed-in credential


@dataclass
class Adapters:
    storage: Storage
    engine: Engine
    runlog: RunLog
    costs: CostSource
    catalog: Catalog
    credential: Any = None


def price_model(settings: Settings) -> CostSource:
    from dino_desktop.adapters.cost_model import PriceModel

    cost = settings.cost
    return PriceModel(cost.compute_per_hour, cost.storage_per_gb_month, cost.per_run,
                      cost.currency)


def local_adapters(settings: Settings) -> Adapters:
    from dino_desktop.adapters.local_catalog import LocalCatalog
    from dino_desktop.adapters.local_engine import LocalEngine
    from dino_desktop.adapters.local_storage import LocalStorage
    from dino_desktop.adapters.sql_runlog import SqlRunLog

    settings.home_path.mkdir(parents=True, exist_ok=True)
    return Adapters(LocalStorage(settings.landing), LocalEngine(settings.lakehouse),
                    SqlRunLog(settings.runlog_url), price_model(settings),
                    LocalCatalog(settings.lakehouse))


def needs_sign_in(settings: Settings) -> bool:
    """Whether any configured azure service uses the Entra ID credential (reads the OS
    keyring for a Databricks token: not on the GUI thread)."""
    az = settings.azure
    if az.databricks_host:
        from dino_desktop.adapters.databricks_client import personal_token

        if not personal_token(az.databricks_host):  # the workspace takes the Entra token
            return True
    return bool((az.storage_account_url and not az.storage_connection_string)
                or (az.sql_server and not az.sql_connection_string) or az.cost_scope
                or az.tenant_id or az.client_id)


def azure_adapters(settings: Settings, credential: Any = None,
                   interactive: bool = True) -> Adapters:
    """Blob Storage, the Databricks job + Unity Catalog, Azure SQL (or the local SQLite run
    log when no server is set), Cost Management (or the price model when no scope is set)."""
    from dino_desktop.adapters.azure_auth import make_credential, signed_in_user
    from dino_desktop.adapters.azure_blob import BlobStorage
    from dino_desktop.adapters.databricks_engine import DatabricksEngine
    from dino_desktop.adapters.sql_runlog import SqlRunLog
    from dino_desktop.adapters.unity_catalog import UnityCatalog

    az = settings.azure
    if credential is None and needs_sign_in(settings):
        credential = make_credential(az, interactive=interactive)
    if credential is not None and settings.user in ("", os_user()):
        settings.user = signed_in_user(credential) or settings.user  # the UPN, on every run
    settings.home_path.mkdir(parents=True, exist_ok=True)
    storage = BlobStorage.from_settings(az, credential, user=settings.user)
    engine = DatabricksEngine.from_settings(az, credential, result_reader=storage.read_result)
    catalog = UnityCatalog.from_settings(az, credential)
    if az.sql_server or az.sql_connection_string:
        from dino_desktop.adapters.azure_sql import azure_runlog

        runlog: RunLog = azure_runlog(az, credential)
    else:
        runlog = SqlRunLog(settings.runlog_url)
    costs = price_model(settings)
    if az.cost_scope:
        from dino_desktop.adapters.azure_costs import azure_cost_source

        costs = azure_cost_source(az, credential, costs)
    return Adapters(storage, engine, runlog, costs, catalog, credential)


def access_of(settings: Settings) -> access_list.AccessList:
    """IT's access list (config.load has checked it already); no list: everyone, anywhere."""
    if not settings.access:
        return access_list.OPEN
    return access_list.parse(settings.access, source=str(settings.access.get("list_file")
                                                         or settings.central_config))


def build(settings: Settings, *, reconcile: bool = True, credential: Any = None,
          interactive: bool = True) -> App:
    """Adapters for the configured profile; runs a crash left half-way are settled first."""
    if settings.profile == "azure":
        parts = azure_adapters(settings, credential, interactive)
    else:
        parts = local_adapters(settings)
    ingestion = IngestionService(
        storage=parts.storage, engine=parts.engine, runlog=parts.runlog, costs=parts.costs,
        catalog=parts.catalog, work_dir=settings.work, user=settings.user,
        machine=platform.node() or "unknown", profile=settings.profile,
        catalog_name=settings.azure.catalog if settings.profile == "azure"
        else settings.catalog,
        retention_days=settings.landing_retention_days,
        schema_evolution=settings.schema_evolution,
        max_bytes=settings.max_file_mb * 1024 * 1024 if settings.max_file_mb else None,
        access=access_of(settings),
    )
    history = HistoryService(runlog=parts.runlog, engine=parts.engine, storage=parts.storage,
                             ingestion=ingestion)
    app = App(settings, parts.storage, parts.engine, parts.runlog, parts.costs, parts.catalog,
              ingestion, history, KpiService(parts.runlog, parts.costs), parts.credential)
    if reconcile:
        history.reconcile()
        history.clean_landing(settings.landing_retention_days)
    return app


def build_alerter(settings: Settings, notify: Callable[[str, str], None] | None = None,
                  lang: str | Callable[[], str] = "en", **options: Any) -> AlertDispatcher:
    """The Alerter the automation rules send through: the desktop channel calls `notify`
    (the GUI's tray; None: the log only), webhooks and e-mail as [alerts] configures them.
    Close it (`close(timeout)`) when the app quits. `options` go to AlertDispatcher."""
    from dino_desktop.adapters.alert_email import EmailChannel, usable
    from dino_desktop.adapters.alert_webhook import WebhookChannel
    from dino_desktop.services.alerting import Channels, DesktopChannel

    cfg = settings.alerts

    def email(to: tuple[str, ...]) -> EmailChannel | None:
        return EmailChannel(cfg, to) if usable(cfg) else None

    channels = Channels(desktop=DesktopChannel(notify),
                        webhook=lambda name: WebhookChannel(name, timeout=cfg.timeout_seconds),
                        email=email)
    options.setdefault("attempts", cfg.attempts)
    return AlertDispatcher(channels, lang=lang, **options)
