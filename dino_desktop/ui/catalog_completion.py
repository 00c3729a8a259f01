"""Completions for a rule's database and table fields: the catalog's names the user may write to.

Listing them is a network call (Unity Catalog), so it runs on a worker; the fields stay free
text, and a table list that comes back after the database was typed over is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from dino_desktop.core.access import OPEN, AccessList
from dino_desktop.ports import Catalog
from dino_desktop.ui.workers import TaskRunner


class CatalogCompletion(QObject):
    """Fills the two fields' completers; without a catalog or a runner they stay empty."""

    def __init__(self, database_edit: QLineEdit, table_edit: QLineEdit,
                 parent: QObject | None = None, *, catalog: Catalog | None = None,
                 runner: TaskRunner | None = None, access: AccessList = OPEN,
                 user: str = "") -> None:
        super().__init__(parent)
        self.database_edit, self.table_edit = database_edit, table_edit
        self.catalog, self.runner, self.access, self.user = catalog, runner, access, user
        self.database_names, self.table_names = QStringListModel(self), QStringListModel(self)
        for edit, names in ((database_edit, self.database_names),
                            (table_edit, self.table_names)):
            completer = QCompleter(names, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
        if catalog is None or runner is None:
            return
        runner.submit(lambda: access.databases(user, catalog.databases()),
                      name="rule-databases", on_result=self.database_names.setStringList)
        database_edit.editingFinished.connect(self.list_tables)
        self.list_tables()

    def list_tables(self) -> None:
        """The tables of the database typed (when one is): asked again once it is edited."""
        database = self.database_edit.text().strip()
        if not database or self.catalog is None or self.runner is None:
            return
        catalog, access, user = self.catalog, self.access, self.user

        def names() -> tuple[str, list[str]]:
            return database, access.tables(user, database,
                                           [t.table for t in catalog.tables(database)])

        def show(found: tuple[str, list[str]]) -> None:
            if found[0] == self.database_edit.text().strip():  # not typed over since
                self.table_names.setStringList(found[1])

        self.runner.submit(names, name="rule-tables", on_result=show)
