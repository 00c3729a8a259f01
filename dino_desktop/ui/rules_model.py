"""The rules page's table: one row per configured rule (IT's and the user's), with its last
run (coloured as History colours run states) and its next run."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from dino_desktop.core.runs import RunState
from dino_desktop.rule_config import ConfiguredRule
from dino_desktop.services.automation import RuleStatus
from dino_desktop.ui import formatting as fmt
from dino_desktop.ui.history_model import mode_text, state_text
from dino_desktop.ui.i18n import problem_text
from dino_desktop.ui.style import state_color, tone_color

KEYS = ("name", "folder", "pattern", "target", "mode", "when", "enabled", "last", "next",
        "origin")
_Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def column(key: str) -> int:
    return KEYS.index(key)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


class RulesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rules: list[ConfiguredRule] = []
        self.statuses: dict[str, RuleStatus] = {}
        self.paused = False

    # ---- contents

    def set_rules(self, rules: list[ConfiguredRule]) -> None:
        self.beginResetModel()
        self.rules = list(rules)
        self.endResetModel()

    def set_statuses(self, statuses: dict[str, RuleStatus], paused: bool) -> None:
        self.statuses, self.paused = dict(statuses), paused
        if self.rules:
            self.dataChanged.emit(self.index(0, column("last")),
                                  self.index(len(self.rules) - 1, column("next")))

    def rule_at(self, row: int) -> ConfiguredRule | None:
        return self.rules[row] if 0 <= row < len(self.rules) else None

    def row_of(self, name: str) -> int | None:
        return next((i for i, r in enumerate(self.rules) if r.check.name == name), None)

    def status_of(self, rule: ConfiguredRule) -> RuleStatus | None:
        return self.statuses.get(rule.check.name)

    # ---- Qt

    def rowCount(self, parent: _Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rules)

    def columnCount(self, parent: _Index = ROOT) -> int:
        return 0 if parent.isValid() else len(KEYS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rule = self.rule_at(index.row()) if index.isValid() else None
        if rule is None:
            return None
        key = KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if key == "enabled" else self.text(rule, key)
        if role == Qt.ItemDataRole.CheckStateRole and key == "enabled":
            on = rule.data.get("enabled", True) is not False
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(rule, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(rule, key)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def text(self, rule: ConfiguredRule, key: str) -> str:
        d = rule.data
        if key == "name":
            return rule.check.name
        if key in ("folder", "pattern"):
            return _text(d.get(key, "*.csv" if key == "pattern" else ""))
        if key == "target":
            return f"{_text(d.get('database'))}.{_text(d.get('table'))}"
        if key == "mode":
            mode = _text(d.get("mode") or "append").lower()
            keys = _text(d.get("keys"))
            return mode_text(mode) + (f" ({keys})" if mode == "merge" and keys else "")
        if key == "when":
            return _text(d.get("schedule")) or self.tr("as files arrive")
        if key == "origin":
            return {"central": self.tr("IT (central)"), "user": self.tr("yours")}.get(
                rule.origin, self.tr("yours"))
        if key == "last":
            return self._last(rule)
        if key == "next":
            return self._next(rule)
        return ""

    def _last(self, rule: ConfiguredRule) -> str:
        status = self.status_of(rule)
        if status is None:
            return "…" if rule.check.ok else "—"
        if status.busy:
            return self.tr("loading a file…")
        if status.last_at is None:
            return self.tr("never")
        if status.last_outcome == "duplicate":
            outcome = self.tr("already loaded")
        elif status.last_state is not None:
            outcome = state_text(status.last_state)
        else:
            outcome = status.last_outcome or ""
        return f"{fmt.when(status.last_at)} · {outcome}"

    def _next(self, rule: ConfiguredRule) -> str:
        if not rule.check.ok:
            return self.tr("not used: see the problems")
        if rule.data.get("enabled", True) is False:
            return self.tr("disabled")
        if self.paused:
            return self.tr("paused")
        status = self.status_of(rule)
        if status is None or status.next_at is None:
            return "…"
        return fmt.when(status.next_at)

    def _color(self, rule: ConfiguredRule, key: str) -> Any:
        if key == "name" and not rule.check.ok:
            return tone_color("error")
        if key == "next" and not rule.check.ok:
            return tone_color("error")
        if key == "origin" and rule.origin == "central":
            return tone_color("muted")
        status = self.status_of(rule)
        if key == "last" and status is not None:
            if status.busy:
                return tone_color("active")
            if status.last_outcome == "duplicate":
                return tone_color("muted")
            if status.last_state is not None:
                return state_color(RunState(status.last_state))
        return None

    def tooltip(self, rule: ConfiguredRule, key: str) -> str | None:
        lines: list[str] = []
        if rule.check.problems and key in ("name", "next"):
            lines += [problem_text(p) for p in rule.check.problems]
        status = self.status_of(rule)
        if key == "last" and status is not None and status.last_run_id:
            lines.append(self.tr("File: %1").replace("%1", status.last_file or "—"))
            lines.append(self.tr("Run: %1 (double-click to open it in History)")
                         .replace("%1", status.last_run_id))
        if key == "next" and status is not None and status.waiting:
            lines.append(self.tr("Files still being written: %1").replace(
                "%1", str(status.waiting)))
        if key == "next" and status is not None and status.on_arrival and rule.check.ok:
            lines.append(self.tr("The folder is looked at again then."))
        if rule.origin == "central":
            lines.append(self.tr("Set by IT in the central configuration: read-only here. "
                                 "Duplicate it to make a version of your own."))
        return "\n".join(lines) or None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.header_text(KEYS[section])

    def header_text(self, key: str) -> str:
        return {"name": self.tr("Rule"), "folder": self.tr("Folder"),
                "pattern": self.tr("Files"), "target": self.tr("Table"),
                "mode": self.tr("Mode"), "when": self.tr("When"),
                "enabled": self.tr("On"), "last": self.tr("Last run"),
                "next": self.tr("Next run"), "origin": self.tr("Whose")}[key]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(KEYS) - 1)
        if self.rules:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rules) - 1, len(KEYS) - 1))
