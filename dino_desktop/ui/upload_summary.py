"""What the Upload tab says before and after a run: the questions it asks, the result line.

Texts keep the "UploadTab" translation context, where they were first written.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from dino_desktop.core.models import Inspection, Problem
from dino_desktop.core.runs import RunRecord, RunState
from dino_desktop.services.ingestion import CONFIRM_DUPLICATE, CONFIRM_OVERWRITE
from dino_desktop.ui import formatting
from dino_desktop.ui.i18n import problem_text


def file_line(path: Path | None, insp: Inspection | None, busy: bool = False) -> str:
    """The line under the drop zone: which file, its size, format, rows and columns."""
    if path is None:
        return QCoreApplication.translate("UploadTab", "No file chosen yet.")
    if busy:
        return QCoreApplication.translate("UploadTab", "Reading %1…").replace("%1", path.name)
    name = f"<b>{html.escape(path.name)}</b>"
    if insp is None:
        return name
    rows = (QCoreApplication.translate("UploadTab", "about %1 rows").replace(
        "%1", formatting.number(insp.estimated_rows)) if insp.estimated_rows is not None else "")
    parts = [name, formatting.size(insp.size_bytes), insp.format.value.upper(), rows,
             QCoreApplication.translate("UploadTab", "%1 columns").replace(
                 "%1", str(len(insp.columns)))]
    return " · ".join(p for p in parts if p)


def confirmation(kind: str, details: dict[str, Any]) -> tuple[str, str]:
    """(title, question) before an overwrite or a second load of the same file."""
    if kind == CONFIRM_OVERWRITE:
        return (QCoreApplication.translate("UploadTab", "Overwrite the table?"),
                QCoreApplication.translate(
                    "UploadTab", "Every row now in %1 will be replaced by this file's rows. "
                    "Earlier versions stay in the table history and the run can be undone."
                ).replace("%1", details.get("table", "")))
    if kind == CONFIRM_DUPLICATE:
        return (QCoreApplication.translate("UploadTab", "Load this file again?"),
                QCoreApplication.translate(
                    "UploadTab", "This very file was already loaded into %1 on %2 by %3 "
                    "(run %4). Loading it again may duplicate its rows.")
                .replace("%1", str(details.get("table", "")))
                .replace("%2", str(details.get("at", ""))[:16].replace("T", " "))
                .replace("%3", str(details.get("user", "")))
                .replace("%4", str(details.get("run_id", ""))[:12]))
    return QCoreApplication.translate("UploadTab", "Continue?"), kind


def result(run: RunRecord, problems: list[Problem] | None = None) -> str:
    """The rich-text line after a run, with a link to it in History."""
    label = QCoreApplication.translate("UploadTab", "Show this run in History")
    link = f' <a href="run:{run.run_id}">{label}</a>'
    target = f"{run.database}.{run.table}"
    if run.state is RunState.SUCCEEDED:
        text = (QCoreApplication.translate("UploadTab", "✔ %1 rows loaded into %2 in %3.")
                .replace("%1", formatting.number(run.rows or 0)).replace("%2", target)
                .replace("%3", formatting.duration(run.duration_s)))
        if run.bad_rows:
            text += " " + QCoreApplication.translate(
                "UploadTab", "%1 bad rows were left out (kept in rejects.csv)."
            ).replace("%1", formatting.number(run.bad_rows))
    elif run.state is RunState.CANCELLED:
        text = QCoreApplication.translate("UploadTab", "Cancelled: %1 was not changed."
                                          ).replace("%1", target)
    else:
        first = problems[0] if problems else None
        reason = problem_text(first) if first else (run.error or "")
        text = QCoreApplication.translate(
            "UploadTab", "✖ The run failed and %1 was not changed: %2").replace(
            "%1", target).replace("%2", html.escape(reason, quote=False))
    return text + link


def nothing_loaded(problems: list[Problem]) -> str:
    reason = problem_text(problems[0]) if problems else ""
    return QCoreApplication.translate("UploadTab", "✖ Nothing was loaded: %1").replace(
        "%1", html.escape(reason, quote=False))
