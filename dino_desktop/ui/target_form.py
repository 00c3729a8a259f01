"""Where the file goes: database, table, mode, merge keys, bad rows; names checked as typed.

With an access list (IT's, core/access.py), the combos offer only the databases, tables and
modes this user may write to, and a denied target typed by hand shows why, as a bad name does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
)

from dino_desktop.core.access import MODES, OPEN, AccessList
from dino_desktop.core.models import BadRowPolicy, Problem, Target, WriteMode
from dino_desktop.core.naming import TARGET_NAME, check_target_name
from dino_desktop.ports import Catalog
from dino_desktop.ui.i18n import problem_text
from dino_desktop.ui.workers import TaskRunner


class TargetForm(QGroupBox):
    changed = Signal()  # anything that changes the plan

    def __init__(self, catalog: Catalog, runner: TaskRunner,
                 parent: QWidget | None = None, *, access: AccessList = OPEN,
                 user: str = "") -> None:
        super().__init__(parent)
        self.catalog, self.runner = catalog, runner
        self.access, self.user = access, user
        self.database = QComboBox(self)
        self.database.setEditable(True)
        self.database.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.table = QComboBox(self)
        self.table.setEditable(True)
        self.table.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.mode = QComboBox(self)
        self.keys_button = QToolButton(self)
        self.keys_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.keys_menu = QMenu(self)
        self.keys_button.setMenu(self.keys_menu)
        self.skip_bad = QCheckBox(self)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setObjectName("NameReason")
        self.reason.hide()
        self.db_label, self.table_label, self.mode_label = QLabel(self), QLabel(self), QLabel(self)
        self.db_label.setBuddy(self.database)
        self.table_label.setBuddy(self.table)
        self.mode_label.setBuddy(self.mode)
        grid = QGridLayout(self)
        grid.addWidget(self.db_label, 0, 0)
        grid.addWidget(self.database, 0, 1)
        grid.addWidget(self.table_label, 0, 2)
        grid.addWidget(self.table, 0, 3)
        grid.addWidget(self.mode_label, 0, 4)
        grid.addWidget(self.mode, 0, 5)
        grid.addWidget(self.keys_button, 0, 6)
        grid.addWidget(self.skip_bad, 0, 7)
        grid.addWidget(self.reason, 1, 0, 1, 8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 2)
        self.database.editTextChanged.connect(self._database_edited)
        self.table.editTextChanged.connect(lambda _t: self._edited())
        self.mode.currentIndexChanged.connect(lambda _i: self._edited())
        self.skip_bad.toggled.connect(lambda _b: self.changed.emit())
        self.retranslate()

    # ---- texts

    def retranslate(self) -> None:
        self.setTitle(self.tr("Target"))
        self.db_label.setText(self.tr("&Database:"))
        self.table_label.setText(self.tr("&Table:"))
        self.mode_label.setText(self.tr("&Mode:"))
        self.database.setToolTip(self.tr("An existing database, or a new name: lowercase "
                                         "letters, digits and _"))
        self.table.setToolTip(self.tr("An existing table, or a new one to create"))
        self._fill_modes()
        self.skip_bad.setText(self.tr("Skip &bad rows"))
        self.skip_bad.setToolTip(self.tr("Leave rows that do not fit out of the table and keep "
                                         "them in rejects.csv, instead of stopping the run"))
        self._update_keys_button()
        self._check_names()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- values

    @property
    def database_name(self) -> str:
        return self.database.currentText().strip()

    @property
    def table_name(self) -> str:
        return self.table.currentText().strip()

    @property
    def write_mode(self) -> WriteMode:
        return WriteMode(self.mode.currentData() or WriteMode.APPEND.value)

    @property
    def policy(self) -> BadRowPolicy:
        return BadRowPolicy.SKIP if self.skip_bad.isChecked() else BadRowPolicy.REJECT

    @property
    def keys(self) -> list[str]:
        return [a.data() for a in self.keys_menu.actions() if a.isChecked()]

    def name_problems(self) -> list[Problem]:
        """Bad names, then (for good ones) a target or mode the access list denies."""
        found = [check_target_name("database", self.database_name),
                 check_target_name("table", self.table_name)]
        problems = [p for p in found if p is not None]
        if not problems:
            denied = self.access.check(self.user, self._target(), self.write_mode)
            problems += [denied] if denied is not None else []
        return problems

    def _target(self) -> Target:
        return Target(self.database_name, self.table_name)

    def allowed_modes(self) -> list[str]:
        """The modes offered: those the access list allows for the target typed; all of
        them while the names are incomplete, or when it allows none (the reason says so)."""
        if TARGET_NAME.match(self.database_name) and TARGET_NAME.match(self.table_name):
            return self.access.allowed_modes(self.user, self._target()) or list(MODES)
        return list(MODES)

    def refresh_catalog(self) -> None:
        """List the existing databases, and the tables of the one typed (on a worker)."""
        self.runner.submit(self.catalog.databases, on_result=self.set_databases,
                           name="databases")
        self._list_tables(self.database_name)

    def _list_tables(self, database: str) -> None:
        if not TARGET_NAME.match(database or ""):
            self.set_tables([])
            return

        def names() -> list[str]:
            return [t.table for t in self.catalog.tables(database)]

        def show(tables: list[str]) -> None:
            if database == self.database_name:  # still the one typed
                self.set_tables(tables)

        self.runner.submit(names, on_result=show, name="tables")

    def set_databases(self, names: list[str]) -> None:
        _refill(self.database, self.access.databases(self.user, names))

    def set_tables(self, names: list[str]) -> None:
        if TARGET_NAME.match(self.database_name):
            names = self.access.tables(self.user, self.database_name, names)
        _refill(self.table, names)

    def set_columns(self, names: list[str]) -> None:
        """The key picker offers the file's columns (keeping the keys still present)."""
        chosen = set(self.keys)
        self.keys_menu.clear()
        for name in names:
            act = QAction(name, self.keys_menu, checkable=True)
            act.setData(name)
            act.setChecked(name in chosen)
            act.toggled.connect(lambda _c: self._keys_toggled())
            self.keys_menu.addAction(act)
        self._update_keys_button()

    # ---- reacting

    def _keys_toggled(self) -> None:
        self._update_keys_button()
        self.changed.emit()

    def _update_keys_button(self) -> None:
        keys = self.keys
        self.keys_button.setVisible(self.write_mode is WriteMode.MERGE)
        self.keys_button.setText(self.tr("&Keys: %1").replace("%1", ", ".join(keys))
                                 if keys else self.tr("Choose &key columns"))
        self.keys_button.setToolTip(self.tr("Rows whose key columns match are updated; the "
                                            "others are added"))

    def _database_edited(self, text: str) -> None:
        self._list_tables(text.strip())
        self._edited()

    def _fill_modes(self) -> None:
        """The mode choices for the target typed, keeping the one chosen if still offered."""
        labels = {WriteMode.APPEND.value: self.tr("Append rows"),
                  WriteMode.OVERWRITE.value: self.tr("Overwrite the table"),
                  WriteMode.MERGE.value: self.tr("Merge on key columns")}
        current = self.mode.currentData()
        self.mode.blockSignals(True)
        self.mode.clear()
        for value in self.allowed_modes():
            self.mode.addItem(labels[value], value)
        self.mode.setCurrentIndex(max(0, self.mode.findData(current)))
        self.mode.blockSignals(False)

    def _edited(self) -> None:
        if [self.mode.itemData(i) for i in range(self.mode.count())] != self.allowed_modes():
            self._fill_modes()
        self._update_keys_button()
        self._check_names()
        self.changed.emit()

    def _check_names(self) -> None:
        problems = [p for p in self.name_problems()  # an empty field is not yet an error
                    if p.code != "name_invalid" or p.params.get("name")]
        self.reason.setText("\n".join(problem_text(p) for p in problems))
        self.reason.setVisible(bool(problems))
        self.reason.setStyleSheet("color: #d23c3c;")  # readable on light and dark palettes


def _refill(combo: QComboBox, names: list[str]) -> None:
    """New choices for an editable combo, keeping what the user typed (and no signals)."""
    text = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(names)
    combo.setEditText(text)
    combo.blockSignals(False)
