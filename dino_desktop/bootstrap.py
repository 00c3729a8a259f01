"""The one place that turns settings into adapters and services."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from dino_desktop.config import Settings
from dino_desktop.core.models import DinoError, Problem, Severity
from dino_desktop.ports import Catalog, CostSource, Engine, RunLog, Storage
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


def build(settings: Settings, *, reconcile: bool = True) -> App:
    """Adapters for the configured profile; runs a crash left half-way are settled first."""
    if settings.profile != "local":
        raise DinoError(Problem(Severity.ERROR, "profile_unavailable",
                                {"profile": settings.profile}))
    from dino_desktop.adapters.cost_model import PriceModel
    from dino_desktop.adapters.local_catalog import LocalCatalog
    from dino_desktop.adapters.local_engine import LocalEngine
    from dino_desktop.adapters.local_storage import LocalStorage
    from dino_desktop.adapters.sql_runlog import SqlRunLog

    settings.home_path.mkdir(parents=True, exist_ok=True)
    storage = LocalStorage(settings.landing)
    engine = LocalEngine(settings.lakehouse)
    catalog = LocalCatalog(settings.lakehouse)
    runlog = SqlRunLog(settings.runlog_url)
    cost = settings.cost
    costs = PriceModel(cost.compute_per_hour, cost.storage_per_gb_month, cost.per_run,
                       cost.currency)
    ingestion = IngestionService(
        storage=storage, engine=engine, runlog=runlog, costs=costs, catalog=catalog,
        work_dir=settings.work, user=settings.user, machine=platform.node() or "unknown",
        profile=settings.profile, catalog_name=settings.catalog,
        retention_days=settings.landing_retention_days,
        schema_evolution=settings.schema_evolution,
        max_bytes=settings.max_file_mb * 1024 * 1024 if settings.max_file_mb else None,
    )
    history = HistoryService(runlog=runlog, engine=engine, storage=storage,
                             ingestion=ingestion)
    app = App(settings, storage, engine, runlog, costs, catalog, ingestion, history,
              KpiService(runlog, costs))
    if reconcile:
        history.reconcile()
        history.clean_landing(settings.landing_retention_days)
    return app
