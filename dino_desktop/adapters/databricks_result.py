"""Reading a finished Databricks run's output: the job's result JSON and its refusals.

The contract is in databricks_engine's docstring: the result JSON the job returns as its task
output (and writes as `_result.json`), and the `DINO_PROBLEM {...}` text of a run it refused.
No I/O here: the engine fetches a run's outputs through the Jobs API, these functions read them.
"""

from __future__ import annotations

import json
from typing import Any

from databricks.sdk.service.jobs import RunOutput

from dino_desktop.adapters.databricks_client import problem
from dino_desktop.core.models import DinoError, Problem
from dino_desktop.core.runs import EngineResult

_MARKER = "DINO_PROBLEM"


def notebook_result(out: RunOutput) -> dict[str, Any] | None:
    """The JSON object a task run returned, if whole (None when absent, cut short or not one)."""
    text = out.notebook_output.result if out.notebook_output else None
    if text and not (out.notebook_output and out.notebook_output.truncated):
        return _json_object(text)
    return None


def output_error(out: RunOutput) -> str:
    """A task run's error and its trace ("" when it has neither)."""
    return "\n".join(x for x in (out.error, out.error_trace) if x)


def run_failure(error: str, message: str, state: str, url: str) -> DinoError:
    """A failed run's problem: the one the job refused it with, else `engine_failed` with the
    first line of the task's error (or of the run's state message)."""
    refused = _refusal(error, message)
    if refused is not None:
        refused.params.setdefault("url", url)
        return DinoError(refused)
    return problem("engine_failed", state=state, url=url,
                   message=_short(error or message or "no message"))


def parse_result(doc: dict[str, Any], run_id: str, url: str) -> EngineResult:
    """The job's result JSON, checked: it must be this run's, with sane numbers."""
    if isinstance(doc.get("problem"), dict):
        found = Problem.from_dict(doc["problem"])
        found.params.setdefault("url", url)
        raise DinoError(found)

    def bad(reason: str) -> DinoError:
        return problem("engine_result_missing", run_id=run_id, url=url, reason=reason)

    if doc.get("run_id") != run_id:
        raise bad(f"the result is for run {doc.get('run_id')}")
    rows = doc.get("rows_written")
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
        raise bad(f"rows_written is {rows!r}")
    versions = [doc.get("version_before"), doc.get("version_after")]
    if any(v is not None and (not isinstance(v, int) or isinstance(v, bool)) for v in versions):
        raise bad(f"versions are {versions!r}")
    return EngineResult(rows_written=rows, version_before=versions[0], version_after=versions[1],
                        table_uri=str(doc.get("table_uri") or ""),
                        replayed=bool(doc.get("replayed", False)))


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _refusal(*texts: str) -> Problem | None:
    """A `DINO_PROBLEM {...}` the job raised: the problem it carries, if well formed."""
    for text in texts:
        at = text.find(_MARKER) if text else -1
        start = text.find("{", at) if at >= 0 else -1
        if start < 0:
            continue
        try:
            data, _ = json.JSONDecoder().raw_decode(text[start:])
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            return Problem.from_dict(data)
    return None


def _short(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return (lines[0] if lines else "")[:500]
