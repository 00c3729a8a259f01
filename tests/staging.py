"""A CSV through the desktop's real inspection and conversion, as a run lands it: parts and
manifest.json, ready for an engine (delta-rs here, the Spark job in tests/spark_job)."""

from __future__ import annotations

import itertools
from pathlib import Path

from dino_desktop.core import manifest as manifest_mod
from dino_desktop.core.convert import convert
from dino_desktop.core.inspect import inspect_file
from dino_desktop.core.models import ConvertResult, InspectOptions, Target, WriteMode

_COUNTER = itertools.count()


def stage_csv(tmp: Path, text: str, target: Target, *, mode: str = "append",
              keys: tuple[str, ...] = (), evolution: str = "add_columns",
              types: dict[str, str] | None = None, name: str = "vendas.csv",
              user: str = "ana", landing: str = "") -> ConvertResult:
    """`landing`: a folder below the run's own one to land in (the Spark job's tests use
    "run", as the landing zone's layout has it)."""
    n = next(_COUNTER)
    src = tmp / f"src{n}" / name
    src.parent.mkdir(parents=True)
    src.write_text(text, encoding="utf-8")
    insp = inspect_file(src, InspectOptions(column_types=types or {}))
    assert insp.ok, insp.problems
    return convert(insp, tmp / f"land{n}" / landing, target, mode=WriteMode(mode),
                   keys=list(keys), schema_evolution=evolution,
                   run_id=manifest_mod.new_run_id(), user=user)
